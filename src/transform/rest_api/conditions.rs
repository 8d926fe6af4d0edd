//! Conditional routes: SAM's `api_conditions` bookkeeping in the implicit
//! API plugin — the `Fn::If` around paths of conditional functions, the
//! implicit API's own `Condition` and deletion policies, and the combined
//! `Fn::Or` conditions SAM adds for them.

use serde_json::Value;

use crate::model::rest_api::{RestApi, IMPLICIT_REST_API_ID};
use crate::model::{Attributes, Function};

use super::super::logical_id;
use super::super::openapi::Editor;
use super::super::py27::Py;
use super::super::Output;
use super::Body;
use crate::transform::conditions::{add_combined_condition, distinct, strongest};

/// The condition of every route, per API and path (SAM's `api_conditions`),
/// and the deletion policies of the implicit API's functions.
#[derive(Default)]
pub(super) struct ApiConditions {
    /// API → path → (method as written, function condition), in insertion order.
    routes: Vec<(String, Vec<(String, Vec<(String, Option<Value>)>)>)>,
    implicit_deletion: Vec<Option<Value>>,
    implicit_update_replace: Vec<Option<Value>>,
}

impl ApiConditions {
    pub(super) fn record(&mut self, api: &str, path: &str, method: &str, f: &Function) {
        let cond = f.attributes.condition.clone();
        let i = match self.routes.iter().position(|(a, _)| a == api) {
            Some(i) => i,
            None => {
                self.routes.push((api.to_string(), Vec::new()));
                self.routes.len() - 1
            }
        };
        let paths = &mut self.routes[i].1;
        let j = match paths.iter().position(|(p, _)| p == path) {
            Some(j) => j,
            None => {
                paths.push((path.to_string(), Vec::new()));
                paths.len() - 1
            }
        };
        let methods = &mut paths[j].1;
        match methods.iter_mut().find(|(m, _)| m == method) {
            Some(m) => m.1 = cond,
            None => methods.push((method.to_string(), cond)),
        }
        if api == IMPLICIT_REST_API_ID {
            self.implicit_deletion
                .push(f.attributes.deletion_policy.clone());
            self.implicit_update_replace
                .push(f.attributes.update_replace_policy.clone());
        }
    }

    fn paths(&self, api: &str) -> Option<&Vec<(String, Vec<(String, Option<Value>)>)>> {
        self.routes.iter().find(|(a, _)| a == api).map(|(_, p)| p)
    }

    /// The implicit API's Condition (one shared condition, or an `Fn::Or` of
    /// them all when every route is conditional) and deletion policies.
    pub(super) fn implicit_attributes(&self, out: &mut Output) -> Attributes {
        let mut a = Attributes::default();
        let Some(paths) = self.paths(IMPLICIT_REST_API_ID).filter(|p| !p.is_empty()) else {
            return a;
        };
        let all: Vec<&Option<Value>> = paths
            .iter()
            .flat_map(|(_, ms)| ms.iter().map(|(_, c)| c))
            .collect();
        if !all.is_empty() && all.iter().all(|c| c.is_some()) {
            let set = distinct(all.iter().filter_map(|c| c.as_ref()));
            a.condition = Some(if set.len() == 1 {
                set[0].clone()
            } else {
                add_combined_condition(out, "ServerlessRestApiCondition", &set);
                Value::String("ServerlessRestApiCondition".into())
            });
        }
        a.deletion_policy = strongest(&self.implicit_deletion, &["Retain", "Delete"]);
        a.update_replace_policy = strongest(
            &self.implicit_update_replace,
            &["Retain", "Snapshot", "Delete"],
        );
        a
    }

    /// `_maybe_add_conditions_to_implicit_api_paths` for one managed API.
    pub(super) fn make_paths_conditional(&self, api: &RestApi, body: &mut Body, out: &mut Output) {
        let Some(doc) = &body.doc else {
            return;
        };
        let Ok(mut e) = Editor::open(doc) else {
            return;
        };
        let paths = self.paths(&api.id);
        for path in e.path_names() {
            let Some(methods) = paths.and_then(|p| p.iter().find(|(x, _)| *x == path.text)) else {
                continue;
            };
            let conds: Vec<&Option<Value>> = methods.1.iter().map(|(_, c)| c).collect();
            if conds.is_empty() || conds.iter().any(|c| c.is_none()) {
                continue;
            }
            let set = distinct(conds.iter().filter_map(|c| c.as_ref()));
            let cond = if set.len() == 1 {
                Py::from_user(&set[0])
            } else {
                let name = logical_id::path_condition_name(&api.id, &path.text);
                add_combined_condition(out, &name, &set);
                Py::lit(&name)
            };
            e.make_path_conditional(&path.text, &cond);
        }
        body.doc = Some(e.finish());
    }
}
