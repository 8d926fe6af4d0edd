//! An API Gateway REST API (SAM's `AWS::Serverless::Api`, or the implicit
//! `ServerlessRestApi` SAM creates for `Api` events that name no API), and the
//! routes functions attach to it.

use serde_json::{Map, Value};

use super::Attributes;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RestApi {
    pub id: String,
    pub attributes: Attributes,
    /// Stage name (`Prod` for the implicit API).
    pub stage_name: Option<Value>,
    /// A user-supplied OpenAPI/Swagger document. Default: generated from the routes.
    pub definition_body: Option<Value>,
    /// Other properties, keyed by their SAM names, for the API expander.
    pub properties: Map<String, Value>,
}

/// A function's `Api` event: one method on one path of a REST API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiEvent {
    /// Logical ID of the `AWS::Serverless::Api` (`RestApiId`). Default: the implicit `ServerlessRestApi`.
    pub rest_api_id: Option<String>,
    pub path: String,
    /// Lowercase HTTP method, or `any`.
    pub method: String,
    /// Other event properties (`Auth`, `RequestParameters`, …) for the API expander.
    pub properties: Map<String, Value>,
}
