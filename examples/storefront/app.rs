//! The storefront: a REST API with two stages (beta, prod), a Cognito
//! authorizer for shoppers and a Lambda TOKEN authorizer for staff, two
//! usage-plan tiers with API keys, a custom domain with Route 53 alias A and
//! AAAA records, and a WAF web ACL (AWS managed rule groups and a rate limit)
//! on prod; and an HTTP API for payment webhooks with a sandbox stage beside
//! its live one. Several stages, usage-plan tiers and WAF go beyond SAM, so this
//! app has no SAM twin; `tests/dsl_rest.rs` checks it and snapshots it.

use std::time::Duration;

use stackwright::dsl::prelude::*;

fn code() -> Code {
    Code::s3("s3://stackwright-examples/storefront.zip")
}

pub fn app() -> App {
    let mut app = App::new("storefront");
    app.description("Storefront: products and orders behind a REST API with two stages, WAF and a custom domain");

    let products = app.simple_table(
        "ProductsTable",
        SimpleTable::new().primary_key("productId", KeyType::String),
    );
    let orders = app.simple_table(
        "OrdersTable",
        SimpleTable::new().primary_key("orderId", KeyType::String),
    );
    let shoppers = app.resource(
        "Shoppers",
        CfnResource::new("AWS::Cognito::UserPool")
            .property("UserPoolName", "storefront-shoppers")
            .property("AutoVerifiedAttributes", serde_json::json!(["email"])),
    );

    let api = app.rest_api(
        "StoreApi",
        RestApi::new("prod")
            .description("Storefront API")
            .cors(
                Cors::origin("https://shop.example.com")
                    .methods([Method::Get, Method::Post, Method::Delete, Method::Options])
                    .headers(["Content-Type", "Authorization", "X-Api-Key"])
                    .max_age(600),
            )
            .gateway_response(
                GatewayResponseType::Default4xx,
                GatewayResponse::new()
                    .header("Access-Control-Allow-Origin", "https://shop.example.com"),
            )
            .open_cors_preflight()
            .tracing()
            .method_setting(MethodSetting::all().throttle(200, 100.0).metrics())
            .access_log(AccessLog::json().retention_days(30))
            .tag("app", "storefront")
            .domain(
                Domain::edge(
                    "shop.example.com",
                    Certificate::us_east_1(
                        "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                    ),
                )
                .security_policy(SecurityPolicy::Tls12)
                .route53(Route53::zone_name("example.com.").ipv6()),
            ),
    );

    let staff_check = app.function(
        "StaffTokenCheck",
        Function::new(Runtime::Python312, "auth.staff", code())
            .memory_size(128)
            .timeout(Duration::from_secs(5)),
    );
    let shopper = app.rest_authorizer(
        api,
        "Shoppers",
        CognitoAuthorizer::new([shoppers.get_att("Arn")]).header("Authorization"),
    );
    let staff = app.rest_authorizer(
        api,
        "Staff",
        TokenAuthorizer::new(staff_check)
            .header("X-Staff-Token")
            .ttl(Duration::from_secs(300)),
    );
    app.rest_default_authorizer(api, shopper);

    let catalog = app.function(
        "CatalogFunction",
        Function::new(Runtime::Python312, "catalog.handler", code())
            .memory_size(256)
            .timeout(Duration::from_secs(10))
            .env("PRODUCTS_TABLE", products.name())
            .on(
                "ListProducts",
                Route::get("/products")
                    .on(api)
                    .no_auth()
                    .api_key_required(true),
            )
            .on(
                "GetProduct",
                Route::get("/products/{productId}")
                    .on(api)
                    .no_auth()
                    .api_key_required(true),
            )
            .on(
                "DeleteProduct",
                Route::delete("/products/{productId}")
                    .on(api)
                    .authorizer(staff),
            ),
    );
    let ordering = app.function(
        "OrdersFunction",
        Function::new(Runtime::Python312, "orders.handler", code())
            .memory_size(256)
            .timeout(Duration::from_secs(10))
            .env("ORDERS_TABLE", orders.name())
            .on("CreateOrder", Route::post("/orders").on(api))
            .on("GetOrder", Route::get("/orders/{orderId}").on(api)),
    );
    app.function(
        "HealthFunction",
        Function::new(Runtime::Python312, "health.handler", code())
            .memory_size(128)
            .timeout(Duration::from_secs(3))
            .on("Health", Route::get("/health").on(api).no_auth()),
    );
    app.grant_table(catalog, products, TableAccess::ReadWrite);
    app.grant_table(ordering, orders, TableAccess::ReadWrite);

    // The payment provider's webhooks: an HTTP API with, beyond SAM, a
    // sandbox stage beside the live one for the provider's test mode.
    let hooks = app.http_api(
        "WebhooksApi",
        HttpApi::new()
            .description("Payment provider webhooks")
            .default_route_throttling(50, 25.0)
            .tag("app", "storefront"),
    );
    let payments = app.function(
        "PaymentWebhookFunction",
        Function::new(Runtime::Python312, "webhooks.payment", code())
            .memory_size(128)
            .timeout(Duration::from_secs(5))
            .env("ORDERS_TABLE", orders.name())
            .on("Payment", HttpRoute::post("/payments").on(hooks)),
    );
    app.grant_table(payments, orders, TableAccess::ReadWrite);
    let sandbox = app.http_extra_stage(
        "WebhooksSandboxStage",
        hooks,
        HttpStage::new("sandbox")
            .description("The payment provider's test mode")
            .variable("mode", "test")
            .default_route_throttling(5, 2.0),
    );

    // Beyond SAM: a beta stage on the same deployment, mapped at /beta.
    let prod = api.stage();
    let beta = app.rest_stage(
        "BetaStage",
        api,
        RestStage::new("beta")
            .description("Pre-release stage")
            .variable("environment", "beta")
            .tracing()
            .method_setting(
                MethodSetting::all()
                    .throttle(20, 10.0)
                    .logging(ExecutionLogLevel::Info),
            )
            .access_log(AccessLog::json().retention_days(14)),
    );
    app.rest_base_path_mapping("BetaMapping", api, "beta", beta);

    // Beyond SAM: two usage-plan tiers, each with an API key.
    let basic = app.usage_plan(
        "BasicPlan",
        UsagePlan::new()
            .name("storefront-basic")
            .description("Partners: 10,000 requests a month")
            .stage(prod)
            .stage(beta)
            .quota(Quota::per(Period::Month, 10_000))
            .throttle(Throttle::new(10, 5.0)),
    );
    let premium = app.usage_plan(
        "PremiumPlan",
        UsagePlan::new()
            .name("storefront-premium")
            .description("Resellers: 1,000,000 requests a month")
            .stage(prod)
            .stage(beta)
            .method_throttle(prod, Method::Get, "/products", Throttle::new(500, 250.0))
            .quota(Quota::per(Period::Month, 1_000_000))
            .throttle(Throttle::new(200, 100.0)),
    );
    let basic_key = app.api_key("BasicKey", ApiKey::new().name("storefront-basic-partner"));
    let premium_key = app.api_key(
        "PremiumKey",
        ApiKey::new().name("storefront-premium-reseller"),
    );
    app.usage_plan_key("BasicPlanKey", basic, basic_key);
    app.usage_plan_key("PremiumPlanKey", premium, premium_key);

    // Beyond SAM: WAF on prod (AWS WAF protects REST API stages only).
    let firewall = app.web_acl(
        "StoreFirewall",
        WebAcl::new(WafAction::Allow)
            .description("Storefront prod firewall")
            .managed_rule_group(ManagedRuleGroup::aws("AWSManagedRulesCommonRuleSet"))
            .managed_rule_group(ManagedRuleGroup::aws(
                "AWSManagedRulesKnownBadInputsRuleSet",
            ))
            .rate_limit("PerIpRateLimit", 2000, WafAction::Block),
    );
    app.web_acl_association("StoreFirewallOnProd", prod, firewall);

    app.output(
        "ProdUrl",
        Output::new(prod.url()).description("Invoke URL of the prod stage"),
    );
    app.output(
        "BetaUrl",
        Output::new(beta.url()).description("Invoke URL of the beta stage"),
    );
    app.output(
        "WebhooksSandboxUrl",
        Output::new(sandbox.url()).description("Webhook URL for the provider's test mode"),
    );
    app.output(
        "ShopDomain",
        Output::new("https://shop.example.com").description("The storefront's custom domain"),
    );
    app
}
