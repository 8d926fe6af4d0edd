//! A Lambda function (SAM's `AWS::Serverless::Function`): code, runtime
//! settings, its execution role or the policies SAM builds one from, and the
//! events that invoke it.

use serde_json::{Map, Value};

use super::rest_api::ApiEvent;
use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Function {
    pub id: String,
    pub attributes: Attributes,
    /// Where the code is. Required unless the function is an image (`Code::Image`).
    pub code: Option<Code>,
    pub handler: Option<Value>,
    pub runtime: Option<Value>,
    pub memory_size: Option<Value>,
    pub timeout: Option<Value>,
    pub description: Option<Value>,
    pub environment: Option<Value>,
    pub architectures: Option<Value>,
    /// `Active` or `PassThrough`. Default: no tracing config.
    pub tracing: Option<Value>,
    pub tags: Option<Tags>,
    /// An existing role's ARN. Default: SAM generates `<Id>Role` from `policies`.
    pub role: Option<Value>,
    pub policies: Vec<Policy>,
    pub events: Vec<Event>,
    /// Other `AWS::Lambda::Function` properties SAM copies through unchanged
    /// (e.g. `Layers`, `VpcConfig`, `KmsKeyArn`), keyed by CloudFormation name.
    pub passthrough: Map<String, Value>,
}

/// Where a function's code comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Code {
    /// An S3 object (`CodeUri: s3://bucket/key` or `{Bucket, Key, Version}`).
    S3 {
        bucket: Value,
        key: Value,
        version: Option<Value>,
    },
    /// Source inline in the template (`InlineCode`).
    Inline(Value),
    /// A container image URI (`ImageUri`).
    Image(Value),
}

/// One entry of SAM's `Policies`.
#[derive(Debug, Clone, PartialEq)]
pub enum Policy {
    /// A managed policy: a name SAM knows (`AmazonDynamoDBFullAccess`), an ARN, or an intrinsic.
    Managed(Value),
    /// An inline policy document (`{Statement: [...]}`).
    Inline(Value),
    /// A SAM policy template with its parameters (`DynamoDBCrudPolicy: {TableName: …}`).
    Template {
        name: String,
        parameters: Map<String, Value>,
    },
}

/// An event source that invokes the function.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event's key under `Events` (part of generated logical IDs).
    pub id: String,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// A REST API route (`Type: Api`).
    Api(ApiEvent),
}
