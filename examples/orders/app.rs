//! The orders API: a table of orders (keyed by customer and order, with an
//! index by status, a time-to-live and a stream); functions that create,
//! fetch and list orders behind a REST API, sharing a layer; a queue (with a
//! dead-letter queue) that a fulfilment worker drains with partial batch
//! responses, deployed through an alias as a canary; a consumer of the
//! table's stream; and a nightly report on a schedule. `template.yaml` beside
//! this file is the same app written in SAM; both synthesize the same
//! CloudFormation.

use std::time::Duration;

use stackwright::dsl::prelude::*;

/// An order as the functions read and write it; the table's keys and the
/// index's attributes are taken from these fields.
#[allow(dead_code)]
pub struct Order {
    pub customer_id: String,
    pub order_id: String,
    pub status: String,
    pub created_at: u64,
    /// Epoch seconds after which DynamoDB deletes the order (TTL).
    pub expires_at: u64,
}

stackwright::table_item!(Order {
    partition_key: customer_id as "customerId",
    sort_key: order_id as "orderId",
    attributes: [status, created_at as "createdAt"],
});

fn code() -> Code {
    Code::s3("s3://stackwright-examples/orders.zip")
}

pub fn app() -> App {
    let mut app = App::new("orders");
    app.description("Orders API: orders in DynamoDB, fulfilled from a queue, reported nightly");

    // The table.
    let orders = app.table(
        "OrdersTable",
        Table::for_item::<Order>()
            .gsi(GlobalIndex::new("byStatus", "status").sort_key("createdAt"))
            .ttl("expiresAt")
            .point_in_time_recovery()
            .tag("app", "orders")
            .stream(StreamView::NewAndOldImages),
    );

    // Code shared by every function, as a layer.
    let libs = app.layer(
        "OrdersLibsLayer",
        Layer::new(LayerContent::s3(
            "s3://stackwright-examples/orders-libs.zip",
        ))
        .description("Shared order models and clients")
        .compatible_runtime(Runtime::Python312)
        .retention(LayerRetention::Delete),
    );

    // Fulfilment: new orders are queued for a worker; messages that keep
    // failing move to a dead-letter queue.
    let dead_letters = app.queue(
        "FulfilmentDeadLetterQueue",
        Queue::new().retention(Duration::from_secs(14 * 24 * 3600)),
    );
    let fulfilment = app.queue(
        "FulfilmentQueue",
        Queue::new()
            .visibility_timeout(Duration::from_secs(180))
            .dead_letter_queue(dead_letters, 5),
    );

    // The API's functions.
    let create = app.function(
        "CreateOrderFunction",
        Function::new(Runtime::Python312, "orders.create", code())
            .memory_size(256)
            .timeout(Duration::from_secs(10))
            .layer(libs)
            .env("ORDERS_TABLE", orders.name())
            .env("FULFILMENT_QUEUE_URL", fulfilment.url())
            .tag("app", "orders")
            .on("CreateOrder", Route::post("/orders")),
    );
    let get = app.function(
        "GetOrderFunction",
        Function::new(Runtime::Python312, "orders.get", code())
            .memory_size(128)
            .timeout(Duration::from_secs(10))
            .env("ORDERS_TABLE", orders.name())
            .tag("app", "orders")
            .on(
                "GetOrder",
                Route::get("/customers/{customerId}/orders/{orderId}"),
            ),
    );
    let list = app.function(
        "ListOrdersByStatusFunction",
        Function::new(Runtime::Python312, "orders.by_status", code())
            .memory_size(256)
            .timeout(Duration::from_secs(10))
            .env("ORDERS_TABLE", orders.name())
            .tag("app", "orders")
            .on("ListOrders", Route::get("/orders")),
    );
    app.grant(create, orders, TableAccess::ReadWrite)
        .grant(create, fulfilment, QueueAccess::Send)
        .grant(get, orders, TableAccess::Read)
        .grant(list, orders, QueryIndex::new("byStatus"));

    // The stream consumer: reacts to every change of an order. A batch that
    // keeps failing is recorded in the dead-letter queue, not retried for
    // the stream's whole retention.
    app.function(
        "OrderEventsFunction",
        Function::new(Runtime::Python312, "orders.on_change", code())
            .memory_size(256)
            .timeout(Duration::from_secs(30))
            .tag("app", "orders")
            .on(
                "OrderChanges",
                DynamoDbStream::new(orders, StreamStart::TrimHorizon)
                    .batch_size(100)
                    .on_failure_queue(dead_letters),
            ),
    );

    // The fulfilment worker: reports which messages of a batch failed, so
    // only those are retried; its alias shifts traffic to a new version as a
    // 10% canary for five minutes before the rest.
    let worker = app.function(
        "FulfilmentWorkerFunction",
        Function::new(Runtime::Python312, "orders.fulfil", code())
            .memory_size(256)
            .timeout(Duration::from_secs(30))
            .layer(libs)
            .env("ORDERS_TABLE", orders.name())
            .tag("app", "orders")
            .alias(
                Alias::new("live")
                    .deployment(Deployment::new(DeploymentType::Canary10Percent5Minutes)),
            )
            .on(
                "Fulfilment",
                Sqs::new(fulfilment)
                    .batch_size(10)
                    .report_batch_item_failures(),
            ),
    );
    app.grant(worker, orders, TableAccess::ReadWrite);

    // A nightly report of the day's orders by status, at 03:00 UTC. A run
    // that cannot be delivered, or fails every retry, is recorded in the
    // dead-letter queue.
    let nightly = app.function(
        "NightlyReportFunction",
        Function::new(Runtime::Python312, "orders.nightly_report", code())
            .memory_size(512)
            .timeout(Duration::from_secs(300))
            .layer(libs)
            .env("ORDERS_TABLE", orders.name())
            .tag("app", "orders")
            .on_failure(dead_letters)
            .on(
                "Nightly",
                Schedule::cron("0 3 * * ? *").dead_letter_queue(dead_letters),
            ),
    );
    app.grant(nightly, orders, QueryIndex::new("byStatus"));

    // Outputs.
    let api = app.implicit_rest_api();
    app.output(
        "OrdersApiUrl",
        Output::new(api.url()).description("Invoke URL of the orders API"),
    );
    app.output(
        "OrdersTableName",
        Output::new(orders.name()).description("Name of the orders table"),
    );
    app
}
