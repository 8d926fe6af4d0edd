// AWS WAF protects REST API stages only: a web ACL on an HTTP API's stage does not compile.
use stackwright::dsl::api::{Http, Stage};
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let acl = app.web_acl("Acl", WebAcl::new(WafAction::Allow));
    let http_stage = Stage::<Http>::new("HttpApi", "prod", "HttpApiprodStage");
    app.web_acl_association("AclOnHttp", http_stage, acl);
}
