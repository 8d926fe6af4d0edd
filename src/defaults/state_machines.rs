//! State machines: traced, and logging errors to a group whose logs expire.
//!
//! Both need permissions on the state machine's role (Step Functions checks
//! them when it creates the state machine), so both apply only where
//! stackwright generated that role.

use serde_json::{json, Value};

use super::{generated_role, ids_of, push_unique, set_absent, Hardening, Pass};
use crate::template::Template;
use crate::transform::iam::aws_managed_policy_arn;

const TYPE: &str = "AWS::StepFunctions::StateMachine";

/// What Step Functions needs to deliver its logs to CloudWatch Logs (its
/// "IAM policies for logging to CloudWatch Logs"): log delivery is an
/// account-level API, so these take no resource narrower than `*`.
const LOG_DELIVERY_ACTIONS: [&str; 8] = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
];

pub(super) fn apply(t: &mut Template, pass: &mut Pass<'_>) {
    for id in ids_of(t, TYPE) {
        if pass.scope.untouched.contains(&id) {
            continue;
        }
        let Some(role) = generated_role(t, pass, &id, "RoleArn") else {
            continue;
        };
        if pass.on(Hardening::Tracing, &id) {
            trace(t, pass, &id, &role);
        }
        if pass.on(Hardening::StateMachineLogs, &id) {
            log_errors(t, pass, &id, &role);
        }
    }
}

/// X-Ray on, with the policy SAM adds to the role for `Tracing: {Enabled: true}`.
fn trace(t: &mut Template, pass: &mut Pass<'_>, id: &str, role: &str) {
    let Some(sm) = t.resources.get_mut(id) else {
        return;
    };
    if !set_absent(sm, "TracingConfiguration", json!({"Enabled": true})) {
        return;
    }
    let arn = aws_managed_policy_arn("AWSXrayWriteOnlyAccess", pass.partition);
    push_unique(t, role, "ManagedPolicyArns", Value::String(arn));
}

/// Errors (not execution data, which can hold personal data) into a
/// generated group under `/aws/vendedlogs/`, the prefix AWS advises for
/// vended logs so the account's log resource policy stays small.
fn log_errors(t: &mut Template, pass: &mut Pass<'_>, id: &str, role: &str) {
    let Some(sm) = t.resources.get(id) else {
        return;
    };
    if sm.property("LoggingConfiguration").is_some() {
        return;
    }
    let condition = sm.condition.clone();
    let group = format!("{id}LogGroup");
    let name = json!({"Fn::Sub": format!("/aws/vendedlogs/states/${{AWS::StackName}}/{id}")});
    if !pass.add_log_group(t, id, &group, Some(name), condition) {
        return;
    }
    if let Some(sm) = t.resources.get_mut(id) {
        set_absent(
            sm,
            "LoggingConfiguration",
            json!({
                "Level": "ERROR",
                "IncludeExecutionData": false,
                "Destinations": [
                    {"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": [group, "Arn"]}}}
                ]
            }),
        );
    }
    push_unique(
        t,
        role,
        "Policies",
        json!({
            "PolicyName": format!("{id}LogDelivery"),
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": LOG_DELIVERY_ACTIONS,
                    "Resource": "*"
                }]
            }
        }),
    );
}
