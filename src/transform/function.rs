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

use crate::error::{Cursor, Diagnostic};
use crate::model::function::{Code, Function};
use crate::model::layer::Layer;
use crate::model::value::truthy_opt as truthy;
use crate::template::resources::lambda;
use crate::template::{Expr, Resource};

use super::iam::{self, RoleSpec};
use super::intrinsics::{parameter_values, resolve_parameter_refs, resolve_parameter_refs_checked};
use super::logical_id::{self, HASH_LENGTH};
use super::{Context, Output};

mod deployment;

/// Expands every function, then the CodeDeploy resources their deployment
/// preferences share (SAM adds those after all resources).
pub fn expand_all(functions: &[Function], layers: &[Layer], ctx: &Context, out: &mut Output) {
    let mut preferences = Vec::new();
    let mut edits = super::event_sources::UserEdits::default();
    for f in functions {
        if let Some(p) = expand(f, layers, ctx, out) {
            preferences.push(p);
        }
        super::event_sources::expand(f, ctx, out, &mut edits);
    }
    deployment::expand_collection(&preferences, ctx.partition(), out);
}

/// Expands one function; returns its deployment preference, if it has one.
/// `layers` are the template's serverless layers, which a version hash may read.
fn expand(
    f: &Function,
    layers: &[Layer],
    ctx: &Context,
    out: &mut Output,
) -> Option<deployment::Preference> {
    let partition = ctx.partition();
    let params = parameter_values(ctx, &out.template);
    let tracing = f
        .tracing
        .as_ref()
        .filter(|t| truthy(Some(t)) && resolve_parameter_refs(t, &params) != "Disabled");
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
        // What SAM's version hash sees; the generated role's ARN is set later.
        role: f.role.clone(),
        runtime: f.runtime.clone(),
        timeout: f.timeout.clone(),
        vpc_config: f.vpc_config.clone(),
        environment: f.environment.clone(),
        tags: Some(tags.clone()),
        tracing_config: tracing
            .map(|t| serde_json::json!({"Mode": super::intrinsics::resolve_in_place(t, &params)})),
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
        capacity_provider_config: take("CapacityProviderConfig")
            .map(|c| capacity_provider_config(&c)),
        function_scaling_config: take("FunctionScalingConfig"),
        publish_to_latest_published: take("PublishToLatestPublished"),
        tenancy_config: take("TenancyConfig"),
        durable_config: take("DurableConfig"),
        rest: Map::new(),
    };
    // Anything else a front end set goes through as written.
    props.rest = pass;
    // SAM versions a function when `AutoPublishAlias` is truthy: an empty
    // string is no alias at all (a parameter that resolves to one is an error).
    let versioning = f
        .auto_publish_alias
        .as_ref()
        .filter(|a| truthy(Some(a)))
        .and_then(|alias| versioning(f, alias, &mut props, layers, &params, out));
    // With PropagateTags SAM re-tags what it generated with the user's tags
    // alone, dropping its own `lambda:createdBy` (a quirk kept for fidelity).
    let tags = match &f.tags {
        Some(user) if f.propagate_tags && !user.is_empty() => super::tags::tag_list(user),
        _ => tags,
    };
    props.tags = Some(tags.clone());

    // SAM builds the role even when it is not used, so its problems are
    // reported either way.
    let alias_name = match (&versioning, &f.auto_publish_alias) {
        (Some(_), Some(a)) => resolve_parameter_refs(a, &params)
            .as_str()
            .map(str::to_string),
        _ => None,
    };
    let alias = alias_name
        .as_deref()
        .zip(versioning.as_ref().map(|(_, id)| id.as_str()));
    let invoke_policies = super::event_sources::invoke_config::expand(f, alias, &params, out);
    let role = role(
        f,
        tracing.is_some(),
        partition,
        tags,
        invoke_policies,
        &params,
        out,
    );
    let role_id = iam::role_id(&f.id);
    let role_arn: Value = Expr::get_att(&role_id, "Arn").into();
    let mut role_resource = passthrough(f, Resource::typed(&role));

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
    let target = match &versioning {
        Some((_, alias_id)) => Expr::ref_(alias_id).into(),
        None => Expr::ref_(&f.id).into(),
    };
    let preference = f
        .deployment_preference
        .as_ref()
        .and_then(|dp| deployment::read(f, dp, &params, out));
    if let Some((version, _)) = versioning {
        for (id, mut r) in version {
            if let Some(p) = preference.as_ref().filter(|p| p.enabled) {
                if r.type_ == "AWS::Lambda::Alias" {
                    r.other
                        .insert("UpdatePolicy".into(), deployment::update_policy(p));
                }
            }
            // `!Ref MyFn.Version` / `MyFn.Alias` name these (SAM's `referable_properties`).
            let property = r.type_.trim_start_matches("AWS::Lambda::");
            out.resource_refs
                .insert(format!("{}.{property}", f.id), id.clone());
            out.add(&f.id, id, r);
        }
    }
    if let Some(url) = f.function_url_config.as_ref().filter(|u| truthy(Some(u))) {
        function_url(f, url, target, out);
    }
    preference
}

/// What events invoke: the `AutoPublishAlias` alias's logical ID when the
/// function has one, else the function's own (SAM's `lambda_alias or
/// lambda_function`). For event expanders; `None` alias names that do not
/// resolve to a string are reported by [`expand_all`].
pub fn invoke_target_id(f: &Function, ctx: &Context, out: &Output) -> String {
    let alias = f
        .auto_publish_alias
        .as_ref()
        .map(|a| resolve_parameter_refs(a, &parameter_values(ctx, &out.template)));
    match alias {
        Some(Value::String(name)) if !name.is_empty() => alias_id(&f.id, &name),
        _ => f.id.clone(),
    }
}

/// `MyFn` + alias `a_b-c` → `MyFnAliasaUbDc`: SAM spells `-` as `D`
/// and `_` as `U` to keep the ID alphanumeric.
pub fn alias_id(function_id: &str, alias: &str) -> String {
    format!(
        "{function_id}Alias{}",
        alias.replace('-', "D").replace('_', "U")
    )
}

/// The resource attributes SAM passes from a function to what it generates.
fn passthrough(f: &Function, mut r: Resource) -> Resource {
    r.condition = f.attributes.condition.clone();
    r.deletion_policy = f.attributes.deletion_policy.clone();
    r.update_replace_policy = f.attributes.update_replace_policy.clone();
    r
}

/// `AutoPublishAlias`: the `<Id>Version<hash>` and `<Id>Alias<Name>` resources
/// (SAM's `_construct_version` and `_construct_alias`), and the alias's ID.
/// Adjusts the function's description for `AutoPublishCodeSha256` first, as SAM does.
#[allow(clippy::type_complexity)]
fn versioning(
    f: &Function,
    alias: &Value,
    props: &mut lambda::Function,
    layers: &[Layer],
    params: &Map<String, Value>,
    out: &mut Output,
) -> Option<(Vec<(String, Resource)>, String)> {
    let cur = Cursor::new(&f.id);
    let name = match resolve_parameter_refs(alias, params) {
        Value::String(s) => s,
        _ => {
            cur.plain_error(
                &mut out.diags,
                "'AutoPublishAlias' must be a string or a Ref to a template parameter",
            );
            return None;
        }
    };
    let code_sha256 = match &f.auto_publish_code_sha256 {
        None => None,
        Some(v) => match resolve_parameter_refs(v, params) {
            Value::String(s) => Some(s),
            _ => {
                cur.plain_error(&mut out.diags, "AutoPublishCodeSha256 must be a string");
                return None;
            }
        },
    };
    if let Some(sha) = &code_sha256 {
        // Lambda publishes no new version for unchanged code, so SAM puts the
        // hash in the description to force one.
        let described = f
            .description
            .clone()
            .map(|d| resolve_parameter_refs(&d, params));
        props.description = Some(match described {
            Some(Value::String(d)) if !d.is_empty() => Value::String(format!("{d} {sha}")),
            Some(d) if truthy(Some(&d)) && !d.is_string() => {
                serde_json::json!({"Fn::Join": [" ", [d, sha]]})
            }
            _ => Value::String(sha.clone()),
        });
    }
    // SAM resolves parameter references in the code location in place
    // before hashing it (`_construct_version`), so the function's own `Code`
    // carries the resolved values too: `ImageUri: !Ref ImageUri` becomes the
    // parameter's value, `${AWS::Region}` in a `Fn::Sub` key the region.
    // A `${Param}` there whose value is no string stops SAM's whole transform.
    if let Some(code) = props.code.take() {
        match resolve_parameter_refs_checked(&code, params) {
            Ok(resolved) => props.code = Some(resolved),
            Err(m) => {
                // A document problem: it ends SAM's translation (Stage::Abort).
                out.diags.push(Diagnostic::document("", m));
                return None;
            }
        }
    }
    let prefix = format!("{}Version", f.id);
    let version_id = match &code_sha256 {
        Some(sha) if !sha.is_empty() => format!(
            "{prefix}{}",
            sha.chars().take(HASH_LENGTH).collect::<String>()
        ),
        _ => logical_id::with_hash(&prefix, &version_hash_input(f, props, layers)),
    };
    let mut version = passthrough(
        f,
        Resource::typed(&lambda::Version {
            code_sha256: None,
            description: f.version_description.clone(),
            function_name: Expr::ref_(&f.id).into(),
            function_scaling_config: None,
        }),
    );
    // Lambda Managed Instances functions: versions are deleted by default
    // (they cost while kept), and carry the function's scaling.
    let managed_instances = props.capacity_provider_config.is_some();
    if managed_instances {
        if let Some(s) = &props.function_scaling_config {
            version
                .properties
                .get_or_insert_with(Map::new)
                .insert("FunctionScalingConfig".into(), s.clone());
        }
    }
    if version.deletion_policy.is_none() {
        let default = if managed_instances {
            "Delete"
        } else {
            "Retain"
        };
        version.deletion_policy = Some(
            f.version_deletion_policy
                .clone()
                .unwrap_or_else(|| Value::String(default.into())),
        );
    }

    if name.is_empty() {
        cur.plain_error(&mut out.diags, "Alias name is required to create an alias");
        return None;
    }
    let valid = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.chars().all(|c| c.is_ascii_digit());
    if !valid {
        cur.plain_error(
            &mut out.diags,
            format!(
                "AutoPublishAlias name ('{name}') must contain only alphanumeric characters, hyphens, or underscores matching (?!^[0-9]+$)([a-zA-Z0-9-_]+) pattern."
            ),
        );
        return None;
    }
    let alias_id = alias_id(&f.id, &name);
    let alias = passthrough(
        f,
        Resource::typed(&lambda::Alias {
            description: None,
            name: Value::String(name),
            function_name: Expr::ref_(&f.id).into(),
            function_version: Expr::get_att(&version_id, "Version").into(),
            provisioned_concurrency_config: f
                .provisioned_concurrency_config
                .clone()
                .filter(|v| truthy(Some(v))),
        }),
    );
    Some((
        vec![(version_id, version), (alias_id.clone(), alias)],
        alias_id,
    ))
}

/// What SAM hashes into the version's logical ID: with
/// `AutoPublishAliasAllProperties` every function property as it stands,
/// plus, under its logical ID, the written properties of each layer the
/// function names (by `Ref` or `GetAtt`) that sets `PublishLambdaVersion`,
/// so a changed layer publishes a new version; otherwise the code location
/// (its parameters already resolved), the environment's keys, `MemorySize`, and
/// `SnapStart` when it applies.
fn version_hash_input(f: &Function, props: &lambda::Function, layers: &[Layer]) -> Value {
    if f.auto_publish_alias_all_properties {
        let mut all = serde_json::to_value(props).unwrap_or(Value::Null);
        if let (Value::Object(m), Some(Value::Array(named))) = (&mut all, &props.layers) {
            for id in named.iter().filter_map(intrinsic_logical_id) {
                let publishing = layers
                    .iter()
                    .find(|l| l.id == id)
                    .filter(|l| truthy(l.publish_lambda_version.as_ref()));
                if let Some(l) = publishing {
                    m.insert(
                        id.to_string(),
                        Value::Object(super::layer::written_properties(l)),
                    );
                }
            }
        }
        return all;
    }
    let mut m = match props.code.clone() {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    if let Some(Value::Object(env)) = props.environment.as_ref().filter(|e| truthy(Some(e))) {
        for (k, v) in env {
            m.insert(k.clone(), v.clone());
        }
    }
    if let Some(mem) = props.memory_size.as_ref().filter(|v| truthy(Some(v))) {
        m.insert("MemorySize".into(), mem.clone());
    }
    if let Some(snap) = props.snap_start.as_ref().filter(|v| truthy(Some(v))) {
        let applies = snap.get("ApplyOn").is_none_or(|a| a != "None");
        if applies {
            m.insert("SnapStart".into(), snap.clone());
        }
    }
    Value::Object(m)
}

/// The logical ID a `Ref` or a two-part `Fn::GetAtt` (list or dotted) names
/// (SAM's `get_logical_id_from_intrinsic`).
fn intrinsic_logical_id(v: &Value) -> Option<&str> {
    if !Expr::is_intrinsic(v) {
        return None;
    }
    if let Some(Value::String(id)) = v.get("Ref") {
        return Some(id);
    }
    match v.get("Fn::GetAtt")? {
        Value::Array(a) if a.len() == 2 => a.first()?.as_str(),
        Value::String(s) => match s.split('.').collect::<Vec<_>>().as_slice() {
            [id, _] => Some(id),
            _ => None,
        },
        _ => None,
    }
}

/// `FunctionUrlConfig`: `<Id>Url`, and for `AuthType: NONE` the two public
/// permissions SAM adds (SAM's `_construct_function_url` and friends).
fn function_url(f: &Function, url: &Value, target: Value, out: &mut Output) {
    let auth = url.get("AuthType").cloned();
    let r = lambda::Url {
        target_function_arn: target.clone(),
        auth_type: auth.clone(),
        cors: url.get("Cors").filter(|c| truthy(Some(c))).cloned(),
        invoke_mode: url.get("InvokeMode").cloned(),
    };
    out.add(
        &f.id,
        format!("{}Url", f.id),
        passthrough(f, Resource::typed(&r)),
    );
    if auth.as_ref().and_then(Value::as_str) != Some("NONE") || Expr::is_intrinsic(url) {
        return;
    }
    let public = lambda::UrlPermission {
        action: "lambda:InvokeFunctionUrl".into(),
        function_name: target.clone(),
        principal: "*".into(),
        function_url_auth_type: auth,
        invoked_via_function_url: None,
    };
    out.add(
        &f.id,
        format!("{}UrlPublicPermissions", f.id),
        passthrough(f, Resource::typed(&public)),
    );
    let invoke = lambda::UrlPermission {
        action: "lambda:InvokeFunction".into(),
        function_name: target,
        principal: "*".into(),
        function_url_auth_type: None,
        invoked_via_function_url: Some(Value::Bool(true)),
    };
    out.add(
        &f.id,
        format!("{}URLInvokeAllowPublicAccess", f.id),
        passthrough(f, Resource::typed(&invoke)),
    );
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
    invoke_policies: Vec<Value>,
    params: &Map<String, Value>,
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
        .chain(invoke_policies)
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
    let mut role = iam::execution_role(spec, partition, &mut out.diags);
    // Pull events add their policies after the user's (SAM's `_link_policy`).
    super::event_sources::link_role(f, &mut role, partition, params);
    role
}

/// `CapacityProviderConfig` as CloudFormation has it (SAM's
/// `_transform_capacity_provider_config`): under
/// `LambdaManagedInstancesCapacityProviderConfig`, `Arn` as `CapacityProviderArn`.
fn capacity_provider_config(c: &Value) -> Value {
    let mut m = Map::new();
    m.insert(
        "CapacityProviderArn".into(),
        c.get("Arn").cloned().unwrap_or(Value::Null),
    );
    for key in [
        "PerExecutionEnvironmentMaxConcurrency",
        "ExecutionEnvironmentMemoryGiBPerVCpu",
    ] {
        if let Some(v) = c.get(key).filter(|v| !v.is_null()) {
            m.insert(key.into(), v.clone());
        }
    }
    serde_json::json!({"LambdaManagedInstancesCapacityProviderConfig": m})
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
    let resolved = resolve_parameter_refs(role, params);
    let [c, t, e] = crate::model::value::if_args(resolved.get("Fn::If")?).ok()?;
    Some((c.clone(), t.clone(), e.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn alias_ids_spell_out_hyphens_and_underscores() {
        // SAM 1.115 output for `AutoPublishAlias: underScoreNAME_with-dash-01234`.
        assert_eq!(
            alias_id("FunctionAliasNameMix", "underScoreNAME_with-dash-01234"),
            "FunctionAliasNameMixAliasunderScoreNAMEUwithDdashD01234"
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
