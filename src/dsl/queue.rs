//! SQS queues in the DSL (`AWS::SQS::Queue`, plain CloudFormation): timeouts
//! and retention checked against SQS's limits, FIFO, encryption, and redrive
//! to a dead-letter queue given as a handle. Existing queues are imported by
//! ARN ([`Queue::import`]) and usable wherever a declared one is.

use std::borrow::Cow;
use std::time::Duration;

use serde_json::{json, Value};

use crate::model::Ref;

use super::events::handles::{Imported, QueueHandle};
use super::parts::{Parts, ResourceBuilder};
use super::App;

/// An SQS queue definition.
///
/// ```
/// use std::time::Duration;
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("jobs");
/// let dlq = app.queue("JobsDlq", Queue::new().retention(Duration::from_secs(14 * 24 * 3600)));
/// let jobs = app.queue(
///     "Jobs",
///     Queue::new()
///         .visibility_timeout(Duration::from_secs(60))
///         .dead_letter_queue(dlq, 5),
/// );
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource(jobs.id()).is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Queue {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for Queue {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

/// How a queue's messages are encrypted at rest.
#[derive(Debug, Clone, PartialEq)]
pub enum QueueEncryption {
    /// SSE-SQS: keys SQS owns and manages (`SqsManagedSseEnabled`).
    SqsManaged,
    /// SSE-KMS with this key (an ID, ARN or alias, or an expression), and how
    /// long SQS may reuse a data key before asking KMS again (60–86,400 s).
    Kms(Value, Option<Duration>),
}

impl Queue {
    /// A standard queue with SQS's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// An existing queue, by ARN: usable wherever a queue is (events, redrive,
    /// grants); nothing is emitted for it. Its URL is derived from the ARN.
    pub fn import(arn: impl Into<Value>) -> Imported<Queue> {
        Imported::new(arn.into(), None)
    }

    /// An existing queue by ARN and URL (for an ARN given as an expression,
    /// whose URL cannot be derived as a literal).
    pub fn import_with_url(arn: impl Into<Value>, url: impl Into<Value>) -> Imported<Queue> {
        Imported::new(arn.into(), Some(url.into()))
    }

    /// Physical queue name; a FIFO queue's must end in `.fifo`.
    /// Default: CloudFormation generates a unique name.
    #[track_caller]
    pub fn queue_name(mut self, name: impl Into<Value>) -> Self {
        let name = name.into();
        super::fifo::QUEUE.check_name(&mut self.parts, &name);
        self.parts.set("queue_name", "QueueName", name);
        self
    }

    /// Makes it a FIFO queue (`FifoQueue: true`): ordered, exactly-once.
    /// Default: a standard queue.
    pub fn fifo(mut self) -> Self {
        self.parts.set("fifo", "FifoQueue", true);
        self
    }

    /// Deduplicates FIFO messages by a hash of their body (FIFO queues only).
    /// Default: off (senders give a deduplication ID).
    pub fn content_based_deduplication(mut self) -> Self {
        self.parts.set(
            "content_based_deduplication",
            "ContentBasedDeduplication",
            true,
        );
        self
    }

    /// How long a received message stays hidden from other consumers, 0 to
    /// 43,200 s (12 hours), whole seconds. For a Lambda consumer, AWS advises
    /// at least six times the function's timeout.
    /// Default: 30 s.
    #[track_caller]
    pub fn visibility_timeout(mut self, t: Duration) -> Self {
        let s = self.seconds("VisibilityTimeout", t, 0, 43_200);
        self.parts.set("visibility_timeout", "VisibilityTimeout", s);
        self
    }

    /// How long SQS keeps a message, 60 s to 1,209,600 s (14 days).
    /// Default: 345,600 s (4 days).
    #[track_caller]
    pub fn retention(mut self, t: Duration) -> Self {
        let s = self.seconds("MessageRetentionPeriod", t, 60, 1_209_600);
        self.parts.set("retention", "MessageRetentionPeriod", s);
        self
    }

    /// Delays every new message, 0 to 900 s.
    /// Default: 0.
    #[track_caller]
    pub fn delivery_delay(mut self, t: Duration) -> Self {
        let s = self.seconds("DelaySeconds", t, 0, 900);
        self.parts.set("delivery_delay", "DelaySeconds", s);
        self
    }

    /// Long polling: how long a receive waits for a message, 0 to 20 s.
    /// Default: 0 (short polling).
    #[track_caller]
    pub fn receive_wait(mut self, t: Duration) -> Self {
        let s = self.seconds("ReceiveMessageWaitTimeSeconds", t, 0, 20);
        self.parts
            .set("receive_wait", "ReceiveMessageWaitTimeSeconds", s);
        self
    }

    /// Largest message accepted, 1,024 to 1,048,576 bytes (1 MiB), as
    /// CloudFormation's schema for `AWS::SQS::Queue` gives it.
    /// Default: 1,048,576 bytes.
    #[track_caller]
    pub fn max_message_size(mut self, bytes: u32) -> Self {
        if !(1024..=1_048_576).contains(&bytes) {
            self.parts.problem(
                "MaximumMessageSize",
                format!("{bytes} bytes is outside SQS's range of 1024 to 1048576 bytes."),
            );
        }
        self.parts
            .set("max_message_size", "MaximumMessageSize", bytes);
        self
    }

    /// Moves a message to `dlq` after `max_receive_count` receives (1 to 1,000)
    /// without being deleted (`RedrivePolicy`).
    /// Default: no dead-letter queue; a failing message is retried until it expires.
    #[track_caller]
    pub fn dead_letter_queue(mut self, dlq: impl QueueHandle, max_receive_count: u32) -> Self {
        if !(1..=1000).contains(&max_receive_count) {
            self.parts.problem(
                "RedrivePolicy.maxReceiveCount",
                format!("{max_receive_count} is outside SQS's range of 1 to 1000 receives."),
            );
        }
        self.parts.set(
            "dead_letter_queue",
            "RedrivePolicy",
            json!({"deadLetterTargetArn": dlq.queue_arn(), "maxReceiveCount": max_receive_count}),
        );
        self
    }

    /// Encryption at rest.
    /// Default: SQS's default (SSE-SQS on new queues).
    #[track_caller]
    pub fn encryption(mut self, e: QueueEncryption) -> Self {
        match e {
            QueueEncryption::SqsManaged => {
                self.parts.set("encryption", "SqsManagedSseEnabled", true);
            }
            QueueEncryption::Kms(key, reuse) => {
                self.parts.set("encryption", "KmsMasterKeyId", key);
                if let Some(reuse) = reuse {
                    let s = self.seconds("KmsDataKeyReusePeriodSeconds", reuse, 60, 86_400);
                    self.parts
                        .set("encryption", "KmsDataKeyReusePeriodSeconds", s);
                }
            }
        }
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

    #[track_caller]
    fn seconds(&mut self, key: &str, t: Duration, min: u64, max: u64) -> u64 {
        let s = t.as_secs();
        if !(min..=max).contains(&s) || t.subsec_nanos() != 0 {
            self.parts.problem(
                key,
                format!(
                    "{t:?} is not a whole number of seconds from {min} to {max} (SQS's limits)."
                ),
            );
        }
        s
    }
}

impl App {
    /// Declares an SQS queue; returns its handle.
    #[track_caller]
    pub fn queue(&mut self, id: impl Into<Cow<'static, str>>, x: Queue) -> Ref<Queue> {
        let mut parts = x.parts;
        super::fifo::QUEUE.check_fifo(&mut parts);
        self.declare(id, "queue", "AWS::SQS::Queue", parts)
    }
}

impl Ref<Queue> {
    /// The queue's ARN (`Fn::GetAtt: [Q, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }

    /// The queue's URL (`Ref`).
    pub fn url(&self) -> Value {
        self.ref_()
    }

    /// The queue's name (`Fn::GetAtt: [Q, QueueName]`).
    pub fn name(&self) -> Value {
        self.get_att("QueueName")
    }
}
