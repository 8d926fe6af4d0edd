// DynamoDB streams start at LATEST or TRIM_HORIZON only; AT_TIMESTAMP is for
// Kinesis, Kafka and DocumentDB.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let orders = app.table("Orders", Table::new("pk", KeyType::String).stream(StreamView::NewImage));
    let _e = DynamoDbStream::new(orders, StartingPosition::AtTimestamp(1_700_000_000.0));
}
