//! Invalid templates: one snapshot per `tests/fixtures/errors/error_*.yaml`
//! holding the full diagnostic report the CLI prints (count first, then every
//! problem sorted by resource and property path).

mod support;

use stackwright::Error;

#[test]
fn error_fixtures() {
    support::with_snapshots(|| {
        insta::glob!("fixtures/errors", "error_*.{yaml,yml,json}", |path| {
            let name = support::name(path);
            let text = std::fs::read_to_string(path).expect("fixture is readable");
            // The fixture's bare name stands for the path, so the report is
            // the same on every machine.
            let err = match stackwright::sam::synth(&text, &name, &support::context()) {
                Ok(_) => panic!("{name} synthesized, but error_ fixtures must be rejected"),
                Err(e) => e,
            };
            assert_eq!(err.exit_code(), 1, "{name}: invalid input exits 1: {err}");
            if let Error::Invalid(diags) = &err {
                assert!(
                    !diags.is_empty(),
                    "{name}: an Invalid error lists its problems"
                );
                let mut sorted = diags.clone();
                sorted.sort_by(|a, b| (&a.resource, &a.path).cmp(&(&b.resource, &b.path)));
                assert_eq!(
                    &sorted, diags,
                    "{name}: problems are sorted by resource, path"
                );
            }
            insta::assert_snapshot!(err.to_string());
        });
    });
}

/// Every problem is reported, not just the first, and the count says so;
/// the first line is SAM's own message (its first problem per resource).
/// Reference (SAM 1.115) reports Apple, Mango and Zebra once each.
#[test]
fn all_problems_are_reported_with_their_count() {
    let text = std::fs::read_to_string(support::fixture("errors/error_multiple_problems.yaml"))
        .expect("fixture");
    let err = stackwright::sam::synth(&text, "t.yaml", &support::context()).unwrap_err();
    let Error::Invalid(diags) = &err else {
        panic!("expected Invalid, got {err:?}");
    };
    let ids: Vec<_> = diags.iter().filter_map(|d| d.resource.as_deref()).collect();
    for id in ["Apple", "Mango", "Zebra"] {
        assert!(ids.contains(&id), "{id} is named: {ids:?}");
    }
    assert!(!ids.contains(&"Bucket"));
    let report = err.to_string();
    let first = report.lines().next().unwrap_or_default();
    assert!(first.starts_with(
        "Invalid Serverless Application Specification document. Number of errors found: 3. \
         Resource with id [Apple] is invalid. property Tagz not defined for resource of type AWS::Serverless::SimpleTable \
         Resource with id [Mango] is invalid."
    ), "{first}");
    assert!(report.contains(&format!("\nAll {} problems found:", diags.len())));
    assert_eq!(report.lines().count(), diags.len() + 2);
}

/// YAML syntax errors carry the line and column of the problem.
#[test]
fn syntax_errors_have_a_location() {
    let text = std::fs::read_to_string(support::fixture("errors/error_bad_yaml_syntax.yaml"))
        .expect("fixture");
    match stackwright::sam::synth(&text, "t.yaml", &support::context()) {
        Err(Error::Syntax {
            location: Some(l), ..
        }) => assert_eq!((l.line, l.column), (6, 17)),
        other => panic!("expected a located syntax error, got {other:?}"),
    }
}
