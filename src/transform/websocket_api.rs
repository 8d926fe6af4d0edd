//! `AWS::Serverless::WebSocketApi` → an `AWS::ApiGatewayV2::Api` with
//! `ProtocolType: WEBSOCKET`, and per route a Route, a Lambda proxy
//! Integration and a Lambda Permission; an auto-deployed Stage (no
//! Deployment: SAM sets `AutoDeploy: true`); an optional `$connect` Lambda
//! authorizer with its permission; an optional custom domain ([`domain`]).
//!
//! Mirrors SAM 1.115's `SamWebSocketApi` and `WebSocketApiGenerator`,
//! including what they leave out: of the resource attributes only
//! `DependsOn` reaches the output (on the Api), and `FailOnWarnings` is
//! accepted but not written anywhere. Like SAM, an invalid API yields its
//! first problem and no resources.

pub mod domain;

use serde_json::{json, Map, Value};

use crate::error::Diagnostic;
use crate::model::websocket_api::{WebSocketApi, WebSocketAuth, WebSocketDomain, WebSocketRoute};
use crate::model::App;
use crate::template::resources::apigatewayv2::{
    Stage, WsApi, WsAuthorizer, WsIntegration, WsRoute,
};
use crate::template::resources::lambda::Permission;
use crate::template::{Expr, Resource};

use super::intrinsics::{parameter_values, resolve_parameter_refs};
use super::logical_id;
use super::{Context, Output};

/// The tag SAM puts on the Api, Stage and DomainName it generates.
const CREATED_BY_TAG: &str = "websocketapi:createdBy";
/// The stage name SAM uses when none is given (`$default` is a route key here).
const DEFAULT_STAGE_NAME: &str = "default";
const LAMBDA_INVOCATION_URI: &str = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations";
const AUTHORIZER_URI: &str = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthArn}/invocations";

pub fn expand(app: &App, ctx: &Context, out: &mut Output) {
    if app.websocket_apis.is_empty() {
        return;
    }
    let params = parameter_values(ctx, &app.base);
    for api in &app.websocket_apis {
        match generate(&resolve(api, &params)) {
            Ok(resources) => {
                for (id, r) in resources {
                    // `!Ref MyApi.Stage` / `MyApi.DomainName` name these (SAM's `referable_properties`).
                    let property = match r.type_.as_str() {
                        "AWS::ApiGatewayV2::Stage" => Some("Stage"),
                        "AWS::ApiGatewayV2::DomainName" => Some("DomainName"),
                        _ => None,
                    };
                    if let Some(p) = property {
                        out.resource_refs
                            .insert(format!("{}.{p}", api.id), id.clone());
                    }
                    out.add(&api.id, id, r);
                }
            }
            Err(d) => out.diags.push(d),
        }
    }
}

/// SAM inlines template parameters into `Auth`, `Domain` and `Routes` (only).
fn resolve(api: &WebSocketApi, params: &Map<String, Value>) -> WebSocketApi {
    let r = |v: &Option<Value>| v.as_ref().map(|v| resolve_parameter_refs(v, params));
    let mut api = api.clone();
    api.auth = api.auth.as_ref().map(|a| WebSocketAuth {
        auth_type: r(&a.auth_type),
        auth_arn: r(&a.auth_arn),
        invoke_role: r(&a.invoke_role),
        identity_source: r(&a.identity_source),
        name: r(&a.name),
        key_count: a.key_count,
    });
    api.domain = api.domain.as_ref().map(|d| WebSocketDomain {
        domain_name: r(&d.domain_name),
        certificate_arn: r(&d.certificate_arn),
        endpoint_configuration: r(&d.endpoint_configuration),
        ownership_verification_certificate_arn: r(&d.ownership_verification_certificate_arn),
        security_policy: r(&d.security_policy),
        mutual_tls_authentication: r(&d.mutual_tls_authentication),
        base_path: r(&d.base_path),
        route53: r(&d.route53),
    });
    for route in &mut api.routes {
        *route = WebSocketRoute {
            key: route.key.clone(),
            function_arn: r(&route.function_arn),
            integration_timeout: r(&route.integration_timeout),
            api_key_required: r(&route.api_key_required),
            model_selection_expression: r(&route.model_selection_expression),
            operation_name: r(&route.operation_name),
            request_models: r(&route.request_models),
            request_parameters: r(&route.request_parameters),
            route_response_selection_expression: r(&route.route_response_selection_expression),
        };
    }
    api
}

/// Every resource of one API, in SAM's checking order; the first problem stops it.
fn generate(api: &WebSocketApi) -> Result<Vec<(String, Resource)>, Diagnostic> {
    let id = api.id.as_str();
    let err = |path: &str, msg: String| Diagnostic::resource(id, path, msg);
    // An empty `Auth` map counts as no auth, as in Python.
    let auth = api.auth.as_ref().filter(|a| a.key_count > 0);

    if api.routes.is_empty() {
        return Err(err(
            "Routes",
            "WebSocket API must have at least one route.".into(),
        ));
    }
    if let Some(Value::String(t)) = &api.ip_address_type {
        if t != "ipv4" && t != "dualstack" {
            return Err(err(
                "IpAddressType",
                "IpAddressType must be 'ipv4' or 'dualstack'.".into(),
            ));
        }
    }
    if let Some(d) = &api.domain {
        if d.mutual_tls_authentication.as_ref().is_some_and(truthy) {
            return Err(err(
                "Domain.MutualTlsAuthentication",
                "Mutual TLS domain name association is not supported for Websocket APIs.".into(),
            ));
        }
    }
    if auth.is_some() && !api.routes.iter().any(|r| r.key == "$connect") {
        return Err(err(
            "Auth",
            "Authorization is only available if there is a $connect route.".into(),
        ));
    }

    // Tags: the user's, then SAM's own (which SAM adds to the user's map in
    // place, so propagated tags carry it too).
    let mut api_tags = api.tags.clone().unwrap_or_default();
    api_tags.insert(CREATED_BY_TAG.into(), json!("SAM"));
    let propagate = api.propagate_tags && api.tags.as_ref().is_some_and(|t| !t.is_empty());
    let generated_tags = if propagate {
        api_tags.clone()
    } else {
        let mut m = Map::new();
        m.insert(CREATED_BY_TAG.into(), json!("SAM"));
        m
    };

    let mut main = Resource::typed(&WsApi {
        api_key_selection_expression: api.api_key_selection_expression.clone(),
        description: api.description.clone(),
        disable_execute_api_endpoint: api.disable_execute_api_endpoint.clone(),
        disable_schema_validation: api.disable_schema_validation.clone(),
        ip_address_type: api.ip_address_type.clone(),
        name: api.name.clone().unwrap_or_else(|| json!(id)),
        protocol_type: json!("WEBSOCKET"),
        route_selection_expression: api.route_selection_expression.clone(),
        tags: api_tags,
    });
    main.depends_on = api.attributes.depends_on.clone();
    let mut out = vec![(id.to_string(), main)];

    let stage_name = api
        .stage_name
        .clone()
        .unwrap_or_else(|| json!(DEFAULT_STAGE_NAME));
    let stage_id = logical_id::websocket_stage_id(id, &stage_name);
    if let Some(d) = &api.domain {
        out.extend(domain::expand(id, &stage_id, d, &generated_tags)?);
    }
    if stage_name == json!("$default") {
        return Err(err(
            "StageName",
            "Stages cannot be named $default for WebSocket APIs.".into(),
        ));
    }
    check_logical_id(&stage_id)?;

    let mut route_ids = Vec::new();
    let mut authorizer = None;
    for route in &api.routes {
        let Some(part) = logical_id::websocket_route_key_part(&route.key) else {
            return Err(err(
                "Routes",
                format!(
                    "Route key '{}' must be alphanumeric. Only $connect, $disconnect, and $default special routes are supported.",
                    route.key
                ),
            ));
        };
        let (route_id, integration_id, permission_id) = logical_id::websocket_route_ids(id, &part);
        check_logical_id(&route_id)?;
        let mut r = WsRoute {
            api_id: Expr::ref_(id).into(),
            api_key_required: route.api_key_required.clone(),
            model_selection_expression: route.model_selection_expression.clone(),
            operation_name: route.operation_name.clone(),
            request_models: route.request_models.clone(),
            route_key: json!(route.key),
            route_response_selection_expression: route.route_response_selection_expression.clone(),
            target: Expr::Join(
                "/".into(),
                vec![
                    json!("integrations"),
                    Expr::ref_(integration_id.clone()).into(),
                ],
            )
            .into(),
            ..Default::default()
        };
        if let Some(p) = route.request_parameters.as_ref().filter(|p| truthy(p)) {
            if route.key != "$connect" {
                return Err(err(
                    &format!("Routes.{}.RequestParameters", route.key),
                    "Request parameters are only supported for the $connect route in WebSocket APIs."
                        .into(),
                ));
            }
            r.request_parameters = Some(p.clone());
        }
        if let Some(a) = auth {
            validate_auth(id, a)?;
            if route.key == "$connect" {
                match a.auth_type.as_ref().and_then(Value::as_str) {
                    Some("CUSTOM") => {
                        if let Some(arn) = a.auth_arn.as_ref().filter(|v| truthy(v)) {
                            let auth_id = logical_id::websocket_authorizer_id(id);
                            r.authorization_type = Some(json!("CUSTOM"));
                            r.authorizer_id = Some(Expr::ref_(auth_id.clone()).into());
                            authorizer = Some((auth_id, arn.clone()));
                        }
                    }
                    Some("AWS_IAM") => r.authorization_type = Some(json!("AWS_IAM")),
                    _ => r.authorization_type = Some(json!("NONE")),
                }
            }
        }
        let Some(function_arn) = &route.function_arn else {
            return Err(err(
                &format!("Routes.{}", route.key),
                "Route must have associated function.".into(),
            ));
        };
        let integration = WsIntegration {
            api_id: Expr::ref_(id).into(),
            integration_type: json!("AWS_PROXY"),
            integration_uri: sub_with(LAMBDA_INVOCATION_URI, "FunctionArn", function_arn.clone()),
            timeout_in_millis: route.integration_timeout.clone(),
        };
        let permission = Permission {
            action: json!("lambda:InvokeFunction"),
            function_name: function_arn.clone(),
            principal: json!("apigateway.amazonaws.com"),
            source_arn: Some(route_source_arn(id, &stage_name, &route.key)),
            source_account: None,
        };
        out.push((route_id.clone(), Resource::typed(&r)));
        out.push((integration_id, Resource::typed(&integration)));
        out.push((permission_id, Resource::typed(&permission)));
        route_ids.push(route_id);
    }

    let mut stage = Resource::typed(&Stage {
        access_log_settings: api.access_log_settings.clone(),
        default_route_settings: api.default_route_settings.clone(),
        route_settings: api.route_settings.clone(),
        api_id: Expr::ref_(id).into(),
        stage_name: stage_name.clone(),
        tags: Some(Value::Object(generated_tags)),
        stage_variables: api.stage_variables.clone(),
        auto_deploy: true,
    });
    // Route settings name route keys, which must exist before the stage.
    if api.route_settings.as_ref().is_some_and(truthy) {
        stage.depends_on = Some(json!(route_ids));
    }
    out.push((stage_id, stage));

    if let (Some(a), Some((auth_id, arn))) = (auth, authorizer) {
        out.push((auth_id.clone(), authorizer_resource(id, &auth_id, a)));
        // With an invoke role API Gateway assumes it; otherwise the
        // function needs a resource policy.
        if !a.invoke_role.as_ref().is_some_and(truthy) {
            let permission = Permission {
                action: json!("lambda:InvokeFunction"),
                function_name: arn,
                principal: json!("apigateway.amazonaws.com"),
                source_arn: Some(sub_with(
                    "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*",
                    "__ApiId__",
                    Expr::ref_(id).into(),
                )),
                source_account: None,
            };
            out.push((
                logical_id::websocket_authorizer_permission_id(id),
                Resource::typed(&permission),
            ));
        }
    }
    Ok(out)
}

/// SAM's `_validate_auth`, run for every route once `Auth` is set.
fn validate_auth(id: &str, a: &WebSocketAuth) -> Result<(), Diagnostic> {
    let err = |msg: String| Err(Diagnostic::resource(id, "Auth", msg));
    let Some(t) = a.auth_type.as_ref().filter(|v| truthy(v)) else {
        return err("AuthType must be specified for additional auth configurations.".into());
    };
    match t.as_str() {
        Some("CUSTOM") if !a.auth_arn.as_ref().is_some_and(truthy) => {
            err("AuthArn must be specified if AuthType is CUSTOM.".into())
        }
        Some(t @ ("AWS_IAM" | "NONE")) if a.key_count > 1 => err(format!(
            "No additional configurations supported for AuthType {t}."
        )),
        Some("CUSTOM" | "AWS_IAM" | "NONE") => Ok(()),
        _ => err(format!(
            "AuthType '{}' is not one of AWS_IAM, CUSTOM or NONE.",
            py_str(t)
        )),
    }
}

fn authorizer_resource(api_id: &str, auth_id: &str, a: &WebSocketAuth) -> Resource {
    Resource::typed(&WsAuthorizer {
        api_id: Expr::ref_(api_id).into(),
        authorizer_credentials_arn: a.invoke_role.clone(),
        authorizer_type: json!("REQUEST"),
        authorizer_uri: a
            .auth_arn
            .clone()
            .map(|arn| sub_with(AUTHORIZER_URI, "AuthArn", arn)),
        identity_source: a.identity_source.clone(),
        name: a
            .name
            .clone()
            .filter(truthy)
            .unwrap_or_else(|| json!(auth_id)),
    })
}

/// `execute-api` ARN of one route on the API's stage; an intrinsic stage
/// name goes in through a `Fn::Sub` variable.
fn route_source_arn(api_id: &str, stage_name: &Value, route_key: &str) -> Value {
    let prefix = format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_id}.ApiId}}");
    match stage_name.as_str() {
        Some(stage) => Expr::sub(format!("{prefix}/{stage}/{route_key}")).into(),
        None => sub_with(
            &format!("{prefix}/${{__StageName__}}/{route_key}"),
            "__StageName__",
            stage_name.clone(),
        ),
    }
}

fn sub_with(text: &str, var: &str, value: Value) -> Value {
    let mut vars = Map::new();
    vars.insert(var.into(), value);
    Expr::SubWith(text.into(), vars).into()
}

/// SAM checks every generated logical ID against `^[A-Za-z0-9]+$`, naming
/// the generated ID (a stage name with a dash makes an invalid stage ID).
fn check_logical_id(id: &str) -> Result<(), Diagnostic> {
    if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(Diagnostic::resource(
            id,
            "",
            "Logical ids must be alphanumeric.",
        ))
    }
}

/// Python truthiness, which SAM's checks use.
pub(crate) fn truthy(v: &Value) -> bool {
    crate::model::value::truthy(v)
}

/// Python's `str()` of a value, as SAM's f-string messages show it.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(a) => format!("[{}]", a.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", py_repr(&json!(k)), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_arns_as_sam_writes_them() {
        // SAM's websocket_api_custom_domains_regional and an intrinsic stage name.
        assert_eq!(
            route_source_arn("MyApi", &json!("Prod"), "$default"),
            json!({"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi.ApiId}/Prod/$default"})
        );
        assert_eq!(
            route_source_arn("A", &json!({"Ref": "S"}), "$connect"),
            json!({"Fn::Sub": ["arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${A.ApiId}/${__StageName__}/$connect", {"__StageName__": {"Ref": "S"}}]})
        );
    }

    #[test]
    fn auth_type_messages_show_python_values() {
        let a = |t: Value, n| WebSocketAuth {
            auth_type: Some(t),
            key_count: n,
            ..Default::default()
        };
        let msg = |r: Result<(), Diagnostic>| r.unwrap_err().message;
        assert_eq!(
            msg(validate_auth("W", &a(json!(["a"]), 1))),
            "AuthType '['a']' is not one of AWS_IAM, CUSTOM or NONE."
        );
        assert_eq!(
            msg(validate_auth("W", &a(json!("NONE"), 2))),
            "No additional configurations supported for AuthType NONE."
        );
        assert!(validate_auth("W", &a(json!("AWS_IAM"), 1)).is_ok());
    }
}
