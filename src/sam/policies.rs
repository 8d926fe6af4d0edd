//! SAM's `Policies` property and its policy templates.
//!
//! `read` sorts each entry into a [`Policy`] the way SAM's `ResourcePolicies`
//! does: a string or a non-`Fn::If` intrinsic is a managed policy, a map with
//! `Statement` is an inline document, a one-key map naming a known template is
//! a policy template, and `Fn::If` takes the kind of its branches.
//!
//! The templates are SAM's `policy_templates.json`, kept as data in
//! `templates/`. [`policy_template_document`] mirrors SAM's
//! `PolicyTemplatesProcessor`: every parameter the template declares must have
//! a value, and each `{"Ref": <parameter>}` in the definition is replaced by
//! it. Other parameters the caller passes are ignored, and values are not
//! searched for further references (SAM renames the template's own refs first
//! so that a value like `!Ref TableName` is never substituted again).

use std::fmt;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::function::Policy;
use crate::template::Expr;

/// SAM's policy template table.
const POLICY_TEMPLATES_JSON: &str = include_str!("../../templates/policy_templates.json");

fn templates() -> &'static Map<String, Value> {
    static TEMPLATES: OnceLock<Map<String, Value>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        // The table is our own data, checked by a unit test; a broken table
        // would read as "no templates" rather than abort.
        serde_json::from_str::<Value>(POLICY_TEMPLATES_JSON)
            .ok()
            .and_then(|v| v.get("Templates")?.as_object().cloned())
            .unwrap_or_default()
    })
}

/// Whether `name` is one of SAM's policy templates.
pub fn has(name: &str) -> bool {
    templates().contains_key(name)
}

/// Every policy template name, in the table's order.
pub fn names() -> impl Iterator<Item = &'static str> {
    templates().keys().map(String::as_str)
}

/// Why a policy template could not be expanded; `Display` is SAM's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    NotFound(String),
    /// The parameters are not a map.
    InvalidParameters(String),
    /// Parameters the template declares but were not given, in the template's order.
    Missing(String, Vec<String>),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::NotFound(name) => write!(f, "Template with name '{name}' is not found"),
            TemplateError::InvalidParameters(name) => write!(
                f,
                "Must specify valid parameter values for policy template '{name}'"
            ),
            TemplateError::Missing(name, missing) => {
                // Python's repr of a list of strings.
                let list: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
                write!(
                    f,
                    "Following required parameters of template '{name}' don't have values: [{}]",
                    list.join(", ")
                )
            }
        }
    }
}

/// The policy document (`{"Statement": [...]}`) template `name` yields for
/// `parameters` (a map of parameter name to value, intrinsics allowed).
pub fn policy_template_document(name: &str, parameters: &Value) -> Result<Value, TemplateError> {
    let template = templates()
        .get(name)
        .ok_or_else(|| TemplateError::NotFound(name.to_string()))?;
    let Some(values) = parameters.as_object() else {
        return Err(TemplateError::InvalidParameters(name.to_string()));
    };
    let declared = template.get("Parameters").and_then(Value::as_object);
    let missing: Vec<String> = declared
        .into_iter()
        .flat_map(|d| d.keys())
        .filter(|p| !values.contains_key(p.as_str()))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(TemplateError::Missing(name.to_string(), missing));
    }
    let mut used = Map::new();
    for (k, v) in values {
        if declared.is_some_and(|d| d.contains_key(k)) {
            used.insert(k.clone(), v.clone());
        }
    }
    let definition = template.get("Definition").cloned().unwrap_or(Value::Null);
    Ok(substitute(definition, &used))
}

/// The statements (`Statement` list) template `name` yields for `parameters`:
/// what a typed DSL grant lowers to, so that it matches the SAM template.
pub fn policy_template_statements(name: &str, parameters: &Value) -> Result<Value, TemplateError> {
    let doc = policy_template_document(name, parameters)?;
    Ok(doc
        .get("Statement")
        .cloned()
        .unwrap_or(Value::Array(Vec::new())))
}

/// Replaces each `{"Ref": <parameter>}` with its value.
fn substitute(v: Value, values: &Map<String, Value>) -> Value {
    match v {
        Value::Object(m) => {
            if m.len() == 1 {
                if let Some(Value::String(name)) = m.get("Ref") {
                    if let Some(value) = values.get(name) {
                        return value.clone();
                    }
                }
            }
            Value::Object(
                m.into_iter()
                    .map(|(k, v)| (k, substitute(v, values)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.into_iter().map(|x| substitute(x, values)).collect()),
        other => other,
    }
}

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
            Ok(Some(p)) => out.push(p),
            Ok(None) => at.plain_error(
                diags,
                format!("Policy at index {index} in the 'Policies' property is not valid"),
            ),
            Err(why) => at.plain_error(diags, why),
        }
    }
    out
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
                    return Err("Property 'Policies': a policy template inside nested Fn::If is not supported by stackwright yet.".to_string())
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
    fn the_table_loads_every_sam_template() {
        assert!(names().count() >= 80);
        for name in [
            "DynamoDBCrudPolicy",
            "DynamoDBReadPolicy",
            "DynamoDBWritePolicy",
            "DynamoDBStreamReadPolicy",
            "DynamoDBReconfigurePolicy",
            "VPCAccessPolicy",
        ] {
            assert!(has(name), "{name}");
        }
    }

    #[test]
    fn crud_policy_substitutes_the_table_name() {
        // SAM 1.115 output for `DynamoDBCrudPolicy: {TableName: !Ref T}`.
        let doc = policy_template_document(
            "DynamoDBCrudPolicy",
            &json!({"TableName": {"Ref": "T"}, "Other": 1}),
        )
        .unwrap();
        let res = &doc["Statement"][0]["Resource"];
        assert_eq!(
            res[0],
            json!({"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}", {"tableName": {"Ref": "T"}}]})
        );
        assert_eq!(doc["Statement"][0]["Action"][0], "dynamodb:GetItem");
    }

    #[test]
    fn a_value_referring_to_a_same_named_parameter_is_not_substituted_again() {
        let v = json!({"TableName": {"Fn::ImportValue": {"Fn::Join": ["-", [{"Ref": "TableName"}, "x"]]}}});
        let doc = policy_template_statements("DynamoDBReadPolicy", &v).unwrap();
        assert_eq!(
            doc[0]["Resource"][0]["Fn::Sub"][1]["tableName"],
            v["TableName"]
        );
    }

    #[test]
    fn template_errors_use_sams_messages() {
        assert_eq!(
            policy_template_document("SQSPollerPolicy", &json!({})).unwrap_err().to_string(),
            "Following required parameters of template 'SQSPollerPolicy' don't have values: ['QueueName']"
        );
        assert_eq!(
            policy_template_document("SQSPollerPolicy", &json!("q"))
                .unwrap_err()
                .to_string(),
            "Must specify valid parameter values for policy template 'SQSPollerPolicy'"
        );
        assert!(policy_template_document("EC2DescribePolicy", &json!({})).is_ok());
    }

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
