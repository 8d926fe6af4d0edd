//! Template checks and quotas: one snapshot per `tests/fixtures/checks/*`
//! holding every warning the checks give on it (the fixtures that must stay
//! silent snapshot an empty list), plus focused tests for each check: a
//! template that trips it and one that does not.

mod support;

use serde_json::{json, Map, Value};
use stackwright::check;

/// The input problems (duplicate keys) and the checks' findings on a fixture's output.
fn findings(rel: &str) -> Vec<String> {
    let path = support::fixture(rel);
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    let (doc, input) = stackwright::yaml::parse_checked(&text, rel).expect("fixture parses");
    let template = stackwright::sam::synth_value(&doc, &support::context())
        .unwrap_or_else(|e| panic!("{rel} synthesizes: {e}"));
    let out = template.to_value();
    input
        .iter()
        .chain(check::template(&out).iter())
        .map(ToString::to_string)
        .collect()
}

#[test]
fn check_fixtures() {
    support::with_snapshots(|| {
        insta::glob!("fixtures/checks", "*.{yaml,json}", |path| {
            let name = support::name(path);
            let found = findings(&format!("checks/{name}"));
            insta::assert_snapshot!(found.join("\n"));
        });
    });
}

fn any(found: &[String], needles: &[&str]) -> bool {
    found.iter().any(|f| needles.iter().all(|n| f.contains(n)))
}

#[test]
fn a_clean_template_gives_no_warning() {
    let found = findings("checks/clean.yaml");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn refs_subs_and_getatts_to_missing_names() {
    let f = findings("checks/ref_missing.yaml");
    assert!(any(&f, &["[Worker]", "'NoSuchTable' (Ref)"]), "{f:#?}");
    assert!(
        any(&f, &["'Order' (Ref)", "Did you mean 'Orders'?"]),
        "{f:#?}"
    );
    assert!(any(&f, &["'Missing' (Fn::Sub)"]), "{f:#?}");
    assert!(
        any(&f, &["'AWS::Regin'", "not a pseudo parameter"]),
        "{f:#?}"
    );
    assert!(
        any(&f, &["'Ghost' (Fn::GetAtt)", "not a resource"]),
        "{f:#?}"
    );
    assert!(any(&f, &["'Stage' (Fn::GetAtt)", "a parameter"]), "{f:#?}");
    assert!(any(&f, &["Outputs.Table.Value", "'Nowhere'"]), "{f:#?}");
    assert!(
        any(
            &f,
            &["Conditions.IsProd", "'Stge'", "Did you mean 'Stage'?"]
        ),
        "{f:#?}"
    );
    assert_eq!(f.len(), 8, "{f:#?}");
}

#[test]
fn attributes_a_type_does_not_have() {
    let f = findings("checks/getatt_attribute.yaml");
    assert!(
        any(
            &f,
            &["[Topic]", "attribute 'Url' of 'Jobs'", "AWS::SQS::Queue"]
        ),
        "{f:#?}"
    );
    assert!(
        any(&f, &["attribute 'Arnn'", "Did you mean 'Arn'?"]),
        "{f:#?}"
    );
    assert_eq!(f.len(), 2, "{f:#?}");
}

#[test]
fn unknown_types_with_did_you_mean() {
    let f = findings("checks/unknown_type.yaml");
    assert!(
        any(
            &f,
            &[
                "[Jobs]",
                "'AWS::SQS::Queu'",
                "Did you mean 'AWS::SQS::Queue'?"
            ]
        ),
        "{f:#?}"
    );
    assert!(any(&f, &["[Thing]", "'AWS::Nothing::LikeThis'"]), "{f:#?}");
    assert_eq!(f.len(), 2, "custom, registry and module types pass: {f:#?}");
}

#[test]
fn depends_on_missing_and_cycles() {
    let f = findings("checks/depends_on_missing.yaml");
    assert!(
        any(
            &f,
            &["[Jobs]", "DependsOn.1", "'Tpic'", "Did you mean 'Topic'?"]
        ),
        "{f:#?}"
    );
    assert!(any(&f, &["[Topic]", "'Nope'"]), "{f:#?}");
    assert_eq!(f.len(), 2, "{f:#?}");

    let f = findings("checks/depends_on_cycle.yaml");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(any(&f, &["[A]", "A → B → C → A"]), "{f:#?}");

    let f = findings("checks/self_reference.yaml");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(any(&f, &["[Loop]", "depends on itself"]), "{f:#?}");
}

#[test]
fn duplicate_keys_in_yaml_and_json() {
    let f = findings("checks/duplicate_keys.yaml");
    assert!(
        any(&f, &["[Jobs]", "'QueueName'", "'Properties'"]),
        "{f:#?}"
    );
    assert!(any(&f, &["Key 'Jobs'", "'Resources'"]), "{f:#?}");
    assert_eq!(f.len(), 2, "{f:#?}");

    let f = findings("checks/duplicate_keys.json");
    assert!(any(&f, &["[Jobs]", "'DelaySeconds'"]), "{f:#?}");
    assert!(any(&f, &["Key 'Resources'", "top level"]), "{f:#?}");
    assert_eq!(f.len(), 2, "{f:#?}");

    assert!(findings("checks/no_duplicate_keys.json").is_empty());
}

#[test]
fn duplicate_keys_keep_the_documents_value() {
    // Reporting duplicates changes nothing in what is read: the last value wins.
    for text in [
        "A: 1\nA: 2\nB: [x]\n",
        "{\"A\": 1, \"A\": 2, \"B\": [\"x\"]}",
    ] {
        let plain = stackwright::yaml::parse(text, "t").unwrap();
        let (checked, dups) = stackwright::yaml::parse_checked(text, "t").unwrap();
        assert_eq!(plain, checked);
        assert_eq!(plain, json!({"A": 2, "B": ["x"]}));
        assert_eq!(dups.len(), 1);
    }
}

#[test]
fn undeclared_parameters() {
    let doc = json!({"Parameters": {"Stage": {"Type": "String"}}, "Resources": {}});
    assert!(check::parameters(&doc, ["Stage"]).is_empty());
    let d = check::parameters(&doc, ["Stag", "Nope"]);
    let d: Vec<String> = d.iter().map(ToString::to_string).collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(
        any(&d, &["--parameter Stag=…", "Did you mean 'Stage'?"]),
        "{d:#?}"
    );
    assert!(
        any(&d, &["--parameter Nope=…", "it declares Stage"]),
        "{d:#?}"
    );
}

fn queues(n: usize) -> Map<String, Value> {
    (0..n)
        .map(|i| (format!("Q{i}"), json!({"Type": "AWS::SQS::Queue"})))
        .collect()
}

fn section(n: usize, value: Value) -> Map<String, Value> {
    (0..n).map(|i| (format!("N{i}"), value.clone())).collect()
}

#[test]
fn quotas_each_trip_one_past_and_not_at() {
    let cases: [(&str, usize, Value, &str); 4] = [
        (
            "Resources",
            500,
            json!({"Type": "AWS::SQS::Queue"}),
            "resources",
        ),
        ("Parameters", 200, json!({"Type": "String"}), "parameters"),
        ("Outputs", 200, json!({"Value": "x"}), "outputs"),
        ("Mappings", 200, json!({"K": {"V": "x"}}), "mappings"),
    ];
    for (name, max, value, what) in cases {
        let at = json!({ name: section(max, value.clone()) });
        assert!(check::quotas::counts(&at).is_empty(), "{name} at {max}");
        let past = json!({ name: section(max + 1, value) });
        let d = check::quotas::counts(&past);
        assert_eq!(d.len(), 1, "{name}: {d:#?}");
        let expected = format!("{} {what}", max + 1);
        assert!(d[0].message.contains(&expected), "{}", d[0]);
        assert!(
            d[0].message.contains(&format!("quota is {max}")),
            "{}",
            d[0]
        );
    }
    let long = json!({"Resources": {"R".repeat(256): {"Type": "AWS::SQS::Queue"}}});
    assert_eq!(check::quotas::counts(&long).len(), 1);
    let ok = json!({"Resources": {"R".repeat(255): {"Type": "AWS::SQS::Queue"}}});
    assert!(check::quotas::counts(&ok).is_empty());
    assert!(check::quotas::body(1_048_577).0.is_some());
    assert!(check::quotas::body(1_048_576).0.is_none());
}

#[test]
fn checks_are_deterministic_and_do_not_depend_on_order() {
    let mut a = queues(3);
    a.insert(
        "T".into(),
        json!({"Type": "AWS::SNS::Topic", "DependsOn": ["X", "Y"],
        "Properties": {"DisplayName": {"Ref": "Z"}}}),
    );
    let mut b: Map<String, Value> = Map::new();
    for (k, v) in a.iter().rev() {
        b.insert(k.clone(), v.clone());
    }
    let da = check::template(&json!({"Resources": a}));
    let db = check::template(&json!({"Resources": b}));
    assert_eq!(da, db);
    assert_eq!(da.len(), 3);
}

#[test]
fn the_checked_reader_reads_every_fixture_as_the_plain_one_does() {
    // The CLI reads through `parse_checked`; the library and the corpus
    // snapshots through `parse`: they must agree on every document.
    let root = support::fixture("");
    let mut dirs = vec![root];
    let mut n = 0;
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            let name = p.display().to_string();
            match (
                stackwright::yaml::parse(&text, &name),
                stackwright::yaml::parse_checked(&text, &name),
            ) {
                (Ok(a), Ok((b, _))) => assert_eq!(a, b, "{name}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
                (a, b) => panic!("{name}: {a:?} vs {b:?}"),
            }
            n += 1;
        }
    }
    assert!(n > 20, "{n} fixtures read");
}

#[test]
fn the_checked_reader_reads_the_sam_corpus_as_the_plain_one_does() {
    // The SAM corpus beside the repository (CI's ../shared), when present:
    // the CLI's output stays byte-identical only if both readers agree.
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sam-corpus/input");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        eprintln!("no SAM corpus at {}: skipped", corpus.display());
        return;
    };
    let mut n = 0;
    for e in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let name = e.path().display().to_string();
        match (
            stackwright::yaml::parse(&text, &name),
            stackwright::yaml::parse_checked(&text, &name),
        ) {
            (Ok(a), Ok((b, _))) => assert_eq!(a, b, "{name}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: {a:?} vs {b:?}"),
        }
        n += 1;
    }
    assert!(n > 100, "{n} corpus inputs read");
}

#[test]
fn a_duplicate_attribute_names_its_resource() {
    let text = "Resources:\n  Q:\n    Type: AWS::SNS::Topic\n    Type: AWS::SQS::Queue\n";
    let (_, d) = stackwright::yaml::parse_checked(text, "t.yaml").unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].resource.as_deref(), Some("Q"));
    assert_eq!(d[0].path, "Type");
    assert!(d[0].message.contains("in 'Resources.Q'"), "{}", d[0]);
}
