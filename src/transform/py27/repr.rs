//! Python's `str()`, `repr()` and `json.dumps` of the values SAM hashes and writes.

use super::{Py, PyStr};

/// Python's `json.dumps(v)` with its defaults (`", "` and `": "`
/// separators, ASCII-only output, keys in the dict's iteration order).
pub fn json_dumps(v: &Py) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Py, out: &mut String) {
    match v {
        Py::None => out.push_str("null"),
        Py::Bool(true) => out.push_str("true"),
        Py::Bool(false) => out.push_str("false"),
        Py::Int(n) => out.push_str(&n.to_string()),
        Py::Float(f) => out.push_str(&python_float_repr(*f)),
        Py::Str(s) => super::super::logical_id::python_str(&s.text, out),
        Py::List(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(x, out);
            }
            out.push(']');
        }
        Py::Dict(d) => {
            out.push('{');
            for (i, (k, x)) in d.items().into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                super::super::logical_id::python_str(&k.text, out);
                out.push_str(": ");
                write_json(x, out);
            }
            out.push('}');
        }
    }
}

/// [`str_repr`] appended to `out`. The strings of a Swagger document are
/// nearly all printable ASCII without a backslash or a single quote, whose
/// repr is the text between single quotes: that case needs no escaping pass.
pub fn write_str_repr(s: &PyStr, out: &mut String) {
    let plain = s
        .text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'\\' && b != b'\'');
    if plain {
        if s.uni {
            out.push('u');
        }
        out.push('\'');
        out.push_str(&s.text);
        out.push('\'');
    } else {
        out.push_str(&str_repr(s));
    }
}

/// `repr()` of a string: `'…'` for `str`, `u'…'` for `Py27UniStr` (whose
/// repr is `"u" + repr(s.encode("unicode_escape").decode()).replace("\\\\", "\\")`).
pub fn str_repr(s: &PyStr) -> String {
    if s.uni {
        let escaped = unicode_escape(&s.text);
        format!("u{}", py3_repr(&escaped).replace("\\\\", "\\"))
    } else {
        py3_repr(&s.text)
    }
}

/// Python's `unicode_escape` codec.
fn unicode_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if n < 0x20 || (0x7f..0x100).contains(&n) => out.push_str(&format!("\\x{n:02x}")),
            _ if n >= 0x10000 => out.push_str(&format!("\\U{n:08x}")),
            _ if n >= 0x100 => out.push_str(&format!("\\u{n:04x}")),
            _ => out.push(c),
        }
    }
    out
}

/// Python 3's `repr(str)`.
fn py3_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        let n = c as u32;
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            _ if n < 0x20 || n == 0x7f => out.push_str(&format!("\\x{n:02x}")),
            _ if n >= 0x80 && !is_printable(c) => {
                if n < 0x100 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable` for non-ASCII characters, approximated by the
/// control, format and separator ranges that occur in practice.
fn is_printable(c: char) -> bool {
    let n = c as u32;
    !matches!(n,
        0x80..=0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x1680 | 0x180e
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f
        | 0x3000 | 0xd800..=0xf8ff | 0xfeff | 0xfff9..=0xfffb | 0xe0000..=0x10ffff)
}

/// Python's `repr(float)`: shortest round-trip digits, exponent form below
/// 1e-4 and from 1e16, `.0` on whole numbers.
pub fn python_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.5e-5".
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let body = if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                format!("{}{}.0", digits, "0".repeat(int_len - digits.len()))
            } else {
                format!("{}.{}", &digits[..int_len], &digits[int_len..])
            }
        } else {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        };
        format!("{sign}{body}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{esign}{:02}", exp.abs())
    }
}
