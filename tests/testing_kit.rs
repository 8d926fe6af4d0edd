//! The testing kit itself: templates from every source, each matcher, captures,
//! and — through insta — the exact messages failed assertions print.

mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::json;
use stackwright::dsl::prelude::*;
use stackwright::testing::{self, Capture, Match};

/// A SAM app with a role holding two policies, a retained table, an output,
/// a parameter, a mapping and a condition.
const APP: &str = r#"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
Mappings:
  Sizes:
    dev: {Memory: 128}
    prod: {Memory: 1024}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Orders:
    Type: AWS::Serverless::SimpleTable
    DeletionPolicy: Retain
    Properties:
      PrimaryKey: {Name: orderId, Type: String}
  Audit:
    Type: AWS::Serverless::SimpleTable
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: s3://bucket/app.zip
      Environment:
        Variables:
          ORDERS: !Ref Orders
      Policies:
        - DynamoDBCrudPolicy: {TableName: !Ref Orders}
        - DynamoDBReadPolicy: {TableName: !Ref Audit}
Outputs:
  OrdersName:
    Value: !Ref Orders
    Export: {Name: orders-table}
"#;

fn app() -> stackwright::Template {
    testing::synth_sam(APP)
}

/// The message of the panic `f` raises.
fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("the assertion should fail");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn snapshot(name: &str, text: String) {
    support::with_snapshots(|| insta::assert_snapshot!(name, text));
}

#[test]
fn templates_from_an_app_text_and_files() {
    let mut dsl = App::new("kit");
    dsl.simple_table("Items", SimpleTable::new());
    let from_app = testing::synth_app(&dsl);
    testing::resource_count_is(&from_app, "AWS::DynamoDB::Table", 1);

    let json = testing::from_json(
        r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 5}}}}"#,
    );
    let yaml = testing::from_yaml(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n",
    );
    assert_eq!(json, yaml);

    // SAM text is expanded; CloudFormation text is taken as written.
    testing::resource_count_is(&testing::from_yaml(APP), "AWS::Lambda::Function", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, testing::yaml_snapshot(&app())).unwrap();
    assert_eq!(testing::from_file(&path), app());
}

#[test]
fn has_resource_sees_attributes() {
    let t = app();
    let ids = testing::has_resource(
        &t,
        "AWS::DynamoDB::Table",
        json!({"DeletionPolicy": "Retain", "Properties": {"KeySchema": [{"AttributeName": "orderId"}]}}),
    );
    assert_eq!(ids, ["Orders"]);
    let kept = testing::find_resources(
        &t,
        "AWS::DynamoDB::Table",
        &json!({"DeletionPolicy": Match::absent()}),
    );
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].0, "Audit");
}

#[test]
fn array_with_checks_one_grant_among_many() {
    let t = app();
    testing::has_resource_properties(
        &t,
        "AWS::IAM::Role",
        json!({
            "Policies": Match::array_with(json!([
                {"PolicyName": "WorkerRolePolicy1", "PolicyDocument": {
                    "Statement": Match::array_with(json!([{
                        "Action": Match::array_with(json!(["dynamodb:GetItem"])),
                        "Effect": "Allow",
                    }])),
                }},
            ])),
            "ManagedPolicyArns": Match::any_value(),
            "PermissionsBoundary": Match::absent(),
        }),
    );
}

#[test]
fn every_matcher() {
    let v = json!({
        "name": "orders-prod",
        "list": [1, 2, 3],
        "doc": "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
        "nested": {"a": 1, "b": {"c": 2}},
    });
    assert!(testing::matches(
        &v,
        &json!({"name": Match::string_like_regexp("-prod$")})
    ));
    assert!(!testing::matches(
        &v,
        &json!({"name": Match::string_like_regexp("^prod")})
    ));
    assert!(testing::matches(
        &v,
        &json!({"list": Match::array_with(json!([1, 3]))})
    ));
    assert!(!testing::matches(
        &v,
        &json!({"list": Match::array_with(json!([3, 1]))})
    ));
    assert!(testing::matches(
        &v,
        &json!({"list": Match::array_equals(json!([1, 2, 3]))})
    ));
    assert!(!testing::matches(&v, &json!({"list": [1, 2]})));
    assert!(testing::matches(
        &v,
        &json!({"doc": Match::serialized_json(json!({"Version": "2012-10-17"}))})
    ));
    assert!(testing::matches(
        &v,
        &json!({"nested": Match::object_like(json!({"b": {}}))})
    ));
    assert!(!testing::matches(
        &v,
        &json!({"nested": Match::object_equals(json!({"a": 1}))})
    ));
    assert!(testing::matches(
        &v,
        &json!({"nested": Match::exact(json!({"a": 1, "b": {"c": 2}}))})
    ));
    assert!(!testing::matches(
        &v,
        &json!({"nested": Match::exact(json!({"a": 1, "b": {}}))})
    ));
    assert!(testing::matches(
        &v,
        &json!({"gone": Match::absent(), "name": Match::any_value()})
    ));
    assert!(testing::matches(
        &v,
        &json!({"name": Match::not(json!("orders-dev"))})
    ));
    assert!(!testing::matches(
        &v,
        &json!({"name": Match::not(Match::string_like_regexp("orders"))})
    ));
}

#[test]
fn captures_read_values_out_of_a_match() {
    let t = app();
    let table = Capture::new();
    testing::has_resource_properties(
        &t,
        "AWS::Lambda::Function",
        json!({"Environment": {"Variables": {"ORDERS": {"Ref": &table}}}}),
    );
    assert_eq!(table.as_str(), "Orders");

    // One value per matching resource, in logical-ID order.
    let modes = Capture::matching(Match::string_like_regexp("^PAY"));
    testing::has_resource_properties(&t, "AWS::DynamoDB::Table", json!({"BillingMode": &modes}));
    assert_eq!(
        modes.values(),
        [json!("PAY_PER_REQUEST"), json!("PAY_PER_REQUEST")]
    );

    let export = Capture::new();
    testing::has_output(&t, "OrdersName", json!({"Export": {"Name": &export}}));
    assert_eq!(export.as_str(), "orders-table");
}

#[test]
fn outputs_parameters_mappings_conditions() {
    let t = app();
    testing::has_output(&t, "OrdersName", json!({"Value": {"Ref": "Orders"}}));
    testing::has_output(&t, "*", json!({"Export": Match::any_value()}));
    assert_eq!(testing::find_outputs(&t, "*", &json!({})).len(), 1);
    testing::has_parameter(
        &t,
        "Stage",
        json!({"AllowedValues": Match::array_with(json!(["prod"]))}),
    );
    assert!(testing::find_parameters(&t, "*", &json!({"Type": "Number"})).is_empty());
    testing::has_mapping(&t, "Sizes", json!({"prod": {"Memory": 1024}}));
    assert_eq!(testing::find_mappings(&t, "*", &json!({})).len(), 1);
    testing::has_condition(
        &t,
        "IsProd",
        json!({"Fn::Equals": [{"Ref": "Stage"}, "prod"]}),
    );
    assert_eq!(testing::find_conditions(&t, "IsProd", &json!({})).len(), 1);
}

#[test]
fn all_resources_and_template_matches() {
    let t = app();
    testing::all_resources_properties(
        &t,
        "AWS::DynamoDB::Table",
        json!({"BillingMode": "PAY_PER_REQUEST"}),
    );
    testing::template_matches(
        &t,
        json!({"Resources": {"Worker": {"Type": "AWS::Lambda::Function"}}}),
    );
    let msg = panic_message(|| {
        testing::all_resources(
            &t,
            "AWS::DynamoDB::Table",
            json!({"DeletionPolicy": "Retain"}),
        )
    });
    snapshot("kit_all_resources_failure", msg);
}

#[test]
fn failure_names_the_type_and_shows_the_closest_candidate() {
    let t = app();
    let msg = panic_message(|| {
        testing::has_resource_properties(
            &t,
            "AWS::DynamoDB::Table",
            json!({
                "KeySchema": [{"AttributeName": "orderID", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
                "SSESpecification": Match::any_value(),
            }),
        );
    });
    snapshot("kit_has_resource_properties_failure", msg);
}

#[test]
fn failure_of_array_with_and_absent() {
    let t = app();
    let msg = panic_message(|| {
        testing::has_resource_properties(
            &t,
            "AWS::IAM::Role",
            json!({
                "Policies": Match::array_with(json!([{"PolicyName": "WorkerRolePolicy7"}])),
                "AssumeRolePolicyDocument": Match::absent(),
            }),
        );
    });
    snapshot("kit_array_with_failure", msg);
}

#[test]
fn failure_for_a_type_not_in_the_template() {
    let msg = panic_message(|| {
        testing::has_resource_properties(&app(), "AWS::SQS::Queue", json!({"FifoQueue": true}));
    });
    snapshot("kit_missing_type_failure", msg);
}

#[test]
fn failure_of_an_output() {
    let msg = panic_message(|| {
        testing::has_output(
            &app(),
            "*",
            json!({"Export": {"Name": Match::string_like_regexp("^prod-")}}),
        );
    });
    snapshot("kit_output_failure", msg);
}

#[test]
fn template_snapshot_is_what_synth_writes() {
    let t = app();
    support::with_snapshots(|| stackwright::assert_template_snapshot!("kit_template_snapshot", t));
    let stored = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("snapshots/kit_template_snapshot.snap"),
    )
    .unwrap();
    let body = stored.splitn(3, "---\n").nth(2).unwrap();
    assert_eq!(body, testing::yaml_snapshot(&t));
}
#[test]
fn assert_no_replacement_passes_updates_and_refuses_replacements() {
    let old = app();
    let mut changed = APP.replace("Handler: app.handler", "Handler: app.main");
    testing::assert_no_replacement(&old, &testing::synth_sam(&changed));
    changed = APP.replace(
        "{Name: orderId, Type: String}",
        "{Name: orderKey, Type: String}",
    );
    let msg = panic_message(|| testing::assert_no_replacement(&old, &testing::synth_sam(&changed)));
    assert!(msg.contains("Orders"), "{msg}");
    assert!(msg.contains("replace"), "{msg}");
}
