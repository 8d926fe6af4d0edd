// A DynamoDB stream event reads the table's stream: a table declared without
// `.stream(…)` has none, so it cannot feed the event.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let orders = app.table("Orders", Table::new("pk", KeyType::String));
    app.function(
        "Fn",
        Function::new(Runtime::Python312, "app.handler", Code::inline("x"))
            .on("Changes", DynamoDbStream::new(orders, StreamStart::Latest)),
    );
}
