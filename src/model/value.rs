//! Helpers on plain JSON values that mirror how SAM's Python reads them.

use serde_json::Value;

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
