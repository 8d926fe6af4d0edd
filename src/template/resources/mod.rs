//! Typed property structs for the CloudFormation resources the transform
//! generates, one file per AWS service (named as CloudFormation spells it).
//! Fields serialize in declaration order; unset optional fields are omitted.

pub mod apigateway;
pub mod apigatewayv2;
pub mod appsync;
pub mod dynamodb;
pub mod events;
pub mod iam;
pub mod iot;
pub mod lambda;
pub mod logs;
pub mod route53;
pub mod scheduler;
pub mod sns;
pub mod sqs;
pub mod stepfunctions;

use serde::Serialize;

/// A CloudFormation resource type's properties, naming the type they belong to.
pub trait ResourceType: Serialize {
    const TYPE: &'static str;
}
