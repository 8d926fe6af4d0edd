// A JWT authorizer belongs to HTTP APIs: a WebSocket API authorizes `$connect`
// with a Lambda REQUEST authorizer or IAM, so it does not accept one.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("chat");
    let connect = app.function(
        "Connect",
        Function::new(Runtime::Python312, "chat.connect", Code::inline("x")),
    );
    let jwt = HttpJwtAuthorizer::new("Jwt", "https://issuer.example.com").audience("app");
    app.websocket_api(
        "Chat",
        WebSocketApi::new("$request.body.action")
            .on_connect(connect)
            .authorizer(jwt),
    );
}
