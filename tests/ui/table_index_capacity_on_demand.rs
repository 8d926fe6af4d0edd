// An index with capacity of its own needs a provisioned table: on an
// on-demand table (the default) it does not compile.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    app.table(
        "Orders",
        Table::new("pk", KeyType::String)
            .attribute("status", KeyType::String)
            .gsi(GlobalIndex::new("byStatus", "status").capacity(Capacity::fixed(5, 5))),
    );
}
