//! A Lambda function (SAM's `AWS::Serverless::Function`): code, runtime
//! settings, its execution role or the policies SAM builds one from, and the
//! events that invoke it.

use serde_json::{Map, Value};

use super::event_source;
use super::http_api::HttpApiEvent;
use super::rest_api::ApiEvent;
use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Function {
    pub id: String,
    pub attributes: Attributes,
    /// Where the code is. Required: the reader rejects a function without it.
    pub code: Option<Code>,
    /// `Zip` or `Image`. Default: no `PackageType` (Lambda's default, `Zip`).
    pub package_type: Option<Value>,
    pub handler: Option<Value>,
    pub runtime: Option<Value>,
    pub memory_size: Option<Value>,
    pub timeout: Option<Value>,
    pub description: Option<Value>,
    pub environment: Option<Value>,
    pub architectures: Option<Value>,
    /// `Active` or `PassThrough` (`Disabled` means none). Default: no tracing config.
    pub tracing: Option<Value>,
    /// VPC settings; they also add `AWSLambdaVPCAccessExecutionRole` to the generated role.
    pub vpc_config: Option<Value>,
    pub tags: Option<Tags>,
    /// Whether `tags` also go on the resources generated for events. Default: false.
    pub propagate_tags: bool,
    /// An existing role's ARN. Default: SAM generates `<Id>Role` from `policies`.
    pub role: Option<Value>,
    /// Trust policy of the generated role. Default: Lambda may assume it.
    pub assume_role_policy_document: Option<Value>,
    /// `Path` of the generated role. Default: none.
    pub role_path: Option<Value>,
    /// `PermissionsBoundary` of the generated role. Default: none.
    pub permissions_boundary: Option<Value>,
    pub policies: Vec<Policy>,
    /// Where failed asynchronous invocations go. Default: nowhere.
    pub dead_letter_queue: Option<DeadLetterQueue>,
    pub events: Vec<Event>,
    /// `AutoPublishAlias`: an alias (name or `Ref` to a parameter) SAM points
    /// at a `Version` published whenever the code changes. Default: none.
    pub auto_publish_alias: Option<Value>,
    /// `AutoPublishCodeSha256`: a code hash that names the version instead. Default: none.
    pub auto_publish_code_sha256: Option<Value>,
    /// `AutoPublishAliasAllProperties`: publish on any property change, not
    /// just code, environment and memory. Default: false.
    pub auto_publish_alias_all_properties: bool,
    /// `Description` of the published version. Default: none.
    pub version_description: Option<Value>,
    /// `DeletionPolicy` of the published version. Default: `Retain`.
    pub version_deletion_policy: Option<Value>,
    /// The alias's provisioned concurrency. Default: none.
    pub provisioned_concurrency_config: Option<Value>,
    /// `DeploymentPreference` as written (`Type`, `Hooks`, `Alarms`, `Role`,
    /// `Enabled`, …): CodeDeploy shifts the alias's traffic gradually. Default: none.
    pub deployment_preference: Option<Value>,
    /// `EventInvokeConfig` as written: retries, maximum event age and
    /// `OnSuccess`/`OnFailure` destinations (SAM creates an SQS queue or SNS
    /// topic for a destination given only a `Type`). Default: none.
    pub event_invoke_config: Option<Value>,
    /// `FunctionUrlConfig`: an `AWS::Lambda::Url` (and public permissions for `AuthType: NONE`). Default: none.
    pub function_url_config: Option<Value>,
    /// `CapacityProviderConfig` as SAM validated it (`Arn`,
    /// `PerExecutionEnvironmentMaxConcurrency`, `ExecutionEnvironmentMemoryGiBPerVCpu`):
    /// the function runs on a Lambda Managed Instances capacity provider, and
    /// its published versions are deleted, not retained. Default: none.
    pub capacity_provider_config: Option<Map<String, Value>>,
    /// Other `AWS::Lambda::Function` properties SAM copies through unchanged
    /// (e.g. `Layers`, `KmsKeyArn`), keyed by CloudFormation name.
    pub passthrough: Map<String, Value>,
}

/// Where a function's code comes from.
#[derive(Debug, Clone, PartialEq)]
// One per function, moved rarely: boxing the S3 variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Code {
    /// An S3 object (`CodeUri: s3://bucket/key` or `{Bucket, Key, Version}`).
    S3 {
        bucket: Value,
        key: Value,
        version: Option<Value>,
        /// `StorageMode` of the `{Bucket, Key}` form. Default: none.
        storage_mode: Option<Value>,
        /// `SourceKMSKeyArn`. Default: none.
        source_kms_key_arn: Option<Value>,
    },
    /// Source inline in the template (`InlineCode`), with its `SourceKMSKeyArn`.
    Inline {
        source: Value,
        source_kms_key_arn: Option<Value>,
    },
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
    /// The parameters are kept as written; the expander reports a non-map.
    Template { name: String, parameters: Value },
    /// `Fn::If` between two policies of one kind; `None` is `AWS::NoValue`.
    If {
        condition: Value,
        then: Option<Box<Policy>>,
        otherwise: Option<Box<Policy>>,
    },
}

/// SAM's `DeadLetterQueue`: the queue or topic and the action the role needs on it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadLetterQueue {
    pub kind: DeadLetterKind,
    pub target_arn: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadLetterKind {
    Sqs,
    Sns,
}

impl DeadLetterKind {
    /// The action the execution role is granted on the target.
    pub fn action(self) -> &'static str {
        match self {
            DeadLetterKind::Sqs => "sqs:SendMessage",
            DeadLetterKind::Sns => "sns:Publish",
        }
    }
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
    S3(event_source::S3Event),
    Sns(event_source::SnsEvent),
    /// SQS, Kinesis, DynamoDB, MSK, MQ, SelfManagedKafka, DocumentDB.
    Pull(event_source::PullEvent),
    Schedule(event_source::ScheduleEvent),
    /// `CloudWatchEvent` and `EventBridgeRule` (the same in SAM).
    EventRule(event_source::EventRuleEvent),
    ScheduleV2(event_source::ScheduleV2Event),
    CloudWatchLogs(event_source::LogsEvent),
    IotRule(event_source::IotRuleEvent),
    /// `AlexaSkill` with its optional `SkillId`.
    AlexaSkill(Option<Value>),
    Cognito(event_source::CognitoEvent),
    /// An HTTP API route (`Type: HttpApi`).
    HttpApi(HttpApiEvent),
}
