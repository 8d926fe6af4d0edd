//! Lambda layers in the DSL (SAM's `AWS::Serverless::LayerVersion`).

use std::borrow::Cow;

use serde_json::Value;

use crate::model::Ref;

use super::parts::{Parts, ResourceBuilder};
use super::App;

/// A layer definition.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for Layer {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Layer {
    pub fn new() -> Self {
        Self::default()
    }
}

impl App {
    /// Declares a Lambda layer; returns its handle.
    #[track_caller]
    pub fn layer(&mut self, id: impl Into<Cow<'static, str>>, x: Layer) -> Ref<Layer> {
        self.declare(id, "layer", "AWS::Serverless::LayerVersion", x.parts)
    }
}

impl Ref<Layer> {
    /// The layer version's ARN (`Ref`).
    pub fn arn(&self) -> Value {
        self.ref_()
    }
}
