//! Plain CloudFormation resources: the DSL's bottom layer (CDK's `Cfn*`
//! constructs), for any resource type the typed builders do not cover. The
//! resource is passed through to the template as written, and its handle gives
//! `Ref` and `Fn::GetAtt` expressions.

use std::borrow::Cow;

use serde_json::Value;

use crate::model::Ref;

use super::parts::{Parts, ResourceBuilder};
use super::App;

/// A plain CloudFormation resource of any type.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("demo");
/// let key = app.resource(
///     "DataKey",
///     CfnResource::new("AWS::KMS::Key").property("EnableKeyRotation", true),
/// );
/// assert_eq!(key.get_att("Arn"), serde_json::json!({"Fn::GetAtt": ["DataKey", "Arn"]}));
/// ```
#[derive(Debug, Clone)]
pub struct CfnResource {
    type_: Cow<'static, str>,
    parts: Parts,
}

impl CfnResource {
    /// A resource of CloudFormation type `type_` (`AWS::KMS::Key`), with no
    /// properties yet: set them with [`property`](ResourceBuilder::property).
    pub fn new(type_: impl Into<Cow<'static, str>>) -> Self {
        CfnResource {
            type_: type_.into(),
            parts: Parts::new(),
        }
    }
}

impl ResourceBuilder for CfnResource {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl App {
    /// Declares a plain CloudFormation resource; returns its handle.
    #[track_caller]
    pub fn resource(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        r: CfnResource,
    ) -> Ref<CfnResource> {
        if r.type_.starts_with("AWS::Serverless::") {
            let mut parts = r.parts;
            parts.problem(
                "Type",
                format!("'{}' is a serverless resource: declare it with its typed builder (app.function, app.rest_api, …), not as a plain resource.", r.type_),
            );
            return self.declare(id, "resource", r.type_, parts);
        }
        self.declare(id, "resource", r.type_, r.parts)
    }
}

impl Ref<CfnResource> {
    /// The resource's `Ref` value (what it is depends on the type).
    pub fn value(&self) -> Value {
        self.ref_()
    }
}
