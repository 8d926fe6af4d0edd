//! Network connectors → `AWS::Lambda::NetworkConnector` and, unless an
//! `OperatorRole` is given, its operator role `<Id>OperatorRole` (SAM's
//! `NetworkConnectorGenerator`).
//!
//! Mirrors SAM: `VpcConfig` becomes `Configuration.VpcEgressConfiguration`
//! with `AssociatedComputeResourceTypes` (default `[MicroVm]`) added; tags
//! are the user's then `lambda:createdBy: SAM`, and `PropagateTags` adds the
//! user's tags to the generated role's.

use serde_json::{Map, Value};

use crate::model::network_connector::NetworkConnector;
use crate::model::value::truthy;
use crate::model::SamKinds;
use crate::template::{Expr, Resource};

use super::iam::{self, RoleSpec};
use super::permissions::pass_through;
use super::tags::{combine, lambda_tags};
use super::{Context, Output};

pub fn expand_all(kinds: &SamKinds, ctx: &Context, out: &mut Output) {
    for c in &kinds.network_connectors {
        expand(c, ctx, out);
    }
}

fn expand(c: &NetworkConnector, ctx: &Context, out: &mut Output) {
    let role_id = format!("{}OperatorRole", c.id);
    let mut role = None;
    let operator_role = match c.operator_role.clone().filter(truthy) {
        Some(r) => r,
        None => {
            let spec = RoleSpec {
                owner: &c.id,
                assume_role_policy_document: iam::assume_role_policy("lambda.amazonaws.com"),
                managed_policy_arns: vec![Value::String(iam::aws_managed_policy_arn(
                    "AWSLambdaNetworkConnectorOperatorPolicy",
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
    if let Some(n) = c.name.clone().filter(truthy) {
        p.insert("Name".into(), n);
    }
    let mut egress = c.vpc_config.clone();
    let compute_types = match c.compute_types.as_ref().filter(|t| !t.is_empty()) {
        Some(t) => Value::Array(t.clone()),
        None => Value::Array(vec!["MicroVm".into()]),
    };
    egress.insert("AssociatedComputeResourceTypes".into(), compute_types);
    let mut configuration = Map::new();
    configuration.insert("VpcEgressConfiguration".into(), Value::Object(egress));
    p.insert("Configuration".into(), Value::Object(configuration));
    p.insert("OperatorRole".into(), operator_role);
    p.insert("Tags".into(), Value::Array(lambda_tags(c.tags.as_ref())));
    let mut main = Resource::new("AWS::Lambda::NetworkConnector");
    main.properties = Some(p);
    if let Some(mut r) = role {
        combine(&mut r, c.tags.as_ref(), c.propagate_tags);
        out.add(&c.id, role_id, r);
    }
    combine(&mut main, c.tags.as_ref(), c.propagate_tags);
    out.add_main(&c.id, main, &c.attributes);
}
