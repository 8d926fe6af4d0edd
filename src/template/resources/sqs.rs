//! `AWS::SQS::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::SQS::Queue` as SAM generates it (dead-letter and subscription queues).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Queue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fifo_queue: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
}

impl ResourceType for Queue {
    const TYPE: &'static str = "AWS::SQS::Queue";
}

/// `AWS::SQS::QueuePolicy`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueuePolicy {
    pub policy_document: Value,
    pub queues: Vec<Value>,
}

impl ResourceType for QueuePolicy {
    const TYPE: &'static str = "AWS::SQS::QueuePolicy";
}
