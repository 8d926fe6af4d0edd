//! MicroVM images → `AWS::Lambda::MicrovmImage` and, unless a `BuildRoleArn`
//! is given, its build role `<Id>BuildRole` (SAM's `MicroVMImageGenerator`).
//!
//! Mirrors SAM: `CodeUri` becomes `CodeArtifact.Uri`; every optional list
//! or map is written empty when unset (CloudFormation requires them);
//! `EnvironmentVariables` become a `[{Key, Value}]` list; the build role may
//! read the code's bucket, named from the URI when it resolves to a literal
//! `s3://` string, else split out of it at deploy time.

use serde_json::{json, Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::microvm_image::MicrovmImage;
use crate::model::value::truthy;
use crate::model::SamKinds;
use crate::template::{Expr, Resource};

use super::iam;
use super::intrinsics::{resolve_in_place, resolve_parameter_refs};
use super::permissions::pass_through;
use super::tags::{combine, lambda_tags, tag};
use super::Output;

pub fn expand_all(kinds: &SamKinds, params: &Map<String, Value>, out: &mut Output) {
    for m in &kinds.microvm_images {
        expand(m, params, out);
    }
}

/// The build role's S3 resource (SAM's `_build_s3_resource_arn`), and
/// `CodeUri` as SAM leaves it after resolving it in place.
fn s3_resource(
    m: &MicrovmImage,
    params: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<(Value, Value)> {
    let (resolved, code_uri) = if m.code_uri.is_object() {
        (
            resolve_parameter_refs(&m.code_uri, params),
            resolve_in_place(&m.code_uri, params),
        )
    } else {
        (m.code_uri.clone(), m.code_uri.clone())
    };
    if let Some(rest) = resolved.as_str().and_then(|s| s.strip_prefix("s3://")) {
        let bucket = rest.split('/').next().unwrap_or_default();
        if bucket.is_empty() {
            Cursor::new(&m.id).plain_error(
                diags,
                "CodeUri must be a valid S3 URI with a bucket name (e.g. s3://bucket/key.zip).",
            );
            return None;
        }
        let arn = Expr::sub(format!("arn:${{AWS::Partition}}:s3:::{bucket}/*"));
        return Some((arn.into(), code_uri));
    }
    let arn = json!({"Fn::Sub": [
        "arn:${AWS::Partition}:s3:::${Bucket}/*",
        {"Bucket": {"Fn::Select": [2, {"Fn::Split": ["/", code_uri]}]}},
    ]});
    Some((arn, code_uri))
}

fn expand(m: &MicrovmImage, params: &Map<String, Value>, out: &mut Output) {
    let role_id = format!("{}BuildRole", m.id);
    let mut role = None;
    let mut code_uri = m.code_uri.clone();
    let build_role_arn = match m.build_role_arn.clone().filter(truthy) {
        Some(r) => r,
        None => {
            let Some((bucket_objects, resolved_uri)) = s3_resource(m, params, &mut out.diags)
            else {
                return;
            };
            code_uri = resolved_uri;
            let mut p = Map::new();
            p.insert(
                "AssumeRolePolicyDocument".into(),
                iam::assume_role_policy("lambda.amazonaws.com"),
            );
            p.insert(
                "Policies".into(),
                json!([{
                    "PolicyName": "MicrovmImageBuildPolicy",
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": bucket_objects},
                            {
                                "Effect": "Allow",
                                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                                "Resource": "*",
                            },
                        ],
                    },
                }]),
            );
            p.insert("Tags".into(), Value::Array(lambda_tags(None)));
            let mut r = Resource::new("AWS::IAM::Role");
            r.properties = Some(p);
            pass_through(&mut r, &m.attributes);
            role = Some(r);
            Expr::get_att(&role_id, "Arn").into()
        }
    };
    let or_empty = |v: &Option<Value>, empty: Value| v.clone().filter(truthy).unwrap_or(empty);
    let mut p = Map::new();
    p.insert("Name".into(), m.name.clone());
    p.insert("CodeArtifact".into(), json!({ "Uri": code_uri }));
    p.insert("BaseImageArn".into(), m.base_image_arn.clone());
    p.insert("BuildRoleArn".into(), build_role_arn);
    p.insert("BaseImageVersion".into(), m.base_image_version.clone());
    p.insert("Description".into(), or_empty(&m.description, json!("")));
    p.insert("Tags".into(), Value::Array(lambda_tags(m.tags.as_ref())));
    p.insert("Logging".into(), or_empty(&m.logging, json!({})));
    for (key, v) in [
        ("EgressNetworkConnectors", &m.egress_network_connectors),
        ("CpuConfigurations", &m.cpu_configurations),
        ("Resources", &m.resources),
        ("AdditionalOsCapabilities", &m.additional_os_capabilities),
    ] {
        p.insert(key.into(), or_empty(v, json!([])));
    }
    p.insert("Hooks".into(), or_empty(&m.hooks, json!({})));
    let env: Vec<Value> = m
        .environment_variables
        .iter()
        .flatten()
        // `{Key, Value}`, the same shape as a tag.
        .map(|(k, v)| tag(k, v.clone()))
        .collect();
    p.insert("EnvironmentVariables".into(), Value::Array(env));
    let mut main = Resource::new("AWS::Lambda::MicrovmImage");
    main.properties = Some(p);
    if let Some(mut r) = role {
        combine(&mut r, m.tags.as_ref(), m.propagate_tags);
        out.add(&m.id, role_id, r);
    }
    combine(&mut main, m.tags.as_ref(), m.propagate_tags);
    out.add_main(&m.id, main, &m.attributes);
}
