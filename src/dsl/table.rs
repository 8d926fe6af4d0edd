//! SAM's `AWS::Serverless::SimpleTable` in the DSL: a DynamoDB table with a
//! single-attribute primary key; and full `AWS::DynamoDB::Table`s.

use std::borrow::Cow;
use std::marker::PhantomData;

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

/// Type-state of a [`Table`] without a stream: it offers no stream ARN and
/// cannot feed a stream event.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStream;

/// Type-state of a [`Table`] with a stream (see [`Table::stream`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct WithStream;

/// What a table's stream records for each change (`StreamViewType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamView {
    KeysOnly,
    NewImage,
    OldImage,
    NewAndOldImages,
}

impl StreamView {
    pub fn name(self) -> &'static str {
        match self {
            StreamView::KeysOnly => "KEYS_ONLY",
            StreamView::NewImage => "NEW_IMAGE",
            StreamView::OldImage => "OLD_IMAGE",
            StreamView::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }
}

/// A full DynamoDB table (`AWS::DynamoDB::Table`). A table is data, so its
/// `DeletionPolicy` and `UpdateReplacePolicy` are `Retain` unless set.
/// `S` records whether it has a stream ([`NoStream`] or [`WithStream`]).
#[derive(Debug, Clone)]
pub struct Table<S = NoStream> {
    pub(crate) parts: Parts,
    _stream: PhantomData<S>,
}

impl<S> ResourceBuilder for Table<S> {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Table<NoStream> {
    /// A table keyed by `partition_key` of type `key_type`, billed on demand.
    pub fn new(partition_key: &str, key_type: KeyType) -> Self {
        let mut parts = Parts::new();
        parts.set(
            "new",
            "AttributeDefinitions",
            json!([{"AttributeName": partition_key, "AttributeType": key_type.code()}]),
        );
        parts.set(
            "new",
            "KeySchema",
            json!([{"AttributeName": partition_key, "KeyType": "HASH"}]),
        );
        parts.set("new", "BillingMode", "PAY_PER_REQUEST");
        Table {
            parts,
            _stream: PhantomData,
        }
    }

    /// Turns on the table's stream; only a table with a stream offers
    /// `stream_arn()` and feeds stream events.
    /// Default: no stream.
    pub fn stream(mut self, view: StreamView) -> Table<WithStream> {
        self.parts.set(
            "stream",
            "StreamSpecification",
            json!({"StreamViewType": view.name()}),
        );
        Table {
            parts: self.parts,
            _stream: PhantomData,
        }
    }
}

impl App {
    /// Declares a full DynamoDB table; returns its handle.
    #[track_caller]
    pub fn table<S>(&mut self, id: impl Into<Cow<'static, str>>, t: Table<S>) -> Ref<Table<S>> {
        let mut parts = t.parts;
        for attr in ["DeletionPolicy", "UpdateReplacePolicy"] {
            if !parts.attributes().contains_key(attr) {
                parts.attr(attr, "Retain".into());
            }
        }
        self.declare(id, "table", "AWS::DynamoDB::Table", parts)
    }
}

impl<S> Ref<Table<S>> {
    /// The table's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }

    /// The table's ARN (`Fn::GetAtt: [T, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
}

impl Ref<Table<WithStream>> {
    /// The table's stream ARN (`Fn::GetAtt: [T, StreamArn]`).
    pub fn stream_arn(&self) -> Value {
        self.get_att("StreamArn")
    }
}
