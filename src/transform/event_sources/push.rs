//! Push event sources (`eventsources.push`, `eventsources.cloudwatchlogs`):
//! S3 notifications on the user's bucket, SNS subscriptions (direct or
//! through an SQS queue), CloudWatch Logs subscription filters, IoT topic
//! rules and Cognito user pool triggers, each with the permission letting
//! the service invoke the function.

use serde_json::{Map, Value};

use crate::error::Diagnostic;
use crate::model::event_source::{
    CognitoEvent, IotRuleEvent, LogsEvent, S3Event, SnsEvent, SqsSubscription,
};
use crate::model::function::Event;
use crate::model::value::truthy_opt as truthy;
use crate::template::resources::{iot, logs, sns, sqs};
use crate::template::{Expr, Resource};
use crate::transform::{intrinsics, Output};

use super::{event_error, make_conditional, pull, Generated, Invoked};

/// `Type: S3`: the permission, then the bucket's `NotificationConfiguration`
/// gains one `LambdaConfigurations` entry per event type, and the bucket
/// depends on the permission (S3 checks it may invoke the function when the
/// notification is created). With a `Condition` the dependency is a
/// conditional tag instead, since `DependsOn` cannot be conditional.
pub(super) fn s3(
    inv: &Invoked,
    ev: &Event,
    e: &S3Event,
    out: &mut Output,
    touched: &mut Vec<String>,
) {
    let f = inv.f;
    let bucket_id = e.bucket_id.as_str();
    let Some(bucket) = out.template.resources.get(bucket_id) else {
        event_error(
            out,
            f,
            ev,
            "S3 events must reference an S3 bucket in the same template.",
        );
        return;
    };
    if bucket.type_ != "AWS::S3::Bucket" {
        let found = bucket.type_.clone();
        out.diags.push(Diagnostic::resource(
            bucket_id,
            "Type",
            format!("Resource has incorrect Type; expected 'AWS::S3::Bucket', got '{found}'"),
        ));
        return;
    }
    let (permission_id, permission) = inv.permission(
        &inv.event_id(ev),
        "s3.amazonaws.com",
        None,
        Some(Expr::ref_("AWS::AccountId").into()),
        None,
    );
    let mut problems = Vec::new();
    if let Some(bucket) = out.template.resources.get_mut(bucket_id) {
        match inv.condition() {
            Some(cond) => {
                let props = bucket.properties.get_or_insert_with(Map::new);
                let tags = props
                    .entry("Tags")
                    .or_insert_with(|| Value::Array(Vec::new()));
                match tags {
                    Value::Array(list) => list.push(crate::transform::tags::tag(
                        &format!("sam:ConditionalDependsOn:{permission_id}"),
                        serde_json::json!({"Fn::If": [cond, {"Ref": permission_id}, "no dependency"]}),
                    )),
                    _ => problems.push(Diagnostic::resource(
                        bucket_id,
                        "Tags",
                        "Property 'Tags' should be a list.",
                    )),
                }
            }
            None => {
                let mut list = match bucket.depends_on.take() {
                    None => Vec::new(),
                    Some(Value::String(s)) => vec![Value::String(s)],
                    Some(Value::Array(a)) if a.iter().all(Value::is_string) => a,
                    Some(other) => {
                        bucket.depends_on = Some(other);
                        problems.push(Diagnostic::resource(
                            inv.event_id(ev),
                            "DependsOn",
                            "Invalid type for field 'DependsOn'. Expected a string or list of strings.",
                        ));
                        Vec::new()
                    }
                };
                if problems.is_empty() {
                    let p = Value::String(permission_id.clone());
                    if !list.contains(&p) {
                        list.push(p);
                    }
                    bucket.depends_on = Some(Value::Array(list));
                }
            }
        }
        if problems.is_empty() {
            if let Err(d) = notify(inv, e, bucket_id, bucket) {
                problems.push(d);
            }
        }
    }
    let failed = !problems.is_empty();
    for d in problems {
        out.diags.push(d);
    }
    if failed {
        return;
    }
    if !touched.iter().any(|t| t == bucket_id) {
        touched.push(bucket_id.to_string());
    }
    out.add(&f.id, permission_id, permission);
}

/// Adds the event's `LambdaConfigurations` entries to `bucket` (SAM's
/// `_inject_notification_configuration`), skipping ones already there.
fn notify(
    inv: &Invoked,
    e: &S3Event,
    bucket_id: &str,
    bucket: &mut Resource,
) -> Result<(), Diagnostic> {
    let bucket_id_err = |path: &str, message: &str| -> Diagnostic {
        Diagnostic::resource(bucket_id, path, message)
    };
    let props = bucket.properties.get_or_insert_with(Map::new);
    let config = props
        .entry("NotificationConfiguration")
        .or_insert_with(|| Value::Object(Map::new()));
    // SAM takes an explicit null as "none yet".
    if config.is_null() {
        *config = Value::Object(Map::new());
    }
    let Value::Object(config) = config else {
        return Err(bucket_id_err(
            "NotificationConfiguration",
            "Property 'NotificationConfiguration' should be a map.",
        ));
    };
    let list = config
        .entry("LambdaConfigurations")
        .or_insert_with(|| Value::Array(Vec::new()));
    if list.is_null() {
        *list = Value::Array(Vec::new());
    }
    let Value::Array(list) = list else {
        return Err(bucket_id_err(
            "NotificationConfiguration.LambdaConfigurations",
            "Invalid type for LambdaConfigurations. Must be a list.",
        ));
    };
    for event_type in &e.events {
        let mut m = Map::new();
        m.insert("Function".into(), inv.arn());
        if let Some(filter) = &e.filter {
            m.insert("Filter".into(), filter.clone());
        }
        m.insert("Event".into(), event_type.clone());
        let mut entry = Value::Object(m);
        if let Some(cond) = inv.condition() {
            entry = make_conditional(cond, entry);
        }
        if !list.contains(&entry) {
            list.push(entry);
        }
    }
    Ok(())
}

/// `Type: SNS`: a Lambda subscription and its permission, or with
/// `SqsSubscription` a queue (new or given) subscribed to the topic, its
/// policy, and an event source mapping from the queue.
pub(super) fn sns(
    inv: &Invoked,
    ev: &Event,
    e: &SnsEvent,
    ctx: &crate::transform::Context,
    out: &Output,
    gen: &mut Generated,
) {
    let eid = inv.event_id(ev);
    let subscription = |protocol: &str, endpoint: Value| {
        inv.resource(Resource::typed(&sns::Subscription {
            endpoint,
            protocol: protocol.into(),
            topic_arn: e.topic.clone(),
            region: e.region.clone(),
            filter_policy: e.filter_policy.clone(),
            filter_policy_scope: e.filter_policy_scope.clone(),
            redrive_policy: e.redrive_policy.clone(),
        }))
    };
    let Some(sqs_subscription) = &e.sqs_subscription else {
        let (id, r) = inv.permission(&eid, "sns.amazonaws.com", Some(e.topic.clone()), None, None);
        gen.add(id, r);
        gen.add(eid.clone(), subscription("lambda", inv.arn()));
        return;
    };
    let (queue_arn, queue_url, policy_id, batch_size) = match sqs_subscription {
        SqsSubscription::New => {
            let queue_id = format!("{eid}Queue");
            let fifo = fifo_topic(&e.topic, ctx, out);
            gen.add(
                queue_id.clone(),
                inv.resource(Resource::typed(&sqs::Queue {
                    fifo_queue: fifo,
                    tags: None,
                })),
            );
            (
                Expr::get_att(&queue_id, "Arn").into(),
                Expr::ref_(&queue_id).into(),
                None,
                None,
            )
        }
        SqsSubscription::Existing(q) => (
            q.queue_arn.clone(),
            q.queue_url.clone(),
            q.queue_policy_logical_id.clone(),
            q.batch_size.clone().filter(|b| truthy(Some(b))),
        ),
    };
    let policy = sqs::QueuePolicy {
        policy_document: serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "sqs:SendMessage",
                "Effect": "Allow",
                "Principal": "*",
                "Resource": queue_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": e.topic}},
            }],
        }),
        queues: vec![queue_url],
    };
    gen.add(
        policy_id.unwrap_or_else(|| format!("{eid}QueuePolicy")),
        inv.resource(Resource::typed(&policy)),
    );
    gen.add(eid.clone(), subscription("sqs", queue_arn.clone()));
    let (id, r) = pull::sqs_mapping_for_sns(
        inv,
        &eid,
        queue_arn,
        batch_size.unwrap_or_else(|| Value::from(10)),
    );
    gen.add(id, r);
}

/// `FifoTopic` of the topic a `Ref`/`GetAtt` names in this template, with
/// parameter references resolved; a FIFO topic needs a FIFO queue.
fn fifo_topic(topic: &Value, ctx: &crate::transform::Context, out: &Output) -> Option<Value> {
    let id = match Expr::parse(topic)? {
        Expr::Ref(id) => id,
        Expr::GetAtt(id, _) => id,
        _ => return None,
    };
    let r = out.template.resources.get(&id)?;
    let fifo = r.property("FifoTopic")?;
    let params = intrinsics::parameter_values(ctx, &out.template);
    let v = intrinsics::resolve_parameter_refs(fifo, &params);
    truthy(Some(&v)).then_some(v)
}

/// `Type: CloudWatchLogs`: a subscription filter that depends on the permission.
pub(super) fn logs(inv: &Invoked, ev: &Event, e: &LogsEvent, gen: &mut Generated) {
    let eid = inv.event_id(ev);
    let mut vars = Map::new();
    vars.insert("__LogGroupName__".into(), e.log_group_name.clone());
    let source_arn = Expr::SubWith(
        format!(
            "arn:{}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{__LogGroupName__}}:*",
            inv.partition
        ),
        vars,
    );
    let (permission_id, permission) = inv.permission(
        &eid,
        "logs.amazonaws.com",
        Some(source_arn.into()),
        None,
        None,
    );
    let filter = inv
        .resource(Resource::typed(&logs::SubscriptionFilter {
            log_group_name: e.log_group_name.clone(),
            filter_pattern: e.filter_pattern.clone(),
            destination_arn: inv.arn(),
        }))
        .with_depends_on(Some(Value::Array(vec![Value::String(
            permission_id.clone(),
        )])));
    gen.add(permission_id, permission);
    gen.add(eid, filter);
}

/// `Type: IoTRule`: a topic rule with a Lambda action, and its permission.
pub(super) fn iot_rule(inv: &Invoked, ev: &Event, e: &IotRuleEvent, gen: &mut Generated) {
    let eid = inv.event_id(ev);
    let mut vars = Map::new();
    vars.insert("RuleName".into(), Expr::ref_(&eid).into());
    let source_arn = Expr::SubWith(
        format!(
            "arn:{}:iot:${{AWS::Region}}:${{AWS::AccountId}}:rule/${{RuleName}}",
            inv.partition
        ),
        vars,
    );
    let (id, r) = inv.permission(
        &eid,
        "iot.amazonaws.com",
        Some(source_arn.into()),
        Some(Expr::sub("${AWS::AccountId}").into()),
        None,
    );
    gen.add(id, r);
    let mut payload = Map::new();
    payload.insert("Sql".into(), e.sql.clone());
    payload.insert("RuleDisabled".into(), Value::Bool(false));
    payload.insert(
        "Actions".into(),
        serde_json::json!([{"Lambda": {"FunctionArn": inv.arn()}}]),
    );
    if let Some(v) = e.aws_iot_sql_version.as_ref().filter(|v| truthy(Some(v))) {
        payload.insert("AwsIotSqlVersion".into(), v.clone());
    }
    gen.add(
        eid,
        inv.resource(Resource::typed(&iot::TopicRule {
            topic_rule_payload: Value::Object(payload),
            tags: None,
        })),
    );
}

/// `Type: Cognito`: `<Fn or Alias>CognitoPermission` and the user pool's `LambdaConfig`
/// gaining each trigger (SAM's `_inject_lambda_config`).
pub(super) fn cognito(
    inv: &Invoked,
    ev: &Event,
    e: &CognitoEvent,
    out: &mut Output,
    gen: &mut Generated,
    touched: &mut Vec<String>,
) {
    let f = inv.f;
    let pool_id = e.user_pool_id.as_str();
    let pool_type = out.template.resources.get(pool_id).map(|r| r.type_.clone());
    let Some(pool_type) = pool_type else {
        event_error(
            out,
            f,
            ev,
            "Cognito events must reference a Cognito UserPool in the same template.",
        );
        return;
    };
    if pool_type != "AWS::Cognito::UserPool" {
        out.diags.push(Diagnostic::resource(
            pool_id,
            "Type",
            format!(
                "Resource has incorrect Type; expected 'AWS::Cognito::UserPool', got '{pool_type}'"
            ),
        ));
        return;
    }
    let (id, r) = inv.permission(
        // SAM names it after what the event invokes: the alias, when there is one.
        &format!("{}Cognito", inv.target),
        "cognito-idp.amazonaws.com",
        Some(Expr::get_att(pool_id, "Arn").into()),
        None,
        None,
    );
    let Some(pool) = out.template.resources.get_mut(pool_id) else {
        return;
    };
    let props = pool.properties.get_or_insert_with(Map::new);
    let config = props
        .entry("LambdaConfig")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(config) = config else {
        out.diags.push(Diagnostic::resource(
            pool_id,
            "LambdaConfig",
            "Property 'LambdaConfig' should be a map.",
        ));
        return;
    };
    for trigger in &e.triggers {
        if config.contains_key(trigger) {
            let shown = crate::transform::event_sources::python_repr(&e.trigger);
            event_error(
                out,
                f,
                ev,
                format!("Cognito trigger \"{shown}\" defined multiple times."),
            );
            return;
        }
        config.insert(trigger.clone(), inv.arn());
    }
    if !touched.iter().any(|t| t == pool_id) {
        touched.push(pool_id.to_string());
    }
    gen.add(id, r);
}
