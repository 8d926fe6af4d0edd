//! Reading a template to compare or test *as written*: a CloudFormation
//! document is taken section by section without expanding anything; a SAM
//! document (one with `Transform: AWS::Serverless-2016-10-31`) is expanded
//! first, as CloudFormation would before comparing it with the stack (so is
//! one using `AWS::Serverless::*` types without it, as `synth` accepts).

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Error};
use crate::template::{Resource, Template};
use crate::transform::Context;

const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// `true` when the document asks for the SAM transform, or uses a SAM
/// resource type without asking (as `stackwright synth` accepts).
pub fn is_sam(doc: &Value) -> bool {
    let asks = match doc.get("Transform") {
        Some(Value::String(s)) => s == SAM_TRANSFORM,
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str() == Some(SAM_TRANSFORM)),
        _ => false,
    };
    asks || doc
        .get("Resources")
        .and_then(Value::as_object)
        .is_some_and(|rs| {
            rs.values().any(|r| {
                r.get("Type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.starts_with("AWS::Serverless::"))
            })
        })
}

/// Reads template text (JSON or YAML), expanding it when it is SAM.
pub fn parse(text: &str, path: &str, ctx: &Context) -> Result<Template, Error> {
    let doc = crate::yaml::parse(text, path)?;
    if is_sam(&doc) {
        crate::sam::synth(text, path, ctx)
    } else {
        from_value(&doc)
    }
}

/// Reads a template file (JSON or YAML), expanding it when it is SAM.
pub fn read_file(path: &Path, ctx: &Context) -> Result<Template, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string(), ctx)
}

/// A CloudFormation document as a [`Template`], sections as written.
pub fn from_value(doc: &Value) -> Result<Template, Error> {
    let Some(top) = doc.as_object() else {
        return Err(Error::invalid(Diagnostic::document(
            "",
            format!(
                "a template is a map of sections, found {}",
                crate::error::type_name(doc)
            ),
        )));
    };
    let map_section = |name: &str, v: &Value| match v {
        Value::Object(m) => Ok(m.clone()),
        other => Err(Error::invalid(Diagnostic::document(
            name,
            format!(
                "the {name} section must be a map, found {}",
                crate::error::type_name(other)
            ),
        ))),
    };
    let mut t = Template::new();
    for (k, v) in top {
        match k.as_str() {
            "AWSTemplateFormatVersion" => t.format_version = Some(v.clone()),
            "Description" => t.description = Some(v.clone()),
            "Metadata" => t.metadata = Some(v.clone()),
            "Parameters" => t.parameters = Some(map_section(k, v)?),
            "Rules" => t.rules = Some(v.clone()),
            "Mappings" => t.mappings = Some(v.clone()),
            "Conditions" => t.conditions = Some(map_section(k, v)?),
            "Outputs" => t.outputs = Some(map_section(k, v)?),
            "Resources" => {
                for (id, r) in map_section(k, v)? {
                    let resource = match (&r, r.get("Type").and_then(Value::as_str)) {
                        (Value::Object(m), Some(ty)) => Resource::from_map(ty.to_string(), m),
                        _ => Resource::verbatim(r.clone()),
                    };
                    t.insert(id, resource);
                }
            }
            _ => {
                t.other.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(t)
}

/// A resource's whole definition as emitted (`Type`, `Properties`, attributes).
pub fn resource_value(r: &Resource) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

/// A resource's properties (an empty map when it has none).
pub fn properties(r: &Resource) -> Map<String, Value> {
    r.properties.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sam_is_recognised_by_transform_or_by_type() {
        assert!(is_sam(
            &json!({"Transform": SAM_TRANSFORM, "Resources": {}})
        ));
        assert!(is_sam(&json!({"Transform": ["Other", SAM_TRANSFORM]})));
        assert!(is_sam(
            &json!({"Resources": {"F": {"Type": "AWS::Serverless::Function"}}})
        ));
        assert!(!is_sam(
            &json!({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}})
        ));
    }

    #[test]
    fn cloudformation_is_read_as_written() {
        let t = parse(
            "Parameters: {P: {Type: String}}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Retain\n  Odd: 3\nHooks: {}\n",
            "t.yaml",
            &Context::new("us-east-1"),
        )
        .unwrap();
        assert_eq!(t.resources["Q"].deletion_policy, Some(json!("Retain")));
        assert_eq!(t.resources["Odd"].verbatim, Some(json!(3)));
        assert!(t.other.contains_key("Hooks") && t.parameters.is_some());
        assert!(from_value(&json!([1])).is_err());
        assert!(from_value(&json!({"Outputs": 1})).is_err());
    }
}
