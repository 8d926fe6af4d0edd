//! An inline state machine definition as SAM writes it: every intrinsic
//! function and dynamic reference replaced by `${definition_substitution_N}`
//! (SAM's `_replace_dynamic_values_with_substitutions`, numbering them as
//! it walks keys in sorted order), then `json.dumps(..., sort_keys=True,
//! indent=4, separators=(",", ": "))` split into lines and joined back with
//! `Fn::Join` so the template stays readable.

use serde_json::{Map, Value};

use crate::transform::logical_id::python_str;
use crate::transform::py27::python_float_repr;

/// The `DefinitionString` and the substitutions it needs, in order.
pub fn definition_string(definition: &Value) -> (Value, Map<String, Value>) {
    let mut processed = definition.clone();
    let mut subs = Map::new();
    substitute(&mut processed, &mut subs);
    let mut text = String::new();
    dump(&processed, 0, &mut text);
    let lines: Vec<Value> = text.split('\n').map(|l| Value::String(l.into())).collect();
    let join = serde_json::json!({"Fn::Join": ["\n", lines]});
    (join, subs)
}

/// SAM's `is_intrinsic`: a one-key map whose key is `Ref`, `Condition` or `Fn::*`.
fn is_intrinsic(v: &Value) -> bool {
    match v.as_object() {
        Some(m) if m.len() == 1 => m
            .keys()
            .next()
            .is_some_and(|k| k == "Ref" || k == "Condition" || k.starts_with("Fn::")),
        _ => false,
    }
}

/// `^{{resolve:([a-z-]+):(.+)}}$` as Python's `re.match` reads it (`$` also
/// matches before a final newline; `.` matches no newline).
pub fn is_dynamic_reference(v: &Value) -> bool {
    let Some(s) = v.as_str() else {
        return false;
    };
    let s = s.strip_suffix('\n').unwrap_or(s);
    let Some(rest) = s.strip_prefix("{{resolve:") else {
        return false;
    };
    let service_len = rest
        .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
        .unwrap_or(rest.len());
    if service_len == 0 || !rest[service_len..].starts_with(':') {
        return false;
    }
    let key = &rest[service_len + 1..];
    match key.strip_suffix("}}") {
        Some(k) => !k.is_empty() && !k.contains('\n'),
        None => false,
    }
}

fn substitute(v: &mut Value, subs: &mut Map<String, Value>) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<String> = m.keys().cloned().collect();
            keys.sort();
            for k in keys {
                if let Some(child) = m.get_mut(&k) {
                    replace_or_descend(child, subs);
                }
            }
        }
        Value::Array(a) => {
            for child in a.iter_mut() {
                replace_or_descend(child, subs);
            }
        }
        _ => {}
    }
}

fn replace_or_descend(child: &mut Value, subs: &mut Map<String, Value>) {
    if is_intrinsic(child) || is_dynamic_reference(child) {
        let n = subs.len() + 1;
        let original = std::mem::replace(
            child,
            Value::String(format!("${{definition_substitution_{n}}}")),
        );
        subs.insert(format!("definition_substitution_{n}"), original);
    } else {
        substitute(child, subs);
    }
}

const INDENT: &str = "    ";

/// `json.dumps(v, sort_keys=True, indent=4, separators=(",", ": "))`.
fn dump(v: &Value, level: usize, out: &mut String) {
    match v {
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                push_indent(level + 1, out);
                python_str(k, out);
                out.push_str(": ");
                if let Some(x) = m.get(k.as_str()) {
                    dump(x, level + 1, out);
                }
            }
            out.push('\n');
            push_indent(level, out);
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                push_indent(level + 1, out);
                dump(x, level + 1, out);
            }
            out.push('\n');
            push_indent(level, out);
            out.push(']');
        }
        Value::String(s) => python_str(s, out),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => out.push_str(&i.to_string()),
            (_, Some(u)) => out.push_str(&u.to_string()),
            _ => out.push_str(&python_float_repr(n.as_f64().unwrap_or(0.0))),
        },
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

fn push_indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str(INDENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intrinsics_become_numbered_substitutions_in_sorted_key_order() {
        // SAM 1.115 on a two-state definition with a GetAtt and a Ref.
        let (s, subs) = definition_string(&json!({
            "States": {"B": {"Resource": {"Ref": "Q"}}, "A": {"Resource": {"Fn::GetAtt": ["F", "Arn"]}}},
            "StartAt": "A"
        }));
        assert_eq!(
            s,
            json!({"Fn::Join": ["\n", [
                "{",
                "    \"StartAt\": \"A\",",
                "    \"States\": {",
                "        \"A\": {",
                "            \"Resource\": \"${definition_substitution_1}\"",
                "        },",
                "        \"B\": {",
                "            \"Resource\": \"${definition_substitution_2}\"",
                "        }",
                "    }",
                "}"
            ]]})
        );
        assert_eq!(
            Value::Object(subs),
            json!({"definition_substitution_1": {"Fn::GetAtt": ["F", "Arn"]}, "definition_substitution_2": {"Ref": "Q"}})
        );
    }

    #[test]
    fn dynamic_references_follow_sams_pattern() {
        assert!(is_dynamic_reference(&json!("{{resolve:ssm:/a/b:1}}")));
        assert!(is_dynamic_reference(&json!(
            "{{resolve:secretsmanager:x}}\n"
        )));
        assert!(!is_dynamic_reference(&json!("{{resolve:SSM:x}}")));
        assert!(!is_dynamic_reference(&json!("{{resolve:ssm:}}")));
        assert!(!is_dynamic_reference(&json!("x{{resolve:ssm:a}}")));
    }
}
