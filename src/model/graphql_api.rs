//! An AppSync GraphQL API (SAM's `AWS::Serverless::GraphQLApi`): its schema,
//! authentication, logging, and the data sources, functions, pipeline
//! resolvers, API keys, cache and domain SAM generates for it. Nested parts
//! are kept as SAM's model validated them (SAM's property names).

use serde_json::{Map, Value};

use super::{Attributes, Tags};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphQlApi {
    pub id: String,
    pub attributes: Attributes,
    /// The API's name. Default: the logical ID.
    pub name: Option<Value>,
    /// User tags; SAM adds `graphqlapi:createdBy: SAM` after them.
    pub tags: Option<Tags>,
    /// `XrayEnabled`. Default: unset.
    pub xray_enabled: Option<bool>,
    /// `Auth`: `Type`, its config (`LambdaAuthorizer`, `OpenIDConnect` or
    /// `UserPool`) and `Additional` providers.
    pub auth: Map<String, Value>,
    /// `SchemaInline` (the SDL text); one of it and `schema_uri` is required.
    pub schema_inline: Option<Value>,
    /// `SchemaUri` (an S3 location).
    pub schema_uri: Option<Value>,
    /// `None` for `Logging: false`; `Some(None)` for SAM's default logging
    /// (`FieldLogLevel: ALL` and a generated `<Id>CloudWatchRole`);
    /// `Some(Some(config))` for a `Logging` map.
    pub logging: Option<Option<Map<String, Value>>>,
    /// `DataSources`: `DynamoDb` and `Lambda`, each name → config.
    pub data_sources: Option<Map<String, Value>>,
    /// `Functions`: name → config (or `{Id}` for an existing function).
    pub functions: Map<String, Value>,
    /// `Resolvers`: type name → field → pipeline resolver config.
    pub resolvers: Map<String, Value>,
    /// `ApiKeys`: name → config.
    pub api_keys: Map<String, Value>,
    /// `DomainName`: `CertificateArn`, `DomainName`, `Description`. Default: none.
    pub domain_name: Option<Map<String, Value>>,
    /// `Cache`: an `AWS::AppSync::ApiCache`. Default: none.
    pub cache: Option<Map<String, Value>>,
    pub visibility: Option<Value>,
    pub owner_contact: Option<Value>,
    pub introspection_config: Option<Value>,
    pub query_depth_limit: Option<Value>,
    pub resolver_count_limit: Option<Value>,
}
