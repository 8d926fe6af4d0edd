//! REST API authorizers as typed handles (SAM's `Auth.Authorizers`): Cognito
//! user pools, Lambda TOKEN and Lambda REQUEST authorizers, and IAM. An
//! [`Authorizer<Rest>`] is bound to the API it was declared on; a route of
//! another API using it is reported at synth, and an HTTP route cannot take it
//! at all (it is a REST handle).

use std::borrow::Cow;
use std::marker::PhantomData;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::model::{LogicalId, Ref};

use super::super::function::Function;
use super::super::parts::Problem;
use super::super::{intern, App};
use super::rest::RestApiRef;
use super::Rest;

/// An authorizer of an API of kind `A`: which API it belongs to and its name.
#[derive(Debug)]
pub struct Authorizer<A> {
    api: Option<&'static str>,
    name: &'static str,
    _kind: PhantomData<fn() -> A>,
}

impl<A> Clone for Authorizer<A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<A> Copy for Authorizer<A> {}
impl<A> PartialEq for Authorizer<A> {
    fn eq(&self, o: &Self) -> bool {
        self.api == o.api && self.name == o.name
    }
}

impl<A> Authorizer<A> {
    /// The authorizer's name in the API's `Auth.Authorizers` (`AWS_IAM` for IAM).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Logical ID of the API it belongs to (`None` for IAM, valid on any API).
    pub fn api(&self) -> Option<&'static str> {
        self.api
    }
}

impl Authorizer<Rest> {
    /// IAM (SigV4) authorization (`AWS_IAM`), on any REST API.
    pub fn iam() -> Self {
        Authorizer {
            api: None,
            name: "AWS_IAM",
            _kind: PhantomData,
        }
    }
}

/// An authorizer definition a REST API accepts (Cognito, Lambda TOKEN, Lambda REQUEST).
pub trait RestAuthorizer {
    #[doc(hidden)]
    fn into_sam(self) -> (Map<String, Value>, Vec<Problem>);
}

fn identity(map: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let slot = map
        .entry("Identity")
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(m) => m,
        _ => unreachable!("just made a map"),
    }
}

#[track_caller]
fn ttl(map: &mut Map<String, Value>, problems: &mut Vec<Problem>, ttl: Duration) {
    let secs = ttl.as_secs();
    if secs > 3600 || ttl.subsec_nanos() != 0 {
        problems.push(Problem::new(
            "Identity.ReauthorizeEvery",
            format!(
                "{ttl:?} is not a whole number of seconds from 0 to 3600 (API Gateway's limit)."
            ),
        ));
    }
    identity(map).insert("ReauthorizeEvery".into(), secs.into());
}

/// A Cognito user pool authorizer.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use stackwright::dsl::api::auth::CognitoAuthorizer;
/// let mut app = App::new("shop");
/// let api = app.rest_api("Api", RestApi::new("prod"));
/// let users = app.rest_authorizer(
///     api,
///     "Users",
///     CognitoAuthorizer::new(["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"])
///         .header("Authorization"),
/// );
/// app.rest_default_authorizer(api, users);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CognitoAuthorizer {
    map: Map<String, Value>,
    problems: Vec<Problem>,
}

impl CognitoAuthorizer {
    /// Authorizes with tokens of these user pools (ARNs or expressions).
    pub fn new<V: Into<Value>>(user_pool_arns: impl IntoIterator<Item = V>) -> Self {
        let mut pools: Vec<Value> = user_pool_arns.into_iter().map(Into::into).collect();
        let mut map = Map::new();
        let v = if pools.len() == 1 {
            pools.remove(0)
        } else {
            Value::Array(pools)
        };
        map.insert("UserPoolArn".into(), v);
        CognitoAuthorizer {
            map,
            problems: Vec::new(),
        }
    }

    /// The header carrying the token.
    /// Default: `Authorization`.
    pub fn header(mut self, name: &str) -> Self {
        identity(&mut self.map).insert("Header".into(), name.into());
        self
    }

    /// A regular expression tokens must match before Cognito is asked.
    /// Default: none.
    pub fn validation_expression(mut self, regex: &str) -> Self {
        identity(&mut self.map).insert("ValidationExpression".into(), regex.into());
        self
    }

    /// How long a result is cached (0 to 3600 s).
    /// Default: 300 s.
    #[track_caller]
    pub fn ttl(mut self, t: Duration) -> Self {
        ttl(&mut self.map, &mut self.problems, t);
        self
    }

    /// OAuth scopes every route using this authorizer requires.
    /// Default: none (an ID token is enough).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        let list = scopes
            .into_iter()
            .map(|s| Value::String(s.into()))
            .collect();
        self.map
            .insert("AuthorizationScopes".into(), Value::Array(list));
        self
    }
}

impl RestAuthorizer for CognitoAuthorizer {
    fn into_sam(self) -> (Map<String, Value>, Vec<Problem>) {
        (self.map, self.problems)
    }
}

/// A Lambda TOKEN authorizer: the function gets one header's value.
///
/// ```
/// use std::time::Duration;
/// use stackwright::dsl::prelude::*;
/// let mut app = App::new("shop");
/// let api = app.rest_api("Api", RestApi::new("prod"));
/// let check = app.function("Check", Function::new(Runtime::Python312, "auth.check", Code::inline("x")));
/// let staff = app.rest_authorizer(
///     api,
///     "Staff",
///     TokenAuthorizer::new(check).header("X-Staff-Token").ttl(Duration::from_secs(60)),
/// );
/// let route = Route::delete("/items/{id}").on(api).authorizer(staff);
/// # let _ = route;
/// ```
#[derive(Debug, Clone)]
pub struct TokenAuthorizer {
    map: Map<String, Value>,
    problems: Vec<Problem>,
}

impl TokenAuthorizer {
    /// Authorizes with `function`, given the `Authorization` header's token.
    pub fn new(function: Ref<Function>) -> Self {
        let mut map = Map::new();
        map.insert("FunctionPayloadType".into(), "TOKEN".into());
        map.insert("FunctionArn".into(), function.arn());
        TokenAuthorizer {
            map,
            problems: Vec::new(),
        }
    }

    /// The header carrying the token.
    /// Default: `Authorization`.
    pub fn header(mut self, name: &str) -> Self {
        identity(&mut self.map).insert("Header".into(), name.into());
        self
    }

    /// A regular expression tokens must match before the function is called.
    /// Default: none.
    pub fn validation_expression(mut self, regex: &str) -> Self {
        identity(&mut self.map).insert("ValidationExpression".into(), regex.into());
        self
    }

    /// How long a result is cached (0 to 3600 s; 0 turns caching off).
    /// Default: 300 s.
    #[track_caller]
    pub fn ttl(mut self, t: Duration) -> Self {
        ttl(&mut self.map, &mut self.problems, t);
        self
    }

    /// A role API Gateway assumes to call the function.
    /// Default: a Lambda permission lets API Gateway call it.
    pub fn invoke_role(mut self, arn: impl Into<Value>) -> Self {
        self.map.insert("FunctionInvokeRole".into(), arn.into());
        self
    }
}

impl RestAuthorizer for TokenAuthorizer {
    fn into_sam(self) -> (Map<String, Value>, Vec<Problem>) {
        (self.map, self.problems)
    }
}

/// A Lambda REQUEST authorizer: the function gets the request's headers,
/// query strings, stage variables and context, keyed by the identity sources.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let mut app = App::new("shop");
/// let api = app.rest_api("Api", RestApi::new("prod"));
/// let check = app.function("Check", Function::new(Runtime::Python312, "auth.check", Code::inline("x")));
/// let tenant = app.rest_authorizer(
///     api,
///     "Tenant",
///     RequestAuthorizer::new(check).headers(["Authorization"]).query_strings(["tenant"]),
/// );
/// app.rest_default_authorizer(api, tenant);
/// ```
#[derive(Debug, Clone)]
pub struct RequestAuthorizer {
    map: Map<String, Value>,
    problems: Vec<Problem>,
}

impl RequestAuthorizer {
    /// Authorizes with `function`.
    pub fn new(function: Ref<Function>) -> Self {
        let mut map = Map::new();
        map.insert("FunctionPayloadType".into(), "REQUEST".into());
        map.insert("FunctionArn".into(), function.arn());
        RequestAuthorizer {
            map,
            problems: Vec::new(),
        }
    }

    fn source<S: Into<String>>(mut self, key: &str, names: impl IntoIterator<Item = S>) -> Self {
        let slot = identity(&mut self.map)
            .entry(key)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = slot {
            list.extend(names.into_iter().map(|s| Value::String(s.into())));
        }
        self
    }

    /// Request headers that identify the caller (cache key and required).
    /// Default: none.
    pub fn headers<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.source("Headers", names)
    }

    /// Query strings that identify the caller.
    /// Default: none.
    pub fn query_strings<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.source("QueryStrings", names)
    }

    /// Stage variables that identify the caller.
    /// Default: none.
    pub fn stage_variables<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.source("StageVariables", names)
    }

    /// Context values (`identity.sourceIp`) that identify the caller.
    /// Default: none.
    pub fn context<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.source("Context", names)
    }

    /// How long a result is cached (0 to 3600 s; 0 turns caching off).
    /// Default: 300 s.
    #[track_caller]
    pub fn ttl(mut self, t: Duration) -> Self {
        ttl(&mut self.map, &mut self.problems, t);
        self
    }

    /// A role API Gateway assumes to call the function.
    /// Default: a Lambda permission lets API Gateway call it.
    pub fn invoke_role(mut self, arn: impl Into<Value>) -> Self {
        self.map.insert("FunctionInvokeRole".into(), arn.into());
        self
    }
}

impl RestAuthorizer for RequestAuthorizer {
    fn into_sam(self) -> (Map<String, Value>, Vec<Problem>) {
        (self.map, self.problems)
    }
}

impl App {
    /// Declares an authorizer named `name` on a REST API; returns its handle
    /// for [`Route::authorizer`](super::rest::Route::authorizer) and
    /// [`rest_default_authorizer`](App::rest_default_authorizer).
    #[track_caller]
    pub fn rest_authorizer(
        &mut self,
        api: RestApiRef,
        name: impl Into<Cow<'static, str>>,
        def: impl RestAuthorizer,
    ) -> Authorizer<Rest> {
        let name = intern(name);
        let (map, problems) = def.into_sam();
        let path = format!("Auth.Authorizers.{name}");
        let mut found = Vec::new();
        if let Err(why) = LogicalId::check(name) {
            found.push(Problem::new(
                path.clone(),
                format!("authorizer name: {why}"),
            ));
        }
        for p in problems {
            found.push(p.nested(&path));
        }
        match self.decl_mut(api.id()) {
            Some(d) => {
                let auth = d.parts.map("rest_authorizer", "Auth");
                let slot = auth
                    .entry("Authorizers")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(all) = slot {
                    if all.insert(name.to_string(), Value::Object(map)).is_some() {
                        found.push(Problem::new(
                            path.clone(),
                            format!("two authorizers of this API are named '{name}'."),
                        ));
                    }
                }
            }
            None if api.id() == crate::model::rest_api::IMPLICIT_REST_API_ID => {
                found.push(Problem::new(
                    path.clone(),
                    "authorizers need a declared API (`app.rest_api(…)`); the implicit API takes none.",
                ))
            }
            None => found.push(Problem::new(
                path.clone(),
                format!(
                    "there is no REST API '{}' in this app (a handle from another app?).",
                    api.id()
                ),
            )),
        }
        for p in found {
            self.problem(api.id(), p);
        }
        Authorizer {
            api: Some(api.id()),
            name,
            _kind: PhantomData,
        }
    }

    /// Authorizes every route of `api` with `authorizer` unless the route says
    /// otherwise (`Auth.DefaultAuthorizer`).
    /// Default: routes are open.
    #[track_caller]
    pub fn rest_default_authorizer(&mut self, api: RestApiRef, authorizer: Authorizer<Rest>) {
        let mut problem = None;
        if authorizer.api.is_some_and(|a| a != api.id()) {
            problem = Some(Problem::new(
                "Auth.DefaultAuthorizer",
                format!(
                    "authorizer '{}' belongs to API '{}', not to this API.",
                    authorizer.name,
                    authorizer.api.unwrap_or_default()
                ),
            ));
        }
        match self.decl_mut(api.id()) {
            Some(d) => {
                d.parts
                    .map("rest_default_authorizer", "Auth")
                    .insert("DefaultAuthorizer".into(), authorizer.name.into());
            }
            None => {
                problem = Some(Problem::new(
                    "Auth.DefaultAuthorizer",
                    "a default authorizer needs a declared API (`app.rest_api(…)`).",
                ))
            }
        }
        if let Some(p) = problem {
            self.problem(api.id(), p);
        }
    }
}
