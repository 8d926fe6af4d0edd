//! `AWS::Serverless::GraphQLApi` (not implemented yet).

use crate::error::{Cursor, Diagnostics};
use crate::model::graphql_api::GraphQlApi;

use super::reader::Source;

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<GraphQlApi> {
    Cursor::new(src.id).plain_error(
        diags,
        "Resource type 'AWS::Serverless::GraphQLApi' is not supported by stackwright yet; use plain CloudFormation or SAM for it.",
    );
    None
}
