//! A Lambda web function (SAM's `AWS::Serverless::WebFunction`): a function
//! served over HTTPS from an endpoint, deployed as revisions.
//!
//! Every property is kept as written (`None` when absent or `null`, as SAM
//! reads it); the transform applies SAM's rules and defaults.

use serde_json::Value;

use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebFunction {
    pub id: String,
    pub attributes: Attributes,
    /// Default: `<Id>-<8 characters of the stack GUID>`, shared by the
    /// function, its revision and its endpoint.
    pub function_name: Option<Value>,
    pub tags: Option<Tags>,
    /// Region codes, groups (`US`, `EU`, `ALL_STANDARD` …) or
    /// `{IncludeRegions, ExcludeRegions}`. Default: none.
    pub replica_regions: Option<Value>,
    /// `IamAuth` or `ApplicationManaged`. Required.
    pub auth_type: Option<Value>,
    /// Required.
    pub runtime: Option<Value>,
    /// `s3://bucket/key?versionId=v` or `{Bucket, Key, Version}`. Required.
    pub code_uri: Option<Value>,
    /// Not supported by SAM yet; rejected.
    pub inline_code: Option<Value>,
    pub revision_description: Option<Value>,
    pub kms_key_arn: Option<Value>,
    /// Default: SAM generates `<Id>Role` with basic execution rights.
    pub execution_role_arn: Option<Value>,
    pub environment_variables: Option<Value>,
    /// Becomes the `AWS_LAMBDA_NODEJS_ENTRYPOINT` variable. Default: none.
    pub entry_point: Option<Value>,
    pub max_concurrency_per_environment: Option<Value>,
    pub egress_network_connector_arn: Option<Value>,
    /// Seconds, 3 to 900. Default: 30.
    pub timeout: Option<Value>,
    /// Becomes `TelemetryConfig.LoggingConfig`. Default: none.
    pub logging_config: Option<Value>,
    /// Revision ID → weight. Default: all traffic to this stack's revision.
    pub revision_weights: Option<Value>,
    /// Default: `prod`.
    pub endpoint_name: Option<Value>,
    /// `HomeRegion`, `MultiRegion` or `PerRegion`. Default: `HomeRegion`.
    pub endpoint_type: Option<Value>,
    pub endpoint_description: Option<Value>,
    pub scaling_config: Option<Value>,
    pub throttle_config: Option<Value>,
    /// `LatestRevision` or `Disabled`; SAM-only, never emitted.
    /// Default: `LatestRevision`.
    pub auto_deployment_mode: Option<Value>,
}
