//! A Lambda layer version (SAM's `AWS::Serverless::LayerVersion`).

use serde_json::Value;

use super::Attributes;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    pub id: String,
    pub attributes: Attributes,
    /// The layer's name. Default: the logical ID (so the ARN stays stable across versions).
    pub layer_name: Option<Value>,
    pub description: Option<Value>,
    /// `ContentUri` as written: `s3://…` or `{Bucket, Key, Version}`.
    pub content_uri: Value,
    pub compatible_architectures: Option<Value>,
    pub compatible_runtimes: Option<Value>,
    pub license_info: Option<Value>,
    /// `Retain` or `Delete` (any case). Default: `Retain`.
    pub retention_policy: Option<Value>,
    pub publish_lambda_version: Option<Value>,
}
