//! Template checks: what CloudFormation would refuse at deploy time, found at
//! synth over the *output* template, whichever front end made it.
//!
//! - `Ref`, `Fn::GetAtt` and `Fn::Sub` targets that are not parameters,
//!   resources or pseudo parameters, and attributes a type does not have;
//! - resource types CloudFormation does not know, with "did you mean";
//! - `DependsOn` naming a missing resource, and dependency cycles;
//! - `--parameter` names the template does not declare;
//! - CloudFormation's quotas ([`quotas`]).
//!
//! Checks only report: they return diagnostics, sorted, and the caller
//! decides whether they are warnings (the default for synth, so that
//! SAM-compatible output is unchanged) or errors (`--strict`, `validate`).
//! The facts about types and attributes are data: `templates/cfn_types.json`.

pub mod graph;
pub mod quotas;
pub mod refs;
pub mod types;

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::template::Pseudo;

use refs::{Kind, Reference};
use types::Known;

/// At most this many misspelt types get a "did you mean" (each costs a scan
/// of every known type), so that a hostile template stays fast.
const SUGGESTIONS: usize = 100;

/// Every problem the checks find in a CloudFormation document, sorted by
/// (resource, path). Quotas are separate: see [`quotas::check`].
pub fn template(doc: &Value) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new();
    let empty = Map::new();
    let section = |name: &str| doc.get(name).and_then(Value::as_object).unwrap_or(&empty);
    let parameters = section("Parameters");
    let resources = section("Resources");
    let names = Names {
        parameters,
        resources,
    };

    let mut graph = graph::Graph::new(resources.keys().map(String::as_str).collect());
    let index = graph.index();
    let mut suggested = 0;
    for (id, resource) in resources {
        let Some(resource) = resource.as_object() else {
            continue;
        };
        if let Some(Value::String(type_)) = resource.get("Type") {
            check_type(id, type_, &mut suggested, &mut diags);
        }
        let from = index.get(id.as_str()).copied();
        if let Some(props) = resource.get("Properties") {
            for r in refs::collect(props, "Properties") {
                if let Some(message) = names.check(&r, Scope::Resources) {
                    diags.push(Diagnostic::resource(id, &r.path, message));
                }
                if let (Some(from), Some(&to)) = (from, index.get(r.target.as_str())) {
                    graph.edges[from].insert(to);
                }
            }
        }
        for (i, target) in depends_on(resource.get("DependsOn")) {
            let path = match i {
                Some(i) => format!("DependsOn.{i}"),
                None => "DependsOn".to_string(),
            };
            match index.get(target) {
                Some(&to) => {
                    if let Some(from) = from {
                        graph.edges[from].insert(to);
                    }
                }
                None => diags.push(Diagnostic::resource(
                    id,
                    &path,
                    format!(
                        "Property '{path}' names '{target}', which is not a resource of the template.{}",
                        did_you_mean(target, resources.keys().map(String::as_str))
                    ),
                )),
            }
        }
    }
    for cycle in graph.cycles() {
        let Some(first) = cycle.first() else { continue };
        let message = if cycle.len() == 2 {
            "It depends on itself (through DependsOn, Ref, Fn::GetAtt or Fn::Sub); \
             CloudFormation refuses circular dependencies."
                .to_string()
        } else {
            // A long loop shows its start and its length, not every name.
            let shown = if cycle.len() > 12 {
                format!(
                    "{} → … → {first} ({} resources)",
                    cycle[..10].join(" → "),
                    cycle.len() - 1
                )
            } else {
                cycle.join(" → ")
            };
            format!(
                "It is in a dependency cycle: {shown} (through DependsOn, Ref, Fn::GetAtt or Fn::Sub); \
                 CloudFormation refuses circular dependencies."
            )
        };
        diags.push(Diagnostic::resource(*first, "DependsOn", message));
    }

    for (name, output) in section("Outputs") {
        for r in refs::collect(output, &format!("Outputs.{name}")) {
            if let Some(message) = names.check(&r, Scope::Resources) {
                diags.push(Diagnostic::document(&r.path, message));
            }
        }
    }
    for (name, condition) in section("Conditions") {
        for r in refs::collect(condition, &format!("Conditions.{name}")) {
            if let Some(message) = names.check(&r, Scope::Parameters) {
                diags.push(Diagnostic::document(&r.path, message));
            }
        }
    }
    diags.into_sorted()
}

/// `--parameter` names that the template does not declare.
pub fn parameters<'a>(doc: &Value, given: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    let declared: BTreeSet<&str> = doc
        .get("Parameters")
        .and_then(Value::as_object)
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut diags = Diagnostics::new();
    for name in given {
        if declared.contains(name) {
            continue;
        }
        let list = if declared.is_empty() {
            "it declares none".to_string()
        } else {
            format!(
                "it declares {}",
                declared.iter().copied().collect::<Vec<_>>().join(", ")
            )
        };
        diags.push(Diagnostic::document(
            "Parameters",
            format!(
                "--parameter {name}=… names a parameter the template does not declare ({list}).{}",
                did_you_mean(name, declared.iter().copied())
            ),
        ));
    }
    diags.into_sorted()
}

fn check_type(id: &str, type_: &str, suggested: &mut usize, diags: &mut Diagnostics) {
    if !matches!(types::lookup(type_), Known::Unknown) {
        return;
    }
    let hint = if *suggested < SUGGESTIONS {
        *suggested += 1;
        types::suggest_type(type_)
            .map(|t| format!(" Did you mean '{t}'?"))
            .unwrap_or_default()
    } else {
        String::new()
    };
    diags.push(Diagnostic::resource(
        id,
        "Type",
        format!("Type '{type_}' is not a CloudFormation resource type.{hint}"),
    ));
}

/// A `DependsOn` value's names, with their list index when it is a list.
fn depends_on(v: Option<&Value>) -> Vec<(Option<usize>, &str)> {
    match v {
        Some(Value::String(s)) => vec![(None, s.as_str())],
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_str().map(|s| (Some(i), s)))
            .collect(),
        _ => Vec::new(),
    }
}

fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    types::closest(word, candidates)
        .map(|c| format!(" Did you mean '{c}'?"))
        .unwrap_or_default()
}

/// What a reference may name: `Conditions` may only use parameters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Resources,
    Parameters,
}

/// "Property '<path>'", written when a message is.
struct PropertyAt<'a>(&'a str);

impl std::fmt::Display for PropertyAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Property '{}'", self.0)
    }
}

struct Names<'a> {
    parameters: &'a Map<String, Value>,
    resources: &'a Map<String, Value>,
}

impl Names<'_> {
    /// The problem with one reference, if it has one.
    fn check(&self, r: &Reference, scope: Scope) -> Option<String> {
        // Formatted only into a message: most references have no problem.
        let at = PropertyAt(&r.path);
        let kind = r.kind.name();
        let target = r.target.as_str();
        let getatt = r.kind == Kind::GetAtt || r.attribute.is_some();
        if target.starts_with("AWS::") && !getatt {
            return match Pseudo::from_name(target) {
                Some(_) => None,
                None => Some(format!(
                    "{at} refers to '{target}' ({kind}), which is not a pseudo parameter (they are {}).",
                    Pseudo::ALL.map(Pseudo::name).join(", ")
                )),
            };
        }
        if scope == Scope::Parameters {
            if self.parameters.contains_key(target) {
                return None;
            }
            let what = if self.resources.contains_key(target) {
                "a resource; conditions can only use parameters".to_string()
            } else {
                format!(
                    "not a parameter of the template.{}",
                    did_you_mean(target, self.parameters.keys().map(String::as_str))
                )
            };
            return Some(format!(
                "{at} refers to '{target}' ({kind}), which is {what}"
            ));
        }
        if !getatt {
            if self.parameters.contains_key(target) || self.resources.contains_key(target) {
                return None;
            }
            return Some(format!(
                "{at} refers to '{target}' ({kind}), which is not a parameter, resource or pseudo parameter of the template.{}",
                did_you_mean(
                    target,
                    self.parameters.keys().chain(self.resources.keys()).map(String::as_str)
                )
            ));
        }
        let Some(resource) = self.resources.get(target) else {
            let what = if self.parameters.contains_key(target) {
                "a parameter: only resources have attributes".to_string()
            } else {
                format!(
                    "not a resource of the template.{}",
                    did_you_mean(target, self.resources.keys().map(String::as_str))
                )
            };
            return Some(format!(
                "{at} asks for an attribute of '{target}' ({kind}), which is {what}"
            ));
        };
        let attribute = r.attribute.as_deref()?;
        let type_ = resource.get("Type").and_then(Value::as_str)?;
        let Known::Type(attrs) = types::lookup(type_) else {
            return None;
        };
        if types::has_attribute(attrs, attribute) {
            return None;
        }
        let listed: &[&str] = attrs;
        let has = if listed.is_empty() {
            "it has none".to_string()
        } else if listed.len() <= 12 {
            format!("it has {}", listed.join(", "))
        } else {
            format!(
                "it has {}, … ({} in all)",
                listed[..12].join(", "),
                listed.len()
            )
        };
        Some(format!(
            "{at} asks for attribute '{attribute}' of '{target}' ({kind}), but {type_} has no such attribute ({has}).{}",
            did_you_mean(attribute, listed.iter().copied())
        ))
    }
}

/// The number of entries in a top-level section (0 when it is missing or not a map).
pub fn section_len(doc: &Value, name: &str) -> usize {
    doc.get(name).and_then(Value::as_object).map_or(0, Map::len)
}

/// Runs any bytes through the whole path the binary takes — UTF-8, the
/// reader (duplicate keys tracked), the SAM reader and transform, these
/// checks and quotas, and both renderers — discarding every result. The
/// fuzz target (`fuzz/`) and the bounded mutation run in `tests/hostile.rs`
/// call it: an error is an answer, a panic or a hang is a finding.
pub fn fuzz_one(data: &[u8], ctx: &crate::transform::Context) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((doc, _)) = crate::yaml::parse_checked(text, "fuzz.yaml") else {
        return;
    };
    // Checks also run on input that is not SAM, as `validate` on plain
    // CloudFormation does.
    let _ = template(&doc);
    let Ok(t) = crate::sam::synth_value(&doc, ctx) else {
        return;
    };
    let out = t.to_value();
    let _ = template(&out);
    let _ = quotas::counts(&out);
    let _ = crate::emit::render(&t, crate::emit::Format::Json, true);
    let _ = crate::emit::render(&t, crate::emit::Format::Yaml, false);
}
