//! REST APIs in the DSL (SAM's `AWS::Serverless::Api`). Routes are events on
//! functions: `Function::on("Get", Route::get("/items").on(api))`.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::model::Ref;
use crate::template::Expr;

use super::super::function::{Event, SamEvent};
use super::super::parts::{Parts, ResourceBuilder};
use super::super::App;

/// A REST API definition.
#[derive(Debug, Clone)]
pub struct RestApi {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for RestApi {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl RestApi {
    /// An API deployed to stage `stage_name` (e.g. `"prod"`).
    pub fn new(stage_name: &str) -> Self {
        let mut parts = Parts::new();
        parts.set("new", "StageName", stage_name);
        RestApi { parts }
    }

    /// Default: the stack name.
    pub fn name(mut self, name: impl Into<Value>) -> Self {
        self.parts.set("name", "Name", name.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    /// Active X-Ray tracing on the stage.
    /// Default: off.
    pub fn tracing(mut self) -> Self {
        self.parts.set("tracing", "TracingEnabled", true);
        self
    }
}

impl App {
    /// Declares a REST API; returns its handle for [`Route::on`].
    #[track_caller]
    pub fn rest_api(&mut self, id: impl Into<Cow<'static, str>>, a: RestApi) -> Ref<RestApi> {
        self.declare(id, "rest api", "AWS::Serverless::Api", a.parts)
    }
}

impl Ref<RestApi> {
    /// The API's ID (`Ref`).
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

/// One HTTP method on one path of a REST API.
#[derive(Debug, Clone)]
pub struct Route {
    method: String,
    path: String,
    api: Option<&'static str>,
}

impl Route {
    /// A route for `method` (`get`, `post`, …, or `any`) on `path`.
    /// Default API: the implicit `ServerlessRestApi`.
    pub fn new(method: &str, path: &str) -> Self {
        Route {
            method: method.to_lowercase(),
            path: path.into(),
            api: None,
        }
    }

    pub fn get(path: &str) -> Self {
        Route::new("get", path)
    }

    pub fn post(path: &str) -> Self {
        Route::new("post", path)
    }

    pub fn put(path: &str) -> Self {
        Route::new("put", path)
    }

    pub fn delete(path: &str) -> Self {
        Route::new("delete", path)
    }

    /// Attaches the route to an explicit API instead of the implicit one.
    pub fn on(mut self, api: Ref<RestApi>) -> Self {
        self.api = Some(api.id());
        self
    }
}

impl Event for Route {
    fn into_sam(self) -> SamEvent {
        let mut properties = Map::new();
        properties.insert("Path".into(), self.path.into());
        properties.insert("Method".into(), self.method.into());
        if let Some(api) = self.api {
            properties.insert("RestApiId".into(), Expr::ref_(api).into());
        }
        SamEvent {
            type_: "Api",
            properties,
            problems: Vec::new(),
        }
    }
}
