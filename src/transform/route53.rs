//! Route 53 alias records for API custom domains (SAM's
//! `_construct_record_sets_for_domain` and the `RecordSetGroup` bookkeeping
//! shared by every API in a template): one `A` record (and `AAAA` with
//! `IpV6`) per domain, grouped per hosted zone.
//!
//! Groups are keyed by logical ID in the template being built, so every API
//! expander (REST or HTTP) that adds records to the same hosted zone extends
//! the same `RecordSetGroup<hash>`, as SAM's shared `route53_record_set_groups` does.

use serde_json::{Map, Value};

use crate::model::Attributes;
use crate::template::resources::route53::RecordSetGroup;
use crate::template::resources::ResourceType;
use crate::template::{Expr, Resource};

use super::{logical_id, permissions, Output};

/// Where a domain's alias record points.
pub enum AliasTarget {
    /// A regional API Gateway domain (by its logical ID).
    Regional(String),
    /// An edge-optimized domain: CloudFront's zone and this distribution name.
    Edge(Value),
    /// A private domain, through a VPC endpoint (zone ID and DNS name as written).
    Private { zone: Value, dns: Value },
}

/// A domain's Route 53 settings (the `Domain.Route53` map, already validated).
pub struct Route53<'a> {
    pub config: &'a Map<String, Value>,
}

impl Route53<'_> {
    fn get(&self, k: &str) -> Option<&Value> {
        self.config.get(k).filter(|v| !v.is_null())
    }

    /// The zone SAM names the group after: `HostedZoneId`, else `HostedZoneName`.
    pub fn zone(&self) -> Option<&Value> {
        self.get("HostedZoneId")
            .filter(|v| super::openapi::truthy(&super::py27::Py::from_user(v)))
            .or_else(|| self.get("HostedZoneName"))
    }

    /// `_construct_record_sets_for_domain`.
    pub fn record_sets(&self, domain_name: &Value, target: &AliasTarget) -> Vec<Value> {
        let mut alias = Map::new();
        if let Some(h) = self.get("EvaluateTargetHealth") {
            alias.insert("EvaluateTargetHealth".into(), h.clone());
        }
        match target {
            AliasTarget::Regional(id) => {
                alias.insert(
                    "HostedZoneId".into(),
                    Expr::get_att(id, "RegionalHostedZoneId").into(),
                );
                alias.insert(
                    "DNSName".into(),
                    Expr::get_att(id, "RegionalDomainName").into(),
                );
            }
            AliasTarget::Edge(dns) => {
                alias.insert("HostedZoneId".into(), "Z2FDTNDATAQYW2".into());
                alias.insert("DNSName".into(), dns.clone());
            }
            AliasTarget::Private { zone, dns } => {
                alias.insert("HostedZoneId".into(), zone.clone());
                alias.insert("DNSName".into(), dns.clone());
            }
        }
        let record = |ty: &str| {
            let mut r = Map::new();
            r.insert("Name".into(), domain_name.clone());
            r.insert("Type".into(), ty.into());
            r.insert("AliasTarget".into(), Value::Object(alias.clone()));
            for k in ["Region", "SetIdentifier"] {
                if let Some(v) = self.get(k) {
                    r.insert(k.into(), v.clone());
                }
            }
            Value::Object(r)
        };
        let mut out = vec![record("A")];
        if self.get("IpV6") == Some(&Value::Bool(true)) {
            out.push(record("AAAA"));
        }
        out
    }

    fn group(&self, records: Vec<Value>) -> RecordSetGroup {
        RecordSetGroup {
            hosted_zone_id: self.config.get("HostedZoneId").cloned(),
            hosted_zone_name: self.config.get("HostedZoneName").cloned(),
            record_sets: records,
        }
    }

    /// Adds the domain's records to the zone's shared group (created, with
    /// `attrs`, by the first API that needs it).
    pub fn add_to_shared_group(
        &self,
        owner: &str,
        records: Vec<Value>,
        attrs: &Attributes,
        out: &mut Output,
    ) {
        let id = logical_id::record_set_group_id(self.zone().unwrap_or(&Value::Null));
        if let Some(existing) = out
            .template
            .resources
            .get_mut(&id)
            .filter(|r| r.type_ == RecordSetGroup::TYPE)
        {
            if let Some(Value::Array(sets)) = existing
                .properties
                .as_mut()
                .and_then(|p| p.get_mut("RecordSets"))
            {
                sets.extend(records);
                return;
            }
        }
        let mut r = Resource::typed(&self.group(records));
        permissions::pass_through(&mut r, attrs);
        out.add(owner, id, r);
    }

    /// A group of the domain's own (`SeparateRecordSetGroup: true`).
    pub fn add_separate_group(
        &self,
        owner: &str,
        domain_name: &Value,
        records: Vec<Value>,
        attrs: &Attributes,
        out: &mut Output,
    ) {
        let zone = self.zone().cloned().unwrap_or(Value::Null);
        let id = logical_id::separate_record_set_group_id(&zone, domain_name);
        let group = RecordSetGroup {
            hosted_zone_id: self.get("HostedZoneId").cloned(),
            hosted_zone_name: self.get("HostedZoneName").cloned(),
            record_sets: records,
        };
        let mut r = Resource::typed(&group);
        permissions::pass_through(&mut r, attrs);
        out.add(owner, id, r);
    }
}
