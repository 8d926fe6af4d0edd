// An on-demand maximum is an on-demand table's setting: a provisioned table
// does not offer it.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    app.table(
        "Orders",
        Table::new("pk", KeyType::String)
            .provisioned(Capacity::fixed(5, 5))
            .max_on_demand(100, 100),
    );
}
