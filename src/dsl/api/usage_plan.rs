//! Usage plans and API keys for REST APIs: SAM's per-API plan
//! (`Auth.UsagePlan` with `PER_API`, `SHARED` or `NONE`) and, beyond SAM,
//! several plans (tiers) bound to stage handles, API keys and usage-plan keys
//! as `AWS::ApiGateway::UsagePlan`, `ApiKey` and `UsagePlanKey` resources.
//!
//! Usage plans are a REST API feature: a plan takes REST stages only
//! ([`PlanStage`]), and an HTTP or WebSocket stage does not compile.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use crate::model::Ref;

use super::super::parts::{Parts, ResourceBuilder};
use super::super::App;
use super::rest::Method;
use super::{Rest, Stage};

/// The period a quota counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    fn name(self) -> &'static str {
        match self {
            Period::Day => "DAY",
            Period::Week => "WEEK",
            Period::Month => "MONTH",
        }
    }
}

/// How many requests a key may make per period.
#[derive(Debug, Clone, PartialEq)]
pub struct Quota {
    map: Map<String, Value>,
}

impl Quota {
    /// `limit` requests per `period`.
    pub fn per(period: Period, limit: u32) -> Self {
        let mut map = Map::new();
        map.insert("Limit".into(), limit.into());
        map.insert("Period".into(), period.name().into());
        Quota { map }
    }

    /// Requests already counted at the start of the first period.
    /// Default: 0.
    pub fn offset(mut self, n: u32) -> Self {
        self.map.insert("Offset".into(), n.into());
        self
    }
}

/// Request rate limits: a burst (requests) and a steady rate (per second).
#[derive(Debug, Clone, PartialEq)]
pub struct Throttle {
    burst: u32,
    rate: f64,
}

impl Throttle {
    /// `burst` requests at once, `rate` requests per second on average.
    pub fn new(burst: u32, rate: f64) -> Self {
        Throttle { burst, rate }
    }

    fn value(&self) -> Value {
        json!({"BurstLimit": self.burst, "RateLimit": self.rate})
    }
}

/// SAM's usage plan for one API (`Auth.UsagePlan`).
///
/// ```
/// use stackwright::dsl::api::usage_plan::{ApiUsagePlan, Period, Quota, Throttle};
/// let plan = ApiUsagePlan::per_api()
///     .quota(Quota::per(Period::Month, 10_000))
///     .throttle(Throttle::new(20, 10.0));
/// # let _ = plan;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ApiUsagePlan {
    map: Map<String, Value>,
}

impl ApiUsagePlan {
    fn mode(mode: &str) -> Self {
        let mut map = Map::new();
        map.insert("CreateUsagePlan".into(), mode.into());
        ApiUsagePlan { map }
    }

    /// A plan, API key and usage-plan key for this API alone (`PER_API`):
    /// `<Api>UsagePlan`, `<Api>ApiKey`, `<Api>UsagePlanKey`.
    pub fn per_api() -> Self {
        Self::mode("PER_API")
    }

    /// One plan and key shared by every API that says `SHARED`
    /// (`ServerlessUsagePlan`, `ServerlessApiKey`, `ServerlessUsagePlanKey`).
    pub fn shared() -> Self {
        Self::mode("SHARED")
    }

    /// No plan (`NONE`): routes may still require API keys.
    pub fn none() -> Self {
        Self::mode("NONE")
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.map.insert("Description".into(), d.into());
        self
    }

    /// Default: no quota.
    pub fn quota(mut self, q: Quota) -> Self {
        self.map.insert("Quota".into(), Value::Object(q.map));
        self
    }

    /// Default: no throttling beyond the stage's.
    pub fn throttle(mut self, t: Throttle) -> Self {
        self.map.insert("Throttle".into(), t.value());
        self
    }

    /// The plan's name.
    /// Default: API Gateway names it.
    pub fn name(mut self, name: &str) -> Self {
        self.map.insert("UsagePlanName".into(), name.into());
        self
    }

    /// Adds a tag to the plan.
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        let tags = self
            .map
            .entry("Tags")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(t) = tags {
            t.push(json!({"Key": key, "Value": value.into()}));
        }
        self
    }

    pub(crate) fn into_map(self) -> Map<String, Value> {
        self.map
    }
}

/// A stage a usage plan may meter. Implemented for REST stages only.
#[diagnostic::on_unimplemented(
    message = "usage plans meter REST API stages only: `{Self}` cannot be added to a usage plan",
    label = "not a REST API stage",
    note = "API Gateway usage plans and API keys exist for REST APIs (`Stage<Rest>`); HTTP and WebSocket APIs throttle per stage or route instead"
)]
pub trait PlanStage {
    #[doc(hidden)]
    fn api_stage(&self) -> (&'static str, &'static str);
}

impl PlanStage for Stage<Rest> {
    fn api_stage(&self) -> (&'static str, &'static str) {
        (self.api_id(), self.logical_id())
    }
}

/// A usage plan (tier), beyond SAM's one plan per API.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use stackwright::dsl::api::usage_plan::{ApiKey, Period, Quota, Throttle, UsagePlan};
///
/// let mut app = App::new("shop");
/// let api = app.rest_api("Api", RestApi::new("prod"));
/// app.function(
///     "Hello",
///     Function::new(Runtime::Python312, "app.h", Code::inline("def h(e, c): pass"))
///         .on("Hello", Route::get("/hello").on(api).api_key_required(true)),
/// );
/// let gold = app.usage_plan(
///     "GoldPlan",
///     UsagePlan::new()
///         .stage(api.stage())
///         .quota(Quota::per(Period::Month, 1_000_000))
///         .throttle(Throttle::new(500, 250.0)),
/// );
/// let key = app.api_key("GoldKey", ApiKey::new());
/// app.usage_plan_key("GoldKeyInPlan", gold, key);
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("GoldKeyInPlan").is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct UsagePlan {
    parts: Parts,
}

impl ResourceBuilder for UsagePlan {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl UsagePlan {
    /// A plan metering no stage yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The plan's name.
    /// Default: CloudFormation names it.
    pub fn name(mut self, name: impl Into<Value>) -> Self {
        self.parts.set("name", "UsagePlanName", name.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    fn stage_entry(
        &mut self,
        setter: &'static str,
        stage: &impl PlanStage,
    ) -> &mut Map<String, Value> {
        let (api, stage_id) = stage.api_stage();
        let want = json!({"ApiId": {"Ref": api}, "Stage": {"Ref": stage_id}});
        let list = self.parts.list(setter, "ApiStages");
        let pos = match list.iter().position(|e| {
            e.get("ApiId") == want.get("ApiId") && e.get("Stage") == want.get("Stage")
        }) {
            Some(i) => i,
            None => {
                list.push(want);
                list.len() - 1
            }
        };
        match &mut list[pos] {
            Value::Object(m) => m,
            _ => unreachable!("entries are maps"),
        }
    }

    /// Meters a REST stage; repeatable.
    /// Default: no stage (the plan meters nothing).
    pub fn stage(mut self, stage: impl PlanStage) -> Self {
        self.stage_entry("stage", &stage);
        self
    }

    /// Throttles one method of a stage (the stage is added if needed).
    /// Default: the plan's throttle.
    pub fn method_throttle(
        mut self,
        stage: impl PlanStage,
        method: Method,
        path: &str,
        t: Throttle,
    ) -> Self {
        let entry = self.stage_entry("method_throttle", &stage);
        let th = entry
            .entry("Throttle")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(th) = th {
            th.insert(format!("{path}/{}", method.upper_name()), t.value());
        }
        self
    }

    /// Default: no quota.
    pub fn quota(mut self, q: Quota) -> Self {
        self.parts.set("quota", "Quota", Value::Object(q.map));
        self
    }

    /// Default: no throttling beyond the stages'.
    pub fn throttle(mut self, t: Throttle) -> Self {
        self.parts.set("throttle", "Throttle", t.value());
        self
    }

    /// Adds a tag; repeatable.
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .list("tag", "Tags")
            .push(json!({"Key": key, "Value": value.into()}));
        self
    }
}

/// An API key (`AWS::ApiGateway::ApiKey`), enabled.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let mut app = App::new("shop");
/// let secret = app.parameter("PartnerKeyValue", Parameter::string().no_echo());
/// let key = app.api_key("PartnerKey", ApiKey::new().name("partner").value(secret.value()));
/// # let _ = key;
/// ```
#[derive(Debug, Clone)]
pub struct ApiKey {
    parts: Parts,
}

impl Default for ApiKey {
    fn default() -> Self {
        Self::new()
    }
}

impl ResourceBuilder for ApiKey {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl ApiKey {
    /// An enabled key whose value API Gateway generates.
    pub fn new() -> Self {
        let mut parts = Parts::new();
        parts.set("new", "Enabled", true);
        ApiKey { parts }
    }

    /// The key's name.
    /// Default: CloudFormation names it.
    pub fn name(mut self, name: impl Into<Value>) -> Self {
        self.parts.set("name", "Name", name.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    /// The key's value (at least 20 characters), typically a `NoEcho` parameter's value.
    /// Default: generated by API Gateway.
    pub fn value(mut self, v: impl Into<Value>) -> Self {
        self.parts.set("value", "Value", v.into());
        self
    }

    /// Creates the key disabled.
    /// Default: enabled.
    pub fn disabled(mut self) -> Self {
        self.parts.set("new", "Enabled", false);
        self
    }
}

impl Ref<UsagePlan> {
    /// The plan's ID (`Ref`).
    pub fn plan_id(&self) -> Value {
        self.ref_()
    }
}

impl Ref<ApiKey> {
    /// The key's ID (`Ref`).
    pub fn key_id(&self) -> Value {
        self.ref_()
    }
}

impl App {
    /// Declares a usage plan (tier) as `AWS::ApiGateway::UsagePlan`; returns its handle.
    #[track_caller]
    pub fn usage_plan(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        plan: UsagePlan,
    ) -> Ref<UsagePlan> {
        let mut parts = plan.parts;
        if !parts.props.contains_key("ApiStages") {
            parts.problem(
                "ApiStages",
                "the plan meters no stage; add one with `.stage(api.stage())`.",
            );
        }
        // `Stage: {Ref: …}` makes the plan wait for the stage resource.
        let id = super::super::intern(id);
        for api in &self_apis(&parts) {
            self.require_rest_api(id, "ApiStages", api);
        }
        self.declare(id, "usage plan", "AWS::ApiGateway::UsagePlan", parts)
    }

    /// Declares an API key as `AWS::ApiGateway::ApiKey`; returns its handle.
    #[track_caller]
    pub fn api_key(&mut self, id: impl Into<Cow<'static, str>>, key: ApiKey) -> Ref<ApiKey> {
        self.declare(id, "api key", "AWS::ApiGateway::ApiKey", key.parts)
    }

    /// Puts `key` in `plan` (`AWS::ApiGateway::UsagePlanKey`).
    #[track_caller]
    pub fn usage_plan_key(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        plan: Ref<UsagePlan>,
        key: Ref<ApiKey>,
    ) -> Ref<UsagePlanKey> {
        let mut parts = Parts::new();
        parts.set("usage_plan_key", "KeyId", key.ref_());
        parts.set("usage_plan_key", "KeyType", "API_KEY");
        parts.set("usage_plan_key", "UsagePlanId", plan.ref_());
        self.declare(id, "usage plan key", "AWS::ApiGateway::UsagePlanKey", parts)
    }
}

/// The APIs a plan's stages belong to.
fn self_apis(parts: &Parts) -> Vec<&'static str> {
    let mut out = Vec::new();
    if let Some(Value::Array(l)) = parts.props.get("ApiStages") {
        for e in l {
            if let Some(api) = e.pointer("/ApiId/Ref").and_then(Value::as_str) {
                let api = super::super::intern(api.to_string());
                if !out.contains(&api) {
                    out.push(api);
                }
            }
        }
    }
    out
}

/// A key's membership in a plan (`AWS::ApiGateway::UsagePlanKey`).
#[derive(Debug, Clone, Copy)]
pub struct UsagePlanKey;
