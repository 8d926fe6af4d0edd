//! SAM's `AWS::Serverless::SimpleTable` in the DSL: a DynamoDB table with a
//! single-attribute primary key.

use std::borrow::Cow;

use serde_json::{json, Value};

use crate::model::Ref;

use super::parts::{Parts, ResourceBuilder};
use super::App;

/// Type of a key attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    String,
    Number,
    Binary,
}

impl KeyType {
    /// SAM's name for the type (`String`).
    pub fn sam_name(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::Number => "Number",
            KeyType::Binary => "Binary",
        }
    }

    /// DynamoDB's code for the type (`S`).
    pub fn code(self) -> &'static str {
        match self {
            KeyType::String => "S",
            KeyType::Number => "N",
            KeyType::Binary => "B",
        }
    }
}

/// A SimpleTable definition.
#[derive(Debug, Clone, Default)]
pub struct SimpleTable {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for SimpleTable {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl SimpleTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// The hash key.
    /// Default: `id` of type String.
    pub fn primary_key(mut self, name: &str, key_type: KeyType) -> Self {
        self.parts.set(
            "primary_key",
            "PrimaryKey",
            json!({"Name": name, "Type": key_type.sam_name()}),
        );
        self
    }

    /// Provisioned read and write capacity units.
    /// Default: on-demand billing (`PAY_PER_REQUEST`).
    pub fn provisioned(mut self, read: u64, write: u64) -> Self {
        self.parts.set(
            "provisioned",
            "ProvisionedThroughput",
            json!({"ReadCapacityUnits": read, "WriteCapacityUnits": write}),
        );
        self
    }

    /// Physical table name.
    /// Default: CloudFormation generates a unique name.
    pub fn table_name(mut self, name: impl Into<Value>) -> Self {
        self.parts.set("table_name", "TableName", name.into());
        self
    }

    /// Server-side encryption with an AWS managed key.
    /// Default: DynamoDB's default encryption (AWS owned key).
    pub fn encrypted(mut self) -> Self {
        self.parts
            .set("encrypted", "SSESpecification", json!({"SSEEnabled": true}));
        self
    }

    /// Point-in-time recovery.
    /// Default: off.
    pub fn point_in_time_recovery(mut self) -> Self {
        self.parts.set(
            "point_in_time_recovery",
            "PointInTimeRecoverySpecification",
            json!({"PointInTimeRecoveryEnabled": true}),
        );
        self
    }

    /// Adds a tag.
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .map("tag", "Tags")
            .insert(key.to_string(), value.into());
        self
    }
}

impl App {
    /// Declares a SimpleTable; returns its handle.
    #[track_caller]
    pub fn simple_table(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        t: SimpleTable,
    ) -> Ref<SimpleTable> {
        self.declare(id, "table", "AWS::Serverless::SimpleTable", t.parts)
    }
}

impl Ref<SimpleTable> {
    /// The table's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }

    /// The table's ARN (`Fn::GetAtt: [T, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
}
