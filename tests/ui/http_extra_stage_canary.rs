// HTTP API stages have no canary deployments (REST stages do): the HTTP
// stage builder does not offer one.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("api");
    let api = app.http_api("Api", HttpApi::new());
    app.http_extra_stage(
        "Beta",
        api,
        HttpStage::new("beta").canary(Canary::percent(10.0)),
    );
}
