// A REST API's custom domain maps REST stages: an HTTP API's stage does not compile.
use stackwright::dsl::api::{Http, Stage};
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let api = app.rest_api("Api", RestApi::new("prod"));
    let http_stage = Stage::<Http>::new("HttpApi", "prod", "HttpApiprodStage");
    app.rest_base_path_mapping("Mapping", api, "v2", http_stage);
}
