//! SAM templates → CloudFormation: one snapshot per fixture in
//! `tests/fixtures/sam/` (the emitted text, byte for byte), and determinism.
//!
//! Every snapshot is reviewed against the reference SAM translator before it
//! is accepted: `/work/shared/tools/sam-diff tests/fixtures/sam/X.yaml --region us-east-1`.

mod support;

use serde_json::json;
use stackwright::emit;
use stackwright::testing;
use stackwright::Context;

/// Each fixture synthesizes, and its pretty JSON equals the snapshot.
#[test]
fn sam_fixtures() {
    support::with_snapshots(|| {
        insta::glob!("fixtures/sam", "*.{yaml,yml,json}", |path| {
            let template = testing::try_synth_sam_file(path, &support::context())
                .unwrap_or_else(|e| panic!("{} did not synthesize:\n{e}", support::name(path)));
            insta::assert_snapshot!(testing::json_snapshot(&template));
        });
    });
}

const APP: &str = "\
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Zeta:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: {Name: k, Type: String}
      Tags: {b: '2', a: '1'}
  Alpha:
    Type: AWS::SQS::Queue
    Properties: {QueueName: !Sub '${Env}-q', VisibilityTimeout: 30}
  Mid:
    Type: AWS::Serverless::SimpleTable
    DeletionPolicy: Retain
Outputs:
  Out: {Value: !Ref Zeta}
";

/// The same document with its resources in the opposite order.
const APP_REORDERED: &str = "\
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Mid:
    Type: AWS::Serverless::SimpleTable
    DeletionPolicy: Retain
  Alpha:
    Type: AWS::SQS::Queue
    Properties: {QueueName: !Sub '${Env}-q', VisibilityTimeout: 30}
  Zeta:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: {Name: k, Type: String}
      Tags: {b: '2', a: '1'}
Outputs:
  Out: {Value: !Ref Zeta}
";

fn render_all(text: &str) -> [String; 3] {
    let t = testing::try_synth_sam(text, &support::context()).expect("synthesizes");
    [
        emit::to_json(&t, false).expect("json"),
        emit::to_json(&t, true).expect("compact json"),
        emit::to_yaml(&t).expect("yaml"),
    ]
}

#[test]
fn same_input_gives_same_bytes() {
    assert_eq!(render_all(APP), render_all(APP));
}

#[test]
fn resource_order_does_not_change_the_output() {
    assert_eq!(render_all(APP), render_all(APP_REORDERED));
}

/// JSON input and its YAML equivalent give the same template.
#[test]
fn json_input_equals_yaml_input() {
    let yaml = testing::synth_sam(APP);
    let json_text =
        serde_json::to_string_pretty(&stackwright::yaml::parse(APP, "app.yaml").expect("parses"))
            .expect("json");
    let json = testing::synth_sam(&json_text);
    assert_eq!(testing::json_snapshot(&yaml), testing::json_snapshot(&json));
    assert_eq!(testing::yaml_snapshot(&yaml), testing::yaml_snapshot(&json));
}

/// Emitted YAML reads back to the same template (long-form intrinsics survive).
#[test]
fn yaml_output_round_trips() {
    let t = testing::synth_sam(APP);
    let again = testing::synth_sam(&testing::yaml_snapshot(&t));
    assert_eq!(testing::json_snapshot(&t), testing::json_snapshot(&again));
}

/// Output has `\n` line ends and one trailing newline.
#[test]
fn output_ends_with_one_newline() {
    for text in render_all(APP) {
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
        assert!(!text.contains('\r'));
    }
}

/// Focused checks through the `testing` helpers: what SAM does to a
/// SimpleTable, stated property by property.
#[test]
fn simple_table_defaults() {
    use serde_json::json;
    let t = testing::synth_sam("Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n");
    testing::resource_count_is(&t, "AWS::DynamoDB::Table", 1);
    testing::has_resource_properties(
        &t,
        "AWS::DynamoDB::Table",
        json!({
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
}

/// A merge key next to the mapping's own keys: PyYAML (and so SAM) puts the
/// merged keys first, then the mapping's own; the tag list follows that order.
/// Reference output for this input: tags app, owner, kind.
#[test]
fn merge_keys_come_first_like_pyyaml() {
    use serde_json::json;
    let t = testing::synth_sam(
        "x: &common {app: shop, owner: web}\n\
         Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      Tags:\n        <<: *common\n        kind: cat\n",
    );
    testing::has_resource_properties(
        &t,
        "AWS::DynamoDB::Table",
        json!({"Tags": [
            {"Key": "app", "Value": "shop"},
            {"Key": "owner", "Value": "web"},
            {"Key": "kind", "Value": "cat"}
        ]}),
    );
}

/// Like SAM, a plain resource CloudFormation will reject (no `Type`, or
/// `Properties: null`) is passed through as written, not rejected here.
#[test]
fn malformed_plain_resources_pass_through_as_written() {
    use serde_json::json;
    let t = testing::synth_sam(
        "Resources:\n  NoType:\n    Properties: {A: 1}\n  NullProps:\n    Type: AWS::SNS::Topic\n    Properties:\n  \
         T:\n    Type: AWS::Serverless::SimpleTable\n",
    );
    let v = t.to_value();
    assert_eq!(v["Resources"]["NoType"], json!({"Properties": {"A": 1}}));
    assert_eq!(
        v["Resources"]["NullProps"],
        json!({"Type": "AWS::SNS::Topic", "Properties": null})
    );
}

/// SAM accepts an `Api` or `HttpApi` event whose API is another kind of
/// serverless resource: no route, but the permission; and `MyWs.Stage`
/// names the WebSocket API's generated stage.
#[test]
fn events_on_other_apis_get_permissions_and_stage_refs_resolve() {
    use serde_json::json;
    let t = testing::synth_sam(
        "Resources:\n  Ws:\n    Type: AWS::Serverless::WebSocketApi\n    Properties:\n      StageName: live\n      \
         RouteSelectionExpression: $request.body.action\n      Routes:\n        $connect:\n          FunctionArn: !GetAtt Fn.Arn\n  \
         Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: a.h\n      \
         CodeUri: s3://b/k.zip\n      Events:\n        Rest:\n          Type: Api\n          Properties:\n            \
         RestApiId: !Ref Ws\n            Path: /x\n            Method: get\n        Http:\n          Type: HttpApi\n          \
         Properties:\n            ApiId: !Ref Ws\nOutputs:\n  Stage:\n    Value: !Ref Ws.Stage\n",
    );
    let v = t.to_value();
    assert_eq!(
        v["Resources"]["FnRestPermissionlive"]["Type"],
        json!("AWS::Lambda::Permission")
    );
    assert_eq!(
        v["Resources"]["FnHttpPermission"]["Type"],
        json!("AWS::Lambda::Permission")
    );
    assert_eq!(
        v["Outputs"]["Stage"]["Value"],
        json!({"Ref": "WsliveStage"})
    );
}

/// A bucket's `NotificationConfiguration: null` is "none yet" to SAM, and a
/// renamed layer is followed even into a resource passed through verbatim.
#[test]
fn null_notification_configuration_and_verbatim_layer_refs() {
    use serde_json::json;
    let t = testing::synth_sam(
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      NotificationConfiguration:\n  \
         Layer:\n    Type: AWS::Serverless::LayerVersion\n    Properties:\n      ContentUri: s3://b/layer.zip\n  \
         Odd:\n    Properties:\n      Layers: [!Ref Layer]\n  \
         Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: a.h\n      \
         CodeUri: s3://b/k.zip\n      Events:\n        Up:\n          Type: S3\n          Properties:\n            \
         Bucket: !Ref Bucket\n            Events: s3:ObjectCreated:*\n",
    );
    let v = t.to_value();
    let config = &v["Resources"]["Bucket"]["Properties"]["NotificationConfiguration"];
    assert_eq!(
        config["LambdaConfigurations"][0]["Event"],
        json!("s3:ObjectCreated:*")
    );
    let layer_ref = &v["Resources"]["Odd"]["Properties"]["Layers"][0]["Ref"];
    assert!(
        layer_ref
            .as_str()
            .is_some_and(|id| id.starts_with("Layer") && id.len() == "Layer".len() + 10),
        "{layer_ref}"
    );
}

// ---- Real-world patterns (issue 15, item 6) ----

const FN: &str = "CodeUri: s3://b/k.zip\n      Handler: i.h\n      Runtime: python3.12";

/// A property written next to `Type` (here `Description`, `OpenApiVersion`)
/// is dropped, as SAM drops it, with a warning naming resource and attribute.
#[test]
fn misplaced_resource_attributes_are_dropped_with_a_warning() {
    let text = format!(
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Description: misplaced\n    Properties:\n      {FN}\n  \
         Api:\n    Type: AWS::Serverless::Api\n    OpenApiVersion: '3.0.1'\n    Properties:\n      StageName: prod\n      \
         DefinitionBody: {{swagger: '2.0', info: {{title: t}}, paths: {{}}}}\n"
    );
    let (result, warnings) =
        stackwright::sam::synth_with_warnings(&text, "t.yaml", &support::context());
    let t = result.expect("SAM accepts it");
    let v = t.to_value();
    assert!(v["Resources"]["Fn"]["Properties"]
        .get("Description")
        .is_none());
    let named: Vec<(String, String)> = warnings
        .iter()
        .map(|w| (w.resource.clone().unwrap_or_default(), w.path.clone()))
        .collect();
    assert_eq!(
        named,
        [
            ("Api".to_string(), "OpenApiVersion".to_string()),
            ("Fn".to_string(), "Description".to_string())
        ]
    );
}

/// `AlwaysDeploy: true`: the deployment's hash is the time, as SAM's; with
/// `SOURCE_DATE_EPOCH` set it is that time (SHA-1 of "1700000000").
#[test]
fn always_deploy_hashes_the_source_date_epoch() {
    std::env::set_var("SOURCE_DATE_EPOCH", "1700000000");
    let t = testing::synth_sam(
        "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      AlwaysDeploy: true\n      \
         DefinitionBody: {swagger: '2.0', info: {title: t}, paths: {}}\n",
    );
    assert!(t.resource("ApiDeploymenteaaa8ade94").is_some());
}

/// A file that starts with a UTF-8 byte-order mark (then `---`) reads as one document.
#[test]
fn a_byte_order_mark_is_not_a_document() {
    let t = testing::synth_sam(
        "\u{feff}---\nResources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n",
    );
    testing::resource_count_is(&t, "AWS::DynamoDB::Table", 1);
}

/// The implicit API's deployment hash includes the `FunctionName` of
/// functions whose `Api` events name no `RestApiId` (SAM gives them
/// `RestApiId: ServerlessRestApi` first), so renaming one redeploys.
#[test]
fn implicit_api_deployment_follows_function_names() {
    let app = |name: &str| {
        testing::synth_sam(&format!(
            "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      FunctionName: {name}\n      {FN}\n      \
             Events:\n        Get:\n          Type: Api\n          Properties: {{Path: /, Method: get}}\n"
        ))
    };
    let deployment = |t: &stackwright::template::Template| {
        testing::resources_of_type(t, "AWS::ApiGateway::Deployment")
            .first()
            .map(|(id, _)| id.to_string())
    };
    // Reference (SAM 1.115) for FunctionName a.
    assert_eq!(
        deployment(&app("a")).as_deref(),
        Some("ServerlessRestApiDeployment65770289e2")
    );
    assert_ne!(deployment(&app("a")), deployment(&app("b")));
}

// ---- Expansions pinned to SAM output, read through the SAM front end ----

fn sam_synth(yaml: &str) -> serde_json::Value {
    let t = stackwright::sam::synth(yaml, "t.yaml", &Context::default()).expect("synthesizes");
    t.to_value()
}

#[test]
fn implicit_http_api_default_route() {
    // SAM's output for one pathless `HttpApi` event on the implicit API.
    let t = sam_synth(
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k.zip\n      Handler: a.h\n      Runtime: python3.12\n      Events:\n        E:\n          Type: HttpApi\n",
    );
    let r = &t["Resources"];
    let route = &r["ServerlessHttpApi"]["Properties"]["Body"]["paths"]["$default"]
        [stackwright::model::http_api::ANY_METHOD];
    assert_eq!(route["isDefaultRoute"], true);
    assert_eq!(
        route["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"],
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"
    );
    let stage = &r["ServerlessHttpApiApiGatewayDefaultStage"]["Properties"];
    assert_eq!(stage["AutoDeploy"], true);
    assert_eq!(stage["Tags"], json!({"httpapi:createdBy": "SAM"}));
    assert_eq!(
        r["FnEPermission"]["Properties"]["SourceArn"]["Fn::Sub"][0],
        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/*"
    );
}

/// A WebSocket API's custom auth, route settings and condition; pinned to
/// SAM 1.115's output for the same template.
#[test]
fn websocket_custom_auth_route_settings_and_dropped_condition_route_settings_and_dropped_condition()
{
    let yaml = r#"
Conditions:
  C: !Equals [a, b]
Resources:
  WSApi:
    Type: AWS::Serverless::WebSocketApi
    Condition: C
    Properties:
      Auth: {AuthType: CUSTOM, AuthArn: autharn}
      RouteSettings: {$default: {DataTraceEnabled: true}}
      Routes:
        $connect: {FunctionArn: f1}
        sendMessage: {FunctionArn: f2}
      RouteSelectionExpression: $request.body.action
"#;
    let t = stackwright::sam::synth(yaml, "t.yaml", &Context::default()).unwrap();
    let ids: Vec<&str> = t.resources.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        [
            "WSApi",
            "WSApiAuthorizerPermission",
            "WSApiConnectAuthorizer",
            "WSApiConnectIntegration",
            "WSApiConnectPermission",
            "WSApiConnectRoute",
            "WSApiDefaultStage",
            "WSApiSendmessageIntegration",
            "WSApiSendmessagePermission",
            "WSApiSendmessageRoute",
        ]
    );
    let stage = &t.resources["WSApiDefaultStage"];
    assert_eq!(
        stage.depends_on,
        Some(json!(["WSApiConnectRoute", "WSApiSendmessageRoute"]))
    );
    // SAM 1.115 passes no Condition on to anything it generates.
    assert!(t.resources.values().all(|r| r.condition.is_none()));
    assert_eq!(
        t.resources["WSApiConnectRoute"].property("AuthorizerId"),
        Some(&json!({"Ref": "WSApiConnectAuthorizer"}))
    );
}
