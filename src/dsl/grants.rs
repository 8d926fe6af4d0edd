//! Typed grants: "function F may read table T" lowers to the SAM policy
//! template that says exactly that (`DynamoDBReadPolicy` with `TableName: !Ref T`),
//! so a DSL app and its SAM twin synthesize the same role. The mapping is data,
//! in `templates/grants.json`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::function::Policy;

/// What a function may do with a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableAccess {
    Read,
    Write,
    ReadWrite,
    StreamRead,
}

impl TableAccess {
    fn key(self) -> &'static str {
        match self {
            TableAccess::Read => "read",
            TableAccess::Write => "write",
            TableAccess::ReadWrite => "read_write",
            TableAccess::StreamRead => "stream_read",
        }
    }
}

#[derive(Debug, Deserialize)]
struct Grant {
    template: String,
    parameter: String,
}

type Table = BTreeMap<String, BTreeMap<String, Grant>>;

fn grants() -> &'static Table {
    static GRANTS: OnceLock<Table> = OnceLock::new();
    GRANTS.get_or_init(|| {
        let raw: Map<String, Value> =
            serde_json::from_str(include_str!("../../templates/grants.json")).unwrap_or_default();
        raw.into_iter()
            .filter(|(k, _)| !k.starts_with("//"))
            .filter_map(|(k, v)| Some((k, serde_json::from_value(v).ok()?)))
            .collect()
    })
}

/// The policy a table grant lowers to, for the table with logical ID `table`.
pub fn table_policy(access: TableAccess, table: &str) -> Option<Policy> {
    let g = grants().get("dynamodb")?.get(access.key())?;
    let mut parameters = Map::new();
    parameters.insert(
        g.parameter.clone(),
        crate::template::Expr::ref_(table).into(),
    );
    Some(Policy::Template {
        name: g.template.clone(),
        parameters: Value::Object(parameters),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_access_has_a_policy_template() {
        for a in [
            TableAccess::Read,
            TableAccess::Write,
            TableAccess::ReadWrite,
            TableAccess::StreamRead,
        ] {
            assert!(table_policy(a, "T").is_some(), "{a:?}");
        }
    }

    #[test]
    fn read_write_is_sams_crud_policy() {
        let p = table_policy(TableAccess::ReadWrite, "Orders").unwrap();
        let mut params = Map::new();
        params.insert("TableName".into(), json!({"Ref": "Orders"}));
        assert_eq!(
            p,
            Policy::Template {
                name: "DynamoDBCrudPolicy".into(),
                parameters: Value::Object(params)
            }
        );
    }
}
