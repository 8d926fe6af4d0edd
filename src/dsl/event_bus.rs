//! EventBridge event buses in the DSL (`AWS::Events::EventBus`).

use std::borrow::Cow;

use serde_json::Value;

use crate::model::Ref;

use super::parts::{Parts, ResourceBuilder};
use super::App;

/// An EventBridge event bus definition.
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
    pub fn new() -> Self {
        Self::default()
    }
}

impl App {
    /// Declares an EventBridge event bus; returns its handle.
    #[track_caller]
    pub fn event_bus(&mut self, id: impl Into<Cow<'static, str>>, x: EventBus) -> Ref<EventBus> {
        self.declare(id, "event bus", "AWS::Events::EventBus", x.parts)
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
