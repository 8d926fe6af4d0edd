//! `AWS::ApiGatewayV2::*` (HTTP and WebSocket APIs).

#[allow(unused_imports)]
use serde::Serialize;
#[allow(unused_imports)]
use serde_json::{Map, Value};

#[allow(unused_imports)]
use super::ResourceType;

// ---- WebSocket APIs (SAM's `AWS::Serverless::WebSocketApi`) ---------------
// Properties in the order SAM's `model/apigatewayv2.py` declares them. The
// stage, domain name and API mapping below serve WebSocket and HTTP APIs alike.

/// `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET` (SAM's `ApiGatewayV2WebSocketApi`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WsApi {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_selection_expression: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_execute_api_endpoint: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_schema_validation: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<Value>,
    pub name: Value,
    pub protocol_type: Value,
    pub route_selection_expression: Value,
    pub tags: Map<String, Value>,
}

impl ResourceType for WsApi {
    const TYPE: &'static str = "AWS::ApiGatewayV2::Api";
}

/// `AWS::ApiGatewayV2::Route` (SAM's `ApiGatewayV2Route`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WsRoute {
    pub api_id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_required: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_type: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_selection_expression: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_models: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_parameters: Option<Value>,
    pub route_key: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_response_selection_expression: Option<Value>,
    pub target: Value,
}

impl ResourceType for WsRoute {
    const TYPE: &'static str = "AWS::ApiGatewayV2::Route";
}

/// `AWS::ApiGatewayV2::Integration` (SAM's `ApiGatewayV2Integration`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WsIntegration {
    pub api_id: Value,
    pub integration_type: Value,
    pub integration_uri: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_in_millis: Option<Value>,
}

impl ResourceType for WsIntegration {
    const TYPE: &'static str = "AWS::ApiGatewayV2::Integration";
}

/// `AWS::ApiGatewayV2::Authorizer` as SAM writes it for `$connect` (SAM's `ApiGatewayV2WSAuthorizer`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WsAuthorizer {
    pub api_id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer_credentials_arn: Option<Value>,
    pub authorizer_type: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer_uri: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_source: Option<Value>,
    pub name: Value,
}

impl ResourceType for WsAuthorizer {
    const TYPE: &'static str = "AWS::ApiGatewayV2::Authorizer";
}

// ---- end of WebSocket APIs ------------------------------------------------

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
