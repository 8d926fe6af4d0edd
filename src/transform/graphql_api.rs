//! GraphQL APIs → `AWS::AppSync::GraphQLApi` and its `<Id>Schema`, the
//! `<Id>CloudWatchRole` of default logging, API keys, `<Id>ApiCache`, data
//! sources (`<Id><Name>DynamoDBDataSource` / `LambdaDataSource`, each with a
//! role and connector policy unless a `ServiceRoleArn` is given), the
//! domain and its association, pipeline functions (`<Id><Name>`), pipeline
//! resolvers (`<Id><Type><Field>`) and the shared `<Id>NoneDataSource`
//! (SAM's `SamGraphQLApi`).
//!
//! Mirrors SAM: the first problem stops the API, named after the function
//! or resolver it is in where SAM names that; a resolver without code gets
//! SAM's default `APPSYNC_JS` pass-through code; everything generated
//! carries the API's resource attributes (`DependsOn` included), except
//! that resolvers depend on the schema instead.

use serde_json::{json, Map, Value};

use crate::error::Diagnostic;
use crate::model::graphql_api::GraphQlApi;
use crate::model::value::truthy;
use crate::model::SamKinds;
use crate::template::resources::{appsync, iam as cfn_iam};
use crate::template::{Expr, Resource, ResourceType};

use super::iam;
use super::tags::tag_list;
use super::{Context, Output};

mod auth;
mod connectors;
mod data_sources;

use auth::authorizer;
use data_sources::data_sources;

/// SAM's `APPSYNC_PIPELINE_RESOLVER_JS_CODE`.
const DEFAULT_RESOLVER_CODE: &str = "\nexport function request(ctx) {\n    return {};\n}\n\nexport function response(ctx) {\n    return ctx.prev.result;\n}\n";

const CREATED_BY: &str = "graphqlapi:createdBy";

/// A problem that stops the API: the ID SAM names, and its message.
type Problem = (String, String);

/// Expands every GraphQL API.
pub fn expand_all(kinds: &SamKinds, _ctx: &Context, out: &mut Output) {
    for api in &kinds.graphql_apis {
        match expand(api) {
            Ok(resources) => {
                for (id, r) in resources {
                    if id == api.id {
                        out.add_main(&api.id, r, &api.attributes);
                    } else {
                        out.add(&api.id, id, r);
                    }
                }
            }
            // Each API's problem is its own, even when two name the same
            // function or resolver.
            Err((id, message)) => out.diags.push(Diagnostic {
                named: (id != api.id).then(|| id.into()),
                ..Diagnostic::resource(&api.id, "", message)
            }),
        }
    }
}

/// A generated resource with the API's resource attributes.
fn attach(api: &GraphQlApi, mut r: Resource) -> Resource {
    let a = &api.attributes;
    r.condition = a.condition.clone();
    r.depends_on = a.depends_on.clone();
    r.deletion_policy = a.deletion_policy.clone();
    r.update_replace_policy = a.update_replace_policy.clone();
    r.metadata = a.metadata.clone();
    if let Some(u) = &a.update_policy {
        r.other.insert("UpdatePolicy".into(), u.clone());
    }
    r
}

fn typed<T: ResourceType>(api: &GraphQlApi, props: &T) -> Resource {
    attach(api, Resource::typed(props))
}

/// A property as written, `null` being unset (as in SAM's model).
fn opt(m: &Map<String, Value>, key: &str) -> Option<Value> {
    m.get(key).filter(|v| !v.is_null()).cloned()
}

/// A value SAM passes on only when it is truthy.
fn truthy_value(m: &Map<String, Value>, key: &str) -> Option<Value> {
    m.get(key).filter(|v| truthy(v)).cloned()
}

/// Without `null`s (SAM's `remove_none_values` on a model's `dict()`).
fn without_nulls(m: &Map<String, Value>) -> Map<String, Value> {
    m.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn expand(api: &GraphQlApi) -> Result<Vec<(String, Resource)>, Problem> {
    let id = api.id.as_str();
    let api_id: Value = Expr::get_att(id, "ApiId").into();
    let fail = |msg: String| -> Problem { (id.to_string(), msg) };

    // The API, its authentication and logging.
    let mut main = appsync::GraphQlApi {
        name: Some(
            api.name
                .clone()
                .filter(truthy)
                .unwrap_or_else(|| Value::String(id.to_string())),
        ),
        visibility: api.visibility.clone().filter(truthy),
        owner_contact: api.owner_contact.clone().filter(truthy),
        xray_enabled: api.xray_enabled.map(Value::Bool),
        introspection_config: api.introspection_config.clone().filter(truthy),
        query_depth_limit: api.query_depth_limit.clone().filter(truthy),
        resolver_count_limit: api.resolver_count_limit.clone().filter(truthy),
        ..Default::default()
    };
    let mut lambda_authorizers = Vec::new();
    let mut default = api.auth.clone();
    default.shift_remove("Additional");
    let (name, config) = authorizer(id, &default, None)?;
    main.authentication_type = api.auth.get("Type").cloned();
    if let Some(config) = config {
        if name == "LambdaAuthorizerConfig" {
            lambda_authorizers.push(config.get("AuthorizerUri").cloned().unwrap_or(Value::Null));
        }
        let config = Some(Value::Object(config));
        match name {
            "LambdaAuthorizerConfig" => main.lambda_authorizer_config = config,
            "OpenIDConnectConfig" => main.open_id_connect_config = config,
            _ => main.user_pool_config = config,
        }
    }
    if let Some(Value::Array(additional)) = api.auth.get("Additional") {
        let mut providers = Vec::new();
        for (i, a) in additional.iter().enumerate() {
            let a = a.as_object().cloned().unwrap_or_default();
            let (name, config) = authorizer(id, &a, Some(i))?;
            let mut p = Map::new();
            p.insert(
                "AuthenticationType".into(),
                a.get("Type").cloned().unwrap_or(Value::Null),
            );
            if let Some(config) = config {
                if name == "LambdaAuthorizerConfig" {
                    lambda_authorizers
                        .push(config.get("AuthorizerUri").cloned().unwrap_or(Value::Null));
                }
                p.insert(name.into(), Value::Object(config));
            }
            providers.push(Value::Object(p));
        }
        if !providers.is_empty() {
            main.additional_authentication_providers = Some(Value::Array(providers));
        }
    }
    let mut tags = api.tags.clone().unwrap_or_default();
    tags.insert(CREATED_BY.into(), Value::String("SAM".into()));
    main.tags = Some(Value::Array(tag_list(&tags)));

    let mut cloudwatch_role = None;
    if let Some(logging) = &api.logging {
        let mut log = Map::new();
        let role_arn = match logging {
            None => None,
            Some(cfg) => {
                if let Some(v) = truthy_value(cfg, "ExcludeVerboseContent") {
                    log.insert("ExcludeVerboseContent".into(), v);
                }
                log.insert(
                    "FieldLogLevel".into(),
                    truthy_value(cfg, "FieldLogLevel").unwrap_or_else(|| "ALL".into()),
                );
                truthy_value(cfg, "CloudWatchLogsRoleArn")
            }
        };
        log.entry("FieldLogLevel").or_insert_with(|| "ALL".into());
        let arn = match role_arn {
            Some(arn) => arn,
            None => {
                let role_id = format!("{id}CloudWatchRole");
                cloudwatch_role = Some((
                    role_id.clone(),
                    typed(
                        api,
                        &cfn_iam::Role {
                            assume_role_policy_document: iam::assume_role_policy(
                                "appsync.amazonaws.com",
                            ),
                            managed_policy_arns: Some(vec![
                                json!({"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs"}),
                            ]),
                            ..Default::default()
                        },
                    ),
                ));
                Expr::get_att(&role_id, "Arn").into()
            }
        };
        log.insert("CloudWatchLogsRoleArn".into(), arn);
        main.log_config = Some(Value::Object(log));
    }
    let mut out = vec![(id.to_string(), typed(api, &main))];

    // The schema.
    let inline = api.schema_inline.clone().filter(truthy);
    let uri = api.schema_uri.clone().filter(truthy);
    match (&inline, &uri) {
        (None, None) => {
            return Err(fail(
                "One of 'SchemaInline' or 'SchemaUri' must be set.".into(),
            ))
        }
        (Some(_), Some(_)) => {
            return Err(fail(
                "Both 'SchemaInline' and 'SchemaUri' cannot be defined at the same time.".into(),
            ))
        }
        _ => {}
    }
    let schema_id = format!("{id}Schema");
    out.push((
        schema_id.clone(),
        typed(
            api,
            &appsync::GraphQlSchema {
                api_id: Some(api_id.clone()),
                definition: inline,
                definition_s3_location: uri,
            },
        ),
    ));

    for (i, arn) in lambda_authorizers.iter().enumerate() {
        let connector = format!("{id}ToLambdaAuthConnector{}", i + 1);
        out.push(connectors::api_to_lambda(&connector, api_id.clone(), arn));
    }
    if let Some(role) = cloudwatch_role {
        out.push(role);
    }

    for (name, key) in &api.api_keys {
        let key = key.as_object().cloned().unwrap_or_default();
        out.push((
            format!("{id}{name}"),
            typed(
                api,
                &appsync::ApiKey {
                    api_id: Some(api_id.clone()),
                    api_key_id: opt(&key, "ApiKeyId"),
                    description: opt(&key, "Description"),
                    expires: opt(&key, "ExpiresOn"),
                },
            ),
        ));
    }

    if let Some(cache) = &api.cache {
        let props = appsync::ApiCache {
            api_caching_behavior: opt(cache, "ApiCachingBehavior"),
            api_id: Some(api_id.clone()),
            type_: opt(cache, "Type"),
            ttl: opt(cache, "Ttl"),
            at_rest_encryption_enabled: opt(cache, "AtRestEncryptionEnabled"),
            transit_encryption_enabled: opt(cache, "TransitEncryptionEnabled"),
        };
        out.push((format!("{id}ApiCache"), typed(api, &props)));
    }

    // Data sources, DynamoDB then Lambda; names for functions to refer to.
    let mut data_source_names: Map<String, Value> = Map::new();
    if let Some(ds) = &api.data_sources {
        data_sources(api, ds, &api_id, &mut data_source_names, &mut out);
    }

    if let Some(domain) = &api.domain_name {
        let domain_id = format!("{id}DomainName");
        out.push((
            domain_id.clone(),
            typed(
                api,
                &appsync::DomainName {
                    certificate_arn: opt(domain, "CertificateArn"),
                    domain_name: opt(domain, "DomainName"),
                    description: opt(domain, "Description"),
                },
            ),
        ));
        out.push((
            format!("{id}DomainNameApiAssociation"),
            typed(
                api,
                &appsync::DomainNameApiAssociation {
                    api_id: Some(api_id.clone()),
                    // The domain's `Ref` is its name (SAM's `domain_name` runtime attribute).
                    domain_name: Some(Expr::ref_(&domain_id).into()),
                },
            ),
        ));
    }

    // Pipeline functions.
    let mut none_data_source = false;
    let none_id = format!("{id}NoneDataSource");
    let mut function_ids: Map<String, Value> = Map::new();
    for (rel, f) in &api.functions {
        let f = f.as_object().cloned().unwrap_or_default();
        let fail_here = |msg: &str| -> Problem { (rel.clone(), msg.to_string()) };
        if let Some(fid) = f.get("Id").filter(|v| !v.is_null()) {
            if without_nulls(&f).len() != 1 {
                return Err(fail_here(
                    "'Id' cannot be defined with other properties in Function.",
                ));
            }
            function_ids.insert(rel.clone(), fid.clone());
            continue;
        }
        let (code, code_uri) = match (truthy_value(&f, "InlineCode"), truthy_value(&f, "CodeUri")) {
            (Some(_), Some(_)) => {
                return Err(fail_here(
                    "Both 'InlineCode' and 'CodeUri' cannot be defined at the same time.",
                ))
            }
            (None, None) => return Err(fail_here("One of 'InlineCode' or 'CodeUri' must be set.")),
            (c, u) => (c, u),
        };
        let data_source = match f.get("DataSource").filter(|v| truthy(v)) {
            None => return Err(fail_here("'DataSource' must be set.")),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("none") => {
                none_data_source = true;
                Expr::get_att(&none_id, "Name").into()
            }
            Some(Value::String(s)) => match data_source_names.get(s) {
                Some(n) => n.clone(),
                None => {
                    return Err(fail_here(&format!(
                        "Either define DataSource '{s}' in 'DataSources' or use intrinsic function like GetAtt, ImportValue, Sub or another one to reference a DataSource defined outside of this GraphQLApi resource."
                    )))
                }
            },
            Some(other) => other.clone(),
        };
        let runtime = runtime(&f).ok_or_else(|| {
            fail_here(&format!(
                "'Runtime' must be defined as a property in {rel}."
            ))
        })?;
        let function_id = format!("{id}{rel}");
        out.push((
            function_id.clone(),
            typed(
                api,
                &appsync::FunctionConfiguration {
                    api_id: Some(api_id.clone()),
                    data_source_name: Some(data_source),
                    name: Some(
                        f.get("Name")
                            .filter(|v| truthy(v))
                            .cloned()
                            .unwrap_or_else(|| Value::String(rel.clone())),
                    ),
                    code,
                    code_s3_location: code_uri,
                    description: opt(&f, "Description"),
                    max_batch_size: opt(&f, "MaxBatchSize"),
                    runtime: Some(runtime),
                    sync_config: sync_config(&f),
                },
            ),
        ));
        function_ids.insert(
            rel.clone(),
            Expr::get_att(&function_id, "FunctionId").into(),
        );
    }

    // Pipeline resolvers.
    for (type_name, fields) in &api.resolvers {
        let Some(fields) = fields.as_object() else {
            continue;
        };
        for (rel, r) in fields {
            let r = r.as_object().cloned().unwrap_or_default();
            let fail_here = |msg: &str| -> Problem { (rel.clone(), msg.to_string()) };
            let code = truthy_value(&r, "InlineCode");
            let code_uri = truthy_value(&r, "CodeUri");
            if code.is_some() && code_uri.is_some() {
                return Err(fail_here(
                    "Both 'InlineCode' and 'CodeUri' cannot be defined at the same time.",
                ));
            }
            let (code, runtime) = if code.is_none() && code_uri.is_none() {
                (
                    Some(Value::String(DEFAULT_RESOLVER_CODE.into())),
                    json!({"Name": "APPSYNC_JS", "RuntimeVersion": "1.0.0"}),
                )
            } else {
                let rt = runtime(&r).ok_or_else(|| {
                    fail_here(&format!(
                        "'Runtime' must be defined as a property in {rel}."
                    ))
                })?;
                (code, rt)
            };
            let pipeline = match r.get("Pipeline") {
                Some(Value::Array(p)) if !p.is_empty() => p,
                _ => {
                    return Err(fail_here(&format!(
                        "Resolver '{rel}' must have Pipeline defined. Unit resolvers are not supported. If you need a Unit resolver you can use AppSync resource."
                    )))
                }
            };
            let mut functions = Vec::new();
            for name in pipeline {
                let name = match name {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                match function_ids.get(&name) {
                    Some(fid) => functions.push(fid.clone()),
                    None => return Err(fail_here(&format!("Function '{name}' does not exist."))),
                }
            }
            let caching = r
                .get("Caching")
                .and_then(Value::as_object)
                .map(|c| Value::Object(without_nulls(c)));
            let mut res = typed(
                api,
                &appsync::Resolver {
                    api_id: Some(api_id.clone()),
                    caching_config: caching,
                    code,
                    code_s3_location: code_uri,
                    field_name: Some(
                        r.get("FieldName")
                            .filter(|v| truthy(v))
                            .cloned()
                            .unwrap_or_else(|| Value::String(rel.clone())),
                    ),
                    kind: Some("PIPELINE".into()),
                    max_batch_size: truthy_value(&r, "MaxBatchSize"),
                    pipeline_config: Some(json!({ "Functions": functions })),
                    runtime: Some(runtime),
                    type_name: Some(Value::String(type_name.clone())),
                    ..Default::default()
                },
            );
            res.depends_on = Some(json!([schema_id]));
            out.push((format!("{id}{type_name}{rel}"), res));
        }
    }

    if none_data_source {
        out.push((
            none_id.clone(),
            typed(
                api,
                &appsync::DataSource {
                    api_id: Some(api_id.clone()),
                    name: Some(Value::String(none_id.clone())),
                    type_: Some("NONE".into()),
                    ..Default::default()
                },
            ),
        ));
    }
    Ok(out)
}

/// `{Name, RuntimeVersion}` from SAM's `Runtime: {Name, Version}`.
fn runtime(m: &Map<String, Value>) -> Option<Value> {
    let r = m.get("Runtime")?.as_object()?;
    Some(json!({
        "Name": r.get("Name").cloned().unwrap_or(Value::Null),
        "RuntimeVersion": r.get("Version").cloned().unwrap_or(Value::Null),
    }))
}

/// `Sync` as SAM's model dumps it, without unset values.
fn sync_config(m: &Map<String, Value>) -> Option<Value> {
    let s = m.get("Sync")?.as_object()?;
    Some(Value::Object(without_nulls(s)))
}
