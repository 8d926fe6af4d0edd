// Usage plans meter REST API stages only: an HTTP API's stage does not compile.
use stackwright::dsl::api::{Http, Stage};
use stackwright::dsl::prelude::*;

fn main() {
    let http_stage = Stage::<Http>::new("HttpApi", "prod", "HttpApiprodStage");
    let _ = UsagePlan::new().stage(http_stage);
}
