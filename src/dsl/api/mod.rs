//! API Gateway APIs in the DSL: REST (`rest`, SAM's `AWS::Serverless::Api`),
//! HTTP (`http`, `AWS::Serverless::HttpApi`) and WebSocket (`websocket`,
//! `AWS::Serverless::WebSocketApi`).
//!
//! Handles carry the kind of API they belong to ([`Rest`], [`Http`],
//! [`WebSocket`]), so what only one kind supports (a WAF web ACL on a REST
//! stage, a JWT authorizer on an HTTP route) is offered only there.
//!
//! REST: [`rest`] (the API, routes, CORS, gateway responses), [`auth`]
//! (authorizers), [`policy`] (resource policies), [`stage`] (stage settings
//! and extra stages), [`usage_plan`] (plans, tiers, API keys), [`domain`]
//! (custom domains, Route 53) and [`waf`] (web ACLs on REST stages).
//!
//! HTTP: [`http`] (the API, routes, CORS), [`http_auth`] (authorizers),
//! [`http_domain`] (custom domains, shared by WebSocket APIs) and
//! [`http_stage`] (stage settings and extra stages).

use std::marker::PhantomData;

use serde_json::Value;

use crate::template::Expr;

pub mod auth;
pub mod domain;
pub mod http;
pub mod policy;
pub mod rest;
pub mod stage;
pub mod usage_plan;
pub mod waf;
pub mod websocket;

pub use rest::{Cors, Endpoint, GatewayResponse, GatewayResponseType, Method, RestApiRef};
pub use rest::{RestApi, Route};

/// Marks handles that belong to a REST API (API Gateway v1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rest;

/// Marks handles that belong to an HTTP API (API Gateway v2, `HTTP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Http;

/// Marks handles that belong to a WebSocket API (API Gateway v2, `WEBSOCKET`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebSocket;

/// A deployed stage of an API of kind `A`: which API, the stage's name, and
/// the logical ID of its stage resource. Only stages that exist have handles,
/// so a usage plan, mapping or URL cannot name a stage that does not exist.
#[derive(Debug)]
pub struct Stage<A> {
    api: &'static str,
    name: &'static str,
    logical_id: &'static str,
    _kind: PhantomData<fn() -> A>,
}

impl<A> Clone for Stage<A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<A> Copy for Stage<A> {}
impl<A> PartialEq for Stage<A> {
    fn eq(&self, o: &Self) -> bool {
        self.logical_id == o.logical_id
    }
}

impl<A> Stage<A> {
    /// Minted by the API's builder when the stage is declared.
    #[doc(hidden)]
    pub fn new(api: &'static str, name: &'static str, logical_id: &'static str) -> Self {
        Stage {
            api,
            name,
            logical_id,
            _kind: PhantomData,
        }
    }

    /// Logical ID of the API the stage belongs to.
    pub fn api_id(&self) -> &'static str {
        self.api
    }

    /// The stage's name (`prod`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Logical ID of the stage resource (`MyApiprodStage`).
    pub fn logical_id(&self) -> &'static str {
        self.logical_id
    }

    /// `Ref` to the stage resource (its name).
    pub fn ref_(&self) -> Value {
        Expr::ref_(self.logical_id).into()
    }
}

// HTTP and WebSocket APIs: authorizers, domains, and the builders' re-exports.
pub mod http_auth;
pub mod http_domain;
pub mod http_stage;

pub use domain::SecurityPolicy;
pub use http::{CorsConfiguration, HttpApi, HttpMethod, HttpRoute, ACCESS_LOG_JSON};
pub use http_auth::{
    HttpAuthorizer, HttpIamAuthorizer, HttpJwtAuthorizer, HttpLambdaAuthorizer,
    HttpScopedAuthorizer, PayloadFormat,
};
pub use http_domain::{AliasRecords, HttpDomain, WebSocketDomain};
pub use http_stage::HttpStage;
pub use websocket::{WebSocketApi, WebSocketAuthorization, WebSocketAuthorizer, WebSocketRoute};

/// API Gateway's integration time limits: 29 s for REST routes, 30 s for HTTP
/// routes. A function behind a route that may run longer is cut off with a
/// 504 — legal in CloudFormation, so a warning, not an error.
pub(crate) fn check_integration_timeouts(low: &mut super::Lowering<'_>) {
    let mut warnings = Vec::new();
    for d in low.decls() {
        if d.kind != "function" {
            continue;
        }
        let props = d.parts.properties();
        let Some(timeout) = props.get("Timeout").and_then(Value::as_u64) else {
            continue;
        };
        let Some(events) = props.get("Events").and_then(Value::as_object) else {
            continue;
        };
        for (name, ev) in events {
            let (kind, limit) = match ev.get("Type").and_then(Value::as_str) {
                Some("Api") => ("REST", 29),
                Some("HttpApi") => ("HTTP", 30),
                _ => continue,
            };
            if timeout > limit {
                warnings.push(crate::error::Diagnostic::resource(
                    d.id,
                    "Timeout",
                    format!(
                        "the function may run {timeout} s, but its route '{name}' is on a {kind} API, which ends integrations after {limit} s (callers get a 504); lower the timeout or hand long work to a queue."
                    ),
                ));
            }
        }
    }
    for w in warnings {
        low.diags.warn(w);
    }
}

/// A custom domain's `MutualTlsAuthentication` (REST and v2 domains alike),
/// and the problem at `path` when the truststore is not `s3://bucket/key`.
#[track_caller]
pub(crate) fn mutual_tls(
    truststore_uri: &str,
    version: Option<&str>,
    path: &str,
) -> (Value, Option<super::parts::Problem>) {
    let problem = (!super::function::is_s3_uri(truststore_uri)).then(|| {
        super::parts::Problem::new(
            path,
            format!("'{truststore_uri}' is not an S3 URI (s3://bucket/key)."),
        )
    });
    let mut m = serde_json::Map::new();
    m.insert("TruststoreUri".into(), truststore_uri.into());
    if let Some(v) = version {
        m.insert("TruststoreVersion".into(), v.into());
    }
    (Value::Object(m), problem)
}
