// Subnet and security group parameters have different kinds: one cannot stand for the other.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let groups = app.parameter("Groups", Parameter::security_group_ids());
    app.function(
        "Fn",
        Function::new(Runtime::Python313, "app.handler", Code::inline("x"))
            .vpc(Vpc::new().subnets(groups).security_groups(groups)),
    );
}
