// API Gateway offers mutual TLS on HTTP and REST domains, not on WebSocket
// domains: `WebSocketDomain` has no `mutual_tls`.
use stackwright::dsl::prelude::*;

fn main() {
    let _domain = WebSocketDomain::new(
        "ws.example.com",
        "arn:aws:acm:us-east-1:123456789012:certificate/x",
    )
    .mutual_tls("s3://truststores/ca.pem", None);
}
