//! The Python objects SAM builds a REST API's Swagger document from, kept as
//! SAM keeps them, because the `AWS::ApiGateway::Deployment` logical ID is the
//! SHA-1 of `str(swagger)` (SAM's `ApiGatewayDeployment.make_auto_deployable`).
//!
//! `str()` of a dict depends on two things JSON forgets:
//! * key order: SAM's `Py27Dict` replays CPython 2.7's hash-table iteration
//!   order (string hash, open addressing, resizes, dummies left by deletions),
//!   and `copy.deepcopy` re-inserts the keys, which can reorder them; plain
//!   dicts SAM creates (`{"Ref": …}`, `Fn::If`) keep insertion order;
//! * string kind: strings read from the template are `Py27UniStr`, whose repr
//!   is `u'…'`; strings SAM writes itself are plain (`'…'`).
//!
//! [`Py`] holds both, [`Py::repr`] renders `str()` byte for byte, and
//! [`Py::to_json`] gives the document CloudFormation receives (in SAM's order).

mod chunks;
mod dict;
mod repr;
mod table;
#[cfg(test)]
mod tests;

use serde_json::{Map, Number, Value};

use crate::model::value::KeyHistory;

pub use dict::PyDict;
pub use repr::{json_dumps, python_float_repr, str_repr};
pub use table::{py27_order, py27_str_hash, KeyOrder};

/// A Python string: its text and whether it is a `Py27UniStr` (read from the template).
#[derive(Debug, Clone, PartialEq)]
pub struct PyStr {
    pub text: String,
    pub uni: bool,
}

impl PyStr {
    /// A string SAM writes itself (plain `str`).
    pub fn lit(s: &str) -> Self {
        PyStr {
            text: s.to_string(),
            uni: false,
        }
    }

    /// A string read from the template (`Py27UniStr`).
    pub fn uni(s: &str) -> Self {
        PyStr {
            text: s.to_string(),
            uni: true,
        }
    }
}

/// A Python value inside a Swagger document.
#[derive(Debug, Clone, PartialEq)]
pub enum Py {
    None,
    Bool(bool),
    Int(Number),
    Float(f64),
    Str(PyStr),
    List(Vec<Py>),
    Dict(PyDict),
}

/// Python's `==` on the values SAM compares (`x not in list`, `a != b`):
/// dicts as maps whatever their order, strings by text whatever their kind.
pub fn py_eq(a: &Py, b: &Py) -> bool {
    match (a, b) {
        (Py::Str(x), Py::Str(y)) => x.text == y.text,
        (Py::List(x), Py::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Py::Dict(x), Py::Dict(y)) => {
            x.len() == y.len()
                && x.items()
                    .iter()
                    .all(|(k, v)| y.get(&k.text).is_some_and(|w| py_eq(v, w)))
        }
        (Py::Int(x), Py::Int(y)) => x.as_f64() == y.as_f64(),
        (Py::Float(x), Py::Float(y)) => x == y,
        (Py::Int(x), Py::Float(y)) | (Py::Float(y), Py::Int(x)) => x.as_f64() == Some(*y),
        _ => a == b,
    }
}

impl Py {
    pub fn lit(s: &str) -> Py {
        Py::Str(PyStr::lit(s))
    }

    pub fn uni(s: &str) -> Py {
        Py::Str(PyStr::uni(s))
    }

    /// A user value read from the template, as SAM's `_convert_to_py27_type`
    /// makes it: strings become `Py27UniStr`, maps `Py27Dict` (keys in document order).
    pub fn from_user(v: &Value) -> Py {
        Py::from_json(v, true, None)
    }

    /// [`Py::from_user`] of a map whose key tables SAM built as `history`
    /// says (the keys of each map are still added in its order).
    pub fn from_user_with(v: &Value, history: Option<&KeyHistory>) -> Py {
        Py::from_json(v, true, history.filter(|h| !h.is_plain()))
    }

    /// A value SAM builds itself from JSON-like literals: plain strings and plain dicts.
    pub fn from_sam(v: &Value) -> Py {
        Py::from_json(v, false, None)
    }

    fn from_json(v: &Value, user: bool, history: Option<&KeyHistory>) -> Py {
        match v {
            Value::Null => Py::None,
            Value::Bool(b) => Py::Bool(*b),
            Value::Number(n) => {
                if n.is_f64() {
                    Py::Float(n.as_f64().unwrap_or(0.0))
                } else {
                    Py::Int(n.clone())
                }
            }
            Value::String(s) => Py::Str(PyStr {
                text: s.clone(),
                uni: user,
            }),
            Value::Array(a) => Py::List(a.iter().map(|x| Py::from_json(x, user, None)).collect()),
            Value::Object(m) => {
                let mut d = if user {
                    PyDict::py27()
                } else {
                    PyDict::plain()
                };
                if let Some(h) = history {
                    d.presize(h.presize);
                }
                for (k, x) in m {
                    let child = history.and_then(|h| h.children.get(k));
                    d.set(
                        PyStr {
                            text: k.clone(),
                            uni: user,
                        },
                        Py::from_json(x, user, child),
                    );
                }
                Py::Dict(d)
            }
        }
    }

    pub fn as_dict(&self) -> Option<&PyDict> {
        match self {
            Py::Dict(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_dict_mut(&mut self) -> Option<&mut PyDict> {
        match self {
            Py::Dict(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Py::Str(s) => Some(&s.text),
            _ => None,
        }
    }

    fn stable(&self) -> bool {
        match self {
            Py::Dict(d) => d.stable(),
            Py::List(a) => a.iter().all(Py::stable),
            _ => true,
        }
    }

    pub fn deepcopy(&self) -> Py {
        match self {
            Py::List(a) => Py::List(a.iter().map(Py::deepcopy).collect()),
            Py::Dict(d) => Py::Dict(d.deepcopy()),
            other => other.clone(),
        }
    }

    /// The JSON CloudFormation receives, keys in SAM's iteration order.
    pub fn to_json(&self) -> Value {
        match self {
            Py::None => Value::Null,
            Py::Bool(b) => Value::Bool(*b),
            Py::Int(n) => Value::Number(n.clone()),
            Py::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Py::Str(s) => Value::String(s.text.clone()),
            Py::List(a) => Value::Array(a.iter().map(Py::to_json).collect()),
            Py::Dict(d) => {
                let mut m = Map::new();
                for (k, v) in d.iter_items() {
                    m.insert(k.text.clone(), v.to_json());
                }
                Value::Object(m)
            }
        }
    }

    /// Python's `str()` of the value as SAM holds it (`repr` for strings
    /// inside containers; `Py27Dict.__str__` for py27 dicts).
    pub fn repr(&self) -> String {
        let mut out = String::new();
        self.write_repr(&mut out);
        out
    }

    fn write_repr(&self, out: &mut String) {
        match self {
            Py::None => out.push_str("None"),
            Py::Bool(true) => out.push_str("True"),
            Py::Bool(false) => out.push_str("False"),
            Py::Int(n) => {
                out.push_str(&n.to_string());
                // Py27LongInt: Python 2's `long` repr.
                if n.as_u64().is_some_and(|u| u > i64::MAX as u64) {
                    out.push('L');
                }
            }
            Py::Float(f) => out.push_str(&python_float_repr(*f)),
            Py::Str(s) => repr::write_str_repr(s, out),
            Py::List(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    x.write_repr(out);
                }
                out.push(']');
            }
            Py::Dict(d) => {
                out.push('{');
                for (i, (k, v)) in d.iter_items().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    repr::write_str_repr(k, out);
                    out.push_str(": ");
                    v.write_repr(out);
                }
                out.push('}');
            }
        }
    }
}
