//! SQS events (SAM `Type: SQS`): an event source mapping polling a queue.

use serde_json::json;

use super::super::function::{Event, SamEvent};
use super::handles::QueueHandle;
use super::{pull_setters, Props};

/// Invokes the function with batches of messages from a queue, declared
/// (`Ref<Queue>`) or imported (`Queue::import(arn)`).
///
/// ```
/// use std::time::Duration;
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("jobs");
/// let jobs = app.queue("Jobs", Queue::new().visibility_timeout(Duration::from_secs(180)));
/// app.function(
///     "Worker",
///     Function::new(Runtime::Python312, "worker.handler", Code::inline("..."))
///         .on(
///             "Jobs",
///             Sqs::new(jobs)
///                 .batch_size(50)
///                 .batching_window(Duration::from_secs(5))
///                 .max_concurrency(10)
///                 .report_batch_item_failures(),
///         ),
/// );
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("WorkerJobs").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct Sqs {
    pub(crate) e: Props,
}

impl Sqs {
    /// Messages from `queue`.
    #[track_caller]
    pub fn new(queue: impl QueueHandle) -> Self {
        let mut e = Props::new();
        e.set("Queue", queue.queue_arn());
        Sqs { e }
    }

    /// At most this many concurrent invocations for this queue, 2 to 1,000
    /// (`ScalingConfig.MaximumConcurrency`).
    /// Default: no limit beyond the function's concurrency.
    #[track_caller]
    pub fn max_concurrency(mut self, n: u32) -> Self {
        if !(2..=1000).contains(&n) {
            self.e.problem(
                "ScalingConfig",
                format!("maximum concurrency {n} is outside Lambda's range of 2 to 1000."),
            );
        }
        self.e
            .set("ScalingConfig", json!({"MaximumConcurrency": n}));
        self
    }

    /// The function reports which messages failed (`ReportBatchItemFailures`),
    /// so only those return to the queue.
    /// Default: a failure returns the whole batch.
    pub fn report_batch_item_failures(mut self) -> Self {
        self.e
            .set("FunctionResponseTypes", json!(["ReportBatchItemFailures"]));
        self
    }

    /// Decrypts the filter criteria with this KMS key.
    /// Default: an AWS owned key.
    pub fn kms_key(mut self, arn: impl Into<serde_json::Value>) -> Self {
        self.e.set("KmsKeyArn", arn.into());
        self
    }
}

pull_setters!(Sqs);

impl Event for Sqs {
    fn into_sam(mut self) -> SamEvent {
        // Lambda: a standard queue's batch above 10 needs a batching window.
        let big = self
            .e
            .map
            .get("BatchSize")
            .and_then(|v| v.as_i64())
            .is_some_and(|n| n > 10);
        let window = self
            .e
            .map
            .get("MaximumBatchingWindowInSeconds")
            .and_then(|v| v.as_i64())
            .unwrap_or(0);
        if big && window < 1 {
            self.e.late_problem(
                "BatchSize",
                "a batch size above 10 needs a batching window of at least 1 second (`.batching_window(…)`), as Lambda requires.",
            );
        }
        self.e.into_sam("SQS")
    }
}
