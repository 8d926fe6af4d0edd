//! Custom domains for HTTP and WebSocket APIs (SAM's `Domain` property of
//! `AWS::Serverless::HttpApi` and `AWS::Serverless::WebSocketApi`): an
//! `AWS::ApiGatewayV2::DomainName` (always REGIONAL: API Gateway v2 has no
//! edge-optimized domains), one `ApiMapping` per base path to the API's stage,
//! and Route 53 alias records ([`AliasRecords`]).
//!
//! [`HttpDomain`] and [`WebSocketDomain`] are distinct types: mutual TLS is
//! offered only on HTTP domains, because API Gateway refuses it for WebSocket
//! APIs. A literal certificate ARN in another region than the stack's is an
//! error at synth (a regional domain needs a certificate in its own region).

use serde_json::{Map, Value};

use super::super::parts::{Parts, Problem};
use super::domain::SecurityPolicy;

/// Route 53 alias records (A, and AAAA with [`ipv6`](Self::ipv6)) pointing a
/// domain at its API Gateway domain name, in one hosted zone.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let records = AliasRecords::zone_id("Z123456ABCDEFG").ipv6();
/// let domain = HttpDomain::new("api.example.com", "arn:aws:acm:us-east-1:123456789012:certificate/abc")
///     .route53(records);
/// # let _ = domain;
/// ```
#[derive(Debug, Clone)]
pub struct AliasRecords {
    zone: (&'static str, Value),
    evaluate_target_health: bool,
    ipv6: bool,
    latency: Option<(Value, Value)>,
    problems: Vec<Problem>,
}

impl AliasRecords {
    /// Records in the hosted zone with this ID (`Z…`, or an expression).
    pub fn zone_id(id: impl Into<Value>) -> Self {
        Self::zone("HostedZoneId", id.into(), Vec::new())
    }

    /// Records in the hosted zone with this name (`example.com.`, with the
    /// trailing dot Route 53 requires).
    #[track_caller]
    pub fn zone_name(name: impl Into<Value>) -> Self {
        let name = name.into();
        let mut problems = Vec::new();
        if let Some(s) = name.as_str() {
            if !s.ends_with('.') {
                problems.push(Problem::new(
                    "Domain.Route53.HostedZoneName",
                    format!("hosted zone name '{s}' must end with a dot ('{s}.')."),
                ));
            }
        }
        Self::zone("HostedZoneName", name, problems)
    }

    fn zone(key: &'static str, v: Value, problems: Vec<Problem>) -> Self {
        AliasRecords {
            zone: (key, v),
            evaluate_target_health: false,
            ipv6: false,
            latency: None,
            problems,
        }
    }

    /// Also an AAAA record (IPv6).
    /// Default: an A record only.
    pub fn ipv6(mut self) -> Self {
        self.ipv6 = true;
        self
    }

    /// Route 53 checks the target's health before answering with it.
    /// Default: off.
    pub fn evaluate_target_health(mut self) -> Self {
        self.evaluate_target_health = true;
        self
    }

    /// Latency-based routing: this record answers for `region`, told apart
    /// from the other regions' records by `set_identifier`.
    /// Default: simple routing.
    pub fn latency(mut self, region: impl Into<Value>, set_identifier: impl Into<Value>) -> Self {
        self.latency = Some((region.into(), set_identifier.into()));
        self
    }

    fn to_value(&self, problems: &mut Vec<Problem>) -> Value {
        problems.extend(self.problems.iter().cloned());
        let mut m = Map::new();
        m.insert(self.zone.0.into(), self.zone.1.clone());
        if self.evaluate_target_health {
            m.insert("EvaluateTargetHealth".into(), true.into());
        }
        if self.ipv6 {
            m.insert("IpV6".into(), true.into());
        }
        if let Some((region, id)) = &self.latency {
            m.insert("Region".into(), region.clone());
            m.insert("SetIdentifier".into(), id.clone());
        }
        Value::Object(m)
    }
}

/// What both kinds of domain have.
#[derive(Debug, Clone)]
struct DomainCore {
    name: Value,
    certificate: Value,
    security_policy: Option<SecurityPolicy>,
    ownership_certificate: Option<Value>,
    base_paths: Vec<String>,
    route53: Option<AliasRecords>,
    problems: Vec<Problem>,
}

impl DomainCore {
    #[track_caller]
    fn new(name: Value, certificate: Value) -> Self {
        let mut problems = Vec::new();
        if let Some(s) = name.as_str() {
            let ok = s.contains('.')
                && s.len() <= 253
                && s.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                });
            if !ok {
                problems.push(Problem::new(
                    "Domain.DomainName",
                    format!("'{s}' is not a domain name (labels of letters, digits and '-', separated by dots)."),
                ));
            }
        }
        if let Some(s) = certificate.as_str() {
            if !s.starts_with("arn:") || !s.contains(":acm:") {
                problems.push(Problem::new(
                    "Domain.CertificateArn",
                    format!("'{s}' is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)."),
                ));
            }
        }
        DomainCore {
            name,
            certificate,
            security_policy: None,
            ownership_certificate: None,
            base_paths: Vec::new(),
            route53: None,
            problems,
        }
    }

    #[track_caller]
    fn base_path(&mut self, path: &str) {
        let ok = !path.is_empty()
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'));
        if !ok {
            self.problems.push(Problem::new(
                "Domain.BasePath",
                format!("base path '{path}' may only have letters, digits, '-', '_' and '/'."),
            ));
        }
        if self.base_paths.iter().any(|p| p == path) {
            self.problems.push(Problem::new(
                "Domain.BasePath",
                format!("base path '{path}' is mapped twice."),
            ));
        }
        self.base_paths.push(path.into());
    }

    fn to_value(&self, mtls: Option<&Value>, problems: &mut Vec<Problem>) -> Value {
        problems.extend(self.problems.iter().cloned());
        let mut m = Map::new();
        m.insert("DomainName".into(), self.name.clone());
        m.insert("CertificateArn".into(), self.certificate.clone());
        if let Some(p) = self.security_policy {
            m.insert("SecurityPolicy".into(), p.name().into());
        }
        if let Some(v) = mtls {
            m.insert("MutualTlsAuthentication".into(), v.clone());
        }
        if let Some(v) = &self.ownership_certificate {
            m.insert("OwnershipVerificationCertificateArn".into(), v.clone());
        }
        if !self.base_paths.is_empty() {
            m.insert("BasePath".into(), self.base_paths.clone().into());
        }
        if let Some(r) = &self.route53 {
            m.insert("Route53".into(), r.to_value(problems));
        }
        Value::Object(m)
    }
}

/// A custom domain for an HTTP API (REGIONAL), mapped to the API's stage at
/// each base path.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("demo");
/// let api = app.http_api(
///     "Api",
///     HttpApi::new().domain(
///         HttpDomain::new("api.example.com", "arn:aws:acm:eu-west-1:123456789012:certificate/abc")
///             .base_path("v1")
///             .route53(AliasRecords::zone_name("example.com.").ipv6()),
///     ),
/// );
/// app.function(
///     "Hello",
///     Function::new(Runtime::Python312, "app.handler", Code::inline("..."))
///         .on("Hello", HttpRoute::get("/hello").on(api)),
/// );
/// assert!(app.synth(&Context::new("eu-west-1")).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct HttpDomain {
    core: DomainCore,
    mtls: Option<Value>,
}

impl HttpDomain {
    /// The domain `name` (`api.example.com`) with an ACM certificate in the
    /// stack's region.
    #[track_caller]
    pub fn new(name: impl Into<Value>, certificate_arn: impl Into<Value>) -> Self {
        HttpDomain {
            core: DomainCore::new(name.into(), certificate_arn.into()),
            mtls: None,
        }
    }

    /// Maps the API's stage at `path` (`v1` → `https://api.example.com/v1/…`); repeatable.
    /// Default: one mapping at the root.
    #[track_caller]
    pub fn base_path(mut self, path: &str) -> Self {
        self.core.base_path(path);
        self
    }

    /// Which TLS versions clients may use. HTTP APIs support TLS 1.2 only.
    /// Default: API Gateway's default (TLS 1.2).
    #[track_caller]
    pub fn security_policy(mut self, policy: SecurityPolicy) -> Self {
        if policy != SecurityPolicy::Tls12 {
            self.core.problems.push(Problem::new(
                "Domain.SecurityPolicy",
                "HTTP API domains support TLS 1.2 only (SecurityPolicy::Tls12).",
            ));
        }
        self.core.security_policy = Some(policy);
        self
    }

    /// Mutual TLS: clients present certificates signed by a CA in the
    /// truststore at `truststore_uri` (`s3://bucket/key`), optionally at an
    /// S3 object version.
    /// Default: no client certificates.
    #[track_caller]
    pub fn mutual_tls(mut self, truststore_uri: &str, version: Option<&str>) -> Self {
        let (config, problem) = super::mutual_tls(
            truststore_uri,
            version,
            "Domain.MutualTlsAuthentication.TruststoreUri",
        );
        self.core.problems.extend(problem);
        self.mtls = Some(config);
        self
    }

    /// A public certificate proving ownership of the domain (needed with
    /// mutual TLS and an imported or private certificate).
    /// Default: none.
    pub fn ownership_verification_certificate(mut self, arn: impl Into<Value>) -> Self {
        self.core.ownership_certificate = Some(arn.into());
        self
    }

    /// Alias records in Route 53.
    /// Default: no DNS records (point the name at the domain yourself).
    pub fn route53(mut self, records: AliasRecords) -> Self {
        self.core.route53 = Some(records);
        self
    }

    pub(crate) fn certificate(&self) -> Option<&str> {
        self.core.certificate.as_str()
    }

    pub(crate) fn write(&self, parts: &mut Parts, setter: &'static str) {
        let mut problems = Vec::new();
        let v = self.core.to_value(self.mtls.as_ref(), &mut problems);
        parts.set(setter, "Domain", v);
        for p in problems {
            parts.push_problem(p);
        }
    }
}

/// A custom domain for a WebSocket API (REGIONAL; no mutual TLS, which API
/// Gateway does not offer for WebSocket APIs).
#[derive(Debug, Clone)]
pub struct WebSocketDomain {
    core: DomainCore,
}

impl WebSocketDomain {
    /// The domain `name` with an ACM certificate in the stack's region.
    #[track_caller]
    pub fn new(name: impl Into<Value>, certificate_arn: impl Into<Value>) -> Self {
        WebSocketDomain {
            core: DomainCore::new(name.into(), certificate_arn.into()),
        }
    }

    /// Maps the API's stage at `path`; repeatable.
    /// Default: one mapping at the root.
    #[track_caller]
    pub fn base_path(mut self, path: &str) -> Self {
        self.core.base_path(path);
        self
    }

    /// Which TLS versions clients may use.
    /// Default: API Gateway's default.
    pub fn security_policy(mut self, policy: SecurityPolicy) -> Self {
        self.core.security_policy = Some(policy);
        self
    }

    /// A public certificate proving ownership of the domain.
    /// Default: none.
    pub fn ownership_verification_certificate(mut self, arn: impl Into<Value>) -> Self {
        self.core.ownership_certificate = Some(arn.into());
        self
    }

    /// Alias records in Route 53.
    /// Default: no DNS records.
    pub fn route53(mut self, records: AliasRecords) -> Self {
        self.core.route53 = Some(records);
        self
    }

    pub(crate) fn certificate(&self) -> Option<&str> {
        self.core.certificate.as_str()
    }

    pub(crate) fn write(&self, parts: &mut Parts, setter: &'static str) {
        let mut problems = Vec::new();
        let v = self.core.to_value(None, &mut problems);
        parts.set(setter, "Domain", v);
        for p in problems {
            parts.push_problem(p);
        }
    }
}

/// The region of a literal ACM certificate ARN (`arn:aws:acm:REGION:…`).
pub(crate) fn certificate_region(arn: &str) -> Option<&str> {
    let mut it = arn.split(':');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some("arn"), Some(_), Some("acm"), Some(region)) if !region.is_empty() => Some(region),
        _ => None,
    }
}

/// Checks at synth (when the stack's region is known) that a regional
/// domain's literal certificate is in that region.
#[track_caller]
pub(crate) fn check_certificate_region(app: &mut super::super::App, api: &'static str, arn: &str) {
    let Some(region) = certificate_region(arn).map(str::to_string) else {
        return;
    };
    let at = Problem::new("", "").at;
    app.add_post_hook(move |_t, ctx, diags| {
        if ctx.region != region {
            let p = Problem {
                path: "Domain.CertificateArn".into(),
                message: format!(
                    "the certificate is in {region} but the stack deploys to {}: a REGIONAL domain needs a certificate in its own region.",
                    ctx.region
                ),
                at,
            };
            diags.push(crate::error::Diagnostic::resource(api, p.path.clone(), p.render()));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_regions() {
        assert_eq!(
            certificate_region("arn:aws:acm:eu-west-1:1:certificate/x"),
            Some("eu-west-1")
        );
        assert_eq!(certificate_region("arn:aws:iam::1:x"), None);
    }

    #[test]
    fn domain_checks() {
        let d = HttpDomain::new("not a domain", "arn:aws:s3:::b")
            .base_path("v 1")
            .security_policy(SecurityPolicy::Tls10);
        assert_eq!(d.core.problems.len(), 4, "{:?}", d.core.problems);
    }
}
