//! `AWS::StepFunctions::*`, in the order SAM's `stepfunctions/resources.py`
//! declares their properties.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// `AWS::StepFunctions::StateMachine`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateMachine {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition_string: Option<Value>,
    #[serde(
        rename = "DefinitionS3Location",
        skip_serializing_if = "Option::is_none"
    )]
    pub definition_s3_location: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_configuration: Option<Value>,
    pub role_arn: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_machine_name: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_machine_type: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition_substitutions: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_configuration: Option<Value>,
}

impl ResourceType for StateMachine {
    const TYPE: &'static str = "AWS::StepFunctions::StateMachine";
}

/// `AWS::StepFunctions::StateMachineVersion`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateMachineVersion {
    pub state_machine_arn: Value,
    pub state_machine_revision_id: Value,
}

impl ResourceType for StateMachineVersion {
    const TYPE: &'static str = "AWS::StepFunctions::StateMachineVersion";
}

/// `AWS::StepFunctions::StateMachineAlias`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateMachineAlias {
    pub name: Value,
    pub deployment_preference: Value,
}

impl ResourceType for StateMachineAlias {
    const TYPE: &'static str = "AWS::StepFunctions::StateMachineAlias";
}
