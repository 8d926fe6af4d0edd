//! A DynamoDB table with a single-attribute primary key (SAM's SimpleTable).

use serde_json::Value;

use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub id: String,
    pub attributes: Attributes,
    /// Default: `id` of type String (`S`).
    pub primary_key: Option<PrimaryKey>,
    /// Default: on-demand billing (`PAY_PER_REQUEST`).
    pub provisioned_throughput: Option<Value>,
    pub table_name: Option<Value>,
    pub sse_specification: Option<Value>,
    pub point_in_time_recovery_specification: Option<Value>,
    pub tags: Option<Tags>,
}

/// The hash key: a name and a DynamoDB attribute type code (`S`, `N`, `B`).
#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryKey {
    pub name: Value,
    pub type_code: &'static str,
}

impl PrimaryKey {
    /// SAM's type names to DynamoDB's codes.
    pub fn type_code(sam_type: &str) -> Option<&'static str> {
        match sam_type {
            "String" => Some("S"),
            "Number" => Some("N"),
            "Binary" => Some("B"),
            _ => None,
        }
    }
}
