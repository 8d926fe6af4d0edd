//! Lambda functions in the DSL (SAM's `AWS::Serverless::Function`).
//!
//! A function needs code to exist, so [`Function::new`] takes it: a function
//! without code cannot be written. Events are anything implementing [`Event`]
//! (REST routes, queues, streams, schedules, …), attached with [`Function::on`].
//!
//! Every setter writes the SAM property a SAM template would, so a function
//! and its SAM twin synthesize the same CloudFormation (the role SAM
//! generates included: VPC access, X-Ray, dead-letter queue and destination
//! policies). What Lambda would refuse at deploy time — memory, timeout or
//! ephemeral storage out of range, a reserved environment name, a malformed
//! ARN or id, SnapStart on a runtime without it — is reported at synth with the
//! file and line it was written at; what the types can refuse (a dead-letter
//! queue that is a table, provisioned concurrency without an alias) does not
//! compile.
//!
//! ```
//! use std::time::Duration;
//! use stackwright::dsl::prelude::*;
//!
//! let mut app = App::new("demo");
//! let failures = app.queue("Failures", Queue::new());
//! let deps = app.layer("Deps", Layer::new(LayerContent::s3("s3://artifacts/deps.zip")));
//! let worker = app.function(
//!     "Worker",
//!     Function::new(Runtime::Python313, "app.handler", Code::s3("s3://artifacts/app.zip"))
//!         .memory_size(stackwright::memory!(512))
//!         .timeout(Duration::from_secs(30))
//!         .layer(deps)
//!         .dead_letter_queue(failures)
//!         .alias(Alias::new("live").deployment(Deployment::new(DeploymentType::Canary10Percent5Minutes))),
//! );
//! let t = app.synth(&Context::new("us-east-1")).unwrap();
//! assert!(t.resource("WorkerAliaslive").is_some());
//! assert!(t.resource("WorkerDeploymentGroup").is_some());
//! # let _ = worker;
//! ```

mod alias;
mod config;
mod invoke;
mod role;
mod runtime;
mod url;
mod vpc;

use std::borrow::Cow;
use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::model::{LogicalId, Ref};

use super::parts::{Parts, Problem, ResourceBuilder};
use super::{App, Lowering};

pub use alias::{Alias, Deployment, DeploymentType};
pub use config::{LogLevel, Logging, SystemLogLevel, Tracing};
pub use invoke::{DeadLetterTarget, Destination, FailureDestination};
pub use role::{attach_existing_role_policies, role_target, ExecutionRole, RoleTarget};
#[doc(hidden)]
pub use runtime::{__ephemeral_storage, __memory, __timeout};
pub use runtime::{Architecture, Runtime, EPHEMERAL_STORAGE_MB, MEMORY_MB, TIMEOUT_SECS};
pub use url::{FunctionUrl, InvokeMode, UrlAuth, UrlCors, UrlMethod};
pub use vpc::{IntoSecurityGroupId, IntoSecurityGroupIds, IntoSubnetId, IntoSubnetIds, Vpc};

/// Where a zip-packaged function's code is.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// SAM property and value (`CodeUri`, `InlineCode`).
    key: &'static str,
    value: Value,
    problem: Option<Problem>,
}

/// What a reported bad S3 URI lowers to (the app does not synthesize anyway).
pub(crate) const PLACEHOLDER_S3_URI: &str = "s3://invalid/invalid";

/// Whether `uri` is `s3://bucket/key` (optionally `?versionId=…`) with both parts.
pub(crate) fn is_s3_uri(uri: &str) -> bool {
    uri.strip_prefix("s3://")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(bucket, key)| {
            !bucket.is_empty() && !key.split('?').next().unwrap_or("").is_empty()
        })
}

impl Code {
    /// An object in S3, as `s3://bucket/key` (optionally `?versionId=…`).
    /// A URI without a bucket or key (`"mybucket"`, `"s3://mybucket"`) is
    /// reported at synth, naming the function and `CodeUri`.
    #[track_caller]
    pub fn s3(uri: &str) -> Code {
        // A URI already reported is lowered as a placeholder, so that SAM's
        // reader does not report the same mistake again without its location.
        let ok = is_s3_uri(uri);
        Code {
            key: "CodeUri",
            value: if ok { uri } else { PLACEHOLDER_S3_URI }.into(),
            // Not in a closure: the problem carries the caller's location.
            problem: if ok {
                None
            } else {
                Some(Problem::new(
                    "CodeUri",
                    format!("'{uri}' is not an S3 URI of the form s3://bucket/key."),
                ))
            },
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
    #[track_caller]
    pub fn inline(source: &str) -> Code {
        Code {
            key: "InlineCode",
            value: source.into(),
            problem: if source.trim().is_empty() {
                Some(Problem::new("InlineCode", "inline code is empty."))
            } else {
                None
            },
        }
    }
}

/// An event source, lowered to SAM's event form. Implemented by every event
/// type of the DSL (REST routes, queues, streams, schedules, …) and by
/// [`SamEvent`] itself, for an event type the DSL does not type yet.
pub trait Event {
    #[doc(hidden)]
    fn into_sam(self) -> SamEvent;
}

/// An event as SAM's `Events` entry: its `Type`, its `Properties`, and the
/// problems its builder found. Written directly, it is the escape hatch for
/// an event type the DSL has no builder for (SAM's reader still checks it).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use stackwright::dsl::SamEvent;
///
/// let ev = SamEvent::new("Schedule", serde_json::json!({"Schedule": "rate(1 hour)"}));
/// let f = Function::new(Runtime::Python313, "app.handler", Code::inline("x")).on("Hourly", ev);
/// # let _ = f;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SamEvent {
    pub type_: &'static str,
    pub properties: Map<String, Value>,
    pub problems: Vec<Problem>,
}

impl SamEvent {
    /// An event of SAM type `type_` (`Schedule`, `SQS`, …) with `properties`
    /// (a JSON map; anything else gives no properties).
    pub fn new(type_: &'static str, properties: Value) -> Self {
        SamEvent {
            type_,
            properties: match properties {
                Value::Object(m) => m,
                _ => Map::new(),
            },
            problems: Vec::new(),
        }
    }
}

impl Event for SamEvent {
    fn into_sam(self) -> SamEvent {
        self
    }
}

/// A handle the function names, checked at synth to be declared in the app
/// as the kind it must be.
#[derive(Debug, Clone)]
pub(crate) struct HandleUse {
    pub path: String,
    pub id: &'static str,
    /// Declaration kinds accepted (`queue`, `topic`, …), or `"iam role"` for
    /// a plain `AWS::IAM::Role` resource.
    pub kinds: &'static [&'static str],
    pub at: Problem,
    /// A CodeDeploy hook run by SAM's CodeDeploy role, which may invoke only
    /// functions named `CodeDeployHook_*`.
    pub codedeploy_hook: bool,
}

impl HandleUse {
    #[track_caller]
    pub fn new(path: impl Into<String>, id: &'static str, kinds: &'static [&'static str]) -> Self {
        HandleUse {
            path: path.into(),
            id,
            kinds,
            at: Problem::new("", ""),
            codedeploy_hook: false,
        }
    }
}

/// A function definition.
#[derive(Debug, Clone)]
pub struct Function {
    pub(crate) parts: Parts,
    runtime: Option<Runtime>,
    handles: Vec<HandleUse>,
    /// Events attached with [`Function::on`] (a raw `Events` is refused).
    typed_events: bool,
    /// Policies written by typed setters (a raw `Policies` is refused).
    typed_policies: bool,
    invoke: invoke::InvokeConfig,
    layers: usize,
}

impl ResourceBuilder for Function {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Function {
    fn with_parts(parts: Parts, runtime: Option<Runtime>) -> Self {
        Function {
            parts,
            runtime,
            handles: Vec::new(),
            typed_events: false,
            typed_policies: false,
            invoke: invoke::InvokeConfig::default(),
            layers: 0,
        }
    }

    /// A zip-packaged function: its runtime, handler (`app.handler`) and code.
    #[track_caller]
    pub fn new(runtime: Runtime, handler: &str, code: Code) -> Self {
        let mut parts = Parts::new();
        if handler.trim().is_empty() || handler.len() > 128 {
            parts.problem(
                "Handler",
                format!("'{handler}' is not a handler: Lambda takes 1 to 128 characters naming the entry point (app.handler)."),
            );
        }
        if let Runtime::Other(name) = runtime {
            if name.trim().is_empty() {
                parts.problem("Runtime", "Runtime::Other needs the runtime's identifier.");
            }
        }
        let handler = if handler.trim().is_empty() {
            "invalid" // reported above; not reported again by SAM's reader
        } else {
            handler
        };
        parts.set("new", "Handler", handler);
        parts.set("new", "Runtime", runtime.name());
        if let Some(p) = code.problem {
            parts.push_problem(p);
        }
        parts.set("new", code.key, code.value);
        Function::with_parts(parts, Some(runtime))
    }

    /// A function packaged as a container image (`ImageUri`, `PackageType: Image`):
    /// an image URI in ECR or an expression.
    #[track_caller]
    pub fn image(uri: impl Into<Value>) -> Self {
        let mut parts = Parts::new();
        let uri = uri.into();
        if uri.as_str().is_some_and(|s| s.trim().is_empty()) {
            parts.problem("ImageUri", "the image URI is empty.");
        }
        parts.set("image", "PackageType", "Image");
        parts.set("image", "ImageUri", uri);
        Function::with_parts(parts, None)
    }

    /// The container image's command, entry point and working directory
    /// (`ImageConfig`); only for functions made with [`Function::image`].
    /// Default: those of the image.
    #[track_caller]
    pub fn image_config(
        mut self,
        command: &[&str],
        entry_point: &[&str],
        working_directory: Option<&str>,
    ) -> Self {
        if self.runtime.is_some() {
            self.parts.problem(
                "ImageConfig",
                "only a function packaged as an image (Function::image) has an image configuration.",
            );
            return self;
        }
        let mut m = Map::new();
        if !command.is_empty() {
            m.insert("Command".into(), json!(command));
        }
        if !entry_point.is_empty() {
            m.insert("EntryPoint".into(), json!(entry_point));
        }
        if let Some(dir) = working_directory {
            m.insert("WorkingDirectory".into(), dir.into());
        }
        self.parts
            .set("image_config", "ImageConfig", Value::Object(m));
        self
    }

    /// Memory in MB, 128 to 10,240 (Lambda allocates CPU in proportion).
    /// `memory_size(stackwright::memory!(512))` checks the value when the
    /// program compiles; any other value is checked at synth.
    /// Default: Lambda's default (128 MB).
    #[track_caller]
    pub fn memory_size(mut self, mb: u32) -> Self {
        if !MEMORY_MB.contains(&mb) {
            self.parts.problem(
                "MemorySize",
                format!("{mb} MB is outside Lambda's range of 128 to 10240 MB."),
            );
        }
        self.parts.set("memory_size", "MemorySize", mb);
        self
    }

    /// Timeout, 1 to 900 seconds, in whole seconds (`stackwright::timeout!(30)`
    /// checks it when the program compiles).
    /// Default: Lambda's default (3 s).
    #[track_caller]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        let secs = timeout.as_secs();
        if !TIMEOUT_SECS.contains(&secs) || timeout.subsec_nanos() != 0 {
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

    /// Size of `/tmp` in MB, 512 to 10,240 (`EphemeralStorage.Size`;
    /// `stackwright::ephemeral_storage!(1024)` checks it when the program compiles).
    /// Default: Lambda's default (512 MB).
    #[track_caller]
    pub fn ephemeral_storage(mut self, mb: u32) -> Self {
        if !EPHEMERAL_STORAGE_MB.contains(&mb) {
            self.parts.problem(
                "EphemeralStorage.Size",
                format!(
                    "{mb} MB is outside Lambda's range of 512 to 10240 MB of ephemeral storage."
                ),
            );
        }
        self.parts.set(
            "ephemeral_storage",
            "EphemeralStorage",
            json!({ "Size": mb }),
        );
        self
    }

    /// The function's description.
    /// Default: no description.
    #[track_caller]
    pub fn description(mut self, d: &str) -> Self {
        if d.chars().count() > 256 {
            self.parts.problem(
                "Description",
                "a function's description is at most 256 characters.",
            );
        }
        self.parts.set("description", "Description", d);
        self
    }

    /// The function's physical name (`FunctionName`): 1 to 64 letters,
    /// digits, `-` or `_`.
    /// Default: CloudFormation generates a unique name.
    #[track_caller]
    pub fn function_name(mut self, name: &str) -> Self {
        let ok = (1..=64).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.parts.problem(
                "FunctionName",
                format!("'{name}' is not a function name: 1 to 64 letters, digits, '-' or '_'."),
            );
        }
        self.parts.set("function_name", "FunctionName", name);
        self
    }

    /// Sets an environment variable; the value may be an expression such as
    /// `table.name()` or a parameter's value. Names Lambda reserves
    /// (`AWS_REGION`, `_HANDLER`, …) and names that are not
    /// `[a-zA-Z][a-zA-Z0-9_]+` are refused.
    /// Default: no environment.
    #[track_caller]
    pub fn env(mut self, key: &str, value: impl Into<Value>) -> Self {
        let path = format!("Environment.Variables.{key}");
        if RESERVED_ENV.contains(&key) || key.starts_with("AWS_LAMBDA_") {
            self.parts.problem(
                path,
                format!("'{key}' is reserved by Lambda and cannot be set."),
            );
        } else if !valid_env_name(key) {
            self.parts.problem(
                path,
                format!("'{key}' is not an environment variable name Lambda accepts: a letter, then letters, digits or '_' (at least 2 characters)."),
            );
        }
        let value = value.into();
        let scalar = matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_));
        if !scalar && !crate::template::Expr::is_intrinsic(&value) {
            self.parts.problem(
                format!("Environment.Variables.{key}"),
                format!("{value} is not an environment value: give a string, number or boolean, or an expression (a handle's attribute, a parameter's value)."),
            );
        }
        let env = self.parts.map("env", "Environment");
        let vars = env
            .entry("Variables")
            .or_insert_with(|| Value::Object(Map::new()));
        let mut twice = false;
        if let Value::Object(vars) = vars {
            twice = vars.insert(key.to_string(), value).is_some();
        }
        if twice {
            self.parts.problem(
                format!("Environment.Variables.{key}"),
                format!("'{key}' is set twice; keep one."),
            );
        }
        self
    }

    /// The instruction set the function runs on.
    /// Default: Lambda's default (x86_64).
    pub fn architecture(mut self, arch: Architecture) -> Self {
        self.parts
            .set("architecture", "Architectures", json!([arch.name()]));
        self
    }

    /// X-Ray tracing (`Tracing`); `Tracing::Active` also grants the
    /// generated role X-Ray write access.
    /// Default: `Active` under the `recommended` defaults (`Hardening::Tracing`);
    /// with SAM's, no tracing configuration (Lambda's `PassThrough`).
    pub fn tracing(mut self, mode: Tracing) -> Self {
        self.parts.set("tracing", "Tracing", mode.name());
        self
    }

    /// Log format, levels and log group (`LoggingConfig`).
    /// Default: under the `recommended` defaults (`Hardening::FunctionLogs`),
    /// text logs in a generated group `/aws/lambda/<stack>/<Id>` with retention;
    /// with SAM's, Lambda's text logs in `/aws/lambda/<function name>`.
    #[track_caller]
    pub fn logging(mut self, logging: Logging) -> Self {
        let (value, problems) = logging.lower();
        for p in problems {
            self.parts.push_problem(p);
        }
        self.parts.set("logging", "LoggingConfig", value);
        self
    }

    /// SnapStart on published versions (`SnapStart.ApplyOn: PublishedVersions`):
    /// faster cold starts from a snapshot. Only Java 11+, Python 3.12+ and
    /// .NET 8+ support it (checked at synth); it applies to versions, so use
    /// it with an [`alias`](Self::alias).
    /// Default: off.
    #[track_caller]
    pub fn snap_start(mut self) -> Self {
        match self.runtime {
            Some(r) if !r.supports_snap_start() => self.parts.problem(
                "SnapStart",
                format!("SnapStart does not support the {} runtime (Java 11+, Python 3.12+ and .NET 8+ do).", r.name()),
            ),
            None => self.parts.problem(
                "SnapStart",
                "SnapStart does not support functions packaged as container images.",
            ),
            Some(_) => {}
        }
        self.parts.set(
            "snap_start",
            "SnapStart",
            json!({"ApplyOn": "PublishedVersions"}),
        );
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

    /// KMS key that encrypts the environment (`KmsKeyArn`).
    /// Default: an AWS managed key.
    pub fn kms_key(mut self, arn: impl Into<Value>) -> Self {
        self.parts.set("kms_key", "KmsKeyArn", arn.into());
        self
    }

    /// Runs the function in a VPC (`VpcConfig`). SAM adds the
    /// `AWSLambdaVPCAccessExecutionRole` managed policy to the generated
    /// role, so the function can create its network interfaces.
    /// Default: not in a VPC.
    #[track_caller]
    pub fn vpc(mut self, vpc: Vpc) -> Self {
        let (value, problems) = vpc.lower();
        for p in problems {
            self.parts.push_problem(p);
        }
        self.parts.set("vpc", "VpcConfig", value);
        self
    }

    /// Adds a layer: a [`Layer`] declared in the app (`Ref<Layer>`) or a
    /// layer version's ARN. At most 5 layers; order is the order Lambda
    /// extracts them in.
    /// Default: no layers.
    #[track_caller]
    pub fn layer(mut self, layer: impl super::layer::IntoLayer) -> Self {
        let (value, handle, problem) = layer.into_layer();
        self.layers += 1;
        let path = format!("Layers.{}", self.layers - 1);
        if let Some(msg) = problem {
            self.parts.problem(path.clone(), msg);
        }
        if let Some(id) = handle {
            self.handles
                .push(HandleUse::new(path.clone(), id, &["layer"]));
        }
        if self.layers == 6 {
            self.parts
                .problem("Layers", "a function has at most 5 layers.");
        }
        if self.parts.list("layer", "Layers").contains(&value) {
            self.parts
                .problem(path, "this layer is already attached to the function.");
        } else {
            self.parts.list("layer", "Layers").push(value);
        }
        self
    }

    /// Concurrency reserved for this function (and the most it may use)
    /// (`ReservedConcurrentExecutions`); 0 stops all invocations.
    /// Default: the account's unreserved pool.
    pub fn reserved_concurrency(mut self, n: u32) -> Self {
        self.parts
            .set("reserved_concurrency", "ReservedConcurrentExecutions", n);
        self
    }

    /// Publishes a version on each change and points an alias at it
    /// (`AutoPublishAlias`), optionally with provisioned concurrency and a
    /// CodeDeploy gradual deployment (see [`Alias`]).
    /// Default: no versions or alias; events invoke `$LATEST`.
    #[track_caller]
    pub fn alias(mut self, alias: Alias) -> Self {
        if self.parts.props.contains_key("AutoPublishAlias") {
            self.parts.problem(
                "AutoPublishAlias",
                "the function already has an alias: SAM publishes one alias per function.",
            );
        }
        for (key, value) in alias.lower(&mut self.parts, &mut self.handles) {
            self.parts.set("alias", key, value);
        }
        self
    }

    /// Where Lambda sends asynchronous events that failed all retries
    /// (`DeadLetterQueue`): a queue or topic declared in the app. SAM grants
    /// the generated role `sqs:SendMessage` or `sns:Publish` on it.
    /// Default: failed events are dropped.
    #[track_caller]
    pub fn dead_letter_queue(mut self, target: impl DeadLetterTarget) -> Self {
        let t = target.dead_letter();
        self.handles
            .push(HandleUse::new("DeadLetterQueue.TargetArn", t.id, t.kinds));
        self.parts.set(
            "dead_letter_queue",
            "DeadLetterQueue",
            json!({"Type": t.type_, "TargetArn": t.arn}),
        );
        self
    }

    /// Where the results of successful asynchronous invocations go
    /// (`EventInvokeConfig.DestinationConfig.OnSuccess`): a queue, topic,
    /// function or event bus handle. SAM grants the generated role access.
    /// Default: nowhere.
    #[track_caller]
    pub fn on_success(mut self, to: impl Destination) -> Self {
        let d = to.destination();
        self.handles.push(HandleUse::new(
            "EventInvokeConfig.DestinationConfig.OnSuccess",
            d.id,
            d.kinds,
        ));
        self.invoke.on_success = Some(d);
        self.write_invoke_config("on_success")
    }

    /// Where asynchronous invocations that failed all retries go
    /// (`EventInvokeConfig.DestinationConfig.OnFailure`): a queue, topic,
    /// function, event bus or bucket handle. SAM grants the generated role access.
    /// Default: nowhere (see also [`dead_letter_queue`](Self::dead_letter_queue)).
    #[track_caller]
    pub fn on_failure(mut self, to: impl FailureDestination) -> Self {
        let d = to.failure_destination();
        self.handles.push(HandleUse::new(
            "EventInvokeConfig.DestinationConfig.OnFailure",
            d.id,
            d.kinds,
        ));
        self.invoke.on_failure = Some(d);
        self.write_invoke_config("on_failure")
    }

    /// How often Lambda retries a failed asynchronous invocation, 0 to 2
    /// (`EventInvokeConfig.MaximumRetryAttempts`).
    /// Default: 2.
    #[track_caller]
    pub fn retry_attempts(mut self, n: u32) -> Self {
        if n > 2 {
            self.parts.problem(
                "EventInvokeConfig.MaximumRetryAttempts",
                format!("{n} retries: Lambda retries an asynchronous invocation 0 to 2 times."),
            );
        }
        self.invoke.retries = Some(n);
        self.write_invoke_config("retry_attempts")
    }

    /// How long Lambda keeps an asynchronous event, 60 s to 6 hours, in whole
    /// seconds (`EventInvokeConfig.MaximumEventAgeInSeconds`).
    /// Default: 6 hours.
    #[track_caller]
    pub fn max_event_age(mut self, age: Duration) -> Self {
        let secs = age.as_secs();
        if !(60..=21_600).contains(&secs) || age.subsec_nanos() != 0 {
            self.parts.problem(
                "EventInvokeConfig.MaximumEventAgeInSeconds",
                format!(
                    "{age:?} is not a whole number of seconds from 60 to 21600 (Lambda's limits)."
                ),
            );
        }
        self.invoke.max_age = Some(secs);
        self.write_invoke_config("max_event_age")
    }

    #[track_caller]
    fn write_invoke_config(mut self, setter: &'static str) -> Self {
        let value = self.invoke.lower();
        self.parts.set(setter, "EventInvokeConfig", value);
        self
    }

    /// A dedicated HTTPS endpoint for the function (`FunctionUrlConfig`):
    /// SAM creates an `AWS::Lambda::Url` (and, for [`UrlAuth::None`], the
    /// permissions that make it public).
    /// Default: no function URL.
    #[track_caller]
    pub fn url(mut self, url: FunctionUrl) -> Self {
        let (value, problems) = url.lower();
        for p in problems {
            self.parts.push_problem(p);
        }
        self.parts.set("url", "FunctionUrlConfig", value);
        self
    }

    /// Uses an existing execution role: its ARN (a literal, checked, or an
    /// expression) or the handle of an `AWS::IAM::Role` declared with
    /// `app.resource(…)`. SAM then generates no role; grants and policies
    /// given to the function are attached to this role as an
    /// `AWS::IAM::Policy` named `<Id>RolePolicy` (which needs the role's name:
    /// a handle or a literal ARN, not an ARN expression).
    /// Default: a role `<Id>Role` is generated from the function's grants and policies.
    #[track_caller]
    pub fn role(mut self, role: impl ExecutionRole) -> Self {
        let r = role.role_arn();
        if let Some(msg) = r.problem {
            self.parts.problem("Role", msg);
        }
        if let Some(id) = r.handle {
            self.handles
                .push(HandleUse::new("Role", id, &[role::IAM_ROLE_KIND]));
        }
        self.parts.set("role", "Role", r.arn);
        self
    }

    /// Attaches an AWS managed policy by name (`AmazonS3ReadOnlyAccess`) or ARN.
    /// Default: only what grants and events add.
    pub fn managed_policy(mut self, name_or_arn: impl Into<Value>) -> Self {
        self.typed_policies = true;
        self.parts
            .list("managed_policy", "Policies")
            .push(name_or_arn.into());
        self
    }

    /// Attaches an inline policy document (`{"Statement": [...]}`).
    /// Default: only what grants and events add.
    pub fn inline_policy(mut self, document: Value) -> Self {
        self.typed_policies = true;
        self.parts.list("inline_policy", "Policies").push(document);
        self
    }

    /// Attaches a SAM policy template by name with its parameters
    /// (`SSMParameterReadPolicy`, `{"ParameterName": "app/*"}`); an unknown
    /// name or a missing parameter is reported at synth.
    /// Default: only what grants and events add.
    #[track_caller]
    pub fn policy_template(mut self, name: &str, parameters: Value) -> Self {
        self.typed_policies = true;
        if let Err(e) = crate::model::policy_templates::policy_template_document(name, &parameters)
        {
            // Reported here, with its location, instead of by SAM's reader.
            self.parts.problem("Policies", e.to_string());
            self.parts.list("policy_template", "Policies");
            return self;
        }
        let mut entry = Map::new();
        entry.insert(name.to_string(), parameters);
        self.parts
            .list("policy_template", "Policies")
            .push(Value::Object(entry));
        self
    }

    /// Invokes the function on `event`; `name` names the event (it is part of
    /// the logical IDs generated for it), and two events of one function may
    /// not share a name.
    #[track_caller]
    pub fn on(mut self, name: &str, event: impl Event) -> Self {
        self.typed_events = true;
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

fn valid_env_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && key.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
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
        let mut parts = f.parts;
        if parts.props.contains_key("Events") && !f.typed_events {
            parts.problem(
                "Events",
                "events are attached with `.on(name, event)`, not `.property(\"Events\", …)`: `on` checks the event's name and binds it to handles (for an event type the DSL has no builder for, `.on(name, SamEvent::new(\"Type\", properties))`).",
            );
        }
        if parts.props.contains_key("Policies") && !f.typed_policies {
            parts.problem(
                "Policies",
                "policies are given with grants (`app.grant_*`), `.managed_policy(…)`, `.inline_policy(…)` or `.policy_template(…)`, not `.property(\"Policies\", …)`, so that grants and policies add up instead of one replacing the other.",
            );
        }
        combination_checks(&mut parts);
        let handles = f.handles;
        let r = self.declare(id, "function", "AWS::Serverless::Function", parts);
        if !handles.is_empty() {
            let owner = r.id();
            self.add_pass(move |low| check_handles(low, owner, &handles));
        }
        r
    }
}

/// What Lambda refuses in combination, known once the whole function is written.
#[track_caller]
fn combination_checks(parts: &mut Parts) {
    let props = &parts.props;
    let snap = props.contains_key("SnapStart");
    let provisioned = props
        .get("ProvisionedConcurrencyConfig")
        .and_then(|p| p.get("ProvisionedConcurrentExecutions"))
        .and_then(Value::as_u64);
    let reserved = props
        .get("ReservedConcurrentExecutions")
        .and_then(Value::as_u64);
    let storage = props
        .get("EphemeralStorage")
        .and_then(|e| e.get("Size"))
        .and_then(Value::as_u64);
    let mut problems = Vec::new();
    if snap && provisioned.is_some() {
        problems.push((
            "SnapStart",
            "SnapStart and provisioned concurrency cannot be used on the same function: keep one."
                .to_string(),
        ));
    }
    if snap && storage.is_some_and(|s| s > 512) {
        problems.push((
            "SnapStart",
            "SnapStart does not support more than 512 MB of ephemeral storage.".to_string(),
        ));
    }
    if let (Some(p), Some(r)) = (provisioned, reserved) {
        if p > r {
            problems.push((
                "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions",
                format!("{p} provisioned environments exceed the function's reserved concurrency of {r}."),
            ));
        }
    }
    for (path, msg) in problems {
        parts.problem(path, msg);
    }
}

/// Reports each handle the function names that is not declared in the app
/// as a resource of the kind it must be.
pub(crate) fn check_handles(low: &mut Lowering<'_>, owner: &str, handles: &[HandleUse]) {
    for h in handles {
        let found = low.decl(h.id).map(|d| (d.kind, d.type_.clone()));
        let ok = match &found {
            Some((kind, type_)) => h.kinds.iter().any(|k| {
                if *k == role::IAM_ROLE_KIND {
                    type_ == "AWS::IAM::Role"
                } else {
                    kind == k
                }
            }),
            None => false,
        };
        if ok && h.codedeploy_hook {
            let name = low
                .decl(h.id)
                .and_then(|d| d.parts.props.get("FunctionName"))
                .cloned();
            let named = match &name {
                Some(Value::String(n)) => n.starts_with("CodeDeployHook_"),
                Some(_) => true, // an expression: its value is not known here
                None => false,
            };
            if !named {
                low.problem(
                    owner,
                    Problem {
                        path: h.path.clone(),
                        message: format!(
                            "the hook '{}' must be named CodeDeployHook_… (`.function_name(\"CodeDeployHook_…\")`): SAM's CodeDeploy role may invoke only functions so named. Or give the deployment its own role (`Deployment::role`).",
                            h.id
                        ),
                        at: h.at.at,
                    },
                );
            }
        }
        if ok {
            continue;
        }
        let wanted = h
            .kinds
            .iter()
            .map(|k| {
                if *k == role::IAM_ROLE_KIND {
                    "role (AWS::IAM::Role)"
                } else {
                    k
                }
            })
            .collect::<Vec<_>>()
            .join(" or ");
        let message = match found {
            Some((kind, type_)) => format!(
                "'{}' is a {kind} ({type_}), but a {wanted} is needed here.",
                h.id
            ),
            None => format!("no {wanted} '{}' is declared in this app.", h.id),
        };
        low.problem(
            owner,
            Problem {
                path: h.path.clone(),
                message,
                at: h.at.at,
            },
        );
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

    /// The ARN of the function's alias `alias` (SAM's `<Id>Alias<alias>`),
    /// for a function declared with [`Function::alias`].
    pub fn alias_arn(&self, alias: &str) -> Value {
        json!({ "Ref": crate::transform::function::alias_id(self.id(), alias) })
    }

    /// The function URL's endpoint (`Fn::GetAtt: [<Id>Url, FunctionUrl]`),
    /// for a function declared with [`Function::url`].
    pub fn url(&self) -> Value {
        json!({"Fn::GetAtt": [format!("{}Url", self.id()), "FunctionUrl"]})
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
        assert!(Code::s3("mybucket").problem.is_some());
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

    #[test]
    fn compile_time_limits_accept_the_range() {
        assert_eq!(crate::memory!(128), 128);
        assert_eq!(crate::memory!(10_240), 10_240);
        assert_eq!(crate::timeout!(900), Duration::from_secs(900));
        assert_eq!(crate::ephemeral_storage!(512), 512);
    }

    #[test]
    fn env_names_follow_lambdas_pattern() {
        assert!(valid_env_name("TABLE_NAME"));
        assert!(!valid_env_name("1TABLE"));
        assert!(!valid_env_name("A"));
        assert!(!valid_env_name("TABLE-NAME"));
    }

    #[test]
    fn snap_start_runtimes() {
        assert!(Runtime::Java21.supports_snap_start());
        assert!(Runtime::Python313.supports_snap_start());
        assert!(Runtime::Dotnet10.supports_snap_start());
        assert!(!Runtime::Nodejs22.supports_snap_start());
    }
}
