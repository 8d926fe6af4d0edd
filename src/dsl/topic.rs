//! SNS topics in the DSL (`AWS::SNS::Topic`).

use std::borrow::Cow;

use serde_json::Value;

use crate::model::Ref;

use super::parts::{Parts, ResourceBuilder};
use super::App;

/// An SNS topic definition.
#[derive(Debug, Clone, Default)]
pub struct Topic {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for Topic {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Topic {
    pub fn new() -> Self {
        Self::default()
    }
}

impl App {
    /// Declares an SNS topic; returns its handle.
    #[track_caller]
    pub fn topic(&mut self, id: impl Into<Cow<'static, str>>, x: Topic) -> Ref<Topic> {
        self.declare(id, "topic", "AWS::SNS::Topic", x.parts)
    }
}

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
