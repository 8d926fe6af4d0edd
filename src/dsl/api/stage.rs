//! REST API stage settings (per-method settings, access logs, canary, cache
//! cluster) and, beyond SAM, extra stages of one REST API: each an
//! `AWS::ApiGateway::Stage` on the deployment SAM generates. The deployment's
//! logical ID is a hash SAM computes while translating, so a post hook fills
//! it in once the template exists.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use crate::defaults::RETENTION_DAYS;
use crate::error::Diagnostic;
use crate::model::Ref;
use crate::template::Expr;

use super::super::parts::{Parts, ResourceBuilder};
use super::super::{intern, App};
use super::rest::{check_stage_name, Method, RestApiRef};
use super::{Rest, Stage};

/// How much API Gateway logs to CloudWatch for a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionLogLevel {
    Off,
    Error,
    Info,
}

/// Settings for some methods of a stage (`MethodSettings` entry).
///
/// ```
/// use stackwright::dsl::api::stage::{ExecutionLogLevel, MethodSetting};
/// let all = MethodSetting::all().throttle(100, 50.0).logging(ExecutionLogLevel::Error).metrics();
/// # let _ = all;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MethodSetting {
    map: Map<String, Value>,
}

impl MethodSetting {
    /// Settings for every method on every path (`*` on `/*`).
    pub fn all() -> Self {
        let mut map = Map::new();
        map.insert("HttpMethod".into(), "*".into());
        map.insert("ResourcePath".into(), "/*".into());
        MethodSetting { map }
    }

    /// Settings for one method on one path (`/items/{id}`).
    pub fn method(method: Method, path: &str) -> Self {
        let mut map = Map::new();
        map.insert("HttpMethod".into(), method.upper_name().into());
        // API Gateway escapes every slash of the path as `~1` and puts one
        // `/` in front: `/items/{id}` is `/~1items~1{id}`.
        let escaped = format!("/{}", path.replace('/', "~1"));
        map.insert("ResourcePath".into(), escaped.into());
        MethodSetting { map }
    }

    /// Throttling: burst limit (requests) and steady rate (requests per second).
    /// Default: the account's limits.
    pub fn throttle(mut self, burst: u32, rate: f64) -> Self {
        self.map.insert("ThrottlingBurstLimit".into(), burst.into());
        self.map.insert("ThrottlingRateLimit".into(), json!(rate));
        self
    }

    /// Caches responses for `ttl_seconds` (needs a cache cluster on the stage).
    /// Default: no caching.
    pub fn cache(mut self, ttl_seconds: u32) -> Self {
        self.map.insert("CachingEnabled".into(), true.into());
        self.map
            .insert("CacheTtlInSeconds".into(), ttl_seconds.into());
        self
    }

    /// Execution logging at `level`.
    /// Default: off.
    pub fn logging(mut self, level: ExecutionLogLevel) -> Self {
        let v = match level {
            ExecutionLogLevel::Off => "OFF",
            ExecutionLogLevel::Error => "ERROR",
            ExecutionLogLevel::Info => "INFO",
        };
        self.map.insert("LoggingLevel".into(), v.into());
        self
    }

    /// Logs full requests and responses (`DataTraceEnabled`).
    /// Default: off.
    pub fn data_trace(mut self) -> Self {
        self.map.insert("DataTraceEnabled".into(), true.into());
        self
    }

    /// Detailed CloudWatch metrics (`MetricsEnabled`).
    /// Default: off.
    pub fn metrics(mut self) -> Self {
        self.map.insert("MetricsEnabled".into(), true.into());
        self
    }

    pub(crate) fn into_value(self) -> Value {
        Value::Object(self.map)
    }
}

/// Access logs of a stage, written to a log group stackwright generates.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let api = RestApi::new("prod").access_log(AccessLog::json().retention_days(30));
/// let beta = RestStage::new("beta").access_log(AccessLog::new("$context.requestId $context.status"));
/// # let _ = (api, beta);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AccessLog {
    format: String,
    pub(crate) retention: Option<u32>,
}

impl AccessLog {
    /// Access logs in `format` (`$context` variables; JSON, CLF, …).
    pub fn new(format: &str) -> Self {
        AccessLog {
            format: format.into(),
            retention: None,
        }
    }

    /// A JSON line per request with the request ID, caller, method, path,
    /// status and latency.
    pub fn json() -> Self {
        AccessLog::new(crate::defaults::REST_ACCESS_LOG_JSON)
    }

    /// Keeps the logs `days` days (one of CloudWatch's periods: 1, 3, 5, 7, 14,
    /// 30, 60, 90, …, 3653); another number is rounded up to the next period.
    /// Default: kept forever.
    pub fn retention_days(mut self, days: u32) -> Self {
        let d = RETENTION_DAYS
            .iter()
            .copied()
            .find(|&p| p >= days)
            .unwrap_or(3653);
        self.retention = Some(d);
        self
    }

    /// `AccessLogSetting` with the destination filled in by the App.
    pub(crate) fn setting_placeholder(&self) -> Value {
        json!({"DestinationArn": null, "Format": self.format})
    }
}

/// The generated log group's properties.
pub(crate) fn log_group_parts(retention: Option<u32>) -> Parts {
    let mut parts = Parts::new();
    if let Some(days) = retention {
        parts.set("retention_days", "RetentionInDays", days);
    }
    parts
}

/// Canary settings: a share of traffic goes to the canary with its own variables.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let stage = RestStage::new("prod").canary(Canary::percent(10.0).variable("backend", "v2"));
/// # let _ = stage;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Canary {
    map: Map<String, Value>,
}

impl Canary {
    /// Sends `percent` (0 to 100) of traffic to the canary.
    pub fn percent(percent: f64) -> Self {
        let mut map = Map::new();
        map.insert("PercentTraffic".into(), json!(percent.clamp(0.0, 100.0)));
        Canary { map }
    }

    /// A stage variable the canary sees instead of the stage's.
    /// Default: the stage's variables.
    pub fn variable(mut self, name: &str, value: impl Into<Value>) -> Self {
        let m = self
            .map
            .entry("StageVariableOverrides")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = m {
            m.insert(name.to_string(), value.into());
        }
        self
    }

    /// Lets the canary use the stage's cache.
    /// Default: it does not.
    pub fn use_stage_cache(mut self) -> Self {
        self.map.insert("UseStageCache".into(), true.into());
        self
    }

    pub(crate) fn into_map(self) -> Map<String, Value> {
        self.map
    }
}

/// Cache cluster sizes, in GB.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)]
pub enum CacheClusterSize {
    Gb0_5,
    Gb1_6,
    Gb6_1,
    Gb13_5,
    Gb28_4,
    Gb58_2,
    Gb118,
    Gb237,
}

impl CacheClusterSize {
    /// API Gateway's name for the size (`0.5`).
    pub fn name(self) -> &'static str {
        match self {
            CacheClusterSize::Gb0_5 => "0.5",
            CacheClusterSize::Gb1_6 => "1.6",
            CacheClusterSize::Gb6_1 => "6.1",
            CacheClusterSize::Gb13_5 => "13.5",
            CacheClusterSize::Gb28_4 => "28.4",
            CacheClusterSize::Gb58_2 => "58.2",
            CacheClusterSize::Gb118 => "118",
            CacheClusterSize::Gb237 => "237",
        }
    }
}

/// Checks a stage variable: the name is alphanumeric or `_`; a literal value
/// matches `[A-Za-z0-9-._~:/?#&=,]+`.
pub(crate) fn check_variable(name: &str, value: &Value) -> Result<(), String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "stage variable name '{name}' must be letters, digits and '_'."
        ));
    }
    if let Some(v) = value.as_str() {
        let ok = !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#&=,".contains(c));
        if !ok {
            return Err(format!(
                "stage variable value '{v}' must match [A-Za-z0-9-._~:/?#&=,]+."
            ));
        }
    }
    Ok(())
}

/// An extra stage of a REST API (beyond SAM, which deploys one stage per API).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use stackwright::dsl::api::stage::{AccessLog, RestStage};
///
/// let mut app = App::new("shop");
/// let api = app.rest_api("Api", RestApi::new("prod"));
/// app.function(
///     "Hello",
///     Function::new(Runtime::Python312, "app.h", Code::inline("def h(e, c): pass"))
///         .on("Hello", Route::get("/hello").on(api)),
/// );
/// let beta = app.rest_stage(
///     "BetaStage",
///     api,
///     RestStage::new("beta").variable("backend", "beta").access_log(AccessLog::json().retention_days(14)),
/// );
/// app.output("BetaUrl", Output::new(beta.url()));
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("BetaStage").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct RestStage {
    parts: Parts,
    name: &'static str,
    log: Option<AccessLog>,
}

impl ResourceBuilder for RestStage {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl RestStage {
    /// A stage named `name` (checked against `[A-Za-z0-9_-]+`).
    #[track_caller]
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        let name = intern(name);
        let mut parts = Parts::new();
        if let Err(why) = check_stage_name(name) {
            parts.problem("StageName", why);
        }
        RestStage {
            parts,
            name,
            log: None,
        }
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    /// Stage variable `name`; repeatable.
    /// Default: no variables.
    #[track_caller]
    pub fn variable(mut self, name: &str, value: impl Into<Value>) -> Self {
        let value = value.into();
        if let Err(why) = check_variable(name, &value) {
            self.parts.problem(format!("Variables.{name}"), why);
        }
        self.parts
            .map("variable", "Variables")
            .insert(name.to_string(), value);
        self
    }

    /// Per-method settings; repeatable.
    /// Default: the stage's defaults.
    pub fn method_setting(mut self, s: MethodSetting) -> Self {
        self.parts
            .list("method_setting", "MethodSettings")
            .push(s.into_value());
        self
    }

    /// Access logs into a generated log group `<StageId>AccessLogs`.
    /// Default: no access logs with SAM's defaults; the `recommended` defaults
    /// add JSON access logs to a generated log group (`Hardening::AccessLogs`).
    pub fn access_log(mut self, log: AccessLog) -> Self {
        self.parts
            .set("access_log", "AccessLogSetting", log.setting_placeholder());
        self.log = Some(log);
        self
    }

    /// Active X-Ray tracing.
    /// Default: on under the `recommended` defaults (`Hardening::Tracing`); off with SAM's.
    pub fn tracing(mut self) -> Self {
        self.parts.set("tracing", "TracingEnabled", true);
        self
    }

    /// Canary settings.
    /// Default: no canary.
    pub fn canary(mut self, c: Canary) -> Self {
        self.parts
            .set("canary", "CanarySetting", Value::Object(c.into_map()));
        self
    }

    /// A cache cluster of `size`.
    /// Default: no cache cluster.
    pub fn cache_cluster(mut self, size: CacheClusterSize) -> Self {
        self.parts.set("cache_cluster", "CacheClusterEnabled", true);
        self.parts
            .set("cache_cluster", "CacheClusterSize", size.name());
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

impl App {
    /// Declares another stage of a REST API (beyond SAM's one stage per API):
    /// an `AWS::ApiGateway::Stage` on the deployment SAM generates for `api`.
    /// Returns its handle. A stage name the API already has is an error.
    #[track_caller]
    pub fn rest_stage(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        api: RestApiRef,
        stage: RestStage,
    ) -> Stage<Rest> {
        let id = intern(id);
        let RestStage {
            parts: mut own,
            name,
            log,
        } = stage;
        let mut parts = Parts::new();
        parts.set("rest_stage", "RestApiId", api.ref_());
        parts.set("rest_stage", "StageName", name);
        // The typed settings follow, in the order they were written.
        for (k, v) in std::mem::take(&mut own.props) {
            parts.props.insert(k, v);
        }
        parts.attrs = own.attrs;
        parts.problems = own.problems;
        if api.stage().name() == name {
            parts.problem(
                "StageName",
                format!(
                    "API '{}' already has a stage named '{name}' (the one SAM creates); name this one differently.",
                    api.id()
                ),
            );
        }
        let mut group = None;
        if let Some(log) = &log {
            let g = intern(format!("{id}AccessLogs"));
            if let Some(Value::Object(s)) = parts.props.get_mut("AccessLogSetting") {
                s.insert("DestinationArn".into(), Expr::get_att(g, "Arn").into());
            }
            group = Some((g, log.retention));
        }
        let _: Ref<RestStage> = self.declare(id, "rest stage", "AWS::ApiGateway::Stage", parts);
        if let Some((g, retention)) = group {
            let _: Ref<()> = self.declare(
                g,
                "log group",
                "AWS::Logs::LogGroup",
                log_group_parts(retention),
            );
        }
        let api_id = api.id();
        self.require_rest_api(id, "RestApiId", api_id);
        self.add_post_hook(move |t, _, diags| {
            let want = json!({ "Ref": api_id });
            let deployment = t
                .resources_of_type("AWS::ApiGateway::Deployment")
                .find(|(_, r)| r.property("RestApiId") == Some(&want))
                .map(|(k, _)| k.to_string());
            let Some(deployment) = deployment else {
                diags.push(Diagnostic::resource(
                    id,
                    "DeploymentId",
                    format!("Property DeploymentId: API '{api_id}' has no deployment for stage '{name}' to use: a REST API is deployed only when it has routes or a definition."),
                ));
                return;
            };
            if let Some(r) = t.resources.get_mut(id) {
                let props = r.properties.get_or_insert_with(Map::new);
                let mut out = Map::new();
                for (k, v) in std::mem::take(props) {
                    out.insert(k.clone(), v);
                    if k == "StageName" {
                        out.insert("DeploymentId".into(), Expr::ref_(&deployment).into());
                    }
                }
                *props = out;
                if let Some(Value::Object(c)) = props.get_mut("CanarySetting") {
                    c.insert("DeploymentId".into(), Expr::ref_(&deployment).into());
                }
            }
        });
        Stage::new(api_id, name, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_settings_escape_the_path() {
        let s = MethodSetting::method(Method::Get, "/items/{id}").into_value();
        assert_eq!(s["ResourcePath"], json!("/~1items~1{id}"));
        assert_eq!(s["HttpMethod"], json!("GET"));
    }

    #[test]
    fn retention_rounds_up_to_a_cloudwatch_period() {
        assert_eq!(AccessLog::json().retention_days(10).retention, Some(14));
        assert_eq!(AccessLog::json().retention_days(30).retention, Some(30));
        assert_eq!(AccessLog::json().retention_days(9999).retention, Some(3653));
    }

    #[test]
    fn stage_variables_are_checked() {
        assert!(check_variable("backend", &json!("v1.example.com")).is_ok());
        assert!(check_variable("bad name", &json!("x")).is_err());
        assert!(check_variable("ok", &json!("has space")).is_err());
        assert!(check_variable("ok", &json!({"Ref": "P"})).is_ok());
    }
}
