//! `AWS::Events::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::Events::Rule`, in the order SAM's `EventsRule` declares its properties.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_pattern: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Value>,
    pub targets: Vec<Value>,
}

impl ResourceType for Rule {
    const TYPE: &'static str = "AWS::Events::Rule";
}
