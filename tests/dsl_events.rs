//! Event sources and the resources they need: each DSL app here synthesizes
//! exactly what its SAM twin (`tests/fixtures/dsl/events/*.yaml`) does, and
//! each check made where a value is written is reported at synth, naming the
//! resource and the property.

mod support;

#[path = "../examples/uploads/app.rs"]
mod uploads;

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
        let ctx = support::sam_context(region);
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
    let secret =
        |name: &str| format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}");
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
            .access(KafkaAccess::VpcSubnet(
                "subnet:subnet-0123456789abcdef0".into(),
            ))
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
                Cognito::new(users, CognitoTrigger::PreSignUp)
                    .and(CognitoTrigger::PostConfirmation),
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
    let bus = app.event_bus(
        "OrderEvents",
        EventBus::new().description("order lifecycle"),
    );
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
    let orders_dlq = app.queue(
        "OrdersDlq",
        Queue::new().queue_name("orders-dlq.fifo").fifo(),
    );
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
            .encryption(QueueEncryption::Kms(
                key.value(),
                Some(Duration::from_secs(300)),
            ))
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
            .lifecycle_rule(
                LifecycleRule::new("Tmp")
                    .prefix("tmp/")
                    .expire_after_days(7),
            )
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

/// Asserts that synth fails with exactly these problems, each naming its
/// resource and property, saying `why`, and pointing into this file.
#[track_caller]
fn assert_problems(app: &App, expected: &[(&str, &str, &str)]) {
    let errors = errors(app);
    for (resource, property, why) in expected {
        let head = format!("Resource with id [{resource}] is invalid. Property {property}: ");
        assert!(
            errors.iter().any(|e| e.starts_with(&head)
                && e.contains(why)
                && e.contains("tests/dsl_events.rs:")),
            "no problem for {resource} {property} saying '{why}' in:\n{}",
            errors.join("\n")
        );
    }
    assert_eq!(errors.len(), expected.len(), "{}", errors.join("\n"));
}

#[test]
fn pull_event_limits_are_checked_where_written() {
    let mut app = App::new("bad");
    let q = app.queue("Q", Queue::new());
    let t = app.table(
        "T",
        Table::new("pk", KeyType::String).stream(StreamView::KeysOnly),
    );
    app.function(
        "F",
        worker()
            .on("Zero", Sqs::new(q).batch_size(0))
            .on(
                "Huge",
                Sqs::new(q)
                    .batch_size(10_001)
                    .batching_window(Duration::from_secs(1)),
            )
            .on("Big", Sqs::new(q).batch_size(11))
            .on(
                "Slow",
                Sqs::new(q).batching_window(Duration::from_secs(301)),
            )
            .on("Crowd", Sqs::new(q).max_concurrency(1))
            .on(
                "Stream",
                DynamoDbStream::new(t, StreamStart::Latest)
                    .max_retry_attempts(10_001)
                    .max_record_age(Duration::from_secs(30))
                    .parallelization_factor(11)
                    .tumbling_window(Duration::from_secs(901)),
            )
            .on(
                "Kafka",
                SelfManagedKafka::new(
                    &["b:9092"],
                    "t",
                    StartingPosition::Latest,
                    KafkaAccess::Basic("arn:aws:secretsmanager:us-east-1:1:secret:k".into()),
                )
                .consumer_group("")
                .provisioned_pollers(5, 2),
            ),
    );
    assert_problems(
        &app,
        &[
            (
                "F",
                "Events.Zero.Properties.BatchSize",
                "0 is outside Lambda's range of 1 to 10000",
            ),
            ("F", "Events.Huge.Properties.BatchSize", "10001 is outside"),
            (
                "F",
                "Events.Big.Properties.BatchSize",
                "batching window of at least 1 second",
            ),
            (
                "F",
                "Events.Slow.Properties.MaximumBatchingWindowInSeconds",
                "from 0 to 300",
            ),
            ("F", "Events.Crowd.Properties.ScalingConfig", "2 to 1000"),
            (
                "F",
                "Events.Stream.Properties.MaximumRetryAttempts",
                "-1 to 10000",
            ),
            (
                "F",
                "Events.Stream.Properties.MaximumRecordAgeInSeconds",
                "from 60 to 604800",
            ),
            (
                "F",
                "Events.Stream.Properties.ParallelizationFactor",
                "1 to 10",
            ),
            (
                "F",
                "Events.Stream.Properties.TumblingWindowInSeconds",
                "from 0 to 900",
            ),
            (
                "F",
                "Events.Kafka.Properties.ConsumerGroupId",
                "1 to 200 characters",
            ),
            (
                "F",
                "Events.Kafka.Properties.ProvisionedPollerConfig",
                "not below the minimum",
            ),
        ],
    );
}

#[test]
fn schedule_and_rule_checks_are_reported_where_written() {
    let mut app = App::new("bad");
    app.function(
        "F",
        worker()
            .on("Never", Schedule::rate(0, Unit::Minutes))
            .on("FiveFields", Schedule::cron("0 3 * * *"))
            .on("BothDays", Schedule::cron("0 3 1 * MON *"))
            .on("LateHour", ScheduleV2::cron("0 24 * * ? *"))
            .on(
                "BadName",
                Schedule::rate(1, Unit::Days).name("nightly cleanup"),
            )
            .on(
                "Retries",
                Schedule::rate(1, Unit::Days).retry_policy(186, Duration::from_secs(30)),
            )
            .on(
                "Window",
                ScheduleV2::rate(1, Unit::Hours).flexible_window(Duration::from_secs(90)),
            )
            .on("When", ScheduleV2::at("2027-02-30 10:00"))
            .on(
                "Named",
                ScheduleV2::rate(1, Unit::Hours).name("n").omit_name(),
            )
            .on("NotAPattern", EventRule::new(json!(["source"])))
            .on(
                "TwoInputs",
                EventRule::new(json!({"source": ["x"]}))
                    .input(json!({"a": 1}))
                    .input_path("$.detail"),
            ),
    );
    assert_problems(
        &app,
        &[
            (
                "F",
                "Events.Never.Properties.Schedule",
                "a rate must be at least 1",
            ),
            (
                "F",
                "Events.FiveFields.Properties.Schedule",
                "has 5 fields; EventBridge's cron has 6",
            ),
            (
                "F",
                "Events.BothDays.Properties.Schedule",
                "make one of them '?'",
            ),
            (
                "F",
                "Events.LateHour.Properties.ScheduleExpression",
                "cron hours field '24'",
            ),
            (
                "F",
                "Events.BadName.Properties.Name",
                "'nightly cleanup' is not a name",
            ),
            (
                "F",
                "Events.Retries.Properties.RetryPolicy.MaximumRetryAttempts",
                "0 to 185",
            ),
            (
                "F",
                "Events.Retries.Properties.RetryPolicy.MaximumEventAgeInSeconds",
                "from 60 to 86400",
            ),
            (
                "F",
                "Events.Window.Properties.FlexibleTimeWindow",
                "whole number of minutes",
            ),
            (
                "F",
                "Events.When.Properties.ScheduleExpression",
                "yyyy-mm-ddThh:mm:ss",
            ),
            ("F", "Events.Named.Properties.Name", "cannot also omit it"),
            (
                "F",
                "Events.NotAPattern.Properties.Pattern",
                "is a JSON object",
            ),
            (
                "F",
                "Events.TwoInputs.Properties.InputPath",
                "sets Input and InputPath",
            ),
        ],
    );
}

#[test]
fn push_event_checks_are_reported_where_written() {
    let mut app = App::new("bad");
    let b = app.bucket("B", Bucket::new());
    let t = app.topic("T", Topic::new());
    let q = app.queue("Q", Queue::new());
    let pool = app.resource("Pool", CfnResource::new("AWS::Cognito::UserPool"));
    app.function(
        "F",
        worker()
            .on(
                "Twice",
                S3::new(b, S3EventType::ObjectCreated)
                    .and(S3EventType::ObjectCreated)
                    .prefix("a/")
                    .prefix("b/"),
            )
            .on("Batch", Sns::new(t).via_queue(q, Some(11)))
            .on("Scope", Sns::new(t).filter_scope(FilterScope::MessageBody))
            .on("Sql", IotRule::new("DELETE everything").sql_version("2020"))
            .on("Skill", AlexaSkill::new().skill_id("my-skill"))
            .on(
                "Pool",
                Cognito::new(pool, CognitoTrigger::PreSignUp).and(CognitoTrigger::PostConfirmation),
            ),
    );
    assert_problems(
        &app,
        &[
            ("F", "Events.Twice.Properties.Events", "listed twice"),
            (
                "F",
                "Events.Twice.Properties.Filter.S3Key.Rules",
                "one prefix rule",
            ),
            (
                "F",
                "Events.Batch.Properties.SqsSubscription.BatchSize",
                "1 to 10",
            ),
            (
                "F",
                "Events.Scope.Properties.FilterPolicyScope",
                "without a filter policy",
            ),
            ("F", "Events.Sql.Properties.Sql", "not an IoT SQL statement"),
            (
                "F",
                "Events.Sql.Properties.AwsIotSqlVersion",
                "'2020' is not an IoT SQL version",
            ),
            (
                "F",
                "Events.Skill.Properties.SkillId",
                "not an Alexa skill ID",
            ),
        ],
    );
}

#[test]
fn resource_settings_are_checked_where_written() {
    let mut app = App::new("bad");
    let dlq = app.queue("Dlq", Queue::new());
    app.queue(
        "Q",
        Queue::new()
            .queue_name("jobs.fifo")
            .content_based_deduplication()
            .visibility_timeout(Duration::from_secs(43_201))
            .retention(Duration::from_secs(59))
            .delivery_delay(Duration::from_millis(1500))
            .receive_wait(Duration::from_secs(21))
            .max_message_size(100)
            .dead_letter_queue(dlq, 0)
            .encryption(QueueEncryption::Kms(
                "k".into(),
                Some(Duration::from_secs(10)),
            )),
    );
    app.queue("Fifo", Queue::new().fifo().queue_name("jobs"));
    app.queue("BadName", Queue::new().queue_name("my queue"));
    app.topic(
        "T",
        Topic::new()
            .topic_name("alerts.fifo")
            .content_based_deduplication(),
    );
    app.topic("U", Topic::new().topic_name("a b"));
    app.bucket(
        "B",
        Bucket::new()
            .bucket_name("My_Bucket")
            .lifecycle_rule(LifecycleRule::new("Nothing").prefix("x/"))
            .lifecycle_rule(
                LifecycleRule::new("Early")
                    .expire_after_days(0)
                    .transition(StorageClass::StandardIa, 7),
            ),
    );
    app.event_bus("Bus", EventBus::new().bus_name("default"));
    assert_problems(
        &app,
        &[
            ("Q", "QueueName", "only a FIFO queue's name may"),
            ("Q", "ContentBasedDeduplication", "FIFO queues only"),
            ("Q", "VisibilityTimeout", "from 0 to 43200"),
            ("Q", "MessageRetentionPeriod", "from 60 to 1209600"),
            ("Q", "DelaySeconds", "1.5s is not a whole number of seconds"),
            ("Q", "ReceiveMessageWaitTimeSeconds", "from 0 to 20"),
            ("Q", "MaximumMessageSize", "1024 to 1048576"),
            ("Q", "RedrivePolicy.maxReceiveCount", "1 to 1000"),
            ("Q", "KmsDataKeyReusePeriodSeconds", "from 60 to 86400"),
            ("Fifo", "QueueName", "names a FIFO queue"),
            ("BadName", "QueueName", "'my queue' is not a queue name"),
            ("T", "TopicName", "only a FIFO topic's name may"),
            ("T", "ContentBasedDeduplication", "FIFO topics only"),
            ("U", "TopicName", "'a b' is not a topic name"),
            ("B", "BucketName", "'My_Bucket' is not a bucket name"),
            ("B", "LifecycleConfiguration.Rules[0]", "needs an action"),
            (
                "B",
                "LifecycleConfiguration.Rules[1].ExpirationInDays",
                "at least 1 day",
            ),
            (
                "B",
                "LifecycleConfiguration.Rules[1].Transitions",
                "30 days or more",
            ),
            ("Bus", "Name", "not 'default'"),
        ],
    );
}

#[test]
fn handles_from_another_app_are_reported() {
    let mut other = App::new("other");
    let foreign_queue = other.queue("Foreign", Queue::new());
    let foreign_topic = other.topic("ForeignTopic", Topic::new());
    let mut app = App::new("a");
    let q = app.queue("Q", Queue::new().dead_letter_queue(foreign_queue, 3));
    app.function(
        "F",
        worker()
            .on("Jobs", Sqs::new(foreign_queue))
            .on("Alerts", Sns::new(foreign_topic).via_queue(q, None)),
    );
    let errors = errors(&app);
    for (resource, property, id) in [
        ("Q", "RedrivePolicy", "Foreign"),
        ("F", "Events.Jobs.Properties.Queue", "Foreign"),
        ("F", "Events.Alerts.Properties.Topic", "ForeignTopic"),
    ] {
        let expected = format!("Resource with id [{resource}] is invalid. Property {property}: refers to '{id}', which is not declared in this app");
        assert!(
            errors.iter().any(|e| e.starts_with(&expected)),
            "{expected}\nnot in:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn checks_sam_also_makes_name_the_users_line() {
    let mut app = App::new("bad");
    let pool = app.resource("Pool", CfnResource::new("AWS::Cognito::UserPool"));
    app.function(
        "F",
        worker()
            .on(
                "Kafka",
                SelfManagedKafka::new(
                    &[],
                    "t",
                    StartingPosition::Latest,
                    KafkaAccess::Basic("arn:aws:secretsmanager:us-east-1:1:secret:k".into()),
                ),
            )
            .on(
                "Pool",
                Cognito::new(pool, CognitoTrigger::PreSignUp).and(CognitoTrigger::PreSignUp),
            ),
    );
    let errors = errors(&app).join("\n");
    for expected in [
        "Property Events.Kafka.Properties.KafkaBootstrapServers: a self-managed Kafka event needs at least one bootstrap server. (at tests/dsl_events.rs:",
        "Property Events.Pool.Properties.Trigger: 'PreSignUp' is listed twice. (at tests/dsl_events.rs:",
    ] {
        assert!(errors.contains(expected), "{expected}\nnot in:\n{errors}");
    }
    // A repeated trigger is written once, so SAM does not report it again.
    assert!(!errors.contains("defined multiple times"), "{errors}");
}

#[test]
fn uploads_example_matches_its_sam_twin() {
    for region in ["us-east-1", "cn-north-1"] {
        let ctx = support::sam_context(region);
        let dsl = uploads::app().synth(&ctx).unwrap_or_else(|e| panic!("{e}"));
        let dsl = emit::to_json(&dsl, false).expect("renders");
        let text = std::fs::read_to_string("examples/uploads/template.yaml").expect("readable");
        let sam =
            stackwright::sam::synth(&text, "template.yaml", &ctx).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            dsl,
            emit::to_json(&sam, false).expect("renders"),
            "region {region}"
        );
    }
}

#[test]
fn pairings_aws_refuses_are_reported() {
    let mut app = App::new("bad");
    let fifo = app.queue("Fifo", Queue::new().fifo());
    let standard = app.queue("Standard", Queue::new());
    let fifo_topic = app.topic("FifoTopic", Topic::new().fifo());
    app.queue(
        "Redriven",
        Queue::new().fifo().dead_letter_queue(standard, 3),
    );
    app.subscribe_queue(fifo_topic, standard, QueueSubscription::new());
    app.event_bus("Bus", EventBus::new().dead_letter_queue(fifo));
    app.function(
        "F",
        worker()
            .timeout(Duration::from_secs(60))
            .on(
                "Jobs",
                Sqs::new(fifo)
                    .batch_size(20)
                    .batching_window(Duration::from_secs(1)),
            )
            .on("Alerts", Sns::new(fifo_topic).via_queue(standard, None))
            .on("Direct", Sns::new(fifo_topic))
            .on("Buffered", Sns::new(fifo_topic).via_new_queue())
            .on(
                "Nightly",
                Schedule::cron("0 3 * * ? *").dead_letter_queue(fifo),
            ),
    );
    let errors = errors(&app);
    let expected = [
        (
            "Redriven",
            "RedrivePolicy",
            "the dead-letter queue 'Standard' is a standard queue, and this is a FIFO queue",
        ),
        (
            "FifoTopicToStandard",
            "Endpoint",
            "the topic 'FifoTopic' is a FIFO topic and the queue 'Standard' a standard queue",
        ),
        (
            "Bus",
            "DeadLetterConfig",
            "'Fifo' is a FIFO queue; EventBridge dead-letter queues must be standard queues",
        ),
        (
            "F",
            "Events.Jobs.Properties.Queue",
            "hides a received message for 30 s, less than the function's timeout of 60 s",
        ),
        (
            "F",
            "Events.Jobs.Properties.BatchSize",
            "at most 10 messages per batch",
        ),
        (
            "F",
            "Events.Jobs.Properties.MaximumBatchingWindowInSeconds",
            "no batching window for FIFO queues",
        ),
        (
            "F",
            "Events.Alerts.Properties.SqsSubscription",
            "the topic 'FifoTopic' is a FIFO topic",
        ),
        (
            "F",
            "Events.Alerts.Properties.SqsSubscription",
            "SAM writes its own policy for queue 'Standard', which also needs 'StandardPolicy'",
        ),
        (
            "F",
            "Events.Nightly.Properties.DeadLetterConfig",
            "'Fifo' is a FIFO queue",
        ),
        (
            "F",
            "Events.Direct.Properties.Topic",
            "the topic 'FifoTopic' is a FIFO topic, which SNS cannot deliver to the function",
        ),
        (
            "F",
            "Events.Buffered.Properties.Topic",
            "cannot deliver to the standard queue SAM generates",
        ),
    ];
    for (resource, property, why) in expected {
        let head = format!("Resource with id [{resource}] is invalid. Property {property}: ");
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&head) && e.contains(why)),
            "{head}{why}\nnot in:\n{}",
            errors.join("\n")
        );
    }
    assert_eq!(errors.len(), expected.len(), "{}", errors.join("\n"));
}

#[test]
fn buckets_block_public_access_unless_told_otherwise() {
    let mut app = App::new("b");
    app.bucket("Private", Bucket::new());
    app.bucket("Public", Bucket::new().allow_public_access());
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    stackwright::testing::has_resource_properties(
        &t,
        "AWS::S3::Bucket",
        json!({"PublicAccessBlockConfiguration": {
            "BlockPublicAcls": true, "BlockPublicPolicy": true,
            "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
        }}),
    );
    let public = t.resource("Public").expect("declared");
    assert_eq!(public.property("PublicAccessBlockConfiguration"), None);
}

#[test]
fn imported_resources_emit_nothing_and_buses_are_named() {
    let mut app = App::new("i");
    let bus = app.event_bus("Orders", EventBus::new());
    app.function(
        "F",
        worker()
            .on(
                "Jobs",
                Sqs::new(Queue::import("arn:aws:sqs:us-east-1:123456789012:jobs")),
            )
            .on(
                "Alerts",
                Sns::new(Topic::import("arn:aws:sns:us-east-1:123456789012:alerts")),
            )
            .on(
                "Orders",
                EventRule::new(json!({"source": ["shop"]})).on_bus(bus),
            ),
    );
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    stackwright::testing::resource_count_is(&t, "AWS::SQS::Queue", 0);
    stackwright::testing::resource_count_is(&t, "AWS::SNS::Topic", 0);
    stackwright::testing::has_resource_properties(
        &t,
        "AWS::Lambda::EventSourceMapping",
        json!({"EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:jobs"}),
    );
    stackwright::testing::has_resource_properties(
        &t,
        "AWS::Events::EventBus",
        json!({"Name": "Orders"}),
    );
    stackwright::testing::has_resource_properties(
        &t,
        "AWS::Events::Rule",
        json!({"EventBusName": {"Ref": "Orders"}}),
    );
}

/// A resource imported by name (`Imported::named`, the value SAM's policy
/// templates take) is usable wherever an imported handle is: its ARN and URL
/// are built in the stack's partition, region and account, not left null.
#[test]
fn resources_imported_by_name_have_arns() {
    let jobs = Imported::<Queue>::named("jobs");
    let mut app = App::new("i");
    app.queue("Work", Queue::new().dead_letter_queue(jobs, 3));
    app.function("F", worker().on("Jobs", Sqs::new(jobs)));
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let arn = json!({"Fn::Sub": [
        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${name}",
        {"name": "jobs"}
    ]});
    stackwright::testing::has_resource_properties(
        &t,
        "AWS::SQS::Queue",
        json!({"RedrivePolicy": {"deadLetterTargetArn": arn, "maxReceiveCount": 3}}),
    );
    stackwright::testing::has_resource_properties(
        &t,
        "AWS::Lambda::EventSourceMapping",
        json!({"EventSourceArn": arn}),
    );
    assert_eq!(
        jobs.url(),
        json!({"Fn::Sub": [
            "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/${name}",
            {"name": "jobs"}
        ]})
    );
    assert_eq!(Imported::<Bucket>::named("logs").name(), json!("logs"));
    assert_eq!(
        Imported::<Secret>::named("arn:aws:secretsmanager:us-east-1:123456789012:secret:db").arn(),
        json!("arn:aws:secretsmanager:us-east-1:123456789012:secret:db")
    );
}

/// A partner bus must carry its event source's name: that is its default
/// (the logical ID cannot be one: it has no `/`), and another is an error.
#[test]
fn partner_buses_are_named_as_their_event_source() {
    let source = "aws.partner/example.com/123/orders";
    let mut app = App::new("p");
    app.event_bus("Partner", EventBus::new().event_source_name(source));
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    stackwright::testing::has_resource_properties(
        &t,
        "AWS::Events::EventBus",
        json!({"Name": source, "EventSourceName": source}),
    );

    let mut app = App::new("p");
    app.event_bus(
        "Partner",
        EventBus::new().bus_name("orders").event_source_name(source),
    );
    let errs = errors(&app);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].contains("[Partner]") && errs[0].contains("Name") && errs[0].contains(source),
        "{errs:?}"
    );
}

#[test]
fn uploads_example_snapshot() {
    support::with_snapshots(|| {
        let t = uploads::app()
            .synth(&support::context())
            .unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(
            "dsl_events@uploads",
            stackwright::testing::json_snapshot(&t)
        );
    });
}

#[test]
fn a_function_referring_to_the_bucket_that_notifies_it_is_a_cycle() {
    let mut app = App::new("cycle");
    let uploads = app.bucket("Uploads", Bucket::new());
    app.function(
        "F",
        worker()
            .env("BUCKET", uploads.name())
            .on("Upload", S3::new(uploads, S3EventType::ObjectCreated)),
    );
    let errors = errors(&app);
    assert_eq!(errors.len(), 1, "{}", errors.join("\n"));
    assert!(
        errors[0].starts_with("Resource with id [F] is invalid. Property Environment: refers to the bucket 'Uploads', whose S3 event (Events.Upload) refers back to this function"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_declared_resource_named_like_a_queue_policy_is_reported() {
    let mut app = App::new("clash");
    let t = app.topic("T", Topic::new());
    let q = app.queue("Q", Queue::new());
    app.subscribe_queue(t, q, QueueSubscription::new());
    app.resource("QPolicy", CfnResource::new("AWS::SQS::QueuePolicy"));
    let errors = errors(&app);
    assert_eq!(errors.len(), 1, "{}", errors.join("\n"));
    assert!(errors[0].contains("'QPolicy' is declared, and it is also the name of the policy letting SNS and EventBridge send to queue 'Q'"), "{}", errors[0]);
}

/// SQS takes messages up to 1 MiB (CloudFormation's schema says so); a
/// setter that stopped at 256 KiB refused valid queues.
#[test]
fn queues_take_messages_up_to_one_mebibyte() {
    let mut app = App::new("big");
    app.queue("Big", Queue::new().max_message_size(1_048_576));
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        t.resource("Big").unwrap().property("MaximumMessageSize"),
        Some(&serde_json::json!(1_048_576))
    );
    let mut app = App::new("too_big");
    app.queue("Big", Queue::new().max_message_size(1_048_577));
    assert!(app.synth(&support::context()).is_err());
}
