// An HTTP route belongs on an HTTP API: a WebSocket API routes messages by
// route key (WebSocketApi::route), not by method and path.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("chat");
    let connect = app.function(
        "Connect",
        Function::new(Runtime::Python312, "chat.connect", Code::inline("x")),
    );
    let chat = app.websocket_api(
        "Chat",
        WebSocketApi::new("$request.body.action").on_connect(connect),
    );
    app.function(
        "History",
        Function::new(Runtime::Python312, "chat.history", Code::inline("x"))
            .on("History", HttpRoute::get("/history").on(chat)),
    );
}
