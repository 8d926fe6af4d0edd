//! Queue policies the app's wiring needs, written once per queue.
//!
//! A queue declared in the app that a service must send to — a topic's
//! subscription, an EventBridge rule's or bus's dead-letter queue, an SNS
//! subscription's dead-letter queue — gets one `AWS::SQS::QueuePolicy`,
//! `<Queue>Policy`, with a statement per sender, each limited to that
//! sender's ARN. One policy per queue, because SQS keeps one policy per queue:
//! two `QueuePolicy` resources on a queue overwrite each other. Without it,
//! SNS and EventBridge could not deliver, and the failure would only show at
//! run time (dropped messages). An imported queue's policy belongs to its
//! owner: nothing is written for it.

use serde_json::{json, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::template::Expr;

use super::super::{intern, Decl, Parts};

/// The declared queue a `Fn::GetAtt: [Q, Arn]` names.
fn queue<'d>(decls: &'d [Decl], v: Option<&Value>) -> Option<&'d Decl> {
    let m = v?.as_object().filter(|m| m.len() == 1)?;
    let id = m.get("Fn::GetAtt")?.as_array()?.first()?.as_str()?;
    decls.iter().find(|d| d.id == id && d.kind == "queue")
}

/// Adds `<Queue>Policy` for every declared queue that a service sends to.
pub(crate) fn queue_policies(
    decls: &mut Vec<Decl>,
    declared: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    // (queue, sending service, sender's ARN), in declaration order.
    let mut senders: Vec<(&'static str, &'static str, Value)> = Vec::new();
    // Queues SAM writes its own policy for (an SNS event's SqsSubscription).
    let mut sam_policies: Vec<(&'static str, &'static str, String)> = Vec::new();
    for d in decls.iter() {
        let props = d.parts.properties();
        match d.kind {
            "subscription" if props.get("Protocol") == Some(&json!("sqs")) => {
                if let (Some(q), Some(topic)) =
                    (queue(decls, props.get("Endpoint")), props.get("TopicArn"))
                {
                    senders.push((q.id, "sns.amazonaws.com", topic.clone()));
                }
            }
            "event bus" => {
                let dlq = props.get("DeadLetterConfig").and_then(|c| c.get("Arn"));
                if let Some(q) = queue(decls, dlq) {
                    senders.push((
                        q.id,
                        "events.amazonaws.com",
                        Expr::get_att(d.id, "Arn").into(),
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
        for (name, ev) in events {
            let (Some(t), Some(p)) = (ev.get("Type"), ev.get("Properties")) else {
                continue;
            };
            match t.as_str() {
                Some("Schedule" | "EventBridgeRule" | "CloudWatchEvent") => {
                    let dlq = p.get("DeadLetterConfig").and_then(|c| c.get("Arn"));
                    if let Some(q) = queue(decls, dlq) {
                        // SAM names the rule `<Function><Event>`.
                        let rule = format!("{}{name}", d.id);
                        senders.push((
                            q.id,
                            "events.amazonaws.com",
                            Expr::get_att(rule, "Arn").into(),
                        ));
                    }
                }
                Some("SNS") => {
                    let dlq = p
                        .get("RedrivePolicy")
                        .and_then(|r| r.get("deadLetterTargetArn"));
                    if let (Some(q), Some(topic)) = (queue(decls, dlq), p.get("Topic")) {
                        senders.push((q.id, "sns.amazonaws.com", topic.clone()));
                    }
                    let sub = p.get("SqsSubscription").and_then(|s| s.get("QueueArn"));
                    if let Some(q) = queue(decls, sub) {
                        sam_policies.push((
                            q.id,
                            d.id,
                            format!("Events.{name}.Properties.SqsSubscription"),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    let mut queues: Vec<&'static str> = Vec::new();
    for (q, _, _) in &senders {
        if !queues.contains(q) {
            queues.push(q);
        }
    }
    for q in queues {
        let statements: Vec<Value> = senders
            .iter()
            .filter(|(id, _, _)| *id == q)
            .map(|(_, service, source)| {
                json!({
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sqs:SendMessage",
                    "Resource": Expr::get_att(q, "Arn").to_value(),
                    "Condition": {"ArnEquals": {"aws:SourceArn": source}},
                })
            })
            .collect();
        let id = intern(format!("{q}Policy"));
        if declared(id) || decls.iter().any(|d| d.id == id) {
            diags.push(Diagnostic::resource(
                id,
                "",
                format!("'{id}' is declared, and it is also the name of the policy letting SNS and EventBridge send to queue '{q}'; rename the declared resource."),
            ));
            continue;
        }
        for (_, function, path) in sam_policies.iter().filter(|(id, _, _)| *id == q) {
            diags.push(Diagnostic::resource(
                *function,
                path.clone(),
                format!("Property {path}: SAM writes its own policy for queue '{q}', which also needs '{id}'; SQS keeps one policy per queue, so one would overwrite the other. Subscribe the queue with `app.subscribe_queue(…)` and poll it with `Sqs::new(…)` instead."),
            ));
        }
        let mut parts = Parts::new();
        parts.set("queue_policy", "Queues", json!([Expr::ref_(q).to_value()]));
        parts.set(
            "queue_policy",
            "PolicyDocument",
            json!({"Version": "2012-10-17", "Statement": statements}),
        );
        decls.push(Decl {
            id,
            kind: "queue policy",
            type_: "AWS::SQS::QueuePolicy".into(),
            parts,
        });
    }
}
