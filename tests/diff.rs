//! `stackwright diff` and `diff::diff`: the acceptance cases on two versions
//! of an orders app (tests/fixtures/diff/), exit statuses, the refactor
//! mapping, colour, and the rules behind "replaces".

mod support;

use std::process::{Command, Output};

use serde_json::json;
use stackwright::diff::{self, ChangeKind, Impact, Status};
use stackwright::testing;

fn stackwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(args)
        .output()
        .expect("the stackwright binary runs")
}

fn fx(name: &str) -> String {
    support::fixture(&format!("diff/{name}"))
        .display()
        .to_string()
}

/// `stackwright diff orders_v1.yaml <new>`: (exit status, stdout).
fn diff_v1(new: &str, extra: &[&str]) -> (i32, String) {
    let (old, new) = (fx("orders_v1.yaml"), fx(new));
    let mut args = vec!["diff", old.as_str(), new.as_str()];
    args.extend_from_slice(extra);
    let o = stackwright(&args);
    assert!(
        o.stderr.is_empty() || !extra.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (
        o.status.code().expect("exited"),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn snapshot(name: &str, text: &str) {
    support::with_snapshots(|| insta::assert_snapshot!(name, text));
}

#[test]
fn sort_key_changed_replaces_the_table() {
    let (code, out) = diff_v1("orders_sort_key.yaml", &[]);
    assert_eq!(code, 4, "{out}");
    assert!(
        out.contains("AWS::DynamoDB::Table OrdersTable REPLACES the resource"),
        "{out}"
    );
    snapshot("diff_sort_key_changed", &out);
}

#[test]
fn route_added_is_an_update() {
    let (code, out) = diff_v1("orders_route.yaml", &[]);
    assert_eq!(code, 3, "{out}");
    assert!(!out.contains("REPLACES"), "{out}");
    snapshot("diff_route_added", &out);
}

#[test]
fn identical_templates_exit_0() {
    let (code, out) = diff_v1("orders_v1.yaml", &[]);
    assert_eq!((code, out.as_str()), (0, "No differences.\n"));
}

#[test]
fn table_moved_is_one_rename_naming_both_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("refactor.json");
    let (code, out) = diff_v1(
        "orders_moved.yaml",
        &[
            "--refactor-mapping",
            mapping.to_str().unwrap(),
            "--stack-name",
            "orders-prod",
        ],
    );
    assert_eq!(code, 4, "{out}");
    assert!(
        out.contains("OrderHistory renamed from OrdersTable: REPLACES the resource"),
        "{out}"
    );
    assert!(
        !out.contains("[-]") && !out.contains("[+]"),
        "one rename, not a delete and a create: {out}"
    );
    snapshot("diff_table_moved", &out);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mapping).unwrap()).unwrap();
    assert_eq!(
        written,
        json!([{
            "Source": {"StackName": "orders-prod", "LogicalResourceId": "OrdersTable"},
            "Destination": {"StackName": "orders-prod", "LogicalResourceId": "OrderHistory"},
        }])
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let (_, piped) = diff_v1("orders_sort_key.yaml", &[]);
    assert!(!piped.contains('\x1b'), "piped output is plain");
    let (_, coloured) = diff_v1("orders_sort_key.yaml", &["--color", "always"]);
    assert!(
        coloured.contains("\x1b[1;31mREPLACES the resource\x1b[0m"),
        "{coloured}"
    );
}

#[test]
fn usage_errors_and_help() {
    let o = stackwright(&["diff", &fx("orders_v1.yaml")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("two templates are needed"));
    let o = stackwright(&["diff", "--against", &fx("orders_v1.yaml")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Rust app"));
    let o = stackwright(&["diff", &fx("orders_v1.yaml"), &fx("nope.yaml")]);
    assert_eq!(o.status.code(), Some(2));
    let help = String::from_utf8_lossy(&stackwright(&["diff", "--help"]).stdout).into_owned();
    for line in ["0  identical", "3  changes", "4  a resource is replaced"] {
        assert!(help.contains(line), "{help}");
    }
}

const QUEUE: &str =
    "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 0\n";

#[test]
fn update_replace_and_conditional() {
    let old = testing::from_yaml(QUEUE);
    let d = diff::diff(
        &old,
        &testing::from_yaml(&QUEUE.replace("DelaySeconds: 0", "DelaySeconds: 5")),
    );
    assert_eq!(d.status(), Status::Updates);
    assert_eq!(d.resources[0].changes[0].impact, Impact::Update);

    let fifo = QUEUE.replace("DelaySeconds: 0", "FifoQueue: true");
    let d = diff::diff(&old, &testing::from_yaml(&fifo));
    assert_eq!(d.status(), Status::Destructive);
    let r = &d.resources[0];
    assert_eq!((r.impact, r.stateful), (Impact::Replace, true));
    assert_eq!(
        r.changes
            .iter()
            .find(|c| c.name == "FifoQueue")
            .unwrap()
            .reason
            .as_deref(),
        Some("FifoQueue is create-only")
    );

    // Lambda's DurableConfig is conditionally create-only in the schemas.
    let f = "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: r\n";
    let d = diff::diff(
        &testing::from_yaml(f),
        &testing::from_yaml(&format!("{f}      DurableConfig: {{}}\n")),
    );
    assert_eq!(d.resources[0].impact, Impact::MayReplace);
    assert_eq!(d.status(), Status::Destructive);
}

#[test]
fn a_custom_name_makes_a_replacement_fail() {
    let old = testing::from_yaml("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: a, ObjectLockEnabled: false}\n");
    let new = testing::from_yaml("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: b, ObjectLockEnabled: false}\n");
    let d = diff::diff(&old, &new);
    assert!(
        d.resources[0].notes[0].contains("cannot replace a custom-named resource"),
        "{d:?}"
    );
}

#[test]
fn replacement_follows_references_in_create_only_properties() {
    // Replacing the function renames it; the permission's FunctionName
    // (create-only) refers to it, so the permission is replaced too.
    let t = |name: &str| {
        testing::from_yaml(&format!(
            "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: {{Role: r, FunctionName: {name}}}\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      Principal: s3.amazonaws.com\n      FunctionName: !Ref F\n"
        ))
    };
    let d = diff::diff(&t("a"), &t("b"));
    let p = d
        .resources
        .iter()
        .find(|r| r.id == "P")
        .expect("the permission is affected");
    assert_eq!(p.impact, Impact::MayReplace);
    assert!(
        p.changes[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("refers to F"),
        "{p:?}"
    );
}

#[test]
fn stateful_removals_and_retention() {
    let old = testing::from_yaml("Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    DeletionPolicy: Retain\n  Topic:\n    Type: AWS::SNS::Topic\n");
    let new = testing::from_yaml("Resources: {}\n");
    let d = diff::diff(&old, &new);
    assert_eq!(d.status(), Status::Destructive);
    let logs = &d.resources[0];
    assert_eq!(
        (logs.kind.clone(), logs.stateful),
        (ChangeKind::Removed, true)
    );
    assert!(logs.notes[0].contains("DeletionPolicy Retain"), "{logs:?}");
    // A stateless removal alone is an update-level change.
    let only_topic = testing::from_yaml("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n");
    assert_eq!(diff::diff(&only_topic, &new).status(), Status::Updates);
}

#[test]
fn other_sections_and_attributes() {
    let old = testing::from_yaml(
        "Parameters:\n  Stage: {Type: String}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",
    );
    let new = testing::from_yaml("Parameters:\n  Stage: {Type: String, Default: dev}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Retain\nOutputs:\n  Url: {Value: x}\n");
    let d = diff::diff(&old, &new);
    assert_eq!(d.status(), Status::Updates);
    assert_eq!(d.resources[0].changes[0].name, "DeletionPolicy");
    let names: Vec<_> = d
        .sections
        .iter()
        .map(|s| (s.section.as_str(), s.name.as_deref()))
        .collect();
    assert_eq!(
        names,
        [("Parameters", Some("Stage")), ("Outputs", Some("Url"))]
    );
}

#[test]
fn assert_no_replacement_uses_the_same_rules() {
    let old = testing::synth_sam_file(support::fixture("diff/orders_v1.yaml"));
    testing::assert_no_replacement(
        &old,
        &testing::synth_sam_file(support::fixture("diff/orders_route.yaml")),
    );
    let moved = testing::synth_sam_file(support::fixture("diff/orders_moved.yaml"));
    assert!(std::panic::catch_unwind(|| testing::assert_no_replacement(&old, &moved)).is_err());
}

#[test]
fn a_rust_app_against_the_template_it_deployed() {
    use stackwright::cli::{ColorChoice, DiffArgs};
    use stackwright::dsl::prelude::*;

    let build = |key: &'static str| {
        let mut app = App::new("shop");
        app.simple_table(
            "Orders",
            SimpleTable::new().primary_key(key, KeyType::String),
        );
        app
    };
    let dir = tempfile::tempdir().unwrap();
    let deployed = dir.path().join("shop.yaml");
    std::fs::write(
        &deployed,
        testing::yaml_snapshot(&testing::synth_app(&build("id"))),
    )
    .unwrap();
    // What `cargo run -- diff --against shop.yaml` runs in the app.
    let args = DiffArgs {
        old: None,
        new: None,
        against: Some(deployed),
        refactor_mapping: None,
        stack_name: None,
        region: "us-east-1".into(),
        color: ColorChoice::Never,
    };
    assert_eq!(diff::command::run(&args, Some(&build("id"))), 0);
    assert_eq!(diff::command::run(&args, Some(&build("orderId"))), 4);
}
