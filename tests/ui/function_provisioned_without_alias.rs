// Provisioned concurrency belongs to an alias: a function has no such setter of its own.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    app.function(
        "Fn",
        Function::new(Runtime::Python313, "app.handler", Code::inline("x")).provisioned_concurrency(5),
    );
}
