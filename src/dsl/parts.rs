//! What every DSL declaration is made of: its properties (in SAM's or
//! CloudFormation's names, written by typed setters), its resource attributes,
//! and the problems its setters found. [`ResourceBuilder`] gives every builder
//! the same escape hatch (`property`) and the same attributes (`condition`,
//! `depends_on`, `deletion_policy`, …).
//!
//! The escape hatch is honest: a raw property never silently overrides a typed
//! setter (or the other way round) — the clash is reported at synth, naming both.

use std::collections::BTreeMap;
use std::panic::Location;

use serde_json::{Map, Value};

use crate::defaults::Hardening;
use crate::model::Ref;

use super::params::Condition;

/// A problem a setter found, reported at synth against the resource it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Property path inside the resource (`Events.Upload.Properties.Bucket`).
    pub path: String,
    pub message: String,
    /// Where in the user's code the mistake was written.
    pub at: Option<&'static Location<'static>>,
}

impl Problem {
    #[track_caller]
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
            at: Some(Location::caller()),
        }
    }

    /// The message as users read it: property, what is wrong, where it was written.
    pub fn render(&self) -> String {
        let mut s = String::new();
        if !self.path.is_empty() {
            s.push_str(&format!("Property {}: ", self.path));
        }
        s.push_str(&self.message);
        if let Some(at) = self.at {
            s.push_str(&format!(" (at {}:{})", at.file(), at.line()));
        }
        s
    }

    /// The same problem, one level deeper (an event's problem inside a function).
    pub fn nested(mut self, prefix: &str) -> Self {
        self.path = if self.path.is_empty() {
            prefix.to_string()
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }
}

/// Who wrote a top-level property: a typed setter (named) or the escape hatch.
#[derive(Debug, Clone, PartialEq)]
enum Writer {
    Typed(&'static str),
    Raw,
}

/// A declaration's properties, attributes and problems.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parts {
    pub(crate) props: Map<String, Value>,
    writers: BTreeMap<String, Writer>,
    pub(crate) attrs: Map<String, Value>,
    pub(crate) problems: Vec<Problem>,
}

impl Parts {
    pub fn new() -> Self {
        Self::default()
    }

    /// Properties written so far, in the order they were first written.
    pub fn properties(&self) -> &Map<String, Value> {
        &self.props
    }

    /// Resource attributes (`Condition`, `DependsOn`, …) written so far.
    pub fn attributes(&self) -> &Map<String, Value> {
        &self.attrs
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// A typed setter writes `key` (replacing its own earlier value).
    #[track_caller]
    pub fn set(&mut self, setter: &'static str, key: &str, value: impl Into<Value>) {
        self.claim(Writer::Typed(setter), key);
        self.props.insert(key.to_string(), value.into());
    }

    /// A typed setter's map under `key` (created empty), for setters that each
    /// write one entry of it (`Auth.Authorizers.<name>`, `Environment.Variables`).
    #[track_caller]
    pub fn map(&mut self, setter: &'static str, key: &str) -> &mut Map<String, Value> {
        self.claim(Writer::Typed(setter), key);
        let slot = self
            .props
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        match slot {
            Value::Object(m) => m,
            _ => unreachable!("just made a map"),
        }
    }

    /// A typed setter's list under `key` (created empty), for setters that append.
    #[track_caller]
    pub fn list(&mut self, setter: &'static str, key: &str) -> &mut Vec<Value> {
        self.claim(Writer::Typed(setter), key);
        let slot = self
            .props
            .entry(key.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if !slot.is_array() {
            *slot = Value::Array(Vec::new());
        }
        match slot {
            Value::Array(a) => a,
            _ => unreachable!("just made a list"),
        }
    }

    /// The escape hatch writes `key` as given.
    #[track_caller]
    pub fn raw(&mut self, key: &str, value: Value) {
        self.claim(Writer::Raw, key);
        self.props.insert(key.to_string(), value);
    }

    /// Sets a resource attribute (`Condition`, `DeletionPolicy`, …).
    pub fn attr(&mut self, key: &str, value: Value) {
        self.attrs.insert(key.to_string(), value);
    }

    #[track_caller]
    pub fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    pub fn push_problem(&mut self, p: Problem) {
        self.problems.push(p);
    }

    #[track_caller]
    fn claim(&mut self, who: Writer, key: &str) {
        let clash = match (self.writers.get(key), &who) {
            (Some(Writer::Typed(a)), Writer::Raw) => Some(format!(
                "set both by `.{a}(…)` and by `.property(\"{key}\", …)`; keep one (a raw property never overrides a typed setter)."
            )),
            (Some(Writer::Raw), Writer::Typed(b)) => Some(format!(
                "set both by `.property(\"{key}\", …)` and by `.{b}(…)`; keep one (a raw property never overrides a typed setter)."
            )),
            (Some(Writer::Raw), Writer::Raw) => Some(format!(
                "set twice by `.property(\"{key}\", …)`; keep one."
            )),
            _ => None,
        };
        if let Some(message) = clash {
            self.problem(key, message);
        }
        self.writers.insert(key.to_string(), who);
    }
}

/// What CloudFormation does with a resource's data when the resource leaves the
/// stack (`DeletionPolicy`) or is replaced (`UpdateReplacePolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovalPolicy {
    Delete,
    Retain,
    /// Keeps the data in a snapshot (tables, volumes, databases only).
    Snapshot,
    /// `RetainExceptOnCreate`: retained unless the stack's creation rolls back.
    RetainExceptOnCreate,
}

impl RemovalPolicy {
    pub fn name(self) -> &'static str {
        match self {
            RemovalPolicy::Delete => "Delete",
            RemovalPolicy::Retain => "Retain",
            RemovalPolicy::Snapshot => "Snapshot",
            RemovalPolicy::RetainExceptOnCreate => "RetainExceptOnCreate",
        }
    }
}

/// Any handle a resource may depend on. Implemented for every [`Ref`].
pub trait Dependency {
    fn logical_id(&self) -> &'static str;
}

impl<K> Dependency for Ref<K> {
    fn logical_id(&self) -> &'static str {
        self.id()
    }
}

/// Shared by every DSL builder: the escape hatch and CloudFormation's resource
/// attributes. Bring it into scope with `use stackwright::dsl::prelude::*`.
pub trait ResourceBuilder: Sized {
    #[doc(hidden)]
    fn parts_mut(&mut self) -> &mut Parts;

    /// Escape hatch: sets a property by the name the resource's type uses
    /// (SAM's name for serverless resources, CloudFormation's otherwise), for
    /// what the typed setters do not cover. SAM's reader still checks it.
    /// Setting a property that a typed setter also sets is an error naming both.
    /// Default: the property is not set.
    #[track_caller]
    fn property(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.parts_mut().raw(name, value.into());
        self
    }

    /// Creates the resource only when `condition` holds (`Condition`).
    /// Default: always created.
    fn condition(mut self, condition: Ref<Condition>) -> Self {
        self.parts_mut()
            .attr("Condition", Value::String(condition.id().into()));
        self
    }

    /// Creates the resource after `other` (`DependsOn`); repeatable.
    /// Default: only the order references imply.
    fn depends_on(mut self, other: impl Dependency) -> Self {
        let id = Value::String(other.logical_id().into());
        let parts = self.parts_mut();
        match parts.attrs.get_mut("DependsOn") {
            Some(Value::Array(list)) => {
                if !list.contains(&id) {
                    list.push(id)
                }
            }
            _ => parts.attr("DependsOn", Value::Array(vec![id])),
        }
        self
    }

    /// What happens to the resource when it leaves the stack (`DeletionPolicy`).
    /// Default: the resource type's own default (`Delete` for most), but
    /// `Retain` for stackwright's full DynamoDB tables, and for every table
    /// under the `recommended` defaults (`Hardening::Retain`).
    fn deletion_policy(mut self, policy: RemovalPolicy) -> Self {
        self.parts_mut()
            .attr("DeletionPolicy", Value::String(policy.name().into()));
        self
    }

    /// What happens to the old resource when an update replaces it (`UpdateReplacePolicy`).
    /// Default: as for [`deletion_policy`](Self::deletion_policy).
    fn update_replace_policy(mut self, policy: RemovalPolicy) -> Self {
        self.parts_mut()
            .attr("UpdateReplacePolicy", Value::String(policy.name().into()));
        self
    }

    /// Adds an entry to the resource's `Metadata`.
    /// Default: no metadata.
    fn metadata(mut self, key: &str, value: impl Into<Value>) -> Self {
        let parts = self.parts_mut();
        let slot = parts
            .attrs
            .entry("Metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = slot {
            m.insert(key.to_string(), value.into());
        }
        self
    }

    /// Turns off one of the `recommended` defaults for this resource and the
    /// resources generated for it (see [`Hardening`] for when that is right).
    /// It is written where SAM templates write it,
    /// `Metadata.Stackwright.DefaultsOff`, so a SAM twin says the same.
    /// Default: every default of the app applies.
    fn without_default(mut self, default: Hardening) -> Self {
        let parts = self.parts_mut();
        let meta = parts
            .attrs
            .entry("Metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(meta) = meta else {
            return self;
        };
        let ours = meta
            .entry("Stackwright")
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(ours) = ours else {
            return self;
        };
        let list = ours
            .entry("DefaultsOff")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            let name = Value::String(default.name().into());
            if !list.contains(&name) {
                list.push(name);
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn raw_after_typed_is_a_problem_naming_both() {
        let mut p = Parts::new();
        p.set("memory_size", "MemorySize", 512);
        p.raw("MemorySize", json!(1024));
        assert_eq!(p.problems.len(), 1);
        let msg = p.problems[0].render();
        assert!(msg.contains(".memory_size(…)"), "{msg}");
        assert!(msg.contains(".property(\"MemorySize\""), "{msg}");
        assert!(
            msg.contains("parts.rs"),
            "carries the caller's location: {msg}"
        );
    }

    #[test]
    fn typed_setters_may_rewrite_their_own_property() {
        let mut p = Parts::new();
        p.set("timeout", "Timeout", 3);
        p.set("timeout", "Timeout", 5);
        p.map("env", "Environment").insert("A".into(), json!(1));
        assert!(p.problems.is_empty());
        assert_eq!(p.props["Timeout"], json!(5));
    }
}
