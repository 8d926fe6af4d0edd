//! EventBridge rules (SAM's `Type: EventBridgeRule`): the function is the
//! target of a rule matching an event pattern, on the default bus or on one
//! given as a handle.

use std::time::Duration;

use serde_json::{json, Map, Value};

use super::super::function::{Event, SamEvent};
use super::handles::{EventBusHandle, QueueHandle};
use super::Props;

/// Invokes the function for events matching a pattern.
///
/// ```
/// use std::time::Duration;
/// use serde_json::json;
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("orders");
/// let bus = app.event_bus("Orders", EventBus::new());
/// let failed = app.queue("FailedDeliveries", Queue::new());
/// app.function(
///     "Ship",
///     Function::new(Runtime::Python312, "ship.handler", Code::inline("..."))
///         .on(
///             "Paid",
///             EventRule::new(json!({"source": ["shop.orders"], "detail-type": ["OrderPaid"]}))
///                 .on_bus(bus)
///                 .dead_letter_queue(failed)
///                 .retry_policy(3, Duration::from_secs(3600))
///                 .input_transformer(json!({"id": "$.detail.orderId"}), "{\"order\": <id>}"),
///         ),
/// );
/// assert!(app.synth(&Context::new("us-east-1")).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct EventRule {
    e: Props,
}

impl EventRule {
    /// Events matching `pattern` (an EventBridge event pattern).
    #[track_caller]
    pub fn new(pattern: Value) -> Self {
        let mut e = Props::new();
        if pattern.is_object() {
            e.set("Pattern", pattern);
        } else {
            // Not written, so SAM does not report it a second time.
            e.problem(
                "Pattern",
                format!("an event pattern is a JSON object, not {pattern}."),
            );
        }
        EventRule { e }
    }

    /// Matches events on `bus`, declared or imported.
    /// Default: the account's default bus.
    pub fn on_bus(mut self, bus: impl EventBusHandle) -> Self {
        self.e.set("EventBusName", bus.bus_name_or_arn());
        self
    }

    /// The rule's name (1 to 64 letters, digits, `.`, `-`, `_`).
    /// Default: CloudFormation generates one.
    #[track_caller]
    pub fn rule_name(mut self, n: &str) -> Self {
        let ok = (1..=64).contains(&n.len())
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !ok {
            self.e.problem(
                "RuleName",
                format!("'{n}' is not a rule name: 1 to 64 letters, digits, '.', '-' or '_'."),
            );
        }
        self.e.set("RuleName", n);
        self
    }

    /// The function receives this JSON instead of the event.
    /// Default: the matched event.
    pub fn input(mut self, input: Value) -> Self {
        self.e.set("Input", input.to_string());
        self
    }

    /// The function receives the part of the event at this JSONPath (`$.detail`).
    /// Default: the matched event.
    pub fn input_path(mut self, path: &str) -> Self {
        self.e.set("InputPath", path);
        self
    }

    /// The function receives `template`, with `<name>` placeholders filled
    /// from the event at the JSONPaths `paths` maps them to.
    /// Default: the matched event.
    pub fn input_transformer(mut self, paths: Value, template: &str) -> Self {
        let mut m = Map::new();
        m.insert("InputPathsMap".into(), paths);
        m.insert("InputTemplate".into(), template.into());
        self.e.set("InputTransformer", Value::Object(m));
        self
    }

    /// The target's ID in the rule.
    /// Default: SAM's `<Fn><Event>LambdaTarget`.
    pub fn target_id(mut self, id: &str) -> Self {
        self.e.set("Target", json!({"Id": id}));
        self
    }

    /// Creates the rule disabled (`State: DISABLED`).
    /// Default: enabled.
    pub fn disabled(mut self) -> Self {
        self.e.set("State", "DISABLED");
        self
    }

    /// Sends events the rule could not deliver to `queue`.
    /// Default: undelivered events are dropped.
    pub fn dead_letter_queue(mut self, queue: impl QueueHandle) -> Self {
        self.e
            .set("DeadLetterConfig", json!({"Arn": queue.queue_arn()}));
        self
    }

    /// Sends undelivered events to a queue SAM generates (`<Fn><Event>Queue`) with its policy.
    /// Default: undelivered events are dropped.
    pub fn generated_dead_letter_queue(mut self) -> Self {
        self.e.set("DeadLetterConfig", json!({"Type": "SQS"}));
        self
    }

    /// Retries delivery up to `attempts` times (0 to 185) within `max_age` (60 s to 24 h).
    /// Default: EventBridge's (185 attempts within 24 hours).
    #[track_caller]
    pub fn retry_policy(mut self, attempts: u32, max_age: Duration) -> Self {
        super::schedule::retry_policy(&mut self.e, attempts, max_age);
        self
    }
}

impl Event for EventRule {
    fn into_sam(mut self) -> SamEvent {
        let inputs: Vec<&str> = ["Input", "InputPath", "InputTransformer"]
            .into_iter()
            .filter(|k| self.e.has(k))
            .collect();
        if inputs.len() > 1 {
            self.e.late_problem(
                inputs[1],
                format!(
                    "a rule target takes one of Input, InputPath and InputTransformer; this one sets {}.",
                    inputs.join(" and ")
                ),
            );
        }
        self.e.into_sam("EventBridgeRule")
    }
}
