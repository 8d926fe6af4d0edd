//! A function's `EventInvokeConfig` → `<Fn>EventInvokeConfig`
//! (`AWS::Lambda::EventInvokeConfig`), the SQS queue or SNS topic SAM
//! creates for a destination given only a `Type`, and the role policies
//! letting the function reach each destination (SAM's
//! `_construct_event_invoke_config` and `_validate_and_inject_resource`).
//!
//! Mirrors SAM: parameter references are inlined first; a destination
//! written `!If [C, arn, !Ref AWS::NoValue]` creates the resource only when
//! `C` is false, through a generated `NOT<C><hash>` condition (and `C` when
//! the `NoValue` is the other branch), combined with the function's own
//! condition as `<FnCond>AND<C><hash>`; the alias, when there is one, is the
//! qualifier and a dependency.

use serde_json::{json, Map, Value};

use crate::error::Diagnostic;
use crate::model::Function;
use crate::template::resources::{lambda, sns, sqs};
use crate::template::{Expr, Resource};
use crate::transform::intrinsics::resolve_parameter_refs;
use crate::transform::{logical_id, Output};

const TYPES: &str = "['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket']";

/// Expands `f`'s `EventInvokeConfig`, if any; returns the role policies for
/// its destinations, which go before the user's policies.
pub fn expand(
    f: &Function,
    alias: Option<(&str, &str)>,
    params: &Map<String, Value>,
    out: &mut Output,
) -> Vec<Value> {
    let Some(config) = f.event_invoke_config.as_ref() else {
        return Vec::new();
    };
    let resolved = resolve_parameter_refs(config, params);
    let id = format!("{}EventInvokeConfig", f.id);
    let mut policies = Vec::new();
    let mut dest_config = Map::new();
    let mut generated = Vec::new();
    let mut failed = false;
    let input = resolved
        .get("DestinationConfig")
        .filter(|v| crate::model::value::truthy_opt(Some(v)));
    if let Some(input) = input {
        let Some(input) = input.as_object() else {
            out.diags.push(Diagnostic::resource(
                &f.id,
                "EventInvokeConfig.DestinationConfig",
                "Property 'EventInvokeConfig.DestinationConfig' should be a map.",
            ));
            return Vec::new();
        };
        for name in ["OnSuccess", "OnFailure"] {
            let Some(value) = input.get(name).filter(|v| !v.is_null()) else {
                continue;
            };
            let path = format!("EventInvokeConfig.DestinationConfig.{name}");
            let Some(value) = value.as_object() else {
                out.diags.push(Diagnostic::resource(
                    &f.id,
                    path.clone(),
                    format!("Property '{path}' should be a map."),
                ));
                failed = true;
                break;
            };
            match destination(f, &id, name, value, out) {
                Ok((resource, dest, policy)) => {
                    dest_config.insert(name.into(), json!({ "Destination": dest }));
                    generated.extend(resource);
                    policies.extend(policy);
                }
                Err(message) => {
                    out.diags
                        .push(Diagnostic::resource(&f.id, path.clone(), message));
                    failed = true;
                    break;
                }
            }
        }
    }
    if failed {
        return Vec::new();
    }
    let props = lambda::EventInvokeConfig {
        destination_config: Some(Value::Object(dest_config)),
        function_name: Expr::ref_(&f.id).into(),
        maximum_event_age_in_seconds: resolved
            .get("MaximumEventAgeInSeconds")
            .filter(|v| !v.is_null())
            .cloned(),
        maximum_retry_attempts: resolved
            .get("MaximumRetryAttempts")
            .filter(|v| !v.is_null())
            .cloned(),
        qualifier: Value::String(alias.map_or("$LATEST", |(name, _)| name).to_string()),
    };
    // SAM gives it all of the function's resource attributes, not just the pass-through ones.
    let a = &f.attributes;
    let mut r = Resource::typed(&props);
    r.condition = a.condition.clone();
    r.deletion_policy = a.deletion_policy.clone();
    r.update_replace_policy = a.update_replace_policy.clone();
    r.metadata = a.metadata.clone();
    if let Some(u) = &a.update_policy {
        r.other.insert("UpdatePolicy".into(), u.clone());
    }
    if let Some((_, alias_id)) = alias {
        r.depends_on = Some(json!([alias_id]));
    }
    let tags = f
        .tags
        .as_ref()
        .filter(|t| f.propagate_tags && !t.is_empty())
        .map(crate::transform::tags::tag_list);
    for (gid, mut g) in generated {
        // Both generated types have `Tags`, so `PropagateTags` reaches them.
        if let Some(tags) = &tags {
            g.properties
                .get_or_insert_with(Map::new)
                .insert("Tags".into(), Value::Array(tags.clone()));
        }
        // `!Ref MyFn.DestinationQueue` / `.DestinationTopic` name what SAM created.
        let property = match g.type_.as_str() {
            "AWS::SQS::Queue" => "DestinationQueue",
            _ => "DestinationTopic",
        };
        out.resource_refs
            .insert(format!("{}.{property}", f.id), gid.clone());
        out.add(&f.id, gid, g);
    }
    out.add(&f.id, id, r);
    policies
}

type Destination = (Option<(String, Resource)>, Value, Option<Value>);

/// One destination: the resource SAM creates for it (if any), the
/// `Destination` value, and the role policy.
fn destination(
    f: &Function,
    config_id: &str,
    event: &str,
    dest: &Map<String, Value>,
    out: &mut Output,
) -> Result<Destination, String> {
    let resource_id = format!("{config_id}{event}");
    let type_ = dest.get("Type").and_then(Value::as_str);
    let Some(type_) =
        type_.filter(|t| matches!(*t, "SQS" | "SNS" | "EventBridge" | "Lambda" | "S3Bucket"))
    else {
        let shown = match dest.get("Type") {
            None | Some(Value::Null) => "None".to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        return Err(format!("'Type: {shown}' must be one of {TYPES}"));
    };
    let given = dest.get("Destination").filter(|v| !v.is_null());
    let (property_condition, dest_arn) = match given {
        None => (None, None),
        Some(d) => conditional_destination(d, config_id, out)?,
    };
    let mut destination = given.cloned().unwrap_or(Value::Null);
    let mut resource = None;
    if given.is_none() || property_condition.is_some() {
        if !matches!(type_, "SQS" | "SNS") {
            return Err("Destination is required if Type is not ['SQS', 'SNS']".into());
        }
        let combined = combine_conditions(f, property_condition.as_deref(), out);
        let (rid, mut r, arn): (String, Resource, Value) = if type_ == "SQS" {
            let rid = format!("{resource_id}Queue");
            let arn = Expr::get_att(&rid, "Arn").into();
            (rid, Resource::typed(&sqs::Queue::default()), arn)
        } else {
            let rid = format!("{resource_id}Topic");
            let arn = Expr::ref_(&rid).into();
            (rid, Resource::typed(&sns::Topic::default()), arn)
        };
        super::super::permissions::pass_through(&mut r, &f.attributes);
        if let Some(c) = combined {
            r.condition = Some(Value::String(c));
        }
        destination = match &property_condition {
            Some(c) => json!({"Fn::If": [c, arn, dest_arn.unwrap_or(Value::Null)]}),
            None => arn,
        };
        resource = Some((rid, r));
    }
    let policy = policy(type_, &resource_id, &destination);
    Ok((resource, destination, policy))
}

/// SAM's `_get_or_make_condition`: the condition under which SAM creates
/// the destination itself, and the ARN to use otherwise.
fn conditional_destination(
    d: &Value,
    config_id: &str,
    out: &mut Output,
) -> Result<(Option<String>, Option<Value>), String> {
    let Some(items) = d
        .as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.get("Fn::If"))
    else {
        return Ok((None, None));
    };
    let Some([c, a, b]) = items
        .as_array()
        .and_then(|l| <&[Value; 3]>::try_from(l.as_slice()).ok())
    else {
        return Err("Malformed 'Destination' property: Fn::If requires 3 arguments.".into());
    };
    let no_value = |v: &Value| matches!(Expr::parse(v), Some(Expr::Ref(n)) if n == "AWS::NoValue");
    let cond = c.as_str().unwrap_or_default().to_string();
    Ok(match (no_value(a), no_value(b)) {
        (true, true) | (false, false) => (None, None),
        (true, false) => (Some(cond), Some(b.clone())),
        (false, true) => {
            let not = condition_name(&format!("NOT{cond}"), config_id);
            out.template
                .conditions
                .get_or_insert_with(Map::new)
                .insert(not.clone(), json!({"Fn::Not": [{"Condition": cond}]}));
            (Some(not), Some(a.clone()))
        }
    })
}

/// The function's condition and the destination's, as one (SAM's `_make_and_conditions`).
fn combine_conditions(f: &Function, property: Option<&str>, out: &mut Output) -> Option<String> {
    let function = f.attributes.condition.as_ref().and_then(Value::as_str);
    match (function, property) {
        (None, p) => p.map(str::to_string),
        (Some(fc), None) => Some(fc.to_string()),
        (Some(fc), Some(p)) => {
            let name = condition_name(&format!("{fc}AND{p}"), &f.id);
            // SAM wraps each operand in `Condition` twice (`make_condition_or_list`
            // around values that already are `{Condition: …}`); kept for fidelity.
            out.template.conditions.get_or_insert_with(Map::new).insert(
                name.clone(),
                json!({"Fn::And": [{"Condition": {"Condition": fc}}, {"Condition": {"Condition": p}}]}),
            );
            Some(name)
        }
    }
}

/// `name` + the 10-digit hash of `hash_input`, cut to CloudFormation's 255 characters.
fn condition_name(name: &str, hash_input: &str) -> String {
    let full = logical_id::with_hash(name, &Value::String(hash_input.to_string()));
    full.chars().take(255).collect()
}

/// The role policy for a destination of `type_` (SAM's
/// `_add_event_invoke_managed_policy`; pull events' `OnFailure` use it too).
pub(super) fn policy(type_: &str, resource_id: &str, dest: &Value) -> Option<Value> {
    let (suffix, statements) = match type_ {
        "SQS" => (
            "SQSPolicy",
            json!([{"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": dest}]),
        ),
        "SNS" => (
            "SNSPolicy",
            json!([{"Action": "sns:publish", "Effect": "Allow", "Resource": dest}]),
        ),
        "EventBridge" => (
            "EventBridgePolicy",
            json!([{"Action": "events:PutEvents", "Effect": "Allow", "Resource": dest}]),
        ),
        "Lambda" => (
            "LambdaPolicy",
            json!([{"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": dest}]),
        ),
        "S3Bucket" => (
            "S3Policy",
            json!([
                {"Action": "s3:PutObject", "Effect": "Allow", "Resource": {"Fn::Join": ["/", [dest, "*"]]}},
                {"Action": "s3:ListBucket", "Effect": "Allow", "Resource": dest},
            ]),
        ),
        _ => return None,
    };
    Some(json!({
        "PolicyName": format!("{resource_id}{suffix}"),
        "PolicyDocument": {"Statement": statements}
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_condition_names_hash_their_owner() {
        // SAM 1.115, function_with_event_dest_conditional.
        assert_eq!(
            condition_name(
                "NOTQueueCreationDisabled",
                "MyTestFunctionEventInvokeConfig"
            ),
            "NOTQueueCreationDisabled2da03e5b6f"
        );
        assert_eq!(
            condition_name(
                "FunctionConditionANDNOTQueueCreationDisabled2da03e5b6f",
                "MyTestFunction"
            ),
            "FunctionConditionANDNOTQueueCreationDisabled2da03e5b6fe547d4e2d6"
        );
    }
}
