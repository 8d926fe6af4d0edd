//! SAM's `Policies` property.
//!
//! `read` sorts each entry into a [`Policy`] the way SAM's `ResourcePolicies`
//! does: a string or a non-`Fn::If` intrinsic is a managed policy, a map with
//! `Statement` is an inline document, a one-key map naming a known template is
//! a policy template, and `Fn::If` takes the kind of its branches. The
//! templates themselves are in [`crate::model::policy_templates`].

use serde_json::Value;

use crate::error::{Cursor, Diagnostic, Diagnostics};
use crate::model::function::Policy;
use crate::model::policy_templates::{has, policy_template_document};
use crate::template::Expr;

/// The kind of a `Policies` entry (SAM's `PolicyTypes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Managed,
    Statement,
    Template,
    Unknown,
}

fn is_no_value(v: &Value) -> bool {
    matches!(Expr::parse(v), Some(Expr::Ref(r)) if r == "AWS::NoValue")
}

fn if_items(v: &Value) -> Option<&Value> {
    let m = v.as_object()?;
    if m.len() == 1 {
        m.get("Fn::If")
    } else {
        None
    }
}

/// SAM's `_get_type`; `Err` with SAM's message for a malformed or mixed `Fn::If`.
fn kind(v: &Value) -> Result<Kind, String> {
    if v.is_string() {
        return Ok(Kind::Managed);
    }
    if let Some(items) = if_items(v) {
        let [_, then, otherwise] = if_args(items)?;
        let (a, b) = (kind(then)?, kind(otherwise)?);
        return if a == b {
            Ok(a)
        } else if is_no_value(then) {
            Ok(b)
        } else if is_no_value(otherwise) {
            Ok(a)
        } else {
            Err(
                "Different policy types within the same Fn::If statement is unsupported. \
                 Separate different policy types into different Fn::If statements"
                    .to_string(),
            )
        };
    }
    if Expr::is_intrinsic(v) {
        return Ok(Kind::Managed);
    }
    match v.as_object() {
        Some(m) if m.contains_key("Statement") => Ok(Kind::Statement),
        Some(m) if m.len() == 1 && m.keys().next().is_some_and(|k| has(k)) => Ok(Kind::Template),
        _ => Ok(Kind::Unknown),
    }
}

pub use crate::model::value::if_args;

/// Reads function `fn_id`'s `Policies` (one entry or a list of them).
pub fn read(fn_id: &str, value: &Value, diags: &mut Diagnostics) -> Vec<Policy> {
    let cur = Cursor::new(fn_id).at("Policies");
    let items: Vec<&Value> = match value {
        Value::Array(a) => a.iter().collect(),
        // Python falsiness: an empty string or map means no policies.
        Value::String(s) if s.is_empty() => Vec::new(),
        Value::Object(m) if m.is_empty() => Vec::new(),
        other => vec![other],
    };
    if items.iter().any(|v| !(v.is_string() || v.is_object())) {
        cur.plain_error(diags, "Type of property 'Policies' is invalid.");
        return Vec::new();
    }
    let mut out = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let at = cur.at(&index.to_string());
        match policy(item) {
            Ok(Some(p)) => {
                check_templates(&at, &p, diags);
                out.push(p);
            }
            Ok(None) => at.plain_error(
                diags,
                format!("Policy at index {index} in the 'Policies' property is not valid"),
            ),
            Err(why) => at.plain_error(diags, why),
        }
    }
    out
}

/// SAM's policy templates plugin fills each template in as the resource is
/// read, before any of its properties is checked: a template it cannot fill
/// is the resource's first problem, whatever else is wrong with it.
fn check_templates(at: &Cursor, p: &Policy, diags: &mut Diagnostics) {
    match p {
        Policy::Template { name, parameters } => {
            if let Err(e) = policy_template_document(name, parameters) {
                diags.push_early(Diagnostic::resource(
                    at.resource(),
                    at.path(),
                    e.to_string(),
                ));
            }
        }
        Policy::If {
            then, otherwise, ..
        } => {
            for branch in [then, otherwise].into_iter().flatten() {
                check_templates(at, branch, diags);
            }
        }
        _ => {}
    }
}

/// One entry; `Ok(None)` when it is of no known kind.
fn policy(v: &Value) -> Result<Option<Policy>, String> {
    let k = kind(v)?;
    if let Some(items) = if_items(v) {
        if k == Kind::Unknown {
            return Ok(None);
        }
        let [condition, then, otherwise] = if_args(items)?;
        let branch = |b: &Value| -> Result<Option<Box<Policy>>, String> {
            if is_no_value(b) {
                return Ok(None);
            }
            let p = match k {
                Kind::Template if if_items(b).is_some() => {
                    return Err("Property 'Policies': a policy template inside a nested Fn::If cannot be expanded (SAM fails on it too: \"Template with name 'Fn::If' is not found\"); combine the conditions with Fn::And or Fn::Or in one Fn::If.".to_string())
                }
                Kind::Template => template(b),
                Kind::Statement => Some(Policy::Inline(b.clone())),
                _ => Some(Policy::Managed(b.clone())),
            };
            Ok(p.map(Box::new))
        };
        return Ok(Some(Policy::If {
            condition: condition.clone(),
            then: branch(then)?,
            otherwise: branch(otherwise)?,
        }));
    }
    Ok(match k {
        Kind::Managed => Some(Policy::Managed(v.clone())),
        Kind::Statement => Some(Policy::Inline(v.clone())),
        Kind::Template => template(v),
        Kind::Unknown => None,
    })
}

fn template(v: &Value) -> Option<Policy> {
    let (name, parameters) = v.as_object()?.iter().next()?;
    Some(Policy::Template {
        name: name.clone(),
        parameters: parameters.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_are_classified_like_sam() {
        let mut d = Diagnostics::new();
        let ps = read(
            "F",
            &json!([
                "AWSLambdaRole",
                {"Ref": "P"},
                {"Statement": []},
                {"S3ReadPolicy": {"BucketName": "b"}},
                {"Fn::If": ["C", {"SQSPollerPolicy": {"QueueName": "q"}}, {"Ref": "AWS::NoValue"}]},
                {"NotATemplate": {}}
            ]),
            &mut d,
        );
        assert_eq!(ps.len(), 5);
        assert!(matches!(&ps[3], Policy::Template { name, .. } if name == "S3ReadPolicy"));
        assert!(
            matches!(&ps[4], Policy::If { then: Some(t), otherwise: None, .. } if matches!(**t, Policy::Template { .. }))
        );
        let errs = d.into_sorted();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].message,
            "Policy at index 5 in the 'Policies' property is not valid"
        );
    }

    #[test]
    fn mixed_if_is_rejected() {
        let mut d = Diagnostics::new();
        read(
            "F",
            &json!({"Fn::If": ["C", "AWSLambdaRole", {"Statement": []}]}),
            &mut d,
        );
        assert_eq!(d.len(), 1);
    }
}
