//! API stages: traced (REST) and access-logged (REST, HTTP, WebSocket) into
//! generated log groups; optionally the account's API Gateway CloudWatch role.

use serde_json::{json, Value};

use super::{ids_of, set_absent, Hardening, Pass};
use crate::template::{Resource, Template};

/// JSON access-log format of REST stages.
pub const REST_ACCESS_LOG_JSON: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","responseLatency":"$context.responseLatency"}"#;

/// JSON access-log format of HTTP and WebSocket stages.
pub const V2_ACCESS_LOG_JSON: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","integrationError":"$context.integrationErrorMessage"}"#;

const ACCOUNT: &str = "ApiGatewayAccount";
const ACCOUNT_ROLE: &str = "ApiGatewayCloudWatchRole";

pub(super) fn apply(t: &mut Template, pass: &mut Pass<'_>) {
    let mut logged = Vec::new();
    for (type_, key, format) in [
        (
            "AWS::ApiGateway::Stage",
            "AccessLogSetting",
            REST_ACCESS_LOG_JSON,
        ),
        (
            "AWS::ApiGatewayV2::Stage",
            "AccessLogSettings",
            V2_ACCESS_LOG_JSON,
        ),
    ] {
        for id in ids_of(t, type_) {
            if pass.scope.untouched.contains(&id) {
                continue;
            }
            if type_ == "AWS::ApiGateway::Stage" && pass.on(Hardening::Tracing, &id) {
                if let Some(r) = t.resources.get_mut(&id) {
                    set_absent(r, "TracingEnabled", Value::Bool(true));
                }
            }
            if pass.on(Hardening::AccessLogs, &id) && access_logs(t, pass, &id, key, format) {
                logged.push(id);
            }
        }
    }
    if pass.cfg.api_gateway_account {
        account(t, pass, &logged);
    }
}

fn access_logs(t: &mut Template, pass: &mut Pass<'_>, id: &str, key: &str, format: &str) -> bool {
    let Some(stage) = t.resources.get(id) else {
        return false;
    };
    if stage.property(key).is_some() {
        return false;
    }
    let condition = stage.condition.clone();
    let group = format!("{id}AccessLogGroup");
    if !pass.add_log_group(t, id, &group, None, condition) {
        return false;
    }
    let Some(stage) = t.resources.get_mut(id) else {
        return false;
    };
    set_absent(
        stage,
        key,
        json!({"DestinationArn": {"Fn::GetAtt": [group, "Arn"]}, "Format": format}),
    )
}

/// The account-level setting REST and WebSocket logs need: API Gateway's
/// CloudWatch role. The stages that log wait for it.
fn account(t: &mut Template, pass: &mut Pass<'_>, logged: &[String]) {
    for id in [ACCOUNT, ACCOUNT_ROLE] {
        if t.resources.contains_key(id) {
            pass.diags.push(crate::error::Diagnostic::resource(
                id,
                "",
                format!("--api-gateway-account adds a resource '{id}', but the template already has one: rename it, or leave the account to the stack that declares it."),
            ));
            return;
        }
    }
    let mut role = Resource::new("AWS::IAM::Role");
    role.properties = Some(
        json!({
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": ["apigateway.amazonaws.com"]},
                    "Action": ["sts:AssumeRole"]
                }]
            },
            "ManagedPolicyArns": [format!(
                "arn:{}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
                pass.partition
            )]
        })
        .as_object()
        .cloned()
        .unwrap_or_default(),
    );
    t.insert(ACCOUNT_ROLE, role);
    let mut account = Resource::new("AWS::ApiGateway::Account");
    account.properties = Some(
        json!({"CloudWatchRoleArn": {"Fn::GetAtt": [ACCOUNT_ROLE, "Arn"]}})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    );
    t.insert(ACCOUNT, account);
    for id in logged {
        if let Some(stage) = t.resources.get_mut(id) {
            add_depends_on(stage, ACCOUNT);
        }
    }
}

fn add_depends_on(r: &mut Resource, on: &str) {
    let new = Value::String(on.into());
    r.depends_on = Some(match r.depends_on.take() {
        None => new,
        Some(Value::Array(mut list)) => {
            list.push(new);
            Value::Array(list)
        }
        Some(one) => Value::Array(vec![one, new]),
    });
}
