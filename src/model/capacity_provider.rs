//! A Lambda capacity provider (SAM's `AWS::Serverless::CapacityProvider`):
//! the EC2 capacity Lambda Managed Instances functions run on.

use serde_json::Value;

use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CapacityProvider {
    pub id: String,
    pub attributes: Attributes,
    pub name: Option<Value>,
    /// `SubnetIds` and optional `SecurityGroupIds`. Required.
    pub vpc_config: Map,
    /// The operator role's ARN. Default: SAM generates `<Id>OperatorRole`.
    pub operator_role: Option<Value>,
    pub tags: Option<Tags>,
    /// Whether `tags` are added to the generated role's. Default: false.
    pub propagate_tags: bool,
    /// `Architectures`, `AllowedTypes`, `ExcludedTypes`. Default: none.
    pub instance_requirements: Option<Map>,
    /// `MaxVCpuCount`, `AverageCPUUtilization`. Default: none.
    pub scaling_config: Option<Map>,
    pub kms_key_arn: Option<Value>,
    /// Becomes `TelemetryConfig.LoggingConfig`. Default: none.
    pub logging_config: Option<Value>,
    /// `Tags` to put on the instances Lambda manages. Default: none.
    pub managed_resource_tags: Option<Map>,
}

type Map = serde_json::Map<String, Value>;
