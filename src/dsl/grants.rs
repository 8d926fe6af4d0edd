//! Typed grants: "function F may read table T" lowers to the SAM policy
//! template that says exactly that (`DynamoDBReadPolicy` with `TableName: !Ref T`),
//! so a DSL app and its SAM twin synthesize the same role. The mapping is data,
//! in `templates/grants.json`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::Ref;

use super::function::Function;
use super::parts::Problem;
use super::table::SimpleTable;
use super::App;

/// What a function may do with a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableAccess {
    Read,
    Write,
    ReadWrite,
}

impl TableAccess {
    fn key(self) -> &'static str {
        match self {
            TableAccess::Read => "read",
            TableAccess::Write => "write",
            TableAccess::ReadWrite => "read_write",
        }
    }
}

#[derive(Debug, Deserialize)]
struct Grant {
    template: String,
    parameter: String,
}

type Grants = BTreeMap<String, BTreeMap<String, Grant>>;

fn grants() -> &'static Grants {
    static GRANTS: OnceLock<Grants> = OnceLock::new();
    GRANTS.get_or_init(|| {
        let raw: Map<String, Value> =
            serde_json::from_str(include_str!("../../templates/grants.json")).unwrap_or_default();
        raw.into_iter()
            .filter(|(k, _)| !k.starts_with("//"))
            .filter_map(|(k, v)| Some((k, serde_json::from_value(v).ok()?)))
            .collect()
    })
}

/// The SAM `Policies` entry a grant lowers to: `{Template: {Parameter: {Ref: resource}}}`.
pub fn policy_entry(service: &str, access: &str, resource: &str) -> Option<Value> {
    let g = grants().get(service)?.get(access)?;
    let mut parameters = Map::new();
    parameters.insert(
        g.parameter.clone(),
        crate::template::Expr::ref_(resource).into(),
    );
    let mut entry = Map::new();
    entry.insert(g.template.clone(), Value::Object(parameters));
    Some(Value::Object(entry))
}

impl App {
    /// Lets `function` access `table`: the function's role gets exactly the
    /// statements of the matching SAM policy template (e.g. `DynamoDBCrudPolicy`).
    #[track_caller]
    pub fn grant_table(
        &mut self,
        function: Ref<Function>,
        table: Ref<SimpleTable>,
        access: TableAccess,
    ) -> &mut Self {
        let at = Problem::new("Policies", "");
        let (f, t) = (function.id(), table.id());
        self.add_pass(move |low| {
            let problem = |low: &mut super::Lowering<'_>, msg: String| {
                low.problem(
                    f,
                    Problem {
                        message: msg,
                        ..at.clone()
                    },
                )
            };
            if low.decl(t).map(|d| d.kind) != Some("table") {
                problem(
                    low,
                    format!("grant to '{t}': no table '{t}' is declared in this app."),
                );
                return;
            }
            let Some(entry) = policy_entry("dynamodb", access.key(), t) else {
                problem(low, format!("no policy template for {access:?}."));
                return;
            };
            match low.decl_mut(f) {
                Some(d) if d.kind == "function" => {
                    d.parts.list("grant_table", "Policies").push(entry)
                }
                _ => problem(
                    low,
                    format!("grant from '{f}': no function '{f}' is declared in this app."),
                ),
            }
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn read_write_is_sams_crud_policy() {
        assert_eq!(
            policy_entry("dynamodb", "read_write", "Orders"),
            Some(json!({"DynamoDBCrudPolicy": {"TableName": {"Ref": "Orders"}}}))
        );
    }
}
