//! `AWS::IAM::*`.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::IAM::Role`, its properties in the order SAM's `IAMRole` declares them.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    pub assume_role_policy_document: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_policy_arns: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
}

impl ResourceType for Role {
    const TYPE: &'static str = "AWS::IAM::Role";
}

/// `AWS::IAM::ManagedPolicy` (the properties SAM's connectors set).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicy {
    pub policy_document: Value,
    pub roles: Vec<Value>,
}

impl ResourceType for ManagedPolicy {
    const TYPE: &'static str = "AWS::IAM::ManagedPolicy";
}
