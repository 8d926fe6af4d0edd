//! HTTP APIs in the DSL (SAM's `AWS::Serverless::HttpApi`, API Gateway v2
//! `HTTP`). Routes are events on functions:
//! `Function::on("Get", HttpRoute::get("/items/{id}").on(api))`; a route that
//! names no API goes to the implicit `ServerlessHttpApi`, whose handle is
//! [`App::serverless_http_api`].
//!
//! What SAM checks late or not at all is checked here: paths where they are
//! written, one route per method and path on each API (SAM keeps only the
//! last), authorizers that exist on the route's API, CORS that API Gateway
//! would refuse.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::model::http_api::IMPLICIT_HTTP_API_ID;
use crate::model::Ref;
use crate::template::Expr;
use crate::transform::logical_id;

use super::super::function::{Event, SamEvent};
use super::super::parts::{Parts, Problem, ResourceBuilder};
use super::super::resource::CfnResource;
use super::super::{intern, App, Lowering};
use super::http_auth::{self, HttpAuthorizer, HttpScopedAuthorizer, PayloadFormat};
use super::http_domain::{check_certificate_region, HttpDomain};
use super::http_stage;
use super::{Http, Stage};

const TYPE: &str = "AWS::Serverless::HttpApi";

/// An HTTP method of a route (or of a CORS rule). [`HttpMethod::Any`]
/// matches every method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
    /// `HEAD`.
    Head,
    /// `OPTIONS` (CORS preflights are answered by API Gateway when CORS is configured).
    Options,
    /// Every method (`ANY`).
    Any,
}

impl HttpMethod {
    /// The method as API Gateway writes it (`GET`, `ANY`).
    pub fn name(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Any => "ANY",
        }
    }
}

/// An HTTP API definition (`AWS::Serverless::HttpApi`).
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("demo");
/// let api = app.http_api(
///     "Api",
///     HttpApi::new()
///         .stage_name("prod")
///         .cors(CorsConfiguration::new().allow_origin("https://example.com").allow_method(HttpMethod::Get)),
/// );
/// app.function(
///     "GetItem",
///     Function::new(Runtime::Python312, "app.get", Code::inline("..."))
///         .on("Get", HttpRoute::get("/items/{id}").on(api)),
/// );
/// let stage = app.http_stage(api);
/// app.output("Url", Output::new(stage.url()));
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("ApiprodStage").is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct HttpApi {
    pub(crate) parts: Parts,
    certificate: Option<String>,
    log_group: Option<AccessLogGroup>,
}

impl ResourceBuilder for HttpApi {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl HttpApi {
    /// An HTTP API whose OpenAPI document SAM generates from the routes.
    pub fn new() -> Self {
        HttpApi::default()
    }

    /// The API's name (the document's `info.title`).
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

    /// The stage's name: `$default` (served at the root of the URL) or 1 to
    /// 128 letters, digits, `_` and `-`.
    /// Default: `$default`.
    #[track_caller]
    pub fn stage_name(mut self, name: &str) -> Self {
        if let Err(why) = check_stage_name(name) {
            self.parts.problem("StageName", why);
        }
        self.parts.set("stage_name", "StageName", name);
        self
    }

    /// Sets a stage variable (`${stageVariables.NAME}` in integrations).
    /// Default: no stage variables.
    #[track_caller]
    pub fn stage_variable(mut self, name: &str, value: impl Into<Value>) -> Self {
        http_stage::stage_variable(&mut self.parts, "stage_variable", name, value);
        self
    }

    /// Access logs: each request is logged with `format` (`$context.…`
    /// variables) into the CloudWatch Logs group or Firehose stream `destination_arn`.
    /// Default: no access logs with SAM's defaults; the `recommended` defaults
    /// add JSON access logs to a generated log group (`Hardening::AccessLogs`).
    #[track_caller]
    pub fn access_log(mut self, destination_arn: impl Into<Value>, format: &str) -> Self {
        http_stage::access_log(&mut self.parts, destination_arn.into(), format);
        self
    }

    /// Beyond SAM: access logs into a log group the app creates for them
    /// (`AWS::Logs::LogGroup` `<Api>AccessLogs`), kept `retention_days`
    /// (one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, …, 3653), with
    /// `format` ([`ACCESS_LOG_JSON`] is a good start).
    /// Default: no access logs with SAM's defaults; the `recommended` defaults
    /// add JSON access logs to a generated log group (`Hardening::AccessLogs`).
    #[track_caller]
    pub fn access_log_group(mut self, retention_days: u32, format: &str) -> Self {
        self.log_group = Some(AccessLogGroup::new(&mut self.parts, retention_days, format));
        self
    }

    /// Throttles every route of the stage: `burst` concurrent requests and
    /// `rate` requests per second on average.
    /// Default: the account's limits.
    pub fn default_route_throttling(mut self, burst: u32, rate: f64) -> Self {
        http_stage::default_route_throttling(&mut self.parts, burst, rate);
        self
    }

    /// Per-route CloudWatch metrics for every route.
    /// Default: API-level metrics only.
    pub fn detailed_metrics(mut self) -> Self {
        http_stage::detailed_metrics(&mut self.parts);
        self
    }

    /// Cross-origin resource sharing.
    /// Default: no CORS headers (browsers on other origins are refused).
    #[track_caller]
    pub fn cors(mut self, cors: CorsConfiguration) -> Self {
        let v = cors.to_value(&mut self.parts);
        self.parts.set("cors", "CorsConfiguration", v);
        self
    }

    /// Registers an authorizer that routes can name with [`HttpRoute::auth`].
    /// Default: no authorizers.
    #[track_caller]
    pub fn authorizer(mut self, a: &impl HttpAuthorizer) -> Self {
        http_auth::register(&mut self.parts, "authorizer", a);
        self
    }

    /// Registers `a` and protects every route with it, unless the route names
    /// another authorizer or [`HttpRoute::no_auth`].
    /// Default: routes are open.
    #[track_caller]
    pub fn default_authorizer(mut self, a: &impl HttpAuthorizer) -> Self {
        http_auth::register(&mut self.parts, "default_authorizer", a);
        let auth = self.parts.map("default_authorizer", "Auth");
        let previous = auth.insert("DefaultAuthorizer".into(), a.name().into());
        if let Some(p) = previous.filter(|p| p != a.name()) {
            self.parts.problem(
                "Auth.DefaultAuthorizer",
                format!("two default authorizers: {p} and {}; keep one.", a.name()),
            );
        }
        self
    }

    /// A custom domain mapped to the API's stage.
    /// Default: only the `execute-api` endpoint.
    pub fn domain(mut self, domain: HttpDomain) -> Self {
        self.certificate = domain.certificate().map(str::to_string);
        domain.write(&mut self.parts, "domain");
        self
    }

    /// Turns off the default `execute-api` endpoint, so clients must use the
    /// custom domain.
    /// Default: the endpoint is on.
    pub fn disable_execute_api_endpoint(mut self) -> Self {
        self.parts.set(
            "disable_execute_api_endpoint",
            "DisableExecuteApiEndpoint",
            true,
        );
        self
    }

    /// Tags the API, its stage and its domain.
    /// Default: only SAM's `httpapi:createdBy: SAM`.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .map("tag", "Tags")
            .insert(key.to_string(), value.into());
        self
    }

    /// Fails the deployment on warnings in the OpenAPI document.
    /// Default: warnings are ignored.
    pub fn fail_on_warnings(mut self) -> Self {
        self.parts.set("fail_on_warnings", "FailOnWarnings", true);
        self
    }

    /// Uses an OpenAPI 3 document of your own (`DefinitionBody`); the app's
    /// routes still add their integrations to it.
    /// Default: SAM generates the document from the routes.
    pub fn openapi(mut self, document: Value) -> Self {
        self.parts.set("openapi", "DefinitionBody", document);
        self
    }

    /// Uses an OpenAPI 3 document stored in S3 (`s3://bucket/key`,
    /// `DefinitionUri`). SAM cannot add routes, authorizers, CORS or tags to
    /// a document it does not see, so those must be in the document.
    /// Default: SAM generates the document from the routes.
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

    /// Like [`openapi`](Self::openapi), reading the document (JSON or YAML)
    /// from `path` now; a file that cannot be read or parsed is reported at synth.
    #[track_caller]
    pub fn openapi_file(mut self, path: impl AsRef<std::path::Path>) -> Self {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read OpenAPI file '{shown}': {e}"))
            .and_then(|text| {
                crate::yaml::parse(&text, &shown)
                    .map_err(|e| format!("cannot parse OpenAPI file '{shown}': {e}"))
            });
        match parsed {
            Ok(doc) if doc.is_object() => {
                self.parts.set("openapi_file", "DefinitionBody", doc);
            }
            Ok(_) => self.parts.problem(
                "DefinitionBody",
                format!("OpenAPI file '{shown}' is not a document (a map)."),
            ),
            Err(m) => self.parts.problem("DefinitionBody", m),
        }
        self
    }
}

/// An access log format in JSON with the fields most dashboards use
/// (request ID, caller IP, time, route, status, protocol, length, integration error).
pub const ACCESS_LOG_JSON: &str = crate::defaults::V2_ACCESS_LOG_JSON;

/// The retention periods CloudWatch Logs accepts, in days.
const RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// A log group the app creates for an API's access logs (beyond SAM).
#[derive(Debug, Clone)]
pub(crate) struct AccessLogGroup {
    retention_days: u32,
    format: String,
    at: &'static std::panic::Location<'static>,
}

impl AccessLogGroup {
    /// Checks the settings (problems go to `parts`).
    #[track_caller]
    pub(crate) fn new(parts: &mut Parts, retention_days: u32, format: &str) -> Self {
        if !RETENTION_DAYS.contains(&retention_days) {
            parts.problem(
                "AccessLogSettings",
                format!("{retention_days} days is not a CloudWatch Logs retention; use one of {RETENTION_DAYS:?}."),
            );
        }
        check_log_format(parts, format);
        AccessLogGroup {
            retention_days,
            format: format.into(),
            at: std::panic::Location::caller(),
        }
    }

    fn log_id(api: &str) -> String {
        format!("{api}AccessLogs")
    }

    /// Points the API's `AccessLogSettings` at the group.
    pub(crate) fn point(&self, parts: &mut Parts, api: &str) {
        if parts.props.contains_key("AccessLogSettings") {
            parts.push_problem(Problem {
                path: "AccessLogSettings".into(),
                message: "set both by `.access_log(…)` and by `.access_log_group(…)`; keep one."
                    .into(),
                at: Some(self.at),
            });
        }
        let mut m = Map::new();
        m.insert(
            "DestinationArn".into(),
            Expr::get_att(Self::log_id(api), "Arn").into(),
        );
        m.insert("Format".into(), self.format.clone().into());
        parts.set("access_log_group", "AccessLogSettings", Value::Object(m));
    }

    /// Declares the group.
    pub(crate) fn declare(&self, app: &mut App, api: &str) {
        let group = CfnResource::new("AWS::Logs::LogGroup")
            .property("RetentionInDays", self.retention_days);
        app.resource(Self::log_id(api), group);
    }
}

/// API Gateway requires `$context.requestId` in an access log format.
#[track_caller]
pub(crate) fn check_log_format(parts: &mut Parts, format: &str) {
    if !format.contains("$context.requestId") && !format.contains("$context.extendedRequestId") {
        parts.problem(
            "AccessLogSettings.Format",
            "the access log format must include $context.requestId (API Gateway requires it).",
        );
    }
}

/// A JSON number without a needless fraction (`10`, not `10.0`), as a YAML
/// twin writes it.
pub(crate) fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x >= 0.0 && x < u64::MAX as f64 {
        Value::from(x as u64)
    } else {
        Value::from(x)
    }
}

/// API Gateway's stage names: `$default` or `[A-Za-z0-9_-]{1,128}`.
pub(crate) fn check_stage_name(name: &str) -> Result<(), String> {
    let ok = name == "$default"
        || (!name.is_empty()
            && name.len() <= 128
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "stage name '{name}' must be $default or 1 to 128 letters, digits, '_' and '-'."
        ))
    }
}

/// CORS settings of an HTTP API (SAM's `CorsConfiguration`).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use std::time::Duration;
/// let cors = CorsConfiguration::new()
///     .allow_origin("https://app.example.com")
///     .allow_methods([HttpMethod::Get, HttpMethod::Post])
///     .allow_header("Authorization")
///     .max_age(Duration::from_secs(600))
///     .allow_credentials();
/// let api = HttpApi::new().cors(cors);
/// # let _ = api;
/// ```
#[derive(Debug, Clone, Default)]
pub struct CorsConfiguration {
    origins: Vec<Value>,
    methods: Vec<HttpMethod>,
    headers: Vec<String>,
    expose: Vec<String>,
    max_age: Option<u64>,
    credentials: bool,
    problems: Vec<Problem>,
}

impl CorsConfiguration {
    /// No origins allowed yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every origin (`*`); cannot go with credentials.
    pub fn any_origin() -> Self {
        Self::new().allow_origin("*")
    }

    /// Allows requests from `origin` (`https://app.example.com`, or `*`); repeatable.
    /// Default: no origin.
    #[track_caller]
    pub fn allow_origin(mut self, origin: impl Into<Value>) -> Self {
        let origin = origin.into();
        if let Some(s) = origin.as_str() {
            if s != "*" && !(s.starts_with("https://") || s.starts_with("http://")) {
                self.problems.push(Problem::new(
                    "CorsConfiguration.AllowOrigins",
                    format!(
                        "origin '{s}' must be '*' or a scheme and host (https://app.example.com)."
                    ),
                ));
            }
        }
        self.origins.push(origin);
        self
    }

    /// Allows `method` (`Any` allows every method); repeatable.
    /// Default: API Gateway's default (every method of the API's routes).
    pub fn allow_method(mut self, method: HttpMethod) -> Self {
        if !self.methods.contains(&method) {
            self.methods.push(method);
        }
        self
    }

    /// Allows each of `methods`.
    pub fn allow_methods(self, methods: impl IntoIterator<Item = HttpMethod>) -> Self {
        methods.into_iter().fold(self, Self::allow_method)
    }

    /// Allows request header `name` (`*` allows all); repeatable.
    /// Default: none beyond the CORS-safelisted headers.
    pub fn allow_header(mut self, name: &str) -> Self {
        self.headers.push(name.into());
        self
    }

    /// Lets browsers read response header `name`; repeatable.
    /// Default: only the CORS-safelisted response headers.
    pub fn expose_header(mut self, name: &str) -> Self {
        self.expose.push(name.into());
        self
    }

    /// How long browsers cache the preflight answer, up to 86400 s.
    /// Default: the browser's default (no `Access-Control-Max-Age`).
    #[track_caller]
    pub fn max_age(mut self, age: Duration) -> Self {
        if age.as_secs() > 86_400 || age.subsec_nanos() != 0 {
            self.problems.push(Problem::new(
                "CorsConfiguration.MaxAge",
                format!("{age:?} is not a whole number of seconds up to 86400."),
            ));
        }
        self.max_age = Some(age.as_secs());
        self
    }

    /// Browsers may send cookies and credentials (needs explicit origins, not `*`).
    /// Default: off.
    pub fn allow_credentials(mut self) -> Self {
        self.credentials = true;
        self
    }

    #[track_caller]
    fn to_value(&self, parts: &mut Parts) -> Value {
        for p in &self.problems {
            parts.push_problem(p.clone());
        }
        let any_origin = self.origins.iter().any(|o| o == "*");
        if self.credentials && (any_origin || self.origins.is_empty()) {
            parts.problem(
                "CorsConfiguration.AllowCredentials",
                "credentials need explicit origins: browsers refuse them with '*' or no origin.",
            );
        }
        let mut m = Map::new();
        m.insert("AllowOrigins".into(), Value::Array(self.origins.clone()));
        if !self.methods.is_empty() {
            let methods: Vec<Value> = self
                .methods
                .iter()
                .map(|m| match m {
                    HttpMethod::Any => "*".into(),
                    m => m.name().into(),
                })
                .collect();
            m.insert("AllowMethods".into(), Value::Array(methods));
        }
        if !self.headers.is_empty() {
            m.insert("AllowHeaders".into(), self.headers.clone().into());
        }
        if !self.expose.is_empty() {
            m.insert("ExposeHeaders".into(), self.expose.clone().into());
        }
        if let Some(a) = self.max_age {
            m.insert("MaxAge".into(), a.into());
        }
        if self.credentials {
            m.insert("AllowCredentials".into(), true.into());
        }
        Value::Object(m)
    }
}

impl App {
    /// Declares an HTTP API; returns its handle for [`HttpRoute::on`].
    #[track_caller]
    pub fn http_api(&mut self, id: impl Into<Cow<'static, str>>, a: HttpApi) -> Ref<HttpApi> {
        let id = intern(id);
        let mut parts = a.parts;
        if let Some(g) = &a.log_group {
            g.point(&mut parts, id);
        }
        let api: Ref<HttpApi> = self.declare(id, "HTTP API", TYPE, parts);
        if let Some(g) = a.log_group {
            g.declare(self, id);
        }
        if let Some(cert) = &a.certificate {
            check_certificate_region(self, api.id(), cert);
        }
        api
    }

    /// The implicit HTTP API (`ServerlessHttpApi`) SAM creates for routes
    /// that name no API. It exists only if some route uses it: otherwise
    /// using its handle is an error at synth.
    #[track_caller]
    pub fn serverless_http_api(&mut self) -> Ref<HttpApi> {
        let at = Problem::new("", "").at;
        self.add_pass(move |low: &mut Lowering<'_>| {
            let declared = low.decl(IMPLICIT_HTTP_API_ID).is_some();
            let used = low
                .decls()
                .iter()
                .any(|d| routes_of(d).iter().any(|r| r.api == IMPLICIT_HTTP_API_ID));
            if !used && !declared {
                low.problem(
                    IMPLICIT_HTTP_API_ID,
                    Problem {
                        path: String::new(),
                        message: "the implicit HTTP API is used (app.serverless_http_api()) but no HttpRoute without .on(api) creates it.".into(),
                        at,
                    },
                );
            }
        });
        Ref::new(IMPLICIT_HTTP_API_ID)
    }

    /// The stage SAM creates for `api` (`<Api>ApiGatewayDefaultStage` for
    /// `$default`, else `<Api><Name>Stage`). Call it after declaring the API.
    /// More stages: [`App::http_extra_stage`].
    #[track_caller]
    pub fn http_stage(&mut self, api: Ref<HttpApi>) -> Stage<Http> {
        let name: &'static str = match self.decl(api.id()) {
            Some(d) if d.type_ == TYPE => match d.parts.props.get("StageName") {
                Some(Value::String(s)) => intern(s.clone()),
                _ => "$default",
            },
            None if api.id() == IMPLICIT_HTTP_API_ID => "$default",
            _ => {
                self.problem(
                    api.id(),
                    Problem::new(
                        "",
                        format!("no HTTP API '{}' in this app: declare it with app.http_api before asking for its stage.", api.id()),
                    ),
                );
                "$default"
            }
        };
        let id = logical_id::http_stage_id(api.id(), &Value::String(name.into()));
        Stage::new(api.id(), name, intern(id))
    }
}

impl App {
    /// Beyond SAM: maps `stage` (of another HTTP API, or an extra stage of
    /// `domain_api` from [`App::http_extra_stage`]) at `base_path` on the
    /// custom domain of `domain_api`, so several APIs or stages share one domain
    /// (`api.example.com/orders` → one API, `/users` → another, `/beta` → a
    /// beta stage). Adds an `AWS::ApiGatewayV2::ApiMapping` named
    /// `<StageApi><path>ApiMapping`.
    #[track_caller]
    pub fn http_domain_mapping(
        &mut self,
        domain_api: Ref<HttpApi>,
        base_path: &str,
        stage: Stage<Http>,
    ) -> Ref<CfnResource> {
        let mut r = CfnResource::new("AWS::ApiGatewayV2::ApiMapping");
        let domain_props = self
            .decl(domain_api.id())
            .filter(|d| d.type_ == TYPE)
            .and_then(|d| d.parts.props.get("Domain"));
        let domain = domain_props.and_then(|d| d.get("DomainName")).cloned();
        let key = base_path.trim_matches('/');
        // The domain's own base paths map its API's SAM stage; API Gateway
        // refuses a second mapping of one path at deploy time.
        let taken = domain_props
            .and_then(|d| d.get("BasePath"))
            .and_then(Value::as_array)
            .is_some_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.as_str().map(|p| p.trim_matches('/')) == Some(key))
            });
        let ok = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'));
        let parts = r.parts_mut();
        if !ok {
            parts.problem(
                "ApiMappingKey",
                format!("base path '{base_path}' may only have letters, digits, '-', '_' and '/' (and not be empty: the root belongs to the domain's own API)."),
            );
        }
        if taken && ok {
            parts.problem(
                "ApiMappingKey",
                format!(
                    "base path '{key}' is already mapped on the custom domain of HTTP API '{}', to its SAM stage (HttpDomain::base_path); a base path is mapped once per domain.",
                    domain_api.id()
                ),
            );
        }
        let extra_stage = self
            .decl(stage.logical_id())
            .is_some_and(|d| d.kind == "http stage");
        if stage.api_id() == domain_api.id() && !extra_stage {
            parts.problem(
                "ApiId",
                format!(
                    "'{}' is the domain's own API, whose SAM stage is mapped with HttpDomain::base_path (an extra stage of it may be mapped here).",
                    stage.api_id()
                ),
            );
        }
        let domain_id = match &domain {
            Some(name) => logical_id::domain_name_v2_id(name),
            None => {
                parts.problem(
                    "DomainName",
                    format!(
                        "HTTP API '{}' has no custom domain (HttpApi::domain) to map '{}' on.",
                        domain_api.id(),
                        stage.api_id()
                    ),
                );
                String::new()
            }
        };
        parts.set(
            "http_domain_mapping",
            "ApiId",
            Value::from(Expr::ref_(stage.api_id())),
        );
        parts.set("http_domain_mapping", "ApiMappingKey", key);
        parts.set(
            "http_domain_mapping",
            "DomainName",
            Value::from(Expr::ref_(domain_id)),
        );
        parts.set("http_domain_mapping", "Stage", stage.ref_());
        let id = logical_id::api_mapping_id(stage.api_id(), Some(base_path));
        self.resource(id, r)
    }
}

impl Ref<HttpApi> {
    /// The API's ID (`Ref`).
    pub fn api_id(&self) -> Value {
        self.ref_()
    }

    /// The API's endpoint, `https://{id}.execute-api.{region}.amazonaws.com`
    /// (`Fn::GetAtt: [Api, ApiEndpoint]`).
    pub fn endpoint(&self) -> Value {
        self.get_att("ApiEndpoint")
    }
}

impl Stage<Http> {
    /// The stage's invoke URL: `https://{api}.execute-api.{region}.{suffix}/`
    /// for `$default`, else `…/{stage}`.
    pub fn url(&self) -> Value {
        let base = format!(
            "https://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/",
            self.api_id()
        );
        let url = if self.name() == "$default" {
            base
        } else {
            format!("{base}{}", self.name())
        };
        Expr::sub(url).into()
    }
}

/// One route of an HTTP API: a method (or any) on a path, or the `$default`
/// route that catches what no other route matches. Attach it to a function
/// with [`Function::on`](super::super::function::Function::on).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let route = HttpRoute::get("/users/{userId}/orders/{orderId}");
/// assert_eq!(route.path_parameters(), ["userId", "orderId"]);
/// ```
#[derive(Debug, Clone)]
pub struct HttpRoute {
    method: HttpMethod,
    /// `None`: the `$default` route.
    path: Option<String>,
    api: Option<&'static str>,
    auth: Option<Map<String, Value>>,
    payload: Option<PayloadFormat>,
    timeout_ms: Option<u64>,
    settings: Map<String, Value>,
    problems: Vec<Problem>,
}

impl HttpRoute {
    /// `method` on `path`, which starts with `/`; path parameters are whole
    /// segments (`{id}`), and a greedy one (`{proxy+}`) comes last.
    /// Default API: the implicit `ServerlessHttpApi`.
    #[track_caller]
    pub fn new(method: HttpMethod, path: &str) -> Self {
        let mut problems = Vec::new();
        if let Err(why) = path_parameters(path) {
            problems.push(Problem::new("Path", why));
        }
        HttpRoute {
            method,
            path: Some(path.into()),
            api: None,
            auth: None,
            payload: None,
            timeout_ms: None,
            settings: Map::new(),
            problems,
        }
    }

    /// The `$default` route: every request no other route matches.
    /// Default API: the implicit `ServerlessHttpApi`.
    pub fn default_route() -> Self {
        HttpRoute {
            method: HttpMethod::Any,
            path: None,
            api: None,
            auth: None,
            payload: None,
            timeout_ms: None,
            settings: Map::new(),
            problems: Vec::new(),
        }
    }

    /// `GET path`.
    #[track_caller]
    pub fn get(path: &str) -> Self {
        Self::new(HttpMethod::Get, path)
    }

    /// `POST path`.
    #[track_caller]
    pub fn post(path: &str) -> Self {
        Self::new(HttpMethod::Post, path)
    }

    /// `PUT path`.
    #[track_caller]
    pub fn put(path: &str) -> Self {
        Self::new(HttpMethod::Put, path)
    }

    /// `PATCH path`.
    #[track_caller]
    pub fn patch(path: &str) -> Self {
        Self::new(HttpMethod::Patch, path)
    }

    /// `DELETE path`.
    #[track_caller]
    pub fn delete(path: &str) -> Self {
        Self::new(HttpMethod::Delete, path)
    }

    /// Every method on `path` (`ANY`).
    #[track_caller]
    pub fn any(path: &str) -> Self {
        Self::new(HttpMethod::Any, path)
    }

    /// The route's method.
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The route's path (`$default` for the default route).
    pub fn path(&self) -> &str {
        self.path.as_deref().unwrap_or("$default")
    }

    /// The names of the path's parameters, in order (`{proxy+}` gives `proxy`).
    pub fn path_parameters(&self) -> Vec<&str> {
        match &self.path {
            Some(p) => path_parameters(p).unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// Puts the route on `api` instead of the implicit one.
    /// Default: the implicit `ServerlessHttpApi`.
    pub fn on(mut self, api: Ref<HttpApi>) -> Self {
        self.api = Some(api.id());
        self
    }

    /// Protects the route with `authorizer`, which must be registered on the
    /// route's API.
    /// Default: the API's default authorizer, if any.
    pub fn auth(mut self, authorizer: &impl HttpAuthorizer) -> Self {
        let mut m = Map::new();
        m.insert("Authorizer".into(), authorizer.name().into());
        self.auth = Some(m);
        self
    }

    /// Protects the route with a JWT authorizer, requiring `scopes` (any one of them).
    /// Default: the authorizer's own scopes.
    pub fn auth_scopes<S: Into<String>>(
        mut self,
        authorizer: &impl HttpScopedAuthorizer,
        scopes: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut m = Map::new();
        m.insert("Authorizer".into(), authorizer.name().into());
        let scopes: Vec<String> = scopes.into_iter().map(Into::into).collect();
        m.insert("AuthorizationScopes".into(), scopes.into());
        self.auth = Some(m);
        self
    }

    /// Leaves the route open although the API has a default authorizer
    /// (a health check, say).
    /// Default: the API's default authorizer applies.
    pub fn no_auth(mut self) -> Self {
        let mut m = Map::new();
        m.insert("Authorizer".into(), "NONE".into());
        self.auth = Some(m);
        self
    }

    /// The event format the function receives.
    /// Default: 2.0.
    pub fn payload_format(mut self, format: PayloadFormat) -> Self {
        self.payload = Some(format);
        self
    }

    /// How long API Gateway waits for the function, 50 ms to 30 s.
    /// Default: 30 s.
    #[track_caller]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        let ms = timeout.as_millis();
        if !(50..=30_000).contains(&ms) {
            self.problems.push(Problem::new(
                "TimeoutInMillis",
                format!(
                    "{timeout:?} is outside API Gateway's integration timeout of 50 ms to 30 s."
                ),
            ));
        }
        self.timeout_ms = Some(ms as u64);
        self
    }

    /// Throttles this route: `burst` concurrent requests, `rate` per second.
    /// Default: the stage's default route settings.
    pub fn throttling(mut self, burst: u32, rate: f64) -> Self {
        self.settings
            .insert("ThrottlingBurstLimit".into(), burst.into());
        self.settings
            .insert("ThrottlingRateLimit".into(), number(rate));
        self
    }

    /// Per-route CloudWatch metrics for this route.
    /// Default: the stage's default route settings.
    pub fn detailed_metrics(mut self) -> Self {
        self.settings
            .insert("DetailedMetricsEnabled".into(), true.into());
        self
    }
}

impl Event for HttpRoute {
    fn into_sam(self) -> SamEvent {
        let mut properties = Map::new();
        if let Some(api) = self.api {
            properties.insert("ApiId".into(), Expr::ref_(api).into());
        }
        if let Some(path) = self.path {
            properties.insert("Method".into(), self.method.name().into());
            properties.insert("Path".into(), path.into());
        }
        if let Some(auth) = self.auth {
            properties.insert("Auth".into(), Value::Object(auth));
        }
        if let Some(p) = self.payload {
            properties.insert("PayloadFormatVersion".into(), p.version().into());
        }
        if let Some(t) = self.timeout_ms {
            properties.insert("TimeoutInMillis".into(), t.into());
        }
        if !self.settings.is_empty() {
            properties.insert("RouteSettings".into(), Value::Object(self.settings));
        }
        SamEvent {
            type_: "HttpApi",
            properties,
            problems: self.problems,
        }
    }
}

/// Checks an HTTP API path and returns its parameters' names.
pub fn path_parameters(path: &str) -> Result<Vec<&str>, String> {
    let bad = |why: String| Err(format!("path '{path}' {why}"));
    if !path.starts_with('/') {
        return bad("must start with '/'.".into());
    }
    if path == "/" {
        return Ok(Vec::new());
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let mut params: Vec<&str> = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if seg.is_empty() {
            return bad("has an empty segment ('//' or a trailing '/').".into());
        }
        let opens = seg.matches('{').count();
        let closes = seg.matches('}').count();
        if opens == 0 && closes == 0 {
            if !seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~:@!$&'()*,;=%".contains(c))
            {
                return bad(format!("has characters a URL path cannot have in '{seg}'."));
            }
            continue;
        }
        if opens != 1 || closes != 1 || !seg.starts_with('{') || !seg.ends_with('}') {
            return bad(format!(
                "has unbalanced braces or a parameter that is not a whole segment in '{seg}' (write '/{{name}}')."
            ));
        }
        let inner = &seg[1..seg.len() - 1];
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(n) => (n, true),
            None => (inner, false),
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        {
            return bad(format!(
                "has a parameter name '{name}' that is not letters, digits, '_', '-' or '.'."
            ));
        }
        if greedy && i + 1 != segments.len() {
            return bad(format!(
                "has the greedy parameter '{{{name}+}}' before its last segment; it must come last."
            ));
        }
        if params.contains(&name) {
            return bad(format!("names the parameter '{name}' twice."));
        }
        params.push(name);
    }
    Ok(params)
}

/// One `HttpApi` event of a declared function, as written in the document.
struct RouteDecl {
    api: String,
    method: String,
    path: String,
    function: &'static str,
    event: String,
    authorizer: Option<String>,
}

/// The `HttpApi` events of `decl`, if it is a function.
fn routes_of(decl: &super::super::Decl) -> Vec<RouteDecl> {
    let mut out = Vec::new();
    if decl.type_ != "AWS::Serverless::Function" {
        return out;
    }
    let Some(Value::Object(events)) = decl.parts.props.get("Events") else {
        return out;
    };
    for (name, ev) in events {
        if ev.get("Type").and_then(Value::as_str) != Some("HttpApi") {
            continue;
        }
        let props = ev.get("Properties");
        let get = |k: &str| props.and_then(|p| p.get(k));
        let api = match get("ApiId") {
            None => IMPLICIT_HTTP_API_ID.to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => match v.get("Ref").and_then(Value::as_str) {
                Some(s) => s.to_string(),
                None => continue,
            },
        };
        let (method, path) = match (get("Method"), get("Path")) {
            (Some(Value::String(m)), Some(Value::String(p))) => (m.to_uppercase(), p.clone()),
            (None, None) => ("ANY".to_string(), "$default".to_string()),
            _ => continue,
        };
        out.push(RouteDecl {
            api,
            method,
            path,
            function: decl.id,
            event: name.clone(),
            authorizer: get("Auth")
                .and_then(|a| a.get("Authorizer"))
                .and_then(Value::as_str)
                .map(str::to_string),
        });
    }
    out
}

/// Checks every HTTP route of the app: one route per method and path on each
/// API, and authorizers that exist on the route's API. Run by [`App`] while
/// it lowers.
pub(crate) fn check_routes(low: &mut Lowering<'_>) {
    let routes: Vec<RouteDecl> = low.decls().iter().flat_map(routes_of).collect();
    let mut seen: BTreeMap<(&str, &str, &str), &RouteDecl> = BTreeMap::new();
    let mut problems = Vec::new();
    for r in &routes {
        let key = (r.api.as_str(), r.method.as_str(), r.path.as_str());
        if let Some(first) = seen.get(&key) {
            problems.push((
                r.function,
                format!("Events.{}", r.event),
                format!(
                    "route {} {} on HTTP API '{}' is declared twice: by function '{}' (event '{}') and by function '{}' (event '{}'); each method and path is routed once per API.",
                    r.method, r.path, r.api, first.function, first.event, r.function, r.event
                ),
            ));
        } else {
            seen.insert(key, r);
        }
        let Some(name) = &r.authorizer else {
            continue;
        };
        let auth = low
            .decl(&r.api)
            .filter(|d| d.type_ == TYPE)
            .and_then(|d| d.parts.props.get("Auth"));
        let path = format!("Events.{}.Properties.Auth.Authorizer", r.event);
        let missing = match name.as_str() {
            "NONE" => auth
                .and_then(|a| a.get("DefaultAuthorizer"))
                .is_none()
                .then(|| format!("the route opts out of authorization (no_auth) but HTTP API '{}' has no default authorizer to opt out of.", r.api)),
            "AWS_IAM" => (auth.and_then(|a| a.get("EnableIamAuthorizer")) != Some(&Value::Bool(true)))
                .then(|| format!("the route uses IAM authorization but HTTP API '{}' does not register HttpIamAuthorizer (HttpApi::authorizer).", r.api)),
            n => auth
                .and_then(|a| a.get("Authorizers"))
                .and_then(|a| a.get(n))
                .is_none()
                .then(|| format!("authorizer '{n}' is not registered on HTTP API '{}': register it with HttpApi::authorizer (an authorizer belongs to one API).", r.api)),
        };
        if let Some(m) = missing {
            problems.push((r.function, path, m));
        }
    }
    for (id, path, message) in problems {
        low.problem(
            id,
            Problem {
                path,
                message,
                at: None,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked_where_written() {
        assert_eq!(path_parameters("/a/{b}/c/{d+}").unwrap(), ["b", "d"]);
        assert_eq!(path_parameters("/").unwrap(), Vec::<&str>::new());
        for bad in [
            "items",
            "/a//b",
            "/a/",
            "/a/{b",
            "/a/{b}c",
            "/a/{p+}/c",
            "/{}",
            "/{a}/{a}",
            "/a b",
        ] {
            assert!(path_parameters(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn stage_names() {
        assert!(check_stage_name("$default").is_ok());
        assert!(check_stage_name("prod-1_a").is_ok());
        assert!(check_stage_name("").is_err());
        assert!(check_stage_name("a b").is_err());
    }

    #[test]
    fn rates_are_written_as_yaml_writes_them() {
        assert_eq!(number(10.0), serde_json::json!(10));
        assert_eq!(number(0.5), serde_json::json!(0.5));
    }
}
