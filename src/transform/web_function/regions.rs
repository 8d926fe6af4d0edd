//! `ReplicaRegions` → the endpoint's `Regions`, as SAM's
//! `SamWebFunction._construct_region_list` and `_expand_regions` build it:
//! region codes kept, groups (`US`, `EU`, `ALL_STANDARD` …, any case)
//! expanded from `region_utils.Region`, duplicates dropped, sorted, with
//! intrinsic entries after the codes.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::value::truthy;
use crate::template::Expr;

/// `samtranslator.model.region_utils.Region`, in its declaration order.
const GROUPS: &[(&str, &[&str])] = &[
    ("US", &["us-east-1", "us-east-2", "us-west-1", "us-west-2"]),
    (
        "AP",
        &[
            "ap-south-1",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-southeast-1",
            "ap-southeast-2",
        ],
    ),
    ("CA", &["ca-central-1"]),
    (
        "EU",
        &[
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eu-central-1",
            "eu-north-1",
        ],
    ),
    ("SA", &["sa-east-1"]),
    (
        "SPARSE_GLOBAL",
        &[
            "us-east-1",
            "eu-west-1",
            "eu-central-1",
            "ap-northeast-1",
            "ap-southeast-2",
            "sa-east-1",
            "ap-southeast-1",
        ],
    ),
];

/// The region codes the keys stand for. SAM works through the keys from the
/// last, so with several unknown keys it names the last one.
fn expand(keys: &[String]) -> Result<BTreeSet<String>, String> {
    let mut regions = BTreeSet::new();
    let mut stack: Vec<String> = keys.to_vec();
    while let Some(key) = stack.pop() {
        let upper = key.to_uppercase();
        if upper == "ALL_STANDARD" {
            for (_, members) in GROUPS {
                regions.extend(members.iter().map(|m| m.to_string()));
            }
        } else if let Some((_, members)) = GROUPS.iter().find(|(g, _)| *g == upper) {
            stack.extend(members.iter().map(|m| m.to_string()));
        } else if key.contains('-') {
            regions.insert(key);
        } else {
            return Err(format!("Unknown region key or code: '{key}'."));
        }
    }
    Ok(regions)
}

/// What Python's `for r in value` visits: a list's items, a string's
/// characters, a map's keys. Anything else cannot be iterated (SAM crashes).
fn items(v: &Value) -> Result<Vec<Value>, String> {
    match v {
        Value::Array(a) => Ok(a.clone()),
        Value::String(s) => Ok(s.chars().map(|c| Value::String(c.to_string())).collect()),
        Value::Object(m) => Ok(m.keys().map(|k| Value::String(k.clone())).collect()),
        other => Err(format!(
            "'ReplicaRegions' entries must be lists of region codes or groups, found {}.",
            crate::error::type_name(other)
        )),
    }
}

/// Splits entries into strings and everything else (kept as written).
fn split(entries: Vec<Value>) -> (Vec<String>, Vec<Value>) {
    let mut strings = Vec::new();
    let mut others = Vec::new();
    for e in entries {
        match e {
            Value::String(s) => strings.push(s),
            other => others.push(other),
        }
    }
    (strings, others)
}

/// Python's `repr` of a string, as SAM's messages show list items.
fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// The endpoint's `Regions` for a `ReplicaRegions` value (a list, a map, or
/// an intrinsic passed through), or SAM's message.
pub fn regions(replica: &Value) -> Result<Value, String> {
    if Expr::is_intrinsic(replica) {
        return Ok(replica.clone());
    }
    let map = match replica {
        Value::Object(m) => m,
        other => {
            let (strings, others) = split(items(other)?);
            let mut out: Vec<Value> = expand(&strings)?.into_iter().map(Value::String).collect();
            out.extend(others);
            return Ok(Value::Array(out));
        }
    };
    let empty = Value::Array(Vec::new());
    let pick = |key: &str| map.get(key).filter(|v| truthy(v)).unwrap_or(&empty);
    let include = pick("IncludeRegions");
    let exclude = pick("ExcludeRegions");
    let mut unknown: Vec<&String> = map
        .keys()
        .filter(|k| *k != "IncludeRegions" && *k != "ExcludeRegions")
        .collect();
    if !unknown.is_empty() {
        unknown.sort();
        let listed: Vec<String> = unknown.iter().map(|k| py_repr(k)).collect();
        return Err(format!(
            "'ReplicaRegions' contains unrecognized keys: [{}]. Valid keys are: IncludeRegions, ExcludeRegions.",
            listed.join(", ")
        ));
    }
    if truthy(exclude) && !truthy(include) {
        return Err(
            "'ExcludeRegions' requires 'IncludeRegions' to also be specified in 'ReplicaRegions'."
                .into(),
        );
    }
    if Expr::is_intrinsic(include) || Expr::is_intrinsic(exclude) {
        return Err(
            "'IncludeRegions' and 'ExcludeRegions' do not support top-level intrinsic functions."
                .into(),
        );
    }
    let (include_strings, include_intrinsics) = split(items(include)?);
    let (exclude_strings, exclude_intrinsics) = split(items(exclude)?);
    if !exclude_intrinsics.is_empty() {
        return Err("'ExcludeRegions' does not support intrinsic functions in entries.".into());
    }
    if !exclude_strings.is_empty() && !include_intrinsics.is_empty() {
        return Err(
            "'ExcludeRegions' cannot be used when 'IncludeRegions' contains intrinsic functions, because \
             the exclusion cannot be applied to an intrinsic value at transform time."
                .into(),
        );
    }
    let included = expand(&include_strings)?;
    let excluded = expand(&exclude_strings)?;
    let mut out: Vec<Value> = included
        .difference(&excluded)
        .cloned()
        .map(Value::String)
        .collect();
    out.extend(include_intrinsics);
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn groups_expand_sorted_and_deduplicated() {
        assert_eq!(
            regions(&json!(["ca", "us-east-1", {"Ref": "R"}, "SA"])),
            Ok(json!(["ca-central-1", "sa-east-1", "us-east-1", {"Ref": "R"}]))
        );
        assert_eq!(
            regions(&json!(["all_standard"])).map(|v| v.as_array().map(Vec::len)),
            Ok(Some(17))
        );
    }

    #[test]
    fn include_minus_exclude() {
        assert_eq!(
            regions(
                &json!({"IncludeRegions": ["US"], "ExcludeRegions": ["us-west-1", "us-west-2"]})
            ),
            Ok(json!(["us-east-1", "us-east-2"]))
        );
        assert_eq!(
            regions(&json!({"ExcludeRegions": ["US"]})),
            Err("'ExcludeRegions' requires 'IncludeRegions' to also be specified in 'ReplicaRegions'.".into())
        );
    }

    #[test]
    fn the_last_unknown_key_is_named() {
        assert_eq!(
            regions(&json!(["mars", "US", "venus"])),
            Err("Unknown region key or code: 'venus'.".into())
        );
        assert_eq!(
            regions(&json!({"Include": [], "Bad": 1})),
            Err("'ReplicaRegions' contains unrecognized keys: ['Bad', 'Include']. Valid keys are: IncludeRegions, ExcludeRegions.".into())
        );
    }
}
