//! A Step Functions state machine (SAM's `AWS::Serverless::StateMachine`):
//! its definition, the execution role or the policies SAM builds one from,
//! logging and tracing, the alias SAM publishes, and the events that start it.

use serde_json::Value;

use super::event_source::{EventRuleEvent, ScheduleEvent, ScheduleV2Event};
use super::function::Policy;
use super::rest_api::ApiEvent;
use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StateMachine {
    pub id: String,
    pub attributes: Attributes,
    /// The definition as a map; SAM writes it as an indented JSON string,
    /// intrinsics replaced by `${definition_substitution_N}`. Default: none
    /// (then `definition_uri` is required).
    pub definition: Option<Value>,
    /// `s3://bucket/key?versionId=v` or `{Bucket, Key, Version}` as written. Default: none.
    pub definition_uri: Option<Value>,
    /// The definition's S3 location, `{Bucket, Key, Version?}`, as the reader
    /// parsed `definition_uri`. Default: none.
    pub definition_s3_location: Option<Value>,
    /// `DefinitionSubstitutions` as written. Default: none.
    pub definition_substitutions: Option<Value>,
    /// `LoggingConfiguration` of the state machine. Default: none.
    pub logging: Option<Value>,
    /// An existing role's ARN. Default: SAM generates `<Id>Role` from `policies`.
    pub role: Option<Value>,
    /// `Path` of the generated role. Default: none.
    pub role_path: Option<Value>,
    /// `StateMachineName`. Default: CloudFormation names it.
    pub name: Option<Value>,
    /// `STANDARD` or `EXPRESS`. Default: none (Step Functions' `STANDARD`).
    pub type_: Option<Value>,
    pub tags: Option<Tags>,
    /// Whether `tags` replace the tags of everything generated. Default: false.
    pub propagate_tags: bool,
    pub policies: Vec<Policy>,
    /// `TracingConfiguration`; `Enabled: true` adds the X-Ray policy. Default: none.
    pub tracing: Option<Value>,
    /// `PermissionsBoundary` of the generated roles. Default: none.
    pub permissions_boundary: Option<Value>,
    /// `AutoPublishAlias`: a `<Id>Version` and `<Id>Alias<Name>`. Default: none.
    pub auto_publish_alias: Option<Value>,
    /// The alias's `DeploymentPreference` as written. Default: `ALL_AT_ONCE`.
    pub deployment_preference: Option<Value>,
    /// Events start the alias instead of the state machine. Default: false.
    pub use_alias_as_event_target: Option<bool>,
    pub events: Vec<StateMachineEvent>,
}

/// An event that starts the state machine.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachineEvent {
    /// The event's key under `Events` (part of generated logical IDs).
    pub id: String,
    pub kind: StateMachineEventKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StateMachineEventKind {
    /// A REST API method whose integration starts an execution.
    Api(StateMachineApiEvent),
    Schedule(ScheduleEvent),
    /// `CloudWatchEvent` and `EventBridgeRule`.
    EventRule(EventRuleEvent),
    ScheduleV2(ScheduleV2Event),
}

/// `Type: Api` on a state machine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StateMachineApiEvent {
    pub api: ApiEvent,
    /// `UnescapeMappingTemplate`: undo `escapeJavaScript`'s `\'`. Default: false.
    pub unescape_mapping_template: bool,
}
