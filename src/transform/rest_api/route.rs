//! Pass 3 for one `Api` event (SAM's `Api.to_cloudformation`): its Lambda
//! permission and, on a body SAM manages or merges (`_add_swagger_integration`,
//! `add_auth_to_swagger`), the Lambda integration, then the event's `Auth`,
//! `TimeoutInMillis`, `RequestModel` and `RequestParameters`, all in one
//! editing session.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostic};
use crate::model::rest_api::{ApiEvent, RestApi, IMPLICIT_REST_API_ID};
use crate::model::App;
use crate::template::Expr;

use super::super::openapi::{self, Editor, RequestParameter};
use super::super::py27::{Py, PyDict, PyStr};
use super::super::{permissions, Context, Output};
use super::{api, Body, Owner, Route, Target};

/// Why SAM rejects an event's route.
pub(super) enum RouteError {
    /// "Event with id [E] is invalid. …", on the function.
    Event(String),
    /// "Resource with id [R] is invalid. …", on another resource (the API, or the event ID itself).
    Resource(String, String),
    /// A problem with the document.
    Document(String),
}

impl From<String> for RouteError {
    fn from(m: String) -> Self {
        RouteError::Document(m)
    }
}

fn present<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a Value> {
    m.get(k).filter(|v| !v.is_null())
}

/// What one route needs to know about its API and event.
pub(super) struct RouteInput<'a> {
    pub api: &'a RestApi,
    /// The API's `Auth` with parameter references resolved (for validation).
    pub api_auth_resolved: Option<&'a Value>,
    pub event_id: &'a str,
    pub event: &'a ApiEvent,
    /// The stage the permission names (`Prod`, the stage name, or `Stage`).
    pub stage: Py,
    pub uri: Py,
    pub condition: Option<Py>,
    pub partition: &'a str,
}

/// `_generate_integration_credentials` for `AWS_IAM` methods.
fn credentials(
    method_auth: &Map<String, Value>,
    api_auth: &Map<String, Value>,
    partition: &str,
) -> Option<Py> {
    let iam = method_auth.get("Authorizer").and_then(Value::as_str) == Some("AWS_IAM")
        || (api_auth.get("DefaultAuthorizer").and_then(Value::as_str) == Some("AWS_IAM")
            && method_auth.is_empty());
    if !iam {
        return None;
    }
    let role = |m: &Map<String, Value>| match m.get("InvokeRole") {
        Some(v) if truthy(v) => Some(Py::from_user(v)),
        Some(_) => Some(Py::lit("NONE")),
        None => None,
    };
    let chosen = role(method_auth)
        .filter(openapi::truthy)
        .or_else(|| role(api_auth));
    let creds = match chosen {
        Some(r) if openapi::truthy(&r) && r.as_str() != Some("CALLER_CREDENTIALS") => r,
        _ => Py::lit(&format!("arn:{partition}:iam::*:user/*")),
    };
    (creds.as_str() != Some("NONE")).then_some(creds)
}

/// The edits for one route, on an open editor.
pub(super) fn edit(e: &mut Editor, r: &RouteInput) -> Result<(), RouteError> {
    let ev = r.event;
    let method = PyStr::uni(&ev.method);
    let path = PyStr::uni(&ev.path);
    if e.has_integration(&path.text, &method)? {
        return Err(RouteError::Event(format!(
            "API method \"{}\" defined multiple times for path \"{}\".",
            method.text, path.text
        )));
    }
    let empty = Map::new();
    let method_auth = match ev.properties.get("Auth") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => return Err(RouteError::Event("Property 'Auth' should be a map.".into())),
    };
    let api_auth = match &r.api.auth {
        None => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(RouteError::Resource(
                r.api.id.clone(),
                "Property 'Auth' should be a map.".into(),
            ))
        }
    };
    let mut extra: Vec<(&str, Py)> = Vec::new();
    if ev
        .properties
        .get("ResponseTransferMode")
        .and_then(Value::as_str)
        == Some("RESPONSE_STREAM")
    {
        extra.push(("responseTransferMode", Py::lit("STREAM")));
    }
    if let Some(c) = credentials(method_auth, api_auth, r.partition) {
        extra.push(("credentials", c));
    }
    e.add_lambda_integration(&path, &method, r.uri.clone(), r.condition.as_ref(), &extra)?;
    if !method_auth.is_empty() {
        add_auth(e, method_auth, r)?;
    }
    if let Some(t) = ev.properties.get("TimeoutInMillis").filter(|t| truthy(t)) {
        e.add_timeout(&path.text, &method.text, &Py::from_user(t))?;
    }
    if let Some(model) = ev.properties.get("RequestModel").filter(|m| truthy(m)) {
        request_model(e, model, r)?;
    }
    if let Some(params) = ev.properties.get("RequestParameters").filter(|p| truthy(p)) {
        let parsed = request_parameters(params)?;
        e.add_request_parameters(&path.text, &method.text, &parsed)?;
    }
    Ok(())
}

/// `Api.add_auth_to_swagger`.
pub(super) fn add_auth(
    e: &mut Editor,
    event_auth: &Map<String, Value>,
    r: &RouteInput,
) -> Result<(), RouteError> {
    let (method, path) = (&r.event.method, &r.event.path);
    let api_auth = r.api_auth_resolved.and_then(Value::as_object);
    let authorizer = present(event_auth, "Authorizer").filter(|a| truthy(a));
    if let Some(auth) = authorizer {
        let shown = openapi::py_str(&Py::from_user(auth));
        let api_authorizers = api_auth
            .and_then(|a| present(a, "Authorizers"))
            .filter(|a| truthy(a));
        if api_authorizers.is_some_and(|a| !a.is_object()) {
            return Err(RouteError::Resource(
                r.api.id.clone(),
                "Property 'Auth.Authorizers' should be a map.".into(),
            ));
        }
        match auth.as_str() {
            Some("AWS_IAM") => {}
            Some("NONE") => {
                if !api_auth.is_some_and(|a| present(a, "DefaultAuthorizer").is_some_and(truthy)) {
                    return Err(RouteError::Event(format!(
                        "Unable to set Authorizer on API method [{method}] for path [{path}] because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified."
                    )));
                }
            }
            name => {
                let Some(authorizers) = api_authorizers else {
                    return Err(RouteError::Event(format!(
                        "Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}] because the related API does not define any Authorizers."
                    )));
                };
                let (Some(name), Some(m)) = (name, authorizers.as_object()) else {
                    return Err(RouteError::Event(format!(
                        "Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}]. The method authorizer must be a string with a corresponding dict entry in the api authorizer."
                    )));
                };
                if !m.get(name).is_some_and(truthy) {
                    return Err(RouteError::Event(format!(
                        "Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}] because it wasn't defined in the API's Authorizers."
                    )));
                }
            }
        }
    }
    if let Some(scopes) = present(event_auth, "AuthorizationScopes").filter(|s| truthy(s)) {
        if !scopes.is_array() {
            return Err(RouteError::Event(
                "Property 'Auth.AuthorizationScopes' should be a list.".into(),
            ));
        }
        if authorizer.is_none() {
            return Err(RouteError::Event(
                "AuthorizationScopes works only when Authorizer is set".into(),
            ));
        }
    }
    let api_key = present(event_auth, "ApiKeyRequired");
    if api_key.is_some_and(|k| !truthy(k))
        && !api_auth.is_some_and(|a| present(a, "ApiKeyRequired").is_some_and(truthy))
    {
        return Err(RouteError::Event(format!(
            "Unable to set ApiKeyRequired [False] on API method [{method}] for path [{path}] because the related API does not specify any ApiKeyRequired."
        )));
    }
    if authorizer.is_some() || api_key.is_some() {
        // `add_auth_to_method` reads the API's authorizers as written.
        let raw_authorizers = r
            .api
            .auth
            .as_ref()
            .and_then(Value::as_object)
            .and_then(|a| present(a, "Authorizers"))
            .map(Py::from_user);
        if let Some(name) = authorizer.and_then(Value::as_str) {
            let scopes = present(event_auth, "AuthorizationScopes").map(Py::from_user);
            e.set_method_authorizer(
                path,
                method,
                &PyStr::uni(name),
                raw_authorizers.as_ref(),
                scopes.as_ref(),
            )?;
        }
        if let Some(k) = api_key {
            e.set_method_apikey(path, method, truthy(k))?;
        }
    }
    if let Some(policy) = present(event_auth, "ResourcePolicy").filter(|p| truthy(p)) {
        if !policy.is_object() {
            return Err(RouteError::Resource(
                r.event_id.to_string(),
                "Property 'Auth.ResourcePolicy' should be a map.".into(),
            ));
        }
        let policy = Py::from_user(policy);
        e.add_resource_policy(&policy, &PyStr::uni(path), &r.stage)?;
        if let Some(custom) = policy
            .as_dict()
            .and_then(|d| d.get("CustomStatements"))
            .filter(|c| openapi::truthy(c))
        {
            e.add_custom_statements(custom);
        }
    }
    Ok(())
}

fn request_model(e: &mut Editor, model: &Value, r: &RouteInput) -> Result<(), RouteError> {
    let (method, path) = (&r.event.method, &r.event.path);
    let Some(m) = model.as_object() else {
        return Err(RouteError::Event(
            "Property 'RequestModel' should be a map.".into(),
        ));
    };
    let Some(name) = present(m, "Model").filter(|v| truthy(v)) else {
        return Ok(());
    };
    let shown = openapi::py_str(&Py::from_user(name));
    let unable = |why: &str| {
        RouteError::Event(format!(
            "Unable to set RequestModel [{shown}] on API method [{method}] for path [{path}] {why}"
        ))
    };
    let Some(models) = r.api.models.as_ref().filter(|v| truthy(v)) else {
        return Err(unable(
            "because the related API does not define any Models.",
        ));
    };
    if !models.is_object() && !Expr::is_intrinsic(models) {
        return Err(unable(
            "because the related API Models defined is of invalid type.",
        ));
    }
    let Some(name) = name.as_str() else {
        return Err(unable(
            "because the related API does not contain valid Models.",
        ));
    };
    if !models.get(name).is_some_and(truthy) {
        return Err(unable("because it wasn't defined in the API's Models."));
    }
    let required = present(m, "Required").map(Py::from_user);
    e.add_request_model(path, method, &PyStr::uni(name), required.as_ref())?;
    let body = present(m, "ValidateBody");
    let params = present(m, "ValidateParameters");
    if body.is_some() || params.is_some() {
        let as_bool = |v: Option<&Value>| match v {
            None => Some(false),
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => None,
        };
        let (Some(b), Some(p)) = (as_bool(body), as_bool(params)) else {
            return Err(RouteError::Event(format!(
                "Unable to set Validator to RequestModel [{shown}] on API method [{method}] for path [{path}] ValidateBody and ValidateParameters must be a boolean type, strings or intrinsics are not supported."
            )));
        };
        e.add_request_validator(path, method, b, p)?;
    }
    Ok(())
}

/// An event's `RequestParameters`: names (`method.request.header.X`) or
/// single-key maps of a name to `{Required, Caching}`.
fn request_parameters(v: &Value) -> Result<Vec<RequestParameter>, RouteError> {
    let bad_name = || {
        RouteError::Event("Invalid value for 'RequestParameters' property. Keys must be in the format 'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'.".into())
    };
    let valid_name = |n: &str| {
        ["querystring", "path", "header"]
            .iter()
            .any(|l| n.starts_with(&format!("method.request.{l}.")))
    };
    let Some(list) = v.as_array() else {
        return Err(RouteError::Event(
            "Property 'RequestParameters' should be a list.".into(),
        ));
    };
    let mut out = Vec::new();
    for p in list {
        match p {
            Value::String(name) => {
                if !valid_name(name) {
                    return Err(bad_name());
                }
                out.push(RequestParameter {
                    name: PyStr::uni(name),
                    required: Py::Bool(false),
                    caching: false,
                });
            }
            Value::Object(m) => {
                let Some((name, settings)) = m.iter().next() else {
                    return Err(RouteError::Event("Invalid value for 'RequestParameters' property. Property must be either a string or an object".into()));
                };
                if !valid_name(name) {
                    return Err(bad_name());
                }
                let Some(s) = settings
                    .as_object()
                    .filter(|s| s.keys().all(|k| k == "Required" || k == "Caching"))
                else {
                    return Err(RouteError::Event("Invalid value for 'RequestParameters' property. Values must be an object, e.g { Required: true, Caching: false }".into()));
                };
                out.push(RequestParameter {
                    name: PyStr::uni(name),
                    required: s.get("Required").map(Py::from_user).unwrap_or(Py::Bool(false)),
                    caching: s.get("Caching").is_some_and(truthy),
                });
            }
            _ => {
                return Err(RouteError::Event("Invalid value for 'RequestParameters' property. Property must be either a string or an object".into()))
            }
        }
    }
    Ok(out)
}

/// Pass 3 for one event: its permission, and its integration in a managed body.
pub(super) fn add_route(
    r: &Route,
    app: &App,
    apis: &BTreeMap<&str, &RestApi>,
    bodies: &mut BTreeMap<&str, Body>,
    ctx: &Context,
    out: &mut Output,
) {
    let super::Owner::Function(f) = r.owner else {
        return;
    };
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
    let target = super::super::function::invoke_target_id(f, ctx, out);
    let (pid, perm) = permissions::api_permission(
        f,
        &target,
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
    let Some(api) = apis.get(api_id.as_str()) else {
        return;
    };
    let Some(body) = bodies.get_mut(api_id.as_str()) else {
        return;
    };
    let stage = match &api.stage_name {
        Some(Value::String(s)) if !api.implicit => Py::uni(s),
        _ => Py::lit(&suffix),
    };
    let resolved = api
        .auth
        .as_ref()
        .map(|v| api::resolve_parameter_refs(v, app, ctx));
    let streaming = r
        .event
        .properties
        .get("ResponseTransferMode")
        .and_then(Value::as_str)
        == Some("RESPONSE_STREAM");
    let input = RouteInput {
        api,
        api_auth_resolved: resolved.as_ref(),
        event_id: r.event_id,
        event: r.event,
        stage,
        uri: integration_uri(&f.id, &target, ctx.partition(), streaming),
        condition: f.attributes.condition.as_ref().map(Py::from_user),
        partition: ctx.partition(),
    };
    let report = |e: RouteError, out: &mut Output| match e {
        RouteError::Event(m) => Cursor::new(&f.id).at("Events").at(r.event_id).plain_error(
            &mut out.diags,
            format!("Event with id [{}] is invalid. {m}", r.event_id),
        ),
        RouteError::Resource(id, m) => Cursor::new(id).plain_error(&mut out.diags, m),
        RouteError::Document(m) => out.diags.push(Diagnostic::document("", m)),
    };
    if body.managed {
        let Some(doc) = &body.doc else {
            return;
        };
        let result = Editor::open(doc)
            .map_err(RouteError::Document)
            .and_then(|mut e| {
                edit(&mut e, &input)?;
                Ok(e.finish())
            });
        match result {
            Ok(d) => body.doc = Some(d),
            Err(e) => return report(e, out),
        }
    } else if api.merge_definitions {
        // The event's method is built in a fresh skeleton, then merged into the user's body.
        let Some(doc) = &mut body.doc else {
            return;
        };
        let result = Editor::open(&openapi::skeleton())
            .map_err(RouteError::Document)
            .and_then(|mut e| {
                edit(&mut e, &input)?;
                Ok(e.finish())
            });
        match result {
            Ok(generated) => {
                if let Err(m) = merge_method(doc, &generated, &r.event.path, &r.event.method) {
                    return report(RouteError::Resource(api.id.clone(), m), out);
                }
            }
            Err(e) => return report(e, out),
        }
    }
    // `OverrideApiAuth` applies the event's auth to any inline body, managed or not.
    let auth = r.event.properties.get("Auth").and_then(Value::as_object);
    let Some(auth) = auth.filter(|a| a.get("OverrideApiAuth").is_some_and(truthy)) else {
        return;
    };
    let Some(doc) = body.doc.as_ref().filter(|d| openapi::truthy(d)) else {
        return;
    };
    if !["Authorizer", "ApiKeyRequired", "ResourcePolicy"]
        .iter()
        .any(|k| auth.get(*k).is_some_and(truthy))
    {
        return report(
            RouteError::Event("Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the OverrideApiAuth property.".into()),
            out,
        );
    }
    let result = Editor::open(doc)
        .map_err(RouteError::Document)
        .and_then(|mut e| {
            add_auth(&mut e, auth, &input)?;
            Ok(e.finish())
        });
    match result {
        Ok(d) => body.doc = Some(d),
        Err(e) => report(e, out),
    }
}

/// Pass 3 for a state machine's `Api` event (SAM's
/// `stepfunctions.events.Api._add_swagger_integration`): on a body SAM
/// manages, an `aws` integration calling `StartExecution` with the event's
/// role and a request template naming the state machine, then the event's
/// `Auth`. Its problems are the event's own, not wrapped in the resource's.
pub(super) fn add_state_machine_route(
    r: &Route,
    app: &App,
    apis: &BTreeMap<&str, &RestApi>,
    bodies: &mut BTreeMap<&str, Body>,
    ctx: &Context,
    out: &mut Output,
) {
    let Owner::StateMachine(sm, unescape) = r.owner else {
        return;
    };
    let Target::Api(api_id) = &r.target else {
        return;
    };
    let (Some(api), Some(body)) = (apis.get(api_id.as_str()), bodies.get_mut(api_id.as_str()))
    else {
        return;
    };
    if !body.managed {
        return;
    }
    let Some(doc) = &body.doc else {
        return;
    };
    let target = crate::transform::state_machine::event_target_id(sm);
    let role_id = format!("{}{}Role", sm.id, r.event_id);
    let mut credentials = PyDict::plain();
    credentials.set(
        PyStr::lit("Fn::GetAtt"),
        Py::List(vec![Py::lit(&role_id), Py::lit("Arn")]),
    );
    let template = if unescape {
        format!(
            r#"{{"input": "$util.escapeJavaScript($input.json('$')).replaceAll("\\'","'")", "stateMachineArn": "${{{target}}}"}}"#
        )
    } else {
        format!(
            r#"{{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "${{{target}}}"}}"#
        )
    };
    let sub = |text: &str| {
        let mut d = PyDict::plain();
        d.set(PyStr::lit("Fn::Sub"), Py::lit(text));
        Py::Dict(d)
    };
    let mut templates = PyDict::plain();
    templates.set(PyStr::lit("application/json"), sub(&template));
    let uri = sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution");
    let resolved = api
        .auth
        .as_ref()
        .map(|v| api::resolve_parameter_refs(v, app, ctx));
    let stage = match r.event.properties.get("Stage") {
        Some(v) => Py::from_user(v),
        None => Py::None,
    };
    let input = RouteInput {
        api,
        api_auth_resolved: resolved.as_ref(),
        event_id: r.event_id,
        event: r.event,
        stage,
        uri: uri.clone(),
        condition: sm.attributes.condition.as_ref().map(Py::from_user),
        partition: ctx.partition(),
    };
    let method = PyStr::uni(&r.event.method);
    let path = PyStr::uni(&r.event.path);
    let result = Editor::open(doc)
        .map_err(RouteError::Document)
        .and_then(|mut e| {
            if e.has_integration(&path.text, &method)? {
                return Err(RouteError::Event(format!(
                    "API method \"{}\" defined multiple times for path \"{}\".",
                    method.text, path.text
                )));
            }
            e.add_state_machine_integration(
                &path,
                &method,
                uri.clone(),
                Py::Dict(credentials),
                Py::Dict(templates),
                input.condition.as_ref(),
            )?;
            if let Some(auth) = r
                .event
                .properties
                .get("Auth")
                .and_then(Value::as_object)
                .filter(|a| !a.is_empty())
            {
                add_auth(&mut e, auth, &input)?;
            }
            Ok(e.finish())
        });
    match result {
        Ok(d) => body.doc = Some(d),
        Err(RouteError::Event(m)) => out.diags.push(Diagnostic::bare(
            sm.id.clone(),
            format!("Events.{}", r.event_id),
            format!("Event with id [{}] is invalid. {m}", r.event_id),
        )),
        Err(RouteError::Resource(id, m)) => Cursor::new(id).plain_error(&mut out.diags, m),
        Err(RouteError::Document(m)) => out.diags.push(Diagnostic::document("", m)),
    }
}

/// `Api._get_merged_definitions`: the generated method's keys win over the
/// user's; the method is stored under the event's method name as written
/// (lower-cased), in a plain dict.
fn merge_method(doc: &mut Py, generated: &Py, path: &str, method: &str) -> Result<(), String> {
    let normalized = openapi::normalize_method(&PyStr::uni(method));
    let generated = generated
        .as_dict()
        .and_then(|d| d.get("paths"))
        .and_then(Py::as_dict)
        .and_then(|p| p.get(path))
        .and_then(Py::as_dict)
        .and_then(|p| p.get(&normalized.text))
        .cloned()
        .unwrap_or(Py::None);
    let Some(paths) = doc
        .as_dict_mut()
        .and_then(|d| d.get_mut("paths"))
        .filter(|p| openapi::truthy(p))
    else {
        // SAM merges into a fresh `{}` it then drops.
        return Ok(());
    };
    let Some(paths) = paths.as_dict_mut() else {
        return Err(
            "Property 'DefinitionBody' is invalid: The value of 'paths' should be a map.".into(),
        );
    };
    let existing = match paths.get(path) {
        None | Some(Py::None) => None,
        Some(Py::Dict(item)) => item.get(method).cloned(),
        Some(_) => {
            return Err(format!(
                "Property 'DefinitionBody' is invalid: The value of '{path}' should be a map."
            ))
        }
    };
    let mut merged = PyDict::plain();
    match existing {
        None | Some(Py::None) => {}
        Some(Py::Dict(d)) => {
            for (k, v) in d.items() {
                merged.set(k.clone(), v.clone());
            }
        }
        Some(_) => {
            return Err(format!(
                "Property 'DefinitionBody.paths.{path}.{method}' should be a map."
            ))
        }
    }
    if let Some(g) = generated.as_dict() {
        for (k, v) in g.items() {
            merged.set(k.clone(), v.clone());
        }
    }
    if !paths.contains(path) {
        let mut item = PyDict::plain();
        item.set(PyStr::uni(method), Py::Dict(merged.clone()));
        paths.set(PyStr::uni(path), Py::Dict(item));
    }
    if let Some(Py::Dict(item)) = paths.get_mut(path) {
        item.set(PyStr::uni(method), Py::Dict(merged));
    }
    Ok(())
}

fn truthy(v: &Value) -> bool {
    openapi::truthy(&Py::from_user(v))
}

/// SAM's `_build_apigw_integration_uri`:
/// `Py27Dict(fnSub("arn:<partition>:apigateway:…/functions/${Fn.Arn}/invocations"))`.
fn integration_uri(function_id: &str, target: &str, partition: &str, streaming: bool) -> Py {
    // Response streaming has its own API version and path.
    let (version, tail) = if streaming {
        ("2021-11-15", "response-streaming-invocations")
    } else {
        ("2015-03-31", "invocations")
    };
    // An alias is `${Alias}` (its ARN is its Ref) and a plain string: SAM marks
    // the text as a template string only when it came from `GetAtt` on the function.
    let (arn, uni) = if target == function_id {
        (format!("{function_id}.Arn"), true)
    } else {
        (target.to_string(), false)
    };
    let text = format!(
        "arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/{version}/functions/${{{arn}}}/{tail}"
    );
    let mut d = PyDict::py27();
    d.set(PyStr::lit("Fn::Sub"), Py::Str(PyStr { text, uni }));
    Py::Dict(d)
}
