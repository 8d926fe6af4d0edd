//! SAM's `Tags` map to CloudFormation's `[{Key, Value}]` list.

use serde_json::{Map, Value};

use crate::model::Tags;

/// Tag list in the map's order; a null value becomes `""` (SAM's `get_tag_list`).
pub fn tag_list(tags: &Tags) -> Vec<Value> {
    tags.iter()
        .map(|(k, v)| {
            tag(
                k,
                if v.is_null() {
                    Value::String(String::new())
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

pub fn tag(key: &str, value: Value) -> Value {
    let mut m = Map::new();
    m.insert("Key".into(), Value::String(key.to_string()));
    m.insert("Value".into(), value);
    Value::Object(m)
}

/// The user's tags with `lambda:createdBy: SAM` set last, as SAM's newer
/// Lambda generators tag what they make (a copy of the map, so a user's
/// `lambda:createdBy` keeps its place and takes SAM's value).
pub fn lambda_tags(user: Option<&Tags>) -> Vec<Value> {
    let mut m = user.cloned().unwrap_or_default();
    m.insert("lambda:createdBy".into(), Value::String("SAM".into()));
    tag_list(&m)
}

/// SAM's `propagate_tags_combine`: with `PropagateTags`, the user's tags join
/// each generated resource's `Tags` list; a key keeps its first place and
/// takes its last value.
pub fn combine(r: &mut crate::template::Resource, user: Option<&Tags>, propagate: bool) {
    let Some(user) = user.filter(|t| propagate && !t.is_empty()) else {
        return;
    };
    let Some(props) = r.properties.as_mut() else {
        return;
    };
    match props.get_mut("Tags") {
        Some(Value::Array(existing)) if !existing.is_empty() => {
            let mut merged: Map<String, Value> = Map::new();
            for t in existing.iter().chain(tag_list(user).iter()) {
                if let Some(k) = t.get("Key").and_then(Value::as_str) {
                    merged.insert(
                        k.to_string(),
                        t.get("Value").cloned().unwrap_or(Value::Null),
                    );
                }
            }
            *existing = merged.into_iter().map(|(k, v)| tag(&k, v)).collect();
        }
        _ => {
            props.insert("Tags".into(), Value::Array(tag_list(user)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn propagated_tags_keep_first_place_and_take_last_value() {
        // SAM 1.x on a capacity provider with PropagateTags and a user's
        // `lambda:createdBy`: both resources end with the user's value.
        let user = json!({"lambda:createdBy": "me", "A": "b"});
        let user = user.as_object().unwrap();
        let mut r = crate::template::Resource::new("AWS::IAM::Role");
        let mut p = Map::new();
        p.insert("Tags".into(), Value::Array(lambda_tags(None)));
        r.properties = Some(p);
        combine(&mut r, Some(user), true);
        let want = json!([{"Key": "lambda:createdBy", "Value": "me"}, {"Key": "A", "Value": "b"}]);
        assert_eq!(r.properties.as_ref().unwrap()["Tags"], want);
        assert_eq!(
            Value::Array(lambda_tags(Some(user))),
            json!([{"Key": "lambda:createdBy", "Value": "SAM"}, {"Key": "A", "Value": "b"}])
        );
    }

    #[test]
    fn null_tag_values_become_empty_strings() {
        let tags = json!({"a": "1", "b": null, "c": true});
        assert_eq!(
            Value::Array(tag_list(tags.as_object().unwrap())),
            json!([{"Key": "a", "Value": "1"}, {"Key": "b", "Value": ""}, {"Key": "c", "Value": true}])
        );
    }
}
