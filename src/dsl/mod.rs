//! The Rust DSL: declare functions, tables, APIs and the resources they use,
//! get typed handles back, and connect them with handles (grants, events,
//! environment values) — never with hand-typed logical IDs.
//!
//! ```
//! use stackwright::dsl::prelude::*;
//!
//! let mut app = App::new("orders");
//! let orders = app.simple_table("Orders", SimpleTable::new().primary_key("orderId", KeyType::String));
//! let create = app.function(
//!     "CreateOrder",
//!     Function::new(Runtime::Python312, "app.create", Code::s3("s3://my-bucket/orders.zip"))
//!         .env("TABLE", orders.name())
//!         .on("Create", Route::post("/orders")),
//! );
//! app.grant(create, orders, TableAccess::ReadWrite);
//! let template = app.synth(&Context::new("us-east-1")).unwrap();
//! assert!(template.resource("CreateOrderRole").is_some());
//! ```
//!
//! How it works: each declaration lowers to the resource SAM would read — a
//! serverless resource in SAM's property names, or a plain CloudFormation
//! resource — and the app goes through the same reader and transform as a SAM
//! template. A DSL app and its SAM twin therefore synthesize byte-identical
//! CloudFormation, and every check the SAM reader makes applies to both.
//! Features beyond SAM (several stages, WAF, …) are added as CloudFormation
//! resources, some after the transform has named what it generates.

pub mod api;
pub mod bucket;
mod defaults;
pub mod event_bus;
pub mod events;
mod fifo;
pub mod function;
pub mod grants;
pub mod layer;
pub mod params;
pub mod parts;
pub mod queue;
pub mod resource;
pub mod table;
pub mod topic;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::cli::{Cli, Command, SynthArgs};
use crate::defaults::{Defaults, DefaultsConfig, Scope};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::model::{self, LogicalId};
use crate::template::Template;
use crate::transform::Context;

pub use crate::model::Ref;
pub use api::{Http, Rest, RestApi, Stage, WebSocket};
pub use bucket::Bucket;
pub use bucket::{BucketEncryption, LifecycleRule, StorageClass};
pub use event_bus::EventBus;
pub use events::{BucketHandle, EventBusHandle, QueueHandle, TopicHandle};
pub use function::{role_target, DeadLetterTarget, Destination, FailureDestination, RoleTarget};
pub use function::{
    Alias, Deployment, DeploymentType, ExecutionRole, FunctionUrl, InvokeMode, LogLevel, Logging,
    SystemLogLevel, Tracing, UrlAuth, UrlCors, UrlMethod, Vpc,
};
pub use function::{Architecture, Code, Event, Function, Runtime, SamEvent};
pub use grants::{
    Access, BucketAccess, EventBusAccess, FunctionAccess, GrantTarget, ImportKind, Imported,
    KeyAccess, KmsKey, ParameterAccess, QueryIndex, QueueAccess, Secret, SecretAccess,
    SsmParameter, StateMachine, StateMachineAccess, StreamRead, TableAccess, TopicAccess,
};
pub use layer::{IntoLayer, Layer, LayerContent, LayerRetention};
pub use params::{kind, no_value, Condition, Parameter, ParameterType};
pub use parts::{Dependency, Parts, Problem, RemovalPolicy, ResourceBuilder};
pub use queue::Queue;
pub use queue::QueueEncryption;
pub use resource::CfnResource;
pub use table::{
    Capacity, Encryption, GlobalIndex, IndexCapacityFor, InheritsCapacity, KeyAttribute, KeyDef,
    LocalIndex, OnDemand, OwnCapacity, Projection, Provisioned, TableClass, TableItem,
};
pub use table::{KeyType, NoStream, SimpleTable, StreamView, Table, WithStream};
pub use topic::Topic;
pub use topic::{Protocol, QueueSubscription, Subscription};

pub use api::Route;
pub use api::{
    AliasRecords, CorsConfiguration, HttpApi, HttpAuthorizer, HttpDomain, HttpIamAuthorizer,
    HttpJwtAuthorizer, HttpLambdaAuthorizer, HttpMethod, HttpRoute, HttpStage, PayloadFormat,
    SecurityPolicy, WebSocketApi, WebSocketAuthorizer, WebSocketDomain, WebSocketRoute,
};

/// Everything an app's `main.rs` needs: `use stackwright::dsl::prelude::*;`.
pub mod prelude {
    pub use super::api::auth::{Authorizer, CognitoAuthorizer, RequestAuthorizer, TokenAuthorizer};
    pub use super::api::domain::{
        Certificate, Domain, EndpointAccessMode, Route53, SecurityPolicy,
    };
    pub use super::api::policy::ResourcePolicy;
    pub use super::api::rest::{
        ApiKeySource, Cors, Endpoint, GatewayResponse, GatewayResponseType, InvokeRole, Method,
        Mode, RestApiRef,
    };
    pub use super::api::stage::{
        AccessLog, CacheClusterSize, Canary, ExecutionLogLevel, MethodSetting, RestStage,
    };
    pub use super::api::usage_plan::{ApiKey, ApiUsagePlan, Period, Quota, Throttle, UsagePlan};
    pub use super::api::waf::{ContentType, IpSet, ManagedRuleGroup, WafAction, WebAcl, WebAclArn};
    pub use super::api::{
        AliasRecords, CorsConfiguration, HttpApi, HttpAuthorizer, HttpDomain, HttpIamAuthorizer,
        HttpJwtAuthorizer, HttpLambdaAuthorizer, HttpMethod, HttpRoute, HttpStage, PayloadFormat,
        WebSocketApi, WebSocketAuthorizer, WebSocketDomain, WebSocketRoute, ACCESS_LOG_JSON,
    };
    pub use super::api::{Http, Rest, Stage, WebSocket};
    pub use super::api::{RestApi, Route};
    pub use super::bucket::Bucket;
    pub use super::bucket::{BucketEncryption, LifecycleRule, StorageClass};
    pub use super::event_bus::EventBus;
    pub use super::events::{
        AlexaSkill, CloudWatchLogs, Cognito, CognitoTrigger, DocumentDb, DynamoDbStream, EventRule,
        FilterScope, FullDocument, IotRule, KafkaAccess, Kinesis, Mq, Msk, S3EventType, Schedule,
        ScheduleV2, SelfManagedKafka, Sns, Sqs, StartingPosition, StreamStart, Unit, S3,
    };
    pub use super::function::{
        Alias, Deployment, DeploymentType, FunctionUrl, InvokeMode, LogLevel, Logging,
        SystemLogLevel, Tracing, UrlAuth, UrlCors, UrlMethod, Vpc,
    };
    pub use super::function::{Architecture, Code, Function, Runtime};
    pub use super::grants::{
        BucketAccess, EventBusAccess, FunctionAccess, Imported, KeyAccess, KmsKey, ParameterAccess,
        QueryIndex, QueueAccess, Secret, SecretAccess, SsmParameter, StateMachine,
        StateMachineAccess, StreamRead, TableAccess, TopicAccess,
    };
    pub use super::layer::Layer;
    pub use super::layer::{LayerContent, LayerRetention};
    pub use super::params::kind;
    pub use super::params::{no_value, Condition, Parameter, ParameterType};
    pub use super::parts::{RemovalPolicy, ResourceBuilder};
    pub use super::queue::Queue;
    pub use super::queue::QueueEncryption;
    pub use super::resource::CfnResource;
    pub use super::table::{
        Capacity, Encryption, GlobalIndex, LocalIndex, Projection, TableClass, TableItem,
    };
    pub use super::table::{KeyType, SimpleTable, StreamView, Table};
    pub use super::topic::Topic;
    pub use super::topic::{Protocol, QueueSubscription};
    pub use super::App;
    pub use crate::defaults::{Defaults, Hardening};
    pub use crate::model::Ref;
    pub use crate::template::{Expr, Output};
    pub use crate::transform::Context;
    pub use crate::{ephemeral_storage, memory, timeout};
}

/// Logical IDs are the user's words. Literal IDs are borrowed; IDs built at
/// run time (in a loop, say) are leaked once so handles stay small `Copy` values.
pub(crate) fn intern(id: impl Into<Cow<'static, str>>) -> &'static str {
    match id.into() {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => Box::leak(s.into_boxed_str()),
    }
}

/// One declared resource, as the SAM reader will see it.
#[derive(Debug, Clone)]
pub struct Decl {
    pub id: &'static str,
    /// What the user declared, in their terms (`function`, `rest api`, `queue`).
    pub kind: &'static str,
    /// `AWS::Serverless::Function`, `AWS::SQS::Queue`, …
    pub type_: Cow<'static, str>,
    pub parts: Parts,
}

/// A step run while the app lowers, after every declaration is known: grants,
/// cross-resource checks, resources that depend on several declarations.
pub type Pass = Box<dyn Fn(&mut Lowering<'_>)>;

/// A step run on the synthesized template, for what needs the names the
/// transform generated (a REST API's deployment, say).
pub type PostHook = Box<dyn Fn(&mut Template, &Context, &mut Diagnostics)>;

/// The app while it lowers: its declarations (mutable, for passes) and the
/// problems found so far.
pub struct Lowering<'a> {
    decls: &'a mut Vec<Decl>,
    pub diags: &'a mut Diagnostics,
}

impl Lowering<'_> {
    pub fn decl(&self, id: &str) -> Option<&Decl> {
        self.decls.iter().find(|d| d.id == id)
    }

    pub fn decl_mut(&mut self, id: &str) -> Option<&mut Decl> {
        self.decls.iter_mut().find(|d| d.id == id)
    }

    pub fn decls(&self) -> &[Decl] {
        self.decls
    }

    /// Adds a resource the pass generated (after every declared one).
    pub fn add(&mut self, decl: Decl) {
        self.decls.push(decl);
    }

    pub fn problem(&mut self, resource: &str, p: Problem) {
        self.diags
            .push(Diagnostic::resource(resource, p.path.clone(), p.render()));
    }
}

/// A serverless app under construction.
pub struct App {
    name: String,
    description: Option<String>,
    pub(crate) parameters: Map<String, Value>,
    pub(crate) conditions: Map<String, Value>,
    pub(crate) mappings: Map<String, Value>,
    pub(crate) outputs: Map<String, Value>,
    decls: Vec<Decl>,
    /// Every name declared (resources, parameters, conditions) → what it is.
    names: BTreeMap<&'static str, &'static str>,
    passes: Vec<Pass>,
    post: Vec<PostHook>,
    problems: Vec<Diagnostic>,
    /// One-time setup done (a pass registered once per app, say).
    flags: std::collections::BTreeSet<&'static str>,
    /// Named defaults; the command line's settings come first.
    defaults: DefaultsConfig,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("name", &self.name)
            .field("decls", &self.decls)
            .field("passes", &self.passes.len())
            .field("post", &self.post.len())
            .finish_non_exhaustive()
    }
}

impl App {
    /// A new app; `name` names the synthesized template file (`<name>.json`).
    pub fn new(name: &str) -> Self {
        App {
            name: name.to_string(),
            description: None,
            parameters: Map::new(),
            conditions: Map::new(),
            mappings: Map::new(),
            outputs: Map::new(),
            decls: Vec::new(),
            names: BTreeMap::new(),
            passes: Vec::new(),
            post: Vec::new(),
            problems: Vec::new(),
            flags: Default::default(),
            defaults: DefaultsConfig::default(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The template's `Description`.
    /// Default: no description.
    pub fn description(&mut self, d: &str) -> &mut Self {
        self.description = Some(d.to_string());
        self
    }

    /// Adds a mapping (`Fn::FindInMap` table): top-level key → second-level key → value.
    pub fn mapping(&mut self, name: &str, map: Value) -> &mut Self {
        self.mappings.insert(name.to_string(), map);
        self
    }

    /// Declares a resource and returns its handle. Every kind's `App::<kind>`
    /// method goes through here, so IDs are checked in one place.
    #[track_caller]
    pub fn declare<K>(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        kind: &'static str,
        type_: impl Into<Cow<'static, str>>,
        parts: Parts,
    ) -> Ref<K> {
        let id = intern(id);
        self.check_name(id, kind);
        for p in &parts.problems {
            self.problem(id, p.clone());
        }
        self.decls.push(Decl {
            id,
            kind,
            type_: type_.into(),
            parts,
        });
        Ref::new(id)
    }

    /// Adds a lowering pass (see [`Pass`]).
    pub fn add_pass(&mut self, pass: impl Fn(&mut Lowering<'_>) + 'static) {
        self.passes.push(Box::new(pass));
    }

    /// Adds a step run on the synthesized template (see [`PostHook`]).
    pub fn add_post_hook(
        &mut self,
        hook: impl Fn(&mut Template, &Context, &mut Diagnostics) + 'static,
    ) {
        self.post.push(Box::new(hook));
    }

    /// Records a problem against `resource`, reported at synth.
    pub fn problem(&mut self, resource: &str, p: Problem) {
        self.problems
            .push(Diagnostic::resource(resource, p.path.clone(), p.render()));
    }

    /// The declaration of `id`, if it has been declared.
    pub fn decl(&self, id: &str) -> Option<&Decl> {
        self.decls.iter().find(|d| d.id == id)
    }

    /// The declaration of `id`, to change it after the fact (a route added to
    /// an API by a function, say).
    pub fn decl_mut(&mut self, id: &str) -> Option<&mut Decl> {
        self.decls.iter_mut().find(|d| d.id == id)
    }

    #[track_caller]
    fn check_name(&mut self, id: &'static str, kind: &'static str) {
        if let Err(why) = LogicalId::check(id) {
            self.problem(id, Problem::new("", why));
        }
        if let Some(prev) = self.names.insert(id, kind) {
            self.problem(
                id,
                Problem::new(
                    "",
                    format!("'{id}' is declared twice (as {prev} and as {kind}); logical IDs must be unique in a template."),
                ),
            );
        }
    }

    /// The SAM document the app lowers to, and the problems found on the way.
    pub fn to_document(&self) -> (Value, Diagnostics) {
        let mut diags = Diagnostics::new();
        for p in &self.problems {
            diags.push(p.clone());
        }
        let mut decls = self.decls.clone();
        {
            let mut lowering = Lowering {
                decls: &mut decls,
                diags: &mut diags,
            };
            for pass in &self.passes {
                pass(&mut lowering);
            }
            api::http::check_routes(&mut lowering);
            api::check_integration_timeouts(&mut lowering);
            function::attach_existing_role_policies(&mut lowering);
        }
        events::check_handles(&decls, &|id| self.names.contains_key(id), &mut diags);
        events::queue_policies(&mut decls, &|id| self.names.contains_key(id), &mut diags);
        let mut doc = Map::new();
        doc.insert("AWSTemplateFormatVersion".into(), "2010-09-09".into());
        if let Some(d) = &self.description {
            doc.insert("Description".into(), d.clone().into());
        }
        doc.insert("Transform".into(), "AWS::Serverless-2016-10-31".into());
        for (key, section) in [
            ("Parameters", &self.parameters),
            ("Mappings", &self.mappings),
            ("Conditions", &self.conditions),
        ] {
            if !section.is_empty() {
                doc.insert(key.into(), Value::Object(section.clone()));
            }
        }
        let mut resources = Map::new();
        for d in decls {
            let mut r = Map::new();
            r.insert("Type".into(), Value::String(d.type_.into_owned()));
            for (k, v) in d.parts.attrs {
                r.insert(k, v);
            }
            if !d.parts.props.is_empty() {
                r.insert("Properties".into(), Value::Object(d.parts.props));
            }
            resources.insert(d.id.to_string(), Value::Object(r));
        }
        doc.insert("Resources".into(), Value::Object(resources));
        if !self.outputs.is_empty() {
            doc.insert("Outputs".into(), Value::Object(self.outputs.clone()));
        }
        (Value::Object(doc), diags)
    }

    /// Lowers the app to the model the transform expands.
    pub fn to_model(&self) -> Result<model::App, Error> {
        let (doc, mut diags) = self.to_document();
        let (app, _) = crate::sam::reader::read(&doc, &mut diags);
        Diagnostics::finish(diags, app)
    }

    /// Synthesizes the app's CloudFormation template. Every problem — in a
    /// declaration, a handle that does not resolve, or what SAM's reader and
    /// transform find — is reported at once.
    pub fn synth(&self, ctx: &Context) -> Result<Template, Error> {
        self.synth_with_warnings(ctx).0
    }

    /// [`synth`](App::synth), and the warnings found on the way: what AWS
    /// accepts but that will not work as written (a function behind a REST
    /// route with a timeout past the API's 29-second integration limit, say).
    /// `app.run()` prints them on stderr.
    pub fn synth_with_warnings(&self, ctx: &Context) -> (Result<Template, Error>, Vec<Diagnostic>) {
        let (doc, mut diags) = self.to_document();
        let warnings = diags.take_warnings();
        (self.expand(&doc, diags, ctx), warnings)
    }

    fn expand(
        &self,
        doc: &Value,
        mut diags: Diagnostics,
        ctx: &Context,
    ) -> Result<Template, Error> {
        // The transform gives SAM's output; the app's defaults apply after
        // the post hooks, so the stages they add get them too.
        let mut sam_ctx = ctx.clone();
        sam_ctx.defaults.mode = Some(Defaults::Sam);
        match crate::sam::synth_value(doc, &sam_ctx) {
            Ok(mut t) => {
                for hook in &self.post {
                    hook(&mut t, ctx, &mut diags);
                }
                let cfg = ctx.defaults.or(&self.defaults);
                let mode = cfg.mode.unwrap_or(Defaults::Recommended);
                let mut scope = Scope::of_sam_document(doc, &mut diags);
                scope.untouched = self
                    .decls
                    .iter()
                    .filter(|d| d.kind == "resource")
                    .map(|d| d.id.to_string())
                    .collect();
                crate::defaults::apply(&mut t, mode, &cfg, &scope, ctx.partition(), &mut diags);
                // Handles resolve by construction, so what the template checks
                // find in a Rust app's output (a function URL or alias that was
                // never declared, a misspelt type in a plain resource) is the
                // app's mistake: an error here, where a SAM template only warns.
                // Only when nothing more specific was found already.
                if diags.is_empty() {
                    for d in crate::check::template(&t.to_value()) {
                        diags.push(d);
                    }
                }
                diags.finish(t)
            }
            Err(Error::Invalid(more)) => {
                for d in more {
                    diags.push(d);
                }
                Err(Error::Invalid(diags.into_sorted()))
            }
            Err(e) if diags.is_empty() => Err(e),
            Err(_) => Err(Error::Invalid(diags.into_sorted())),
        }
    }

    /// The app's command line: `synth [--format json|yaml] [--out PATH] [--region R]`.
    /// Given a template path, it synthesizes that SAM template instead, like
    /// the `stackwright` binary. Exits with 0, 1 (invalid) or 2 (I/O, internal).
    pub fn run(&self) -> ! {
        use clap::Parser;
        let result = match Cli::parse().command {
            Command::Synth(args) => self.run_synth(&args),
            Command::Validate(args) => {
                crate::synth::validate(&args, &self.name, |ctx| self.synth(ctx))
            }
            Command::Init(args) => crate::init::init(
                &args.dir,
                args.name.as_deref(),
                args.stackwright_path.as_deref(),
            )
            .map(|_| ()),
            Command::Diff(args) => std::process::exit(crate::diff::command::run(&args, Some(self))),
        };
        let code = match result {
            Ok(()) => 0,
            Err(e) => crate::synth::report(&e),
        };
        std::process::exit(code)
    }

    fn run_synth(&self, args: &SynthArgs) -> Result<(), Error> {
        let ctx = crate::synth::context(args);
        match &args.template {
            Some(path) => {
                let t = crate::synth::synth_file(path, &ctx)?;
                let name = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("template");
                crate::synth::emit(t, args, name)
            }
            None => {
                let (template, warnings) = self.synth_with_warnings(&ctx);
                crate::synth::emit_checked(template?, args, &self.name, warnings)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::prelude::*;
    use crate::error::Error;

    fn code() -> Code {
        Code::inline("x")
    }

    #[test]
    fn handles_from_another_app_are_diagnostics() {
        let mut other = App::new("other");
        let foreign = other.simple_table("Foreign", SimpleTable::new());
        let mut app = App::new("a");
        let f = app.function("Fn", Function::new(Runtime::Python312, "h", code()));
        app.grant(f, foreign, TableAccess::Read);
        match app.synth(&Context::new("us-east-1")) {
            Err(Error::Invalid(d)) => {
                assert_eq!(d.len(), 1, "{d:?}");
                assert!(d[0].message.contains("no table 'Foreign'"), "{}", d[0]);
            }
            other => panic!("expected a diagnostic, got {other:?}"),
        }
    }

    #[test]
    fn duplicate_and_invalid_ids_are_reported_together() {
        let mut app = App::new("a");
        app.simple_table("T", SimpleTable::new());
        app.simple_table("T", SimpleTable::new());
        app.simple_table("Bad-Id", SimpleTable::new());
        match app.synth(&Context::new("us-east-1")) {
            Err(Error::Invalid(d)) => {
                assert!(
                    d.iter().any(|d| d.message.contains("declared twice")),
                    "{d:?}"
                );
                assert!(
                    d.iter().any(|d| d.message.contains("alphanumeric")),
                    "{d:?}"
                );
            }
            other => panic!("expected diagnostics, got {other:?}"),
        }
    }

    #[test]
    fn ids_built_at_run_time_are_accepted() {
        let mut app = App::new("a");
        for i in 0..3 {
            app.simple_table(format!("Shard{i}"), SimpleTable::new());
        }
        let t = app.synth(&Context::new("us-east-1")).unwrap();
        assert!(t.resource("Shard2").is_some());
    }

    #[test]
    fn a_raw_property_never_overrides_a_typed_one() {
        let mut app = App::new("a");
        app.function(
            "F",
            Function::new(Runtime::Python312, "h", code())
                .memory_size(512)
                .property("MemorySize", 1024),
        );
        match app.synth(&Context::new("us-east-1")) {
            Err(Error::Invalid(d)) => {
                assert_eq!(d.len(), 1, "{d:?}");
                assert!(d[0].message.contains(".memory_size(…)"), "{}", d[0]);
            }
            other => panic!("expected a clash, got {other:?}"),
        }
    }

    #[test]
    fn attributes_reach_the_generated_resources() {
        let mut app = App::new("a");
        let env = app.parameter("Env", Parameter::string().default("dev"));
        let prod = app.condition("IsProd", Condition::equals(env.value(), "prod"));
        app.simple_table(
            "T",
            SimpleTable::new()
                .condition(prod)
                .deletion_policy(RemovalPolicy::Retain),
        );
        let t = app.synth(&Context::new("us-east-1")).unwrap();
        let table = t.resource("T").unwrap();
        assert_eq!(table.condition, Some("IsProd".into()));
        assert_eq!(table.deletion_policy, Some("Retain".into()));
    }

    #[test]
    fn plain_resources_pass_through_with_retained_tables() {
        let mut app = App::new("a");
        let t = app.table(
            "Orders",
            Table::new("pk", KeyType::String).stream(StreamView::NewImage),
        );
        let q = app.queue("Jobs", Queue::new());
        app.resource("Key", CfnResource::new("AWS::KMS::Key").depends_on(q));
        let tpl = app.synth(&Context::new("us-east-1")).unwrap();
        let table = tpl.resource("Orders").unwrap();
        assert_eq!(table.deletion_policy, Some("Retain".into()));
        assert_eq!(
            t.stream_arn(),
            serde_json::json!({"Fn::GetAtt": ["Orders", "StreamArn"]})
        );
        assert_eq!(
            tpl.resource("Key").unwrap().depends_on,
            Some(serde_json::json!(["Jobs"]))
        );
    }

    #[test]
    fn a_function_outliving_its_rest_route_is_a_warning() {
        let mut app = App::new("a");
        app.function(
            "Slow",
            Function::new(Runtime::Python312, "h", code())
                .timeout(std::time::Duration::from_secs(60))
                .on("Get", Route::get("/slow")),
        );
        app.function(
            "Quick",
            Function::new(Runtime::Python312, "h", code())
                .timeout(std::time::Duration::from_secs(29))
                .on("Get", Route::get("/quick")),
        );
        let (t, w) = app.synth_with_warnings(&Context::new("us-east-1"));
        assert!(t.is_ok(), "a warning is not an error");
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].resource.as_deref(), Some("Slow"));
        assert_eq!(w[0].path, "Timeout");
        assert!(w[0].message.contains("29 s"), "{}", w[0].message);
    }
}
