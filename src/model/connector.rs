//! A connector (SAM's `AWS::Serverless::Connector`, or a `Connectors` entry
//! on another resource): the permissions one resource needs on another,
//! which the transform turns into policies from SAM's connector profiles.

use serde_json::{Map, Value};

use super::Attributes;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Connector {
    /// The connector's logical ID (`<Resource><Name>` when embedded).
    pub id: String,
    pub attributes: Attributes,
    /// `{Id, Qualifier?}` naming a resource of the template, or `{Type, Arn, …}`.
    pub source: Map<String, Value>,
    /// One destination or several (then generated IDs carry `Destination<N>`).
    pub destinations: Vec<Map<String, Value>>,
    pub multi_destination: bool,
    /// Access categories: `Read`, `Write`.
    pub permissions: Vec<String>,
}
