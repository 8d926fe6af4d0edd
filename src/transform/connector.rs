//! Connectors → the IAM managed policy, SQS queue policy, SNS topic policy
//! or Lambda permissions their profile says (SAM's `SamConnector` over the
//! profiles in `templates/connector_profiles.json`, SAM's published data).
//!
//! Mirrors SAM: connectors are expanded last, against the resources already
//! generated (a function is an `AWS::Lambda::Function` by then, its role the
//! `Ref` of its `Role`); generated IDs are `<Connector>Policy`,
//! `<Connector>QueuePolicy`, `<Connector>TopicPolicy` or
//! `<Connector><Category>LambdaPermission` (with `Destination<N>` for a
//! list of destinations); each carries the connector's attributes and
//! `Metadata.aws:sam:connectors`; `DependsOn` naming the connector names
//! what it generated instead; some profiles make the source, or the event
//! source mapping between source and destination, depend on the policy.

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use crate::error::Cursor;
use crate::model::connector::Connector;
use crate::model::SamKinds;
use crate::template::Resource;

use super::Output;

const PROFILES_JSON: &str = include_str!("../../templates/connector_profiles.json");

fn profiles() -> &'static Value {
    static TABLE: OnceLock<Value> = OnceLock::new();
    TABLE.get_or_init(|| serde_json::from_str(PROFILES_JSON).unwrap_or(Value::Null))
}

/// SAM resource types a connector may name by `Type`, as their CloudFormation types.
fn cfn_type(sam: &str) -> &str {
    match sam {
        "AWS::Serverless::Function" => "AWS::Lambda::Function",
        "AWS::Serverless::StateMachine" => "AWS::StepFunctions::StateMachine",
        "AWS::Serverless::Api" => "AWS::ApiGateway::RestApi",
        "AWS::Serverless::HttpApi" => "AWS::ApiGatewayV2::Api",
        "AWS::Serverless::SimpleTable" => "AWS::DynamoDB::Table",
        other => other,
    }
}

/// SAM's `ConnectorResourceReference`.
#[derive(Debug, Default)]
struct Reference {
    logical_id: Option<String>,
    resource_type: String,
    arn: Option<Value>,
    role_name: Option<Value>,
    queue_url: Option<Value>,
    resource_id: Option<Value>,
    name: Option<Value>,
    qualifier: Option<Value>,
}

fn present(v: Option<&Value>) -> Option<Value> {
    v.filter(|v| !v.is_null()).cloned()
}

/// SAM's `get_logical_id_from_intrinsic`: the ID in `Ref` or `Fn::GetAtt`.
fn logical_id_of(v: &Value) -> Option<String> {
    let m = v.as_object().filter(|m| m.len() == 1)?;
    if let Some(Value::String(id)) = m.get("Ref") {
        return Some(id.clone());
    }
    match m.get("Fn::GetAtt")? {
        Value::Array(a) if a.len() == 2 => a[0].as_str().map(str::to_string),
        Value::String(s) => {
            let parts: Vec<&str> = s.split('.').collect();
            (parts.len() == 2).then(|| parts[0].to_string())
        }
        _ => None,
    }
}

/// `%{name}` placeholders replaced (SAM's `profile_replace`): a whole-string
/// placeholder becomes the value, one inside text an `Fn::Sub` variable.
fn replace(v: &Value, vars: &[(&str, Option<&Value>)]) -> Result<Value, String> {
    Ok(match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                out.insert(k.clone(), replace(x, vars)?);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| replace(x, vars))
                .collect::<Result<_, _>>()?,
        ),
        Value::String(s) => {
            let mut s = s.clone();
            let mut subs = Map::new();
            for (name, value) in vars {
                let pattern = format!("%{{{name}}}");
                if !s.contains(&pattern) {
                    continue;
                }
                let Some(value) = value else {
                    return Err(format!("{name} is missing."));
                };
                if s == pattern {
                    return Ok((*value).clone());
                }
                let var: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
                s = s.replace(&pattern, &format!("${{{var}}}"));
                subs.insert(var, (*value).clone());
            }
            let needs_sub = s
                .find("${")
                .is_some_and(|i| s[i + 2..].find('}').is_some_and(|j| j > 0));
            if needs_sub {
                if subs.is_empty() {
                    json!({"Fn::Sub": s})
                } else {
                    json!({"Fn::Sub": [s, subs]})
                }
            } else {
                Value::String(s)
            }
        }
        other => other.clone(),
    })
}

/// SAM's `get_resource_reference`.
fn reference(
    obj: &Map<String, Value>,
    connecting: &Map<String, Value>,
    out: &Output,
) -> Result<Reference, String> {
    let id_given = obj.contains_key("Id");
    let others = obj.keys().any(|k| k != "Id" && k != "Qualifier");
    if id_given == others {
        return Err("Must provide 'Id' (with optional 'Qualifier') or a supported combination of other properties.".into());
    }
    let nonblank = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let Some(id) = obj.get("Id") else {
        let Some(t) = nonblank(obj.get("Type")) else {
            return Err("'Type' is missing or not a string.".into());
        };
        return Ok(Reference {
            logical_id: None,
            resource_type: cfn_type(&t).to_string(),
            arn: present(obj.get("Arn")),
            role_name: present(obj.get("RoleName")),
            queue_url: present(obj.get("QueueUrl")),
            resource_id: present(obj.get("ResourceId")),
            name: present(obj.get("Name")),
            qualifier: present(obj.get("Qualifier")),
        });
    };
    let Some(id) = nonblank(Some(id)) else {
        return Err("'Id' is missing or not a string.".into());
    };
    let Some(r) = out.template.resources.get(&id) else {
        return Err(format!("Unable to find resource with logical ID '{id}'."));
    };
    if r.type_.is_empty() {
        return Err("'Type' is missing or not a string.".into());
    }
    let cfn = profiles()
        .get("CfnResourceProperties")
        .and_then(|p| p.get(&r.type_))
        .cloned()
        .unwrap_or_else(|| json!({}));
    let id_value = Value::String(id.clone());
    let cfn = replace(&cfn, &[("logicalId", Some(&id_value))])?;
    let outputs = cfn.get("Outputs");
    let output = |k: &str| present(outputs.and_then(|o| o.get(k)));
    let empty = Map::new();
    let props = r.properties.as_ref().unwrap_or(&empty);
    let role = match cfn.get("Inputs").and_then(|i| i.get("Role")) {
        Some(Value::String(p)) => present(props.get(p)),
        Some(Value::Object(f))
            if f.get("Function").and_then(Value::as_str) == Some("GetEventsRuleRole") =>
        {
            events_rule_role(connecting, props)
        }
        _ => None,
    };
    let role_name = role
        .filter(crate::model::value::truthy)
        .and_then(|r| logical_id_of(&r))
        .map(|id| json!({"Ref": id}));
    Ok(Reference {
        logical_id: Some(id),
        resource_type: r.type_.clone(),
        arn: output("Arn"),
        role_name,
        queue_url: output("Url"),
        resource_id: output("Id"),
        name: output("Name"),
        qualifier: if obj.contains_key("Qualifier") {
            present(obj.get("Qualifier"))
        } else {
            output("Qualifier")
        },
    })
}

/// `_get_events_rule_role`: the `RoleArn` of the rule's target that is the connecting resource.
fn events_rule_role(connecting: &Map<String, Value>, props: &Map<String, Value>) -> Option<Value> {
    let id = connecting.get("Id").and_then(Value::as_str);
    let arn = connecting.get("Arn");
    for t in props.get("Targets").and_then(Value::as_array)? {
        let target_arn = t.get("Arn");
        let target_id = target_arn.and_then(logical_id_of);
        let by_id = target_id.is_some() && target_id.as_deref() == id;
        let by_arn = arn.is_some_and(crate::model::value::truthy) && target_arn == arn;
        if by_id || by_arn {
            return present(t.get("RoleArn"));
        }
    }
    None
}

/// Expands every connector, after everything else.
pub fn expand_all(kinds: &SamKinds, out: &mut Output) {
    for c in &kinds.connectors {
        expand(c, out);
    }
}

fn expand(c: &Connector, out: &mut Output) {
    let cur = Cursor::new(&c.id);
    let mut generated: Vec<(String, Resource)> = Vec::new();
    for (index, dest) in c.destinations.iter().enumerate() {
        let refs =
            reference(dest, &c.source, out).and_then(|d| Ok((reference(&c.source, dest, out)?, d)));
        let (source, destination) = match refs {
            Ok(r) => r,
            Err(m) => return cur.plain_error(&mut out.diags, m),
        };
        match generate(c, &source, &destination, index, out) {
            Ok(mut resources) => {
                let metadata = json!({"aws:sam:connectors": {c.id.clone(): {
                    "Source": {"Type": original_type(&source, out)},
                    "Destination": {"Type": original_type(&destination, out)},
                }}});
                for (_, r) in resources.iter_mut() {
                    let mut m = match r.metadata.take() {
                        Some(Value::Object(m)) => m,
                        _ => Map::new(),
                    };
                    if let Value::Object(extra) = &metadata {
                        m.extend(extra.clone());
                    }
                    r.metadata = Some(Value::Object(m));
                }
                generated.extend(resources);
            }
            Err(m) => return cur.plain_error(&mut out.diags, m),
        }
    }
    if generated.is_empty() {
        return cur.plain_error(&mut out.diags, "'Destination' is an empty list");
    }
    let ids: Vec<Value> = generated
        .iter()
        .map(|(id, _)| Value::String(id.clone()))
        .collect();
    // `DependsOn: <Connector>` now means what the connector made.
    for r in out.template.resources.values_mut() {
        let Some(deps) = &r.depends_on else {
            continue;
        };
        let mut list = as_array(deps);
        let before = list.len();
        list.retain(|d| d.as_str() != Some(c.id.as_str()));
        if list.len() != before {
            r.depends_on = Some(Value::Array(insert_unique(list, &ids)));
        }
    }
    for (id, r) in generated {
        out.add(&c.id, id, r);
    }
}

/// The type as the user wrote it (a serverless type rather than what it became).
fn original_type(r: &Reference, out: &Output) -> String {
    r.logical_id
        .as_deref()
        .and_then(|id| out.declared.get(id))
        .map(|t| t.to_string())
        .unwrap_or_else(|| r.resource_type.clone())
}

fn as_array(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

fn insert_unique(mut list: Vec<Value>, add: &[Value]) -> Vec<Value> {
    for v in add {
        if !list.contains(v) {
            list.push(v.clone());
        }
    }
    list
}

/// `DependsOn` += `id` on resource `target` (SAM's `add_depends_on`).
fn add_depends_on(target: &str, id: &str, out: &mut Output) {
    if let Some(r) = out.template.resources.get_mut(target) {
        let list = r.depends_on.as_ref().map(as_array).unwrap_or_default();
        r.depends_on = Some(Value::Array(insert_unique(
            list,
            &[Value::String(id.to_string())],
        )));
    }
}

/// A generated resource with the connector's attributes.
fn resource(c: &Connector, type_: &str, properties: Map<String, Value>) -> Resource {
    let mut r = Resource::new(type_);
    r.properties = Some(properties);
    r.depends_on = c.attributes.depends_on.clone();
    r.condition = c.attributes.condition.clone();
    r.deletion_policy = c.attributes.deletion_policy.clone();
    r.update_replace_policy = c.attributes.update_replace_policy.clone();
    r.metadata = c.attributes.metadata.clone();
    if let Some(u) = &c.attributes.update_policy {
        r.other.insert("UpdatePolicy".into(), u.clone());
    }
    r
}

/// SAM's `generate_resources` for one destination.
fn generate(
    c: &Connector,
    source: &Reference,
    dest: &Reference,
    index: usize,
    out: &mut Output,
) -> Result<Vec<(String, Resource)>, String> {
    let (st, dt) = (&source.resource_type, &dest.resource_type);
    let profile = profiles()
        .get("Permissions")
        .and_then(|p| p.get(st.as_str()))
        .and_then(|p| p.get(dt.as_str()))
        .ok_or_else(|| format!("Unable to create connector from {st} to {dt}; it's not supported or the template is invalid."))?;
    let kind = profile
        .get("Type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let props = profile
        .get("Properties")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let categories: Vec<String> = props
        .get("AccessCategories")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let valid = categories.join(", ");
    if c.permissions.is_empty() {
        return Err(format!(
            "'Permissions' cannot be empty; valid values are: {valid}."
        ));
    }
    if c.permissions.iter().any(|p| !categories.contains(p)) {
        return Err(format!("Unsupported 'Permissions' provided for connector from {st} to {dt}; valid values are: {valid}."));
    }
    if let Some(combos) = props.get("ValidAccessCategories").and_then(Value::as_array) {
        let sorted: Vec<Vec<String>> = combos
            .iter()
            .map(|c| {
                let mut v: Vec<String> = c
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                v.sort();
                v
            })
            .collect();
        let mut mine = c.permissions.clone();
        mine.sort();
        mine.dedup();
        if !sorted.contains(&mine) {
            let shown = sorted
                .iter()
                .map(|v| v.join(" + "))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(format!("Unsupported 'Permissions' provided for connector from {st} to {dt}; valid combinations are: {shown}."));
        }
    }
    let vars = [
        ("Source.Arn", source.arn.as_ref()),
        ("Destination.Arn", dest.arn.as_ref()),
        ("Source.ResourceId", source.resource_id.as_ref()),
        ("Destination.ResourceId", dest.resource_id.as_ref()),
        ("Source.Name", source.name.as_ref()),
        ("Destination.Name", dest.name.as_ref()),
        ("Source.Qualifier", source.qualifier.as_ref()),
        ("Destination.Qualifier", dest.qualifier.as_ref()),
    ];
    let props = replace(&props, &vars)?;
    let source_policy = props
        .get("SourcePolicy")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let (side, side_name) = if source_policy {
        (source, "Source")
    } else {
        (dest, "Destination")
    };
    let name = |base: &str| {
        if c.multi_destination {
            format!("{}{base}Destination{index}", c.id)
        } else {
            format!("{}{base}", c.id)
        }
    };
    let statements = || {
        let mut all = Vec::new();
        if let Some(m) = props.get("AccessCategories").and_then(Value::as_object) {
            for (cat, body) in m {
                if c.permissions.contains(cat) {
                    if let Some(s) = body.get("Statement").and_then(Value::as_array) {
                        all.extend(s.iter().cloned());
                    }
                }
            }
        }
        json!({"Version": "2012-10-17", "Statement": all})
    };
    let mut generated = Vec::new();
    match kind {
        "AWS_IAM_ROLE_MANAGED_POLICY" => {
            let Some(role) = side.role_name.clone() else {
                return Err(format!(
                    "Unable to get IAM role name from '{side_name}' resource."
                ));
            };
            let id = name("Policy");
            let mut p = Map::new();
            p.insert("PolicyDocument".into(), statements());
            p.insert("Roles".into(), json!([role]));
            let r = resource(c, "AWS::IAM::ManagedPolicy", p);
            match props.get("DependedBy").and_then(Value::as_str) {
                Some("DESTINATION_EVENT_SOURCE_MAPPING") => {
                    if let (Some(s), Some(d)) = (&source.logical_id, &dest.logical_id) {
                        let esms = event_source_mappings(s, d, out);
                        if let [one] = esms.as_slice() {
                            add_depends_on(one, &id, out);
                        }
                    }
                }
                Some("SOURCE") => {
                    if let Some(s) = &source.logical_id {
                        add_depends_on(s, &id, out);
                    }
                }
                _ => {}
            }
            generated.push((id, r));
        }
        "AWS_SQS_QUEUE_POLICY" => {
            let Some(url) = side.queue_url.clone() else {
                return Err(format!(
                    "Unable to get SQS queue URL from '{side_name}' resource."
                ));
            };
            let mut p = Map::new();
            p.insert("PolicyDocument".into(), statements());
            p.insert("Queues".into(), json!([url]));
            generated.push((name("QueuePolicy"), resource(c, "AWS::SQS::QueuePolicy", p)));
        }
        "AWS_SNS_TOPIC_POLICY" => {
            let Some(arn) = side.arn.clone() else {
                return Err(format!(
                    "Unable to get SNS topic ARN from '{side_name}' resource."
                ));
            };
            let mut p = Map::new();
            p.insert("PolicyDocument".into(), statements());
            p.insert("Topics".into(), json!([arn]));
            generated.push((name("TopicPolicy"), resource(c, "AWS::SNS::TopicPolicy", p)));
        }
        "AWS_LAMBDA_PERMISSION" => {
            let Some(arn) = side.arn.clone() else {
                return Err(format!(
                    "Unable to get Lambda function ARN from '{side_name}' resource."
                ));
            };
            if let Some(m) = props.get("AccessCategories").and_then(Value::as_object) {
                for (cat, perm) in m {
                    if !c.permissions.contains(cat) {
                        continue;
                    }
                    let mut p = Map::new();
                    p.insert(
                        "Action".into(),
                        perm.get("Action").cloned().unwrap_or(Value::Null),
                    );
                    p.insert("FunctionName".into(), arn.clone());
                    p.insert(
                        "Principal".into(),
                        perm.get("Principal").cloned().unwrap_or(Value::Null),
                    );
                    p.insert(
                        "SourceArn".into(),
                        perm.get("SourceArn").cloned().unwrap_or(Value::Null),
                    );
                    if let Some(a) = present(perm.get("SourceAccount")) {
                        p.insert("SourceAccount".into(), a);
                    }
                    let id = name(&format!("{cat}LambdaPermission"));
                    generated.push((id, resource(c, "AWS::Lambda::Permission", p)));
                }
            }
        }
        other => return Err(format!("Profile type {other} is not supported")),
    }
    Ok(generated)
}

/// `AWS::Lambda::EventSourceMapping`s from `source` to function `function`.
fn event_source_mappings(source: &str, function: &str, out: &Output) -> Vec<String> {
    out.template
        .resources
        .iter()
        .filter(|(_, r)| r.type_ == "AWS::Lambda::EventSourceMapping")
        .filter(|(_, r)| {
            let f = r.property("FunctionName").and_then(logical_id_of);
            let s = r.property("EventSourceArn").and_then(logical_id_of);
            f.as_deref() == Some(function) && s.as_deref() == Some(source)
        })
        .map(|(id, _)| id.clone())
        .collect()
}
