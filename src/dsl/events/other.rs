//! Push events that need no queue or stream: CloudWatch Logs subscription
//! filters (SAM `Type: CloudWatchLogs`), IoT topic rules (`Type: IoTRule`),
//! Cognito user pool triggers (`Type: Cognito`) and Alexa skills (`Type: AlexaSkill`).

use serde_json::{json, Value};

use crate::model::Ref;

use super::super::function::{Event, SamEvent};
use super::super::resource::CfnResource;
use super::Props;

/// Invokes the function with a log group's events matching a filter pattern.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let f = Function::new(Runtime::Python312, "logs.handler", Code::inline("..."))
///     .on("Errors", CloudWatchLogs::new("/aws/lambda/orders", "ERROR"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct CloudWatchLogs {
    e: Props,
}

impl CloudWatchLogs {
    /// Events of log group `log_group_name` (a name or expression) matching
    /// `filter_pattern` (`""` matches every event).
    #[track_caller]
    pub fn new(log_group_name: impl Into<Value>, filter_pattern: &str) -> Self {
        let mut e = Props::new();
        e.set("LogGroupName", log_group_name.into());
        e.set("FilterPattern", filter_pattern);
        CloudWatchLogs { e }
    }
}

impl Event for CloudWatchLogs {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("CloudWatchLogs")
    }
}

/// Invokes the function for MQTT messages an IoT SQL statement selects.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let f = Function::new(Runtime::Python312, "iot.handler", Code::inline("..."))
///     .on("Telemetry", IotRule::new("SELECT * FROM 'devices/+/telemetry'").sql_version("2016-03-23"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct IotRule {
    e: Props,
}

impl IotRule {
    /// Messages selected by `sql` (`SELECT * FROM 'topic/#'`).
    #[track_caller]
    pub fn new(sql: &str) -> Self {
        let mut e = Props::new();
        if !sql.trim_start().to_ascii_uppercase().starts_with("SELECT") {
            e.problem(
                "Sql",
                format!("'{sql}' is not an IoT SQL statement (SELECT … FROM 'topic')."),
            );
        }
        e.set("Sql", sql);
        IotRule { e }
    }

    /// The IoT SQL version (`2016-03-23`, `2015-10-08` or `beta`).
    /// Default: IoT's default (`2015-10-08`).
    #[track_caller]
    pub fn sql_version(mut self, v: &str) -> Self {
        if !matches!(v, "2016-03-23" | "2015-10-08" | "beta") {
            self.e.problem(
                "AwsIotSqlVersion",
                format!("'{v}' is not an IoT SQL version: 2016-03-23, 2015-10-08 or beta."),
            );
        }
        self.e.set("AwsIotSqlVersion", v);
        self
    }
}

impl Event for IotRule {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("IoTRule")
    }
}

/// A Cognito user pool trigger (a `LambdaConfig` entry of the pool).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CognitoTrigger {
    PreSignUp,
    PostConfirmation,
    PreAuthentication,
    PostAuthentication,
    PreTokenGeneration,
    CustomMessage,
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallengeResponse,
    UserMigration,
}

impl CognitoTrigger {
    /// Cognito's name for the trigger (`PreSignUp`).
    pub fn name(self) -> &'static str {
        match self {
            CognitoTrigger::PreSignUp => "PreSignUp",
            CognitoTrigger::PostConfirmation => "PostConfirmation",
            CognitoTrigger::PreAuthentication => "PreAuthentication",
            CognitoTrigger::PostAuthentication => "PostAuthentication",
            CognitoTrigger::PreTokenGeneration => "PreTokenGeneration",
            CognitoTrigger::CustomMessage => "CustomMessage",
            CognitoTrigger::DefineAuthChallenge => "DefineAuthChallenge",
            CognitoTrigger::CreateAuthChallenge => "CreateAuthChallenge",
            CognitoTrigger::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
            CognitoTrigger::UserMigration => "UserMigration",
        }
    }
}

/// Invokes the function as a trigger of a Cognito user pool declared in the
/// app (an `AWS::Cognito::UserPool` plain resource: SAM writes the trigger into it).
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("auth");
/// let pool = app.resource("Users", CfnResource::new("AWS::Cognito::UserPool"));
/// app.function(
///     "OnSignUp",
///     Function::new(Runtime::Python312, "auth.handler", Code::inline("..."))
///         .on("SignUp", Cognito::new(pool, CognitoTrigger::PreSignUp).and(CognitoTrigger::PostConfirmation)),
/// );
/// assert!(app.synth(&Context::new("us-east-1")).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct Cognito {
    e: Props,
    triggers: Vec<&'static str>,
}

impl Cognito {
    /// `trigger` of the user pool `pool`.
    #[track_caller]
    pub fn new(pool: Ref<CfnResource>, trigger: CognitoTrigger) -> Self {
        let mut e = Props::new();
        e.set("UserPool", pool.ref_());
        Cognito {
            e,
            triggers: vec![trigger.name()],
        }
    }

    /// Also `trigger`; repeatable.
    /// Default: only the constructor's trigger.
    #[track_caller]
    pub fn and(mut self, trigger: CognitoTrigger) -> Self {
        if self.triggers.contains(&trigger.name()) {
            self.e
                .problem("Trigger", format!("'{}' is listed twice.", trigger.name()));
        } else {
            self.triggers.push(trigger.name());
        }
        self
    }
}

impl Event for Cognito {
    fn into_sam(mut self) -> SamEvent {
        let t = match self.triggers.as_slice() {
            [one] => json!(one),
            many => json!(many),
        };
        self.e.set("Trigger", t);
        self.e.into_sam("Cognito")
    }
}

/// Invokes the function from an Alexa skill.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let f = Function::new(Runtime::Nodejs22, "skill.handler", Code::inline("..."))
///     .on("Skill", AlexaSkill::new().skill_id("amzn1.ask.skill.12345678-1234-1234-1234-123456789012"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct AlexaSkill {
    e: Props,
}

impl AlexaSkill {
    /// Any Alexa skill may invoke the function, until [`skill_id`](Self::skill_id) narrows it.
    #[track_caller]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        AlexaSkill { e: Props::new() }
    }

    /// Only this skill (`amzn1.ask.skill.…`) may invoke the function.
    /// Default: any skill (AWS advises verifying the skill ID).
    #[track_caller]
    pub fn skill_id(mut self, id: &str) -> Self {
        if !id.starts_with("amzn1.ask.skill.") {
            self.e.problem(
                "SkillId",
                format!("'{id}' is not an Alexa skill ID (amzn1.ask.skill.…)."),
            );
        }
        self.e.set("SkillId", id);
        self
    }
}

impl Event for AlexaSkill {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("AlexaSkill")
    }
}
