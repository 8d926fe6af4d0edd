//! SAM's `property_types` for the event sources this reader handles, and
//! `validate`, which checks an event's properties against them the way
//! SAM's `from_dict` + `validate_properties` do.

use serde_json::{Map, Value};

use crate::error::Diagnostics;
use crate::model::event_source::PullKind;

use super::At;

/// What SAM accepts for a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    Str,
    Bool,
    Int,
    Map,
    List,
    Any,
    StrOrStrList,
    StrMap,
    BoolOrMap,
}

/// One entry of SAM's `property_types`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spec {
    name: &'static str,
    required: bool,
    check: Check,
    /// `PropertyType` lets intrinsics through; `Property`/`PassThroughProperty` do not.
    intrinsics: bool,
}

const fn p(name: &'static str, check: Check) -> Spec {
    Spec {
        name,
        required: false,
        check,
        intrinsics: true,
    }
}

const fn req(name: &'static str, check: Check) -> Spec {
    Spec {
        name,
        required: true,
        check,
        intrinsics: true,
    }
}

/// `PassThroughProperty` / `Property`: no intrinsic shortcut (any value passes `Any`).
const fn raw(name: &'static str, required: bool, check: Check) -> Spec {
    Spec {
        name,
        required,
        check,
        intrinsics: false,
    }
}

use Check::*;

pub(super) const SCHEDULE: &[Spec] = &[
    req("Schedule", Str),
    p("RuleName", Str),
    p("Input", Str),
    p("Enabled", Bool),
    p("State", Str),
    p("Name", Str),
    p("Description", Str),
    p("DeadLetterConfig", Map),
    p("RetryPolicy", Map),
];

pub(super) const EVENT_RULE: &[Spec] = &[
    p("EventBusName", Str),
    p("RuleName", Str),
    p("Pattern", Map),
    p("DeadLetterConfig", Map),
    p("RetryPolicy", Map),
    p("Input", Str),
    p("InputPath", Str),
    p("Target", Map),
    p("Enabled", Bool),
    p("State", Str),
    p("InputTransformer", Map),
];

/// A state machine's `Schedule` (SAM's `stepfunctions.events.Schedule`).
pub(super) const SFN_SCHEDULE: &[Spec] = &[
    req("Schedule", Str),
    p("Input", Str),
    p("Enabled", Bool),
    p("State", Str),
    p("Name", Str),
    p("Description", Str),
    p("DeadLetterConfig", Map),
    p("RetryPolicy", Map),
    raw("Target", false, Map),
    raw("RoleArn", false, Str),
];

/// A state machine's `CloudWatchEvent` / `EventBridgeRule`.
pub(super) const SFN_EVENT_RULE: &[Spec] = &[
    p("EventBusName", Str),
    p("RuleName", Str),
    p("Pattern", Map),
    p("Input", Str),
    p("InputPath", Str),
    p("DeadLetterConfig", Map),
    p("RetryPolicy", Map),
    p("State", Str),
    raw("Target", false, Map),
    p("InputTransformer", Map),
];

pub(super) const S3: &[Spec] = &[
    req("Bucket", Str),
    raw("Events", true, StrOrStrList),
    p("Filter", StrMap),
];

pub(super) const SNS: &[Spec] = &[
    req("Topic", Str),
    p("Region", Str),
    raw("FilterPolicy", false, Any),
    raw("FilterPolicyScope", false, Any),
    p("SqsSubscription", BoolOrMap),
    p("RedrivePolicy", Map),
];

pub(super) const ALEXA: &[Spec] = &[p("SkillId", Str)];

pub(super) const IOT: &[Spec] = &[req("Sql", Str), p("AwsIotSqlVersion", Str)];

pub(super) const COGNITO: &[Spec] = &[req("UserPool", Str), raw("Trigger", true, StrOrStrList)];

pub(super) const LOGS: &[Spec] = &[req("LogGroupName", Str), req("FilterPattern", Str)];

pub(super) const SCHEDULE_V2: &[Spec] = &[
    p("PermissionsBoundary", Str),
    req("ScheduleExpression", Str),
    p("FlexibleTimeWindow", Map),
    p("Name", Str),
    p("State", Str),
    p("Description", Str),
    p("StartDate", Str),
    p("EndDate", Str),
    p("ScheduleExpressionTimezone", Str),
    p("GroupName", Str),
    p("KmsKeyArn", Str),
    p("Input", Str),
    p("RoleArn", Str),
    p("DeadLetterConfig", Map),
    p("RetryPolicy", Map),
    raw("OmitName", false, Bool),
];

/// `PullEventSource.property_types`, shared by every pull event.
pub(super) const PULL: &[Spec] = &[
    p("BatchSize", Int),
    raw("StartingPosition", false, Any),
    raw("StartingPositionTimestamp", false, Any),
    p("Enabled", Bool),
    p("MaximumBatchingWindowInSeconds", Int),
    p("MaximumRetryAttempts", Int),
    p("BisectBatchOnFunctionError", Bool),
    p("MaximumRecordAgeInSeconds", Int),
    p("DestinationConfig", Map),
    p("ParallelizationFactor", Int),
    p("Topics", List),
    p("Queues", List),
    p("SourceAccessConfigurations", List),
    p("SecretsManagerKmsKeyId", Str),
    p("TumblingWindowInSeconds", Int),
    p("FunctionResponseTypes", List),
    p("KafkaBootstrapServers", List),
    p("FilterCriteria", Map),
    raw("KmsKeyArn", false, Any),
    p("ConsumerGroupId", Str),
    p("ScalingConfig", Map),
    p("ProvisionedPollerConfig", Map),
    p("SchemaRegistryConfig", Map),
    p("MetricsConfig", Map),
    p("LoggingConfig", Map),
];

pub(super) const STREAM: &[Spec] = &[raw("Stream", true, Any), raw("StartingPosition", true, Any)];
pub(super) const QUEUE: &[Spec] = &[raw("Queue", true, Any)];
pub(super) const BROKER: &[Spec] = &[
    raw("Broker", true, Any),
    raw("DynamicPolicyName", false, Bool),
];
pub(super) const CLUSTER: &[Spec] = &[
    raw("Cluster", true, Any),
    raw("DatabaseName", true, Any),
    raw("CollectionName", false, Any),
    raw("FullDocument", false, Any),
];

/// The properties a pull event type adds to [`PULL`].
pub(super) fn pull_extra(kind: PullKind) -> &'static [Spec] {
    match kind {
        PullKind::Kinesis | PullKind::DynamoDb | PullKind::Msk => STREAM,
        PullKind::Sqs => QUEUE,
        PullKind::Mq => BROKER,
        PullKind::SelfManagedKafka => &[],
        PullKind::DocumentDb => CLUSTER,
    }
}

/// One-key maps are intrinsics to SAM's property validation.
fn is_intrinsic(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.len() == 1)
}

fn passes(check: Check, v: &Value) -> bool {
    match check {
        Str => v.is_string(),
        Bool => v.is_boolean(),
        // Python's bool is an int.
        Int => v.is_i64() || v.is_u64() || v.is_boolean(),
        Map => v.is_object(),
        List => v.is_array(),
        Any => true,
        StrOrStrList => {
            v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
        }
        StrMap => v
            .as_object()
            .is_some_and(|m| m.values().all(Value::is_string)),
        BoolOrMap => v.is_boolean() || v.is_object(),
    }
}

/// SAM's `from_dict` + `validate_properties` for an event of `type_name`.
pub(super) fn validate(
    at: &At,
    type_name: &str,
    props: &Map<String, Value>,
    specs: &[&[Spec]],
    diags: &mut Diagnostics,
) -> bool {
    // Later tables override earlier entries of the same name, in place (Python dict merge).
    let mut merged: Vec<Spec> = Vec::new();
    for table in specs {
        for s in *table {
            match merged.iter_mut().find(|m| m.name == s.name) {
                Some(m) => *m = *s,
                None => merged.push(*s),
            }
        }
    }
    for key in props.keys() {
        if !merged.iter().any(|s| s.name == key) {
            at.resource_error(
                diags,
                key,
                format!("property {key} not defined for resource of type {type_name}"),
            );
            return false;
        }
    }
    for s in &merged {
        let value = props.get(s.name).filter(|v| !v.is_null());
        match value {
            Some(v) if s.intrinsics && is_intrinsic(v) => {}
            None if s.required => {
                at.resource_error(
                    diags,
                    s.name,
                    format!("Missing required property '{}'.", s.name),
                );
                return false;
            }
            None => {}
            Some(v) if !passes(s.check, v) => {
                let message = match s.check {
                    Str => format!("Property '{}' should be a string.", s.name),
                    Map => format!("Property '{}' should be a map.", s.name),
                    _ => format!("Type of property '{}' is invalid.", s.name),
                };
                at.resource_error(diags, s.name, message);
                return false;
            }
            Some(_) => {}
        }
    }
    true
}
