//! The notes HTTP API: functions behind an HTTP API (API Gateway v2) that
//! checks Cognito-issued JWTs on every route but the health check, answers
//! browsers on one origin (CORS), throttles, and is served on a custom domain
//! with Route 53 alias records (A and AAAA); access logs go to a log group
//! kept 30 days. `template.yaml` beside this file
//! is the same app written in SAM; both synthesize the same CloudFormation.

use std::time::Duration;

use stackwright::dsl::prelude::*;

pub fn app() -> App {
    let mut app = App::new("http_api");
    app.description("Notes HTTP API: JWT authorization and a custom domain");

    let jwt = HttpJwtAuthorizer::new(
        "CognitoJwt",
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE",
    )
    .audience("notes-web-client");

    let api = app.http_api(
        "NotesApi",
        HttpApi::new()
            .description("Notes, one per user")
            .default_authorizer(&jwt)
            .cors(
                CorsConfiguration::new()
                    .allow_origin("https://notes.example.com")
                    .allow_methods([HttpMethod::Get, HttpMethod::Post, HttpMethod::Delete])
                    .allow_header("Authorization")
                    .allow_header("Content-Type")
                    .max_age(Duration::from_secs(600)),
            )
            .default_route_throttling(100, 50.0)
            .access_log_group(30, ACCESS_LOG_JSON)
            .domain(
                HttpDomain::new(
                    "api.notes.example.com",
                    "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
                )
                .security_policy(SecurityPolicy::Tls12)
                .route53(AliasRecords::zone_name("notes.example.com.").ipv6()),
            )
            .tag("app", "notes"),
    );

    let notes = app.simple_table(
        "NotesTable",
        SimpleTable::new().primary_key("noteId", KeyType::String),
    );
    let code = || Code::s3("s3://stackwright-examples/notes.zip");
    let function = |handler: &str| {
        Function::new(Runtime::Python312, handler, code())
            .memory_size(256)
            .timeout(Duration::from_secs(5))
            .architecture(Architecture::Arm64)
            .env("NOTES_TABLE", notes.name())
    };

    let list = app.function(
        "ListNotesFunction",
        function("notes.list").on("ListNotes", HttpRoute::get("/notes").on(api)),
    );
    let get = app.function(
        "GetNoteFunction",
        function("notes.get").on("GetNote", HttpRoute::get("/notes/{noteId}").on(api)),
    );
    let create = app.function(
        "CreateNoteFunction",
        function("notes.create").on(
            "CreateNote",
            HttpRoute::post("/notes")
                .on(api)
                .auth_scopes(&jwt, ["notes/write"])
                .timeout(Duration::from_secs(10)),
        ),
    );
    app.function(
        "HealthFunction",
        Function::new(Runtime::Python312, "health.handler", code())
            .memory_size(256)
            .timeout(Duration::from_secs(5))
            .on("Health", HttpRoute::get("/health").on(api).no_auth()),
    );
    app.grant_table(list, notes, TableAccess::Read);
    app.grant_table(get, notes, TableAccess::Read);
    app.grant_table(create, notes, TableAccess::ReadWrite);

    let stage = app.http_stage(api);
    app.output("NotesApiUrl", Output::new(stage.url()));
    app
}
