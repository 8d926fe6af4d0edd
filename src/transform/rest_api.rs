//! REST APIs (`AWS::Serverless::Api` and the implicit `ServerlessRestApi`)
//! → `AWS::ApiGateway::RestApi`, `Deployment` and `Stage`, plus a Lambda
//! permission per `Api` event.
//!
//! SAM builds the Swagger body in several passes, and the order of those
//! passes shows in the deployment's hash, so they are replayed here as SAM
//! runs them:
//! 1. the implicit API plugin adds each event's path and method
//!    (functions in the template's `Resources` order as Python 2.7 iterated
//!    it, events likewise), then wraps paths of conditional functions in `Fn::If`;
//! 2. the globals plugin turns managed bodies into OpenAPI 3 when asked;
//! 3. translating each function adds the Lambda integrations (events sorted by path);
//! 4. translating each API adds binary media types and endpoint settings,
//!    then hashes `str(body)` for the deployment.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostic};
use crate::model::function::EventKind;
use crate::model::rest_api::{ApiEvent, RestApi, IMPLICIT_REST_API_ID};
use crate::model::{App, Attributes, Function};
use crate::template::resources::apigateway;
use crate::template::{Expr, Resource};

use super::openapi::{self, Editor};
use super::py27::{KeyOrder, Py, PyDict, PyStr};
use super::{logical_id, permissions, Context, Output};

/// Where an `Api` event's route goes.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// An `AWS::Serverless::Api` (or the implicit API), by logical ID.
    Api(String),
    /// A plain CloudFormation resource: only a permission, with this stage suffix.
    Plain(String),
}

/// One `Api` event, resolved.
struct Route<'a> {
    function: &'a Function,
    event_id: &'a str,
    event: &'a ApiEvent,
    target: Target,
}

/// An API's body while SAM's passes edit it.
struct Body {
    doc: Option<Py>,
    /// SAM adds routes only to bodies it generated (`__MANAGE_SWAGGER`).
    managed: bool,
}

pub fn expand(app: &App, ctx: &Context, out: &mut Output) {
    let all_apis = effective_apis(app, out);
    let routes = resolve_routes(app, &all_apis, out);
    let apis: BTreeMap<&str, &RestApi> = all_apis.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut bodies: BTreeMap<&str, Body> = BTreeMap::new();
    for a in &all_apis {
        let (doc, managed) = match (&a.definition_body, &a.definition_uri) {
            (Some(b), _) => (Some(Py::from_user(b)), false),
            (None, Some(_)) => (None, false),
            (None, None) => (Some(openapi::skeleton()), true),
        };
        bodies.insert(a.id.as_str(), Body { doc, managed });
    }

    // The template's `Resources` as the plugins see it: the implicit APIs are
    // added up front (and removed again when unused).
    let mut resources = KeyOrder::default();
    for id in resource_ids(app) {
        resources.add(id);
    }
    let user_has_implicit = resources.contains(IMPLICIT_REST_API_ID);
    if !user_has_implicit {
        resources.add(IMPLICIT_REST_API_ID);
    }

    // Pass 1: the implicit API plugin.
    let functions: BTreeMap<&str, &Function> =
        app.functions.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut conditions = ApiConditions::default();
    let mut event_orders: BTreeMap<&str, KeyOrder> = BTreeMap::new();
    for id in resources.keys() {
        let Some(f) = functions.get(id.as_str()) else {
            continue;
        };
        let mut order = KeyOrder::default();
        for e in &f.events {
            order.add(&e.id);
        }
        let mut api_events = KeyOrder::default();
        for eid in order.keys() {
            if routes
                .iter()
                .any(|r| r.function.id == f.id && r.event_id == eid)
            {
                api_events.add(&eid);
            }
        }
        let api_ids = api_events.keys();
        for eid in &api_ids {
            let Some(r) = routes
                .iter()
                .find(|r| r.function.id == f.id && r.event_id == eid)
            else {
                continue;
            };
            let Target::Api(api_id) = &r.target else {
                continue;
            };
            conditions.record(api_id, &r.event.path, &r.event.method, f);
            if let Some(body) = bodies.get_mut(api_id.as_str()).filter(|b| b.managed) {
                edit(body, out, f, |e| {
                    e.add_path(&PyStr::uni(&r.event.path), &PyStr::uni(&r.event.method))
                });
            }
        }
        if !api_ids.is_empty() {
            // SAM writes the API events back with `Events.update(...)`.
            order.merge(&api_ids);
        }
        event_orders.insert(f.id.as_str(), order);
    }
    let implicit_attrs = conditions.implicit_attributes(out);
    for id in resources.keys() {
        if let (Some(api), Some(body)) = (apis.get(id.as_str()), bodies.get_mut(id.as_str())) {
            if body.managed {
                conditions.make_paths_conditional(api, body, out);
            }
        }
    }
    let implicit_used = bodies
        .get(IMPLICIT_REST_API_ID)
        .and_then(|b| b.doc.as_ref())
        .and_then(|d| d.as_dict())
        .and_then(|d| d.get("paths"))
        .and_then(Py::as_dict)
        .is_some_and(|p| !p.is_empty());
    if !implicit_used && !user_has_implicit {
        resources.remove(IMPLICIT_REST_API_ID);
    }
    // The implicit HTTP API plugin adds its API the same way, and removes it
    // only when no `HttpApi` event needs it.
    if !resources.contains("ServerlessHttpApi") {
        resources.add("ServerlessHttpApi");
        if !app.http_apis.iter().any(|a| a.implicit) {
            resources.remove("ServerlessHttpApi");
        }
    }

    // Pass 2: the globals plugin's OpenAPI 3 fix-up of managed bodies.
    for a in &all_apis {
        let Some(body) = bodies.get_mut(a.id.as_str()).filter(|b| b.managed) else {
            continue;
        };
        let Some(v) = a.open_api_version.as_ref().map(version_py) else {
            continue;
        };
        if !openapi::is_openapi3(&openapi::py_str(&v)) {
            continue;
        }
        if let Some(d) = body.doc.as_mut().and_then(Py::as_dict_mut) {
            d.set(PyStr::lit("openapi"), v);
            if d.get("swagger").is_some_and(openapi::truthy) {
                d.remove("swagger");
            }
        }
    }

    // Pass 3: each function's events, sorted by path.
    for id in resources.keys() {
        let Some(f) = functions.get(id.as_str()) else {
            continue;
        };
        let order = event_orders
            .get(f.id.as_str())
            .map(KeyOrder::keys)
            .unwrap_or_default();
        let mut mine: Vec<&Route> = order
            .iter()
            .filter_map(|eid| {
                routes
                    .iter()
                    .find(|r| r.function.id == f.id && &r.event_id == eid)
            })
            .collect();
        mine.sort_by(|a, b| a.event.path.cmp(&b.event.path));
        for r in mine {
            add_route(r, app, &apis, &mut bodies, ctx, out);
        }
    }

    // Pass 4: each API.
    let function_names = function_names(app, &resources, &event_orders, &routes, ctx);
    for a in &all_apis {
        let body = bodies.remove(a.id.as_str()).and_then(|b| b.doc);
        let attrs = if a.implicit {
            if !implicit_used {
                continue;
            }
            &implicit_attrs
        } else {
            &a.attributes
        };
        expand_api(
            app,
            a,
            attrs,
            body,
            function_names.get(a.id.as_str()),
            ctx,
            out,
        );
    }
}

/// The template's resource IDs in document order; a front end that does not
/// record it (the DSL) gets its declaration order by kind.
fn resource_ids(app: &App) -> Vec<&str> {
    if !app.resource_ids.is_empty() {
        return app.resource_ids.iter().map(String::as_str).collect();
    }
    let mut ids: Vec<&str> = app.functions.iter().map(|f| f.id.as_str()).collect();
    ids.extend(app.rest_apis.iter().map(|a| a.id.as_str()));
    ids.extend(app.tables.iter().map(|t| t.id.as_str()));
    ids.extend(app.base.resources.keys().map(String::as_str));
    ids
}

/// The APIs to expand: each declared API with its escape-hatch `properties`
/// folded into the typed fields, plus the implicit `ServerlessRestApi` when
/// an event needs it and the front end did not add it.
fn effective_apis(app: &App, out: &mut Output) -> Vec<RestApi> {
    let mut apis: Vec<RestApi> = app
        .rest_apis
        .iter()
        .map(|a| fold_properties(a, out))
        .collect();
    let needs_implicit = app.functions.iter().any(|f| {
        f.events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Api(a) if a.rest_api_id.is_none()))
    });
    if needs_implicit && !apis.iter().any(|a| a.id == IMPLICIT_REST_API_ID) {
        apis.push(RestApi {
            id: IMPLICIT_REST_API_ID.into(),
            implicit: true,
            stage_name: Some(Value::String("Prod".into())),
            ..Default::default()
        });
    }
    apis
}

fn fold_properties(a: &RestApi, out: &mut Output) -> RestApi {
    let mut a = a.clone();
    let props = std::mem::take(&mut a.properties);
    for (k, v) in props {
        let slot = match k.as_str() {
            "Name" => &mut a.name,
            "Description" => &mut a.description,
            "TracingEnabled" => &mut a.tracing_enabled,
            "OpenApiVersion" => &mut a.open_api_version,
            "EndpointConfiguration" => &mut a.endpoint_configuration,
            "BinaryMediaTypes" => &mut a.binary_media_types,
            "MinimumCompressionSize" => &mut a.minimum_compression_size,
            "CacheClusterEnabled" => &mut a.cache_cluster_enabled,
            "CacheClusterSize" => &mut a.cache_cluster_size,
            "Variables" => &mut a.variables,
            "MethodSettings" => &mut a.method_settings,
            "AccessLogSetting" => &mut a.access_log_setting,
            "CanarySetting" => &mut a.canary_setting,
            "DefinitionUri" => &mut a.definition_uri,
            "DefinitionBody" => &mut a.definition_body,
            _ => {
                Cursor::new(&a.id).at(&k).error(
                    &mut out.diags,
                    "is not supported by stackwright yet; remove it or define the API in plain CloudFormation.",
                );
                continue;
            }
        };
        *slot = Some(v);
    }
    a
}

/// Resolves every `Api` event's target, reporting references SAM rejects.
// Other event kinds will join `EventKind`; until then the match is irrefutable.
#[allow(irrefutable_let_patterns)]
fn resolve_routes<'a>(app: &'a App, apis: &[RestApi], out: &mut Output) -> Vec<Route<'a>> {
    let mut routes = Vec::new();
    for f in &app.functions {
        for e in &f.events {
            let EventKind::Api(ev) = &e.kind else {
                continue;
            };
            let id = ev.rest_api_id.as_deref().unwrap_or(IMPLICIT_REST_API_ID);
            let target = if apis.iter().any(|a| a.id == id) {
                Target::Api(id.to_string())
            } else if let Some(r) = app
                .base
                .resources
                .get(id)
                .filter(|r| r.type_ != "AWS::Serverless::HttpApi")
            {
                // SAM grants the stage the resource names, else "Stage".
                let stage = r
                    .property("StageName")
                    .and_then(Value::as_str)
                    .unwrap_or("Stage");
                Target::Plain(stage.to_string())
            } else {
                Cursor::new(&f.id).at("Events").at(&e.id).plain_error(
                    &mut out.diags,
                    format!(
                        "Event with id [{}] is invalid. RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.",
                        e.id
                    ),
                );
                continue;
            };
            routes.push(Route {
                function: f,
                event_id: &e.id,
                event: ev,
                target,
            });
        }
    }
    routes
}

/// One editing session on a managed body; a document problem is reported as SAM reports it.
fn edit(
    body: &mut Body,
    out: &mut Output,
    owner: &Function,
    f: impl FnOnce(&mut Editor) -> Result<(), openapi::DocError>,
) {
    let Some(doc) = &body.doc else {
        return;
    };
    let result = Editor::open(doc).and_then(|mut e| {
        f(&mut e)?;
        Ok(e.finish())
    });
    match result {
        Ok(d) => body.doc = Some(d),
        Err(m) => out
            .diags
            .push(Diagnostic::resource(owner.id.clone(), "Events", m)),
    }
}

/// Pass 3 for one event: its permission, and its integration in a managed body.
fn add_route(
    r: &Route,
    app: &App,
    apis: &BTreeMap<&str, &RestApi>,
    bodies: &mut BTreeMap<&str, Body>,
    ctx: &Context,
    out: &mut Output,
) {
    let f = r.function;
    let (suffix, api_ref) = match &r.target {
        Target::Plain(stage) => (stage.clone(), r.event.properties.get("RestApiId").cloned()),
        Target::Api(id) => {
            let api = apis.get(id.as_str());
            let suffix = match api.and_then(|a| a.stage_name.as_ref()) {
                _ if id == IMPLICIT_REST_API_ID && api.is_some_and(|a| a.implicit) => {
                    "Prod".to_string()
                }
                Some(Value::String(s)) if s.is_empty() => {
                    out.diags.push(Diagnostic::resource(
                        id.clone(),
                        "StageName",
                        "StageName cannot be empty.",
                    ));
                    return;
                }
                Some(Value::String(s)) => s.clone(),
                _ => "Stage".to_string(),
            };
            (suffix, r.event.properties.get("RestApiId").cloned())
        }
    };
    let api_ref = api_ref.unwrap_or_else(|| {
        let id = r
            .event
            .rest_api_id
            .as_deref()
            .unwrap_or(IMPLICIT_REST_API_ID);
        Expr::ref_(id).into()
    });
    let (pid, perm) = permissions::api_permission(
        f,
        r.event_id,
        &r.event.method,
        &r.event.path,
        api_ref,
        &suffix,
        ctx.partition(),
    );
    out.add(&f.id, pid, perm);

    let Target::Api(api_id) = &r.target else {
        return;
    };
    let _ = app;
    let Some(body) = bodies.get_mut(api_id.as_str()).filter(|b| b.managed) else {
        return;
    };
    let uri = integration_uri(&f.id, ctx.partition());
    let condition = f.attributes.condition.as_ref().map(Py::from_user);
    let method = PyStr::uni(&r.event.method.to_lowercase());
    let path = PyStr::uni(&r.event.path);
    let (fid, eid) = (f.id.clone(), r.event_id.to_string());
    let Some(doc) = &body.doc else {
        return;
    };
    let result = Editor::open(doc).and_then(|mut e| {
        if e.has_integration(&path.text, &method)? {
            return Err(format!(
                "\u{0}Event with id [{eid}] is invalid. API method \"{}\" defined multiple times for path \"{}\".",
                method.text, path.text
            ));
        }
        e.add_lambda_integration(&path, &method, uri, condition.as_ref())?;
        Ok(e.finish())
    });
    match result {
        Ok(d) => body.doc = Some(d),
        Err(m) => match m.strip_prefix('\u{0}') {
            Some(m) => Cursor::new(&fid)
                .at("Events")
                .at(r.event_id)
                .plain_error(&mut out.diags, m),
            None => out.diags.push(Diagnostic::document("", m)),
        },
    }
}

/// `Py27Dict(fnSub("arn:<partition>:apigateway:…/functions/${Fn.Arn}/invocations"))`;
/// the string is a template string because the function's ID is one.
fn integration_uri(function_id: &str, partition: &str) -> Py {
    let arn = format!(
        "arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{function_id}.Arn}}/invocations"
    );
    let mut d = PyDict::py27();
    d.set(PyStr::lit("Fn::Sub"), Py::uni(&arn));
    Py::Dict(d)
}

/// `OpenApiVersion` as SAM holds it: a template string, or `str()` of a number.
fn version_py(v: &Value) -> Py {
    match v {
        Value::String(s) => Py::uni(s),
        other => Py::lit(&openapi::py_str(&Py::from_user(other))),
    }
}

/// The condition of every route, per API and path (SAM's `api_conditions`),
/// and the deletion policies of the implicit API's functions.
#[derive(Default)]
struct ApiConditions {
    /// API → path → (method as written, function condition), in insertion order.
    routes: Vec<(String, Vec<(String, Vec<(String, Option<Value>)>)>)>,
    implicit_deletion: Vec<Option<Value>>,
    implicit_update_replace: Vec<Option<Value>>,
}

impl ApiConditions {
    fn record(&mut self, api: &str, path: &str, method: &str, f: &Function) {
        let cond = f.attributes.condition.clone();
        let i = match self.routes.iter().position(|(a, _)| a == api) {
            Some(i) => i,
            None => {
                self.routes.push((api.to_string(), Vec::new()));
                self.routes.len() - 1
            }
        };
        let paths = &mut self.routes[i].1;
        let j = match paths.iter().position(|(p, _)| p == path) {
            Some(j) => j,
            None => {
                paths.push((path.to_string(), Vec::new()));
                paths.len() - 1
            }
        };
        let methods = &mut paths[j].1;
        match methods.iter_mut().find(|(m, _)| m == method) {
            Some(m) => m.1 = cond,
            None => methods.push((method.to_string(), cond)),
        }
        if api == IMPLICIT_REST_API_ID {
            self.implicit_deletion
                .push(f.attributes.deletion_policy.clone());
            self.implicit_update_replace
                .push(f.attributes.update_replace_policy.clone());
        }
    }

    fn paths(&self, api: &str) -> Option<&Vec<(String, Vec<(String, Option<Value>)>)>> {
        self.routes.iter().find(|(a, _)| a == api).map(|(_, p)| p)
    }

    /// The implicit API's Condition (one shared condition, or an `Fn::Or` of
    /// them all when every route is conditional) and deletion policies.
    fn implicit_attributes(&self, out: &mut Output) -> Attributes {
        let mut a = Attributes::default();
        let Some(paths) = self.paths(IMPLICIT_REST_API_ID).filter(|p| !p.is_empty()) else {
            return a;
        };
        let all: Vec<&Option<Value>> = paths
            .iter()
            .flat_map(|(_, ms)| ms.iter().map(|(_, c)| c))
            .collect();
        if !all.is_empty() && all.iter().all(|c| c.is_some()) {
            let set = distinct(all.iter().filter_map(|c| c.as_ref()));
            a.condition = Some(if set.len() == 1 {
                set[0].clone()
            } else {
                add_combined_condition(out, "ServerlessRestApiCondition", &set);
                Value::String("ServerlessRestApiCondition".into())
            });
        }
        a.deletion_policy = strongest(&self.implicit_deletion, &["Retain", "Delete"]);
        a.update_replace_policy = strongest(
            &self.implicit_update_replace,
            &["Retain", "Snapshot", "Delete"],
        );
        a
    }

    /// `_maybe_add_conditions_to_implicit_api_paths` for one managed API.
    fn make_paths_conditional(&self, api: &RestApi, body: &mut Body, out: &mut Output) {
        let Some(doc) = &body.doc else {
            return;
        };
        let Ok(mut e) = Editor::open(doc) else {
            return;
        };
        let paths = self.paths(&api.id);
        for path in e.path_names() {
            let Some(methods) = paths.and_then(|p| p.iter().find(|(x, _)| *x == path.text)) else {
                continue;
            };
            let conds: Vec<&Option<Value>> = methods.1.iter().map(|(_, c)| c).collect();
            if conds.is_empty() || conds.iter().any(|c| c.is_none()) {
                continue;
            }
            let set = distinct(conds.iter().filter_map(|c| c.as_ref()));
            let cond = if set.len() == 1 {
                Py::from_user(&set[0])
            } else {
                let name = logical_id::path_condition_name(&api.id, &path.text);
                add_combined_condition(out, &name, &set);
                Py::lit(&name)
            };
            e.make_path_conditional(&path.text, &cond);
        }
        body.doc = Some(e.finish());
    }
}

fn distinct<'a>(values: impl Iterator<Item = &'a Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// The first of `ranked` any function asks for.
fn strongest(policies: &[Option<Value>], ranked: &[&str]) -> Option<Value> {
    ranked
        .iter()
        .find(|r| {
            policies
                .iter()
                .any(|p| p.as_ref().and_then(Value::as_str) == Some(**r))
        })
        .map(|r| Value::String((*r).to_string()))
}

/// SAM's `make_combined_condition`: `Fn::Or` of the sorted conditions, split
/// into chained conditions of at most 10 (`Fn::Or`'s limit).
fn add_combined_condition(out: &mut Output, name: &str, conditions: &[Value]) {
    let mut list: Vec<String> = conditions
        .iter()
        .map(|c| {
            c.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| c.to_string())
        })
        .collect();
    list.sort();
    let max = 10;
    // calculate_number_of_conditions: each new condition joins the list it reduces.
    let count = 1 + (list.len().saturating_sub(2)) / (max - 1);
    let mut remaining = count as i64 - 1;
    let conds = out.template.conditions.get_or_insert_with(Map::new);
    while list.len() > 1 {
        let new_name = if remaining > 0 {
            let n = format!("{name}{remaining}");
            remaining -= 1;
            n
        } else {
            name.to_string()
        };
        let take: Vec<String> = list.iter().take(max).cloned().collect();
        list = list.into_iter().skip(max).collect();
        list.push(new_name.clone());
        let or: Vec<Value> = take
            .iter()
            .map(|c| Expr::Condition(c.clone()).into())
            .collect();
        conds.insert(new_name, Expr::Or(or).into());
    }
}

/// For each API, the `FunctionName`s of the functions whose `Api` events
/// name it with `RestApiId`, concatenated (SAM adds them to the deployment
/// hash so that renaming a function redeploys the API).
fn function_names(
    app: &App,
    resources: &KeyOrder,
    event_orders: &BTreeMap<&str, KeyOrder>,
    routes: &[Route],
    ctx: &Context,
) -> BTreeMap<String, String> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for id in resources.keys() {
        let Some(f) = app.functions.iter().find(|f| f.id == id) else {
            continue;
        };
        let Some(name) = f.passthrough.get("FunctionName") else {
            continue;
        };
        let name = resolve_parameter_refs(name, app, ctx);
        if !openapi::truthy(&Py::from_user(&name)) {
            continue;
        }
        let text = match &name {
            Value::String(s) => s.clone(),
            other => Py::from_user(other).repr(),
        };
        let order = event_orders
            .get(f.id.as_str())
            .map(KeyOrder::keys)
            .unwrap_or_default();
        for eid in order {
            let Some(r) = routes
                .iter()
                .find(|r| r.function.id == f.id && r.event_id == eid)
            else {
                continue;
            };
            if let Some(api) = &r.event.rest_api_id {
                names.entry(api.clone()).or_default().push_str(&text);
            }
        }
    }
    names
}

/// SAM's `resolve_parameter_refs`: every `{"Ref": Param}` → the parameter's
/// value (given, else its default; `AWS::Region` and `AWS::Partition` too).
fn resolve_parameter_refs(v: &Value, app: &App, ctx: &Context) -> Value {
    match v {
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| resolve_parameter_refs(x, app, ctx))
                .collect(),
        ),
        Value::Object(m) => {
            if let Some(Expr::Ref(p)) = Expr::parse(v) {
                if let Some(given) = ctx.parameters.get(&p) {
                    return given.clone();
                }
                if let Some(d) = app
                    .base
                    .parameters
                    .as_ref()
                    .and_then(|ps| ps.get(&p))
                    .and_then(|d| d.get("Default"))
                {
                    return d.clone();
                }
                match p.as_str() {
                    "AWS::Region" => return Value::String(ctx.region.clone()),
                    "AWS::Partition" => return Value::String(ctx.partition().to_string()),
                    _ => return v.clone(),
                }
            }
            Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), resolve_parameter_refs(x, app, ctx)))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// Pass 4: one API's RestApi, Deployment and Stage.
fn expand_api(
    app: &App,
    a: &RestApi,
    attrs: &Attributes,
    mut body: Option<Py>,
    function_names: Option<&String>,
    ctx: &Context,
    out: &mut Output,
) {
    let cur = Cursor::new(&a.id);
    if a.definition_uri.is_some() && a.definition_body.is_some() {
        cur.plain_error(
            &mut out.diags,
            "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.",
        );
        return;
    }
    if let Some(v) = &a.open_api_version {
        if !openapi::is_supported_version(&openapi::py_str(&version_py(v))) {
            cur.plain_error(
                &mut out.diags,
                "The OpenApiVersion value must be of the format '3.0.0'.",
            );
            return;
        }
    }
    if a.always_deploy {
        cur.at("AlwaysDeploy").error(
            &mut out.diags,
            "is not supported by stackwright yet: SAM then hashes the current time, which stackwright never puts in its output.",
        );
        return;
    }
    let binary_media_types = a
        .binary_media_types
        .as_ref()
        .map(|v| resolve_parameter_refs(v, app, ctx));
    let mut rest = apigateway::RestApi {
        binary_media_types: binary_media_types.clone(),
        minimum_compression_size: a.minimum_compression_size.clone(),
        ..Default::default()
    };
    let partition = ctx.partition();
    let edge_supported = !(partition.starts_with("aws-iso")
        || matches!(partition, "aws-us-gov" | "aws-cn" | "aws-eusc"));
    match &a.endpoint_configuration {
        Some(v) => set_endpoint_configuration(&mut rest, v, &cur, out),
        None if !edge_supported => {
            set_endpoint_configuration(&mut rest, &Value::String("REGIONAL".into()), &cur, out)
        }
        None => {}
    }
    if let (Some(types), Some(doc)) = (&binary_media_types, &body) {
        if openapi::truthy(&Py::from_user(types)) {
            match Editor::open(doc) {
                Ok(mut e) => {
                    e.add_binary_media_types(&Py::from_user(types));
                    body = Some(e.finish());
                }
                Err(m) => {
                    out.diags.push(Diagnostic::document("", m));
                    return;
                }
            }
        }
    }
    if a.fail_on_warnings
        .as_ref()
        .is_some_and(|v| openapi::truthy(&Py::from_user(v)))
    {
        rest.fail_on_warnings = a.fail_on_warnings.clone();
    }
    if let Some(v) = &a.disable_execute_api_endpoint {
        let Some(doc) = &body else {
            cur.plain_error(
                &mut out.diags,
                "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.",
            );
            return;
        };
        let openapi3 = doc
            .as_dict()
            .and_then(|d| d.get("openapi"))
            .is_some_and(|o| openapi::truthy(o) && openapi::is_openapi3(&openapi::py_str(o)));
        if openapi3 {
            cur.at("DisableExecuteApiEndpoint").error(
                &mut out.diags,
                "is not supported by stackwright yet on OpenAPI 3 definitions.",
            );
            return;
        }
        match Editor::open(doc).and_then(|mut e| {
            e.add_disable_execute_api_endpoint(Py::from_user(v))?;
            Ok(e.finish())
        }) {
            Ok(d) => body = Some(d),
            Err(m) => {
                out.diags.push(Diagnostic::document("", m));
                return;
            }
        }
    }
    let mut swagger: Option<Py> = None;
    if let Some(uri) = &a.definition_uri {
        match body_s3_location(uri) {
            Some(s3) => {
                rest.body_s3_location = Some(s3.to_json());
                swagger = Some(s3);
            }
            None => {
                let msg = if uri.is_object() {
                    "'DefinitionUri' requires Bucket and Key properties to be specified."
                } else {
                    "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."
                };
                cur.plain_error(&mut out.diags, msg);
                return;
            }
        }
    } else if let Some(mut doc) = body {
        let version = a.open_api_version.as_ref().map(version_py);
        if let Err(m) = openapi::openapi3_postprocess(&mut doc, version.as_ref()) {
            out.diags.push(Diagnostic::document("", m));
            return;
        }
        rest.body = Some(doc.to_json());
        swagger = Some(doc);
    }
    let truthy = |v: &Option<Value>| {
        v.as_ref()
            .filter(|v| openapi::truthy(&Py::from_user(v)))
            .cloned()
    };
    rest.name = truthy(&a.name);
    rest.description = truthy(&a.description);
    rest.mode = truthy(&a.mode);
    rest.api_key_source_type = truthy(&a.api_key_source_type);
    rest.policy = truthy(&a.policy);
    rest.security_policy = truthy(&a.security_policy);
    rest.endpoint_access_mode = truthy(&a.endpoint_access_mode);

    let tags = a.tags.as_ref().map(|t| py27_tag_list(t));
    if a.propagate_tags && a.tags.as_ref().is_some_and(|t| !t.is_empty()) {
        rest.tags = tags.clone();
    }
    let mut main = Resource::typed(&rest);
    main.condition = attrs.condition.clone();
    main.deletion_policy = attrs.deletion_policy.clone();
    main.update_replace_policy = attrs.update_replace_policy.clone();
    out.add_main(&a.id, main, attrs);

    let open_api = a
        .open_api_version
        .as_ref()
        .map(version_py)
        .filter(openapi::truthy);
    let mut deployment = apigateway::Deployment {
        description: None,
        rest_api_id: Expr::ref_(a.id.clone()).into(),
        stage_name: open_api.is_none().then(|| "Stage".into()),
    };
    let mut deployment_id = format!("{}Deployment", a.id);
    if let Some(sw) = &swagger {
        let mut parts = vec![sw.repr()];
        if let Some(v) = &open_api {
            parts.push(openapi::py_str(v));
        }
        if let Some(names) = function_names.filter(|n| !n.is_empty()) {
            parts.push(names.clone());
        }
        let (id, sha) = logical_id::deployment_id(&a.id, &parts);
        deployment_id = id;
        deployment.description = Some(format!("RestApi deployment id: {sha}").into());
    }
    let mut dep = Resource::typed(&deployment);
    permissions::pass_through(&mut dep, attrs);
    // `!Ref MyApi.Deployment` / `MyApi.Stage` name these (SAM's `referable_properties`).
    out.resource_refs
        .insert(format!("{}.Deployment", a.id), deployment_id.clone());
    out.add(&a.id, deployment_id.clone(), dep);

    let stage = apigateway::Stage {
        access_log_setting: a.access_log_setting.clone(),
        cache_cluster_enabled: a.cache_cluster_enabled.clone(),
        cache_cluster_size: a.cache_cluster_size.clone(),
        canary_setting: a.canary_setting.clone(),
        deployment_id: Expr::ref_(deployment_id).into(),
        rest_api_id: Expr::ref_(a.id.clone()).into(),
        stage_name: a.stage_name.clone().unwrap_or(Value::Null),
        tags,
        tracing_enabled: a.tracing_enabled.clone(),
        variables: a.variables.clone(),
        method_settings: a.method_settings.clone(),
    };
    let mut st = Resource::typed(&stage);
    permissions::pass_through(&mut st, attrs);
    let stage_id = logical_id::rest_stage_id(&a.id, a.stage_name.as_ref());
    out.resource_refs
        .insert(format!("{}.Stage", a.id), stage_id.clone());
    out.add(&a.id, stage_id, st);
}

/// SAM's `_set_endpoint_configuration`.
fn set_endpoint_configuration(
    rest: &mut apigateway::RestApi,
    v: &Value,
    cur: &Cursor,
    out: &mut Output,
) {
    let ty = v
        .as_object()
        .and_then(|m| m.get("Type"))
        .filter(|t| openapi::truthy(&Py::from_user(t)));
    match (v.as_object(), ty) {
        (Some(m), Some(ty)) => {
            let mut params = Map::new();
            params.insert("endpointConfigurationTypes".into(), ty.clone());
            rest.parameters = Some(Value::Object(params));
            let mut cfg = Map::new();
            cfg.insert("Types".into(), Value::Array(vec![ty.clone()]));
            if m.contains_key("VPCEndpointIds") && m.contains_key("VpcEndpointIds") {
                cur.plain_error(
                    &mut out.diags,
                    "'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in EndpointConfiguration.",
                );
            }
            if let Some(ids) = m
                .get("VPCEndpointIds")
                .filter(|x| openapi::truthy(&Py::from_user(x)))
                .or_else(|| m.get("VpcEndpointIds"))
            {
                if m.contains_key("VPCEndpointIds") || m.contains_key("VpcEndpointIds") {
                    cfg.insert("VpcEndpointIds".into(), ids.clone());
                }
            }
            if let Some(ip) = m.get("IpAddressType") {
                cfg.insert("IpAddressType".into(), ip.clone());
            }
            rest.endpoint_configuration = Some(Value::Object(cfg));
        }
        _ => {
            let mut cfg = Map::new();
            cfg.insert("Types".into(), Value::Array(vec![v.clone()]));
            rest.endpoint_configuration = Some(Value::Object(cfg));
            let mut params = Map::new();
            params.insert("endpointConfigurationTypes".into(), v.clone());
            rest.parameters = Some(Value::Object(params));
        }
    }
}

/// `BodyS3Location` from `DefinitionUri` (`s3://bucket/key?versionId=v` or `{Bucket, Key, Version}`).
fn body_s3_location(uri: &Value) -> Option<Py> {
    let (bucket, key, version, uni) = match uri {
        Value::Object(m) => {
            let b = m
                .get("Bucket")
                .filter(|x| openapi::truthy(&Py::from_user(x)))?;
            let k = m
                .get("Key")
                .filter(|x| openapi::truthy(&Py::from_user(x)))?;
            let mut d = PyDict::py27();
            d.set(PyStr::lit("Bucket"), Py::from_user(b));
            d.set(PyStr::lit("Key"), Py::from_user(k));
            if let Some(v) = m.get("Version") {
                d.set(PyStr::lit("Version"), Py::from_user(v));
            }
            return Some(Py::Dict(d));
        }
        Value::String(s) => {
            let (b, k, v) = parse_s3_uri(s)?;
            (b, k, v, true)
        }
        _ => return None,
    };
    let s = |x: &str| {
        Py::Str(PyStr {
            text: x.to_string(),
            uni,
        })
    };
    let mut d = PyDict::py27();
    d.set(PyStr::lit("Bucket"), s(&bucket));
    d.set(PyStr::lit("Key"), s(&key));
    if let Some(v) = version {
        d.set(PyStr::lit("Version"), s(&v));
    }
    Some(Py::Dict(d))
}

/// `s3://bucket/key[?versionId=v]` → (bucket, key, version), as `urlparse` splits it.
pub fn parse_s3_uri(s: &str) -> Option<(String, String, Option<String>)> {
    let rest = s.strip_prefix("s3://")?;
    let (rest, _fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (bucket, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if bucket.is_empty() || path.is_empty() {
        return None;
    }
    let versions: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.strip_prefix("versionId="))
        .filter(|v| !v.is_empty())
        .collect();
    let version = match versions.as_slice() {
        [v] => Some((*v).to_string()),
        _ => None,
    };
    Some((
        bucket.to_string(),
        path.trim_start_matches('/').to_string(),
        version,
    ))
}

/// The stage's `Tags` list, in the order SAM iterates the tag map.
fn py27_tag_list(tags: &crate::model::Tags) -> Vec<Value> {
    let order = super::py27::py27_order(tags.keys().map(String::as_str));
    let mut ordered = Map::new();
    for k in order {
        if let Some(v) = tags.get(&k) {
            ordered.insert(k, v.clone());
        }
    }
    super::tags::tag_list(&ordered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_uris() {
        assert_eq!(
            parse_s3_uri("s3://b/k/x.json?versionId=3"),
            Some(("b".into(), "k/x.json".into(), Some("3".into())))
        );
        assert_eq!(parse_s3_uri("s3://b"), None);
        assert_eq!(parse_s3_uri("https://b/k"), None);
    }
}
