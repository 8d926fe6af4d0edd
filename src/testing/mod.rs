//! Testing what an app or template synthesizes, in the spirit of CDK's
//! `assertions` module (`Template`, `Match`, `Capture`): get a
//! [`Template`] from an app, a SAM file or CloudFormation text, pick resources
//! (or outputs, parameters, mappings, conditions) and assert on a *partial*
//! view of them, so a test states only what it is about; snapshot the whole
//! template exactly as `synth` writes it.
//!
//! ```
//! use serde_json::json;
//! use stackwright::testing::{self, Match};
//!
//! let t = testing::synth_sam(
//!     "Resources:\n  Orders:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      PrimaryKey: {Name: orderId, Type: String}\n",
//! );
//! testing::resource_count_is(&t, "AWS::DynamoDB::Table", 1);
//! testing::has_resource_properties(
//!     &t,
//!     "AWS::DynamoDB::Table",
//!     json!({
//!         "KeySchema": Match::array_with(json!([{"AttributeName": "orderId"}])),
//!         "TableName": Match::absent(),
//!     }),
//! );
//! ```
//!
//! # The matching rule
//!
//! A plain JSON pattern matches a value when:
//! - **maps**: every key of the pattern is present in the value and its value
//!   matches; keys the pattern does not mention are ignored (subset);
//! - **lists**: the value is a list of the *same length* and element `i`
//!   matches pattern element `i` by this same rule (so maps inside lists are
//!   matched as subsets, but order and length are exact);
//! - **numbers**: equal as numbers (`1` matches `1.0`);
//! - **everything else** (strings, booleans, null): equal.
//!
//! Anywhere in a pattern, a [`Match`] changes the rule for that value
//! (`array_with` for "contains, in order", `absent`, `any_value`,
//! `string_like_regexp`, `serialized_json`, `exact`, `object_equals`, `not`),
//! and a [`Capture`] records the value it meets.
//!
//! # Failures
//!
//! The assertions panic, the way `assert!` does, with a message that names
//! the resource type, lists every candidate with its first difference, and
//! shows the closest candidate as an indented diff: `-` lines are what the
//! pattern expected, `+` lines what the template has. The `try_` functions
//! return errors instead.
//!
//! # Snapshots
//!
//! [`assert_template_snapshot!`](crate::assert_template_snapshot) stores the
//! template as `stackwright synth --format yaml` writes it, through
//! [insta](https://insta.rs): review a changed snapshot with
//! `cargo insta review`, or accept every change with
//! `INSTA_UPDATE=always cargo test` (then read `git diff`).

mod matcher;

use std::path::Path;

use serde_json::{Map, Value};

pub use matcher::{Capture, Match};

use crate::diff::load;
use crate::dsl::App;
use crate::emit;
use crate::error::Error;
use crate::template::{Resource, Template};
use crate::transform::Context;
use matcher::{check, commit, describe, Outcome};

/// The region tests synthesize for unless they say otherwise.
///
/// ```
/// use stackwright::{testing, Context};
/// let sam = "Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n";
/// let ours = testing::try_synth_sam(sam, &Context::new(testing::DEFAULT_REGION)).unwrap();
/// assert_eq!(ours, testing::synth_sam(sam));
/// ```
pub const DEFAULT_REGION: &str = "us-east-1";

/// Snapshots a template as `stackwright synth --format yaml` writes it
/// (`insta::assert_snapshot!` of [`yaml_snapshot`]). The calling crate needs
/// `insta` as a dev-dependency. An optional first argument names the snapshot.
///
/// ```no_run
/// # use stackwright::dsl::prelude::*;
/// # fn app() -> App { App::new("demo") }
/// #[test]
/// fn template() {
///     stackwright::assert_template_snapshot!(stackwright::testing::synth_app(&app()));
/// }
/// ```
#[macro_export]
macro_rules! assert_template_snapshot {
    ($template:expr $(,)?) => {
        ::insta::assert_snapshot!($crate::testing::yaml_snapshot(&$template))
    };
    ($name:expr, $template:expr $(,)?) => {
        ::insta::assert_snapshot!($name, $crate::testing::yaml_snapshot(&$template))
    };
}

/// Synthesizes a Rust app for [`DEFAULT_REGION`]. Panics with the full
/// diagnostic report if it does not synthesize.
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use stackwright::testing;
///
/// let mut app = App::new("demo");
/// app.simple_table("Items", SimpleTable::new());
/// testing::resource_count_is(&testing::synth_app(&app), "AWS::DynamoDB::Table", 1);
/// ```
pub fn synth_app(app: &App) -> Template {
    app.synth(&Context::new(DEFAULT_REGION))
        .unwrap_or_else(|e| panic!("the app did not synthesize:\n{e}"))
}

/// A CloudFormation template given as JSON text, taken as written (a SAM
/// template, one with the SAM `Transform` or `AWS::Serverless::*`
/// resources, is expanded first).
/// Panics if it cannot be read.
///
/// ```
/// let t = stackwright::testing::from_json(r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#);
/// stackwright::testing::resource_count_is(&t, "AWS::SQS::Queue", 1);
/// ```
pub fn from_json(text: &str) -> Template {
    try_from_text(text, "template.json").unwrap_or_else(|e| panic!("not a template:\n{e}"))
}

/// A CloudFormation template given as YAML text (short-form tags such as
/// `!Ref` are read), taken as written; SAM is expanded first. Panics if it
/// cannot be read.
///
/// ```
/// let t = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
/// stackwright::testing::resource_count_is(&t, "AWS::SQS::Queue", 1);
/// ```
pub fn from_yaml(text: &str) -> Template {
    try_from_text(text, "template.yaml").unwrap_or_else(|e| panic!("not a template:\n{e}"))
}

/// A template file (JSON or YAML): CloudFormation as written, SAM expanded
/// for [`DEFAULT_REGION`]. Panics if it cannot be read.
///
/// ```no_run
/// let t = stackwright::testing::from_file("cfn/my-app.yaml");
/// ```
pub fn from_file(path: impl AsRef<Path>) -> Template {
    let path = path.as_ref();
    load::read_file(path, &Context::new(DEFAULT_REGION))
        .unwrap_or_else(|e| panic!("{} is not a template:\n{e}", path.display()))
}

/// Template text (JSON or YAML) as a [`Template`]; `path` is only used in errors.
pub fn try_from_text(text: &str, path: &str) -> Result<Template, Error> {
    load::parse(text, path, &Context::new(DEFAULT_REGION))
}

/// Synthesizes a SAM (or CloudFormation) template given as YAML or JSON text,
/// for [`DEFAULT_REGION`]. Panics with the full diagnostic report if it is invalid.
///
/// ```
/// let t = stackwright::testing::synth_sam("Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n");
/// stackwright::testing::resource_count_is(&t, "AWS::DynamoDB::Table", 1);
/// ```
pub fn synth_sam(text: &str) -> Template {
    try_synth_sam(text, &Context::new(DEFAULT_REGION))
        .unwrap_or_else(|e| panic!("template did not synthesize:\n{e}"))
}

/// Synthesizes a SAM template file, for [`DEFAULT_REGION`]. Panics on any error.
///
/// ```no_run
/// let t = stackwright::testing::synth_sam_file("template.yaml");
/// ```
pub fn synth_sam_file(path: impl AsRef<Path>) -> Template {
    let path = path.as_ref();
    try_synth_sam_file(path, &Context::new(DEFAULT_REGION))
        .unwrap_or_else(|e| panic!("{} did not synthesize:\n{e}", path.display()))
}

/// Synthesizes SAM text in the given context, returning the error (e.g. to
/// assert on its diagnostics).
///
/// ```
/// use stackwright::{testing, Context};
/// let bad = "Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n    Properties: {Nope: 1}\n";
/// assert!(testing::try_synth_sam(bad, &Context::new("eu-west-1")).is_err());
/// ```
pub fn try_synth_sam(text: &str, ctx: &Context) -> Result<Template, Error> {
    crate::sam::synth(text, "template.yaml", ctx)
}

/// Synthesizes a SAM template file in the given context.
///
/// ```no_run
/// use stackwright::{testing, Context};
/// let t = testing::try_synth_sam_file("template.yaml".as_ref(), &Context::new("eu-west-1"));
/// ```
pub fn try_synth_sam_file(path: &Path, ctx: &Context) -> Result<Template, Error> {
    crate::synth::synth_file(path, ctx)
}

/// The exact text `stackwright synth` prints for this template (pretty JSON,
/// trailing newline).
///
/// ```
/// let t = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
/// assert!(stackwright::testing::json_snapshot(&t).starts_with("{\n  \"Resources\""));
/// ```
pub fn json_snapshot(t: &Template) -> String {
    emit::to_json(t, false).unwrap_or_else(|e| panic!("{e}"))
}

/// The exact text `stackwright synth --format yaml` prints for this template:
/// what [`assert_template_snapshot!`](crate::assert_template_snapshot) stores.
///
/// ```
/// let t = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
/// assert_eq!(stackwright::testing::yaml_snapshot(&t), "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
/// ```
pub fn yaml_snapshot(t: &Template) -> String {
    emit::to_yaml(t).unwrap_or_else(|e| panic!("{e}"))
}

/// Every resource of one CloudFormation type, in logical-ID order.
///
/// ```
/// let t = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
/// assert_eq!(stackwright::testing::resources_of_type(&t, "AWS::SQS::Queue")[0].0, "Q");
/// ```
pub fn resources_of_type<'t>(t: &'t Template, type_: &str) -> Vec<(&'t str, &'t Resource)> {
    t.resources
        .iter()
        .filter(|(_, r)| r.type_ == type_)
        .map(|(id, r)| (id.as_str(), r))
        .collect()
}

/// Resources of `type_` whose whole definition (`Type`, `Properties`,
/// `DependsOn`, `Condition`, …, as emitted) matches `pattern`; e.g.
/// `json!({"DeletionPolicy": "Retain"})`. Logical-ID order. Captures in the
/// pattern record the value of each resource found.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Retain\n");
/// let kept = stackwright::testing::find_resources(&t, "AWS::SQS::Queue", &json!({"DeletionPolicy": "Retain"}));
/// assert_eq!(kept.len(), 1);
/// ```
pub fn find_resources<'t>(
    t: &'t Template,
    type_: &str,
    pattern: &Value,
) -> Vec<(&'t str, &'t Resource)> {
    resources_of_type(t, type_)
        .into_iter()
        .filter(|(_, r)| {
            let o = check(Some(&load::resource_value(r)), pattern);
            let hit = o.matched();
            if hit {
                commit(o.captures);
            }
            hit
        })
        .collect()
}

/// Asserts that at least one resource of `type_` has a whole definition
/// (`Properties` and attributes such as `DeletionPolicy`, `Condition`,
/// `DependsOn`) matching `pattern`, like CDK's `Template.hasResource`.
/// Returns the logical IDs that match.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::synth_sam("Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n    DeletionPolicy: Retain\n");
/// stackwright::testing::has_resource(&t, "AWS::DynamoDB::Table", json!({"DeletionPolicy": "Retain"}));
/// ```
pub fn has_resource(t: &Template, type_: &str, pattern: Value) -> Vec<String> {
    let candidates = resource_candidates(t, type_, load::resource_value);
    expect_some(
        t,
        &Subject::resource(type_, "a definition"),
        candidates,
        &pattern,
    )
}

/// Asserts that at least one resource of `type_` has properties matching
/// `properties` (see the module's matching rule), like CDK's
/// `Template.hasResourceProperties`. Returns the logical IDs that match.
///
/// ```
/// use serde_json::json;
/// use stackwright::testing::{self, Match};
/// let t = testing::synth_sam("Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n");
/// let ids = testing::has_resource_properties(&t, "AWS::DynamoDB::Table", json!({
///     "BillingMode": "PAY_PER_REQUEST",
///     "SSESpecification": Match::absent(),
/// }));
/// assert_eq!(ids, ["T"]);
/// ```
pub fn has_resource_properties(t: &Template, type_: &str, properties: Value) -> Vec<String> {
    let candidates = resource_candidates(t, type_, |r| Value::Object(load::properties(r)));
    expect_some(
        t,
        &Subject::resource(type_, "properties"),
        candidates,
        &properties,
    )
}

/// Asserts that *every* resource of `type_` (and at least one) has a whole
/// definition matching `pattern`, like CDK's `Template.allResources`.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Retain\n  B:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Retain\n");
/// stackwright::testing::all_resources(&t, "AWS::SQS::Queue", json!({"DeletionPolicy": "Retain"}));
/// ```
pub fn all_resources(t: &Template, type_: &str, pattern: Value) {
    let candidates = resource_candidates(t, type_, load::resource_value);
    expect_all(
        t,
        &Subject::resource(type_, "a definition"),
        candidates,
        &pattern,
    )
}

/// Asserts that every resource of `type_` (and at least one) has properties
/// matching `properties`, like CDK's `Template.allResourcesProperties`.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: true}\n");
/// stackwright::testing::all_resources_properties(&t, "AWS::SQS::Queue", json!({"FifoQueue": true}));
/// ```
pub fn all_resources_properties(t: &Template, type_: &str, properties: Value) {
    let candidates = resource_candidates(t, type_, |r| Value::Object(load::properties(r)));
    expect_all(
        t,
        &Subject::resource(type_, "properties"),
        candidates,
        &properties,
    )
}

/// Asserts that the template has exactly `count` resources of `type_`.
///
/// ```
/// let t = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
/// stackwright::testing::resource_count_is(&t, "AWS::SQS::Queue", 1);
/// stackwright::testing::resource_count_is(&t, "AWS::SNS::Topic", 0);
/// ```
pub fn resource_count_is(t: &Template, type_: &str, count: usize) {
    let ids: Vec<&str> = resources_of_type(t, type_)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert!(
        ids.len() == count,
        "expected {count} resource(s) of type {type_}, found {}: {ids:?}",
        ids.len()
    );
}

/// Asserts that the template has an output named `name` (`"*"`: any output)
/// matching `pattern` (`Value`, `Description`, `Export`, `Condition`).
/// Returns the names that match.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Resources: {}\nOutputs:\n  Url:\n    Value: https://example.com\n");
/// stackwright::testing::has_output(&t, "Url", json!({"Value": "https://example.com"}));
/// stackwright::testing::has_output(&t, "*", json!({"Value": "https://example.com"}));
/// ```
pub fn has_output(t: &Template, name: &str, pattern: Value) -> Vec<String> {
    let candidates = section_candidates(t.outputs.as_ref(), name);
    expect_some(t, &Subject::section("output", name), candidates, &pattern)
}

/// Outputs named `name` (`"*"`: any) that match `pattern`, in name order.
///
/// ```
/// use serde_json::json;
/// use stackwright::testing::{self, Match};
/// let t = testing::from_yaml("Resources: {}\nOutputs:\n  Url:\n    Value: https://example.com\n");
/// let found = testing::find_outputs(&t, "*", &json!({"Export": Match::absent()}));
/// assert_eq!(found[0].0, "Url");
/// ```
pub fn find_outputs(t: &Template, name: &str, pattern: &Value) -> Vec<(String, Value)> {
    find_in(section_candidates(t.outputs.as_ref(), name), pattern)
}

/// Asserts that the template has a parameter named `name` (`"*"`: any)
/// matching `pattern` (`Type`, `Default`, `AllowedValues`, …).
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Parameters:\n  Stage:\n    Type: String\n    Default: dev\nResources: {}\n");
/// stackwright::testing::has_parameter(&t, "Stage", json!({"Type": "String", "Default": "dev"}));
/// ```
pub fn has_parameter(t: &Template, name: &str, pattern: Value) -> Vec<String> {
    let candidates = section_candidates(t.parameters.as_ref(), name);
    expect_some(
        t,
        &Subject::section("parameter", name),
        candidates,
        &pattern,
    )
}

/// Parameters named `name` (`"*"`: any) that match `pattern`.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Parameters:\n  Stage: {Type: String}\nResources: {}\n");
/// assert_eq!(stackwright::testing::find_parameters(&t, "*", &json!({"Type": "String"})).len(), 1);
/// ```
pub fn find_parameters(t: &Template, name: &str, pattern: &Value) -> Vec<(String, Value)> {
    find_in(section_candidates(t.parameters.as_ref(), name), pattern)
}

/// Asserts that the template has a mapping named `name` (`"*"`: any) matching `pattern`.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Mappings:\n  Sizes:\n    prod: {Memory: 512}\nResources: {}\n");
/// stackwright::testing::has_mapping(&t, "Sizes", json!({"prod": {"Memory": 512}}));
/// ```
pub fn has_mapping(t: &Template, name: &str, pattern: Value) -> Vec<String> {
    let candidates = section_candidates(t.mappings.as_ref().and_then(Value::as_object), name);
    expect_some(t, &Subject::section("mapping", name), candidates, &pattern)
}

/// Mappings named `name` (`"*"`: any) that match `pattern`.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Mappings:\n  Sizes:\n    prod: {Memory: 512}\nResources: {}\n");
/// assert_eq!(stackwright::testing::find_mappings(&t, "*", &json!({})).len(), 1);
/// ```
pub fn find_mappings(t: &Template, name: &str, pattern: &Value) -> Vec<(String, Value)> {
    find_in(
        section_candidates(t.mappings.as_ref().and_then(Value::as_object), name),
        pattern,
    )
}

/// Asserts that the template has a condition named `name` (`"*"`: any) matching `pattern`.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\nResources: {}\n");
/// stackwright::testing::has_condition(&t, "IsProd", json!({"Fn::Equals": [{"Ref": "Stage"}, "prod"]}));
/// ```
pub fn has_condition(t: &Template, name: &str, pattern: Value) -> Vec<String> {
    let candidates = section_candidates(t.conditions.as_ref(), name);
    expect_some(
        t,
        &Subject::section("condition", name),
        candidates,
        &pattern,
    )
}

/// Conditions named `name` (`"*"`: any) that match `pattern`.
///
/// ```
/// use serde_json::json;
/// use stackwright::testing::{self, Match};
/// let t = testing::from_yaml("Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\nResources: {}\n");
/// assert_eq!(testing::find_conditions(&t, "*", &Match::any_value().into()).len(), 1);
/// ```
pub fn find_conditions(t: &Template, name: &str, pattern: &Value) -> Vec<(String, Value)> {
    find_in(section_candidates(t.conditions.as_ref(), name), pattern)
}

/// Asserts that the whole template (as emitted) matches `pattern`, like
/// CDK's `Template.templateMatches`.
///
/// ```
/// use serde_json::json;
/// let t = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
/// stackwright::testing::template_matches(&t, json!({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}));
/// ```
pub fn template_matches(t: &Template, pattern: Value) {
    let o = check(Some(&t.to_value()), &pattern);
    if !o.matched() {
        panic!(
            "the template does not match the pattern ({}); - expected, + found:\n{}",
            count(o.differences.len()),
            o.render(2)
        );
    }
    commit(o.captures);
}

/// `true` when `pattern` matches `actual` (see the module's matching rule
/// and [`Match`]). Captures in the pattern record what they met when it matches.
///
/// ```
/// use serde_json::json;
/// assert!(stackwright::testing::matches(&json!({"a": 1, "b": 2}), &json!({"a": 1})));
/// ```
pub fn matches(actual: &Value, pattern: &Value) -> bool {
    let o = check(Some(actual), pattern);
    let hit = o.matched();
    if hit {
        commit(o.captures);
    }
    hit
}

/// The first place where `actual` does not match `pattern`, as
/// "at PATH: expected X, found Y"; `None` when it matches.
///
/// ```
/// use serde_json::json;
/// let why = stackwright::testing::mismatch(&json!({"a": 1}), &json!({"a": 2}));
/// assert_eq!(why.unwrap(), "at a: expected 2, found 1");
/// ```
pub fn mismatch(actual: &Value, pattern: &Value) -> Option<String> {
    check(Some(actual), pattern)
        .differences
        .first()
        .map(ToString::to_string)
}

/// Every difference between `actual` and `pattern`, rendered as an indented
/// diff (`-` expected, `+` found); `None` when it matches.
///
/// ```
/// use serde_json::json;
/// let diff = stackwright::testing::explain(&json!({"a": 1, "b": 2}), &json!({"a": 2})).unwrap();
/// assert_eq!(diff, "  {\n-   \"a\": 2\n+   \"a\": 1\n    … 1 other key(s): b\n  }\n");
/// ```
pub fn explain(actual: &Value, pattern: &Value) -> Option<String> {
    let o = check(Some(actual), pattern);
    (!o.matched()).then(|| o.render(0))
}

/// Asserts that deploying `new` over a stack made from `old` replaces no
/// resource and deletes no stateful one (table, bucket, log group, user pool,
/// key, queue…), by the rules of `stackwright diff`. Panics with the diff's
/// report otherwise.
///
/// ```
/// let old = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: 0}\n");
/// let new = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: 5}\n");
/// stackwright::testing::assert_no_replacement(&old, &new);
/// ```
///
/// ```should_panic
/// let old = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: false}\n");
/// let new = stackwright::testing::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: true}\n");
/// stackwright::testing::assert_no_replacement(&old, &new); // FifoQueue replaces the queue
/// ```
pub fn assert_no_replacement(old: &Template, new: &Template) {
    let d = crate::diff::diff(old, new);
    if d.is_destructive() {
        panic!(
            "the change replaces or deletes resources that hold state or identity:\n{}",
            d.render(false)
        );
    }
}

/// What an assertion looks for, for its messages.
struct Subject {
    /// "AWS::DynamoDB::Table" or "output".
    what: String,
    /// "properties", "a definition", or the name asked for.
    part: String,
    is_resource: bool,
}

impl Subject {
    fn resource(type_: &str, part: &str) -> Subject {
        Subject {
            what: type_.to_string(),
            part: part.to_string(),
            is_resource: true,
        }
    }

    fn section(what: &str, name: &str) -> Subject {
        Subject {
            what: what.to_string(),
            part: if name == "*" {
                "any name".to_string()
            } else {
                format!("the name {name}")
            },
            is_resource: false,
        }
    }
}

fn resource_candidates(
    t: &Template,
    type_: &str,
    view: impl Fn(&Resource) -> Value,
) -> Vec<(String, Value)> {
    resources_of_type(t, type_)
        .into_iter()
        .map(|(id, r)| (id.to_string(), view(r)))
        .collect()
}

fn section_candidates(section: Option<&Map<String, Value>>, name: &str) -> Vec<(String, Value)> {
    section
        .into_iter()
        .flatten()
        .filter(|(k, _)| name == "*" || k.as_str() == name)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn find_in(candidates: Vec<(String, Value)>, pattern: &Value) -> Vec<(String, Value)> {
    candidates
        .into_iter()
        .filter(|(_, v)| matches(v, pattern))
        .collect()
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 difference".to_string()
    } else {
        format!("{n} differences")
    }
}

fn no_candidates(t: &Template, subject: &Subject, pattern: &Value) -> String {
    if subject.is_resource {
        let mut types: Vec<(&str, usize)> = Vec::new();
        for r in t.resources.values() {
            match types.iter_mut().find(|(ty, _)| *ty == r.type_) {
                Some((_, n)) => *n += 1,
                None => types.push((&r.type_, 1)),
            }
        }
        types.sort();
        let present = if types.is_empty() {
            "none".to_string()
        } else {
            types
                .iter()
                .map(|(ty, n)| format!("{ty} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "no resource of type {} in the template (looking for {} matching {})\ntypes present: {present}",
            subject.what,
            subject.part,
            describe(pattern)
        )
    } else {
        format!(
            "no {} with {} in the template (looking for one matching {})",
            subject.what,
            subject.part,
            describe(pattern)
        )
    }
}

fn expect_some(
    t: &Template,
    subject: &Subject,
    candidates: Vec<(String, Value)>,
    pattern: &Value,
) -> Vec<String> {
    if candidates.is_empty() {
        panic!("{}", no_candidates(t, subject, pattern));
    }
    let outcomes: Vec<(String, Outcome)> = candidates
        .iter()
        .map(|(id, v)| (id.clone(), check(Some(v), pattern)))
        .collect();
    let mut found = Vec::new();
    for (id, o) in &outcomes {
        if o.matched() {
            found.push(id.clone());
        }
    }
    if found.is_empty() {
        panic!(
            "{}",
            report_misses(subject, &outcomes, pattern, "none matches")
        );
    }
    for (_, o) in outcomes {
        if o.matched() {
            commit(o.captures);
        }
    }
    found
}

fn expect_all(t: &Template, subject: &Subject, candidates: Vec<(String, Value)>, pattern: &Value) {
    if candidates.is_empty() {
        panic!("{}", no_candidates(t, subject, pattern));
    }
    let outcomes: Vec<(String, Outcome)> = candidates
        .iter()
        .map(|(id, v)| (id.clone(), check(Some(v), pattern)))
        .collect();
    let misses: Vec<&(String, Outcome)> = outcomes.iter().filter(|(_, o)| !o.matched()).collect();
    if !misses.is_empty() {
        let mut msg = format!(
            "{} of {} {} {} do not match {}:\n",
            misses.len(),
            outcomes.len(),
            subject.what,
            if subject.is_resource {
                "resources"
            } else {
                "entries"
            },
            describe(pattern)
        );
        for (id, o) in misses {
            msg.push_str(&format!(
                "{id} ({}); - expected, + found:\n{}",
                count(o.differences.len()),
                o.render(2)
            ));
        }
        panic!("{msg}");
    }
    for (_, o) in outcomes {
        commit(o.captures);
    }
}

fn report_misses(
    subject: &Subject,
    outcomes: &[(String, Outcome)],
    pattern: &Value,
    verdict: &str,
) -> String {
    let n = outcomes.len();
    let candidates = if n == 1 {
        "1 candidate".to_string()
    } else {
        format!("{n} candidates")
    };
    let mut msg = if subject.is_resource {
        format!(
            "no {} has {} matching the pattern ({candidates}, {verdict})\n",
            subject.what, subject.part
        )
    } else {
        format!(
            "no {} with {} matches the pattern ({candidates}, {verdict})\n",
            subject.what, subject.part
        )
    };
    msg.push_str(&format!("pattern: {}\n", describe(pattern)));
    for (id, o) in outcomes {
        let first = o
            .differences
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        msg.push_str(&format!("  {id}: {first}\n"));
    }
    // Fewest differences first; logical-ID order breaks ties.
    if let Some((id, o)) = outcomes.iter().min_by_key(|(_, o)| o.differences.len()) {
        msg.push_str(&format!(
            "closest: {id} ({}); - expected, + found:\n{}",
            count(o.differences.len()),
            o.render(2)
        ));
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TABLES: &str = "\
Resources:
  Orders:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: {Name: orderId, Type: String}
      SSESpecification: {SSEEnabled: true}
  Sessions:
    Type: AWS::Serverless::SimpleTable
    DeletionPolicy: Retain
  Bucket:
    Type: AWS::S3::Bucket
";

    #[test]
    fn maps_match_as_subsets() {
        let actual = json!({"a": 1, "b": {"c": "x", "d": true}});
        assert!(matches(&actual, &json!({})));
        assert!(matches(&actual, &json!({"b": {"d": true}})));
        assert!(!matches(&actual, &json!({"b": {"d": false}})));
        assert_eq!(
            mismatch(&actual, &json!({"b": {"e": 1}})).unwrap(),
            "at b.e: missing (expected 1)"
        );
    }

    #[test]
    fn lists_match_element_wise_with_equal_length() {
        let actual = json!({"L": [{"k": 1, "x": 0}, {"k": 2}]});
        assert!(matches(&actual, &json!({"L": [{"k": 1}, {}]})));
        assert!(!matches(&actual, &json!({"L": [{"k": 2}, {"k": 1}]})));
        assert_eq!(
            mismatch(&actual, &json!({"L": [{"k": 1}]})).unwrap(),
            "at L: expected a list of 1 element(s) [{\"k\":1}], found [{\"k\":1,\"x\":0},{\"k\":2}]"
        );
        assert_eq!(
            mismatch(&actual, &json!({"L": [{}, {"k": 3}]})).unwrap(),
            "at L[1].k: expected 3, found 2"
        );
    }

    #[test]
    fn scalars_compare_by_value() {
        assert!(matches(&json!(1), &json!(1.0)));
        assert!(!matches(&json!("1"), &json!(1)));
        assert!(!matches(&json!(null), &json!({})));
        assert_eq!(
            mismatch(&json!("a"), &json!("b")).unwrap(),
            "at (top): expected \"b\", found \"a\""
        );
    }

    #[test]
    fn resources_by_type_and_count() {
        let t = synth_sam(TABLES);
        let ids: Vec<_> = resources_of_type(&t, "AWS::DynamoDB::Table")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["Orders", "Sessions"]);
        resource_count_is(&t, "AWS::DynamoDB::Table", 2);
        resource_count_is(&t, "AWS::S3::Bucket", 1);
        resource_count_is(&t, "AWS::Lambda::Function", 0);
    }

    #[test]
    fn has_resource_properties_returns_matching_ids() {
        let t = synth_sam(TABLES);
        let ids = has_resource_properties(
            &t,
            "AWS::DynamoDB::Table",
            json!({"SSESpecification": {"SSEEnabled": true}}),
        );
        assert_eq!(ids, ["Orders"]);
        let both = has_resource_properties(
            &t,
            "AWS::DynamoDB::Table",
            json!({"BillingMode": "PAY_PER_REQUEST"}),
        );
        assert_eq!(both, ["Orders", "Sessions"]);
    }

    #[test]
    #[should_panic(
        expected = "at KeySchema[0].AttributeName: expected \"nope\", found \"orderId\""
    )]
    fn has_resource_properties_explains_misses() {
        let t = synth_sam(TABLES);
        has_resource_properties(
            &t,
            "AWS::DynamoDB::Table",
            json!({"KeySchema": [{"AttributeName": "nope"}]}),
        );
    }

    #[test]
    #[should_panic(expected = "expected 3 resource(s) of type AWS::DynamoDB::Table, found 2")]
    fn resource_count_is_names_what_it_found() {
        resource_count_is(&synth_sam(TABLES), "AWS::DynamoDB::Table", 3);
    }

    #[test]
    fn find_resources_matches_whole_definitions() {
        let t = synth_sam(TABLES);
        let retained = find_resources(
            &t,
            "AWS::DynamoDB::Table",
            &json!({"DeletionPolicy": "Retain"}),
        );
        assert_eq!(retained.len(), 1);
        assert_eq!(retained[0].0, "Sessions");
        assert!(find_resources(&t, "AWS::S3::Bucket", &json!({"Properties": {}})).is_empty());
    }

    #[test]
    #[should_panic(expected = "did not synthesize")]
    fn synth_sam_panics_with_the_report() {
        synth_sam(
            "Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n    Properties: {Nope: 1}\n",
        );
    }

    #[test]
    fn snapshots_are_the_cli_text() {
        let t = synth_sam("Resources:\n  B:\n    Type: AWS::S3::Bucket\n");
        assert_eq!(
            json_snapshot(&t),
            "{\n  \"Resources\": {\n    \"B\": {\n      \"Type\": \"AWS::S3::Bucket\"\n    }\n  }\n}\n"
        );
        assert_eq!(
            yaml_snapshot(&t),
            "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
        );
    }
}
