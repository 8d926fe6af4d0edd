//! Function URLs (SAM's `FunctionUrlConfig`): auth type, CORS, invoke mode.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::dsl::parts::Problem;

/// Who may call a function URL (`AuthType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlAuth {
    /// Callers sign requests with IAM credentials (`AWS_IAM`).
    AwsIam,
    /// Anyone (`NONE`): SAM adds the permissions that make the URL public.
    None,
}

/// How a function URL returns the response (`InvokeMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvokeMode {
    /// The whole response at once, up to 6 MB (`BUFFERED`).
    Buffered,
    /// Streamed as it is produced (`RESPONSE_STREAM`).
    ResponseStream,
}

/// An HTTP method a function URL's CORS configuration allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlMethod {
    Get,
    Put,
    Head,
    Post,
    Patch,
    Delete,
    /// Every method (`*`).
    Any,
}

impl UrlMethod {
    fn name(self) -> &'static str {
        match self {
            UrlMethod::Get => "GET",
            UrlMethod::Put => "PUT",
            UrlMethod::Head => "HEAD",
            UrlMethod::Post => "POST",
            UrlMethod::Patch => "PATCH",
            UrlMethod::Delete => "DELETE",
            UrlMethod::Any => "*",
        }
    }
}

/// A function URL.
///
/// ```
/// use std::time::Duration;
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("demo");
/// let f = app.function(
///     "Hello",
///     Function::new(Runtime::Nodejs22, "index.handler", Code::inline("exports.handler = async () => 'hi';"))
///         .url(FunctionUrl::new(UrlAuth::None).cors(
///             UrlCors::new().allow_origin("https://example.com").allow_methods([UrlMethod::Get]).max_age(Duration::from_secs(300)),
///         )),
/// );
/// app.output("HelloUrl", Output::new(f.url()));
/// assert!(app.synth(&Context::new("us-east-1")).unwrap().resource("HelloUrl").is_some());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionUrl {
    auth: UrlAuth,
    cors: Option<UrlCors>,
    invoke_mode: Option<InvokeMode>,
}

impl FunctionUrl {
    /// A URL with the given auth type.
    pub fn new(auth: UrlAuth) -> Self {
        FunctionUrl {
            auth,
            cors: None,
            invoke_mode: None,
        }
    }

    /// Cross-origin access for browsers (`Cors`).
    /// Default: no CORS headers.
    pub fn cors(mut self, cors: UrlCors) -> Self {
        self.cors = Some(cors);
        self
    }

    /// Buffered or streamed responses (`InvokeMode`).
    /// Default: Lambda's default (`BUFFERED`).
    pub fn invoke_mode(mut self, mode: InvokeMode) -> Self {
        self.invoke_mode = Some(mode);
        self
    }

    pub(crate) fn lower(self) -> (Value, Vec<Problem>) {
        let mut m = Map::new();
        m.insert(
            "AuthType".into(),
            match self.auth {
                UrlAuth::AwsIam => "AWS_IAM",
                UrlAuth::None => "NONE",
            }
            .into(),
        );
        let mut problems = Vec::new();
        if let Some(c) = self.cors {
            let (v, p) = c.lower();
            m.insert("Cors".into(), v);
            problems = p;
        }
        if let Some(mode) = self.invoke_mode {
            m.insert(
                "InvokeMode".into(),
                match mode {
                    InvokeMode::Buffered => "BUFFERED",
                    InvokeMode::ResponseStream => "RESPONSE_STREAM",
                }
                .into(),
            );
        }
        (Value::Object(m), problems)
    }
}

/// CORS settings of a function URL (`Cors`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UrlCors {
    origins: Vec<String>,
    methods: Vec<UrlMethod>,
    headers: Vec<String>,
    expose: Vec<String>,
    credentials: Option<bool>,
    max_age: Option<u64>,
    problems: Vec<Problem>,
}

impl UrlCors {
    /// No origins allowed yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Allows an origin (`https://example.com`, or `*` for any); repeatable,
    /// at most 100.
    /// Default: no origin.
    #[track_caller]
    pub fn allow_origin(mut self, origin: &str) -> Self {
        if origin.is_empty() || origin.len() > 253 {
            self.problems.push(Problem::new(
                "FunctionUrlConfig.Cors.AllowOrigins",
                format!("'{origin}' is not an origin: 1 to 253 characters."),
            ));
        }
        if self.origins.len() == 100 {
            self.problems.push(Problem::new(
                "FunctionUrlConfig.Cors.AllowOrigins",
                "a function URL allows at most 100 origins.",
            ));
        }
        self.origins.push(origin.to_string());
        self
    }

    /// Allows these methods (`AllowMethods`).
    /// Default: none.
    pub fn allow_methods(mut self, methods: impl IntoIterator<Item = UrlMethod>) -> Self {
        self.methods.extend(methods);
        self
    }

    /// Allows these request headers (`AllowHeaders`).
    /// Default: none.
    pub fn allow_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.headers.extend(headers.into_iter().map(Into::into));
        self
    }

    /// Lets browsers read these response headers (`ExposeHeaders`).
    /// Default: none.
    pub fn expose_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.expose.extend(headers.into_iter().map(Into::into));
        self
    }

    /// Allows credentials (cookies, auth headers) (`AllowCredentials`).
    /// Default: not allowed.
    pub fn allow_credentials(mut self) -> Self {
        self.credentials = Some(true);
        self
    }

    /// How long browsers cache the preflight response, at most 86,400 s (`MaxAge`).
    /// Default: not cached.
    #[track_caller]
    pub fn max_age(mut self, age: Duration) -> Self {
        if age.as_secs() > 86_400 || age.subsec_nanos() != 0 {
            self.problems.push(Problem::new(
                "FunctionUrlConfig.Cors.MaxAge",
                format!("{age:?} is not a whole number of seconds from 0 to 86400."),
            ));
        }
        self.max_age = Some(age.as_secs());
        self
    }

    fn lower(self) -> (Value, Vec<Problem>) {
        let strings = |v: Vec<String>| Value::Array(v.into_iter().map(Value::String).collect());
        let mut m = Map::new();
        if !self.origins.is_empty() {
            m.insert("AllowOrigins".into(), strings(self.origins));
        }
        if !self.methods.is_empty() {
            m.insert(
                "AllowMethods".into(),
                Value::Array(self.methods.iter().map(|x| x.name().into()).collect()),
            );
        }
        if !self.headers.is_empty() {
            m.insert("AllowHeaders".into(), strings(self.headers));
        }
        if !self.expose.is_empty() {
            m.insert("ExposeHeaders".into(), strings(self.expose));
        }
        if let Some(c) = self.credentials {
            m.insert("AllowCredentials".into(), c.into());
        }
        if let Some(a) = self.max_age {
            m.insert("MaxAge".into(), a.into());
        }
        (Value::Object(m), self.problems)
    }
}
