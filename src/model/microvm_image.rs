//! A Lambda MicroVM image (SAM's `AWS::Serverless::MicrovmImage`): code
//! built onto a base image, by a build role SAM generates unless given one.

use serde_json::Value;

use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MicrovmImage {
    pub id: String,
    pub attributes: Attributes,
    pub name: Value,
    /// `s3://bucket/key` (or an intrinsic). Required.
    pub code_uri: Value,
    pub base_image_arn: Value,
    pub base_image_version: Value,
    /// Default: SAM generates `<Id>BuildRole`, allowed to read the code's bucket.
    pub build_role_arn: Option<Value>,
    /// Default: `""`.
    pub description: Option<Value>,
    pub tags: Option<Tags>,
    /// Whether `tags` are added to the generated role's. Default: false.
    pub propagate_tags: bool,
    /// `Disabled`, `CloudWatch`. Default: `{}`.
    pub logging: Option<Value>,
    /// Default: `[]`.
    pub egress_network_connectors: Option<Value>,
    /// Default: `[]`.
    pub cpu_configurations: Option<Value>,
    /// Default: `[]`.
    pub resources: Option<Value>,
    /// Default: `[]`.
    pub additional_os_capabilities: Option<Value>,
    /// `Port`, `MicrovmHooks`, `MicrovmImageHooks`. Default: `{}`.
    pub hooks: Option<Value>,
    /// A map, emitted as a `[{Key, Value}]` list. Default: `[]`.
    pub environment_variables: Option<Tags>,
}
