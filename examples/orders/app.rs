//! The orders API: a table of orders, a function that creates orders and one
//! that reads them, both behind a REST API. `template.yaml` beside this file
//! is the same app written in SAM; both synthesize the same CloudFormation.

use std::time::Duration;

use stackwright::dsl::prelude::*;

pub fn app() -> App {
    let mut app = App::new("orders");
    app.description("Orders API: create and fetch orders stored in DynamoDB");

    let orders = app.simple_table(
        "OrdersTable",
        SimpleTable::new().primary_key("orderId", KeyType::String),
    );

    let create = app.function(
        "CreateOrderFunction",
        Function::new(
            Runtime::Python312,
            "orders.create",
            Code::s3("s3://stackwright-examples/orders.zip"),
        )
        .memory_size(256)
        .timeout(Duration::from_secs(10))
        .env("ORDERS_TABLE", orders.name())
        .tag("app", "orders")
        .on("CreateOrder", Route::post("/orders")),
    );
    let get = app.function(
        "GetOrderFunction",
        Function::new(
            Runtime::Python312,
            "orders.get",
            Code::s3("s3://stackwright-examples/orders.zip"),
        )
        .memory_size(128)
        .env("ORDERS_TABLE", orders.name())
        .tag("app", "orders")
        .on("GetOrder", Route::get("/orders/{orderId}")),
    );
    app.grant_table(create, orders, TableAccess::ReadWrite);
    app.grant_table(get, orders, TableAccess::Read);

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
