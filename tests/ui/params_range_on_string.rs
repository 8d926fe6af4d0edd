// MinValue/MaxValue bound numbers: a string parameter has no range.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    app.parameter("Name", Parameter::string().range(1, 10));
}
