//! A WebSocket chat: clients connect with a token that a Lambda authorizer
//! checks on `$connect`, connections are kept in DynamoDB, and `sendMessage`
//! broadcasts to every connection through the stage's `@connections` API.
//! `template.yaml` beside this file is the same app written in SAM; both
//! synthesize the same CloudFormation.

use std::time::Duration;

use stackwright::dsl::prelude::*;

pub fn app() -> App {
    let mut app = App::new("chat");
    app.description("WebSocket chat with a Lambda authorizer on $connect");

    let connections = app.simple_table(
        "ConnectionsTable",
        SimpleTable::new().primary_key("connectionId", KeyType::String),
    );
    let code = || Code::s3("s3://stackwright-examples/chat.zip");
    let function = |handler: &str| {
        Function::new(Runtime::Nodejs22, handler, code())
            .memory_size(256)
            .timeout(Duration::from_secs(5))
            .env("CONNECTIONS_TABLE", connections.name())
    };

    let authorize = app.function(
        "AuthorizeFunction",
        Function::new(Runtime::Nodejs22, "auth.handler", code())
            .memory_size(256)
            .timeout(Duration::from_secs(5)),
    );
    let connect = app.function("ConnectFunction", function("chat.connect"));
    let disconnect = app.function("DisconnectFunction", function("chat.disconnect"));
    let send = app.function(
        "SendMessageFunction",
        function("chat.send").timeout(Duration::from_secs(10)),
    );

    let api = app.websocket_api(
        "ChatApi",
        WebSocketApi::new("$request.body.action")
            .description("Chat rooms over WebSocket")
            .on_connect(connect)
            .on_disconnect(disconnect)
            .route_with(
                "sendMessage",
                WebSocketRoute::new(send).timeout(Duration::from_secs(10)),
            )
            .authorizer(WebSocketAuthorizer::lambda(authorize).identity_query_string("token"))
            .stage_name("prod")
            .default_route_throttling(50, 100)
            .access_log_group(14, ACCESS_LOG_JSON),
    );
    let stage = app.websocket_stage(api);

    app.grant_manage_connections(send, stage);
    app.grant_table(connect, connections, TableAccess::ReadWrite);
    app.grant_table(disconnect, connections, TableAccess::ReadWrite);
    app.grant_table(send, connections, TableAccess::Read);

    app.output("ChatUrl", Output::new(stage.url()));
    app
}
