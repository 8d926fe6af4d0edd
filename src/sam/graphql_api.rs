//! `AWS::Serverless::GraphQLApi` properties →
//! [`model::GraphQlApi`](crate::model::graphql_api::GraphQlApi).
//!
//! Mirrors SAM's `SamGraphQLApi`: its property types, then its pydantic
//! model (`aws_serverless_graphqlapi.Properties`, extra keys forbidden),
//! which reports only the first problem, as "Property 'Auth.Type' is
//! invalid.". What needs the other parts of the API (data source names,
//! pipeline functions, code and runtime rules) is checked by the transform.

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::graphql_api::GraphQlApi;
use crate::model::value::truthy;

use super::coerce;
use super::props::Props;
use super::reader::Source;

const TYPE: &str = "AWS::Serverless::GraphQLApi";

/// A pydantic field type, as SAM's model declares it.
enum S {
    /// `PassThroughProp`: anything.
    Any,
    /// `str` (numbers are coerced).
    Str,
    /// `SamIntrinsicable[str]`.
    StrOrDict,
    Bool,
    /// `DictStrAny`.
    Map,
    /// A `Literal` of strings.
    OneOf(&'static [&'static str]),
    List(&'static S),
    /// `dict[str, S]`.
    Dict(&'static S),
    /// A model: fields (name, type, required); other keys are invalid.
    Model(&'static [(&'static str, S, bool)]),
    /// `Union[Logging, bool]`.
    ModelOrBool(&'static S),
}

const AUTH_TYPES: &[&str] = &[
    "AWS_IAM",
    "API_KEY",
    "AWS_LAMBDA",
    "OPENID_CONNECT",
    "AMAZON_COGNITO_USER_POOLS",
];
const LAMBDA_AUTHORIZER: S = S::Model(&[
    ("AuthorizerResultTtlInSeconds", S::Any, false),
    ("AuthorizerUri", S::Any, true),
    ("IdentityValidationExpression", S::Any, false),
]);
const OPENID_CONNECT: S = S::Model(&[
    ("AuthTTL", S::Any, false),
    ("ClientId", S::Any, false),
    ("IatTTL", S::Any, false),
    ("Issuer", S::Any, false),
]);
const USER_POOL: S = S::Model(&[
    ("AppIdClientRegex", S::Any, false),
    ("AwsRegion", S::Any, false),
    ("DefaultAction", S::Any, false),
    ("UserPoolId", S::Any, true),
]);
const AUTHORIZER: S = S::Model(&[
    ("Type", S::OneOf(AUTH_TYPES), true),
    ("LambdaAuthorizer", LAMBDA_AUTHORIZER, false),
    ("OpenIDConnect", OPENID_CONNECT, false),
    ("UserPool", USER_POOL, false),
]);
const AUTH: S = S::Model(&[
    ("Type", S::OneOf(AUTH_TYPES), true),
    ("LambdaAuthorizer", LAMBDA_AUTHORIZER, false),
    ("OpenIDConnect", OPENID_CONNECT, false),
    ("UserPool", USER_POOL, false),
    ("Additional", S::List(&AUTHORIZER), false),
]);
const API_KEY: S = S::Model(&[
    ("ApiKeyId", S::Any, false),
    ("Description", S::Any, false),
    ("ExpiresOn", S::Any, false),
]);
const LOGGING: S = S::Model(&[
    ("CloudWatchLogsRoleArn", S::Any, false),
    ("ExcludeVerboseContent", S::Any, false),
    ("FieldLogLevel", S::Any, false),
]);
const DELTA_SYNC: S = S::Model(&[
    ("BaseTableTTL", S::Any, true),
    ("DeltaSyncTableName", S::Any, true),
    ("DeltaSyncTableTTL", S::Any, true),
]);
const PERMISSIONS: S = S::List(&S::OneOf(&["Read", "Write"]));
const DYNAMODB_DATA_SOURCE: S = S::Model(&[
    ("TableName", S::Any, true),
    ("ServiceRoleArn", S::Any, false),
    ("TableArn", S::Any, false),
    ("Permissions", PERMISSIONS, false),
    ("Name", S::Any, false),
    ("Description", S::Any, false),
    ("Region", S::Any, false),
    ("DeltaSync", DELTA_SYNC, false),
    ("UseCallerCredentials", S::Any, false),
    ("Versioned", S::Any, false),
]);
const LAMBDA_DATA_SOURCE: S = S::Model(&[
    ("FunctionArn", S::Any, true),
    ("ServiceRoleArn", S::Any, false),
    ("Name", S::Any, false),
    ("Description", S::Any, false),
]);
const DATA_SOURCES: S = S::Model(&[
    ("DynamoDb", S::Dict(&DYNAMODB_DATA_SOURCE), false),
    ("Lambda", S::Dict(&LAMBDA_DATA_SOURCE), false),
]);
const RUNTIME: S = S::Model(&[("Name", S::Any, true), ("Version", S::Any, true)]);
const SYNC: S = S::Model(&[
    ("ConflictDetection", S::Any, true),
    ("ConflictHandler", S::Any, false),
    (
        "LambdaConflictHandlerConfig",
        S::Model(&[("LambdaConflictHandlerArn", S::Any, true)]),
        false,
    ),
]);
const FUNCTION: S = S::Model(&[
    ("DataSource", S::StrOrDict, false),
    ("Runtime", RUNTIME, false),
    ("InlineCode", S::Any, false),
    ("CodeUri", S::Any, false),
    ("Description", S::Any, false),
    ("MaxBatchSize", S::Any, false),
    ("Name", S::Str, false),
    ("Id", S::Any, false),
    ("Sync", SYNC, false),
]);
const CACHING: S = S::Model(&[
    ("Ttl", S::Any, true),
    ("CachingKeys", S::List(&S::Any), false),
]);
const RESOLVER: S = S::Model(&[
    ("FieldName", S::Str, false),
    ("Caching", CACHING, false),
    ("InlineCode", S::Any, false),
    ("CodeUri", S::Any, false),
    ("MaxBatchSize", S::Any, false),
    ("Pipeline", S::List(&S::Str), false),
    ("Runtime", RUNTIME, false),
    ("Sync", SYNC, false),
]);
const DOMAIN_NAME: S = S::Model(&[
    ("CertificateArn", S::Any, true),
    ("DomainName", S::Any, true),
    ("Description", S::Any, false),
]);
const CACHE: S = S::Model(&[
    ("ApiCachingBehavior", S::Any, true),
    ("Ttl", S::Any, true),
    ("Type", S::Any, true),
    ("AtRestEncryptionEnabled", S::Any, false),
    ("TransitEncryptionEnabled", S::Any, false),
]);
const PROPERTIES: S = S::Model(&[
    ("Auth", AUTH, true),
    ("Tags", S::Map, false),
    ("Name", S::Any, false),
    ("XrayEnabled", S::Bool, false),
    ("SchemaInline", S::Any, false),
    ("SchemaUri", S::Any, false),
    ("Logging", S::ModelOrBool(&LOGGING), false),
    ("DataSources", DATA_SOURCES, false),
    ("Functions", S::Dict(&FUNCTION), false),
    ("Resolvers", S::Dict(&S::Dict(&RESOLVER)), false),
    ("ApiKeys", S::Dict(&API_KEY), false),
    ("DomainName", DOMAIN_NAME, false),
    ("Cache", CACHE, false),
    ("Visibility", S::Any, false),
    ("OwnerContact", S::Any, false),
    ("IntrospectionConfig", S::Any, false),
    ("QueryDepthLimit", S::Any, false),
    ("ResolverCountLimit", S::Any, false),
]);

/// The first place `v` does not fit `s` (pydantic v1's first error), as a path.
fn first_problem(s: &S, v: &Value, path: &mut Vec<String>) -> bool {
    let ok = match s {
        S::Any => true,
        S::Str => coerce::string(v).is_some_and(|s| s.is_string()),
        S::StrOrDict => coerce::string(v).is_some(),
        S::Bool => v.is_boolean() || bool_like(v),
        S::Map => v.is_object(),
        S::OneOf(options) => v.as_str().is_some_and(|x| options.contains(&x)),
        S::List(item) => match v {
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    path.push(i.to_string());
                    if !first_problem(item, x, path) {
                        return false;
                    }
                    path.pop();
                }
                true
            }
            _ => false,
        },
        S::Dict(item) => match v {
            Value::Object(m) => {
                for (k, x) in m {
                    path.push(k.clone());
                    if !first_problem(item, x, path) {
                        return false;
                    }
                    path.pop();
                }
                true
            }
            _ => false,
        },
        S::Model(fields) => match v {
            Value::Object(m) => {
                for (name, field, required) in *fields {
                    match m.get(*name) {
                        None | Some(Value::Null) => {
                            if *required {
                                path.push((*name).to_string());
                                return false;
                            }
                        }
                        Some(x) => {
                            path.push((*name).to_string());
                            if !first_problem(field, x, path) {
                                return false;
                            }
                            path.pop();
                        }
                    }
                }
                if let Some(extra) = m.keys().find(|k| !fields.iter().any(|(n, _, _)| n == k)) {
                    path.push(extra.clone());
                    return false;
                }
                true
            }
            _ => false,
        },
        S::ModelOrBool(model) => {
            if v.is_boolean() || bool_like(v) {
                true
            } else {
                return first_problem(model, v, path);
            }
        }
    };
    ok
}

/// pydantic v1's lenient booleans: 0/1 and "true"/"yes"/"on"/… strings.
fn bool_like(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_f64().is_some_and(|f| f == 0.0 || f == 1.0),
        Value::String(s) => matches!(
            s.to_ascii_lowercase().as_str(),
            "0" | "off" | "f" | "false" | "n" | "no" | "1" | "on" | "t" | "true" | "y" | "yes"
        ),
        _ => false,
    }
}

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f == 1.0),
        Value::String(s) => Some(matches!(
            s.to_ascii_lowercase().as_str(),
            "1" | "on" | "t" | "true" | "y" | "yes"
        )),
        _ => None,
    }
}

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<GraphQlApi> {
    let before = diags.len();
    let id = src.id;
    let cur = Cursor::new(id);
    let mut p = Props::new(id, TYPE, &src.properties);
    // SAM's property types, in its order.
    p.pass("Name");
    p.map_like("Tags", diags);
    p.pass("XrayEnabled");
    let auth = p.required("Auth", diags);
    if auth.is_some_and(|a| !a.is_object()) {
        p.at("Auth").error(diags, "should be a map.");
    }
    for key in ["SchemaInline", "SchemaUri"] {
        if p.get(key).is_some_and(|v| !v.is_string()) {
            p.at(key).error(diags, "should be a string.");
        }
    }
    if p.get("Logging")
        .is_some_and(|v| !v.is_object() && !v.is_boolean())
    {
        cur.plain_error(diags, "Type of property 'Logging' is invalid.");
    }
    for key in [
        "DataSources",
        "Functions",
        "Resolvers",
        "ApiKeys",
        "DomainName",
        "Cache",
    ] {
        p.map_like(key, diags);
    }
    for key in [
        "Visibility",
        "OwnerContact",
        "IntrospectionConfig",
        "QueryDepthLimit",
        "ResolverCountLimit",
    ] {
        p.pass(key);
    }
    p.finish(&[], diags);
    // SAM's `SamResource.valid`, for every serverless resource.
    if src
        .attributes
        .condition
        .as_ref()
        .is_some_and(|c| truthy(c) && !c.is_string())
    {
        cur.at("Condition")
            .plain_error(diags, "Every Condition member must be a string.");
    }
    if diags.len() != before {
        return None;
    }
    // Nulls are absent values, as in SAM's model.
    let props: Map<String, Value> = src
        .properties
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut path = Vec::new();
    if !first_problem(&PROPERTIES, &Value::Object(props.clone()), &mut path) {
        cur.plain_error(diags, format!("Property '{}' is invalid.", path.join(".")));
        return None;
    }
    let mut props = props;
    coerce_strings(&mut props);
    let get = |k: &str| props.get(k).cloned();
    let logging = match props.get("Logging") {
        Some(Value::Object(m)) => Some(Some(m.clone())),
        Some(v) => match as_bool(v) {
            Some(false) => None,
            _ => Some(None),
        },
        None => Some(None),
    };
    Some(GraphQlApi {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        name: get("Name"),
        tags: props.get("Tags").and_then(Value::as_object).cloned(),
        xray_enabled: props.get("XrayEnabled").and_then(as_bool),
        auth: props
            .get("Auth")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        schema_inline: get("SchemaInline"),
        schema_uri: get("SchemaUri"),
        logging,
        data_sources: props.get("DataSources").and_then(Value::as_object).cloned(),
        functions: object(props.get("Functions")),
        resolvers: object(props.get("Resolvers")),
        api_keys: object(props.get("ApiKeys")),
        domain_name: props.get("DomainName").and_then(Value::as_object).cloned(),
        cache: props.get("Cache").and_then(Value::as_object).cloned(),
        visibility: get("Visibility"),
        owner_contact: get("OwnerContact"),
        introspection_config: get("IntrospectionConfig"),
        query_depth_limit: get("QueryDepthLimit"),
        resolver_count_limit: get("ResolverCountLimit"),
    })
}

/// The `str` fields of SAM's model hold what pydantic made of them (`1` → `"1"`).
fn coerce_strings(props: &mut Map<String, Value>) {
    fn fix(v: &mut Value) {
        if let Some(s) = coerce::string(v) {
            *v = s;
        }
    }
    if let Some(Value::Object(functions)) = props.get_mut("Functions") {
        for f in functions.values_mut().filter_map(Value::as_object_mut) {
            for key in ["Name", "DataSource"] {
                if let Some(v) = f.get_mut(key) {
                    fix(v);
                }
            }
        }
    }
    if let Some(Value::Object(types)) = props.get_mut("Resolvers") {
        for fields in types.values_mut().filter_map(Value::as_object_mut) {
            for r in fields.values_mut().filter_map(Value::as_object_mut) {
                if let Some(v) = r.get_mut("FieldName") {
                    fix(v);
                }
                if let Some(Value::Array(items)) = r.get_mut("Pipeline") {
                    items.iter_mut().for_each(fix);
                }
            }
        }
    }
}

fn object(v: Option<&Value>) -> Map<String, Value> {
    v.and_then(Value::as_object).cloned().unwrap_or_default()
}
