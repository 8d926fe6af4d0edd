//! The little intrinsic resolution SAM does at transform time: inlining
//! template parameter values (from `--parameter`, parameter defaults, and the
//! `AWS::Region` / `AWS::Partition` pseudo parameters) where SAM needs a
//! concrete value, and following logical IDs that the transform renamed
//! (a layer `MyLayer` becomes `MyLayer<hash>`; every `Ref`, `GetAtt`, `Sub`
//! and `DependsOn` pointing at it follows).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::template::Template;

use super::Context;

/// Parameter values SAM resolves against: defaults from the template's
/// `Parameters`, overridden by the caller's values, plus region and partition.
pub fn parameter_values(ctx: &Context, base: &Template) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(params) = &base.parameters {
        for (name, def) in params {
            if let Some(d) = def.get("Default") {
                out.insert(name.clone(), d.clone());
            }
        }
    }
    for (k, v) in &ctx.parameters {
        out.insert(k.clone(), v.clone());
    }
    out.entry("AWS::Region")
        .or_insert_with(|| Value::String(ctx.region.clone()));
    out.entry("AWS::Partition")
        .or_insert_with(|| Value::String(ctx.partition().to_string()));
    out
}

/// A CloudFormation-internal placeholder SAM must leave alone.
fn usable(v: &Value) -> bool {
    !matches!(v, Value::String(s) if s.starts_with("{{IntrinsicFunction:"))
}

/// A parameter value SAM would have to put into an `Fn::Sub` string but
/// cannot, because it is not a string (as Python prints it): SAM's
/// `resolve_parameter_refs` then stops the whole transform with "Invalid
/// Fn::Sub variable value …".
pub fn non_string_sub_value(v: &Value, params: &Map<String, Value>) -> Option<String> {
    match v {
        Value::Object(m) => {
            if let Some(sub) = m.get("Fn::Sub").filter(|_| m.len() == 1) {
                let text = match sub {
                    Value::String(s) => Some(s.as_str()),
                    Value::Array(a) => a.first().and_then(Value::as_str),
                    _ => None,
                };
                let found = std::cell::RefCell::new(None);
                if let Some(text) = text {
                    sub_refs(text, &|full: &str, inner: &str| {
                        match params.get(inner) {
                            Some(Value::String(_)) | None => {}
                            Some(other) => {
                                found
                                    .borrow_mut()
                                    .get_or_insert_with(|| py_value_str(other));
                            }
                        }
                        full.to_string()
                    });
                }
                if let Some(f) = found.into_inner() {
                    return Some(f);
                }
            }
            m.values().find_map(|x| non_string_sub_value(x, params))
        }
        Value::Array(a) => a.iter().find_map(|x| non_string_sub_value(x, params)),
        _ => None,
    }
}

/// Python's `str()` of a value SAM built from JSON.
fn py_value_str(v: &Value) -> String {
    super::openapi::py_str(&super::py27::Py::from_sam(v))
}

/// `v` with its parameter references resolved, or SAM's document-level
/// message when an `Fn::Sub` would take a parameter value that is no string.
pub fn resolve_parameter_refs_checked(
    v: &Value,
    params: &Map<String, Value>,
) -> Result<Value, String> {
    match non_string_sub_value(v, params) {
        Some(bad) => Err(format!(
            "Invalid Fn::Sub variable value {bad}. Fn::Sub expects all variables to be strings."
        )),
        None => Ok(resolve_parameter_refs(v, params)),
    }
}

/// Inlines parameter references (`Ref` and `${Name}` inside `Fn::Sub`),
/// leaving every other intrinsic as it is (SAM's `resolve_parameter_refs`).
pub fn resolve_parameter_refs(v: &Value, params: &Map<String, Value>) -> Value {
    if params.is_empty() {
        return v.clone();
    }
    match v {
        Value::Object(m) if m.len() == 1 => {
            if let Some(Value::String(name)) = m.get("Ref") {
                return match params.get(name) {
                    Some(val) if usable(val) => val.clone(),
                    _ => v.clone(),
                };
            }
            if let Some(sub) = m.get("Fn::Sub") {
                // Only string values are substituted: SAM's text replacement
                // cannot take anything else.
                let sub = map_sub_text(sub, |full, inner| match params.get(inner) {
                    Some(Value::String(s)) if !s.starts_with("{{IntrinsicFunction:") => s.clone(),
                    _ => full.to_string(),
                });
                let mut out = Map::new();
                out.insert("Fn::Sub".into(), resolve_parameter_refs(&sub, params));
                return Value::Object(out);
            }
            Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), resolve_parameter_refs(x, params)))
                    .collect(),
            )
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), resolve_parameter_refs(x, params)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| resolve_parameter_refs(x, params))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// What SAM's `resolve_parameter_refs(value)` leaves in `value` itself: it
/// edits maps in place (a parameter inside an `Fn::If`, the text of an
/// `Fn::Sub`) but returns, without writing back, the value a top-level
/// `Ref` resolves to. Where SAM reads a property for a check and then
/// writes the property out, the output shows these edits.
pub fn resolve_in_place(v: &Value, params: &Map<String, Value>) -> Value {
    match v.as_object() {
        Some(m) if m.len() == 1 && m.contains_key("Ref") => v.clone(),
        _ => resolve_parameter_refs(v, params),
    }
}

/// Applies `f(full "${x}", inner "x")` to each reference in an `Fn::Sub`
/// argument's string (string form, or the first item of the list form).
pub fn map_sub_text(sub: &Value, f: impl Fn(&str, &str) -> String) -> Value {
    match sub {
        Value::String(s) => Value::String(sub_refs(s, &f)),
        Value::Array(items) => {
            let mut items = items.clone();
            if let Some(Value::String(s)) = items.first() {
                let replaced = sub_refs(s, &f);
                items[0] = Value::String(replaced);
            }
            Value::Array(items)
        }
        other => other.clone(),
    }
}

/// Rewrites each `${ref}` whose inner text matches SAM's pattern
/// (`[A-Za-z0-9.]+` or `AWS::Name`).
pub fn sub_refs(text: &str, f: &impl Fn(&str, &str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) if is_sub_ref(&after[..end]) => {
                let inner = &after[..end];
                out.push_str(&f(&rest[start..start + 2 + end + 1], inner));
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `pred` holds for the inner text of a `${ref}` that [`sub_refs`]
/// would rewrite (scanned exactly as it scans).
fn any_sub_ref(text: &str, pred: impl Fn(&str) -> bool) -> bool {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) if is_sub_ref(&after[..end]) => {
                if pred(&after[..end]) {
                    return true;
                }
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    false
}

fn is_sub_ref(s: &str) -> bool {
    if let Some(name) = s.strip_prefix("AWS::") {
        let mut chars = name.chars();
        return chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_alphabetic());
    }
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Resolves references to a serverless resource's generated parts, keyed
/// `"<Id>.<Property>"` (`MyFn.Alias`, `MyFn.DestinationQueue`): `Ref`,
/// `Fn::GetAtt` (in either split form) and `${Id.Property[.Attr]}` in
/// `Fn::Sub`, across resources and outputs (SAM's `resolve_sam_resource_refs`).
pub fn resolve_resource_refs(t: &mut Template, refs: &BTreeMap<String, String>) {
    if refs.is_empty() {
        return;
    }
    for r in t.resources.values_mut() {
        if let Some(v) = r.verbatim.as_mut() {
            resolve_refs_in(v, refs);
        }
        if let Some(p) = r.properties.as_mut() {
            for v in p.values_mut() {
                resolve_refs_in(v, refs);
            }
        }
    }
    if let Some(o) = t.outputs.as_mut() {
        for v in o.values_mut() {
            resolve_refs_in(v, refs);
        }
    }
}

/// [`resource_ref_value`] in place: only the references that resolve are
/// rewritten, so the template is not copied whole.
fn resolve_refs_in(v: &mut Value, refs: &BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            if m.len() == 1 && resolves(m, refs) {
                *v = resource_ref_value(v, refs);
                return;
            }
            for x in m.values_mut() {
                resolve_refs_in(x, refs);
            }
        }
        Value::Array(a) => {
            for x in a {
                resolve_refs_in(x, refs);
            }
        }
        _ => {}
    }
}

/// Whether [`resource_ref_value`] rewrites the one-key map `m` itself
/// (rather than only what is inside it).
fn resolves(m: &Map<String, Value>, refs: &BTreeMap<String, String>) -> bool {
    let known = |s: &str, whole: bool| {
        let mut parts = s.split('.');
        match (parts.next(), parts.next()) {
            (Some(id), Some(prop)) => {
                refs.contains_key(&format!("{id}.{prop}")) && (!whole || parts.next().is_none())
            }
            _ => false,
        }
    };
    if let Some(Value::String(s)) = m.get("Ref") {
        if known(s, true) {
            return true;
        }
    }
    if let Some(Value::Array(a)) = m.get("Fn::GetAtt") {
        if a.iter().all(Value::is_string) && !a.is_empty() {
            let joined: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            if known(&joined.join("."), false) {
                return true;
            }
        }
    }
    // A `Fn::Sub` is rewritten only when one of its variables resolves; else
    // only its variable map can hold references, which the caller walks.
    let text = match m.get("Fn::Sub") {
        Some(Value::String(s)) => s,
        Some(Value::Array(items)) => match items.first() {
            Some(Value::String(s)) => s,
            _ => return false,
        },
        _ => return false,
    };
    any_sub_ref(text, |inner| {
        let mut parts = inner.splitn(3, '.');
        match (parts.next(), parts.next()) {
            (Some(id), Some(prop)) => refs.contains_key(&format!("{id}.{prop}")),
            _ => false,
        }
    })
}

fn resource_ref_value(v: &Value, refs: &BTreeMap<String, String>) -> Value {
    let lookup = |s: &str| -> Option<(String, Vec<String>)> {
        let mut parts = s.split('.');
        let id = parts.next()?;
        let prop = parts.next()?;
        let resolved = refs.get(&format!("{id}.{prop}"))?;
        Some((resolved.clone(), parts.map(str::to_string).collect()))
    };
    match v {
        Value::Object(m) if m.len() == 1 => {
            if let Some(Value::String(s)) = m.get("Ref") {
                if let Some((id, _)) = lookup(s).filter(|(_, rest)| rest.is_empty()) {
                    return crate::template::Expr::ref_(id).into();
                }
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt") {
                if a.iter().all(Value::is_string) && !a.is_empty() {
                    let joined: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                    if let Some((id, rest)) = lookup(&joined.join(".")) {
                        let mut items = vec![Value::String(id)];
                        items.extend(rest.into_iter().map(Value::String));
                        let mut out = Map::new();
                        out.insert("Fn::GetAtt".into(), Value::Array(items));
                        return Value::Object(out);
                    }
                }
            }
            if let Some(sub) = m.get("Fn::Sub") {
                let sub = map_sub_text(sub, |full, inner| {
                    let mut parts = inner.splitn(3, '.');
                    let (Some(id), Some(prop)) = (parts.next(), parts.next()) else {
                        return full.to_string();
                    };
                    match refs.get(&format!("{id}.{prop}")) {
                        Some(n) => full.replacen(&format!("{id}.{prop}"), n, 1),
                        None => full.to_string(),
                    }
                });
                let mut out = Map::new();
                out.insert("Fn::Sub".into(), resource_ref_value(&sub, refs));
                return Value::Object(out);
            }
            Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), resource_ref_value(x, refs)))
                    .collect(),
            )
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), resource_ref_value(x, refs)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| resource_ref_value(x, refs)).collect()),
        other => other.clone(),
    }
}

/// Points every reference to a renamed logical ID at its new name, across
/// the whole template (SAM's `resolve_sam_resource_id_refs` and `ResolveDependsOn`).
pub fn rename_ids(t: &mut Template, renames: &BTreeMap<String, String>) {
    if renames.is_empty() {
        return;
    }
    for r in t.resources.values_mut() {
        if let Some(v) = r.verbatim.as_mut() {
            *v = rename_value(v, renames);
        }
        if let Some(p) = r.properties.as_mut() {
            for v in p.values_mut() {
                *v = rename_value(v, renames);
            }
        }
        if let Some(d) = r.depends_on.as_mut() {
            let renamed = match &*d {
                Value::String(s) => Value::String(
                    renames
                        .get(s.as_str())
                        .cloned()
                        .unwrap_or_else(|| s.clone()),
                ),
                Value::Array(a) => Value::Array(
                    a.iter()
                        .map(|x| match x.as_str().and_then(|s| renames.get(s)) {
                            Some(n) => Value::String(n.clone()),
                            None => x.clone(),
                        })
                        .collect(),
                ),
                other => other.clone(),
            };
            *d = renamed;
        }
    }
    if let Some(o) = t.outputs.as_mut() {
        for v in o.values_mut() {
            *v = rename_value(v, renames);
        }
    }
}

fn rename_value(v: &Value, renames: &BTreeMap<String, String>) -> Value {
    match v {
        Value::Object(m) if m.len() == 1 => {
            if let Some(Value::String(id)) = m.get("Ref") {
                if let Some(n) = renames.get(id) {
                    return crate::template::Expr::ref_(n.clone()).into();
                }
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt") {
                if let Some(n) = a
                    .first()
                    .and_then(Value::as_str)
                    .and_then(|id| renames.get(id))
                {
                    let mut a = a.clone();
                    a[0] = Value::String(n.clone());
                    let mut out = Map::new();
                    out.insert("Fn::GetAtt".into(), Value::Array(a));
                    return Value::Object(out);
                }
            }
            if let Some(sub) = m.get("Fn::Sub") {
                let sub = map_sub_text(sub, |full, inner| {
                    let (id, attr) = inner
                        .split_once('.')
                        .map_or((inner, None), |(a, b)| (a, Some(b)));
                    match (renames.get(id), attr) {
                        (Some(n), Some(attr)) => format!("${{{n}.{attr}}}"),
                        (Some(n), None) => format!("${{{n}}}"),
                        _ => full.to_string(),
                    }
                });
                let mut out = Map::new();
                out.insert("Fn::Sub".into(), rename_value(&sub, renames));
                return Value::Object(out);
            }
            Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), rename_value(x, renames)))
                    .collect(),
            )
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), rename_value(x, renames)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| rename_value(x, renames)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params() -> Map<String, Value> {
        json!({"Stage": "prod", "AWS::Region": "eu-west-1"})
            .as_object()
            .unwrap()
            .clone()
    }

    #[test]
    fn parameter_refs_inline_in_ref_and_sub() {
        let v = json!({"a": {"Ref": "Stage"}, "b": {"Fn::Sub": "x-${Stage}-${AWS::Region}-${Other}-${!Literal}"}, "c": {"Ref": "Other"}});
        assert_eq!(
            resolve_parameter_refs(&v, &params()),
            json!({"a": "prod", "b": {"Fn::Sub": "x-prod-eu-west-1-${Other}-${!Literal}"}, "c": {"Ref": "Other"}})
        );
    }

    #[test]
    fn placeholders_are_left_alone() {
        let p = json!({"P": "{{IntrinsicFunction:x/y}}"})
            .as_object()
            .unwrap()
            .clone();
        assert_eq!(
            resolve_parameter_refs(&json!({"Ref": "P"}), &p),
            json!({"Ref": "P"})
        );
    }

    #[test]
    fn renamed_ids_follow_everywhere() {
        let mut t = Template::new();
        let mut r = crate::template::Resource::new("AWS::Lambda::Function");
        r.properties = Some(
            json!({"Layers": [{"Ref": "L"}], "X": {"Fn::GetAtt": ["L", "Arn"]}, "S": {"Fn::Sub": "${L}/${L.Arn}/${LL}"}})
                .as_object()
                .unwrap()
                .clone(),
        );
        r.depends_on = Some(json!(["L", "Q"]));
        t.insert("F", r);
        let renames = BTreeMap::from([("L".to_string(), "L0123456789".to_string())]);
        rename_ids(&mut t, &renames);
        let f = &t.resources["F"];
        assert_eq!(
            Value::Object(f.properties.clone().unwrap()),
            json!({"Layers": [{"Ref": "L0123456789"}], "X": {"Fn::GetAtt": ["L0123456789", "Arn"]}, "S": {"Fn::Sub": "${L0123456789}/${L0123456789.Arn}/${LL}"}})
        );
        assert_eq!(f.depends_on, Some(json!(["L0123456789", "Q"])));
    }

    #[test]
    fn resource_refs_resolve_in_every_form() {
        // SAM 1.115, function_with_event_dest: `!Ref MyTestFunction.DestinationTopic`.
        let mut t = Template::new();
        let mut r = crate::template::Resource::new("AWS::SNS::Subscription");
        r.properties = Some(
            json!({
                "A": {"Ref": "F.DestinationTopic"},
                "B": {"Fn::GetAtt": ["F", "DestinationQueue.Arn"]},
                "C": {"Fn::Sub": "${F.Alias}:${F.DestinationQueue.Arn}:${F.Other}"},
                "D": {"Ref": "F.Alias.X"}
            })
            .as_object()
            .unwrap()
            .clone(),
        );
        t.insert("S", r);
        let refs = BTreeMap::from([
            ("F.DestinationTopic".to_string(), "FTopic".to_string()),
            ("F.DestinationQueue".to_string(), "FQueue".to_string()),
            ("F.Alias".to_string(), "FAliaslive".to_string()),
        ]);
        resolve_resource_refs(&mut t, &refs);
        assert_eq!(
            Value::Object(t.resources["S"].properties.clone().unwrap()),
            json!({
                "A": {"Ref": "FTopic"},
                "B": {"Fn::GetAtt": ["FQueue", "Arn"]},
                "C": {"Fn::Sub": "${FAliaslive}:${FQueue.Arn}:${F.Other}"},
                "D": {"Ref": "F.Alias.X"}
            })
        );
    }
}
