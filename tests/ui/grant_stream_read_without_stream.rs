// Reading a table's stream needs a table declared with a stream.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let orders = app.table("Orders", Table::new("pk", KeyType::String));
    let f = app.function("Fn", Function::new(Runtime::Python312, "app.h", Code::inline("x")));
    app.grant(f, orders, StreamRead);
}
