//! Checks that need the whole app: handles that do not resolve (from another
//! `App`), and pairings AWS refuses at deploy time that no single setter can
//! see — a FIFO queue behind a batch of more than 10, a queue whose visibility
//! timeout is shorter than its consumer's timeout, FIFO and standard queues
//! and topics mixed in redrives and subscriptions, a FIFO queue as an
//! EventBridge dead-letter queue.

use serde_json::Value;

use crate::error::{Diagnostic, Diagnostics};

use super::super::Decl;

/// Event and resource properties that hold handles.
const HANDLE_KEYS: &[&str] = &[
    "Queue",
    "Stream",
    "Bucket",
    "Topic",
    "EventBusName",
    "DeadLetterConfig",
    "DestinationConfig",
    "SqsSubscription",
    "RedrivePolicy",
    "UserPool",
    "TopicArn",
    "Endpoint",
    "Queues",
    "PolicyDocument",
];

/// Reports handles that do not resolve: a `Ref`/`Fn::GetAtt` under an event's
/// or a queue's, topic's or bus's handle-bearing property naming nothing
/// declared in this app (a handle from another `App`). `declared` holds every
/// resource, parameter and condition name.
pub(crate) fn check_handles(
    decls: &[Decl],
    declared: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    cross_checks(decls, diags);
    let mut check = |resource: &str, path: String, v: &Value| {
        let mut found = Vec::new();
        targets(v, &mut found);
        for id in found {
            if !id.starts_with("AWS::") && !declared(id) {
                diags.push(Diagnostic::resource(
                    resource,
                    path.clone(),
                    format!("Property {path}: refers to '{id}', which is not declared in this app (a handle from another App?)."),
                ));
            }
        }
    };
    for d in decls {
        let props = d.parts.properties();
        if d.type_ == "AWS::Serverless::Function" {
            let Some(Value::Object(events)) = props.get("Events") else {
                continue;
            };
            for (name, ev) in events {
                let Some(Value::Object(p)) = ev.get("Properties") else {
                    continue;
                };
                for key in HANDLE_KEYS {
                    if let Some(v) = p.get(*key) {
                        check(d.id, format!("Events.{name}.Properties.{key}"), v);
                    }
                }
            }
        } else if matches!(
            d.kind,
            "queue" | "topic" | "subscription" | "queue policy" | "event bus"
        ) {
            for key in HANDLE_KEYS {
                if let Some(v) = props.get(*key) {
                    check(d.id, key.to_string(), v);
                }
            }
        }
    }
}

/// Every logical ID a `Ref` or `Fn::GetAtt` inside `v` names.
fn targets<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::Object(m) => {
            if let (1, Some(Value::String(id))) = (m.len(), m.get("Ref")) {
                out.push(id);
            } else if let (1, Some(Value::Array(a))) = (m.len(), m.get("Fn::GetAtt")) {
                if let Some(Value::String(id)) = a.first() {
                    out.push(id);
                }
            } else {
                m.values().for_each(|v| targets(v, out));
            }
        }
        Value::Array(a) => a.iter().for_each(|v| targets(v, out)),
        _ => {}
    }
}

/// The logical ID a `Ref` or `Fn::GetAtt` names.
fn target(v: &Value) -> Option<&str> {
    let m = v.as_object().filter(|m| m.len() == 1)?;
    match (m.get("Ref"), m.get("Fn::GetAtt")) {
        (Some(Value::String(id)), _) => Some(id),
        (_, Some(Value::Array(a))) => a.first().and_then(Value::as_str),
        _ => None,
    }
}

fn decl<'d>(decls: &'d [Decl], v: Option<&Value>, kind: &str) -> Option<&'d Decl> {
    let id = target(v?)?;
    decls.iter().find(|d| d.id == id && d.kind == kind)
}

fn fifo(d: &Decl, key: &str) -> bool {
    d.parts.properties().get(key) == Some(&Value::Bool(true))
}

fn int(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_i64)
}

fn kind_of(is_fifo: bool) -> &'static str {
    if is_fifo {
        "a FIFO"
    } else {
        "a standard"
    }
}

/// Pairings AWS refuses at deploy time.
fn cross_checks(decls: &[Decl], diags: &mut Diagnostics) {
    let mut problem = |resource: &str, path: String, message: String| {
        diags.push(Diagnostic::resource(
            resource,
            path.clone(),
            format!("Property {path}: {message}"),
        ));
    };
    for d in decls {
        let props = d.parts.properties();
        match d.kind {
            "queue" => {
                let Some(redrive) = props.get("RedrivePolicy") else {
                    continue;
                };
                if let Some(dlq) = decl(decls, redrive.get("deadLetterTargetArn"), "queue") {
                    let (a, b) = (fifo(d, "FifoQueue"), fifo(dlq, "FifoQueue"));
                    if a != b {
                        problem(d.id, "RedrivePolicy".into(), format!(
                            "the dead-letter queue '{}' is {} queue, and this is {} queue; SQS needs both of one kind.",
                            dlq.id, kind_of(b), kind_of(a)
                        ));
                    }
                }
            }
            "subscription" => {
                let topic = decl(decls, props.get("TopicArn"), "topic");
                let queue = decl(decls, props.get("Endpoint"), "queue");
                if let (Some(t), Some(q)) = (topic, queue) {
                    let (a, b) = (fifo(t, "FifoTopic"), fifo(q, "FifoQueue"));
                    if a != b {
                        problem(d.id, "Endpoint".into(), format!(
                            "the topic '{}' is {} topic and the queue '{}' {} queue; SNS delivers FIFO topics to FIFO queues and standard topics to standard queues only.",
                            t.id, kind_of(a), q.id, kind_of(b)
                        ));
                    }
                }
            }
            "event bus" => {
                let dlq = props.get("DeadLetterConfig").and_then(|c| c.get("Arn"));
                if let Some(q) = decl(decls, dlq, "queue").filter(|q| fifo(q, "FifoQueue")) {
                    problem(d.id, "DeadLetterConfig".into(), format!(
                        "'{}' is a FIFO queue; EventBridge dead-letter queues must be standard queues.",
                        q.id
                    ));
                }
            }
            _ => {}
        }
        if d.type_ != "AWS::Serverless::Function" {
            continue;
        }
        let Some(Value::Object(events)) = props.get("Events") else {
            continue;
        };
        // Lambda's default timeout; Globals do not exist in DSL apps.
        let timeout = int(props.get("Timeout")).unwrap_or(3);
        for (name, ev) in events {
            let (Some(t), Some(Value::Object(p))) = (ev.get("Type"), ev.get("Properties")) else {
                continue;
            };
            let at = |key: &str| format!("Events.{name}.Properties.{key}");
            match t.as_str() {
                Some("S3") => {
                    let Some(b) = decl(decls, p.get("Bucket"), "bucket") else {
                        continue;
                    };
                    // The bucket's notification needs the function (and its
                    // permission); a function that refers to the bucket needs
                    // the bucket first: CloudFormation cannot order them.
                    for key in ["Policies", "Environment"] {
                        let mut found = Vec::new();
                        if let Some(v) = props.get(key) {
                            targets(v, &mut found);
                        }
                        if found.contains(&b.id) {
                            problem(d.id, key.into(), format!(
                                "refers to the bucket '{}', whose S3 event (Events.{name}) refers back to this function: CloudFormation cannot create either first (a circular dependency). Give the bucket a name (`.bucket_name(…)`, e.g. `Expr::sub(\"${{AWS::StackName}}-uploads\")`) and use that name here instead of the bucket's handle.",
                                b.id
                            ));
                        }
                    }
                }
                Some("SQS") => {
                    let Some(q) = decl(decls, p.get("Queue"), "queue") else {
                        continue;
                    };
                    let visibility =
                        int(q.parts.properties().get("VisibilityTimeout")).unwrap_or(30);
                    if visibility < timeout {
                        problem(d.id, at("Queue"), format!(
                            "the queue '{}' hides a received message for {visibility} s, less than the function's timeout of {timeout} s, so Lambda refuses the mapping; give the queue `.visibility_timeout(…)` of at least {timeout} s (AWS advises six times the timeout).",
                            q.id
                        ));
                    }
                    if fifo(q, "FifoQueue") {
                        if int(p.get("BatchSize")).is_some_and(|n| n > 10) {
                            problem(d.id, at("BatchSize"), format!(
                                "the queue '{}' is a FIFO queue; Lambda reads at most 10 messages per batch from one.",
                                q.id
                            ));
                        }
                        if p.contains_key("MaximumBatchingWindowInSeconds") {
                            problem(d.id, at("MaximumBatchingWindowInSeconds"), format!(
                                "the queue '{}' is a FIFO queue; Lambda takes no batching window for FIFO queues.",
                                q.id
                            ));
                        }
                    }
                }
                Some("SNS") => {
                    let topic = decl(decls, p.get("Topic"), "topic");
                    let queue = decl(
                        decls,
                        p.get("SqsSubscription").and_then(|s| s.get("QueueArn")),
                        "queue",
                    );
                    // A FIFO topic delivers to SQS queues only: not to the
                    // function itself, nor to the standard queue SAM makes
                    // for `SqsSubscription: true`.
                    if let Some(t) = topic.filter(|t| fifo(t, "FifoTopic")) {
                        let how = match p.get("SqsSubscription") {
                            None | Some(Value::Bool(false)) => Some("to the function"),
                            Some(Value::Bool(true)) => {
                                Some("to the standard queue SAM generates (`via_new_queue`)")
                            }
                            _ => None,
                        };
                        if let Some(how) = how {
                            problem(d.id, at("Topic"), format!(
                                "the topic '{}' is a FIFO topic, which SNS cannot deliver {how}: it delivers only to FIFO queues; subscribe the function through one (`.via_queue(…)`).",
                                t.id
                            ));
                        }
                    }
                    if let (Some(t), Some(q)) = (topic, queue) {
                        let (a, b) = (fifo(t, "FifoTopic"), fifo(q, "FifoQueue"));
                        if a != b {
                            problem(d.id, at("SqsSubscription"), format!(
                                "the topic '{}' is {} topic and the queue '{}' {} queue; SNS delivers FIFO topics to FIFO queues and standard topics to standard queues only.",
                                t.id, kind_of(a), q.id, kind_of(b)
                            ));
                        }
                    }
                }
                Some("Schedule" | "ScheduleV2" | "EventBridgeRule") => {
                    let dlq = p.get("DeadLetterConfig").and_then(|c| c.get("Arn"));
                    if let Some(q) = decl(decls, dlq, "queue").filter(|q| fifo(q, "FifoQueue")) {
                        problem(d.id, at("DeadLetterConfig"), format!(
                            "'{}' is a FIFO queue; EventBridge dead-letter queues must be standard queues.",
                            q.id
                        ));
                    }
                }
                _ => {}
            }
        }
    }
}
