//! Function → `AWS::Lambda::Function` plus, unless a role is given, its
//! execution role `<Id>Role` (SAM's `SamFunction.to_cloudformation`).
//!
//! Mirrors SAM: the function and role are tagged `lambda:createdBy: SAM`
//! (first) then the user's tags; `Tracing` other than `Disabled` (after
//! resolving parameter references) sets `TracingConfig` and adds the X-Ray
//! policy; the role carries the function's `Condition`, `DeletionPolicy` and
//! `UpdateReplacePolicy`; a `Role: !If [C, …, !Ref AWS::NoValue]` creates the
//! role only on the `AWS::NoValue` side, adding a `NOT<C>` condition when
//! that is the else branch.

use serde_json::{Map, Value};

use crate::model::function::{Code, Function};
use crate::sam::function::truthy;
use crate::template::resources::lambda;
use crate::template::{Expr, Resource};

use super::iam::{self, RoleSpec};
use super::{Context, Output};

pub fn expand(f: &Function, ctx: &Context, out: &mut Output) {
    let partition = ctx.partition();
    let params = parameter_values(out, ctx);
    let tracing = f
        .tracing
        .as_ref()
        .filter(|t| truthy(Some(t)) && resolve_refs((*t).clone(), &params) != "Disabled");
    let tags = tag_list(f);

    let mut pass = f.passthrough.clone();
    let mut take = |k: &str| pass.shift_remove(k);
    let mut props = lambda::Function {
        code: f.code.as_ref().map(code),
        package_type: f.package_type.clone(),
        dead_letter_config: f
            .dead_letter_queue
            .as_ref()
            .map(|d| serde_json::json!({"TargetArn": d.target_arn})),
        description: f.description.clone(),
        function_name: take("FunctionName").filter(|v| truthy(Some(v))),
        handler: f.handler.clone(),
        memory_size: f.memory_size.clone(),
        role: None,
        runtime: f.runtime.clone(),
        timeout: f.timeout.clone(),
        vpc_config: f.vpc_config.clone(),
        environment: f.environment.clone(),
        tags: Some(tags.clone()),
        tracing_config: tracing.map(|t| serde_json::json!({"Mode": t})),
        kms_key_arn: take("KmsKeyArn"),
        layers: take("Layers"),
        reserved_concurrent_executions: take("ReservedConcurrentExecutions"),
        file_system_configs: take("FileSystemConfigs"),
        code_signing_config_arn: take("CodeSigningConfigArn"),
        image_config: take("ImageConfig"),
        architectures: f.architectures.clone(),
        snap_start: take("SnapStart"),
        ephemeral_storage: take("EphemeralStorage"),
        runtime_management_config: take("RuntimeManagementConfig"),
        logging_config: take("LoggingConfig"),
        recursive_loop: take("RecursiveLoop"),
        capacity_provider_config: None,
        function_scaling_config: take("FunctionScalingConfig"),
        publish_to_latest_published: take("PublishToLatestPublished"),
        tenancy_config: take("TenancyConfig"),
        durable_config: take("DurableConfig"),
        rest: Map::new(),
    };
    // Anything else a front end set goes through as written.
    props.rest = pass;

    // SAM builds the role even when it is not used, so its problems are
    // reported either way.
    let role = role(f, tracing.is_some(), partition, tags, out);
    let role_id = iam::role_id(&f.id);
    let role_arn: Value = Expr::get_att(&role_id, "Arn").into();
    let mut role_resource = Resource::typed(&role);
    role_resource.condition = f.attributes.condition.clone();
    role_resource.deletion_policy = f.attributes.deletion_policy.clone();
    role_resource.update_replace_policy = f.attributes.update_replace_policy.clone();

    let add_role = match &f.role {
        None => {
            props.role = Some(role_arn);
            true
        }
        Some(r) => match conditional_role(r, &params) {
            None => {
                props.role = Some(r.clone());
                false
            }
            Some((cond, then, otherwise)) => {
                let no_value =
                    |v: &Value| matches!(Expr::parse(v), Some(Expr::Ref(n)) if n == "AWS::NoValue");
                match (no_value(&then), no_value(&otherwise)) {
                    (true, true) => {
                        props.role = Some(role_arn);
                        true
                    }
                    (true, false) => {
                        props.role = Some(if_value(&cond, role_arn, otherwise));
                        role_resource.condition = Some(cond);
                        true
                    }
                    (false, true) => {
                        props.role = Some(if_value(&cond, then, role_arn));
                        let not = format!("NOT{}", cond.as_str().unwrap_or_default());
                        out.template.conditions.get_or_insert_with(Map::new).insert(
                            not.clone(),
                            serde_json::json!({"Fn::Not": [{"Condition": cond}]}),
                        );
                        role_resource.condition = Some(Value::String(not));
                        true
                    }
                    (false, false) => {
                        props.role = Some(r.clone());
                        false
                    }
                }
            }
        },
    };

    out.add_main(&f.id, Resource::typed(&props), &f.attributes);
    if add_role {
        out.add(&f.id, role_id, role_resource);
    }
}

/// `{"Fn::If": [cond, a, b]}` with the condition as written.
fn if_value(cond: &Value, a: Value, b: Value) -> Value {
    serde_json::json!({"Fn::If": [cond, a, b]})
}

/// The generated execution role.
fn role(
    f: &Function,
    tracing: bool,
    partition: &str,
    tags: Vec<Value>,
    out: &mut Output,
) -> crate::template::resources::iam::Role {
    let basic = if truthy(f.passthrough.get("DurableConfig")) {
        "service-role/AWSLambdaBasicDurableExecutionRolePolicy"
    } else {
        "service-role/AWSLambdaBasicExecutionRole"
    };
    let mut managed = vec![Value::String(iam::aws_managed_policy_arn(basic, partition))];
    if tracing {
        managed.push(Value::String(iam::xray_policy_arn(partition)));
    }
    if truthy(f.vpc_config.as_ref()) {
        managed.push(Value::String(iam::aws_managed_policy_arn(
            "service-role/AWSLambdaVPCAccessExecutionRole",
            partition,
        )));
    }
    let documents = f
        .dead_letter_queue
        .iter()
        .map(|d| {
            serde_json::json!({
                "PolicyName": "DeadLetterQueuePolicy",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Action": d.kind.action(), "Resource": d.target_arn, "Effect": "Allow"}]
                }
            })
        })
        .collect();
    let spec = RoleSpec {
        owner: &f.id,
        assume_role_policy_document: f
            .assume_role_policy_document
            .clone()
            .unwrap_or_else(|| iam::assume_role_policy("lambda.amazonaws.com")),
        managed_policy_arns: managed,
        policy_documents: documents,
        policies: &f.policies,
        path: f.role_path.clone(),
        permissions_boundary: f.permissions_boundary.clone(),
        tags: Some(tags),
    };
    iam::execution_role(spec, partition, &mut out.diags)
}

/// SAM's tag list: `lambda:createdBy: SAM` first, then the user's tags.
fn tag_list(f: &Function) -> Vec<Value> {
    let mut tags = vec![super::tags::tag(
        "lambda:createdBy",
        Value::String("SAM".into()),
    )];
    if let Some(user) = &f.tags {
        tags.extend(super::tags::tag_list(user));
    }
    tags
}

/// Lambda's `Code` for the function's code location.
fn code(c: &Code) -> Value {
    let mut m = Map::new();
    match c {
        Code::S3 {
            bucket,
            key,
            version,
            storage_mode,
            source_kms_key_arn,
        } => {
            m.insert("S3Bucket".into(), bucket.clone());
            m.insert("S3Key".into(), key.clone());
            if let Some(v) = version {
                m.insert("S3ObjectVersion".into(), v.clone());
            }
            if let Some(v) = storage_mode {
                m.insert("S3ObjectStorageMode".into(), v.clone());
            }
            if let Some(v) = source_kms_key_arn {
                m.insert("SourceKMSKeyArn".into(), v.clone());
            }
        }
        Code::Inline {
            source,
            source_kms_key_arn,
        } => {
            m.insert("ZipFile".into(), source.clone());
            if let Some(v) = source_kms_key_arn {
                m.insert("SourceKMSKeyArn".into(), v.clone());
            }
        }
        Code::Image(uri) => {
            m.insert("ImageUri".into(), uri.clone());
        }
    }
    Value::Object(m)
}

/// A `Role` written as `Fn::If`: its condition and both branches with
/// parameter references resolved, as SAM reads them.
fn conditional_role(role: &Value, params: &Map<String, Value>) -> Option<(Value, Value, Value)> {
    let m = role.as_object().filter(|m| m.len() == 1)?;
    m.get("Fn::If")?;
    let resolved = resolve_refs(role.clone(), params);
    let [c, t, e] = crate::sam::policies::if_args(resolved.get("Fn::If")?).ok()?;
    Some((c.clone(), t.clone(), e.clone()))
}

/// The values SAM resolves parameter references with: parameter defaults,
/// overridden by the values given for this synth, plus `AWS::Region` and
/// `AWS::Partition`.
fn parameter_values(out: &Output, ctx: &Context) -> Map<String, Value> {
    let mut values = Map::new();
    for (name, decl) in out.template.parameters.iter().flatten() {
        if let Some(d) = decl.get("Default") {
            values.insert(name.clone(), d.clone());
        }
    }
    for (k, v) in &ctx.parameters {
        values.insert(k.clone(), v.clone());
    }
    values
        .entry("AWS::Region")
        .or_insert_with(|| Value::String(ctx.region.clone()));
    values
        .entry("AWS::Partition")
        .or_insert_with(|| Value::String(ctx.partition().to_string()));
    values
}

/// SAM's `resolve_parameter_refs` for `Ref`: `{"Ref": P}` becomes P's value
/// when P is a known parameter, anywhere in `v`.
fn resolve_refs(v: Value, params: &Map<String, Value>) -> Value {
    match v {
        Value::Object(m) => {
            if m.len() == 1 {
                if let Some(Value::String(p)) = m.get("Ref") {
                    if let Some(value) = params.get(p) {
                        return value.clone();
                    }
                }
            }
            Value::Object(
                m.into_iter()
                    .map(|(k, v)| (k, resolve_refs(v, params)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.into_iter().map(|x| resolve_refs(x, params)).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_to_known_parameters_resolve() {
        let mut p = Map::new();
        p.insert("Mode".into(), json!("Disabled"));
        assert_eq!(resolve_refs(json!({"Ref": "Mode"}), &p), json!("Disabled"));
        assert_eq!(
            resolve_refs(
                json!({"Fn::If": ["C", {"Ref": "Mode"}, {"Ref": "Other"}]}),
                &p
            ),
            json!({"Fn::If": ["C", "Disabled", {"Ref": "Other"}]})
        );
    }

    #[test]
    fn code_maps_to_lambda_code() {
        let c = Code::S3 {
            bucket: json!("b"),
            key: json!("k"),
            version: Some(json!("v")),
            storage_mode: None,
            source_kms_key_arn: None,
        };
        assert_eq!(
            code(&c),
            json!({"S3Bucket": "b", "S3Key": "k", "S3ObjectVersion": "v"})
        );
        assert_eq!(
            code(&Code::Inline {
                source: json!("x"),
                source_kms_key_arn: None
            }),
            json!({"ZipFile": "x"})
        );
    }
}
