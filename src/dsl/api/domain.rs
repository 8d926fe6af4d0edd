//! Custom domains for REST APIs (SAM's `Domain`): EDGE, REGIONAL and PRIVATE
//! domains, certificates, mutual TLS, security policy, ownership
//! verification, base path mappings and Route 53 alias records (A, and AAAA
//! with IPv6; latency routing with a region and set identifier).
//!
//! CloudFront serves EDGE domains and reads certificates only in us-east-1,
//! so [`Domain::edge`] takes a [`Certificate<UsEast1>`] and nothing else: the
//! types refuse a certificate of another region, and a literal ARN given to
//! [`Certificate::us_east_1`] that names another region is a synth error. A
//! REGIONAL domain's literal certificate must be in the stack's region,
//! checked at synth against the region synthesized for.
//!
//! Beyond SAM: [`App::rest_base_path_mapping`] maps further stages (another
//! stage of the API, or a stage of another API) on the API's domain.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde_json::{json, Map, Value};

use crate::model::Ref;
use crate::template::Expr;
use crate::transform::logical_id;

use super::super::parts::{Parts, Problem};
use super::super::App;
use super::rest::RestApiRef;
use super::{Rest, Stage};

/// Marks a certificate in us-east-1 (the one region CloudFront reads).
#[derive(Debug, Clone, Copy)]
pub struct UsEast1;

/// Marks a certificate meant for the stack's own region.
#[derive(Debug, Clone, Copy)]
pub struct StackRegion;

/// An ACM certificate by ARN, typed by the region it must live in.
#[derive(Debug, Clone)]
pub struct Certificate<R> {
    arn: Value,
    problem: Option<Problem>,
    _region: PhantomData<fn() -> R>,
}

/// The region of a literal ACM certificate ARN (`arn:aws:acm:REGION:…`).
fn literal_region(arn: &Value) -> Option<String> {
    let s = arn.as_str()?;
    let mut parts = s.split(':');
    let (_, _, service, region) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (service == "acm").then(|| region.to_string())
}

impl Certificate<UsEast1> {
    /// A certificate in us-east-1, for EDGE domains (and for REGIONAL ones in a
    /// us-east-1 stack). A literal ARN naming another region is a synth error.
    #[track_caller]
    pub fn us_east_1(arn: impl Into<Value>) -> Self {
        let arn = arn.into();
        let problem = match literal_region(&arn) {
            Some(r) if r != "us-east-1" => Some(Problem::new(
                "CertificateArn",
                format!("an EDGE domain needs a certificate in us-east-1 (CloudFront reads certificates only there), but this ARN is in {r}."),
            )),
            _ => None,
        };
        Certificate {
            arn,
            problem,
            _region: PhantomData,
        }
    }
}

impl Certificate<StackRegion> {
    /// A certificate in the stack's region, for REGIONAL and PRIVATE domains.
    /// A literal ARN in another region is a synth error.
    pub fn in_stack_region(arn: impl Into<Value>) -> Self {
        Certificate {
            arn: arn.into(),
            problem: None,
            _region: PhantomData,
        }
    }
}

impl<R> Certificate<R> {
    /// The certificate's ARN as given.
    pub fn arn(&self) -> &Value {
        &self.arn
    }
}

/// A certificate an EDGE domain accepts: only one in us-east-1.
#[diagnostic::on_unimplemented(
    message = "an EDGE domain needs a certificate in us-east-1, and `{Self}` is not one",
    label = "not a us-east-1 certificate",
    note = "CloudFront serves EDGE domains and reads ACM certificates only in us-east-1: make the certificate with `Certificate::us_east_1(arn)`, or use `Domain::regional`"
)]
pub trait EdgeCertificate {
    #[doc(hidden)]
    fn into_parts(self) -> (Value, Option<Problem>);
}

impl EdgeCertificate for Certificate<UsEast1> {
    fn into_parts(self) -> (Value, Option<Problem>) {
        (self.arn, self.problem)
    }
}

/// The TLS versions a domain or API endpoint accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityPolicy {
    /// `TLS_1_0`.
    Tls10,
    /// `TLS_1_2`.
    Tls12,
    /// A policy this version of stackwright does not list
    /// (`SecurityPolicy_TLS13_1_3_2025_09`, …).
    Other(&'static str),
}

impl SecurityPolicy {
    /// API Gateway's name for the policy.
    pub fn name(self) -> &'static str {
        match self {
            SecurityPolicy::Tls10 => "TLS_1_0",
            SecurityPolicy::Tls12 => "TLS_1_2",
            SecurityPolicy::Other(s) => s,
        }
    }
}

/// How strictly API Gateway matches a request's host to the endpoint
/// (`EndpointAccessMode`), with the enhanced security policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointAccessMode {
    Basic,
    Strict,
}

impl EndpointAccessMode {
    pub(crate) fn name(self) -> &'static str {
        match self {
            EndpointAccessMode::Basic => "BASIC",
            EndpointAccessMode::Strict => "STRICT",
        }
    }
}

/// Route 53 alias records for a domain, in a hosted zone given by ID or name.
#[derive(Debug, Clone, PartialEq)]
pub struct Route53 {
    map: Map<String, Value>,
}

impl Route53 {
    /// Records in the hosted zone with this ID (`Z…`).
    pub fn zone_id(id: impl Into<Value>) -> Self {
        let mut map = Map::new();
        map.insert("HostedZoneId".into(), id.into());
        Route53 { map }
    }

    /// Records in the hosted zone with this name (`example.com.`).
    pub fn zone_name(name: impl Into<Value>) -> Self {
        let mut map = Map::new();
        map.insert("HostedZoneName".into(), name.into());
        Route53 { map }
    }

    /// Adds an AAAA alias record beside the A record.
    /// Default: an A record only.
    pub fn ipv6(mut self) -> Self {
        self.map.insert("IpV6".into(), true.into());
        self
    }

    /// Latency-based routing: the record answers for `region`, told apart from
    /// the other regions' records by `set_identifier`.
    /// Default: a simple record.
    pub fn latency(mut self, region: impl Into<Value>, set_identifier: &str) -> Self {
        self.map.insert("Region".into(), region.into());
        self.map
            .insert("SetIdentifier".into(), set_identifier.into());
        self
    }

    /// Lets Route 53 evaluate the target's health.
    /// Default: not evaluated.
    pub fn evaluate_target_health(mut self) -> Self {
        self.map.insert("EvaluateTargetHealth".into(), true.into());
        self
    }

    /// Puts the records in a record set group of their own.
    /// Default: the group every API shares for the hosted zone.
    pub fn separate_record_set_group(mut self) -> Self {
        self.map
            .insert("SeparateRecordSetGroup".into(), true.into());
        self
    }

    /// For a PRIVATE domain: the VPC endpoint's hosted zone and DNS name the
    /// records alias.
    /// Default: none (required for PRIVATE domains with Route 53).
    pub fn vpc_endpoint(
        mut self,
        hosted_zone_id: impl Into<Value>,
        dns_name: impl Into<Value>,
    ) -> Self {
        self.map
            .insert("VpcEndpointHostedZoneId".into(), hosted_zone_id.into());
        self.map
            .insert("VpcEndpointDomainName".into(), dns_name.into());
        self
    }
}

/// A custom domain for a REST API's stage (SAM's `Domain`).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use stackwright::dsl::api::domain::{Certificate, Domain, Route53};
///
/// let mut app = App::new("shop");
/// let api = app.rest_api(
///     "Api",
///     RestApi::new("prod").domain(
///         Domain::edge(
///             "api.example.com",
///             Certificate::us_east_1("arn:aws:acm:us-east-1:123456789012:certificate/abc"),
///         )
///         .route53(Route53::zone_name("example.com.").ipv6()),
///     ),
/// );
/// # let _ = api;
/// ```
#[derive(Debug, Clone)]
pub struct Domain {
    map: Map<String, Value>,
    problems: Vec<Problem>,
    /// A REGIONAL domain's literal certificate region, checked at synth.
    region_check: Option<String>,
}

impl Domain {
    fn new(name: impl Into<Value>, arn: Value, endpoint: &str) -> Self {
        let mut map = Map::new();
        map.insert("DomainName".into(), name.into());
        map.insert("CertificateArn".into(), arn);
        map.insert("EndpointConfiguration".into(), endpoint.into());
        Domain {
            map,
            problems: Vec::new(),
            region_check: None,
        }
    }

    /// An edge-optimized domain, served through CloudFront; the certificate
    /// must be in us-east-1 (a certificate of another type does not compile).
    pub fn edge(name: impl Into<Value>, certificate: impl EdgeCertificate) -> Self {
        let (arn, problem) = certificate.into_parts();
        let mut d = Domain::new(name, arn, "EDGE");
        d.problems.extend(problem);
        d
    }

    /// A regional domain; its certificate must be in the stack's region
    /// (checked at synth when the ARN is a literal).
    pub fn regional<R>(name: impl Into<Value>, certificate: Certificate<R>) -> Self {
        let region = literal_region(&certificate.arn);
        let mut d = Domain::new(name, certificate.arn, "REGIONAL");
        d.region_check = region;
        d
    }

    /// A private domain, reachable only through VPC endpoints; `policy` is its
    /// resource policy (which callers may invoke it).
    pub fn private<R>(name: impl Into<Value>, certificate: Certificate<R>, policy: Value) -> Self {
        let region = literal_region(&certificate.arn);
        let mut d = Domain::new(name, certificate.arn, "PRIVATE");
        d.map.insert("Policy".into(), policy);
        d.region_check = region;
        d
    }

    /// A base path the API's stage is mapped at (`v1`); repeatable.
    /// Default: the stage is mapped at the domain's root.
    pub fn base_path(mut self, path: &str) -> Self {
        let slot = self
            .map
            .entry("BasePath")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(l) = slot {
            l.push(path.into());
        }
        self
    }

    /// Keeps base paths as written instead of reducing them to their
    /// alphanumeric characters (`NormalizeBasePath: false`).
    /// Default: normalized, as SAM does.
    pub fn keep_base_paths(mut self) -> Self {
        self.map.insert("NormalizeBasePath".into(), false.into());
        self
    }

    /// Route 53 alias records for the domain.
    /// Default: no records.
    pub fn route53(mut self, r: Route53) -> Self {
        self.map.insert("Route53".into(), Value::Object(r.map));
        self
    }

    /// The TLS versions accepted.
    /// Default: API Gateway's default (TLS 1.2 for new domains).
    pub fn security_policy(mut self, p: SecurityPolicy) -> Self {
        self.map.insert("SecurityPolicy".into(), p.name().into());
        self
    }

    /// How strictly the domain matches a request's host (`EndpointAccessMode`).
    /// Default: API Gateway's default.
    pub fn endpoint_access_mode(mut self, m: EndpointAccessMode) -> Self {
        self.map
            .insert("EndpointAccessMode".into(), m.name().into());
        self
    }

    /// Serves the domain over IPv4 and IPv6 (`IpAddressType: dualstack`).
    /// Default: IPv4 only.
    pub fn dualstack(mut self) -> Self {
        self.map.insert("IpAddressType".into(), "dualstack".into());
        self
    }

    /// Mutual TLS: clients present certificates signed by the truststore at
    /// `truststore_uri` (`s3://bucket/key`), optionally of one S3 version.
    /// Default: no mutual TLS.
    #[track_caller]
    pub fn mutual_tls(mut self, truststore_uri: &str, version: Option<&str>) -> Self {
        let (config, problem) = super::mutual_tls(
            truststore_uri,
            version,
            "MutualTlsAuthentication.TruststoreUri",
        );
        self.problems.extend(problem);
        self.map.insert("MutualTlsAuthentication".into(), config);
        self
    }

    /// A certificate proving you own the domain, for mutual TLS with a
    /// certificate imported or issued by a private CA.
    /// Default: none.
    #[track_caller]
    pub fn ownership_verification<R>(mut self, certificate: Certificate<R>) -> Self {
        if self
            .map
            .get("EndpointConfiguration")
            .and_then(Value::as_str)
            == Some("PRIVATE")
        {
            self.problems.push(Problem::new(
                "OwnershipVerificationCertificateArn",
                "a PRIVATE domain takes no ownership verification certificate.",
            ));
        }
        self.map.insert(
            "OwnershipVerificationCertificateArn".into(),
            certificate.arn,
        );
        self
    }

    /// For a PRIVATE domain: lets calls through the VPC endpoint
    /// `vpc_endpoint_id` reach the domain (an access association).
    /// Default: none.
    #[track_caller]
    pub fn access_association(mut self, vpc_endpoint_id: impl Into<Value>) -> Self {
        if self
            .map
            .get("EndpointConfiguration")
            .and_then(Value::as_str)
            != Some("PRIVATE")
        {
            self.problems.push(Problem::new(
                "AccessAssociation",
                "only a PRIVATE domain takes access associations.",
            ));
        }
        self.map.insert(
            "AccessAssociation".into(),
            json!({"VpcEndpointId": vpc_endpoint_id.into()}),
        );
        self
    }

    /// The SAM `Domain` value, the problems found, and the literal certificate
    /// region to check against the stack's.
    pub(crate) fn lower(self) -> (Value, Vec<Problem>, Option<String>) {
        (Value::Object(self.map), self.problems, self.region_check)
    }
}

/// A base path mapping (`AWS::ApiGateway::BasePathMapping`) beyond SAM's.
#[derive(Debug, Clone, Copy)]
pub struct BasePathMapping;

impl App {
    /// Maps `stage` at `base_path` on the custom domain of `api` (declared with
    /// [`RestApi::domain`](super::rest::RestApi::domain)): for a second stage of
    /// the API, or a stage of another API. An API without a domain is an error.
    #[track_caller]
    pub fn rest_base_path_mapping(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        api: RestApiRef,
        base_path: &str,
        stage: Stage<Rest>,
    ) -> Ref<BasePathMapping> {
        let id = super::super::intern(id);
        self.require_rest_api(id, "RestApiId", stage.api_id());
        let domain = self
            .decl(api.id())
            .and_then(|d| d.parts.props.get("Domain"))
            .cloned();
        let mut parts = Parts::new();
        let Some(domain) = domain else {
            parts.problem(
                "DomainName",
                format!("API '{}' has no custom domain to map a stage on; give it one with `RestApi::domain`.", api.id()),
            );
            return self.declare(
                id,
                "base path mapping",
                "AWS::ApiGateway::BasePathMapping",
                parts,
            );
        };
        let name = domain.get("DomainName").cloned().unwrap_or(Value::Null);
        let private =
            domain.get("EndpointConfiguration").and_then(Value::as_str) == Some("PRIVATE");
        let type_ = if private {
            let domain_id = logical_id::domain_name_id("ApiGatewayDomainNameV2", &name);
            parts.set(
                "rest_base_path_mapping",
                "DomainNameArn",
                Expr::ref_(domain_id),
            );
            "AWS::ApiGateway::BasePathMappingV2"
        } else {
            let domain_id = logical_id::domain_name_id("ApiGatewayDomainName", &name);
            parts.set(
                "rest_base_path_mapping",
                "DomainName",
                Expr::ref_(domain_id),
            );
            "AWS::ApiGateway::BasePathMapping"
        };
        parts.set(
            "rest_base_path_mapping",
            "RestApiId",
            Expr::ref_(stage.api_id()),
        );
        parts.set(
            "rest_base_path_mapping",
            "Stage",
            Expr::ref_(stage.logical_id()),
        );
        if !base_path.is_empty() && base_path != "/" {
            parts.set(
                "rest_base_path_mapping",
                "BasePath",
                base_path.trim_matches('/'),
            );
        }
        self.declare(id, "base path mapping", type_, parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_certificate_regions_are_read_from_the_arn() {
        let arn = json!("arn:aws:acm:eu-west-1:123456789012:certificate/abc");
        assert_eq!(literal_region(&arn).as_deref(), Some("eu-west-1"));
        assert_eq!(literal_region(&json!({"Ref": "Cert"})), None);
        assert_eq!(literal_region(&json!("arn:aws:iam::1:role/x")), None);
    }

    #[test]
    fn an_edge_certificate_in_another_region_is_a_problem() {
        let c = Certificate::us_east_1("arn:aws:acm:eu-west-1:1:certificate/x");
        assert!(c.problem.is_some());
        let c = Certificate::us_east_1("arn:aws:acm:us-east-1:1:certificate/x");
        assert!(c.problem.is_none());
        let c = Certificate::us_east_1(json!({"Ref": "CertArn"}));
        assert!(c.problem.is_none(), "expressions are trusted");
    }
}
