//! S3 buckets in the DSL (`AWS::S3::Bucket`, plain CloudFormation). Public
//! access is blocked unless the app opts out ([`Bucket::allow_public_access`]):
//! all four `PublicAccessBlockConfiguration` settings are written as `true`.
//! Encryption, versioning and lifecycle rules are typed. Existing buckets are
//! imported by ARN ([`Bucket::import`]); an S3 event needs a declared one,
//! since SAM writes its notification into the bucket.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use crate::model::Ref;

use super::events::handles::Imported;
use super::parts::{Parts, ResourceBuilder};
use super::App;

/// An S3 bucket definition.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("files");
/// let files = app.bucket(
///     "Files",
///     Bucket::new()
///         .versioned()
///         .encryption(BucketEncryption::S3Managed)
///         .lifecycle_rule(LifecycleRule::new("Tmp").prefix("tmp/").expire_after_days(7)),
/// );
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// let block = t.resource(files.id()).unwrap().property("PublicAccessBlockConfiguration");
/// assert_eq!(block.unwrap()["BlockPublicAcls"], true);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Bucket {
    pub(crate) parts: Parts,
    public: bool,
}

impl ResourceBuilder for Bucket {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

/// How a bucket's objects are encrypted at rest (`BucketEncryption`).
#[derive(Debug, Clone, PartialEq)]
pub enum BucketEncryption {
    /// SSE-S3 (`AES256`): keys S3 manages.
    S3Managed,
    /// SSE-KMS with this key (ID, ARN or expression), with S3 Bucket Keys on
    /// (fewer KMS requests).
    Kms(Value),
    /// SSE-KMS with the AWS managed key `aws/s3`.
    KmsManaged,
}

/// An S3 storage class a lifecycle rule moves objects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageClass {
    StandardIa,
    OneZoneIa,
    IntelligentTiering,
    GlacierInstantRetrieval,
    Glacier,
    DeepArchive,
}

impl StorageClass {
    /// S3's name for the class (`STANDARD_IA`).
    pub fn name(self) -> &'static str {
        match self {
            StorageClass::StandardIa => "STANDARD_IA",
            StorageClass::OneZoneIa => "ONEZONE_IA",
            StorageClass::IntelligentTiering => "INTELLIGENT_TIERING",
            StorageClass::GlacierInstantRetrieval => "GLACIER_IR",
            StorageClass::Glacier => "GLACIER",
            StorageClass::DeepArchive => "DEEP_ARCHIVE",
        }
    }
}

/// One lifecycle rule: which objects (a prefix) and what happens to them.
#[derive(Debug, Clone)]
pub struct LifecycleRule {
    rule: Map<String, Value>,
    problems: Vec<super::parts::Problem>,
}

impl LifecycleRule {
    /// An enabled rule named `id`, for every object until [`prefix`](Self::prefix) narrows it.
    pub fn new(id: &str) -> Self {
        let mut rule = Map::new();
        rule.insert("Id".into(), id.into());
        rule.insert("Status".into(), "Enabled".into());
        LifecycleRule {
            rule,
            problems: Vec::new(),
        }
    }

    /// Applies the rule to keys starting with `prefix`.
    /// Default: every object.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.rule.insert("Prefix".into(), prefix.into());
        self
    }

    /// Deletes objects `days` (at least 1) after their creation.
    /// Default: never.
    #[track_caller]
    pub fn expire_after_days(mut self, days: u32) -> Self {
        self.positive("ExpirationInDays", days);
        self.rule.insert("ExpirationInDays".into(), days.into());
        self
    }

    /// Moves objects to `class` `days` after their creation; repeatable.
    /// Default: no transitions.
    #[track_caller]
    pub fn transition(mut self, class: StorageClass, days: u32) -> Self {
        if matches!(class, StorageClass::StandardIa | StorageClass::OneZoneIa) && days < 30 {
            self.problems.push(super::parts::Problem::new(
                "Transitions",
                format!(
                    "objects can move to {} only 30 days or more after creation, not {days}.",
                    class.name()
                ),
            ));
        }
        let entry = json!({"StorageClass": class.name(), "TransitionInDays": days});
        match self.rule.get_mut("Transitions") {
            Some(Value::Array(list)) => list.push(entry),
            _ => {
                self.rule.insert("Transitions".into(), json!([entry]));
            }
        }
        self
    }

    /// Deletes noncurrent versions `days` (at least 1) after they became noncurrent.
    /// Default: kept.
    #[track_caller]
    pub fn expire_noncurrent_after_days(mut self, days: u32) -> Self {
        self.positive("NoncurrentVersionExpiration", days);
        self.rule.insert(
            "NoncurrentVersionExpiration".into(),
            json!({"NoncurrentDays": days}),
        );
        self
    }

    /// Aborts multipart uploads still incomplete `days` (at least 1) after they began.
    /// Default: incomplete uploads are kept (and billed).
    #[track_caller]
    pub fn abort_incomplete_uploads_after_days(mut self, days: u32) -> Self {
        self.positive("AbortIncompleteMultipartUpload", days);
        self.rule.insert(
            "AbortIncompleteMultipartUpload".into(),
            json!({"DaysAfterInitiation": days}),
        );
        self
    }

    #[track_caller]
    fn positive(&mut self, key: &str, days: u32) {
        if days == 0 {
            self.problems
                .push(super::parts::Problem::new(key, "must be at least 1 day."));
        }
    }
}

impl Bucket {
    /// A private bucket: public access blocked.
    pub fn new() -> Self {
        Self::default()
    }

    /// An existing bucket, by ARN (`arn:aws:s3:::name`): usable in grants and
    /// wherever a bucket ARN is taken; nothing is emitted for it. S3 events
    /// need a bucket declared in the app (SAM writes the notification into it).
    pub fn import(arn: impl Into<Value>) -> Imported<Bucket> {
        Imported::new(arn.into(), None)
    }

    /// Physical bucket name: 3 to 63 lowercase letters, digits, `.` and `-`,
    /// starting and ending with a letter or digit.
    /// Default: CloudFormation generates a unique name.
    #[track_caller]
    pub fn bucket_name(mut self, name: impl Into<Value>) -> Self {
        let name = name.into();
        if let Some(s) = name.as_str() {
            if let Err(why) = check_bucket_name(s) {
                self.parts.problem("BucketName", why);
            }
        }
        self.parts.set("bucket_name", "BucketName", name);
        self
    }

    /// Encryption at rest.
    /// Default: S3's default encryption (SSE-S3), not written in the template.
    pub fn encryption(mut self, e: BucketEncryption) -> Self {
        let rule = match e {
            BucketEncryption::S3Managed => {
                json!({"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}})
            }
            BucketEncryption::Kms(key) => json!({
                "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key},
                "BucketKeyEnabled": true,
            }),
            BucketEncryption::KmsManaged => {
                json!({"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}})
            }
        };
        self.parts.set(
            "encryption",
            "BucketEncryption",
            json!({"ServerSideEncryptionConfiguration": [rule]}),
        );
        self
    }

    /// Keeps every version of every object (`VersioningConfiguration: Enabled`).
    /// Default: unversioned.
    pub fn versioned(mut self) -> Self {
        self.parts.set(
            "versioned",
            "VersioningConfiguration",
            json!({"Status": "Enabled"}),
        );
        self
    }

    /// Adds a lifecycle rule; repeatable.
    /// Default: no lifecycle rules.
    #[track_caller]
    pub fn lifecycle_rule(mut self, rule: LifecycleRule) -> Self {
        let n = self
            .parts
            .properties()
            .get("LifecycleConfiguration")
            .and_then(|c| c.get("Rules"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let path = format!("LifecycleConfiguration.Rules[{n}]");
        for p in rule.problems {
            self.parts.push_problem(p.nested(&path));
        }
        const ACTIONS: &[&str] = &[
            "ExpirationInDays",
            "Transitions",
            "NoncurrentVersionExpiration",
            "AbortIncompleteMultipartUpload",
        ];
        if !ACTIONS.iter().any(|a| rule.rule.contains_key(*a)) {
            self.parts.problem(
                path,
                "a lifecycle rule needs an action (expire_after_days, transition, expire_noncurrent_after_days or abort_incomplete_uploads_after_days).",
            );
        }
        let config = self.parts.map("lifecycle_rule", "LifecycleConfiguration");
        match config.get_mut("Rules") {
            Some(Value::Array(list)) => list.push(Value::Object(rule.rule)),
            _ => {
                config.insert("Rules".into(), json!([Value::Object(rule.rule)]));
            }
        }
        self
    }

    /// Sends the bucket's events to EventBridge (`EventBridgeConfiguration`).
    /// Default: off.
    pub fn event_bridge_notifications(mut self) -> Self {
        self.parts
            .map("event_bridge_notifications", "NotificationConfiguration")
            .insert(
                "EventBridgeConfiguration".into(),
                json!({"EventBridgeEnabled": true}),
            );
        self
    }

    /// Lets bucket policies and ACLs make objects public: no
    /// `PublicAccessBlockConfiguration` is written (the account's settings apply).
    /// Default: all public access blocked (all four settings `true`).
    pub fn allow_public_access(mut self) -> Self {
        self.public = true;
        self
    }

    /// Adds a tag.
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .list("tag", "Tags")
            .push(json!({"Key": key, "Value": value.into()}));
        self
    }
}

/// S3's bucket naming rules (general purpose buckets).
fn check_bucket_name(s: &str) -> Result<(), String> {
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let ip_like = s.split('.').count() == 4 && s.split('.').all(|p| p.parse::<u8>().is_ok());
    if !(3..=63).contains(&s.len())
        || !ok_chars
        || !edge(s.chars().next())
        || !edge(s.chars().last())
        || s.contains("..")
        || ip_like
    {
        return Err(format!(
            "'{s}' is not a bucket name: 3 to 63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit, not an IP address."
        ));
    }
    Ok(())
}

impl App {
    /// Declares an S3 bucket; returns its handle.
    #[track_caller]
    pub fn bucket(&mut self, id: impl Into<Cow<'static, str>>, x: Bucket) -> Ref<Bucket> {
        let mut parts = x.parts;
        if !x.public
            && !parts
                .properties()
                .contains_key("PublicAccessBlockConfiguration")
        {
            parts.set(
                "new",
                "PublicAccessBlockConfiguration",
                json!({
                    "BlockPublicAcls": true,
                    "BlockPublicPolicy": true,
                    "IgnorePublicAcls": true,
                    "RestrictPublicBuckets": true,
                }),
            );
        }
        self.declare(id, "bucket", "AWS::S3::Bucket", parts)
    }
}

impl Ref<Bucket> {
    /// The bucket's ARN (`Fn::GetAtt: [B, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }

    /// The bucket's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }

    /// The bucket's regional domain name (`Fn::GetAtt: [B, RegionalDomainName]`).
    pub fn regional_domain_name(&self) -> Value {
        self.get_att("RegionalDomainName")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_follow_s3_rules() {
        assert!(check_bucket_name("my-bucket.logs").is_ok());
        for bad in [
            "ab",
            "My-Bucket",
            "-abc",
            "abc-",
            "a..b",
            "192.168.1.1",
            "a_b",
        ] {
            assert!(check_bucket_name(bad).is_err(), "{bad}");
        }
    }
}
