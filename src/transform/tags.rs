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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_tag_values_become_empty_strings() {
        let tags = json!({"a": "1", "b": null, "c": true});
        assert_eq!(
            Value::Array(tag_list(tags.as_object().unwrap())),
            json!([{"Key": "a", "Value": "1"}, {"Key": "b", "Value": ""}, {"Key": "c", "Value": true}])
        );
    }
}
