//! WebSocket APIs in the DSL (SAM's `AWS::Serverless::WebSocketApi`, API
//! Gateway v2 `WEBSOCKET`): a route selection expression, routes
//! (`$connect`, `$disconnect`, `$default` and custom keys) each bound to a
//! function handle, `$connect` authorization (a Lambda REQUEST authorizer or
//! IAM), one auto-deployed stage and an optional custom domain.
//!
//! Route keys, stage names and the authorizer's need for a `$connect` route
//! are checked where they are written; SAM would otherwise stop at the first
//! problem of the API.

use std::borrow::Cow;
use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::model::Ref;
use crate::template::Expr;
use crate::transform::logical_id;

use super::super::function::Function;
use super::super::parts::{Parts, Problem, ResourceBuilder};
use super::super::{intern, App, Lowering};
use super::http::{check_log_format, AccessLogGroup};
use super::http_domain::{check_certificate_region, WebSocketDomain};
use super::{Stage, WebSocket};

const TYPE: &str = "AWS::Serverless::WebSocketApi";
const CONNECT: &str = "$connect";

/// A WebSocket API definition (`AWS::Serverless::WebSocketApi`).
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("chat");
/// let code = || Code::inline("...");
/// let connect = app.function("Connect", Function::new(Runtime::Python312, "chat.connect", code()));
/// let send = app.function("Send", Function::new(Runtime::Python312, "chat.send", code()));
/// let api = app.websocket_api(
///     "Chat",
///     WebSocketApi::new("$request.body.action")
///         .on_connect(connect)
///         .route("sendMessage", send)
///         .stage_name("prod"),
/// );
/// let stage = app.websocket_stage(api);
/// app.output("Url", Output::new(stage.url()));
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("ChatprodStage").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct WebSocketApi {
    pub(crate) parts: Parts,
    /// Route key → its `Routes` entry, in the order written.
    routes: Vec<(String, Value)>,
    functions: Vec<&'static str>,
    authorized: Option<&'static std::panic::Location<'static>>,
    certificate: Option<String>,
    log_group: Option<AccessLogGroup>,
}

impl ResourceBuilder for WebSocketApi {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

/// One route's settings beyond its function.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use std::time::Duration;
/// let mut app = App::new("demo");
/// let f = app.function("F", Function::new(Runtime::Python312, "h.h", Code::inline("...")));
/// let route = WebSocketRoute::new(f).timeout(Duration::from_secs(10)).api_key_required();
/// let api = WebSocketApi::new("$request.body.action").route_with("sendMessage", route);
/// # let _ = api;
/// ```
#[derive(Debug, Clone)]
pub struct WebSocketRoute {
    function: Ref<Function>,
    timeout_ms: Option<u64>,
    api_key_required: bool,
    operation_name: Option<String>,
    throttling: Option<(u32, u32)>,
    problems: Vec<Problem>,
}

impl WebSocketRoute {
    /// A route handled by `function` (a Lambda proxy integration).
    pub fn new(function: Ref<Function>) -> Self {
        WebSocketRoute {
            function,
            timeout_ms: None,
            api_key_required: false,
            operation_name: None,
            throttling: None,
            problems: Vec::new(),
        }
    }

    /// How long API Gateway waits for the function, 50 ms to 29 s.
    /// Default: 29 s.
    #[track_caller]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        let ms = timeout.as_millis();
        if !(50..=29_000).contains(&ms) {
            self.problems.push(Problem::new(
                "IntegrationTimeout",
                format!(
                    "{timeout:?} is outside API Gateway's integration timeout of 50 ms to 29 s."
                ),
            ));
        }
        self.timeout_ms = Some(ms as u64);
        self
    }

    /// Callers must send an API key.
    /// Default: no key needed.
    pub fn api_key_required(mut self) -> Self {
        self.api_key_required = true;
        self
    }

    /// Throttles this route: `burst` concurrent requests, `rate` per second
    /// (the stage's `RouteSettings` for this route key).
    /// Default: the stage's default route settings.
    pub fn throttling(mut self, burst: u32, rate: u32) -> Self {
        self.throttling = Some((burst, rate));
        self
    }

    /// A name for the route's operation (shown in logs and SDKs).
    /// Default: none.
    pub fn operation_name(mut self, name: &str) -> Self {
        self.operation_name = Some(name.into());
        self
    }

    fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("FunctionArn".into(), self.function.arn());
        if let Some(t) = self.timeout_ms {
            m.insert("IntegrationTimeout".into(), t.into());
        }
        if self.api_key_required {
            m.insert("ApiKeyRequired".into(), true.into());
        }
        if let Some(n) = &self.operation_name {
            m.insert("OperationName".into(), n.clone().into());
        }
        Value::Object(m)
    }
}

/// How the `$connect` route is authorized: a Lambda REQUEST authorizer or IAM.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let mut app = App::new("demo");
/// let auth = app.function("Auth", Function::new(Runtime::Python312, "auth.h", Code::inline("...")));
/// let authorizer = WebSocketAuthorizer::lambda(auth).identity_query_string("token");
/// # let _ = authorizer;
/// ```
#[derive(Debug, Clone)]
pub struct WebSocketAuthorizer {
    kind: &'static str,
    function: Option<Value>,
    identity: Vec<String>,
    invoke_role: Option<Value>,
    name: Option<String>,
    problems: Vec<Problem>,
}

/// What a WebSocket API accepts as its `$connect` authorizer: a
/// [`WebSocketAuthorizer`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a WebSocket API authorizer",
    label = "a WebSocketAuthorizer is needed here",
    note = "WebSocket APIs authorize `$connect` with `WebSocketAuthorizer::lambda(…)` (a REQUEST authorizer) or `WebSocketAuthorizer::iam()`; JWT and HTTP or REST authorizers belong to their own kind of API"
)]
pub trait WebSocketAuthorization {
    #[doc(hidden)]
    fn into_authorizer(self) -> WebSocketAuthorizer;
}

impl WebSocketAuthorization for WebSocketAuthorizer {
    fn into_authorizer(self) -> WebSocketAuthorizer {
        self
    }
}

impl WebSocketAuthorizer {
    /// A Lambda REQUEST authorizer: `function` decides on each connection.
    pub fn lambda(function: Ref<Function>) -> Self {
        Self::lambda_arn(function.arn())
    }

    /// A Lambda REQUEST authorizer calling a function outside the app, by ARN.
    pub fn lambda_arn(function_arn: impl Into<Value>) -> Self {
        WebSocketAuthorizer {
            kind: "CUSTOM",
            function: Some(function_arn.into()),
            identity: Vec::new(),
            invoke_role: None,
            name: None,
            problems: Vec::new(),
        }
    }

    /// IAM: clients sign the connection request with SigV4.
    pub fn iam() -> Self {
        WebSocketAuthorizer {
            kind: "AWS_IAM",
            function: None,
            identity: Vec::new(),
            invoke_role: None,
            name: None,
            problems: Vec::new(),
        }
    }

    #[track_caller]
    fn lambda_only(&mut self, what: &str) {
        if self.kind != "CUSTOM" {
            self.problems.push(Problem::new(
                "Auth",
                format!("{what} applies to Lambda authorizers only; IAM authorization takes no settings."),
            ));
        }
    }

    /// Sends request header `name` to the function; a connection without it
    /// is refused (401); repeatable.
    /// Default: no identity sources.
    #[track_caller]
    pub fn identity_header(mut self, name: &str) -> Self {
        self.lambda_only("identity_header");
        self.identity.push(format!("route.request.header.{name}"));
        self
    }

    /// Sends query string parameter `name` to the function (browsers cannot
    /// set headers on WebSocket connections, so tokens often come this way); repeatable.
    /// Default: none.
    #[track_caller]
    pub fn identity_query_string(mut self, name: &str) -> Self {
        self.lambda_only("identity_query_string");
        self.identity
            .push(format!("route.request.querystring.{name}"));
        self
    }

    /// API Gateway assumes this role to invoke the function.
    /// Default: a Lambda permission lets API Gateway invoke it.
    #[track_caller]
    pub fn invoke_role(mut self, role_arn: impl Into<Value>) -> Self {
        self.lambda_only("invoke_role");
        self.invoke_role = Some(role_arn.into());
        self
    }

    /// The authorizer's name in API Gateway.
    /// Default: `<Api>ConnectAuthorizer`.
    #[track_caller]
    pub fn name(mut self, name: &str) -> Self {
        self.lambda_only("name");
        self.name = Some(name.into());
        self
    }

    fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("AuthType".into(), self.kind.into());
        if let Some(f) = &self.function {
            m.insert("AuthArn".into(), f.clone());
        }
        if !self.identity.is_empty() {
            m.insert("IdentitySource".into(), self.identity.clone().into());
        }
        if let Some(r) = &self.invoke_role {
            m.insert("InvokeRole".into(), r.clone());
        }
        if let Some(n) = &self.name {
            m.insert("Name".into(), n.clone().into());
        }
        Value::Object(m)
    }
}

impl WebSocketApi {
    /// A WebSocket API choosing each message's route with
    /// `route_selection_expression` (`$request.body.action` reads the
    /// message's `action` field).
    #[track_caller]
    pub fn new(route_selection_expression: &str) -> Self {
        let mut parts = Parts::new();
        if !route_selection_expression.starts_with("$request.")
            && !route_selection_expression.starts_with("${request.")
        {
            parts.problem(
                "RouteSelectionExpression",
                format!("'{route_selection_expression}' is not a selection expression ($request.body.FIELD)."),
            );
        }
        parts.set(
            "new",
            "RouteSelectionExpression",
            route_selection_expression,
        );
        WebSocketApi {
            parts,
            routes: Vec::new(),
            functions: Vec::new(),
            authorized: None,
            certificate: None,
            log_group: None,
        }
    }

    /// The API's name.
    /// Default: its logical ID.
    pub fn name(mut self, name: impl Into<Value>) -> Self {
        self.parts.set("name", "Name", name.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    /// `function` handles new connections (`$connect`).
    /// Default: connections are accepted without calling a function.
    #[track_caller]
    pub fn on_connect(self, function: Ref<Function>) -> Self {
        self.route_with(CONNECT, WebSocketRoute::new(function))
    }

    /// `function` is told when a client disconnects (`$disconnect`).
    /// Default: no function is told.
    #[track_caller]
    pub fn on_disconnect(self, function: Ref<Function>) -> Self {
        self.route_with("$disconnect", WebSocketRoute::new(function))
    }

    /// `function` handles messages no other route matches (`$default`).
    /// Default: such messages are answered with an error.
    #[track_caller]
    pub fn on_default(self, function: Ref<Function>) -> Self {
        self.route_with("$default", WebSocketRoute::new(function))
    }

    /// `function` handles messages whose route selection expression gives
    /// `key` (letters and digits).
    #[track_caller]
    pub fn route(self, key: &str, function: Ref<Function>) -> Self {
        self.route_with(key, WebSocketRoute::new(function))
    }

    /// A route with settings of its own (timeout, API key, …); `key` is
    /// `$connect`, `$disconnect`, `$default` or letters and digits.
    #[track_caller]
    pub fn route_with(mut self, key: &str, route: WebSocketRoute) -> Self {
        let path = format!("Routes.{key}");
        for p in &route.problems {
            self.parts.push_problem(p.clone().nested(&path));
        }
        match logical_id::websocket_route_key_part(key) {
            None => self.parts.problem(
                path.clone(),
                format!("route key '{key}' must be $connect, $disconnect, $default or letters and digits only."),
            ),
            Some(part) => {
                let clash = self.routes.iter().find(|(k, _)| {
                    logical_id::websocket_route_key_part(k).as_deref() == Some(part.as_str())
                });
                if let Some((other, _)) = clash {
                    let why = if other == key {
                        format!("route '{key}' is declared twice; each route key has one function.")
                    } else {
                        format!("route keys '{other}' and '{key}' differ only in case, and SAM names both routes' resources '{part}…'; rename one.")
                    };
                    self.parts.problem(path.clone(), why);
                }
            }
        }
        if let Some((burst, rate)) = route.throttling {
            self.parts.map("route", "RouteSettings").insert(
                key.to_string(),
                json!({"ThrottlingBurstLimit": burst, "ThrottlingRateLimit": rate}),
            );
        }
        self.functions.push(route.function.id());
        self.routes.push((key.to_string(), route.to_value()));
        let routes: Map<String, Value> = self.routes.iter().cloned().collect();
        self.parts.set("route", "Routes", Value::Object(routes));
        self
    }

    /// Authorizes new connections (`$connect`, which the API must have).
    /// Default: anyone may connect.
    #[track_caller]
    pub fn authorizer(mut self, authorizer: impl WebSocketAuthorization) -> Self {
        let a = authorizer.into_authorizer();
        for p in &a.problems {
            self.parts.push_problem(p.clone());
        }
        self.authorized = Some(std::panic::Location::caller());
        self.parts.set("authorizer", "Auth", a.to_value());
        self
    }

    /// Routes that require an API key read it from the `x-api-key` header
    /// (`ApiKeySelectionExpression: $request.header.x-api-key`).
    /// Default: no API key selection expression.
    pub fn api_keys_from_header(mut self) -> Self {
        self.parts.set(
            "api_keys_from_header",
            "ApiKeySelectionExpression",
            "$request.header.x-api-key",
        );
        self
    }

    /// Routes that require an API key take it from the Lambda authorizer's
    /// `usageIdentifierKey`.
    /// Default: no API key selection expression.
    pub fn api_keys_from_authorizer(mut self) -> Self {
        self.parts.set(
            "api_keys_from_authorizer",
            "ApiKeySelectionExpression",
            "$context.authorizer.usageIdentifierKey",
        );
        self
    }

    /// The stage's name: letters and digits (SAM names the stage resource
    /// `<Api><Name>Stage`); `$default` is a route key here, not a stage.
    /// Default: `default`.
    #[track_caller]
    pub fn stage_name(mut self, name: &str) -> Self {
        if name.is_empty() || name.len() > 128 || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.parts.problem(
                "StageName",
                format!("WebSocket stage name '{name}' must be 1 to 128 letters and digits."),
            );
        }
        self.parts.set("stage_name", "StageName", name);
        self
    }

    /// Sets a stage variable.
    /// Default: no stage variables.
    #[track_caller]
    pub fn stage_variable(mut self, name: &str, value: impl Into<Value>) -> Self {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.parts.problem(
                format!("StageVariables.{name}"),
                format!("stage variable name '{name}' may only have letters, digits and '_'."),
            );
        }
        self.parts
            .map("stage_variable", "StageVariables")
            .insert(name.into(), value.into());
        self
    }

    /// Access logs with `format` into `destination_arn` (a log group's ARN).
    /// Default: no access logs with SAM's defaults; the `recommended` defaults
    /// add JSON access logs to a generated log group (`Hardening::AccessLogs`).
    #[track_caller]
    pub fn access_log(mut self, destination_arn: impl Into<Value>, format: &str) -> Self {
        check_log_format(&mut self.parts, format);
        self.parts.set(
            "access_log",
            "AccessLogSettings",
            json!({"DestinationArn": destination_arn.into(), "Format": format}),
        );
        self
    }

    /// Beyond SAM: access logs into a log group the app creates for them
    /// (`AWS::Logs::LogGroup` `<Api>AccessLogs`), kept `retention_days`, with `format`.
    /// Default: no access logs with SAM's defaults; the `recommended` defaults
    /// add JSON access logs to a generated log group (`Hardening::AccessLogs`).
    #[track_caller]
    pub fn access_log_group(mut self, retention_days: u32, format: &str) -> Self {
        self.log_group = Some(AccessLogGroup::new(&mut self.parts, retention_days, format));
        self
    }

    /// Throttles every route: `burst` concurrent requests, `rate` per second.
    /// Default: the account's limits.
    pub fn default_route_throttling(mut self, burst: u32, rate: u32) -> Self {
        let m = self
            .parts
            .map("default_route_throttling", "DefaultRouteSettings");
        m.insert("ThrottlingBurstLimit".into(), burst.into());
        m.insert("ThrottlingRateLimit".into(), rate.into());
        self
    }

    /// Per-route CloudWatch metrics.
    /// Default: API-level metrics only.
    pub fn detailed_metrics(mut self) -> Self {
        self.parts
            .map("detailed_metrics", "DefaultRouteSettings")
            .insert("DetailedMetricsEnabled".into(), true.into());
        self
    }

    /// A custom domain mapped to the API's stage.
    /// Default: only the `execute-api` endpoint.
    pub fn domain(mut self, domain: WebSocketDomain) -> Self {
        self.certificate = domain.certificate().map(str::to_string);
        domain.write(&mut self.parts, "domain");
        self
    }

    /// Turns off the default `execute-api` endpoint.
    /// Default: the endpoint is on.
    pub fn disable_execute_api_endpoint(mut self) -> Self {
        self.parts.set(
            "disable_execute_api_endpoint",
            "DisableExecuteApiEndpoint",
            true,
        );
        self
    }

    /// Serves IPv6 clients too (`IpAddressType: dualstack`).
    /// Default: IPv4 only.
    pub fn dualstack(mut self) -> Self {
        self.parts.set("dualstack", "IpAddressType", "dualstack");
        self
    }

    /// Tags the API (and, with [`propagate_tags`](Self::propagate_tags), its stage and domain).
    /// Default: only SAM's `websocketapi:createdBy: SAM`.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .map("tag", "Tags")
            .insert(key.to_string(), value.into());
        self
    }

    /// Copies the API's tags onto its stage and domain.
    /// Default: off.
    pub fn propagate_tags(mut self) -> Self {
        self.parts.set("propagate_tags", "PropagateTags", true);
        self
    }
}

impl App {
    /// Declares a WebSocket API; returns its handle.
    #[track_caller]
    pub fn websocket_api(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        a: WebSocketApi,
    ) -> Ref<WebSocketApi> {
        let mut parts = a.parts;
        if a.routes.is_empty() {
            parts.problem(
                "Routes",
                "a WebSocket API needs at least one route (on_connect, route, …).",
            );
        }
        if let Some(at) = a.authorized {
            if !a.routes.iter().any(|(k, _)| k == CONNECT) {
                parts.push_problem(Problem {
                    path: "Auth".into(),
                    message: "an authorizer guards $connect, so the API needs a $connect route (on_connect).".into(),
                    at: Some(at),
                });
            }
        }
        let id = intern(id);
        if let Some(g) = &a.log_group {
            g.point(&mut parts, id);
        }
        let api: Ref<WebSocketApi> = self.declare(id, "WebSocket API", TYPE, parts);
        if let Some(g) = &a.log_group {
            g.declare(self, id);
        }
        if let Some(cert) = &a.certificate {
            check_certificate_region(self, api.id(), cert);
        }
        let functions = a.functions;
        let api_id = api.id();
        self.add_pass(move |low: &mut Lowering<'_>| {
            for f in &functions {
                let ok = low
                    .decl(f)
                    .is_some_and(|d| d.type_ == "AWS::Serverless::Function");
                if !ok {
                    low.problem(
                        api_id,
                        Problem {
                            path: "Routes".into(),
                            message: format!(
                                "a route's function '{f}' is not a function of this app."
                            ),
                            at: None,
                        },
                    );
                }
            }
        });
        api
    }

    /// The stage SAM creates for `api` (`<Api>DefaultStage` for the default
    /// name `default`, else `<Api><Name>Stage`). Call it after declaring the API.
    #[track_caller]
    pub fn websocket_stage(&mut self, api: Ref<WebSocketApi>) -> Stage<WebSocket> {
        let name: &'static str = match self.decl(api.id()) {
            Some(d) if d.type_ == TYPE => match d.parts.props.get("StageName") {
                Some(Value::String(s)) => intern(s.clone()),
                _ => "default",
            },
            _ => {
                self.problem(
                    api.id(),
                    Problem::new(
                        "",
                        format!("no WebSocket API '{}' in this app: declare it with app.websocket_api before asking for its stage.", api.id()),
                    ),
                );
                "default"
            }
        };
        let id = logical_id::websocket_stage_id(api.id(), &Value::String(name.into()));
        Stage::new(api.id(), name, intern(id))
    }

    /// Lets `function` send messages to and disconnect the clients of `stage`
    /// (`execute-api:ManageConnections` on its `@connections` API).
    #[track_caller]
    pub fn grant_manage_connections(&mut self, function: Ref<Function>, stage: Stage<WebSocket>) {
        let statement = json!({
            "Statement": [{
                "Effect": "Allow",
                "Action": ["execute-api:ManageConnections"],
                "Resource": [stage.connections_arn()],
            }]
        });
        match self.decl_mut(function.id()) {
            Some(d) if d.type_ == "AWS::Serverless::Function" => d
                .parts
                .list("grant_manage_connections", "Policies")
                .push(statement),
            _ => self.problem(
                function.id(),
                Problem::new(
                    "Policies",
                    format!(
                        "no function '{}' in this app to grant ManageConnections to.",
                        function.id()
                    ),
                ),
            ),
        }
    }
}

impl Ref<WebSocketApi> {
    /// The API's ID (`Ref`).
    pub fn api_id(&self) -> Value {
        self.ref_()
    }

    /// The API's endpoint, `wss://{id}.execute-api.{region}.amazonaws.com`
    /// (`Fn::GetAtt: [Api, ApiEndpoint]`).
    pub fn endpoint(&self) -> Value {
        self.get_att("ApiEndpoint")
    }
}

impl Stage<WebSocket> {
    /// The URL clients connect to: `wss://{api}.execute-api.{region}.{suffix}/{stage}`.
    pub fn url(&self) -> Value {
        Expr::sub(format!(
            "wss://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{}",
            self.api_id(),
            self.name()
        ))
        .into()
    }

    /// The connections management endpoint functions post messages to:
    /// `https://{api}.execute-api.{region}.{suffix}/{stage}` (the SDK adds `@connections/{id}`).
    pub fn connections_url(&self) -> Value {
        Expr::sub(format!(
            "https://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{}",
            self.api_id(),
            self.name()
        ))
        .into()
    }

    /// ARN of every connection of the stage, for `execute-api:ManageConnections`:
    /// any method, since posting to a connection is `POST`, reading it `GET`
    /// and disconnecting it `DELETE`.
    pub fn connections_arn(&self) -> Value {
        Expr::sub(format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/{}/*/@connections/*",
            self.api_id(),
            self.name()
        ))
        .into()
    }
}
