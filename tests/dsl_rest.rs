//! REST APIs in the DSL. Each SAM feature has a twin: a DSL app and a SAM
//! template under `tests/fixtures/dsl/rest/` that synthesize byte-identical
//! CloudFormation (each twin is also accepted by the reference translator:
//! `/work/shared/tools/sam-diff FIXTURE --region REGION`). Features beyond
//! SAM (extra stages, usage-plan tiers, WAF, extra base path mappings) get
//! focused assertions and a reviewed snapshot of the storefront example.
//! Every check the DSL makes has a synth-error test naming resource and property.

mod support;

#[path = "../examples/storefront/app.rs"]
mod storefront;

use std::time::Duration;

use serde_json::json;
use stackwright::dsl::prelude::*;
use stackwright::emit;
use stackwright::error::Error;
use stackwright::testing;

fn code() -> Code {
    Code::inline("def handler(event, context):\n    return {'statusCode': 200}\n")
}

fn handler() -> Function {
    Function::new(Runtime::Python312, "index.handler", code())
}

/// Asserts the app and its SAM twin synthesize the same bytes in `region`.
/// On a mismatch, prints the SAM document the app lowers to.
fn assert_twin(app: &App, fixture: &str, region: &str) {
    let ctx = support::sam_context(region);
    let path = support::fixture(&format!("dsl/rest/{fixture}"));
    if !path.exists() {
        let doc = stackwright::yaml::to_string(&app.to_document().0).expect("yaml");
        std::fs::create_dir_all("/tmp/twin-drafts").unwrap();
        std::fs::write(format!("/tmp/twin-drafts/{fixture}"), doc).unwrap();
        panic!("DRAFT {fixture}");
    }
    let text = std::fs::read_to_string(&path).expect("twin is readable");
    let sam = stackwright::sam::synth(&text, &path.display().to_string(), &ctx)
        .unwrap_or_else(|e| panic!("{fixture}: {e}"));
    let dsl = app
        .synth(&ctx)
        .unwrap_or_else(|e| panic!("{fixture} (DSL): {e}"));
    let (sam, dsl) = (
        emit::to_json(&sam, false).expect("renders"),
        emit::to_json(&dsl, false).expect("renders"),
    );
    if sam != dsl {
        let doc = stackwright::yaml::to_string(&app.to_document().0).expect("yaml");
        panic!("{fixture}: the DSL app differs from its twin. The app lowers to:\n{doc}");
    }
}

/// The diagnostics of an app that must not synthesize.
fn errors(app: &App) -> Vec<String> {
    match app.synth(&support::context()) {
        Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Err(e) => panic!("expected diagnostics, got {e}"),
        Ok(_) => panic!("expected diagnostics, the app synthesized"),
    }
}

fn has(errors: &[String], parts: &[&str]) {
    assert!(
        errors.iter().any(|e| parts.iter().all(|p| e.contains(p))),
        "no diagnostic contains all of {parts:?}:\n{}",
        errors.join("\n")
    );
}

// ---------------------------------------------------------------- SAM twins

#[test]
fn api_settings_match_sam() {
    let mut app = App::new("settings");
    let api = app.rest_api(
        "Api",
        RestApi::new("v1")
            .name("settings-api")
            .description("Every API and stage setting SAM has")
            .endpoint(Endpoint::Regional)
            .binary_media_type("image/png")
            .binary_media_type("application/octet-stream")
            .minimum_compression_size(1024)
            .api_key_source(ApiKeySource::Header)
            .disable_execute_endpoint()
            .security_policy(SecurityPolicy::Tls12)
            .endpoint_access_mode(EndpointAccessMode::Basic)
            .mode(Mode::Overwrite)
            .fail_on_warnings()
            .tag("team", "shop")
            .propagate_tags()
            .variable("backend", "v1")
            .method_setting(
                MethodSetting::all()
                    .throttle(100, 50.0)
                    .logging(ExecutionLogLevel::Error)
                    .metrics(),
            )
            .method_setting(MethodSetting::method(Method::Get, "/items").cache(60))
            .cache_cluster(CacheClusterSize::Gb0_5)
            .canary(Canary::percent(10.0).variable("backend", "v2"))
            .access_log(AccessLog::json().retention_days(30))
            .tracing(),
    );
    app.function(
        "ListItems",
        handler().on("List", Route::get("/items").on(api)),
    );
    app.output("Url", Output::new(api.url()));
    assert_twin(&app, "api_settings.yaml", "us-east-1");
}

#[test]
fn cors_gateway_responses_and_models_match_sam() {
    let mut app = App::new("cors");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .cors(
                Cors::origin("https://shop.example.com")
                    .methods([Method::Get, Method::Post, Method::Options])
                    .headers(["Content-Type", "Authorization"])
                    .max_age(600)
                    .credentials(),
            )
            .gateway_response(
                GatewayResponseType::Default4xx,
                GatewayResponse::new()
                    .header("Access-Control-Allow-Origin", "https://shop.example.com")
                    .template(
                        "application/json",
                        r#"{"message": $context.error.messageString}"#,
                    ),
            )
            .gateway_response(
                GatewayResponseType::Unauthorized,
                GatewayResponse::new()
                    .status(401)
                    .header_from("WWW-Authenticate", "method.request.header.Host"),
            )
            .model(
                "Order",
                json!({
                    "type": "object",
                    "required": ["sku"],
                    "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer"}}
                }),
            ),
    );
    app.function(
        "CreateOrder",
        handler().on(
            "Create",
            Route::post("/orders")
                .on(api)
                .request_model("Order")
                .request_parameter("method.request.header.Idempotency-Key", true)
                .request_parameter("method.request.querystring.dryRun", false),
        ),
    );
    assert_twin(&app, "cors_responses.yaml", "us-east-1");
}

#[test]
fn resource_policy_and_private_endpoint_match_sam() {
    let mut app = App::new("policy");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .endpoint(Endpoint::private(["vpce-0123456789abcdef0"]))
            .resource_policy(
                ResourcePolicy::new()
                    .allow_accounts(["111122223333"])
                    .deny_ip_ranges(["203.0.113.0/24"])
                    .allow_vpc_endpoints(["vpce-0123456789abcdef0"])
                    .statement(json!({
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "execute-api:Invoke",
                        "Resource": "execute-api:/*/GET/health"
                    })),
            ),
    );
    app.function(
        "Health",
        handler().on("Health", Route::get("/health").on(api)).on(
            "Admin",
            Route::post("/admin")
                .on(api)
                .resource_policy(ResourcePolicy::new().allow_ip_ranges(["198.51.100.0/24"])),
        ),
    );
    assert_twin(&app, "resource_policy.yaml", "us-east-1");
}

#[test]
fn cognito_authorizer_matches_sam() {
    let mut app = App::new("cognito");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .cors(Cors::origin("*"))
            .open_cors_preflight(),
    );
    let users = app.rest_authorizer(
        api,
        "Users",
        CognitoAuthorizer::new([
            "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc123",
        ])
        .header("Authorization")
        .validation_expression("^Bearer .+$")
        .ttl(Duration::from_secs(60))
        .scopes(["shop/read"]),
    );
    app.rest_default_authorizer(api, users);
    app.function(
        "Orders",
        handler()
            .on("List", Route::get("/orders").on(api))
            .on(
                "Create",
                Route::post("/orders")
                    .on(api)
                    .authorizer(users)
                    .scopes(["shop/write"]),
            )
            .on("Health", Route::get("/health").on(api).no_auth()),
    );
    assert_twin(&app, "auth_cognito.yaml", "us-east-1");
}

#[test]
fn lambda_token_authorizer_matches_sam() {
    let mut app = App::new("token");
    let api = app.rest_api("Api", RestApi::new("prod"));
    let check = app.function("CheckToken", handler());
    let token = app.rest_authorizer(
        api,
        "Token",
        TokenAuthorizer::new(check)
            .header("X-Auth-Token")
            .validation_expression("^[A-Za-z0-9]+$")
            .ttl(Duration::from_secs(0)),
    );
    app.function(
        "Orders",
        handler()
            .on("List", Route::get("/orders").on(api).authorizer(token))
            .on("Health", Route::get("/health").on(api)),
    );
    assert_twin(&app, "auth_token.yaml", "us-east-1");
}

#[test]
fn lambda_request_authorizer_matches_sam() {
    let mut app = App::new("request");
    let api = app.rest_api("Api", RestApi::new("prod"));
    let check = app.function("CheckRequest", handler());
    let req = app.rest_authorizer(
        api,
        "Request",
        RequestAuthorizer::new(check)
            .headers(["Authorization"])
            .query_strings(["tenant"])
            .stage_variables(["realm"])
            .context(["identity.sourceIp"])
            .ttl(Duration::from_secs(120)),
    );
    app.rest_default_authorizer(api, req);
    app.function(
        "Orders",
        handler()
            .on("List", Route::get("/orders/{id}").on(api))
            .on("Health", Route::get("/health").on(api).no_auth()),
    );
    assert_twin(&app, "auth_request.yaml", "us-east-1");
}

#[test]
fn iam_authorization_matches_sam() {
    let mut app = App::new("iam");
    let api = app.rest_api("Api", RestApi::new("prod").iam_by_default());
    let open = app.rest_api("Open", RestApi::new("prod"));
    app.function(
        "Orders",
        handler()
            .on("List", Route::get("/orders").on(api))
            .on("Health", Route::get("/health").on(api).no_auth())
            .on(
                "Admin",
                Route::delete("/orders/{id}")
                    .on(open)
                    .authorizer(Authorizer::iam())
                    .invoke_role(InvokeRole::CallerCredentials),
            ),
    );
    assert_twin(&app, "auth_iam.yaml", "us-east-1");
}

#[test]
fn per_api_usage_plan_matches_sam() {
    let mut app = App::new("perapi");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .cors(Cors::origin("*"))
            .api_key_required()
            .keyless_cors_preflight()
            .usage_plan(
                ApiUsagePlan::per_api()
                    .name("shop-basic")
                    .description("Basic access")
                    .quota(Quota::per(Period::Month, 10_000).offset(0))
                    .throttle(Throttle::new(20, 10.0))
                    .tag("tier", "basic"),
            ),
    );
    app.function(
        "Orders",
        handler().on("List", Route::get("/orders").on(api)).on(
            "Health",
            Route::get("/health").on(api).api_key_required(false),
        ),
    );
    assert_twin(&app, "usage_plan_per_api.yaml", "us-east-1");
}

#[test]
fn shared_usage_plan_matches_sam() {
    let mut app = App::new("shared");
    let plan = || {
        ApiUsagePlan::shared()
            .quota(Quota::per(Period::Day, 5_000))
            .throttle(Throttle::new(10, 5.0))
    };
    let a = app.rest_api(
        "Orders",
        RestApi::new("prod").api_key_required().usage_plan(plan()),
    );
    let b = app.rest_api(
        "Items",
        RestApi::new("prod").api_key_required().usage_plan(plan()),
    );
    app.function(
        "Handler",
        handler()
            .on("Orders", Route::get("/orders").on(a))
            .on("Items", Route::get("/items").on(b)),
    );
    assert_twin(&app, "usage_plan_shared.yaml", "us-east-1");
}

#[test]
fn no_usage_plan_matches_sam() {
    let mut app = App::new("none");
    let api = app.rest_api("Api", RestApi::new("prod").usage_plan(ApiUsagePlan::none()));
    app.function(
        "Orders",
        handler().on("List", Route::get("/orders").on(api).api_key_required(true)),
    );
    assert_twin(&app, "usage_plan_none.yaml", "us-east-1");
}

#[test]
fn edge_domain_with_route53_matches_sam() {
    let mut app = App::new("edge");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod").domain(
            Domain::edge(
                "api.example.com",
                Certificate::us_east_1(
                    "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
                ),
            )
            .base_path("/")
            .base_path("v1")
            .security_policy(SecurityPolicy::Tls12)
            .route53(Route53::zone_id("Z1234567890ABC").ipv6()),
        ),
    );
    app.function(
        "Orders",
        handler().on("List", Route::get("/orders").on(api)),
    );
    assert_twin(&app, "domain_edge.yaml", "eu-west-1");
}

#[test]
fn regional_domain_with_latency_routing_matches_sam() {
    let mut app = App::new("regional");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod").endpoint(Endpoint::Regional).domain(
            Domain::regional(
                "api.example.com",
                Certificate::in_stack_region(
                    "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
                ),
            )
            .mutual_tls("s3://truststores/api.pem", Some("v3"))
            .dualstack()
            .endpoint_access_mode(EndpointAccessMode::Basic)
            .ownership_verification(Certificate::in_stack_region(
                "arn:aws:acm:eu-west-1:123456789012:certificate/66666666-7777-8888-9999-000000000000",
            ))
            .security_policy(SecurityPolicy::Tls12)
            .route53(
                Route53::zone_name("example.com.")
                    .ipv6()
                    .latency("eu-west-1", "eu")
                    .evaluate_target_health(),
            ),
        ),
    );
    app.function(
        "Orders",
        handler().on("List", Route::get("/orders").on(api)),
    );
    assert_twin(&app, "domain_regional.yaml", "eu-west-1");
}

#[test]
fn private_domain_matches_sam() {
    let mut app = App::new("private");
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": "execute-api:Invoke",
            "Resource": "execute-api:/*"
        }]
    });
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .endpoint(Endpoint::private(["vpce-0123456789abcdef0"]))
            .domain(
                Domain::private(
                    "internal.example.com",
                    Certificate::in_stack_region(
                        "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
                    ),
                    policy,
                )
                .access_association("vpce-0123456789abcdef0")
                .route53(Route53::zone_id("Z1234567890ABC").vpc_endpoint(
                    "Z7HUB22UULQXV",
                    "vpce-0123456789abcdef0-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com",
                )),
            ),
    );
    app.function(
        "Orders",
        handler().on("List", Route::get("/orders").on(api)),
    );
    assert_twin(&app, "domain_private.yaml", "us-east-1");
}

#[test]
fn openapi_file_matches_sam() {
    let mut app = App::new("openapi");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .openapi_file(support::fixture("dsl/rest/openapi.yaml"))
            .merge_definitions(),
    );
    app.function(
        "Orders",
        handler().on("List", Route::get("/orders").on(api)),
    );
    assert_twin(&app, "openapi_file.yaml", "us-east-1");
}

#[test]
fn implicit_api_handle_gives_its_url_and_stage() {
    let mut app = App::new("implicit");
    app.function("Hello", handler().on("Hello", Route::get("/hello")));
    let api = app.implicit_rest_api();
    app.output("Url", Output::new(api.url()));
    app.output("Stage", Output::new(api.stage().ref_()));
    assert_twin(&app, "implicit_api.yaml", "us-east-1");
}

// ------------------------------------------------------------ beyond SAM

#[test]
fn storefront_has_every_beyond_sam_feature() {
    let t = storefront::app()
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let stages = testing::resources_of_type(&t, "AWS::ApiGateway::Stage");
    let on_api: Vec<_> = stages
        .iter()
        .filter(|(_, r)| r.property("RestApiId") == Some(&json!({"Ref": "StoreApi"})))
        .collect();
    assert!(on_api.len() >= 2, "{stages:?}");
    // The extra stage uses the deployment SAM generated.
    let beta = t.resource("BetaStage").expect("beta stage");
    let dep = beta.property("DeploymentId").expect("deployment");
    let dep_id = dep["Ref"].as_str().expect("a Ref");
    assert!(dep_id.starts_with("StoreApiDeployment"), "{dep_id}");
    assert!(t.resource(dep_id).is_some());

    let assoc = testing::resources_of_type(&t, "AWS::WAFv2::WebACLAssociation");
    assert_eq!(assoc.len(), 1);
    let (_, a) = assoc[0];
    assert_eq!(
        a.property("ResourceArn"),
        Some(
            &json!({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${StoreApi}/stages/${StoreApiprodStage}"})
        )
    );
    // The ARN's reference to the stage orders the two; no redundant DependsOn (cfn-lint W3005).
    assert_eq!(a.depends_on, None);

    assert!(testing::resources_of_type(&t, "AWS::ApiGateway::UsagePlan").len() >= 2);
    // SAM writes REST authorizers into the API's OpenAPI body.
    let defs = &t.resource("StoreApi").unwrap().property("Body").unwrap()["securityDefinitions"];
    assert_eq!(
        defs["Shoppers"]["x-amazon-apigateway-authtype"],
        json!("cognito_user_pools")
    );
    assert_eq!(
        defs["Staff"]["x-amazon-apigateway-authorizer"]["type"],
        json!("token")
    );
    assert_eq!(
        testing::resources_of_type(&t, "AWS::ApiGateway::DomainName").len(),
        1
    );
    let records = testing::resources_of_type(&t, "AWS::Route53::RecordSetGroup");
    let types: Vec<&str> = records
        .iter()
        .flat_map(|(_, r)| {
            r.property("RecordSets")
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|r| r["Type"].as_str().map(str::to_string))
        .map(|s| if s == "A" { "A" } else { "AAAA" })
        .collect();
    assert_eq!(types, vec!["A", "AAAA"]);
    // Access logs go to a generated log group with retention.
    assert!(
        testing::has_resource_properties(&t, "AWS::Logs::LogGroup", json!({"RetentionInDays": 14}))
            .len()
            == 1
    );
    // The webhooks HTTP API has SAM's `$default` stage and a sandbox one,
    // both auto-deployed on the same API.
    let http_stages = testing::has_resource_properties(
        &t,
        "AWS::ApiGatewayV2::Stage",
        json!({"ApiId": {"Ref": "WebhooksApi"}, "AutoDeploy": true}),
    );
    let mut names: Vec<_> = http_stages
        .iter()
        .filter_map(|id| t.resource(id)?.property("StageName")?.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["$default", "sandbox"]);
}

#[test]
fn storefront_snapshot() {
    let t = storefront::app()
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    support::with_snapshots(|| {
        insta::assert_snapshot!("dsl_rest_storefront", testing::json_snapshot(&t));
    });
}

#[test]
fn extra_stage_settings_reach_the_stage() {
    let mut app = App::new("stages");
    let api = app.rest_api("Api", RestApi::new("prod"));
    app.function("Hello", handler().on("Hello", Route::get("/hello").on(api)));
    let beta = app.rest_stage(
        "Beta",
        api,
        RestStage::new("beta")
            .description("Beta")
            .variable("backend", "beta")
            .method_setting(MethodSetting::all().throttle(10, 5.0))
            .tracing()
            .canary(Canary::percent(5.0).use_stage_cache())
            .cache_cluster(CacheClusterSize::Gb1_6)
            .tag("stage", "beta")
            .access_log(AccessLog::new("$context.requestId").retention_days(10)),
    );
    app.output("BetaUrl", Output::new(beta.url()));
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let s = t.resource("Beta").expect("stage");
    let props = s.properties.as_ref().expect("properties");
    let keys: Vec<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(&keys[..3], ["RestApiId", "StageName", "DeploymentId"]);
    let dep = props["DeploymentId"].clone();
    assert_eq!(props["CanarySetting"]["DeploymentId"], dep);
    assert_eq!(props["CacheClusterSize"], json!("1.6"));
    assert_eq!(
        props["AccessLogSetting"]["DestinationArn"],
        json!({"Fn::GetAtt": ["BetaAccessLogs", "Arn"]})
    );
    // 10 days is not a CloudWatch period: rounded up to 14.
    assert_eq!(
        t.resource("BetaAccessLogs")
            .unwrap()
            .property("RetentionInDays"),
        Some(&json!(14))
    );
    assert_eq!(
        beta.url(),
        json!({"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/beta"})
    );
}

#[test]
fn usage_plan_tiers_bind_stage_handles() {
    let mut app = App::new("tiers");
    let api = app.rest_api("Api", RestApi::new("prod"));
    app.function(
        "Hello",
        handler().on("Hello", Route::get("/hello").on(api).api_key_required(true)),
    );
    let beta = app.rest_stage("Beta", api, RestStage::new("beta"));
    let gold = app.usage_plan(
        "Gold",
        UsagePlan::new()
            .name("gold")
            .stage(api.stage())
            .stage(beta)
            .method_throttle(api.stage(), Method::Get, "/hello", Throttle::new(5, 1.0))
            .quota(Quota::per(Period::Week, 100))
            .throttle(Throttle::new(50, 25.0)),
    );
    let key = app.api_key("GoldKey", ApiKey::new().name("gold-key"));
    app.usage_plan_key("GoldKeyInGold", gold, key);
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        t.resource("Gold").unwrap().property("ApiStages"),
        Some(&json!([
            {"ApiId": {"Ref": "Api"}, "Stage": {"Ref": "ApiprodStage"},
             "Throttle": {"/hello/GET": {"BurstLimit": 5, "RateLimit": 1.0}}},
            {"ApiId": {"Ref": "Api"}, "Stage": {"Ref": "Beta"}}
        ]))
    );
    assert_eq!(
        t.resource("GoldKeyInGold").unwrap().properties,
        Some(
            json!({"KeyId": {"Ref": "GoldKey"}, "KeyType": "API_KEY", "UsagePlanId": {"Ref": "Gold"}})
                .as_object()
                .unwrap()
                .clone()
        )
    );
}

#[test]
fn an_existing_web_acl_can_protect_a_stage() {
    let mut app = App::new("waf");
    let api = app.rest_api("Api", RestApi::new("prod"));
    app.function("Hello", handler().on("Hello", Route::get("/hello").on(api)));
    let blocked = app.ip_set("Blocked", IpSet::v4(["192.0.2.0/24"]));
    let acl = app.web_acl(
        "Acl",
        WebAcl::new(WafAction::Allow)
            .ip_set_rule("BlockList", blocked, WafAction::Block)
            .managed_rule_group(
                ManagedRuleGroup::aws("AWSManagedRulesKnownBadInputsRuleSet")
                    .version("Version_1.0")
                    .rule_action("Host_localhost_HEADER", WafAction::Count),
            )
            .rate_limit(
                "Flood",
                100,
                WafAction::BlockWith {
                    status: 429,
                    body: Some("slow".into()),
                },
            )
            .response_body("slow", ContentType::Json, r#"{"error":"slow down"}"#),
    );
    app.web_acl_association("Own", api.stage(), acl);
    app.web_acl_association(
        "Existing",
        api.stage(),
        WebAclArn::existing("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/abc"),
    );
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let rules = t
        .resource("Acl")
        .unwrap()
        .property("Rules")
        .unwrap()
        .clone();
    assert_eq!(rules[0]["Priority"], json!(0));
    assert_eq!(rules[2]["Priority"], json!(2));
    assert_eq!(
        rules[2]["Action"],
        json!({"Block": {"CustomResponse": {"ResponseCode": 429, "CustomResponseBodyKey": "slow"}}})
    );
    assert_eq!(
        t.resource("Existing").unwrap().property("WebACLArn"),
        Some(&json!(
            "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/abc"
        ))
    );
}

#[test]
fn another_stage_is_mapped_on_the_apis_domain() {
    let mut app = App::new("mapping");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .endpoint(Endpoint::Regional)
            .domain(Domain::regional(
                "api.example.com",
                Certificate::in_stack_region("arn:aws:acm:us-east-1:123456789012:certificate/abc"),
            )),
    );
    app.function("Hello", handler().on("Hello", Route::get("/hello").on(api)));
    let beta = app.rest_stage("Beta", api, RestStage::new("beta"));
    app.rest_base_path_mapping("BetaMapping", api, "beta", beta);
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let m = t.resource("BetaMapping").unwrap();
    let domain = m.property("DomainName").unwrap()["Ref"].as_str().unwrap();
    assert!(t.resource(domain).is_some(), "{domain} is SAM's domain");
    assert_eq!(m.property("Stage"), Some(&json!({"Ref": "Beta"})));
}

#[test]
fn synth_is_deterministic() {
    let a = emit::to_json(
        &storefront::app().synth(&support::context()).unwrap(),
        false,
    )
    .unwrap();
    let b = emit::to_json(
        &storefront::app().synth(&support::context()).unwrap(),
        false,
    )
    .unwrap();
    assert_eq!(a, b);
}

// ------------------------------------------------------------ synth errors

#[test]
fn bad_stage_names_are_reported_where_written() {
    let mut app = App::new("e");
    let api = app.rest_api("Api", RestApi::new("pro d"));
    app.function("F", handler().on("Get", Route::get("/a").on(api)));
    app.rest_stage("Extra", api, RestStage::new("beta/1"));
    let e = errors(&app);
    has(&e, &["Api", "StageName", "pro d", "dsl_rest.rs"]);
    has(&e, &["Extra", "StageName", "beta/1"]);
}

#[test]
fn bad_paths_are_reported_on_the_event() {
    let mut app = App::new("e");
    app.function(
        "F",
        handler()
            .on("NoSlash", Route::get("items"))
            .on("Open", Route::get("/items/{id"))
            .on("Greedy", Route::get("/{proxy+}/more"))
            .on("Trailing", Route::get("/items/")),
    );
    let e = errors(&app);
    has(
        &e,
        &["F", "Events.NoSlash.Properties.Path", "must start with '/'"],
    );
    has(&e, &["F", "Events.Open.Properties.Path", "unbalanced"]);
    has(&e, &["F", "Events.Greedy.Properties.Path", "last segment"]);
    has(
        &e,
        &["F", "Events.Trailing.Properties.Path", "trailing '/'"],
    );
}

#[test]
fn the_same_route_twice_names_both() {
    // SAM refuses this too, but names only the second route; the DSL names both.
    let mut app = App::new("e");
    let api = app.rest_api("Api", RestApi::new("prod"));
    app.function("A", handler().on("Get", Route::get("/items").on(api)));
    app.function("B", handler().on("Fetch", Route::get("/items").on(api)));
    // ANY beside a specific method is allowed (the specific one wins).
    app.function("C", handler().on("All", Route::any("/other").on(api)));
    app.function("D", handler().on("Post", Route::post("/other").on(api)));
    let e = errors(&app);
    has(
        &e,
        &[
            "B",
            "Events.Fetch",
            "event 'Get' of function 'A'",
            "GET /items",
        ],
    );
    assert!(!e.iter().any(|e| e.contains("'All'")), "{e:?}");
}

#[test]
fn the_implicit_api_handle_needs_an_implicit_route() {
    let mut app = App::new("e");
    let api = app.rest_api("Api", RestApi::new("prod"));
    app.function("F", handler().on("Get", Route::get("/a").on(api)));
    let implicit = app.implicit_rest_api();
    app.output("Url", Output::new(implicit.url()));
    has(
        &errors(&app),
        &["ServerlessRestApi", "no route needs it", "dsl_rest.rs"],
    );
}

#[test]
fn an_authorizer_of_another_api_is_refused() {
    let mut app = App::new("e");
    let a = app.rest_api("A", RestApi::new("prod"));
    let b = app.rest_api("B", RestApi::new("prod"));
    let check = app.function("Check", handler());
    let tok = app.rest_authorizer(a, "Tok", TokenAuthorizer::new(check));
    app.rest_default_authorizer(b, tok);
    app.function(
        "F",
        handler().on("Get", Route::get("/a").on(b).authorizer(tok)),
    );
    let e = errors(&app);
    has(
        &e,
        &[
            "F",
            "Events.Get.Properties.Auth.Authorizer",
            "belongs to API 'A'",
        ],
    );
    has(&e, &["B", "Auth.DefaultAuthorizer", "belongs to API 'A'"]);
}

#[test]
fn authorizer_settings_are_checked() {
    let mut app = App::new("e");
    let api = app.rest_api("Api", RestApi::new("prod"));
    let check = app.function("Check", handler());
    app.rest_authorizer(
        api,
        "Bad-Name",
        TokenAuthorizer::new(check).ttl(Duration::from_secs(7200)),
    );
    app.function("F", handler().on("Get", Route::get("/a").on(api)));
    let e = errors(&app);
    has(&e, &["Api", "Auth.Authorizers.Bad-Name", "alphanumeric"]);
    has(
        &e,
        &[
            "Api",
            "Auth.Authorizers.Bad-Name.Identity.ReauthorizeEvery",
            "3600",
        ],
    );
}

#[test]
fn an_edge_certificate_outside_us_east_1_is_refused() {
    let mut app = App::new("e");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod").domain(Domain::edge(
            "api.example.com",
            Certificate::us_east_1("arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
        )),
    );
    app.function("F", handler().on("Get", Route::get("/a").on(api)));
    has(
        &errors(&app),
        &[
            "Api",
            "Domain.CertificateArn",
            "us-east-1",
            "eu-west-1",
            "dsl_rest.rs",
        ],
    );
}

#[test]
fn a_regional_certificate_must_be_in_the_stacks_region() {
    let mut app = App::new("e");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod").domain(Domain::regional(
            "api.example.com",
            Certificate::in_stack_region("arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
        )),
    );
    app.function("F", handler().on("Get", Route::get("/a").on(api)));
    // Synthesized for us-east-1 (support::REGION).
    has(
        &errors(&app),
        &["Api", "Domain.CertificateArn", "us-east-1", "eu-west-1"],
    );
    assert!(app.synth(&Context::new("eu-west-1")).is_ok());
}

#[test]
fn stage_and_plan_mistakes_are_reported() {
    let mut app = App::new("e");
    let api = app.rest_api("Api", RestApi::new("prod").variable("bad name", "x"));
    let implicit = app.implicit_rest_api();
    app.function("F", handler().on("Get", Route::get("/a").on(api)));
    app.rest_stage("Again", api, RestStage::new("prod"));
    // No route uses the implicit API, so SAM deploys nothing for it.
    app.rest_stage("Orphan", implicit, RestStage::new("beta"));
    app.usage_plan("Empty", UsagePlan::new());
    app.rest_base_path_mapping("Nowhere", api, "x", api.stage());
    let e = errors(&app);
    has(&e, &["Api", "Variables.bad name"]);
    has(
        &e,
        &["Again", "StageName", "already has a stage named 'prod'"],
    );
    has(&e, &["Orphan", "DeploymentId", "no deployment"]);
    has(&e, &["Empty", "ApiStages", "meters no stage"]);
    has(&e, &["Nowhere", "DomainName", "no custom domain"]);
}

#[test]
fn waf_mistakes_are_reported() {
    let mut app = App::new("e");
    app.web_acl(
        "Acl",
        WebAcl::new(WafAction::Block)
            .rate_limit("Tiny", 5, WafAction::Block)
            .rate_limit("Tiny", 100, WafAction::Block),
    );
    app.ip_set("Ips", IpSet::v4(["10.0.0.1"]));
    let e = errors(&app);
    has(&e, &["Acl", "Rules", "minimum of 10"]);
    has(&e, &["Acl", "Rules", "two rules are named 'Tiny'"]);
    has(&e, &["Ips", "Addresses", "10.0.0.1"]);
}

#[test]
fn a_raw_property_never_overrides_a_typed_setter() {
    let mut app = App::new("e");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .cors(Cors::origin("*"))
            .property("Cors", "'*'"),
    );
    app.function("F", handler().on("Get", Route::get("/a").on(api)));
    has(
        &errors(&app),
        &["Api", "Cors", ".cors(…)", ".property(\"Cors\""],
    );
}

#[test]
fn other_setter_values_are_checked() {
    let mut app = App::new("e");
    let api = app.rest_api(
        "Api",
        RestApi::new("prod")
            .minimum_compression_size(20_000_000)
            .gateway_response(
                GatewayResponseType::Throttled,
                GatewayResponse::new().status(99),
            )
            .openapi_file("does/not/exist.yaml")
            .domain(
                Domain::edge(
                    "api.example.com",
                    Certificate::us_east_1("arn:aws:acm:us-east-1:1:certificate/x"),
                )
                .mutual_tls("https://not-s3", None),
            ),
    );
    app.function(
        "F",
        handler().on(
            "Get",
            Route::get("/a").on(api).request_parameter("header.X", true),
        ),
    );
    let e = errors(&app);
    has(&e, &["Api", "MinimumCompressionSize", "10485760"]);
    has(&e, &["Api", "GatewayResponses.THROTTLED.StatusCode", "99"]);
    has(&e, &["Api", "DefinitionBody", "does/not/exist.yaml"]);
    has(&e, &["Api", "Domain.MutualTlsAuthentication.TruststoreUri"]);
    has(
        &e,
        &["F", "Events.Get.Properties.RequestParameters", "header.X"],
    );
}

#[test]
fn handles_from_another_app_are_diagnostics() {
    let mut other = App::new("other");
    let foreign = other.rest_api("Foreign", RestApi::new("prod"));
    let mut app = App::new("e");
    let api = app.rest_api("Api", RestApi::new("prod"));
    app.function("F", handler().on("Get", Route::get("/a").on(api)));
    app.rest_stage("Beta", foreign, RestStage::new("beta"));
    app.usage_plan("Plan", UsagePlan::new().stage(foreign.stage()));
    app.web_acl_association(
        "Assoc",
        foreign.stage(),
        WebAclArn::existing("arn:aws:wafv2:us-east-1:1:regional/webacl/a/b"),
    );
    app.rest_authorizer(foreign, "Users", CognitoAuthorizer::new(["arn:pool"]));
    let e = errors(&app);
    for (id, prop) in [
        ("Beta", "RestApiId"),
        ("Plan", "ApiStages"),
        ("Assoc", "ResourceArn"),
        ("Foreign", "Auth.Authorizers.Users"),
    ] {
        has(&e, &[id, prop, "no REST API 'Foreign'"]);
    }
}

#[test]
fn two_routes_with_one_event_name_are_an_error() {
    // Before: the second `Api` event of the same name silently replaced the first.
    let mut app = App::new("e");
    app.function(
        "F",
        handler()
            .on("Get", Route::get("/a"))
            .on("Get", Route::get("/b")),
    );
    has(&errors(&app), &["F", "Events.Get", "named 'Get'"]);
}

#[test]
fn urls_come_from_the_stage_that_exists() {
    // Before: `api.url("production")` on an API whose stage is `prod` was
    // accepted; now the URL is the stage handle's, so it cannot name another.
    let mut app = App::new("u");
    let api = app.rest_api("Api", RestApi::new("prod"));
    assert_eq!(api.stage().name(), "prod");
    assert_eq!(
        api.url(),
        json!({"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/prod"})
    );
    assert_eq!(api.stage().logical_id(), "ApiprodStage");
    assert_eq!(
        api.stage().arn(),
        json!({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${ApiprodStage}"})
    );
    // A stage name SAM hashes into the stage's logical ID resolves too.
    let dashed = app.rest_api("Dashed", RestApi::new("beta-1"));
    app.function(
        "F",
        handler()
            .on("Get", Route::get("/a").on(api))
            .on("Dash", Route::get("/a").on(dashed)),
    );
    let t = app.synth(&support::context()).unwrap();
    assert!(t.resource(api.stage().logical_id()).is_some());
    let stage = t
        .resource(dashed.stage().logical_id())
        .expect("hashed stage ID");
    assert_eq!(stage.property("StageName"), Some(&json!("beta-1")));
}
