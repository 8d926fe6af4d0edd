//! `AWS::ApiGatewayV2::*` (HTTP and WebSocket APIs).

#[allow(unused_imports)]
use serde::Serialize;
#[allow(unused_imports)]
use serde_json::{Map, Value};

#[allow(unused_imports)]
use super::ResourceType;
