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
    match p.get("VpcConfig") {
        None => cur.plain_error(diags, "Missing required property 'VpcConfig'."),
        Some(Value::Object(m)) => {
            if !m.contains_key("SubnetIds") {
                cur.plain_error(diags, "Property 'VpcConfig.SubnetIds' is required.");
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
    c.kms_key_arn = string_or_map(&mut p, "KmsKeyArn", diags);
    c.logging_config = p.map_like("LoggingConfig", diags);
    c.managed_resource_tags = p
        .map_like("ManagedResourceTags", diags)
        .and_then(|v| v.as_object().cloned());
    p.finish(&[], diags);
    (diags.len() == before).then_some(c)
}
