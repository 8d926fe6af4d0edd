//! `AWS::Serverless::SimpleTable` properties → [`model::Table`](crate::model::Table).

use serde_json::Value;

use crate::error::Diagnostics;
use crate::model::table::{PrimaryKey, Table};
use crate::template::Expr;

use super::props::Props;
use super::reader::Source;

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<Table> {
    let before = diags.len();
    let mut p = Props::new(src.id, "AWS::Serverless::SimpleTable", &src.properties);
    let mut t = Table {
        id: src.id.to_string(),
        attributes: src.attributes.clone(),
        ..Default::default()
    };

    t.point_in_time_recovery_specification = p.pass("PointInTimeRecoverySpecification");
    if let Some(pk) = p.get("PrimaryKey") {
        t.primary_key = primary_key(&p, pk, diags);
    }
    if let Some(pt) = p.get("ProvisionedThroughput") {
        // A map of capacity numbers (or intrinsics), or one intrinsic for the whole.
        let ok = Expr::is_intrinsic(pt)
            || pt.as_object().is_some_and(|m| {
                m.values()
                    .all(|v| v.is_i64() || v.is_u64() || v.is_object())
            });
        if ok {
            t.provisioned_throughput = Some(pt.clone());
        } else {
            p.at("ProvisionedThroughput")
                .error(diags, "should be a map.");
        }
    }
    t.table_name = p.string_or_map("TableName", diags);
    if let Some(tags) = p.get("Tags") {
        match tags.as_object() {
            Some(m) => t.tags = Some(m.clone()),
            None => p.at("Tags").error(diags, "should be a map."),
        }
    }
    t.sse_specification = p.map_like("SSESpecification", diags);
    p.finish(&[], diags);
    (diags.len() == before).then_some(t)
}

fn primary_key(p: &Props, pk: &Value, diags: &mut Diagnostics) -> Option<PrimaryKey> {
    let cur = p.at("PrimaryKey");
    if Expr::is_intrinsic(pk) {
        cur.error(
            diags,
            "should be a map with Name and Type, not an intrinsic function.",
        );
        return None;
    }
    let m = cur.map(pk, diags)?;
    if !m.values().all(Value::is_string) {
        cur.error(diags, "should be a map of strings.");
        return None;
    }
    let name = m.get("Name");
    let type_ = m.get("Type");
    if name.is_none() {
        cur.at("Name").error(diags, "is required.");
    }
    if type_.is_none() {
        cur.at("Type").error(diags, "is required.");
    }
    let type_ = type_?.as_str()?;
    let Some(type_code) = PrimaryKey::type_code(type_) else {
        p.at("PrimaryKey")
            .plain_error(diags, format!("Invalid 'Type' \"{type_}\"."));
        return None;
    };
    Some(PrimaryKey {
        name: name?.clone(),
        type_code,
    })
}
