//! The orders API: a table of orders (keyed by customer and order, with an
//! index by status, a time-to-live and a stream), functions that create,
//! fetch and list orders behind a REST API, and one that consumes the
//! table's stream. `template.yaml` beside this file is the same app written
//! in SAM; both synthesize the same CloudFormation.
//!
//! Each part is its own section below (table, API functions, stream
//! consumer, outputs), so workers, schedules, layers and aliases slot in
//! beside them.

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
    app.description("Orders API: create and fetch orders stored in DynamoDB");

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

    // The API's functions.
    let create = app.function(
        "CreateOrderFunction",
        Function::new(Runtime::Python312, "orders.create", code())
            .memory_size(256)
            .timeout(Duration::from_secs(10))
            .env("ORDERS_TABLE", orders.name())
            .tag("app", "orders")
            .on("CreateOrder", Route::post("/orders")),
    );
    let get = app.function(
        "GetOrderFunction",
        Function::new(Runtime::Python312, "orders.get", code())
            .memory_size(128)
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
            .env("ORDERS_TABLE", orders.name())
            .tag("app", "orders")
            .on("ListOrders", Route::get("/orders")),
    );
    app.grant(create, orders, TableAccess::ReadWrite)
        .grant(get, orders, TableAccess::Read)
        .grant(list, orders, QueryIndex::new("byStatus"));

    // The stream consumer: reacts to every change of an order.
    app.function(
        "OrderEventsFunction",
        Function::new(Runtime::Python312, "orders.on_change", code())
            .timeout(Duration::from_secs(30))
            .tag("app", "orders")
            .on(
                "OrderChanges",
                DynamoDbStream::new(orders, StreamStart::TrimHorizon).batch_size(100),
            ),
    );

    // Outputs.
    app.output(
        "OrdersApiUrl",
        Output::new(Expr::sub(
            "https://${ServerlessRestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod",
        ))
        .description("Invoke URL of the orders API"),
    );
    app.output(
        "OrdersTableName",
        Output::new(orders.name()).description("Name of the orders table"),
    );
    app
}
