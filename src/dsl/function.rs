//! Lambda functions in the DSL (SAM's `AWS::Serverless::Function`).
//!
//! A function needs code to exist, so [`Function::new`] takes it: a function
//! without code cannot be written. Events are anything implementing [`Event`]
//! (REST routes, queues, streams, schedules, …), attached with [`Function::on`].

use std::borrow::Cow;
use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::model::{LogicalId, Ref};

use super::parts::{Parts, Problem, ResourceBuilder};
use super::App;

/// A Lambda runtime. [`Runtime::Other`] names one newer than this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Runtime {
    Python39,
    Python310,
    Python311,
    Python312,
    Python313,
    Nodejs18,
    Nodejs20,
    Nodejs22,
    Java11,
    Java17,
    Java21,
    Dotnet8,
    Ruby32,
    Ruby33,
    Ruby34,
    /// `provided.al2` (custom runtime, e.g. Rust or Go).
    ProvidedAl2,
    /// `provided.al2023` (custom runtime, e.g. Rust or Go).
    ProvidedAl2023,
    /// A runtime identifier this version of stackwright does not list yet.
    Other(&'static str),
}

impl Runtime {
    /// Lambda's identifier for the runtime (`python3.12`).
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Python39 => "python3.9",
            Runtime::Python310 => "python3.10",
            Runtime::Python311 => "python3.11",
            Runtime::Python312 => "python3.12",
            Runtime::Python313 => "python3.13",
            Runtime::Nodejs18 => "nodejs18.x",
            Runtime::Nodejs20 => "nodejs20.x",
            Runtime::Nodejs22 => "nodejs22.x",
            Runtime::Java11 => "java11",
            Runtime::Java17 => "java17",
            Runtime::Java21 => "java21",
            Runtime::Dotnet8 => "dotnet8",
            Runtime::Ruby32 => "ruby3.2",
            Runtime::Ruby33 => "ruby3.3",
            Runtime::Ruby34 => "ruby3.4",
            Runtime::ProvidedAl2 => "provided.al2",
            Runtime::ProvidedAl2023 => "provided.al2023",
            Runtime::Other(s) => s,
        }
    }
}

/// CPU architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    X86_64,
    Arm64,
}

impl Architecture {
    pub fn name(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// Where a zip-packaged function's code is.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// SAM property and value (`CodeUri`, `InlineCode`).
    key: &'static str,
    value: Value,
    problem: Option<Problem>,
}

impl Code {
    /// An object in S3, as `s3://bucket/key` (optionally `?versionId=…`).
    /// A URI without a bucket or key is reported at synth.
    #[track_caller]
    pub fn s3(uri: &str) -> Code {
        let ok = uri
            .strip_prefix("s3://")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(bucket, key)| {
                !bucket.is_empty() && !key.split('?').next().unwrap_or("").is_empty()
            });
        Code {
            key: "CodeUri",
            value: uri.into(),
            problem: (!ok).then(|| {
                Problem::new(
                    "CodeUri",
                    format!("'{uri}' is not an S3 URI of the form s3://bucket/key."),
                )
            }),
        }
    }

    /// An object in S3 by bucket and key; either may be an expression
    /// (a parameter's value, say).
    pub fn bucket_key(bucket: impl Into<Value>, key: impl Into<Value>) -> Code {
        Code {
            key: "CodeUri",
            value: json!({"Bucket": bucket.into(), "Key": key.into()}),
            problem: None,
        }
    }

    /// Source code inline in the template (`InlineCode`; Python and Node.js).
    pub fn inline(source: &str) -> Code {
        Code {
            key: "InlineCode",
            value: source.into(),
            problem: None,
        }
    }
}

/// An event source, lowered to SAM's event form. Implemented by every event
/// type of the DSL (REST routes, queues, streams, schedules, …).
pub trait Event {
    #[doc(hidden)]
    fn into_sam(self) -> SamEvent;
}

/// An event as SAM's `Events` entry: its `Type`, its `Properties`, and the
/// problems its builder found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SamEvent {
    pub type_: &'static str,
    pub properties: Map<String, Value>,
    pub problems: Vec<Problem>,
}

/// A function definition.
#[derive(Debug, Clone)]
pub struct Function {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for Function {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Function {
    /// A zip-packaged function: its runtime, handler (`app.handler`) and code.
    pub fn new(runtime: Runtime, handler: &str, code: Code) -> Self {
        let mut parts = Parts::new();
        parts.set("new", "Handler", handler);
        parts.set("new", "Runtime", runtime.name());
        if let Some(p) = code.problem {
            parts.push_problem(p);
        }
        parts.set("new", code.key, code.value);
        Function { parts }
    }

    /// A function packaged as a container image (`ImageUri`, `PackageType: Image`).
    pub fn image(uri: impl Into<Value>) -> Self {
        let mut parts = Parts::new();
        parts.set("image", "PackageType", "Image");
        parts.set("image", "ImageUri", uri.into());
        Function { parts }
    }

    /// Memory in MB, 128 to 10,240.
    /// Default: Lambda's default (128 MB).
    #[track_caller]
    pub fn memory_size(mut self, mb: u32) -> Self {
        if !(128..=10_240).contains(&mb) {
            self.parts.problem(
                "MemorySize",
                format!("{mb} MB is outside Lambda's range of 128 to 10240 MB."),
            );
        }
        self.parts.set("memory_size", "MemorySize", mb);
        self
    }

    /// Timeout, 1 to 900 seconds, in whole seconds.
    /// Default: Lambda's default (3 s).
    #[track_caller]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        let secs = timeout.as_secs();
        if !(1..=900).contains(&secs) || timeout.subsec_nanos() != 0 {
            self.parts.problem(
                "Timeout",
                format!(
                    "{timeout:?} is not a whole number of seconds from 1 to 900 (Lambda's limits)."
                ),
            );
        }
        self.parts.set("timeout", "Timeout", secs);
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    /// Sets an environment variable; the value may be an expression such as
    /// `table.name()` or a parameter's value. Names Lambda reserves
    /// (`AWS_REGION`, `_HANDLER`, …) are refused.
    /// Default: no environment.
    #[track_caller]
    pub fn env(mut self, key: &str, value: impl Into<Value>) -> Self {
        if RESERVED_ENV.contains(&key) || key.starts_with("AWS_LAMBDA_") {
            self.parts.problem(
                format!("Environment.Variables.{key}"),
                format!("'{key}' is reserved by Lambda and cannot be set."),
            );
        }
        let env = self.parts.map("env", "Environment");
        let vars = env
            .entry("Variables")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(vars) = vars {
            vars.insert(key.to_string(), value.into());
        }
        self
    }

    /// Default: Lambda's default (x86_64).
    pub fn architecture(mut self, arch: Architecture) -> Self {
        self.parts
            .set("architecture", "Architectures", json!([arch.name()]));
        self
    }

    /// Active X-Ray tracing (also grants the role X-Ray write access).
    /// Default: no tracing.
    pub fn tracing(mut self) -> Self {
        self.parts.set("tracing", "Tracing", "Active");
        self
    }

    /// Adds a tag (SAM also tags the function and its role `lambda:createdBy: SAM`).
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .map("tag", "Tags")
            .insert(key.to_string(), value.into());
        self
    }

    /// Uses an existing execution role, by ARN.
    /// Default: a role `<Id>Role` is generated from the function's grants and policies.
    pub fn role(mut self, arn: impl Into<Value>) -> Self {
        self.parts.set("role", "Role", arn.into());
        self
    }

    /// Attaches an AWS managed policy by name (`AmazonS3ReadOnlyAccess`) or ARN.
    /// Default: only what grants and events add.
    pub fn managed_policy(mut self, name_or_arn: impl Into<Value>) -> Self {
        self.parts
            .list("managed_policy", "Policies")
            .push(name_or_arn.into());
        self
    }

    /// Attaches an inline policy document (`{"Statement": [...]}`).
    /// Default: only what grants and events add.
    pub fn inline_policy(mut self, document: Value) -> Self {
        self.parts.list("inline_policy", "Policies").push(document);
        self
    }

    /// Invokes the function on `event`; `name` names the event (it is part of
    /// the logical IDs generated for it), and two events of one function may
    /// not share a name.
    #[track_caller]
    pub fn on(mut self, name: &str, event: impl Event) -> Self {
        let ev = event.into_sam();
        let path = format!("Events.{name}");
        if let Err(why) = LogicalId::check(name) {
            self.parts.problem(path.clone(), why);
        }
        for p in ev.problems {
            self.parts
                .push_problem(p.nested(&format!("{path}.Properties")));
        }
        let events = self.parts.map("on", "Events");
        let dup = events.contains_key(name);
        events.insert(
            name.to_string(),
            json!({"Type": ev.type_, "Properties": Value::Object(ev.properties)}),
        );
        if dup {
            self.parts.problem(
                path,
                format!("two events of this function are named '{name}'; each needs its own name."),
            );
        }
        self
    }
}

/// Environment variables Lambda sets itself and refuses in a function's
/// configuration (Lambda developer guide, "Defined runtime environment variables").
const RESERVED_ENV: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];

impl App {
    /// Declares a Lambda function; returns its handle.
    #[track_caller]
    pub fn function(&mut self, id: impl Into<Cow<'static, str>>, f: Function) -> Ref<Function> {
        self.declare(id, "function", "AWS::Serverless::Function", f.parts)
    }
}

impl Ref<Function> {
    /// The function's ARN (`Fn::GetAtt: [F, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }

    /// The function's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_code_needs_bucket_and_key() {
        assert!(Code::s3("s3://bucket/key.zip").problem.is_none());
        assert!(Code::s3("s3://bucket").problem.is_some());
        assert!(Code::s3("s3://bucket/").problem.is_some());
        assert!(Code::s3("bucket/key").problem.is_some());
    }

    #[test]
    fn checked_values_report_where_they_were_written() {
        let f = Function::new(Runtime::Python312, "h", Code::inline("x"))
            .memory_size(20_000)
            .timeout(Duration::from_secs(901))
            .env("AWS_REGION", "x");
        let problems = f.parts.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].render().contains("MemorySize"));
        assert!(problems[0].render().contains("function.rs"));
    }

    #[test]
    fn events_with_one_name_are_an_error() {
        let f = Function::new(Runtime::Python312, "h", Code::inline("x"))
            .on("Get", super::super::Route::get("/a"))
            .on("Get", super::super::Route::get("/b"));
        assert_eq!(f.parts.problems().len(), 1);
        assert!(f.parts.problems()[0].render().contains("named 'Get'"));
    }
}
