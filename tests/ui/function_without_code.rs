// A function needs code: Function::new takes it, so leaving it out does not compile.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    app.function("Fn", Function::new(Runtime::Python312, "app.handler"));
}
