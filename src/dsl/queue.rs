//! SQS queues in the DSL (`AWS::SQS::Queue`).

use std::borrow::Cow;

use serde_json::Value;

use crate::model::Ref;

use super::parts::{Parts, ResourceBuilder};
use super::App;

/// An SQS queue definition.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for Queue {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Queue {
    pub fn new() -> Self {
        Self::default()
    }
}

impl App {
    /// Declares an SQS queue; returns its handle.
    #[track_caller]
    pub fn queue(&mut self, id: impl Into<Cow<'static, str>>, x: Queue) -> Ref<Queue> {
        self.declare(id, "queue", "AWS::SQS::Queue", x.parts)
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
