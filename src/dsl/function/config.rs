//! Tracing and logging settings of a function (`Tracing`, `LoggingConfig`).

use serde_json::{Map, Value};

use crate::dsl::parts::Problem;

/// X-Ray tracing mode (`Tracing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracing {
    /// Samples and traces incoming requests; SAM grants the generated role
    /// X-Ray write access.
    Active,
    /// Traces only requests that arrive with a sampled trace header.
    PassThrough,
}

impl Tracing {
    /// Lambda's name for the mode.
    pub fn name(self) -> &'static str {
        match self {
            Tracing::Active => "Active",
            Tracing::PassThrough => "PassThrough",
        }
    }
}

/// Level of the function's own log lines (`ApplicationLogLevel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

impl LogLevel {
    fn name(self) -> &'static str {
        match self {
            LogLevel::Trace => "TRACE",
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => "INFO",
            LogLevel::Warn => "WARN",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
        }
    }
}

/// Level of the Lambda platform's log lines (`SystemLogLevel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemLogLevel {
    Debug,
    Info,
    Warn,
}

impl SystemLogLevel {
    fn name(self) -> &'static str {
        match self {
            SystemLogLevel::Debug => "DEBUG",
            SystemLogLevel::Info => "INFO",
            SystemLogLevel::Warn => "WARN",
        }
    }
}

/// A function's logging configuration (`LoggingConfig`).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let f = Function::new(Runtime::Python313, "app.handler", Code::inline("x"))
///     .logging(Logging::json().application_level(LogLevel::Info).system_level(SystemLogLevel::Warn));
/// # let _ = f;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Logging {
    json: bool,
    application: Option<LogLevel>,
    system: Option<SystemLogLevel>,
    log_group: Option<Value>,
    problems: Vec<Problem>,
}

impl Logging {
    /// Plain-text logs (`LogFormat: Text`).
    pub fn text() -> Self {
        Logging {
            json: false,
            application: None,
            system: None,
            log_group: None,
            problems: Vec::new(),
        }
    }

    /// Structured JSON logs (`LogFormat: JSON`), which can be filtered by level.
    pub fn json() -> Self {
        Logging {
            json: true,
            ..Logging::text()
        }
    }

    /// Lowest level of the function's log lines sent to CloudWatch; JSON logs only.
    /// Default: Lambda's default (`INFO`).
    #[track_caller]
    pub fn application_level(mut self, level: LogLevel) -> Self {
        if !self.json {
            self.problems.push(Problem::new(
                "LoggingConfig.ApplicationLogLevel",
                "log levels need JSON logs: use Logging::json().",
            ));
        }
        self.application = Some(level);
        self
    }

    /// Lowest level of Lambda's own log lines sent to CloudWatch; JSON logs only.
    /// Default: Lambda's default (`INFO`).
    #[track_caller]
    pub fn system_level(mut self, level: SystemLogLevel) -> Self {
        if !self.json {
            self.problems.push(Problem::new(
                "LoggingConfig.SystemLogLevel",
                "log levels need JSON logs: use Logging::json().",
            ));
        }
        self.system = Some(level);
        self
    }

    /// The log group the function writes to (its name, or an expression such
    /// as a log group resource's `Ref`).
    /// Default: `/aws/lambda/<function name>`.
    pub fn log_group(mut self, name: impl Into<Value>) -> Self {
        self.log_group = Some(name.into());
        self
    }

    pub(crate) fn lower(self) -> (Value, Vec<Problem>) {
        let mut m = Map::new();
        m.insert(
            "LogFormat".into(),
            if self.json { "JSON" } else { "Text" }.into(),
        );
        if let Some(l) = self.application {
            m.insert("ApplicationLogLevel".into(), l.name().into());
        }
        if let Some(l) = self.system {
            m.insert("SystemLogLevel".into(), l.name().into());
        }
        if let Some(g) = self.log_group {
            m.insert("LogGroup".into(), g);
        }
        (Value::Object(m), self.problems)
    }
}
