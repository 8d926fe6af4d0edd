//! Reads function events other than `Api`/`HttpApi` into typed events,
//! checking each against SAM's `property_types` for the event class
//! (`eventsources.push`, `.pull`, `.scheduler`, `.cloudwatchlogs`).
//!
//! SAM validates an event as a resource named `<Function><Event>`: an unknown
//! property is "property X not defined for resource of type S3", a missing one
//! "Missing required property 'X'.", a wrong type "Property 'X' should be a
//! string." (or "Type of property 'X' is invalid." where SAM has no type
//! name), each naming that generated ID. A one-key map counts as an
//! intrinsic and passes unchecked where SAM allows intrinsics. SAM stops at
//! the first problem of an event, so do we.

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::model::event_source::*;
use crate::model::function::EventKind;
use crate::model::state_machine::StateMachineEventKind;

mod properties;
mod pull;

use properties::{
    pull_extra, validate, Spec, ALEXA, COGNITO, EVENT_RULE, IOT, LOGS, PULL, S3, SCHEDULE,
    SCHEDULE_V2, SFN_EVENT_RULE, SFN_SCHEDULE, SNS,
};

fn pull_kind(type_: &str) -> Option<PullKind> {
    Some(match type_ {
        "SQS" => PullKind::Sqs,
        "Kinesis" => PullKind::Kinesis,
        "DynamoDB" => PullKind::DynamoDb,
        "MSK" => PullKind::Msk,
        "MQ" => PullKind::Mq,
        "SelfManagedKafka" => PullKind::SelfManagedKafka,
        "DocumentDB" => PullKind::DocumentDb,
        _ => return None,
    })
}

/// Whether this reader handles event `type_`.
pub fn handles(type_: &str) -> bool {
    pull_kind(type_).is_some()
        || matches!(
            type_,
            "S3" | "SNS"
                | "Schedule"
                | "ScheduleV2"
                | "CloudWatchEvent"
                | "EventBridgeRule"
                | "CloudWatchLogs"
                | "IoTRule"
                | "AlexaSkill"
                | "Cognito"
        )
}

/// Where an event is, for messages.
struct At<'a> {
    fn_id: &'a str,
    event_id: &'a str,
    /// SAM raises a state machine's event problems as they are, not inside
    /// an "invalid resource" message (a function wraps them).
    bare: bool,
}

impl At<'_> {
    fn path(&self, key: &str) -> String {
        if key.is_empty() {
            format!("Events.{}", self.event_id)
        } else {
            format!("Events.{}.Properties.{key}", self.event_id)
        }
    }

    /// A problem SAM reports against the event's generated ID `<Fn><Event>`.
    fn resource_error(&self, diags: &mut Diagnostics, key: &str, message: impl Into<String>) {
        diags.push(Diagnostic {
            named: Some(format!("{}{}", self.fn_id, self.event_id).into()),
            ..Diagnostic::resource(self.fn_id, self.path(key), message)
        });
    }

    /// A problem SAM reports as "Event with id [X] is invalid." inside the function's error.
    fn event_error(&self, diags: &mut Diagnostics, key: &str, message: impl std::fmt::Display) {
        self.named_event_error(diags, key, self.event_id, message);
    }

    /// Like [`Self::event_error`], for the places SAM names the event by its generated ID.
    fn named_event_error(
        &self,
        diags: &mut Diagnostics,
        key: &str,
        name: &str,
        message: impl std::fmt::Display,
    ) {
        let message = format!("Event with id [{name}] is invalid. {message}");
        diags.push(if self.bare {
            Diagnostic::bare(self.fn_id, self.path(key), message)
        } else {
            Diagnostic::resource(self.fn_id, self.path(key), message)
        });
    }

    fn generated_id(&self) -> String {
        format!("{}{}", self.fn_id, self.event_id)
    }
}

fn opt(props: &Map<String, Value>, key: &str) -> Option<Value> {
    props.get(key).filter(|v| !v.is_null()).cloned()
}

/// Reads event `event_id` of function `fn_id` of type `type_` (one [`handles`]).
pub fn read(
    fn_id: &str,
    event_id: &str,
    type_: &str,
    props: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<EventKind> {
    let at = At {
        fn_id,
        event_id,
        bare: false,
    };
    if let Some(kind) = pull_kind(type_) {
        if !validate(&at, type_, props, &[PULL, pull_extra(kind)], diags) {
            return None;
        }
        return pull(&at, kind, props, diags).map(EventKind::Pull);
    }
    let specs: &[Spec] = match type_ {
        "S3" => S3,
        "SNS" => SNS,
        "Schedule" => SCHEDULE,
        "ScheduleV2" => SCHEDULE_V2,
        "CloudWatchEvent" | "EventBridgeRule" => EVENT_RULE,
        "CloudWatchLogs" => LOGS,
        "IoTRule" => IOT,
        "AlexaSkill" => ALEXA,
        "Cognito" => COGNITO,
        _ => return None,
    };
    if !validate(&at, type_, props, &[specs], diags) {
        return None;
    }
    let get = |k: &str| opt(props, k);
    Some(match type_ {
        "S3" => EventKind::S3(s3(&at, props, diags)?),
        "SNS" => EventKind::Sns(sns(&at, props, diags)?),
        "Schedule" => {
            let e = ScheduleEvent {
                schedule: get("Schedule")?,
                input: get("Input"),
                enabled: get("Enabled"),
                state: get("State"),
                name: get("Name"),
                description: get("Description"),
                dead_letter_config: dead_letter_config(&at, props, diags)?,
                retry_policy: get("RetryPolicy"),
                target_id: None,
                role_arn: None,
            };
            state_or_enabled(&at, &e.state, &e.enabled, diags)?;
            EventKind::Schedule(e)
        }
        "CloudWatchEvent" | "EventBridgeRule" => {
            let e = EventRuleEvent {
                event_bus_name: get("EventBusName"),
                rule_name: get("RuleName"),
                pattern: get("Pattern"),
                dead_letter_config: dead_letter_config(&at, props, diags)?,
                retry_policy: get("RetryPolicy"),
                input: get("Input"),
                input_path: get("InputPath"),
                target_id: get("Target").and_then(|t| t.get("Id").cloned()),
                enabled: get("Enabled"),
                state: get("State"),
                input_transformer: get("InputTransformer"),
            };
            state_or_enabled(&at, &e.state, &e.enabled, diags)?;
            EventKind::EventRule(e)
        }
        "ScheduleV2" => EventKind::ScheduleV2(schedule_v2(&at, props, diags)?),
        "CloudWatchLogs" => EventKind::CloudWatchLogs(LogsEvent {
            log_group_name: get("LogGroupName")?,
            filter_pattern: get("FilterPattern")?,
        }),
        "IoTRule" => EventKind::IotRule(IotRuleEvent {
            sql: get("Sql")?,
            aws_iot_sql_version: get("AwsIotSqlVersion"),
        }),
        "AlexaSkill" => EventKind::AlexaSkill(get("SkillId")),
        "Cognito" => EventKind::Cognito(cognito(&at, props, diags)?),
        _ => return None,
    })
}

/// `ScheduleV2` (SAM's `SchedulerEventSource`, shared by functions and state machines).
fn schedule_v2(
    at: &At,
    props: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<ScheduleV2Event> {
    let get = |k: &str| opt(props, k);
    let omit_name = get("OmitName") == Some(Value::Bool(true));
    if omit_name && get("Name").is_some_and(|n| truthy(&n)) {
        at.named_event_error(
            diags,
            "Name",
            &at.generated_id(),
            "Name cannot be set when OmitName is True",
        );
        return None;
    }
    let dead_letter_config = dead_letter_config(at, props, diags)?;
    let mut properties = props.clone();
    properties.shift_remove("DeadLetterConfig");
    properties.shift_remove("OmitName");
    Some(ScheduleV2Event {
        properties,
        dead_letter_config,
        omit_name,
    })
}

/// Reads event `event_id` of state machine `sm_id` of type `type_`:
/// `Schedule`, `ScheduleV2`, `CloudWatchEvent` or `EventBridgeRule`
/// (SAM's `stepfunctions.events` and `eventsources.scheduler`).
pub fn read_state_machine(
    sm_id: &str,
    event_id: &str,
    type_: &str,
    props: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<StateMachineEventKind> {
    let at = At {
        fn_id: sm_id,
        event_id,
        bare: true,
    };
    let specs: &[Spec] = match type_ {
        "Schedule" => SFN_SCHEDULE,
        "ScheduleV2" => SCHEDULE_V2,
        "CloudWatchEvent" | "EventBridgeRule" => SFN_EVENT_RULE,
        _ => return None,
    };
    if !validate(&at, type_, props, &[specs], diags) {
        return None;
    }
    let get = |k: &str| opt(props, k);
    let target_id = || get("Target").and_then(|t| t.get("Id").cloned());
    Some(match type_ {
        "Schedule" => {
            let e = ScheduleEvent {
                schedule: get("Schedule")?,
                input: get("Input"),
                enabled: get("Enabled"),
                state: get("State"),
                name: get("Name"),
                description: get("Description"),
                dead_letter_config: None,
                retry_policy: get("RetryPolicy"),
                target_id: target_id(),
                role_arn: get("RoleArn"),
            };
            // SAM checks this before the dead-letter queue.
            if e.state.as_ref().is_some_and(truthy) && e.enabled.is_some() {
                at.event_error(
                    diags,
                    "State",
                    "State and Enabled Properties cannot both be specified.",
                );
                return None;
            }
            StateMachineEventKind::Schedule(ScheduleEvent {
                dead_letter_config: dead_letter_config(&at, props, diags)?,
                ..e
            })
        }
        "CloudWatchEvent" | "EventBridgeRule" => StateMachineEventKind::EventRule(EventRuleEvent {
            event_bus_name: get("EventBusName"),
            rule_name: get("RuleName"),
            pattern: get("Pattern"),
            dead_letter_config: dead_letter_config(&at, props, diags)?,
            retry_policy: get("RetryPolicy"),
            input: get("Input"),
            input_path: get("InputPath"),
            target_id: target_id(),
            enabled: None,
            state: get("State"),
            input_transformer: get("InputTransformer"),
        }),
        "ScheduleV2" => StateMachineEventKind::ScheduleV2(schedule_v2(&at, props, diags)?),
        _ => return None,
    })
}

/// Python truthiness of a property value.
fn truthy(v: &Value) -> bool {
    crate::sam::function::truthy(Some(v))
}

/// SAM rejects `State` together with `Enabled`.
fn state_or_enabled(
    at: &At,
    state: &Option<Value>,
    enabled: &Option<Value>,
    diags: &mut Diagnostics,
) -> Option<()> {
    if state.as_ref().is_some_and(truthy) && enabled.is_some() {
        at.event_error(
            diags,
            "State",
            "State and Enabled Properties cannot both be specified.",
        );
        return None;
    }
    Some(())
}

/// `DeadLetterConfig` of a rule: `Arn` or `Type: SQS` (SAM's `validate_dlq_config`).
/// SAM names the event by its generated ID in these messages.
fn dead_letter_config(
    at: &At,
    props: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<Option<Map<String, Value>>> {
    let Some(v) = opt(props, "DeadLetterConfig") else {
        return Some(None);
    };
    let name = at.generated_id();
    let fail = |diags: &mut Diagnostics, message: &str| {
        at.named_event_error(diags, "DeadLetterConfig", &name, message);
        None
    };
    let Some(m) = v.as_object() else {
        // A one-key intrinsic: SAM reads it as a map with neither key.
        return fail(
            diags,
            "No 'Arn' or 'Type' property provided for DeadLetterConfig.",
        );
    };
    let has_arn = m.contains_key("Arn");
    let has_type = m.contains_key("Type");
    if has_arn && has_type {
        return fail(
            diags,
            "You can either define 'Arn' or 'Type' property of DeadLetterConfig.",
        );
    }
    if has_type && m.get("Type") != Some(&Value::String("SQS".into())) {
        return fail(
            diags,
            "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.",
        );
    }
    if !has_arn && !has_type {
        return fail(
            diags,
            "No 'Arn' or 'Type' property provided for DeadLetterConfig.",
        );
    }
    if !has_arn {
        if let Some(q) = m.get("QueueLogicalId").filter(|q| !q.is_null()) {
            if !q.is_string() {
                return fail(diags, "QueueLogicalId must be a string");
            }
        }
    }
    Some(Some(m.clone()))
}

/// The logical ID in `{Ref: Id}`, for events that must name a resource in the template.
fn ref_target(v: &Value) -> Option<&Value> {
    v.as_object().and_then(|m| m.get("Ref"))
}

fn s3(at: &At, props: &Map<String, Value>, diags: &mut Diagnostics) -> Option<S3Event> {
    let bucket = opt(props, "Bucket")?;
    let bucket_id = match ref_target(&bucket) {
        Some(Value::String(id)) => id.clone(),
        Some(_) => {
            at.event_error(
                diags,
                "Bucket",
                "'Ref' value in S3 events is not a valid string.",
            );
            return None;
        }
        None => {
            at.event_error(
                diags,
                "Bucket",
                "S3 events must reference an S3 bucket in the same template.",
            );
            return None;
        }
    };
    let events = match opt(props, "Events")? {
        Value::Array(a) => a,
        one => vec![one],
    };
    Some(S3Event {
        bucket_id,
        events,
        filter: opt(props, "Filter"),
    })
}

fn sns(at: &At, props: &Map<String, Value>, diags: &mut Diagnostics) -> Option<SnsEvent> {
    let sqs_subscription = match opt(props, "SqsSubscription") {
        None | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some(SqsSubscription::New),
        Some(Value::Object(m)) if m.is_empty() => None,
        Some(Value::Object(m)) => {
            let queue_arn = m.get("QueueArn").filter(|v| truthy(v)).cloned();
            let queue_url = m.get("QueueUrl").filter(|v| truthy(v)).cloned();
            let (Some(queue_arn), Some(queue_url)) = (queue_arn, queue_url) else {
                at.event_error(
                    diags,
                    "SqsSubscription",
                    "No QueueARN or QueueURL provided.",
                );
                return None;
            };
            let queue_policy_logical_id = match m.get("QueuePolicyLogicalId") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    at.resource_error(
                        diags,
                        "SqsSubscription",
                        "Logical ids must be alphanumeric.",
                    );
                    return None;
                }
            };
            Some(SqsSubscription::Existing(Box::new(ExistingQueue {
                queue_arn,
                queue_url,
                queue_policy_logical_id,
                batch_size: m.get("BatchSize").filter(|v| !v.is_null()).cloned(),
                enabled: m.get("Enabled").filter(|v| !v.is_null()).cloned(),
            })))
        }
        Some(_) => None,
    };
    Some(SnsEvent {
        topic: opt(props, "Topic")?,
        region: opt(props, "Region"),
        filter_policy: opt(props, "FilterPolicy"),
        filter_policy_scope: opt(props, "FilterPolicyScope"),
        redrive_policy: opt(props, "RedrivePolicy"),
        sqs_subscription,
    })
}

fn cognito(at: &At, props: &Map<String, Value>, diags: &mut Diagnostics) -> Option<CognitoEvent> {
    let pool = opt(props, "UserPool")?;
    let user_pool_id = match ref_target(&pool) {
        Some(Value::String(id)) => id.clone(),
        Some(_) => {
            at.named_event_error(
                diags,
                "UserPool",
                &at.generated_id(),
                "Ref in Userpool is not a string.",
            );
            return None;
        }
        None => {
            at.event_error(
                diags,
                "UserPool",
                "Cognito events must reference a Cognito UserPool in the same template.",
            );
            return None;
        }
    };
    let trigger = opt(props, "Trigger")?;
    let triggers = match &trigger {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    Some(CognitoEvent {
        user_pool_id,
        trigger,
        triggers,
    })
}

/// Pull events: SAM's checks that need no other resource (`FilterCriteria`,
/// `ConsumerGroupId`, `DestinationConfig.OnFailure.Type`, source access
/// configurations, schema registry).
fn pull(
    at: &At,
    kind: PullKind,
    props: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<PullEvent> {
    let e = PullEvent {
        kind,
        properties: props.clone(),
    };
    pull::check(at, &e, diags).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_one(type_: &str, props: Value) -> (Option<EventKind>, Vec<String>) {
        let mut d = Diagnostics::new();
        let k = read("Fn", "Ev", type_, props.as_object().unwrap(), &mut d);
        (k, d.into_sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn s3_events_type_is_checked_as_sam_does() {
        // SAM 1.115, error_function_invalid_s3_event.
        let (_, e) = read_one(
            "S3",
            json!({"Bucket": {"Ref": "B"}, "Events": {"a": 1, "b": 2}}),
        );
        assert_eq!(
            e,
            ["Resource with id [FnEv] is invalid. Type of property 'Events' is invalid."]
        );
    }

    #[test]
    fn unknown_and_missing_properties_name_the_generated_id() {
        let (_, e) = read_one("SQS", json!({"Queue": "q", "Nope": 1}));
        assert_eq!(
            e,
            ["Resource with id [FnEv] is invalid. property Nope not defined for resource of type SQS"]
        );
        let (_, e) = read_one("Kinesis", json!({"Stream": "s"}));
        assert_eq!(
            e,
            ["Resource with id [FnEv] is invalid. Missing required property 'StartingPosition'."]
        );
    }

    #[test]
    fn one_key_maps_pass_as_intrinsics() {
        let (k, e) = read_one(
            "Schedule",
            json!({"Schedule": {"Ref": "P"}, "Enabled": {"Ref": "E"}}),
        );
        assert!(e.is_empty());
        assert!(matches!(k, Some(EventKind::Schedule(_))));
    }

    #[test]
    fn schedule_state_and_enabled_conflict() {
        let (_, e) = read_one(
            "Schedule",
            json!({"Schedule": "rate(1 minute)", "State": "ENABLED", "Enabled": true}),
        );
        assert_eq!(
            e,
            ["Resource with id [Fn] is invalid. Event with id [Ev] is invalid. State and Enabled Properties cannot both be specified."]
        );
    }
}
