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

use crate::error::Cursor;
use crate::model::graphql_api::GraphQlApi;
use crate::model::value::truthy;
use crate::model::SamKinds;
use crate::template::{Expr, Resource};

use super::iam;
use super::tags::tag_list;
use super::{Context, Output};

mod connectors;

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
            Err((id, message)) => Cursor::new(id).plain_error(&mut out.diags, message),
        }
    }
}

/// A generated resource: its type, its properties (nulls dropped, as SAM
/// leaves unset properties out) and the API's resource attributes.
fn resource(api: &GraphQlApi, type_: &str, props: Map<String, Value>) -> Resource {
    let mut r = Resource::new(type_);
    r.properties = Some(props.into_iter().filter(|(_, v)| !v.is_null()).collect());
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

fn props(entries: Vec<(&str, Option<Value>)>) -> Map<String, Value> {
    entries
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
        .collect()
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
    let mut main = Map::new();
    main.insert(
        "Name".into(),
        api.name
            .clone()
            .filter(truthy)
            .unwrap_or_else(|| Value::String(id.to_string())),
    );
    for (key, v) in [
        ("Visibility", &api.visibility),
        ("OwnerContact", &api.owner_contact),
    ] {
        if let Some(v) = v.as_ref().filter(|v| truthy(v)) {
            main.insert(key.into(), v.clone());
        }
    }
    if let Some(x) = api.xray_enabled {
        main.insert("XrayEnabled".into(), Value::Bool(x));
    }
    for (key, v) in [
        ("IntrospectionConfig", &api.introspection_config),
        ("QueryDepthLimit", &api.query_depth_limit),
        ("ResolverCountLimit", &api.resolver_count_limit),
    ] {
        if let Some(v) = v.as_ref().filter(|v| truthy(v)) {
            main.insert(key.into(), v.clone());
        }
    }
    let mut lambda_authorizers = Vec::new();
    let mut default = api.auth.clone();
    default.shift_remove("Additional");
    let (name, config) = authorizer(id, &default, None)?;
    main.insert(
        "AuthenticationType".into(),
        api.auth.get("Type").cloned().unwrap_or(Value::Null),
    );
    if let Some(config) = config {
        if name == "LambdaAuthorizerConfig" {
            lambda_authorizers.push(config.get("AuthorizerUri").cloned().unwrap_or(Value::Null));
        }
        main.insert(name.into(), Value::Object(config));
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
            main.insert(
                "AdditionalAuthenticationProviders".into(),
                Value::Array(providers),
            );
        }
    }
    let mut tags = api.tags.clone().unwrap_or_default();
    tags.insert(CREATED_BY.into(), Value::String("SAM".into()));
    main.insert("Tags".into(), Value::Array(tag_list(&tags)));

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
                    resource(
                        api,
                        "AWS::IAM::Role",
                        props(vec![
                            (
                                "AssumeRolePolicyDocument",
                                Some(iam::assume_role_policy("appsync.amazonaws.com")),
                            ),
                            (
                                "ManagedPolicyArns",
                                Some(
                                    json!([{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs"}]),
                                ),
                            ),
                        ]),
                    ),
                ));
                Expr::get_att(&role_id, "Arn").into()
            }
        };
        log.insert("CloudWatchLogsRoleArn".into(), arn);
        main.insert("LogConfig".into(), Value::Object(log));
    }
    let mut out = vec![(
        id.to_string(),
        resource(api, "AWS::AppSync::GraphQLApi", main),
    )];

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
        resource(
            api,
            "AWS::AppSync::GraphQLSchema",
            props(vec![
                ("ApiId", Some(api_id.clone())),
                ("Definition", inline),
                ("DefinitionS3Location", uri),
            ]),
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
            resource(
                api,
                "AWS::AppSync::ApiKey",
                props(vec![
                    ("ApiId", Some(api_id.clone())),
                    ("ApiKeyId", key.get("ApiKeyId").cloned()),
                    ("Description", key.get("Description").cloned()),
                    ("Expires", key.get("ExpiresOn").cloned()),
                ]),
            ),
        ));
    }

    if let Some(cache) = &api.cache {
        let mut p = Map::new();
        p.insert("ApiId".into(), api_id.clone());
        for key in [
            "ApiCachingBehavior",
            "Type",
            "Ttl",
            "AtRestEncryptionEnabled",
            "TransitEncryptionEnabled",
        ] {
            if let Some(v) = cache.get(key) {
                p.insert(key.into(), v.clone());
            }
        }
        out.push((
            format!("{id}ApiCache"),
            resource(api, "AWS::AppSync::ApiCache", p),
        ));
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
            resource(
                api,
                "AWS::AppSync::DomainName",
                props(vec![
                    ("CertificateArn", domain.get("CertificateArn").cloned()),
                    ("DomainName", domain.get("DomainName").cloned()),
                    ("Description", domain.get("Description").cloned()),
                ]),
            ),
        ));
        out.push((
            format!("{id}DomainNameApiAssociation"),
            resource(
                api,
                "AWS::AppSync::DomainNameApiAssociation",
                props(vec![
                    ("ApiId", Some(api_id.clone())),
                    // The domain's `Ref` is its name (SAM's `domain_name` runtime attribute).
                    ("DomainName", Some(Expr::ref_(&domain_id).into())),
                ]),
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
            resource(
                api,
                "AWS::AppSync::FunctionConfiguration",
                props(vec![
                    ("ApiId", Some(api_id.clone())),
                    (
                        "Name",
                        Some(
                            f.get("Name")
                                .filter(|v| truthy(v))
                                .cloned()
                                .unwrap_or_else(|| Value::String(rel.clone())),
                        ),
                    ),
                    ("Code", code),
                    ("CodeS3Location", code_uri),
                    ("DataSourceName", Some(data_source)),
                    ("MaxBatchSize", f.get("MaxBatchSize").cloned()),
                    ("Description", f.get("Description").cloned()),
                    ("Runtime", Some(runtime)),
                    ("SyncConfig", sync_config(&f)),
                ]),
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
            let mut res = resource(
                api,
                "AWS::AppSync::Resolver",
                props(vec![
                    ("ApiId", Some(api_id.clone())),
                    ("CachingConfig", caching),
                    ("Code", code),
                    ("CodeS3Location", code_uri),
                    (
                        "FieldName",
                        Some(
                            r.get("FieldName")
                                .filter(|v| truthy(v))
                                .cloned()
                                .unwrap_or_else(|| Value::String(rel.clone())),
                        ),
                    ),
                    ("Kind", Some("PIPELINE".into())),
                    ("MaxBatchSize", truthy_value(&r, "MaxBatchSize")),
                    ("PipelineConfig", Some(json!({ "Functions": functions }))),
                    ("Runtime", Some(runtime)),
                    ("TypeName", Some(Value::String(type_name.clone()))),
                ]),
            );
            res.depends_on = Some(json!([schema_id]));
            out.push((format!("{id}{type_name}{rel}"), res));
        }
    }

    if none_data_source {
        out.push((
            none_id.clone(),
            resource(
                api,
                "AWS::AppSync::DataSource",
                props(vec![
                    ("ApiId", Some(api_id.clone())),
                    ("Name", Some(Value::String(none_id.clone()))),
                    ("Type", Some("NONE".into())),
                ]),
            ),
        ));
    }
    Ok(out)
}

/// The authorizer's config property name and value, when its type has one.
type AuthConfig = (&'static str, Option<Map<String, Value>>);

/// One authorizer's config property and value (SAM's
/// `_validate_and_extract_authorizer_config`); `index` for `Additional` ones.
fn authorizer(
    id: &str,
    auth: &Map<String, Value>,
    index: Option<usize>,
) -> Result<AuthConfig, Problem> {
    let fail = |msg: String| -> Problem { (id.to_string(), msg) };
    if without_nulls(auth).len() > 2 {
        let path = match index {
            Some(i) if i > 0 => format!("'Auth.Additional.{i}'"),
            _ => "'Auth'".to_string(),
        };
        return Err(fail(format!(
            "{path} has more than one authentication configuration defined."
        )));
    }
    let (key, name, type_) = match auth.get("Type").and_then(Value::as_str) {
        Some("AWS_LAMBDA") => ("LambdaAuthorizer", "LambdaAuthorizerConfig", "AWS_LAMBDA"),
        Some("OPENID_CONNECT") => ("OpenIDConnect", "OpenIDConnectConfig", "OPENID_CONNECT"),
        Some("AMAZON_COGNITO_USER_POOLS") => {
            ("UserPool", "UserPoolConfig", "AMAZON_COGNITO_USER_POOLS")
        }
        _ => return Ok(("", None)),
    };
    let Some(Value::Object(config)) = auth.get(key) else {
        return Err(fail(format!(
            "'{key}' must be defined if type is '{type_}'."
        )));
    };
    let mut config = without_nulls(config);
    if key == "UserPool" && index.is_some() {
        // Only the primary provider takes a default action.
        config.shift_remove("DefaultAction");
    }
    Ok((name, Some(config)))
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

fn data_sources(
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
            resource(
                api,
                "AWS::AppSync::DataSource",
                props(vec![
                    ("ApiId", Some(api_id.clone())),
                    ("Description", d.get("Description").cloned()),
                    ("DynamoDBConfig", Some(Value::Object(config))),
                    (
                        "Name",
                        Some(
                            truthy_value(&d, "Name").unwrap_or_else(|| Value::String(rel.clone())),
                        ),
                    ),
                    ("ServiceRoleArn", Some(role_arn)),
                    ("Type", Some("AMAZON_DYNAMODB".into())),
                ]),
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
            resource(
                api,
                "AWS::AppSync::DataSource",
                props(vec![
                    ("ApiId", Some(api_id.clone())),
                    ("Description", d.get("Description").cloned()),
                    (
                        "LambdaConfig",
                        Some(json!({ "LambdaFunctionArn": function_arn })),
                    ),
                    (
                        "Name",
                        Some(
                            truthy_value(&d, "Name").unwrap_or_else(|| Value::String(rel.clone())),
                        ),
                    ),
                    ("ServiceRoleArn", Some(role_arn)),
                    ("Type", Some("AWS_LAMBDA".into())),
                ]),
            ),
        ));
        out.extend(generated);
        names.insert(rel.clone(), Expr::get_att(&ds_id, "Name").into());
    }
}

/// A data source's role: AppSync may assume it; its connector adds the policy.
fn appsync_role(api: &GraphQlApi) -> Resource {
    resource(
        api,
        "AWS::IAM::Role",
        props(vec![(
            "AssumeRolePolicyDocument",
            Some(iam::assume_role_policy("appsync.amazonaws.com")),
        )]),
    )
}
