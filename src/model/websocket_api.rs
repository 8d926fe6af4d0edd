//! An API Gateway WebSocket API (SAM's `AWS::Serverless::WebSocketApi`):
//! the API, its routes (each a Lambda proxy integration), optional `$connect`
//! authorization, one auto-deployed stage and an optional custom domain.
//!
//! Values stay as written (literals or intrinsics); SAM inlines template
//! parameters into `Auth`, `Domain` and `Routes` at transform time, and so
//! does our expander.

use serde_json::{Map, Value};

use super::Attributes;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebSocketApi {
    pub id: String,
    /// Only `DependsOn` reaches the output: SAM 1.115 hands none of the other
    /// resource attributes (Condition, DeletionPolicy, …) to what it generates.
    pub attributes: Attributes,
    /// Default: the logical ID.
    pub name: Option<Value>,
    pub description: Option<Value>,
    pub api_key_selection_expression: Option<Value>,
    /// Required, e.g. `$request.body.action`.
    pub route_selection_expression: Value,
    pub disable_execute_api_endpoint: Option<Value>,
    pub disable_schema_validation: Option<Value>,
    /// `ipv4` or `dualstack` (or an intrinsic).
    pub ip_address_type: Option<Value>,
    /// Default: `default` (not API Gateway's `$default`, which is a route key here).
    pub stage_name: Option<Value>,
    pub stage_variables: Option<Value>,
    pub access_log_settings: Option<Value>,
    pub default_route_settings: Option<Value>,
    pub route_settings: Option<Value>,
    /// Routes in the user's order (it decides which of two colliding IDs wins).
    pub routes: Vec<WebSocketRoute>,
    /// Default: no authorization on `$connect`.
    pub auth: Option<WebSocketAuth>,
    pub domain: Option<WebSocketDomain>,
    /// User tags (a map, or an intrinsic map SAM extends all the same).
    pub tags: Option<Map<String, Value>>,
    /// Copy `Tags` onto the stage and domain name too. Default: false.
    pub propagate_tags: bool,
}

/// One entry of `Routes`: a route key (`$connect`, `$disconnect`, `$default`
/// or an alphanumeric custom key) and the function behind it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebSocketRoute {
    pub key: String,
    /// `Some(Value::Null)` when written as `null`: SAM checks presence only.
    pub function_arn: Option<Value>,
    pub integration_timeout: Option<Value>,
    pub api_key_required: Option<Value>,
    pub model_selection_expression: Option<Value>,
    pub operation_name: Option<Value>,
    pub request_models: Option<Value>,
    /// Only allowed on `$connect`.
    pub request_parameters: Option<Value>,
    pub route_response_selection_expression: Option<Value>,
}

/// `Auth`: authorization for the `$connect` route.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebSocketAuth {
    /// `AWS_IAM`, `CUSTOM` or `NONE`.
    pub auth_type: Option<Value>,
    /// The Lambda authorizer's ARN (required for `CUSTOM`).
    pub auth_arn: Option<Value>,
    /// Role API Gateway assumes to call the authorizer. Default: a resource
    /// policy (Lambda permission) on the authorizer function instead.
    pub invoke_role: Option<Value>,
    pub identity_source: Option<Value>,
    /// Default: `<Api>ConnectAuthorizer`.
    pub name: Option<Value>,
    /// How many keys were written under `Auth` (SAM's checks count them all,
    /// including keys it does not know).
    pub key_count: usize,
}

/// `Domain`: a regional custom domain name, its API mappings and an optional
/// Route 53 alias record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebSocketDomain {
    pub domain_name: Option<Value>,
    pub certificate_arn: Option<Value>,
    /// Default and only accepted value: `REGIONAL`.
    pub endpoint_configuration: Option<Value>,
    pub ownership_verification_certificate_arn: Option<Value>,
    pub security_policy: Option<Value>,
    /// Rejected for WebSocket APIs, as SAM does.
    pub mutual_tls_authentication: Option<Value>,
    /// A path or a list of paths. Default: one mapping at the root.
    pub base_path: Option<Value>,
    /// `{HostedZoneId | HostedZoneName, IpV6, EvaluateTargetHealth, Region, SetIdentifier}`.
    pub route53: Option<Value>,
}
