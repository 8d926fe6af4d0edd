//! HTTP APIs in the DSL: each app synthesizes exactly what its SAM twin
//! (`tests/fixtures/dsl/http/*.yaml`, or the example's `template.yaml`) does,
//! and each check the DSL adds is reported naming the resource and property.

#[path = "../examples/http_api/app.rs"]
mod http_example;
mod support;

use std::time::Duration;

use stackwright::dsl::prelude::*;
use stackwright::{emit, Error};

fn twin(path: &str, ctx: &Context) -> String {
    let text = std::fs::read_to_string(path).expect("twin template is readable");
    let t = stackwright::sam::synth(&text, path, ctx).unwrap_or_else(|e| panic!("{path}: {e}"));
    emit::to_json(&t, false).expect("renders")
}

fn assert_twin(app: &App, fixture: &str, region: &str) {
    let ctx = support::sam_context(region);
    let dsl = app.synth(&ctx).unwrap_or_else(|e| panic!("{e}"));
    let dsl = emit::to_json(&dsl, false).expect("renders");
    assert_eq!(dsl, twin(fixture, &ctx), "{fixture} in {region}");
}

/// The problems synth reports, rendered.
fn problems(app: &App, region: &str) -> Vec<String> {
    match app.synth(&Context::new(region)) {
        Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Ok(_) => panic!("expected problems, synth succeeded"),
        Err(e) => panic!("expected problems, got {e}"),
    }
}

fn code() -> Code {
    Code::s3("s3://bucket/app.zip")
}

fn function(handler: &str) -> Function {
    Function::new(Runtime::Python312, handler, code())
}

#[test]
fn http_example_matches_its_sam_twin() {
    assert_twin(
        &http_example::app(),
        "examples/http_api/template.yaml",
        "us-east-1",
    );
}

#[test]
fn lambda_and_iam_authorizers_match_sam() {
    let mut app = App::new("items");
    let authorize = app.function("Authorize", function("auth.handler"));
    let custom = HttpLambdaAuthorizer::new("Custom", authorize, PayloadFormat::V2)
        .simple_responses()
        .identity_header("Authorization")
        .identity_query_string("tenant")
        .identity_context("sourceIp")
        .ttl(Duration::from_secs(300));
    let partner = HttpLambdaAuthorizer::arn(
        "Partner",
        "arn:aws:lambda:us-east-1:123456789012:function:partner-auth",
        PayloadFormat::V1,
    )
    .invoke_role("arn:aws:iam::123456789012:role/invoke-partner-auth");
    let api = app.http_api(
        "Api",
        HttpApi::new()
            .name("items-api")
            .stage_name("prod")
            .default_authorizer(&custom)
            .authorizer(&partner)
            .authorizer(&HttpIamAuthorizer)
            .stage_variable("env", "prod")
            .access_log(
                "arn:aws:logs:us-east-1:123456789012:log-group:items-access",
                "$context.requestId $context.routeKey $context.status",
            )
            .detailed_metrics()
            .disable_execute_api_endpoint()
            .fail_on_warnings(),
    );
    app.function(
        "Items",
        function("items.handler")
            .on("List", HttpRoute::get("/items").on(api))
            .on(
                "Put",
                HttpRoute::put("/items/{id}")
                    .on(api)
                    .auth(&HttpIamAuthorizer)
                    .payload_format(PayloadFormat::V1)
                    .throttling(10, 5.0),
            )
            .on(
                "Partner",
                HttpRoute::any("/partner/{proxy+}").on(api).auth(&partner),
            )
            .on("Health", HttpRoute::get("/health").on(api).no_auth())
            .on("Fallback", HttpRoute::default_route().on(api)),
    );
    let stage = app.http_stage(api);
    assert_eq!(stage.logical_id(), "ApiprodStage");
    app.output("Url", Output::new(stage.url()));
    assert_twin(
        &app,
        "tests/fixtures/dsl/http/lambda_and_iam_auth.yaml",
        "us-east-1",
    );
}

#[test]
fn domains_with_route53_match_sam() {
    let mut app = App::new("domain");
    let api = app.http_api(
        "Api",
        HttpApi::new()
            .domain(
                HttpDomain::new(
                    "api.example.com",
                    "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
                )
                .mutual_tls("s3://truststores/api.pem", Some("v2"))
                .ownership_verification_certificate(
                    "arn:aws:acm:eu-west-1:123456789012:certificate/own",
                )
                .base_path("v1")
                .base_path("v1-beta")
                .route53(
                    AliasRecords::zone_id("Z123456ABCDEFG")
                        .evaluate_target_health()
                        .ipv6()
                        .latency("eu-west-1", "eu"),
                ),
            )
            .tag("team", "platform"),
    );
    app.function(
        "Hello",
        function("hello.handler").on("Hello", HttpRoute::get("/hello").on(api)),
    );
    let stage = app.http_stage(api);
    assert_eq!(stage.logical_id(), "ApiApiGatewayDefaultStage");
    app.output("Url", Output::new(stage.url()));
    assert_twin(&app, "tests/fixtures/dsl/http/domain.yaml", "eu-west-1");
}

#[test]
fn implicit_api_matches_sam() {
    let mut app = App::new("implicit");
    app.function(
        "Catchall",
        function("app.handler")
            .on("Root", HttpRoute::default_route())
            .on(
                "Users",
                HttpRoute::post("/users").timeout(Duration::from_secs(5)),
            ),
    );
    let api = app.serverless_http_api();
    let stage = app.http_stage(api);
    app.output("Url", Output::new(stage.url()));
    app.output("Endpoint", Output::new(api.endpoint()));
    assert_twin(&app, "tests/fixtures/dsl/http/implicit.yaml", "us-east-1");
}

#[test]
fn imported_openapi_matches_sam() {
    let mut app = App::new("openapi");
    let api = app.http_api(
        "Api",
        HttpApi::new()
            .openapi_file("tests/fixtures/dsl/http/openapi_body.yaml")
            .cors(CorsConfiguration::any_origin().allow_method(HttpMethod::Any)),
    );
    app.function(
        "Pets",
        function("pets.handler").on("List", HttpRoute::get("/pets").on(api)),
    );
    assert_twin(&app, "tests/fixtures/dsl/http/openapi.yaml", "us-east-1");
}

/// Asserts one of `problems` names `resource`, `path` and says `says`, at
/// the line in this file where the mistake was written (when `at_line`).
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
fn paths_are_checked_where_written() {
    let mut app = App::new("a");
    app.function(
        "F",
        function("h")
            .on("NoSlash", HttpRoute::get("items"))
            .on("Greedy", HttpRoute::get("/{proxy+}/x"))
            .on("Braces", HttpRoute::get("/items/{id")),
    );
    let p = problems(&app, "us-east-1");
    assert_problem(
        &p,
        "F",
        "Events.NoSlash.Properties.Path",
        "must start with '/'",
    );
    assert_problem(&p, "F", "Events.Greedy.Properties.Path", "must come last");
    assert_problem(
        &p,
        "F",
        "Events.Braces.Properties.Path",
        "unbalanced braces",
    );
    assert!(p.iter().any(|m| m.contains("dsl_http.rs")), "{p:#?}");
}

#[test]
fn one_route_per_method_and_path_on_an_api() {
    let mut app = App::new("a");
    let api = app.http_api("Api", HttpApi::new());
    app.function(
        "A",
        function("h").on("Get", HttpRoute::get("/items/{id}").on(api)),
    );
    app.function(
        "B",
        function("h")
            .on("Fetch", HttpRoute::get("/items/{id}").on(api))
            // Another method, or the same route on the implicit API, is fine.
            .on("Put", HttpRoute::put("/items/{id}").on(api))
            .on("Implicit", HttpRoute::get("/items/{id}")),
    );
    let p = problems(&app, "us-east-1");
    // SAM's own complaint comes too; ours names both routes.
    assert_eq!(p.len(), 2, "{p:#?}");
    assert_problem(
        &p,
        "B",
        "Events.Fetch",
        "route GET /items/{id} on HTTP API 'Api' is declared twice: by function 'A' (event 'Get') and by function 'B' (event 'Fetch')",
    );
}

#[test]
fn route_authorizers_must_exist_on_the_routes_api() {
    let jwt = HttpJwtAuthorizer::new("Jwt", "https://issuer.example.com").audience("a");
    let mut app = App::new("a");
    let with_auth = app.http_api("WithAuth", HttpApi::new().authorizer(&jwt));
    let plain = app.http_api("Plain", HttpApi::new());
    app.function(
        "F",
        function("h")
            .on("Ok", HttpRoute::get("/ok").on(with_auth).auth(&jwt))
            .on("Elsewhere", HttpRoute::get("/a").on(plain).auth(&jwt))
            .on(
                "Iam",
                HttpRoute::get("/b").on(plain).auth(&HttpIamAuthorizer),
            )
            .on("Open", HttpRoute::get("/c").on(with_auth).no_auth()),
    );
    let p = problems(&app, "us-east-1");
    assert_problem(
        &p,
        "F",
        "Events.Elsewhere.Properties.Auth.Authorizer",
        "authorizer 'Jwt' is not registered on HTTP API 'Plain'",
    );
    assert_problem(
        &p,
        "F",
        "Events.Iam.Properties.Auth.Authorizer",
        "does not register HttpIamAuthorizer",
    );
    assert_problem(
        &p,
        "F",
        "Events.Open.Properties.Auth.Authorizer",
        "has no default authorizer",
    );
}

#[test]
fn setter_checks_name_resource_and_property() {
    let mut app = App::new("a");
    let authorize = app.function("Authorize", function("auth.h"));
    let lambda = HttpLambdaAuthorizer::new("Cached", authorize, PayloadFormat::V1)
        .simple_responses()
        .ttl(Duration::from_secs(60));
    let api = app.http_api(
        "Api",
        HttpApi::new()
            .stage_name("prod stage")
            .authorizer(&lambda)
            .authorizer(&HttpJwtAuthorizer::new("Jwt", "http://insecure"))
            .access_log("arn:aws:logs:us-east-1:1:log-group:x", "$context.status")
            .cors(
                CorsConfiguration::any_origin()
                    .allow_credentials()
                    .max_age(Duration::from_secs(100_000)),
            )
            .domain(
                HttpDomain::new("api.example.com", "arn:aws:acm:eu-west-1:1:certificate/x")
                    .security_policy(SecurityPolicy::Tls10)
                    .base_path("v 1")
                    .route53(AliasRecords::zone_name("example.com")),
            ),
    );
    app.function(
        "F",
        function("h").on(
            "Slow",
            HttpRoute::get("/slow")
                .on(api)
                .timeout(Duration::from_secs(31)),
        ),
    );
    let p = problems(&app, "us-east-1");
    for (path, says) in [
        ("StageName", "stage name 'prod stage'"),
        (
            "Auth.Authorizers.Cached.EnableSimpleResponses",
            "payload format 2.0",
        ),
        ("Auth.Authorizers.Cached.Identity", "identity source"),
        (
            "Auth.Authorizers.Jwt.JwtConfiguration.issuer",
            "https:// URL",
        ),
        ("AccessLogSettings.Format", "$context.requestId"),
        ("CorsConfiguration.AllowCredentials", "explicit origins"),
        ("CorsConfiguration.MaxAge", "86400"),
        ("Domain.SecurityPolicy", "TLS 1.2 only"),
        ("Domain.BasePath", "base path 'v 1'"),
        ("Domain.Route53.HostedZoneName", "must end with a dot"),
        (
            "Auth.Authorizers.Jwt.JwtConfiguration.audience",
            "at least one audience",
        ),
    ] {
        assert_problem(&p, "Api", path, says);
    }
    assert_problem(&p, "F", "Events.Slow.Properties.TimeoutInMillis", "30 s");
    assert!(
        p.iter().all(|m| !m.contains("src/dsl")),
        "every location is the user's: {p:#?}"
    );
}

#[test]
fn a_regional_domain_needs_a_certificate_in_the_stacks_region() {
    let mut app = App::new("a");
    let api = app.http_api(
        "Api",
        HttpApi::new().domain(HttpDomain::new(
            "api.example.com",
            "arn:aws:acm:eu-west-1:123456789012:certificate/x",
        )),
    );
    app.function("F", function("h").on("Get", HttpRoute::get("/").on(api)));
    assert!(app.synth(&Context::new("eu-west-1")).is_ok());
    let p = problems(&app, "us-east-1");
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_problem(
        &p,
        "Api",
        "Domain.CertificateArn",
        "the certificate is in eu-west-1 but the stack deploys to us-east-1",
    );
    assert!(p[0].contains("dsl_http.rs"), "{p:#?}");
}

#[test]
fn handles_that_do_not_resolve_are_problems() {
    let mut other = App::new("other");
    let foreign = other.http_api("Foreign", HttpApi::new());
    let mut app = App::new("a");
    app.http_stage(foreign);
    app.serverless_http_api();
    app.http_api(
        "Api",
        HttpApi::new().openapi_file("tests/fixtures/dsl/http/missing.yaml"),
    );
    let p = problems(&app, "us-east-1");
    assert_problem(&p, "Foreign", "", "no HTTP API 'Foreign' in this app");
    assert!(
        p.iter()
            .any(|m| m.contains("[ServerlessHttpApi]") && m.contains("no HttpRoute")),
        "{p:#?}"
    );
    assert_problem(&p, "Api", "DefinitionBody", "cannot read OpenAPI file");
}

#[test]
fn several_http_apis_share_one_domain() {
    use serde_json::json;
    use stackwright::testing::has_resource_properties;

    let mut app = App::new("shared");
    let orders = app.http_api(
        "Orders",
        HttpApi::new().domain(
            HttpDomain::new(
                "api.example.com",
                "arn:aws:acm:us-east-1:123456789012:certificate/x",
            )
            .base_path("orders"),
        ),
    );
    let users = app.http_api("Users", HttpApi::new().stage_name("live"));
    app.function(
        "O",
        function("o.h").on("Get", HttpRoute::get("/").on(orders)),
    );
    app.function(
        "U",
        function("u.h").on("Get", HttpRoute::get("/").on(users)),
    );
    let users_stage = app.http_stage(users);
    let mapping = app.http_domain_mapping(orders, "users", users_stage);
    assert_eq!(mapping.id(), "UsersusersApiMapping");
    let t = app
        .synth(&Context::new("us-east-1"))
        .unwrap_or_else(|e| panic!("{e}"));
    let domain = t
        .resources
        .iter()
        .find(|(_, r)| r.type_ == "AWS::ApiGatewayV2::DomainName")
        .map(|(id, _)| id.clone())
        .expect("SAM's domain");
    let found = has_resource_properties(
        &t,
        "AWS::ApiGatewayV2::ApiMapping",
        json!({
            "ApiId": {"Ref": "Users"},
            "ApiMappingKey": "users",
            "DomainName": {"Ref": domain},
            "Stage": {"Ref": "UsersliveStage"},
        }),
    );
    assert_eq!(found, ["UsersusersApiMapping"]);
    assert!(t.resource("UsersliveStage").is_some());
    support::with_snapshots(|| {
        insta::assert_snapshot!(
            "http_shared_domain",
            emit::to_json(&t, false).expect("renders")
        )
    });

    // Its own API, or an API without a domain, cannot be mapped.
    let mut app = App::new("bad");
    let a = app.http_api("A", HttpApi::new());
    let b = app.http_api("B", HttpApi::new());
    app.function("F", function("h").on("Get", HttpRoute::get("/").on(a)));
    let stage = app.http_stage(b);
    app.http_domain_mapping(a, "b", stage);
    let own = app.http_stage(a);
    app.http_domain_mapping(a, "", own);
    let p = problems(&app, "us-east-1");
    assert_problem(&p, "BbApiMapping", "DomainName", "has no custom domain");
    assert_problem(&p, "AApiMapping", "ApiId", "the domain's own API");
    assert_problem(&p, "AApiMapping", "ApiMappingKey", "base path ''");
}

#[test]
fn openapi_in_s3_matches_sam() {
    let mut app = App::new("s3");
    let api = app.http_api(
        "Api",
        HttpApi::new()
            .openapi_s3("s3://specs/api.yaml")
            .stage_name("v2")
            .fail_on_warnings(),
    );
    assert_eq!(app.http_stage(api).logical_id(), "Apiv2Stage");
    assert_twin(&app, "tests/fixtures/dsl/http/openapi_s3.yaml", "us-east-1");
}

#[test]
fn access_log_groups_are_checked() {
    let mut app = App::new("a");
    let api = app.http_api(
        "Api",
        HttpApi::new()
            .access_log("arn:aws:logs:us-east-1:1:log-group:x", ACCESS_LOG_JSON)
            .access_log_group(31, "$context.status"),
    );
    app.function("F", function("h").on("Get", HttpRoute::get("/").on(api)));
    let p = problems(&app, "us-east-1");
    assert_problem(
        &p,
        "Api",
        "AccessLogSettings",
        "31 days is not a CloudWatch Logs retention",
    );
    assert_problem(&p, "Api", "AccessLogSettings.Format", "$context.requestId");
    assert_problem(
        &p,
        "Api",
        "AccessLogSettings",
        "set both by `.access_log(…)` and by `.access_log_group(…)`",
    );
    assert!(p.iter().all(|m| !m.contains("src/dsl")), "{p:#?}");
}

/// A truststore must be an S3 object: a bucket alone is refused, as on REST
/// domains (one check serves both).
#[test]
fn a_truststore_without_a_key_is_reported() {
    let mut app = App::new("mtls");
    let api = app.http_api(
        "Api",
        HttpApi::new().domain(
            HttpDomain::new(
                "api.example.com",
                "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
            )
            .mutual_tls("s3://truststores", None),
        ),
    );
    app.function(
        "Hello",
        function("hello.handler").on("Hello", HttpRoute::get("/hello").on(api)),
    );
    let p = problems(&app, "eu-west-1");
    assert!(
        p.iter().any(|m| m.contains("[Api]")
            && m.contains("Domain.MutualTlsAuthentication.TruststoreUri")
            && m.contains("'s3://truststores' is not an S3 URI")),
        "{p:?}"
    );
}

// ------------------------------------------------- extra stages (beyond SAM)

/// An HTTP API with SAM's stage `prod` and two extra stages: `beta`, with
/// every setting an extra stage takes and mapped on the API's own domain,
/// and `$default` (free, since SAM's stage is `prod`), which gets the
/// `recommended` access logs.
fn staged_app() -> App {
    let mut app = App::new("stages");
    let api = app.http_api(
        "Api",
        HttpApi::new().stage_name("prod").domain(
            HttpDomain::new(
                "api.example.com",
                "arn:aws:acm:us-east-1:123456789012:certificate/x",
            )
            .base_path("v1"),
        ),
    );
    app.function(
        "Hello",
        function("hello.handler").on("Hello", HttpRoute::get("/hello").on(api)),
    );
    let beta = app.http_extra_stage(
        "BetaStage",
        api,
        HttpStage::new("beta")
            .description("Beta testers")
            .variable("backend", "beta.example.com")
            .default_route_throttling(20, 10.0)
            .detailed_metrics()
            .access_log_group(14, ACCESS_LOG_JSON)
            .tag("stage", "beta"),
    );
    let live = app.http_extra_stage("LiveStage", api, HttpStage::new("$default"));
    app.http_domain_mapping(api, "beta", beta);
    app.output("BetaUrl", Output::new(beta.url()));
    app.output("BetaArn", Output::new(beta.arn()));
    app.output("LiveUrl", Output::new(live.url()));
    app
}

#[test]
fn extra_stages_snapshot() {
    let t = staged_app()
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    support::with_snapshots(|| {
        insta::assert_snapshot!(
            "dsl_http_extra_stages",
            emit::to_json(&t, false).expect("renders")
        )
    });
}

#[test]
fn extra_stage_settings_reach_the_stage() {
    use serde_json::json;

    let t = staged_app()
        .synth(&support::sam_context("us-east-1"))
        .unwrap_or_else(|e| panic!("{e}"));
    let beta = t.resource("BetaStage").expect("stage");
    assert_eq!(beta.type_, "AWS::ApiGatewayV2::Stage");
    let props = beta.properties.as_ref().expect("properties");
    let keys: Vec<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(&keys[..3], ["ApiId", "StageName", "AutoDeploy"]);
    assert_eq!(props["ApiId"], json!({"Ref": "Api"}));
    assert_eq!(props["AutoDeploy"], json!(true));
    assert_eq!(props["Description"], json!("Beta testers"));
    assert_eq!(
        props["StageVariables"],
        json!({"backend": "beta.example.com"})
    );
    assert_eq!(
        props["DefaultRouteSettings"],
        json!({"ThrottlingBurstLimit": 20, "ThrottlingRateLimit": 10, "DetailedMetricsEnabled": true})
    );
    assert_eq!(
        props["AccessLogSettings"],
        json!({"DestinationArn": {"Fn::GetAtt": ["BetaStageAccessLogs", "Arn"]}, "Format": ACCESS_LOG_JSON})
    );
    assert_eq!(props["Tags"], json!({"stage": "beta"}));
    let group = t.resource("BetaStageAccessLogs").expect("log group");
    assert_eq!(group.property("RetentionInDays"), Some(&json!(14)));
    // SAM's stage is untouched by the extra ones.
    let prod = t.resource("ApiprodStage").expect("SAM's stage");
    assert_eq!(prod.property("StageName"), Some(&json!("prod")));
    assert!(prod.property("StageVariables").is_none());
    // Under SAM's defaults, a stage without settings gets none.
    let live = t.resource("LiveStage").expect("stage");
    assert_eq!(
        serde_json::Value::Object(live.properties.clone().unwrap_or_default()),
        json!({"ApiId": {"Ref": "Api"}, "StageName": "$default", "AutoDeploy": true})
    );
}

#[test]
fn extra_stage_handles_have_url_and_arn() {
    use serde_json::json;

    let mut app = App::new("h");
    let api = app.http_api("Api", HttpApi::new());
    let beta = app.http_extra_stage("Beta", api, HttpStage::new("beta"));
    assert_eq!(
        (beta.api_id(), beta.name(), beta.logical_id()),
        ("Api", "beta", "Beta")
    );
    assert_eq!(
        beta.url(),
        json!({"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/beta"})
    );
    assert_eq!(
        beta.arn(),
        json!({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/apis/${Api}/stages/${Beta}"})
    );
    // SAM's own stage has the same attributes.
    assert_eq!(
        app.http_stage(api).arn(),
        json!({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/apis/${Api}/stages/${ApiApiGatewayDefaultStage}"})
    );
}

#[test]
fn recommended_defaults_log_extra_stages_unless_turned_off() {
    use serde_json::json;

    let t = staged_app()
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let live = t.resource("LiveStage").expect("stage");
    assert_eq!(
        live.property("AccessLogSettings")
            .map(|s| &s["DestinationArn"]),
        Some(&json!({"Fn::GetAtt": ["LiveStageAccessLogGroup", "Arn"]}))
    );
    assert_eq!(
        t.resource("LiveStageAccessLogGroup")
            .and_then(|g| g.property("RetentionInDays")),
        Some(&json!(30))
    );
    // A stage with its own access logs keeps them.
    assert!(t.resource("BetaStageAccessLogGroup").is_none());
    assert_eq!(
        t.resource("BetaStage")
            .and_then(|s| s.property("AccessLogSettings"))
            .map(|s| &s["DestinationArn"]),
        Some(&json!({"Fn::GetAtt": ["BetaStageAccessLogs", "Arn"]}))
    );

    let mut app = App::new("off");
    let api = app.http_api("Api", HttpApi::new());
    app.function("F", function("h").on("Get", HttpRoute::get("/").on(api)));
    app.http_extra_stage(
        "Quiet",
        api,
        HttpStage::new("quiet").without_default(Hardening::AccessLogs),
    );
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(t
        .resource("Quiet")
        .expect("stage")
        .property("AccessLogSettings")
        .is_none());
    assert!(t.resource("QuietAccessLogGroup").is_none());
    assert!(t
        .resource("ApiApiGatewayDefaultStageAccessLogGroup")
        .is_some());
}

#[test]
fn an_extra_stage_is_mapped_on_its_apis_domain() {
    use serde_json::json;
    use stackwright::testing::has_resource_properties;

    let t = staged_app()
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let domain = t
        .resources
        .iter()
        .find(|(_, r)| r.type_ == "AWS::ApiGatewayV2::DomainName")
        .map(|(id, _)| id.clone())
        .expect("SAM's domain");
    let found = has_resource_properties(
        &t,
        "AWS::ApiGatewayV2::ApiMapping",
        json!({
            "ApiId": {"Ref": "Api"},
            "ApiMappingKey": "beta",
            "DomainName": {"Ref": domain},
            "Stage": {"Ref": "BetaStage"},
        }),
    );
    assert_eq!(found, ["ApibetaApiMapping"]);
}

#[test]
fn extra_stage_mistakes_are_reported_at_once() {
    let mut other = App::new("other");
    let foreign = other.http_api("Foreign", HttpApi::new());
    let mut app = App::new("e");
    let api = app.http_api("Api", HttpApi::new().stage_name("prod"));
    let default = app.http_api("Default", HttpApi::new());
    app.function(
        "F",
        function("h")
            .on("Get", HttpRoute::get("/").on(api))
            .on("Other", HttpRoute::get("/").on(default)),
    );
    // SAM's stage is `prod`: a second `prod` is refused, `$default` is not.
    app.http_extra_stage("Again", api, HttpStage::new("prod"));
    app.http_extra_stage("Root", api, HttpStage::new("$default"));
    app.http_extra_stage("BetaOne", api, HttpStage::new("beta"));
    app.http_extra_stage("BetaTwo", api, HttpStage::new("beta"));
    // SAM's stage of `Default` is `$default`: one per API.
    app.http_extra_stage("SecondRoot", default, HttpStage::new("$default"));
    app.http_extra_stage(
        "Bad",
        api,
        HttpStage::new("beta/1")
            .variable("no-dash", "x")
            .access_log("arn:aws:logs:us-east-1:1:log-group:x", "$context.status")
            .property("ApiId", "abc123"),
    );
    app.http_extra_stage(
        "Logs",
        api,
        HttpStage::new("logs")
            .access_log("arn:aws:logs:us-east-1:1:log-group:x", ACCESS_LOG_JSON)
            .access_log_group(31, ACCESS_LOG_JSON),
    );
    app.http_extra_stage("Elsewhere", foreign, HttpStage::new("beta"));
    // No route creates the implicit API.
    let implicit = app.serverless_http_api();
    app.http_extra_stage("Orphan", implicit, HttpStage::new("beta"));
    let p = problems(&app, "us-east-1");
    assert_problem(
        &p,
        "Again",
        "StageName",
        "HTTP API 'Api' already has a stage named 'prod' (the one SAM creates)",
    );
    assert_problem(
        &p,
        "BetaTwo",
        "StageName",
        "HTTP API 'Api' already has a stage named 'beta' (extra stage 'BetaOne')",
    );
    assert_problem(
        &p,
        "SecondRoot",
        "StageName",
        "HTTP API 'Default' already has a stage named '$default' (the one SAM creates)",
    );
    assert_problem(&p, "Bad", "StageName", "stage name 'beta/1'");
    assert_problem(
        &p,
        "Bad",
        "StageVariables.no-dash",
        "letters, digits and '_'",
    );
    assert_problem(&p, "Bad", "AccessLogSettings.Format", "$context.requestId");
    assert_problem(&p, "Bad", "ApiId", "set by `app.http_extra_stage(…)`");
    assert_problem(&p, "Logs", "AccessLogSettings", "31 days");
    assert_problem(
        &p,
        "Logs",
        "AccessLogSettings",
        "set both by `.access_log(…)` and by `.access_log_group(…)`",
    );
    assert_problem(
        &p,
        "Elsewhere",
        "ApiId",
        "no HTTP API 'Foreign' in this app",
    );
    assert_problem(&p, "Orphan", "ApiId", "the implicit HTTP API");
    for ok in ["[Root]", "[BetaOne]"] {
        assert!(p.iter().all(|m| !m.contains(ok)), "{ok}: {p:#?}");
    }
    // Each mistake points at the line of this file that wrote it.
    assert!(
        p.iter()
            .filter(|m| !m.contains("[ServerlessHttpApi]"))
            .all(|m| m.contains("dsl_http.rs")),
        "{p:#?}"
    );
}

#[test]
fn a_base_path_of_the_domain_is_mapped_once() {
    let mut app = App::new("e");
    let api = app.http_api(
        "Api",
        HttpApi::new().domain(
            HttpDomain::new(
                "api.example.com",
                "arn:aws:acm:us-east-1:123456789012:certificate/x",
            )
            .base_path("v1"),
        ),
    );
    app.function("F", function("h").on("Get", HttpRoute::get("/").on(api)));
    let beta = app.http_extra_stage("Beta", api, HttpStage::new("beta"));
    app.http_domain_mapping(api, "/v1", beta);
    let p = problems(&app, "us-east-1");
    assert_problem(
        &p,
        "Apiv1ApiMapping",
        "ApiMappingKey",
        "base path 'v1' is already mapped on the custom domain of HTTP API 'Api', to its SAM stage",
    );
}
