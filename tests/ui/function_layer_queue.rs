// A function's layers are layer handles or layer version ARNs: a queue is refused.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let jobs = app.queue("Jobs", Queue::new());
    app.function(
        "Fn",
        Function::new(Runtime::Python313, "app.handler", Code::inline("x")).layer(jobs),
    );
}
