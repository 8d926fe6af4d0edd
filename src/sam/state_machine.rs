//! `AWS::Serverless::StateMachine` properties → [`model::StateMachine`](crate::model::StateMachine).
//!
//! Mirrors SAM's `SamStateMachine` property types (and their messages) and
//! the checks of its `StateMachineGenerator` that need no other resource:
//! `Definition` or `DefinitionUri` (not both, one required), `Role` or
//! `Policies` (not both), and the event sources a state machine accepts
//! (`Api`, `Schedule`, `ScheduleV2`, `CloudWatchEvent`, `EventBridgeRule`).

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::state_machine::{
    StateMachine, StateMachineApiEvent, StateMachineEvent, StateMachineEventKind,
};
use crate::model::value::truthy;
use crate::template::Expr;

use super::props::Props;
use super::reader::Source;
use crate::model::s3_uri;

const TYPE: &str = "AWS::Serverless::StateMachine";

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<StateMachine> {
    let before = diags.len();
    let id = src.id;
    let mut p = Props::new(id, TYPE, &src.properties);
    let cur = Cursor::new(id);
    let mut sm = StateMachine {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        ..Default::default()
    };
    // Type checks, in SAM's property order.
    sm.definition = p.map_like("Definition", diags);
    if let Some(v) = p.get("DefinitionUri") {
        if v.is_string() || v.is_object() {
            sm.definition_uri = Some(v.clone());
        } else {
            invalid_type(&cur, "DefinitionUri", diags);
        }
    }
    sm.logging = p.map_like("Logging", diags);
    sm.role = p.string_like("Role", diags);
    sm.role_path = p.pass("RolePath");
    sm.definition_substitutions = p.map_like("DefinitionSubstitutions", diags);
    let events = p.get("Events");
    if let Some(v) = events {
        let ok = Expr::is_intrinsic(v)
            || v.as_object()
                .is_some_and(|m| m.values().all(Value::is_object));
        if !ok {
            invalid_type(&cur, "Events", diags);
        }
    }
    sm.name = p.string_like("Name", diags);
    sm.type_ = p.string_like("Type", diags);
    if let Some(tags) = p.map_like("Tags", diags) {
        sm.tags = tags.as_object().cloned();
    }
    if let Some(v) = p.get("PropagateTags") {
        match v {
            Value::Bool(b) => sm.propagate_tags = *b,
            _ if Expr::is_intrinsic(v) => {}
            _ => p.at("PropagateTags").error(diags, "should be a boolean."),
        }
    }
    if let Some(v) = p.get("Policies") {
        let ok = v.is_string()
            || Expr::is_intrinsic(v)
            || v.as_array()
                .is_some_and(|a| a.iter().all(|x| x.is_string() || x.is_object()));
        if ok {
            sm.policies = super::policies::read(id, v, diags);
        } else {
            invalid_type(&cur, "Policies", diags);
        }
    }
    sm.tracing = p.map_like("Tracing", diags);
    sm.permissions_boundary = p.string_like("PermissionsBoundary", diags);
    sm.auto_publish_alias = p.pass("AutoPublishAlias");
    sm.deployment_preference = p.pass("DeploymentPreference");
    if let Some(v) = p.get("UseAliasAsEventTarget") {
        match v {
            Value::Bool(b) => sm.use_alias_as_event_target = Some(*b),
            _ => p
                .at("UseAliasAsEventTarget")
                .error(diags, "should be a boolean."),
        }
    }
    p.finish(&[], diags);

    // What SAM's generator checks.
    let has_definition = truthy_opt(sm.definition.as_ref());
    if has_definition && truthy_opt(sm.definition_uri.as_ref()) {
        cur.plain_error(
            diags,
            "Specify either 'Definition' or 'DefinitionUri' property and not both.",
        );
    } else if !has_definition {
        match &sm.definition_uri {
            Some(uri) if truthy(uri) => {
                if let Some(l) = s3_uri::read_location(&cur, "DefinitionUri", uri, diags) {
                    let mut m = serde_json::Map::new();
                    m.insert("Bucket".into(), l.bucket);
                    m.insert("Key".into(), l.key);
                    // The map form keeps a `Version` key as written; the URI form only a given one.
                    let version = match uri {
                        Value::Object(o) => o.get("Version").cloned(),
                        _ => l.version,
                    };
                    if let Some(v) = version {
                        m.insert("Version".into(), v);
                    }
                    sm.definition_s3_location = Some(Value::Object(m));
                }
            }
            _ => cur.plain_error(
                diags,
                "Either 'Definition' or 'DefinitionUri' property must be specified.",
            ),
        }
    }
    if truthy_opt(sm.role.as_ref()) && !sm.policies.is_empty() {
        cur.plain_error(
            diags,
            "Specify either 'Role' or 'Policies' (but not both at the same time) or neither of them",
        );
    }
    if sm.use_alias_as_event_target == Some(true) && !truthy_opt(sm.auto_publish_alias.as_ref()) {
        cur.plain_error(
            diags,
            "'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be specified.",
        );
    } else if !truthy_opt(sm.auto_publish_alias.as_ref())
        && truthy_opt(sm.deployment_preference.as_ref())
    {
        cur.plain_error(
            diags,
            "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.",
        );
    }
    if let Some(Value::Object(events)) = events {
        sm.events = read_events(id, events, diags);
    }
    (diags.len() == before).then_some(sm)
}

fn truthy_opt(v: Option<&Value>) -> bool {
    v.is_some_and(truthy)
}

/// SAM's message for a property whose validator has no named type.
fn invalid_type(cur: &Cursor, key: &str, diags: &mut Diagnostics) {
    cur.plain_error(diags, format!("Type of property '{key}' is invalid."));
}

/// Each entry of `Events`, by the event source classes a state machine resolves.
fn read_events(
    id: &str,
    events: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Vec<StateMachineEvent> {
    let cur = Cursor::new(id).at("Events");
    let mut out = Vec::new();
    for (event_id, event) in events {
        let ev = cur.at(event_id);
        let Some(event) = event.as_object() else {
            continue;
        };
        let props = match event.get("Properties") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => {
                ev.plain_error(
                    diags,
                    format!("Event with id [{event_id}] is invalid. Properties must be a map."),
                );
                continue;
            }
        };
        let type_ = event.get("Type").and_then(Value::as_str);
        let kind = match type_ {
            Some("Api") => {
                api_event(&ev, id, event_id, &props, diags).map(StateMachineEventKind::Api)
            }
            Some(t @ ("Schedule" | "ScheduleV2" | "CloudWatchEvent" | "EventBridgeRule")) => {
                super::event_sources::read_state_machine(id, event_id, t, &props, diags)
            }
            Some(t) => {
                ev.plain_error(
                    diags,
                    format!("Event with id [{event_id}] is invalid. Resource dict has missing or invalid value for key Type. Event Type is: {t}."),
                );
                None
            }
            None => {
                let shown = match event.get("Type") {
                    None | Some(Value::Null) => "None".to_string(),
                    Some(v) => v.to_string(),
                };
                ev.plain_error(
                    diags,
                    format!(
                        "Event with id [{event_id}] is invalid. Resource dict has missing or invalid value for key Type. Event Type is: {shown}."
                    ),
                );
                None
            }
        };
        if let Some(kind) = kind {
            out.push(StateMachineEvent {
                id: event_id.clone(),
                kind,
            });
        }
    }
    out
}

/// Properties of a state machine's `Api` event (SAM's `stepfunctions.events.Api`).
const API_PROPERTIES: &[&str] = &[
    "Path",
    "Method",
    "RestApiId",
    "Stage",
    "Auth",
    "UnescapeMappingTemplate",
];

/// `Type: Api`: the implicit API plugin's checks (shared with functions),
/// then the event class's own property types, reported against the
/// generated ID `<StateMachine><Event>` as SAM reports them.
fn api_event(
    ev: &Cursor,
    sm_id: &str,
    event_id: &str,
    props: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<StateMachineApiEvent> {
    let generated = Cursor::new(format!("{sm_id}{event_id}"));
    for key in props.keys() {
        if !API_PROPERTIES.contains(&key.as_str()) {
            generated.plain_error(
                diags,
                format!("property {key} not defined for resource of type Api"),
            );
            return None;
        }
    }
    let mut shared = props.clone();
    let unescape = shared.shift_remove("UnescapeMappingTemplate");
    let api = super::events::api_event(ev, event_id, &shared, diags)?;
    let unescape_mapping_template = match unescape {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => b,
        Some(_) => {
            invalid_type(&generated, "UnescapeMappingTemplate", diags);
            return None;
        }
    };
    if let Some(auth) = props.get("Auth").filter(|a| !a.is_null()) {
        if !auth.is_object() {
            generated.at("Auth").error(diags, "should be a map.");
            return None;
        }
    }
    Some(StateMachineApiEvent {
        api,
        unescape_mapping_template,
    })
}
