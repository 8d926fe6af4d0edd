//! `AWS::Serverless::CapacityProvider` properties →
//! [`model::CapacityProvider`](crate::model::capacity_provider::CapacityProvider),
//! and a function's `CapacityProviderConfig`.
//!
//! Mirrors SAM's `SamCapacityProvider`: its property types first (a wrong
//! type stops the resource there), then its pydantic model, whose problems
//! are all collected ("Property 'VpcConfig.SubnetIds' is required.") and
//! whose lenient coercions (`"10"` → `10`) reach the output, then the rule
//! that `AllowedTypes` and `ExcludedTypes` exclude each other.

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::capacity_provider::{CapacityProvider, ManagedResourceTags};

use super::coerce;
use super::props::Props;
use super::reader::Source;

const TYPE: &str = "AWS::Serverless::CapacityProvider";

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<CapacityProvider> {
    let before = diags.len();
    let id = src.id;
    let mut p = Props::new(id, TYPE, &src.properties);
    let cur = Cursor::new(id);
    let mut cp = CapacityProvider {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        ..Default::default()
    };
    // SAM's property types, in its order.
    cp.name = p.string_or_map("CapacityProviderName", diags);
    let vpc = p.required("VpcConfig", diags);
    if vpc.is_some_and(|v| !v.is_object()) {
        p.at("VpcConfig").error(diags, "should be a map.");
    }
    cp.operator_role = p.string_or_map("OperatorRole", diags);
    let tags = p.map_like("Tags", diags);
    if let Some(v) = p.get("PropagateTags") {
        match v {
            Value::Bool(b) => cp.propagate_tags = *b,
            _ => p.at("PropagateTags").error(diags, "should be a boolean."),
        }
    }
    let requirements = p.map_like("InstanceRequirements", diags);
    let scaling = p.map_like("ScalingConfig", diags);
    cp.kms_key_arn = p.string_or_map("KmsKeyArn", diags);
    cp.logging_config = p.map_like("LoggingConfig", diags);
    let managed_tags = p.map_like("ManagedResourceTags", diags);
    p.finish(&[], diags);
    if diags.len() != before {
        return None;
    }

    // SAM's pydantic model: every problem, then the mutual-exclusion rule.
    if let Some(Value::Object(vpc)) = vpc {
        cp.vpc_config = model(
            &cur.at("VpcConfig"),
            vpc,
            &[
                ("SecurityGroupIds", Field::StringList, false),
                ("SubnetIds", Field::StringList, true),
            ],
            diags,
        );
    }
    cp.tags = tags.and_then(|t| t.as_object().cloned());
    if let Some(Value::Object(r)) = &requirements {
        cp.instance_requirements = Some(model(
            &cur.at("InstanceRequirements"),
            r,
            &[
                ("Architectures", Field::StringList, false),
                ("AllowedTypes", Field::StringList, false),
                ("ExcludedTypes", Field::StringList, false),
            ],
            diags,
        ));
    }
    if let Some(Value::Object(s)) = &scaling {
        cp.scaling_config = Some(model(
            &cur.at("ScalingConfig"),
            s,
            &[
                ("MaxVCpuCount", Field::Int, false),
                ("AverageCPUUtilization", Field::Float, false),
            ],
            diags,
        ));
    }
    if let Some(Value::Object(m)) = &managed_tags {
        let m = model(
            &cur.at("ManagedResourceTags"),
            m,
            &[("Tags", Field::Map, false)],
            diags,
        );
        cp.managed_resource_tags = Some(ManagedResourceTags {
            tags: m.get("Tags").and_then(Value::as_object).cloned(),
        });
    }
    if diags.len() != before {
        return None;
    }
    if let Some(r) = &cp.instance_requirements {
        if r.contains_key("AllowedTypes") && r.contains_key("ExcludedTypes") {
            cur.plain_error(
                diags,
                "Cannot specify 'InstanceRequirements.AllowedTypes' and 'InstanceRequirements.ExcludedTypes' together.",
            );
            return None;
        }
    }
    Some(cp)
}

/// A function's `CapacityProviderConfig`, validated as SAM's pydantic model
/// does; `None` (with a diagnostic) when it is invalid.
pub fn function_config(
    cur: &Cursor,
    config: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<Map<String, Value>> {
    let mut problems = Diagnostics::new();
    let m = model(
        &cur.at("CapacityProviderConfig"),
        config,
        &[
            ("Arn", Field::String, true),
            ("PerExecutionEnvironmentMaxConcurrency", Field::Int, false),
            (
                "ExecutionEnvironmentMemoryGiBPerVCpu",
                Field::IntOrFloat,
                false,
            ),
        ],
        &mut problems,
    );
    if problems.is_empty() {
        return Some(m);
    }
    let details: Vec<String> = problems
        .into_sorted()
        .into_iter()
        .map(|d| d.message)
        .collect();
    cur.plain_error(
        diags,
        format!("Invalid CapacityProviderConfig: {}", details.join(" ")),
    );
    None
}

#[derive(Clone, Copy)]
enum Field {
    String,
    StringList,
    Int,
    Float,
    IntOrFloat,
    Map,
}

impl Field {
    fn coerce(self, v: &Value) -> Option<Value> {
        match self {
            Field::String => coerce::string(v),
            Field::StringList => coerce::string_list(v),
            Field::Int => coerce::int(v),
            Field::Float => coerce::float(v),
            Field::IntOrFloat => coerce::int_or_float(v),
            Field::Map => v.is_object().then(|| v.clone()),
        }
    }

    /// pydantic's expectation, as SAM words it.
    fn expected(self) -> &'static str {
        match self {
            Field::String => "dictionary or string",
            Field::StringList => "dictionary or list",
            Field::Int => "dictionary or integer",
            Field::Float | Field::IntOrFloat => "dictionary or number",
            Field::Map => "dictionary",
        }
    }
}

/// One pydantic model with `extra = forbid`: each field coerced, unknown
/// keys and missing required fields reported; nulls are absent values.
fn model(
    cur: &Cursor,
    m: &Map<String, Value>,
    fields: &[(&str, Field, bool)],
    diags: &mut Diagnostics,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, field, required) in fields {
        match m.get(*name) {
            None | Some(Value::Null) => {
                if *required {
                    cur.at(name).error(diags, "is required.");
                }
            }
            Some(v) => match field.coerce(v) {
                // An intrinsic that is not a single-key function still passes:
                // pydantic only asks for a dictionary.
                Some(c) => {
                    out.insert((*name).to_string(), c);
                }
                None => cur
                    .at(name)
                    .error(diags, format!("value must be {}.", field.expected())),
            },
        }
    }
    for k in m.keys() {
        if !fields.iter().any(|(n, _, _)| n == k) {
            cur.at(k).error(diags, "is an invalid property.");
        }
    }
    out
}
