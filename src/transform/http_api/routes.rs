//! Translating one function's `HttpApi` event (SAM's
//! `eventsources.push.HttpApi`): the Lambda permission (skipped when the
//! function's `$default` route already covers it) and the integration, route
//! auth, timeout, path parameters and payload format in the API's body.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::error::{Cursor, Diagnostic};
use crate::model::http_api::{HttpApi, ANY_METHOD, DEFAULT_PATH, IMPLICIT_HTTP_API_ID};
use crate::model::Function;
use crate::template::resources::lambda;
use crate::template::{Expr, Resource};

use super::super::{function, logical_id, permissions, Context, Output};
use super::editor::{truthy, Editor};
use super::{auth, Body, Route};

/// `{name}` / `{proxy+}` path parameters become `*` in the permission's ARN.
fn arn_path(path: &str) -> String {
    permissions::params_to_star(path, permissions::Greedy::ProxyOnly)
}

/// `{…}` names in a path (`re.findall("{(.*?)}", path)`).
fn path_parameters(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        out.push(after[..close].to_string());
        rest = &after[close + 1..];
    }
    out
}

fn event_error(r: &Route, out: &mut Output, message: impl std::fmt::Display) {
    Cursor::new(&r.function.id)
        .at("Events")
        .at(r.event_id)
        .plain_error(
            &mut out.diags,
            format!("Event with id [{}] is invalid. {message}", r.event_id),
        );
}

/// The Lambda permission for one `HttpApi` event (`HttpApi._get_permission`):
/// `path` has lost its trailing slash, and is empty for the `$default` route.
/// Whether the function's own `$default` route in the body already lets
/// API Gateway call it for this route, so SAM writes no permission of its own.
/// The `$default` route itself never is, and its permission has no path (the
/// path is cleared). `None` once a malformed body has been reported.
pub(crate) fn covered_by_default(
    editor: Option<&mut Editor>,
    path: &mut String,
    target: &str,
    out: &mut Output,
) -> Option<bool> {
    if path == DEFAULT_PATH {
        path.clear();
        return Some(false);
    }
    match editor.map(|e| e.integration_calls(DEFAULT_PATH, ANY_METHOD, target)) {
        Some(Ok(c)) => Some(c),
        Some(Err(m)) => {
            out.diags.push(Diagnostic::document("", m));
            None
        }
        None => Some(false),
    }
}

pub(crate) fn permission(
    f: &Function,
    target: &str,
    event_id: &str,
    method: &str,
    path: &str,
    api_ref: Value,
) -> (String, Resource) {
    let path = arn_path(path);
    let star = method == "any" || method == ANY_METHOD;
    let resource = if method == "any" && path == format!("/{DEFAULT_PATH}") {
        format!("${{__ApiId__}}/${{__Stage__}}{path}")
    } else {
        let m = if star {
            "*".to_string()
        } else {
            method.to_uppercase()
        };
        format!("${{__ApiId__}}/${{__Stage__}}/{m}{path}")
    };
    let mut vars = Map::new();
    vars.insert("__ApiId__".into(), api_ref);
    vars.insert("__Stage__".into(), "*".into());
    let p = lambda::Permission {
        action: "lambda:InvokeFunction".into(),
        function_name: Expr::ref_(target.to_string()).into(),
        principal: "apigateway.amazonaws.com".into(),
        source_arn: Some(
            Expr::SubWith(
                format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:{resource}"),
                vars,
            )
            .into(),
        ),
        source_account: None,
    };
    let mut res = Resource::typed(&p);
    permissions::pass_through(&mut res, &f.attributes);
    (logical_id::permission_id(&f.id, event_id, ""), res)
}

/// Pass 2 for one event: its permission, and its integration in the API's body.
pub(super) fn add_route(
    r: &Route,
    bodies: &mut BTreeMap<&str, Body>,
    ctx: &Context,
    out: &mut Output,
) {
    let f = r.function;
    let target = function::invoke_target_id(f, ctx, out);
    let ev = r.event;
    let method = ev.method.to_lowercase();
    let api_id = ev.api_id.as_deref().unwrap_or(IMPLICIT_HTTP_API_ID);
    let body = r.api.and_then(|a| bodies.get_mut(a.id.as_str()));

    // The permission, unless the function's `$default` route already covers it.
    let mut path = ev.path.clone();
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    let mut editor = match body.as_ref().and_then(|b| b.doc.as_ref()) {
        Some(doc) => match Editor::open(doc) {
            Ok(e) => Some(e),
            Err(m) => {
                out.diags.push(Diagnostic::resource(
                    api_id,
                    "",
                    format!("Structure of the SAM template is invalid. {m}"),
                ));
                return;
            }
        },
        None => None,
    };
    let Some(covered) = covered_by_default(editor.as_mut(), &mut path, &target, out) else {
        return;
    };
    if !covered {
        let api_ref = ev
            .api_ref
            .clone()
            .unwrap_or_else(|| Expr::ref_(IMPLICIT_HTTP_API_ID).into());
        let (id, res) = permission(f, &target, r.event_id, &method, &path, api_ref);
        out.add(&f.id, id, res);
    }

    // The integration.
    let (Some(api), Some(body), Some(mut e)) = (r.api, body, editor) else {
        return;
    };
    let shorthand = if target == f.id {
        format!("${{{target}.Arn}}")
    } else {
        format!("${{{target}}}")
    };
    let uri = json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{shorthand}/invocations")});
    let result = integrate(r, api, &mut e, &method, uri, body.managed);
    match result {
        Ok(()) => body.doc = Some(e.finish()),
        Err(RouteError::Event(m)) => event_error(r, out, m),
        Err(RouteError::Api(m)) => out.diags.push(Diagnostic::resource(api.id.clone(), "", m)),
        Err(RouteError::Document(m)) => out.diags.push(Diagnostic::document("", m)),
    }
}

enum RouteError {
    Event(String),
    Api(String),
    Document(String),
}

/// SAM's `HttpApi._add_openapi_integration`.
fn integrate(
    r: &Route,
    api: &HttpApi,
    e: &mut Editor,
    method: &str,
    uri: Value,
    managed: bool,
) -> Result<(), RouteError> {
    let ev = r.event;
    let path = ev.path.as_str();
    let doc = RouteError::Document;
    if managed && e.has_integration(path, method).map_err(doc)? {
        return Err(RouteError::Event(format!(
            "API method '{method}' defined multiple times for path '{path}'."
        )));
    }
    e.add_lambda_integration(path, method, uri, r.function.attributes.condition.as_ref())
        .map_err(RouteError::Document)?;
    if let Some(auth) = ev.auth.as_ref().filter(|a| truthy(a)) {
        let auth = auth.as_object().cloned().unwrap_or_default();
        let api_auth = match &api.auth {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(RouteError::Api("Property 'Auth' should be a map.".into())),
        };
        let authorizer =
            auth::route_authorizer(method, path, &auth, &api_auth).map_err(RouteError::Event)?;
        if let Some(name) = authorizer.as_str() {
            let authorizers = api_auth.get("Authorizers").and_then(Value::as_object);
            let security = auth::route_security(name, auth.get("AuthorizationScopes"), authorizers)
                .map_err(RouteError::Document)?;
            e.for_each_method(path, method, true, |d| {
                let mut list = match d.get("security") {
                    None => Vec::new(),
                    Some(Value::Array(a)) => a.clone(),
                    Some(_) => {
                        return Err(format!(
                            "Type of security for path {path} method {method} must be a list"
                        ))
                    }
                };
                list.push(security.clone());
                d.insert("security".into(), Value::Array(list));
                Ok(())
            })
            .map_err(RouteError::Document)?;
        }
    }
    let set_integration = |e: &mut Editor, key: &str, v: &Value| {
        e.for_each_method(path, method, true, |d| {
            if let Some(Value::Object(i)) = d.get_mut("x-amazon-apigateway-integration") {
                i.insert(key.to_string(), v.clone());
            }
            Ok(())
        })
    };
    if let Some(t) = ev.timeout_in_millis.as_ref().filter(|t| truthy(t)) {
        set_integration(e, "timeoutInMillis", t).map_err(RouteError::Document)?;
    }
    let params = path_parameters(path);
    if !params.is_empty() {
        e.for_each_method(path, method, true, |d| {
            let list = d
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(list) = list else {
                return Ok(());
            };
            for p in &params {
                let existing = list
                    .iter_mut()
                    .find(|x| x.get("name").and_then(Value::as_str) == Some(p.as_str()));
                match existing.and_then(Value::as_object_mut) {
                    Some(x) => {
                        x.insert("in".into(), "path".into());
                        x.insert("required".into(), Value::Bool(true));
                    }
                    None => list.push(json!({"name": p, "in": "path", "required": true})),
                }
            }
            Ok(())
        })
        .map_err(RouteError::Document)?;
    }
    if let Some(v) = ev.payload_format_version.as_ref().filter(|v| truthy(v)) {
        set_integration(e, "payloadFormatVersion", v).map_err(RouteError::Document)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_paths() {
        assert_eq!(arn_path("/users/{id}/x"), "/users/*/x");
        assert_eq!(arn_path("/{proxy+}"), "/*");
        assert_eq!(arn_path("/{a b}"), "/{a b}");
        assert_eq!(path_parameters("/a/{b}/{c+}"), vec!["b", "c+"]);
    }
}
