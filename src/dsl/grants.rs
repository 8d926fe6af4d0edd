//! Typed grants: "function F may read table T" lowers to the SAM policy
//! template that says exactly that (`DynamoDBReadPolicy` with `TableName: !Ref T`),
//! so a DSL app and its SAM twin synthesize the same role. The mapping is data,
//! in `templates/grants.json`.
//!
//! One method, [`App::grant`], takes the function, a resource handle and an
//! access; which accesses apply to which resources is the trait [`Access`],
//! so a table access on a queue does not compile. Resources outside the app
//! are named with [`Imported`] handles, typed as the kind they are.
//!
//! A function with an existing role (`Function::role`) gets no generated role
//! to add statements to: its grants, like its other policies, become one
//! `AWS::IAM::Policy` (`<Function>RolePolicy`) attached to that role — or a
//! synth error when the role's name cannot be known. Never silently nothing.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::model::Ref;

use super::bucket::Bucket;
use super::event_bus::EventBus;
use super::function::Function;
use super::parts::Problem;
use super::queue::Queue;
use super::table::{SimpleTable, Table, WithStream};
use super::topic::Topic;
use super::{App, Lowering};

/// What a function may do with a table (a `SimpleTable` or a full `Table`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableAccess {
    /// Get, query, scan, batch get, describe (SAM's `DynamoDBReadPolicy`).
    Read,
    /// Put, update, batch write (`DynamoDBWritePolicy`).
    Write,
    /// Read, write and delete items (`DynamoDBCrudPolicy`).
    ReadWrite,
}

/// Read a table's stream (`DynamoDBStreamReadPolicy`): only for a table
/// declared with a stream (`Table::stream`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamRead;

/// Query one index of a full table, and nothing else (`dynamodb:Query` on
/// `table/<name>/index/<index>`; SAM has no template for it). The index must
/// be declared on the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryIndex(pub Cow<'static, str>);

impl QueryIndex {
    /// Query the index named `index`.
    pub fn new(index: impl Into<Cow<'static, str>>) -> Self {
        QueryIndex(index.into())
    }
}

/// What a function may do with an SQS queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueAccess {
    /// Send messages (`SQSSendMessagePolicy`).
    Send,
    /// Receive, delete and change visibility of messages (`SQSPollerPolicy`).
    Consume,
}

/// What a function may do with an SNS topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicAccess {
    /// Publish messages (`SNSPublishMessagePolicy`).
    Publish,
}

/// What a function may do with an S3 bucket's objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketAccess {
    /// `S3ReadPolicy`.
    Read,
    /// `S3WritePolicy`.
    Write,
    /// `S3CrudPolicy` (read, write, delete).
    ReadWrite,
}

/// What a function may do with a Secrets Manager secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretAccess {
    /// Read the secret's value (`AWSSecretsManagerGetSecretValuePolicy`).
    Read,
}

/// What a function may do with an SSM parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterAccess {
    /// Read the parameter (`SSMParameterReadPolicy`).
    Read,
}

/// What a function may do with an EventBridge bus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventBusAccess {
    /// Put events on the bus (`EventBridgePutEventsPolicy`).
    Put,
}

/// What a function may do with a Step Functions state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateMachineAccess {
    /// Start executions (`StepFunctionsExecutionPolicy`).
    Start,
}

/// What a function may do with another function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionAccess {
    /// Invoke it, its versions and aliases (`LambdaInvokePolicy`).
    Invoke,
}

/// What a function may do with a KMS key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAccess {
    /// `KMSDecryptPolicy`.
    Decrypt,
    /// `KMSEncryptPolicy`.
    Encrypt,
}

/// Kind of an imported Secrets Manager secret (`Imported<Secret>`).
#[derive(Debug, Clone, Copy)]
pub struct Secret;
/// Kind of an imported SSM parameter (`Imported<SsmParameter>`).
#[derive(Debug, Clone, Copy)]
pub struct SsmParameter;
/// Kind of an imported Step Functions state machine (`Imported<StateMachine>`).
#[derive(Debug, Clone, Copy)]
pub struct StateMachine;
/// Kind of an imported KMS key (`Imported<KmsKey>`).
#[derive(Debug, Clone, Copy)]
pub struct KmsKey;

/// Where the name a SAM policy template takes sits in a resource's ARN.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum ArnName {
    /// The `n`th `:`-separated field.
    Field(usize),
    /// Everything after the marker (`:table/`), up to a further `/` if `stop`.
    After(&'static str, bool),
    /// The whole ARN is the value.
    Whole,
}

/// A kind of resource that can be imported by ARN: its ARN's service and
/// where the name sits in it.
pub trait ImportKind {
    #[doc(hidden)]
    const SERVICE: &'static str;
    #[doc(hidden)]
    const WHAT: &'static str;
    #[doc(hidden)]
    const NAME: ArnName;
    /// The ARN of the resource named `${name}` in the stack's partition,
    /// region and account (a `Fn::Sub` string), as SAM's templates build it.
    #[doc(hidden)]
    const ARN: &'static str;
}

macro_rules! import_kind {
    ($($k:ty => $svc:literal, $what:literal, $name:expr, $arn:literal;)*) => {
        $(impl ImportKind for $k {
            const SERVICE: &'static str = $svc;
            const WHAT: &'static str = $what;
            const NAME: ArnName = $name;
            const ARN: &'static str = $arn;
        })*
    };
}

import_kind! {
    Table => "dynamodb", "table", ArnName::After(":table/", true),
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${name}";
    Queue => "sqs", "queue", ArnName::Field(5),
        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${name}";
    Topic => "sns", "topic", ArnName::Field(5),
        "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${name}";
    Bucket => "s3", "bucket", ArnName::After(":::", false),
        "arn:${AWS::Partition}:s3:::${name}";
    EventBus => "events", "event bus", ArnName::After(":event-bus/", false),
        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${name}";
    Function => "lambda", "function", ArnName::Field(6),
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${name}";
    Secret => "secretsmanager", "secret", ArnName::Whole, "${name}";
    SsmParameter => "ssm", "SSM parameter", ArnName::After(":parameter/", false),
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${name}";
    StateMachine => "states", "state machine", ArnName::Field(6),
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${name}";
    KmsKey => "kms", "KMS key", ArnName::After(":key/", false),
        "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${name}";
}

pub use super::events::Imported;

/// Imports for grants, for every kind a grant can name — including kinds
/// the DSL does not declare (secrets, SSM parameters, state machines, KMS
/// keys). SAM's templates build ARNs from the stack's partition, region and
/// account, so an imported resource must live in the stack's account and
/// region; for another, write the statement with `Function::inline_policy`.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("a");
/// let f = app.function("Worker", Function::new(Runtime::Python312, "app.h", Code::inline("x")));
/// let jobs = Queue::import("arn:aws:sqs:us-east-1:123456789012:jobs");
/// app.grant(f, jobs, QueueAccess::Send);
/// let secret = Imported::<Secret>::from_arn("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf");
/// app.grant(f, secret, SecretAccess::Read);
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("WorkerRole").is_some());
/// ```
impl<K: ImportKind> Imported<K> {
    /// The resource with ARN `arn`: a literal (checked when granted: its
    /// service must be the kind's) or an expression such as a parameter's value.
    pub fn from_arn(arn: impl Into<Value>) -> Self {
        Imported::new(arn.into(), None)
    }

    /// The resource by the value SAM's policy template takes for its kind:
    /// the table, queue, topic, bucket, bus, function or state machine name,
    /// the KMS key ID, the SSM parameter name without its leading slash (the
    /// secret's ARN). Its ARN, wherever the handle is used, is built as SAM's
    /// templates build it: in the stack's partition, region and account.
    pub fn named(name: impl Into<Value>) -> Self {
        let name = name.into();
        let arn = if K::ARN == "${name}" {
            name.clone()
        } else {
            json!({"Fn::Sub": [K::ARN, {"name": name}]})
        };
        Imported::new_named(arn, name)
    }
}

/// The name a grant's policy template takes for an imported resource.
fn imported_name<K: ImportKind>(imp: &Imported<K>) -> (Value, Vec<Problem>) {
    if let Some(n) = imp.given_name() {
        return (n.clone(), Vec::new());
    }
    let arn = imp.arn();
    match arn.as_str() {
        Some(s) => match name_in_arn(s, K::SERVICE, K::NAME) {
            Some(n) => (Value::String(n), Vec::new()),
            None => (
                arn.clone(),
                vec![Problem {
                    path: "Policies".into(),
                    message: format!(
                        "'{s}' is not the ARN of a {} (arn:<partition>:{}:…).",
                        K::WHAT,
                        K::SERVICE
                    ),
                    at: None,
                }],
            ),
        },
        None => (name_expr(arn, K::NAME), Vec::new()),
    }
}

fn name_in_arn(arn: &str, service: &str, rule: ArnName) -> Option<String> {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    if fields.len() < 6 || fields[0] != "arn" || fields[2] != service {
        return None;
    }
    let name = match rule {
        ArnName::Whole => arn,
        ArnName::Field(n) => arn.split(':').nth(n)?,
        ArnName::After(marker, stop) => {
            let rest = &arn[arn.find(marker)? + marker.len()..];
            if stop {
                rest.split('/').next()?
            } else {
                rest
            }
        }
    };
    (!name.is_empty()).then(|| name.to_string())
}

fn name_expr(arn: Value, rule: ArnName) -> Value {
    match rule {
        ArnName::Whole => arn,
        ArnName::Field(n) => json!({"Fn::Select": [n, {"Fn::Split": [":", arn]}]}),
        ArnName::After(marker, true) => json!({"Fn::Select": [0, {"Fn::Split": ["/",
            {"Fn::Select": [1, {"Fn::Split": [marker, arn]}]}]}]}),
        ArnName::After(marker, false) => {
            json!({"Fn::Select": [1, {"Fn::Split": [marker, arn]}]})
        }
    }
}

/// What a grant names: a resource in the app (checked at synth) or an
/// imported one, and the values SAM's templates take for it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Target {
    /// Logical ID, accepted resource types, the user's word for the kind.
    in_app: Option<(&'static str, &'static [&'static str], &'static str)>,
    /// Kind in `templates/grants.json`.
    kind: &'static str,
    name: Value,
    stream: Option<Value>,
    problems: Vec<Problem>,
}

/// A resource a grant can name: a handle of this app or an [`Imported`] one.
pub trait GrantTarget {
    #[doc(hidden)]
    fn target(&self) -> Target;
}

fn in_app<K>(
    r: &Ref<K>,
    types: &'static [&'static str],
    what: &'static str,
    kind: &'static str,
    name: Value,
) -> Target {
    Target {
        in_app: Some((r.id(), types, what)),
        kind,
        name,
        stream: None,
        problems: Vec::new(),
    }
}

const TABLE_TYPES: &[&str] = &["AWS::DynamoDB::Table"];

impl GrantTarget for Ref<SimpleTable> {
    fn target(&self) -> Target {
        in_app(
            self,
            &["AWS::Serverless::SimpleTable"],
            "table",
            "table",
            self.ref_(),
        )
    }
}

impl<S> GrantTarget for Ref<Table<S>> {
    fn target(&self) -> Target {
        let mut t = in_app(self, TABLE_TYPES, "table", "table", self.ref_());
        // A stream ARN is `arn:…:table/<table>/stream/<label>`; table names
        // have no `/`, so the label is the fourth `/`-separated field.
        t.stream =
            Some(json!({"Fn::Select": [3, {"Fn::Split": ["/", self.get_att("StreamArn")]}]}));
        t
    }
}

impl GrantTarget for Ref<Queue> {
    fn target(&self) -> Target {
        in_app(
            self,
            &["AWS::SQS::Queue"],
            "queue",
            "queue",
            self.get_att("QueueName"),
        )
    }
}

impl GrantTarget for Ref<Topic> {
    fn target(&self) -> Target {
        in_app(
            self,
            &["AWS::SNS::Topic"],
            "topic",
            "topic",
            self.get_att("TopicName"),
        )
    }
}

impl GrantTarget for Ref<Bucket> {
    fn target(&self) -> Target {
        in_app(self, &["AWS::S3::Bucket"], "bucket", "bucket", self.ref_())
    }
}

impl GrantTarget for Ref<EventBus> {
    fn target(&self) -> Target {
        in_app(
            self,
            &["AWS::Events::EventBus"],
            "event bus",
            "event_bus",
            self.ref_(),
        )
    }
}

impl GrantTarget for Ref<Function> {
    fn target(&self) -> Target {
        in_app(
            self,
            &["AWS::Serverless::Function"],
            "function",
            "function",
            self.ref_(),
        )
    }
}

macro_rules! imported_target {
    ($($k:ty => $kind:literal;)*) => {
        $(impl GrantTarget for Imported<$k> {
            fn target(&self) -> Target {
                let (name, problems) = imported_name(self);
                Target {
                    in_app: None,
                    kind: $kind,
                    name,
                    stream: None,
                    problems,
                }
            }
        })*
    };
}

imported_target! {
    Table => "table";
    Queue => "queue";
    Topic => "topic";
    Bucket => "bucket";
    EventBus => "event_bus";
    Function => "function";
    Secret => "secret";
    SsmParameter => "parameter";
    StateMachine => "state_machine";
    KmsKey => "key";
}

/// An access that applies to resources of kind `R`: implemented only for the
/// pairs AWS has (table accesses for tables, queue accesses for queues, …),
/// so a grant of the wrong kind does not compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an access to `{R}`",
    label = "this access does not apply to the resource given",
    note = "each kind of resource has its own access: TableAccess for tables, QueueAccess for queues, TopicAccess for topics, BucketAccess for buckets, EventBusAccess, FunctionAccess, SecretAccess, ParameterAccess, StateMachineAccess and KeyAccess for imported resources",
    note = "StreamRead needs a table declared with `.stream(…)` (a `Ref<Table<WithStream>>`); QueryIndex needs a full `Table`"
)]
pub trait Access<R> {
    /// The access's key in `templates/grants.json`, and the index it names.
    #[doc(hidden)]
    fn key(&self) -> (&'static str, Option<Cow<'static, str>>);
}

macro_rules! access {
    ($a:ty => [$($r:ty),*]; $($v:pat => $key:literal),*) => {
        impl $a {
            fn grant_key(&self) -> &'static str {
                match self { $($v => $key),* }
            }
        }
        $(impl Access<$r> for $a {
            fn key(&self) -> (&'static str, Option<Cow<'static, str>>) {
                (self.grant_key(), None)
            }
        })*
    };
}

access!(TableAccess => [Ref<SimpleTable>, Imported<Table>];
    TableAccess::Read => "read", TableAccess::Write => "write", TableAccess::ReadWrite => "read_write");
access!(StreamRead => [Ref<Table<WithStream>>]; StreamRead => "stream_read");
access!(QueueAccess => [Ref<Queue>, Imported<Queue>];
    QueueAccess::Send => "send", QueueAccess::Consume => "consume");
access!(TopicAccess => [Ref<Topic>, Imported<Topic>]; TopicAccess::Publish => "publish");
access!(BucketAccess => [Ref<Bucket>, Imported<Bucket>];
    BucketAccess::Read => "read", BucketAccess::Write => "write", BucketAccess::ReadWrite => "read_write");
access!(EventBusAccess => [Ref<EventBus>, Imported<EventBus>]; EventBusAccess::Put => "put");
access!(FunctionAccess => [Ref<Function>, Imported<Function>]; FunctionAccess::Invoke => "invoke");
access!(SecretAccess => [Imported<Secret>]; SecretAccess::Read => "read");
access!(ParameterAccess => [Imported<SsmParameter>]; ParameterAccess::Read => "read");
access!(StateMachineAccess => [Imported<StateMachine>]; StateMachineAccess::Start => "start");
access!(KeyAccess => [Imported<KmsKey>]; KeyAccess::Decrypt => "decrypt", KeyAccess::Encrypt => "encrypt");

impl<S> Access<Ref<Table<S>>> for TableAccess {
    fn key(&self) -> (&'static str, Option<Cow<'static, str>>) {
        (self.grant_key(), None)
    }
}

impl<S> Access<Ref<Table<S>>> for QueryIndex {
    fn key(&self) -> (&'static str, Option<Cow<'static, str>>) {
        ("query_index", Some(self.0.clone()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Grant {
    Template {
        template: String,
        parameters: Map<String, Value>,
    },
    Statement {
        actions: Vec<String>,
        resource: String,
    },
}

type Grants = BTreeMap<String, BTreeMap<String, Grant>>;

fn grants() -> &'static Grants {
    static GRANTS: OnceLock<Grants> = OnceLock::new();
    GRANTS.get_or_init(|| {
        // Our own data, checked by a unit test; a broken table reads as "no
        // grants" (each grant then reports it) rather than abort.
        let raw: Map<String, Value> =
            serde_json::from_str(include_str!("../../templates/grants.json")).unwrap_or_default();
        raw.into_iter()
            .filter(|(k, _)| !k.starts_with("//"))
            .filter_map(|(k, v)| Some((k, serde_json::from_value(v).ok()?)))
            .collect()
    })
}

/// The SAM `Policies` entry a grant lowers to: a policy template with its
/// parameters, or an inline policy document.
fn policy_entry(t: &Target, access: &str, index: Option<&str>) -> Result<Value, String> {
    let g = grants()
        .get(t.kind)
        .and_then(|k| k.get(access))
        .ok_or_else(|| {
            format!(
                "no grant '{access}' for a {} in templates/grants.json.",
                t.kind
            )
        })?;
    match g {
        Grant::Template {
            template,
            parameters,
        } => {
            let mut values = Map::new();
            for (param, source) in parameters {
                let v = match source.as_str() {
                    Some("name") => Some(t.name.clone()),
                    Some("stream") => t.stream.clone(),
                    _ => None,
                }
                .ok_or_else(|| {
                    format!("grant '{access}' needs the resource's {source}, which it has not.")
                })?;
                values.insert(param.clone(), v);
            }
            Ok(json!({ template.as_str(): values }))
        }
        Grant::Statement { actions, resource } => {
            let mut vars = Map::new();
            vars.insert("name".into(), t.name.clone());
            if let Some(i) = index {
                vars.insert("index".into(), i.into());
            }
            Ok(json!({"Statement": [{
                "Action": actions,
                "Effect": "Allow",
                "Resource": {"Fn::Sub": [resource, vars]},
            }]}))
        }
    }
}

impl App {
    /// Lets `function` access `resource`: the function's role gets exactly
    /// the statements of the matching SAM policy template
    /// (`app.grant(f, table, TableAccess::ReadWrite)` is `DynamoDBCrudPolicy`
    /// with `TableName: !Ref Table`). Which accesses apply to which kinds of
    /// resource is the trait [`Access`]. A function with an existing role
    /// gets an `AWS::IAM::Policy` on that role instead.
    ///
    /// ```
    /// use stackwright::dsl::prelude::*;
    ///
    /// let mut app = App::new("a");
    /// let jobs = app.queue("Jobs", Queue::new());
    /// let f = app.function("Producer", Function::new(Runtime::Python312, "app.h", Code::inline("x")));
    /// app.grant(f, jobs, QueueAccess::Send);
    /// let t = app.synth(&Context::new("us-east-1")).unwrap();
    /// assert!(t.resource("ProducerRole").is_some());
    /// ```
    #[track_caller]
    pub fn grant<R: GrantTarget, A: Access<R>>(
        &mut self,
        function: Ref<Function>,
        resource: R,
        access: A,
    ) -> &mut Self {
        let at = Problem::new("Policies", "");
        let f = function.id();
        let target = resource.target();
        let (key, index) = access.key();
        self.add_pass(move |low| {
            let problem = |low: &mut Lowering<'_>, msg: String| {
                low.problem(
                    f,
                    Problem {
                        message: msg,
                        ..at.clone()
                    },
                )
            };
            for p in &target.problems {
                problem(low, p.message.clone());
            }
            if let Some((id, types, what)) = target.in_app {
                // The generated role would name the function, which names
                // its role: CloudFormation cannot create either first.
                let generated_role = low
                    .decl(f)
                    .is_some_and(|d| !d.parts.properties().contains_key("Role"));
                if id == f && generated_role {
                    problem(
                        low,
                        format!("grant from '{f}' to itself: its generated role would refer to the function, which refers to its role (a circular dependency CloudFormation refuses); give the function a name (`.function_name(…)`) and grant `Imported::<Function>::named(…)` that name instead."),
                    );
                    return;
                }
                let Some(d) = low.decl(id) else {
                    problem(
                        low,
                        format!("grant to '{id}': no {what} '{id}' is declared in this app."),
                    );
                    return;
                };
                if !types.contains(&d.type_.as_ref()) {
                    let msg = format!(
                        "grant to '{id}': '{id}' is a {}, not a {what}.",
                        d.type_
                    );
                    problem(low, msg);
                    return;
                }
                if let Some(i) = &index {
                    let declared = ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"]
                        .iter()
                        .filter_map(|k| d.parts.properties().get(*k)?.as_array())
                        .flatten()
                        .any(|x| x.get("IndexName").and_then(Value::as_str) == Some(i));
                    if !declared {
                        problem(
                            low,
                            format!("grant to query index '{i}' of table '{id}': the table declares no index '{i}'."),
                        );
                        return;
                    }
                }
            }
            let entry = match policy_entry(&target, key, index.as_deref()) {
                Ok(e) => e,
                Err(msg) => return problem(low, msg),
            };
            // A function with an existing role gets its `Policies` as an
            // AWS::IAM::Policy on that role (`function::attach_existing_role_policies`),
            // so a grant always lands in `Policies`.
            match low.decl_mut(f) {
                Some(d) if d.kind == "function" => d.parts.list("grant", "Policies").push(entry),
                _ => problem(
                    low,
                    format!("grant from '{f}': no function '{f}' is declared in this app."),
                ),
            }
        });
        self
    }

    /// Lets `function` access a SimpleTable; the same as
    /// [`grant`](App::grant) with a [`TableAccess`].
    #[track_caller]
    pub fn grant_table(
        &mut self,
        function: Ref<Function>,
        table: Ref<SimpleTable>,
        access: TableAccess,
    ) -> &mut Self {
        self.grant(function, table, access)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_table_is_well_formed_and_names_sam_templates() {
        let raw: Map<String, Value> =
            serde_json::from_str(include_str!("../../templates/grants.json")).unwrap();
        let kinds = raw.keys().filter(|k| !k.starts_with("//")).count();
        assert_eq!(grants().len(), kinds, "every kind parses");
        for (kind, accesses) in grants() {
            for (access, g) in accesses {
                if let Grant::Template { template, .. } = g {
                    assert!(
                        crate::model::policy_templates::has(template),
                        "{kind}.{access}: {template}"
                    );
                }
            }
        }
    }

    #[test]
    fn read_write_is_sams_crud_policy() {
        let t = Ref::<SimpleTable>::new("Orders").target();
        assert_eq!(
            policy_entry(&t, "read_write", None),
            Ok(json!({"DynamoDBCrudPolicy": {"TableName": {"Ref": "Orders"}}}))
        );
    }

    #[test]
    fn names_come_out_of_arns() {
        let n = |arn: &str, svc, rule| name_in_arn(arn, svc, rule);
        assert_eq!(
            n("arn:aws:sqs:us-east-1:123:jobs", "sqs", ArnName::Field(5)).as_deref(),
            Some("jobs")
        );
        assert_eq!(
            n(
                "arn:aws:dynamodb:us-east-1:123:table/Orders/stream/x",
                "dynamodb",
                ArnName::After(":table/", true)
            )
            .as_deref(),
            Some("Orders")
        );
        assert_eq!(
            n("arn:aws:s3:::my-bucket", "s3", ArnName::After(":::", false)).as_deref(),
            Some("my-bucket")
        );
        assert_eq!(
            n(
                "arn:aws:ssm:eu-west-1:123:parameter/app/db",
                "ssm",
                ArnName::After(":parameter/", false)
            )
            .as_deref(),
            Some("app/db")
        );
        assert_eq!(
            n("arn:aws:sns:us-east-1:123:t", "sqs", ArnName::Field(5)),
            None
        );
        assert_eq!(n("jobs", "sqs", ArnName::Field(5)), None);
    }
}
