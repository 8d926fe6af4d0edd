//! Named defaults: what stackwright adds to the resources it generates.
//!
//! - [`Defaults::Sam`] is exactly SAM's output. SAM templates get it unless
//!   told otherwise (`--defaults recommended`), so a stack moved from SAM
//!   keeps every byte.
//! - [`Defaults::Recommended`] is the default for Rust apps: data is kept and
//!   encrypted, APIs and functions are traced and log to groups that expire.
//!   The scanners the field uses (checkov, cfn-lint's serverless rules) pass
//!   on what it generates.
//!
//! The pass runs on the finished template, after the transform (and the DSL's
//! post hooks), and only touches what stackwright generated or a typed DSL
//! builder declared: a user's pass-through resource is left as written. It
//! never overwrites a property that is already set, and each [`Hardening`]
//! can be turned off for the whole app or for one resource (and what it
//! generates).

mod apis;
mod data;
mod functions;
mod state_machines;

use std::collections::{BTreeMap, BTreeSet};

pub use apis::{REST_ACCESS_LOG_JSON, V2_ACCESS_LOG_JSON};

use serde_json::{json, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::template::{Resource, Template};

/// Which defaults a synth applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Defaults {
    /// Exactly what the SAM translator generates.
    Sam,
    /// SAM's output plus the hardenings of [`Hardening`].
    Recommended,
}

/// One thing `recommended` adds. Each can be turned off for the app or for a
/// resource; the names are what `--defaults-off` and SAM's
/// `Metadata.Stackwright.DefaultsOff` take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Hardening {
    /// Tables: `PointInTimeRecoverySpecification` on (35 days of restores).
    /// Off for a table you can rebuild from elsewhere (a cache), to save its cost.
    PointInTimeRecovery,
    /// Tables: `SSESpecification` with the AWS-managed KMS key
    /// (`alias/aws/dynamodb`). Off when you set your own customer key.
    TableEncryption,
    /// Tables: `DeletionPolicy` and `UpdateReplacePolicy` `Retain`, so
    /// deleting the stack or replacing the table keeps the data. Off for
    /// throwaway stacks (previews, tests).
    Retain,
    /// Functions whose role stackwright generates: X-Ray `TracingConfig`
    /// `Active` and the X-Ray policy on that role (Lambda refuses a traced
    /// function whose role may not write to X-Ray, so a role of the user's
    /// is left alone); REST stages: `TracingEnabled`. Off where traces cost
    /// more than they tell (very hot functions).
    Tracing,
    /// API stages (REST, HTTP, WebSocket): JSON access logs into a generated
    /// log group with retention. Off when you ship logs elsewhere. REST and
    /// WebSocket access logs need the account's API Gateway CloudWatch role
    /// (see `--api-gateway-account`).
    AccessLogs,
    /// Functions: a generated log group with retention, wired through
    /// `LoggingConfig.LogGroup` (Lambda's own group keeps logs forever). Off
    /// when you name your own group.
    FunctionLogs,
    /// SQS queues: `SqsManagedSseEnabled` (SSE-SQS). Not the AWS-managed KMS
    /// key, which SNS, EventBridge and S3 cannot use to deliver messages.
    QueueEncryption,
    /// SNS topics: `KmsMasterKeyId` `alias/aws/sns`. Off for a topic that an
    /// AWS service (EventBridge, S3, CloudWatch alarms) publishes to: those
    /// need a customer key whose policy lets the service in.
    TopicEncryption,
    /// State machines whose role stackwright generates: errors logged
    /// (`LoggingConfiguration` level `ERROR`, without execution data, which
    /// may hold personal data) to a generated log group with retention, and
    /// the log-delivery permissions Step Functions checks for on that role.
    /// Off when you log at another level or to your own group.
    StateMachineLogs,
}

impl Hardening {
    pub const ALL: [Hardening; 9] = [
        Hardening::PointInTimeRecovery,
        Hardening::TableEncryption,
        Hardening::Retain,
        Hardening::Tracing,
        Hardening::AccessLogs,
        Hardening::FunctionLogs,
        Hardening::QueueEncryption,
        Hardening::TopicEncryption,
        Hardening::StateMachineLogs,
    ];

    /// The name users write (`point-in-time-recovery`).
    pub fn name(self) -> &'static str {
        match self {
            Hardening::PointInTimeRecovery => "point-in-time-recovery",
            Hardening::TableEncryption => "table-encryption",
            Hardening::Retain => "retain",
            Hardening::Tracing => "tracing",
            Hardening::AccessLogs => "access-logs",
            Hardening::FunctionLogs => "function-logs",
            Hardening::QueueEncryption => "queue-encryption",
            Hardening::TopicEncryption => "topic-encryption",
            Hardening::StateMachineLogs => "state-machine-logs",
        }
    }

    pub fn from_name(name: &str) -> Option<Hardening> {
        Hardening::ALL.into_iter().find(|h| h.name() == name)
    }

    /// Whether turning this default off on a resource of `type_` changes
    /// anything: it applies to that resource or to what SAM generates for it
    /// (a function's destination queue, an API's stage).
    pub fn applies_to(self, type_: &str) -> bool {
        let types: &[&str] = match self {
            Hardening::PointInTimeRecovery | Hardening::TableEncryption | Hardening::Retain => {
                &["AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable"]
            }
            Hardening::Tracing => &[
                "AWS::Serverless::Function",
                "AWS::Lambda::Function",
                "AWS::Serverless::Api",
                "AWS::ApiGateway::Stage",
                "AWS::Serverless::StateMachine",
                "AWS::StepFunctions::StateMachine",
            ],
            Hardening::AccessLogs => &[
                "AWS::Serverless::Api",
                "AWS::Serverless::HttpApi",
                "AWS::Serverless::WebSocketApi",
                "AWS::ApiGateway::Stage",
                "AWS::ApiGatewayV2::Stage",
            ],
            Hardening::FunctionLogs => &["AWS::Serverless::Function", "AWS::Lambda::Function"],
            Hardening::QueueEncryption => &["AWS::SQS::Queue", "AWS::Serverless::Function"],
            Hardening::TopicEncryption => &["AWS::SNS::Topic", "AWS::Serverless::Function"],
            Hardening::StateMachineLogs => &[
                "AWS::Serverless::StateMachine",
                "AWS::StepFunctions::StateMachine",
            ],
        };
        types.contains(&type_)
    }
}

/// The retention periods CloudWatch Logs accepts, in days.
pub const RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// The defaults a synth applies, app-wide.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DefaultsConfig {
    /// `None`: the front end's own default (`sam` for SAM templates,
    /// `recommended` for Rust apps, unless the app says otherwise).
    pub mode: Option<Defaults>,
    /// Hardenings turned off for every resource.
    pub off: BTreeSet<Hardening>,
    /// Retention of generated log groups, in days. `None`: 30.
    pub log_retention_days: Option<u32>,
    /// Adds the account-level `AWS::ApiGateway::Account` and its CloudWatch
    /// role, which REST and WebSocket access logs need once per account and
    /// region. Default: off (one stack per account should own it).
    pub api_gateway_account: bool,
}

impl DefaultsConfig {
    pub fn retention_days(&self) -> u32 {
        self.log_retention_days.unwrap_or(30)
    }

    /// `self`, with what `fallback` (an app's own settings) says where `self`
    /// (the command line) says nothing; turned-off defaults add up.
    pub fn or(&self, fallback: &DefaultsConfig) -> DefaultsConfig {
        DefaultsConfig {
            mode: self.mode.or(fallback.mode),
            off: self.off.union(&fallback.off).copied().collect(),
            log_retention_days: self.log_retention_days.or(fallback.log_retention_days),
            api_gateway_account: self.api_gateway_account || fallback.api_gateway_account,
        }
    }
}

/// What the pass may touch, and what the user turned off per resource.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Every resource the user declared; a generated resource belongs to the
    /// longest of these its ID starts with (`MyApiProdStage` → `MyApi`).
    pub owners: BTreeSet<String>,
    /// The user's pass-through resources: left exactly as written.
    pub untouched: BTreeSet<String>,
    /// Resource → hardenings turned off for it and what it generates.
    pub off: BTreeMap<String, BTreeSet<Hardening>>,
}

impl Scope {
    /// The scope of a SAM document: its serverless resources are expanded by
    /// stackwright, everything else passes through. Opt-outs are read from
    /// `Metadata.Stackwright.DefaultsOff` (a list of [`Hardening`] names).
    pub fn of_sam_document(doc: &Value, diags: &mut Diagnostics) -> Scope {
        let mut scope = Scope::default();
        let Some(resources) = doc.get("Resources").and_then(Value::as_object) else {
            return scope;
        };
        for (id, r) in resources {
            scope.owners.insert(id.clone());
            let serverless = r
                .get("Type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.starts_with("AWS::Serverless::"));
            if !serverless {
                scope.untouched.insert(id.clone());
            }
            let Some(off) = r.pointer("/Metadata/Stackwright/DefaultsOff") else {
                continue;
            };
            let path = "Metadata.Stackwright.DefaultsOff";
            let Some(list) = off.as_array() else {
                diags.push(Diagnostic::resource(
                    id,
                    path,
                    format!(
                        "{path} must be a list of defaults to turn off ({}).",
                        Hardening::ALL.map(Hardening::name).join(", ")
                    ),
                ));
                continue;
            };
            let type_ = r.get("Type").and_then(Value::as_str).unwrap_or("");
            for (i, v) in list.iter().enumerate() {
                match v.as_str().and_then(Hardening::from_name) {
                    Some(h) if !h.applies_to(type_) => diags.push(Diagnostic::resource(
                        id,
                        format!("{path}[{i}]"),
                        format!(
                            "{path}[{i}]: '{}' never applies to a resource of type {type_} or what it generates, so turning it off changes nothing: remove it.",
                            h.name()
                        ),
                    )),
                    Some(h) => {
                        scope.off.entry(id.clone()).or_default().insert(h);
                    }
                    None => diags.push(Diagnostic::resource(
                        id,
                        format!("{path}[{i}]"),
                        format!(
                            "{path}[{i}]: '{}' is not a default; expected one of: {}.",
                            v.as_str().map_or_else(|| v.to_string(), str::to_string),
                            Hardening::ALL.map(Hardening::name).join(", ")
                        ),
                    )),
                }
            }
        }
        scope
    }

    /// Looked up prefix by prefix, longest first: a few set lookups per
    /// resource, whatever the number of owners.
    fn owner<'a>(&'a self, id: &'a str) -> Option<&'a str> {
        (1..=id.len())
            .rev()
            .filter(|&i| id.is_char_boundary(i))
            .map(|i| &id[..i])
            .find(|prefix| self.owners.contains(*prefix))
    }
}

/// The pass's view while it runs: the config, the scope, the partition.
struct Pass<'a> {
    cfg: &'a DefaultsConfig,
    scope: &'a Scope,
    partition: &'a str,
    diags: &'a mut Diagnostics,
}

impl Pass<'_> {
    /// Whether `h` applies to generated resource `id`.
    fn on(&self, h: Hardening, id: &str) -> bool {
        if self.cfg.off.contains(&h) || self.scope.untouched.contains(id) {
            return false;
        }
        if self.scope.off.is_empty() {
            return true;
        }
        let off_for = |r: &str| self.scope.off.get(r).is_some_and(|s| s.contains(&h));
        !(off_for(id) || self.scope.owner(id).is_some_and(off_for))
    }

    /// Adds a log group `id` with the configured retention for `owner`'s logs;
    /// false (and an error naming both) if the ID is taken.
    fn add_log_group(
        &mut self,
        t: &mut Template,
        owner: &str,
        id: &str,
        name: Option<Value>,
        condition: Option<Value>,
    ) -> bool {
        if t.resources.contains_key(id) {
            self.diags.push(Diagnostic::resource(
                owner,
                "",
                format!(
                    "The recommended defaults add a log group '{id}' for '{owner}', but the template already has a resource '{id}': rename it, or turn off this default for '{owner}'."
                ),
            ));
            return false;
        }
        let mut props = serde_json::Map::new();
        if let Some(n) = name {
            props.insert("LogGroupName".into(), n);
        }
        props.insert("RetentionInDays".into(), json!(self.cfg.retention_days()));
        let mut r = Resource::new("AWS::Logs::LogGroup");
        r.properties = Some(props);
        r.condition = condition;
        t.insert(id.to_string(), r);
        true
    }
}

/// Checks the app-wide settings a user gives (`--log-retention-days`).
pub fn check_config(cfg: &DefaultsConfig) -> Result<(), Diagnostic> {
    let days = cfg.retention_days();
    if !RETENTION_DAYS.contains(&days) {
        return Err(Diagnostic::document(
            "log_retention_days",
            format!(
                "{days} days is not a retention CloudWatch Logs accepts; expected one of {}.",
                RETENTION_DAYS
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    Ok(())
}

/// Applies `recommended` to the generated resources of `t`. With
/// [`Defaults::Sam`] it does nothing.
pub fn apply(
    t: &mut Template,
    mode: Defaults,
    cfg: &DefaultsConfig,
    scope: &Scope,
    partition: &str,
    diags: &mut Diagnostics,
) {
    if mode == Defaults::Sam {
        return;
    }
    if let Err(d) = check_config(cfg) {
        diags.push(d);
        return;
    }
    let mut pass = Pass {
        cfg,
        scope,
        partition,
        diags,
    };
    data::apply(t, &mut pass);
    functions::apply(t, &mut pass);
    state_machines::apply(t, &mut pass);
    apis::apply(t, &mut pass);
}

/// The role `id` runs as (`key` holds `Fn::GetAtt [Role, Arn]`), when
/// stackwright generated it: a role of the user's is theirs to change.
fn generated_role(t: &Template, pass: &Pass<'_>, id: &str, key: &str) -> Option<String> {
    let role = t
        .resources
        .get(id)?
        .property(key)?
        .get("Fn::GetAtt")?
        .get(0)?
        .as_str()?
        .to_string();
    let generated = !pass.scope.untouched.contains(&role)
        && t.resources
            .get(&role)
            .is_some_and(|r| r.type_ == "AWS::IAM::Role" && r.verbatim.is_none());
    generated.then_some(role)
}

/// Appends `item` to the list property `key` of resource `id` (made if
/// missing), unless an equal item is there already.
fn push_unique(t: &mut Template, id: &str, key: &str, item: Value) {
    let Some(r) = t.resources.get_mut(id) else {
        return;
    };
    let props = r.properties.get_or_insert_with(Default::default);
    if let Value::Array(list) = props.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// IDs of the resources of `type_`, in order (the pass adds resources while
/// it walks, so it walks a snapshot).
fn ids_of(t: &Template, type_: &str) -> Vec<String> {
    t.resources
        .iter()
        .filter(|(_, r)| r.type_ == type_ && r.verbatim.is_none())
        .map(|(id, _)| id.clone())
        .collect()
}

/// Sets `key` to `value` on `r` unless it is already set.
fn set_absent(r: &mut Resource, key: &str, value: Value) -> bool {
    let props = r.properties.get_or_insert_with(Default::default);
    if props.contains_key(key) {
        return false;
    }
    props.insert(key.into(), value);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for h in Hardening::ALL {
            assert_eq!(Hardening::from_name(h.name()), Some(h));
        }
        assert_eq!(Hardening::from_name("tracng"), None);
    }

    #[test]
    fn owner_is_the_longest_declared_prefix() {
        let scope = Scope {
            owners: ["Api".to_string(), "ApiTwo".to_string()].into(),
            ..Default::default()
        };
        assert_eq!(scope.owner("ApiTwoProdStage"), Some("ApiTwo"));
        assert_eq!(scope.owner("ApiProdStage"), Some("Api"));
        assert_eq!(scope.owner("ServerlessRestApi"), None);
    }

    #[test]
    fn metadata_opt_outs_are_read_and_checked() {
        let doc = json!({"Resources": {
            "Fn": {"Type": "AWS::Serverless::Function",
                   "Metadata": {"Stackwright": {"DefaultsOff": ["tracing", "tracng"]}}},
            "Q": {"Type": "AWS::SQS::Queue"}
        }});
        let mut diags = Diagnostics::new();
        let scope = Scope::of_sam_document(&doc, &mut diags);
        assert!(scope.off["Fn"].contains(&Hardening::Tracing));
        assert!(scope.untouched.contains("Q") && !scope.untouched.contains("Fn"));
        let d = diags.into_sorted();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "Metadata.Stackwright.DefaultsOff[1]");
        assert!(
            d[0].message.contains("'tracng' is not a default"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn an_opt_out_that_cannot_apply_is_reported() {
        let doc = json!({"Resources": {
            "Q": {"Type": "AWS::SQS::Queue",
                  "Metadata": {"Stackwright": {"DefaultsOff": ["queue-encryption", "tracing"]}}}
        }});
        let mut diags = Diagnostics::new();
        let scope = Scope::of_sam_document(&doc, &mut diags);
        assert!(scope.off["Q"].contains(&Hardening::QueueEncryption));
        let d = diags.into_sorted();
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .contains("'tracing' never applies to a resource of type AWS::SQS::Queue"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn retention_must_be_one_cloudwatch_accepts() {
        let cfg = DefaultsConfig {
            log_retention_days: Some(31),
            ..Default::default()
        };
        assert!(check_config(&cfg).unwrap_err().message.contains("31 days"));
        assert!(check_config(&DefaultsConfig::default()).is_ok());
    }
}
