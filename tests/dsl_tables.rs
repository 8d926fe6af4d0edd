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
        .synth(&support::context())
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
        .gsi(GlobalIndex::new("costed", "n").capacity(Capacity::fixed(1, 1)))
        .lsi(LocalIndex::new("local", "n"))
        .table_name("x");
    for i in 0..19 {
        t = t.gsi(GlobalIndex::new(
            Box::leak(format!("extra{i}").into_boxed_str()),
            "pk",
        ));
    }
    for i in 0..5 {
        t = t.lsi(LocalIndex::new(
            Box::leak(format!("more{i}").into_boxed_str()),
            "pk",
        ));
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
            "GlobalSecondaryIndexes.costed.ProvisionedThroughput",
            "on an on-demand table",
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
            .provisioned(
                Capacity::fixed(1, 0)
                    .scale_reads(5, 10)
                    .target_utilization(95.0),
            )
            .max_on_demand(10, 10),
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
