//! State machines → `AWS::StepFunctions::StateMachine`, its execution role
//! `<Id>Role` unless a `Role` is given, the `<Id>Version` and
//! `<Id>Alias<Name>` of `AutoPublishAlias`, and what each event needs
//! (SAM's `StateMachineGenerator`).
//!
//! Mirrors SAM: an inline `Definition` becomes `DefinitionString`, an
//! `Fn::Join` of the lines of `json.dumps(definition, sort_keys=True,
//! indent=4)`, with every intrinsic and dynamic reference in it replaced by
//! `${definition_substitution_N}` (numbered in sorted-key order) and added
//! to `DefinitionSubstitutions` after the user's own; resources are tagged
//! `stateMachine:createdBy: SAM` then the user's tags, and `PropagateTags`
//! replaces the tags of everything generated that has tags with the user's.

use serde_json::{json, Map, Value};

use crate::model::function::Policy;
use crate::model::state_machine::StateMachine;
use crate::model::value::truthy;
use crate::model::SamKinds;
use crate::template::resources::stepfunctions as sfn;
use crate::template::{Expr, Resource};

use super::event_sources::Generated;
use super::iam::{self, RoleSpec};
use super::permissions::pass_through;
use super::{Context, Output};

mod definition;
pub(crate) mod events;

/// The tag SAM puts first on what it generates for a state machine.
const CREATED_BY: &str = "stateMachine:createdBy";

/// Generated types that take `Tags`, which `PropagateTags` replaces.
const TAGGED: &[&str] = &[
    "AWS::StepFunctions::StateMachine",
    "AWS::IAM::Role",
    "AWS::SQS::Queue",
];

/// Expands every state machine (SAM translates them after the functions).
pub fn expand_all(kinds: &SamKinds, ctx: &Context, out: &mut Output) {
    for sm in &kinds.state_machines {
        expand(sm, ctx, out);
    }
}

/// What events start: the state machine, or its alias with `UseAliasAsEventTarget`.
pub(crate) fn event_target_id(sm: &StateMachine) -> String {
    match alias_name(sm) {
        Some(name) if sm.use_alias_as_event_target == Some(true) => alias_id(&sm.id, &name),
        _ => sm.id.clone(),
    }
}

fn alias_name(sm: &StateMachine) -> Option<String> {
    match sm.auto_publish_alias.as_ref().filter(|a| truthy(a))? {
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// `<Id>Alias<Name>`, the alias name as written (SAM does not rewrite it).
fn alias_id(id: &str, name: &str) -> String {
    format!("{id}Alias{name}")
}

fn expand(sm: &StateMachine, ctx: &Context, out: &mut Output) {
    let partition = ctx.partition();
    let tags = tag_list(sm);
    let mut gen = Generated {
        resources: Vec::new(),
    };
    let mut props = sfn::StateMachine {
        definition_substitutions: sm.definition_substitutions.clone().filter(truthy),
        ..Default::default()
    };
    if let Some(d) = sm.definition.as_ref().filter(|d| truthy(d)) {
        let (string, subs) = definition::definition_string(d);
        if !subs.is_empty() {
            let mut all = match props.definition_substitutions.take() {
                Some(Value::Object(m)) => m,
                _ => Map::new(),
            };
            all.extend(subs);
            props.definition_substitutions = Some(Value::Object(all));
        }
        props.definition_string = Some(string);
    } else {
        props.definition_s3_location = sm.definition_s3_location.clone();
    }

    let role_id = iam::role_id(&sm.id);
    if let Some(role) = sm.role.as_ref().filter(|r| truthy(r)) {
        props.role_arn = role.clone();
    } else {
        let mut policies = sm.policies.clone();
        let tracing_on = sm
            .tracing
            .as_ref()
            .and_then(|t| t.get("Enabled"))
            .is_some_and(|e| *e == Value::Bool(true));
        if tracing_on {
            policies.push(Policy::Managed(Value::String(iam::xray_policy_arn(
                partition,
            ))));
        }
        let spec = RoleSpec {
            owner: &sm.id,
            assume_role_policy_document: json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Action": ["sts:AssumeRole"],
                    "Effect": "Allow",
                    "Principal": {"Service": ["states.amazonaws.com"]},
                }],
            }),
            managed_policy_arns: Vec::new(),
            policy_documents: Vec::new(),
            policies: &policies,
            path: sm.role_path.clone(),
            permissions_boundary: sm.permissions_boundary.clone().filter(truthy),
            tags: Some(tags.clone()),
        };
        let role = iam::execution_role(spec, partition, &mut out.diags);
        let mut r = Resource::typed(&role);
        pass_through(&mut r, &sm.attributes);
        gen.add(role_id.clone(), r);
        props.role_arn = Expr::get_att(&role_id, "Arn").into();
    }
    props.state_machine_name = sm.name.clone();
    props.state_machine_type = sm.type_.clone();
    props.logging_configuration = sm.logging.clone();
    props.tracing_configuration = sm.tracing.clone();
    props.tags = Some(tags);

    if let Some(name) = alias_name(sm) {
        versioning(sm, &name, &mut gen);
    }
    events::expand(sm, &mut gen, out);

    let mut main = Resource::typed(&props);
    if sm.propagate_tags {
        if let Some(user) = sm.tags.as_ref().filter(|t| !t.is_empty()) {
            let list = Value::Array(super::tags::tag_list(user));
            for r in std::iter::once(&mut main).chain(gen.resources.iter_mut().map(|(_, r)| r)) {
                if TAGGED.contains(&r.type_.as_str()) {
                    r.properties
                        .get_or_insert_with(Map::new)
                        .insert("Tags".into(), list.clone());
                }
            }
        }
    }
    out.add_main(&sm.id, main, &sm.attributes);
    for (id, r) in gen.resources {
        out.add(&sm.id, id, r);
    }
}

/// `AutoPublishAlias`: a version SAM replaces with every revision (no hash
/// suffix: a state machine has one version resource at a time), kept on
/// delete and replace so a gradual deployment can shift from it, and the
/// alias pointing at it with the `DeploymentPreference`.
fn versioning(sm: &StateMachine, name: &str, gen: &mut Generated) {
    let version_id = format!("{}Version", sm.id);
    let mut version = Resource::typed(&sfn::StateMachineVersion {
        state_machine_arn: Expr::ref_(&sm.id).into(),
        state_machine_revision_id: Expr::get_att(&sm.id, "StateMachineRevisionId").into(),
    });
    pass_through(&mut version, &sm.attributes);
    version
        .deletion_policy
        .get_or_insert_with(|| Value::String("Retain".into()));
    version
        .update_replace_policy
        .get_or_insert_with(|| Value::String("Retain".into()));
    let mut preference = match sm.deployment_preference.as_ref().filter(|p| truthy(p)) {
        Some(Value::Object(m)) => m.clone(),
        _ => {
            let mut m = Map::new();
            m.insert("Type".into(), Value::String("ALL_AT_ONCE".into()));
            m
        }
    };
    preference.insert(
        "StateMachineVersionArn".into(),
        Expr::ref_(&version_id).into(),
    );
    let alias_name = sm.auto_publish_alias.clone().unwrap_or(Value::Null);
    let mut alias = Resource::typed(&sfn::StateMachineAlias {
        name: alias_name,
        deployment_preference: Value::Object(preference),
    });
    pass_through(&mut alias, &sm.attributes);
    gen.add(version_id, version);
    gen.add(alias_id(&sm.id, name), alias);
}

/// `stateMachine:createdBy: SAM`, then the user's tags.
fn tag_list(sm: &StateMachine) -> Vec<Value> {
    let mut tags = vec![super::tags::tag(CREATED_BY, Value::String("SAM".into()))];
    if let Some(user) = &sm.tags {
        tags.extend(super::tags::tag_list(user));
    }
    tags
}
