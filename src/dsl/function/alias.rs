//! Versions, an alias and gradual deployments (SAM's `AutoPublishAlias`,
//! `ProvisionedConcurrencyConfig` and `DeploymentPreference`). Provisioned
//! concurrency and deployments belong to an alias, so they are set on
//! [`Alias`]: a function cannot have them without one.

use serde_json::{json, Map, Value};

use crate::dsl::parts::{Parts, Problem};
use crate::model::Ref;

use super::{Function, HandleUse};

/// The alias SAM points at a version it publishes whenever the function
/// changes (`AutoPublishAlias`), with what belongs to it.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("demo");
/// let check = app.function(
///     "PreTraffic",
///     Function::new(Runtime::Python313, "hooks.pre", Code::inline("x"))
///         .function_name("CodeDeployHook_demo_pre"),
/// );
/// app.function(
///     "Api",
///     Function::new(Runtime::Python313, "app.handler", Code::inline("x")).alias(
///         Alias::new("live")
///             .provisioned_concurrency(2)
///             .deployment(Deployment::new(DeploymentType::Linear10PercentEvery1Minute).pre_traffic_hook(check)),
///     ),
/// );
/// assert!(app.synth(&Context::new("us-east-1")).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    name: String,
    provisioned: Option<u32>,
    deployment: Option<Deployment>,
    version_description: Option<String>,
    all_properties: bool,
    problems: Vec<Problem>,
}

impl Alias {
    /// An alias named `name` (letters, digits, `-`, `_`; not only digits; at most 128).
    #[track_caller]
    pub fn new(name: &str) -> Self {
        let mut problems = Vec::new();
        let ok = (1..=128).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !name.chars().all(|c| c.is_ascii_digit());
        if !ok {
            problems.push(Problem::new(
                "AutoPublishAlias",
                format!("'{name}' is not an alias name: 1 to 128 letters, digits, '-' or '_', not only digits."),
            ));
        }
        Alias {
            // A reported name is lowered as a placeholder, so that SAM's
            // reader does not report it again without its location.
            name: if ok { name } else { "invalid" }.to_string(),
            provisioned: None,
            deployment: None,
            version_description: None,
            all_properties: false,
            problems,
        }
    }

    /// Execution environments kept initialized for the alias
    /// (`ProvisionedConcurrencyConfig`), at least 1.
    /// Default: none (on-demand).
    #[track_caller]
    pub fn provisioned_concurrency(mut self, n: u32) -> Self {
        if n == 0 {
            self.problems.push(Problem::new(
                "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions",
                "provisioned concurrency is at least 1 (leave it unset for none).",
            ));
        }
        self.provisioned = Some(n);
        self
    }

    /// Shifts the alias to each new version gradually through CodeDeploy
    /// (`DeploymentPreference`).
    /// Default: the alias moves at once, without CodeDeploy.
    pub fn deployment(mut self, d: Deployment) -> Self {
        self.deployment = Some(d);
        self
    }

    /// Description of each published version (`VersionDescription`).
    /// Default: none.
    pub fn version_description(mut self, d: &str) -> Self {
        self.version_description = Some(d.to_string());
        self
    }

    /// Publishes a new version when any property changes
    /// (`AutoPublishAliasAllProperties`), not only code, environment and memory.
    /// Default: only those.
    pub fn publish_on_any_change(mut self) -> Self {
        self.all_properties = true;
        self
    }

    /// SAM properties in the order a twin template writes them.
    pub(crate) fn lower(
        self,
        parts: &mut Parts,
        handles: &mut Vec<HandleUse>,
    ) -> Vec<(&'static str, Value)> {
        for p in self.problems {
            parts.push_problem(p);
        }
        let mut out = vec![("AutoPublishAlias", Value::String(self.name))];
        if self.all_properties {
            out.push(("AutoPublishAliasAllProperties", true.into()));
        }
        if let Some(d) = self.version_description {
            out.push(("VersionDescription", d.into()));
        }
        if let Some(n) = self.provisioned {
            out.push((
                "ProvisionedConcurrencyConfig",
                json!({ "ProvisionedConcurrentExecutions": n }),
            ));
        }
        if let Some(d) = self.deployment {
            out.push(("DeploymentPreference", d.lower(handles)));
        }
        out
    }
}

/// How CodeDeploy shifts traffic to a new version (`DeploymentPreference.Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentType {
    /// 10% first, the rest after 5 minutes.
    Canary10Percent5Minutes,
    Canary10Percent10Minutes,
    Canary10Percent15Minutes,
    Canary10Percent30Minutes,
    /// 10% more every minute.
    Linear10PercentEvery1Minute,
    Linear10PercentEvery2Minutes,
    Linear10PercentEvery3Minutes,
    Linear10PercentEvery10Minutes,
    /// Everything at once (still with hooks and alarms).
    AllAtOnce,
    /// A custom CodeDeploy deployment configuration, by name.
    Custom(&'static str),
}

impl DeploymentType {
    /// The name SAM takes.
    pub fn name(self) -> &'static str {
        match self {
            DeploymentType::Canary10Percent5Minutes => "Canary10Percent5Minutes",
            DeploymentType::Canary10Percent10Minutes => "Canary10Percent10Minutes",
            DeploymentType::Canary10Percent15Minutes => "Canary10Percent15Minutes",
            DeploymentType::Canary10Percent30Minutes => "Canary10Percent30Minutes",
            DeploymentType::Linear10PercentEvery1Minute => "Linear10PercentEvery1Minute",
            DeploymentType::Linear10PercentEvery2Minutes => "Linear10PercentEvery2Minutes",
            DeploymentType::Linear10PercentEvery3Minutes => "Linear10PercentEvery3Minutes",
            DeploymentType::Linear10PercentEvery10Minutes => "Linear10PercentEvery10Minutes",
            DeploymentType::AllAtOnce => "AllAtOnce",
            DeploymentType::Custom(name) => name,
        }
    }
}

/// A gradual deployment of an alias (`DeploymentPreference`).
#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    type_: DeploymentType,
    alarms: Vec<Value>,
    pre: Option<(&'static str, Problem)>,
    post: Option<(&'static str, Problem)>,
    role: Option<Value>,
    enabled: Option<Value>,
}

impl Deployment {
    /// A deployment of the given type.
    pub fn new(type_: DeploymentType) -> Self {
        Deployment {
            type_,
            alarms: Vec::new(),
            pre: None,
            post: None,
            role: None,
            enabled: None,
        }
    }

    /// A CloudWatch alarm that rolls the deployment back when it fires
    /// (`Alarms`; the alarm's name, e.g. an alarm resource's `Ref`); repeatable.
    /// Default: no alarms.
    pub fn alarm(mut self, alarm: impl Into<Value>) -> Self {
        self.alarms.push(alarm.into());
        self
    }

    /// A function CodeDeploy runs before shifting traffic (`Hooks.PreTraffic`).
    /// With SAM's CodeDeploy role it must be named `CodeDeployHook_…`
    /// (checked at synth), since that role may invoke only those.
    /// Default: none.
    #[track_caller]
    pub fn pre_traffic_hook(mut self, f: Ref<Function>) -> Self {
        self.pre = Some((f.id(), Problem::new("", "")));
        self
    }

    /// A function CodeDeploy runs after shifting traffic (`Hooks.PostTraffic`);
    /// named `CodeDeployHook_…` as for [`pre_traffic_hook`](Self::pre_traffic_hook).
    /// Default: none.
    #[track_caller]
    pub fn post_traffic_hook(mut self, f: Ref<Function>) -> Self {
        self.post = Some((f.id(), Problem::new("", "")));
        self
    }

    /// CodeDeploy's service role (`Role`, an ARN).
    /// Default: SAM generates `CodeDeployServiceRole`.
    pub fn role(mut self, arn: impl Into<Value>) -> Self {
        self.role = Some(arn.into());
        self
    }

    /// Turns the deployment on or off, e.g. by a condition (`Enabled`; a
    /// boolean or an expression).
    /// Default: enabled.
    pub fn enabled(mut self, on: impl Into<Value>) -> Self {
        self.enabled = Some(on.into());
        self
    }

    fn lower(self, handles: &mut Vec<HandleUse>) -> Value {
        let mut m = Map::new();
        m.insert("Type".into(), self.type_.name().into());
        if !self.alarms.is_empty() {
            m.insert("Alarms".into(), Value::Array(self.alarms));
        }
        let mut hooks = Map::new();
        let own_role = self.role.is_some();
        for (key, hook) in [("PreTraffic", self.pre), ("PostTraffic", self.post)] {
            if let Some((id, at)) = hook {
                hooks.insert(key.into(), json!({ "Ref": id }));
                handles.push(HandleUse {
                    path: format!("DeploymentPreference.Hooks.{key}"),
                    id,
                    kinds: &["function"],
                    at,
                    codedeploy_hook: !own_role,
                });
            }
        }
        if !hooks.is_empty() {
            m.insert("Hooks".into(), Value::Object(hooks));
        }
        if let Some(r) = self.role {
            m.insert("Role".into(), r);
        }
        if let Some(e) = self.enabled {
            m.insert("Enabled".into(), e);
        }
        Value::Object(m)
    }
}
