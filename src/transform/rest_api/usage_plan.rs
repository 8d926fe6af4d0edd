//! `Auth.UsagePlan` (SAM's `ApiGenerator._construct_usage_plan`): a usage
//! plan, API key and usage-plan key per API (`PER_API`), or one set shared by
//! every API that asks for `SHARED` (`ServerlessUsagePlan`, …), whose
//! resource attributes combine those of all the sharing APIs.

use serde_json::{json, Map, Value};

use crate::model::Attributes;
use crate::template::resources::apigateway::{ApiKey, UsagePlan, UsagePlanKey};
use crate::template::{Expr, Resource};

use super::super::openapi;
use super::super::py27::Py;
use super::super::Output;
use super::ApiError;

const FIELDS: &[&str] = &[
    "CreateUsagePlan",
    "Description",
    "Quota",
    "Tags",
    "Throttle",
    "UsagePlanName",
];

const SHARED_CONDITION: &str = "SharedUsagePlanCondition";

fn truthy(v: &Value) -> bool {
    openapi::truthy(&Py::from_user(v))
}

/// What the `SHARED` plan has gathered from the APIs translated so far (SAM's `SharedApiUsagePlan`).
#[derive(Default)]
pub(super) struct SharedUsagePlan {
    depends_on: Vec<String>,
    api_stages: Vec<Value>,
    stage_keys: Vec<Value>,
    conditions: Vec<String>,
    any_without_condition: bool,
    deletion_policy: Option<Value>,
    update_replace_policy: Option<Value>,
}

impl SharedUsagePlan {
    /// `get_combined_resource_attributes`.
    fn combine(&mut self, attrs: &Attributes, out: &mut Output) -> Result<Attributes, ApiError> {
        if let Some(d) = attrs.deletion_policy.as_ref().filter(|v| truthy(v)) {
            if self.deletion_policy.is_none() || d.as_str() == Some("Retain") {
                self.deletion_policy = Some(d.clone());
            }
        }
        if let Some(u) = attrs.update_replace_policy.as_ref().filter(|v| truthy(v)) {
            let current = self.update_replace_policy.as_ref().and_then(Value::as_str);
            let new = u.as_str();
            if current.is_none()
                || new == Some("Retain")
                || (new == Some("Snapshot") && current == Some("Delete"))
            {
                self.update_replace_policy = Some(u.clone());
            }
        }
        if !self.any_without_condition {
            match attrs.condition.as_ref() {
                Some(c) if truthy(c) => {
                    let name = c
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| c.to_string());
                    if !self.conditions.contains(&name) {
                        let Some(conds) = out.template.conditions.as_mut() else {
                            return Err(ApiError::Document(
                                "Can't have condition without having 'Conditions' section in the template".into(),
                            ));
                        };
                        self.conditions.push(name);
                        let value = if self.conditions.len() == 1 {
                            c.clone()
                        } else {
                            // SAM iterates a Python set here (no stable order); sorted keeps the output stable.
                            let mut names = self.conditions.clone();
                            names.sort();
                            let or: Vec<Value> = names
                                .into_iter()
                                .map(|n| json!({ "Condition": n }))
                                .collect();
                            json!({ "Fn::Or": or })
                        };
                        conds.insert(SHARED_CONDITION.into(), value);
                    }
                }
                Some(_) => {}
                None => {
                    self.any_without_condition = true;
                    if let Some(conds) = out.template.conditions.as_mut() {
                        conds.remove(SHARED_CONDITION);
                    }
                }
            }
        }
        Ok(Attributes {
            deletion_policy: self.deletion_policy.clone(),
            update_replace_policy: self.update_replace_policy.clone(),
            condition: (!self.conditions.is_empty() && !self.any_without_condition)
                .then(|| Value::String(SHARED_CONDITION.into())),
            ..Default::default()
        })
    }
}

fn with_attrs(props: Resource, attrs: &Attributes, depends_on: Vec<String>) -> Resource {
    let mut r = props;
    r.condition = attrs.condition.clone();
    r.deletion_policy = attrs.deletion_policy.clone();
    r.update_replace_policy = attrs.update_replace_policy.clone();
    r.depends_on = Some(Value::Array(
        depends_on.into_iter().map(Value::String).collect(),
    ));
    r
}

fn pair(a: &str, a_ref: &str, b: &str, b_ref: &str) -> Value {
    let mut m = Map::new();
    m.insert(a.into(), Expr::ref_(a_ref).into());
    m.insert(b.into(), Expr::ref_(b_ref).into());
    Value::Object(m)
}

/// The usage plan resources for one API whose stage is `stage_id`.
pub(super) fn add(
    api_id: &str,
    auth: Option<&Value>,
    attrs: &Attributes,
    stage_id: &str,
    shared: &mut SharedUsagePlan,
    out: &mut Output,
) -> Result<(), ApiError> {
    let Some(auth) = auth.filter(|a| truthy(a)).and_then(Value::as_object) else {
        return Ok(());
    };
    let Some(plan) = auth.get("UsagePlan").filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let Some(plan) = plan.as_object() else {
        return Err(ApiError::resource("'UsagePlan' must be a dictionary"));
    };
    if plan.keys().any(|k| !FIELDS.contains(&k.as_str())) {
        return Err(ApiError::resource("Invalid property for 'UsagePlan'"));
    }
    let kind = match plan.get("CreateUsagePlan") {
        None | Some(Value::Null) => {
            return Err(ApiError::resource(
                "'CreateUsagePlan' is a required field for UsagePlan.",
            ))
        }
        Some(Value::String(s)) if ["SHARED", "PER_API", "NONE"].contains(&s.as_str()) => s.as_str(),
        Some(_) => {
            return Err(ApiError::resource(
                "'CreateUsagePlan' accepts one of ['SHARED', 'PER_API', 'NONE'].",
            ))
        }
    };
    let mut usage_plan = UsagePlan::default();
    let (plan_id, key_id, plan_key_id, plan_attrs, key_attrs, plan_key_attrs, depends_on) =
        match kind {
            "PER_API" => {
                usage_plan.api_stages = vec![pair("ApiId", api_id, "Stage", stage_id)];
                (
                    format!("{api_id}UsagePlan"),
                    format!("{api_id}ApiKey"),
                    format!("{api_id}UsagePlanKey"),
                    attrs.clone(),
                    attrs.clone(),
                    attrs.clone(),
                    vec![api_id.to_string()],
                )
            }
            "SHARED" => {
                if !shared.depends_on.iter().any(|d| d == api_id) {
                    shared.depends_on.push(api_id.to_string());
                }
                let plan_attrs = shared.combine(attrs, out)?;
                let stage = pair("ApiId", api_id, "Stage", stage_id);
                if !shared.api_stages.contains(&stage) {
                    shared.api_stages.push(stage);
                }
                usage_plan.api_stages = shared.api_stages.clone();
                let key_attrs = shared.combine(attrs, out)?;
                let plan_key_attrs = shared.combine(attrs, out)?;
                (
                    "ServerlessUsagePlan".to_string(),
                    "ServerlessApiKey".to_string(),
                    "ServerlessUsagePlanKey".to_string(),
                    plan_attrs,
                    key_attrs,
                    plan_key_attrs,
                    shared.depends_on.clone(),
                )
            }
            _ => return Ok(()),
        };
    let stage_key = pair("RestApiId", api_id, "StageName", stage_id);
    let stage_keys = if kind == "SHARED" {
        if !shared.stage_keys.contains(&stage_key) {
            shared.stage_keys.push(stage_key);
        }
        shared.stage_keys.clone()
    } else {
        vec![stage_key]
    };
    let get = |k: &str| plan.get(k).filter(|v| truthy(v)).cloned();
    usage_plan.usage_plan_name = get("UsagePlanName");
    usage_plan.description = get("Description");
    usage_plan.quota = get("Quota");
    usage_plan.tags = get("Tags");
    usage_plan.throttle = get("Throttle");

    let r = with_attrs(Resource::typed(&usage_plan), &plan_attrs, depends_on);
    out.add(api_id, plan_id.clone(), r);
    let key = ApiKey {
        enabled: true,
        stage_keys,
    };
    let r = with_attrs(Resource::typed(&key), &key_attrs, vec![plan_id.clone()]);
    out.add(api_id, key_id.clone(), r);
    let plan_key = UsagePlanKey {
        key_id: Expr::ref_(key_id.clone()).into(),
        key_type: "API_KEY".into(),
        usage_plan_id: Expr::ref_(plan_id).into(),
    };
    let r = with_attrs(Resource::typed(&plan_key), &plan_key_attrs, vec![key_id]);
    out.add(api_id, plan_key_id, r);
    Ok(())
}
