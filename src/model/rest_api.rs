//! An API Gateway REST API (SAM's `AWS::Serverless::Api`, or the implicit
//! `ServerlessRestApi` SAM creates for `Api` events that name no API), and the
//! routes functions attach to it.

use serde_json::{Map, Value};

use super::value::KeyHistory;
use super::{Attributes, Tags};

/// The logical ID SAM gives the implicit REST API.
pub const IMPLICIT_REST_API_ID: &str = "ServerlessRestApi";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RestApi {
    pub id: String,
    pub attributes: Attributes,
    /// True for the `ServerlessRestApi` SAM creates for events without `RestApiId`.
    pub implicit: bool,
    /// Stage name (`Prod` for the implicit API). Required for explicit APIs.
    pub stage_name: Option<Value>,
    /// A user-supplied OpenAPI/Swagger document. Default: SAM generates one
    /// from the functions' `Api` events and manages it.
    pub definition_body: Option<Value>,
    /// S3 location of the definition (`s3://bucket/key` or `{Bucket, Key, Version}`).
    pub definition_uri: Option<Value>,
    pub name: Option<Value>,
    pub description: Option<Value>,
    /// OpenAPI version; `3.x` drops the extra `Stage` stage and rewrites the body.
    pub open_api_version: Option<Value>,
    pub endpoint_configuration: Option<Value>,
    pub binary_media_types: Option<Value>,
    pub minimum_compression_size: Option<Value>,
    pub fail_on_warnings: Option<Value>,
    pub mode: Option<Value>,
    pub api_key_source_type: Option<Value>,
    pub policy: Option<Value>,
    pub security_policy: Option<Value>,
    pub endpoint_access_mode: Option<Value>,
    pub disable_execute_api_endpoint: Option<Value>,
    /// Stage settings.
    pub cache_cluster_enabled: Option<Value>,
    pub cache_cluster_size: Option<Value>,
    pub variables: Option<Value>,
    pub method_settings: Option<Value>,
    pub access_log_setting: Option<Value>,
    pub canary_setting: Option<Value>,
    pub tracing_enabled: Option<Value>,
    /// Stage tags (SAM tags the stage, not the RestApi, unless `PropagateTags`).
    pub tags: Option<Tags>,
    pub propagate_tags: bool,
    /// `Cors`: an origin (string or intrinsic) or a map of `AllowOrigin`,
    /// `AllowMethods`, `AllowHeaders`, `MaxAge`, `AllowCredentials`.
    /// Default: no `options` methods are added.
    pub cors: Option<Value>,
    /// `Auth`: authorizers, default authorizer, API keys, resource policy,
    /// usage plan. Kept as written: SAM validates it while translating.
    pub auth: Option<Value>,
    /// `GatewayResponses` by response type.
    pub gateway_responses: Option<Value>,
    /// `Models`: JSON schemas by name, for `RequestModel` on events.
    pub models: Option<Value>,
    /// `Domain`: a custom domain name, base path mappings and Route 53 records.
    pub domain: Option<Value>,
    /// `MergeDefinitions`: SAM builds each event's method on its own and merges
    /// it into the user's `DefinitionBody`. Default: false.
    pub merge_definitions: bool,
    /// Redeploy on every transform (the deployment hash includes the time).
    pub always_deploy: bool,
    /// Other properties by their SAM names (the DSL's escape hatch); the
    /// expander reads the ones it knows and rejects the rest.
    pub properties: Map<String, Value>,
    /// How SAM built the key tables of the property maps `Globals.Api`
    /// merged into (children by property name); empty when nothing merged.
    pub key_history: KeyHistory,
}

/// A function's `Api` event: one method on one path of a REST API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiEvent {
    /// Logical ID of the `AWS::Serverless::Api` (`RestApiId`). Default: the implicit `ServerlessRestApi`.
    pub rest_api_id: Option<String>,
    pub path: String,
    /// Lowercase HTTP method, or `any`.
    pub method: String,
    /// Other event properties for the API expander. `RestApiId` is kept here
    /// as written (a string or `{"Ref": …}`): SAM puts it verbatim into the
    /// permission's source ARN.
    pub properties: Map<String, Value>,
}
