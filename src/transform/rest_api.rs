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
//! 3. translating each function adds the Lambda integrations (events sorted by path;
//!    `HttpApi` events naming a REST API sort among them, see `http_route`);
//! 4. translating each API adds binary media types and endpoint settings,
//!    then hashes `str(body)` for the deployment.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Cursor, Diagnostic};
use crate::model::function::EventKind;
use crate::model::rest_api::{ApiEvent, RestApi, IMPLICIT_REST_API_ID};
use crate::model::state_machine::{StateMachine, StateMachineEventKind};
use crate::model::{App, Attributes, Function, SamKinds};

use super::openapi::{self, Editor};
use super::py27::{KeyOrder, Py, PyStr};
use super::{Context, Output};

mod api;
mod auth;
mod conditions;
mod cors;
mod definition;
mod domain;
mod http_route;
mod responses;
mod route;
mod usage_plan;

use api::{expand_api, resolve_parameter_refs, ApiError};
use conditions::ApiConditions;
pub use definition::parse_s3_uri;
use http_route::HttpRoute;
use usage_plan::SharedUsagePlan;

/// Where an `Api` event's route goes.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Target {
    /// An `AWS::Serverless::Api` (or the implicit API), by logical ID.
    Api(String),
    /// A plain CloudFormation resource: only a permission, with this stage suffix.
    Plain(String),
}

/// What an `Api` event belongs to.
#[derive(Clone, Copy)]
pub(super) enum Owner<'a> {
    Function(&'a Function),
    /// A state machine, and whether the event unescapes its mapping template.
    StateMachine(&'a StateMachine, bool),
}

impl<'a> Owner<'a> {
    fn id(&self) -> &'a str {
        match *self {
            Owner::Function(f) => &f.id,
            Owner::StateMachine(s, _) => &s.id,
        }
    }
}

/// One `Api` event, resolved.
pub(super) struct Route<'a> {
    owner: Owner<'a>,
    event_id: &'a str,
    event: &'a ApiEvent,
    target: Target,
}

/// The routes by owner and event ID (the first one when several match).
struct RouteIndex<'r, 'a>(std::collections::HashMap<(&'a str, &'a str), &'r Route<'a>>);

impl<'r, 'a> RouteIndex<'r, 'a> {
    fn new(routes: &'r [Route<'a>]) -> Self {
        let mut m = std::collections::HashMap::with_capacity(routes.len());
        for r in routes {
            m.entry((r.owner.id(), r.event_id)).or_insert(r);
        }
        RouteIndex(m)
    }

    fn get(&self, owner: &str, event_id: &str) -> Option<&'r Route<'a>> {
        self.0.get(&(owner, event_id)).copied()
    }
}

/// An API's body while SAM's passes edit it.
pub(super) struct Body {
    doc: Option<Py>,
    /// SAM adds routes only to bodies it generated (`__MANAGE_SWAGGER`).
    managed: bool,
}

pub fn expand(app: &App, kinds: &SamKinds, ctx: &Context, out: &mut Output) {
    let mut all_apis = effective_apis(app, kinds, out);
    propagate_function_tags(app, kinds, &mut all_apis);
    let routes = resolve_routes(app, kinds, &all_apis, out);
    let route_of = RouteIndex::new(&routes);
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

    // Pass 1: the implicit API plugin, over functions and state machines.
    let functions: BTreeMap<&str, &Function> =
        app.functions.iter().map(|f| (f.id.as_str(), f)).collect();
    let machines: BTreeMap<&str, &StateMachine> = kinds
        .state_machines
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut conditions = ApiConditions::default();
    let mut event_orders: BTreeMap<&str, KeyOrder> = BTreeMap::new();
    for id in resources.keys() {
        let (owner_id, attributes, event_ids): (&str, &Attributes, Vec<&str>) =
            if let Some(f) = functions.get(id.as_str()) {
                (
                    &f.id,
                    &f.attributes,
                    f.events.iter().map(|e| e.id.as_str()).collect(),
                )
            } else if let Some(s) = machines.get(id.as_str()) {
                (
                    &s.id,
                    &s.attributes,
                    s.events.iter().map(|e| e.id.as_str()).collect(),
                )
            } else {
                continue;
            };
        let mut order = KeyOrder::default();
        for e in &event_ids {
            order.add(e);
        }
        let mut api_events = KeyOrder::default();
        for eid in order.keys() {
            if route_of.get(owner_id, &eid).is_some() {
                api_events.add(&eid);
            }
        }
        let api_ids = api_events.keys();
        for eid in &api_ids {
            let Some(r) = route_of.get(owner_id, eid) else {
                continue;
            };
            let Target::Api(api_id) = &r.target else {
                continue;
            };
            conditions.record(api_id, &r.event.path, &r.event.method, attributes);
            if let Some(body) = bodies.get_mut(api_id.as_str()).filter(|b| b.managed) {
                edit(body, out, owner_id, |e| {
                    e.add_path(&PyStr::uni(&r.event.path), &PyStr::uni(&r.event.method))
                });
            }
        }
        if !api_ids.is_empty() {
            // SAM writes the API events back with `Events.update(...)`.
            order.merge(&api_ids);
        }
        // So does the implicit HTTP API plugin, which runs next.
        if let Some(f) = functions.get(owner_id) {
            let mut http_events = KeyOrder::default();
            for eid in order.keys() {
                if f.events
                    .iter()
                    .any(|e| e.id == eid && matches!(e.kind, EventKind::HttpApi(_)))
                {
                    http_events.add(&eid);
                }
            }
            let http_ids = http_events.keys();
            if !http_ids.is_empty() {
                order.merge(&http_ids);
            }
        }
        event_orders.insert(owner_id, order);
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
    let http_routes = http_routes(app, &apis);
    for id in resources.keys() {
        let Some(f) = functions.get(id.as_str()) else {
            continue;
        };
        let order = event_orders
            .get(f.id.as_str())
            .map(KeyOrder::keys)
            .unwrap_or_default();
        // `Api` events and `HttpApi` events on REST APIs sort together.
        let mut mine: Vec<Step> = order
            .iter()
            .filter_map(|eid| {
                route_of.get(&f.id, eid).map(Step::Rest).or_else(|| {
                    http_routes
                        .iter()
                        .find(|r| r.function.id == f.id && r.event_id == eid)
                        .map(Step::Http)
                })
            })
            .collect();
        mine.sort_by(|a, b| a.path().cmp(b.path()));
        for step in mine {
            match step {
                Step::Rest(r) => route::add_route(r, app, &apis, &mut bodies, ctx, out),
                Step::Http(r) => http_route::add_route(r, &apis, &mut bodies, ctx, out),
            }
        }
    }
    // Then each state machine's, in the order of its events (SAM translates
    // state machines after functions and does not sort their events).
    for id in resources.keys() {
        let Some(s) = machines.get(id.as_str()) else {
            continue;
        };
        let order = event_orders
            .get(s.id.as_str())
            .map(KeyOrder::keys)
            .unwrap_or_default();
        for eid in order {
            if let Some(r) = route_of.get(&s.id, &eid) {
                route::add_state_machine_route(r, app, &apis, &mut bodies, ctx, out);
            }
        }
    }

    // Pass 4: each API.
    let function_names = function_names(app, &resources, &event_orders, &route_of, ctx);
    // SAM translates the APIs in the order of the template's resources, which
    // shows in what a shared usage plan gathers from them.
    let order = resources.keys();
    let mut in_order: Vec<&RestApi> = all_apis.iter().collect();
    in_order.sort_by_key(|a| order.iter().position(|k| *k == a.id).unwrap_or(usize::MAX));
    let mut shared = SharedUsagePlan::default();
    for a in in_order {
        let body = bodies.remove(a.id.as_str()).and_then(|b| b.doc);
        let attrs = if a.implicit {
            if !implicit_used {
                continue;
            }
            &implicit_attrs
        } else {
            &a.attributes
        };
        let propagated = a
            .tags
            .as_ref()
            .filter(|t| a.propagate_tags && !t.is_empty());
        let before: Option<std::collections::BTreeSet<String>> =
            propagated.map(|_| out.template.resources.keys().cloned().collect());
        expand_api(
            app,
            a,
            attrs,
            body,
            function_names.get(a.id.as_str()),
            &mut shared,
            ctx,
            out,
        );
        if let (Some(tags), Some(before)) = (propagated, before) {
            propagate_api_tags(tags, &before, out);
        }
    }
}

/// One event translated in pass 3.
enum Step<'r, 'a> {
    Rest(&'r Route<'a>),
    Http(&'r HttpRoute<'a>),
}

impl Step<'_, '_> {
    fn path(&self) -> &str {
        match self {
            Step::Rest(r) => &r.event.path,
            Step::Http(r) => &r.event.path,
        }
    }
}

/// `HttpApi` events whose `ApiId` names a declared REST API.
fn http_routes<'a>(app: &'a App, apis: &BTreeMap<&'a str, &'a RestApi>) -> Vec<HttpRoute<'a>> {
    let mut out = Vec::new();
    for f in &app.functions {
        for e in &f.events {
            let EventKind::HttpApi(ev) = &e.kind else {
                continue;
            };
            let Some((api_id, _)) = ev
                .api_id
                .as_deref()
                .and_then(|id| apis.get_key_value(id))
                .filter(|(_, a)| !a.implicit)
            else {
                continue;
            };
            out.push(HttpRoute {
                function: f,
                event_id: &e.id,
                event: ev,
                api_id,
            });
        }
    }
    out
}

/// `PropagateTags` on an API: SAM replaces the `Tags` of everything it
/// generated for the API that has them; the RestApi and stage are tagged by
/// the expander, this adds the custom domain, usage plan and API key.
fn propagate_api_tags(
    tags: &crate::model::Tags,
    before: &std::collections::BTreeSet<String>,
    out: &mut Output,
) {
    const TAGGED: &[&str] = &[
        "AWS::ApiGateway::DomainName",
        "AWS::ApiGateway::DomainNameV2",
        "AWS::ApiGateway::UsagePlan",
        "AWS::ApiGateway::ApiKey",
        "AWS::ApiGateway::DomainNameAccessAssociation",
    ];
    let list = Value::Array(definition::py27_tag_list(tags));
    for (id, r) in out.template.resources.iter_mut() {
        if before.contains(id) || !TAGGED.contains(&r.type_.as_str()) {
            continue;
        }
        r.properties
            .get_or_insert_with(Default::default)
            .insert("Tags".into(), list.clone());
    }
}

/// SAM's `_add_tags_to_implicit_api_if_necessary`: a function with
/// `PropagateTags` and `Tags` and an `Api` event on the implicit API lends
/// its tags to that API (functions in the order SAM iterates them).
#[allow(irrefutable_let_patterns)]
fn propagate_function_tags(app: &App, kinds: &SamKinds, apis: &mut [RestApi]) {
    let Some(implicit) = apis.iter_mut().find(|a| a.implicit) else {
        return;
    };
    let mut order = KeyOrder::default();
    for id in resource_ids(app) {
        order.add(id);
    }
    let by_id = app.functions_by_id();
    let machines: BTreeMap<&str, &StateMachine> = kinds
        .state_machines
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    for id in order.keys() {
        let (uses_implicit, tags, propagate) = if let Some(f) = by_id.get(id.as_str()) {
            let uses = f.events.iter().any(|e| matches!(&e.kind, EventKind::Api(a) if a.rest_api_id.is_none() && !a.properties.contains_key("RestApiId")));
            (uses, f.tags.as_ref(), f.propagate_tags)
        } else if let Some(s) = machines.get(id.as_str()) {
            let uses = s.events.iter().any(|e| matches!(&e.kind, StateMachineEventKind::Api(a) if a.api.rest_api_id.is_none() && !a.api.properties.contains_key("RestApiId")));
            (uses, s.tags.as_ref(), s.propagate_tags)
        } else {
            continue;
        };
        let Some(tags) = tags.filter(|t| !t.is_empty()) else {
            continue;
        };
        if uses_implicit && propagate {
            let merged = implicit.tags.get_or_insert_with(Default::default);
            for (k, v) in tags {
                merged.insert(k.clone(), v.clone());
            }
            implicit.propagate_tags = true;
        }
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
fn effective_apis(app: &App, kinds: &SamKinds, out: &mut Output) -> Vec<RestApi> {
    let mut apis: Vec<RestApi> = app
        .rest_apis
        .iter()
        .map(|a| fold_properties(a, out))
        .collect();
    let needs_implicit = app.functions.iter().any(|f| {
        f.events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Api(a) if a.rest_api_id.is_none()))
    }) || kinds.state_machines.iter().any(|s| {
        s.events.iter().any(
            |e| matches!(&e.kind, StateMachineEventKind::Api(a) if a.api.rest_api_id.is_none()),
        )
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
            "Cors" => &mut a.cors,
            "Auth" => &mut a.auth,
            "GatewayResponses" => &mut a.gateway_responses,
            "Models" => &mut a.models,
            "Domain" => &mut a.domain,
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

/// The stage a permission names when an `Api` event targets a resource that
/// is neither a REST nor an HTTP API: SAM accepts any such resource (and
/// adds no route), granting the stage the resource names, else "Stage".
fn other_target_stage(app: &App, id: &str) -> Option<String> {
    let named = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("Stage").to_string();
    if let Some(r) = app.base.resources.get(id) {
        return (r.type_ != "AWS::Serverless::HttpApi").then(|| named(r.property("StageName")));
    }
    if let Some(w) = app.websocket_apis.iter().find(|w| w.id == id) {
        return Some(named(w.stage_name.as_ref()));
    }
    // Any other resource of the template (SAM's implicit API plugin refused
    // the ones it cannot route to): SAM reads its `StageName`, which no other
    // kind has. One that failed to read was reported by its reader.
    app.resource_ids
        .iter()
        .any(|r| r == id)
        .then(|| "Stage".to_string())
}

/// Resolves every `Api` event's target, reporting references SAM rejects.
// Other event kinds will join `EventKind`; until then the match is irrefutable.
#[allow(irrefutable_let_patterns)]
fn resolve_routes<'a>(
    app: &'a App,
    kinds: &'a SamKinds,
    apis: &[RestApi],
    out: &mut Output,
) -> Vec<Route<'a>> {
    let mut routes = Vec::new();
    for s in &kinds.state_machines {
        for e in &s.events {
            let StateMachineEventKind::Api(ev) = &e.kind else {
                continue;
            };
            let id = ev
                .api
                .rest_api_id
                .as_deref()
                .unwrap_or(IMPLICIT_REST_API_ID);
            // Any other resource gets the role and no route, as in SAM.
            let target = if apis.iter().any(|a| a.id == id) {
                Target::Api(id.to_string())
            } else {
                Target::Plain(String::new())
            };
            routes.push(Route {
                owner: Owner::StateMachine(s, ev.unescape_mapping_template),
                event_id: &e.id,
                event: &ev.api,
                target,
            });
        }
    }
    for f in &app.functions {
        for e in &f.events {
            let EventKind::Api(ev) = &e.kind else {
                continue;
            };
            let id = ev.rest_api_id.as_deref().unwrap_or(IMPLICIT_REST_API_ID);
            let target = if apis.iter().any(|a| a.id == id) {
                Target::Api(id.to_string())
            } else if let Some(stage) = other_target_stage(app, id) {
                Target::Plain(stage)
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
                owner: Owner::Function(f),
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
    owner: &str,
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
        Err(m) => out.diags.push(Diagnostic::resource(owner, "Events", m)),
    }
}

/// `OpenApiVersion` as SAM holds it: a template string, or `str()` of a number.
pub(super) fn version_py(v: &Value) -> Py {
    match v {
        Value::String(s) => Py::uni(s),
        other => Py::lit(&openapi::py_str(&Py::from_user(other))),
    }
}

/// For each API, the `FunctionName`s of the functions whose `Api` events
/// name it with `RestApiId`, concatenated (SAM adds them to the deployment
/// hash so that renaming a function redeploys the API).
fn function_names(
    app: &App,
    resources: &KeyOrder,
    event_orders: &BTreeMap<&str, KeyOrder>,
    route_of: &RouteIndex,
    ctx: &Context,
) -> BTreeMap<String, String> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let by_id = app.functions_by_id();
    for id in resources.keys() {
        let Some(f) = by_id.get(id.as_str()) else {
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
            let Some(r) = route_of.get(&f.id, &eid) else {
                continue;
            };
            // SAM's implicit API plugin has given events without a
            // `RestApiId` one naming `ServerlessRestApi` by now.
            let api = r
                .event
                .rest_api_id
                .as_deref()
                .unwrap_or(IMPLICIT_REST_API_ID);
            names.entry(api.to_string()).or_default().push_str(&text);
        }
    }
    names
}
