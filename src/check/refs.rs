//! Where a template refers to things: every `Ref`, `Fn::GetAtt` and `Fn::Sub`
//! variable, found by walking the document as CloudFormation resolves it.

use std::fmt::Write as _;

use serde_json::Value;

/// One reference, with the property path it was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub path: String,
    pub kind: Kind,
    pub target: String,
    /// The attribute of a `Fn::GetAtt` (or `${Res.Attr}`), when written as a string.
    pub attribute: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ref,
    GetAtt,
    /// A `${Name}` or `${Res.Attr}` variable in a `Fn::Sub` string.
    Sub,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ref => "Ref",
            Kind::GetAtt => "Fn::GetAtt",
            Kind::Sub => "Fn::Sub",
        }
    }
}

/// Every reference in `v`, its paths starting at `base`.
pub fn collect(v: &Value, base: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut path = base.to_string();
    walk(v, &mut path, &mut out);
    out
}

fn with<R>(path: &mut String, key: &str, f: impl FnOnce(&mut String) -> R) -> R {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    let r = f(path);
    path.truncate(len);
    r
}

fn walk(v: &Value, path: &mut String, out: &mut Vec<Reference>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // The index written straight into the path, not into a String of its own.
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                let _ = write!(path, "{i}");
                walk(item, path, out);
                path.truncate(len);
            }
        }
        Value::Object(m) => {
            if m.len() == 1 {
                if let Some((k, arg)) = m.iter().next() {
                    if intrinsic(k, arg, path, out) {
                        return;
                    }
                }
            }
            for (k, item) in m {
                with(path, k, |p| walk(item, p, out));
            }
        }
        _ => {}
    }
}

/// Handles a one-key map that is an intrinsic; false when it is not one.
fn intrinsic(key: &str, arg: &Value, path: &mut String, out: &mut Vec<Reference>) -> bool {
    match key {
        "Ref" => {
            if let Value::String(target) = arg {
                out.push(Reference {
                    path: path.clone(),
                    kind: Kind::Ref,
                    target: target.clone(),
                    attribute: None,
                });
            } else {
                with(path, key, |p| walk(arg, p, out));
            }
            true
        }
        "Fn::GetAtt" => {
            let (target, attribute, rest) = match arg {
                // The long form's string variant: "Resource.Attribute".
                Value::String(s) => match s.split_once('.') {
                    Some((r, a)) => (Some(r.to_string()), Some(a.to_string()), None),
                    None => (Some(s.clone()), None, None),
                },
                Value::Array(items) => match items.as_slice() {
                    [Value::String(r), Value::String(a)] => {
                        (Some(r.clone()), Some(a.clone()), None)
                    }
                    // The attribute may itself be an intrinsic (`!Ref AttrName`).
                    [Value::String(r), other] => (Some(r.clone()), None, Some(other)),
                    _ => (None, None, Some(arg)),
                },
                other => (None, None, Some(other)),
            };
            if let Some(target) = target {
                out.push(Reference {
                    path: path.clone(),
                    kind: Kind::GetAtt,
                    target,
                    attribute,
                });
            }
            if let Some(rest) = rest {
                with(path, key, |p| walk(rest, p, out));
            }
            true
        }
        "Fn::Sub" => {
            let (text, locals) = match arg {
                Value::String(s) => (Some(s.as_str()), None),
                Value::Array(items) => match items.as_slice() {
                    [Value::String(s), Value::Object(vars)] => (Some(s.as_str()), Some(vars)),
                    _ => (None, None),
                },
                _ => (None, None),
            };
            match text {
                Some(text) => {
                    for var in sub_variables(text) {
                        if locals.is_some_and(|l| l.contains_key(var)) {
                            continue;
                        }
                        let (target, attribute) = match var.split_once('.') {
                            Some((r, a)) => (r, Some(a.to_string())),
                            None => (var, None),
                        };
                        out.push(Reference {
                            path: path.clone(),
                            kind: Kind::Sub,
                            target: target.to_string(),
                            attribute,
                        });
                    }
                    if let Some(vars) = locals {
                        with(path, key, |p| {
                            for (k, item) in vars {
                                with(p, k, |p| walk(item, p, out));
                            }
                        });
                    }
                }
                None => with(path, key, |p| walk(arg, p, out)),
            }
            true
        }
        // A transform's parameters are the macro's business, not CloudFormation's.
        "Fn::Transform" => true,
        _ => false,
    }
}

/// The variable names in a `Fn::Sub` string: `${Name}` and `${Res.Attr}`;
/// `${!Literal}` is text.
pub fn sub_variables(text: &str) -> Vec<&str> {
    let mut vars = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let var = &after[..end];
        if !var.starts_with('!') {
            let var = var.trim();
            if !var.is_empty() {
                vars.push(var);
            }
        }
        rest = &after[end + 1..];
    }
    vars
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_refs_getatts_and_sub_variables_with_paths() {
        let v = json!({
            "A": {"Ref": "P"},
            "B": [{"Fn::GetAtt": ["R", "Arn"]}, {"Fn::GetAtt": "S.Url"}],
            "C": {"Fn::Sub": "arn:${AWS::Partition}:x:${T}:${U.Arn}:${!Lit}"},
            "D": {"Fn::Sub": ["${V}-${W}", {"V": {"Ref": "X"}}]},
            "E": {"Fn::If": ["Cond", {"Ref": "Y"}, {"Ref": "AWS::NoValue"}]},
            "F": {"Fn::Transform": {"Name": "M", "Parameters": {"Ref": "Z"}}}
        });
        let refs = collect(&v, "Properties");
        let got: Vec<(String, &str, String, Option<String>)> = refs
            .iter()
            .map(|r| {
                (
                    r.path.clone(),
                    r.kind.name(),
                    r.target.clone(),
                    r.attribute.clone(),
                )
            })
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            vec![
                (s("Properties.A"), "Ref", s("P"), None),
                (s("Properties.B.0"), "Fn::GetAtt", s("R"), Some(s("Arn"))),
                (s("Properties.B.1"), "Fn::GetAtt", s("S"), Some(s("Url"))),
                (s("Properties.C"), "Fn::Sub", s("AWS::Partition"), None),
                (s("Properties.C"), "Fn::Sub", s("T"), None),
                (s("Properties.C"), "Fn::Sub", s("U"), Some(s("Arn"))),
                (s("Properties.D"), "Fn::Sub", s("W"), None),
                (s("Properties.D.Fn::Sub.V"), "Ref", s("X"), None),
                (s("Properties.E.Fn::If.1"), "Ref", s("Y"), None),
                (s("Properties.E.Fn::If.2"), "Ref", s("AWS::NoValue"), None),
            ]
        );
    }
}
