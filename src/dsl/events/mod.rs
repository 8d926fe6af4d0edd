//! Function event sources: one type per SAM event type, each implementing
//! [`Event`](super::function::Event) so it attaches with `Function::on(name, event)`.
//! Each writes exactly the properties of SAM's event (in the order a SAM
//! template lists them), so a DSL app and its SAM twin synthesize the same
//! CloudFormation; SAM's own checks then apply to both.
//!
//! What the types can refuse, they do: a DynamoDB stream event takes only a
//! `Ref<Table<WithStream>>`, an SQS event only a queue, an S3 event only a
//! bucket declared in the app. Values Lambda, EventBridge or S3 bound (batch
//! sizes and windows, retry counts, record ages, cron and rate expressions)
//! are checked where they are written: a problem carries the caller's file
//! and line and is reported at synth, naming the function, event and property.
//!
//! Families: [`sqs`], [`stream`] (DynamoDB, Kinesis), [`kafka`] (MSK,
//! self-managed Kafka), [`broker`] (MQ, DocumentDB), [`s3`], [`sns`],
//! [`schedule`] (Schedule, ScheduleV2, cron and rate), [`eventbridge`],
//! [`other`] (CloudWatch Logs, IoT rules, Cognito, Alexa).

pub mod broker;
mod checks;
pub mod cron;
pub mod eventbridge;
pub mod handles;
pub mod kafka;
pub mod other;
mod policies;
pub mod s3;
pub mod schedule;
pub mod sns;
pub mod sqs;
pub mod stream;

use std::panic::Location;
use std::time::Duration;

use serde_json::{json, Map, Value};

use super::function::SamEvent;
use super::parts::Problem;

pub use broker::{DocumentDb, FullDocument, Mq};
pub use eventbridge::EventRule;
pub use handles::{BucketHandle, EventBusHandle, Imported, QueueHandle, TopicHandle};
pub use kafka::{KafkaAccess, Msk, SelfManagedKafka};
pub use other::{AlexaSkill, CloudWatchLogs, Cognito, CognitoTrigger, IotRule};
pub use s3::{NotifyingBucket, S3EventType, S3};
pub use schedule::{Schedule, ScheduleV2, Unit};
pub use sns::{FilterScope, Sns};
pub use sqs::Sqs;
pub use stream::{DynamoDbStream, Kinesis, StartingPosition, StreamStart, StreamTable};

/// An event's properties under construction, and the problems its setters found.
#[derive(Debug, Clone)]
pub(crate) struct Props {
    pub(crate) map: Map<String, Value>,
    pub(crate) problems: Vec<Problem>,
    /// Where the event was created: checks that involve several setters
    /// (made when the event is attached) are reported there.
    pub(crate) at: &'static Location<'static>,
}

impl Props {
    #[track_caller]
    pub(crate) fn new() -> Self {
        Props {
            map: Map::new(),
            problems: Vec::new(),
            at: Location::caller(),
        }
    }

    pub(crate) fn set(&mut self, key: &str, v: impl Into<Value>) {
        self.map.insert(key.to_string(), v.into());
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    #[track_caller]
    pub(crate) fn problem(&mut self, key: &str, message: impl Into<String>) {
        self.problems.push(Problem::new(key, message));
    }

    /// A problem found when the event is attached, reported where it was created.
    pub(crate) fn late_problem(&mut self, key: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            path: key.to_string(),
            message: message.into(),
            at: Some(self.at),
        });
    }

    /// Writes integer `v` under `key`, reporting it when outside `min..=max`.
    #[track_caller]
    pub(crate) fn int(&mut self, key: &str, v: i64, min: i64, max: i64, limits: &str) {
        if !(min..=max).contains(&v) {
            self.problem(
                key,
                format!("{v} is outside {limits}'s range of {min} to {max}."),
            );
        }
        self.set(key, v);
    }

    /// Writes a duration as whole seconds under `key`, reporting it when not
    /// whole or outside `min..=max`.
    #[track_caller]
    pub(crate) fn seconds(&mut self, key: &str, d: Duration, min: u64, max: u64, limits: &str) {
        let s = d.as_secs();
        if !(min..=max).contains(&s) || d.subsec_nanos() != 0 {
            self.problem(
                key,
                format!("{d:?} is not a whole number of seconds from {min} to {max} ({limits}'s limits)."),
            );
        }
        self.set(key, s);
    }

    /// Adds an event filter (`FilterCriteria.Filters[].Pattern`, a JSON string).
    pub(crate) fn filter(&mut self, pattern: &Value) {
        let entry = json!({"Pattern": pattern_string(pattern)});
        let fc = self
            .map
            .entry("FilterCriteria")
            .or_insert_with(|| json!({"Filters": []}));
        if let Some(list) = fc.get_mut("Filters").and_then(Value::as_array_mut) {
            list.push(entry);
        }
    }

    pub(crate) fn into_sam(self, type_: &'static str) -> SamEvent {
        SamEvent {
            type_,
            properties: self.map,
            problems: self.problems,
        }
    }
}

/// A filter pattern as Lambda takes it: JSON text (a string is taken as already written).
fn pattern_string(pattern: &Value) -> String {
    match pattern {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Setters every pull event (event source mapping) shares, with Lambda's limits.
macro_rules! pull_setters {
    ($ty:ty) => {
        impl $ty {
            /// Records per invocation, 1 to 10,000.
            /// Default: Lambda's default for the source (10 for SQS, 100 for streams and brokers).
            #[track_caller]
            pub fn batch_size(mut self, n: u32) -> Self {
                self.e.int("BatchSize", n.into(), 1, 10_000, "Lambda");
                self
            }

            /// How long Lambda gathers records before invoking, 0 to 300 s.
            /// Default: 0 (invoke as soon as records arrive).
            #[track_caller]
            pub fn batching_window(mut self, d: std::time::Duration) -> Self {
                self.e
                    .seconds("MaximumBatchingWindowInSeconds", d, 0, 300, "Lambda");
                self
            }

            /// Invokes the function only for records matching `pattern` (an
            /// EventBridge-style pattern, e.g. `json!({"body": {"type": ["order"]}})`);
            /// repeatable, a record matching any pattern passes.
            /// Default: every record.
            pub fn filter(mut self, pattern: serde_json::Value) -> Self {
                self.e.filter(&pattern);
                self
            }

            /// Creates the mapping paused (`Enabled: false`).
            /// Default: enabled.
            pub fn disabled(mut self) -> Self {
                self.e.set("Enabled", false);
                self
            }
        }
    };
}
pub(crate) use pull_setters;

/// Setters of stream-like pull events (DynamoDB, Kinesis): retries, record
/// age, bisecting, parallelism, tumbling windows, failure destination and
/// partial batch responses.
macro_rules! stream_setters {
    ($ty:ty) => {
        impl $ty {
            /// Retries of a failed batch, -1 (until the record expires) to 10,000.
            /// Default: -1.
            #[track_caller]
            pub fn max_retry_attempts(mut self, n: i32) -> Self {
                self.e
                    .int("MaximumRetryAttempts", n.into(), -1, 10_000, "Lambda");
                self
            }

            /// Skips records older than this, 60 to 604,800 s (7 days).
            /// Default: -1 (no limit: records are retried until they expire).
            #[track_caller]
            pub fn max_record_age(mut self, d: std::time::Duration) -> Self {
                self.e
                    .seconds("MaximumRecordAgeInSeconds", d, 60, 604_800, "Lambda");
                self
            }

            /// Splits a failing batch in two and retries each half.
            /// Default: off.
            pub fn bisect_on_error(mut self) -> Self {
                self.e.set("BisectBatchOnFunctionError", true);
                self
            }

            /// Batches processed at once per shard, 1 to 10.
            /// Default: 1.
            #[track_caller]
            pub fn parallelization_factor(mut self, n: u32) -> Self {
                self.e
                    .int("ParallelizationFactor", n.into(), 1, 10, "Lambda");
                self
            }

            /// Aggregates records in tumbling windows of this length, 0 to 900 s.
            /// Default: no windows.
            #[track_caller]
            pub fn tumbling_window(mut self, d: std::time::Duration) -> Self {
                self.e
                    .seconds("TumblingWindowInSeconds", d, 0, 900, "Lambda");
                self
            }

            /// The function reports which records failed (`ReportBatchItemFailures`),
            /// so only those are retried.
            /// Default: a failure retries the whole batch.
            pub fn report_batch_item_failures(mut self) -> Self {
                self.e
                    .set("FunctionResponseTypes", serde_json::json!(["ReportBatchItemFailures"]));
                self
            }

            /// Sends a discarded batch's details to this queue.
            /// Default: discarded batches are dropped.
            pub fn on_failure_queue(mut self, q: impl $crate::dsl::events::QueueHandle) -> Self {
                self.e.set(
                    "DestinationConfig",
                    serde_json::json!({"OnFailure": {"Type": "SQS", "Destination": q.queue_arn()}}),
                );
                self
            }

            /// Sends a discarded batch's details to this topic.
            /// Default: discarded batches are dropped.
            pub fn on_failure_topic(mut self, t: impl $crate::dsl::events::TopicHandle) -> Self {
                self.e.set(
                    "DestinationConfig",
                    serde_json::json!({"OnFailure": {"Type": "SNS", "Destination": t.topic_arn()}}),
                );
                self
            }
        }
    };
}
pub(crate) use stream_setters;

pub(crate) use checks::check_handles;
pub(crate) use policies::queue_policies;
