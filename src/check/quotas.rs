//! CloudFormation's template quotas ("CloudFormation quotas" in the user
//! guide): what a stack create or update refuses however valid each resource is.

use serde_json::Value;

use crate::error::Diagnostic;

pub const MAX_RESOURCES: usize = 500;
pub const MAX_PARAMETERS: usize = 200;
pub const MAX_OUTPUTS: usize = 200;
pub const MAX_MAPPINGS: usize = 200;
pub const MAX_LOGICAL_ID: usize = 255;
/// A template body uploaded to S3 (1 MB).
pub const MAX_BODY: usize = 1_048_576;
/// A template body passed in the request itself; larger ones must go through S3.
pub const MAX_INLINE_BODY: usize = 51_200;

/// What the counts and names of a document exceed. Cheap: run it before
/// rendering, so an oversized template is refused before the work of writing it.
pub fn counts(doc: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (section, max, what) in [
        ("Resources", MAX_RESOURCES, "resources"),
        ("Parameters", MAX_PARAMETERS, "parameters"),
        ("Outputs", MAX_OUTPUTS, "outputs"),
        ("Mappings", MAX_MAPPINGS, "mappings"),
    ] {
        let n = super::section_len(doc, section);
        if n > max {
            out.push(Diagnostic::document(
                section,
                format!(
                    "The template has {n} {what}; CloudFormation's quota is {max} {what} per template."
                ),
            ));
        }
    }
    for section in [
        "Resources",
        "Parameters",
        "Outputs",
        "Mappings",
        "Conditions",
    ] {
        let Some(m) = doc.get(section).and_then(Value::as_object) else {
            continue;
        };
        for id in m.keys() {
            let len = id.chars().count();
            if len > MAX_LOGICAL_ID {
                let shown: String = id.chars().take(40).collect();
                out.push(Diagnostic::document(
                    format!("{section}.{shown}…"),
                    format!(
                        "The logical ID '{shown}…' in {section} is {len} characters long; \
                         CloudFormation's quota is {MAX_LOGICAL_ID}."
                    ),
                ));
            }
        }
    }
    out
}

/// The rendered template's size against the 1 MB quota; past 51,200 bytes a
/// note (not a problem) that it must be deployed from S3.
pub fn body(bytes: usize) -> (Option<Diagnostic>, Option<String>) {
    if bytes > MAX_BODY {
        let d = Diagnostic::document(
            "",
            format!(
                "The template body is {bytes} bytes; CloudFormation's quota is {MAX_BODY} bytes (1 MB)."
            ),
        );
        return (Some(d), None);
    }
    if bytes > MAX_INLINE_BODY {
        let note = format!(
            "note: the template is {bytes} bytes, over the {MAX_INLINE_BODY} bytes CloudFormation \
             takes inline: deploy it from S3 (`aws cloudformation deploy --s3-bucket …` or \
             `sam deploy` do)."
        );
        return (None, Some(note));
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn at_the_quota_is_fine_one_past_is_not() {
        let resources = |n: usize| -> serde_json::Map<String, Value> {
            (0..n)
                .map(|i| (format!("Q{i}"), json!({"Type": "AWS::SQS::Queue"})))
                .collect()
        };
        assert!(counts(&json!({"Resources": resources(500)})).is_empty());
        let d = counts(&json!({"Resources": resources(501)}));
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("501 resources") && d[0].message.contains("quota is 500"),
            "{}",
            d[0]
        );
    }

    #[test]
    fn long_logical_ids_and_big_bodies() {
        let long = "A".repeat(256);
        let d = counts(&json!({"Outputs": {long.clone(): {"Value": "x"}}}));
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("256 characters"), "{}", d[0]);
        assert!(counts(&json!({"Outputs": {"A".repeat(255): {"Value": "x"}}})).is_empty());
        assert_eq!(body(51_200), (None, None));
        assert!(body(51_201).1.is_some());
        assert!(body(1_048_577).0.is_some());
    }
}
