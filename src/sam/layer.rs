//! `AWS::Serverless::LayerVersion` properties → [`model::Layer`](crate::model::layer::Layer).

use serde_json::Value;

use crate::error::Diagnostics;
use crate::model::layer::Layer;
use crate::template::Expr;

use super::props::Props;
use super::reader::Source;

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<Layer> {
    let before = diags.len();
    let mut p = Props::new(src.id, "AWS::Serverless::LayerVersion", &src.properties);
    let mut l = Layer {
        id: src.id.to_string(),
        attributes: src.attributes.clone(),
        ..Default::default()
    };
    l.layer_name = p.string_or_map("LayerName", diags);
    l.description = p.string_like("Description", diags);
    l.license_info = p.string_like("LicenseInfo", diags);
    l.retention_policy = p.string_like("RetentionPolicy", diags);
    if let Some(v) = p.get("PublishLambdaVersion") {
        if v.is_boolean() || Expr::is_intrinsic(v) {
            l.publish_lambda_version = Some(v.clone());
        } else {
            p.at("PublishLambdaVersion")
                .error(diags, "should be a boolean.");
        }
    }
    match p.required("ContentUri", diags) {
        Some(v @ (Value::String(_) | Value::Object(_))) => l.content_uri = v.clone(),
        Some(_) => p
            .at("ContentUri")
            .error(diags, "should be a string or a map."),
        None => {}
    }
    for key in ["CompatibleArchitectures", "CompatibleRuntimes"] {
        let Some(v) = p.get(key) else { continue };
        let ok = Expr::is_intrinsic(v)
            || v.as_array()
                .is_some_and(|a| a.iter().all(|x| x.is_string() || x.is_object()));
        if !ok {
            p.at(key).error(diags, "should be a list.");
        } else if key == "CompatibleArchitectures" {
            l.compatible_architectures = Some(v.clone());
        } else {
            l.compatible_runtimes = Some(v.clone());
        }
    }
    p.finish(&[], diags);
    (diags.len() == before).then_some(l)
}
