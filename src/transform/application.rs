//! Applications → `AWS::CloudFormation::Stack` (SAM's `SamApplication` and
//! serverless app plugin).
//!
//! A `Location` string is the template URL. An application in the
//! Serverless Application Repository needs SAM to ask the repository for a
//! signed template URL; stackwright works offline, so the URL comes from the
//! table the caller gives ([`Context::applications`], the CLI's
//! `--applications FILE`), after `Ref`s to parameters and `Fn::FindInMap`
//! in the location are resolved as SAM resolves them. Tags:
//! `lambda:createdBy: SAM`, the repository's application ID and version,
//! then the user's.

use serde_json::{Map, Value};

use crate::error::Cursor;
use crate::model::application::Application;
use crate::model::SamKinds;
use crate::template::Resource;

use super::intrinsics::{parameter_values, resolve_parameter_refs};
use super::{Context, Output};

pub fn expand_all(kinds: &SamKinds, ctx: &Context, out: &mut Output) {
    for a in &kinds.applications {
        expand(a, ctx, out);
    }
}

/// `Fn::FindInMap` with literal (or already resolved) keys, from the template's `Mappings`.
fn find_in_map(v: &Value, mappings: Option<&Value>) -> Value {
    let Some(args) = v
        .as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.get("Fn::FindInMap"))
        .and_then(Value::as_array)
    else {
        return v.clone();
    };
    let keys: Vec<Value> = args.iter().map(|a| find_in_map(a, mappings)).collect();
    let [Value::String(a), Value::String(b), Value::String(c)] = keys.as_slice() else {
        return v.clone();
    };
    mappings
        .and_then(|m| m.get(a))
        .and_then(|m| m.get(b))
        .and_then(|m| m.get(c))
        .cloned()
        .unwrap_or_else(|| v.clone())
}

fn expand(a: &Application, ctx: &Context, out: &mut Output) {
    let cur = Cursor::new(&a.id);
    let mut tags = vec![super::tags::tag(
        "lambda:createdBy",
        Value::String("SAM".into()),
    )];
    let url = match &a.location {
        Value::Object(loc) => {
            let params = parameter_values(ctx, &out.template);
            let mappings = out.template.mappings.clone();
            let resolve = |k: &str| {
                let v = loc.get(k).cloned().unwrap_or(Value::Null);
                find_in_map(&resolve_parameter_refs(&v, &params), mappings.as_ref())
            };
            let app_id = resolve("ApplicationId");
            let version = resolve("SemanticVersion");
            if app_id.is_null() {
                return cur.plain_error(
                    &mut out.diags,
                    "Property 'ApplicationId' should not be None.",
                );
            }
            if app_id.is_object() {
                return cur.plain_error(
                    &mut out.diags,
                    "Property 'ApplicationId' cannot be resolved. Only FindInMap and Ref intrinsic functions are supported.",
                );
            }
            if !crate::model::value::truthy(&version) {
                return cur.plain_error(
                    &mut out.diags,
                    "Property 'SemanticVersion' cannot be blank.",
                );
            }
            if version.is_object() {
                return cur.plain_error(
                    &mut out.diags,
                    "Property 'SemanticVersion' cannot be resolved. Only FindInMap and Ref intrinsic functions are supported.",
                );
            }
            let (Some(id), Some(ver)) = (app_id.as_str(), version.as_str()) else {
                return cur.plain_error(
                    &mut out.diags,
                    "Property 'Location.ApplicationId' should be a string.",
                );
            };
            let Some(url) = ctx.applications.get(&(id.to_string(), ver.to_string())) else {
                return cur.plain_error(
                    &mut out.diags,
                    format!(
                        "Serverless Application Repository application '{id}' version '{ver}' needs a template URL, \
                         which SAM asks the repository for and stackwright, working offline, cannot: give it with \
                         `--applications FILE` (JSON: {{\"<ApplicationId>\": {{\"<SemanticVersion>\": \"<template URL>\"}}}}), \
                         or write the URL as the application's Location."
                    ),
                );
            };
            tags.push(super::tags::tag(
                "serverlessrepo:applicationId",
                app_id.clone(),
            ));
            tags.push(super::tags::tag(
                "serverlessrepo:semanticVersion",
                version.clone(),
            ));
            Value::String(url.clone())
        }
        other => other.clone(),
    };
    if let Some(user) = &a.tags {
        tags.extend(super::tags::tag_list(user));
    }
    let mut props = Map::new();
    props.insert(
        "TemplateURL".into(),
        if crate::model::value::truthy(&url) {
            url
        } else {
            Value::String(String::new())
        },
    );
    if let Some(v) = &a.parameters {
        props.insert("Parameters".into(), v.clone());
    }
    if let Some(v) = &a.notification_arns {
        props.insert("NotificationARNs".into(), v.clone());
    }
    props.insert("Tags".into(), Value::Array(tags));
    if let Some(v) = &a.timeout_in_minutes {
        props.insert("TimeoutInMinutes".into(), v.clone());
    }
    let mut r = Resource::new("AWS::CloudFormation::Stack");
    r.properties = Some(props);
    // SAM passes the application's DependsOn and pass-through attributes only.
    r.depends_on = a.attributes.depends_on.clone();
    super::permissions::pass_through(&mut r, &a.attributes);
    out.add(&a.id, a.id.clone(), r);
}
