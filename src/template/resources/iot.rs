//! `AWS::IoT::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::IoT::TopicRule`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicRule {
    pub topic_rule_payload: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
}

impl ResourceType for TopicRule {
    const TYPE: &'static str = "AWS::IoT::TopicRule";
}
