//! Walks a SAM document: copies the plain sections and CloudFormation
//! resources, merges `Globals`, and hands each serverless resource to the
//! reader for its kind.

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostic, Diagnostics, Stage};
use crate::model::value::{truthy_opt as truthy, KeyHistory};
use crate::model::{App, Attributes, Function, LogicalId, SamKinds};
use crate::template::Resource;

use super::globals::Globals;

/// SAM resource types SAM knows but stackwright does not implement yet.
/// SAM's parser refuses the whole document, before reading any resource,
/// when a resource is no map or any resource's `Condition` is a truthy
/// non-string: one message each, which opens the report (the resources
/// concerned are named by their own problems, listed after it).
fn structure_checks(resources: &Map<String, Value>, diags: &mut Diagnostics) {
    let stop = |message: &str| Diagnostic {
        stage: Stage::Parser,
        ..Diagnostic::document("Resources", message)
    };
    if resources.values().any(|r| !r.is_object()) {
        diags.push(stop(
            "All 'Resources' must be Objects. If you're using YAML, this may be an indentation issue.",
        ));
    } else if resources
        .values()
        .filter_map(|r| r.get("Condition"))
        .any(|c| truthy(Some(c)) && !c.is_string())
    {
        diags.push(stop("Every Condition member must be a string."));
    }
}

/// The `AWS::Serverless::` kinds SAM expands, each read below.
const SAM_KINDS: &[&str] = &[
    "Function",
    "StateMachine",
    "CapacityProvider",
    "NetworkConnector",
    "MicrovmImage",
    "Application",
    "Connector",
    "SimpleTable",
    "LayerVersion",
    "Api",
    "WebSocketApi",
    "HttpApi",
    "WebFunction",
    "GraphQLApi",
];

/// One serverless resource, ready for its kind's reader: its ID, resource
/// attributes, and properties with `Globals` already merged.
pub struct Source<'a> {
    pub id: &'a str,
    pub attributes: Attributes,
    pub properties: Map<String, Value>,
    /// How SAM built the key tables of the maps `Globals` merged into
    /// (`AWS::Serverless::Api` only).
    pub key_history: KeyHistory,
}

/// Reads the document into the app and the kinds only SAM has so far.
pub fn read(doc: &Value, diags: &mut Diagnostics) -> (App, SamKinds) {
    let mut app = App::default();
    let mut kinds = SamKinds::default();
    let Some(doc) = doc.as_object() else {
        diags.push(Diagnostic::document(
            "",
            "The template must be a map of sections (Resources, Parameters, …).",
        ));
        return (app, kinds);
    };
    let mut globals_diags = Diagnostics::new();
    let globals = Globals::parse(doc.get("Globals"), &mut globals_diags);
    if !globals_diags.is_empty() {
        // SAM's globals plugin stops the transform, but runs after the
        // parser and the implicit API plugins: read on, without globals, for
        // what those report, and drop what only a later step would find.
        let mut earlier = Diagnostics::new();
        read_document(doc, &mut app, &mut kinds, &Globals::default(), &mut earlier);
        earlier.retain(|d| d.stage < Stage::Globals);
        diags.extend(earlier);
        diags.extend(globals_diags);
        return (App::default(), SamKinds::default());
    }
    read_document(doc, &mut app, &mut kinds, &globals, diags);
    (app, kinds)
}

/// [`read`] once `Globals` is parsed.
fn read_document(
    doc: &Map<String, Value>,
    app: &mut App,
    kinds: &mut SamKinds,
    globals: &Globals,
    diags: &mut Diagnostics,
) {
    for (key, value) in doc {
        let base = &mut app.base;
        match key.as_str() {
            "AWSTemplateFormatVersion" => base.format_version = Some(value.clone()),
            "Description" => base.description = Some(value.clone()),
            "Metadata" => base.metadata = Some(value.clone()),
            "Parameters" => base.parameters = section_map(key, value, diags),
            "Rules" => base.rules = Some(value.clone()),
            "Mappings" => {
                if !value.is_object() {
                    // SAM's mappings resolver refuses it before anything is translated.
                    diags.push(Diagnostic {
                        stage: Stage::Prepare,
                        ..Diagnostic::document(
                            key.as_str(),
                            "'Mappings' or 'Parameters' is either null or not a valid dictionary.",
                        )
                    });
                }
                base.mappings = Some(value.clone());
            }
            "Conditions" => base.conditions = section_map(key, value, diags),
            "Outputs" => base.outputs = section_map(key, value, diags),
            // Consumed by the transform, not part of its output.
            "Transform" | "Globals" | "Resources" => {}
            _ => {
                base.other.insert(key.clone(), value.clone());
            }
        }
    }
    let resources = match doc.get("Resources") {
        Some(Value::Object(r)) if !r.is_empty() => r,
        _ => {
            diags.push(Diagnostic {
                stage: Stage::Parser,
                ..Diagnostic::document("Resources", "'Resources' section is required")
            });
            return;
        }
    };
    structure_checks(resources, diags);
    let mut embedded = Vec::new();
    // Functions that failed to read, with just their events: SAM's implicit
    // API plugins look at every function's events before translating any.
    let mut unread = Vec::new();
    for (id, value) in resources {
        app.resource_ids.push(id.clone());
        let read_before = app.functions.len();
        read_resource(app, kinds, globals, id, value, diags);
        if app.functions.len() == read_before {
            unread.extend(unread_function(id, value));
        }
        // SAM turns `Connectors` on any resource into connector resources
        // added after the template's own.
        if let Some(c) = value.as_object().and_then(|m| m.get("Connectors")) {
            embedded.extend(super::connector::embedded(id, c, resources, diags));
        }
    }
    kinds.connectors.extend(embedded);
    super::api::finish(app, kinds, globals, resources, &unread, diags);
    super::http_api::finish(app, globals, resources, &unread, diags);
}

/// A function resource whose reader refused it, with the events it has
/// (their own problems were reported as it was read).
fn unread_function(id: &str, value: &Value) -> Option<Function> {
    if value.get("Type").and_then(Value::as_str) != Some("AWS::Serverless::Function") {
        return None;
    }
    let events = value.get("Properties")?.get("Events")?;
    Some(Function {
        id: id.to_string(),
        events: super::events::read(id, events, &mut Diagnostics::new()),
        ..Function::default()
    })
}

fn section_map(key: &str, value: &Value, diags: &mut Diagnostics) -> Option<Map<String, Value>> {
    match value {
        Value::Object(m) => Some(m.clone()),
        _ => {
            diags.push(Diagnostic::document(
                key,
                format!("'{key}' section must be a map."),
            ));
            None
        }
    }
}

fn read_resource(
    app: &mut App,
    kinds: &mut SamKinds,
    globals: &Globals,
    id: &str,
    value: &Value,
    diags: &mut Diagnostics,
) {
    let cursor = Cursor::new(id);
    if let Err(why) = LogicalId::check(id) {
        cursor.plain_error(diags, why);
    }
    let Some(map) = value.as_object() else {
        cursor.plain_error(
            diags,
            "All 'Resources' must be Objects. If you're using YAML, this may be an indentation issue.",
        );
        return;
    };
    let type_ = match map.get("Type") {
        Some(Value::String(t)) => t.trim().to_string(),
        // Not a serverless resource, so, like SAM, leave it to CloudFormation.
        _ => {
            app.base
                .resources
                .insert(id.to_string(), Resource::verbatim(value.clone()));
            return;
        }
    };
    // A type SAM does not know, `AWS::Serverless::` or not, is CloudFormation's
    // to judge: SAM leaves it as written (the template checks warn of it).
    let short = match type_.strip_prefix("AWS::Serverless::") {
        Some(short) if SAM_KINDS.contains(&short) => short,
        _ => {
            let mut r = Resource::from_map(type_, map);
            r.other.shift_remove("Connectors");
            app.base.resources.insert(id.to_string(), r);
            return;
        }
    };
    // Borrowed: the merge with `Globals` below makes the resource's own copy.
    let no_properties = Map::new();
    let properties = match map.get("Properties") {
        None | Some(Value::Null) => &no_properties,
        Some(Value::Object(p)) => p,
        Some(_) => {
            cursor.plain_error(diags, "Attribute 'Properties' should be a map.");
            return;
        }
    };
    let attributes = read_attributes(&cursor, map, diags);
    let (ignore, ignore_all) = ignore_globals(
        &cursor,
        map.get("IgnoreGlobals"),
        globals.section(short),
        diags,
    );
    let (properties, key_history) = match short {
        "Api" => globals.merge_api(properties, &ignore, ignore_all),
        _ => (
            globals.merge(short, properties, &ignore, ignore_all),
            KeyHistory::default(),
        ),
    };
    let src = Source {
        id,
        attributes,
        properties,
        key_history,
    };
    match type_.as_str() {
        "AWS::Serverless::Function" => {
            if let Some(f) = super::function::read(&src, diags) {
                app.functions.push(f);
            }
        }
        "AWS::Serverless::StateMachine" => {
            if let Some(s) = super::state_machine::read(&src, diags) {
                kinds.state_machines.push(s);
            }
        }
        "AWS::Serverless::CapacityProvider" => {
            if let Some(c) = super::capacity_provider::read(&src, diags) {
                kinds.capacity_providers.push(c);
            }
        }
        "AWS::Serverless::NetworkConnector" => {
            kinds
                .network_connectors
                .extend(super::network_connector::read(&src, diags));
        }
        "AWS::Serverless::MicrovmImage" => {
            kinds
                .microvm_images
                .extend(super::microvm_image::read(&src, diags));
        }
        "AWS::Serverless::Application" => {
            if let Some(a) = super::application::read(&src, diags) {
                kinds.applications.push(a);
            }
        }
        "AWS::Serverless::Connector" => {
            if let Some(c) = super::connector::read(id, attributes_of(&src), &src.properties, diags)
            {
                kinds.connectors.push(c);
            }
        }
        "AWS::Serverless::SimpleTable" => {
            if let Some(t) = super::table::read(&src, diags) {
                app.tables.push(t);
            }
        }
        "AWS::Serverless::LayerVersion" => {
            if let Some(l) = super::layer::read(&src, diags) {
                app.layers.push(l);
            }
        }
        "AWS::Serverless::Api" => {
            if let Some(a) = super::api::read(&src, diags) {
                app.rest_apis.push(a);
            }
        }
        "AWS::Serverless::WebSocketApi" => {
            if let Some(a) = super::websocket_api::read(&src, diags) {
                app.websocket_apis.push(a);
            }
        }
        "AWS::Serverless::HttpApi" => {
            if let Some(a) = super::http_api::read(&src, diags) {
                app.http_apis.push(a);
            }
        }
        "AWS::Serverless::WebFunction" => {
            if let Some(w) = super::web_function::read(&src, diags) {
                kinds.web_functions.push(w);
            }
        }
        "AWS::Serverless::GraphQLApi" => {
            if let Some(g) = super::graphql_api::read(&src, diags) {
                kinds.graphql_apis.push(g);
            }
        }
        // Every kind in SAM_KINDS has an arm above (a unit test holds it).
        t => cursor.plain_error(
            diags,
            format!("Resource type '{t}' has no reader: a bug in stackwright."),
        ),
    }
}

fn attributes_of(src: &Source) -> Attributes {
    src.attributes.clone()
}

/// Resource attributes SAM reads, and a diagnostic for any it does not.
fn read_attributes(
    cursor: &Cursor,
    map: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Attributes {
    let mut a = Attributes::default();
    for (k, v) in map {
        // Cloned only for the attributes kept: `Properties` can be large.
        let v = || Some(v.clone());
        match k.as_str() {
            "Type" | "Properties" | "IgnoreGlobals" => {}
            "Condition" => a.condition = v(),
            "DependsOn" => a.depends_on = v(),
            "DeletionPolicy" => a.deletion_policy = v(),
            "UpdateReplacePolicy" => a.update_replace_policy = v(),
            "UpdatePolicy" => a.update_policy = v(),
            "Metadata" => a.metadata = v(),
            // Read by the embedded connectors' reader.
            "Connectors" => {}
            // SAM reads only the attributes above and drops the rest; what
            // lands here is almost always a property written one level too
            // high, so say so.
            other => diags.warn(Diagnostic::resource(
                cursor.resource(),
                other,
                format!(
                    "'{other}' is not a resource attribute SAM reads, so it was dropped, as SAM drops it; \
                     did you mean to put it under 'Properties'?"
                ),
            )),
        }
    }
    a
}

/// `IgnoreGlobals: "*"` or a list of global property names to skip.
fn ignore_globals(
    cursor: &Cursor,
    value: Option<&Value>,
    section: Option<&Map<String, Value>>,
    diags: &mut Diagnostics,
) -> (Vec<String>, bool) {
    let id = cursor.resource();
    // SAM reads `IgnoreGlobals` only for a type that has a `Globals` section.
    if section.is_none() {
        return (Vec::new(), false);
    }
    match value {
        None => (Vec::new(), false),
        Some(Value::String(s)) if s == "*" => (Vec::new(), true),
        Some(Value::Array(items)) => {
            let mut names = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(name) if section.is_some_and(|s| s.contains_key(name)) => names.push(name.to_string()),
                    _ => cursor.plain_error(
                        diags,
                        format!("Resource {id} has invalid resource attribute 'IgnoreGlobals' on item '{}'.", display(item)),
                    ),
                }
            }
            (names, false)
        }
        Some(_) => {
            cursor.plain_error(
                diags,
                format!("Resource {id} has invalid resource attribute 'IgnoreGlobals'."),
            );
            (Vec::new(), false)
        }
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_sam_kind_has_a_reader() {
        for kind in SAM_KINDS {
            let doc = json!({"Resources": {"R": {"Type": format!("AWS::Serverless::{kind}")}}});
            let mut diags = Diagnostics::new();
            read(&doc, &mut diags);
            assert!(
                !diags
                    .into_sorted()
                    .iter()
                    .any(|d| d.message.contains("has no reader")),
                "{kind}"
            );
        }
    }

    #[test]
    fn a_serverless_type_sam_does_not_know_is_left_as_written() {
        let doc = json!({"Resources": {"R": {"Type": "AWS::Serverless::Functon", "Properties": {"A": 1}}}});
        let mut diags = Diagnostics::new();
        let (app, _) = read(&doc, &mut diags);
        assert!(diags.is_empty());
        let r = &app.base.resources["R"];
        assert_eq!(r.type_, "AWS::Serverless::Functon");
    }
}
