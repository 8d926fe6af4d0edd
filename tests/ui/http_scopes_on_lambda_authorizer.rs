// API Gateway checks authorization scopes only with JWT authorizers: a route
// cannot require scopes from a Lambda authorizer.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("api");
    let check = app.function(
        "Check",
        Function::new(Runtime::Python312, "auth.handler", Code::inline("x")),
    );
    let lambda = HttpLambdaAuthorizer::new("Custom", check, PayloadFormat::V2);
    let api = app.http_api("Api", HttpApi::new().authorizer(&lambda));
    app.function(
        "Items",
        Function::new(Runtime::Python312, "items.list", Code::inline("x")).on(
            "List",
            HttpRoute::get("/items")
                .on(api)
                .auth_scopes(&lambda, ["items/read"]),
        ),
    );
}
