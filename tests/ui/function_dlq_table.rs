// A dead-letter queue is an SQS queue or SNS topic: a table handle is refused.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let orders = app.simple_table("Orders", SimpleTable::new());
    app.function(
        "Fn",
        Function::new(Runtime::Python313, "app.handler", Code::inline("x")).dead_letter_queue(orders),
    );
}
