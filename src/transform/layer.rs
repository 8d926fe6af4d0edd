//! LayerVersion → `AWS::Lambda::LayerVersion` under a content-hashed logical
//! ID (SAM's `SamLayerVersion`). A layer version is immutable: a new logical
//! ID per change lets `DeletionPolicy: Retain` keep old versions, and
//! `LayerName` (default: the original ID) keeps the ARN family stable.
//! References to the original ID are renamed to the hashed one afterwards.

use serde_json::{Map, Value};

use crate::error::Cursor;
use crate::model::layer::Layer;
use crate::model::s3_uri;
use crate::template::resources::lambda::LayerVersion;
use crate::template::{Expr, Resource};

use super::intrinsics::resolve_parameter_refs;
use super::{logical_id, Output};

/// Expands the layer; returns its new (hashed) logical ID.
pub fn expand(l: &Layer, params: &Map<String, Value>, out: &mut Output) -> Option<String> {
    let cur = Cursor::new(&l.id);
    let before = out.diags.len();
    let resolve = |name: &str, v: &Option<Value>, out: &mut Output| -> Option<Value> {
        let v = v.as_ref()?;
        if is_falsy(v) {
            return Some(v.clone());
        }
        let r = resolve_parameter_refs(v, params);
        if !(r.is_string() || r.is_object()) {
            cur.plain_error(
                &mut out.diags,
                format!("Could not resolve parameter for '{name}' or parameter is not a String."),
            );
        }
        Some(r)
    };
    let layer_name = resolve("LayerName", &l.layer_name, out);
    let license_info = resolve("LicenseInfo", &l.license_info, out);
    let description = resolve("Description", &l.description, out);
    let retention = resolve("RetentionPolicy", &l.retention_policy, out);

    let options = ["Retain", "Delete"];
    // SAM prints the options as a Python list.
    let listed = "['Retain', 'Delete']";
    let deletion_policy = match &retention {
        None => None,
        Some(v) if Expr::is_intrinsic(v) => {
            cur.plain_error(
                &mut out.diags,
                format!("'RetentionPolicy' does not accept intrinsic functions, please use one of the following options: {listed}"),
            );
            None
        }
        Some(Value::String(s)) => match options.iter().find(|o| o.eq_ignore_ascii_case(s)) {
            Some(o) => Some(Value::String(o.to_string())),
            None => {
                cur.plain_error(
                    &mut out.diags,
                    format!("'RetentionPolicy' must be one of the following options: {listed}."),
                );
                None
            }
        },
        Some(_) => {
            cur.plain_error(&mut out.diags, format!("Invalid 'RetentionPolicy' type, please use one of the following options: {listed}"));
            None
        }
    };
    if let Some(Value::Array(archs)) = &l.compatible_architectures {
        if archs
            .iter()
            .any(|a| !Expr::is_intrinsic(a) && a != "x86_64" && a != "arm64")
        {
            cur.plain_error(
                &mut out.diags,
                "CompatibleArchitectures needs to be a list of 'x86_64' or 'arm64'",
            );
        }
    }
    let content = s3_uri::read_location(&cur, "ContentUri", &l.content_uri, &mut out.diags);
    if out.diags.len() != before {
        return None;
    }

    let new_id = logical_id::with_hash(
        &l.id,
        &hash_input(l, [&layer_name, &description, &license_info, &retention]),
    );
    let props = LayerVersion {
        content: content.map(|c| c.to_lambda_code()),
        description,
        layer_name: Some(
            layer_name
                .filter(|v| !is_falsy(v))
                .unwrap_or_else(|| Value::String(l.id.clone())),
        ),
        compatible_architectures: l.compatible_architectures.clone(),
        compatible_runtimes: l.compatible_runtimes.clone(),
        license_info,
    };
    let mut r = Resource::typed(&props);
    r.depends_on = l.attributes.depends_on.clone();
    r.condition = l.attributes.condition.clone();
    r.update_replace_policy = l.attributes.update_replace_policy.clone();
    r.deletion_policy = deletion_policy
        .or_else(|| l.attributes.deletion_policy.clone())
        .or(Some("Retain".into()));
    out.add(&l.id, new_id.clone(), r);
    Some(new_id)
}

fn is_falsy(v: &Value) -> bool {
    !crate::model::value::truthy(v)
}

/// The layer's properties as written (Globals merged, parameters not
/// resolved): what SAM's resource resolver hands a function that names the
/// layer, before the layer itself is expanded.
pub fn written_properties(l: &Layer) -> Map<String, Value> {
    let mut props = Map::new();
    let mut put = |k: &str, v: &Option<Value>| {
        if let Some(v) = v {
            props.insert(k.to_string(), v.clone());
        }
    };
    put("LayerName", &l.layer_name);
    put("Description", &l.description);
    put("PublishLambdaVersion", &l.publish_lambda_version);
    put("ContentUri", &Some(l.content_uri.clone()));
    put("CompatibleArchitectures", &l.compatible_architectures);
    put("CompatibleRuntimes", &l.compatible_runtimes);
    put("LicenseInfo", &l.license_info);
    put("RetentionPolicy", &l.retention_policy);
    props
}

/// What SAM hashes: the serverless resource as it stands after parameter
/// resolution, minus the attributes that must not change the ID.
fn hash_input(l: &Layer, [name, description, license, retention]: [&Option<Value>; 4]) -> Value {
    let mut props = written_properties(l);
    for (k, v) in [
        ("LayerName", name),
        ("Description", description),
        ("LicenseInfo", license),
        ("RetentionPolicy", retention),
    ] {
        if let Some(v) = v {
            props.insert(k.to_string(), v.clone());
        }
    }
    let mut res = Map::new();
    res.insert("Type".into(), "AWS::Serverless::LayerVersion".into());
    if let Some(d) = l.attributes.depends_on.as_ref().filter(|d| !is_falsy(d)) {
        res.insert("DependsOn".into(), d.clone());
    }
    if let Some(c) = &l.attributes.condition {
        res.insert("Condition".into(), c.clone());
    }
    if let Some(u) = &l.attributes.update_policy {
        res.insert("UpdatePolicy".into(), u.clone());
    }
    res.insert("Properties".into(), Value::Object(props));
    let mut outer = Map::new();
    outer.insert(l.id.clone(), Value::Object(res));
    Value::Object(outer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::App;
    use serde_json::json;

    fn expand_one(l: Layer) -> (Option<String>, crate::template::Template) {
        let app = App {
            layers: vec![l.clone()],
            ..Default::default()
        };
        let mut out = Output::new(&app);
        let id = expand(&l, &Map::new(), &mut out);
        (id, out.template)
    }

    #[test]
    fn minimal_layer_id_matches_sam() {
        // SAM 1.115 names `MinimalLayer` with ContentUri s3://sam-demo-bucket/layer.zip this way.
        let l = Layer {
            id: "MinimalLayer".into(),
            content_uri: json!("s3://sam-demo-bucket/layer.zip"),
            ..Default::default()
        };
        let (id, t) = expand_one(l);
        assert_eq!(id.as_deref(), Some("MinimalLayer0c7f96cce7"));
        let r = &t.resources["MinimalLayer0c7f96cce7"];
        assert_eq!(r.deletion_policy, Some(json!("Retain")));
        assert_eq!(r.property("LayerName"), Some(&json!("MinimalLayer")));
    }

    #[test]
    fn retention_policy_is_case_insensitive_and_sets_deletion_policy() {
        let l = Layer {
            id: "L".into(),
            content_uri: json!("s3://b/k"),
            retention_policy: Some(json!("DeleTe")),
            ..Default::default()
        };
        let (id, t) = expand_one(l);
        assert_eq!(
            t.resources[&id.unwrap()].deletion_policy,
            Some(json!("Delete"))
        );
    }
}
