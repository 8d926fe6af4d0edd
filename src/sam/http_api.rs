//! `AWS::Serverless::HttpApi` properties → [`model::HttpApi`](crate::model::HttpApi),
//! a function's `HttpApi` events → [`HttpApiEvent`], and what SAM's implicit
//! HTTP API plugin does before anything is translated: checking each event's
//! `ApiId`, adding the implicit `ServerlessHttpApi` (with the tags of
//! functions that propagate them), and merging the events' `RouteSettings`
//! into their API's — before `Globals.HttpApi`, as the plugin runs before
//! SAM's globals plugin.

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostic, Diagnostics, Stage};
use crate::model::function::{EventKind, Function};
use crate::model::http_api::{
    HttpApi, HttpApiEvent, ANY_METHOD, DEFAULT_PATH, IMPLICIT_HTTP_API_ID,
};
use crate::model::App;
use crate::template::Expr;

use super::globals::Globals;
use super::props::Props;
use super::reader::Source;

const TYPE: &str = "AWS::Serverless::HttpApi";

/// What each property must be (SAM's `property_types`): intrinsics always pass.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    Map,
    Bool,
    StrOrMap,
    BoolOrMap,
}

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<HttpApi> {
    let before = diags.len();
    let api = read_props(src.id, &src.properties, false, diags);
    (diags.len() == before).then(|| HttpApi {
        attributes: src.attributes.clone(),
        ..api
    })
}

fn read_props(
    id: &str,
    properties: &Map<String, Value>,
    implicit: bool,
    diags: &mut Diagnostics,
) -> HttpApi {
    let mut p = Props::new(id, TYPE, properties);
    let mut typed = |p: &mut Props, key: &'static str, kind: Kind| -> Option<Value> {
        let v = p.get(key)?;
        let ok = Expr::is_intrinsic(v)
            || match kind {
                Kind::Str => v.is_string(),
                Kind::Map => v.is_object(),
                Kind::Bool => v.is_boolean(),
                Kind::StrOrMap => v.is_string() || v.is_object(),
                Kind::BoolOrMap => v.is_boolean() || v.is_object(),
            };
        if ok {
            Some(v.clone())
        } else {
            Cursor::new(id).plain_error(diags, format!("Type of property '{key}' is invalid."));
            None
        }
    };
    let mut a = HttpApi {
        id: id.to_string(),
        implicit,
        ..Default::default()
    };
    a.name = p.pass("Name");
    a.stage_name = typed(&mut p, "StageName", Kind::StrOrMap);
    a.tags = typed(&mut p, "Tags", Kind::Map).and_then(|t| t.as_object().cloned());
    typed(&mut p, "PropagateTags", Kind::Bool);
    a.definition_body = typed(&mut p, "DefinitionBody", Kind::Map);
    a.definition_uri = typed(&mut p, "DefinitionUri", Kind::StrOrMap);
    a.stage_variables = typed(&mut p, "StageVariables", Kind::Map);
    a.cors_configuration = typed(&mut p, "CorsConfiguration", Kind::BoolOrMap);
    a.access_log_settings = typed(&mut p, "AccessLogSettings", Kind::Map);
    a.default_route_settings = typed(&mut p, "DefaultRouteSettings", Kind::Map);
    // An empty `Auth:` is kept: SAM rejects events that set `Auth` against it.
    a.auth = match properties.get("Auth") {
        Some(Value::Null) => {
            p.get("Auth");
            Some(Value::Null)
        }
        _ => typed(&mut p, "Auth", Kind::Map),
    };
    a.route_settings = typed(&mut p, "RouteSettings", Kind::Map);
    a.domain = typed(&mut p, "Domain", Kind::Map);
    a.fail_on_warnings = typed(&mut p, "FailOnWarnings", Kind::Bool);
    a.description = typed(&mut p, "Description", Kind::Str);
    a.disable_execute_api_endpoint = typed(&mut p, "DisableExecuteApiEndpoint", Kind::Bool);
    p.finish(&[], diags);
    a
}

/// A problem with one event, worded as SAM words it ("Event with id [X] is invalid. …").
fn event_error(
    ev: &Cursor,
    event_id: &str,
    diags: &mut Diagnostics,
    message: impl std::fmt::Display,
) {
    // SAM's implicit HTTP API plugin finds these, before translating anything.
    ev.stage_error(
        diags,
        Stage::ImplicitHttpApi,
        format!("Event with id [{event_id}] is invalid. {message}"),
    );
}

/// An `HttpApi` event's properties (SAM's `eventsources.push.HttpApi`),
/// validated as SAM's implicit HTTP API plugin validates them.
pub fn event(
    ev: &Cursor,
    event_id: &str,
    props: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<HttpApiEvent> {
    let before = diags.len();
    let given = |k: &str| props.get(k).filter(|v| !v.is_null());
    let falsy = |k: &str| match given(k) {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Bool(b)) => !b,
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Number(_)) => false,
    };
    // Neither path nor method: the API's `$default` route, for any method.
    let (path, method) = if falsy("Path") && falsy("Method") {
        (Some(DEFAULT_PATH.to_string()), Some(ANY_METHOD.to_string()))
    } else {
        let mut string_prop = |key: &str| match given(key) {
            None => {
                event_error(
                    ev,
                    event_id,
                    diags,
                    format_args!("Property '{key}' is required."),
                );
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                event_error(
                    ev,
                    event_id,
                    diags,
                    format_args!("Property '{key}' should be a string."),
                );
                None
            }
        };
        (string_prop("Path"), string_prop("Method"))
    };
    let api_ref = given("ApiId").cloned();
    let api_id = match &api_ref {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => match v.as_object().and_then(|m| m.get("Ref")) {
            Some(Value::String(id)) => Some(id.clone()),
            _ => {
                event_error(ev, event_id, diags, "Property 'ApiId' should be a string.");
                None
            }
        },
    };
    if props.contains_key("RouteSettings")
        && !props.get("RouteSettings").is_some_and(Value::is_object)
    {
        event_error(
            ev,
            event_id,
            diags,
            "Property 'RouteSettings' should be a map.",
        );
    }
    // SAM's `HttpApi` event source, built as `<function><event>` while the
    // function is translated, refuses an unknown property first, then the
    // first property (in its `property_types` order) of the wrong type; a
    // one-key map passes as a possible intrinsic.
    let source = format!("{}{event_id}", ev.resource());
    const KNOWN: &[&str] = &["Path", "Method", "ApiId", "RouteSettings"];
    const TYPED: &[(&str, &str)] = &[
        ("Stage", "string"),
        ("Auth", "map"),
        ("TimeoutInMillis", "int"),
        ("PayloadFormatVersion", "string"),
    ];
    let unknown = props
        .keys()
        .find(|k| !KNOWN.contains(&k.as_str()) && !TYPED.iter().any(|(t, _)| t == k));
    let problem = match unknown {
        Some(k) => Some((
            k.as_str(),
            format!("property {k} not defined for resource of type HttpApi"),
        )),
        None => TYPED.iter().find_map(|&(k, want)| {
            let v = given(k)?;
            let ok = v.as_object().is_some_and(|m| m.len() == 1)
                || match want {
                    "map" => v.is_object(),
                    "int" => v.is_i64() || v.is_u64() || v.is_boolean(),
                    _ => v.is_string(),
                };
            (!ok).then(|| {
                let message = match want {
                    "int" => format!("Type of property '{k}' is invalid."),
                    _ => format!("Property '{k}' should be a {want}."),
                };
                (k, message)
            })
        }),
    };
    // SAM's plugin has refused the event already when a check above failed.
    if let Some((key, message)) = problem.filter(|_| diags.len() == before) {
        diags.push(Diagnostic {
            named: Some(source.into()),
            ..Diagnostic::resource(ev.resource(), ev.at(key).path(), message)
        });
    }
    if diags.len() != before {
        return None;
    }
    Some(HttpApiEvent {
        api_id,
        api_ref,
        path: path?,
        method: method?,
        auth: given("Auth").cloned(),
        timeout_in_millis: given("TimeoutInMillis").cloned(),
        route_settings: props.get("RouteSettings").cloned(),
        payload_format_version: given("PayloadFormatVersion").cloned(),
    })
}

/// After every resource is read: checks each `HttpApi` event's `ApiId`, merges
/// the events' `RouteSettings` into their APIs, and adds the implicit API.
pub fn finish(
    app: &mut App,
    globals: &Globals,
    resources: &Map<String, Value>,
    unread: &[Function],
    diags: &mut Diagnostics,
) {
    let mut implicit_local = Map::new();
    let mut implicit_needed = false;
    // REST APIs reported for an event's `RouteSettings` (once each, as SAM).
    let mut rest_with_settings: Vec<String> = Vec::new();
    // API ID → its local `RouteSettings` with the events' merged in.
    let mut route_settings: Vec<(String, Map<String, Value>)> = Vec::new();
    for f in app.functions.iter().chain(unread) {
        let raw = resources.get(&f.id).and_then(|r| r.get("Properties"));
        for e in &f.events {
            let EventKind::HttpApi(h) = &e.kind else {
                continue;
            };
            let ev = Cursor::new(&f.id).at("Events").at(&e.id);
            match &h.api_id {
                None => {
                    implicit_needed = true;
                    add_function_tags(&mut implicit_local, raw, globals);
                }
                Some(id) => {
                    let type_ = resources
                        .get(id)
                        .and_then(|r| r.get("Type"))
                        .and_then(Value::as_str);
                    // SAM only asks that the resource exist; on a REST API the
                    // route goes into its body (see `transform::rest_api`).
                    if type_.is_none() {
                        event_error(
                            &ev,
                            &e.id,
                            diags,
                            "ApiId must be a valid reference to an 'AWS::Serverless::HttpApi' resource in same template.",
                        );
                        continue;
                    }
                    // The plugin merges the event's `RouteSettings` into the
                    // API's properties, which a REST API does not have.
                    if type_ == Some("AWS::Serverless::Api")
                        && h.route_settings.as_ref().is_some_and(Value::is_object)
                    {
                        if !rest_with_settings.contains(id) {
                            rest_with_settings.push(id.clone());
                            Cursor::new(id).plain_error(
                                diags,
                                "property RouteSettings not defined for resource of type AWS::Serverless::Api",
                            );
                        }
                        continue;
                    }
                    if type_ != Some(TYPE) {
                        continue;
                    }
                }
            }
            let Some(event_rs) = &h.route_settings else {
                continue;
            };
            let api_id = h.api_id.as_deref().unwrap_or(IMPLICIT_HTTP_API_ID);
            let i = match route_settings.iter().position(|(a, _)| a == api_id) {
                Some(i) => i,
                None => {
                    let local =
                        match local_route_settings(api_id, resources, &implicit_local, diags) {
                            Some(m) => m,
                            None => continue,
                        };
                    route_settings.push((api_id.to_string(), local));
                    route_settings.len() - 1
                }
            };
            let key = if h.method == ANY_METHOD {
                h.path.clone()
            } else {
                format!("{} {}", h.method.to_uppercase(), h.path)
            };
            let event_rs = match &f.attributes.condition {
                Some(c) => serde_json::json!({"Fn::If": [c, event_rs, {"Ref": "AWS::NoValue"}]}),
                None => event_rs.clone(),
            };
            let Some(event_rs) = event_rs.as_object() else {
                continue;
            };
            let Some((_, settings)) = route_settings.get_mut(i) else {
                continue;
            };
            let entry = settings
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = entry {
                for (k, v) in event_rs {
                    m.insert(k.clone(), v.clone());
                }
            }
        }
    }
    for (api_id, local) in route_settings {
        if api_id == IMPLICIT_HTTP_API_ID && !app.http_apis.iter().any(|a| a.id == api_id) {
            implicit_local.insert("RouteSettings".into(), Value::Object(local));
            continue;
        }
        let mut one = Map::new();
        one.insert("RouteSettings".into(), Value::Object(local));
        // The API's own `IgnoreGlobals` still applies.
        let ignore = resources.get(&api_id).and_then(|r| r.get("IgnoreGlobals"));
        let ignore_all = ignore.and_then(Value::as_str) == Some("*");
        let ignored: Vec<String> = ignore
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let merged = globals.merge("HttpApi", &one, &ignored, ignore_all);
        if let Some(a) = app.http_apis.iter_mut().find(|a| a.id == api_id) {
            a.route_settings = merged.get("RouteSettings").cloned();
        }
    }
    if implicit_needed {
        // SAM's generated API replaces one the user declared with its ID.
        app.http_apis.retain(|a| a.id != IMPLICIT_HTTP_API_ID);
        let properties = globals.merge("HttpApi", &implicit_local, &[], false);
        let api = read_props(IMPLICIT_HTTP_API_ID, &properties, true, diags);
        app.http_apis.push(api);
    }
}

/// The API's own `RouteSettings` before `Globals` (SAM's plugin checks it is a map).
fn local_route_settings(
    api_id: &str,
    resources: &Map<String, Value>,
    implicit_local: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<Map<String, Value>> {
    let props = if api_id == IMPLICIT_HTTP_API_ID && !resources.contains_key(api_id) {
        Some(implicit_local)
    } else {
        resources
            .get(api_id)
            .and_then(|r| r.get("Properties"))
            .and_then(Value::as_object)
    };
    match props.and_then(|p| p.get("RouteSettings")) {
        None => Some(Map::new()),
        Some(Value::Object(m)) => Some(m.clone()),
        Some(_) => {
            Cursor::new(api_id).plain_error(diags, "Property 'RouteSettings' should be a map.");
            None
        }
    }
}

/// SAM tags the implicit API with the tags of functions that propagate them
/// (the function's own `Tags`/`PropagateTags`, else those in `Globals.Function`).
fn add_function_tags(implicit: &mut Map<String, Value>, raw: Option<&Value>, globals: &Globals) {
    let global = globals.section("Function");
    let pick = |k: &str| {
        raw.and_then(|p| p.get(k))
            .filter(|v| truthy(v))
            .or_else(|| global.and_then(|g| g.get(k)).filter(|v| truthy(v)))
    };
    let (Some(Value::Object(tags)), Some(_)) = (pick("Tags"), pick("PropagateTags")) else {
        return;
    };
    let entry = implicit
        .entry("Tags")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(m) = entry {
        for (k, v) in tags {
            m.insert(k.clone(), v.clone());
        }
    }
    implicit.insert("PropagateTags".into(), Value::Bool(true));
}

fn truthy(v: &Value) -> bool {
    crate::model::value::truthy(v)
}
