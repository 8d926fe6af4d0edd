//! The app as plain typed data, filled by either front end (the Rust DSL or the
//! SAM reader) and expanded by `transform`. No output concerns live here.

pub mod application;
pub mod capacity_provider;
pub mod connector;
pub mod event_source;
pub mod function;
pub mod graphql_api;
pub mod http_api;
pub mod ids;
pub mod layer;
pub mod microvm_image;
pub mod network_connector;
pub mod policy_templates;
pub mod rest_api;
pub mod s3_uri;
pub mod state_machine;
pub mod table;
pub mod value;
pub mod web_function;
pub mod websocket_api;

use serde_json::Value;

use crate::template::Template;

pub use function::Function;
pub use http_api::HttpApi;
pub use ids::{LogicalId, Ref};
pub use rest_api::RestApi;
pub use state_machine::StateMachine;
pub use table::Table;

/// A whole serverless app.
#[derive(Debug, Clone, Default)]
pub struct App {
    /// The document outside the serverless resources: sections (Parameters,
    /// Conditions, Outputs, …) and plain CloudFormation resources, which the
    /// transform passes through untouched.
    pub base: Template,
    /// Every resource's logical ID in document order (SAM derives the order
    /// it expands resources in, which shows in generated hashes, from it).
    pub resource_ids: Vec<String>,
    pub functions: Vec<Function>,
    pub rest_apis: Vec<RestApi>,
    pub http_apis: Vec<HttpApi>,
    pub layers: Vec<layer::Layer>,
    pub tables: Vec<Table>,
    pub websocket_apis: Vec<websocket_api::WebSocketApi>,
}

/// Kinds only the SAM front end fills so far (the DSL has no builders for
/// them yet); the transform expands them with the [`App`].
#[derive(Debug, Clone, Default)]
pub struct SamKinds {
    pub state_machines: Vec<StateMachine>,
    /// Connector resources, then the connectors embedded in other resources
    /// (SAM appends those to the template's resources).
    pub connectors: Vec<connector::Connector>,
    pub applications: Vec<application::Application>,
    pub capacity_providers: Vec<capacity_provider::CapacityProvider>,
    pub graphql_apis: Vec<graphql_api::GraphQlApi>,
    pub network_connectors: Vec<network_connector::NetworkConnector>,
    pub microvm_images: Vec<microvm_image::MicrovmImage>,
    pub web_functions: Vec<web_function::WebFunction>,
}

impl SamKinds {
    /// Every logical ID of these kinds, with the type it was declared as.
    pub fn declared_types(&self) -> impl Iterator<Item = (&str, &str)> {
        self.state_machines
            .iter()
            .map(|s| (s.id.as_str(), "AWS::Serverless::StateMachine"))
            .chain(
                self.capacity_providers
                    .iter()
                    .map(|c| (c.id.as_str(), "AWS::Serverless::CapacityProvider")),
            )
            .chain(
                self.graphql_apis
                    .iter()
                    .map(|g| (g.id.as_str(), "AWS::Serverless::GraphQLApi")),
            )
            .chain(
                self.applications
                    .iter()
                    .map(|a| (a.id.as_str(), "AWS::Serverless::Application")),
            )
            .chain(
                self.connectors
                    .iter()
                    .map(|c| (c.id.as_str(), "AWS::Serverless::Connector")),
            )
            .chain(
                self.network_connectors
                    .iter()
                    .map(|c| (c.id.as_str(), "AWS::Serverless::NetworkConnector")),
            )
            .chain(
                self.microvm_images
                    .iter()
                    .map(|m| (m.id.as_str(), "AWS::Serverless::MicrovmImage")),
            )
            .chain(
                self.web_functions
                    .iter()
                    .map(|w| (w.id.as_str(), "AWS::Serverless::WebFunction")),
            )
    }
}

impl App {
    /// Functions by logical ID, for expanders that look them up per route.
    pub fn functions_by_id(&self) -> std::collections::BTreeMap<&str, &Function> {
        self.functions.iter().map(|f| (f.id.as_str(), f)).collect()
    }

    /// Every logical ID the user declared, with the type it was declared as.
    pub fn declared_types(&self) -> impl Iterator<Item = (&str, &str)> {
        let plain = self
            .base
            .resources
            .iter()
            .map(|(id, r)| (id.as_str(), r.type_.as_str()));
        let tables = self
            .tables
            .iter()
            .map(|t| (t.id.as_str(), "AWS::Serverless::SimpleTable"));
        let functions = self
            .functions
            .iter()
            .map(|f| (f.id.as_str(), "AWS::Serverless::Function"));
        let apis = self
            .rest_apis
            .iter()
            .filter(|a| !a.implicit)
            .map(|a| (a.id.as_str(), "AWS::Serverless::Api"));
        let http_apis = self
            .http_apis
            .iter()
            .filter(|a| !a.implicit)
            .map(|a| (a.id.as_str(), "AWS::Serverless::HttpApi"));
        let layers = self
            .layers
            .iter()
            .map(|l| (l.id.as_str(), "AWS::Serverless::LayerVersion"));
        let websocket_apis = self
            .websocket_apis
            .iter()
            .map(|a| (a.id.as_str(), "AWS::Serverless::WebSocketApi"));
        plain
            .chain(websocket_apis)
            .chain(tables)
            .chain(functions)
            .chain(apis)
            .chain(http_apis)
            .chain(layers)
    }
}

/// The resource attributes SAM carries from a serverless resource to the
/// resources it generates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes {
    pub condition: Option<Value>,
    pub depends_on: Option<Value>,
    pub deletion_policy: Option<Value>,
    pub update_replace_policy: Option<Value>,
    pub update_policy: Option<Value>,
    pub metadata: Option<Value>,
}

/// SAM's `Tags` map (key → value, user order); values may be intrinsics.
pub type Tags = serde_json::Map<String, Value>;
