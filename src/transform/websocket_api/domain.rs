//! A WebSocket API's custom domain: `AWS::ApiGatewayV2::DomainName`, its
//! `AWS::ApiGatewayV2::ApiMapping`s and an optional Route 53 alias record
//! set group, as SAM's `ApiV2Generator._construct_api_domain` builds them.
//!
//! SAM shares this code between HTTP and WebSocket APIs, with one difference
//! that shows in the output: `SamWebSocketApi` looks up the shared record set
//! groups under a misspelt keyword, so every WebSocket API starts its own
//! group, and of two APIs aliasing into the same hosted zone only the later
//! one's group survives.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::Diagnostic;
use crate::model::websocket_api::WebSocketDomain;
use crate::template::resources::apigatewayv2::{ApiMapping, DomainName};
use crate::template::{Expr, Resource, ResourceType};
use crate::transform::logical_id;

use super::truthy;

/// `AWS::Route53::RecordSetGroup` (SAM's `Route53RecordSetGroup`).
// Kept here until a shared `template/resources/route53.rs` exists.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct RecordSetGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    hosted_zone_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hosted_zone_name: Option<Value>,
    record_sets: Vec<Value>,
}

impl ResourceType for RecordSetGroup {
    const TYPE: &'static str = "AWS::Route53::RecordSetGroup";
}

/// The domain's resources, or SAM's first complaint about it.
pub fn expand(
    api_id: &str,
    stage_id: &str,
    d: &WebSocketDomain,
    tags: &Map<String, Value>,
) -> Result<Vec<(String, Resource)>, Diagnostic> {
    let err = |path: &str, msg: &str| Diagnostic::resource(api_id, path, msg);
    let (Some(domain_name), Some(certificate_arn)) = (&d.domain_name, &d.certificate_arn) else {
        return Err(err(
            "Domain",
            "Custom Domains only works if both DomainName and CertificateArn are provided.",
        ));
    };
    let domain_id = logical_id::websocket_domain_name_id(domain_name);
    let endpoint = match &d.endpoint_configuration {
        None => Value::String("REGIONAL".into()),
        Some(Value::String(s)) if s == "REGIONAL" => Value::String(s.clone()),
        Some(_) => {
            return Err(err(
                "Domain.EndpointConfiguration",
                "EndpointConfiguration for Custom Domains must be one of ['REGIONAL'].",
            ))
        }
    };
    let mut config = Map::new();
    config.insert("CertificateArn".into(), certificate_arn.clone());
    config.insert("EndpointType".into(), endpoint);
    if let Some(v) = d
        .ownership_verification_certificate_arn
        .as_ref()
        .filter(|v| truthy(v))
    {
        config.insert("OwnershipVerificationCertificateArn".into(), v.clone());
    }
    if let Some(v) = d.security_policy.as_ref().filter(|v| truthy(v)) {
        config.insert("SecurityPolicy".into(), v.clone());
    }
    let mut out = vec![(
        domain_id.clone(),
        Resource::typed(&DomainName {
            domain_name: domain_name.clone(),
            domain_name_configurations: vec![Value::Object(config)],
            mutual_tls_authentication: None,
            tags: Some(Value::Object(tags.clone())),
        }),
    )];

    let mapping = |key: Option<Value>| {
        Resource::typed(&ApiMapping {
            api_id: Expr::ref_(api_id).into(),
            api_mapping_key: key,
            domain_name: Expr::ref_(domain_id.clone()).into(),
            stage: Expr::ref_(stage_id).into(),
        })
    };
    // A non-empty string is one path, a non-empty list several; anything
    // else (an intrinsic included) maps the API at the domain's root.
    let paths: Option<Vec<Value>> = match &d.base_path {
        Some(Value::String(s)) if !s.is_empty() => Some(vec![Value::String(s.clone())]),
        Some(Value::Array(items)) if !items.is_empty() => Some(items.clone()),
        _ => None,
    };
    match paths {
        None => out.push((
            logical_id::websocket_api_mapping_id(api_id, None),
            mapping(None),
        )),
        Some(paths) => {
            for p in &paths {
                let Some(path) = p.as_str() else {
                    return Err(err("Domain.BasePath", "Basepath must be a string."));
                };
                if !path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'))
                {
                    return Err(err("Domain.BasePath", "Invalid Basepath name provided."));
                }
                out.push((
                    logical_id::websocket_api_mapping_id(api_id, Some(path)),
                    mapping(Some(Value::String(path.trim_matches('/').to_string()))),
                ));
            }
        }
    }

    if let Some(r53) = &d.route53 {
        out.push(record_set_group(api_id, &domain_id, domain_name, r53)?);
    }
    Ok(out)
}

/// SAM's `_construct_route53_recordsetgroup`: an A record (and AAAA when
/// `IpV6: true`) aliasing the domain's regional endpoint.
fn record_set_group(
    api_id: &str,
    domain_id: &str,
    domain_name: &Value,
    r53: &Value,
) -> Result<(String, Resource), Diagnostic> {
    let Some(cfg) = r53.as_object() else {
        return Err(Diagnostic::resource(
            api_id,
            "Domain.Route53",
            "Property 'Domain.Route53' should be a map.",
        ));
    };
    let get = |k: &str| cfg.get(k).filter(|v| !v.is_null());
    let zone = match (get("HostedZoneId"), get("HostedZoneName")) {
        (Some(id), _) if truthy(id) => id,
        (_, Some(name)) => name,
        (Some(id), None) => id,
        (None, None) => {
            return Err(Diagnostic::resource(
                api_id,
                "Domain.Route53",
                "HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.",
            ))
        }
    };
    let id = logical_id::websocket_record_set_group_id(zone);
    // SAM tests for the key, not its value.
    let (hosted_zone_id, hosted_zone_name) = if cfg.contains_key("HostedZoneId") {
        (get("HostedZoneId").cloned(), None)
    } else {
        (None, get("HostedZoneName").cloned())
    };
    let record = |type_: &str| {
        let mut alias = Map::new();
        if let Some(v) = get("EvaluateTargetHealth") {
            alias.insert("EvaluateTargetHealth".into(), v.clone());
        }
        alias.insert(
            "HostedZoneId".into(),
            Expr::get_att(domain_id, "RegionalHostedZoneId").into(),
        );
        alias.insert(
            "DNSName".into(),
            Expr::get_att(domain_id, "RegionalDomainName").into(),
        );
        let mut r = Map::new();
        r.insert("Name".into(), domain_name.clone());
        r.insert("Type".into(), json!(type_));
        r.insert("AliasTarget".into(), Value::Object(alias));
        for k in ["Region", "SetIdentifier"] {
            if let Some(v) = get(k) {
                r.insert(k.into(), v.clone());
            }
        }
        Value::Object(r)
    };
    let mut record_sets = vec![record("A")];
    if get("IpV6") == Some(&Value::Bool(true)) {
        record_sets.push(record("AAAA"));
    }
    Ok((
        id,
        Resource::typed(&RecordSetGroup {
            hosted_zone_id,
            hosted_zone_name,
            record_sets,
        }),
    ))
}
