//! S3 buckets in the DSL (`AWS::S3::Bucket`).

use std::borrow::Cow;

use serde_json::Value;

use crate::model::Ref;

use super::parts::{Parts, ResourceBuilder};
use super::App;

/// An S3 bucket definition.
#[derive(Debug, Clone, Default)]
pub struct Bucket {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for Bucket {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Bucket {
    pub fn new() -> Self {
        Self::default()
    }
}

impl App {
    /// Declares an S3 bucket; returns its handle.
    #[track_caller]
    pub fn bucket(&mut self, id: impl Into<Cow<'static, str>>, x: Bucket) -> Ref<Bucket> {
        self.declare(id, "bucket", "AWS::S3::Bucket", x.parts)
    }
}

impl Ref<Bucket> {
    /// The bucket's ARN (`Fn::GetAtt: [B, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }

    /// The bucket's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }
}
