//! Condition bookkeeping shared by the implicit REST and HTTP APIs: SAM's
//! `make_combined_condition` and the small set arithmetic around it.

use serde_json::{Map, Value};

use crate::template::Expr;

use super::Output;

pub(crate) fn distinct<'a>(values: impl Iterator<Item = &'a Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// The first of `ranked` any function asks for.
pub(crate) fn strongest(policies: &[Option<Value>], ranked: &[&str]) -> Option<Value> {
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
pub(crate) fn add_combined_condition(out: &mut Output, name: &str, conditions: &[Value]) {
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
