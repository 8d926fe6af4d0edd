//! `AWS::ApiGateway::*` (REST APIs), with properties in the order SAM's
//! resource models declare them.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::ApiGateway::RestApi`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestApi {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_s3_location: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on_warnings: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_configuration: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binary_media_types: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_compression_size: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_source_type: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_policy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_access_mode: Option<Value>,
}

impl ResourceType for RestApi {
    const TYPE: &'static str = "AWS::ApiGateway::RestApi";
}

/// `AWS::ApiGateway::Deployment`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Deployment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    pub rest_api_id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_name: Option<Value>,
}

impl ResourceType for Deployment {
    const TYPE: &'static str = "AWS::ApiGateway::Deployment";
}

/// `AWS::ApiGateway::Stage`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_log_setting: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_cluster_enabled: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_cluster_size: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary_setting: Option<Value>,
    pub deployment_id: Value,
    pub rest_api_id: Value,
    pub stage_name: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_enabled: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_settings: Option<Value>,
}

impl ResourceType for Stage {
    const TYPE: &'static str = "AWS::ApiGateway::Stage";
}
