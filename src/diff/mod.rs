//! Comparing two templates the way CloudFormation will apply one over the
//! other, offline (what `cdk diff` shows, from CloudFormation's own data):
//! resources added, removed and changed property by property, each change
//! marked *update*, *may replace* or *replaces the resource*
//! ([`replacement`] holds the rules and their limits); logical IDs that
//! moved (a rename, which a plain update performs as delete + create);
//! stateful resources lost; and the other sections (parameters, outputs,
//! conditions, mappings, …).
//!
//! ```
//! use stackwright::{diff, testing};
//!
//! let old = testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: jobs}\n");
//! let new = testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: tasks}\n");
//! let d = diff::diff(&old, &new);
//! assert_eq!(d.status(), diff::Status::Destructive);
//! assert!(d.render(false).contains("QueueName"));
//! ```

pub mod command;
pub mod load;
mod render;
pub mod replacement;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::template::{Resource, Template};

/// What a change does to the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Updated in place (possibly with an interruption).
    Update,
    /// Replaced unless the service can make this change in place
    /// (a conditional create-only property, or a value that changes at deploy time).
    MayReplace,
    /// A new resource is created and the old one deleted.
    Replace,
}

impl Impact {
    pub fn label(self) -> &'static str {
        match self {
            Impact::Update => "update",
            Impact::MayReplace => "may replace the resource",
            Impact::Replace => "replaces the resource",
        }
    }
}

/// How a resource changes.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
    /// The same resource under a new logical ID (`id` is the new one).
    Renamed {
        from: String,
    },
}

/// One property or attribute that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyChange {
    /// A property name (`KeySchema`) or an attribute (`DeletionPolicy`, `Type`).
    pub name: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub impact: Impact,
    /// Why it replaces (the create-only path, a reference that changes).
    pub reason: Option<String>,
}

/// One resource that is added, removed, changed or renamed.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceChange {
    /// The logical ID (the new one for a rename).
    pub id: String,
    pub type_: String,
    pub kind: ChangeKind,
    /// For `Modified`: the strongest impact of its changes. `Renamed` is a
    /// `Replace`; `Added` and `Removed` are `Update`.
    pub impact: Impact,
    pub changes: Vec<PropertyChange>,
    pub stateful: bool,
    /// Extra facts: custom names that make a replacement fail, retention policies.
    pub notes: Vec<String>,
}

impl ResourceChange {
    /// Loses a stateful resource's data: it is removed, replaced (surely or maybe) or renamed.
    pub fn loses_state(&self) -> bool {
        self.stateful && (self.kind == ChangeKind::Removed || self.impact >= Impact::MayReplace)
    }

    /// Counts against [`Status::Destructive`]: any replacement (sure or
    /// possible, renames included) or a stateful resource removed.
    pub fn is_destructive(&self) -> bool {
        self.impact >= Impact::MayReplace || (self.stateful && self.kind == ChangeKind::Removed)
    }
}

/// An entry of another section (parameter, output, condition, mapping…) that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionChange {
    /// `Parameters`, `Outputs`, …; top-level keys such as `Description` have no entry name.
    pub section: String,
    pub name: Option<String>,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The overall verdict, as `stackwright diff`'s exit status reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// No difference at all: exit status 0.
    Identical,
    /// Changes, none of which replaces a resource or removes a stateful one: exit status 3.
    Updates,
    /// At least one resource is (or may be) replaced, renamed, or a stateful one removed: exit status 4.
    Destructive,
}

impl Status {
    /// The exit status `stackwright diff` uses.
    pub fn exit_code(self) -> i32 {
        match self {
            Status::Identical => 0,
            Status::Updates => 3,
            Status::Destructive => 4,
        }
    }
}

/// Everything that differs between two templates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// In logical-ID order (a rename sorts under its new ID).
    pub resources: Vec<ResourceChange>,
    pub sections: Vec<SectionChange>,
}

impl Diff {
    /// The verdict: identical, updates only, or destructive.
    pub fn status(&self) -> Status {
        if self.resources.iter().any(ResourceChange::is_destructive) {
            Status::Destructive
        } else if self.resources.is_empty() && self.sections.is_empty() {
            Status::Identical
        } else {
            Status::Updates
        }
    }

    pub fn is_identical(&self) -> bool {
        self.status() == Status::Identical
    }

    /// Any replacement, rename, or stateful resource removed.
    pub fn is_destructive(&self) -> bool {
        self.status() == Status::Destructive
    }

    /// The renames, as (old logical ID, new logical ID).
    pub fn renames(&self) -> Vec<(&str, &str)> {
        self.resources
            .iter()
            .filter_map(|r| match &r.kind {
                ChangeKind::Renamed { from } => Some((from.as_str(), r.id.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The resource mapping CloudFormation's stack refactoring takes
    /// (`aws cloudformation create-stack-refactor --resource-mappings`): one
    /// entry per rename, within the stack `stack_name`. Applying it before
    /// the update moves the resources to their new IDs without replacing them.
    pub fn refactor_mapping(&self, stack_name: &str) -> Value {
        let entry = |id: &str| {
            let mut m = Map::new();
            m.insert("StackName".into(), Value::String(stack_name.to_string()));
            m.insert("LogicalResourceId".into(), Value::String(id.to_string()));
            Value::Object(m)
        };
        Value::Array(
            self.renames()
                .into_iter()
                .map(|(from, to)| {
                    let mut m = Map::new();
                    m.insert("Source".into(), entry(from));
                    m.insert("Destination".into(), entry(to));
                    Value::Object(m)
                })
                .collect(),
        )
    }

    /// A report for people: one line per resource and change, a summary
    /// last; ANSI colours when `color`.
    pub fn render(&self, color: bool) -> String {
        render::render(self, color)
    }
}

/// Compares `old` (what is deployed) with `new` (what would be deployed).
pub fn diff(old: &Template, new: &Template) -> Diff {
    let mut d = Diff::default();
    let mut removed: Vec<&String> = Vec::new();
    let mut added: Vec<&String> = Vec::new();
    for (id, o) in &old.resources {
        match new.resources.get(id) {
            Some(n) => {
                if let Some(c) = modified(id, o, n) {
                    d.resources.push(c);
                }
            }
            None => removed.push(id),
        }
    }
    for id in new.resources.keys() {
        if !old.resources.contains_key(id) {
            added.push(id);
        }
    }

    // Renames: a removed and an added resource of the same type with the
    // same definition, paired in logical-ID order.
    let mut renamed_from: BTreeSet<&String> = BTreeSet::new();
    let mut renamed_to: BTreeSet<&String> = BTreeSet::new();
    for from in &removed {
        let o = &old.resources[*from];
        let twin = added
            .iter()
            .find(|to| !renamed_to.contains(**to) && same_definition(o, &new.resources[**to]));
        if let Some(to) = twin {
            renamed_from.insert(from);
            renamed_to.insert(to);
            let mut c = ResourceChange {
                id: (*to).clone(),
                type_: o.type_.clone(),
                kind: ChangeKind::Renamed {
                    from: (*from).clone(),
                },
                impact: Impact::Replace,
                changes: Vec::new(),
                stateful: replacement::is_stateful(&o.type_),
                notes: Vec::new(),
            };
            name_note(&mut c, o);
            d.resources.push(c);
        }
    }
    for id in removed.iter().filter(|id| !renamed_from.contains(**id)) {
        let r = &old.resources[*id];
        let mut c = whole(id, r, ChangeKind::Removed);
        if c.stateful {
            if let Some(p) = r.deletion_policy.as_ref().and_then(Value::as_str) {
                if p == "Retain" || p == "RetainExceptOnCreate" || p == "Snapshot" {
                    c.notes.push(format!(
                        "DeletionPolicy {p}: CloudFormation keeps {} but the stack no longer manages it",
                        if p == "Snapshot" {
                            "a snapshot"
                        } else {
                            "the resource"
                        }
                    ));
                }
            }
        }
        d.resources.push(c);
    }
    for id in added.iter().filter(|id| !renamed_to.contains(**id)) {
        d.resources
            .push(whole(id, &new.resources[*id], ChangeKind::Added));
    }

    deployment_notes(&mut d, old, new);
    cascade(&mut d, old, new);
    for c in &mut d.resources {
        if c.kind == ChangeKind::Modified && c.impact >= Impact::MayReplace {
            if let Some(r) = new.resources.get(&c.id) {
                name_note(c, r);
            }
        }
    }
    d.resources.sort_by(|a, b| a.id.cmp(&b.id));
    d.sections = sections(old, new);
    d
}

/// A REST API deployment is immutable and SAM names it by a hash of the
/// API: every change to the API swaps one deployment for another. Say so,
/// so the added and removed pair does not read as an accident.
fn deployment_notes(d: &mut Diff, old: &Template, new: &Template) {
    const DEPLOYMENT: &str = "AWS::ApiGateway::Deployment";
    let api = |r: &Resource| r.property("RestApiId").cloned();
    for c in &mut d.resources {
        if c.type_ != DEPLOYMENT {
            continue;
        }
        // The twin is on the other side only: removed for an added one, added for a removed one.
        let (this, side, other_side, verb) = match c.kind {
            ChangeKind::Added => (new.resources.get(&c.id), old, new, "replaces"),
            ChangeKind::Removed => (old.resources.get(&c.id), new, old, "is replaced by"),
            _ => continue,
        };
        let Some(this) = this else { continue };
        let twin = side.resources.iter().find(|(id, r)| {
            r.type_ == DEPLOYMENT && api(r) == api(this) && !other_side.resources.contains_key(*id)
        });
        if let Some((twin, _)) = twin {
            c.notes.push(format!(
                "{verb} {twin}: a deployment is a snapshot of the API, named by its hash, so every API change makes a new one"
            ));
        }
    }
}

fn whole(id: &str, r: &Resource, kind: ChangeKind) -> ResourceChange {
    ResourceChange {
        id: id.to_string(),
        type_: r.type_.clone(),
        kind,
        impact: Impact::Update,
        changes: Vec::new(),
        stateful: replacement::is_stateful(&r.type_),
        notes: Vec::new(),
    }
}

/// Same type and the same definition apart from `DependsOn` and
/// `Metadata` (which a move often rewrites).
fn same_definition(a: &Resource, b: &Resource) -> bool {
    let strip = |r: &Resource| {
        let mut v = load::resource_value(r);
        if let Value::Object(m) = &mut v {
            m.remove("DependsOn");
            m.remove("Metadata");
        }
        v
    };
    a.type_ == b.type_ && strip(a) == strip(b)
}

/// Attributes compared besides `Type` and `Properties`, in the order reported.
fn attributes(r: &Resource) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: &Option<Value>| {
        if let Some(v) = v {
            m.insert(k.to_string(), v.clone());
        }
    };
    put("Condition", &r.condition);
    put("DependsOn", &r.depends_on);
    put("DeletionPolicy", &r.deletion_policy);
    put("UpdateReplacePolicy", &r.update_replace_policy);
    put("Metadata", &r.metadata);
    for (k, v) in &r.other {
        m.insert(k.clone(), v.clone());
    }
    if let Some(v) = &r.verbatim {
        // A resource kept verbatim is compared whole.
        m.insert("(definition)".into(), v.clone());
    }
    m
}

fn modified(id: &str, o: &Resource, n: &Resource) -> Option<ResourceChange> {
    let mut changes = Vec::new();
    if o.type_ != n.type_ {
        changes.push(PropertyChange {
            name: "Type".into(),
            old: Some(Value::String(o.type_.clone())),
            new: Some(Value::String(n.type_.clone())),
            impact: Impact::Replace,
            reason: Some("the type changes (CloudFormation refuses this update: rename the resource instead)".into()),
        });
    }
    let empty = Map::new();
    let op = o.properties.as_ref().unwrap_or(&empty);
    let np = n.properties.as_ref().unwrap_or(&empty);
    let ov = Value::Object(op.clone());
    let nv = Value::Object(np.clone());
    let rules = replacement::rules(&n.type_);
    let keys: BTreeSet<&String> = op.keys().chain(np.keys()).collect();
    for k in keys {
        let (a, b) = (op.get(k), np.get(k));
        if a == b {
            continue;
        }
        let (mut impact, mut reason) = (Impact::Update, None);
        if let Some(rules) = rules {
            let hit = |paths: &[String]| {
                paths
                    .iter()
                    .filter(|p| p.split('/').next() == Some(k.as_str()))
                    .find(|p| {
                        replacement::values_at(Some(&ov), p) != replacement::values_at(Some(&nv), p)
                    })
                    .cloned()
            };
            if let Some(p) = hit(&rules.replace) {
                impact = Impact::Replace;
                reason = Some(format!("{p} is create-only"));
            } else if let Some(p) = hit(&rules.conditional) {
                impact = Impact::MayReplace;
                reason = Some(format!(
                    "{p} is conditionally create-only: replaced unless the service can change it in place"
                ));
            }
        }
        changes.push(PropertyChange {
            name: k.clone(),
            old: a.cloned(),
            new: b.cloned(),
            impact,
            reason,
        });
    }
    let (oa, na) = (attributes(o), attributes(n));
    let keys: BTreeSet<&String> = oa.keys().chain(na.keys()).collect();
    for k in keys {
        let (a, b) = (oa.get(k), na.get(k));
        if a != b {
            changes.push(PropertyChange {
                name: k.clone(),
                old: a.cloned(),
                new: b.cloned(),
                impact: Impact::Update,
                reason: (k == "Condition").then(|| {
                    "the condition decides whether the resource exists: it may be created or deleted"
                        .to_string()
                }),
            });
        }
    }
    if changes.is_empty() {
        return None;
    }
    Some(ResourceChange {
        id: id.to_string(),
        type_: n.type_.clone(),
        kind: ChangeKind::Modified,
        impact: changes
            .iter()
            .map(|c| c.impact)
            .max()
            .unwrap_or(Impact::Update),
        changes,
        stateful: replacement::is_stateful(&n.type_) || replacement::is_stateful(&o.type_),
        notes: Vec::new(),
    })
}

/// Replacing (or moving) a resource gives it a new physical ID, name and
/// ARN; a create-only property that refers to it changes at deploy time
/// though its text does not. Follows references until nothing more changes.
fn cascade(d: &mut Diff, old: &Template, new: &Template) {
    loop {
        let replaced: BTreeSet<String> = d
            .resources
            .iter()
            .filter(|c| c.impact >= Impact::MayReplace && c.kind == ChangeKind::Modified)
            .map(|c| c.id.clone())
            .collect();
        let mut grew = false;
        for (id, n) in &new.resources {
            let Some(o) = old.resources.get(id) else {
                continue;
            };
            let Some(rules) = replacement::rules(&n.type_) else {
                continue;
            };
            let ov = o.properties.clone().map(Value::Object);
            let nv = n.properties.clone().map(Value::Object);
            let existing = d.resources.iter().position(|c| &c.id == id);
            if existing.is_some_and(|i| d.resources[i].impact >= Impact::MayReplace) {
                continue;
            }
            let hit = rules
                .replace
                .iter()
                .chain(&rules.conditional)
                .find_map(|p| {
                    let (a, b) = (
                        replacement::values_at(ov.as_ref(), p),
                        replacement::values_at(nv.as_ref(), p),
                    );
                    if a != b {
                        return None;
                    }
                    let mut refs = BTreeSet::new();
                    for v in &b {
                        references(v, &mut refs);
                    }
                    refs.into_iter()
                        .find(|r| replaced.contains(r) && r != id)
                        .map(|r| (p.clone(), r, b.first().map(|v| (*v).clone())))
                });
            let Some((path, target, value)) = hit else {
                continue;
            };
            let change = PropertyChange {
                name: path.split('/').next().unwrap_or(&path).to_string(),
                old: value.clone(),
                new: value,
                impact: Impact::MayReplace,
                reason: Some(format!(
                    "{path} is create-only and refers to {target}, which is replaced: its value changes at deploy time"
                )),
            };
            match existing {
                Some(i) => {
                    let c = &mut d.resources[i];
                    c.changes.push(change);
                    c.impact = Impact::MayReplace;
                }
                None => d.resources.push(ResourceChange {
                    id: id.clone(),
                    type_: n.type_.clone(),
                    kind: ChangeKind::Modified,
                    impact: Impact::MayReplace,
                    changes: vec![change],
                    stateful: replacement::is_stateful(&n.type_),
                    notes: Vec::new(),
                }),
            }
            grew = true;
        }
        if !grew {
            break;
        }
    }
}

/// Logical IDs a value refers to: `Ref`, `Fn::GetAtt`, and `${Id}` /
/// `${Id.Attr}` in `Fn::Sub` (pseudo parameters `AWS::…` excluded).
fn references(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("Ref") {
                if !r.starts_with("AWS::") {
                    out.insert(r.clone());
                }
            }
            match m.get("Fn::GetAtt") {
                Some(Value::Array(a)) => {
                    if let Some(Value::String(r)) = a.first() {
                        out.insert(r.clone());
                    }
                }
                Some(Value::String(s)) => {
                    if let Some((r, _)) = s.split_once('.') {
                        out.insert(r.to_string());
                    }
                }
                _ => {}
            }
            let sub = match m.get("Fn::Sub") {
                Some(Value::String(s)) => Some(s.as_str()),
                Some(Value::Array(a)) => a.first().and_then(Value::as_str),
                _ => None,
            };
            if let Some(s) = sub {
                let mut rest = s;
                while let Some(i) = rest.find("${") {
                    rest = &rest[i + 2..];
                    let Some(j) = rest.find('}') else { break };
                    let name = rest[..j].split('.').next().unwrap_or_default();
                    if !name.starts_with("AWS::") && !name.starts_with('!') {
                        out.insert(name.to_string());
                    }
                    rest = &rest[j + 1..];
                }
            }
            for v in m.values() {
                references(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

fn name_note(c: &mut ResourceChange, r: &Resource) {
    let Some(rules) = replacement::rules(&r.type_) else {
        return;
    };
    let named = rules
        .replace
        .iter()
        .filter(|p| !p.contains('/') && p.ends_with("Name"))
        .find(|p| r.property(p).is_some());
    if let Some(p) = named {
        c.notes.push(format!(
            "{p} is set: CloudFormation cannot replace a custom-named resource (the new one is created first and the name is taken); remove {p} or change it too"
        ));
    }
}

/// A section's entries; an absent section has none.
fn entries<'v>(
    v: Option<&'v Value>,
    empty: &'v Map<String, Value>,
) -> Option<&'v Map<String, Value>> {
    match v {
        None => Some(empty),
        Some(Value::Object(m)) => Some(m),
        Some(_) => None,
    }
}

fn sections(old: &Template, new: &Template) -> Vec<SectionChange> {
    let (o, n) = (old.to_value(), new.to_value());
    let empty = Map::new();
    let om = o.as_object().unwrap_or(&empty);
    let nm = n.as_object().unwrap_or(&empty);
    let mut out = Vec::new();
    let mut keys: Vec<&String> = om.keys().collect();
    keys.extend(nm.keys().filter(|k| !om.contains_key(*k)));
    for k in keys {
        if k == "Resources" {
            continue;
        }
        let (a, b) = (om.get(k), nm.get(k));
        if a == b {
            continue;
        }
        let by_entry = matches!(
            k.as_str(),
            "Parameters" | "Outputs" | "Conditions" | "Mappings" | "Rules"
        );
        match (entries(a, &empty), entries(b, &empty), by_entry) {
            (Some(a), Some(b), true) => {
                let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                for name in names {
                    if a.get(name) != b.get(name) {
                        out.push(SectionChange {
                            section: k.clone(),
                            name: Some(name.clone()),
                            old: a.get(name).cloned(),
                            new: b.get(name).cloned(),
                        });
                    }
                }
            }
            _ => out.push(SectionChange {
                section: k.clone(),
                name: None,
                old: a.cloned(),
                new: b.cloned(),
            }),
        }
    }
    out
}
