//! `AWS::DynamoDB::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::DynamoDB::Table` (the subset SAM's SimpleTable produces).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Table {
    pub attribute_definitions: Vec<AttributeDefinition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_mode: Option<Value>,
    pub key_schema: Vec<KeySchema>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_throughput: Option<Value>,
    #[serde(rename = "SSESpecification", skip_serializing_if = "Option::is_none")]
    pub sse_specification: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point_in_time_recovery_specification: Option<Value>,
}

impl ResourceType for Table {
    const TYPE: &'static str = "AWS::DynamoDB::Table";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeDefinition {
    pub attribute_name: Value,
    pub attribute_type: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeySchema {
    pub attribute_name: Value,
    pub key_type: &'static str,
}
