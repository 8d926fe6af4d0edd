//! REST APIs in the DSL (SAM's `AWS::Serverless::Api`). Routes are events on
//! functions: `Function::on("Get", Route::get("/items").on(api))`.
//!
//! Everything SAM's `AWS::Serverless::Api` accepts has a typed setter here,
//! lowered to exactly the properties a SAM template would write, so a DSL app
//! and its SAM twin synthesize the same CloudFormation. Routes are checked
//! where they are written (method enum, path shape), and the same method and
//! path twice on one API is an error naming both routes.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::model::rest_api::IMPLICIT_REST_API_ID;
use crate::model::Ref;
use crate::template::Expr;
use crate::transform::logical_id;

use super::super::function::{Event, SamEvent};
use super::super::parts::{Dependency, Parts, Problem, ResourceBuilder};
use super::super::{intern, App, Lowering};
use super::auth::Authorizer;
use super::domain::Domain;
use super::policy::ResourcePolicy;
use super::stage::{AccessLog, CacheClusterSize, Canary, MethodSetting};
use super::usage_plan::ApiUsagePlan;
use super::{Rest, Stage};

/// An HTTP method of a REST route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    /// Any method (`x-amazon-apigateway-any-method`).
    Any,
}

impl Method {
    /// SAM's spelling of the method in an `Api` event (`get`, …, `any`).
    pub fn sam_name(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
            Method::Head => "head",
            Method::Options => "options",
            Method::Any => "any",
        }
    }

    /// The method as API Gateway writes it in settings and headers (`GET`, `*` for any).
    pub fn upper_name(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Any => "*",
        }
    }
}

/// Where a REST API's endpoint is reachable.
#[derive(Debug, Clone, PartialEq)]
pub enum Endpoint {
    /// Through a CloudFront distribution API Gateway manages (`EDGE`).
    Edge,
    /// In the stack's region (`REGIONAL`).
    Regional,
    /// Only from VPCs, through these interface VPC endpoints (`PRIVATE`).
    Private(Vec<Value>),
}

impl Endpoint {
    /// A private endpoint reachable through the given VPC endpoint IDs
    /// (`vpce-…` literals or expressions).
    pub fn private<V: Into<Value>>(vpc_endpoint_ids: impl IntoIterator<Item = V>) -> Self {
        Endpoint::Private(vpc_endpoint_ids.into_iter().map(Into::into).collect())
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            Endpoint::Edge => "EDGE",
            Endpoint::Regional => "REGIONAL",
            Endpoint::Private(_) => "PRIVATE",
        }
    }
}

/// Where API Gateway reads a request's API key from (`ApiKeySourceType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeySource {
    /// The `X-API-Key` header.
    Header,
    /// The `usageIdentifierKey` a Lambda authorizer returns.
    Authorizer,
}

/// The role API Gateway calls a function with.
#[derive(Debug, Clone, PartialEq)]
pub enum InvokeRole {
    /// The IAM caller's own credentials (`CALLER_CREDENTIALS`).
    CallerCredentials,
    /// A role, by ARN (a literal or an expression).
    Arn(Value),
}

impl InvokeRole {
    fn into_value(self) -> Value {
        match self {
            InvokeRole::CallerCredentials => "CALLER_CREDENTIALS".into(),
            InvokeRole::Arn(v) => v,
        }
    }
}

/// How an imported OpenAPI body updates an existing API (`Mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The body replaces the API's definition.
    Overwrite,
    /// The body is merged into the API's definition.
    Merge,
}

/// CORS for every path of a REST API (SAM's `Cors`): SAM adds an `OPTIONS`
/// method answering the preflight. Values are written as API Gateway wants
/// them (quoted header values); give them unquoted.
///
/// ```
/// use stackwright::dsl::api::rest::{Cors, Method};
/// let cors = Cors::origin("https://shop.example.com")
///     .methods([Method::Get, Method::Post])
///     .headers(["Content-Type", "Authorization"])
///     .max_age(600)
///     .credentials();
/// # let _ = cors;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Cors {
    map: Map<String, Value>,
}

fn quoted(s: &str) -> Value {
    Value::String(format!("'{s}'"))
}

impl Cors {
    /// Allows `origin` (`*` for any).
    /// Default methods: all the path's methods; default headers: none.
    pub fn origin(origin: &str) -> Self {
        let mut map = Map::new();
        map.insert("AllowOrigin".into(), quoted(origin));
        Cors { map }
    }

    /// The methods a preflight allows.
    /// Default: every method defined on the path, plus `OPTIONS`.
    pub fn methods(mut self, methods: impl IntoIterator<Item = Method>) -> Self {
        let list: Vec<&str> = methods.into_iter().map(Method::upper_name).collect();
        self.map
            .insert("AllowMethods".into(), quoted(&list.join(",")));
        self
    }

    /// The request headers a preflight allows.
    /// Default: none.
    pub fn headers<S: AsRef<str>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        let list: Vec<String> = headers
            .into_iter()
            .map(|h| h.as_ref().to_string())
            .collect();
        self.map
            .insert("AllowHeaders".into(), quoted(&list.join(",")));
        self
    }

    /// How long browsers may cache the preflight answer, in seconds.
    /// Default: the browser's default.
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.map
            .insert("MaxAge".into(), quoted(&seconds.to_string()));
        self
    }

    /// Allows credentials (cookies, authorization headers) on cross-origin requests.
    /// Default: not allowed.
    pub fn credentials(mut self) -> Self {
        self.map.insert("AllowCredentials".into(), true.into());
        self
    }
}

/// The kinds of error response API Gateway lets an API customize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum GatewayResponseType {
    AccessDenied,
    ApiConfigurationError,
    AuthorizerConfigurationError,
    AuthorizerFailure,
    BadRequestBody,
    BadRequestParameters,
    Default4xx,
    Default5xx,
    ExpiredToken,
    IntegrationFailure,
    IntegrationTimeout,
    InvalidApiKey,
    InvalidSignature,
    MissingAuthenticationToken,
    QuotaExceeded,
    RequestTooLarge,
    ResourceNotFound,
    Throttled,
    Unauthorized,
    UnsupportedMediaType,
    WafFiltered,
}

impl GatewayResponseType {
    /// API Gateway's name for the response type (`DEFAULT_4XX`).
    pub fn name(self) -> &'static str {
        use GatewayResponseType::*;
        match self {
            AccessDenied => "ACCESS_DENIED",
            ApiConfigurationError => "API_CONFIGURATION_ERROR",
            AuthorizerConfigurationError => "AUTHORIZER_CONFIGURATION_ERROR",
            AuthorizerFailure => "AUTHORIZER_FAILURE",
            BadRequestBody => "BAD_REQUEST_BODY",
            BadRequestParameters => "BAD_REQUEST_PARAMETERS",
            Default4xx => "DEFAULT_4XX",
            Default5xx => "DEFAULT_5XX",
            ExpiredToken => "EXPIRED_TOKEN",
            IntegrationFailure => "INTEGRATION_FAILURE",
            IntegrationTimeout => "INTEGRATION_TIMEOUT",
            InvalidApiKey => "INVALID_API_KEY",
            InvalidSignature => "INVALID_SIGNATURE",
            MissingAuthenticationToken => "MISSING_AUTHENTICATION_TOKEN",
            QuotaExceeded => "QUOTA_EXCEEDED",
            RequestTooLarge => "REQUEST_TOO_LARGE",
            ResourceNotFound => "RESOURCE_NOT_FOUND",
            Throttled => "THROTTLED",
            Unauthorized => "UNAUTHORIZED",
            UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            WafFiltered => "WAF_FILTERED",
        }
    }
}

/// A customized gateway response (SAM's `GatewayResponses` entry).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let api = RestApi::new("prod").gateway_response(
///     GatewayResponseType::Default4xx,
///     GatewayResponse::new()
///         .header("Access-Control-Allow-Origin", "*")
///         .template("application/json", r#"{"message": $context.error.messageString}"#),
/// );
/// # let _ = api;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GatewayResponse {
    map: Map<String, Value>,
    problems: Vec<Problem>,
}

impl GatewayResponse {
    /// A response keeping API Gateway's status code.
    pub fn new() -> Self {
        Self::default()
    }

    /// The HTTP status code, 100 to 599.
    /// Default: the response type's own status code.
    #[track_caller]
    pub fn status(mut self, code: u16) -> Self {
        if !(100..=599).contains(&code) {
            self.problems.push(Problem::new(
                "StatusCode",
                format!("{code} is not an HTTP status code (100 to 599)."),
            ));
        }
        self.map
            .insert("StatusCode".into(), code.to_string().into());
        self
    }

    fn param(mut self, kind: &str, name: &str, value: Value) -> Self {
        let params = self
            .map
            .entry("ResponseParameters")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(params) = params {
            let slot = params
                .entry(kind)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(slot) = slot {
                slot.insert(name.to_string(), value);
            }
        }
        self
    }

    /// A response header with a literal value (written quoted, as API Gateway wants).
    /// Default: API Gateway's headers only.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.param("Headers", name, quoted(value))
    }

    /// A response header mapped from the request (`method.request.header.Origin`).
    /// Default: API Gateway's headers only.
    pub fn header_from(self, name: &str, mapping: &str) -> Self {
        self.param("Headers", name, mapping.into())
    }

    /// A body template for a content type (`application/json`).
    /// Default: API Gateway's body.
    pub fn template(mut self, content_type: &str, template: &str) -> Self {
        let t = self
            .map
            .entry("ResponseTemplates")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(t) = t {
            t.insert(content_type.to_string(), template.into());
        }
        self
    }
}

/// A REST API definition.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use stackwright::dsl::api::rest::{Cors, Endpoint};
///
/// let mut app = App::new("shop");
/// let api = app.rest_api(
///     "ShopApi",
///     RestApi::new("prod")
///         .endpoint(Endpoint::Regional)
///         .cors(Cors::origin("*"))
///         .tracing(),
/// );
/// app.function(
///     "ListItems",
///     Function::new(Runtime::Python312, "app.list", Code::inline("def list(e, c): pass"))
///         .on("List", Route::get("/items").on(api)),
/// );
/// app.output("Url", Output::new(api.url()));
/// let t = app.synth(&Context::new("eu-west-1")).unwrap();
/// assert!(t.resource("ShopApiprodStage").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct RestApi {
    pub(crate) parts: Parts,
    stage: &'static str,
    /// Work for `App::rest_api` (generated log groups, checks needing the region).
    pub(crate) extra: Vec<Extra>,
}

/// What a REST API builder asks of the App beyond its own declaration.
#[derive(Debug, Clone)]
pub(crate) enum Extra {
    /// A log group for access logs: ID suffix and retention.
    LogGroup { retention: Option<u32> },
    /// A REGIONAL domain's literal certificate region, checked against the stack's.
    RegionalCertificate {
        region: String,
        path: &'static str,
        kind: &'static str,
    },
}

impl ResourceBuilder for RestApi {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

/// Checks a stage name: API Gateway accepts letters, digits, `-` and `_`.
pub(crate) fn check_stage_name(name: &str) -> Result<(), String> {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(())
    } else {
        Err(format!(
            "stage name '{name}' is invalid: use letters, digits, '-' and '_' only ([A-Za-z0-9_-]+)."
        ))
    }
}

impl RestApi {
    /// An API deployed to the stage `stage_name` (e.g. `"prod"`), checked
    /// against `[A-Za-z0-9_-]+`.
    #[track_caller]
    pub fn new(stage_name: impl Into<Cow<'static, str>>) -> Self {
        let stage = intern(stage_name);
        let mut parts = Parts::new();
        if let Err(why) = check_stage_name(stage) {
            parts.problem("StageName", why);
        }
        parts.set("new", "StageName", stage);
        RestApi {
            parts,
            stage,
            extra: Vec::new(),
        }
    }

    /// The API's name.
    /// Default: the stack name.
    pub fn name(mut self, name: impl Into<Value>) -> Self {
        self.parts.set("name", "Name", name.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    /// Active X-Ray tracing on the stage.
    /// Default: on under the `recommended` defaults (`Hardening::Tracing`); off with SAM's.
    pub fn tracing(mut self) -> Self {
        self.parts.set("tracing", "TracingEnabled", true);
        self
    }

    /// The endpoint type (`EndpointConfiguration`).
    /// Default: `EDGE`.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        let mut m = Map::new();
        m.insert("Type".into(), endpoint.name().into());
        if let Endpoint::Private(ids) = &endpoint {
            m.insert("VPCEndpointIds".into(), Value::Array(ids.clone()));
        }
        self.parts
            .set("endpoint", "EndpointConfiguration", Value::Object(m));
        self
    }

    /// A media type served as binary (`image/png`, `*/*`); repeatable.
    /// Default: none (payloads are text).
    pub fn binary_media_type(mut self, media_type: &str) -> Self {
        // SAM's (and API Gateway's) spelling escapes `/` as `~1`.
        self.parts
            .list("binary_media_type", "BinaryMediaTypes")
            .push(media_type.replace('/', "~1").into());
        self
    }

    /// Compresses responses at least this large, 0 to 10,485,760 bytes.
    /// Default: no compression.
    #[track_caller]
    pub fn minimum_compression_size(mut self, bytes: u32) -> Self {
        if bytes > 10_485_760 {
            self.parts.problem(
                "MinimumCompressionSize",
                format!("{bytes} is above API Gateway's limit of 10485760 bytes."),
            );
        }
        self.parts
            .set("minimum_compression_size", "MinimumCompressionSize", bytes);
        self
    }

    /// Where API keys are read from (`ApiKeySourceType`).
    /// Default: the `X-API-Key` header.
    pub fn api_key_source(mut self, source: ApiKeySource) -> Self {
        let v = match source {
            ApiKeySource::Header => "HEADER",
            ApiKeySource::Authorizer => "AUTHORIZER",
        };
        self.parts.set("api_key_source", "ApiKeySourceType", v);
        self
    }

    /// Turns off the default `execute-api` endpoint (clients must use a custom domain).
    /// Default: the endpoint is on.
    pub fn disable_execute_endpoint(mut self) -> Self {
        self.parts.set(
            "disable_execute_endpoint",
            "DisableExecuteApiEndpoint",
            true,
        );
        self
    }

    /// The TLS versions the API's endpoint accepts (`SecurityPolicy`).
    /// Default: API Gateway's default.
    pub fn security_policy(mut self, p: super::domain::SecurityPolicy) -> Self {
        self.parts
            .set("security_policy", "SecurityPolicy", p.name());
        self
    }

    /// How strictly the endpoint matches a request's host (`EndpointAccessMode`).
    /// Default: API Gateway's default.
    pub fn endpoint_access_mode(mut self, m: super::domain::EndpointAccessMode) -> Self {
        self.parts
            .set("endpoint_access_mode", "EndpointAccessMode", m.name());
        self
    }

    /// How an imported OpenAPI body updates the API (`Mode`).
    /// Default: API Gateway's default (`overwrite`).
    pub fn mode(mut self, mode: Mode) -> Self {
        let v = match mode {
            Mode::Overwrite => "overwrite",
            Mode::Merge => "merge",
        };
        self.parts.set("mode", "Mode", v);
        self
    }

    /// Rolls back the API when its definition has warnings (`FailOnWarnings`).
    /// Default: warnings are ignored.
    pub fn fail_on_warnings(mut self) -> Self {
        self.parts.set("fail_on_warnings", "FailOnWarnings", true);
        self
    }

    /// Adds a tag to the stage (and, with [`propagate_tags`](Self::propagate_tags),
    /// to every resource SAM generates).
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .map("tag", "Tags")
            .insert(key.to_string(), value.into());
        self
    }

    /// Tags every resource SAM generates for the API, not only the stage.
    /// Default: only the stage is tagged.
    pub fn propagate_tags(mut self) -> Self {
        self.parts.set("propagate_tags", "PropagateTags", true);
        self
    }

    /// The API's definition as an OpenAPI document read from `path` (JSON or
    /// YAML, read when this is called; relative to the working directory).
    /// SAM adds the functions' routes to it. A file that cannot be read or
    /// parsed is reported at synth.
    /// Default: SAM generates the definition from the routes.
    #[track_caller]
    pub fn openapi_file(mut self, path: impl AsRef<std::path::Path>) -> Self {
        let path = path.as_ref();
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                crate::yaml::parse(&text, &path.display().to_string()).map_err(|e| e.to_string())
            });
        match parsed {
            Ok(body) if body.is_object() => self.parts.set("openapi_file", "DefinitionBody", body),
            Ok(_) => self.parts.problem(
                "DefinitionBody",
                format!("{} is not an OpenAPI document (a map).", path.display()),
            ),
            Err(e) => self.parts.problem(
                "DefinitionBody",
                format!("cannot read OpenAPI file {}: {e}", path.display()),
            ),
        }
        self
    }

    /// The API's definition as an OpenAPI document given inline.
    /// Default: SAM generates the definition from the routes.
    pub fn openapi_body(mut self, body: Value) -> Self {
        self.parts.set("openapi_body", "DefinitionBody", body);
        self
    }

    /// The API's definition as an OpenAPI document in S3 (`s3://bucket/key`).
    /// Default: SAM generates the definition from the routes.
    #[track_caller]
    pub fn openapi_s3(mut self, uri: &str) -> Self {
        if !super::super::function::is_s3_uri(uri) {
            self.parts.problem(
                "DefinitionUri",
                format!("'{uri}' is not an S3 URI of the form s3://bucket/key."),
            );
        }
        self.parts.set("openapi_s3", "DefinitionUri", uri);
        self
    }

    /// Builds each route's method on its own and merges it into the imported
    /// OpenAPI body (`MergeDefinitions`), instead of editing the body in place.
    /// Default: routes are added to the body directly.
    pub fn merge_definitions(mut self) -> Self {
        self.parts
            .set("merge_definitions", "MergeDefinitions", true);
        self
    }

    /// The OpenAPI version of the generated definition (`3.0.1`); a 3.x version
    /// also drops the extra `Stage` stage SAM otherwise creates.
    /// Default: Swagger 2.0.
    pub fn openapi_version(mut self, version: &str) -> Self {
        self.parts.set("openapi_version", "OpenApiVersion", version);
        self
    }

    /// CORS for every path (see [`Cors`]).
    /// Default: no CORS (no `OPTIONS` methods are added).
    pub fn cors(mut self, cors: Cors) -> Self {
        self.parts.set("cors", "Cors", Value::Object(cors.map));
        self
    }

    /// Customizes one of API Gateway's error responses; repeatable.
    /// Default: API Gateway's responses.
    pub fn gateway_response(mut self, kind: GatewayResponseType, r: GatewayResponse) -> Self {
        for p in r.problems {
            self.parts
                .push_problem(p.nested(&format!("GatewayResponses.{}", kind.name())));
        }
        self.parts
            .map("gateway_response", "GatewayResponses")
            .insert(kind.name().into(), Value::Object(r.map));
        self
    }

    /// A request model: a JSON schema routes can require with
    /// [`Route::request_model`]; repeatable.
    /// Default: no models.
    pub fn model(mut self, name: &str, schema: Value) -> Self {
        self.parts
            .map("model", "Models")
            .insert(name.to_string(), schema);
        self
    }

    /// Stage variable `name` (letters, digits, `_`; value `[A-Za-z0-9-._~:/?#&=,]+`).
    /// Default: no variables.
    #[track_caller]
    pub fn variable(mut self, name: &str, value: impl Into<Value>) -> Self {
        let value = value.into();
        if let Err(why) = super::stage::check_variable(name, &value) {
            self.parts.problem(format!("Variables.{name}"), why);
        }
        self.parts
            .map("variable", "Variables")
            .insert(name.to_string(), value);
        self
    }

    /// Per-method settings of the stage (throttling, caching, logging, metrics); repeatable.
    /// Default: the stage's defaults.
    pub fn method_setting(mut self, s: MethodSetting) -> Self {
        self.parts
            .list("method_setting", "MethodSettings")
            .push(s.into_value());
        self
    }

    /// Access logs of the stage into a generated log group `<Api>AccessLogs`.
    /// Default: no access logs with SAM's defaults; the `recommended` defaults
    /// add JSON access logs to a generated log group (`Hardening::AccessLogs`).
    pub fn access_log(mut self, log: AccessLog) -> Self {
        self.extra.retain(|e| !matches!(e, Extra::LogGroup { .. }));
        self.extra.push(Extra::LogGroup {
            retention: log.retention,
        });
        self.parts
            .set("access_log", "AccessLogSetting", log.setting_placeholder());
        self
    }

    /// Canary settings of the stage.
    /// Default: no canary.
    pub fn canary(mut self, c: Canary) -> Self {
        self.parts
            .set("canary", "CanarySetting", Value::Object(c.into_map()));
        self
    }

    /// A cache cluster of `size` for the stage.
    /// Default: no cache cluster.
    pub fn cache_cluster(mut self, size: CacheClusterSize) -> Self {
        self.parts.set("cache_cluster", "CacheClusterEnabled", true);
        self.parts
            .set("cache_cluster", "CacheClusterSize", size.name());
        self
    }

    /// Denies or allows callers by account, IP range, VPC or VPC endpoint
    /// (SAM's `Auth.ResourcePolicy`).
    /// Default: no resource policy.
    pub fn resource_policy(mut self, policy: ResourcePolicy) -> Self {
        self.parts
            .map("resource_policy", "Auth")
            .insert("ResourcePolicy".into(), Value::Object(policy.into_map()));
        self
    }

    /// Requires an API key on every route (`Auth.ApiKeyRequired`).
    /// Default: no route requires one.
    pub fn api_key_required(mut self) -> Self {
        self.parts
            .map("api_key_required", "Auth")
            .insert("ApiKeyRequired".into(), true.into());
        self
    }

    /// IAM authorization on every route (`Auth.DefaultAuthorizer: AWS_IAM`);
    /// see [`App::rest_default_authorizer`] for a declared authorizer.
    /// Default: no authorization.
    pub fn iam_by_default(mut self) -> Self {
        self.parts
            .map("iam_by_default", "Auth")
            .insert("DefaultAuthorizer".into(), "AWS_IAM".into());
        self
    }

    /// Calls every route's function with this role (`Auth.InvokeRole`): a role
    /// ARN, or [`InvokeRole::CallerCredentials`] for IAM-authorized callers.
    /// Default: API Gateway calls functions through their Lambda permissions.
    pub fn invoke_role(mut self, role: InvokeRole) -> Self {
        self.parts
            .map("invoke_role", "Auth")
            .insert("InvokeRole".into(), role.into_value());
        self
    }

    /// Leaves the CORS preflight (`OPTIONS`) without the default authorizer
    /// (`Auth.AddDefaultAuthorizerToCorsPreflight: false`).
    /// Default: the preflight uses the default authorizer, as SAM does.
    pub fn open_cors_preflight(mut self) -> Self {
        self.parts
            .map("open_cors_preflight", "Auth")
            .insert("AddDefaultAuthorizerToCorsPreflight".into(), false.into());
        self
    }

    /// Leaves the CORS preflight (`OPTIONS`) without the API key requirement
    /// (`Auth.AddApiKeyRequiredToCorsPreflight: false`).
    /// Default: the preflight requires a key when every route does, as SAM does.
    pub fn keyless_cors_preflight(mut self) -> Self {
        self.parts
            .map("keyless_cors_preflight", "Auth")
            .insert("AddApiKeyRequiredToCorsPreflight".into(), false.into());
        self
    }

    /// SAM's usage plan for the API (`Auth.UsagePlan`: PER_API, SHARED or NONE).
    /// Several plans per API: [`App::usage_plan`].
    /// Default: no usage plan.
    pub fn usage_plan(mut self, plan: ApiUsagePlan) -> Self {
        self.parts
            .map("usage_plan", "Auth")
            .insert("UsagePlan".into(), Value::Object(plan.into_map()));
        self
    }

    /// A custom domain for the API's stage, with Route 53 records (SAM's `Domain`).
    /// Default: no custom domain.
    pub fn domain(mut self, domain: Domain) -> Self {
        let (value, problems, region_check) = domain.lower();
        for p in problems {
            self.parts.push_problem(p.nested("Domain"));
        }
        self.extra
            .retain(|e| !matches!(e, Extra::RegionalCertificate { .. }));
        if let Some(region) = region_check {
            let kind = match value.get("EndpointConfiguration").and_then(Value::as_str) {
                Some("PRIVATE") => "PRIVATE",
                _ => "REGIONAL",
            };
            self.extra.push(Extra::RegionalCertificate {
                region,
                path: "Domain.CertificateArn",
                kind,
            });
        }
        self.parts.set("domain", "Domain", value);
        self
    }
}

/// A REST API handle: the API's logical ID and the stage SAM deploys it to.
/// Routes attach with [`Route::on`]; [`stage`](Self::stage) is the stage's handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestApiRef {
    id: &'static str,
    stage: &'static str,
}

impl RestApiRef {
    pub(crate) fn new(id: &'static str, stage: &'static str) -> Self {
        RestApiRef { id, stage }
    }

    /// The API's logical ID.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The handle as a plain [`Ref`].
    pub fn to_ref(&self) -> Ref<RestApi> {
        Ref::new(self.id)
    }

    /// The API's ID (`Ref`).
    pub fn ref_(&self) -> Value {
        Expr::ref_(self.id).into()
    }

    /// The ID of the API's root resource (`Fn::GetAtt: [Api, RootResourceId]`).
    pub fn root_resource_id(&self) -> Value {
        Expr::get_att(self.id, "RootResourceId").into()
    }

    /// The stage SAM creates for the API (`<Api><stage>Stage`).
    pub fn stage(&self) -> Stage<Rest> {
        let id = logical_id::rest_stage_id(self.id, Some(&Value::String(self.stage.into())));
        Stage::new(self.id, self.stage, intern(id))
    }

    /// The invoke URL of the API's stage:
    /// `https://{api}.execute-api.{region}.{suffix}/{stage}`.
    pub fn url(&self) -> Value {
        self.stage().url()
    }
}

impl Dependency for RestApiRef {
    fn logical_id(&self) -> &'static str {
        self.id
    }
}

impl Stage<Rest> {
    /// The stage's invoke URL: `https://{api}.execute-api.{region}.{suffix}/{stage}`.
    pub fn url(&self) -> Value {
        Expr::sub(format!(
            "https://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{}",
            self.api_id(),
            self.name()
        ))
        .into()
    }

    /// The stage's ARN (`arn:…:apigateway:{region}::/restapis/{api}/stages/{stage}`),
    /// which refers to the stage resource (so what uses it waits for the stage).
    pub fn arn(&self) -> Value {
        Expr::sub(format!(
            "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{{}}}/stages/${{{}}}",
            self.api_id(),
            self.logical_id()
        ))
        .into()
    }

    /// The ARN a method of this stage is invoked by, for IAM policies
    /// (`arn:…:execute-api:{region}:{account}:{api}/{stage}/{METHOD}{path}`).
    pub fn execute_arn(&self, method: Method, path: &str) -> Value {
        Expr::sub(format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/{}/{}{}",
            self.api_id(),
            self.name(),
            method.upper_name(),
            path
        ))
        .into()
    }
}

impl App {
    /// Declares a REST API; returns its handle for [`Route::on`], stages,
    /// authorizers and usage plans.
    #[track_caller]
    pub fn rest_api(&mut self, id: impl Into<Cow<'static, str>>, a: RestApi) -> RestApiRef {
        let RestApi {
            mut parts,
            stage,
            extra,
        } = a;
        let id = intern(id);
        let mut log_group = None;
        for e in extra {
            match e {
                Extra::LogGroup { retention } => {
                    let group = intern(format!("{id}AccessLogs"));
                    if let Some(Value::Object(s)) = parts.props.get_mut("AccessLogSetting") {
                        s.insert("DestinationArn".into(), Expr::get_att(group, "Arn").into());
                    }
                    log_group = Some((group, retention));
                }
                Extra::RegionalCertificate { region, path, kind } => {
                    self.add_post_hook(move |_, ctx, diags| {
                        if ctx.region != region {
                            diags.push(crate::error::Diagnostic::resource(
                                id,
                                path,
                                format!(
                                    "Property {path}: a {kind} domain needs a certificate in the stack's region ({}), but this certificate is in {region}.",
                                    ctx.region
                                ),
                            ));
                        }
                    });
                }
            }
        }
        self.add_route_checks();
        let _: Ref<RestApi> = self.declare(id, "rest api", "AWS::Serverless::Api", parts);
        if let Some((group, retention)) = log_group {
            let _: Ref<()> = self.declare(
                group,
                "log group",
                "AWS::Logs::LogGroup",
                super::stage::log_group_parts(retention),
            );
        }
        RestApiRef::new(id, stage)
    }

    /// The API SAM creates for routes that name no API (`ServerlessRestApi`,
    /// stage `Prod`). Using its handle when no route needs it is reported at synth.
    #[track_caller]
    pub fn implicit_rest_api(&mut self) -> RestApiRef {
        let at = std::panic::Location::caller();
        self.add_route_checks();
        self.add_pass(move |low| {
            if !routes(low).iter().any(|r| r.api.is_none()) {
                low.diags.push(crate::error::Diagnostic::resource(
                    IMPLICIT_REST_API_ID,
                    "",
                    format!(
                        "the implicit REST API is used (at {}:{}) but no route needs it: it exists only when some Route is not attached to a declared API with `.on(api)`.",
                        at.file(),
                        at.line()
                    ),
                ));
            }
        });
        RestApiRef::new(IMPLICIT_REST_API_ID, "Prod")
    }

    /// Checks at lowering that `api` is a REST API of this app (a handle from
    /// another app does not resolve): reported against `owner`'s `path`.
    pub(crate) fn require_rest_api(
        &mut self,
        owner: &'static str,
        path: &'static str,
        api: &'static str,
    ) {
        if api == IMPLICIT_REST_API_ID {
            // Exists when a route needs it; `implicit_rest_api` checks that.
            return;
        }
        self.add_pass(move |low| {
            let ok = low
                .decl(api)
                .is_some_and(|d| d.type_ == "AWS::Serverless::Api");
            if !ok {
                low.problem(
                    owner,
                    Problem {
                        path: path.into(),
                        message: format!(
                            "there is no REST API '{api}' in this app (a handle from another app?)."
                        ),
                        at: None,
                    },
                );
            }
        });
    }

    /// Registers the route checks once per app.
    fn add_route_checks(&mut self) {
        if self.flag("rest-route-checks") {
            return;
        }
        self.add_pass(check_routes);
    }

    /// Sets a named flag; returns whether it was already set (one-time setup).
    pub(crate) fn flag(&mut self, name: &'static str) -> bool {
        !self.flags.insert(name)
    }
}

/// One `Api` event of a function, as declared.
#[derive(Debug)]
struct RouteDecl {
    function: &'static str,
    event: String,
    api: Option<String>,
    method: String,
    path: String,
}

fn routes(low: &Lowering<'_>) -> Vec<RouteDecl> {
    let mut out = Vec::new();
    for d in low.decls() {
        if d.type_ != "AWS::Serverless::Function" {
            continue;
        }
        let Some(Value::Object(events)) = d.parts.props.get("Events") else {
            continue;
        };
        for (name, e) in events {
            if e.get("Type").and_then(Value::as_str) != Some("Api") {
                continue;
            }
            let p = e.get("Properties");
            let api = p.and_then(|p| p.get("RestApiId")).map(|v| {
                match v.get("Ref").and_then(Value::as_str) {
                    Some(id) => id.to_string(),
                    None => v.to_string(),
                }
            });
            let get = |k: &str| {
                p.and_then(|p| p.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            out.push(RouteDecl {
                function: d.id,
                event: name.clone(),
                api,
                method: get("Method").to_lowercase(),
                path: get("Path"),
            });
        }
    }
    out
}

/// The same method and path twice on one API is an error naming both routes
/// (SAM refuses it too, but names only the second). `ANY` beside a specific
/// method is fine: API Gateway prefers the specific one.
fn check_routes(low: &mut Lowering<'_>) {
    let mut seen: BTreeMap<(String, String, String), (&'static str, String)> = BTreeMap::new();
    let mut problems = Vec::new();
    for r in routes(low) {
        let api = r.api.clone().unwrap_or_else(|| IMPLICIT_REST_API_ID.into());
        let key = (api.clone(), r.method.clone(), r.path.clone());
        if let Some((f, e)) = seen.get(&key) {
            problems.push((
                r.function,
                Problem {
                    path: format!("Events.{}", r.event),
                    message: format!(
                        "route {} {} on API '{api}' is declared twice: by event '{}' of function '{}' and by event '{e}' of function '{f}'; API Gateway allows one integration per method and path.",
                        r.method.to_uppercase(),
                        r.path,
                        r.event,
                        r.function
                    ),
                    at: None,
                },
            ));
        } else {
            seen.insert(key, (r.function, r.event));
        }
    }
    for (id, p) in problems {
        low.problem(id, p);
    }
}

/// Checks a REST route's path: starts with `/`, braces balanced and not
/// nested, parameters named, a greedy `{name+}` only as the last segment.
pub(crate) fn check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!("path '{path}' must start with '/'."));
    }
    if path == "/" {
        return Ok(());
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        if seg.is_empty() {
            return Err(format!(
                "path '{path}' has an empty segment ('//' or a trailing '/')."
            ));
        }
        let opens = seg.matches('{').count();
        let closes = seg.matches('}').count();
        if opens != closes || opens > 1 {
            return Err(format!(
                "path '{path}' has unbalanced braces in segment '{seg}'."
            ));
        }
        if opens == 1 {
            if !(seg.starts_with('{') && seg.ends_with('}')) {
                return Err(format!(
                    "path '{path}': a parameter must be a whole segment ('{{name}}'), not '{seg}'."
                ));
            }
            let name = &seg[1..seg.len() - 1];
            let bare = name.strip_suffix('+').unwrap_or(name);
            if bare.is_empty()
                || !bare
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
            {
                return Err(format!(
                    "path '{path}': parameter '{seg}' needs a name of letters, digits, '_', '-' or '.'."
                ));
            }
            if name.ends_with('+') && i + 1 != segments.len() {
                return Err(format!(
                    "path '{path}': the greedy parameter '{seg}' must be the last segment."
                ));
            }
        } else if seg.contains('+') && seg.contains('{') {
            return Err(format!("path '{path}' has a malformed parameter '{seg}'."));
        }
    }
    Ok(())
}

/// Path parameter names of a REST path (`/items/{id}` → `["id"]`; greedy `{proxy+}` → `proxy`).
pub fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|s| s.strip_suffix('+').unwrap_or(s))
        .collect()
}

/// One HTTP method on one path of a REST API, attached to a function with
/// `Function::on(name, route)`.
///
/// ```
/// use stackwright::dsl::api::rest::{Method, Route};
/// let r = Route::new(Method::Get, "/items/{id}");
/// assert_eq!(r.path_parameters(), vec!["id"]);
/// ```
#[derive(Debug, Clone)]
pub struct Route {
    method: Method,
    path: String,
    api: Option<&'static str>,
    auth: Map<String, Value>,
    authorizer_api: Option<&'static str>,
    extra: Map<String, Value>,
    problems: Vec<Problem>,
}

impl Route {
    /// A route for `method` on `path`; the path is checked (leading `/`,
    /// balanced braces, a greedy `{proxy+}` only last).
    /// Default API: the implicit `ServerlessRestApi`.
    #[track_caller]
    pub fn new(method: Method, path: &str) -> Self {
        let mut problems = Vec::new();
        if let Err(why) = check_path(path) {
            problems.push(Problem::new("Path", why));
        }
        Route {
            method,
            path: path.into(),
            api: None,
            auth: Map::new(),
            authorizer_api: None,
            extra: Map::new(),
            problems,
        }
    }

    /// `GET path`.
    #[track_caller]
    pub fn get(path: &str) -> Self {
        Route::new(Method::Get, path)
    }

    /// `POST path`.
    #[track_caller]
    pub fn post(path: &str) -> Self {
        Route::new(Method::Post, path)
    }

    /// `PUT path`.
    #[track_caller]
    pub fn put(path: &str) -> Self {
        Route::new(Method::Put, path)
    }

    /// `PATCH path`.
    #[track_caller]
    pub fn patch(path: &str) -> Self {
        Route::new(Method::Patch, path)
    }

    /// `DELETE path`.
    #[track_caller]
    pub fn delete(path: &str) -> Self {
        Route::new(Method::Delete, path)
    }

    /// Any method on `path`.
    #[track_caller]
    pub fn any(path: &str) -> Self {
        Route::new(Method::Any, path)
    }

    /// The route's method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The route's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path's parameter names, in order.
    pub fn path_parameters(&self) -> Vec<&str> {
        path_parameters(&self.path)
    }

    /// Attaches the route to a declared API instead of the implicit one.
    /// Default: the implicit `ServerlessRestApi`.
    pub fn on(mut self, api: RestApiRef) -> Self {
        self.api = Some(api.id());
        self
    }

    /// Authorizes the route with `authorizer` instead of the API's default.
    /// Default: the API's default authorizer, if any.
    pub fn authorizer(mut self, authorizer: Authorizer<Rest>) -> Self {
        self.auth
            .insert("Authorizer".into(), authorizer.name().into());
        self.authorizer_api = authorizer.api();
        self
    }

    /// Leaves the route open even when the API has a default authorizer
    /// (`Auth.Authorizer: NONE`).
    /// Default: the API's default authorizer, if any.
    pub fn no_auth(mut self) -> Self {
        self.auth.insert("Authorizer".into(), "NONE".into());
        self.authorizer_api = None;
        self
    }

    /// OAuth scopes a Cognito authorizer requires on this route.
    /// Default: the authorizer's scopes.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        let list: Vec<Value> = scopes
            .into_iter()
            .map(|s| Value::String(s.into()))
            .collect();
        self.auth
            .insert("AuthorizationScopes".into(), Value::Array(list));
        self
    }

    /// A resource policy for this route alone (`Auth.ResourcePolicy`).
    /// Default: the API's resource policy, if any.
    pub fn resource_policy(mut self, policy: ResourcePolicy) -> Self {
        self.auth
            .insert("ResourcePolicy".into(), Value::Object(policy.into_map()));
        self
    }

    /// Calls this route's function with `role` (`Auth.InvokeRole`).
    /// Default: as the API says ([`RestApi::invoke_role`]).
    pub fn invoke_role(mut self, role: InvokeRole) -> Self {
        self.auth.insert("InvokeRole".into(), role.into_value());
        self
    }

    /// Requires (or, with `false`, waives) an API key on this route.
    /// Default: as the API says ([`RestApi::api_key_required`]).
    pub fn api_key_required(mut self, required: bool) -> Self {
        self.auth.insert("ApiKeyRequired".into(), required.into());
        self
    }

    /// Requires a body matching the API's model `model` ([`RestApi::model`]),
    /// validated by API Gateway.
    /// Default: no body validation.
    pub fn request_model(mut self, model: &str) -> Self {
        self.extra.insert(
            "RequestModel".into(),
            json!({"Model": model, "Required": true, "ValidateBody": true}),
        );
        self
    }

    /// Declares a request parameter (`method.request.header.X-Id`,
    /// `method.request.querystring.page`), required or not.
    /// Default: no declared parameters.
    #[track_caller]
    pub fn request_parameter(mut self, name: &str, required: bool) -> Self {
        let ok = ["header.", "querystring.", "path."].iter().any(|k| {
            name.strip_prefix("method.request.")
                .is_some_and(|r| r.starts_with(k))
        });
        if !ok {
            self.problems.push(Problem::new(
                "RequestParameters",
                format!("'{name}' is not a request parameter (method.request.header|querystring|path.NAME)."),
            ));
        }
        let list = self
            .extra
            .entry("RequestParameters")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            list.push(json!({ name: {"Required": required} }));
        }
        self
    }
}

impl Event for Route {
    fn into_sam(self) -> SamEvent {
        let mut problems = self.problems;
        if let (Some(a), on) = (self.authorizer_api, self.api) {
            if on != Some(a) {
                problems.push(Problem {
                    path: "Auth.Authorizer".into(),
                    message: format!(
                        "the authorizer belongs to API '{a}' but the route is on API '{}'; attach it to '{a}' with `.on(api)` or use an authorizer of its own API.",
                        on.unwrap_or(IMPLICIT_REST_API_ID)
                    ),
                    at: None,
                });
            }
        }
        let mut properties = Map::new();
        properties.insert("Path".into(), self.path.into());
        properties.insert("Method".into(), self.method.sam_name().into());
        if let Some(api) = self.api {
            properties.insert("RestApiId".into(), Expr::ref_(api).into());
        }
        if !self.auth.is_empty() {
            properties.insert("Auth".into(), Value::Object(self.auth));
        }
        for (k, v) in self.extra {
            properties.insert(k, v);
        }
        SamEvent {
            type_: "Api",
            properties,
            problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        for ok in [
            "/",
            "/items",
            "/items/{id}",
            "/{proxy+}",
            "/a/{b}/c/{rest+}",
        ] {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "items",
            "/items/{id",
            "/items/id}",
            "/{proxy+}/more",
            "/a//b",
            "/x{id}",
            "/{}",
            "/{{id}}",
            "/items/",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn path_parameters_are_read_from_the_path() {
        assert_eq!(path_parameters("/a/{id}/b/{rest+}"), vec!["id", "rest"]);
        assert!(path_parameters("/a").is_empty());
    }

    #[test]
    fn stage_names_are_checked() {
        assert!(check_stage_name("prod").is_ok());
        assert!(check_stage_name("v1_beta-2").is_ok());
        assert!(check_stage_name("").is_err());
        assert!(check_stage_name("pro d").is_err());
        assert!(check_stage_name("prod/1").is_err());
    }

    #[test]
    fn stage_handles_are_named_as_sam_names_them() {
        let api = RestApiRef::new("Api", "prod");
        assert_eq!(api.stage().logical_id(), "ApiprodStage");
        let dashed = RestApiRef::new("Api", "my-stage");
        assert!(dashed.stage().logical_id().starts_with("ApiStage"));
    }
}
