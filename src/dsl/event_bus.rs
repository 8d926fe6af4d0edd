//! EventBridge event buses in the DSL (`AWS::Events::EventBus`, plain
//! CloudFormation). A bus needs a name: it is the logical ID unless set.
//! Existing buses are imported by ARN ([`EventBus::import`]).

use std::borrow::Cow;

use serde_json::{json, Value};

use crate::model::Ref;

use super::events::handles::{Imported, QueueHandle};
use super::parts::{Parts, ResourceBuilder};
use super::{intern, App};

/// An EventBridge event bus definition.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("bus");
/// let orders = app.event_bus("OrderEvents", EventBus::new().description("order lifecycle"));
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert_eq!(t.resource("OrderEvents").unwrap().property("Name"), Some(&"OrderEvents".into()));
/// # let _ = orders;
/// ```
#[derive(Debug, Clone, Default)]
pub struct EventBus {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for EventBus {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl EventBus {
    /// A custom event bus.
    pub fn new() -> Self {
        Self::default()
    }

    /// An existing bus, by ARN: usable wherever a bus is (rules, grants);
    /// nothing is emitted for it.
    pub fn import(arn: impl Into<Value>) -> Imported<EventBus> {
        Imported::new(arn.into(), None)
    }

    /// The bus's name: 1 to 256 letters, digits, `.`, `-`, `_` or `/`; not `default`.
    /// Default: the logical ID (a partner bus's event source name).
    #[track_caller]
    pub fn bus_name(mut self, name: impl Into<Value>) -> Self {
        let name = name.into();
        if let Some(s) = name.as_str() {
            if let Err(why) = check_bus_name(s) {
                self.parts.problem("Name", why);
            }
        }
        self.parts.set("bus_name", "Name", name);
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: impl Into<Value>) -> Self {
        self.parts.set("description", "Description", d.into());
        self
    }

    /// Encrypts events with this customer managed KMS key.
    /// Default: an AWS owned key.
    pub fn kms_key(mut self, key: impl Into<Value>) -> Self {
        self.parts.set("kms_key", "KmsKeyIdentifier", key.into());
        self
    }

    /// Where events the bus cannot deliver go (`DeadLetterConfig`).
    /// Default: none.
    pub fn dead_letter_queue(mut self, queue: impl QueueHandle) -> Self {
        self.parts.set(
            "dead_letter_queue",
            "DeadLetterConfig",
            json!({"Arn": queue.queue_arn()}),
        );
        self
    }

    /// Makes it a partner event bus, matching a partner event source's name
    /// (the bus takes that name, as EventBridge requires).
    /// Default: a custom bus.
    pub fn event_source_name(mut self, name: impl Into<Value>) -> Self {
        self.parts
            .set("event_source_name", "EventSourceName", name.into());
        self
    }
}

fn check_bus_name(s: &str) -> Result<(), String> {
    let ok = (1..=256).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
        && s != "default";
    if ok {
        Ok(())
    } else {
        Err(format!("'{s}' is not a custom event bus name: 1 to 256 letters, digits, '.', '-', '_' or '/', and not 'default'."))
    }
}

impl App {
    /// Declares an EventBridge event bus; returns its handle.
    #[track_caller]
    pub fn event_bus(&mut self, id: impl Into<Cow<'static, str>>, x: EventBus) -> Ref<EventBus> {
        let id = intern(id);
        let mut parts = x.parts;
        // A partner bus's name must be its event source's name (EventBridge
        // refuses any other), so that is its default.
        let source = parts.properties().get("EventSourceName").cloned();
        match (parts.properties().get("Name"), &source) {
            (None, _) => parts.set("new", "Name", source.unwrap_or_else(|| id.into())),
            (Some(Value::String(name)), Some(Value::String(source))) if name != source => {
                let msg = format!(
                    "a partner event bus is named as its event source, '{source}', not '{name}'."
                );
                parts.problem("Name", msg);
            }
            _ => {}
        }
        self.declare(id, "event bus", "AWS::Events::EventBus", parts)
    }
}

impl Ref<EventBus> {
    /// The bus's ARN (`Fn::GetAtt: [B, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }

    /// The bus's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }
}
