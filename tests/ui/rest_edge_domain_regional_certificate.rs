// An EDGE domain needs a us-east-1 certificate: a certificate typed for the
// stack's region does not compile.
use stackwright::dsl::prelude::*;

fn main() {
    let cert = Certificate::in_stack_region("arn:aws:acm:eu-west-1:123456789012:certificate/abc");
    let _ = RestApi::new("prod").domain(Domain::edge("api.example.com", cert));
}
