//! `AWS::Serverless::WebSocketApi` properties →
//! [`model::WebSocketApi`](crate::model::websocket_api::WebSocketApi).
//!
//! Mirrors `SamWebSocketApi.validate_properties`: unknown properties first,
//! then each property's type in SAM's declaration order, intrinsics always
//! accepted. SAM stops at the first problem of a resource, so this reader
//! reports one problem per resource too (the count in SAM's message matches).

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::websocket_api::{WebSocketApi, WebSocketAuth, WebSocketDomain, WebSocketRoute};
use crate::template::Expr;

use super::reader::Source;

const TYPE: &str = "AWS::Serverless::WebSocketApi";

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Map,
    Bool,
    StrOrMap,
}

/// SAM's `property_types`, in its order (the order it validates in).
const PROPERTIES: &[(&str, Kind, bool)] = &[
    ("ApiKeySelectionExpression", Kind::Str, false),
    ("AccessLogSettings", Kind::Map, false),
    ("Auth", Kind::Map, false),
    ("DefaultRouteSettings", Kind::Map, false),
    ("Description", Kind::Str, false),
    ("DisableExecuteApiEndpoint", Kind::Bool, false),
    ("Domain", Kind::Map, false),
    ("DisableSchemaValidation", Kind::Bool, false),
    ("FailOnWarnings", Kind::Bool, false),
    ("IpAddressType", Kind::Str, false),
    ("Name", Kind::Str, false),
    ("PropagateTags", Kind::Bool, false),
    ("Routes", Kind::Map, true),
    ("RouteSettings", Kind::Map, false),
    ("RouteSelectionExpression", Kind::Str, true),
    ("StageName", Kind::StrOrMap, false),
    ("StageVariables", Kind::Map, false),
    ("Tags", Kind::Map, false),
];

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<WebSocketApi> {
    let cur = Cursor::new(src.id);
    let props = &src.properties;
    if let Some(k) = props
        .keys()
        .find(|k| !PROPERTIES.iter().any(|(name, _, _)| name == k))
    {
        cur.plain_error(
            diags,
            format!("property {k} not defined for resource of type {TYPE}"),
        );
        return None;
    }
    for (name, kind, required) in PROPERTIES {
        if !check(&cur, props, name, *kind, *required, diags) {
            return None;
        }
    }
    let get = |k: &str| props.get(k).filter(|v| !v.is_null()).cloned();
    let routes = read_routes(&cur.at("Routes"), props.get("Routes"), diags)?;
    Some(WebSocketApi {
        id: src.id.to_string(),
        attributes: src.attributes.clone(),
        name: get("Name"),
        description: get("Description"),
        api_key_selection_expression: get("ApiKeySelectionExpression"),
        route_selection_expression: get("RouteSelectionExpression")?,
        disable_execute_api_endpoint: get("DisableExecuteApiEndpoint"),
        disable_schema_validation: get("DisableSchemaValidation"),
        ip_address_type: get("IpAddressType"),
        stage_name: get("StageName"),
        stage_variables: get("StageVariables"),
        access_log_settings: get("AccessLogSettings"),
        default_route_settings: get("DefaultRouteSettings"),
        route_settings: get("RouteSettings"),
        routes,
        auth: get("Auth").as_ref().and_then(Value::as_object).map(auth),
        domain: get("Domain")
            .as_ref()
            .and_then(Value::as_object)
            .map(domain),
        tags: get("Tags").and_then(|t| t.as_object().cloned()),
        // An intrinsic counts as set, as Python's truthiness has it.
        propagate_tags: match get("PropagateTags") {
            Some(Value::Bool(b)) => b,
            Some(_) => true,
            None => false,
        },
    })
}

/// SAM's per-property check: required, then type (intrinsics pass).
fn check(
    cur: &Cursor,
    props: &Map<String, Value>,
    name: &str,
    kind: Kind,
    required: bool,
    diags: &mut Diagnostics,
) -> bool {
    let Some(v) = props.get(name).filter(|v| !v.is_null()) else {
        if required {
            cur.plain_error(diags, format!("Missing required property '{name}'."));
        }
        return !required;
    };
    if Expr::is_intrinsic(v) {
        return true;
    }
    let (ok, what) = match kind {
        Kind::Str => (v.is_string(), Some("string")),
        Kind::Map => (v.is_object(), Some("map")),
        // SAM names the expected type for maps and strings only.
        Kind::Bool => (v.is_boolean(), None),
        Kind::StrOrMap => (v.is_string() || v.is_object(), None),
    };
    if !ok {
        match what {
            Some(w) => cur.at(name).error(diags, format_args!("should be a {w}.")),
            None => cur.plain_error(diags, format!("Type of property '{name}' is invalid.")),
        }
    }
    ok
}

/// `Routes`: route key → route configuration. SAM accepts an intrinsic here
/// and then fails on it; we say so instead.
fn read_routes(
    cur: &Cursor,
    routes: Option<&Value>,
    diags: &mut Diagnostics,
) -> Option<Vec<WebSocketRoute>> {
    let map = routes
        .filter(|r| !Expr::is_intrinsic(r))
        .and_then(Value::as_object);
    let Some(map) = map else {
        cur.error(
            diags,
            "should be a map of route keys to route configurations; an intrinsic function is not supported here.",
        );
        return None;
    };
    let mut out = Vec::new();
    for (key, spec) in map {
        let Some(m) = spec.as_object() else {
            cur.at(key).error(
                diags,
                format_args!(
                    "should be a map with the route's FunctionArn, found {}.",
                    crate::error::type_name(spec)
                ),
            );
            return None;
        };
        let get = |k: &str| m.get(k).filter(|v| !v.is_null()).cloned();
        out.push(WebSocketRoute {
            key: key.clone(),
            // SAM tests for the key only; a null ARN is written as null.
            function_arn: m.get("FunctionArn").cloned(),
            integration_timeout: get("IntegrationTimeout"),
            api_key_required: get("ApiKeyRequired"),
            model_selection_expression: get("ModelSelectionExpression"),
            operation_name: get("OperationName"),
            request_models: get("RequestModels"),
            request_parameters: get("RequestParameters"),
            route_response_selection_expression: get("RouteResponseSelectionExpression"),
        });
    }
    Some(out)
}

fn auth(m: &Map<String, Value>) -> WebSocketAuth {
    let get = |k: &str| m.get(k).filter(|v| !v.is_null()).cloned();
    WebSocketAuth {
        auth_type: get("AuthType"),
        auth_arn: get("AuthArn"),
        invoke_role: get("InvokeRole"),
        identity_source: get("IdentitySource"),
        name: get("Name"),
        key_count: m.len(),
    }
}

fn domain(m: &Map<String, Value>) -> WebSocketDomain {
    let get = |k: &str| m.get(k).filter(|v| !v.is_null()).cloned();
    WebSocketDomain {
        domain_name: get("DomainName"),
        certificate_arn: get("CertificateArn"),
        endpoint_configuration: get("EndpointConfiguration"),
        ownership_verification_certificate_arn: get("OwnershipVerificationCertificateArn"),
        security_policy: get("SecurityPolicy"),
        mutual_tls_authentication: get("MutualTlsAuthentication"),
        base_path: get("BasePath"),
        route53: get("Route53"),
    }
}
