//! Conditional routes, shared by REST and HTTP APIs: SAM's `api_conditions`
//! bookkeeping in the implicit API plugins (the condition of each route's
//! function, per API and path), the implicit API's own `Condition` and
//! deletion policies derived from it, and `make_combined_condition`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::model::Attributes;
use crate::template::Expr;

use super::{logical_id, Output};

/// (method as written, function condition) for one path.
pub(crate) type Methods = Vec<(String, Option<Value>)>;

/// The routes of one API, paths in the order first seen, indexed by path.
#[derive(Default)]
struct ApiRoutes {
    paths: Vec<(String, Methods)>,
    index: BTreeMap<String, usize>,
}

/// Every route's condition, per API and path, and the resource policies of
/// the functions on the implicit API.
#[derive(Default)]
pub(crate) struct RouteConditions {
    apis: Vec<(String, ApiRoutes)>,
    implicit_deletion: Vec<Option<Value>>,
    implicit_update_replace: Vec<Option<Value>>,
}

/// What goes around a conditional path: the one condition its functions
/// share, or the name of a combined condition added to the template.
pub(crate) enum PathCondition {
    Single(Value),
    Combined(String),
}

impl RouteConditions {
    /// Records `method` on `path` of `api`, served by a resource with `attributes`.
    pub(crate) fn record(
        &mut self,
        api: &str,
        path: &str,
        method: &str,
        attributes: &Attributes,
        implicit: bool,
    ) {
        let i = match self.apis.iter().position(|(a, _)| a == api) {
            Some(i) => i,
            None => {
                self.apis.push((api.to_string(), ApiRoutes::default()));
                self.apis.len() - 1
            }
        };
        let routes = &mut self.apis[i].1;
        let j = *routes.index.entry(path.to_string()).or_insert_with(|| {
            routes.paths.push((path.to_string(), Vec::new()));
            routes.paths.len() - 1
        });
        let methods = &mut routes.paths[j].1;
        let cond = attributes.condition.clone();
        match methods.iter_mut().find(|(m, _)| m == method) {
            Some(m) => m.1 = cond,
            None => methods.push((method.to_string(), cond)),
        }
        if implicit {
            self.implicit_deletion
                .push(attributes.deletion_policy.clone());
            self.implicit_update_replace
                .push(attributes.update_replace_policy.clone());
        }
    }

    fn routes(&self, api: &str) -> Option<&ApiRoutes> {
        self.apis.iter().find(|(a, _)| a == api).map(|(_, r)| r)
    }

    /// The implicit API's attributes: its Condition (the one condition all its
    /// routes share, or `<Api>Condition` combining them, when every route is
    /// conditional) and the strongest deletion policies of its functions.
    pub(crate) fn implicit_attributes(&self, api: &str, out: &mut Output) -> Attributes {
        let mut a = Attributes::default();
        let Some(routes) = self.routes(api).filter(|r| !r.paths.is_empty()) else {
            return a;
        };
        let all: Vec<&Option<Value>> = routes
            .paths
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

    /// The condition to wrap `path` of `api` in, when every function serving
    /// it is conditional (adding the combined condition it needs).
    pub(crate) fn path_condition(
        &self,
        api: &str,
        path: &str,
        out: &mut Output,
    ) -> Option<PathCondition> {
        let routes = self.routes(api)?;
        let methods = &routes.paths.get(*routes.index.get(path)?)?.1;
        if methods.is_empty() || methods.iter().any(|(_, c)| c.is_none()) {
            return None;
        }
        let set = distinct(methods.iter().filter_map(|(_, c)| c.as_ref()));
        Some(match set.as_slice() {
            [one] => PathCondition::Single(one.clone()),
            _ => {
                let name = logical_id::path_condition_name(api, path);
                add_combined_condition(out, &name, &set);
                PathCondition::Combined(name)
            }
        })
    }
}

fn distinct<'a>(values: impl Iterator<Item = &'a Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// The first of `ranked` any function asks for.
fn strongest(policies: &[Option<Value>], ranked: &[&str]) -> Option<Value> {
    ranked
        .iter()
        .find(|r| {
            policies
                .iter()
                .any(|p| p.as_ref().and_then(Value::as_str) == Some(**r))
        })
        .map(|r| Value::String((*r).to_string()))
}

/// SAM's `make_combined_condition`: `Fn::Or` of the sorted conditions, split
/// into chained conditions of at most 10 (`Fn::Or`'s limit).
fn add_combined_condition(out: &mut Output, name: &str, conditions: &[Value]) {
    let mut list: Vec<String> = conditions
        .iter()
        .map(|c| {
            c.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| c.to_string())
        })
        .collect();
    list.sort();
    let max = 10;
    // calculate_number_of_conditions: each new condition joins the list it reduces.
    let count = 1 + (list.len().saturating_sub(2)) / (max - 1);
    let mut remaining = count as i64 - 1;
    let conds = out.template.conditions.get_or_insert_with(Map::new);
    while list.len() > 1 {
        let new_name = if remaining > 0 {
            let n = format!("{name}{remaining}");
            remaining -= 1;
            n
        } else {
            name.to_string()
        };
        let take: Vec<String> = list.iter().take(max).cloned().collect();
        list = list.into_iter().skip(max).collect();
        list.push(new_name.clone());
        let or: Vec<Value> = take
            .iter()
            .map(|c| Expr::Condition(c.clone()).into())
            .collect();
        conds.insert(new_name, Expr::Or(or).into());
    }
}
