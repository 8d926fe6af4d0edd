//! API Gateway APIs in the DSL: REST (`rest`, SAM's `AWS::Serverless::Api`),
//! HTTP (`http`, `AWS::Serverless::HttpApi`) and WebSocket (`websocket`,
//! `AWS::Serverless::WebSocketApi`).
//!
//! Handles carry the kind of API they belong to ([`Rest`], [`Http`],
//! [`WebSocket`]), so what only one kind supports (a WAF web ACL on a REST
//! stage, a JWT authorizer on an HTTP route) is offered only there.

use std::marker::PhantomData;

use serde_json::Value;

use crate::template::Expr;

pub mod http;
pub mod rest;
pub mod websocket;

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

pub use http::{CorsConfiguration, HttpApi, HttpMethod, HttpRoute, ACCESS_LOG_JSON};
pub use http_auth::{
    HttpAuthorizer, HttpIamAuthorizer, HttpJwtAuthorizer, HttpLambdaAuthorizer,
    HttpScopedAuthorizer, PayloadFormat,
};
pub use http_domain::{AliasRecords, HttpDomain, SecurityPolicy, WebSocketDomain};
pub use websocket::{WebSocketApi, WebSocketAuthorization, WebSocketAuthorizer, WebSocketRoute};
