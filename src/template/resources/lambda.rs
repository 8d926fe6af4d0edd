//! `AWS::Lambda::*`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::ResourceType;

/// `AWS::Lambda::Function`. Properties SAM copies through unchanged live in
/// `rest`, in the order SAM's resource model declares them.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Function {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl ResourceType for Function {
    const TYPE: &'static str = "AWS::Lambda::Function";
}

/// `AWS::Lambda::Permission`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permission {
    pub action: Value,
    pub function_name: Value,
    pub principal: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_account: Option<Value>,
}

impl ResourceType for Permission {
    const TYPE: &'static str = "AWS::Lambda::Permission";
}

/// `AWS::Lambda::LayerVersion`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LayerVersion {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatible_architectures: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatible_runtimes: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license_info: Option<Value>,
}

impl ResourceType for LayerVersion {
    const TYPE: &'static str = "AWS::Lambda::LayerVersion";
}
