// An HTTP API's custom domain maps HTTP stages only: a WebSocket stage is
// refused (API Gateway maps a domain to APIs of one protocol).
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
    let connect = app.function(
        "Connect",
        Function::new(Runtime::Python312, "chat.connect", Code::inline("x")),
    );
    let chat = app.websocket_api(
        "Chat",
        WebSocketApi::new("$request.body.action").on_connect(connect),
    );
    let chat_stage = app.websocket_stage(chat);
    app.http_domain_mapping(api, "chat", chat_stage);
}
