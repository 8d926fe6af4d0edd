//! Where a function's asynchronous invocations go: the dead-letter queue
//! (`DeadLetterQueue`) and the destinations, retries and event age of SAM's
//! `EventInvokeConfig`. Targets are handles of the kinds Lambda accepts,
//! refused at compile time otherwise.

use serde_json::{json, Map, Value};

use crate::dsl::bucket::Bucket;
use crate::dsl::event_bus::EventBus;
use crate::dsl::queue::Queue;
use crate::dsl::topic::Topic;
use crate::model::Ref;

use super::Function;

/// A dead-letter queue target, as SAM's `DeadLetterQueue` names it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct DeadLetter {
    pub type_: &'static str,
    pub arn: Value,
    pub id: &'static str,
    pub kinds: &'static [&'static str],
}

/// What may receive a function's failed asynchronous events: an SQS queue
/// or an SNS topic declared in the app.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a function's dead-letter queue",
    label = "not a queue or topic handle",
    note = "Lambda sends failed asynchronous events to an SQS queue or an SNS topic: pass a `Ref<Queue>` or `Ref<Topic>` (from `app.queue(…)` / `app.topic(…)`)"
)]
pub trait DeadLetterTarget {
    #[doc(hidden)]
    fn dead_letter(self) -> DeadLetter;
}

impl DeadLetterTarget for Ref<Queue> {
    fn dead_letter(self) -> DeadLetter {
        DeadLetter {
            type_: "SQS",
            arn: self.arn(),
            id: self.id(),
            kinds: &["queue"],
        }
    }
}

impl DeadLetterTarget for Ref<Topic> {
    fn dead_letter(self) -> DeadLetter {
        DeadLetter {
            type_: "SNS",
            arn: self.arn(),
            id: self.id(),
            kinds: &["topic"],
        }
    }
}

/// A destination of asynchronous invocation results.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Target {
    pub type_: &'static str,
    pub arn: Value,
    pub id: &'static str,
    pub kinds: &'static [&'static str],
}

/// What may receive the result of an asynchronous invocation: a queue,
/// topic, function or event bus declared in the app.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a destination of a function's asynchronous invocations",
    label = "not a queue, topic, function or event bus handle",
    note = "Lambda sends invocation records to an SQS queue, SNS topic, Lambda function or EventBridge bus: pass a `Ref<Queue>`, `Ref<Topic>`, `Ref<Function>` or `Ref<EventBus>`"
)]
pub trait Destination {
    #[doc(hidden)]
    fn destination(self) -> Target;
}

impl Destination for Ref<Queue> {
    fn destination(self) -> Target {
        Target {
            type_: "SQS",
            arn: self.arn(),
            id: self.id(),
            kinds: &["queue"],
        }
    }
}

impl Destination for Ref<Topic> {
    fn destination(self) -> Target {
        Target {
            type_: "SNS",
            arn: self.arn(),
            id: self.id(),
            kinds: &["topic"],
        }
    }
}

impl Destination for Ref<Function> {
    fn destination(self) -> Target {
        Target {
            type_: "Lambda",
            arn: self.arn(),
            id: self.id(),
            kinds: &["function"],
        }
    }
}

impl Destination for Ref<EventBus> {
    fn destination(self) -> Target {
        Target {
            type_: "EventBridge",
            arn: self.arn(),
            id: self.id(),
            kinds: &["event bus"],
        }
    }
}

/// What may receive the record of a failed asynchronous invocation: any
/// [`Destination`], or an S3 bucket (Lambda writes failure records only there).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot receive a function's failed asynchronous invocations",
    label = "not a queue, topic, function, event bus or bucket handle",
    note = "Lambda sends failure records to an SQS queue, SNS topic, Lambda function, EventBridge bus or S3 bucket: pass a `Ref<Queue>`, `Ref<Topic>`, `Ref<Function>`, `Ref<EventBus>` or `Ref<Bucket>`"
)]
pub trait FailureDestination {
    #[doc(hidden)]
    fn failure_destination(self) -> Target;
}

impl<T: Destination> FailureDestination for T {
    fn failure_destination(self) -> Target {
        self.destination()
    }
}

impl FailureDestination for Ref<Bucket> {
    fn failure_destination(self) -> Target {
        Target {
            type_: "S3Bucket",
            arn: self.arn(),
            id: self.id(),
            kinds: &["bucket"],
        }
    }
}

/// The parts of `EventInvokeConfig` set so far; written whole, in SAM's
/// documented key order, whenever one changes.
#[derive(Debug, Clone, Default)]
pub(crate) struct InvokeConfig {
    pub max_age: Option<u64>,
    pub retries: Option<u32>,
    pub on_success: Option<Target>,
    pub on_failure: Option<Target>,
}

impl InvokeConfig {
    pub fn lower(&self) -> Value {
        let mut m = Map::new();
        if let Some(a) = self.max_age {
            m.insert("MaximumEventAgeInSeconds".into(), a.into());
        }
        if let Some(r) = self.retries {
            m.insert("MaximumRetryAttempts".into(), r.into());
        }
        let mut dest = Map::new();
        for (key, t) in [
            ("OnSuccess", &self.on_success),
            ("OnFailure", &self.on_failure),
        ] {
            if let Some(t) = t {
                dest.insert(key.into(), json!({"Type": t.type_, "Destination": t.arn}));
            }
        }
        if !dest.is_empty() {
            m.insert("DestinationConfig".into(), Value::Object(dest));
        }
        Value::Object(m)
    }
}
