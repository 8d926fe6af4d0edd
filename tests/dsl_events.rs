//! Event sources and the resources they need: each DSL app here synthesizes
//! exactly what its SAM twin (`tests/fixtures/dsl/events/*.yaml`) does, and
//! each check made where a value is written is reported at synth, naming the
//! resource and the property.

mod support;

use std::time::Duration;

use serde_json::json;
use stackwright::dsl::prelude::*;
use stackwright::emit;
use stackwright::error::Error;

fn twin(name: &str, ctx: &Context) -> String {
    let path = support::fixture(&format!("dsl/events/{name}"));
    let text = std::fs::read_to_string(&path).expect("twin template is readable");
    let t = stackwright::sam::synth(&text, name, ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
    emit::to_json(&t, false).expect("renders")
}

fn assert_twin(app: &App, name: &str) {
    for region in ["us-east-1", "cn-north-1"] {
        let ctx = Context::new(region);
        let dsl = app.synth(&ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
        let dsl = emit::to_json(&dsl, false).expect("renders");
        assert_eq!(dsl, twin(name, &ctx), "{name}, region {region}");
    }
}

/// The diagnostics of an app that must not synthesize, as rendered.
fn errors(app: &App) -> Vec<String> {
    match app.synth(&support::context()) {
        Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

fn code() -> Code {
    Code::inline("def handler(event, context): pass")
}

fn worker() -> Function {
    Function::new(Runtime::Python312, "worker.handler", code())
}

#[test]
fn pull_events_match_sam() {
    let mut app = App::new("pull");
    let dlq = app.queue(
        "JobsDlq",
        Queue::new().retention(Duration::from_secs(14 * 24 * 3600)),
    );
    let jobs = app.queue(
        "Jobs",
        Queue::new()
            .visibility_timeout(Duration::from_secs(180))
            .dead_letter_queue(dlq, 5),
    );
    let orders = app.table(
        "Orders",
        Table::new("pk", KeyType::String).stream(StreamView::NewAndOldImages),
    );
    let failures = app.topic("Failures", Topic::new());
    app.function(
        "Worker",
        worker()
            .on(
                "Jobs",
                Sqs::new(jobs)
                    .batch_size(50)
                    .batching_window(Duration::from_secs(5))
                    .filter(json!({"body": {"kind": ["resize"]}}))
                    .max_concurrency(10)
                    .report_batch_item_failures(),
            )
            .on(
                "Legacy",
                Sqs::new(Queue::import("arn:aws:sqs:us-east-1:123456789012:legacy")).disabled(),
            )
            .on(
                "Changes",
                DynamoDbStream::new(orders, StreamStart::TrimHorizon)
                    .batch_size(100)
                    .max_retry_attempts(3)
                    .max_record_age(Duration::from_secs(3600))
                    .bisect_on_error()
                    .parallelization_factor(2)
                    .tumbling_window(Duration::from_secs(60))
                    .report_batch_item_failures()
                    .on_failure_queue(dlq),
            )
            .on(
                "Clicks",
                Kinesis::new(
                    "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
                    StartingPosition::AtTimestamp(1_700_000_000.0),
                )
                .batch_size(500)
                .on_failure_topic(failures),
            ),
    );
    let secret = |name: &str| format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}");
    app.function(
        "Streams",
        Function::new(
            Runtime::Java21,
            "streams.handler",
            Code::s3("s3://my-artifacts/streams.zip"),
        )
        .on(
            "Orders",
            Msk::new(
                "arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc",
                "orders",
                StartingPosition::Latest,
            )
            .consumer_group("billing")
            .access(KafkaAccess::ClientCertificateTls(secret("msk-cert").into()))
            .provisioned_pollers(1, 3),
        )
        .on(
            "Clicks",
            SelfManagedKafka::new(
                &["broker1.example.com:9092", "broker2.example.com:9092"],
                "clicks",
                StartingPosition::TrimHorizon,
                KafkaAccess::SaslScram512(secret("kafka").into()),
            )
            .access(KafkaAccess::VpcSubnet("subnet:subnet-0123456789abcdef0".into()))
            .access(KafkaAccess::VpcSecurityGroup(
                "security_group:sg-0123456789abcdef0".into(),
            ))
            .batch_size(200),
        )
        .on(
            "Broker",
            Mq::new(
                "arn:aws:mq:us-east-1:123456789012:broker:orders:b-1234",
                "orders",
                secret("mq"),
            )
            .virtual_host("shop")
            .batch_size(20),
        )
        .on(
            "Documents",
            DocumentDb::new(
                "arn:aws:rds:us-east-1:123456789012:cluster:docs",
                "shop",
                secret("docdb"),
            )
            .collection("orders")
            .full_document(FullDocument::UpdateLookup)
            .starting_position(StartingPosition::Latest)
            .batch_size(10),
        ),
    );
    assert_twin(&app, "pull.yaml");
}

#[test]
fn push_events_match_sam() {
    let mut app = App::new("push");
    let uploads = app.bucket("Uploads", Bucket::new());
    let alerts = app.topic("Alerts", Topic::new());
    let inbox = app.queue("Inbox", Queue::new());
    let alerts_dlq = app.queue("AlertsDlq", Queue::new());
    let users = app.resource("Users", CfnResource::new("AWS::Cognito::UserPool"));
    app.function(
        "Handler",
        worker()
            .on(
                "Upload",
                S3::new(uploads, S3EventType::ObjectCreated)
                    .and(S3EventType::ObjectRemovedDelete)
                    .prefix("images/")
                    .suffix(".jpg"),
            )
            .on(
                "Alert",
                Sns::new(alerts)
                    .filter_policy(json!({"severity": ["high"]}))
                    .filter_scope(FilterScope::MessageAttributes)
                    .dead_letter_queue(alerts_dlq),
            )
            .on("Buffered", Sns::new(alerts).via_new_queue())
            .on(
                "Queued",
                Sns::new(Topic::import("arn:aws:sns:us-east-1:123456789012:partner"))
                    .region("us-east-1")
                    .via_queue(inbox, Some(5)),
            )
            .on("Errors", CloudWatchLogs::new("/aws/lambda/orders", "ERROR"))
            .on(
                "Telemetry",
                IotRule::new("SELECT * FROM 'devices/+/telemetry'").sql_version("2016-03-23"),
            )
            .on(
                "SignUp",
                Cognito::new(users, CognitoTrigger::PreSignUp).and(CognitoTrigger::PostConfirmation),
            )
            .on(
                "Skill",
                AlexaSkill::new().skill_id("amzn1.ask.skill.12345678-1234-1234-1234-123456789012"),
            ),
    );
    assert_twin(&app, "push.yaml");
}

#[test]
fn schedules_and_rules_match_sam() {
    let mut app = App::new("rules");
    let bus = app.event_bus("OrderEvents", EventBus::new().description("order lifecycle"));
    let undelivered = app.queue("Undelivered", Queue::new());
    app.function(
        "Jobs",
        Function::new(Runtime::Python312, "jobs.handler", code())
            .on("Every5Minutes", Schedule::rate(5, Unit::Minutes))
            .on("Hourly", Schedule::rate(1, Unit::Hours))
            .on(
                "Nightly",
                Schedule::cron("0 3 * * ? *")
                    .description("nightly cleanup")
                    .name("nightly-cleanup")
                    .input(json!({"mode": "full"}))
                    .disabled()
                    .dead_letter_queue(undelivered)
                    .retry_policy(3, Duration::from_secs(3600)),
            )
            .on(
                "Weekly",
                ScheduleV2::cron("0 9 ? * MON *")
                    .timezone("Europe/Paris")
                    .flexible_window(Duration::from_secs(15 * 60))
                    .start_date("2027-01-01T00:00:00Z")
                    .generated_dead_letter_queue()
                    .retry_policy(5, Duration::from_secs(600)),
            )
            .on(
                "Once",
                ScheduleV2::at("2027-06-01T12:00:00")
                    .description("launch")
                    .omit_name(),
            )
            .on(
                "Paid",
                EventRule::new(json!({"source": ["shop.orders"], "detail-type": ["OrderPaid"]}))
                    .on_bus(bus)
                    .dead_letter_queue(undelivered)
                    .retry_policy(3, Duration::from_secs(3600))
                    .input_transformer(json!({"id": "$.detail.orderId"}), "{\"order\": <id>}"),
            )
            .on(
                "Partner",
                EventRule::new(json!({"source": [{"prefix": "partner."}]}))
                    .on_bus(EventBus::import(
                        "arn:aws:events:us-east-1:123456789012:event-bus/partner",
                    ))
                    .rule_name("partner-events")
                    .input_path("$.detail")
                    .target_id("PartnerTarget")
                    .generated_dead_letter_queue(),
            ),
    );
    assert_twin(&app, "rules.yaml");
}

#[test]
fn queues_topics_buckets_and_buses_match_their_cloudformation() {
    let mut app = App::new("resources");
    let key = app.resource(
        "DataKey",
        CfnResource::new("AWS::KMS::Key").property("EnableKeyRotation", true),
    );
    let orders_dlq = app.queue("OrdersDlq", Queue::new().queue_name("orders-dlq.fifo").fifo());
    app.queue(
        "Orders",
        Queue::new()
            .queue_name("orders.fifo")
            .fifo()
            .content_based_deduplication()
            .visibility_timeout(Duration::from_secs(60))
            .retention(Duration::from_secs(86_400))
            .delivery_delay(Duration::from_secs(5))
            .receive_wait(Duration::from_secs(20))
            .max_message_size(65_536)
            .dead_letter_queue(orders_dlq, 3)
            .encryption(QueueEncryption::Kms(key.value(), Some(Duration::from_secs(300))))
            .tag("team", "shop"),
    );
    let audit = app.queue(
        "Audit",
        Queue::new()
            .encryption(QueueEncryption::SqsManaged)
            .dead_letter_queue(
                Queue::import("arn:aws:sqs:us-east-1:123456789012:shared-dlq"),
                10,
            ),
    );
    let events = app.topic(
        "Events",
        Topic::new()
            .topic_name("events")
            .display_name("Shop events")
            .kms_key("alias/aws/sns")
            .subscription(Protocol::Email, "ops@example.com")
            .tag("team", "shop"),
    );
    app.topic("Ordered", Topic::new().fifo().content_based_deduplication());
    app.subscribe_queue(
        events,
        audit,
        QueueSubscription::new()
            .raw_message_delivery()
            .filter_policy(json!({"kind": ["order"]}))
            .filter_on_body(),
    );
    app.bucket(
        "Archive",
        Bucket::new()
            .bucket_name("shop-archive-123456789012")
            .encryption(BucketEncryption::Kms(key.get_att("Arn")))
            .versioned()
            .lifecycle_rule(LifecycleRule::new("Tmp").prefix("tmp/").expire_after_days(7))
            .lifecycle_rule(
                LifecycleRule::new("Cold")
                    .transition(StorageClass::StandardIa, 30)
                    .transition(StorageClass::Glacier, 90)
                    .expire_noncurrent_after_days(30)
                    .abort_incomplete_uploads_after_days(2),
            )
            .event_bridge_notifications()
            .tag("team", "shop"),
    );
    app.bucket(
        "Site",
        Bucket::new()
            .encryption(BucketEncryption::S3Managed)
            .allow_public_access(),
    );
    app.event_bus(
        "Shop",
        EventBus::new()
            .bus_name("shop-events")
            .kms_key(key.get_att("Arn"))
            .dead_letter_queue(audit),
    );
    assert_twin(&app, "resources.yaml");
}
