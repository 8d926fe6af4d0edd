//! SNS topics in the DSL (`AWS::SNS::Topic`, plain CloudFormation): FIFO,
//! KMS encryption and subscriptions. A queue subscribed with
//! [`App::subscribe_queue`] also gets the queue policy letting the topic send
//! to it. Existing topics are imported by ARN ([`Topic::import`]).

use std::borrow::Cow;

use serde_json::{json, Value};

use crate::model::Ref;

use super::events::handles::{Imported, QueueHandle, TopicHandle};
use super::parts::{Parts, ResourceBuilder};
use super::{intern, App};

/// An SNS topic definition.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("alerts");
/// let alerts = app.topic(
///     "Alerts",
///     Topic::new()
///         .display_name("Alerts")
///         .subscription(Protocol::Email, "ops@example.com"),
/// );
/// let inbox = app.queue("Inbox", Queue::new());
/// app.subscribe_queue(alerts, inbox, QueueSubscription::new().raw_message_delivery());
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("AlertsToInbox").is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Topic {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for Topic {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

/// How a subscription delivers messages (an inline `Subscription` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Email,
    EmailJson,
    Http,
    Https,
    Sms,
    Lambda,
    Sqs,
    Firehose,
    Application,
}

impl Protocol {
    /// SNS's name for the protocol (`email-json`).
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Email => "email",
            Protocol::EmailJson => "email-json",
            Protocol::Http => "http",
            Protocol::Https => "https",
            Protocol::Sms => "sms",
            Protocol::Lambda => "lambda",
            Protocol::Sqs => "sqs",
            Protocol::Firehose => "firehose",
            Protocol::Application => "application",
        }
    }
}

impl Topic {
    /// A standard topic.
    pub fn new() -> Self {
        Self::default()
    }

    /// An existing topic, by ARN: usable wherever a topic is; nothing is emitted for it.
    pub fn import(arn: impl Into<Value>) -> Imported<Topic> {
        Imported::new(arn.into(), None)
    }

    /// Physical topic name (1 to 256 letters, digits, `-`, `_`; a FIFO topic's ends in `.fifo`).
    /// Default: CloudFormation generates a unique name.
    #[track_caller]
    pub fn topic_name(mut self, name: impl Into<Value>) -> Self {
        let name = name.into();
        super::fifo::TOPIC.check_name(&mut self.parts, &name);
        self.parts.set("topic_name", "TopicName", name);
        self
    }

    /// The name shown as the sender of SMS and email messages.
    /// Default: none.
    pub fn display_name(mut self, name: impl Into<Value>) -> Self {
        self.parts.set("display_name", "DisplayName", name.into());
        self
    }

    /// Makes it a FIFO topic (`FifoTopic: true`); only FIFO queues may subscribe.
    /// Default: a standard topic.
    pub fn fifo(mut self) -> Self {
        self.parts.set("fifo", "FifoTopic", true);
        self
    }

    /// Deduplicates FIFO messages by a hash of their body (FIFO topics only).
    /// Default: off.
    pub fn content_based_deduplication(mut self) -> Self {
        self.parts.set(
            "content_based_deduplication",
            "ContentBasedDeduplication",
            true,
        );
        self
    }

    /// Encrypts messages at rest with this KMS key (ID, ARN, alias or expression;
    /// `alias/aws/sns` for the AWS managed key).
    /// Default: `alias/aws/sns` under the `recommended` defaults
    /// (`Hardening::TopicEncryption`); with SAM's, not encrypted.
    pub fn kms_key(mut self, key: impl Into<Value>) -> Self {
        self.parts.set("kms_key", "KmsMasterKeyId", key.into());
        self
    }

    /// Adds an inline subscription (`Subscription`: protocol and endpoint).
    /// SNS delivers to a Lambda endpoint only with an `AWS::Lambda::Permission`
    /// for it, and to an SQS endpoint only if the queue's policy lets the topic
    /// send: this writes neither, so it suits endpoints outside the app that
    /// already allow the topic. For a function of the app give it an
    /// [`Sns`](super::events::Sns) event, and for a queue use
    /// [`App::subscribe_queue`]: both write what SNS needs.
    /// Default: no subscriptions.
    pub fn subscription(mut self, protocol: Protocol, endpoint: impl Into<Value>) -> Self {
        self.parts
            .list("subscription", "Subscription")
            .push(json!({"Endpoint": endpoint.into(), "Protocol": protocol.name()}));
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

/// Options of a queue's subscription to a topic ([`App::subscribe_queue`]).
#[derive(Debug, Clone, Default)]
pub struct QueueSubscription {
    raw: bool,
    filter_policy: Option<Value>,
    on_body: bool,
}

impl QueueSubscription {
    /// A subscription delivering SNS's JSON envelope, unfiltered.
    pub fn new() -> Self {
        Self::default()
    }

    /// Delivers the message body as published, without SNS's JSON envelope.
    /// Default: the envelope is delivered.
    pub fn raw_message_delivery(mut self) -> Self {
        self.raw = true;
        self
    }

    /// Delivers only messages whose attributes match `policy`.
    /// Default: every message.
    pub fn filter_policy(mut self, policy: Value) -> Self {
        self.filter_policy = Some(policy);
        self
    }

    /// Applies the filter policy to the message body instead of its attributes.
    /// Default: message attributes.
    pub fn filter_on_body(mut self) -> Self {
        self.on_body = true;
        self
    }
}

impl App {
    /// Declares an SNS topic; returns its handle.
    #[track_caller]
    pub fn topic(&mut self, id: impl Into<Cow<'static, str>>, x: Topic) -> Ref<Topic> {
        let mut parts = x.parts;
        super::fifo::TOPIC.check_fifo(&mut parts);
        self.declare(id, "topic", "AWS::SNS::Topic", parts)
    }

    /// Subscribes `queue` to `topic`: an `AWS::SNS::Subscription` named
    /// `<Topic>To<Queue>`, and a statement letting that topic (only) send to
    /// the queue in the queue's policy `<Queue>Policy` (one policy per queue,
    /// whatever sends to it). For imported topics or queues use
    /// [`subscribe_queue_as`](Self::subscribe_queue_as), which takes the
    /// subscription's logical ID.
    #[track_caller]
    pub fn subscribe_queue(
        &mut self,
        topic: Ref<Topic>,
        queue: Ref<super::queue::Queue>,
        options: QueueSubscription,
    ) -> Ref<Subscription> {
        let id = format!("{}To{}", topic.id(), queue.id());
        self.subscribe_queue_as(id, topic, queue, options)
    }

    /// Like [`subscribe_queue`](Self::subscribe_queue), with the subscription's
    /// logical ID given; takes imported handles too. An imported queue's policy
    /// belongs to its owner: it must let the topic send to it.
    #[track_caller]
    pub fn subscribe_queue_as(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        topic: impl TopicHandle,
        queue: impl QueueHandle,
        options: QueueSubscription,
    ) -> Ref<Subscription> {
        let id = intern(id);
        let mut sub = Parts::new();
        sub.set("subscribe_queue", "Protocol", "sqs");
        sub.set("subscribe_queue", "TopicArn", topic.topic_arn());
        sub.set("subscribe_queue", "Endpoint", queue.queue_arn());
        if options.raw {
            sub.set("raw_message_delivery", "RawMessageDelivery", true);
        }
        if let Some(p) = options.filter_policy {
            sub.set("filter_policy", "FilterPolicy", p);
            if options.on_body {
                sub.set("filter_on_body", "FilterPolicyScope", "MessageBody");
            }
        }
        self.declare(id, "subscription", "AWS::SNS::Subscription", sub)
    }
}

/// A topic subscription (`AWS::SNS::Subscription`), made by [`App::subscribe_queue`].
#[derive(Debug, Clone, Copy)]
pub struct Subscription;

impl Ref<Topic> {
    /// The topic's ARN (`Ref`).
    pub fn arn(&self) -> Value {
        self.ref_()
    }

    /// The topic's name (`Fn::GetAtt: [T, TopicName]`).
    pub fn name(&self) -> Value {
        self.get_att("TopicName")
    }
}
