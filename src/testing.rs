//! Helpers for testing what an app or SAM template synthesizes, in the spirit
//! of CDK's `Template` assertions (`aws-cdk-lib/assertions`): synth to a
//! [`Template`], pick resources by type, and assert on a *partial* view of
//! their properties, so a test states only the property it is about.
//!
//! ```
//! use serde_json::json;
//! use stackwright::testing;
//!
//! let t = testing::synth_sam(
//!     "Resources:\n  Orders:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      PrimaryKey: {Name: orderId, Type: String}\n",
//! );
//! testing::resource_count_is(&t, "AWS::DynamoDB::Table", 1);
//! testing::has_resource_properties(
//!     &t,
//!     "AWS::DynamoDB::Table",
//!     json!({"KeySchema": [{"AttributeName": "orderId"}]}),
//! );
//! ```
//!
//! # The matching rule
//!
//! A pattern matches a value when:
//! - **maps**: every key of the pattern is present in the value and its value
//!   matches; keys the pattern does not mention are ignored (subset);
//! - **lists**: the value is a list of the *same length* and element `i`
//!   matches pattern element `i` by this same rule (so maps inside lists are
//!   matched as subsets, but order and length are exact);
//! - **numbers**: equal as numbers (`1` matches `1.0`);
//! - **everything else** (strings, booleans, null): equal.
//!
//! To check that a property is absent, read it with
//! [`Resource::property`](crate::template::Resource::property).
//!
//! These helpers are for tests: they panic with a message naming the
//! resources and the first difference, the way `assert!` does. The `try_`
//! functions return the error instead.

use std::path::Path;

use serde_json::Value;

use crate::emit;
use crate::error::Error;
use crate::template::{Resource, Template};
use crate::transform::Context;

/// The region tests synthesize for unless they say otherwise.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Synthesizes a SAM (or CloudFormation) template given as YAML or JSON text,
/// for [`DEFAULT_REGION`]. Panics with the full diagnostic report if it is invalid.
pub fn synth_sam(text: &str) -> Template {
    try_synth_sam(text, &Context::new(DEFAULT_REGION))
        .unwrap_or_else(|e| panic!("template did not synthesize:\n{e}"))
}

/// Synthesizes a SAM template file, for [`DEFAULT_REGION`]. Panics on any error.
pub fn synth_sam_file(path: impl AsRef<Path>) -> Template {
    let path = path.as_ref();
    try_synth_sam_file(path, &Context::new(DEFAULT_REGION))
        .unwrap_or_else(|e| panic!("{} did not synthesize:\n{e}", path.display()))
}

/// Synthesizes SAM text in the given context, returning the error (e.g. to
/// assert on its diagnostics).
pub fn try_synth_sam(text: &str, ctx: &Context) -> Result<Template, Error> {
    crate::sam::synth(text, "template.yaml", ctx)
}

/// Synthesizes a SAM template file in the given context.
pub fn try_synth_sam_file(path: &Path, ctx: &Context) -> Result<Template, Error> {
    crate::synth::synth_file(path, ctx)
}

/// The exact text `stackwright synth` prints for this template (pretty JSON,
/// trailing newline): what snapshot tests should store.
pub fn json_snapshot(t: &Template) -> String {
    emit::to_json(t, false).unwrap_or_else(|e| panic!("{e}"))
}

/// The exact text `stackwright synth --format yaml` prints for this template.
pub fn yaml_snapshot(t: &Template) -> String {
    emit::to_yaml(t).unwrap_or_else(|e| panic!("{e}"))
}

/// Every resource of one CloudFormation type, in logical-ID order.
pub fn resources_of_type<'t>(t: &'t Template, type_: &str) -> Vec<(&'t str, &'t Resource)> {
    t.resources
        .iter()
        .filter(|(_, r)| r.type_ == type_)
        .map(|(id, r)| (id.as_str(), r))
        .collect()
}

/// Resources of `type_` whose whole definition (`Type`, `Properties`,
/// `DependsOn`, `Condition`, …, as emitted) matches `pattern`; e.g.
/// `json!({"DeletionPolicy": "Retain"})`. Logical-ID order.
pub fn find_resources<'t>(
    t: &'t Template,
    type_: &str,
    pattern: &Value,
) -> Vec<(&'t str, &'t Resource)> {
    resources_of_type(t, type_)
        .into_iter()
        .filter(|(_, r)| mismatch(&resource_value(r), pattern).is_none())
        .collect()
}

/// Asserts that at least one resource of `type_` has properties matching
/// `properties` (see the module's matching rule), like CDK's
/// `Template.hasResourceProperties`. Returns the logical IDs that match.
pub fn has_resource_properties(t: &Template, type_: &str, properties: Value) -> Vec<String> {
    let candidates = resources_of_type(t, type_);
    let empty = Value::Object(Default::default());
    let mut misses = Vec::new();
    let mut found = Vec::new();
    for (id, r) in &candidates {
        let actual = r
            .properties
            .as_ref()
            .map(|p| Value::Object(p.clone()))
            .unwrap_or_else(|| empty.clone());
        match mismatch(&actual, &properties) {
            None => found.push(id.to_string()),
            Some(why) => misses.push(format!("  {id}: {why}")),
        }
    }
    if found.is_empty() {
        let pattern = serde_json::to_string_pretty(&properties).unwrap_or_default();
        if candidates.is_empty() {
            panic!(
                "no resource of type {type_} in the template (looking for properties {pattern})"
            );
        }
        panic!(
            "no {type_} resource has properties matching {pattern}\n{} candidate(s):\n{}",
            candidates.len(),
            misses.join("\n")
        );
    }
    found
}

/// Asserts that the template has exactly `count` resources of `type_`.
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

/// `true` when `pattern` matches `actual` by the module's matching rule.
pub fn matches(actual: &Value, pattern: &Value) -> bool {
    mismatch(actual, pattern).is_none()
}

/// The first place where `actual` does not match `pattern`, as
/// "at PATH: expected X, found Y"; `None` when it matches.
pub fn mismatch(actual: &Value, pattern: &Value) -> Option<String> {
    mismatch_at(actual, pattern, "")
}

fn mismatch_at(actual: &Value, pattern: &Value, path: &str) -> Option<String> {
    let here = |what: String| {
        let at = if path.is_empty() { "(top)" } else { path };
        Some(format!("at {at}: {what}"))
    };
    match (pattern, actual) {
        (Value::Object(p), Value::Object(a)) => p.iter().find_map(|(k, pv)| {
            let sub = join(path, k);
            match a.get(k) {
                Some(av) => mismatch_at(av, pv, &sub),
                None => Some(format!("at {sub}: missing (expected {})", compact(pv))),
            }
        }),
        (Value::Array(p), Value::Array(a)) => {
            if p.len() != a.len() {
                return here(format!(
                    "expected a list of {} element(s), found {}: {}",
                    p.len(),
                    a.len(),
                    compact(actual)
                ));
            }
            p.iter()
                .zip(a)
                .enumerate()
                .find_map(|(i, (pv, av))| mismatch_at(av, pv, &format!("{path}[{i}]")))
        }
        (Value::Number(p), Value::Number(a)) if p.as_f64() == a.as_f64() => None,
        (p, a) if p == a => None,
        (p, a) => here(format!("expected {}, found {}", compact(p), compact(a))),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn resource_value(r: &Resource) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
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
            "at L: expected a list of 1 element(s), found 2: [{\"k\":1,\"x\":0},{\"k\":2}]"
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
