//! REST APIs in the DSL (SAM's `AWS::Serverless::Api`). Routes are added on
//! functions with [`Route::on`](super::Route::on).

use serde_json::Value;

use crate::model::rest_api::RestApi as RestApiModel;
use crate::model::Ref;
use crate::template::Expr;

#[derive(Debug, Clone, Default)]
pub struct RestApi {
    pub(crate) model: RestApiModel,
}

impl RestApi {
    /// An API deployed to stage `stage_name` (e.g. `"prod"`).
    pub fn new(stage_name: &str) -> Self {
        let mut a = RestApi::default();
        a.model.stage_name = Some(stage_name.into());
        a
    }

    /// Default: the stack name.
    pub fn name(mut self, name: impl Into<Value>) -> Self {
        self.model.properties.insert("Name".into(), name.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.model.properties.insert("Description".into(), d.into());
        self
    }

    /// Active X-Ray tracing on the stage.
    /// Default: off.
    pub fn tracing(mut self) -> Self {
        self.model
            .properties
            .insert("TracingEnabled".into(), true.into());
        self
    }

    /// Escape hatch: any other `AWS::Serverless::Api` property, by its SAM name.
    pub fn property(mut self, name: &str, value: Value) -> Self {
        self.model.properties.insert(name.to_string(), value);
        self
    }
}

impl Ref<RestApiModel> {
    /// The API's ID.
    pub fn id_value(&self) -> Value {
        self.ref_()
    }

    /// The invoke URL of `stage`: `https://{api}.execute-api.{region}.{suffix}/{stage}`.
    pub fn url(&self, stage: &str) -> Value {
        Expr::sub(format!(
            "https://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage}",
            self.id()
        ))
        .into()
    }
}
