//! An API's `Domain` (SAM's `ApiGenerator._construct_api_domain` and
//! `_construct_api_domain_v2`): the custom domain, its base path mappings
//! and Route 53 alias records. A `PRIVATE` domain uses the V2 resources and
//! may add a VPC endpoint access association.
//!
//! SAM writes two keys back into the domain settings (`ApiDomainName`, and
//! `EndpointConfiguration` when defaulted) and the edge distribution name into
//! `Route53`; the settings as changed then feed the deployment's hash.

use serde_json::{Map, Value};

use crate::model::rest_api::RestApi;
use crate::model::Attributes;
use crate::template::resources::apigateway::{
    BasePathMapping, BasePathMappingV2, DomainName, DomainNameAccessAssociation, DomainNameV2,
};
use crate::template::{Expr, Resource};

use super::super::openapi;
use super::super::py27::{Py, PyDict, PyStr};
use super::super::route53::{AliasTarget, Route53};
use super::super::{logical_id, permissions, Output};
use super::ApiError;

const ENDPOINTS: [&str; 3] = ["EDGE", "REGIONAL", "PRIVATE"];

fn truthy(v: &Value) -> bool {
    openapi::truthy(&Py::from_user(v))
}

fn should_be(path: &str, what: &str) -> ApiError {
    ApiError::resource(format!("Property '{path}' should be {what}."))
}

fn with_attrs<T: crate::template::resources::ResourceType>(
    props: &T,
    attrs: &Attributes,
) -> Resource {
    let mut r = Resource::typed(props);
    permissions::pass_through(&mut r, attrs);
    r
}

/// `_get_basepaths`, checked to be strings.
fn base_paths(d: &Map<String, Value>) -> Result<Option<Vec<String>>, ApiError> {
    let paths = match d.get("BasePath") {
        Some(v @ Value::String(_)) if truthy(v) => vec![v.clone()],
        Some(Value::Array(l)) if !l.is_empty() => l.clone(),
        _ => return Ok(None),
    };
    let mut out = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        match p.as_str() {
            Some(s) => out.push(s.to_string()),
            None => return Err(should_be(&format!("Domain.BasePath[{i}]"), "a string")),
        }
    }
    Ok(Some(out))
}

fn alnum(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Builds the domain resources; returns the settings as SAM leaves them, for the deployment hash.
pub(super) fn add(
    a: &RestApi,
    domain: Option<&Value>,
    attrs: &Attributes,
    stage_id: &str,
    out: &mut Output,
) -> Result<Option<Py>, ApiError> {
    let Some(domain) = domain.filter(|d| !d.is_null()) else {
        return Ok(None);
    };
    let Some(d) = domain.as_object() else {
        return Err(should_be("Domain", "a map"));
    };
    let mut settings = Py::from_user_with(domain, a.key_history.at(&["Domain"]));
    let required = |k: &str| {
        d.get(k)
            .filter(|v| !v.is_null())
            .cloned()
            .ok_or_else(|| ApiError::resource(format!("Property 'Domain.{k}' is required.")))
    };
    let domain_name = required("DomainName")?;
    let certificate = required("CertificateArn")?;
    let endpoint = d.get("EndpointConfiguration").filter(|v| !v.is_null());
    if endpoint.and_then(Value::as_str) == Some("PRIVATE") {
        add_private(a, d, &domain_name, &certificate, attrs, stage_id, out)?;
        return Ok(Some(settings));
    }

    let id = logical_id::domain_name_id("ApiGatewayDomainName", &domain_name);
    let set = |settings: &mut Py, k: &str, v: Py| {
        if let Some(s) = settings.as_dict_mut() {
            s.set(PyStr::lit(k), v);
        }
    };
    set(&mut settings, "ApiDomainName", Py::lit(&id));
    let endpoint = match endpoint {
        None => {
            set(&mut settings, "EndpointConfiguration", Py::lit("REGIONAL"));
            "REGIONAL".to_string()
        }
        Some(Value::String(e)) if ENDPOINTS.contains(&e.as_str()) => e.clone(),
        Some(_) => {
            return Err(ApiError::resource(
                "EndpointConfiguration for Custom Domains must be one of ['EDGE', 'REGIONAL', 'PRIVATE'].",
            ))
        }
    };
    let mut res = DomainName {
        domain_name: domain_name.clone(),
        ..Default::default()
    };
    if endpoint == "REGIONAL" {
        res.regional_certificate_arn = Some(certificate);
    } else {
        res.certificate_arn = Some(certificate);
    }
    res.endpoint_configuration = Some(endpoint_configuration(&endpoint, d));
    if let Some(mtls) = d.get("MutualTlsAuthentication").filter(|v| truthy(v)) {
        let Some(m) = mtls.as_object() else {
            return Err(should_be("Domain.MutualTlsAuthentication", "a map"));
        };
        const MTLS: [&str; 2] = ["TruststoreUri", "TruststoreVersion"];
        if m.keys().any(|k| !MTLS.contains(&k.as_str())) {
            return Err(ApiError::resource(
                "Available Domain.MutualTlsAuthentication fields are ['TruststoreUri', 'TruststoreVersion'].",
            ));
        }
        let mut tls = Map::new();
        for k in MTLS {
            if let Some(v) = m.get(k).filter(|v| truthy(v)) {
                tls.insert(k.into(), v.clone());
            }
        }
        res.mutual_tls_authentication = Some(Value::Object(tls));
    }
    let opt = |k: &str| d.get(k).filter(|v| truthy(v)).cloned();
    res.security_policy = opt("SecurityPolicy");
    res.endpoint_access_mode = opt("EndpointAccessMode");
    if opt("Policy").is_some() {
        return Err(ApiError::Other(
            id.clone(),
            "property Policy not defined for resource of type AWS::ApiGateway::DomainName".into(),
        ));
    }
    res.ownership_verification_certificate_arn = opt("OwnershipVerificationCertificateArn");
    out.add(&a.id, id.clone(), with_attrs(&res, attrs));

    let normalize = d.get("NormalizeBasePath").is_none_or(truthy);
    let mapping = |base_path: Option<&str>| BasePathMapping {
        base_path: base_path
            .map(|p| Value::String(if normalize { alnum(p) } else { p.to_string() })),
        domain_name: Some(Expr::ref_(id.clone()).into()),
        domain_name_arn: None,
        rest_api_id: Expr::ref_(a.id.clone()).into(),
        stage: Expr::ref_(stage_id).into(),
    };
    match base_paths(d)? {
        None => out.add(
            &a.id,
            logical_id::base_path_mapping_id(&a.id, None),
            with_attrs(&mapping(None), attrs),
        ),
        Some(paths) => {
            for p in paths {
                out.add(
                    &a.id,
                    logical_id::base_path_mapping_id(&a.id, Some(&p)),
                    with_attrs(&mapping(Some(&p)), attrs),
                );
            }
        }
    }

    if let Some(route53) = d.get("Route53").filter(|v| !v.is_null()) {
        let Some(r53) = route53.as_object() else {
            return Err(should_be("Domain.Route53", "a map"));
        };
        let target = match endpoint.as_str() {
            "REGIONAL" => AliasTarget::Regional(id.clone()),
            "EDGE" => {
                let dns = match r53.get("DistributionDomainName").filter(|v| !v.is_null()) {
                    Some(v) => v.clone(),
                    None => {
                        let att = Expr::get_att(&id, "DistributionDomainName");
                        let mut plain = PyDict::plain();
                        plain.set(
                            PyStr::lit("Fn::GetAtt"),
                            Py::List(vec![Py::lit(&id), Py::lit("DistributionDomainName")]),
                        );
                        if let Some(Py::Dict(r)) =
                            settings.as_dict_mut().and_then(|s| s.get_mut("Route53"))
                        {
                            r.set(PyStr::lit("DistributionDomainName"), Py::Dict(plain));
                        }
                        att.into()
                    }
                };
                AliasTarget::Edge(dns)
            }
            _ => private_target(r53),
        };
        add_records(a, d, r53, &domain_name, &target, attrs, out)?;
    }
    Ok(Some(settings))
}

fn endpoint_configuration(endpoint: &str, d: &Map<String, Value>) -> Value {
    let mut cfg = Map::new();
    cfg.insert("Types".into(), Value::Array(vec![endpoint.into()]));
    if let Some(ip) = d.get("IpAddressType").filter(|v| truthy(v)) {
        cfg.insert("IpAddressType".into(), ip.clone());
    }
    Value::Object(cfg)
}

fn private_target(r53: &Map<String, Value>) -> AliasTarget {
    let get = |k: &str| r53.get(k).cloned().unwrap_or(Value::Null);
    AliasTarget::Private {
        zone: get("VpcEndpointHostedZoneId"),
        dns: get("VpcEndpointDomainName"),
    }
}

fn add_records(
    a: &RestApi,
    d: &Map<String, Value>,
    r53: &Map<String, Value>,
    domain_name: &Value,
    target: &AliasTarget,
    attrs: &Attributes,
    out: &mut Output,
) -> Result<(), ApiError> {
    let none = |k: &str| r53.get(k).is_none_or(Value::is_null);
    if none("HostedZoneId") && none("HostedZoneName") {
        return Err(ApiError::resource(
            "HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.",
        ));
    }
    let route53 = Route53 { config: r53 };
    let name = d.get("DomainName").cloned().unwrap_or(Value::Null);
    let records = route53.record_sets(&name, target);
    match r53.get("SeparateRecordSetGroup").filter(|v| truthy(v)) {
        Some(Value::Bool(_)) => route53.add_separate_group(&a.id, domain_name, records, attrs, out),
        Some(_) => {
            return Err(should_be(
                "Domain.Route53.SeparateRecordSetGroup",
                "a boolean",
            ))
        }
        None => route53.add_to_shared_group(&a.id, records, attrs, out),
    }
    Ok(())
}

/// `_construct_api_domain_v2`: a private custom domain.
fn add_private(
    a: &RestApi,
    d: &Map<String, Value>,
    domain_name: &Value,
    certificate: &Value,
    attrs: &Attributes,
    stage_id: &str,
    out: &mut Output,
) -> Result<(), ApiError> {
    let id = logical_id::domain_name_id("ApiGatewayDomainNameV2", domain_name);
    let arn: Value = Expr::ref_(id.clone()).into();
    let opt = |k: &str| d.get(k).filter(|v| truthy(v)).cloned();
    if opt("OwnershipVerificationCertificateArn").is_some() {
        return Err(ApiError::Other(
            id.clone(),
            "property OwnershipVerificationCertificateArn not defined for resource of type AWS::ApiGateway::DomainNameV2".into(),
        ));
    }
    let res = DomainNameV2(DomainName {
        domain_name: domain_name.clone(),
        certificate_arn: Some(certificate.clone()),
        endpoint_configuration: Some(endpoint_configuration("PRIVATE", d)),
        security_policy: opt("SecurityPolicy"),
        endpoint_access_mode: opt("EndpointAccessMode"),
        policy: opt("Policy"),
        ..Default::default()
    });
    out.add(&a.id, id.clone(), with_attrs(&res, attrs));

    let normalize = d.get("NormalizeBasePath").is_none_or(truthy);
    let mapping = |base_path: Option<&str>| {
        BasePathMappingV2(BasePathMapping {
            base_path: base_path
                .map(|p| Value::String(if normalize { alnum(p) } else { p.to_string() })),
            domain_name: None,
            domain_name_arn: Some(arn.clone()),
            rest_api_id: Expr::ref_(a.id.clone()).into(),
            stage: Expr::ref_(stage_id).into(),
        })
    };
    match base_paths(d)? {
        None => out.add(
            &a.id,
            logical_id::base_path_mapping_id(&a.id, None),
            with_attrs(&mapping(None), attrs),
        ),
        Some(paths) => {
            for p in paths {
                out.add(
                    &a.id,
                    logical_id::base_path_mapping_id(&a.id, Some(&p)),
                    with_attrs(&mapping(Some(&p)), attrs),
                );
            }
        }
    }

    if let Some(assoc) = d.get("AccessAssociation").filter(|v| !v.is_null()) {
        let Some(m) = assoc.as_object() else {
            return Err(should_be("Domain.AccessAssociation", "a map"));
        };
        let vpce = m.get("VpcEndpointId").cloned().unwrap_or(Value::Null);
        let assoc_id = logical_id::access_association_id(&vpce, &id);
        let res = DomainNameAccessAssociation {
            access_association_source: vpce,
            access_association_source_type: "VPCE".into(),
            domain_name_arn: arn.clone(),
        };
        out.add(&a.id, assoc_id, with_attrs(&res, attrs));
    }

    if let Some(route53) = d.get("Route53").filter(|v| !v.is_null()) {
        let Some(r53) = route53.as_object() else {
            return Err(should_be("Domain.Route53", "a map"));
        };
        add_records(a, d, r53, domain_name, &private_target(r53), attrs, out)?;
    }
    Ok(())
}
