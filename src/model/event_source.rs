//! Function event sources other than APIs (SAM's `eventsources.push`,
//! `eventsources.pull`, `eventsources.scheduler` and
//! `eventsources.cloudwatchlogs`): what each event type says, already
//! checked against SAM's property types by the reader.
//!
//! Values SAM passes to CloudFormation unchanged are kept as written
//! (`Value`), since they may be intrinsics.

use serde_json::{Map, Value};

/// `Type: S3`: notifications from a bucket declared in the same template.
#[derive(Debug, Clone, PartialEq)]
pub struct S3Event {
    /// Logical ID of the bucket (`Bucket: !Ref Id`).
    pub bucket_id: String,
    /// `s3:ObjectCreated:*` and friends, one notification each.
    pub events: Vec<Value>,
    /// `Filter` copied into each notification. Default: none.
    pub filter: Option<Value>,
}

/// `Type: SNS`: a subscription to a topic, direct or through an SQS queue.
#[derive(Debug, Clone, PartialEq)]
pub struct SnsEvent {
    pub topic: Value,
    pub region: Option<Value>,
    pub filter_policy: Option<Value>,
    pub filter_policy_scope: Option<Value>,
    pub redrive_policy: Option<Value>,
    /// Deliver through a queue. Default: the topic invokes the function directly.
    pub sqs_subscription: Option<SqsSubscription>,
}

/// `SqsSubscription`: `true` makes a queue; a map names an existing one.
#[derive(Debug, Clone, PartialEq)]
pub enum SqsSubscription {
    New,
    Existing(Box<ExistingQueue>),
}

/// An existing queue an SNS event subscribes (`SqsSubscription: {QueueArn, QueueUrl, …}`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingQueue {
    pub queue_arn: Value,
    pub queue_url: Value,
    /// Logical ID for the queue policy. Default: `<Fn><Event>QueuePolicy`.
    pub queue_policy_logical_id: Option<String>,
    /// Default: 10.
    pub batch_size: Option<Value>,
    /// Read but unused: SAM always enables the mapping.
    pub enabled: Option<Value>,
}

/// The pull (event source mapping) event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullKind {
    Sqs,
    Kinesis,
    DynamoDb,
    Msk,
    Mq,
    SelfManagedKafka,
    DocumentDb,
}

impl PullKind {
    /// The event `Type` as written in SAM.
    pub fn type_name(self) -> &'static str {
        match self {
            PullKind::Sqs => "SQS",
            PullKind::Kinesis => "Kinesis",
            PullKind::DynamoDb => "DynamoDB",
            PullKind::Msk => "MSK",
            PullKind::Mq => "MQ",
            PullKind::SelfManagedKafka => "SelfManagedKafka",
            PullKind::DocumentDb => "DocumentDB",
        }
    }
}

/// A pull event: an `AWS::Lambda::EventSourceMapping`. `properties` holds
/// every property as written (validated against SAM's types); the expander
/// picks what goes where.
#[derive(Debug, Clone, PartialEq)]
pub struct PullEvent {
    pub kind: PullKind,
    pub properties: Map<String, Value>,
}

impl PullEvent {
    /// A property, `null` counting as absent.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.properties.get(key).filter(|v| !v.is_null())
    }
}

/// `Type: Schedule`: an EventBridge rule with a schedule expression.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScheduleEvent {
    pub schedule: Value,
    pub input: Option<Value>,
    /// `Enabled` (a boolean) or `State` (as written); at most one.
    pub enabled: Option<Value>,
    pub state: Option<Value>,
    pub name: Option<Value>,
    pub description: Option<Value>,
    pub dead_letter_config: Option<Map<String, Value>>,
    pub retry_policy: Option<Value>,
    /// `Target.Id` (state machines only). Default: `<Rule>StepFunctionsTarget`.
    pub target_id: Option<Value>,
    /// An existing role to start executions with (state machines only).
    /// Default: SAM generates `<Rule>Role`.
    pub role_arn: Option<Value>,
}

/// `Type: CloudWatchEvent` or `EventBridgeRule`: an EventBridge rule with a pattern.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventRuleEvent {
    pub event_bus_name: Option<Value>,
    pub rule_name: Option<Value>,
    pub pattern: Option<Value>,
    pub dead_letter_config: Option<Map<String, Value>>,
    pub retry_policy: Option<Value>,
    pub input: Option<Value>,
    pub input_path: Option<Value>,
    /// `Target.Id`, when given, names the rule's target.
    pub target_id: Option<Value>,
    pub enabled: Option<Value>,
    pub state: Option<Value>,
    pub input_transformer: Option<Value>,
}

/// `Type: ScheduleV2`: an `AWS::Scheduler::Schedule` (and a role to invoke with).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScheduleV2Event {
    /// Every property as written except the ones SAM reads itself.
    pub properties: Map<String, Value>,
    pub dead_letter_config: Option<Map<String, Value>>,
    pub omit_name: bool,
}

impl ScheduleV2Event {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.properties.get(key).filter(|v| !v.is_null())
    }
}

/// `Type: CloudWatchLogs`: a subscription filter on a log group.
#[derive(Debug, Clone, PartialEq)]
pub struct LogsEvent {
    pub log_group_name: Value,
    pub filter_pattern: Value,
}

/// `Type: IoTRule`: an IoT topic rule invoking the function.
#[derive(Debug, Clone, PartialEq)]
pub struct IotRuleEvent {
    pub sql: Value,
    pub aws_iot_sql_version: Option<Value>,
}

/// `Type: Cognito`: triggers on a user pool declared in the same template.
#[derive(Debug, Clone, PartialEq)]
pub struct CognitoEvent {
    pub user_pool_id: String,
    /// The `Trigger` as written (a string or a list), for SAM's messages.
    pub trigger: Value,
    pub triggers: Vec<String>,
}
