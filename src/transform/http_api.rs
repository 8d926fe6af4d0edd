//! HTTP APIs (`AWS::Serverless::HttpApi` and the implicit `ServerlessHttpApi`)
//! → `AWS::ApiGatewayV2::Api` with an OpenAPI 3 body, an auto-deployed
//! `Stage`, custom domains, authorizer permissions, and a Lambda permission
//! per `HttpApi` event.
//!
//! SAM edits the body in passes, replayed here in its order:
//! 1. the implicit HTTP API plugin adds each managed API's paths and makes
//!    paths of conditional functions conditional;
//! 2. translating each function (events sorted by path, so `$default` comes
//!    first) adds its permission and its integration, route auth, timeout,
//!    path parameters and payload format;
//! 3. translating each API adds CORS, authorizers, tags, endpoint settings,
//!    title and description, then builds the stage and domain.

pub(super) mod auth;
mod conditions;
mod cors;
mod domain;
pub(super) mod editor;
pub(super) mod routes;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::error::{Cursor, Diagnostic};
use crate::model::function::EventKind;
use crate::model::http_api::{HttpApi, HttpApiEvent, DEFAULT_PATH, IMPLICIT_HTTP_API_ID};
use crate::model::{App, Attributes, Function};
use crate::template::resources::{apigatewayv2, lambda};
use crate::template::{Expr, Resource};

use super::intrinsics::{parameter_values, resolve_parameter_refs};
use super::{logical_id, permissions, Context, Output};
use conditions::RouteConditions;
use editor::{truthy, Editor};

/// One `HttpApi` event and the API it routes to (`None`: a plain
/// CloudFormation resource, which only gets the permission).
struct Route<'a> {
    function: &'a Function,
    event_id: &'a str,
    event: &'a HttpApiEvent,
    api: Option<&'a HttpApi>,
}

/// An API's body while SAM's passes edit it.
struct Body {
    doc: Option<Value>,
    /// SAM adds paths only to bodies it generated (`__MANAGE_SWAGGER`).
    managed: bool,
}

pub fn expand(app: &App, ctx: &Context, out: &mut Output) {
    let routes = resolve_routes(app);
    if app.http_apis.is_empty() && routes.is_empty() {
        return;
    }
    let mut bodies: BTreeMap<&str, Body> = BTreeMap::new();
    for a in &app.http_apis {
        let managed = a.managed();
        let doc = if managed {
            Some(skeleton())
        } else {
            a.definition_body.clone().filter(truthy)
        };
        bodies.insert(a.id.as_str(), Body { doc, managed });
    }

    // Pass 1: the implicit HTTP API plugin.
    let mut conditions = RouteConditions::default();
    for r in &routes {
        let Some(api) = r.api else {
            continue;
        };
        conditions.record(
            &api.id,
            &r.event.path,
            &r.event.method,
            r.function,
            api.implicit,
        );
        if let Some(body) = bodies.get_mut(api.id.as_str()).filter(|b| b.managed) {
            edit(body, |e| e.add_path(&r.event.path, &r.event.method));
        }
    }
    let implicit_attrs = conditions.implicit_attributes(IMPLICIT_HTTP_API_ID, out);
    for a in &app.http_apis {
        let Some(body) = bodies.get_mut(a.id.as_str()).filter(|b| b.managed) else {
            continue;
        };
        if let Some(Ok(mut e)) = body.doc.as_ref().map(Editor::open) {
            conditions.make_paths_conditional(&a.id, &mut e, out);
            body.doc = Some(e.finish());
        }
    }
    let implicit_used = bodies
        .get(IMPLICIT_HTTP_API_ID)
        .and_then(|b| b.doc.as_ref())
        .and_then(|d| d.get("paths"))
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());

    // Pass 2: each function's events, sorted by path.
    for f in functions_in_order(app) {
        let mut mine: Vec<&Route> = routes.iter().filter(|r| r.function.id == f.id).collect();
        mine.sort_by(|a, b| a.event.path.cmp(&b.event.path));
        for r in mine {
            routes::add_route(r, &mut bodies, ctx, out);
        }
    }

    // Pass 3: each API.
    for a in &app.http_apis {
        let doc = bodies.remove(a.id.as_str()).and_then(|b| b.doc);
        let attrs = if a.implicit {
            if !implicit_used {
                continue;
            }
            &implicit_attrs
        } else {
            &a.attributes
        };
        // `!Ref MyApi.Stage` / `MyApi.DomainName` name these (SAM's `referable_properties`).
        if let Some((stage, domain)) = expand_api(app, a, attrs, doc, ctx, out) {
            out.resource_refs.insert(format!("{}.Stage", a.id), stage);
            if let Some(d) = domain {
                out.resource_refs.insert(format!("{}.DomainName", a.id), d);
            }
        }
    }
}

/// SAM's OpenAPI skeleton for a body it manages.
fn skeleton() -> Value {
    json!({
        "openapi": "3.0.1",
        "info": {"version": "1.0", "title": {"Ref": "AWS::StackName"}},
        "paths": {},
    })
}

/// Functions in document order (SAM translates them in `Resources` order).
fn functions_in_order(app: &App) -> Vec<&Function> {
    let by_id = app.functions_by_id();
    let mut out: Vec<&Function> = app
        .resource_ids
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect();
    if out.len() < app.functions.len() {
        // A front end that records no document order (the DSL): declaration order.
        out = app.functions.iter().collect();
    }
    out
}

/// Every `HttpApi` event with the API it names; events naming nothing the
/// template declares were reported by the reader.
fn resolve_routes(app: &App) -> Vec<Route<'_>> {
    let mut routes = Vec::new();
    // Like SAM, an event naming any resource of the template (not only an
    // HttpApi) gets its permission; only an HttpApi gets a route.
    let declared: std::collections::BTreeSet<&str> =
        app.declared_types().map(|(id, _)| id).collect();
    for f in functions_in_order(app) {
        for e in &f.events {
            let EventKind::HttpApi(ev) = &e.kind else {
                continue;
            };
            let id = ev.api_id.as_deref().unwrap_or(IMPLICIT_HTTP_API_ID);
            let api = app.http_apis.iter().find(|a| a.id == id);
            if api.is_none() && !declared.contains(id) {
                continue;
            }
            // A REST API takes the route into its own body (`rest_api`).
            if api.is_none() && app.rest_apis.iter().any(|a| a.id == id) {
                continue;
            }
            routes.push(Route {
                function: f,
                event_id: &e.id,
                event: ev,
                api,
            });
        }
    }
    routes
}

/// One editing session on a generated body (which is always valid).
fn edit(body: &mut Body, f: impl FnOnce(&mut Editor) -> Result<(), editor::DocError>) {
    let Some(doc) = &body.doc else {
        return;
    };
    if let Ok(mut e) = Editor::open(doc) {
        if f(&mut e).is_ok() {
            body.doc = Some(e.finish());
        }
    }
}

/// Pass 3: one API's `Api`, `Stage`, domain and authorizer permissions.
fn expand_api(
    app: &App,
    a: &HttpApi,
    attrs: &Attributes,
    mut body: Option<Value>,
    ctx: &Context,
    out: &mut Output,
) -> Option<(String, Option<String>)> {
    let cur = Cursor::new(&a.id);
    let fail = |out: &mut Output, m: &str| {
        cur.plain_error(&mut out.diags, m);
        None
    };
    let params = parameter_values(ctx, &app.base);
    let has_uri = a.definition_uri.as_ref().is_some_and(truthy);
    if has_uri && a.definition_body.as_ref().is_some_and(truthy) {
        return fail(
            out,
            "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.",
        );
    }
    if let Some(cors) = a
        .cors_configuration
        .as_ref()
        .map(|c| resolve_parameter_refs(c, &params))
        .filter(truthy)
    {
        match cors::add(body.as_mut(), &cors) {
            Ok(()) => {}
            Err(cors::CorsError::Resource(m)) => return fail(out, &m),
            Err(cors::CorsError::Document(m)) => return document_error(out, m),
        }
    }
    let authorizers = match add_auth(a, body.as_mut(), ctx) {
        Ok(v) => v,
        Err(ApiError::Resource(m)) => return fail(out, &m),
        Err(ApiError::Document(m)) => return document_error(out, m),
    };
    let tags = match add_tags(a, body.as_mut()) {
        Ok(t) => t,
        Err(ApiError::Resource(m)) => return fail(out, &m),
        Err(ApiError::Document(m)) => return document_error(out, m),
    };
    let mut api = apigatewayv2::HttpApi::default();
    if a.fail_on_warnings.as_ref().is_some_and(truthy) {
        api.fail_on_warnings = a.fail_on_warnings.clone();
    }
    if let Err(e) = settings(a, body.as_mut()) {
        match e {
            ApiError::Resource(m) => return fail(out, &m),
            ApiError::Document(m) => return document_error(out, m),
        }
    }
    if let Some(uri) = a.definition_uri.as_ref().filter(|u| truthy(u)) {
        match body_s3_location(uri) {
            Ok(loc) => api.body_s3_location = Some(loc),
            Err(m) => return fail(out, m),
        }
    } else if let Some(b) = body.clone().filter(truthy) {
        api.body = Some(b);
    } else {
        return fail(
            out,
            "'DefinitionUri' or 'DefinitionBody' are required properties of an 'AWS::Serverless::HttpApi'. Add a value for one of these properties or add a 'HttpApi' event to an 'AWS::Serverless::Function'.",
        );
    }
    out.add_main(&a.id, Resource::typed(&api), attrs);

    let stage_name = a
        .stage_name
        .clone()
        .filter(truthy)
        .unwrap_or_else(|| DEFAULT_PATH.into());
    let stage_id = logical_id::http_stage_id(&a.id, &stage_name);

    // The tags the stage and domain carry: the user's (with SAM's own when
    // the body took them), propagated since the API has a body.
    let propagate = a.tags.as_ref().is_some_and(|t| !t.is_empty()) && body.is_some();
    let tags_value = tags.map(Value::Object);

    let mut domain_id = None;
    if let Some(d) = a.domain.as_ref() {
        let d = resolve_parameter_refs(d, &params);
        match domain::expand(&a.id, &d, &stage_id, attrs, out) {
            Ok(mut dom) => {
                if propagate {
                    dom.domain.tags = tags_value.clone();
                }
                let mut r = Resource::typed(&dom.domain);
                permissions::pass_through(&mut r, attrs);
                out.add(&a.id, dom.domain_id.clone(), r);
                domain_id = Some(dom.domain_id);
            }
            Err((id, m)) => {
                out.diags.push(Diagnostic::resource(id, "Domain", m));
                return None;
            }
        }
    }
    for az in &authorizers {
        let (Some(arn), true) = (
            az.function_arn.as_ref().filter(|v| truthy(v)),
            az.enable_function_default_permissions
                .as_ref()
                .is_some_and(truthy),
        ) else {
            continue;
        };
        let mut vars = Map::new();
        vars.insert("__ApiId__".into(), Expr::ref_(a.id.clone()).into());
        let p = lambda::Permission {
            action: "lambda:InvokeFunction".into(),
            function_name: arn.clone(),
            principal: "apigateway.amazonaws.com".into(),
            source_arn: Some(
                Expr::SubWith(
                    "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*".into(),
                    vars,
                )
                .into(),
            ),
            source_account: None,
        };
        let mut r = Resource::typed(&p);
        permissions::pass_through(&mut r, attrs);
        out.add(
            &a.id,
            logical_id::authorizer_permission_id(&a.id, &az.name),
            r,
        );
    }
    let stage = apigatewayv2::Stage {
        access_log_settings: a.access_log_settings.clone(),
        default_route_settings: a.default_route_settings.clone(),
        route_settings: a.route_settings.clone(),
        api_id: Expr::ref_(a.id.clone()).into(),
        stage_name,
        tags: tags_value,
        stage_variables: a.stage_variables.clone(),
        auto_deploy: true,
    };
    let mut r = Resource::typed(&stage);
    permissions::pass_through(&mut r, attrs);
    out.add(&a.id, stage_id.clone(), r);
    Some((stage_id, domain_id))
}

fn document_error<T>(out: &mut Output, m: String) -> Option<T> {
    out.diags.push(Diagnostic::document("", m));
    None
}

enum ApiError {
    Resource(String),
    Document(String),
}

/// SAM's `_add_auth`: security schemes and the default authorizer. Returns
/// the authorizers (for their permissions).
fn add_auth(
    a: &HttpApi,
    body: Option<&mut Value>,
    ctx: &Context,
) -> Result<Vec<auth::Authorizer>, ApiError> {
    let Some(auth_cfg) = a.auth.as_ref().filter(|v| truthy(v)) else {
        return Ok(Vec::new());
    };
    let Some(body) = body.filter(|b| truthy(b)) else {
        return Err(ApiError::Resource(
            "Auth works only with inline OpenApi specified in the 'DefinitionBody' property."
                .into(),
        ));
    };
    let Some(auth_cfg) = auth_cfg.as_object() else {
        return Err(ApiError::Resource(
            "Property 'Auth' should be a map.".into(),
        ));
    };
    if !auth_cfg.keys().all(|k| {
        matches!(
            k.as_str(),
            "Authorizers" | "DefaultAuthorizer" | "EnableIamAuthorizer"
        )
    }) {
        return Err(ApiError::Resource(
            "Invalid value for 'Auth' property".into(),
        ));
    }
    if !editor::is_valid(body) {
        return Err(ApiError::Resource("Unable to add Auth configuration because 'DefinitionBody' does not contain a valid OpenApi definition.".into()));
    }
    let mut e = Editor::open(body).map_err(ApiError::Document)?;
    let authorizers = auth::authorizers(auth_cfg).map_err(ApiError::Resource)?;
    let mut schemes = Vec::new();
    for az in &authorizers {
        schemes.push((
            az.name.clone(),
            az.security_scheme(&a.id, ctx.partition())
                .map_err(ApiError::Resource)?,
        ));
    }
    e.add_security_schemes(schemes);
    if let Some(default) = auth_cfg.get("DefaultAuthorizer").filter(|d| truthy(d)) {
        let is_no_value = default.get("Ref").and_then(Value::as_str) == Some("AWS::NoValue");
        if !is_no_value {
            let Some(name) = default.as_str() else {
                return Err(ApiError::Resource(
                    "Property 'Auth.DefaultAuthorizer' should be a string.".into(),
                ));
            };
            let Some(az) = authorizers.iter().find(|x| x.name == name) else {
                return Err(ApiError::Resource(format!(
                    "Unable to set DefaultAuthorizer because '{name}' was not defined in 'Authorizers'."
                )));
            };
            let scopes = az.default_scopes();
            for path in e.path_names() {
                e.set_path_default_authorizer(&path, name, &scopes)
                    .map_err(ApiError::Document)?;
            }
        }
    }
    *body = e.finish();
    Ok(authorizers)
}

/// SAM's `_add_tags`: the user's tags and `httpapi:createdBy: SAM` in the
/// body. Returns the tags the stage (and domain) get.
fn add_tags(a: &HttpApi, body: Option<&mut Value>) -> Result<Option<Map<String, Value>>, ApiError> {
    let user = a.tags.clone();
    let has_tags = user.as_ref().is_some_and(|t| !t.is_empty());
    let Some(body) = body.filter(|b| truthy(b)) else {
        if has_tags {
            return Err(ApiError::Resource(
                "Tags works only with inline OpenApi specified in the 'DefinitionBody' property."
                    .into(),
            ));
        }
        return Ok(user);
    };
    if !editor::is_valid(body) {
        if has_tags {
            return Err(ApiError::Resource("Unable to add `Tags` because 'DefinitionBody' does not contain a valid OpenApi definition.".into()));
        }
        return Ok(user);
    }
    let mut tags = user.unwrap_or_default();
    tags.insert("httpapi:createdBy".into(), "SAM".into());
    let mut e = Editor::open(body).map_err(ApiError::Document)?;
    e.add_tags(&tags).map_err(ApiError::Document)?;
    *body = e.finish();
    Ok(Some(tags))
}

/// `DisableExecuteApiEndpoint`, `Name`, `Description`, and the `$default`
/// path renamed for `FailOnWarnings`.
fn settings(a: &HttpApi, body: Option<&mut Value>) -> Result<(), ApiError> {
    let mut body = body.filter(|b| truthy(b));
    let res = |m: &str| ApiError::Resource(m.to_string());
    if let Some(v) = &a.disable_execute_api_endpoint {
        let Some(b) = body.as_deref_mut() else {
            return Err(res(
                "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.",
            ));
        };
        let mut e = Editor::open(b).map_err(ApiError::Document)?;
        let doc = e.doc_mut();
        let mut servers = match doc.get("servers") {
            None => vec![Value::Object(Map::new())],
            Some(Value::Array(s)) => s.clone(),
            Some(_) => Vec::new(),
        };
        for s in &mut servers {
            let Some(s) = s.as_object_mut() else {
                return Err(ApiError::Document(
                    "Value of 'servers' item must be a dictionary according to Swagger spec."
                        .into(),
                ));
            };
            let cfg = s
                .entry("x-amazon-apigateway-endpoint-configuration")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(c) = cfg {
                c.insert("disableExecuteApiEndpoint".into(), v.clone());
            }
        }
        doc.insert("servers".into(), Value::Array(servers));
        *b = e.finish();
    }
    if let Some(name) = a.name.as_ref().filter(|n| truthy(n)) {
        let Some(b) = body.as_deref_mut() else {
            return Err(res(
                "Name works only with inline OpenApi specified in the 'DefinitionBody' property.",
            ));
        };
        let title = info_field(b, "title")?;
        if title != Some(json!({"Ref": "AWS::StackName"})) {
            return Err(res("Unable to set Name because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property."));
        }
        let mut e = Editor::open(b).map_err(ApiError::Document)?;
        e.set_info("title", name.clone());
        *b = e.finish();
    }
    if let Some(desc) = a.description.as_ref().filter(|d| truthy(d)) {
        let Some(b) = body.as_deref_mut() else {
            return Err(res("Description works only with inline OpenApi specified in the 'DefinitionBody' property."));
        };
        if info_field(b, "description")?.is_some_and(|d| truthy(&d)) {
            return Err(res("Unable to set Description because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property."));
        }
        let mut e = Editor::open(b).map_err(ApiError::Document)?;
        if !e.info("description").is_some_and(truthy) {
            e.set_info("description", desc.clone());
        }
        *b = e.finish();
    }
    if a.fail_on_warnings.as_ref().is_some_and(truthy) {
        if let Some(Value::Object(paths)) = body.and_then(|b| b.get_mut("paths")) {
            if let Some(v) = paths.shift_remove(DEFAULT_PATH) {
                paths.insert(format!("/{DEFAULT_PATH}"), v);
            }
        }
    }
    Ok(())
}

/// `info.<key>` of a body (SAM's `dict_deep_get`, which rejects a non-map `info`).
fn info_field(body: &Value, key: &str) -> Result<Option<Value>, ApiError> {
    match body.get("info") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(i)) => Ok(i.get(key).cloned()),
        Some(_) => Err(ApiError::Resource(
            "Invalid 'DefinitionBody': The value of 'info' should be a map.".to_string(),
        )),
    }
}

/// `BodyS3Location` from `DefinitionUri` (`s3://bucket/key?versionId=v` or `{Bucket, Key, Version}`).
fn body_s3_location(uri: &Value) -> Result<Value, &'static str> {
    match uri {
        Value::Object(m) => {
            let (Some(b), Some(k)) = (
                m.get("Bucket").filter(|v| truthy(v)),
                m.get("Key").filter(|v| truthy(v)),
            ) else {
                return Err("'DefinitionUri' requires Bucket and Key properties to be specified.");
            };
            let mut out = Map::new();
            out.insert("Bucket".into(), b.clone());
            out.insert("Key".into(), k.clone());
            if let Some(v) = m.get("Version") {
                out.insert("Version".into(), v.clone());
            }
            Ok(Value::Object(out))
        }
        Value::String(s) => {
            let Some((b, k, v)) = super::rest_api::parse_s3_uri(s) else {
                return Err("'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.");
            };
            let mut out = Map::new();
            out.insert("Bucket".into(), b.into());
            out.insert("Key".into(), k.into());
            if let Some(v) = v {
                out.insert("Version".into(), v.into());
            }
            Ok(Value::Object(out))
        }
        _ => Err("'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."),
    }
}
