//! Capacity providers → `AWS::Lambda::CapacityProvider` and, unless an
//! `OperatorRole` is given, its operator role `<Id>OperatorRole` (SAM's
//! `CapacityProviderGenerator`).
//!
//! Mirrors SAM: `AllowedTypes`/`ExcludedTypes` become
//! `AllowedInstanceTypes`/`ExcludedInstanceTypes`; `ScalingConfig` gets
//! `ScalingMode` `Auto`, or `Manual` with a CPU target policy for
//! `AverageCPUUtilization`; `LoggingConfig` goes under `TelemetryConfig`;
//! `ManagedResourceTags.Tags` become `PropagateTags` in `Explicit` mode; tags
//! are the user's then `lambda:createdBy: SAM`, and `PropagateTags` adds the
//! user's tags to the generated role's.

use serde_json::{json, Map, Value};

use crate::model::capacity_provider::CapacityProvider;
use crate::model::SamKinds;
use crate::template::{Expr, Resource};

use super::iam::{self, RoleSpec};
use super::permissions::pass_through;
use super::tags::{combine, lambda_tags};
use super::{Context, Output};

pub fn expand_all(kinds: &SamKinds, ctx: &Context, out: &mut Output) {
    for c in &kinds.capacity_providers {
        expand(c, ctx, out);
    }
}

fn expand(c: &CapacityProvider, ctx: &Context, out: &mut Output) {
    let role_id = format!("{}OperatorRole", c.id);
    let mut role = None;
    let operator_role = match c.operator_role.clone().filter(crate::model::value::truthy) {
        Some(r) => r,
        None => {
            let spec = RoleSpec {
                owner: &c.id,
                assume_role_policy_document: iam::assume_role_policy("lambda.amazonaws.com"),
                managed_policy_arns: vec![Value::String(iam::aws_managed_policy_arn(
                    "AWSLambdaManagedEC2ResourceOperator",
                    ctx.partition(),
                ))],
                policy_documents: Vec::new(),
                policies: &[],
                path: None,
                permissions_boundary: None,
                tags: Some(lambda_tags(None)),
            };
            let mut r =
                Resource::typed(&iam::execution_role(spec, ctx.partition(), &mut out.diags));
            pass_through(&mut r, &c.attributes);
            role = Some(r);
            Expr::get_att(&role_id, "Arn").into()
        }
    };
    let mut p = Map::new();
    if let Some(n) = c.name.clone().filter(crate::model::value::truthy) {
        p.insert("CapacityProviderName".into(), n);
    }
    if !c.vpc_config.is_empty() {
        let mut vpc = Map::new();
        vpc.insert(
            "SubnetIds".into(),
            c.vpc_config
                .get("SubnetIds")
                .cloned()
                .unwrap_or(Value::Null),
        );
        if let Some(sg) = c
            .vpc_config
            .get("SecurityGroupIds")
            .filter(|v| !v.is_null())
        {
            vpc.insert("SecurityGroupIds".into(), sg.clone());
        }
        p.insert("VpcConfig".into(), Value::Object(vpc));
    }
    p.insert(
        "PermissionsConfig".into(),
        json!({"CapacityProviderOperatorRoleArn": operator_role}),
    );
    p.insert("Tags".into(), Value::Array(lambda_tags(c.tags.as_ref())));
    if let Some(r) = c.instance_requirements.as_ref().filter(|r| !r.is_empty()) {
        let mut m = Map::new();
        for (from, to) in [
            ("Architectures", "Architectures"),
            ("AllowedTypes", "AllowedInstanceTypes"),
            ("ExcludedTypes", "ExcludedInstanceTypes"),
        ] {
            if let Some(v) = r.get(from).filter(|v| !v.is_null()) {
                m.insert(to.into(), v.clone());
            }
        }
        p.insert("InstanceRequirements".into(), Value::Object(m));
    }
    if let Some(s) = c.scaling_config.as_ref().filter(|s| !s.is_empty()) {
        let mut m = Map::new();
        if let Some(v) = s.get("MaxVCpuCount").filter(|v| !v.is_null()) {
            m.insert("MaxVCpuCount".into(), v.clone());
        }
        match s.get("AverageCPUUtilization").filter(|v| !v.is_null()) {
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
        p.insert("CapacityProviderScalingConfig".into(), Value::Object(m));
    }
    if let Some(k) = c.kms_key_arn.clone().filter(crate::model::value::truthy) {
        p.insert("KmsKeyArn".into(), k);
    }
    if let Some(l) = c.logging_config.clone().filter(crate::model::value::truthy) {
        p.insert("TelemetryConfig".into(), json!({"LoggingConfig": l}));
    }
    if let Some(t) = c.managed_resource_tags.as_ref().filter(|t| !t.is_empty()) {
        let v = match t.get("Tags").and_then(Value::as_object) {
            Some(tags) => json!({"Mode": "Explicit", "ExplicitTags": super::tags::tag_list(tags)}),
            None => json!({}),
        };
        p.insert("PropagateTags".into(), v);
    }
    let mut main = Resource::new("AWS::Lambda::CapacityProvider");
    main.properties = Some(p);
    if let Some(mut r) = role {
        combine(&mut r, c.tags.as_ref(), c.propagate_tags);
        out.add(&c.id, role_id, r);
    }
    combine(&mut main, c.tags.as_ref(), c.propagate_tags);
    out.add_main(&c.id, main, &c.attributes);
}
