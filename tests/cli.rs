//! The `stackwright` binary's contract: exit codes (0 ok, 1 invalid input,
//! 2 I/O or usage), what goes to stdout and stderr, and `--out` writing
//! nothing at all unless synthesis succeeded.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VALID: &str = "sam/simple_table_all_properties.yaml";
const INVALID: &str = "errors/error_multiple_problems.yaml";

fn stackwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(args)
        .output()
        .expect("the stackwright binary runs")
}

fn synth(args: &[&str]) -> Output {
    let mut all = vec!["synth"];
    all.extend_from_slice(args);
    stackwright(&all)
}

fn fx(rel: &str) -> String {
    support::fixture(rel).display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

/// Names of the entries in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn valid_template_prints_json_and_exits_0() {
    let o = synth(&[&fx(VALID)]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    assert!(o.stderr.is_empty(), "nothing on stderr: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(v["Resources"]["Orders"]["Type"], "AWS::DynamoDB::Table");
    // Pretty by default, and the same text the library renders.
    let t = stackwright::testing::synth_sam_file(support::fixture(VALID));
    assert_eq!(stdout(&o), stackwright::testing::json_snapshot(&t));
}

#[test]
fn invalid_template_reports_every_problem_and_exits_1() {
    let o = synth(&[&fx(INVALID)]);
    assert_eq!(code(&o), 1);
    assert!(o.stdout.is_empty(), "no template on stdout");
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "Invalid Serverless Application Specification document. Number of errors found: 3."
        ),
        "{err}"
    );
    assert!(err.contains("All 4 problems found:"), "{err}");
    for id in ["[Apple]", "[Mango]", "[Zebra]"] {
        assert!(err.contains(id), "{id} reported: {err}");
    }
}

#[test]
fn syntax_error_exits_1_with_line_and_column() {
    let path = fx("errors/error_bad_yaml_syntax.yaml");
    let o = synth(&[&path]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains(&format!("{path}:6:17: ")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_file_exits_2() {
    let o = synth(&["/nonexistent/stackwright/template.yaml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("/nonexistent/stackwright/template.yaml"));
    assert!(o.stdout.is_empty());
}

#[test]
fn no_template_exits_2() {
    let o = synth(&[]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no template given"), "{}", stderr(&o));
}

#[test]
fn format_yaml_prints_the_same_template_as_yaml() {
    let json = synth(&[&fx(VALID)]);
    let yaml = synth(&["--format", "yaml", &fx(VALID)]);
    assert_eq!(code(&yaml), 0, "{}", stderr(&yaml));
    let text = stdout(&yaml);
    assert!(text.starts_with("AWSTemplateFormatVersion: "), "{text}");
    let from_yaml = stackwright::yaml::parse(&text, "out.yaml").expect("stdout is YAML");
    let from_json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(from_yaml, from_json);
}

#[test]
fn compact_prints_one_line() {
    let o = synth(&["--compact", &fx(VALID)]);
    assert_eq!(code(&o), 0);
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 1);
    assert!(text.ends_with('\n'));
    let pretty: serde_json::Value = serde_json::from_slice(&synth(&[&fx(VALID)]).stdout).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        pretty
    );
}

#[test]
fn out_file_gets_exactly_what_stdout_would() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stack.json");
    let o = synth(&["--out", out.to_str().unwrap(), &fx(VALID)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "nothing on stdout with --out");
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, stdout(&synth(&[&fx(VALID)])));
    assert_eq!(entries(dir.path()), ["stack.json"], "no temp file left");
}

#[test]
fn out_dir_gets_stem_dot_format() {
    let dir = tempfile::tempdir().unwrap();
    // A trailing slash names a directory, created if needed.
    let new_dir = format!("{}/cfn/", dir.path().display());
    let o = synth(&["--out", &new_dir, "--format", "yaml", &fx(VALID)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let cfn = dir.path().join("cfn");
    assert_eq!(entries(&cfn), ["simple_table_all_properties.yaml"]);
    // An existing directory needs no slash.
    let o = synth(&["--out", cfn.to_str().unwrap(), &fx(VALID)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        entries(&cfn),
        [
            "simple_table_all_properties.json",
            "simple_table_all_properties.yaml"
        ]
    );
}

#[test]
fn failure_with_out_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stack.json");
    let o = synth(&["--out", out.to_str().unwrap(), &fx(INVALID)]);
    assert_eq!(code(&o), 1);
    assert!(entries(dir.path()).is_empty(), "no file, no temp file");

    let into_dir = format!("{}/", dir.path().display());
    let o = synth(&["--out", &into_dir, &fx(INVALID)]);
    assert_eq!(code(&o), 1);
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn failure_with_out_leaves_an_existing_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stack.json");
    std::fs::write(&out, "previous good template\n").unwrap();
    let o = synth(&["--out", out.to_str().unwrap(), &fx(INVALID)]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "previous good template\n"
    );
    assert_eq!(entries(dir.path()), ["stack.json"]);
}

#[test]
fn unwritable_out_exits_2_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the output's folder should be (missing folders are made).
    std::fs::write(dir.path().join("not-a-dir"), "").unwrap();
    let out: PathBuf = dir.path().join("not-a-dir").join("stack.json");
    let o = synth(&["--out", out.to_str().unwrap(), &fx(VALID)]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not-a-dir"), "{}", stderr(&o));
    assert_eq!(entries(dir.path()), ["not-a-dir"]);
}

#[test]
fn out_never_overwrites_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("template.yaml");
    std::fs::copy(support::fixture(VALID), &input).unwrap();
    let before = std::fs::read_to_string(&input).unwrap();
    let o = synth(&["--out", input.to_str().unwrap(), input.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert_eq!(std::fs::read_to_string(&input).unwrap(), before);
}

/// The region picks the partition. A SimpleTable's output does not mention
/// it, so the output is the same in every region.
#[test]
fn region_is_accepted_and_tables_do_not_depend_on_it() {
    let a = synth(&["--region", "cn-north-1", &fx(VALID)]);
    let b = synth(&["--region", "eu-west-1", &fx(VALID)]);
    assert_eq!(code(&a), 0, "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
}

/// Where the partition is visible (a function's managed-policy ARN), China
/// regions use `aws-cn`.
#[test]
fn china_region_uses_the_aws_cn_partition() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fn.yaml");
    std::fs::write(
        &path,
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      \
         Runtime: python3.12\n      Handler: app.handler\n      CodeUri: s3://bucket/code.zip\n",
    )
    .unwrap();
    let o = synth(&["--region", "cn-north-1", path.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("arn:aws-cn:"), "{out}");
    assert!(!out.contains("arn:aws:"), "{out}");
}

#[test]
fn parameter_needs_key_equals_value() {
    for bad in ["novalue", "=value"] {
        let o = synth(&["--parameter", bad, &fx(VALID)]);
        assert_eq!(code(&o), 2, "usage errors exit 2 ({bad})");
        assert!(stderr(&o).contains("expected KEY=VALUE"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    // Only the first '=' splits; an empty value is a value.
    for good in ["Stage=prod", "Stage=a=b", "Stage="] {
        let o = synth(&["--parameter", good, &fx(VALID)]);
        assert_eq!(code(&o), 0, "{good}: {}", stderr(&o));
    }
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let o = synth(&["--no-such-flag", &fx(VALID)]);
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
}

#[test]
fn init_scaffolds_an_app_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("shop");
    let app_arg = app.display().to_string();
    let run = || stackwright(&["init", &app_arg]);
    let first = run();
    assert_eq!(code(&first), 0, "stderr: {}", stderr(&first));
    for f in [
        "Cargo.toml",
        "src/main.rs",
        "tests/template.rs",
        ".gitignore",
    ] {
        assert!(app.join(f).is_file(), "{f} written");
    }
    let main_before = std::fs::read_to_string(app.join("src/main.rs")).unwrap();
    let second = run();
    assert_eq!(code(&second), 2, "an existing app is an I/O refusal");
    assert!(
        stderr(&second).contains("already exists"),
        "{}",
        stderr(&second)
    );
    assert_eq!(
        std::fs::read_to_string(app.join("src/main.rs")).unwrap(),
        main_before
    );
}

/// A property written next to `Type` is dropped as SAM drops it: the
/// template synthesizes (exit 0) and stderr warns, naming resource and attribute.
#[test]
fn misplaced_attribute_warns_on_stderr_and_exits_0() {
    let o = synth(&[&fx("warnings/misplaced_description.yaml")]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("warning: resource [Orders]: 'Description'"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(v["Resources"]["Orders"]["Type"], "AWS::DynamoDB::Table");
}

/// A Serverless Application Repository application needs the network in
/// SAM: offline it is rejected, naming the resource and `--applications`;
/// with the URL given in that file it becomes the nested stack SAM writes.
#[test]
fn sar_applications_take_their_url_from_a_file() {
    let template = fx("applications/sar_application.yaml");
    let o = synth(&[&template]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("[Hello]") && err.contains("--applications FILE"),
        "{err}"
    );
    let o = synth(&["--applications", &fx("applications/urls.json"), &template]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    let stack = &v["Resources"]["Hello"];
    assert_eq!(stack["Type"], "AWS::CloudFormation::Stack");
    assert_eq!(
        stack["Properties"]["TemplateURL"],
        "https://example.com/hello-1.0.2.yaml"
    );
    assert_eq!(
        stack["Properties"]["Tags"],
        serde_json::json!([
            {"Key": "lambda:createdBy", "Value": "SAM"},
            {"Key": "serverlessrepo:applicationId", "Value": "arn:aws:serverlessrepo:us-east-1:123456789012:applications/hello-world"},
            {"Key": "serverlessrepo:semanticVersion", "Value": "1.0.2"}
        ])
    );
}

// ---- Template checks, quotas and CLI polish (issue 14) ----

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn queues(n: usize) -> String {
    let mut t = String::from("Resources:\n");
    for i in 0..n {
        t.push_str(&format!("  Q{i}:\n    Type: AWS::SQS::Queue\n"));
    }
    t
}

#[test]
fn check_warnings_go_to_stderr_and_leave_stdout_and_exit_code_alone() {
    let o = synth(&[&fx("checks/ref_missing.yaml")]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning: Resource with id [Worker] is invalid.")
            && err.contains("'NoSuchTable' (Ref)"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(v["Resources"]["Worker"]["Type"], "AWS::Lambda::Function");
    // The same bytes as without the checks: the library's own rendering.
    let t = stackwright::testing::synth_sam_file(support::fixture("checks/ref_missing.yaml"));
    assert_eq!(stdout(&o), stackwright::emit::to_json(&t, false).unwrap());
}

#[test]
fn strict_turns_warnings_into_errors_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = synth(&[
        "--strict",
        "--out",
        &format!("{}/", out.display()),
        &fx("checks/unknown_type.yaml"),
    ]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("Number of errors found: 2"), "{err}");
    assert!(err.contains("Did you mean 'AWS::SQS::Queue'?"), "{err}");
    assert!(!out.exists(), "nothing written");
    let clean = synth(&["--strict", &fx("checks/clean.yaml")]);
    assert_eq!(code(&clean), 0, "stderr: {}", stderr(&clean));
    assert!(clean.stderr.is_empty(), "{}", stderr(&clean));
}

#[test]
fn validate_runs_the_checks_alone() {
    let o = stackwright(&["validate", &fx("checks/depends_on_cycle.yaml")]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    assert!(stderr(&o).contains("A → B → C → A"), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "validate never prints the template");
    let ok = stackwright(&["validate", &fx("checks/clean.yaml")]);
    assert_eq!(code(&ok), 0, "stderr: {}", stderr(&ok));
    assert!(stdout(&ok).contains("no problems found"), "{}", stdout(&ok));
    let none = stackwright(&["validate"]);
    assert_eq!(code(&none), 2);
}

#[test]
fn undeclared_parameter_is_a_warning_and_strict_error() {
    let o = synth(&["--parameter", "Nope=1", &fx(VALID)]);
    assert_eq!(code(&o), 0);
    assert!(
        stderr(&o).contains("--parameter Nope=… names a parameter the template does not declare"),
        "{}",
        stderr(&o)
    );
    let o = synth(&["--strict", "--parameter", "Nope=1", &fx(VALID)]);
    assert_eq!(code(&o), 1);
    assert!(o.stdout.is_empty());
}

#[test]
fn duplicate_keys_are_warnings() {
    let o = synth(&[&fx("checks/duplicate_keys.yaml")]);
    assert_eq!(code(&o), 0);
    assert!(
        stderr(&o).contains("Key 'QueueName' appears more than once in 'Properties'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_501_resource_template_is_rejected_naming_the_quota() {
    let dir = tempfile::tempdir().unwrap();
    let at = write(dir.path(), "at.yaml", &queues(500));
    let o = synth(&[&at]);
    assert_eq!(code(&o), 0, "500 is within the quota: {}", stderr(&o));
    let past = write(dir.path(), "past.yaml", &queues(501));
    let o = synth(&[&past]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("501 resources") && stderr(&o).contains("quota is 500 resources"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
    let o = synth(&["--quota-warnings", &past]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("warning: ") && stderr(&o).contains("quota is 500"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
    let big = write(dir.path(), "big.yaml", &queues(1100));
    let o = synth(&["--quota-warnings", &big]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: the template is") && stderr(&o).contains("deploy it from S3"),
        "a body past 51,200 bytes gets a note: {}",
        stderr(&o)
    );
}

#[test]
fn invalid_utf8_is_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.yaml");
    std::fs::write(
        &p,
        b"Resources:\n  Q:\n    Type: AWS::SQS::Queue # caf\xe9\n",
    )
    .unwrap();
    let o = synth(&[&p.display().to_string()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains(":3:"), "names the line: {}", stderr(&o));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
}

#[test]
fn long_reports_stop_after_100_and_say_how_many_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = String::from("Resources:\n");
    for i in 0..150 {
        t.push_str(&format!(
            "  Q{i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Missing{i}\n"
        ));
    }
    let p = write(dir.path(), "many.yaml", &t);
    let o = synth(&[&p]);
    assert_eq!(code(&o), 0);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 101, "{err}");
    assert!(
        err.ends_with("warning: … and 50 more warnings (150 in all)\n"),
        "{err}"
    );
    let o = synth(&["--strict", &p]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 102, "{err}");
    assert!(err.contains("Number of errors found: 150."), "{err}");
    assert!(
        err.ends_with("… and 50 more problems (150 in all).\n"),
        "{err}"
    );
}

#[test]
fn compact_with_yaml_is_a_usage_error() {
    let o = synth(&["--format", "yaml", "--compact", &fx(VALID)]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--compact"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn out_creates_missing_parent_folders() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a/b/file.json");
    let o = synth(&["--out", &target.display().to_string(), &fx(VALID)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(target.is_file());
    assert_eq!(entries(&dir.path().join("a/b")), ["file.json"]);
}

#[test]
fn dash_reads_the_template_from_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let text = std::fs::read(support::fixture(VALID)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(["synth", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(o.stdout, synth(&[&fx(VALID)]).stdout);
}
