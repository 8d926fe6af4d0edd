//! `AWS::Serverless::Function` properties → [`model::Function`](crate::model::Function).
//!
//! Mirrors SAM's `SamFunction`: its property types (and their messages),
//! the code location rules of `_construct_code_dict` and `s3_utils`
//! (`CodeUri` as `s3://bucket/key?versionId=v` or `{Bucket, Key, Version}`,
//! `InlineCode` winning over `CodeUri`, `ImageUri` for `PackageType: Image`),
//! and the package type, dead-letter queue and tenancy checks.

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::function::{Code, DeadLetterKind, DeadLetterQueue, Function};
use crate::template::Expr;

use super::props::Props;
use super::reader::Source;
use crate::model::s3_uri;

/// `AWS::Lambda::Function` properties SAM copies through unchanged.
const PASSTHROUGH: &[&str] = &[
    "KmsKeyArn",
    "ReservedConcurrentExecutions",
    "EphemeralStorage",
    "FileSystemConfigs",
    "ImageConfig",
    "CodeSigningConfigArn",
    "RuntimeManagementConfig",
    "LoggingConfig",
    "RecursiveLoop",
    "PublishToLatestPublished",
    "TenancyConfig",
];

/// Properties SAM has that stackwright does not implement yet.
const UNSUPPORTED: &[&str] = &[];

/// Tag keys SAM reserves for itself and the Serverless Application Repository.
pub const RESERVED_TAGS: &[&str] = &[
    "lambda:createdBy",
    "serverlessrepo:applicationId",
    "serverlessrepo:semanticVersion",
];

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<Function> {
    let before = diags.len();
    let id = src.id;
    let mut p = Props::new(id, "AWS::Serverless::Function", &src.properties);
    let cur = Cursor::new(id);
    let mut f = Function {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        ..Default::default()
    };

    // Type checks, in SAM's property order.
    if let Some(v) = p.get("FunctionName") {
        if v.is_string() || v.is_object() {
            f.passthrough.insert("FunctionName".into(), v.clone());
        } else {
            invalid_type(&cur, "FunctionName", diags);
        }
    }
    f.handler = p.pass("Handler");
    f.runtime = p.pass("Runtime");
    let code_uri = p.get("CodeUri");
    let image_uri = p.get("ImageUri");
    f.package_type = p.pass("PackageType");
    let inline_code = p.get("InlineCode");
    let dlq = p.map_like("DeadLetterQueue", diags);
    f.description = p.pass("Description");
    f.memory_size = p.pass("MemorySize");
    f.timeout = p.pass("Timeout");
    f.vpc_config = p.pass("VpcConfig");
    f.architectures = p.pass("Architectures");
    f.role = p.string_like("Role", diags);
    f.assume_role_policy_document = p.map_like("AssumeRolePolicyDocument", diags);
    if let Some(v) = p.get("Policies") {
        f.policies = super::policies::read(id, v, diags);
    }
    f.role_path = p.pass("RolePath");
    f.permissions_boundary = p.string_like("PermissionsBoundary", diags);
    if let Some(v) = p.get("Environment") {
        // SAM skips the type check of any one-key map (its test for an
        // intrinsic), so `Environment: {Variables: null}` passes.
        let ok = v.as_object().is_some_and(|m| m.len() == 1)
            || v.as_object()
                .is_some_and(|m| m.values().all(Value::is_object));
        if ok {
            f.environment = Some(v.clone());
        } else {
            invalid_type(&cur, "Environment", diags);
        }
    }
    let events = p.get("Events");
    if let Some(v) = events {
        f.events = super::events::read(id, v, diags);
    }
    if let Some(tags) = p.map_like("Tags", diags) {
        let tags = tags.as_object().cloned().unwrap_or_default();
        for reserved in RESERVED_TAGS {
            if tags.contains_key(*reserved) {
                cur.plain_error(
                    diags,
                    format!(
                        "{reserved} is a reserved Tag key name and cannot be set on your resource. \
                         Please change the tag key in the input."
                    ),
                );
            }
        }
        f.tags = Some(tags);
    }
    if let Some(v) = p.get("PropagateTags") {
        match v {
            Value::Bool(b) => f.propagate_tags = *b,
            _ => invalid_type(&cur, "PropagateTags", diags),
        }
    }
    if let Some(v) = p.get("Tracing") {
        if v.is_string() || v.is_object() {
            f.tracing = Some(v.clone());
        } else {
            invalid_type(&cur, "Tracing", diags);
        }
    }
    if let Some(v) = p.get("Layers") {
        // Any one-key map passes, as in SAM's check (see Environment).
        let ok = v.as_object().is_some_and(|m| m.len() == 1)
            || v.as_array()
                .is_some_and(|a| a.iter().all(|l| l.is_string() || l.is_object()));
        if ok {
            f.passthrough.insert("Layers".into(), v.clone());
        } else {
            invalid_type(&cur, "Layers", diags);
        }
    }
    for key in [
        "SnapStart",
        "DurableConfig",
        "CapacityProviderConfig",
        "FunctionScalingConfig",
    ] {
        if let Some(v) = p.map_like(key, diags) {
            f.passthrough.insert(key.into(), v);
        }
    }
    for key in PASSTHROUGH {
        if let Some(v) = p.pass(key) {
            f.passthrough.insert((*key).into(), v);
        }
    }
    let source_kms_key_arn = p.pass("SourceKMSKeyArn");
    read_versioning(&mut p, &cur, &mut f, diags);
    f.function_url_config = p.map_like("FunctionUrlConfig", diags);
    f.deployment_preference = p.map_like("DeploymentPreference", diags);
    f.event_invoke_config = p.map_like("EventInvokeConfig", diags);
    if f.attributes
        .condition
        .as_ref()
        .is_some_and(|c| !c.is_string())
    {
        cur.at("Condition")
            .plain_error(diags, "Every Condition member must be a string.");
    }
    p.finish(UNSUPPORTED, diags);

    // SAM's validation rules for Lambda Managed Instances.
    let has = |k: &str| f.passthrough.contains_key(k);
    let mut rules = Vec::new();
    if has("CapacityProviderConfig") && f.provisioned_concurrency_config.is_some() {
        rules.push(
            "Cannot specify 'CapacityProviderConfig' and 'ProvisionedConcurrencyConfig' together.",
        );
    }
    if has("CapacityProviderConfig") && f.vpc_config.is_some() {
        rules.push("Cannot specify 'CapacityProviderConfig' and 'VpcConfig' together.");
    }
    if has("FunctionScalingConfig") && !has("CapacityProviderConfig") {
        rules.push("'FunctionScalingConfig' requires 'CapacityProviderConfig'.");
    }
    if !rules.is_empty() {
        cur.plain_error(diags, rules.join("\n"));
    }
    if let Some(Value::Object(c)) = f.passthrough.get("CapacityProviderConfig") {
        if !c.contains_key("Arn") {
            cur.plain_error(
                diags,
                "Invalid CapacityProviderConfig: 1 validation error for CapacityProviderConfig\nArn\n  field required (type=value_error.missing)",
            );
        }
    }

    // What SAM checks while building the function.
    if let Some(dlq) = dlq {
        f.dead_letter_queue = dead_letter_queue(&cur, &dlq, diags);
    }
    check_tenancy(&cur, &f, events, diags);
    if let Some(url) = &f.function_url_config {
        check_function_url(&cur, url, diags);
    }
    if let Some(Value::Object(items)) = &f.role {
        if let Some(args) = items.get("Fn::If").filter(|_| items.len() == 1) {
            if let Err(why) = super::policies::if_args(args) {
                cur.plain_error(diags, format!("Malformed 'Role' property: {why}."));
            }
        }
    }
    let code = Artifacts {
        inline_code,
        code_uri,
        image_uri,
        source_kms_key_arn,
    };
    f.code = code_location(&cur, &f, code, diags);

    (diags.len() == before).then_some(f)
}

/// SAM's message for a property whose validator has no named type.
fn invalid_type(cur: &Cursor, key: &str, diags: &mut Diagnostics) {
    cur.plain_error(diags, format!("Type of property '{key}' is invalid."));
}

pub use crate::model::value::truthy_opt as truthy;

/// SAM's `_validate_dlq`.
fn dead_letter_queue(
    cur: &Cursor,
    dlq: &Value,
    diags: &mut Diagnostics,
) -> Option<DeadLetterQueue> {
    let type_ = dlq.get("Type");
    let target = dlq.get("TargetArn");
    if !truthy(type_) || !truthy(target) {
        cur.plain_error(
            diags,
            "'DeadLetterQueue' requires Type and TargetArn properties to be specified.",
        );
        return None;
    }
    let kind = match type_? {
        Value::String(s) if s == "SQS" => DeadLetterKind::Sqs,
        Value::String(s) if s == "SNS" => DeadLetterKind::Sns,
        Value::String(_) => {
            cur.plain_error(diags, "'DeadLetterQueue' requires Type of ['SQS', 'SNS']");
            return None;
        }
        _ => {
            cur.at("DeadLetterQueue")
                .at("Type")
                .error(diags, "should be a string.");
            return None;
        }
    };
    Some(DeadLetterQueue {
        kind,
        target_arn: target?.clone(),
    })
}

/// SAM's `_validate_tenancy_config_compatibility` for the features stackwright has.
fn check_tenancy(cur: &Cursor, f: &Function, events: Option<&Value>, diags: &mut Diagnostics) {
    if !truthy(f.passthrough.get("TenancyConfig")) {
        return;
    }
    if truthy(f.provisioned_concurrency_config.as_ref()) {
        cur.plain_error(
            diags,
            "Provisioned concurrency is not supported for functions enabled with tenancy configuration.",
        );
    }
    if truthy(f.function_url_config.as_ref()) {
        cur.plain_error(
            diags,
            "Function URL is not supported for functions enabled with tenancy configuration.",
        );
    }
    if truthy(f.passthrough.get("SnapStart")) {
        cur.plain_error(
            diags,
            "SnapStart is not supported for functions enabled with tenancy configuration.",
        );
    }
    for event in events
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::values)
    {
        let type_ = event.get("Type");
        if !matches!(type_.and_then(Value::as_str), Some("Api" | "HttpApi")) {
            let shown = match type_ {
                Some(Value::String(s)) => s.clone(),
                None | Some(Value::Null) => "None".to_string(),
                Some(other) => other.to_string(),
            };
            cur.plain_error(
                diags,
                format!(
                    "Event source '{shown}' is not supported for functions enabled with tenancy configuration. \
                     Only Api and HttpApi event sources are supported."
                ),
            );
        }
    }
}

/// `AutoPublishAlias` and the properties of the version and alias it makes.
fn read_versioning(p: &mut Props, cur: &Cursor, f: &mut Function, diags: &mut Diagnostics) {
    for key in ["AutoPublishAlias", "AutoPublishCodeSha256"] {
        if let Some(v) = p.get(key) {
            if v.is_string() || Expr::is_intrinsic(v) {
                let slot = if key == "AutoPublishAlias" {
                    &mut f.auto_publish_alias
                } else {
                    &mut f.auto_publish_code_sha256
                };
                *slot = Some(v.clone());
            } else {
                invalid_type(cur, key, diags);
            }
        }
    }
    if let Some(v) = p.get("AutoPublishAliasAllProperties") {
        match v {
            Value::Bool(b) => f.auto_publish_alias_all_properties = *b,
            _ => invalid_type(cur, "AutoPublishAliasAllProperties", diags),
        }
    }
    f.version_description = p.pass("VersionDescription");
    if let Some(v) = p.get("VersionDeletionPolicy") {
        if matches!(v.as_str(), Some("Delete" | "Retain")) || Expr::is_intrinsic(v) {
            f.version_deletion_policy = Some(v.clone());
        } else {
            p.at("VersionDeletionPolicy").error(
                diags,
                "should be a one of the strings: 'Delete' or 'Retain'.",
            );
        }
        // SAM's conditional requirement asks for presence, not truthiness.
        if f.auto_publish_alias.is_none() {
            cur.plain_error(
                diags,
                "'VersionDeletionPolicy' requires 'AutoPublishAlias'.",
            );
        }
    }
    f.provisioned_concurrency_config = p.pass("ProvisionedConcurrencyConfig");
    if truthy(f.provisioned_concurrency_config.as_ref()) && !truthy(f.auto_publish_alias.as_ref()) {
        cur.plain_error(
            diags,
            "To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function",
        );
    }
}

/// SAM's `_validate_function_url_params`: an `AuthType` of `AWS_IAM` or
/// `NONE`, and `Cors` keys of the right types.
fn check_function_url(cur: &Cursor, url: &Value, diags: &mut Diagnostics) {
    if Expr::is_intrinsic(url) {
        return;
    }
    let auth = url.get("AuthType");
    let auth_ok = match auth {
        Some(a) if Expr::is_intrinsic(a) => true,
        Some(Value::String(s)) => s == "AWS_IAM" || s == "NONE",
        _ => false,
    };
    if !auth_ok {
        cur.plain_error(
            diags,
            "AuthType is required to configure function property `FunctionUrlConfig`. Please provide either AWS_IAM or NONE.",
        );
        return;
    }
    let cors = url.get("Cors");
    if !truthy(cors) || cors.is_some_and(Expr::is_intrinsic) {
        return;
    }
    let Some(cors) = cors.and_then(Value::as_object) else {
        cur.at("FunctionUrlConfig")
            .at("Cors")
            .error(diags, "should be a map.");
        return;
    };
    for (name, value) in cors {
        let (ok, type_name) = match name.as_str() {
            "AllowOrigins" | "AllowMethods" | "AllowHeaders" | "ExposeHeaders" => {
                (value.is_array(), "list")
            }
            "AllowCredentials" => (value.is_boolean(), "bool"),
            // Python's bool is an int, so `MaxAge: true` passes there too.
            "MaxAge" => (
                value.is_i64() || value.is_u64() || value.is_boolean(),
                "int",
            ),
            _ => {
                cur.plain_error(
                    diags,
                    format!("{name} is not a valid property for configuring Cors."),
                );
                return;
            }
        };
        if !ok && !Expr::is_intrinsic(value) {
            cur.plain_error(diags, format!("{name} must be of type {type_name}."));
            return;
        }
    }
}

/// The code properties as written.
struct Artifacts<'a> {
    inline_code: Option<&'a Value>,
    code_uri: Option<&'a Value>,
    image_uri: Option<&'a Value>,
    source_kms_key_arn: Option<Value>,
}

/// SAM's `_construct_code_dict` and `_validate_package_type`.
fn code_location(
    cur: &Cursor,
    f: &Function,
    a: Artifacts,
    diags: &mut Diagnostics,
) -> Option<Code> {
    let image = match &f.package_type {
        None => false,
        Some(v) if !truthy(Some(v)) => false,
        Some(Value::String(s)) if s == "Zip" => false,
        Some(Value::String(s)) if s == "Image" => true,
        Some(other) => {
            let shown = match other {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            cur.plain_error(diags, format!("invalid 'PackageType' : {shown}"));
            return None;
        }
    };
    let layers = f.passthrough.get("Layers");
    if image {
        let Some(uri) = a.image_uri else {
            cur.plain_error(diags, "'ImageUri' must be set.");
            return None;
        };
        if !truthy(Some(uri)) {
            cur.plain_error(
                diags,
                "'ImageUri' requires that a image hosted at a registry be specified.",
            );
            return None;
        }
        if truthy(f.handler.as_ref()) || truthy(f.runtime.as_ref()) || truthy(layers) {
            cur.plain_error(
                diags,
                "Runtime, Handler, Layers cannot be present when PackageType is of type `Image`",
            );
        }
        return Some(Code::Image(uri.clone()));
    }
    let code = if let Some(source) = a.inline_code {
        Code::Inline {
            source: source.clone(),
            source_kms_key_arn: a.source_kms_key_arn.filter(|v| truthy(Some(v))),
        }
    } else if let Some(uri) = a.code_uri {
        s3_location(cur, "CodeUri", uri, diags).map(|mut c| {
            if let Code::S3 {
                source_kms_key_arn, ..
            } = &mut c
            {
                *source_kms_key_arn = a.source_kms_key_arn.filter(|v| truthy(Some(v)));
            }
            c
        })?
    } else {
        // SAM's message for this case, though "must be set" is what it means.
        cur.plain_error(diags, "Only one of 'InlineCode' or 'CodeUri' can be set.");
        return None;
    };
    if !(truthy(f.runtime.as_ref()) && truthy(f.handler.as_ref())) {
        cur.plain_error(
            diags,
            "Runtime and Handler needs to be present when PackageType is of type `Zip`",
        );
    } else if truthy(f.passthrough.get("ImageConfig")) {
        cur.plain_error(
            diags,
            "ImageUri or ImageConfig cannot be present when PackageType is of type `Zip`",
        );
    }
    Some(code)
}

/// SAM's `construct_s3_location_object` for `CodeUri`.
pub fn s3_location(
    cur: &Cursor,
    property: &str,
    uri: &Value,
    diags: &mut Diagnostics,
) -> Option<Code> {
    let l = s3_uri::read_location(cur, property, uri, diags)?;
    Some(Code::S3 {
        bucket: l.bucket,
        key: l.key,
        version: l.version,
        storage_mode: l.storage_mode,
        source_kms_key_arn: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn code_uri_map_needs_bucket_and_key() {
        let mut d = Diagnostics::new();
        let cur = Cursor::new("F");
        let c = s3_location(
            &cur,
            "CodeUri",
            &json!({"Bucket": "b", "Key": "k", "Version": 3}),
            &mut d,
        );
        assert_eq!(
            c,
            Some(Code::S3 {
                bucket: json!("b"),
                key: json!("k"),
                version: Some(json!(3)),
                storage_mode: None,
                source_kms_key_arn: None
            })
        );
        assert!(s3_location(&cur, "CodeUri", &json!({"Bucket": "b"}), &mut d).is_none());
        assert!(s3_location(&cur, "CodeUri", &json!(3), &mut d).is_none());
        let msgs: Vec<_> = d.into_sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(
            msgs,
            [
                "'CodeUri' must be of type dict or string.",
                "'CodeUri' requires Bucket and Key properties to be specified."
            ]
        );
    }
}
