//! `AWS::Route53::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::Route53::RecordSetGroup`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordSetGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosted_zone_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosted_zone_name: Option<Value>,
    pub record_sets: Vec<Value>,
}

impl ResourceType for RecordSetGroup {
    const TYPE: &'static str = "AWS::Route53::RecordSetGroup";
}
