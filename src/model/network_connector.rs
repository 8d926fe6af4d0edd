//! A Lambda network connector (SAM's `AWS::Serverless::NetworkConnector`):
//! the VPC egress a Lambda compute type (MicroVM images, web functions) uses.

use serde_json::Value;

use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkConnector {
    pub id: String,
    pub attributes: Attributes,
    /// Default: CloudFormation names it.
    pub name: Option<Value>,
    /// `SubnetIds`, `SecurityGroupIds`, `NetworkProtocol`. Required.
    pub vpc_config: Map,
    /// The one compute type that may use the connector. Default: `[MicroVm]`.
    pub compute_types: Option<Vec<Value>>,
    /// The operator role's ARN. Default: SAM generates `<Id>OperatorRole`.
    pub operator_role: Option<Value>,
    pub tags: Option<Tags>,
    /// Whether `tags` are added to the generated role's. Default: false.
    pub propagate_tags: bool,
}

type Map = serde_json::Map<String, Value>;
