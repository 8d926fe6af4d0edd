// An SQS event polls a queue: a topic handle is not one.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let alerts = app.topic("Alerts", Topic::new());
    app.function(
        "Fn",
        Function::new(Runtime::Python312, "app.handler", Code::inline("x"))
            .on("Jobs", Sqs::new(alerts)),
    );
}
