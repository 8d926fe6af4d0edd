//! `AWS::Scheduler::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::Scheduler::Schedule`, in the order SAM's `SchedulerSchedule` declares its properties.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Schedule {
    pub schedule_expression: Value,
    pub flexible_time_window: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression_timezone: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Value>,
    pub target: Value,
}

impl ResourceType for Schedule {
    const TYPE: &'static str = "AWS::Scheduler::Schedule";
}
