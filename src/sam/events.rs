//! A function's `Events`: each entry read into a typed event (`Api` and
//! `HttpApi` events become API routes; the rest are read by `event_sources`).

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostic, Diagnostics, Stage};
use crate::model::function::{Event, EventKind};
use crate::model::rest_api::ApiEvent;
use crate::model::value::truthy_opt as truthy;

/// Reads the `Events` map of function `fn_id`.
pub fn read(fn_id: &str, events: &Value, diags: &mut Diagnostics) -> Vec<Event> {
    let cur = Cursor::new(fn_id).at("Events");
    // SAM types `Events` as a map of maps, a check it skips for a one-key
    // map (its test for an intrinsic); such a map's non-map event then fails
    // on Python's `.get`.
    let well_typed = events
        .as_object()
        .is_some_and(|m| m.len() == 1 || m.values().all(Value::is_object));
    if !well_typed {
        Cursor::new(fn_id).plain_error(diags, "Type of property 'Events' is invalid.");
        return Vec::new();
    }
    let Some(events) = cur.map(events, diags) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (event_id, event) in events {
        let ev = cur.at(event_id);
        if !event.is_object() {
            let ty = match event {
                Value::Null => "NoneType",
                Value::Bool(_) => "bool",
                Value::Number(n) if n.is_f64() => "float",
                Value::Number(_) => "int",
                Value::String(_) => "str",
                Value::Array(_) => "list",
                Value::Object(_) => "dict",
            };
            Cursor::new(fn_id).plain_error(
                diags,
                format!(
                    "Event with id [{event_id}] is invalid. '{ty}' object has no attribute 'get'"
                ),
            );
            continue;
        }
        let Some(event) = ev.map(event, diags) else {
            continue;
        };
        let type_ = event.get("Type").and_then(Value::as_str);
        let props = match event.get("Properties") {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            // The implicit API plugins look first: the HTTP one wants a map
            // (even for null), the REST one skips a falsy value.
            Some(_) if type_ == Some("HttpApi") => {
                ev.stage_error(
                    diags,
                    Stage::ImplicitHttpApi,
                    format!("Event with id [{event_id}] is invalid. Properties should be a map."),
                );
                continue;
            }
            Some(p) if type_ == Some("Api") && truthy(Some(p)) => {
                event_error(&ev, event_id, diags, "Properties should be a map.");
                continue;
            }
            // Then the event source SAM builds, under its generated ID, refuses it.
            Some(_) if type_.is_some_and(|t| t == "Api" || super::event_sources::handles(t)) => {
                diags.push(Diagnostic {
                    named: Some(format!("{fn_id}{event_id}").into()),
                    ..Diagnostic::resource(
                        fn_id,
                        ev.at("Properties").path(),
                        "Properties of a resource must be an object.",
                    )
                });
                continue;
            }
            // A type SAM does not know is reported below, before its properties.
            Some(_) => Map::new(),
        };
        match type_ {
            Some("Api") => {
                if let Some(api) = api_event(&ev, event_id, &props, diags) {
                    out.push(Event {
                        id: event_id.clone(),
                        kind: EventKind::Api(api),
                    });
                }
            }
            Some(t) if super::event_sources::handles(t) => {
                if let Some(kind) = super::event_sources::read(fn_id, event_id, t, &props, diags) {
                    out.push(Event {
                        id: event_id.clone(),
                        kind,
                    });
                }
            }
            Some("HttpApi") => {
                if let Some(h) = super::http_api::event(&ev, event_id, &props, diags) {
                    out.push(Event {
                        id: event_id.clone(),
                        kind: EventKind::HttpApi(h),
                    });
                }
            }
            // SAM's event resolver knows no other type.
            Some(other) => ev.plain_error(
                diags,
                format!("Event with id [{event_id}] is invalid. Resource dict has missing or invalid value for key Type. Event Type is: {other}."),
            ),
            None => {
                let shown = match event.get("Type") {
                    None | Some(Value::Null) => "None".to_string(),
                    Some(v) => v.to_string(),
                };
                ev.plain_error(
                    diags,
                    format!("Event with id [{event_id}] is invalid. Resource dict has missing or invalid value for key Type. Event Type is: {shown}."),
                )
            }
        }
    }
    out
}

/// `Api` event properties handed to the REST API expander, with the type
/// SAM's `Api` event source declares for each.
const API_PASSED: &[(&str, &str)] = &[
    ("Auth", "map"),
    ("RequestModel", "map"),
    ("RequestParameters", "list"),
    ("TimeoutInMillis", "int"),
    ("ResponseTransferMode", "string"),
];

/// The properties SAM's `Api` event source types after `Path`, `Method` and
/// `RestApiId` (which its implicit API plugin checks first), in its order.
const API_PASSED_ORDER: &[(&str, &str)] = &[
    ("Stage", "string"),
    ("Auth", "map"),
    ("RequestModel", "map"),
    ("RequestParameters", "list"),
    ("TimeoutInMillis", "int"),
    ("ResponseTransferMode", "string"),
];

/// A problem with one event, worded as SAM words it ("Event with id [X] is invalid. …").
fn event_error(
    ev: &Cursor,
    event_id: &str,
    diags: &mut Diagnostics,
    message: impl std::fmt::Display,
) {
    // SAM's implicit API plugin finds these, before translating anything.
    ev.stage_error(
        diags,
        Stage::ImplicitRestApi,
        format!("Event with id [{event_id}] is invalid. {message}"),
    );
}

/// An `Api` event's properties (SAM's `eventsources.push.Api`), validated as
/// SAM's implicit API plugin validates them.
pub(crate) fn api_event(
    ev: &Cursor,
    event_id: &str,
    props: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<ApiEvent> {
    let before = diags.len();
    let mut string_prop = |key: &str| match props.get(key) {
        None | Some(Value::Null) => {
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
    let path = string_prop("Path");
    let method = string_prop("Method");
    // `RestApiId: MyApi` and `RestApiId: !Ref MyApi` both name the API; any
    // other intrinsic cannot be followed to a resource.
    let rest_api_ref = props.get("RestApiId").filter(|v| !v.is_null()).cloned();
    let rest_api_id = match &rest_api_ref {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => match v.as_object().and_then(|m| m.get("Ref")) {
            Some(Value::String(id)) => Some(id.clone()),
            Some(_) => {
                event_error(
                    ev,
                    event_id,
                    diags,
                    "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.",
                );
                None
            }
            None => {
                event_error(
                    ev,
                    event_id,
                    diags,
                    "Property 'RestApiId' should be a string.",
                );
                None
            }
        },
    };
    // SAM's `Api` event source, built as `<resource><event>` while the
    // resource is translated, refuses an unknown property first, then the
    // first property (in its `property_types` order) of the wrong type; a
    // one-key map passes as a possible intrinsic.
    let source = format!("{}{event_id}", ev.resource());
    // Named by the source's ID, it counts as the resource's problem (SAM
    // translates the event source as part of its function).
    let source_error = |diags: &mut Diagnostics, key: &str, message: String| {
        diags.push(Diagnostic {
            named: Some(source.clone().into()),
            ..Diagnostic::resource(ev.resource(), ev.at(key).path(), message)
        });
    };
    let mut passed = Map::new();
    if let Some(k) = props.keys().find(|k| {
        !matches!(k.as_str(), "Path" | "Method" | "RestApiId" | "Stage")
            && !API_PASSED.iter().any(|(p, _)| p == k)
    }) {
        source_error(
            diags,
            k,
            format!("property {k} not defined for resource of type Api"),
        );
    } else {
        for (k, want) in API_PASSED_ORDER {
            let Some(value) = props.get(*k).filter(|v| !v.is_null()) else {
                continue;
            };
            let ok = value.as_object().is_some_and(|m| m.len() == 1)
                || match *want {
                    "map" => value.is_object(),
                    "list" => value.is_array(),
                    "int" => value.is_i64() || value.is_u64() || value.is_boolean(),
                    _ => value.is_string(),
                };
            if !ok {
                let message = match *want {
                    "map" | "string" => format!("Property '{k}' should be a {want}."),
                    _ => format!("Type of property '{k}' is invalid."),
                };
                source_error(diags, k, message);
                break;
            }
        }
        for (k, _) in API_PASSED {
            if let Some(v) = props.get(*k) {
                passed.insert(k.to_string(), v.clone());
            }
        }
    }
    if diags.len() != before {
        return None;
    }
    let mut properties = passed;
    if let Some(r) = rest_api_ref {
        properties.insert("RestApiId".into(), r);
    }
    Some(ApiEvent {
        rest_api_id,
        path: path?,
        method: method?.to_lowercase(),
        properties,
    })
}
