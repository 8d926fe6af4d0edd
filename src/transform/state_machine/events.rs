//! A state machine's events (SAM's `stepfunctions.events` and the shared
//! `SchedulerEventSource`): an EventBridge rule or schedule, or a REST API
//! method, each with a role allowed to start executions.
//!
//! Mirrors SAM: everything generated for event `E` of state machine `S` is
//! named from `SE` (the rule `SE`, its role `SERole` with the policy
//! `SERoleStartExecutionPolicy`, the queue `SEQueue`); rule targets are
//! `SEStepFunctionsTarget` unless `Target.Id` names one; generated roles
//! carry the state machine's `PermissionsBoundary`; the API's method is
//! written into its body by the REST API expander.

use serde_json::{json, Map, Value};

use crate::model::event_source::{EventRuleEvent, ScheduleEvent};
use crate::model::state_machine::{StateMachine, StateMachineEventKind};
use crate::model::value::truthy;
use crate::template::resources::{events, iam};
use crate::template::{Expr, Resource};
use crate::transform::event_sources::rules::{
    rule_dead_letter_queue, rule_state, schedule_v2_for, RuleTarget,
};
use crate::transform::event_sources::Generated;
use crate::transform::iam::assume_role_policy;
use crate::transform::{logical_id, Output};

const SFN_TARGET: &str = "StepFunctionsTarget";

/// The policy letting a role start executions of `arn` (SAM's
/// `step_functions_start_execution_role_policy`).
fn start_execution_policy(name: &str, arn: &Value) -> Value {
    json!({
        "PolicyName": format!("{name}StartExecutionPolicy"),
        "PolicyDocument": {"Statement": [
            {"Action": "states:StartExecution", "Effect": "Allow", "Resource": arn}
        ]}
    })
}

/// `SERole`: `principal` may assume it and start executions.
pub(crate) fn event_role(
    sm: &StateMachine,
    prefix: &str,
    principal: &str,
    arn: &Value,
) -> (String, Resource) {
    let role_id = format!("{prefix}Role");
    let role = iam::Role {
        assume_role_policy_document: assume_role_policy(principal),
        policies: Some(vec![start_execution_policy(&role_id, arn)]),
        permissions_boundary: sm.permissions_boundary.clone().filter(truthy),
        ..Default::default()
    };
    let mut r = Resource::typed(&role);
    crate::transform::permissions::pass_through(&mut r, &sm.attributes);
    (role_id, r)
}

pub(super) fn expand(sm: &StateMachine, gen: &mut Generated, _out: &mut Output) {
    let arn: Value = Expr::ref_(super::event_target_id(sm)).into();
    let target = RuleTarget {
        arn: arn.clone(),
        attributes: &sm.attributes,
    };
    for e in &sm.events {
        let id = logical_id::event_id(&sm.id, &e.id);
        match &e.kind {
            StateMachineEventKind::Schedule(s) => schedule(sm, &target, id, s, gen),
            StateMachineEventKind::EventRule(r) => event_rule(sm, &target, id, r, gen),
            StateMachineEventKind::ScheduleV2(s) => {
                let policy = start_execution_policy(&id, &arn);
                schedule_v2_for(&target, id, policy, s, gen);
            }
            StateMachineEventKind::Api(_) => {
                let (role_id, role) = event_role(sm, &id, "apigateway.amazonaws.com", &arn);
                gen.add(role_id, role);
            }
        }
    }
}

/// A rule target: the state machine, with the optional settings in SAM's order.
fn rule_target(
    target: &RuleTarget,
    id: Value,
    role_arn: Value,
    extra: &[(&str, Option<Value>)],
) -> Value {
    let mut t = Map::new();
    t.insert("Arn".into(), target.arn.clone());
    t.insert("Id".into(), id);
    t.insert("RoleArn".into(), role_arn);
    for (k, v) in extra {
        if let Some(v) = v {
            t.insert((*k).into(), v.clone());
        }
    }
    Value::Object(t)
}

fn target_id(rule_id: &str, given: &Option<Value>) -> Value {
    given
        .clone()
        .unwrap_or_else(|| Value::String(logical_id::rule_target_id(rule_id, SFN_TARGET)))
}

/// `Type: Schedule`: a rule, and a role unless `RoleArn` is given.
fn schedule(
    sm: &StateMachine,
    target: &RuleTarget,
    rule_id: String,
    e: &ScheduleEvent,
    gen: &mut Generated,
) {
    let rule = events::Rule {
        description: e.description.clone(),
        name: e.name.clone(),
        schedule_expression: Some(e.schedule.clone()),
        state: rule_state(&e.state, &e.enabled),
        ..Default::default()
    };
    let rule_index = gen.resources.len();
    gen.add(rule_id.clone(), target.resource(Resource::typed(&rule)));
    let role_arn = match &e.role_arn {
        Some(arn) => arn.clone(),
        None => {
            let (role_id, role) = event_role(sm, &rule_id, "events.amazonaws.com", &target.arn);
            gen.add(role_id.clone(), role);
            Expr::get_att(&role_id, "Arn").into()
        }
    };
    let dlq = e
        .dead_letter_config
        .as_ref()
        .map(|c| json!({"Arn": rule_dead_letter_queue(target, &rule_id, c, gen)}));
    let t = rule_target(
        target,
        target_id(&rule_id, &e.target_id),
        role_arn,
        &[
            ("Input", e.input.clone()),
            ("DeadLetterConfig", dlq),
            ("RetryPolicy", e.retry_policy.clone()),
        ],
    );
    set_targets(gen, rule_index, t);
}

/// `Type: CloudWatchEvent` / `EventBridgeRule`: a rule and its role.
fn event_rule(
    sm: &StateMachine,
    target: &RuleTarget,
    rule_id: String,
    e: &EventRuleEvent,
    gen: &mut Generated,
) {
    let rule = events::Rule {
        event_bus_name: e.event_bus_name.clone(),
        event_pattern: e.pattern.clone(),
        name: e.rule_name.clone(),
        state: e.state.clone().filter(truthy),
        ..Default::default()
    };
    let rule_index = gen.resources.len();
    gen.add(rule_id.clone(), target.resource(Resource::typed(&rule)));
    let (role_id, role) = event_role(sm, &rule_id, "events.amazonaws.com", &target.arn);
    gen.add(role_id.clone(), role);
    let dlq = e
        .dead_letter_config
        .as_ref()
        .map(|c| json!({"Arn": rule_dead_letter_queue(target, &rule_id, c, gen)}));
    let t = rule_target(
        target,
        target_id(&rule_id, &e.target_id),
        Expr::get_att(&role_id, "Arn").into(),
        &[
            ("Input", e.input.clone()),
            ("InputPath", e.input_path.clone()),
            ("DeadLetterConfig", dlq),
            ("RetryPolicy", e.retry_policy.clone()),
            ("InputTransformer", e.input_transformer.clone()),
        ],
    );
    set_targets(gen, rule_index, t);
}

fn set_targets(gen: &mut Generated, index: usize, target: Value) {
    if let Some((_, r)) = gen.resources.get_mut(index) {
        r.properties
            .get_or_insert_with(Map::new)
            .insert("Targets".into(), Value::Array(vec![target]));
    }
}
