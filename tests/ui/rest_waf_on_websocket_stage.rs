// AWS WAF protects REST API stages only: a web ACL on a WebSocket API's stage does not compile.
use stackwright::dsl::api::{Stage, WebSocket};
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let ws_stage = Stage::<WebSocket>::new("Chat", "prod", "ChatprodStage");
    app.web_acl_association(
        "AclOnChat",
        ws_stage,
        WebAclArn::existing("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/b"),
    );
}
