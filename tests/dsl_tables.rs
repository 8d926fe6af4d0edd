//! Full DynamoDB tables, item types and typed grants: each DSL app here
//! synthesizes byte-identical CloudFormation to its SAM twin in
//! `tests/fixtures/dsl/tables/` (a plain `AWS::DynamoDB::Table` passes through
//! SAM, so its twin is that YAML); the checks are synth errors naming the
//! resource and property; beyond-SAM behaviour gets focused assertions.

mod support;

use stackwright::dsl::prelude::*;
use stackwright::emit;
use stackwright::error::Error;

fn twin(name: &str) -> String {
    let path = support::fixture(&format!("dsl/tables/{name}"));
    let text = std::fs::read_to_string(&path).expect("twin template is readable");
    let t = stackwright::sam::synth(&text, &path.to_string_lossy(), &support::context())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    emit::to_json(&t, false).expect("renders")
}

fn synth(app: &App) -> String {
    let t = app
        .synth(&support::sam_context(support::REGION))
        .unwrap_or_else(|e| panic!("{e}"));
    emit::to_json(&t, false).expect("renders")
}

/// The diagnostics synth reports, rendered.
fn errors(app: &App) -> Vec<String> {
    match app.synth(&support::context()) {
        Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

fn code() -> Code {
    Code::inline("def h(event, context):\n    return None\n")
}

#[test]
fn full_table_matches_its_twin() {
    let mut app = App::new("tables");
    app.table(
        "Orders",
        Table::new("customerId", KeyType::String)
            .sort_key("orderId", KeyType::String)
            .attribute("status", KeyType::String)
            .attribute("placedAt", KeyType::Number)
            .gsi(
                GlobalIndex::new("byStatus", "status")
                    .sort_key("placedAt")
                    .projection(Projection::Include(vec!["total"])),
            )
            .gsi(GlobalIndex::new("byTime", "placedAt").projection(Projection::KeysOnly))
            .lsi(LocalIndex::new("byPlacedAt", "placedAt"))
            .ttl("expiresAt")
            .point_in_time_recovery()
            .encryption(Encryption::AwsManaged)
            .deletion_protection()
            .contributor_insights()
            .table_class(TableClass::StandardInfrequentAccess)
            .table_name("orders-v2")
            .tag("app", "orders")
            .stream(StreamView::NewAndOldImages),
    );
    assert_eq!(synth(&app), twin("full_table.yaml"));
}

/// Orders as the code reads and writes them; the table's keys come from here.
#[allow(dead_code)]
struct Order {
    customer_id: String,
    order_id: String,
    status: String,
    placed_at: u64,
}

stackwright::table_item!(Order {
    partition_key: customer_id as "customerId",
    sort_key: order_id as "orderId",
    attributes: [status, placed_at as "placedAt"],
});

#[test]
fn item_types_give_the_keys() {
    use stackwright::dsl::{KeyDef, TableItem};
    assert_eq!(
        Order::partition_key(),
        KeyDef::new("customerId", KeyType::String)
    );
    assert_eq!(
        Order::attributes(),
        vec![
            KeyDef::new("status", KeyType::String),
            KeyDef::new("placedAt", KeyType::Number)
        ]
    );
}

#[test]
fn provisioned_table_scales_table_and_indexes_as_its_twin() {
    let mut app = App::new("tables");
    app.table(
        "Orders",
        Table::for_item::<Order>()
            .provisioned(Capacity::fixed(5, 5).scale_reads(5, 50).scale_writes(5, 20))
            .gsi(GlobalIndex::new("byStatus", "status"))
            .gsi(
                GlobalIndex::new("byTime", "placedAt")
                    .projection(Projection::KeysOnly)
                    .capacity(Capacity::fixed(2, 1).target_utilization(50.0)),
            ),
    );
    assert_eq!(synth(&app), twin("provisioned.yaml"));
}

/// Asserts one diagnostic contains every one of `parts`.
fn assert_reported(errors: &[String], parts: &[&str]) {
    assert!(
        errors.iter().any(|e| parts.iter().all(|p| e.contains(p))),
        "no diagnostic with {parts:?} in {errors:#?}"
    );
}

#[test]
fn table_checks_name_resource_property_and_place() {
    let mut app = App::new("tables");
    let mut t = Table::new("pk", KeyType::String)
        .attribute("n", KeyType::Number)
        .attribute("n", KeyType::String)
        .gsi(GlobalIndex::new("byGhost", "ghost"))
        .lsi(LocalIndex::new("local", "n"))
        .table_name("x");
    for i in 0..20 {
        t = t.gsi(GlobalIndex::new(format!("extra{i}"), "pk"));
    }
    for i in 0..5 {
        t = t.lsi(LocalIndex::new(format!("more{i}"), "pk"));
    }
    app.table("Orders", t);
    let e = errors(&app);
    let here = "dsl_tables.rs";
    assert_reported(
        &e,
        &[
            "Orders",
            "GlobalSecondaryIndexes.byGhost",
            "'ghost', which is not a declared attribute",
            here,
        ],
    );
    assert_reported(
        &e,
        &[
            "Orders",
            "AttributeDefinitions",
            "'n' is declared as N and as S",
            here,
        ],
    );
    assert_reported(
        &e,
        &[
            "Orders",
            "LocalSecondaryIndexes.local",
            "needs a table with a sort key",
            here,
        ],
    );
    assert_reported(
        &e,
        &[
            "Orders",
            "GlobalSecondaryIndexes",
            "21 global secondary indexes",
            "at most 20",
            here,
        ],
    );
    assert_reported(
        &e,
        &[
            "Orders",
            "LocalSecondaryIndexes",
            "6 local secondary indexes",
            "at most 5",
            here,
        ],
    );
    assert_reported(
        &e,
        &[
            "Orders",
            "TableName",
            "'x' must be 3 to 255 characters",
            here,
        ],
    );
}

#[test]
fn capacity_checks_are_reported() {
    let mut app = App::new("tables");
    app.table(
        "Orders",
        Table::new("pk", KeyType::String)
            .max_on_demand(10, 10)
            .provisioned(
                Capacity::fixed(1, 0)
                    .scale_reads(5, 10)
                    .target_utilization(95.0),
            ),
    );
    let e = errors(&app);
    assert_reported(&e, &["Orders", "ProvisionedThroughput", "at least 1 unit"]);
    assert_reported(
        &e,
        &[
            "Orders",
            "ProvisionedThroughput",
            "read capacity 1 is outside its scaling range 5..10",
        ],
    );
    assert_reported(&e, &["Orders", "ProvisionedThroughput", "95% is outside"]);
    assert_reported(
        &e,
        &[
            "Orders",
            "OnDemandThroughput",
            "a provisioned table takes no on-demand maximum",
        ],
    );
}

#[test]
fn a_raw_property_clashing_with_derived_keys_is_reported() {
    let mut app = App::new("tables");
    app.table(
        "Orders",
        Table::new("pk", KeyType::String).property("KeySchema", serde_json::json!([])),
    );
    assert_reported(
        &errors(&app),
        &["Orders", "KeySchema", ".property(\"KeySchema\""],
    );
}

/// Every grant with a SAM policy template, plus the index query (an inline
/// statement in SAM), in one function's role.
#[test]
fn grants_match_sam_policy_templates() {
    let mut app = App::new("grants");
    let queue_arn = app.parameter("ExternalQueueArn", Parameter::string());
    let simple = app.simple_table("Simple", SimpleTable::new());
    let orders = app.table(
        "Orders",
        Table::for_item::<Order>()
            .gsi(GlobalIndex::new("byStatus", "status"))
            .stream(StreamView::NewImage),
    );
    let jobs = app.queue("Jobs", Queue::new());
    let alerts = app.topic("Alerts", Topic::new());
    let uploads = app.bucket("Uploads", Bucket::new());
    let bus = app.event_bus("Bus", EventBus::new().property("Name", "orders"));
    let other = app.function("Other", Function::new(Runtime::Python312, "app.h", code()));
    let f = app.function("Worker", Function::new(Runtime::Python312, "app.h", code()));

    app.grant(f, simple, TableAccess::Read)
        .grant(f, orders, TableAccess::Write)
        .grant(f, orders, TableAccess::ReadWrite)
        .grant(f, orders, StreamRead)
        .grant(f, orders, QueryIndex::new("byStatus"))
        .grant(f, jobs, QueueAccess::Send)
        .grant(f, jobs, QueueAccess::Consume)
        .grant(f, alerts, TopicAccess::Publish)
        .grant(f, uploads, BucketAccess::Read)
        .grant(f, uploads, BucketAccess::Write)
        .grant(f, uploads, BucketAccess::ReadWrite)
        .grant(f, bus, EventBusAccess::Put)
        .grant(f, other, FunctionAccess::Invoke)
        .grant(
            f,
            Imported::<Secret>::from_arn(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
            ),
            SecretAccess::Read,
        )
        .grant(
            f,
            Imported::<SsmParameter>::from_arn(
                "arn:aws:ssm:us-east-1:123456789012:parameter/orders/db-url",
            ),
            ParameterAccess::Read,
        )
        .grant(
            f,
            Imported::<StateMachine>::from_arn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:Fulfil",
            ),
            StateMachineAccess::Start,
        )
        .grant(
            f,
            Imported::<KmsKey>::named("1234abcd-12ab-34cd-56ef-1234567890ab"),
            KeyAccess::Decrypt,
        )
        .grant(
            f,
            Imported::<KmsKey>::from_arn(
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            KeyAccess::Encrypt,
        )
        .grant(
            f,
            Imported::<Queue>::from_arn(queue_arn.value()),
            QueueAccess::Send,
        )
        .grant(
            f,
            Imported::<Table>::from_arn("arn:aws:dynamodb:us-east-1:123456789012:table/Legacy"),
            TableAccess::Read,
        );
    assert_eq!(synth(&app), twin("grants.yaml"));
}

/// A function with an existing role gets its grants as an `AWS::IAM::Policy`
/// on that role (SAM ignores `Policies` then: before, the grant vanished).
#[test]
fn grants_to_a_function_with_its_own_role_attach_a_policy_to_it() {
    let mut app = App::new("roles");
    let jobs = app.queue("Jobs", Queue::new());
    let role = app.resource(
        "WorkerRole2",
        CfnResource::new("AWS::IAM::Role").property(
            "AssumeRolePolicyDocument",
            serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
        ),
    );
    let worker = app.function(
        "Worker",
        Function::new(Runtime::Python312, "app.h", code()).role(role.get_att("Arn")),
    );
    let shared = app.function(
        "Shared",
        Function::new(Runtime::Python312, "app.h", code())
            .role("arn:aws:iam::123456789012:role/service/shared-lambda"),
    );
    app.grant(worker, jobs, QueueAccess::Consume)
        .grant(worker, jobs, QueueAccess::Send)
        .grant(shared, jobs, QueueAccess::Send);
    assert_eq!(synth(&app), twin("existing_role.yaml"));
}

#[test]
fn a_grant_to_a_role_of_unknown_name_is_an_error_naming_the_function() {
    let mut app = App::new("roles");
    let arn = app.parameter("RoleArn", Parameter::string());
    let jobs = app.queue("Jobs", Queue::new());
    let f = app.function(
        "Worker",
        Function::new(Runtime::Python312, "app.h", code()).role(arn.value()),
    );
    app.grant(f, jobs, QueueAccess::Send);
    assert_reported(
        &errors(&app),
        &[
            "Worker",
            "Property Role",
            "role name CloudFormation cannot know",
        ],
    );
}

#[test]
fn grant_checks_are_reported() {
    let mut other = App::new("other");
    let foreign = other.queue("Foreign", Queue::new());
    let mut app = App::new("grants");
    let t = app.table("Orders", Table::new("pk", KeyType::String));
    let f = app.function("Worker", Function::new(Runtime::Python312, "app.h", code()));
    app.grant(f, t, QueryIndex::new("byNothing"))
        .grant(f, foreign, QueueAccess::Send)
        .grant(
            f,
            Imported::<Topic>::from_arn("arn:aws:sqs:us-east-1:1:q"),
            TopicAccess::Publish,
        );
    let e = errors(&app);
    assert_reported(
        &e,
        &[
            "Worker",
            "Policies",
            "the table declares no index 'byNothing'",
        ],
    );
    assert_reported(
        &e,
        &[
            "Worker",
            "Policies",
            "no queue 'Foreign' is declared in this app",
        ],
    );
    assert_reported(&e, &["Worker", "Policies", "is not the ARN of a topic"]);
}

#[test]
fn customer_keys_conditions_and_removal_policies_reach_the_template() {
    use stackwright::testing::{find_resources, has_resource_properties, resource_count_is};
    let mut app = App::new("tables");
    let prod = app.condition(
        "IsProd",
        Condition::equals(serde_json::json!({"Ref": "AWS::Region"}), "us-east-1"),
    );
    let key = app.resource("DataKey", CfnResource::new("AWS::KMS::Key"));
    app.table(
        "Orders",
        Table::new("pk", KeyType::Binary)
            .encryption(Encryption::CustomerKey(key.get_att("Arn")))
            .provisioned(Capacity::fixed(1, 1).scale_writes(1, 4))
            .condition(prod)
            .deletion_policy(RemovalPolicy::Snapshot),
    );
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    has_resource_properties(
        &t,
        "AWS::DynamoDB::Table",
        serde_json::json!({
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "B"}],
            "SSESpecification": {"KMSMasterKeyId": {"Fn::GetAtt": ["DataKey", "Arn"]}, "SSEEnabled": true, "SSEType": "KMS"},
        }),
    );
    // The user's DeletionPolicy wins; UpdateReplacePolicy stays Retain.
    assert_eq!(
        find_resources(&t, "AWS::DynamoDB::Table", &serde_json::json!({"DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Retain", "Condition": "IsProd"})).len(),
        1
    );
    // Scaling resources exist only with the table: they carry its condition.
    resource_count_is(&t, "AWS::ApplicationAutoScaling::ScalableTarget", 1);
    assert_eq!(
        find_resources(
            &t,
            "AWS::ApplicationAutoScaling::ScalingPolicy",
            &serde_json::json!({"Condition": "IsProd"})
        )
        .len(),
        1
    );
}

/// Choosing the AWS owned key is kept under the `recommended` defaults,
/// which would otherwise fill an absent `SSESpecification` with the AWS
/// managed key.
#[test]
fn an_aws_owned_key_is_kept_under_the_recommended_defaults() {
    let mut app = App::new("tables");
    app.table(
        "Cache",
        Table::new("pk", KeyType::String).encryption(Encryption::AwsOwned),
    );
    app.table("Orders", Table::new("pk", KeyType::String));
    let t = app
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let sse = |id: &str| {
        t.resource(id)
            .and_then(|r| r.property("SSESpecification"))
            .cloned()
    };
    assert_eq!(sse("Cache"), Some(serde_json::json!({"SSEEnabled": false})));
    assert_eq!(sse("Orders"), Some(serde_json::json!({"SSEEnabled": true})));
}

/// A function granted access to itself would have a generated role naming
/// the function, which names its role: a cycle CloudFormation refuses. It
/// is an error; by name (or with a role of its own) it works.
#[test]
fn a_grant_to_the_function_itself_is_reported_unless_by_name() {
    let mut app = App::new("tables");
    let f = app.function("Worker", Function::new(Runtime::Python312, "app.h", code()));
    app.grant(f, f, FunctionAccess::Invoke);
    let e = errors(&app);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_reported(&e, &["[Worker]", "Policies", "circular dependency"]);

    let mut app = App::new("tables");
    let f = app.function(
        "Worker",
        Function::new(Runtime::Python312, "app.h", code()).function_name("worker"),
    );
    app.grant(
        f,
        Imported::<Function>::named("worker"),
        FunctionAccess::Invoke,
    );
    assert!(app.synth(&support::context()).is_ok());
}
