//! DynamoDB tables in the DSL (SAM's SimpleTable).

use serde_json::Value;

use crate::model::table::{PrimaryKey, Table as TableModel};
use crate::model::{Ref, Tags};
use crate::template::Expr;

/// Type of a table's hash key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    String,
    Number,
    Binary,
}

impl KeyType {
    fn code(self) -> &'static str {
        match self {
            KeyType::String => "S",
            KeyType::Number => "N",
            KeyType::Binary => "B",
        }
    }
}

/// A table definition.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub(crate) model: TableModel,
}

impl Table {
    pub fn new() -> Self {
        Self::default()
    }

    /// The hash key.
    /// Default: `id` of type String.
    pub fn primary_key(mut self, name: &str, key_type: KeyType) -> Self {
        self.model.primary_key = Some(PrimaryKey {
            name: name.into(),
            type_code: key_type.code(),
        });
        self
    }

    /// Provisioned read and write capacity units.
    /// Default: on-demand billing (`PAY_PER_REQUEST`).
    pub fn provisioned(mut self, read: u64, write: u64) -> Self {
        self.model.provisioned_throughput = Some(serde_json::json!({
            "ReadCapacityUnits": read,
            "WriteCapacityUnits": write
        }));
        self
    }

    /// Physical table name.
    /// Default: CloudFormation generates a unique name.
    pub fn table_name(mut self, name: impl Into<Value>) -> Self {
        self.model.table_name = Some(name.into());
        self
    }

    /// Server-side encryption with an AWS owned key.
    /// Default: DynamoDB's default encryption.
    pub fn encrypted(mut self) -> Self {
        self.model.sse_specification = Some(serde_json::json!({ "SSEEnabled": true }));
        self
    }

    /// Point-in-time recovery.
    /// Default: off.
    pub fn point_in_time_recovery(mut self) -> Self {
        self.model.point_in_time_recovery_specification =
            Some(serde_json::json!({ "PointInTimeRecoveryEnabled": true }));
        self
    }

    /// Adds a tag.
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.model
            .tags
            .get_or_insert_with(Tags::new)
            .insert(key.to_string(), value.into());
        self
    }
}

impl Ref<TableModel> {
    /// The table's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }

    /// The table's ARN (`Fn::GetAtt: [T, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }

    /// The table's stream ARN; the table must have a stream.
    pub fn stream_arn(&self) -> Value {
        Expr::get_att(self.id(), "StreamArn").into()
    }
}
