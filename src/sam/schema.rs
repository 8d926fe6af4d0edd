//! A small model of the pydantic (v1) schema check SAM runs on its newer
//! resources (`validate_before_transform(..., collect_all_errors=True)`), for
//! kinds whose whole property schema stackwright mirrors: the same coercions
//! (an `int` field takes `"12"` and `1.5`, a `dict` field takes a list of
//! pairs), the same error order (fields in declaration order, then unknown
//! keys), and the same wording (`_format_all_errors`).

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};

use super::props::Props;

/// One field type, as SAM's `schema_source` declares it.
pub enum Schema {
    /// `SamIntrinsicable[str]`: `Union[dict, str]`.
    Str,
    /// `SamIntrinsicable[int]`.
    Int,
    /// `SamIntrinsicable[Literal[...]]`.
    Literal(&'static [&'static str]),
    /// `bool`.
    Bool,
    /// `DictStrAny`.
    Dict,
    /// `list[T]`.
    List(&'static Schema),
    /// A model with `extra = forbid`: (name, required, type) in declaration order.
    Model(&'static [(&'static str, bool, Schema)]),
}

/// How SAM's `Property` validators type a top-level property; they run
/// before the schema, and SAM stops at the first that fails.
pub enum SamType {
    /// `one_of(IS_STR, IS_DICT)`.
    StrOrDict,
    /// `IS_DICT`.
    Dict,
    /// `IS_LIST`.
    List,
    /// `IS_BOOL`.
    Bool,
}

/// Checks each property SAM's `property_types` lists, in its order: a missing
/// required one, or a value of the wrong type, as SAM words them.
pub fn check_sam_types(
    p: &mut Props,
    types: &[(&'static str, bool, SamType)],
    diags: &mut Diagnostics,
) {
    for (key, required, t) in types {
        let Some(v) = p.get(key) else {
            if *required {
                Cursor::new(p.id())
                    .plain_error(diags, format!("Missing required property '{key}'."));
            }
            continue;
        };
        let ok = match t {
            SamType::StrOrDict => v.is_string() || v.is_object(),
            SamType::Dict => v.is_object(),
            SamType::List => v.is_array(),
            SamType::Bool => v.is_boolean(),
        };
        if ok {
            continue;
        }
        match t {
            SamType::Dict => p.at(key).error(diags, "should be a map."),
            _ => Cursor::new(p.id())
                .plain_error(diags, format!("Type of property '{key}' is invalid.")),
        }
    }
}

/// One pydantic error: where, its message, and whether it is a type error
/// SAM's formatter names ("dictionary", "integer", …).
struct Problem {
    path: String,
    message: &'static str,
    kind: Option<&'static str>,
}

/// The messages SAM joins for `props` checked against `model`; empty if valid.
pub fn check(props: &Map<String, Value>, model: &Schema) -> Vec<String> {
    let mut problems = Vec::new();
    let Schema::Model(fields) = model else {
        return Vec::new();
    };
    check_fields(props, fields, "", &mut problems);
    format(&problems)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

const NOT_DICT: (&str, Option<&str>) = ("value is not a valid dict", Some("dictionary"));

fn push(
    problems: &mut Vec<Problem>,
    path: &str,
    (message, kind): (&'static str, Option<&'static str>),
) {
    problems.push(Problem {
        path: path.to_string(),
        message,
        kind,
    });
}

/// What Python's `dict(v)` makes of a value pydantic coerces to a dict.
fn as_dict(v: &Value) -> Option<Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m.clone()),
        Value::String(s) if s.is_empty() => Some(Map::new()),
        Value::Array(items) => {
            let mut m = Map::new();
            for item in items {
                // Each element must be a pair: any iterable of length two.
                let (k, v) = match item {
                    Value::Array(pair) if pair.len() == 2 => (pair[0].clone(), pair[1].clone()),
                    Value::String(s) if s.chars().count() == 2 => {
                        let mut cs = s.chars().map(|c| Value::String(c.to_string()));
                        (cs.next()?, cs.next()?)
                    }
                    Value::Object(o) if o.len() == 2 => {
                        let mut ks = o.keys().map(|k| Value::String(k.clone()));
                        (ks.next()?, ks.next()?)
                    }
                    _ => return None,
                };
                let key = match k {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                m.insert(key, v);
            }
            Some(m)
        }
        _ => None,
    }
}

/// Python's `int(v)` succeeds (pydantic v1's lax `int`).
fn int_like(v: &Value) -> bool {
    match v {
        Value::Bool(_) | Value::Number(_) => true,
        Value::String(s) => {
            let t = s.trim();
            let t = t.strip_prefix(['+', '-']).unwrap_or(t);
            !t.is_empty()
                && !t.starts_with('_')
                && !t.ends_with('_')
                && !t.contains("__")
                && t.chars().all(|c| c.is_ascii_digit() || c == '_')
        }
        _ => false,
    }
}

/// pydantic v1's `bool_validator`.
fn bool_like(v: &Value) -> bool {
    match v {
        Value::Bool(_) => true,
        Value::Number(n) => matches!(n.as_f64(), Some(x) if x == 0.0 || x == 1.0),
        Value::String(s) => matches!(
            s.to_lowercase().as_str(),
            "0" | "off" | "f" | "false" | "n" | "no" | "1" | "on" | "t" | "true" | "y" | "yes"
        ),
        _ => false,
    }
}

fn check_value(v: &Value, schema: &Schema, path: &str, problems: &mut Vec<Problem>) {
    if v.is_null() {
        push(problems, path, ("none is not an allowed value", None));
        return;
    }
    match schema {
        Schema::Str => {
            let str_ok = matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
            if as_dict(v).is_none() && !str_ok {
                push(problems, path, NOT_DICT);
                push(problems, path, ("str type expected", None));
            }
        }
        Schema::Int => {
            if as_dict(v).is_none() && !int_like(v) {
                push(problems, path, NOT_DICT);
                push(
                    problems,
                    path,
                    ("value is not a valid integer", Some("integer")),
                );
            }
        }
        Schema::Literal(allowed) => {
            let lit_ok = v.as_str().is_some_and(|s| allowed.contains(&s));
            if as_dict(v).is_none() && !lit_ok {
                push(problems, path, NOT_DICT);
                push(problems, path, ("unexpected value", None));
            }
        }
        Schema::Bool => {
            if !bool_like(v) {
                push(
                    problems,
                    path,
                    ("value could not be parsed to a boolean", None),
                );
            }
        }
        Schema::Dict => {
            if as_dict(v).is_none() {
                push(problems, path, NOT_DICT);
            }
        }
        Schema::List(item) => match v {
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    check_value(x, item, &join(path, &i.to_string()), problems);
                }
            }
            _ => push(problems, path, ("value is not a valid list", Some("list"))),
        },
        Schema::Model(fields) => match as_dict(v) {
            Some(m) => check_fields(&m, fields, path, problems),
            None => push(problems, path, NOT_DICT),
        },
    }
}

fn check_fields(
    m: &Map<String, Value>,
    fields: &[(&'static str, bool, Schema)],
    path: &str,
    problems: &mut Vec<Problem>,
) {
    for (name, required, schema) in fields {
        let at = join(path, name);
        match m.get(*name) {
            None if *required => push(problems, &at, ("field required", None)),
            None => {}
            // An optional field takes null.
            Some(Value::Null) if !required => {}
            Some(v) => check_value(v, schema, &at, problems),
        }
    }
    for key in m.keys() {
        if !fields.iter().any(|(n, _, _)| n == key) {
            push(
                problems,
                &join(path, key),
                ("extra fields not permitted", None),
            );
        }
    }
}

/// SAM's `_format_all_errors`: one message per path, in first-seen order; a
/// path whose errors name two or more types says "value must be A or B".
fn format(problems: &[Problem]) -> Vec<String> {
    let mut paths: Vec<&str> = Vec::new();
    for p in problems {
        if !paths.contains(&p.path.as_str()) {
            paths.push(&p.path);
        }
    }
    paths
        .into_iter()
        .filter_map(|path| {
            let here: Vec<&Problem> = problems.iter().filter(|p| p.path == path).collect();
            let mut kinds: Vec<&str> = Vec::new();
            for k in here.iter().filter_map(|p| p.kind) {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
            let first = here.first()?;
            Some(if kinds.len() > 1 {
                format!("Property '{path}' value must be {}.", kinds.join(" or "))
            } else {
                match first.message {
                    "field required" => format!("Property '{path}' is required."),
                    "extra fields not permitted" => {
                        format!("Property '{path}' is an invalid property.")
                    }
                    m => format!("Property '{path}' {m}."),
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const INNER: Schema = Schema::Model(&[("N", true, Schema::Int)]);
    const LIST: Schema = Schema::Model(&[("L", false, Schema::List(&INNER))]);

    fn run(v: Value, s: &Schema) -> Vec<String> {
        check(v.as_object().unwrap(), s)
    }

    #[test]
    fn lax_coercions_pass_as_pydantic_v1_lets_them() {
        assert!(run(
            json!({"L": [{"N": " 12 "}, {"N": 1.5}, {"N": true}]}),
            &LIST
        )
        .is_empty());
        // `dict([])` and `dict([["N", 1]])` are dicts to Python.
        assert!(run(json!({"L": [[["N", 1]]]}), &LIST).is_empty());
        assert_eq!(
            run(json!({"L": [[]]}), &LIST),
            ["Property 'L.0.N' is required."]
        );
    }

    #[test]
    fn messages_follow_sams_formatter() {
        assert_eq!(
            run(json!({"L": [{"N": "x", "Z": 1}, null, "a"], "Q": 1}), &LIST),
            [
                "Property 'L.0.N' value must be dictionary or integer.",
                "Property 'L.0.Z' is an invalid property.",
                "Property 'L.1' none is not an allowed value.",
                "Property 'L.2' value is not a valid dict.",
                "Property 'Q' is an invalid property.",
            ]
        );
        assert_eq!(
            run(json!({"L": "x"}), &LIST),
            ["Property 'L' value is not a valid list."]
        );
    }
}
