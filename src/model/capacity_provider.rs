//! A Lambda Managed Instances capacity provider (SAM's
//! `AWS::Serverless::CapacityProvider`): the VPC its instances run in, the
//! operator role Lambda uses to manage them (generated unless given), the
//! instance types and the scaling it may use.

use serde_json::{Map, Value};

use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CapacityProvider {
    pub id: String,
    pub attributes: Attributes,
    /// `CapacityProviderName`. Default: CloudFormation names it.
    pub name: Option<Value>,
    /// `SubnetIds` and, when given, `SecurityGroupIds` (lists or intrinsics).
    pub vpc_config: Map<String, Value>,
    /// The operator role's ARN. Default: SAM generates `<Id>OperatorRole`
    /// with the `AWSLambdaManagedEC2ResourceOperator` managed policy.
    pub operator_role: Option<Value>,
    /// User tags; SAM adds `lambda:createdBy: SAM` after them. Default: none.
    pub tags: Option<Tags>,
    /// Whether the user's tags are added to the generated role too. Default: false.
    pub propagate_tags: bool,
    /// `Architectures`, `AllowedTypes`, `ExcludedTypes` (SAM's names), as validated.
    pub instance_requirements: Option<Map<String, Value>>,
    /// `MaxVCpuCount` and `AverageCPUUtilization` (SAM's names), as validated.
    /// Default: none; when set without a CPU target, scaling is `Auto`.
    pub scaling_config: Option<Map<String, Value>>,
    /// `KmsKeyArn`. Default: none.
    pub kms_key_arn: Option<Value>,
    /// `LoggingConfig`, written as `TelemetryConfig.LoggingConfig`. Default: none.
    pub logging_config: Option<Value>,
    /// `ManagedResourceTags`: with `Tags`, the instances get them explicitly
    /// (`PropagateTags: {Mode: Explicit}`). Default: none.
    pub managed_resource_tags: Option<ManagedResourceTags>,
}

/// `ManagedResourceTags`, as validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManagedResourceTags {
    /// `Tags` under it, when written.
    pub tags: Option<Tags>,
}
