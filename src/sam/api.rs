//! `AWS::Serverless::Api` properties → [`model::RestApi`](crate::model::RestApi),
//! and the implicit `ServerlessRestApi` SAM's implicit API plugin adds for
//! `Api` events that name no API (with `Globals.Api` merged into it, as SAM's
//! globals plugin runs after the implicit API plugin).

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics, Stage};
use crate::model::function::{EventKind, Function};
use crate::model::rest_api::{RestApi, IMPLICIT_REST_API_ID};
use crate::model::state_machine::StateMachineEventKind;
use crate::model::{App, SamKinds};

use super::globals::Globals;
use super::props::Props;
use super::reader::Source;

const TYPE: &str = "AWS::Serverless::Api";

/// Properties SAM has that stackwright does not implement yet.
const UNSUPPORTED: &[&str] = &[];

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<RestApi> {
    let before = diags.len();
    let api = read_props(src.id, &src.properties, false, diags);
    (diags.len() == before).then(|| RestApi {
        attributes: src.attributes.clone(),
        key_history: src.key_history.clone(),
        ..api
    })
}

fn read_props(
    id: &str,
    properties: &Map<String, Value>,
    implicit: bool,
    diags: &mut Diagnostics,
) -> RestApi {
    if let Some(message) = property_type_error(properties, implicit) {
        Cursor::new(id).plain_error(diags, message);
        return RestApi::default();
    }
    let mut p = Props::new(id, TYPE, properties);
    let mut a = RestApi {
        id: id.to_string(),
        implicit,
        ..Default::default()
    };
    a.stage_name = if implicit {
        // SAM sets the implicit API's stage itself; Globals cannot override it.
        p.get("StageName");
        Some(Value::String("Prod".into()))
    } else {
        let v = p.required("StageName", diags);
        if let Some(v) = v {
            if !(v.is_string() || v.is_object()) {
                p.at("StageName").error(diags, "should be a string.");
            }
        }
        v.cloned()
    };
    a.definition_body = p.map_like("DefinitionBody", diags);
    a.definition_uri = p.get("DefinitionUri").cloned();
    if let Some(v) = &a.definition_uri {
        if !(v.is_string() || v.is_object()) {
            p.at("DefinitionUri").error(diags, "should be a string.");
        }
    }
    a.name = p.pass("Name");
    a.description = p.pass("Description");
    a.open_api_version = p.pass("OpenApiVersion");
    a.endpoint_configuration = p.pass("EndpointConfiguration");
    a.binary_media_types = list_like(&mut p, "BinaryMediaTypes", diags);
    a.minimum_compression_size = p.pass("MinimumCompressionSize");
    a.fail_on_warnings = p.pass("FailOnWarnings");
    a.mode = p.pass("Mode");
    a.api_key_source_type = p.pass("ApiKeySourceType");
    a.policy = p.pass("Policy");
    a.security_policy = p.pass("SecurityPolicy");
    a.endpoint_access_mode = p.pass("EndpointAccessMode");
    a.disable_execute_api_endpoint = p.pass("DisableExecuteApiEndpoint");
    a.cache_cluster_enabled = p.pass("CacheClusterEnabled");
    a.cache_cluster_size = p.pass("CacheClusterSize");
    a.variables = p.map_like("Variables", diags);
    a.method_settings = list_like(&mut p, "MethodSettings", diags);
    a.access_log_setting = p.map_like("AccessLogSetting", diags);
    a.canary_setting = p.map_like("CanarySetting", diags);
    a.tracing_enabled = p.pass("TracingEnabled");
    if let Some(tags) = p.get("Tags") {
        match tags.as_object() {
            Some(m) => a.tags = Some(m.clone()),
            None => p.at("Tags").error(diags, "should be a map."),
        }
    }
    a.cors = p.get("Cors").cloned();
    if let Some(v) = &a.cors {
        if !(v.is_string() || v.is_object()) {
            p.at("Cors")
                .plain_error(diags, "Type of property 'Cors' is invalid.");
        }
    }
    a.auth = p.map_like("Auth", diags);
    a.gateway_responses = p.map_like("GatewayResponses", diags);
    a.models = p.map_like("Models", diags);
    a.domain = p.map_like("Domain", diags);
    a.propagate_tags = flag(&mut p, "PropagateTags", diags);
    a.always_deploy = flag(&mut p, "AlwaysDeploy", diags);
    a.merge_definitions = flag(&mut p, "MergeDefinitions", diags);
    p.finish(UNSUPPORTED, diags);
    a
}

/// How SAM's `property_types` validators type a property of `SamApi`.
#[derive(Clone, Copy)]
enum Kind {
    /// `one_of(IS_STR, IS_DICT)`.
    StrOrDict,
    /// `IS_STR`.
    Str,
    /// `IS_DICT`.
    Dict,
    /// `IS_LIST`.
    List,
    /// `IS_BOOL`.
    Bool,
    /// `IS_INT` (Python's `bool` is an `int`).
    Int,
}

/// `SamApi.property_types` in SAM's order: (name, required, validator,
/// whether a one-key map, SAM's test for an intrinsic, skips the check; the
/// two declared with `Property` rather than `PropertyType` take none).
const PROPERTY_TYPES: &[(&str, bool, Kind, bool)] = &[
    ("Name", false, Kind::StrOrDict, true),
    ("StageName", true, Kind::StrOrDict, true),
    ("Tags", false, Kind::Dict, true),
    ("PropagateTags", false, Kind::Bool, true),
    ("DefinitionBody", false, Kind::Dict, true),
    ("DefinitionUri", false, Kind::StrOrDict, true),
    ("MergeDefinitions", false, Kind::Bool, false),
    ("CacheClusterEnabled", false, Kind::Bool, true),
    ("CacheClusterSize", false, Kind::Str, true),
    ("Variables", false, Kind::Dict, true),
    ("EndpointConfiguration", false, Kind::StrOrDict, true),
    ("MethodSettings", false, Kind::List, true),
    ("BinaryMediaTypes", false, Kind::List, true),
    ("MinimumCompressionSize", false, Kind::Int, true),
    ("Cors", false, Kind::StrOrDict, true),
    ("Auth", false, Kind::Dict, true),
    ("GatewayResponses", false, Kind::Dict, true),
    ("AccessLogSetting", false, Kind::Dict, true),
    ("CanarySetting", false, Kind::Dict, true),
    ("TracingEnabled", false, Kind::Bool, true),
    ("OpenApiVersion", false, Kind::Str, true),
    ("Models", false, Kind::Dict, true),
    ("Domain", false, Kind::Dict, true),
    ("FailOnWarnings", false, Kind::Bool, true),
    ("Description", false, Kind::Str, true),
    ("Mode", false, Kind::Str, true),
    ("DisableExecuteApiEndpoint", false, Kind::Bool, true),
    ("ApiKeySourceType", false, Kind::Str, true),
    ("AlwaysDeploy", false, Kind::Bool, false),
    ("Policy", false, Kind::StrOrDict, true),
    ("SecurityPolicy", false, Kind::Str, true),
    ("EndpointAccessMode", false, Kind::Str, true),
];

/// SAM's `validate_properties` for an `Api`: the first property (in
/// `property_types` order) that is missing though required, or whose value
/// has the wrong type, as SAM words it. SAM stops at the first. A null value
/// counts as unset; any one-key map passes as a possible intrinsic.
fn property_type_error(properties: &Map<String, Value>, implicit: bool) -> Option<String> {
    for &(key, required, kind, intrinsics) in PROPERTY_TYPES {
        let v = match properties.get(key) {
            None | Some(Value::Null) => {
                if required && !implicit {
                    return Some(format!("Missing required property '{key}'."));
                }
                continue;
            }
            Some(v) => v,
        };
        if intrinsics && v.as_object().is_some_and(|m| m.len() == 1) {
            continue;
        }
        let ok = match kind {
            Kind::StrOrDict => v.is_string() || v.is_object(),
            Kind::Str => {
                v.is_string() || (key == "OpenApiVersion" && managed_openapi3(properties, v))
            }
            Kind::Dict => v.is_object(),
            Kind::List => v.is_array(),
            Kind::Bool => v.is_boolean(),
            Kind::Int => v.is_i64() || v.is_u64() || v.is_boolean(),
        };
        if !ok {
            return Some(match kind {
                Kind::Str => format!("Property '{key}' should be a string."),
                Kind::Dict => format!("Property '{key}' should be a map."),
                _ => format!("Type of property '{key}' is invalid."),
            });
        }
    }
    None
}

/// Whether SAM's globals plugin turns a non-string `OpenApiVersion` into a
/// string before the check: it does so for an API whose definition SAM
/// manages (no `DefinitionBody` or `DefinitionUri`, so SAM adds one) when
/// Python's `str()` of the value matches `\A3(\.\d)(\.\d)?$`; only a
/// float can, as `3.0`.
fn managed_openapi3(properties: &Map<String, Value>, v: &Value) -> bool {
    let written = |k: &str| properties.get(k).is_some_and(crate::model::value::truthy);
    if written("DefinitionBody") || written("DefinitionUri") {
        return false;
    }
    let Some(f) = v.as_f64().filter(|_| v.is_f64()) else {
        return false;
    };
    let s = f.to_string();
    let s = if s.contains('.') { s } else { format!("{s}.0") };
    s.len() == 3 && s.starts_with("3.") && s.chars().nth(2).is_some_and(|c| c.is_ascii_digit())
}

fn list_like(p: &mut Props, key: &'static str, diags: &mut Diagnostics) -> Option<Value> {
    let v = p.get(key)?;
    if v.is_array() || crate::template::Expr::is_intrinsic(v) {
        Some(v.clone())
    } else {
        p.at(key).error(diags, "should be a list.");
        None
    }
}

fn flag(p: &mut Props, key: &'static str, diags: &mut Diagnostics) -> bool {
    match p.get(key) {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            p.at(key).error(diags, "should be a boolean.");
            false
        }
    }
}

/// After every resource is read: checks that each `Api` event's `RestApiId`
/// names a resource SAM can route to (SAM's implicit API plugin does this
/// before anything is translated, so it is reported even when another
/// resource is invalid), then adds the implicit API.
// Other event kinds will join `EventKind`; until then the `let … else` is irrefutable.
#[allow(irrefutable_let_patterns)]
pub fn finish(
    app: &mut App,
    kinds: &SamKinds,
    globals: &Globals,
    resources: &Map<String, Value>,
    unread: &[Function],
    diags: &mut Diagnostics,
) {
    for f in app.functions.iter().chain(unread) {
        for e in &f.events {
            let EventKind::Api(a) = &e.kind else {
                continue;
            };
            let Some(id) = &a.rest_api_id else {
                continue;
            };
            let type_ = resources
                .get(id)
                .and_then(|r| r.get("Type"))
                .and_then(Value::as_str);
            if matches!(type_, None | Some("AWS::Serverless::HttpApi")) {
                Cursor::new(&f.id).at("Events").at(&e.id).stage_error(
                    diags,
                    Stage::ImplicitRestApi,
                    format!(
                        "Event with id [{}] is invalid. RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.",
                        e.id
                    ),
                );
            }
        }
    }
    for sm in &kinds.state_machines {
        for e in &sm.events {
            let StateMachineEventKind::Api(a) = &e.kind else {
                continue;
            };
            let Some(id) = &a.api.rest_api_id else {
                continue;
            };
            let type_ = resources
                .get(id)
                .and_then(|r| r.get("Type"))
                .and_then(Value::as_str);
            if matches!(type_, None | Some("AWS::Serverless::HttpApi")) {
                Cursor::new(&sm.id).at("Events").at(&e.id).stage_error(
                    diags,
                    Stage::ImplicitRestApi,
                    format!(
                        "Event with id [{}] is invalid. RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.",
                        e.id
                    ),
                );
            }
        }
    }
    add_implicit(app, kinds, globals, diags);
}

/// Adds `ServerlessRestApi` when some function has an `Api` event without
/// `RestApiId`, unless the user declared that ID themselves (SAM then keeps
/// the user's resource only when no event needs the implicit API).
fn add_implicit(app: &mut App, kinds: &SamKinds, globals: &Globals, diags: &mut Diagnostics) {
    let needed = app.functions.iter().any(|f| {
        f.events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Api(a) if a.rest_api_id.is_none()))
    }) || kinds.state_machines.iter().any(|s| {
        s.events.iter().any(
            |e| matches!(&e.kind, StateMachineEventKind::Api(a) if a.api.rest_api_id.is_none()),
        )
    });
    if !needed || app.rest_apis.iter().any(|a| a.id == IMPLICIT_REST_API_ID) {
        return;
    }
    // Nothing is merged: the implicit API's own properties set none of the globals.
    let (properties, _) = globals.merge_api(&Map::new(), &[], false);
    let api = read_props(IMPLICIT_REST_API_ID, &properties, true, diags);
    app.rest_apis.push(api);
}
