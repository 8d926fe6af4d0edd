//! `AWS::Serverless::CapacityProvider` properties →
//! [`model::CapacityProvider`](crate::model::capacity_provider::CapacityProvider),
//! checked as SAM's schema checks them.

use serde_json::Value;

use crate::error::{Cursor, Diagnostics};
use crate::model::capacity_provider::CapacityProvider;

use super::props::Props;
use super::reader::Source;

const TYPE: &str = "AWS::Serverless::CapacityProvider";

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<CapacityProvider> {
    let before = diags.len();
    let id = src.id;
    let cur = Cursor::new(id);
    let mut p = Props::new(id, TYPE, &src.properties);
    let mut c = CapacityProvider {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        ..Default::default()
    };
    let string_or_map = |p: &mut Props, key: &'static str, diags: &mut Diagnostics| {
        let v = p.get(key)?;
        if v.is_string() || v.is_object() {
            Some(v.clone())
        } else {
            cur.plain_error(diags, format!("Type of property '{key}' is invalid."));
            None
        }
    };
    c.name = string_or_map(&mut p, "CapacityProviderName", diags);
    // SAM's schema reports every field problem of the resource in one message.
    let mut problems: Vec<String> = Vec::new();
    let list_or_map =
        |v: Option<&Value>| v.is_none_or(|v| v.is_null() || v.is_array() || v.is_object());
    match p.get("VpcConfig") {
        None => cur.plain_error(diags, "Missing required property 'VpcConfig'."),
        Some(Value::Object(m)) => {
            if !m.contains_key("SubnetIds") {
                cur.plain_error(diags, "Property 'VpcConfig.SubnetIds' is required.");
            } else {
                for key in ["SecurityGroupIds", "SubnetIds"] {
                    if !list_or_map(m.get(key)) {
                        problems.push(format!(
                            "Property 'VpcConfig.{key}' value must be dictionary or list."
                        ));
                    }
                }
                for key in m.keys() {
                    if key != "SubnetIds" && key != "SecurityGroupIds" {
                        problems.push(format!(
                            "Property 'VpcConfig.{key}' is an invalid property."
                        ));
                    }
                }
            }
            c.vpc_config = m.clone();
        }
        Some(_) => p.at("VpcConfig").error(diags, "should be a map."),
    }
    c.operator_role = string_or_map(&mut p, "OperatorRole", diags);
    if let Some(t) = p.map_like("Tags", diags) {
        c.tags = t.as_object().cloned();
    }
    if let Some(v) = p.get("PropagateTags") {
        match v {
            Value::Bool(b) => c.propagate_tags = *b,
            _ => p.at("PropagateTags").error(diags, "should be a boolean."),
        }
    }
    c.instance_requirements = p
        .map_like("InstanceRequirements", diags)
        .and_then(|v| v.as_object().cloned());
    if let Some(r) = &c.instance_requirements {
        if r.contains_key("AllowedTypes") && r.contains_key("ExcludedTypes") {
            cur.plain_error(
                diags,
                "Cannot specify 'InstanceRequirements.AllowedTypes' and 'InstanceRequirements.ExcludedTypes' together.",
            );
        }
    }
    c.scaling_config = p
        .map_like("ScalingConfig", diags)
        .and_then(|v| v.as_object().cloned());
    if let Some(s) = &c.scaling_config {
        let int_or_map = |v: &Value| v.is_null() || v.is_i64() || v.is_u64() || v.is_object();
        let num_or_map = |v: &Value| v.is_null() || v.is_number() || v.is_object();
        if s.get("MaxVCpuCount").is_some_and(|v| !int_or_map(v)) {
            problems.push(
                "Property 'ScalingConfig.MaxVCpuCount' value must be dictionary or integer.".into(),
            );
        }
        if s.get("AverageCPUUtilization")
            .is_some_and(|v| !num_or_map(v))
        {
            problems.push("Property 'ScalingConfig.AverageCPUUtilization' value must be dictionary or number.".into());
        }
        for key in s.keys() {
            if key != "MaxVCpuCount" && key != "AverageCPUUtilization" {
                problems.push(format!(
                    "Property 'ScalingConfig.{key}' is an invalid property."
                ));
            }
        }
    }
    c.kms_key_arn = string_or_map(&mut p, "KmsKeyArn", diags);
    c.logging_config = p.map_like("LoggingConfig", diags);
    c.managed_resource_tags = p
        .map_like("ManagedResourceTags", diags)
        .and_then(|v| v.as_object().cloned());
    p.finish(&[], diags);
    // SAM checks the schema only once the property types pass.
    if !problems.is_empty() && diags.len() == before {
        cur.plain_error(diags, problems.join(" "));
    }
    (diags.len() == before).then_some(c)
}
