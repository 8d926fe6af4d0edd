//! Web functions → `AWS::Lambda::WebFunction` `<Id>`, its revision
//! `<Id>Revision` and endpoint `<Id>Endpoint`, and, unless an
//! `ExecutionRoleArn` is given, the execution role `<Id>Role` (SAM's
//! `SamWebFunction`).
//!
//! Mirrors SAM: its transform-time rules and their messages (`_validate`:
//! `AutoDeploymentMode` against `RevisionWeights` and regional endpoint
//! types, `AuthType` required, timeout, weight and environment checks, the
//! network-connector ARN); one function name shared by all three resources
//! (the user's, or `<Id>-<stack GUID prefix>`, because `Ref` on the function
//! is its ARN); `CodeUri` as `BuildConfig.CodeConfig.S3Object`; scalar
//! environment values as strings and `EntryPoint` as
//! `AWS_LAMBDA_NODEJS_ENTRYPOINT`; weights as `[{RevisionId, Weight}]`,
//! else all traffic to this stack's revision; `ReplicaRegions` expanded.
//! Tags are `lambda:createdBy: SAM` then the user's, on the function and
//! the role.

mod regions;

use serde_json::{json, Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::s3_uri::read_location;
use crate::model::value::truthy;
use crate::model::web_function::WebFunction;
use crate::model::SamKinds;
use crate::sam::function::RESERVED_TAGS;
use crate::template::resources::lambda;
use crate::template::{Expr, Resource};

use super::iam::{self, RoleSpec};
use super::intrinsics::{resolve_in_place, resolve_parameter_refs};
use super::permissions::pass_through;
use super::{Context, Output};

const AUTO_DEPLOY_MODES: &str = "['LatestRevision', 'Disabled']";
const MIN_TIMEOUT: i128 = 3;
const MAX_TIMEOUT: i128 = 900;
const MAX_ENV_VALUE_LENGTH: usize = 4096;

pub fn expand_all(kinds: &SamKinds, params: &Map<String, Value>, ctx: &Context, out: &mut Output) {
    for w in &kinds.web_functions {
        expand(w, params, ctx, out);
    }
}

/// An integer as Python's `isinstance(v, int)` sees it (`bool` included).
fn py_int(v: &Value) -> Option<i128> {
    match v {
        Value::Bool(b) => Some(i128::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        _ => None,
    }
}

/// Python's `str()` of a value, as SAM's f-strings show it.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() => super::py27::python_float_repr(f),
            _ => n.to_string(),
        },
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(a) => format!("[{}]", a.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", py_repr(&Value::String(k.clone())), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// SAM's `_validate`, run before anything is built. SAM stops at its first
/// problem; the mode checks depend on the mode, so a bad mode stops here
/// too, while the other checks are reported together.
fn validate(w: &WebFunction, params: &Map<String, Value>, diags: &mut Diagnostics) {
    let cur = Cursor::new(&w.id);
    let err = |diags: &mut Diagnostics, m: String| cur.plain_error(diags, m);
    let resolved = |v: &Option<Value>, default: &str| {
        v.as_ref()
            .map(|v| resolve_parameter_refs(v, params))
            .filter(truthy)
            .unwrap_or_else(|| Value::String(default.into()))
    };
    let auto = resolved(&w.auto_deployment_mode, "LatestRevision");
    if Expr::is_intrinsic(&auto) {
        return err(diags, format!(
            "'AutoDeploymentMode' must resolve to one of {AUTO_DEPLOY_MODES} at transform time; \
             unresolved intrinsic functions are not supported because it is not passed through to CloudFormation."
        ));
    }
    let auto = match auto.as_str() {
        Some(m @ ("LatestRevision" | "Disabled")) => m.to_string(),
        _ => {
            return err(
                diags,
                format!(
                    "'AutoDeploymentMode' must be one of {AUTO_DEPLOY_MODES}, got '{}'.",
                    py_str(&auto)
                ),
            )
        }
    };
    if !w.auth_type.as_ref().is_some_and(truthy) {
        err(
            diags,
            "'AuthType' is required. Specify 'IamAuth' (Lambda authorizes requests with SigV4/IAM) or \
             'ApplicationManaged' (the endpoint is public and your function handles authorization)."
                .into(),
        );
    }
    let endpoint_type = resolved(&w.endpoint_type, "HomeRegion");
    let regional = endpoint_type
        .as_str()
        .filter(|t| matches!(*t, "MultiRegion" | "PerRegion"));
    let weights = w.revision_weights.as_ref().filter(|v| truthy(v));
    if auto == "LatestRevision" && weights.is_some() {
        err(
            diags,
            "'RevisionWeights' cannot be specified when 'AutoDeploymentMode' is 'LatestRevision'."
                .into(),
        );
    }
    if let Some(t) = regional.filter(|_| auto != "Disabled") {
        err(
            diags,
            format!("'AutoDeploymentMode' must be 'Disabled' when 'EndpointType' is '{t}'."),
        );
    }
    if auto == "Disabled" && regional.is_none() && weights.is_none() {
        err(
            diags,
            "'RevisionWeights' must be specified when 'AutoDeploymentMode' is 'Disabled'. Set \
             'AutoDeploymentMode' to 'LatestRevision' to route all traffic to the latest revision."
                .into(),
        );
    }
    if let Some(t) = w.timeout.as_ref().and_then(py_int) {
        if !(MIN_TIMEOUT..=MAX_TIMEOUT).contains(&t) {
            err(
                diags,
                format!("'Timeout' must be an integer between {MIN_TIMEOUT} and {MAX_TIMEOUT}."),
            );
        }
    }
    if let Some(weights) = weights {
        validate_weights(weights, &cur, diags);
    }
    if let Some(Value::Object(vars)) = w.environment_variables.as_ref() {
        if !Expr::is_intrinsic(&Value::Object(vars.clone())) {
            for (key, value) in vars {
                if !env_key_ok(key) {
                    err(
                        diags,
                        format!("Environment variable key '{key}' must match pattern '^[a-zA-Z][a-zA-Z0-9_]*$'."),
                    );
                }
                if let Value::String(s) = value {
                    if s.is_empty() {
                        err(
                            diags,
                            format!("Environment variable '{key}' value must not be empty."),
                        );
                    } else if s.chars().count() > MAX_ENV_VALUE_LENGTH {
                        err(diags, format!(
                            "Environment variable '{key}' value exceeds maximum length of {MAX_ENV_VALUE_LENGTH} characters."
                        ));
                    }
                }
            }
        }
    }
    if let Some(Value::String(arn)) = &w.egress_network_connector_arn {
        if !network_connector_arn_ok(arn) {
            err(
                diags,
                "'EgressNetworkConnectorArn' must be a version-qualified network-connector ARN \
                 (ending in ':<version>', e.g. the connector's LatestVersionArn)."
                    .into(),
            );
        }
    }
}

fn validate_weights(weights: &Value, cur: &Cursor, diags: &mut Diagnostics) {
    let Value::Object(map) = weights else {
        return cur.plain_error(
            diags,
            "'RevisionWeights' must be a map of revision IDs to weights (e.g., {\"rev-id\": 100}).",
        );
    };
    if Expr::is_intrinsic(weights) {
        return cur.plain_error(
            diags,
            "'RevisionWeights' does not support top-level intrinsic functions; provide a map of \
             revision IDs to weights (e.g., {\"rev-id\": 100}). Intrinsic functions may be used for \
             individual weight values.",
        );
    }
    for w in map.values() {
        match py_int(w) {
            None if !Expr::is_intrinsic(w) => {
                return cur.plain_error(
                    diags,
                    "'RevisionWeights' values must be integers or intrinsic functions.",
                )
            }
            Some(n) if !(1..=100).contains(&n) => {
                return cur.plain_error(
                    diags,
                    format!(
                        "'RevisionWeights' values must be between 1 and 100, got {}.",
                        py_str(w)
                    ),
                )
            }
            _ => {}
        }
    }
    if map.len() > 2 {
        return cur.plain_error(diags, "'RevisionWeights' supports a maximum of 2 entries.");
    }
    let ints: Option<Vec<i128>> = map.values().map(py_int).collect();
    if let Some(total) = ints.map(|v| v.iter().sum::<i128>()) {
        if total != 100 {
            cur.plain_error(
                diags,
                format!("'RevisionWeights' values must sum to 100, got {total}."),
            );
        }
    }
}

/// `re.match(r"^[a-zA-Z][a-zA-Z0-9_]*$", key)`; Python's `$` also matches
/// before a final newline.
fn env_key_ok(key: &str) -> bool {
    let key = key.strip_suffix('\n').unwrap_or(key);
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `^arn:[^:]+:lambda:[^:]*:[^:]*:network-connector:[^:]+:[^:]+$`.
fn network_connector_arn_ok(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    matches!(
        parts.as_slice(),
        ["arn", partition, "lambda", _, _, "network-connector", name, version]
            if !partition.is_empty() && !name.is_empty() && !version.is_empty()
    )
}

/// The name shared by the function, its revision and its endpoint: the
/// user's, or the logical ID (cut to 55 characters) and the first block of
/// the stack's GUID, which fits Lambda's 64 characters by construction.
fn function_name(w: &WebFunction) -> Value {
    if let Some(n) = w.function_name.as_ref().filter(|v| truthy(v)) {
        return n.clone();
    }
    let id: String = w.id.chars().take(55).collect();
    json!({"Fn::Sub": [
        format!("{id}-${{StackIdSuffix}}"),
        {"StackIdSuffix": {"Fn::Select": [0, {"Fn::Split": ["-",
            {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}]}]}},
    ]})
}

/// `lambda:createdBy: SAM`, then the user's tags (SAM's `_construct_tag_list`).
fn tags(w: &WebFunction) -> Vec<Value> {
    let mut list = vec![super::tags::tag("lambda:createdBy", "SAM".into())];
    if let Some(t) = &w.tags {
        list.extend(super::tags::tag_list(t));
    }
    list
}

/// `CodeUri` as the revision's S3 object (SAM's `_construct_code_config`).
fn code_config(w: &WebFunction, cur: &Cursor, diags: &mut Diagnostics) -> Option<Value> {
    if w.code_uri.is_some() && w.inline_code.is_some() {
        cur.plain_error(diags, "Only one of 'InlineCode' or 'CodeUri' can be set.");
        return None;
    }
    if let Some(uri) = w.code_uri.as_ref().filter(|v| truthy(v)) {
        let loc = read_location(cur, "CodeUri", uri, diags)?;
        let mut m = Map::new();
        m.insert("Bucket".into(), loc.bucket);
        m.insert("Key".into(), loc.key);
        if let Some(v) = loc.version {
            m.insert("VersionId".into(), v);
        }
        return Some(Value::Object(m));
    }
    if w.inline_code.as_ref().is_some_and(truthy) {
        cur.plain_error(
            diags,
            "'InlineCode' is not yet supported for 'AWS::Serverless::WebFunction'. Please use 'CodeUri' instead.",
        );
    } else {
        cur.plain_error(diags, "Either 'InlineCode' or 'CodeUri' must be set.");
    }
    None
}

/// `EnvironmentVariables` (scalars as strings) plus `EntryPoint`.
fn environment(w: &WebFunction, cur: &Cursor, diags: &mut Diagnostics) -> Option<Value> {
    let entry_point = w.entry_point.as_ref().filter(|v| truthy(v));
    if let Some(vars) = w.environment_variables.as_ref().filter(|v| truthy(v)) {
        if Expr::is_intrinsic(vars) {
            if entry_point.is_some() {
                cur.plain_error(
                    diags,
                    "'EntryPoint' cannot be used when 'EnvironmentVariables' is an intrinsic function.",
                );
            }
            return Some(vars.clone());
        }
    }
    let mut vars = w
        .environment_variables
        .as_ref()
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for v in vars.values_mut() {
        match v {
            Value::Bool(b) => *v = Value::String(b.to_string()),
            Value::Number(_) => *v = Value::String(py_repr(v)),
            _ => {}
        }
    }
    if let Some(e) = entry_point {
        vars.insert("AWS_LAMBDA_NODEJS_ENTRYPOINT".into(), e.clone());
    }
    (!vars.is_empty()).then_some(Value::Object(vars))
}

fn service_config(w: &WebFunction, role_arn: Value, env: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("ExecutionRoleArn".into(), role_arn);
    if let Some(e) = env {
        m.insert("EnvironmentVariables".into(), e);
    }
    if let Some(l) = w.logging_config.as_ref().filter(|v| truthy(v)) {
        m.insert("TelemetryConfig".into(), json!({"LoggingConfig": l}));
    }
    if let Some(c) = &w.max_concurrency_per_environment {
        m.insert("MaxConcurrencyPerEnvironment".into(), c.clone());
    }
    if let Some(a) = &w.egress_network_connector_arn {
        m.insert("EgressNetworkConnectorArn".into(), a.clone());
    }
    let timeout = w
        .timeout
        .clone()
        .filter(truthy)
        .unwrap_or_else(|| Value::from(30));
    m.insert("TimeoutSeconds".into(), timeout);
    Value::Object(m)
}

fn expand(w: &WebFunction, params: &Map<String, Value>, ctx: &Context, out: &mut Output) {
    let before = out.diags.len();
    validate(w, params, &mut out.diags);
    if out.diags.len() != before {
        return;
    }
    let cur = Cursor::new(&w.id);
    let diags = &mut out.diags;
    if let Some(t) = &w.tags {
        for reserved in RESERVED_TAGS {
            if t.contains_key(*reserved) {
                cur.plain_error(
                    diags,
                    format!(
                        "{reserved} is a reserved Tag key name and cannot be set on your resource. \
                         Please change the tag key in the input."
                    ),
                );
            }
        }
    }
    let code = code_config(w, &cur, diags);
    if w.runtime.is_none() {
        cur.plain_error(diags, "'Runtime' is required.");
    }
    let env = environment(w, &cur, diags);
    let regions = match w.replica_regions.as_ref().map(regions::regions) {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(m)) => {
            cur.plain_error(diags, m);
            None
        }
    };
    if out.diags.len() != before {
        return;
    }
    let (Some(code), Some(runtime)) = (code, w.runtime.clone()) else {
        return;
    };

    let id = &w.id;
    let name = function_name(w);
    let role_arn = match &w.execution_role_arn {
        Some(arn) => arn.clone(),
        None => {
            let spec = RoleSpec {
                owner: id,
                assume_role_policy_document: iam::assume_role_policy("lambda.amazonaws.com"),
                managed_policy_arns: vec![Value::String(iam::aws_managed_policy_arn(
                    "service-role/AWSLambdaBasicExecutionRole",
                    ctx.partition(),
                ))],
                policy_documents: Vec::new(),
                policies: &[],
                path: None,
                permissions_boundary: None,
                tags: Some(tags(w)),
            };
            let mut role =
                Resource::typed(&iam::execution_role(spec, ctx.partition(), &mut out.diags));
            pass_through(&mut role, &w.attributes);
            out.add(id, iam::role_id(id), role);
            Expr::get_att(iam::role_id(id), "Arn").into()
        }
    };

    let function = lambda::WebFunction {
        function_name: name.clone(),
        tags: tags(w),
    };
    out.add_main(id, Resource::typed(&function), &w.attributes);

    let revision_id = format!("{id}Revision");
    let revision = lambda::WebFunctionRevision {
        function_name: name.clone(),
        description: w.revision_description.clone(),
        kms_key_arn: w.kms_key_arn.clone(),
        build_config: json!({
            "CodeConfig": {"S3Object": code},
            "RuntimeConfig": {"Runtime": runtime},
        }),
        service_config: service_config(w, role_arn, env),
    };
    let mut r = Resource::typed(&revision);
    pass_through(&mut r, &w.attributes);
    r.depends_on = Some(json!([id]));
    out.add(id, revision_id.clone(), r);

    let weights = match w.revision_weights.as_ref().and_then(Value::as_object) {
        Some(m) if !m.is_empty() => m
            .iter()
            .map(|(rev, weight)| json!({"RevisionId": rev, "Weight": weight}))
            .collect(),
        _ => vec![json!({
            "RevisionId": Value::from(Expr::get_att(&revision_id, "RevisionId")),
            "Weight": 100,
        })],
    };
    // SAM resolves parameters inside `EndpointType` in place to check it,
    // so the endpoint shows those edits.
    let endpoint_type = w
        .endpoint_type
        .as_ref()
        .map(|t| resolve_in_place(t, params))
        .filter(truthy)
        .unwrap_or_else(|| "HomeRegion".into());
    let endpoint = lambda::WebFunctionEndpoint {
        function_name: name,
        endpoint_name: w
            .endpoint_name
            .clone()
            .filter(truthy)
            .unwrap_or_else(|| "prod".into()),
        endpoint_type,
        auth_type: w.auth_type.clone().unwrap_or_default(),
        revision_weights: Value::Array(weights),
        regions,
        description: w.endpoint_description.clone(),
        scaling_config: w.scaling_config.clone(),
        throttle_config: w.throttle_config.clone(),
    };
    let mut r = Resource::typed(&endpoint);
    pass_through(&mut r, &w.attributes);
    r.depends_on = Some(json!([id, revision_id]));
    out.add(id, format!("{id}Endpoint"), r);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_keys_as_python_matches_them() {
        assert!(env_key_ok("A_1"));
        assert!(env_key_ok("A\n"));
        assert!(!env_key_ok("_A"));
        assert!(!env_key_ok("1A"));
        assert!(!env_key_ok("A-B"));
    }

    #[test]
    fn network_connector_arns_need_a_version() {
        assert!(network_connector_arn_ok(
            "arn:aws:lambda:us-east-1:123456789012:network-connector:nc:1"
        ));
        assert!(!network_connector_arn_ok(
            "arn:aws:lambda:us-east-1:123456789012:network-connector:nc"
        ));
    }

    #[test]
    fn python_str_of_values() {
        assert_eq!(py_str(&json!("x")), "x");
        assert_eq!(py_str(&json!(1.5)), "1.5");
        assert_eq!(py_str(&json!(2.0)), "2.0");
        assert_eq!(py_str(&json!(["a", true])), "['a', True]");
    }
}
