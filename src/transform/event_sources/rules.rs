//! Scheduled and event-pattern invocations: `Schedule`, `CloudWatchEvent` /
//! `EventBridgeRule` (an `AWS::Events::Rule` targeting the function, with
//! its permission) and `ScheduleV2` (an `AWS::Scheduler::Schedule` and the
//! role it invokes with), including SAM's dead-letter queues
//! (`EventBridgeRuleUtils`, `SchedulerEventSource`).

use serde_json::{json, Map, Value};

use crate::model::event_source::{EventRuleEvent, ScheduleEvent, ScheduleV2Event};
use crate::model::function::Event;
use crate::model::value::truthy_opt as truthy;
use crate::model::Attributes;
use crate::template::resources::{events, iam, scheduler, sqs};
use crate::template::{Expr, Resource};
use crate::transform::iam::assume_role_policy;
use crate::transform::logical_id;
use crate::transform::permissions::pass_through;

use super::{Generated, Invoked};

const LAMBDA_TARGET: &str = "LambdaTarget";

/// What a rule or schedule invokes: a function (or its alias) or a state
/// machine, with the attributes its generated resources carry.
pub(crate) struct RuleTarget<'a> {
    pub arn: Value,
    pub attributes: &'a Attributes,
}

impl RuleTarget<'_> {
    /// A resource carrying the target's pass-through attributes.
    pub fn resource(&self, mut r: Resource) -> Resource {
        pass_through(&mut r, self.attributes);
        r
    }

    fn of<'a>(inv: &'a Invoked) -> RuleTarget<'a> {
        RuleTarget {
            arn: inv.arn(),
            attributes: &inv.f.attributes,
        }
    }
}

/// `State` as SAM sets it: `State` when truthy; `Enabled` (any truthy value,
/// intrinsics included) as `ENABLED`, else `DISABLED`. The reader rejects both.
pub(crate) fn rule_state(state: &Option<Value>, enabled: &Option<Value>) -> Option<Value> {
    if let Some(s) = state.as_ref().filter(|s| truthy(Some(s))) {
        return Some(s.clone());
    }
    enabled.as_ref().map(|e| {
        Value::String(
            if truthy(Some(e)) {
                "ENABLED"
            } else {
                "DISABLED"
            }
            .into(),
        )
    })
}

/// The rule's dead-letter queue ARN; a `Type: SQS` config makes the queue
/// (`QueueLogicalId` or `<Rule>Queue`) and a policy letting the rule send to it.
pub(crate) fn rule_dead_letter_queue(
    inv: &RuleTarget,
    rule_id: &str,
    config: &Map<String, Value>,
    gen: &mut Generated,
) -> Value {
    if let Some(arn) = config.get("Arn") {
        return arn.clone();
    }
    let queue_id = config
        .get("QueueLogicalId")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{rule_id}Queue"));
    let queue_arn: Value = Expr::get_att(&queue_id, "Arn").into();
    gen.add(
        queue_id.clone(),
        inv.resource(Resource::typed(&sqs::Queue::default())),
    );
    let policy = sqs::QueuePolicy {
        policy_document: json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "sqs:SendMessage",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Resource": queue_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": Value::from(Expr::get_att(rule_id, "Arn"))}},
            }],
        }),
        queues: vec![Expr::ref_(&queue_id).into()],
    };
    gen.add(
        format!("{rule_id}QueuePolicy"),
        inv.resource(Resource::typed(&policy)),
    );
    queue_arn
}

/// A rule target: the function, with the optional settings in SAM's order.
fn target(inv: &Invoked, id: Value, extra: &[(&str, Option<Value>)]) -> Value {
    let mut t = Map::new();
    t.insert("Arn".into(), inv.arn());
    t.insert("Id".into(), id);
    for (k, v) in extra {
        if let Some(v) = v {
            t.insert((*k).into(), v.clone());
        }
    }
    Value::Object(t)
}

fn add_rule(inv: &Invoked, rule_id: String, rule: events::Rule, gen: &mut Generated) {
    let (id, permission) = inv.permission(
        &rule_id,
        "events.amazonaws.com",
        Some(Expr::get_att(&rule_id, "Arn").into()),
        None,
        None,
    );
    gen.add(rule_id, inv.resource(Resource::typed(&rule)));
    gen.add(id, permission);
}

/// `Type: Schedule` (SAM's `push.Schedule`). `RuleName` is accepted and unused, as in SAM.
pub(super) fn schedule(inv: &Invoked, ev: &Event, e: &ScheduleEvent, gen: &mut Generated) {
    let rule_id = inv.event_id(ev);
    let dlq = e
        .dead_letter_config
        .as_ref()
        .map(|c| json!({"Arn": rule_dead_letter_queue(&RuleTarget::of(inv), &rule_id, c, gen)}));
    let t = target(
        inv,
        Value::String(logical_id::rule_target_id(&rule_id, LAMBDA_TARGET)),
        &[
            ("Input", e.input.clone()),
            ("DeadLetterConfig", dlq),
            ("RetryPolicy", e.retry_policy.clone()),
        ],
    );
    let rule = events::Rule {
        description: e.description.clone(),
        name: e.name.clone(),
        schedule_expression: Some(e.schedule.clone()),
        state: rule_state(&e.state, &e.enabled),
        targets: vec![t],
        ..Default::default()
    };
    add_rule(inv, rule_id, rule, gen);
}

/// `Type: CloudWatchEvent` / `EventBridgeRule` (SAM's `push.CloudWatchEvent`).
pub(super) fn event_rule(inv: &Invoked, ev: &Event, e: &EventRuleEvent, gen: &mut Generated) {
    let rule_id = inv.event_id(ev);
    let dlq = e
        .dead_letter_config
        .as_ref()
        .map(|c| json!({"Arn": rule_dead_letter_queue(&RuleTarget::of(inv), &rule_id, c, gen)}));
    let id = e
        .target_id
        .clone()
        .unwrap_or_else(|| Value::String(logical_id::rule_target_id(&rule_id, LAMBDA_TARGET)));
    let t = target(
        inv,
        id,
        &[
            ("Input", e.input.clone()),
            ("InputPath", e.input_path.clone()),
            ("DeadLetterConfig", dlq),
            ("RetryPolicy", e.retry_policy.clone()),
            ("InputTransformer", e.input_transformer.clone()),
        ],
    );
    let rule = events::Rule {
        event_bus_name: e.event_bus_name.clone(),
        event_pattern: e.pattern.clone(),
        name: e.rule_name.clone(),
        state: rule_state(&e.state, &e.enabled),
        targets: vec![t],
        ..Default::default()
    };
    add_rule(inv, rule_id, rule, gen);
}

/// `Type: ScheduleV2` (SAM's `SchedulerEventSource`): the schedule, a queue
/// for `DeadLetterConfig: {Type: SQS}` (no queue policy: the role sends),
/// and unless `RoleArn` is given a role `<Fn><Event>Role` allowed to invoke
/// the function (and send to the queue).
pub(super) fn schedule_v2(inv: &Invoked, ev: &Event, e: &ScheduleV2Event, gen: &mut Generated) {
    let id = inv.event_id(ev);
    let policy = json!({
        "PolicyName": format!("{id}LambdaPolicy"),
        "PolicyDocument": {"Statement": [
            {"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": inv.arn()}
        ]}
    });
    schedule_v2_for(&RuleTarget::of(inv), id, policy, e, gen);
}

/// `ScheduleV2` for any target: `invoke_policy` is the generated role's
/// policy allowing the schedule to invoke it.
pub(crate) fn schedule_v2_for(
    inv: &RuleTarget,
    id: String,
    invoke_policy: Value,
    e: &ScheduleV2Event,
    gen: &mut Generated,
) {
    let get = |k: &str| e.get(k).cloned();
    let dlq_arn = e.dead_letter_config.as_ref().map(|c| match c.get("Arn") {
        Some(arn) => arn.clone(),
        None => {
            let queue_id = c
                .get("QueueLogicalId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{id}Queue"));
            gen.add(
                queue_id.clone(),
                inv.resource(Resource::typed(&sqs::Queue::default())),
            );
            Expr::get_att(&queue_id, "Arn").into()
        }
    });
    let role_arn = match get("RoleArn").filter(|r| truthy(Some(r))) {
        Some(arn) => arn,
        None => {
            let role_id = format!("{id}Role");
            let mut policies = vec![invoke_policy];
            if let Some(q) = dlq_arn.as_ref().filter(|q| truthy(Some(q))) {
                policies.push(json!({
                    "PolicyName": format!("{id}SQSPolicy"),
                    "PolicyDocument": {"Statement": [
                        {"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": q}
                    ]}
                }));
            }
            let role = iam::Role {
                assume_role_policy_document: assume_role_policy("scheduler.amazonaws.com"),
                policies: Some(policies),
                permissions_boundary: get("PermissionsBoundary").filter(|p| truthy(Some(p))),
                ..Default::default()
            };
            gen.add(role_id.clone(), inv.resource(Resource::typed(&role)));
            Expr::get_att(&role_id, "Arn").into()
        }
    };
    let mut t = Map::new();
    t.insert("Arn".into(), inv.arn.clone());
    t.insert("RoleArn".into(), role_arn);
    if let Some(v) = get("Input") {
        t.insert("Input".into(), v);
    }
    if let Some(q) = dlq_arn {
        t.insert("DeadLetterConfig".into(), json!({"Arn": q}));
    }
    if let Some(v) = get("RetryPolicy") {
        t.insert("RetryPolicy".into(), v);
    }
    let name = if e.omit_name {
        None
    } else {
        Some(
            get("Name")
                .filter(|n| truthy(Some(n)))
                .unwrap_or_else(|| Value::String(id.clone())),
        )
    };
    let schedule = scheduler::Schedule {
        schedule_expression: get("ScheduleExpression").unwrap_or(Value::Null),
        flexible_time_window: get("FlexibleTimeWindow")
            .filter(|v| truthy(Some(v)))
            .unwrap_or_else(|| json!({"Mode": "OFF"})),
        name,
        state: get("State").filter(|v| truthy(Some(v))),
        description: get("Description"),
        start_date: get("StartDate"),
        end_date: get("EndDate"),
        schedule_expression_timezone: get("ScheduleExpressionTimezone"),
        group_name: get("GroupName"),
        kms_key_arn: get("KmsKeyArn"),
        target: Value::Object(t),
    };
    gen.add(id, inv.resource(Resource::typed(&schedule)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabled_becomes_a_state() {
        assert_eq!(
            rule_state(&None, &Some(Value::Bool(false))),
            Some(json!("DISABLED"))
        );
        assert_eq!(
            rule_state(&None, &Some(json!({"Ref": "P"}))),
            Some(json!("ENABLED"))
        );
        assert_eq!(
            rule_state(&Some(json!("DISABLED")), &None),
            Some(json!("DISABLED"))
        );
        assert_eq!(rule_state(&None, &None), None);
    }
}
