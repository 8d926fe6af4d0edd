//! Scheduled events: SAM's `Type: Schedule` (an EventBridge rule) and
//! `Type: ScheduleV2` (an EventBridge Scheduler schedule, with time zones,
//! flexible windows and one-time schedules). Rate and cron expressions are
//! checked where they are written ([`super::cron`]).

use std::time::Duration;

use serde_json::{json, Value};

use super::super::function::{Event, SamEvent};
use super::cron::{check_at, check_cron, rate_expression};
use super::handles::QueueHandle;
use super::Props;

/// The unit of a rate expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
}

impl Unit {
    fn singular(self) -> &'static str {
        match self {
            Unit::Minutes => "minute",
            Unit::Hours => "hour",
            Unit::Days => "day",
        }
    }
}

/// Starts an event's properties with a checked expression under `key`.
#[track_caller]
fn rate(key: &str, value: u32, unit: Unit) -> Props {
    let mut e = Props::new();
    match rate_expression(value, unit.singular()) {
        Ok(expr) => e.set(key, expr),
        Err(why) => {
            e.problem(key, why);
            e.set(key, format!("rate({value} {}s)", unit.singular()));
        }
    }
    e
}

#[track_caller]
fn cron(key: &str, fields: &str) -> Props {
    let mut e = Props::new();
    if let Err(why) = check_cron(fields) {
        e.problem(key, why);
    }
    e.set(key, format!("cron({})", fields.trim()));
    e
}

/// Writes `(max attempts, max age)` as a `RetryPolicy`, within EventBridge's limits.
#[track_caller]
pub(super) fn retry_policy(e: &mut Props, attempts: u32, max_age: Duration) {
    let age = max_age.as_secs();
    if attempts > 185 {
        e.problem(
            "RetryPolicy.MaximumRetryAttempts",
            format!("{attempts} is outside EventBridge's range of 0 to 185."),
        );
    }
    if !(60..=86_400).contains(&age) || max_age.subsec_nanos() != 0 {
        e.problem(
            "RetryPolicy.MaximumEventAgeInSeconds",
            format!("{max_age:?} is not a whole number of seconds from 60 to 86400 (EventBridge's limits)."),
        );
    }
    e.set(
        "RetryPolicy",
        json!({"MaximumRetryAttempts": attempts, "MaximumEventAgeInSeconds": age}),
    );
}

/// Checks a rule or schedule name: 1 to 64 letters, digits, `.`, `-`, `_`.
#[track_caller]
fn name(e: &mut Props, key: &str, n: &str) {
    let ok = (1..=64).contains(&n.len())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !ok {
        e.problem(
            key,
            format!("'{n}' is not a name: 1 to 64 letters, digits, '.', '-' or '_'."),
        );
    }
    e.set(key, n);
}

/// Invokes the function on a schedule, through an EventBridge rule (SAM's
/// `Type: Schedule`).
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let f = Function::new(Runtime::Python312, "cleanup.handler", Code::inline("..."))
///     .on("Every5Minutes", Schedule::rate(5, Unit::Minutes))
///     .on("Nightly", Schedule::cron("0 3 * * ? *").description("nightly cleanup"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct Schedule {
    e: Props,
}

impl Schedule {
    /// Every `value` `unit`s (`rate(5 minutes)`); `value` must be at least 1.
    #[track_caller]
    pub fn rate(value: u32, unit: Unit) -> Self {
        Schedule {
            e: rate("Schedule", value, unit),
        }
    }

    /// At the times an EventBridge cron expression's six fields give
    /// (`"0 3 * * ? *"`: minutes hours day-of-month month day-of-week year, UTC).
    #[track_caller]
    pub fn cron(fields: &str) -> Self {
        Schedule {
            e: cron("Schedule", fields),
        }
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.e.set("Description", d);
        self
    }

    /// The rule's name (1 to 64 letters, digits, `.`, `-`, `_`).
    /// Default: CloudFormation generates one.
    #[track_caller]
    pub fn name(mut self, n: &str) -> Self {
        name(&mut self.e, "Name", n);
        self
    }

    /// The JSON the function receives instead of the scheduled event.
    /// Default: the scheduled event.
    pub fn input(mut self, input: Value) -> Self {
        self.e.set("Input", input.to_string());
        self
    }

    /// Creates the rule disabled (`State: DISABLED`).
    /// Default: enabled.
    pub fn disabled(mut self) -> Self {
        self.e.set("State", "DISABLED");
        self
    }

    /// Sends events the rule could not deliver to `queue` (the app must let
    /// EventBridge send to it; [`generated_dead_letter_queue`](Self::generated_dead_letter_queue)
    /// has SAM make a queue and its policy).
    /// Default: undelivered events are dropped.
    pub fn dead_letter_queue(mut self, queue: impl QueueHandle) -> Self {
        self.e
            .set("DeadLetterConfig", json!({"Arn": queue.queue_arn()}));
        self
    }

    /// Sends undelivered events to a queue SAM generates (`<Fn><Event>Queue`) with its policy.
    /// Default: undelivered events are dropped.
    pub fn generated_dead_letter_queue(mut self) -> Self {
        self.e.set("DeadLetterConfig", json!({"Type": "SQS"}));
        self
    }

    /// Retries delivery up to `attempts` times (0 to 185) within `max_age` (60 s to 24 h).
    /// Default: EventBridge's (185 attempts within 24 hours).
    #[track_caller]
    pub fn retry_policy(mut self, attempts: u32, max_age: Duration) -> Self {
        retry_policy(&mut self.e, attempts, max_age);
        self
    }
}

impl Event for Schedule {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("Schedule")
    }
}

/// Invokes the function on a schedule of EventBridge Scheduler (SAM's
/// `Type: ScheduleV2`): time zones, flexible windows, start and end dates,
/// one-time schedules.
///
/// ```
/// use std::time::Duration;
/// use stackwright::dsl::prelude::*;
///
/// let f = Function::new(Runtime::Python312, "report.handler", Code::inline("..."))
///     .on(
///         "Weekly",
///         ScheduleV2::cron("0 9 ? * MON *")
///             .timezone("Europe/Paris")
///             .flexible_window(Duration::from_secs(15 * 60)),
///     );
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct ScheduleV2 {
    e: Props,
}

impl ScheduleV2 {
    /// Every `value` `unit`s; `value` must be at least 1.
    #[track_caller]
    pub fn rate(value: u32, unit: Unit) -> Self {
        ScheduleV2 {
            e: rate("ScheduleExpression", value, unit),
        }
    }

    /// At the times an EventBridge cron expression's six fields give
    /// (in UTC unless [`timezone`](Self::timezone) says otherwise).
    #[track_caller]
    pub fn cron(fields: &str) -> Self {
        ScheduleV2 {
            e: cron("ScheduleExpression", fields),
        }
    }

    /// Once, at `yyyy-mm-ddThh:mm:ss` (in UTC unless [`timezone`](Self::timezone) says otherwise).
    #[track_caller]
    pub fn at(date_time: &str) -> Self {
        let mut e = Props::new();
        if let Err(why) = check_at(date_time) {
            e.problem("ScheduleExpression", why);
        }
        e.set("ScheduleExpression", format!("at({date_time})"));
        ScheduleV2 { e }
    }

    /// The time zone of the expression (an IANA name, `America/New_York`).
    /// Default: UTC.
    pub fn timezone(mut self, tz: &str) -> Self {
        self.e.set("ScheduleExpressionTimezone", tz);
        self
    }

    /// Lets the invocation happen up to `window` (1 to 1,440 whole minutes) after the scheduled time.
    /// Default: exactly on time (`Mode: OFF`).
    #[track_caller]
    pub fn flexible_window(mut self, window: Duration) -> Self {
        let secs = window.as_secs();
        let minutes = secs / 60;
        if !secs.is_multiple_of(60) || window.subsec_nanos() != 0 || !(1..=1440).contains(&minutes)
        {
            self.e.problem(
                "FlexibleTimeWindow",
                format!("{window:?} is not a whole number of minutes from 1 to 1440 (EventBridge Scheduler's limits)."),
            );
        }
        self.e.set(
            "FlexibleTimeWindow",
            json!({"Mode": "FLEXIBLE", "MaximumWindowInMinutes": minutes}),
        );
        self
    }

    /// No invocation before this date (ISO 8601, `2027-01-01T00:00:00Z`).
    /// Default: from creation.
    pub fn start_date(mut self, d: &str) -> Self {
        self.e.set("StartDate", d);
        self
    }

    /// No invocation after this date (ISO 8601).
    /// Default: no end.
    pub fn end_date(mut self, d: &str) -> Self {
        self.e.set("EndDate", d);
        self
    }

    /// The schedule group.
    /// Default: the `default` group.
    pub fn group_name(mut self, g: &str) -> Self {
        self.e.set("GroupName", g);
        self
    }

    /// Encrypts the schedule's target input with this KMS key.
    /// Default: an AWS owned key.
    pub fn kms_key(mut self, arn: impl Into<Value>) -> Self {
        self.e.set("KmsKeyArn", arn.into());
        self
    }

    /// The JSON the function receives.
    /// Default: an empty event.
    pub fn input(mut self, input: Value) -> Self {
        self.e.set("Input", input.to_string());
        self
    }

    /// The role Scheduler assumes to invoke the function.
    /// Default: SAM generates `<Fn><Event>Role`.
    pub fn role(mut self, arn: impl Into<Value>) -> Self {
        self.e.set("RoleArn", arn.into());
        self
    }

    /// The permissions boundary of the generated role.
    /// Default: none.
    pub fn permissions_boundary(mut self, arn: impl Into<Value>) -> Self {
        self.e.set("PermissionsBoundary", arn.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.e.set("Description", d);
        self
    }

    /// The schedule's name (1 to 64 letters, digits, `.`, `-`, `_`).
    /// Default: the event's generated ID (`<Fn><Event>`).
    #[track_caller]
    pub fn name(mut self, n: &str) -> Self {
        name(&mut self.e, "Name", n);
        self
    }

    /// Writes no name, letting CloudFormation generate one.
    /// Default: the event's generated ID.
    pub fn omit_name(mut self) -> Self {
        self.e.set("OmitName", true);
        self
    }

    /// Creates the schedule disabled (`State: DISABLED`).
    /// Default: enabled.
    pub fn disabled(mut self) -> Self {
        self.e.set("State", "DISABLED");
        self
    }

    /// Sends events Scheduler could not deliver to `queue`.
    /// Default: undelivered events are dropped.
    pub fn dead_letter_queue(mut self, queue: impl QueueHandle) -> Self {
        self.e
            .set("DeadLetterConfig", json!({"Arn": queue.queue_arn()}));
        self
    }

    /// Sends undelivered events to a queue SAM generates (`<Fn><Event>Queue`).
    /// Default: undelivered events are dropped.
    pub fn generated_dead_letter_queue(mut self) -> Self {
        self.e.set("DeadLetterConfig", json!({"Type": "SQS"}));
        self
    }

    /// Retries delivery up to `attempts` times (0 to 185) within `max_age` (60 s to 24 h).
    /// Default: Scheduler's (185 attempts within 24 hours).
    #[track_caller]
    pub fn retry_policy(mut self, attempts: u32, max_age: Duration) -> Self {
        retry_policy(&mut self.e, attempts, max_age);
        self
    }
}

impl Event for ScheduleV2 {
    fn into_sam(mut self) -> SamEvent {
        if self.e.has("OmitName") && self.e.has("Name") {
            self.e.late_problem(
                "Name",
                "a schedule given a name cannot also omit it (`.omit_name()`).",
            );
            // Reported once: SAM would report the pair again.
            self.e.map.shift_remove("OmitName");
        }
        self.e.into_sam("ScheduleV2")
    }
}
