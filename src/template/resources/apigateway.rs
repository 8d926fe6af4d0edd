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

/// `AWS::ApiGateway::UsagePlan`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsagePlan {
    pub api_stages: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttle: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_plan_name: Option<Value>,
}

impl ResourceType for UsagePlan {
    const TYPE: &'static str = "AWS::ApiGateway::UsagePlan";
}

/// `AWS::ApiGateway::ApiKey`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiKey {
    pub enabled: bool,
    pub stage_keys: Vec<Value>,
}

impl ResourceType for ApiKey {
    const TYPE: &'static str = "AWS::ApiGateway::ApiKey";
}

/// `AWS::ApiGateway::UsagePlanKey`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsagePlanKey {
    pub key_id: Value,
    pub key_type: Value,
    pub usage_plan_id: Value,
}

impl ResourceType for UsagePlanKey {
    const TYPE: &'static str = "AWS::ApiGateway::UsagePlanKey";
}

/// `AWS::ApiGateway::DomainName`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainName {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regional_certificate_arn: Option<Value>,
    pub domain_name: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_configuration: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutual_tls_authentication: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_policy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_access_mode: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ownership_verification_certificate_arn: Option<Value>,
    /// Only on `DomainNameV2` (private domains).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
}

impl ResourceType for DomainName {
    const TYPE: &'static str = "AWS::ApiGateway::DomainName";
}

/// `AWS::ApiGateway::DomainNameV2`: a private custom domain.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct DomainNameV2(pub DomainName);

impl ResourceType for DomainNameV2 {
    const TYPE: &'static str = "AWS::ApiGateway::DomainNameV2";
}

/// `AWS::ApiGateway::BasePathMapping` (and, with `DomainNameArn`, `BasePathMappingV2`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BasePathMapping {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_path: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_name_arn: Option<Value>,
    pub rest_api_id: Value,
    pub stage: Value,
}

impl ResourceType for BasePathMapping {
    const TYPE: &'static str = "AWS::ApiGateway::BasePathMapping";
}

/// `AWS::ApiGateway::BasePathMappingV2`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct BasePathMappingV2(pub BasePathMapping);

impl ResourceType for BasePathMappingV2 {
    const TYPE: &'static str = "AWS::ApiGateway::BasePathMappingV2";
}

/// `AWS::ApiGateway::DomainNameAccessAssociation`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainNameAccessAssociation {
    pub access_association_source: Value,
    pub access_association_source_type: Value,
    pub domain_name_arn: Value,
}

impl ResourceType for DomainNameAccessAssociation {
    const TYPE: &'static str = "AWS::ApiGateway::DomainNameAccessAssociation";
}
