//! Capacity providers → `AWS::Lambda::CapacityProvider` and, unless an
//! `OperatorRole` is given, its `<Id>OperatorRole` (SAM's
//! `CapacityProviderGenerator`).
//!
//! Mirrors SAM: SAM's names become CloudFormation's (`AllowedTypes` →
//! `AllowedInstanceTypes`, `ScalingConfig` → `CapacityProviderScalingConfig`
//! with `ScalingMode: Manual` and a CPU target policy when
//! `AverageCPUUtilization` is set, else `Auto`); both resources are tagged
//! `lambda:createdBy: SAM` (after the user's tags on the provider), and
//! `PropagateTags` adds the user's tags to the role, keeping the keys it has.

use serde_json::{json, Map, Value};

use crate::model::capacity_provider::CapacityProvider;
use crate::model::value::truthy;
use crate::model::SamKinds;
use crate::template::resources::{iam as cfn_iam, lambda};
use crate::template::{Expr, Resource};

use super::iam;
use super::permissions::pass_through;
use super::tags::{tag, tag_list};
use super::{Context, Output};

const CREATED_BY: &str = "lambda:createdBy";

/// Expands every capacity provider.
pub fn expand_all(kinds: &SamKinds, ctx: &Context, out: &mut Output) {
    for cp in &kinds.capacity_providers {
        expand(cp, ctx, out);
    }
}

fn expand(cp: &CapacityProvider, ctx: &Context, out: &mut Output) {
    let sam_tag = tag(CREATED_BY, Value::String("SAM".into()));
    let mut role = None;
    let operator_role = match cp.operator_role.as_ref().filter(|r| truthy(r)) {
        Some(r) => r.clone(),
        None => {
            let id = format!("{}OperatorRole", cp.id);
            let mut r = Resource::typed(&cfn_iam::Role {
                assume_role_policy_document: iam::assume_role_policy("lambda.amazonaws.com"),
                managed_policy_arns: Some(vec![Value::String(iam::aws_managed_policy_arn(
                    "AWSLambdaManagedEC2ResourceOperator",
                    ctx.partition(),
                ))]),
                tags: Some(vec![sam_tag.clone()]),
                ..Default::default()
            });
            pass_through(&mut r, &cp.attributes);
            role = Some((id.clone(), r));
            Expr::get_att(&id, "Arn").into()
        }
    };

    let mut tags = cp.tags.as_ref().map(tag_list).unwrap_or_default();
    // SAM sets its tag on a map of the user's, so a user `lambda:createdBy`
    // keeps its place and takes SAM's value.
    match tags
        .iter_mut()
        .find(|t| t.get("Key").and_then(Value::as_str) == Some(CREATED_BY))
    {
        Some(t) => *t = sam_tag.clone(),
        None => tags.push(sam_tag),
    }
    let props = lambda::CapacityProvider {
        capacity_provider_name: cp.name.clone().filter(truthy),
        vpc_config: (!cp.vpc_config.is_empty()).then(|| vpc_config(&cp.vpc_config)),
        permissions_config: Some(json!({ "CapacityProviderOperatorRoleArn": operator_role })),
        tags: Some(tags),
        instance_requirements: cp
            .instance_requirements
            .as_ref()
            .filter(|r| !r.is_empty())
            .map(instance_requirements),
        capacity_provider_scaling_config: cp
            .scaling_config
            .as_ref()
            .filter(|s| !s.is_empty())
            .map(scaling_config),
        kms_key_arn: cp.kms_key_arn.clone().filter(truthy),
        // SAM only sees `ManagedResourceTags` with its `Tags` set.
        propagate_tags: cp
            .managed_resource_tags
            .as_ref()
            .and_then(|m| m.tags.as_ref())
            .map(|t| json!({"Mode": "Explicit", "ExplicitTags": tag_list(t)})),
        telemetry_config: cp
            .logging_config
            .clone()
            .filter(truthy)
            .map(|l| json!({ "LoggingConfig": l })),
    };
    let mut main = Resource::typed(&props);
    if cp.propagate_tags {
        if let Some(user) = cp.tags.as_ref().filter(|t| !t.is_empty()) {
            let user = tag_list(user);
            combine_tags(&mut main, &user);
            if let Some((_, r)) = role.as_mut() {
                combine_tags(r, &user);
            }
        }
    }
    if let Some((id, r)) = role {
        out.add(&cp.id, id, r);
    }
    out.add_main(&cp.id, main, &cp.attributes);
}

/// `SubnetIds`, then `SecurityGroupIds` when given.
fn vpc_config(v: &Map<String, Value>) -> Value {
    let mut m = Map::new();
    for key in ["SubnetIds", "SecurityGroupIds"] {
        if let Some(x) = v.get(key) {
            m.insert(key.into(), x.clone());
        }
    }
    Value::Object(m)
}

fn instance_requirements(r: &Map<String, Value>) -> Value {
    let mut m = Map::new();
    for (sam, cfn) in [
        ("Architectures", "Architectures"),
        ("AllowedTypes", "AllowedInstanceTypes"),
        ("ExcludedTypes", "ExcludedInstanceTypes"),
    ] {
        if let Some(v) = r.get(sam) {
            m.insert(cfn.into(), v.clone());
        }
    }
    Value::Object(m)
}

fn scaling_config(s: &Map<String, Value>) -> Value {
    let mut m = Map::new();
    if let Some(v) = s.get("MaxVCpuCount") {
        m.insert("MaxVCpuCount".into(), v.clone());
    }
    match s.get("AverageCPUUtilization") {
        Some(target) => {
            m.insert("ScalingMode".into(), "Manual".into());
            m.insert(
                "ScalingPolicies".into(),
                json!([{
                    "PredefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization",
                    "TargetValue": target,
                }]),
            );
        }
        None => {
            m.insert("ScalingMode".into(), "Auto".into());
        }
    }
    Value::Object(m)
}

/// SAM's `propagate_tags_combine`: the resource's tags, then the user's;
/// a key already there keeps its place and takes the user's value.
fn combine_tags(r: &mut Resource, user: &[Value]) {
    let props = r.properties.get_or_insert_with(Map::new);
    let mut combined: Vec<Value> = match props.get("Tags") {
        Some(Value::Array(t)) => t.clone(),
        _ => Vec::new(),
    };
    for t in user {
        let key = t.get("Key");
        match combined.iter_mut().find(|c| c.get("Key") == key) {
            Some(c) => *c = t.clone(),
            None => combined.push(t.clone()),
        }
    }
    props.insert("Tags".into(), Value::Array(combined));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn scaling_is_manual_with_a_cpu_target_else_auto() {
        assert_eq!(
            scaling_config(&map(json!({"MaxVCpuCount": 8}))),
            json!({"MaxVCpuCount": 8, "ScalingMode": "Auto"})
        );
        assert_eq!(
            scaling_config(&map(json!({"AverageCPUUtilization": 70.0}))),
            json!({"ScalingMode": "Manual", "ScalingPolicies": [{
                "PredefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization",
                "TargetValue": 70.0
            }]})
        );
    }

    #[test]
    fn instance_requirements_take_cloudformation_names() {
        assert_eq!(
            instance_requirements(&map(
                json!({"AllowedTypes": ["c5.large"], "Architectures": ["arm64"]})
            )),
            json!({"Architectures": ["arm64"], "AllowedInstanceTypes": ["c5.large"]})
        );
    }

    #[test]
    fn propagated_tags_keep_existing_keys_in_place() {
        let mut r = Resource::new("AWS::IAM::Role");
        r.properties = Some(map(json!({"Tags": [
            {"Key": "lambda:createdBy", "Value": "SAM"},
            {"Key": "Team", "Value": "old"}
        ]})));
        combine_tags(
            &mut r,
            &[
                json!({"Key": "Team", "Value": "new"}),
                json!({"Key": "Env", "Value": "dev"}),
            ],
        );
        assert_eq!(
            r.property("Tags"),
            Some(&json!([
                {"Key": "lambda:createdBy", "Value": "SAM"},
                {"Key": "Team", "Value": "new"},
                {"Key": "Env", "Value": "dev"}
            ]))
        );
    }
}
