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
use crate::model::value::truthy;

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
    // `one_of(IS_STR, IS_DICT)` and `IS_BOOL` fail with SAM's generic message.
    let mut string_or_map = |p: &mut Props, key: &'static str| match p.get(key) {
        Some(v) if v.is_string() || v.is_object() => Some(v.clone()),
        Some(_) => {
            cur.plain_error(diags, format!("Type of property '{key}' is invalid."));
            None
        }
        None => None,
    };
    cp.name = string_or_map(&mut p, "CapacityProviderName");
    let operator_role = string_or_map(&mut p, "OperatorRole");
    let kms_key_arn = string_or_map(&mut p, "KmsKeyArn");
    let vpc = p.required("VpcConfig", diags);
    if vpc.is_some_and(|v| !v.is_object()) {
        p.at("VpcConfig").error(diags, "should be a map.");
    }
    cp.operator_role = operator_role;
    let tags = p.map_like("Tags", diags);
    if let Some(v) = p.get("PropagateTags") {
        match v {
            Value::Bool(b) => cp.propagate_tags = *b,
            _ => cur.plain_error(diags, "Type of property 'PropagateTags' is invalid."),
        }
    }
    let requirements = p.map_like("InstanceRequirements", diags);
    let scaling = p.map_like("ScalingConfig", diags);
    cp.kms_key_arn = kms_key_arn;
    cp.logging_config = p.map_like("LoggingConfig", diags);
    let managed_tags = p.map_like("ManagedResourceTags", diags);
    p.finish(&[], diags);
    // SAM's `SamResource.valid`, for every serverless resource.
    if src
        .attributes
        .condition
        .as_ref()
        .is_some_and(|c| truthy(c) && !c.is_string())
    {
        cur.at("Condition")
            .plain_error(diags, "Every Condition member must be a string.");
    }
    if diags.len() != before {
        return None;
    }

    // SAM's pydantic model: every problem, in its field order, as one
    // message; then the mutual-exclusion rule.
    let mut problems = Vec::new();
    let diags_for_model = &mut problems;
    if let Some(Value::Object(vpc)) = vpc {
        cp.vpc_config = model(
            &cur.at("VpcConfig"),
            vpc,
            &[
                ("SecurityGroupIds", Field::StringList, false),
                ("SubnetIds", Field::StringList, true),
            ],
            diags_for_model,
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
            diags_for_model,
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
            diags_for_model,
        ));
    }
    if let Some(Value::Object(m)) = &managed_tags {
        let m = model(
            &cur.at("ManagedResourceTags"),
            m,
            &[("Tags", Field::Map, false)],
            diags_for_model,
        );
        cp.managed_resource_tags = Some(ManagedResourceTags {
            tags: m.get("Tags").and_then(Value::as_object).cloned(),
        });
    }
    if !problems.is_empty() {
        cur.plain_error(diags, problems.join(" "));
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
/// does; `None` (with pydantic's own report, as SAM quotes it) when invalid.
pub fn function_config(
    cur: &Cursor,
    config: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<Map<String, Value>> {
    const FIELDS: &[(&str, Field, bool)] = &[
        ("Arn", Field::String, true),
        ("PerExecutionEnvironmentMaxConcurrency", Field::Int, false),
        (
            "ExecutionEnvironmentMemoryGiBPerVCpu",
            Field::IntOrFloat,
            false,
        ),
    ];
    let mut problems = Vec::new();
    let m = model(
        &cur.at("CapacityProviderConfig"),
        config,
        FIELDS,
        &mut problems,
    );
    if problems.is_empty() {
        return Some(m);
    }
    // pydantic v1's text: one entry per failed union member.
    let mut entries = Vec::new();
    for (name, field, required) in FIELDS {
        match config.get(*name) {
            None | Some(Value::Null) if *required => {
                entries.push(format!(
                    "{name}\n  field required (type=value_error.missing)"
                ));
            }
            Some(v) if !v.is_null() && field.coerce(v).is_none() => {
                for member in field.pydantic_members() {
                    entries.push(format!("{name}\n  {member}"));
                }
            }
            _ => {}
        }
    }
    for k in config.keys() {
        if !FIELDS.iter().any(|(n, _, _)| n == k) {
            entries.push(format!(
                "{k}\n  extra fields not permitted (type=value_error.extra)"
            ));
        }
    }
    let n = entries.len();
    cur.plain_error(
        diags,
        format!(
            "Invalid CapacityProviderConfig: {n} validation error{} for CapacityProviderConfig\n{}",
            if n == 1 { "" } else { "s" },
            entries.join("\n")
        ),
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

    /// pydantic v1's error for each member of the union that rejected a value.
    fn pydantic_members(self) -> &'static [&'static str] {
        const DICT: &str = "value is not a valid dict (type=type_error.dict)";
        const INT: &str = "value is not a valid integer (type=type_error.integer)";
        const FLOAT: &str = "value is not a valid float (type=type_error.float)";
        match self {
            Field::String => &[DICT, "str type expected (type=type_error.str)"],
            Field::StringList => &[DICT, "value is not a valid list (type=type_error.list)"],
            Field::Int => &[DICT, INT],
            Field::Float => &[DICT, FLOAT],
            Field::IntOrFloat => &[DICT, INT, FLOAT],
            Field::Map => &[DICT],
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
/// keys and missing required fields reported (as SAM words them, with the
/// property path); nulls are absent values.
fn model(
    cur: &Cursor,
    m: &Map<String, Value>,
    fields: &[(&str, Field, bool)],
    problems: &mut Vec<String>,
) -> Map<String, Value> {
    let path = |k: &str| format!("Property '{}.{k}'", cur.path());
    let mut out = Map::new();
    for (name, field, required) in fields {
        match m.get(*name) {
            None | Some(Value::Null) => {
                if *required {
                    problems.push(format!("{} is required.", path(name)));
                }
            }
            Some(v) => match field.coerce(v) {
                // An intrinsic that is not a single-key function still passes:
                // pydantic only asks for a dictionary.
                Some(c) => {
                    out.insert((*name).to_string(), c);
                }
                None => problems.push(format!(
                    "{} value must be {}.",
                    path(name),
                    field.expected()
                )),
            },
        }
    }
    for k in m.keys() {
        if !fields.iter().any(|(n, _, _)| n == k) {
            problems.push(format!("{} is an invalid property.", path(k)));
        }
    }
    out
}
