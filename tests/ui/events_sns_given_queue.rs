// An SNS event subscribes to a topic: a queue handle, declared or imported, is not one.
use stackwright::dsl::prelude::*;

fn main() {
    let jobs = Queue::import("arn:aws:sqs:us-east-1:123456789012:jobs");
    let _f = Function::new(Runtime::Python312, "app.handler", Code::inline("x"))
        .on("Alerts", Sns::new(jobs));
}
