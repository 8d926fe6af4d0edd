//! SAM's policy templates (`policy_templates.json`, kept as data in
//! `templates/`), shared by both front ends and the transform.
//!
//! [`policy_template_document`] mirrors SAM's `PolicyTemplatesProcessor`:
//! every parameter the template declares must have a value, and each
//! `{"Ref": <parameter>}` in the definition is replaced by it. Other
//! parameters the caller passes are ignored, and values are not searched for
//! further references (SAM renames the template's own refs first so that a
//! value like `!Ref TableName` is never substituted again).

use std::fmt;
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// SAM's policy template table.
const POLICY_TEMPLATES_JSON: &str = include_str!("../../templates/policy_templates.json");

fn templates() -> &'static Map<String, Value> {
    static TEMPLATES: OnceLock<Map<String, Value>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        // The table is our own data, checked by a unit test; a broken table
        // would read as "no templates" rather than abort.
        // Taken out of the parsed document, not cloned from it.
        match serde_json::from_str::<Value>(POLICY_TEMPLATES_JSON) {
            Ok(Value::Object(mut doc)) => match doc.remove("Templates") {
                Some(Value::Object(templates)) => templates,
                _ => Map::new(),
            },
            _ => Map::new(),
        }
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
    let mut definition = template.get("Definition").cloned().unwrap_or(Value::Null);
    substitute(&mut definition, &used);
    Ok(definition)
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

/// Replaces each `{"Ref": <parameter>}` with its value, in place (the
/// definition is already our own copy, so no map is rebuilt).
fn substitute(v: &mut Value, values: &Map<String, Value>) {
    match v {
        Value::Object(m) => {
            if m.len() == 1 {
                if let Some(Value::String(name)) = m.get("Ref") {
                    if let Some(value) = values.get(name) {
                        *v = value.clone();
                        return;
                    }
                }
            }
            for x in m.values_mut() {
                substitute(x, values);
            }
        }
        Value::Array(a) => {
            for x in a {
                substitute(x, values);
            }
        }
        _ => {}
    }
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
}
