// Asynchronous results go to a queue, topic, function or event bus: a bucket is refused.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let uploads = app.bucket("Uploads", Bucket::new());
    app.function(
        "Fn",
        Function::new(Runtime::Python313, "app.handler", Code::inline("x")).on_success(uploads),
    );
}
