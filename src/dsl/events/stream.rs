//! Stream events (SAM `Type: DynamoDB` and `Type: Kinesis`): an event source
//! mapping reading a DynamoDB table's stream or a Kinesis data stream.
//!
//! A DynamoDB stream event takes a `Ref<Table<WithStream>>`: a table declared
//! without `.stream(…)` has no stream to read, and does not compile here.

use serde_json::Value;

use crate::model::Ref;

use super::super::function::{Event, SamEvent};
use super::super::table::{Table, WithStream};
use super::{pull_setters, stream_setters, Props};

/// Where a DynamoDB stream mapping starts reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStart {
    /// Only records written after the mapping is created.
    Latest,
    /// The oldest record still in the stream (24 hours).
    TrimHorizon,
}

impl StreamStart {
    fn name(self) -> &'static str {
        match self {
            StreamStart::Latest => "LATEST",
            StreamStart::TrimHorizon => "TRIM_HORIZON",
        }
    }
}

/// Where a Kinesis, Kafka or DocumentDB mapping starts reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StartingPosition {
    /// Only records written after the mapping is created.
    Latest,
    /// The oldest record still in the stream.
    TrimHorizon,
    /// Records from this Unix time (seconds) on.
    AtTimestamp(f64),
}

impl StartingPosition {
    pub(crate) fn write(self, e: &mut Props) {
        match self {
            StartingPosition::Latest => e.set("StartingPosition", "LATEST"),
            StartingPosition::TrimHorizon => e.set("StartingPosition", "TRIM_HORIZON"),
            StartingPosition::AtTimestamp(t) => {
                e.set("StartingPosition", "AT_TIMESTAMP");
                e.set("StartingPositionTimestamp", t);
            }
        }
    }
}

/// A table whose stream a DynamoDB stream event can read: only a table
/// declared with `.stream(…)` (`Ref<Table<WithStream>>`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no stream for a DynamoDB stream event to read",
    label = "this table was declared without a stream",
    note = "declare the table with `.stream(StreamView::NewImage)` (or another view): only a `Table<WithStream>` feeds a DynamoDB stream event"
)]
pub trait StreamTable {
    #[doc(hidden)]
    fn stream_arn_expr(&self) -> Value;
}

impl StreamTable for Ref<Table<WithStream>> {
    fn stream_arn_expr(&self) -> Value {
        self.stream_arn()
    }
}

/// Invokes the function with batches of a DynamoDB table's stream records.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("orders");
/// let orders = app.table("Orders", Table::new("pk", KeyType::String).stream(StreamView::NewImage));
/// app.function(
///     "Projector",
///     Function::new(Runtime::Python312, "p.handler", Code::inline("..."))
///         .on(
///             "Changes",
///             DynamoDbStream::new(orders, StreamStart::TrimHorizon)
///                 .batch_size(100)
///                 .max_retry_attempts(3)
///                 .report_batch_item_failures(),
///         ),
/// );
/// assert!(app.synth(&Context::new("us-east-1")).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct DynamoDbStream {
    pub(crate) e: Props,
}

impl DynamoDbStream {
    /// Records of `table`'s stream, from `start`.
    #[track_caller]
    pub fn new(table: impl StreamTable, start: StreamStart) -> Self {
        let mut e = Props::new();
        e.set("Stream", table.stream_arn_expr());
        e.set("StartingPosition", start.name());
        DynamoDbStream { e }
    }
}

pull_setters!(DynamoDbStream);
stream_setters!(DynamoDbStream);

impl Event for DynamoDbStream {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("DynamoDB")
    }
}

/// Invokes the function with batches of a Kinesis data stream's records.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let clicks = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks";
/// let f = Function::new(Runtime::Python312, "c.handler", Code::inline("..."))
///     .on("Clicks", Kinesis::new(clicks, StartingPosition::Latest).parallelization_factor(2));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct Kinesis {
    pub(crate) e: Props,
}

impl Kinesis {
    /// Records of the stream with ARN `stream` (or of a stream consumer's ARN,
    /// for enhanced fan-out), from `start`.
    #[track_caller]
    pub fn new(stream: impl Into<Value>, start: StartingPosition) -> Self {
        let mut e = Props::new();
        e.set("Stream", stream.into());
        start.write(&mut e);
        Kinesis { e }
    }
}

pull_setters!(Kinesis);
stream_setters!(Kinesis);

impl Event for Kinesis {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("Kinesis")
    }
}
