//! `DeploymentPreference`: gradual deployments of a function's alias through
//! CodeDeploy (SAM's `DeploymentPreference` and `DeploymentPreferenceCollection`).
//!
//! Each function with an enabled preference gets `<Id>DeploymentGroup` and an
//! `UpdatePolicy` on its alias; the stack gets one
//! `ServerlessDeploymentApplication` and, unless every preference names its
//! own role, one `CodeDeployServiceRole`. When every enabled preference passes
//! its function's condition through, the shared resources are conditional too
//! (on `ServerlessCodeDeployCondition`, an `Fn::Or`, when there are several).

use serde_json::{json, Map, Value};

use crate::error::Cursor;
use crate::model::function::Function;
use crate::model::value::truthy_opt;
use crate::template::resources::iam;
use crate::template::{Expr, Resource};

use super::super::iam::{assume_role_policy, aws_managed_policy_arn};
use super::super::Output;
use crate::transform::intrinsics::resolve_parameter_refs;

pub const APPLICATION_ID: &str = "ServerlessDeploymentApplication";
pub const SERVICE_ROLE_ID: &str = "CodeDeployServiceRole";
const CONDITION_NAME: &str = "ServerlessCodeDeployCondition";

/// CodeDeploy's predefined Lambda configurations, which SAM expands to their full names.
const PREDEFINED: &[&str] = &[
    "Canary10Percent5Minutes",
    "Canary10Percent10Minutes",
    "Canary10Percent15Minutes",
    "Canary10Percent30Minutes",
    "Linear10PercentEvery1Minute",
    "Linear10PercentEvery2Minutes",
    "Linear10PercentEvery3Minutes",
    "Linear10PercentEvery10Minutes",
    "AllAtOnce",
];

/// One function's preference, read as SAM reads it.
#[derive(Debug, Clone)]
pub struct Preference {
    pub function_id: String,
    pub enabled: bool,
    deployment_type: Value,
    pre_traffic_hook: Option<Value>,
    post_traffic_hook: Option<Value>,
    alarms: Option<Value>,
    role: Option<Value>,
    trigger_configurations: Option<Value>,
    condition: Option<Value>,
    tags: Option<Map<String, Value>>,
}

/// Reads `f`'s `DeploymentPreference` (parameter references in `Enabled`,
/// `Type` and `PassthroughCondition` resolved first, as SAM does).
pub fn read(
    f: &Function,
    dp: &Value,
    params: &Map<String, Value>,
    out: &mut Output,
) -> Option<Preference> {
    let cur = Cursor::new(&f.id);
    let dp = dp.as_object()?;
    let mappings = out.template.mappings.clone().unwrap_or(Value::Null);
    let get = |k: &str| {
        dp.get(k)
            .cloned()
            .map(|v| find_in_map(resolve_parameter_refs(&v, params), &mappings))
    };
    let passthrough = match get("PassthroughCondition") {
        None => false,
        Some(v) => match v {
            Value::Bool(b) => b,
            Value::String(s) if s == "true" || s == "True" => true,
            Value::String(s) if s == "false" || s == "False" => false,
            v if Expr::is_intrinsic(&v) => {
                cur.plain_error(
                    &mut out.diags,
                    "Unsupported intrinsic: the only intrinsic functions supported for property PassthroughCondition are FindInMap and parameter Refs.",
                );
                return None;
            }
            _ => {
                cur.plain_error(
                    &mut out.diags,
                    "Invalid value for property PassthroughCondition.",
                );
                return None;
            }
        },
    };
    let enabled = match get("Enabled") {
        None => true,
        Some(Value::String(s)) if s == "false" || s == "False" => false,
        Some(v) => crate::model::value::truthy_opt(Some(&v)),
    };
    let disabled = Preference {
        function_id: f.id.clone(),
        enabled: false,
        deployment_type: Value::Null,
        pre_traffic_hook: None,
        post_traffic_hook: None,
        alarms: None,
        role: None,
        trigger_configurations: None,
        condition: None,
        tags: None,
    };
    if !enabled {
        return Some(disabled);
    }
    let Some(deployment_type) = get("Type") else {
        cur.plain_error(
            &mut out.diags,
            "'DeploymentPreference' is missing required Property 'Type'",
        );
        return None;
    };
    let hooks = match dp.get("Hooks") {
        None => Map::new(),
        Some(Value::Object(h)) => h.clone(),
        Some(_) => {
            cur.plain_error(
                &mut out.diags,
                "'Hooks' property of 'DeploymentPreference' must be a dictionary",
            );
            return None;
        }
    };
    if !truthy_opt(f.auto_publish_alias.as_ref()) {
        cur.plain_error(
            &mut out.diags,
            "'DeploymentPreference' requires AutoPublishAlias property to be specified.",
        );
        return None;
    }
    Some(Preference {
        enabled: true,
        deployment_type,
        pre_traffic_hook: hooks.get("PreTraffic").cloned(),
        post_traffic_hook: hooks.get("PostTraffic").cloned(),
        alarms: dp.get("Alarms").cloned(),
        role: dp.get("Role").cloned(),
        trigger_configurations: dp.get("TriggerConfigurations").cloned(),
        condition: if passthrough {
            f.attributes.condition.clone()
        } else {
            None
        },
        tags: f.tags.clone().filter(|t| f.propagate_tags && !t.is_empty()),
        ..disabled
    })
}

/// SAM's mappings resolver: `Fn::FindInMap` with string arguments naming an
/// existing two-level entry becomes the entry's value; anything else stays.
fn find_in_map(v: Value, mappings: &Value) -> Value {
    match v {
        Value::Object(m) => {
            if let (1, Some(Value::Array(args))) = (m.len(), m.get("Fn::FindInMap")) {
                let args: Vec<Value> = args
                    .iter()
                    .map(|a| find_in_map(a.clone(), mappings))
                    .collect();
                if let [Value::String(a), Value::String(b), Value::String(c)] = args.as_slice() {
                    if let Some(found) = mappings
                        .get(a)
                        .and_then(|x| x.get(b))
                        .and_then(|x| x.get(c))
                    {
                        return find_in_map(found.clone(), mappings);
                    }
                }
            }
            Value::Object(
                m.into_iter()
                    .map(|(k, x)| (k, find_in_map(x, mappings)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.into_iter().map(|x| find_in_map(x, mappings)).collect()),
        other => other,
    }
}

/// The alias's `UpdatePolicy` for an enabled preference.
pub fn update_policy(p: &Preference) -> Value {
    let mut m = Map::new();
    m.insert("ApplicationName".into(), Expr::ref_(APPLICATION_ID).into());
    m.insert(
        "DeploymentGroupName".into(),
        Expr::ref_(group_id(&p.function_id)).into(),
    );
    if let Some(h) = &p.pre_traffic_hook {
        m.insert("BeforeAllowTrafficHook".into(), h.clone());
    }
    if let Some(h) = &p.post_traffic_hook {
        m.insert("AfterAllowTrafficHook".into(), h.clone());
    }
    json!({ "CodeDeployLambdaAliasUpdate": m })
}

pub fn group_id(function_id: &str) -> String {
    format!("{function_id}DeploymentGroup")
}

/// The shared CodeDeploy resources and each enabled function's deployment group.
pub fn expand_collection(prefs: &[Preference], partition: &str, out: &mut Output) {
    let enabled: Vec<&Preference> = prefs.iter().filter(|p| p.enabled).collect();
    if enabled.is_empty() {
        return;
    }
    let mut conditions: Vec<Value> = Vec::new();
    for c in prefs.iter().filter_map(|p| p.condition.clone()) {
        if !conditions.contains(&c) {
            conditions.push(c);
        }
    }
    let needs_condition = enabled.iter().all(|p| p.condition.is_some());
    let shared_condition = needs_condition.then(|| match conditions.as_slice() {
        [one] => one.clone(),
        _ => Value::String(CONDITION_NAME.into()),
    });
    if needs_condition && conditions.len() >= 2 {
        let new = combined_condition(&conditions);
        let target = out.template.conditions.get_or_insert_with(Map::new);
        for (k, v) in new {
            target.insert(k, v);
        }
    }
    let mut merged_tags = Map::new();
    for p in &enabled {
        for (k, v) in p.tags.iter().flatten() {
            merged_tags.insert(k.clone(), v.clone());
        }
    }
    let tags = (!merged_tags.is_empty()).then(|| super::super::tags::tag_list(&merged_tags));

    let mut app_props = Map::new();
    app_props.insert("ComputePlatform".into(), "Lambda".into());
    if let Some(t) = &tags {
        app_props.insert("Tags".into(), Value::Array(t.clone()));
    }
    let mut app = Resource::new("AWS::CodeDeploy::Application");
    app.properties = Some(app_props);
    app.condition = shared_condition.clone();
    out.template.insert(APPLICATION_ID, app);

    if !prefs.iter().all(|p| p.role.is_some() || !p.enabled) {
        let limited = matches!(partition, "aws-iso" | "aws-iso-b");
        let policy = if limited {
            "service-role/AWSCodeDeployRoleForLambdaLimited"
        } else {
            "service-role/AWSCodeDeployRoleForLambda"
        };
        let role = iam::Role {
            assume_role_policy_document: assume_role_policy("codedeploy.amazonaws.com"),
            managed_policy_arns: Some(vec![Value::String(aws_managed_policy_arn(
                policy, partition,
            ))]),
            tags: tags.clone(),
            ..Default::default()
        };
        let mut r = Resource::typed(&role);
        r.condition = shared_condition;
        out.template.insert(SERVICE_ROLE_ID, r);
    }

    for p in enabled {
        let cur = Cursor::new(&p.function_id);
        let alarms = match convert_alarms(p.alarms.as_ref()) {
            Ok(a) => a,
            Err(why) => {
                cur.plain_error(&mut out.diags, why);
                continue;
            }
        };
        let mut props = Map::new();
        if let Some(a) = alarms {
            props.insert("AlarmConfiguration".into(), a);
        }
        props.insert("ApplicationName".into(), Expr::ref_(APPLICATION_ID).into());
        props.insert(
            "AutoRollbackConfiguration".into(),
            json!({"Enabled": true, "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"]}),
        );
        props.insert(
            "DeploymentConfigName".into(),
            deployment_config(p.deployment_type.clone(), None),
        );
        props.insert(
            "DeploymentStyle".into(),
            json!({"DeploymentType": "BLUE_GREEN", "DeploymentOption": "WITH_TRAFFIC_CONTROL"}),
        );
        props.insert(
            "ServiceRoleArn".into(),
            p.role
                .clone()
                .filter(|r| crate::model::value::truthy_opt(Some(r)))
                .unwrap_or_else(|| Expr::get_att(SERVICE_ROLE_ID, "Arn").into()),
        );
        if let Some(t) = p
            .trigger_configurations
            .clone()
            .filter(|t| crate::model::value::truthy_opt(Some(t)))
        {
            props.insert("TriggerConfigurations".into(), t);
        }
        if let Some(t) = &p.tags {
            props.insert("Tags".into(), Value::Array(super::super::tags::tag_list(t)));
        }
        let mut group = Resource::new("AWS::CodeDeploy::DeploymentGroup");
        group.properties = Some(props);
        group.condition = p.condition.clone();
        out.add(&p.function_id, group_id(&p.function_id), group);
    }
}

/// SAM's `make_combined_condition`: `Fn::Or` of up to 10 conditions each,
/// numbered when more than one is needed.
fn combined_condition(conditions: &[Value]) -> Vec<(String, Value)> {
    const MAX: usize = 10;
    let mut list: Vec<Value> = conditions.to_vec();
    // Each Or takes up to MAX conditions and adds one back (SAM's
    // `calculate_number_of_conditions`).
    let needed = 1 + list.len().saturating_sub(2) / (MAX - 1);
    let mut zero_based = needed - 1;
    let mut out = Vec::new();
    while list.len() > 1 {
        let name = if zero_based > 0 {
            let n = format!("{CONDITION_NAME}{zero_based}");
            zero_based -= 1;
            n
        } else {
            CONDITION_NAME.to_string()
        };
        let take = list.len().min(MAX);
        let ors: Vec<Value> = list
            .drain(..take)
            .map(|c| json!({"Condition": c}))
            .collect();
        list.push(Value::String(name.clone()));
        out.push((name, json!({"Fn::Or": ors})));
    }
    out
}

/// SAM's `_convert_alarms`.
fn convert_alarms(alarms: Option<&Value>) -> Result<Option<Value>, String> {
    let Some(alarms) = alarms.filter(|a| crate::model::value::truthy_opt(Some(a))) else {
        return Ok(None);
    };
    if matches!(Expr::parse(alarms), Some(Expr::Ref(r)) if r == "AWS::NoValue") {
        return Ok(None);
    }
    if let Some(items) = alarms
        .as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.get("Fn::If"))
    {
        let [c, t, e] = crate::model::value::if_args(items)?;
        return Ok(Some(
            json!({"Fn::If": [c, alarm_configuration(t)?, alarm_configuration(e)?]}),
        ));
    }
    alarm_configuration(alarms).map(Some)
}

fn alarm_configuration(alarms: &Value) -> Result<Value, String> {
    let Some(list) = alarms.as_array() else {
        return Err("Alarms must be a list".to_string());
    };
    let no_value = |v: &Value| matches!(Expr::parse(v), Some(Expr::Ref(r)) if r == "AWS::NoValue");
    match list.first() {
        None => Ok(json!({})),
        Some(first) if no_value(first) => Ok(json!({})),
        Some(_) => Ok(json!({
            "Enabled": true,
            "Alarms": list.iter().map(|a| json!({"Name": a})).collect::<Vec<_>>()
        })),
    }
}

/// SAM's `_replace_deployment_types`: predefined configuration names become
/// `CodeDeployDefault.Lambda<Name>` through `Fn::Sub`, also inside intrinsics.
fn deployment_config(v: Value, key: Option<&str>) -> Value {
    match v {
        Value::Array(a) => {
            Value::Array(a.into_iter().map(|x| deployment_config(x, None)).collect())
        }
        Value::Object(m) if Expr::is_intrinsic(&Value::Object(m.clone())) => Value::Object(
            m.into_iter()
                .map(|(k, x)| {
                    let x = deployment_config(x, Some(&k));
                    (k, x)
                })
                .collect(),
        ),
        Value::String(s) if PREDEFINED.contains(&s.as_str()) => {
            let args = json!(["CodeDeployDefault.Lambda${ConfigName}", {"ConfigName": s}]);
            if key == Some("Fn::Sub") {
                // SAM does not nest a Sub in a Sub.
                args
            } else {
                json!({"Fn::Sub": args})
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_types_expand_through_sub() {
        assert_eq!(
            deployment_config(json!("AllAtOnce"), None),
            json!({"Fn::Sub": ["CodeDeployDefault.Lambda${ConfigName}", {"ConfigName": "AllAtOnce"}]})
        );
        assert_eq!(
            deployment_config(json!({"Fn::If": ["C", "AllAtOnce", "Custom"]}), None),
            json!({"Fn::If": ["C", {"Fn::Sub": ["CodeDeployDefault.Lambda${ConfigName}", {"ConfigName": "AllAtOnce"}]}, "Custom"]})
        );
    }

    #[test]
    fn alarms_become_an_alarm_configuration() {
        assert_eq!(
            convert_alarms(Some(&json!([{"Ref": "A"}]))).unwrap(),
            Some(json!({"Enabled": true, "Alarms": [{"Name": {"Ref": "A"}}]}))
        );
        assert!(convert_alarms(Some(&json!("A"))).is_err());
    }

    #[test]
    fn many_conditions_combine_in_groups_of_ten() {
        let conds: Vec<Value> = (0..12).map(|i| json!(format!("C{i}"))).collect();
        let out = combined_condition(&conds);
        let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "ServerlessCodeDeployCondition1",
                "ServerlessCodeDeployCondition"
            ]
        );
    }
}
