//! SNS events (SAM `Type: SNS`): the function subscribes to a topic, directly
//! or through an SQS queue (a new one SAM generates, or one of the app's).

use serde_json::{json, Map, Value};

use super::super::function::{Event, SamEvent};
use super::handles::{QueueHandle, TopicHandle};
use super::Props;

/// What a filter policy matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterScope {
    /// The message's attributes.
    MessageAttributes,
    /// The message's (JSON) body.
    MessageBody,
}

/// Invokes the function for each message published to a topic, declared or imported.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("alerts");
/// let alerts = app.topic("Alerts", Topic::new());
/// let inbox = app.queue("Inbox", Queue::new());
/// app.function(
///     "Notify",
///     Function::new(Runtime::Python312, "n.handler", Code::inline("..."))
///         .on("Alert", Sns::new(alerts).filter_policy(serde_json::json!({"severity": ["high"]})))
///         .on("Queued", Sns::new(alerts).via_queue(inbox, Some(5))),
/// );
/// assert!(app.synth(&Context::new("us-east-1")).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct Sns {
    e: Props,
}

impl Sns {
    /// Messages published to `topic`.
    #[track_caller]
    pub fn new(topic: impl TopicHandle) -> Self {
        let mut e = Props::new();
        e.set("Topic", topic.topic_arn());
        Sns { e }
    }

    /// The topic's region, for a topic in another region.
    /// Default: the stack's region.
    pub fn region(mut self, region: &str) -> Self {
        self.e.set("Region", region);
        self
    }

    /// Delivers only messages matching `policy` (SNS filter policy JSON).
    /// Default: every message.
    pub fn filter_policy(mut self, policy: Value) -> Self {
        self.e.set("FilterPolicy", policy);
        self
    }

    /// What the filter policy applies to.
    /// Default: [`FilterScope::MessageAttributes`].
    pub fn filter_scope(mut self, scope: FilterScope) -> Self {
        let v = match scope {
            FilterScope::MessageAttributes => "MessageAttributes",
            FilterScope::MessageBody => "MessageBody",
        };
        self.e.set("FilterPolicyScope", v);
        self
    }

    /// Buffers messages in a new SQS queue SAM generates (`<Fn><Event>Queue`),
    /// which the function polls.
    /// Default: the topic invokes the function directly.
    pub fn via_new_queue(mut self) -> Self {
        self.e.set("SqsSubscription", true);
        self
    }

    /// Buffers messages in `queue`, which the function polls in batches of
    /// `batch_size` (1 to 10; SAM's default 10); SAM writes the queue's policy.
    /// Default: the topic invokes the function directly.
    #[track_caller]
    pub fn via_queue(mut self, queue: impl QueueHandle, batch_size: Option<u32>) -> Self {
        let mut m = Map::new();
        m.insert("QueueArn".into(), queue.queue_arn());
        m.insert("QueueUrl".into(), queue.queue_url());
        if let Some(n) = batch_size {
            if !(1..=10).contains(&n) {
                self.e.problem(
                    "SqsSubscription.BatchSize",
                    format!("{n} is outside Lambda's range of 1 to 10 for this queue."),
                );
            }
            m.insert("BatchSize".into(), n.into());
        }
        self.e.set("SqsSubscription", Value::Object(m));
        self
    }

    /// Sends messages SNS cannot deliver to this dead-letter queue (`RedrivePolicy`).
    /// Default: undeliverable messages are dropped after SNS's retries.
    pub fn dead_letter_queue(mut self, queue: impl QueueHandle) -> Self {
        self.e.set(
            "RedrivePolicy",
            json!({"deadLetterTargetArn": queue.queue_arn()}),
        );
        self
    }
}

impl Event for Sns {
    fn into_sam(mut self) -> SamEvent {
        if self.e.has("FilterPolicyScope") && !self.e.has("FilterPolicy") {
            self.e.late_problem(
                "FilterPolicyScope",
                "a filter scope without a filter policy does nothing; add `.filter_policy(…)`.",
            );
        }
        self.e.into_sam("SNS")
    }
}
