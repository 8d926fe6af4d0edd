//! HTTP API authorizers (SAM's `HttpApi` `Auth.Authorizers`): JWT (OAuth 2 /
//! OpenID Connect), Lambda (REQUEST, payload format 1.0 or 2.0) and IAM.
//!
//! An authorizer is a typed value bound to HTTP APIs: it is registered on an
//! API with [`HttpApi::authorizer`](super::http::HttpApi::authorizer) (or
//! [`default_authorizer`](super::http::HttpApi::default_authorizer)) and
//! named on routes with [`HttpRoute::auth`](super::http::HttpRoute::auth).
//! Only these types implement [`HttpAuthorizer`], so a REST or WebSocket
//! authorizer given to an HTTP API does not compile.

use std::borrow::Cow;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::model::Ref;

use super::super::function::Function;
use super::super::intern;
use super::super::parts::{Parts, Problem};

/// What an HTTP API or route accepts as its authorizer. Implemented by
/// [`HttpJwtAuthorizer`], [`HttpLambdaAuthorizer`] and [`HttpIamAuthorizer`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an HTTP API authorizer",
    label = "an HTTP API authorizer is needed here",
    note = "HTTP APIs and their routes take `HttpJwtAuthorizer`, `HttpLambdaAuthorizer` or `HttpIamAuthorizer`; REST and WebSocket authorizers belong to their own kind of API, because API Gateway binds an authorizer to one API"
)]
pub trait HttpAuthorizer {
    /// The name routes use (`Auth.Authorizer`); `AWS_IAM` for IAM.
    fn name(&self) -> &'static str;

    /// Writes the authorizer into an API's `Auth` map.
    #[doc(hidden)]
    #[track_caller]
    fn register(&self, auth: &mut Map<String, Value>, problems: &mut Vec<Problem>);
}

/// An authorizer that checks OAuth scopes. API Gateway checks authorization
/// scopes only with JWT authorizers, so only [`HttpJwtAuthorizer`] is one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not check authorization scopes",
    label = "a JWT authorizer is needed to require scopes",
    note = "API Gateway checks a route's authorization scopes only with JWT authorizers (`HttpJwtAuthorizer`); protect the route with `.auth(&authorizer)` instead"
)]
pub trait HttpScopedAuthorizer: HttpAuthorizer {}

impl HttpScopedAuthorizer for HttpJwtAuthorizer {}

/// Names SAM gives a meaning of its own on routes.
const RESERVED: &[&str] = &["NONE", "AWS_IAM"];

#[track_caller]
fn check_name(name: &str, problems: &mut Vec<Problem>) {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        problems.push(Problem::new(
            format!("Auth.Authorizers.{name}"),
            format!("authorizer name '{name}' must be 1 to 128 letters, digits, '_' or '-'."),
        ));
    } else if RESERVED.contains(&name) {
        problems.push(Problem::new(
            format!("Auth.Authorizers.{name}"),
            format!("'{name}' is reserved on HTTP routes; give the authorizer another name."),
        ));
    }
}

fn authorizers(auth: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let slot = auth
        .entry("Authorizers")
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(m) => m,
        _ => unreachable!("just made a map"),
    }
}

/// A JWT authorizer: API Gateway validates the token's issuer, audience and
/// expiry itself (no function involved).
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let jwt = HttpJwtAuthorizer::new("Cognito", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc")
///     .audience("my-client-id");
/// let mut app = App::new("demo");
/// let api = app.http_api("Api", HttpApi::new().default_authorizer(&jwt));
/// app.function(
///     "Hello",
///     Function::new(Runtime::Python312, "app.handler", Code::inline("..."))
///         .on("Hello", HttpRoute::get("/hello").on(api)),
/// );
/// assert!(app.synth(&Context::new("us-east-1")).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct HttpJwtAuthorizer {
    name: &'static str,
    issuer: Value,
    audiences: Vec<Value>,
    identity_source: String,
    scopes: Vec<String>,
    problems: Vec<Problem>,
}

impl HttpJwtAuthorizer {
    /// A JWT authorizer named `name`, trusting tokens from `issuer` (an
    /// `https://` URL, or an expression).
    #[track_caller]
    pub fn new(name: impl Into<Cow<'static, str>>, issuer: impl Into<Value>) -> Self {
        let name = intern(name);
        let issuer = issuer.into();
        let mut problems = Vec::new();
        check_name(name, &mut problems);
        if let Some(s) = issuer.as_str() {
            if !s.starts_with("https://") {
                problems.push(Problem::new(
                    format!("Auth.Authorizers.{name}.JwtConfiguration.issuer"),
                    format!("the issuer '{s}' must be an https:// URL."),
                ));
            }
        }
        HttpJwtAuthorizer {
            name,
            issuer,
            audiences: Vec::new(),
            identity_source: "$request.header.Authorization".into(),
            scopes: Vec::new(),
            problems,
        }
    }

    /// Accepts tokens whose `aud` (or `client_id`) is `audience`; repeatable,
    /// and needed at least once.
    /// Default: none (an error at synth).
    pub fn audience(mut self, audience: impl Into<Value>) -> Self {
        self.audiences.push(audience.into());
        self
    }

    /// Where the token is read from: a selection expression such as
    /// `$request.header.Authorization` or `$request.querystring.token`.
    /// Default: `$request.header.Authorization`.
    #[track_caller]
    pub fn identity_source(mut self, expression: &str) -> Self {
        if !(expression.starts_with("$request.") || expression.starts_with("$context.")) {
            self.problems.push(Problem::new(
                format!("Auth.Authorizers.{}.IdentitySource", self.name),
                format!("'{expression}' is not a selection expression ($request.header.NAME, $request.querystring.NAME, $context.NAME)."),
            ));
        }
        self.identity_source = expression.to_string();
        self
    }

    /// Scopes every route using this authorizer requires, unless the route
    /// names its own with [`HttpRoute::auth_scopes`](super::http::HttpRoute::auth_scopes).
    /// Default: no scopes.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }
}

impl HttpAuthorizer for HttpJwtAuthorizer {
    fn name(&self) -> &'static str {
        self.name
    }

    fn register(&self, auth: &mut Map<String, Value>, problems: &mut Vec<Problem>) {
        problems.extend(self.problems.iter().cloned());
        if self.audiences.is_empty() {
            problems.push(Problem::new(
                format!("Auth.Authorizers.{}.JwtConfiguration.audience", self.name),
                "a JWT authorizer needs at least one audience (.audience(…)): API Gateway refuses one without.",
            ));
        }
        let mut a = Map::new();
        if !self.scopes.is_empty() {
            a.insert("AuthorizationScopes".into(), self.scopes.clone().into());
        }
        a.insert("IdentitySource".into(), self.identity_source.clone().into());
        let mut jwt = Map::new();
        jwt.insert("issuer".into(), self.issuer.clone());
        jwt.insert("audience".into(), Value::Array(self.audiences.clone()));
        a.insert("JwtConfiguration".into(), Value::Object(jwt));
        authorizers(auth).insert(self.name.into(), Value::Object(a));
    }
}

/// The event format a Lambda function receives from an HTTP API (and the
/// response format it returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadFormat {
    /// `1.0`: the REST API's event format.
    V1,
    /// `2.0`: the HTTP API's own, simpler format.
    V2,
}

impl PayloadFormat {
    /// The version string API Gateway uses (`2.0`).
    pub fn version(self) -> &'static str {
        match self {
            PayloadFormat::V1 => "1.0",
            PayloadFormat::V2 => "2.0",
        }
    }
}

/// A Lambda authorizer (REQUEST): API Gateway calls a function with the
/// request's identity sources and caches its answer for the TTL.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use std::time::Duration;
///
/// let mut app = App::new("demo");
/// let check = app.function("Check", Function::new(Runtime::Python312, "auth.handler", Code::inline("...")));
/// let lambda = HttpLambdaAuthorizer::new("Custom", check, PayloadFormat::V2)
///     .simple_responses()
///     .identity_header("Authorization")
///     .ttl(Duration::from_secs(300));
/// let api = app.http_api("Api", HttpApi::new().default_authorizer(&lambda));
/// app.function(
///     "Hello",
///     Function::new(Runtime::Python312, "app.handler", Code::inline("..."))
///         .on("Hello", HttpRoute::get("/hello").on(api)),
/// );
/// assert!(app.synth(&Context::new("us-east-1")).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct HttpLambdaAuthorizer {
    name: &'static str,
    function_arn: Value,
    format: PayloadFormat,
    simple_responses: bool,
    invoke_role: Option<Value>,
    headers: Vec<String>,
    query_strings: Vec<String>,
    stage_variables: Vec<String>,
    context: Vec<String>,
    ttl: Option<u64>,
    problems: Vec<Problem>,
}

impl HttpLambdaAuthorizer {
    /// A Lambda authorizer named `name` calling `function` with `format` events.
    #[track_caller]
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        function: Ref<Function>,
        format: PayloadFormat,
    ) -> Self {
        Self::arn(name, function.arn(), format)
    }

    /// A Lambda authorizer calling a function outside the app, by ARN.
    #[track_caller]
    pub fn arn(
        name: impl Into<Cow<'static, str>>,
        function_arn: impl Into<Value>,
        format: PayloadFormat,
    ) -> Self {
        let name = intern(name);
        let mut problems = Vec::new();
        check_name(name, &mut problems);
        HttpLambdaAuthorizer {
            name,
            function_arn: function_arn.into(),
            format,
            simple_responses: false,
            invoke_role: None,
            headers: Vec::new(),
            query_strings: Vec::new(),
            stage_variables: Vec::new(),
            context: Vec::new(),
            ttl: None,
            problems,
        }
    }

    /// The function answers `{"isAuthorized": true|false}` instead of an IAM
    /// policy (payload format 2.0 only).
    /// Default: the function returns an IAM policy.
    #[track_caller]
    pub fn simple_responses(mut self) -> Self {
        if self.format != PayloadFormat::V2 {
            self.problems.push(Problem::new(
                format!("Auth.Authorizers.{}.EnableSimpleResponses", self.name),
                "simple responses need payload format 2.0 (PayloadFormat::V2).",
            ));
        }
        self.simple_responses = true;
        self
    }

    /// API Gateway assumes this role to invoke the function.
    /// Default: no role; a Lambda permission lets API Gateway invoke it.
    pub fn invoke_role(mut self, role_arn: impl Into<Value>) -> Self {
        self.invoke_role = Some(role_arn.into());
        self
    }

    /// Sends (and caches on) request header `name`; repeatable. A request
    /// without it is refused with 401 before the function is called.
    /// Default: no identity sources.
    pub fn identity_header(mut self, name: &str) -> Self {
        self.headers.push(name.into());
        self
    }

    /// Sends (and caches on) query string parameter `name`; repeatable.
    /// Default: none.
    pub fn identity_query_string(mut self, name: &str) -> Self {
        self.query_strings.push(name.into());
        self
    }

    /// Sends (and caches on) stage variable `name`; repeatable.
    /// Default: none.
    pub fn identity_stage_variable(mut self, name: &str) -> Self {
        self.stage_variables.push(name.into());
        self
    }

    /// Sends (and caches on) context variable `name` (`requestId`, …); repeatable.
    /// Default: none.
    pub fn identity_context(mut self, name: &str) -> Self {
        self.context.push(name.into());
        self
    }

    /// How long API Gateway caches the function's answer, 0 to 3600 s
    /// (`Identity.ReauthorizeEvery`). Caching needs at least one identity source.
    /// Default: API Gateway's default (no caching unless set).
    #[track_caller]
    pub fn ttl(mut self, ttl: Duration) -> Self {
        let secs = ttl.as_secs();
        if secs > 3600 || ttl.subsec_nanos() != 0 {
            self.problems.push(Problem::new(
                format!("Auth.Authorizers.{}.Identity.ReauthorizeEvery", self.name),
                format!("{ttl:?} is not a whole number of seconds from 0 to 3600."),
            ));
        }
        self.ttl = Some(secs);
        self
    }
}

impl HttpAuthorizer for HttpLambdaAuthorizer {
    fn name(&self) -> &'static str {
        self.name
    }

    fn register(&self, auth: &mut Map<String, Value>, problems: &mut Vec<Problem>) {
        problems.extend(self.problems.iter().cloned());
        let no_identity = self.headers.is_empty()
            && self.query_strings.is_empty()
            && self.stage_variables.is_empty()
            && self.context.is_empty();
        if self.ttl.is_some_and(|t| t > 0) && no_identity {
            problems.push(Problem::new(
                format!("Auth.Authorizers.{}.Identity", self.name),
                "a cached Lambda authorizer (ttl above 0) needs at least one identity source (identity_header, …): API Gateway caches answers by them.",
            ));
        }
        let mut a = Map::new();
        a.insert("FunctionArn".into(), self.function_arn.clone());
        if let Some(r) = &self.invoke_role {
            a.insert("FunctionInvokeRole".into(), r.clone());
        }
        a.insert(
            "AuthorizerPayloadFormatVersion".into(),
            self.format.version().into(),
        );
        if self.simple_responses {
            a.insert("EnableSimpleResponses".into(), true.into());
        }
        if self.invoke_role.is_none() {
            a.insert("EnableFunctionDefaultPermissions".into(), true.into());
        }
        let mut identity = Map::new();
        for (key, list) in [
            ("Headers", &self.headers),
            ("QueryStrings", &self.query_strings),
            ("StageVariables", &self.stage_variables),
            ("Context", &self.context),
        ] {
            if !list.is_empty() {
                identity.insert(key.into(), list.clone().into());
            }
        }
        if let Some(t) = self.ttl {
            identity.insert("ReauthorizeEvery".into(), t.into());
        }
        if !identity.is_empty() {
            a.insert("Identity".into(), Value::Object(identity));
        }
        authorizers(auth).insert(self.name.into(), Value::Object(a));
    }
}

/// IAM authorization (`AWS_IAM`): callers sign requests with SigV4 and need
/// `execute-api:Invoke` on the route.
#[derive(Debug, Clone, Copy, Default)]
pub struct HttpIamAuthorizer;

impl HttpAuthorizer for HttpIamAuthorizer {
    fn name(&self) -> &'static str {
        "AWS_IAM"
    }

    fn register(&self, auth: &mut Map<String, Value>, _problems: &mut Vec<Problem>) {
        auth.insert("EnableIamAuthorizer".into(), true.into());
    }
}

/// Registers `a` on an API's parts (under `Auth`), once.
#[track_caller]
pub(crate) fn register(parts: &mut Parts, setter: &'static str, a: &impl HttpAuthorizer) {
    let mut problems = Vec::new();
    let auth = parts.map(setter, "Auth");
    let known = a.name() == "AWS_IAM" && auth.contains_key("EnableIamAuthorizer")
        || auth
            .get("Authorizers")
            .and_then(|m| m.get(a.name()))
            .is_some();
    if !known {
        a.register(auth, &mut problems);
    }
    for p in problems {
        parts.push_problem(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_issuer_must_be_https() {
        let a = HttpJwtAuthorizer::new("J", "http://x");
        assert_eq!(a.problems.len(), 1);
        assert!(a.problems[0].render().contains("https://"));
    }

    #[test]
    fn simple_responses_need_v2_and_ttl_needs_identity() {
        let a = HttpLambdaAuthorizer::arn("L", "arn", PayloadFormat::V1)
            .simple_responses()
            .ttl(Duration::from_secs(60));
        let mut auth = Map::new();
        let mut problems = Vec::new();
        a.register(&mut auth, &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[1].render().contains("identity source"));
    }

    #[test]
    fn jwt_needs_an_audience() {
        let mut auth = Map::new();
        let mut problems = Vec::new();
        HttpJwtAuthorizer::new("J", "https://i").register(&mut auth, &mut problems);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].render().contains("audience"));
    }

    #[test]
    fn reserved_names_are_refused() {
        assert_eq!(
            HttpJwtAuthorizer::new("NONE", "https://i").problems.len(),
            1
        );
        assert_eq!(HttpJwtAuthorizer::new("a b", "https://i").problems.len(), 1);
    }
}
