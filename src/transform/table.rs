//! SimpleTable → `AWS::DynamoDB::Table` (SAM's `SamSimpleTable`).

use crate::model::table::Table;
use crate::template::resources::dynamodb::{self, AttributeDefinition, KeySchema};
use crate::template::Resource;

use super::Output;

pub fn expand(t: &Table, out: &mut Output) {
    let (name, type_code) = match &t.primary_key {
        Some(pk) => (pk.name.clone(), pk.type_code),
        None => ("id".into(), "S"),
    };
    let props = dynamodb::Table {
        attribute_definitions: vec![AttributeDefinition {
            attribute_name: name.clone(),
            attribute_type: type_code.into(),
        }],
        key_schema: vec![KeySchema {
            attribute_name: name,
            key_type: "HASH",
        }],
        // Without provisioned capacity SAM asks for on-demand billing.
        billing_mode: t
            .provisioned_throughput
            .is_none()
            .then(|| "PAY_PER_REQUEST".into()),
        provisioned_throughput: t.provisioned_throughput.clone(),
        sse_specification: t.sse_specification.clone(),
        table_name: t.table_name.clone().filter(crate::model::value::truthy),
        tags: t
            .tags
            .as_ref()
            .filter(|tags| !tags.is_empty())
            .map(super::tags::tag_list),
        point_in_time_recovery_specification: t.point_in_time_recovery_specification.clone(),
    };
    out.add_main(&t.id, Resource::typed(&props), &t.attributes);
}
