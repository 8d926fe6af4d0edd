//! An AppSync GraphQL API (SAM's `AWS::Serverless::GraphQLApi`).

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphQlApi {
    pub id: String,
}
