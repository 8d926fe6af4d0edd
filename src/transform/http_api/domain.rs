//! An HTTP API's custom domain (SAM's `ApiV2Generator._construct_api_domain`):
//! `AWS::ApiGatewayV2::DomainName`, one `ApiMapping` per base path, and the
//! Route 53 alias records, in a `RecordSetGroup` per hosted zone that every
//! API of the template (REST or HTTP) adds its records to.

use serde_json::{json, Map, Value};

use crate::model::Attributes;
use crate::template::resources::apigatewayv2::{ApiMapping, DomainName};
use crate::template::{Expr, Resource};

use super::super::{logical_id, permissions, Output};
use super::editor::truthy;

/// What the domain expands to, before tags are propagated.
pub struct Domain {
    pub domain_id: String,
    pub domain: DomainName,
}

/// Expands `domain` (parameter references resolved) for API `api_id`, whose
/// stage has logical ID `stage_id`. Errors are SAM's messages, with the
/// resource they name.
pub fn expand(
    api_id: &str,
    domain: &Value,
    stage_id: &str,
    attrs: &Attributes,
    out: &mut Output,
) -> Result<Domain, (String, String)> {
    let err = |m: &str| (api_id.to_string(), m.to_string());
    let Some(d) = domain.as_object() else {
        return Err(err("Property 'Domain' should be a map."));
    };
    let get = |k: &str| d.get(k).filter(|v| !v.is_null());
    let (Some(name), Some(cert)) = (get("DomainName"), get("CertificateArn")) else {
        return Err(err(
            "Custom Domains only works if both DomainName and CertificateArn are provided.",
        ));
    };
    let domain_id = logical_id::domain_name_v2_id(name);
    let mut config = Map::new();
    config.insert("CertificateArn".into(), cert.clone());
    let endpoint = get("EndpointConfiguration")
        .cloned()
        .unwrap_or_else(|| "REGIONAL".into());
    if endpoint != "REGIONAL" {
        return Err(err(
            "EndpointConfiguration for Custom Domains must be one of ['REGIONAL'].",
        ));
    }
    config.insert("EndpointType".into(), endpoint);
    for k in ["OwnershipVerificationCertificateArn", "SecurityPolicy"] {
        if let Some(v) = get(k).filter(|v| truthy(v)) {
            config.insert(k.into(), v.clone());
        }
    }
    let mut mtls = None;
    if let Some(m) = get("MutualTlsAuthentication").filter(|v| truthy(v)) {
        let fields = ["TruststoreUri", "TruststoreVersion"];
        let Some(m) = m.as_object() else {
            return Err(err("MutualTlsAuthentication must be a map with at least one of the following fields ['TruststoreUri', 'TruststoreVersion']."));
        };
        let mut invalid: Vec<&str> = m
            .keys()
            .map(String::as_str)
            .filter(|k| !fields.contains(k))
            .collect();
        if !invalid.is_empty() {
            invalid.sort_unstable();
            // SAM names the offending keys where the resource ID would go.
            return Err((
                invalid.join(","),
                "Available MutualTlsAuthentication fields are ['TruststoreUri', 'TruststoreVersion']."
                    .into(),
            ));
        }
        let mut t = Map::new();
        for f in fields {
            if let Some(v) = m.get(f).filter(|v| truthy(v)) {
                t.insert(f.into(), v.clone());
            }
        }
        mtls = Some(Value::Object(t));
    }
    let resource = DomainName {
        domain_name: name.clone(),
        domain_name_configurations: vec![Value::Object(config)],
        mutual_tls_authentication: mtls,
        tags: Some(json!({"httpapi:createdBy": "SAM"})),
    };

    let base_paths: Option<Vec<&Value>> = match get("BasePath").filter(|v| truthy(v)) {
        Some(Value::String(_)) => get("BasePath").map(|v| vec![v]),
        Some(Value::Array(a)) => Some(a.iter().collect()),
        _ => None,
    };
    let mut mappings = Vec::new();
    match base_paths {
        None => mappings.push((logical_id::api_mapping_id(api_id, None), None)),
        Some(paths) => {
            for p in paths {
                let Some(p) = p.as_str() else {
                    return Err(err("Basepath must be a string."));
                };
                let valid = p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'));
                if !valid {
                    return Err(err("Invalid Basepath name provided."));
                }
                mappings.push((
                    logical_id::api_mapping_id(api_id, Some(p)),
                    Some(Value::String(p.trim_matches('/').to_string())),
                ));
            }
        }
    }
    let route53 = match get("Route53") {
        None => None,
        Some(Value::Object(r)) => Some(r),
        Some(_) => return Err(err("Property 'Domain.Route53' should be a map.")),
    };
    let zone = match route53 {
        None => None,
        Some(r) => {
            let id = r.get("HostedZoneId").filter(|v| !v.is_null());
            let zone_name = r.get("HostedZoneName").filter(|v| !v.is_null());
            if id.is_none() && zone_name.is_none() {
                return Err(err("HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains."));
            }
            Some((r, id.filter(|v| truthy(v)).or(zone_name)))
        }
    };

    for (id, key) in mappings {
        let m = ApiMapping {
            api_id: Expr::ref_(api_id).into(),
            api_mapping_key: key,
            domain_name: Expr::ref_(domain_id.clone()).into(),
            stage: Expr::ref_(stage_id).into(),
        };
        let mut r = Resource::typed(&m);
        permissions::pass_through(&mut r, attrs);
        out.add(api_id, id, r);
    }
    if let Some((r, zone)) = zone {
        add_records(api_id, r, zone, name, &domain_id, attrs, out);
    }
    Ok(Domain {
        domain_id,
        domain: resource,
    })
}

/// Adds the domain's A (and, with `IpV6`, AAAA) alias records to the hosted
/// zone's `RecordSetGroup`, creating it for the first API that needs it.
fn add_records(
    api_id: &str,
    route53: &Map<String, Value>,
    zone: Option<&Value>,
    domain_name: &Value,
    domain_id: &str,
    attrs: &Attributes,
    out: &mut Output,
) {
    let group_id = logical_id::record_set_group_id(zone.unwrap_or(&Value::Null));
    let mut alias = Map::new();
    if let Some(h) = route53.get("EvaluateTargetHealth").filter(|v| !v.is_null()) {
        alias.insert("EvaluateTargetHealth".into(), h.clone());
    }
    alias.insert(
        "HostedZoneId".into(),
        Expr::get_att(domain_id, "RegionalHostedZoneId").into(),
    );
    alias.insert(
        "DNSName".into(),
        Expr::get_att(domain_id, "RegionalDomainName").into(),
    );
    let record = |type_: &str| {
        let mut r = Map::new();
        r.insert("Name".into(), domain_name.clone());
        r.insert("Type".into(), type_.into());
        r.insert("AliasTarget".into(), Value::Object(alias.clone()));
        for k in ["Region", "SetIdentifier"] {
            if let Some(v) = route53.get(k).filter(|v| !v.is_null()) {
                r.insert(k.into(), v.clone());
            }
        }
        Value::Object(r)
    };
    let mut records = vec![record("A")];
    if route53.get("IpV6") == Some(&Value::Bool(true)) {
        records.push(record("AAAA"));
    }
    let existing = out
        .template
        .resources
        .get_mut(&group_id)
        .filter(|r| r.type_ == "AWS::Route53::RecordSetGroup");
    if let Some(group) = existing {
        let props = group.properties.get_or_insert_with(Map::new);
        let sets = props
            .entry("RecordSets")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(a) = sets {
            a.extend(records);
        }
        return;
    }
    let mut props = Map::new();
    if let Some(id) = route53.get("HostedZoneId").filter(|v| !v.is_null()) {
        props.insert("HostedZoneId".into(), id.clone());
    } else if let Some(name) = route53.get("HostedZoneName") {
        props.insert("HostedZoneName".into(), name.clone());
    }
    props.insert("RecordSets".into(), Value::Array(records));
    let mut r = Resource::new("AWS::Route53::RecordSetGroup");
    r.properties = Some(props);
    permissions::pass_through(&mut r, attrs);
    out.add(api_id, group_id, r);
}
