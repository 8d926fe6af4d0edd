//! Helpers on plain JSON values that mirror how SAM's Python reads them.

use std::collections::BTreeMap;

use serde_json::Value;

/// How SAM built the Python 2.7 key table of a user map (a `Py27Dict`) when
/// that was not by setting its keys one by one, in the map's order, into a
/// fresh table: the maps SAM's globals plugin merges are copies of the global
/// map (`Py27Dict.copy()`), whose table is first sized for the copied keys
/// (CPython's `PyDict_Merge`), which can leave it another size, so another
/// iteration order, than adding the same keys one by one does. The map's own
/// order is still the order its keys were added in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyHistory {
    /// The number of keys the empty table was sized for before the keys
    /// were added (0: it was not).
    pub presize: usize,
    /// The histories of the maps at these keys; maps not here were built
    /// key by key.
    pub children: BTreeMap<String, KeyHistory>,
}

impl KeyHistory {
    /// True when every map was built key by key.
    pub fn is_plain(&self) -> bool {
        self.presize == 0 && self.children.is_empty()
    }

    /// The history of the map at `path` below this one, if it has one.
    pub fn at(&self, path: &[&str]) -> Option<&KeyHistory> {
        path.iter().try_fold(self, |h, k| h.children.get(*k))
    }
}

/// Python truthiness, which SAM tests throughout (`if self.TableName:`):
/// null, `false`, `0`, `""`, `[]` and `{}` are false.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// [`truthy`] of an optional value; absent is false.
pub fn truthy_opt(v: Option<&Value>) -> bool {
    v.is_some_and(truthy)
}

/// The three arguments of an `Fn::If`, or SAM's message.
pub fn if_args(items: &Value) -> Result<[&Value; 3], String> {
    match items.as_array().map(Vec::as_slice) {
        Some([c, t, e]) => Ok([c, t, e]),
        _ => Err("Fn::If requires 3 arguments".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_truthiness() {
        for v in [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!([]),
            json!({}),
        ] {
            assert!(!truthy(&v), "{v}");
        }
        for v in [
            json!(true),
            json!(1),
            json!("x"),
            json!([0]),
            json!({"a": null}),
        ] {
            assert!(truthy(&v), "{v}");
        }
    }
}
