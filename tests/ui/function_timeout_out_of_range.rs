// timeout! checks the value when the program compiles: Lambda stops at 900 seconds.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    app.function(
        "Fn",
        Function::new(Runtime::Python313, "app.handler", Code::inline("x"))
            .timeout(stackwright::timeout!(901)),
    );
}
