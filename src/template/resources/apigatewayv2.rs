//! `AWS::ApiGatewayV2::*` (HTTP and WebSocket APIs).

#[allow(unused_imports)]
use serde::Serialize;
#[allow(unused_imports)]
use serde_json::{Map, Value};

#[allow(unused_imports)]
use super::ResourceType;

/// `AWS::ApiGatewayV2::Api` as SAM generates it for an HTTP API.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HttpApi {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_s3_location: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on_warnings: Option<Value>,
}

impl ResourceType for HttpApi {
    const TYPE: &'static str = "AWS::ApiGatewayV2::Api";
}

/// `AWS::ApiGatewayV2::Stage` (SAM always auto-deploys HTTP API stages).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_log_settings: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_route_settings: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_settings: Option<Value>,
    pub api_id: Value,
    pub stage_name: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_variables: Option<Value>,
    pub auto_deploy: bool,
}

impl ResourceType for Stage {
    const TYPE: &'static str = "AWS::ApiGatewayV2::Stage";
}

/// `AWS::ApiGatewayV2::DomainName`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainName {
    pub domain_name: Value,
    pub domain_name_configurations: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutual_tls_authentication: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
}

impl ResourceType for DomainName {
    const TYPE: &'static str = "AWS::ApiGatewayV2::DomainName";
}

/// `AWS::ApiGatewayV2::ApiMapping`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiMapping {
    pub api_id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_mapping_key: Option<Value>,
    pub domain_name: Value,
    pub stage: Value,
}

impl ResourceType for ApiMapping {
    const TYPE: &'static str = "AWS::ApiGatewayV2::ApiMapping";
}
