//! The CloudFormation document: sections in CloudFormation's usual order,
//! resources sorted by logical ID, typed intrinsics in [`expr`].

pub mod expr;
pub mod resources;

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

pub use expr::{Expr, Pseudo};
pub use resources::ResourceType;

/// A whole CloudFormation template.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Template {
    pub format_version: Option<Value>,
    pub description: Option<Value>,
    pub metadata: Option<Value>,
    pub parameters: Option<Map<String, Value>>,
    pub rules: Option<Value>,
    pub mappings: Option<Value>,
    pub conditions: Option<Map<String, Value>>,
    pub resources: BTreeMap<String, Resource>,
    pub outputs: Option<Map<String, Value>>,
    /// Any other top-level section (e.g. `Hooks`), passed through in the user's order.
    pub other: Map<String, Value>,
}

impl Template {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a resource; returns the one it replaced, if any (callers treat that as a collision).
    pub fn insert(&mut self, id: impl Into<String>, r: Resource) -> Option<Resource> {
        self.resources.insert(id.into(), r)
    }

    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources.get(id)
    }

    /// Resources of one CloudFormation type, in logical-ID order.
    pub fn resources_of_type<'a>(
        &'a self,
        type_: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Resource)> + 'a {
        self.resources.iter().filter(move |(_, r)| r.type_ == type_)
    }

    /// Adds an output `{Value, Description?, Export?: {Name}}`.
    pub fn add_output(&mut self, name: impl Into<String>, output: Output) {
        self.outputs
            .get_or_insert_with(Map::new)
            .insert(name.into(), output.into());
    }

    pub fn to_value(&self) -> Value {
        // Serializing plain JSON values and maps cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Whether an extra key repeats one a section or resource attribute
    /// writes: serializing the template then writes the key twice, which
    /// its value (a map) cannot hold.
    pub fn has_repeated_keys(&self) -> bool {
        const SECTIONS: &[&str] = &[
            "AWSTemplateFormatVersion",
            "Description",
            "Metadata",
            "Parameters",
            "Rules",
            "Mappings",
            "Conditions",
            "Resources",
            "Outputs",
        ];
        const ATTRIBUTES: &[&str] = &[
            "Type",
            "Condition",
            "DependsOn",
            "Properties",
            "DeletionPolicy",
            "UpdateReplacePolicy",
            "Metadata",
        ];
        self.other.keys().any(|k| SECTIONS.contains(&k.as_str()))
            || self.resources.values().any(|r| {
                r.verbatim.is_none() && r.other.keys().any(|k| ATTRIBUTES.contains(&k.as_str()))
            })
    }

    /// [`Template::to_value`], moving the values instead of copying them.
    pub fn into_value(self) -> Value {
        let mut m = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        put("AWSTemplateFormatVersion", self.format_version);
        put("Description", self.description);
        put("Metadata", self.metadata);
        put("Parameters", self.parameters.map(Value::Object));
        put("Rules", self.rules);
        put("Mappings", self.mappings);
        put("Conditions", self.conditions.map(Value::Object));
        let resources: Map<String, Value> = self
            .resources
            .into_iter()
            .map(|(k, r)| (k, r.into_value()))
            .collect();
        put("Resources", Some(Value::Object(resources)));
        put("Outputs", self.outputs.map(Value::Object));
        for (k, v) in self.other {
            m.insert(k, v);
        }
        Value::Object(m)
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(None)?;
        if let Some(v) = &self.format_version {
            m.serialize_entry("AWSTemplateFormatVersion", v)?;
        }
        if let Some(v) = &self.description {
            m.serialize_entry("Description", v)?;
        }
        if let Some(v) = &self.metadata {
            m.serialize_entry("Metadata", v)?;
        }
        if let Some(v) = &self.parameters {
            m.serialize_entry("Parameters", v)?;
        }
        if let Some(v) = &self.rules {
            m.serialize_entry("Rules", v)?;
        }
        if let Some(v) = &self.mappings {
            m.serialize_entry("Mappings", v)?;
        }
        if let Some(v) = &self.conditions {
            m.serialize_entry("Conditions", v)?;
        }
        m.serialize_entry("Resources", &self.resources)?;
        if let Some(v) = &self.outputs {
            m.serialize_entry("Outputs", v)?;
        }
        for (k, v) in &self.other {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// One resource: its type, properties and resource attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub type_: String,
    /// `None` means no `Properties` key at all (some SAM outputs have none).
    pub properties: Option<Map<String, Value>>,
    pub condition: Option<Value>,
    pub depends_on: Option<Value>,
    pub deletion_policy: Option<Value>,
    pub update_replace_policy: Option<Value>,
    pub metadata: Option<Value>,
    /// Other attributes (`UpdatePolicy`, `CreationPolicy`, …) in the user's order.
    pub other: Map<String, Value>,
    /// A resource passed through exactly as written, when it is not even
    /// well-formed enough to read (no `Type`, say): CloudFormation judges it.
    pub verbatim: Option<Value>,
}

impl Resource {
    pub fn new(type_: impl Into<String>) -> Self {
        Resource {
            type_: type_.into(),
            properties: None,
            condition: None,
            depends_on: None,
            deletion_policy: None,
            update_replace_policy: None,
            metadata: None,
            other: Map::new(),
            verbatim: None,
        }
    }

    /// A resource copied to the output exactly as written.
    pub fn verbatim(v: Value) -> Self {
        let type_ = v
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        Resource {
            verbatim: Some(v),
            ..Resource::new(type_)
        }
    }

    /// A resource from a typed property struct: its `TYPE` and its fields in declaration order.
    pub fn typed<T: ResourceType>(props: &T) -> Self {
        let mut r = Resource::new(T::TYPE);
        r.properties = match serde_json::to_value(props) {
            Ok(Value::Object(m)) => Some(m),
            _ => Some(Map::new()),
        };
        r
    }

    pub fn with_condition(mut self, c: Option<Value>) -> Self {
        self.condition = c;
        self
    }

    pub fn with_depends_on(mut self, d: Option<Value>) -> Self {
        self.depends_on = d;
        self
    }

    pub fn property(&self, key: &str) -> Option<&Value> {
        self.properties.as_ref()?.get(key)
    }

    /// Reads a resource from a template map, keeping unknown attributes.
    pub fn from_map(type_: String, m: &Map<String, Value>) -> Self {
        let mut r = Resource::new(type_);
        for (k, v) in m {
            match k.as_str() {
                "Type" => {}
                "Properties" => match v.as_object() {
                    Some(p) => r.properties = Some(p.clone()),
                    // `Properties: null` and the like stay as written.
                    None => {
                        r.other.insert(k.clone(), v.clone());
                    }
                },
                "Condition" => r.condition = Some(v.clone()),
                "DependsOn" => r.depends_on = Some(v.clone()),
                "DeletionPolicy" => r.deletion_policy = Some(v.clone()),
                "UpdateReplacePolicy" => r.update_replace_policy = Some(v.clone()),
                "Metadata" => r.metadata = Some(v.clone()),
                _ => {
                    r.other.insert(k.clone(), v.clone());
                }
            }
        }
        r
    }
}

impl Resource {
    /// What serializing the resource gives, moving its values.
    pub fn into_value(self) -> Value {
        if let Some(v) = self.verbatim {
            return v;
        }
        let mut m = Map::new();
        m.insert("Type".into(), Value::String(self.type_));
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        put("Condition", self.condition);
        put("DependsOn", self.depends_on);
        put("Properties", self.properties.map(Value::Object));
        put("DeletionPolicy", self.deletion_policy);
        put("UpdateReplacePolicy", self.update_replace_policy);
        put("Metadata", self.metadata);
        for (k, v) in self.other {
            m.insert(k, v);
        }
        Value::Object(m)
    }
}

impl Serialize for Resource {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        if let Some(v) = &self.verbatim {
            return v.serialize(ser);
        }
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry("Type", &self.type_)?;
        if let Some(v) = &self.condition {
            m.serialize_entry("Condition", v)?;
        }
        if let Some(v) = &self.depends_on {
            m.serialize_entry("DependsOn", v)?;
        }
        if let Some(v) = &self.properties {
            m.serialize_entry("Properties", v)?;
        }
        if let Some(v) = &self.deletion_policy {
            m.serialize_entry("DeletionPolicy", v)?;
        }
        if let Some(v) = &self.update_replace_policy {
            m.serialize_entry("UpdateReplacePolicy", v)?;
        }
        if let Some(v) = &self.metadata {
            m.serialize_entry("Metadata", v)?;
        }
        for (k, v) in &self.other {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A template output.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub value: Value,
    pub description: Option<String>,
    pub export_name: Option<Value>,
    pub condition: Option<String>,
}

impl Output {
    pub fn new(value: impl Into<Value>) -> Self {
        Output {
            value: value.into(),
            description: None,
            export_name: None,
            condition: None,
        }
    }

    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// Exports the value under `name` for `Fn::ImportValue` in other stacks.
    pub fn export(mut self, name: impl Into<Value>) -> Self {
        self.export_name = Some(name.into());
        self
    }
}

impl From<Output> for Value {
    fn from(o: Output) -> Value {
        let mut m = Map::new();
        if let Some(d) = o.description {
            m.insert("Description".into(), Value::String(d));
        }
        if let Some(c) = o.condition {
            m.insert("Condition".into(), Value::String(c));
        }
        m.insert("Value".into(), o.value);
        if let Some(n) = o.export_name {
            let mut e = Map::new();
            e.insert("Name".into(), n);
            m.insert("Export".into(), Value::Object(e));
        }
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sections_in_cloudformation_order_and_resources_sorted() {
        let mut t = Template::new();
        t.outputs = Some(Map::new());
        t.insert("B", Resource::new("AWS::SNS::Topic"));
        t.insert("A", Resource::new("AWS::SQS::Queue"));
        t.format_version = Some(json!("2010-09-09"));
        let text = serde_json::to_string(&t).unwrap();
        assert_eq!(
            text,
            r#"{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"A":{"Type":"AWS::SQS::Queue"},"B":{"Type":"AWS::SNS::Topic"}},"Outputs":{}}"#
        );
    }

    #[test]
    fn passthrough_resource_keeps_attributes() {
        let m = json!({"Type": "AWS::S3::Bucket", "UpdatePolicy": {"x": 1}, "DeletionPolicy": "Retain"});
        let r = Resource::from_map("AWS::S3::Bucket".into(), m.as_object().unwrap());
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdatePolicy": {"x": 1}})
        );
    }

    #[test]
    fn output_with_export() {
        let o: Value = Output::new(Expr::ref_("T"))
            .export(Expr::sub("${AWS::StackName}-T"))
            .into();
        assert_eq!(
            o,
            json!({"Value": {"Ref": "T"}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-T"}}})
        );
    }
}
