//! A function's `Events`: each entry read into a typed event. `Api` events
//! become routes on a REST API; other event types are not supported yet.

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::function::{Event, EventKind};
use crate::model::rest_api::ApiEvent;
use crate::template::Expr;

/// Reads the `Events` map of function `fn_id`.
pub fn read(fn_id: &str, events: &Value, diags: &mut Diagnostics) -> Vec<Event> {
    let cur = Cursor::new(fn_id).at("Events");
    let Some(events) = cur.map(events, diags) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (event_id, event) in events {
        let ev = cur.at(event_id);
        let Some(event) = ev.map(event, diags) else {
            continue;
        };
        let props = match event.get("Properties") {
            None | Some(Value::Null) => Map::new(),
            Some(p) => match ev.at("Properties").map(p, diags) {
                Some(m) => m.clone(),
                None => continue,
            },
        };
        match event.get("Type").and_then(Value::as_str) {
            Some("Api") => {
                if let Some(api) = api_event(&ev, &props, diags) {
                    out.push(Event {
                        id: event_id.clone(),
                        kind: EventKind::Api(api),
                    });
                }
            }
            Some(other) => ev.at("Type").error(
                diags,
                format_args!("'{other}' is not supported by stackwright yet."),
            ),
            None => ev
                .at("Type")
                .error(diags, "is required and must be a string."),
        }
    }
    out
}

/// An `Api` event's properties (SAM's `eventsources.push.Api`).
fn api_event(ev: &Cursor, props: &Map<String, Value>, diags: &mut Diagnostics) -> Option<ApiEvent> {
    let p = ev.at("Properties");
    let path = match props.get("Path") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            p.at("Path").error(diags, "should be a string.");
            None
        }
        None => {
            p.at("Path").error(diags, "is required.");
            None
        }
    };
    let method = match props.get("Method") {
        Some(Value::String(s)) => Some(s.to_lowercase()),
        Some(_) => {
            p.at("Method").error(diags, "should be a string.");
            None
        }
        None => {
            p.at("Method").error(diags, "is required.");
            None
        }
    };
    let rest_api_id = match props.get("RestApiId") {
        None | Some(Value::Null) => None,
        Some(v) => match Expr::parse(v) {
            Some(Expr::Ref(id)) => Some(id),
            _ => {
                p.at("RestApiId").error(
                    diags,
                    "should be a Ref to an AWS::Serverless::Api resource in this template.",
                );
                return None;
            }
        },
    };
    let mut rest = props.clone();
    for k in ["Path", "Method", "RestApiId"] {
        rest.shift_remove(k);
    }
    Some(ApiEvent {
        rest_api_id,
        path: path?,
        method: method?,
        properties: rest,
    })
}
