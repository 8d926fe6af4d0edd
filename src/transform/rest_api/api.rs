//! Pass 4: one API's `RestApi`, `Deployment` and `Stage`, built as SAM's
//! `ApiGenerator.to_cloudformation` builds them, with the API-level edits to
//! the body (CORS, auth, gateway responses, binary media types, models) made
//! in SAM's order before the deployment hash is taken.

use serde_json::Value;

use crate::error::{Cursor, Diagnostic};
use crate::model::rest_api::RestApi;
use crate::model::{App, Attributes};
use crate::template::resources::apigateway;
use crate::template::{Expr, Resource};

use super::super::openapi::{self, Editor};
use super::super::py27::{json_dumps, Py};
use super::super::{logical_id, permissions, Context, Output};
use super::definition::{body_s3_location, py27_tag_list, set_endpoint_configuration};
use super::usage_plan::{self, SharedUsagePlan};
use super::{auth, cors, domain, responses, version_py};

/// SAM's `resolve_parameter_refs` as `SamApi` applies it to `Auth` and
/// `Domain`: parameter references in `Ref` and inside `Fn::Sub`.
pub(super) fn full_resolve(v: &Value, app: &App, ctx: &Context) -> Result<Value, ApiError> {
    let params = super::super::intrinsics::parameter_values(ctx, &app.base);
    super::super::intrinsics::resolve_parameter_refs_checked(v, &params).map_err(ApiError::Document)
}

/// SAM's `resolve_parameter_refs`: every `{"Ref": Param}` → the parameter's
/// value (given, else its default; `AWS::Region` and `AWS::Partition` too),
/// and `${Param}` inside `Fn::Sub` substituted.
pub(super) fn resolve_parameter_refs(v: &Value, app: &App, ctx: &Context) -> Value {
    let params = crate::transform::intrinsics::parameter_values(ctx, &app.base);
    crate::transform::intrinsics::resolve_parameter_refs(v, &params)
}

/// Pass 4: one API's RestApi, Deployment and Stage.
/// Why SAM stops translating an API: a problem with the API resource, or
/// with its document ("Structure of the SAM template is invalid").
pub(super) enum ApiError {
    Resource(String),
    Document(String),
    /// A problem SAM reports on a generated resource (by its logical ID).
    Other(String, String),
}

impl ApiError {
    pub(super) fn resource(m: impl Into<String>) -> Self {
        ApiError::Resource(m.into())
    }

    fn report(self, cur: &Cursor, out: &mut Output) {
        match self {
            ApiError::Resource(m) => cur.plain_error(&mut out.diags, m),
            ApiError::Document(m) => out.diags.push(Diagnostic::document("", m)),
            ApiError::Other(id, m) => Cursor::new(id).plain_error(&mut out.diags, m),
        }
    }
}

/// The edits `_construct_rest_api` makes to the body before binary media
/// types, in SAM's order.
fn edit_body(
    a: &RestApi,
    auth: Option<&Value>,
    body: &mut Option<Py>,
    partition: &str,
) -> Result<(), ApiError> {
    cors::add(a, body)?;
    auth::add(a, auth, body, partition)?;
    responses::add_gateway_responses(a, body)?;
    Ok(())
}

// The API, its body and the resources around it, as SAM's generator takes them.
#[allow(clippy::too_many_arguments)]
pub(super) fn expand_api(
    app: &App,
    a: &RestApi,
    attrs: &Attributes,
    mut body: Option<Py>,
    function_names: Option<&String>,
    shared: &mut SharedUsagePlan,
    ctx: &Context,
    out: &mut Output,
) {
    let cur = Cursor::new(&a.id);
    if a.definition_uri.is_some() && a.definition_body.is_some() {
        cur.plain_error(
            &mut out.diags,
            "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.",
        );
        return;
    }
    if a.definition_uri.is_some() && a.merge_definitions {
        cur.plain_error(
            &mut out.diags,
            "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`.",
        );
        return;
    }
    if let Some(v) = &a.open_api_version {
        if !openapi::is_supported_version(&openapi::py_str(&version_py(v))) {
            cur.plain_error(
                &mut out.diags,
                "The OpenApiVersion value must be of the format '3.0.0'.",
            );
            return;
        }
    }
    let binary_media_types = a
        .binary_media_types
        .as_ref()
        .map(|v| resolve_parameter_refs(v, app, ctx));
    let mut rest = apigateway::RestApi {
        binary_media_types: binary_media_types.clone(),
        minimum_compression_size: a.minimum_compression_size.clone(),
        ..Default::default()
    };
    let partition = ctx.partition();
    let edge_supported = !(partition.starts_with("aws-iso")
        || matches!(partition, "aws-us-gov" | "aws-cn" | "aws-eusc"));
    match &a.endpoint_configuration {
        Some(v) => set_endpoint_configuration(&mut rest, v, &cur, out),
        None if !edge_supported => {
            set_endpoint_configuration(&mut rest, &Value::String("REGIONAL".into()), &cur, out)
        }
        None => {}
    }
    // SAM resolves parameter references in `Auth` before using it.
    let auth = match a
        .auth
        .as_ref()
        .map(|v| full_resolve(v, app, ctx))
        .transpose()
    {
        Ok(v) => v,
        Err(e) => {
            e.report(&cur, out);
            return;
        }
    };
    if let Err(e) = edit_body(a, auth.as_ref(), &mut body, partition) {
        e.report(&cur, out);
        return;
    }
    if let (Some(types), Some(doc)) = (&binary_media_types, &body) {
        if openapi::truthy(&Py::from_user(types)) {
            match Editor::open(doc) {
                Ok(mut e) => {
                    e.add_binary_media_types(&Py::from_user(types));
                    body = Some(e.finish());
                }
                Err(m) => {
                    out.diags.push(Diagnostic::document("", m));
                    return;
                }
            }
        }
    }
    if let Err(e) = responses::add_models(a, &mut body) {
        e.report(&cur, out);
        return;
    }
    if a.fail_on_warnings
        .as_ref()
        .is_some_and(|v| openapi::truthy(&Py::from_user(v)))
    {
        rest.fail_on_warnings = a.fail_on_warnings.clone();
    }
    if let Some(v) = &a.disable_execute_api_endpoint {
        let Some(doc) = &body else {
            cur.plain_error(
                &mut out.diags,
                "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.",
            );
            return;
        };
        let openapi3 = doc
            .as_dict()
            .and_then(|d| d.get("openapi"))
            .is_some_and(|o| openapi::truthy(o) && openapi::is_openapi3(&openapi::py_str(o)));
        match Editor::open(doc).and_then(|mut e| {
            if openapi3 {
                e.add_disable_execute_api_endpoint_servers(Py::from_user(v))?;
            } else {
                e.add_disable_execute_api_endpoint(Py::from_user(v))?;
            }
            Ok(e.finish())
        }) {
            Ok(d) => body = Some(d),
            Err(m) => {
                out.diags.push(Diagnostic::document("", m));
                return;
            }
        }
    }
    let mut swagger: Option<Py> = None;
    if let Some(uri) = &a.definition_uri {
        match body_s3_location(uri) {
            Some(s3) => {
                rest.body_s3_location = Some(s3.to_json());
                swagger = Some(s3);
            }
            None => {
                let msg = if uri.is_object() {
                    "'DefinitionUri' requires Bucket and Key properties to be specified."
                } else {
                    "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."
                };
                cur.plain_error(&mut out.diags, msg);
                return;
            }
        }
    } else if let Some(mut doc) = body {
        let version = a.open_api_version.as_ref().map(version_py);
        if let Err(m) = openapi::openapi3_postprocess(&mut doc, version.as_ref()) {
            out.diags.push(Diagnostic::document("", m));
            return;
        }
        rest.body = Some(doc.to_json());
        swagger = Some(doc);
    }
    let truthy = |v: &Option<Value>| {
        v.as_ref()
            .filter(|v| openapi::truthy(&Py::from_user(v)))
            .cloned()
    };
    rest.name = truthy(&a.name);
    rest.description = truthy(&a.description);
    rest.mode = truthy(&a.mode);
    rest.api_key_source_type = truthy(&a.api_key_source_type);
    rest.policy = truthy(&a.policy);
    rest.security_policy = truthy(&a.security_policy);
    rest.endpoint_access_mode = truthy(&a.endpoint_access_mode);

    let tags = a.tags.as_ref().map(py27_tag_list);
    if a.propagate_tags && a.tags.as_ref().is_some_and(|t| !t.is_empty()) {
        rest.tags = tags.clone();
    }
    let mut main = Resource::typed(&rest);
    main.condition = attrs.condition.clone();
    main.deletion_policy = attrs.deletion_policy.clone();
    main.update_replace_policy = attrs.update_replace_policy.clone();
    out.add_main(&a.id, main, attrs);

    let stage_id = logical_id::rest_stage_id(&a.id, a.stage_name.as_ref());
    // SAM resolves parameter references in `Domain` before using it.
    let domain = match a
        .domain
        .as_ref()
        .map(|v| full_resolve(v, app, ctx))
        .transpose()
    {
        Ok(v) => v,
        Err(e) => {
            e.report(&cur, out);
            return;
        }
    };
    let domain = match domain::add(a, domain.as_ref(), attrs, &stage_id, out) {
        Ok(d) => d,
        Err(e) => {
            e.report(&cur, out);
            return;
        }
    };

    let open_api = a
        .open_api_version
        .as_ref()
        .map(version_py)
        .filter(openapi::truthy);
    let mut deployment = apigateway::Deployment {
        description: None,
        rest_api_id: Expr::ref_(a.id.clone()).into(),
        stage_name: open_api.is_none().then(|| "Stage".into()),
    };
    let mut deployment_id = format!("{}Deployment", a.id);
    if let Some(sw) = &swagger {
        let mut parts = vec![sw.repr()];
        if let Some(v) = &open_api {
            parts.push(openapi::py_str(v));
        }
        if let Some(d) = domain.as_ref().filter(|d| openapi::truthy(d)) {
            parts.push(json_dumps(d));
        }
        if let Some(names) = function_names.filter(|n| !n.is_empty()) {
            parts.push(names.clone());
        }
        if a.always_deploy {
            // SAM hashes only the time, so that every transform redeploys.
            parts = vec![deploy_time().to_string()];
        }
        let (id, sha) = logical_id::deployment_id(&a.id, &parts);
        deployment_id = id;
        deployment.description = Some(format!("RestApi deployment id: {sha}").into());
    }
    let mut dep = Resource::typed(&deployment);
    permissions::pass_through(&mut dep, attrs);
    out.add(&a.id, deployment_id.clone(), dep);

    let stage = apigateway::Stage {
        access_log_setting: a.access_log_setting.clone(),
        cache_cluster_enabled: a.cache_cluster_enabled.clone(),
        cache_cluster_size: a.cache_cluster_size.clone(),
        canary_setting: a.canary_setting.clone(),
        deployment_id: Expr::ref_(deployment_id.clone()).into(),
        rest_api_id: Expr::ref_(a.id.clone()).into(),
        stage_name: a.stage_name.clone().unwrap_or(Value::Null),
        tags,
        tracing_enabled: a.tracing_enabled.clone(),
        variables: a.variables.clone(),
        method_settings: a.method_settings.clone(),
    };
    let mut st = Resource::typed(&stage);
    permissions::pass_through(&mut st, attrs);
    out.add(&a.id, stage_id.clone(), st);

    if let Err(e) = auth::permissions(
        &a.id,
        auth.as_ref(),
        a.key_history.at(&["Auth", "Authorizers"]),
        attrs,
        partition,
        out,
    ) {
        e.report(&cur, out);
    }
    if let Err(e) = usage_plan::add(&a.id, auth.as_ref(), attrs, &stage_id, shared, out) {
        e.report(&cur, out);
    }

    // What `MyApi.Stage` and friends stand for (SAM's `referable_properties`).
    let refs = &mut out.resource_refs;
    refs.insert(format!("{}.Stage", a.id), stage_id);
    refs.insert(format!("{}.Deployment", a.id), deployment_id);
    let domain_ref = domain.as_ref().and_then(Py::as_dict).and_then(|d| {
        let name = d.get("DomainName")?.to_json();
        Some(
            if d.get("EndpointConfiguration").and_then(Py::as_str) == Some("PRIVATE") {
                (
                    "DomainNameV2",
                    logical_id::domain_name_id("ApiGatewayDomainNameV2", &name),
                )
            } else {
                (
                    "DomainName",
                    logical_id::domain_name_id("ApiGatewayDomainName", &name),
                )
            },
        )
    });
    if let Some((prop, id)) = domain_ref {
        refs.insert(format!("{}.{prop}", a.id), id);
    }
    let plan = auth
        .as_ref()
        .and_then(|v| v.get("UsagePlan"))
        .and_then(|p| p.get("CreateUsagePlan"))
        .and_then(Value::as_str);
    let prefix = match plan {
        Some("PER_API") => Some(a.id.clone()),
        Some("SHARED") => Some("Serverless".to_string()),
        _ => None,
    };
    if let Some(prefix) = prefix {
        for prop in ["UsagePlan", "UsagePlanKey", "ApiKey"] {
            refs.insert(format!("{}.{prop}", a.id), format!("{prefix}{prop}"));
        }
    }
}

/// The seconds since the epoch that `AlwaysDeploy` hashes: `SOURCE_DATE_EPOCH`
/// when set (so that a build can be reproduced), else the clock, as SAM's
/// `int(time.time())`.
fn deploy_time() -> u64 {
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return t;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
