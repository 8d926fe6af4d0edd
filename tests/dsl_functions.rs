//! Functions, layers, parameters, conditions and outputs in the DSL: each
//! SAM-expressible feature synthesizes byte-identical CloudFormation to its
//! SAM twin under `tests/fixtures/dsl/functions/`; each check is a synth
//! error naming the resource and property; beyond-SAM behaviour (grants to an
//! existing role) gets focused assertions.

mod support;

use std::time::Duration;

use serde_json::json;
use stackwright::dsl::prelude::*;
use stackwright::dsl::SamEvent;
use stackwright::emit;
use stackwright::testing;
use stackwright::Error;

/// Plain resources whose builders other parts of the DSL own (and may give
/// defaults): the twin takes them as the app declares them, so these tests
/// compare only what functions and layers lower to.
const PLAIN_TARGETS: &[&str] = &[
    "AWS::SQS::Queue",
    "AWS::SNS::Topic",
    "AWS::Events::EventBus",
    "AWS::S3::Bucket",
    "AWS::SQS::QueuePolicy",
    "AWS::SNS::Subscription",
    "AWS::SNS::TopicPolicy",
    "AWS::S3::BucketPolicy",
];

fn twin(app: &App, name: &str, ctx: &Context) -> String {
    let path = format!("tests/fixtures/dsl/functions/{name}");
    let text = std::fs::read_to_string(&path).expect("twin template is readable");
    let mut doc = stackwright::yaml::parse(&text, &path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (declared, _) = app.to_document();
    if let (Some(twin), Some(declared)) = (
        doc.get_mut("Resources").and_then(|r| r.as_object_mut()),
        declared.get("Resources").and_then(|r| r.as_object()),
    ) {
        for (id, r) in declared {
            let plain = r
                .get("Type")
                .and_then(|t| t.as_str())
                .is_some_and(|t| PLAIN_TARGETS.contains(&t));
            if plain {
                twin.insert(id.clone(), r.clone());
            }
        }
    }
    let t = stackwright::sam::synth_value(&doc, ctx).unwrap_or_else(|e| panic!("{path}: {e}"));
    emit::to_json(&t, false).expect("renders")
}

/// The app synthesizes exactly what its SAM twin does, in two partitions.
fn assert_twin(app: &App, name: &str) {
    for region in ["us-east-1", "cn-north-1"] {
        let ctx = support::sam_context(region);
        let dsl = app.synth(&ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
        let dsl = emit::to_json(&dsl, false).expect("renders");
        assert_eq!(dsl, twin(app, name, &ctx), "{name}, region {region}");
    }
}

/// The diagnostics of an app that must not synthesize.
fn errors(app: &App) -> Vec<String> {
    match app.synth(&Context::new("us-east-1")) {
        Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Err(e) => panic!("expected diagnostics, got {e}"),
        Ok(_) => panic!("expected diagnostics, but the app synthesized"),
    }
}

/// Exactly one problem, naming `resource` and `property`, containing `words`.
fn assert_one_error(app: &App, resource: &str, property: &str, words: &str) {
    let errs = errors(app);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let e = &errs[0];
    assert!(e.contains(resource), "names the resource {resource}: {e}");
    assert!(e.contains(property), "names the property {property}: {e}");
    assert!(e.contains(words), "says '{words}': {e}");
    assert!(
        e.contains("dsl_functions.rs"),
        "points at the line that wrote it: {e}"
    );
}

fn py(handler: &str) -> Function {
    Function::new(
        Runtime::Python313,
        handler,
        Code::s3("s3://artifacts/worker.zip"),
    )
}

fn one_fn(f: Function) -> App {
    let mut app = App::new("t");
    app.function("Fn", f);
    app
}

/// An app with one function, for checks on the app's other sections.
fn app_with_fn() -> App {
    one_fn(inline())
}

fn inline() -> Function {
    Function::new(Runtime::Python313, "app.handler", Code::inline("x"))
}

// ---------------------------------------------------------------- twins

#[test]
fn alias_with_provisioned_concurrency_and_canary_deployment() {
    let mut app = App::new("alias");
    let alarm = app.resource(
        "ErrorsAlarm",
        CfnResource::new("AWS::CloudWatch::Alarm")
            .property("ComparisonOperator", "GreaterThanThreshold")
            .property("EvaluationPeriods", 1)
            .property("MetricName", "Errors")
            .property("Namespace", "AWS/Lambda")
            .property("Period", 60)
            .property("Statistic", "Sum")
            .property("Threshold", 0),
    );
    let hooks = || Code::s3("s3://artifacts/hooks.zip");
    let pre = app.function(
        "PreTrafficHook",
        Function::new(Runtime::Python313, "hooks.pre", hooks())
            .function_name("CodeDeployHook_orders_pre")
            .inline_policy(json!({"Statement": [{
                "Effect": "Allow",
                "Action": "codedeploy:PutLifecycleEventHookExecutionStatus",
                "Resource": "*"
            }]})),
    );
    let post = app.function(
        "PostTrafficHook",
        Function::new(Runtime::Python313, "hooks.post", hooks())
            .function_name("CodeDeployHook_orders_post"),
    );
    let orders = app.function(
        "Orders",
        Function::new(
            Runtime::Java21,
            "app.handler",
            Code::s3("s3://artifacts/orders.jar"),
        )
        .memory_size(stackwright::memory!(1024))
        .snap_start()
        .alias(
            Alias::new("live")
                .version_description("orders service")
                .deployment(
                    Deployment::new(DeploymentType::Canary10Percent5Minutes)
                        .alarm(alarm.value())
                        .pre_traffic_hook(pre)
                        .post_traffic_hook(post),
                ),
        ),
    );
    app.output("LiveAlias", Output::new(orders.alias_arn("live")));
    assert_twin(&app, "alias_deployment.yaml");
    let t = app.synth(&Context::new("us-east-1")).unwrap();
    testing::resource_count_is(&t, "AWS::Lambda::Alias", 1);
    testing::resource_count_is(&t, "AWS::CodeDeploy::DeploymentGroup", 1);
}

#[test]
fn destinations_and_dead_letter_queues() {
    let mut app = App::new("dest");
    let ok = app.queue("Succeeded", Queue::new());
    let failed = app.topic("Failed", Topic::new());
    let bus = app.event_bus("Bus", EventBus::new().property("Name", "orders"));
    let audit = app.function(
        "Audit",
        Function::new(
            Runtime::Nodejs22,
            "audit.handler",
            Code::inline("exports.handler = async () => {};"),
        ),
    );
    app.function(
        "Worker",
        py("app.handler")
            .on_success(ok)
            .on_failure(failed)
            .retry_attempts(1)
            .max_event_age(Duration::from_secs(3600)),
    );
    app.function(
        "Publisher",
        py("app.publish")
            .alias(Alias::new("live"))
            .retry_attempts(0)
            .on_success(bus)
            .on_failure(audit),
    );
    let dead = app.bucket("DeadEvents", Bucket::new());
    app.function("Archiver", py("app.archive").on_failure(dead));
    app.function("Legacy", py("app.legacy").dead_letter_queue(ok));
    app.function("LegacyTopic", py("app.legacy").dead_letter_queue(failed));
    assert_twin(&app, "destinations.yaml");
}

#[test]
fn function_urls() {
    let mut app = App::new("urls");
    let code = || Code::inline("exports.handler = async () => ({ statusCode: 200 });");
    let public = app.function(
        "Public",
        Function::new(Runtime::Nodejs24, "index.handler", code()).url(
            FunctionUrl::new(UrlAuth::None)
                .cors(
                    UrlCors::new()
                        .allow_origin("https://example.com")
                        .allow_methods([UrlMethod::Get, UrlMethod::Post])
                        .allow_headers(["content-type"])
                        .expose_headers(["x-request-id"])
                        .allow_credentials()
                        .max_age(Duration::from_secs(300)),
                )
                .invoke_mode(InvokeMode::ResponseStream),
        ),
    );
    app.function(
        "Private",
        Function::new(Runtime::Nodejs24, "index.handler", code())
            .alias(Alias::new("live"))
            .url(FunctionUrl::new(UrlAuth::AwsIam)),
    );
    app.output("PublicUrl", Output::new(public.url()));
    assert_twin(&app, "function_url.yaml");
}

#[test]
fn vpc_functions_get_sams_vpc_access_policy() {
    let mut app = App::new("vpc");
    let subnets = app.parameter("Subnets", Parameter::subnet_ids());
    let group = app.parameter("Group", Parameter::security_group_id());
    let code = || Code::s3("s3://artifacts/app.zip");
    app.function(
        "InVpc",
        Function::new(Runtime::Python313, "app.handler", code()).vpc(
            Vpc::new()
                .security_group(group)
                .security_group("sg-0123456789abcdef0")
                .subnets(subnets),
        ),
    );
    app.function(
        "Literal",
        Function::new(Runtime::Python313, "app.handler", code()).vpc(
            Vpc::new()
                .subnet("subnet-0123abcd")
                .subnet("subnet-4567abcd")
                .security_group("sg-0123abcd")
                .ipv6_allowed_for_dual_stack(),
        ),
    );
    assert_twin(&app, "vpc.yaml");
    let t = app.synth(&Context::new("us-east-1")).unwrap();
    let role = t.resource("InVpcRole").expect("generated role");
    assert!(
        role.property("ManagedPolicyArns")
            .is_some_and(|m| m.to_string().contains("AWSLambdaVPCAccessExecutionRole")),
        "{:?}",
        role.property("ManagedPolicyArns")
    );
}

#[test]
fn layers_by_handle_and_arn() {
    let mut app = App::new("layers");
    let shared = app.layer(
        "Shared",
        Layer::new(LayerContent::s3("s3://artifacts/shared.zip"))
            .layer_name("shared-deps")
            .description("shared dependencies")
            .license("MIT")
            .compatible_runtimes([Runtime::Python312, Runtime::Python313])
            .compatible_architecture(Architecture::Arm64)
            .compatible_architecture(Architecture::X86_64)
            .retention(LayerRetention::Delete),
    );
    let minimal = app.layer(
        "Minimal",
        Layer::new(LayerContent::bucket_key("artifacts", "minimal.zip")),
    );
    app.function(
        "Fn",
        Function::new(
            Runtime::Python313,
            "app.handler",
            Code::s3("s3://artifacts/app.zip"),
        )
        .architecture(Architecture::Arm64)
        .layer(shared)
        .layer(minimal)
        .layer("arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:7"),
    );
    app.output("SharedArn", Output::new(shared.arn()));
    assert_twin(&app, "layers.yaml");
}

#[test]
fn every_setting_of_a_function() {
    let mut app = App::new("settings");
    let logs = app.resource(
        "Logs",
        CfnResource::new("AWS::Logs::LogGroup").property("RetentionInDays", 14),
    );
    app.function(
        "Tuned",
        Function::new(
            Runtime::ProvidedAl2023,
            "bootstrap",
            Code::s3("s3://artifacts/tuned.zip"),
        )
        .function_name("tuned-fn")
        .description("every setting")
        .memory_size(2048)
        .timeout(stackwright::timeout!(60))
        .ephemeral_storage(stackwright::ephemeral_storage!(4096))
        .architecture(Architecture::Arm64)
        .tracing(Tracing::Active)
        .logging(
            Logging::json()
                .application_level(LogLevel::Debug)
                .system_level(SystemLogLevel::Warn)
                .log_group(logs.value()),
        )
        .reserved_concurrency(10)
        .kms_key("arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555")
        .env("STAGE", "prod")
        .env("LOG_GROUP", logs.value())
        .tag("team", "orders")
        .managed_policy("AmazonS3ReadOnlyAccess")
        .policy_template(
            "SSMParameterReadPolicy",
            json!({"ParameterName": "orders/*"}),
        )
        .inline_policy(json!({"Statement": [{
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::bucket/*"
        }]})),
    );
    app.function(
        "Image",
        Function::image("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.0")
            .image_config(&["app.handler"], &[], Some("/var/task"))
            .tracing(Tracing::PassThrough)
            .logging(Logging::text()),
    );
    assert_twin(&app, "settings.yaml");
}

#[test]
fn parameters_conditions_and_outputs() {
    let mut app = App::new("params");
    let stage = app.parameter(
        "Stage",
        Parameter::string()
            .allowed(["dev", "prod"])
            .default("dev")
            .description("deployment stage"),
    );
    let memory = app.parameter("Memory", Parameter::number().range(128, 1024).default(256));
    let prefix = app.parameter(
        "Prefix",
        Parameter::string()
            .pattern("[a-z]+")
            .length(1, 10)
            .constraint_description("lowercase letters")
            .default("orders"),
    );
    let secret = app.parameter("Secret", Parameter::string().no_echo());
    let zones = app.parameter("Zones", Parameter::comma_list().default("a,b"));
    let config = app.parameter("Config", Parameter::ssm("/orders/config"));
    let prod = app.condition("IsProd", Condition::equals(stage.value(), "prod"));
    let dev = app.condition("IsDev", Condition::not(prod));
    let zone_a = app.condition("IsZoneA", Condition::equals(zones.item(0), "a"));
    let prod_a = app.condition("IsProdInZoneA", Condition::and([prod, zone_a]));
    let f = app.function(
        "Fn",
        Function::new(
            Runtime::Python313,
            "app.handler",
            Code::s3("s3://artifacts/app.zip"),
        )
        .property("MemorySize", memory.value())
        .env("STAGE", stage.value())
        .env("PREFIX", prefix.value())
        .env("SECRET", secret.value())
        .env("CONFIG", config.value())
        .env("LEVEL", prod.if_("INFO", "DEBUG")),
    );
    let prod_only = app.function(
        "ProdOnly",
        Function::new(
            Runtime::Python313,
            "app.handler",
            Code::s3("s3://artifacts/app.zip"),
        )
        .condition(prod_a),
    );
    app.output(
        "FnArn",
        Output::new(f.arn())
            .description("the function")
            .export(Expr::sub("${AWS::StackName}-fn")),
    );
    app.output(
        "ProdArn",
        Output::new(prod_only.arn())
            .export("orders-prod-fn")
            .condition(prod_a),
    );
    app.output("DevFlag", Output::new("dev").condition(dev));
    assert_twin(&app, "params.yaml");
}

// ------------------------------------------------ defects from issue 12

/// Before: a grant to a function with an existing role produced nothing (SAM
/// ignores `Policies` when `Role` is set). Now it is an `AWS::IAM::Policy`
/// on that role with the policy template's statements.
#[test]
fn grants_to_an_existing_role_attach_a_policy_to_it() {
    let mut app = App::new("role");
    let role = app.resource(
        "SharedRole",
        CfnResource::new("AWS::IAM::Role").property(
            "AssumeRolePolicyDocument",
            json!({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"
            }]}),
        ),
    );
    let orders = app.simple_table("Orders", SimpleTable::new());
    let f = app.function("Reader", inline().role(role));
    app.grant_table(f, orders, TableAccess::Read);
    let t = app.synth(&Context::new("us-east-1")).unwrap();
    assert!(t.resource("ReaderRole").is_none(), "SAM generates no role");
    let expected = stackwright::model::policy_templates::policy_template_statements(
        "DynamoDBReadPolicy",
        &json!({"TableName": {"Ref": "Orders"}}),
    )
    .unwrap();
    testing::has_resource_properties(
        &t,
        "AWS::IAM::Policy",
        json!({
            "PolicyName": "ReaderRolePolicy",
            "Roles": [{"Ref": "SharedRole"}],
            "PolicyDocument": {"Version": "2012-10-17", "Statement": expected},
        }),
    );
    let func = t.resource("Reader").unwrap();
    assert_eq!(
        func.property("Role"),
        Some(&json!({"Fn::GetAtt": ["SharedRole", "Arn"]}))
    );
    assert_eq!(func.depends_on, Some(json!(["ReaderRolePolicy"])));
}

/// The whole template of a function whose grants go to an existing role,
/// reviewed as a snapshot (SAM has no twin for it).
#[test]
fn existing_role_grants_snapshot() {
    let mut app = App::new("role");
    let role = app.resource(
        "SharedRole",
        CfnResource::new("AWS::IAM::Role")
            .property(
                "AssumeRolePolicyDocument",
                json!({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole"
                }]}),
            )
            .property(
                "ManagedPolicyArns",
                json!(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]),
            ),
    );
    let orders = app.simple_table("Orders", SimpleTable::new());
    let f = app.function(
        "Writer",
        inline().role(role).policy_template(
            "SSMParameterReadPolicy",
            json!({"ParameterName": "orders/*"}),
        ),
    );
    app.grant_table(f, orders, TableAccess::ReadWrite);
    let t = app.synth(&Context::new("us-east-1")).unwrap();
    support::with_snapshots(|| {
        insta::assert_snapshot!("dsl_functions_existing_role", testing::json_snapshot(&t));
    });
}

/// SAM gives the role it generates access to the dead-letter queue and the
/// destinations; an existing role gets the same statements.
#[test]
fn an_existing_role_may_reach_the_dead_letter_queue_and_destinations() {
    let mut app = App::new("role");
    let q = app.queue("Dlq", Queue::new());
    let t = app.topic("Done", Topic::new());
    app.function(
        "Fn",
        inline()
            .role("arn:aws:iam::123456789012:role/worker")
            .dead_letter_queue(q)
            .on_success(t),
    );
    let tpl = app.synth(&Context::new("us-east-1")).unwrap();
    testing::has_resource_properties(
        &tpl,
        "AWS::IAM::Policy",
        json!({
            "Roles": ["worker"],
            "PolicyDocument": {"Statement": [
                {"Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["Dlq", "Arn"]}, "Effect": "Allow"},
                {"Action": "sns:publish", "Effect": "Allow", "Resource": {"Ref": "Done"}},
            ]},
        }),
    );
}

#[test]
fn grants_to_a_role_given_by_literal_arn_use_its_name() {
    let mut app = App::new("role");
    let orders = app.simple_table("Orders", SimpleTable::new());
    let f = app.function(
        "Reader",
        inline().role("arn:aws:iam::123456789012:role/service/orders-reader"),
    );
    app.grant_table(f, orders, TableAccess::ReadWrite);
    let t = app.synth(&Context::new("us-east-1")).unwrap();
    testing::has_resource_properties(&t, "AWS::IAM::Policy", json!({"Roles": ["orders-reader"]}));
}

#[test]
fn grants_to_a_role_known_only_by_an_arn_expression_are_an_error() {
    let mut app = App::new("role");
    let arn = app.parameter("RoleArn", Parameter::string());
    let orders = app.simple_table("Orders", SimpleTable::new());
    let f = app.function("Reader", inline().role(arn.value()));
    app.grant_table(f, orders, TableAccess::Read);
    let errs = errors(&app);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].contains("Reader"), "{}", errs[0]);
    assert!(errs[0].contains("Role"), "{}", errs[0]);
    assert!(errs[0].contains("cannot be attached"), "{}", errs[0]);
}

#[test]
fn a_managed_policy_on_a_function_with_an_existing_role_is_an_error() {
    let app = one_fn(
        inline()
            .role("arn:aws:iam::123456789012:role/r")
            .managed_policy("AmazonS3ReadOnlyAccess"),
    );
    let errs = errors(&app);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].contains("Policies.0"), "{}", errs[0]);
    assert!(errs[0].contains("attach it to the role"), "{}", errs[0]);
}

#[test]
fn a_role_handle_must_be_an_iam_role() {
    let mut app = App::new("role");
    let key = app.resource("Key", CfnResource::new("AWS::KMS::Key"));
    app.function("Fn", inline().role(key));
    assert_one_error(&app, "Fn", "Role", "a role (AWS::IAM::Role) is needed");
}

/// Before: `VpcConfig` through the hatch landed on the Lambda resource and
/// the generated role had no VPC access policy. The hatch now writes SAM's
/// property, so SAM adds the policy, as its twin shows.
#[test]
fn vpc_config_through_the_hatch_matches_the_vpc_twin() {
    let mut app = App::new("vpc");
    let subnets = app.parameter("Subnets", Parameter::subnet_ids());
    let group = app.parameter("Group", Parameter::security_group_id());
    let code = || Code::s3("s3://artifacts/app.zip");
    app.function(
        "InVpc",
        Function::new(Runtime::Python313, "app.handler", code()).property(
            "VpcConfig",
            json!({
                "SecurityGroupIds": [group.value(), "sg-0123456789abcdef0"],
                "SubnetIds": subnets.value(),
            }),
        ),
    );
    app.function(
        "Literal",
        Function::new(Runtime::Python313, "app.handler", code()).property(
            "VpcConfig",
            json!({
                "SecurityGroupIds": ["sg-0123abcd"],
                "SubnetIds": ["subnet-0123abcd", "subnet-4567abcd"],
                "Ipv6AllowedForDualStack": true,
            }),
        ),
    );
    assert_twin(&app, "vpc.yaml");
}

#[test]
fn vpc_config_through_the_hatch_gets_the_vpc_access_policy() {
    let app = one_fn(py("app.handler").property(
        "VpcConfig",
        json!({"SecurityGroupIds": ["sg-0123abcd"], "SubnetIds": ["subnet-0123abcd"]}),
    ));
    let t = app.synth(&Context::new("us-east-1")).unwrap();
    let managed = t.resource("FnRole").unwrap().property("ManagedPolicyArns");
    assert!(
        managed.is_some_and(|m| m.to_string().contains("AWSLambdaVPCAccessExecutionRole")),
        "{managed:?}"
    );
}

/// Before: `code_s3("mybucket")` synthesized `S3Key: ""`.
#[test]
fn an_s3_uri_without_a_key_is_an_error() {
    let app = one_fn(Function::new(
        Runtime::Python313,
        "app.handler",
        Code::s3("mybucket"),
    ));
    assert_one_error(&app, "Fn", "CodeUri", "not an S3 URI");
}

/// Before: `property("Events", …)` landed on the Lambda resource. Events
/// go through `on()` (checked names, handles); a raw `Events` is refused.
#[test]
fn raw_events_and_policies_are_refused() {
    let app = one_fn(inline().property(
        "Events",
        json!({"Hourly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 hour)"}}}),
    ));
    assert_one_error(&app, "Fn", "Events", ".on(name, event)");
    let app = one_fn(inline().property("Policies", json!(["AmazonS3ReadOnlyAccess"])));
    assert_one_error(&app, "Fn", "Policies", ".managed_policy");
}

#[test]
fn sam_events_are_the_typed_escape_for_event_types() {
    let app = one_fn(inline().on(
        "Hourly",
        SamEvent::new("Schedule", json!({"Schedule": "rate(1 hour)"})),
    ));
    let t = app.synth(&Context::new("us-east-1")).unwrap();
    testing::resource_count_is(&t, "AWS::Events::Rule", 1);
}

// ------------------------------------------------------- checks (item 1)

#[test]
fn memory_out_of_range() {
    assert_one_error(
        &one_fn(inline().memory_size(20_000)),
        "Fn",
        "MemorySize",
        "128 to 10240",
    );
    assert_one_error(
        &one_fn(inline().memory_size(64)),
        "Fn",
        "MemorySize",
        "128 to 10240",
    );
}

#[test]
fn timeout_out_of_range() {
    let app = one_fn(inline().timeout(Duration::from_secs(901)));
    assert_one_error(&app, "Fn", "Timeout", "1 to 900");
    let app = one_fn(inline().timeout(Duration::from_millis(1500)));
    assert_one_error(&app, "Fn", "Timeout", "whole number");
}

#[test]
fn ephemeral_storage_out_of_range() {
    let app = one_fn(inline().ephemeral_storage(256));
    assert_one_error(&app, "Fn", "EphemeralStorage.Size", "512 to 10240");
}

#[test]
fn reserved_and_malformed_environment_names() {
    let app = one_fn(inline().env("AWS_REGION", "x"));
    assert_one_error(&app, "Fn", "Environment.Variables.AWS_REGION", "reserved");
    let app = one_fn(inline().env("TABLE-NAME", "x"));
    assert_one_error(
        &app,
        "Fn",
        "Environment.Variables.TABLE-NAME",
        "not an environment variable name",
    );
}

#[test]
fn environment_values_are_scalars_or_expressions_set_once() {
    let app = one_fn(inline().env("CONFIG", json!({"a": 1})));
    assert_one_error(
        &app,
        "Fn",
        "Environment.Variables.CONFIG",
        "not an environment value",
    );
    let app = one_fn(inline().env("STAGE", "dev").env("STAGE", "prod"));
    assert_one_error(&app, "Fn", "Environment.Variables.STAGE", "set twice");
}

#[test]
fn image_config_only_for_images() {
    let app = one_fn(inline().image_config(&["x"], &[], None));
    assert_one_error(&app, "Fn", "ImageConfig", "Function::image");
}

#[test]
fn empty_handler_and_function_name() {
    let app = one_fn(Function::new(Runtime::Python313, "", Code::inline("x")));
    assert_one_error(&app, "Fn", "Handler", "not a handler");
    let app = one_fn(inline().function_name("my function"));
    assert_one_error(&app, "Fn", "FunctionName", "not a function name");
}

#[test]
fn vpc_ids_are_checked() {
    let app = one_fn(
        inline().vpc(
            Vpc::new()
                .subnet("sg-0123abcd")
                .security_group("sg-0123abcd"),
        ),
    );
    assert_one_error(&app, "Fn", "VpcConfig.SubnetIds", "it is a security group");
    let app = one_fn(inline().vpc(Vpc::new().subnet("subnet-0123abcd")));
    assert_one_error(
        &app,
        "Fn",
        "VpcConfig.SecurityGroupIds",
        "at least one security group",
    );
}

#[test]
fn layers_are_checked() {
    let app = one_fn(inline().layer("arn:aws:lambda:us-east-1:123456789012:layer:deps"));
    assert_one_error(&app, "Fn", "Layers.0", "not a layer version ARN");
    let arn = |i: u32| format!("arn:aws:lambda:us-east-1:123456789012:layer:l{i}:1");
    let f = (0..6).fold(inline(), |f, i| f.layer(serde_json::Value::String(arn(i))));
    assert_one_error(&one_fn(f), "Fn", "Layers", "at most 5 layers");
}

#[test]
fn layer_handles_from_another_app_are_an_error() {
    let mut other = App::new("other");
    let foreign = other.layer("Foreign", Layer::new(LayerContent::s3("s3://b/k.zip")));
    let app = one_fn(inline().layer(foreign));
    assert_one_error(&app, "Fn", "Layers.0", "no layer 'Foreign'");
}

#[test]
fn destination_handles_must_resolve() {
    let mut other = App::new("other");
    let q = other.queue("Elsewhere", Queue::new());
    let app = one_fn(inline().on_failure(q));
    assert_one_error(
        &app,
        "Fn",
        "EventInvokeConfig.DestinationConfig.OnFailure",
        "no queue 'Elsewhere'",
    );
    let app = one_fn(inline().dead_letter_queue(q));
    assert_one_error(
        &app,
        "Fn",
        "DeadLetterQueue.TargetArn",
        "no queue 'Elsewhere'",
    );
}

#[test]
fn retries_and_event_age_are_checked() {
    let app = one_fn(inline().retry_attempts(3));
    assert_one_error(
        &app,
        "Fn",
        "EventInvokeConfig.MaximumRetryAttempts",
        "0 to 2",
    );
    let app = one_fn(inline().max_event_age(Duration::from_secs(30)));
    assert_one_error(
        &app,
        "Fn",
        "EventInvokeConfig.MaximumEventAgeInSeconds",
        "60 to 21600",
    );
}

#[test]
fn alias_names_and_provisioned_concurrency_are_checked() {
    let app = one_fn(inline().alias(Alias::new("123")));
    assert_one_error(&app, "Fn", "AutoPublishAlias", "not an alias name");
    let app = one_fn(inline().alias(Alias::new("live").provisioned_concurrency(0)));
    assert_one_error(&app, "Fn", "ProvisionedConcurrentExecutions", "at least 1");
}

#[test]
fn deployment_hooks_must_be_named_for_sams_codedeploy_role() {
    let mut app = App::new("t");
    let hook = app.function("Hook", inline());
    app.function(
        "Fn",
        inline().alias(
            Alias::new("live")
                .deployment(Deployment::new(DeploymentType::AllAtOnce).pre_traffic_hook(hook)),
        ),
    );
    assert_one_error(
        &app,
        "Fn",
        "DeploymentPreference.Hooks.PreTraffic",
        "CodeDeployHook_",
    );
    // With its own role, the deployment may invoke any function.
    let mut app = App::new("t");
    let hook = app.function("Hook", inline());
    app.function(
        "Fn",
        inline().alias(
            Alias::new("live").deployment(
                Deployment::new(DeploymentType::AllAtOnce)
                    .pre_traffic_hook(hook)
                    .role("arn:aws:iam::123456789012:role/deployer"),
            ),
        ),
    );
    app.synth(&Context::new("us-east-1")).unwrap();
}

#[test]
fn provisioned_concurrency_is_an_aliass_and_fits_its_reservations() {
    let mut app = App::new("t");
    app.function(
        "Fn",
        inline()
            .reserved_concurrency(10)
            .alias(Alias::new("live").provisioned_concurrency(5)),
    );
    let t = app.synth(&Context::new("us-east-1")).unwrap();
    testing::has_resource_properties(
        &t,
        "AWS::Lambda::Alias",
        json!({"ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 5}}),
    );
    let mut app = App::new("t");
    app.function(
        "Fn",
        inline()
            .reserved_concurrency(2)
            .alias(Alias::new("live").provisioned_concurrency(5)),
    );
    assert_one_error(
        &app,
        "Fn",
        "ProvisionedConcurrentExecutions",
        "reserved concurrency of 2",
    );
}

#[test]
fn snap_start_excludes_provisioned_concurrency_and_large_storage() {
    let mut app = App::new("t");
    app.function(
        "Fn",
        Function::new(Runtime::Java21, "app.Handler", Code::s3("s3://b/app.jar"))
            .snap_start()
            .alias(Alias::new("live").provisioned_concurrency(1)),
    );
    assert_one_error(&app, "Fn", "SnapStart", "provisioned concurrency");
    let mut app = App::new("t");
    app.function(
        "Fn",
        Function::new(Runtime::Java21, "app.Handler", Code::s3("s3://b/app.jar"))
            .snap_start()
            .ephemeral_storage(1024),
    );
    assert_one_error(&app, "Fn", "SnapStart", "512 MB");
}

#[test]
fn one_alias_per_function() {
    let app = one_fn(inline().alias(Alias::new("a")).alias(Alias::new("b")));
    assert_one_error(&app, "Fn", "AutoPublishAlias", "already has an alias");
}

#[test]
fn snap_start_needs_a_runtime_that_has_it() {
    let app =
        one_fn(Function::new(Runtime::Nodejs22, "index.handler", Code::inline("x")).snap_start());
    assert_one_error(&app, "Fn", "SnapStart", "nodejs22.x");
}

#[test]
fn log_levels_need_json_logs() {
    let app = one_fn(inline().logging(Logging::text().application_level(LogLevel::Info)));
    assert_one_error(
        &app,
        "Fn",
        "LoggingConfig.ApplicationLogLevel",
        "Logging::json()",
    );
}

#[test]
fn url_cors_max_age_is_checked() {
    let app = one_fn(
        inline().url(
            FunctionUrl::new(UrlAuth::AwsIam).cors(
                UrlCors::new()
                    .allow_origin("*")
                    .max_age(Duration::from_secs(100_000)),
            ),
        ),
    );
    assert_one_error(&app, "Fn", "FunctionUrlConfig.Cors.MaxAge", "0 to 86400");
}

#[test]
fn role_arns_are_checked() {
    let app = one_fn(inline().role("my-role"));
    assert_one_error(&app, "Fn", "Role", "not an IAM role ARN");
}

#[test]
fn policy_templates_are_checked_by_sam() {
    let app = one_fn(inline().policy_template("NoSuchPolicy", json!({})));
    assert_one_error(&app, "Fn", "Policies", "NoSuchPolicy");
}

// -------------------------------------------------------- layer checks

#[test]
fn layer_content_and_names_are_checked() {
    let mut app = App::new("t");
    app.layer("L", Layer::new(LayerContent::s3("s3://bucket")));
    assert_one_error(&app, "L", "ContentUri", "not an S3 URI");
    let mut app = App::new("t");
    app.layer(
        "L",
        Layer::new(LayerContent::s3("s3://b/k.zip")).layer_name("bad name"),
    );
    assert_one_error(&app, "L", "LayerName", "not a layer name");
}

// -------------------------------------------- parameter checks (item 8)

#[test]
fn a_default_outside_the_allowed_values() {
    let mut app = app_with_fn();
    app.parameter(
        "Stage",
        Parameter::string().allowed(["dev", "prod"]).default("test"),
    );
    let errs = errors(&app);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].contains("Stage"), "{}", errs[0]);
    assert!(errs[0].contains("Parameters.Stage.Default"), "{}", errs[0]);
    assert!(
        errs[0].contains("not one of the allowed values"),
        "{}",
        errs[0]
    );
}

#[test]
fn a_number_parameter_with_a_non_numeric_default() {
    let mut app = app_with_fn();
    app.parameter("Memory", Parameter::number().default("lots"));
    assert_one_error(&app, "Memory", "Parameters.Memory.Default", "not a number");
}

#[test]
fn bounds_the_wrong_way_round() {
    let mut app = app_with_fn();
    app.parameter("Memory", Parameter::number().range(1024, 128));
    assert_one_error(
        &app,
        "Memory",
        "Parameters.Memory.MinValue",
        "above the maximum",
    );
    let mut app = app_with_fn();
    app.parameter("Name", Parameter::string().length(10, 1));
    assert_one_error(
        &app,
        "Name",
        "Parameters.Name.MinLength",
        "above the maximum",
    );
}

#[test]
fn an_empty_list_of_allowed_values() {
    let mut app = app_with_fn();
    app.parameter("Stage", Parameter::string().allowed(Vec::<&str>::new()));
    assert_one_error(
        &app,
        "Stage",
        "Parameters.Stage.AllowedValues",
        "accepts nothing",
    );
}

#[test]
fn and_or_take_two_to_ten_conditions() {
    let mut app = app_with_fn();
    let s = app.parameter("S", Parameter::string());
    let a = app.condition("A", Condition::equals(s.value(), "a"));
    app.condition("Only", Condition::and([a]));
    assert_one_error(&app, "Only", "Conditions.Only.Fn::And", "2 to 10");
}

#[test]
fn export_names_are_checked() {
    let mut app = app_with_fn();
    app.output("Out", Output::new("v").export("not valid!"));
    assert_one_error(&app, "Out", "Outputs.Out.Export.Name", "not an export name");
}

#[test]
fn outputs_declared_twice() {
    let mut app = app_with_fn();
    app.output("Out", Output::new("a"));
    app.output("Out", Output::new("b"));
    assert_one_error(&app, "Out", "Outputs.Out", "declared twice");
}

#[test]
fn conditions_from_another_app_are_an_error() {
    let mut other = App::new("other");
    let s = other.parameter("S", Parameter::string());
    let foreign = other.condition("Foreign", Condition::equals(s.value(), "a"));
    let mut app = app_with_fn();
    app.condition("Mine", Condition::not(foreign));
    app.output("Out", Output::new("v").condition(foreign));
    let errs = errors(&app);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(
        errs.iter().all(|e| e.contains("no condition 'Foreign'")),
        "{errs:#?}"
    );
    assert!(
        errs.iter().any(|e| e.contains("Outputs.Out.Condition")),
        "{errs:#?}"
    );
    assert!(
        errs.iter().any(|e| e.contains("Conditions.Mine")),
        "{errs:#?}"
    );
}

/// A handle's URL or alias of a function declared without one refers to a
/// resource that does not exist: synth refuses it, naming where the
/// reference is (it used to synthesize, with only a warning from `run()`).
#[test]
fn a_url_or_alias_the_function_does_not_have_is_an_error() {
    let mut app = App::new("a");
    let f = app.function(
        "Fn",
        Function::new(Runtime::Python312, "i.h", Code::inline("x")),
    );
    app.output("Url", Output::new(f.url()));
    app.function(
        "Caller",
        Function::new(Runtime::Python312, "i.h", Code::inline("x"))
            .env("TARGET", f.alias_arn("live")),
    );
    let errs = errors(&app);
    assert!(
        errs.iter().any(|e| e.contains("FnUrl")),
        "the URL: {errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("[Caller]") && e.contains("FnAliaslive")),
        "the alias: {errs:#?}"
    );
}
