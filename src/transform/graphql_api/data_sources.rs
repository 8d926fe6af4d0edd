//! A GraphQL API's `DataSources`: `<Id><Name>DynamoDBDataSource` and
//! `<Id><Name>LambdaDataSource`, each with an AppSync role and a connector
//! policy unless a `ServiceRoleArn` is given (SAM's `SamGraphQLApi`).

use serde_json::{json, Map, Value};

use crate::model::graphql_api::GraphQlApi;
use crate::template::resources::{appsync, iam as cfn_iam};
use crate::template::{Expr, Resource};

use super::super::iam;
use super::{connectors, opt, truthy_value, typed};

pub(super) fn data_sources(
    api: &GraphQlApi,
    ds: &Map<String, Value>,
    api_id: &Value,
    names: &mut Map<String, Value>,
    out: &mut Vec<(String, Resource)>,
) {
    let id = api.id.as_str();
    let entries = |key: &str| {
        ds.get(key)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    for (rel, d) in entries("DynamoDb") {
        let d = d.as_object().cloned().unwrap_or_default();
        let ds_id = format!("{id}{rel}DynamoDBDataSource");
        let region = truthy_value(&d, "Region").unwrap_or_else(|| Expr::ref_("AWS::Region").into());
        let mut config = Map::new();
        config.insert("AwsRegion".into(), region.clone());
        config.insert(
            "TableName".into(),
            d.get("TableName").cloned().unwrap_or(Value::Null),
        );
        for key in ["UseCallerCredentials", "Versioned"] {
            if let Some(v) = truthy_value(&d, key) {
                config.insert(key.into(), v);
            }
        }
        if let Some(Value::Object(delta)) = d.get("DeltaSync") {
            let mut m = Map::new();
            for key in ["BaseTableTTL", "DeltaSyncTableName", "DeltaSyncTableTTL"] {
                m.insert(key.into(), delta.get(key).cloned().unwrap_or(Value::Null));
            }
            config.insert("DeltaSyncConfig".into(), Value::Object(m));
        }
        let mut generated = Vec::new();
        let role_arn = match truthy_value(&d, "ServiceRoleArn") {
            Some(arn) => arn,
            None => {
                let table_arn = truthy_value(&d, "TableArn").unwrap_or_else(|| {
                    json!({"Fn::Sub": [
                        "arn:${AWS::Partition}:dynamodb:${__Region__}:${AWS::AccountId}:table/${__TableName__}",
                        {
                            "__TableName__": d.get("TableName").cloned().unwrap_or(Value::Null),
                            "__Region__": region,
                        },
                    ]})
                });
                let permissions: Vec<&str> = match d.get("Permissions") {
                    Some(Value::Array(p)) if !p.is_empty() => {
                        p.iter().filter_map(Value::as_str).collect()
                    }
                    _ => vec!["Read", "Write"],
                };
                let role_id = format!("{ds_id}Role");
                generated.push((role_id.clone(), appsync_role(api)));
                generated.push(connectors::data_source_to_table(
                    &format!("{ds_id}ToTableConnector"),
                    Expr::ref_(&role_id).into(),
                    &table_arn,
                    &permissions,
                ));
                Expr::get_att(&role_id, "Arn").into()
            }
        };
        out.push((
            ds_id.clone(),
            typed(
                api,
                &appsync::DataSource {
                    api_id: Some(api_id.clone()),
                    description: opt(&d, "Description"),
                    name: Some(
                        truthy_value(&d, "Name").unwrap_or_else(|| Value::String(rel.clone())),
                    ),
                    type_: Some("AMAZON_DYNAMODB".into()),
                    service_role_arn: Some(role_arn),
                    dynamodb_config: Some(Value::Object(config)),
                    ..Default::default()
                },
            ),
        ));
        out.extend(generated);
        names.insert(rel.clone(), Expr::get_att(&ds_id, "Name").into());
    }
    for (rel, d) in entries("Lambda") {
        let d = d.as_object().cloned().unwrap_or_default();
        let ds_id = format!("{id}{rel}LambdaDataSource");
        let function_arn = d.get("FunctionArn").cloned().unwrap_or(Value::Null);
        let mut generated = Vec::new();
        let role_arn = match truthy_value(&d, "ServiceRoleArn") {
            Some(arn) => arn,
            None => {
                let role_id = format!("{ds_id}Role");
                generated.push((role_id.clone(), appsync_role(api)));
                generated.push(connectors::data_source_to_lambda(
                    &format!("{ds_id}ToLambdaConnector"),
                    Expr::ref_(&role_id).into(),
                    &function_arn,
                ));
                Expr::get_att(&role_id, "Arn").into()
            }
        };
        out.push((
            ds_id.clone(),
            typed(
                api,
                &appsync::DataSource {
                    api_id: Some(api_id.clone()),
                    description: opt(&d, "Description"),
                    name: Some(
                        truthy_value(&d, "Name").unwrap_or_else(|| Value::String(rel.clone())),
                    ),
                    type_: Some("AWS_LAMBDA".into()),
                    service_role_arn: Some(role_arn),
                    lambda_config: Some(json!({ "LambdaFunctionArn": function_arn })),
                    ..Default::default()
                },
            ),
        ));
        out.extend(generated);
        names.insert(rel.clone(), Expr::get_att(&ds_id, "Name").into());
    }
}

/// A data source's role: AppSync may assume it; its connector adds the policy.
fn appsync_role(api: &GraphQlApi) -> Resource {
    typed(
        api,
        &cfn_iam::Role {
            assume_role_policy_document: iam::assume_role_policy("appsync.amazonaws.com"),
            ..Default::default()
        },
    )
}
