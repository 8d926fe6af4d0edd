// An HTTP API stage (AWS::ApiGatewayV2::Stage) belongs to an HTTP API: an
// extra HTTP stage on a REST API does not compile (use app.rest_stage).
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("api");
    let rest = app.rest_api("Api", RestApi::new("prod"));
    app.http_extra_stage("Beta", rest, HttpStage::new("beta"));
}
