//! HTTP API stage settings and, beyond SAM, extra stages of one HTTP API.
//!
//! SAM gives an `AWS::Serverless::HttpApi` one stage (`StageName`, default
//! `$default`), written as an `AWS::ApiGatewayV2::Stage` with
//! `AutoDeploy: true`. [`App::http_extra_stage`] adds more: each another
//! `AWS::ApiGatewayV2::Stage` on the same `ApiId`, auto-deployed the same way
//! (HTTP APIs from SAM carry their routes in the API's body, so there is no
//! deployment to point at, unlike REST's extra stages).
//!
//! The settings an HTTP API's own stage takes (stage variables, access logs,
//! default route settings) are written by the functions here, shared by
//! [`HttpApi`] and [`HttpStage`], so both check them the same way.

use std::borrow::Cow;
use std::panic::Location;

use serde_json::{Map, Value};

use crate::model::http_api::IMPLICIT_HTTP_API_ID;
use crate::model::Ref;
use crate::template::Expr;

use super::super::parts::{Parts, Problem, ResourceBuilder};
use super::super::{intern, App, Lowering};
use super::http::{check_log_format, check_stage_name, number, AccessLogGroup, HttpApi};
use super::{Http, Stage};

const STAGE_TYPE: &str = "AWS::ApiGatewayV2::Stage";
const STAGE_KIND: &str = "http stage";
const API_TYPE: &str = "AWS::Serverless::HttpApi";

/// Writes stage variable `name` into `StageVariables` (same key in SAM's
/// `HttpApi` and in `AWS::ApiGatewayV2::Stage`).
#[track_caller]
pub(crate) fn stage_variable(
    parts: &mut Parts,
    setter: &'static str,
    name: &str,
    value: impl Into<Value>,
) {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        parts.problem(
            format!("StageVariables.{name}"),
            format!("stage variable name '{name}' may only have letters, digits and '_'."),
        );
    }
    parts
        .map(setter, "StageVariables")
        .insert(name.into(), value.into());
}

/// Writes `AccessLogSettings` to `destination_arn` in `format`.
#[track_caller]
pub(crate) fn access_log(parts: &mut Parts, destination_arn: Value, format: &str) {
    check_log_format(parts, format);
    let mut m = Map::new();
    m.insert("DestinationArn".into(), destination_arn);
    m.insert("Format".into(), format.into());
    parts.set("access_log", "AccessLogSettings", Value::Object(m));
}

/// Writes the throttling of `DefaultRouteSettings`.
pub(crate) fn default_route_throttling(parts: &mut Parts, burst: u32, rate: f64) {
    let m = parts.map("default_route_throttling", "DefaultRouteSettings");
    m.insert("ThrottlingBurstLimit".into(), burst.into());
    m.insert("ThrottlingRateLimit".into(), number(rate));
}

/// Turns on `DefaultRouteSettings.DetailedMetricsEnabled`.
pub(crate) fn detailed_metrics(parts: &mut Parts) {
    parts
        .map("detailed_metrics", "DefaultRouteSettings")
        .insert("DetailedMetricsEnabled".into(), true.into());
}

/// An extra stage of an HTTP API (beyond SAM, which gives each API one stage).
/// HTTP API stages have no canary, cache cluster or X-Ray tracing (those are
/// REST's, on [`RestStage`](super::stage::RestStage)), so the builder does not offer them.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("shop");
/// let api = app.http_api("Api", HttpApi::new().stage_name("prod"));
/// app.function(
///     "Hello",
///     Function::new(Runtime::Python312, "app.h", Code::inline("def h(e, c): pass"))
///         .on("Hello", HttpRoute::get("/hello").on(api)),
/// );
/// let beta = app.http_extra_stage(
///     "BetaStage",
///     api,
///     HttpStage::new("beta")
///         .variable("backend", "beta")
///         .default_route_throttling(20, 10.0)
///         .access_log_group(14, ACCESS_LOG_JSON),
/// );
/// app.output("BetaUrl", Output::new(beta.url()));
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert_eq!(t.resource("BetaStage").unwrap().property("AutoDeploy"), Some(&true.into()));
/// ```
#[derive(Debug, Clone)]
pub struct HttpStage {
    parts: Parts,
    name: &'static str,
    log_group: Option<AccessLogGroup>,
}

impl ResourceBuilder for HttpStage {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl HttpStage {
    /// A stage named `name`: 1 to 128 letters, digits, `_` and `-`, or
    /// `$default` (served at the root of the API's URL; one per API, so only
    /// on an API whose SAM stage has another name).
    #[track_caller]
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        let name = intern(name);
        let mut parts = Parts::new();
        if let Err(why) = check_stage_name(name) {
            parts.problem("StageName", why);
        }
        HttpStage {
            parts,
            name,
            log_group: None,
        }
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    /// Stage variable `name` (`${stageVariables.NAME}` in integrations); repeatable.
    /// Default: no variables.
    #[track_caller]
    pub fn variable(mut self, name: &str, value: impl Into<Value>) -> Self {
        stage_variable(&mut self.parts, "variable", name, value);
        self
    }

    /// Access logs: each request is logged with `format` (`$context.…`
    /// variables, including `$context.requestId`) into the CloudWatch Logs
    /// group or Firehose stream `destination_arn`.
    /// Default: no access logs with SAM's defaults; the `recommended` defaults
    /// add JSON access logs to a generated log group
    /// `<Stage>AccessLogGroup` (`Hardening::AccessLogs`).
    #[track_caller]
    pub fn access_log(mut self, destination_arn: impl Into<Value>, format: &str) -> Self {
        access_log(&mut self.parts, destination_arn.into(), format);
        self
    }

    /// Access logs into a log group the app creates for them
    /// (`AWS::Logs::LogGroup` `<Stage>AccessLogs`), kept `retention_days`
    /// (one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, …, 3653), with
    /// `format` ([`ACCESS_LOG_JSON`](super::ACCESS_LOG_JSON) is a good start).
    /// Default: as for [`access_log`](Self::access_log).
    #[track_caller]
    pub fn access_log_group(mut self, retention_days: u32, format: &str) -> Self {
        self.log_group = Some(AccessLogGroup::new(&mut self.parts, retention_days, format));
        self
    }

    /// Throttles every route of the stage: `burst` concurrent requests and
    /// `rate` requests per second on average.
    /// Default: the account's limits.
    pub fn default_route_throttling(mut self, burst: u32, rate: f64) -> Self {
        default_route_throttling(&mut self.parts, burst, rate);
        self
    }

    /// Per-route CloudWatch metrics for every route of the stage.
    /// Default: API-level metrics only.
    pub fn detailed_metrics(mut self) -> Self {
        detailed_metrics(&mut self.parts);
        self
    }

    /// Tags the stage; repeatable.
    /// Default: no tags (the API's tags are not copied).
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .map("tag", "Tags")
            .insert(key.to_string(), value.into());
        self
    }
}

impl App {
    /// Declares another stage of an HTTP API (beyond SAM's one stage per
    /// API): an `AWS::ApiGatewayV2::Stage` on `api` with `AutoDeploy: true`,
    /// as SAM writes its own. Returns its handle (for [`Stage::url`],
    /// [`Stage::arn`] and [`App::http_domain_mapping`]).
    /// A stage name the API already has (SAM's, or another extra stage's) is
    /// an error at synth.
    #[track_caller]
    pub fn http_extra_stage(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        api: Ref<HttpApi>,
        stage: HttpStage,
    ) -> Stage<Http> {
        let id = intern(id);
        let at = Location::caller();
        let HttpStage {
            parts: mut own,
            name,
            log_group,
        } = stage;
        if let Some(g) = &log_group {
            g.point(&mut own, id);
        }
        let mut parts = Parts::new();
        parts.set("http_extra_stage", "ApiId", api.ref_());
        parts.set("http_extra_stage", "StageName", name);
        parts.set("http_extra_stage", "AutoDeploy", true);
        for key in ["ApiId", "StageName", "AutoDeploy"] {
            if own.props.contains_key(key) {
                parts.push_problem(Problem {
                    path: key.into(),
                    message: format!("set by `app.http_extra_stage(…)` and by `.property(\"{key}\", …)`; remove the property (a raw property never overrides a typed setting)."),
                    at: Some(at),
                });
            }
        }
        // The typed settings follow, in the order they were written.
        for (k, v) in std::mem::take(&mut own.props) {
            parts.props.entry(k).or_insert(v);
        }
        parts.attrs = own.attrs;
        parts.problems.extend(own.problems);
        let _: Ref<HttpStage> = self.declare(id, STAGE_KIND, STAGE_TYPE, parts);
        if let Some(g) = log_group {
            g.declare(self, id);
        }
        let api_id = api.id();
        self.add_pass(move |low| {
            let problem = if !http_api_exists(low, api_id) {
                let message = if api_id == IMPLICIT_HTTP_API_ID {
                    "the implicit HTTP API (ServerlessHttpApi) does not exist: no HttpRoute without .on(api) creates it.".into()
                } else {
                    format!("there is no HTTP API '{api_id}' in this app (a handle from another app?).")
                };
                Some(("ApiId", message))
            } else {
                stage_name_taken(low, id, api_id, name).map(|first| {
                    ("StageName", format!(
                        "HTTP API '{api_id}' already has a stage named '{name}' ({first}); a stage name is used once per API, so name this one differently."
                    ))
                })
            };
            if let Some((path, message)) = problem {
                low.problem(
                    id,
                    Problem {
                        path: path.into(),
                        message,
                        at: Some(at),
                    },
                );
            }
        });
        Stage::new(api_id, name, id)
    }
}

/// Whether `api` is an HTTP API of the app: declared, or the implicit one
/// that some route creates.
fn http_api_exists(low: &Lowering<'_>, api: &str) -> bool {
    if low.decl(api).is_some_and(|d| d.type_ == API_TYPE) {
        return true;
    }
    api == IMPLICIT_HTTP_API_ID
        && low.decls().iter().any(|d| {
            d.type_ == "AWS::Serverless::Function"
                && d.parts
                    .props
                    .get("Events")
                    .and_then(Value::as_object)
                    .is_some_and(|events| {
                        events.values().any(|e| {
                            e.get("Type").and_then(Value::as_str) == Some("HttpApi")
                                && e.pointer("/Properties/ApiId").is_none()
                        })
                    })
        })
}

/// Who already has stage name `name` on HTTP API `api`, before extra stage
/// `id`: SAM's stage (`StageName`, else `$default`) or an extra stage declared
/// earlier. API Gateway would refuse the second at deploy time
/// (`ConflictException`), after creating the rest of the stack.
fn stage_name_taken(low: &Lowering<'_>, id: &str, api: &str, name: &str) -> Option<String> {
    let sam = match low.decl(api) {
        Some(a) if a.type_ == API_TYPE => match a.parts.props.get("StageName") {
            None => Some("$default"),
            Some(v) => v.as_str(),
        },
        None if api == IMPLICIT_HTTP_API_ID => Some("$default"),
        _ => None,
    };
    if sam == Some(name) {
        return Some("the one SAM creates".into());
    }
    low.decls()
        .iter()
        .take_while(|d| d.id != id)
        .filter(|d| d.kind == STAGE_KIND && d.type_ == STAGE_TYPE)
        .find(|d| {
            let props = &d.parts.props;
            props
                .get("ApiId")
                .and_then(|a| a.get("Ref"))
                .and_then(Value::as_str)
                == Some(api)
                && props.get("StageName").and_then(Value::as_str) == Some(name)
        })
        .map(|d| format!("extra stage '{}'", d.id))
}

impl Stage<Http> {
    /// The stage's ARN (`arn:…:apigateway:{region}::/apis/{api}/stages/{stage}`),
    /// which refers to the stage resource (so what uses it waits for the stage).
    pub fn arn(&self) -> Value {
        Expr::sub(format!(
            "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/apis/${{{}}}/stages/${{{}}}",
            self.api_id(),
            self.logical_id()
        ))
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_written_under_the_stage_keys() {
        let mut p = Parts::new();
        stage_variable(&mut p, "variable", "backend", "v2");
        default_route_throttling(&mut p, 10, 5.0);
        detailed_metrics(&mut p);
        assert!(p.problems.is_empty());
        assert_eq!(
            Value::Object(p.props),
            serde_json::json!({
                "StageVariables": {"backend": "v2"},
                "DefaultRouteSettings": {
                    "ThrottlingBurstLimit": 10,
                    "ThrottlingRateLimit": 5,
                    "DetailedMetricsEnabled": true
                }
            })
        );
    }

    #[test]
    fn bad_names_are_problems_where_written() {
        let s = HttpStage::new("beta 1").variable("bad-name", "x");
        let paths: Vec<&str> = s.parts.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["StageName", "StageVariables.bad-name"]);
        assert!(HttpStage::new("$default").parts.problems.is_empty());
    }
}
