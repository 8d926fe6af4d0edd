// Only a table declared with `.stream(…)` has a stream ARN.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let orders = app.table("Orders", Table::new("pk", KeyType::String));
    let _ = orders.stream_arn();
}
