// memory! checks the value when the program compiles: 20000 MB is beyond Lambda's 10240.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    app.function(
        "Fn",
        Function::new(Runtime::Python313, "app.handler", Code::inline("x"))
            .memory_size(stackwright::memory!(20000)),
    );
}
