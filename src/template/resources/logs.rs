//! `AWS::Logs::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::Logs::SubscriptionFilter`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionFilter {
    pub log_group_name: Value,
    pub filter_pattern: Value,
    pub destination_arn: Value,
}

impl ResourceType for SubscriptionFilter {
    const TYPE: &'static str = "AWS::Logs::SubscriptionFilter";
}
