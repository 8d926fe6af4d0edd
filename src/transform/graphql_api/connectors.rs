//! The connectors SAM embeds in a GraphQL API, expanded as SAM's
//! `SamConnector` expands them with its connector profiles: a Lambda
//! authorizer gets an `AWS::Lambda::Permission` for AppSync
//! (`<Api>ToLambdaAuthConnector<N>WriteLambdaPermission`), a data source's
//! role a managed policy on its table or function
//! (`<DataSource>To{Table,Lambda}ConnectorPolicy`). Only the three
//! source/destination pairs a GraphQL API generates live here.

use serde_json::{json, Value};

use crate::template::resources::{iam, lambda};
use crate::template::Resource;

/// `%{Destination.Arn}` alone is the ARN; inside a longer string it becomes
/// an `Fn::Sub` with a `DestinationArn` variable (SAM's `profile_replace`).
fn destination_arn_with(arn: &Value, suffix: &str) -> Value {
    json!({"Fn::Sub": [format!("${{DestinationArn}}{suffix}"), {"DestinationArn": arn}]})
}

fn metadata(connector_id: &str, source: &str, destination: &str) -> Value {
    json!({"aws:sam:connectors": {connector_id: {
        "Source": {"Type": source},
        "Destination": {"Type": destination},
    }}})
}

/// AppSync GraphQL API → Lambda function, `Write`: AppSync may invoke the authorizer.
pub fn api_to_lambda(
    connector_id: &str,
    api_id_attr: Value,
    function_arn: &Value,
) -> (String, Resource) {
    let mut r = Resource::typed(&lambda::Permission {
        action: "lambda:InvokeFunction".into(),
        function_name: function_arn.clone(),
        principal: "appsync.amazonaws.com".into(),
        source_arn: Some(json!({"Fn::Sub": [
            "arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${SourceResourceId}",
            {"SourceResourceId": api_id_attr},
        ]})),
        source_account: None,
    });
    r.metadata = Some(metadata(
        connector_id,
        "AWS::AppSync::GraphQLApi",
        "AWS::Lambda::Function",
    ));
    (format!("{connector_id}WriteLambdaPermission"), r)
}

/// AppSync data source → DynamoDB table, with `Read` and/or `Write`.
pub fn data_source_to_table(
    connector_id: &str,
    role_name: Value,
    table_arn: &Value,
    permissions: &[&str],
) -> (String, Resource) {
    let resources = json!([table_arn, destination_arn_with(table_arn, "/index/*")]);
    let mut statements = Vec::new();
    // The profile's order (Read, then Write), whatever order they were asked in.
    if permissions.contains(&"Read") {
        statements.push(json!({
            "Effect": "Allow",
            "Action": [
                "dynamodb:GetItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:BatchGetItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:PartiQLSelect",
            ],
            "Resource": resources,
        }));
    }
    if permissions.contains(&"Write") {
        statements.push(json!({
            "Effect": "Allow",
            "Action": [
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:PartiQLDelete",
                "dynamodb:PartiQLInsert",
                "dynamodb:PartiQLUpdate",
            ],
            "Resource": resources,
        }));
    }
    managed_policy(connector_id, role_name, statements, "AWS::DynamoDB::Table")
}

/// AppSync data source → Lambda function, `Write`: the data source's role may invoke it.
pub fn data_source_to_lambda(
    connector_id: &str,
    role_name: Value,
    function_arn: &Value,
) -> (String, Resource) {
    let statement = json!({
        "Effect": "Allow",
        "Action": ["lambda:InvokeAsync", "lambda:InvokeFunction"],
        "Resource": [function_arn, destination_arn_with(function_arn, ":*")],
    });
    managed_policy(
        connector_id,
        role_name,
        vec![statement],
        "AWS::Lambda::Function",
    )
}

fn managed_policy(
    connector_id: &str,
    role_name: Value,
    statements: Vec<Value>,
    destination: &str,
) -> (String, Resource) {
    let mut r = Resource::typed(&iam::ManagedPolicy {
        policy_document: json!({"Version": "2012-10-17", "Statement": statements}),
        roles: vec![role_name],
    });
    r.metadata = Some(metadata(
        connector_id,
        "AWS::AppSync::DataSource",
        destination,
    ));
    (format!("{connector_id}Policy"), r)
}
