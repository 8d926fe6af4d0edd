//! `AWS::Serverless::NetworkConnector` properties →
//! [`model::NetworkConnector`](crate::model::network_connector::NetworkConnector),
//! checked in SAM's order: property types, then `ComputeTypes`, then the schema.

use serde_json::Value;

use crate::error::{Cursor, Diagnostics};
use crate::model::network_connector::NetworkConnector;

use super::props::Props;
use super::reader::Source;
use super::schema::{self, check_sam_types, SamType, Schema};

const TYPE: &str = "AWS::Serverless::NetworkConnector";

/// `SamNetworkConnector._VALID_COMPUTE_TYPES`.
const COMPUTE_TYPES: &[&str] = &["MicroVm", "WebFunction"];

const VPC_CONFIG: Schema = Schema::Model(&[
    ("SubnetIds", true, Schema::List(&Schema::Str)),
    ("SecurityGroupIds", true, Schema::List(&Schema::Str)),
    (
        "NetworkProtocol",
        true,
        Schema::Literal(&["IPv4", "DualStack"]),
    ),
]);

/// SAM's `aws_serverless_networkconnector.Properties`.
const PROPERTIES: Schema = Schema::Model(&[
    ("Name", false, Schema::Str),
    ("VpcConfig", true, VPC_CONFIG),
    (
        "ComputeTypes",
        false,
        Schema::List(&Schema::Literal(COMPUTE_TYPES)),
    ),
    ("OperatorRole", false, Schema::Str),
    ("Tags", false, Schema::Dict),
    ("PropagateTags", false, Schema::Bool),
]);

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<NetworkConnector> {
    let before = diags.len();
    let id = src.id;
    let cur = Cursor::new(id);
    let mut p = Props::new(id, TYPE, &src.properties);
    check_sam_types(
        &mut p,
        &[
            ("Name", false, SamType::StrOrDict),
            ("VpcConfig", true, SamType::Dict),
            ("ComputeTypes", false, SamType::List),
            ("OperatorRole", false, SamType::StrOrDict),
            ("Tags", false, SamType::Dict),
            ("PropagateTags", false, SamType::Bool),
        ],
        diags,
    );
    p.finish(&[], diags);
    if diags.len() != before {
        return None;
    }
    let get = |k: &str| src.properties.get(k).filter(|v| !v.is_null());
    let compute_types = get("ComputeTypes").and_then(Value::as_array);
    if let Some(types) = compute_types {
        // SAM checks these first, so its message wins over the schema's.
        if types.len() != 1 {
            cur.plain_error(
                diags,
                format!(
                    "'ComputeTypes' must contain exactly one value, got {}.",
                    types.len()
                ),
            );
            return None;
        }
        if let Some(bad) = types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| !COMPUTE_TYPES.contains(t))
        {
            cur.plain_error(
                diags,
                format!(
                    "'ComputeTypes' values must be one of ['MicroVm', 'WebFunction'], got '{bad}'."
                ),
            );
            return None;
        }
    }
    let problems = schema::check(&src.properties, &PROPERTIES);
    if !problems.is_empty() {
        cur.plain_error(diags, problems.join(" "));
        return None;
    }
    Some(NetworkConnector {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        name: get("Name").cloned(),
        vpc_config: get("VpcConfig")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        compute_types: compute_types.cloned(),
        operator_role: get("OperatorRole").cloned(),
        tags: get("Tags").and_then(Value::as_object).cloned(),
        propagate_tags: get("PropagateTags").and_then(Value::as_bool) == Some(true),
    })
}
