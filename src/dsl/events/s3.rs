//! S3 events (SAM `Type: S3`): the bucket's notification invokes the function.
//! SAM writes the notification into the bucket, so the bucket must be declared
//! in the app: the event takes a `Ref<Bucket>`, never an imported bucket.

use serde_json::{json, Value};

use crate::model::Ref;

use super::super::bucket::Bucket;
use super::super::function::{Event, SamEvent};
use super::Props;

/// An S3 event type a notification fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum S3EventType {
    /// Any object creation (`s3:ObjectCreated:*`).
    ObjectCreated,
    ObjectCreatedPut,
    ObjectCreatedPost,
    ObjectCreatedCopy,
    ObjectCreatedCompleteMultipartUpload,
    /// Any object removal (`s3:ObjectRemoved:*`).
    ObjectRemoved,
    ObjectRemovedDelete,
    ObjectRemovedDeleteMarkerCreated,
    /// Any restore event (`s3:ObjectRestore:*`).
    ObjectRestore,
    ObjectTagging,
    ObjectAcl,
    LifecycleExpiration,
    LifecycleTransition,
    IntelligentTiering,
    ReducedRedundancyLostObject,
    Replication,
    /// An event type this version of stackwright does not list (`s3:…`).
    Other(&'static str),
}

impl S3EventType {
    /// S3's name for the event type (`s3:ObjectCreated:*`).
    pub fn name(self) -> &'static str {
        match self {
            S3EventType::ObjectCreated => "s3:ObjectCreated:*",
            S3EventType::ObjectCreatedPut => "s3:ObjectCreated:Put",
            S3EventType::ObjectCreatedPost => "s3:ObjectCreated:Post",
            S3EventType::ObjectCreatedCopy => "s3:ObjectCreated:Copy",
            S3EventType::ObjectCreatedCompleteMultipartUpload => {
                "s3:ObjectCreated:CompleteMultipartUpload"
            }
            S3EventType::ObjectRemoved => "s3:ObjectRemoved:*",
            S3EventType::ObjectRemovedDelete => "s3:ObjectRemoved:Delete",
            S3EventType::ObjectRemovedDeleteMarkerCreated => "s3:ObjectRemoved:DeleteMarkerCreated",
            S3EventType::ObjectRestore => "s3:ObjectRestore:*",
            S3EventType::ObjectTagging => "s3:ObjectTagging:*",
            S3EventType::ObjectAcl => "s3:ObjectAcl:Put",
            S3EventType::LifecycleExpiration => "s3:LifecycleExpiration:*",
            S3EventType::LifecycleTransition => "s3:LifecycleTransition",
            S3EventType::IntelligentTiering => "s3:IntelligentTiering",
            S3EventType::ReducedRedundancyLostObject => "s3:ReducedRedundancyLostObject",
            S3EventType::Replication => "s3:Replication:*",
            S3EventType::Other(s) => s,
        }
    }
}

/// A bucket an S3 event can notify from: one declared in this app (SAM
/// writes the notification into the bucket's definition).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot feed an S3 event: the bucket must be declared in this app",
    label = "a bucket declared with `app.bucket(…)` is expected here",
    note = "SAM writes an S3 event's notification into the bucket's definition, so an imported bucket cannot be used; for a bucket of another stack, send its events to EventBridge and use `EventRule`"
)]
pub trait NotifyingBucket {
    #[doc(hidden)]
    fn bucket_ref(&self) -> Value;
}

impl NotifyingBucket for Ref<Bucket> {
    fn bucket_ref(&self) -> Value {
        self.name()
    }
}

/// Invokes the function when objects of a bucket declared in the app change.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("uploads");
/// let uploads = app.bucket("Uploads", Bucket::new());
/// app.function(
///     "Thumbnail",
///     Function::new(Runtime::Python312, "t.handler", Code::inline("..."))
///         .on("Upload", S3::new(uploads, S3EventType::ObjectCreated).prefix("images/").suffix(".jpg")),
/// );
/// assert!(app.synth(&Context::new("us-east-1")).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct S3 {
    e: Props,
    events: Vec<&'static str>,
    rules: Vec<Value>,
}

impl S3 {
    /// Events of type `event` on `bucket`.
    #[track_caller]
    pub fn new(bucket: impl NotifyingBucket, event: S3EventType) -> Self {
        let mut e = Props::new();
        e.set("Bucket", bucket.bucket_ref());
        S3 {
            e,
            events: vec![event.name()],
            rules: Vec::new(),
        }
    }

    /// Also fires on `event`; repeatable.
    /// Default: only the constructor's event type.
    #[track_caller]
    pub fn and(mut self, event: S3EventType) -> Self {
        if self.events.contains(&event.name()) {
            self.e
                .problem("Events", format!("'{}' is listed twice.", event.name()));
        } else {
            self.events.push(event.name());
        }
        self
    }

    /// Only for keys starting with `prefix` (at most one prefix).
    /// Default: every key.
    #[track_caller]
    pub fn prefix(self, prefix: &str) -> Self {
        self.rule("prefix", prefix)
    }

    /// Only for keys ending with `suffix` (at most one suffix).
    /// Default: every key.
    #[track_caller]
    pub fn suffix(self, suffix: &str) -> Self {
        self.rule("suffix", suffix)
    }

    #[track_caller]
    fn rule(mut self, name: &str, value: &str) -> Self {
        if self.rules.iter().any(|r| r["Name"] == name) {
            self.e.problem(
                "Filter.S3Key.Rules",
                format!("a notification takes one {name} rule; '{value}' is a second one."),
            );
        }
        self.rules.push(json!({"Name": name, "Value": value}));
        self
    }
}

impl Event for S3 {
    fn into_sam(mut self) -> SamEvent {
        let events = match self.events.as_slice() {
            [one] => json!(one),
            many => json!(many),
        };
        self.e.set("Events", events);
        if !self.rules.is_empty() {
            self.e
                .set("Filter", json!({"S3Key": {"Rules": self.rules}}));
        }
        self.e.into_sam("S3")
    }
}
