//! `AWS::Serverless::Connector` and embedded `Connectors` →
//! [`model::Connector`](crate::model::connector::Connector).
//!
//! Mirrors SAM: the connector's property types (`Source` a map,
//! `Destination` a map or a list of maps, `Permissions` a list of strings),
//! and the translator's `_get_embedded_connectors`: a `Connectors` map on any
//! resource becomes a connector `<Resource><Name>` whose `Source` is
//! `{Id: <Resource>}` plus its `SourceReference`.

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostic, Diagnostics};
use crate::model::connector::Connector;
use crate::model::Attributes;

use super::props::Props;

const TYPE: &str = "AWS::Serverless::Connector";

/// A connector's properties, read as SAM types them.
pub fn read(
    id: &str,
    attributes: Attributes,
    properties: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<Connector> {
    let before = diags.len();
    let mut p = Props::new(id, TYPE, properties);
    let cur = Cursor::new(id);
    let invalid = |key: &str, diags: &mut Diagnostics| {
        cur.plain_error(diags, format!("Type of property '{key}' is invalid."));
    };
    let source = match p.required("Source", diags) {
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            invalid("Source", diags);
            Map::new()
        }
        None => Map::new(),
    };
    let (destinations, multi_destination) = match p.required("Destination", diags) {
        Some(Value::Object(m)) => (vec![m.clone()], false),
        Some(Value::Array(items)) if items.iter().all(Value::is_object) => (
            items
                .iter()
                .filter_map(|d| d.as_object().cloned())
                .collect(),
            true,
        ),
        Some(_) => {
            invalid("Destination", diags);
            (Vec::new(), false)
        }
        None => (Vec::new(), false),
    };
    let permissions = match p.required("Permissions", diags) {
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
        Some(_) => {
            p.at("Permissions").error(diags, "should be a list.");
            Vec::new()
        }
        None => Vec::new(),
    };
    p.finish(&[], diags);
    (diags.len() == before).then(|| Connector {
        id: id.to_string(),
        attributes,
        source,
        destinations,
        multi_destination,
        permissions,
    })
}

/// The connectors embedded in resource `source_id` (its `Connectors` attribute).
pub fn embedded(
    source_id: &str,
    value: &Value,
    resources: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Vec<Connector> {
    let cur = Cursor::new(source_id);
    let Some(map) = value.as_object() else {
        cur.plain_error(
            diags,
            format!("Attribute '{source_id}.Connectors' should be a map."),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, c) in map {
        let full_id = format!("{source_id}{name}");
        let Some(c) = c.as_object() else {
            Cursor::new(&full_id)
                .plain_error(diags, format!("{source_id}.{full_id} should be a map."));
            continue;
        };
        // SAM names the source in these, but each connector is a problem of
        // its own (it reads every connector of the resource).
        let connector_error = |diags: &mut Diagnostics, path: String, message: String| {
            diags.push(Diagnostic {
                named: Some(source_id.into()),
                ..Diagnostic::resource(&full_id, path, message)
            });
        };
        let mut properties = match c.get("Properties") {
            Some(Value::Object(m)) => m.clone(),
            _ => {
                connector_error(
                    diags,
                    format!("Connectors.{name}.Properties"),
                    format!("Attribute 'Connectors.{name}.Properties' should be a map."),
                );
                continue;
            }
        };
        let mut source = Map::new();
        source.insert("Id".into(), Value::String(source_id.to_string()));
        if let Some(reference) = properties.shift_remove("SourceReference") {
            let Some(r) = reference.as_object() else {
                let path = format!("Connectors.{name}.Properties.SourceReference");
                connector_error(
                    diags,
                    path.clone(),
                    format!("Property '{path}' should be a map."),
                );
                continue;
            };
            if r.contains_key("Id") {
                Cursor::new(name)
                    .plain_error(diags, "'Id' shouldn't be defined in 'SourceReference'.");
                continue;
            }
            for (k, v) in r {
                source.insert(k.clone(), v.clone());
            }
        }
        properties.insert("Source".into(), Value::Object(source));
        let attributes = attributes_of(c);
        if let Some(connector) = read(&full_id, attributes, &properties, diags) {
            if resources.contains_key(&full_id) {
                // SAM's `DuplicateLogicalIdException`, reported as it is.
                diags.push(Diagnostic::bare(
                    source_id,
                    format!("Connectors.{name}"),
                    format!(
                        "Transforming resource with id [{source_id}] attempts to create a new resource with id [{full_id}] \
                         and type \"{TYPE}\". A resource with that id already exists within this template. \
                         Please use a different id for that resource."
                    ),
                ));
                continue;
            }
            out.push(connector);
        }
    }
    out
}

/// The resource attributes SAM reads from a connector's own map.
fn attributes_of(m: &Map<String, Value>) -> Attributes {
    let get = |k: &str| m.get(k).cloned();
    Attributes {
        condition: get("Condition"),
        depends_on: get("DependsOn"),
        deletion_policy: get("DeletionPolicy"),
        update_replace_policy: get("UpdateReplacePolicy"),
        update_policy: get("UpdatePolicy"),
        metadata: get("Metadata"),
    }
}
