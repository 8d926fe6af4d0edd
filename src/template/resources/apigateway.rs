//! `AWS::ApiGateway::*` (REST APIs).

use serde::Serialize;
use serde_json::{Map, Value};

use super::ResourceType;

/// `AWS::ApiGateway::RestApi`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestApi {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_s3_location: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl ResourceType for RestApi {
    const TYPE: &'static str = "AWS::ApiGateway::RestApi";
}

/// `AWS::ApiGateway::Deployment`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Deployment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    pub rest_api_id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_name: Option<Value>,
}

impl ResourceType for Deployment {
    const TYPE: &'static str = "AWS::ApiGateway::Deployment";
}

/// `AWS::ApiGateway::Stage`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stage {
    pub deployment_id: Value,
    pub rest_api_id: Value,
    pub stage_name: Value,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl ResourceType for Stage {
    const TYPE: &'static str = "AWS::ApiGateway::Stage";
}
