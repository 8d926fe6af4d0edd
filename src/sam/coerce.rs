//! The lenient scalar coercions of the pydantic (v1) models SAM validates
//! newer resource kinds with: `SamIntrinsicable[int]` takes an intrinsic map
//! as written, else `int(v)` (`4.0` → `4`, `"3"` → `3`, `true` → `1`);
//! `float` takes numbers and numeric strings; `str` takes numbers as their
//! text. The coerced value, not the written one, reaches SAM's output.

use serde_json::{Number, Value};

/// `SamIntrinsicable[int]`: the value SAM keeps, or `None` when pydantic rejects it.
pub fn int(v: &Value) -> Option<Value> {
    match v {
        Value::Object(_) => Some(v.clone()),
        Value::Bool(b) => Some(Value::from(i64::from(*b))),
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                Some(v.clone())
            } else {
                let f = n.as_f64()?;
                // Python's int() truncates toward zero; NaN and infinities fail.
                f.is_finite().then(|| Value::from(f.trunc() as i64))
            }
        }
        Value::String(s) => {
            let t = s.trim().replace('_', "");
            t.parse::<i64>().ok().map(Value::from)
        }
        _ => None,
    }
}

/// `SamIntrinsicable[float]`: numbers become floats, as Python's `float(v)`.
pub fn float(v: &Value) -> Option<Value> {
    let f = match v {
        Value::Object(_) => return Some(v.clone()),
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    Number::from_f64(f).map(Value::Number)
}

/// `SamIntrinsicable[Union[int, float]]`: pydantic v1 tries `int` first, so
/// `2.5` becomes `2`.
pub fn int_or_float(v: &Value) -> Option<Value> {
    int(v).or_else(|| float(v))
}

/// `SamIntrinsicable[str]`: numbers become their text.
pub fn string(v: &Value) -> Option<Value> {
    match v {
        Value::Object(_) | Value::String(_) => Some(v.clone()),
        Value::Bool(b) => Some(Value::String(if *b { "True" } else { "False" }.into())),
        Value::Number(n) => Some(Value::String(match n.as_f64() {
            Some(f) if !(n.is_i64() || n.is_u64()) => python_float(f),
            _ => n.to_string(),
        })),
        _ => None,
    }
}

/// `SamIntrinsicable[list[SamIntrinsicable[str]]]`.
pub fn string_list(v: &Value) -> Option<Value> {
    match v {
        Value::Object(_) => Some(v.clone()),
        Value::Array(items) => items
            .iter()
            .map(string)
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        _ => None,
    }
}

fn python_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pydantic_v1_coercions() {
        assert_eq!(int(&json!(4.0)), Some(json!(4)));
        assert_eq!(int(&json!(2.5)), Some(json!(2)));
        assert_eq!(int(&json!("3")), Some(json!(3)));
        assert_eq!(int(&json!("2.5")), None);
        assert_eq!(int(&json!(true)), Some(json!(1)));
        assert_eq!(int(&json!({"Ref": "X"})), Some(json!({"Ref": "X"})));
        assert_eq!(float(&json!(70)), Some(json!(70.0)));
        assert_eq!(float(&json!("80")), Some(json!(80.0)));
        assert_eq!(float(&json!("x")), None);
        assert_eq!(int_or_float(&json!(2.5)), Some(json!(2)));
        assert_eq!(string_list(&json!(["a", 1])), Some(json!(["a", "1"])));
        assert_eq!(string_list(&json!("a")), None);
    }
}
