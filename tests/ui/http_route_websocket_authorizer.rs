// A WebSocket authorizer cannot protect an HTTP route: API Gateway binds an
// authorizer to one kind of API.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("api");
    let api = app.http_api("Api", HttpApi::new());
    let ws_auth = WebSocketAuthorizer::iam();
    app.function(
        "Items",
        Function::new(Runtime::Python312, "items.list", Code::inline("x"))
            .on("List", HttpRoute::get("/items").on(api).auth(&ws_auth)),
    );
}
