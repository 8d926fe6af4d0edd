//! `AWS::SNS::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::SNS::Subscription`, in the order SAM's `SNSSubscription` declares its properties.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscription {
    pub endpoint: Value,
    pub protocol: Value,
    pub topic_arn: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_policy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_policy_scope: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redrive_policy: Option<Value>,
}

impl ResourceType for Subscription {
    const TYPE: &'static str = "AWS::SNS::Subscription";
}

/// `AWS::SNS::Topic` as SAM generates it (a destination with no settings).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Topic {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
}

impl ResourceType for Topic {
    const TYPE: &'static str = "AWS::SNS::Topic";
}
