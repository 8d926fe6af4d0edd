//! Lambda functions in the DSL (SAM's `AWS::Serverless::Function`).

use serde_json::{Map, Value};

use crate::model::function::{Code, Event, EventKind, Function as FunctionModel, Policy};
use crate::model::rest_api::{ApiEvent, RestApi};
use crate::model::{Ref, Tags};

/// CPU architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    X86_64,
    Arm64,
}

/// A function definition. Grants and routes are added through the [`App`](super::App),
/// which holds the handles they refer to.
#[derive(Debug, Clone, Default)]
pub struct Function {
    pub(crate) model: FunctionModel,
}

impl Function {
    /// A zip-packaged function with its handler and runtime (e.g. `"app.handler"`, `"python3.12"`).
    pub fn new(handler: &str, runtime: &str) -> Self {
        let mut f = Function::default();
        f.model.handler = Some(handler.into());
        f.model.runtime = Some(runtime.into());
        f
    }

    /// Code in S3, as `s3://bucket/key`.
    /// Default: none; a function needs code from `code_s3`, `code_bucket` or `inline_code`.
    pub fn code_s3(mut self, uri: &str) -> Self {
        let rest = uri.strip_prefix("s3://").unwrap_or(uri);
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        self.model.code = Some(Code::S3 {
            bucket: bucket.into(),
            key: key.into(),
            version: None,
            storage_mode: None,
            source_kms_key_arn: None,
        });
        self
    }

    /// Code in S3 by bucket and key (either may be an intrinsic).
    pub fn code_bucket(mut self, bucket: impl Into<Value>, key: impl Into<Value>) -> Self {
        self.model.code = Some(Code::S3 {
            bucket: bucket.into(),
            key: key.into(),
            version: None,
            storage_mode: None,
            source_kms_key_arn: None,
        });
        self
    }

    /// Source code inline in the template.
    pub fn inline_code(mut self, source: &str) -> Self {
        self.model.code = Some(Code::Inline {
            source: source.into(),
            source_kms_key_arn: None,
        });
        self
    }

    /// Memory in MB.
    /// Default: Lambda's default (128 MB).
    pub fn memory_size(mut self, mb: u32) -> Self {
        self.model.memory_size = Some(mb.into());
        self
    }

    /// Timeout in seconds.
    /// Default: Lambda's default (3 s).
    pub fn timeout(mut self, seconds: u32) -> Self {
        self.model.timeout = Some(seconds.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.model.description = Some(d.into());
        self
    }

    /// Sets an environment variable (value may be an intrinsic such as `table.name()`).
    /// Default: no environment.
    pub fn env(mut self, key: &str, value: impl Into<Value>) -> Self {
        let env = self
            .model
            .environment
            .get_or_insert_with(|| serde_json::json!({ "Variables": {} }));
        if let Some(vars) = env.get_mut("Variables").and_then(Value::as_object_mut) {
            vars.insert(key.to_string(), value.into());
        }
        self
    }

    /// Default: Lambda's default (x86_64).
    pub fn architecture(mut self, arch: Architecture) -> Self {
        let name = match arch {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        };
        self.model.architectures = Some(Value::Array(vec![name.into()]));
        self
    }

    /// Active X-Ray tracing (also grants the role X-Ray write access).
    /// Default: no tracing.
    pub fn tracing(mut self) -> Self {
        self.model.tracing = Some("Active".into());
        self
    }

    /// Adds a tag (SAM also tags the function and its role `lambda:createdBy: SAM`).
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.model
            .tags
            .get_or_insert_with(Tags::new)
            .insert(key.to_string(), value.into());
        self
    }

    /// Uses an existing execution role.
    /// Default: a role `<Id>Role` is generated from the function's grants and policies.
    pub fn role(mut self, arn: impl Into<Value>) -> Self {
        self.model.role = Some(arn.into());
        self
    }

    /// Attaches a managed policy by name (`AmazonS3ReadOnlyAccess`) or ARN.
    pub fn managed_policy(mut self, name_or_arn: impl Into<Value>) -> Self {
        self.model
            .policies
            .push(Policy::Managed(name_or_arn.into()));
        self
    }

    /// Attaches an inline policy document (`{"Statement": [...]}`).
    pub fn inline_policy(mut self, document: Value) -> Self {
        self.model.policies.push(Policy::Inline(document));
        self
    }

    /// Invokes the function for `method` on `path` of a REST API.
    /// `event_id` names the route (it is part of generated logical IDs).
    pub fn route(mut self, event_id: &str, route: Route) -> Self {
        self.model.events.push(Event {
            id: event_id.to_string(),
            kind: EventKind::Api(route.event),
        });
        self
    }

    /// Escape hatch: sets an `AWS::Lambda::Function` property stackwright does
    /// not model (e.g. `"Layers"`), copied to the output as given.
    pub fn property(mut self, name: &str, value: Value) -> Self {
        self.model.passthrough.insert(name.to_string(), value);
        self
    }
}

/// One HTTP method on one path of a REST API.
#[derive(Debug, Clone)]
pub struct Route {
    pub(crate) event: ApiEvent,
}

impl Route {
    /// A route for `method` (`get`, `post`, …, or `any`) on `path`.
    /// Default API: the implicit `ServerlessRestApi`.
    pub fn new(method: &str, path: &str) -> Self {
        Route {
            event: ApiEvent {
                rest_api_id: None,
                path: path.into(),
                method: method.to_lowercase(),
                properties: Map::new(),
            },
        }
    }

    pub fn get(path: &str) -> Self {
        Route::new("get", path)
    }

    pub fn post(path: &str) -> Self {
        Route::new("post", path)
    }

    pub fn put(path: &str) -> Self {
        Route::new("put", path)
    }

    pub fn delete(path: &str) -> Self {
        Route::new("delete", path)
    }

    /// Attaches the route to an explicit API instead of the implicit one.
    pub fn on(mut self, api: Ref<RestApi>) -> Self {
        self.event.rest_api_id = Some(api.id().to_string());
        self
    }
}

impl Ref<FunctionModel> {
    /// The function's ARN.
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }

    /// The function's name.
    pub fn name(&self) -> Value {
        self.ref_()
    }
}
