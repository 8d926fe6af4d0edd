//! A function's events other than APIs → the resources SAM generates for
//! them (`SamFunction._generate_event_resources` and the event source
//! classes): permissions, subscriptions, rules, event source mappings, and
//! edits to the user's buckets and user pools.
//!
//! Mirrors SAM: events are expanded in order of their IDs (SAM sorts by
//! `Properties.Path`, falling back to the ID, and only API events have a
//! path); everything generated for event `E` of function `F` is named from
//! `FE`; when the function has an `AutoPublishAlias` the events invoke the
//! alias; generated resources carry the function's `Condition`,
//! `DeletionPolicy` and `UpdateReplacePolicy`; and with `PropagateTags` the
//! function's tags replace the `Tags` of every generated resource that has
//! them (the user's bucket included).

use serde_json::{Map, Value};

use crate::model::function::{Event, EventKind, Function};
use crate::template::resources::lambda::EventPermission;
use crate::template::{Expr, Resource};

use super::permissions::pass_through;
use super::{logical_id, Context, Output};

pub mod invoke_config;
mod pull;
mod push;
pub(crate) mod rules;

pub use pull::link_role;

/// What a function's events invoke and how SAM refers to it.
pub(crate) struct Invoked<'a> {
    pub f: &'a Function,
    /// Logical ID of the function, or of its alias when it has one.
    pub target: String,
    pub is_alias: bool,
    pub partition: &'static str,
}

impl Invoked<'_> {
    /// `FunctionName` of permissions and mappings: the function's name, or
    /// the alias's ARN (an alias has no name attribute in SAM).
    pub fn name(&self) -> Value {
        Expr::ref_(&self.target).into()
    }

    /// The ARN: `GetAtt F.Arn`, or `Ref Alias`.
    pub fn arn(&self) -> Value {
        if self.is_alias {
            Expr::ref_(&self.target).into()
        } else {
            Expr::get_att(&self.target, "Arn").into()
        }
    }

    /// `<Function><Event>`, the prefix of everything made for the event.
    pub fn event_id(&self, ev: &Event) -> String {
        logical_id::event_id(&self.f.id, &ev.id)
    }

    /// The function's `Condition`, if any.
    pub fn condition(&self) -> Option<&Value> {
        self.f.attributes.condition.as_ref()
    }

    /// A resource carrying the function's pass-through attributes.
    pub fn resource(&self, mut r: Resource) -> Resource {
        pass_through(&mut r, &self.f.attributes);
        r
    }

    /// The permission letting `principal` invoke the target (SAM's `_construct_permission`).
    pub fn permission(
        &self,
        prefix: &str,
        principal: &str,
        source_arn: Option<Value>,
        source_account: Option<Value>,
        event_source_token: Option<Value>,
    ) -> (String, Resource) {
        let props = EventPermission {
            action: "lambda:InvokeFunction".into(),
            function_name: self.name(),
            principal: principal.into(),
            source_account,
            source_arn,
            event_source_token,
        };
        (
            logical_id::permission_id(prefix, "", ""),
            self.resource(Resource::typed(&props)),
        )
    }
}

/// Generated resources of one function, collected so that tags can be propagated.
pub(crate) struct Generated {
    pub resources: Vec<(String, Resource)>,
}

impl Generated {
    pub fn add(&mut self, id: impl Into<String>, r: Resource) {
        self.resources.push((id.into(), r));
    }
}

/// The events of `f` in the order SAM expands them.
pub(crate) fn sorted_events(f: &Function) -> Vec<&Event> {
    let mut events: Vec<&Event> = f.events.iter().collect();
    events.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
    events
}

fn sort_key(e: &Event) -> &str {
    match &e.kind {
        EventKind::Api(a) => a.path.as_str(),
        _ => e.id.as_str(),
    }
}

/// What SAM's in-place edits of user resources leave behind between functions.
#[derive(Debug, Default)]
pub struct UserEdits {
    /// `Tags` of user resources as SAM's template dict holds them, before a
    /// function's `PropagateTags` replaced them in the output. SAM propagates
    /// onto a copy, so the next function editing the resource starts again
    /// from these and its copy wins.
    pristine_tags: std::collections::BTreeMap<String, Option<Value>>,
}

/// Expands the non-API events of `f` into `out`.
pub fn expand(f: &Function, ctx: &Context, out: &mut Output, edits: &mut UserEdits) {
    if !f
        .events
        .iter()
        .any(|e| !matches!(e.kind, EventKind::Api(_)))
    {
        return;
    }
    let target = super::function::invoke_target_id(f, ctx, out);
    let inv = Invoked {
        f,
        is_alias: target != f.id,
        target,
        partition: ctx.partition(),
    };
    let mut gen = Generated {
        resources: Vec::new(),
    };
    // User resources SAM edits in place (buckets, user pools), by logical ID,
    // in the order they were first touched.
    let mut touched: Vec<String> = Vec::new();
    for ev in sorted_events(f) {
        if let EventKind::S3(e) = &ev.kind {
            restore_tags(&e.bucket_id, out, edits);
        }
        match &ev.kind {
            EventKind::Api(_) | EventKind::HttpApi(_) => {}
            EventKind::S3(e) => push::s3(&inv, ev, e, out, &mut touched),
            EventKind::Sns(e) => push::sns(&inv, ev, e, ctx, out, &mut gen),
            EventKind::Pull(e) => pull::expand(&inv, ev, e, &mut gen),
            EventKind::Schedule(e) => rules::schedule(&inv, ev, e, &mut gen),
            EventKind::EventRule(e) => rules::event_rule(&inv, ev, e, &mut gen),
            EventKind::ScheduleV2(e) => rules::schedule_v2(&inv, ev, e, &mut gen),
            EventKind::CloudWatchLogs(e) => push::logs(&inv, ev, e, &mut gen),
            EventKind::IotRule(e) => push::iot_rule(&inv, ev, e, &mut gen),
            EventKind::AlexaSkill(skill) => {
                let (id, r) = inv.permission(
                    &inv.event_id(ev),
                    "alexa-appkit.amazon.com",
                    None,
                    None,
                    skill.clone(),
                );
                gen.add(id, r);
            }
            EventKind::Cognito(e) => push::cognito(&inv, ev, e, out, &mut gen, &mut touched),
        }
    }
    // S3 and Cognito permissions were added straight away (the bucket
    // depends on them); tags also go on the edited user resources.
    let tags = f
        .tags
        .as_ref()
        .filter(|t| f.propagate_tags && !t.is_empty())
        .map(super::tags::tag_list);
    // SAM maps `DestinationQueue` to the last queue the function generated,
    // and event queues come after the EventInvokeConfig's.
    if let Some((id, _)) = gen
        .resources
        .iter()
        .rev()
        .find(|(_, r)| r.type_ == "AWS::SQS::Queue")
    {
        out.resource_refs
            .insert(format!("{}.DestinationQueue", f.id), id.clone());
    }
    for (id, mut r) in gen.resources {
        if let Some(tags) = &tags {
            set_tags(&mut r, tags);
        }
        out.add(&f.id, id, r);
    }
    if let Some(tags) = &tags {
        for id in touched {
            if let Some(r) = out.template.resources.get_mut(&id) {
                let before = r.property("Tags").cloned();
                if set_tags(r, tags) {
                    edits.pristine_tags.entry(id).or_insert(before);
                }
            }
        }
    }
}

/// Puts back the `Tags` a previous function's `PropagateTags` replaced.
fn restore_tags(id: &str, out: &mut Output, edits: &mut UserEdits) {
    let Some(before) = edits.pristine_tags.remove(id) else {
        return;
    };
    if let Some(r) = out.template.resources.get_mut(id) {
        let props = r.properties.get_or_insert_with(Map::new);
        match before {
            Some(t) => {
                props.insert("Tags".into(), t);
            }
            None => {
                props.shift_remove("Tags");
            }
        }
    }
}

/// SAM's `assign_tags`: only types whose SAM model has a `Tags` property.
/// Returns whether the resource took them.
fn set_tags(r: &mut Resource, tags: &[Value]) -> bool {
    const TAGGED: &[&str] = &[
        "AWS::SQS::Queue",
        "AWS::SNS::Topic",
        "AWS::IoT::TopicRule",
        "AWS::S3::Bucket",
        "AWS::IAM::Role",
    ];
    if TAGGED.contains(&r.type_.as_str()) {
        r.properties
            .get_or_insert_with(Map::new)
            .insert("Tags".into(), Value::Array(tags.to_vec()));
        return true;
    }
    false
}

/// `{"Fn::If": [condition, value, {"Ref": "AWS::NoValue"}]}` (SAM's `make_conditional`).
pub(crate) fn make_conditional(condition: &Value, value: Value) -> Value {
    serde_json::json!({"Fn::If": [condition, value, {"Ref": "AWS::NoValue"}]})
}

/// A problem SAM reports as "Event with id [X] is invalid." on the function.
pub(crate) fn event_error(out: &mut Output, f: &Function, ev: &Event, message: impl Into<String>) {
    out.diags.push(crate::error::Diagnostic::resource(
        f.id.clone(),
        format!("Events.{}", ev.id),
        format!("Event with id [{}] is invalid. {}", ev.id, message.into()),
    ));
}

/// How Python's `str()` shows a string or a list of strings in SAM's messages.
pub(crate) fn python_repr(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => {
            let items: Vec<String> = a
                .iter()
                .map(|x| match x {
                    Value::String(s) => format!("'{s}'"),
                    other => other.to_string(),
                })
                .collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}
