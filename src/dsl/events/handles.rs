//! Handles to queues, topics, buckets and event buses that may be declared in
//! the app ([`Ref`]) or exist already ([`Imported`], made by `Queue::import`,
//! `Topic::import`, …). What takes "a queue" takes either, through the
//! [`QueueHandle`] trait (and its siblings), and nothing else: a topic handle
//! where a queue belongs does not compile.

use std::marker::PhantomData;

use serde_json::Value;

use crate::model::Ref;

use super::super::bucket::Bucket;
use super::super::event_bus::EventBus;
use super::super::queue::Queue;
use super::super::topic::Topic;

/// An existing resource of kind `K`, known by its ARN (a literal or an
/// expression, such as a parameter's value). Nothing is emitted for it; it is
/// usable wherever a declared `Ref<K>` is, except where AWS needs the resource
/// in the same template (an S3 event's bucket).
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let jobs = Queue::import("arn:aws:sqs:us-east-1:123456789012:jobs");
/// assert_eq!(jobs.arn(), serde_json::json!("arn:aws:sqs:us-east-1:123456789012:jobs"));
/// assert_eq!(
///     jobs.url(),
///     serde_json::json!("https://sqs.us-east-1.amazonaws.com/123456789012/jobs")
/// );
/// ```
pub struct Imported<K> {
    arn: &'static Value,
    url: Option<&'static Value>,
    /// The name SAM's policy templates take, when imported by name (`Imported::named`).
    name: Option<&'static Value>,
    _kind: PhantomData<fn() -> K>,
}

impl<K> Clone for Imported<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Imported<K> {}
impl<K> std::fmt::Debug for Imported<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Imported<{}>({})",
            std::any::type_name::<K>()
                .rsplit("::")
                .next()
                .unwrap_or("?"),
            self.arn
        )
    }
}

impl<K> Imported<K> {
    /// Imported handles are few and live as long as the app: leaking their
    /// values once keeps them small `Copy` values, like [`Ref`].
    pub(crate) fn new(arn: Value, url: Option<Value>) -> Self {
        Imported {
            arn: Box::leak(Box::new(arn)),
            url: url.map(|u| &*Box::leak(Box::new(u))),
            name: None,
            _kind: PhantomData,
        }
    }

    /// Imported by the name SAM's policy templates take, with the ARN
    /// built from it.
    pub(crate) fn new_named(arn: Value, name: Value) -> Self {
        Imported {
            arn: Box::leak(Box::new(arn)),
            url: None,
            name: Some(Box::leak(Box::new(name))),
            _kind: PhantomData,
        }
    }

    /// The name given to `Imported::named`, if it was imported by name.
    pub(crate) fn given_name(&self) -> Option<&'static Value> {
        self.name
    }

    /// The resource's ARN, as given to `import` (or built from the name
    /// given to `Imported::named`).
    pub fn arn(&self) -> Value {
        self.arn.clone()
    }
}

impl Imported<Queue> {
    /// The queue's URL: as given to [`Queue::import_with_url`], built from
    /// the name given to `Imported::named`, or derived from a literal ARN
    /// (`arn:aws:sqs:REGION:ACCOUNT:NAME`).
    /// For an ARN given as an expression it is a `Fn::Sub` splitting the ARN.
    pub fn url(&self) -> Value {
        match (self.url, self.name) {
            (Some(u), _) => u.clone(),
            // Imported by name: in the stack's region and account, as its ARN.
            (None, Some(n)) => serde_json::json!({"Fn::Sub": [
                "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/${name}",
                {"name": n}
            ]}),
            (None, None) => queue_url_from_arn(self.arn),
        }
    }
}

impl Imported<Bucket> {
    /// The bucket's name: as given to `Imported::named`, or the last part of
    /// its ARN (`arn:aws:s3:::NAME`).
    pub fn name(&self) -> Value {
        if let Some(n) = self.name {
            return n.clone();
        }
        match self.arn.as_str() {
            Some(arn) => arn.rsplit(':').next().unwrap_or(arn).into(),
            None => serde_json::json!({"Fn::Select": [5, {"Fn::Split": [":", self.arn]}]}),
        }
    }
}

/// `https://sqs.REGION.DOMAIN/ACCOUNT/NAME` from a queue ARN.
fn queue_url_from_arn(arn: &Value) -> Value {
    if let Some(s) = arn.as_str() {
        let parts: Vec<&str> = s.split(':').collect();
        if let [_, partition, _, region, account, name] = parts.as_slice() {
            let domain = match *partition {
                "aws-cn" => "amazonaws.com.cn",
                _ => "amazonaws.com",
            };
            return format!("https://sqs.{region}.{domain}/{account}/{name}").into();
        }
    }
    let part = |i: u32| serde_json::json!({"Fn::Select": [i, {"Fn::Split": [":", arn]}]});
    serde_json::json!({"Fn::Join": ["", [
        "https://sqs.", part(3), ".", {"Ref": "AWS::URLSuffix"}, "/", part(4), "/", part(5)
    ]]})
}

/// Where a handle came from: for checks that the target is in the app.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Declared(&'static str),
    Imported,
}

/// An SQS queue: one declared with `app.queue(…)` or imported with
/// `Queue::import(arn)`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an SQS queue",
    label = "a queue is expected here",
    note = "pass a queue declared with `app.queue(…)` or one imported with `Queue::import(arn)`"
)]
pub trait QueueHandle: Copy {
    #[doc(hidden)]
    fn queue_arn(&self) -> Value;
    #[doc(hidden)]
    fn queue_url(&self) -> Value;
    #[doc(hidden)]
    fn origin(&self) -> Origin;
}

impl QueueHandle for Ref<Queue> {
    fn queue_arn(&self) -> Value {
        self.arn()
    }
    fn queue_url(&self) -> Value {
        self.url()
    }
    fn origin(&self) -> Origin {
        Origin::Declared(self.id())
    }
}

impl QueueHandle for Imported<Queue> {
    fn queue_arn(&self) -> Value {
        self.arn()
    }
    fn queue_url(&self) -> Value {
        self.url()
    }
    fn origin(&self) -> Origin {
        Origin::Imported
    }
}

/// An SNS topic: one declared with `app.topic(…)` or imported with
/// `Topic::import(arn)`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an SNS topic",
    label = "a topic is expected here",
    note = "pass a topic declared with `app.topic(…)` or one imported with `Topic::import(arn)`"
)]
pub trait TopicHandle: Copy {
    #[doc(hidden)]
    fn topic_arn(&self) -> Value;
    #[doc(hidden)]
    fn origin(&self) -> Origin;
}

impl TopicHandle for Ref<Topic> {
    fn topic_arn(&self) -> Value {
        self.arn()
    }
    fn origin(&self) -> Origin {
        Origin::Declared(self.id())
    }
}

impl TopicHandle for Imported<Topic> {
    fn topic_arn(&self) -> Value {
        self.arn()
    }
    fn origin(&self) -> Origin {
        Origin::Imported
    }
}

/// An EventBridge event bus: one declared with `app.event_bus(…)` or imported
/// with `EventBus::import(arn)`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an EventBridge event bus",
    label = "an event bus is expected here",
    note = "pass a bus declared with `app.event_bus(…)` or one imported with `EventBus::import(arn)`"
)]
pub trait EventBusHandle: Copy {
    /// What a rule's `EventBusName` takes: the bus's name (declared) or ARN (imported).
    #[doc(hidden)]
    fn bus_name_or_arn(&self) -> Value;
    #[doc(hidden)]
    fn bus_arn(&self) -> Value;
    #[doc(hidden)]
    fn origin(&self) -> Origin;
}

impl EventBusHandle for Ref<EventBus> {
    fn bus_name_or_arn(&self) -> Value {
        self.name()
    }
    fn bus_arn(&self) -> Value {
        self.arn()
    }
    fn origin(&self) -> Origin {
        Origin::Declared(self.id())
    }
}

impl EventBusHandle for Imported<EventBus> {
    fn bus_name_or_arn(&self) -> Value {
        self.arn()
    }
    fn bus_arn(&self) -> Value {
        self.arn()
    }
    fn origin(&self) -> Origin {
        Origin::Imported
    }
}

/// An S3 bucket: one declared with `app.bucket(…)` or imported with
/// `Bucket::import(arn)`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an S3 bucket",
    label = "a bucket is expected here",
    note = "pass a bucket declared with `app.bucket(…)` or one imported with `Bucket::import(arn)`"
)]
pub trait BucketHandle: Copy {
    #[doc(hidden)]
    fn bucket_arn(&self) -> Value;
    #[doc(hidden)]
    fn origin(&self) -> Origin;
}

impl BucketHandle for Ref<Bucket> {
    fn bucket_arn(&self) -> Value {
        self.arn()
    }
    fn origin(&self) -> Origin {
        Origin::Declared(self.id())
    }
}

impl BucketHandle for Imported<Bucket> {
    fn bucket_arn(&self) -> Value {
        self.arn()
    }
    fn origin(&self) -> Origin {
        Origin::Imported
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn queue_urls_come_from_arns() {
        let q: Imported<Queue> =
            Imported::new("arn:aws-cn:sqs:cn-north-1:123456789012:jobs".into(), None);
        assert_eq!(
            q.url(),
            json!("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/jobs")
        );
        let q: Imported<Queue> = Imported::new(json!({"Ref": "JobsArn"}), None);
        assert!(q.url().get("Fn::Join").is_some());
    }
}
