// A grant's access must be one for the resource's kind: a table access on a
// queue does not compile.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let jobs = app.queue("Jobs", Queue::new());
    let f = app.function("Fn", Function::new(Runtime::Python312, "app.h", Code::inline("x")));
    app.grant(f, jobs, TableAccess::Read);
}
