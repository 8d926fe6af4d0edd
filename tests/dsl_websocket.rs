//! WebSocket APIs in the DSL: each app synthesizes exactly what its SAM twin
//! (`tests/fixtures/dsl/websocket/*.yaml`, or the example's `template.yaml`)
//! does, and each check the DSL adds is reported naming resource and property.

#[path = "../examples/chat/app.rs"]
mod chat;

use std::time::Duration;

use stackwright::dsl::prelude::*;
use stackwright::{emit, Error};

fn twin(path: &str, ctx: &Context) -> String {
    let text = std::fs::read_to_string(path).expect("twin template is readable");
    let t = stackwright::sam::synth(&text, path, ctx).unwrap_or_else(|e| panic!("{path}: {e}"));
    emit::to_json(&t, false).expect("renders")
}

fn assert_twin(app: &App, fixture: &str, region: &str) {
    let mut ctx = Context::new(region);
    ctx.defaults.mode = Some(stackwright::defaults::Defaults::Sam);
    let dsl = app.synth(&ctx).unwrap_or_else(|e| panic!("{e}"));
    let dsl = emit::to_json(&dsl, false).expect("renders");
    assert_eq!(dsl, twin(fixture, &ctx), "{fixture} in {region}");
}

#[test]
fn chat_example_matches_its_sam_twin() {
    for region in ["us-east-1", "cn-north-1"] {
        assert_twin(&chat::app(), "examples/chat/template.yaml", region);
    }
}

fn handler(app: &mut App, id: &'static str, h: &str) -> Ref<Function> {
    app.function(
        id,
        Function::new(Runtime::Python312, h, Code::s3("s3://bucket/app.zip")),
    )
}

#[test]
fn iam_auth_stage_and_domain_match_sam() {
    let mut app = App::new("live");
    let h = handler(&mut app, "Handler", "ws.handler");
    let api = app.websocket_api(
        "Ws",
        WebSocketApi::new("$request.body.type")
            .name("live-updates")
            .on_connect(h)
            .on_default(h)
            .route_with(
                "subscribe",
                WebSocketRoute::new(h)
                    .timeout(Duration::from_secs(5))
                    .api_key_required()
                    .operation_name("Subscribe")
                    .throttling(20, 10),
            )
            .authorizer(WebSocketAuthorizer::iam())
            .api_keys_from_header()
            .stage_name("live")
            .stage_variable("feed", "main")
            .access_log(
                "arn:aws:logs:eu-west-1:123456789012:log-group:ws-access",
                "$context.requestId $context.routeKey",
            )
            .detailed_metrics()
            .domain(
                WebSocketDomain::new(
                    "ws.example.com",
                    "arn:aws:acm:eu-west-1:123456789012:certificate/ws",
                )
                .security_policy(SecurityPolicy::Tls12)
                .base_path("updates")
                .route53(AliasRecords::zone_id("Z123456ABCDEFG").ipv6()),
            )
            .dualstack()
            .tag("team", "realtime")
            .propagate_tags(),
    );
    let stage = app.websocket_stage(api);
    assert_eq!(stage.logical_id(), "WsliveStage");
    app.output("Url", Output::new(stage.url()));
    app.output("Endpoint", Output::new(api.endpoint()));
    assert_twin(
        &app,
        "tests/fixtures/dsl/websocket/iam_and_domain.yaml",
        "eu-west-1",
    );
}

#[test]
fn lambda_auth_with_role_matches_sam() {
    let mut app = App::new("rooms");
    let connect = handler(&mut app, "Connect", "ws.connect");
    let api = app.websocket_api(
        "Ws",
        WebSocketApi::new("$request.body.action")
            .on_connect(connect)
            .authorizer(
                WebSocketAuthorizer::lambda_arn(
                    "arn:aws:lambda:us-east-1:123456789012:function:shared-auth",
                )
                .identity_header("Authorization")
                .identity_query_string("room")
                .invoke_role("arn:aws:iam::123456789012:role/apigw-invoke")
                .name("SharedAuth"),
            )
            .disable_execute_api_endpoint(),
    );
    let stage = app.websocket_stage(api);
    assert_eq!(stage.logical_id(), "WsDefaultStage");
    app.output("Url", Output::new(stage.url()));
    assert_twin(
        &app,
        "tests/fixtures/dsl/websocket/lambda_auth_role.yaml",
        "us-east-1",
    );
}

/// The problems synth reports, rendered.
fn problems(app: &App, region: &str) -> Vec<String> {
    match app.synth(&Context::new(region)) {
        Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Ok(_) => panic!("expected problems, synth succeeded"),
        Err(e) => panic!("expected problems, got {e}"),
    }
}

fn assert_problem(problems: &[String], resource: &str, path: &str, says: &str) {
    let hit = problems.iter().any(|p| {
        p.contains(&format!("[{resource}]"))
            && (path.is_empty() || p.contains(&format!("Property {path}:")))
            && p.contains(says)
    });
    assert!(
        hit,
        "no problem for {resource} at {path} saying '{says}' in {problems:#?}"
    );
}

#[test]
fn route_keys_stage_names_and_auth_are_checked_where_written() {
    let mut app = App::new("a");
    let h = handler(&mut app, "H", "h");
    app.websocket_api(
        "Ws",
        WebSocketApi::new("body.action")
            .route("send-message", h)
            .route("send", h)
            .route("Send", h)
            .route("send", h)
            .route_with(
                "slow",
                WebSocketRoute::new(h).timeout(Duration::from_secs(30)),
            )
            .authorizer(WebSocketAuthorizer::iam().identity_header("X"))
            .stage_name("$default"),
    );
    app.websocket_api("Empty", WebSocketApi::new("$request.body.action"));
    let p = problems(&app, "us-east-1");
    for (path, says) in [
        (
            "RouteSelectionExpression",
            "'body.action' is not a selection expression",
        ),
        ("Routes.send-message", "letters and digits only"),
        ("Routes.Send", "differ only in case"),
        ("Routes.send", "declared twice"),
        ("Routes.slow.IntegrationTimeout", "29 s"),
        ("Auth", "Lambda authorizers only"),
        ("Auth", "needs a $connect route"),
        ("StageName", "letters and digits"),
    ] {
        assert_problem(&p, "Ws", path, says);
    }
    assert_problem(&p, "Empty", "Routes", "at least one route");
    assert!(
        p.iter().all(|m| !m.contains("src/dsl")),
        "every location is the user's: {p:#?}"
    );
}

#[test]
fn handles_that_do_not_resolve_are_problems() {
    let mut other = App::new("other");
    let foreign_fn = handler(&mut other, "Elsewhere", "h");
    let foreign_api = other.websocket_api(
        "ForeignWs",
        WebSocketApi::new("$request.body.action").on_connect(foreign_fn),
    );
    let mut app = App::new("a");
    app.websocket_api(
        "Ws",
        WebSocketApi::new("$request.body.action").on_connect(foreign_fn),
    );
    app.websocket_stage(foreign_api);
    let p = problems(&app, "us-east-1");
    assert_problem(
        &p,
        "Ws",
        "Routes",
        "'Elsewhere' is not a function of this app",
    );
    assert_problem(
        &p,
        "ForeignWs",
        "",
        "no WebSocket API 'ForeignWs' in this app",
    );
}

#[test]
fn a_regional_domain_needs_a_certificate_in_the_stacks_region() {
    let mut app = App::new("a");
    let h = handler(&mut app, "H", "h");
    app.websocket_api(
        "Ws",
        WebSocketApi::new("$request.body.action")
            .on_connect(h)
            .domain(WebSocketDomain::new(
                "ws.example.com",
                "arn:aws:acm:us-west-2:123456789012:certificate/x",
            )),
    );
    let p = problems(&app, "us-east-1");
    assert_problem(
        &p,
        "Ws",
        "Domain.CertificateArn",
        "the certificate is in us-west-2 but the stack deploys to us-east-1",
    );
}

/// `grant_manage_connections` lets the function send to, read and
/// disconnect the stage's clients: `POST`, `GET` and `DELETE` on
/// `@connections`, not `POST` alone.
#[test]
fn manage_connections_covers_every_method() {
    let mut app = App::new("chat");
    let f = handler(&mut app, "Send", "chat.send");
    let api = app.websocket_api(
        "Chat",
        WebSocketApi::new("$request.body.action").route("send", f),
    );
    let stage = app.websocket_stage(api);
    app.grant_manage_connections(f, stage);
    let t = app
        .synth(&Context::new("us-east-1"))
        .unwrap_or_else(|e| panic!("{e}"));
    stackwright::testing::has_resource_properties(
        &t,
        "AWS::IAM::Role",
        serde_json::json!({"Policies": [{"PolicyDocument": {"Statement": [{
            "Action": ["execute-api:ManageConnections"],
            "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Chat}/default/*/@connections/*"}],
        }]}}]}),
    );
}
