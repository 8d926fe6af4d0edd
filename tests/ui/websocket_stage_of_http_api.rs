// A stage handle is minted for the API it belongs to: asking for a WebSocket
// stage of an HTTP API does not compile.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("api");
    let api = app.http_api("Api", HttpApi::new());
    let _stage = app.websocket_stage(api);
}
