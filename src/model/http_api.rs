//! An API Gateway HTTP API (SAM's `AWS::Serverless::HttpApi`, or the implicit
//! `ServerlessHttpApi` SAM creates for `HttpApi` events that name no API),
//! and the routes functions attach to it.

use serde_json::Value;

use super::{Attributes, Tags};

/// The logical ID SAM gives the implicit HTTP API.
pub const IMPLICIT_HTTP_API_ID: &str = "ServerlessHttpApi";

/// The path and method SAM gives an `HttpApi` event that sets neither.
pub const DEFAULT_PATH: &str = "$default";
pub const ANY_METHOD: &str = "x-amazon-apigateway-any-method";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpApi {
    pub id: String,
    pub attributes: Attributes,
    /// True for the `ServerlessHttpApi` SAM creates for events without `ApiId`.
    pub implicit: bool,
    /// `Name`: the OpenAPI `info.title`. Default: `Ref AWS::StackName`.
    pub name: Option<Value>,
    /// Stage name. Default: `$default`.
    pub stage_name: Option<Value>,
    /// Tags of the API (in the body), its stage and its domain.
    pub tags: Option<Tags>,
    /// A user-supplied OpenAPI 3 document. Default: SAM generates one from
    /// the functions' `HttpApi` events and manages it.
    pub definition_body: Option<Value>,
    /// S3 location of the definition (`s3://bucket/key` or `{Bucket, Key, Version}`).
    pub definition_uri: Option<Value>,
    pub stage_variables: Option<Value>,
    /// `true`, an intrinsic (the allowed origins) or a map of CORS settings.
    pub cors_configuration: Option<Value>,
    pub access_log_settings: Option<Value>,
    pub default_route_settings: Option<Value>,
    /// `Auth` as written; `Some(Null)` when written empty (SAM then rejects
    /// events that set `Auth`).
    pub auth: Option<Value>,
    /// Per-route settings, with the events' `RouteSettings` already merged in.
    pub route_settings: Option<Value>,
    /// Custom domain (`DomainName`, `CertificateArn`, `BasePath`, `Route53`, …).
    pub domain: Option<Value>,
    pub fail_on_warnings: Option<Value>,
    pub description: Option<Value>,
    pub disable_execute_api_endpoint: Option<Value>,
}

impl HttpApi {
    /// Whether SAM generates and manages the body (`__MANAGE_SWAGGER`): the
    /// implicit API, and explicit ones without `DefinitionBody`/`DefinitionUri`.
    pub fn managed(&self) -> bool {
        self.implicit
            || (!truthy(self.definition_body.as_ref()) && !truthy(self.definition_uri.as_ref()))
    }
}

fn truthy(v: Option<&Value>) -> bool {
    v.is_some_and(crate::model::value::truthy)
}

/// A function's `HttpApi` event: one method on one path of an HTTP API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpApiEvent {
    /// Logical ID of the API (`ApiId`). Default: the implicit `ServerlessHttpApi`.
    pub api_id: Option<String>,
    /// `ApiId` as written (a string or `{"Ref": …}`): SAM puts it verbatim
    /// into the permission's source ARN.
    pub api_ref: Option<Value>,
    /// Default (with `method`): `$default`.
    pub path: String,
    /// As written. Default (with `path`): `x-amazon-apigateway-any-method`.
    pub method: String,
    /// `Authorizer` and `AuthorizationScopes` for this route.
    pub auth: Option<Value>,
    pub timeout_in_millis: Option<Value>,
    /// Merged into the API's `RouteSettings` under this route's key.
    pub route_settings: Option<Value>,
    /// Default: `2.0`.
    pub payload_format_version: Option<Value>,
}
