//! The conditions SAM's implicit API plugin derives from the conditions of
//! the functions behind each route: a path whose methods are all conditional
//! is wrapped in `Fn::If`, and the implicit API itself is conditional when
//! every route is (an `Fn::Or` of the conditions when they differ). Its
//! deletion and update-replace policies are the strongest its functions ask for.
//!
//! The same rules exist for REST APIs in `rest_api.rs`; the two could share
//! this module once both land.

use serde_json::Value;

use crate::model::{Attributes, Function};

use super::super::{logical_id, Output};
use super::editor::Editor;
use crate::transform::conditions::{add_combined_condition, distinct, strongest};

/// The condition of every route, per API and path (SAM's `api_conditions`).
#[derive(Default)]
pub struct RouteConditions {
    /// API → path → (method as written, function condition), in insertion order.
    routes: Vec<(String, Vec<(String, Vec<(String, Option<Value>)>)>)>,
    implicit_deletion: Vec<Option<Value>>,
    implicit_update_replace: Vec<Option<Value>>,
}

impl RouteConditions {
    pub fn record(&mut self, api: &str, path: &str, method: &str, f: &Function, implicit: bool) {
        let cond = f.attributes.condition.clone();
        let i = match self.routes.iter().position(|(a, _)| a == api) {
            Some(i) => i,
            None => {
                self.routes.push((api.to_string(), Vec::new()));
                self.routes.len() - 1
            }
        };
        let Some((_, paths)) = self.routes.get_mut(i) else {
            return;
        };
        let j = match paths.iter().position(|(p, _)| p == path) {
            Some(j) => j,
            None => {
                paths.push((path.to_string(), Vec::new()));
                paths.len() - 1
            }
        };
        let Some((_, methods)) = paths.get_mut(j) else {
            return;
        };
        match methods.iter_mut().find(|(m, _)| m == method) {
            Some(m) => m.1 = cond,
            None => methods.push((method.to_string(), cond)),
        }
        if implicit {
            self.implicit_deletion
                .push(f.attributes.deletion_policy.clone());
            self.implicit_update_replace
                .push(f.attributes.update_replace_policy.clone());
        }
    }

    fn paths(&self, api: &str) -> Option<&Vec<(String, Vec<(String, Option<Value>)>)>> {
        self.routes.iter().find(|(a, _)| a == api).map(|(_, p)| p)
    }

    /// The implicit API's attributes: its condition (adding the combined
    /// condition `<Api>Condition` when needed) and policies.
    pub fn implicit_attributes(&self, api: &str, out: &mut Output) -> Attributes {
        let mut a = Attributes::default();
        let Some(paths) = self.paths(api).filter(|p| !p.is_empty()) else {
            return a;
        };
        let all: Vec<&Option<Value>> = paths
            .iter()
            .flat_map(|(_, ms)| ms.iter().map(|(_, c)| c))
            .collect();
        if !all.is_empty() && all.iter().all(|c| c.is_some()) {
            let set = distinct(all.iter().filter_map(|c| c.as_ref()));
            a.condition = Some(match set.as_slice() {
                [one] => one.clone(),
                _ => {
                    let name = format!("{api}Condition");
                    add_combined_condition(out, &name, &set);
                    Value::String(name)
                }
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
    pub fn make_paths_conditional(&self, api: &str, editor: &mut Editor, out: &mut Output) {
        let paths = self.paths(api);
        for path in editor.path_names() {
            let Some((_, methods)) = paths.and_then(|p| p.iter().find(|(x, _)| *x == path)) else {
                continue;
            };
            if methods.is_empty() || methods.iter().any(|(_, c)| c.is_none()) {
                continue;
            }
            let set = distinct(methods.iter().filter_map(|(_, c)| c.as_ref()));
            let cond = match set.as_slice() {
                [one] => one.clone(),
                _ => {
                    let name = logical_id::path_condition_name(api, &path);
                    add_combined_condition(out, &name, &set);
                    Value::String(name)
                }
            };
            editor.make_path_conditional(&path, &cond);
        }
    }
}
