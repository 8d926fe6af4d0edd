// An HTTP API's custom domain maps HTTP stages only: an extra REST stage is
// refused (API Gateway v2 API mappings name an HTTP or WebSocket API's stage).
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("api");
    let api = app.http_api(
        "Api",
        HttpApi::new().domain(HttpDomain::new(
            "api.example.com",
            "arn:aws:acm:us-east-1:123456789012:certificate/x",
        )),
    );
    let rest = app.rest_api("Rest", RestApi::new("prod"));
    let beta = app.rest_stage("Beta", rest, RestStage::new("beta"));
    app.http_domain_mapping(api, "beta", beta);
}
