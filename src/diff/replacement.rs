//! Which property changes replace a resource, and which resources hold state.
//!
//! The data (`templates/replacement.json`) is derived from the CloudFormation
//! registry's resource schemas by `scripts/gen-replacement-data.py`:
//! `createOnlyProperties` always replace the resource when they change;
//! `conditionalCreateOnlyProperties` replace it when the service cannot make
//! the change in place (reported as *may replace*). Paths are below
//! `Properties`, `/`-separated, `*` for every element of a list.
//!
//! What the schemas cannot express, and how `diff` treats it:
//! - **Custom physical names.** Replacing a resource whose name is set in
//!   the template (`TableName`, `BucketName`, `QueueName`, …) *fails*:
//!   CloudFormation creates the new resource before deleting the old one, and
//!   the name is taken. `diff` adds a note when a replaced resource sets one
//!   of its create-only `…Name` properties.
//! - **Values known only at deploy time.** A create-only property written as
//!   `Ref`/`GetAtt`/`Sub` of a resource that is itself replaced (or renamed)
//!   changes although its text does not; `diff` reports *may replace* for it,
//!   following references until nothing more changes.
//! - **Defaults.** Removing a create-only property replaces the resource even
//!   when the service default equals the old value; adding one written as
//!   the default does too. `diff` compares text and reports both.
//! - **Value-dependent updates.** Whether an engine version, instance type or
//!   storage size can change in place depends on the old and new values
//!   (upgrade or downgrade, instance store or EBS); those are the
//!   *conditional* properties, reported as *may replace*.
//! - **Corrections.** The script promotes a few conditional properties the
//!   CloudFormation docs list as "Update requires: Replacement" (DynamoDB's
//!   `KeySchema`).
//! - **Types the schemas do not cover** (`AWS::Serverless::*` before the
//!   transform, third-party or private types): every property change is
//!   reported as an update.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

const DATA: &str = include_str!("../../templates/replacement.json");

/// Types whose resources hold data or identity that a deletion or a
/// replacement loses: the new resource starts empty, with a new name or key
/// material. Curated (the schemas do not say), in the spirit of the types
/// CDK gives a `RETAIN` removal policy by default.
pub const STATEFUL_TYPES: &[&str] = &[
    "AWS::AmazonMQ::Broker",
    "AWS::Backup::BackupVault",
    "AWS::Cassandra::Table",
    "AWS::Cognito::UserPool",
    "AWS::DocDB::DBCluster",
    "AWS::DocDB::DBInstance",
    "AWS::DynamoDB::GlobalTable",
    "AWS::DynamoDB::Table",
    "AWS::EC2::Volume",
    "AWS::ECR::Repository",
    "AWS::EFS::FileSystem",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::Elasticsearch::Domain",
    "AWS::Events::Archive",
    "AWS::FSx::FileSystem",
    "AWS::KMS::Key",
    "AWS::Kinesis::Stream",
    "AWS::Logs::LogGroup",
    "AWS::MSK::Cluster",
    "AWS::MemoryDB::Cluster",
    "AWS::Neptune::DBCluster",
    "AWS::Neptune::DBInstance",
    "AWS::OpenSearchService::Domain",
    "AWS::QLDB::Ledger",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::Redshift::Cluster",
    "AWS::S3::Bucket",
    "AWS::S3Express::DirectoryBucket",
    "AWS::SQS::Queue",
    "AWS::SecretsManager::Secret",
    "AWS::Timestream::Database",
    "AWS::Timestream::Table",
];

/// `true` for types in [`STATEFUL_TYPES`].
pub fn is_stateful(type_: &str) -> bool {
    STATEFUL_TYPES.binary_search(&type_).is_ok()
}

/// The replacement rules of one resource type.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TypeRules {
    /// Property paths whose change always replaces the resource.
    pub replace: Vec<String>,
    /// Property paths whose change replaces it unless the service can apply it in place.
    pub conditional: Vec<String>,
}

/// The rules for `type_`; `None` when the schemas do not cover it.
pub fn rules(type_: &str) -> Option<&'static TypeRules> {
    table().get(type_)
}

/// When the data was taken from the schemas (`schema_date` of cfn-lint's copy).
pub fn schema_date() -> &'static str {
    static DATE: OnceLock<String> = OnceLock::new();
    DATE.get_or_init(|| {
        serde_json::from_str::<Value>(DATA)
            .ok()
            .and_then(|v| v.get("schema_date")?.as_str().map(str::to_string))
            .unwrap_or_default()
    })
}

fn table() -> &'static BTreeMap<String, TypeRules> {
    static TABLE: OnceLock<BTreeMap<String, TypeRules>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let doc: Value = serde_json::from_str(DATA).unwrap_or(Value::Null);
        let strings = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        doc.get("types")
            .and_then(Value::as_object)
            .map(|types| {
                types
                    .iter()
                    .map(|(k, v)| {
                        let r = TypeRules {
                            replace: strings(v.get("replace")),
                            conditional: strings(v.get("conditional")),
                        };
                        (k.clone(), r)
                    })
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The values at a `/`-separated path below a resource's properties; `*`
/// walks every element of a list. Missing steps contribute nothing, so a
/// property added or removed compares unequal.
pub fn values_at<'v>(props: Option<&'v Value>, path: &str) -> Vec<&'v Value> {
    let mut here: Vec<&Value> = props.into_iter().collect();
    for step in path.split('/') {
        let mut next = Vec::new();
        for v in here {
            match (step, v) {
                ("*", Value::Array(a)) => next.extend(a.iter()),
                (_, Value::Object(m)) => next.extend(m.get(step)),
                _ => {}
            }
        }
        here = next;
    }
    here
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn data_covers_what_stackwright_emits() {
        let table = rules("AWS::DynamoDB::Table").unwrap();
        assert!(table.replace.contains(&"KeySchema".to_string()));
        assert!(table.replace.contains(&"TableName".to_string()));
        assert!(rules("AWS::SQS::Queue")
            .unwrap()
            .replace
            .contains(&"FifoQueue".to_string()));
        assert!(rules("AWS::ApiGateway::Stage")
            .unwrap()
            .replace
            .contains(&"StageName".to_string()));
        for t in [
            "AWS::Lambda::Function",
            "AWS::IAM::Role",
            "AWS::ApiGateway::RestApi",
            "AWS::ApiGateway::Deployment",
            "AWS::Lambda::Permission",
            "AWS::ApiGatewayV2::Api",
            "AWS::Logs::LogGroup",
            "AWS::SNS::Topic",
        ] {
            assert!(rules(t).is_some(), "{t} missing from the replacement data");
        }
        assert!(rules("AWS::Serverless::Function").is_none());
        assert!(!schema_date().is_empty());
    }

    #[test]
    fn stateful_types_are_sorted_for_binary_search() {
        let mut sorted = STATEFUL_TYPES.to_vec();
        sorted.sort();
        assert_eq!(sorted, STATEFUL_TYPES);
        assert!(is_stateful("AWS::DynamoDB::Table"));
        assert!(!is_stateful("AWS::Lambda::Function"));
    }

    #[test]
    fn paths_walk_maps_and_lists() {
        let p = json!({"A": {"B": 1}, "L": [{"K": "x"}, {"K": "y"}, {}]});
        assert_eq!(values_at(Some(&p), "A/B"), [&json!(1)]);
        assert_eq!(values_at(Some(&p), "L/*/K"), [&json!("x"), &json!("y")]);
        assert!(values_at(Some(&p), "A/C").is_empty());
        assert!(values_at(None, "A").is_empty());
    }
}
