//! Named defaults: `sam` leaves SAM's output as it is; `recommended` hardens
//! what stackwright generates (tables, stages, functions, queues, topics) and
//! nothing the user passed through. Each default can be turned off for the
//! app or for one resource. The scanners' verdict on these outputs is
//! `.ci/security-gates`; here, what each default writes.

#[path = "../examples/chat/app.rs"]
mod chat;
#[path = "../examples/http_api/app.rs"]
mod http_api;
mod support;

use std::process::{Command, Output};

use serde_json::{json, Value};
use stackwright::defaults::Defaults;
use stackwright::dsl::prelude::*;
use stackwright::{emit, Error, Template};

fn stackwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(args)
        .output()
        .expect("the stackwright binary runs")
}

fn fx(rel: &str) -> String {
    support::fixture(rel).display().to_string()
}

/// `stackwright synth ARGS`, which must succeed, as JSON.
fn synth_json(args: &[&str]) -> Value {
    let mut all = vec!["synth"];
    all.extend_from_slice(args);
    let o = stackwright(&all);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

fn recommended(fixture: &str) -> Value {
    synth_json(&["--defaults", "recommended", &fx(fixture)])
}

fn resource<'a>(t: &'a Value, id: &str) -> &'a Value {
    t.pointer(&format!("/Resources/{id}"))
        .unwrap_or_else(|| panic!("no resource {id}"))
}

fn managed_policies(t: &Value, role: &str) -> Vec<String> {
    resource(t, role)["Properties"]["ManagedPolicyArns"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

const XRAY: &str = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess";

#[test]
fn recommended_fixture_snapshots() {
    support::with_snapshots(|| {
        insta::glob!("fixtures/recommended", "*.yaml", |path| {
            let mut ctx = support::context();
            ctx.defaults.mode = Some(Defaults::Recommended);
            let template = stackwright::testing::try_synth_sam_file(path, &ctx)
                .unwrap_or_else(|e| panic!("{} did not synthesize:\n{e}", support::name(path)));
            insta::assert_snapshot!(stackwright::testing::json_snapshot(&template));
        });
    });
}

#[test]
fn sam_templates_get_sam_defaults_unless_asked() {
    for f in [
        "recommended/rest_api.yaml",
        "recommended/http_api.yaml",
        "recommended/websocket.yaml",
        "recommended/state_machine.yaml",
    ] {
        let plain = stackwright(&["synth", &fx(f)]);
        let sam = stackwright(&["synth", "--defaults", "sam", &fx(f)]);
        assert_eq!(plain.stdout, sam.stdout, "{f}");
        let t: Value = serde_json::from_slice(&plain.stdout).unwrap();
        assert!(
            !t["Resources"]
                .as_object()
                .unwrap()
                .values()
                .any(|r| r["Type"] == "AWS::Logs::LogGroup"),
            "{f}: SAM's defaults generate no log group"
        );
    }
}

#[test]
fn generated_tables_are_kept_and_encrypted() {
    let t = recommended("recommended/rest_api.yaml");
    let items = resource(&t, "Items");
    assert_eq!(
        items["Properties"]["PointInTimeRecoverySpecification"],
        json!({"PointInTimeRecoveryEnabled": true})
    );
    assert_eq!(
        items["Properties"]["SSESpecification"],
        json!({"SSEEnabled": true})
    );
    assert_eq!(items["DeletionPolicy"], "Retain");
    assert_eq!(items["UpdateReplacePolicy"], "Retain");
}

#[test]
fn pass_through_resources_are_left_as_written() {
    let sam = synth_json(&[&fx("recommended/http_api.yaml")]);
    let rec = recommended("recommended/http_api.yaml");
    assert_eq!(resource(&sam, "Audit"), resource(&rec, "Audit"));
}

#[test]
fn rest_stages_are_traced_and_access_logged() {
    let t = recommended("recommended/rest_api.yaml");
    let stage = &resource(&t, "ItemsApiv1Stage")["Properties"];
    assert_eq!(stage["TracingEnabled"], true);
    assert_eq!(
        stage["AccessLogSetting"]["DestinationArn"],
        json!({"Fn::GetAtt": ["ItemsApiv1StageAccessLogGroup", "Arn"]})
    );
    let format: Value =
        serde_json::from_str(stage["AccessLogSetting"]["Format"].as_str().unwrap()).unwrap();
    assert_eq!(format["requestId"], "$context.requestId");
    let group = resource(&t, "ItemsApiv1StageAccessLogGroup");
    assert_eq!(group["Type"], "AWS::Logs::LogGroup");
    assert_eq!(group["Properties"]["RetentionInDays"], 30);
}

#[test]
fn http_and_websocket_stages_are_access_logged() {
    let http = recommended("recommended/http_api.yaml");
    let stage = &resource(&http, "NotesApiApiGatewayDefaultStage")["Properties"];
    assert_eq!(
        stage["AccessLogSettings"]["DestinationArn"],
        json!({"Fn::GetAtt": ["NotesApiApiGatewayDefaultStageAccessLogGroup", "Arn"]})
    );
    let ws = recommended("recommended/websocket.yaml");
    let stage = &resource(&ws, "ChatApiprodStage")["Properties"];
    assert!(stage["AccessLogSettings"]["Format"]
        .as_str()
        .unwrap()
        .contains("$context.routeKey"));
}

#[test]
fn functions_are_traced_and_log_to_an_expiring_group() {
    let t = recommended("recommended/rest_api.yaml");
    let f = &resource(&t, "ListItems")["Properties"];
    assert_eq!(f["TracingConfig"], json!({"Mode": "Active"}));
    assert_eq!(
        f["LoggingConfig"],
        json!({"LogGroup": {"Ref": "ListItemsLogGroup"}})
    );
    let group = &resource(&t, "ListItemsLogGroup")["Properties"];
    assert_eq!(
        group["LogGroupName"],
        json!({"Fn::Sub": "/aws/lambda/${AWS::StackName}/ListItems"})
    );
    assert_eq!(group["RetentionInDays"], 30);
    assert!(managed_policies(&t, "ListItemsRole").contains(&XRAY.to_string()));
}

#[test]
fn state_machines_with_a_generated_role_are_traced_and_log_errors() {
    let t = recommended("recommended/state_machine.yaml");
    let sm = resource(&t, "CheckoutWorkflow");
    assert_eq!(
        sm["Properties"]["TracingConfiguration"],
        json!({"Enabled": true})
    );
    assert_eq!(
        sm["Properties"]["LoggingConfiguration"],
        json!({
            "Level": "ERROR",
            "IncludeExecutionData": false,
            "Destinations": [{"CloudWatchLogsLogGroup": {
                "LogGroupArn": {"Fn::GetAtt": ["CheckoutWorkflowLogGroup", "Arn"]}
            }}]
        })
    );
    let group = resource(&t, "CheckoutWorkflowLogGroup");
    assert_eq!(group["Properties"]["RetentionInDays"], json!(30));
    assert!(managed_policies(&t, "CheckoutWorkflowRole")
        .iter()
        .any(|p| p.ends_with(":policy/AWSXrayWriteOnlyAccess")));
    // Step Functions checks the role may deliver logs before it creates the
    // state machine.
    let policies = resource(&t, "CheckoutWorkflowRole")["Properties"]["Policies"]
        .as_array()
        .expect("policies");
    let delivery = policies
        .iter()
        .find(|p| p["PolicyName"] == "CheckoutWorkflowLogDelivery")
        .expect("log delivery policy");
    let actions = &delivery["PolicyDocument"]["Statement"][0]["Action"];
    assert!(actions
        .as_array()
        .is_some_and(|a| a.contains(&json!("logs:CreateLogDelivery"))));

    // A role of the user's is theirs: that state machine is left as SAM writes it.
    let sam = synth_json(&[&fx("recommended/state_machine.yaml")]);
    assert_eq!(
        resource(&t, "AuditWorkflow"),
        resource(&sam, "AuditWorkflow")
    );
    assert!(t["Resources"].get("AuditWorkflowLogGroup").is_none());
}

#[test]
fn a_state_machine_opts_out_of_its_logs() {
    let t = synth_json(&[
        "--defaults",
        "recommended",
        "--defaults-off",
        "state-machine-logs",
        &fx("recommended/state_machine.yaml"),
    ]);
    let sm = resource(&t, "CheckoutWorkflow");
    assert!(sm["Properties"].get("LoggingConfiguration").is_none());
    assert_eq!(
        sm["Properties"]["TracingConfiguration"],
        json!({"Enabled": true})
    );
    assert!(t["Resources"].get("CheckoutWorkflowLogGroup").is_none());
}

#[test]
fn a_resource_opts_out_through_its_metadata() {
    let t = recommended("recommended/rest_api.yaml");
    let f = &resource(&t, "CacheFunction")["Properties"];
    assert!(f.get("TracingConfig").is_none());
    assert!(!managed_policies(&t, "CacheFunctionRole").contains(&XRAY.to_string()));
    // Only what it turned off.
    assert!(f.get("LoggingConfig").is_some());
}

#[test]
fn the_command_line_turns_defaults_off_and_sets_retention() {
    let t = synth_json(&[
        "--defaults",
        "recommended",
        "--defaults-off",
        "tracing,point-in-time-recovery",
        "--log-retention-days",
        "14",
        &fx("recommended/rest_api.yaml"),
    ]);
    assert!(resource(&t, "ListItems")["Properties"]
        .get("TracingConfig")
        .is_none());
    assert!(resource(&t, "Items")["Properties"]
        .get("PointInTimeRecoverySpecification")
        .is_none());
    assert_eq!(
        resource(&t, "ListItemsLogGroup")["Properties"]["RetentionInDays"],
        14
    );
}

#[test]
fn the_api_gateway_account_is_opt_in() {
    let t = synth_json(&[
        "--defaults",
        "recommended",
        "--api-gateway-account",
        &fx("recommended/rest_api.yaml"),
    ]);
    assert_eq!(
        resource(&t, "ApiGatewayAccount")["Properties"]["CloudWatchRoleArn"],
        json!({"Fn::GetAtt": ["ApiGatewayCloudWatchRole", "Arn"]})
    );
    assert_eq!(
        managed_policies(&t, "ApiGatewayCloudWatchRole"),
        ["arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"]
    );
    assert_eq!(
        resource(&t, "ItemsApiv1Stage")["DependsOn"],
        json!("ApiGatewayAccount")
    );
    assert!(recommended("recommended/rest_api.yaml")
        .pointer("/Resources/ApiGatewayAccount")
        .is_none());
}

#[test]
fn bad_settings_are_invalid_input_naming_what() {
    let o = stackwright(&[
        "synth",
        "--defaults",
        "recommended",
        "--log-retention-days",
        "31",
        &fx("recommended/rest_api.yaml"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("31 days is not a retention"), "{err}");

    let function = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: i.h\n      InlineCode: x\n";
    for (extra, expected) in [
        (
            "    Metadata:\n      Stackwright:\n        DefaultsOff: [tracng]\n",
            "Metadata.Stackwright.DefaultsOff[0]: 'tracng' is not a default",
        ),
        (
            "  FnLogGroup:\n    Type: AWS::SNS::Topic\n",
            "log group 'FnLogGroup' for 'Fn', but the template already has a resource 'FnLogGroup'",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        let text = if extra.starts_with("    Metadata") {
            function.replace("    Properties:", &format!("{extra}    Properties:"))
        } else {
            format!("{function}{extra}")
        };
        std::fs::write(&path, text).unwrap();
        let o = stackwright(&[
            "synth",
            "--defaults",
            "recommended",
            &path.display().to_string(),
        ]);
        assert_eq!(o.status.code(), Some(1));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("[Fn]") && err.contains(expected), "{err}");
    }
}

// --- Rust apps: `recommended` unless they say otherwise.

fn app_with_table() -> App {
    let mut app = App::new("demo");
    let table = app.table(
        "Orders",
        Table::new("id", KeyType::String).without_default(Hardening::TableEncryption),
    );
    let f = app.function(
        "Worker",
        Function::new(Runtime::Python312, "w.handler", Code::inline("x"))
            .memory_size(256)
            .timeout(std::time::Duration::from_secs(5)),
    );
    app.grant(f, table, TableAccess::Read);
    app.resource(
        "Plain",
        CfnResource::new("AWS::SQS::Queue").property("DelaySeconds", 5),
    );
    app.queue("Jobs", Queue::new());
    app
}

fn synth(app: &App, ctx: &Context) -> Template {
    app.synth(ctx).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn rust_apps_are_recommended_by_default() {
    let t = synth(&app_with_table(), &support::context());
    let orders = t.resource("Orders").unwrap();
    assert_eq!(
        orders.property("PointInTimeRecoverySpecification"),
        Some(&json!({"PointInTimeRecoveryEnabled": true}))
    );
    // Turned off for this table only.
    assert_eq!(orders.property("SSESpecification"), None);
    let worker = t.resource("Worker").unwrap();
    assert_eq!(
        worker.property("TracingConfig"),
        Some(&json!({"Mode": "Active"}))
    );
    assert!(t.resource("WorkerLogGroup").is_some());
    assert_eq!(
        t.resource("Jobs").unwrap().property("SqsManagedSseEnabled"),
        Some(&json!(true))
    );
    // A plain resource passes through as written.
    assert_eq!(
        t.resource("Plain").unwrap().properties,
        Some(json!({"DelaySeconds": 5}).as_object().unwrap().clone())
    );
}

#[test]
fn an_app_chooses_sam_defaults_or_turns_one_off() {
    let mut app = app_with_table();
    app.defaults(Defaults::Sam);
    let sam = synth(&app, &support::context());
    assert!(sam.resource("WorkerLogGroup").is_none());
    assert_eq!(
        sam.resource("Worker").unwrap().property("TracingConfig"),
        None
    );
    // The command line's choice comes first.
    let mut ctx = support::context();
    ctx.defaults.mode = Some(Defaults::Recommended);
    assert!(synth(&app, &ctx).resource("WorkerLogGroup").is_some());

    let mut app = app_with_table();
    app.without_default(Hardening::FunctionLogs)
        .log_retention_days(90);
    let t = synth(&app, &support::context());
    assert!(t.resource("WorkerLogGroup").is_none());
    assert!(t
        .resource("Worker")
        .unwrap()
        .property("TracingConfig")
        .is_some());
}

#[test]
fn an_apps_bad_retention_is_reported() {
    let mut app = app_with_table();
    app.log_retention_days(400_000);
    match app.synth(&support::context()) {
        Err(Error::Invalid(d)) => {
            assert!(d.iter().any(|d| d.message.contains("400000 days")), "{d:?}")
        }
        other => panic!("expected a diagnostic, got {other:?}"),
    }
}

/// Where the twin has no plain resource that the Rust app declares with a
/// typed builder, `recommended` gives both the same bytes too.
#[test]
fn examples_match_their_twins_under_recommended() {
    let mut ctx = support::context();
    ctx.defaults.mode = Some(Defaults::Recommended);
    for (app, twin) in [
        (http_api::app(), "examples/http_api/template.yaml"),
        (chat::app(), "examples/chat/template.yaml"),
    ] {
        let dsl = emit::to_json(&synth(&app, &support::context()), false).unwrap();
        let text = std::fs::read_to_string(twin).unwrap();
        let sam = stackwright::sam::synth(&text, twin, &ctx).unwrap();
        assert_eq!(dsl, emit::to_json(&sam, false).unwrap(), "{twin}");
    }
}

#[test]
fn an_opt_out_that_cannot_apply_is_reported() {
    let mut app = App::new("demo");
    app.queue("Jobs", Queue::new().without_default(Hardening::Tracing));
    match app.synth(&support::context()) {
        Err(Error::Invalid(d)) => assert!(
            d.iter().any(|d| d.resource.as_deref() == Some("Jobs")
                && d.message.contains("'tracing' never applies")),
            "{d:?}"
        ),
        other => panic!("expected a diagnostic, got {other:?}"),
    }
}

#[test]
fn an_api_opts_its_stages_out() {
    let mut app = App::new("demo");
    let api = app.rest_api(
        "Api",
        RestApi::new("v1").without_default(Hardening::AccessLogs),
    );
    app.function(
        "Get",
        Function::new(Runtime::Python312, "g.handler", Code::inline("x"))
            .on("Get", Route::get("/").on(api)),
    );
    let t = synth(&app, &support::context());
    let stage = t.resource("Apiv1Stage").expect("SAM's stage");
    assert_eq!(stage.property("AccessLogSetting"), None);
    assert_eq!(stage.property("TracingEnabled"), Some(&json!(true)));
    assert!(t.resource("Apiv1StageAccessLogGroup").is_none());
}

/// Moving a deployed SAM stack to `recommended` updates resources and adds
/// log groups; it replaces and deletes nothing.
#[test]
fn switching_a_sam_stack_to_recommended_replaces_nothing() {
    let mut fixtures: Vec<_> = std::fs::read_dir(support::fixture("recommended"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fixtures.extend(
        ["orders", "http_api", "chat", "uploads"]
            .map(|e| std::path::PathBuf::from(format!("examples/{e}/template.yaml"))),
    );
    for path in fixtures {
        let sam = stackwright::testing::try_synth_sam_file(&path, &support::context())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut ctx = support::context();
        ctx.defaults.mode = Some(Defaults::Recommended);
        let rec = stackwright::testing::try_synth_sam_file(&path, &ctx).unwrap();
        stackwright::testing::assert_no_replacement(&sam, &rec);
        assert_ne!(sam, rec, "{}: recommended changed nothing", path.display());
    }
}

/// Lambda refuses to create a traced function whose role may not write to
/// X-Ray; a role of the user's is theirs, so such functions are not traced
/// (their logs still get a group).
#[test]
fn functions_with_their_own_role_are_not_traced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(
        &path,
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Mine:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n  ByArn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: i.h\n      InlineCode: x\n      Role: arn:aws:iam::123456789012:role/r\n  ByRef:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: i.h\n      InlineCode: x\n      Role: !GetAtt Mine.Arn\n",
    )
    .unwrap();
    let t = synth_json(&["--defaults", "recommended", &path.display().to_string()]);
    for f in ["ByArn", "ByRef"] {
        let props = &resource(&t, f)["Properties"];
        assert!(props.get("TracingConfig").is_none(), "{f}");
        assert!(props.get("LoggingConfig").is_some(), "{f}");
    }
    assert!(resource(&t, "Mine")["Properties"]
        .get("ManagedPolicyArns")
        .is_none());
}
