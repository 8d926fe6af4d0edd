//! Pretty JSON exactly as `serde_json::to_string_pretty` writes a `Value`
//! (two-space indent, `": "` after keys, `[]` and `{}` for empty
//! containers, serde_json's string escapes and number formats), written
//! straight into one `String`. The output of a large app is megabytes of
//! mostly indentation; this skips the serializer's per-token plumbing.

use std::fmt::Write as _;

use serde_json::Value;

/// `serde_json::to_string_pretty(v)`, byte for byte.
pub fn to_string_pretty(v: &Value) -> String {
    let mut out = String::with_capacity(1 << 16);
    write_value(v, 0, &mut out);
    out
}

fn write_value(v: &Value, level: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        // `Number`'s Display is the text serde_json serializes (itoa, and
        // the shortest round-trip float; a `Number` is never NaN or infinite).
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => write_str(s, out),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(level + 1, out);
                write_value(x, level + 1, out);
            }
            newline(level, out);
            out.push(']');
        }
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(level + 1, out);
                write_str(k, out);
                out.push_str(": ");
                write_value(x, level + 1, out);
            }
            newline(level, out);
            out.push('}');
        }
    }
}

fn newline(level: usize, out: &mut String) {
    const SPACES: &str = "                                                                ";
    out.push('\n');
    let mut n = level * 2;
    while n > 0 {
        let step = n.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        n -= step;
    }
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b`, `\f`, `\n`,
/// `\r`, `\t`, `\u00XX` (lowercase hex) for other control characters;
/// everything else, non-ASCII included, as is.
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so the slices end on character boundaries.
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_what_serde_json_writes() {
        let deep = (0..40).fold(json!("bottom"), |v, i| {
            let mut m = serde_json::Map::new();
            m.insert(format!("k{i}"), json!([v, i]));
            Value::Object(m)
        });
        for v in [
            json!(null),
            json!([]),
            json!({}),
            json!("plain"),
            json!({"a": [], "b": {}, "c": [{}, [], [1, -2, 3.5, 1e300, 0.1, u64::MAX, i64::MIN]]}),
            json!({"esc": "q\" b\\ \u{8}\u{c}\n\r\t \u{1} \u{1f} \u{7f} é € 😀 /"}),
            json!({"nested": {"x": [true, false, null, {"y": "z"}]}, "\"key\"\n": 1}),
            deep,
        ] {
            assert_eq!(
                to_string_pretty(&v),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }
}
