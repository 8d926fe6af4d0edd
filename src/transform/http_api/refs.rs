//! SAM's `resolve_sam_resource_refs` for HTTP APIs: `MyApi.Stage` and
//! `MyApi.DomainName` in `Ref`, `Fn::GetAtt` and `Fn::Sub` name the stage and
//! domain SAM generated. Function `.Alias`/`.Version` and REST `.Stage`
//! follow the same rule; this could move to `intrinsics` for all of them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::template::Template;

/// SAM's `resolve_sam_resource_refs` for HTTP APIs: `MyApi.Stage` and
/// `MyApi.DomainName` in `Ref`, `Fn::GetAtt` and `Fn::Sub` name the generated
/// stage and domain. (Function `.Alias`/`.Version` and REST `.Stage` follow
/// the same rule; this could move to `intrinsics` for all of them.)
pub fn resolve_property_refs(t: &mut Template, refs: &BTreeMap<String, String>) {
    if refs.is_empty() {
        return;
    }
    for r in t.resources.values_mut() {
        if let Some(p) = r.properties.as_mut() {
            for v in p.values_mut() {
                resolve_value(v, refs);
            }
        }
    }
    if let Some(o) = t.outputs.as_mut() {
        for v in o.values_mut() {
            resolve_value(v, refs);
        }
    }
}

fn resolve_value(v: &mut Value, refs: &BTreeMap<String, String>) {
    match v {
        Value::Object(m) if m.len() == 1 => {
            if let Some(Value::String(id)) = m.get_mut("Ref") {
                if let Some(n) = refs.get(id.as_str()) {
                    *id = n.clone();
                }
                return;
            }
            if let Some(Value::Array(a)) = m.get_mut("Fn::GetAtt") {
                // `!GetAtt Api.Stage.Attr` arrives split at the first dot.
                if let [Value::String(id), Value::String(attr)] = a.as_mut_slice() {
                    let joined = format!("{id}.{attr}");
                    for (k, n) in refs {
                        if let Some(rest) = joined.strip_prefix(&format!("{k}.")) {
                            *attr = rest.to_string();
                            *id = n.clone();
                            break;
                        }
                    }
                }
                return;
            }
            if let Some(sub) = m.get_mut("Fn::Sub") {
                let mut replaced =
                    crate::transform::intrinsics::map_sub_text(sub, |full, inner| {
                        match refs.get(inner) {
                            Some(n) => format!("${{{n}}}"),
                            None => full.to_string(),
                        }
                    });
                if let Value::Array(items) = &mut replaced {
                    for x in items.iter_mut().skip(1) {
                        resolve_value(x, refs);
                    }
                }
                *sub = replaced;
                return;
            }
            for x in m.values_mut() {
                resolve_value(x, refs);
            }
        }
        Value::Object(m) => {
            for x in m.values_mut() {
                resolve_value(x, refs);
            }
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                resolve_value(x, refs);
            }
        }
        _ => {}
    }
}
