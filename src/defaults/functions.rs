//! Functions: traced, and logging to a group whose logs expire.

use serde_json::{json, Value};

use super::{generated_role, ids_of, push_unique, set_absent, Hardening, Pass};
use crate::template::Template;
use crate::transform::iam::aws_managed_policy_arn;

pub(super) fn apply(t: &mut Template, pass: &mut Pass<'_>) {
    for id in ids_of(t, "AWS::Lambda::Function") {
        if pass.scope.untouched.contains(&id) {
            continue;
        }
        if pass.on(Hardening::Tracing, &id) {
            trace(t, pass, &id);
        }
        if pass.on(Hardening::FunctionLogs, &id) {
            log_group(t, pass, &id);
        }
    }
}

/// X-Ray on, and on the generated role the policy SAM adds for `Tracing:
/// Active`. Only for a function whose role stackwright generates: Lambda
/// refuses to create a traced function whose role may not write to X-Ray,
/// and a role of the user's is theirs to change.
fn trace(t: &mut Template, pass: &mut Pass<'_>, id: &str) {
    if t.resources
        .get(id)
        .is_none_or(|f| f.property("TracingConfig").is_some())
    {
        return;
    }
    let Some(role) = generated_role(t, pass, id, "Role") else {
        return;
    };
    if let Some(f) = t.resources.get_mut(id) {
        set_absent(f, "TracingConfig", json!({"Mode": "Active"}));
    }
    let arn = aws_managed_policy_arn("AWSXrayWriteOnlyAccess", pass.partition);
    push_unique(t, &role, "ManagedPolicyArns", Value::String(arn));
}

/// A generated log group with retention, named for the stack and function,
/// wired through `LoggingConfig.LogGroup`. Not Lambda's `/aws/lambda/<name>`:
/// on a stack moved from SAM, Lambda already made that group, and creating it
/// again would fail.
fn log_group(t: &mut Template, pass: &mut Pass<'_>, id: &str) {
    let Some(f) = t.resources.get(id) else {
        return;
    };
    let has_group = f
        .property("LoggingConfig")
        .is_some_and(|c| !c.is_object() || c.get("LogGroup").is_some());
    if has_group {
        return;
    }
    let condition = f.condition.clone();
    let group = format!("{id}LogGroup");
    let name = json!({"Fn::Sub": format!("/aws/lambda/${{AWS::StackName}}/{id}")});
    if !pass.add_log_group(t, id, &group, Some(name), condition) {
        return;
    }
    let Some(f) = t.resources.get_mut(id) else {
        return;
    };
    let props = f.properties.get_or_insert_with(Default::default);
    let config = props.entry("LoggingConfig").or_insert_with(|| json!({}));
    if let Value::Object(c) = config {
        c.insert("LogGroup".into(), json!({"Ref": group}));
    }
}
