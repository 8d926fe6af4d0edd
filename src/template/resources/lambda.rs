//! `AWS::Lambda::*`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::ResourceType;

/// `AWS::Lambda::Function`, its properties in the order SAM's `LambdaFunction`
/// declares them. `rest` holds raw overrides (the DSL's escape hatch).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Function {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_type: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dead_letter_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layers: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_concurrent_executions: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_system_configs: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_signing_config_arn: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architectures: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snap_start: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_management_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recursive_loop: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_provider_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_scaling_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_to_latest_published: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenancy_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub durable_config: Option<Value>,
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

/// `AWS::Lambda::Version` (SAM's `LambdaVersion`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Version {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_sha256: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    pub function_name: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_scaling_config: Option<Value>,
}

impl ResourceType for Version {
    const TYPE: &'static str = "AWS::Lambda::Version";
}

/// `AWS::Lambda::Alias` (SAM's `LambdaAlias`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alias {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    pub name: Value,
    pub function_name: Value,
    pub function_version: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_concurrency_config: Option<Value>,
}

impl ResourceType for Alias {
    const TYPE: &'static str = "AWS::Lambda::Alias";
}

/// `AWS::Lambda::Url` (SAM's `LambdaUrl`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Url {
    pub target_function_arn: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cors: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoke_mode: Option<Value>,
}

impl ResourceType for Url {
    const TYPE: &'static str = "AWS::Lambda::Url";
}

/// `AWS::Lambda::Permission` as SAM writes it for a public function URL:
/// the fields of [`Permission`] plus `FunctionUrlAuthType` and `InvokedViaFunctionUrl`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UrlPermission {
    pub action: Value,
    pub function_name: Value,
    pub principal: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_url_auth_type: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoked_via_function_url: Option<Value>,
}

impl ResourceType for UrlPermission {
    const TYPE: &'static str = "AWS::Lambda::Permission";
}

/// `AWS::Lambda::Permission` as SAM's push event sources write it, in
/// SAM's `LambdaPermission` property order.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventPermission {
    pub action: Value,
    pub function_name: Value,
    pub principal: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_account: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_source_token: Option<Value>,
}

impl ResourceType for EventPermission {
    const TYPE: &'static str = "AWS::Lambda::Permission";
}

/// `AWS::Lambda::EventSourceMapping`: the properties as SAM sets them, in its
/// `LambdaEventSourceMapping` order (the expander inserts them in that order).
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventSourceMapping(pub Map<String, Value>);

impl ResourceType for EventSourceMapping {
    const TYPE: &'static str = "AWS::Lambda::EventSourceMapping";
}

/// `AWS::Lambda::EventInvokeConfig` (SAM's `LambdaEventInvokeConfig`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventInvokeConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_config: Option<Value>,
    pub function_name: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_event_age_in_seconds: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_retry_attempts: Option<Value>,
    pub qualifier: Value,
}

impl ResourceType for EventInvokeConfig {
    const TYPE: &'static str = "AWS::Lambda::EventInvokeConfig";
}

/// `AWS::Lambda::CapacityProvider`, its properties in the order SAM's
/// `LambdaCapacityProvider` declares them.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CapacityProvider {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_provider_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_requirements: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_provider_scaling_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub propagate_tags: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telemetry_config: Option<Value>,
}

impl ResourceType for CapacityProvider {
    const TYPE: &'static str = "AWS::Lambda::CapacityProvider";
}

/// `AWS::Lambda::WebFunction` (SAM's `LambdaWebFunction`). `Ref` gives its
/// ARN, not its name.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebFunction {
    pub function_name: Value,
    pub tags: Vec<Value>,
}

impl ResourceType for WebFunction {
    const TYPE: &'static str = "AWS::Lambda::WebFunction";
}

/// `AWS::Lambda::WebFunctionRevision` (SAM's `LambdaWebFunctionRevision`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebFunctionRevision {
    pub function_name: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Value>,
    pub build_config: Value,
    pub service_config: Value,
}

impl ResourceType for WebFunctionRevision {
    const TYPE: &'static str = "AWS::Lambda::WebFunctionRevision";
}

/// `AWS::Lambda::WebFunctionEndpoint` (SAM's `LambdaWebFunctionEndpoint`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebFunctionEndpoint {
    pub function_name: Value,
    pub endpoint_name: Value,
    pub endpoint_type: Value,
    pub auth_type: Value,
    pub revision_weights: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_config: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttle_config: Option<Value>,
}

impl ResourceType for WebFunctionEndpoint {
    const TYPE: &'static str = "AWS::Lambda::WebFunctionEndpoint";
}
