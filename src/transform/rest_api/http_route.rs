//! Pass 3 for an `HttpApi` event whose `ApiId` names a REST API (SAM's
//! `eventsources.push.HttpApi` on an `AWS::Serverless::Api`). SAM does not
//! check the API's kind: it grants the HTTP-style permission and, when the
//! API has an inline body, edits that body with its `OpenApiEditor`, which
//! accepts only OpenAPI 3 documents. So an API with a Swagger 2.0 body (or
//! with the body SAM generates, unless `OpenApiVersion` makes it OpenAPI 3)
//! is rejected, and otherwise the REST body gains an HTTP-API-style
//! integration (`payloadFormatVersion`, path parameters, route security),
//! which then shows in the deployment's hash.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostic};
use crate::model::http_api::{HttpApiEvent, ANY_METHOD, DEFAULT_PATH};
use crate::model::rest_api::RestApi;
use crate::model::Function;
use crate::template::Expr;

use super::super::http_api::{auth as http_auth, editor as http_editor, routes as http_routes};
use super::super::openapi::{self, make_conditional, normalize_method, Editor};
use super::super::py27::{Py, PyDict, PyStr};
use super::super::{function, Context, Output};
use super::Body;

const INTEGRATION: &str = "x-amazon-apigateway-integration";

/// One `HttpApi` event routed to a REST API.
pub(super) struct HttpRoute<'a> {
    pub function: &'a Function,
    pub event_id: &'a str,
    pub event: &'a HttpApiEvent,
    pub api_id: &'a str,
}

fn event_error(r: &HttpRoute, out: &mut Output, message: impl std::fmt::Display) {
    Cursor::new(&r.function.id)
        .at("Events")
        .at(r.event_id)
        .plain_error(
            &mut out.diags,
            format!("Event with id [{}] is invalid. {message}", r.event_id),
        );
}

/// Why SAM rejects the route's edits.
enum RouteError {
    /// "Event with id [E] is invalid. …", on the function.
    Event(String),
    /// "Resource with id [R] is invalid. …", on the API.
    Api(String),
    /// A problem with the document.
    Document(String),
}

impl From<String> for RouteError {
    fn from(m: String) -> Self {
        RouteError::Document(m)
    }
}

/// `HttpApi.to_cloudformation` for one event on a REST API.
pub(super) fn add_route(
    r: &HttpRoute,
    apis: &BTreeMap<&str, &RestApi>,
    bodies: &mut BTreeMap<&str, Body>,
    ctx: &Context,
    out: &mut Output,
) {
    let f = r.function;
    let ev = r.event;
    let Some(api) = apis.get(r.api_id) else {
        return;
    };
    let target = function::invoke_target_id(f, ctx, out);
    let method = ev.method.to_lowercase();
    let body = bodies.get_mut(r.api_id);

    // The permission, unless the function's `$default` route already covers
    // it (SAM reads the body as JSON here, so the check uses the HTTP editor).
    let mut path = ev.path.clone();
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    let json_doc = body
        .as_ref()
        .and_then(|b| b.doc.as_ref())
        .filter(|d| openapi::truthy(d))
        .map(Py::to_json);
    let mut json_editor = match json_doc.as_ref().map(http_editor::Editor::open) {
        Some(Ok(e)) => Some(e),
        Some(Err(m)) => {
            out.diags.push(Diagnostic::resource(
                r.api_id,
                "",
                format!("Structure of the SAM template is invalid. {m}"),
            ));
            return;
        }
        None => None,
    };
    let Some(covered) =
        http_routes::covered_by_default(json_editor.as_mut(), &mut path, &target, out)
    else {
        return;
    };
    if !covered {
        let api_ref = ev
            .api_ref
            .clone()
            .unwrap_or_else(|| Expr::ref_(r.api_id.to_string()).into());
        let (id, res) = http_routes::permission(f, &target, r.event_id, &method, &path, api_ref);
        out.add(&f.id, id, res);
    }

    // The integration (`_add_openapi_integration`), in one editing session.
    let Some(body) = body else {
        return;
    };
    let Some(doc) = body.doc.as_ref().filter(|d| openapi::truthy(d)) else {
        return;
    };
    let result = Editor::open(doc)
        .map_err(RouteError::Document)
        .and_then(|mut e| {
            integrate(r, api, &mut e, &method, &target, body.managed)?;
            Ok(e.finish())
        });
    match result {
        Ok(d) => body.doc = Some(d),
        Err(RouteError::Event(m)) => event_error(r, out, m),
        Err(RouteError::Api(m)) => out.diags.push(Diagnostic::resource(r.api_id, "", m)),
        Err(RouteError::Document(m)) => out.diags.push(Diagnostic::document("", m)),
    }
}

/// SAM's `_build_apigw_integration_uri(function, "${AWS::Partition}")`: a
/// template string only when it names the function's `Arn` attribute.
fn integration_uri(function_id: &str, target: &str) -> Py {
    let (arn, uni) = if target == function_id {
        (format!("{function_id}.Arn"), true)
    } else {
        (target.to_string(), false)
    };
    let text = format!(
        "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{arn}}}/invocations"
    );
    let mut d = PyDict::py27();
    d.set(PyStr::lit("Fn::Sub"), Py::Str(PyStr { text, uni }));
    Py::Dict(d)
}

/// `get_conditional_contents` for editing.
fn contents_mut(item: &mut Py) -> Result<Vec<&mut Py>, String> {
    let is_if = item.as_dict().is_some_and(|d| d.contains("Fn::If"));
    if !is_if {
        return Ok(vec![item]);
    }
    let no_value = |v: &Py| {
        v.as_dict().is_some_and(|d| {
            d.len() == 1 && d.get("Ref").and_then(Py::as_str) == Some("AWS::NoValue")
        })
    };
    match item.as_dict_mut().and_then(|d| d.get_mut("Fn::If")) {
        Some(Py::List(a)) => Ok(a.iter_mut().skip(1).filter(|c| !no_value(c)).collect()),
        _ => Err("Value of Fn::If must be a list.".into()),
    }
}

/// `iter_on_method_definitions_for_path_at_method` (only definitions with
/// an integration), applying `f` to each.
fn for_each_method(
    e: &mut Editor,
    path: &str,
    method: &str,
    mut f: impl FnMut(&mut PyDict) -> Result<(), String>,
) -> Result<(), String> {
    let method = normalize_method(&PyStr::uni(method)).text;
    let Some(item) = e
        .doc_mut()
        .get_mut("paths")
        .and_then(Py::as_dict_mut)
        .and_then(|p| p.get_mut(path))
    else {
        return Ok(());
    };
    for content in contents_mut(item)? {
        let Some(item) = content.as_dict_mut() else {
            return Err(format!(
                "Value of '{path}' path must be a dictionary according to Swagger spec."
            ));
        };
        let Some(def) = item.get_mut(&method) else {
            continue;
        };
        for d in contents_mut(def)? {
            let Some(d) = d.as_dict_mut() else {
                return Err(format!(
                    "Definition of method '{method}' for path '{path}' should be a map."
                ));
            };
            if d.get(INTEGRATION).is_some_and(openapi::truthy) {
                f(d)?;
            }
        }
    }
    Ok(())
}

/// `OpenApiEditor.add_lambda_integration`: like the REST one, plus
/// `payloadFormatVersion` and the `$default` route's `isDefaultRoute`.
fn add_lambda_integration(
    e: &mut Editor,
    path: &PyStr,
    method: &PyStr,
    uri: Py,
    condition: Option<&Py>,
) -> Result<(), String> {
    let method = normalize_method(method);
    if e.has_integration(&path.text, &method)? {
        return Ok(());
    }
    e.add_path(path, &method)?;
    let uri = match condition {
        Some(c) => make_conditional(c, uri),
        None => uri,
    };
    let Some(item) = e
        .doc_mut()
        .get_mut("paths")
        .and_then(Py::as_dict_mut)
        .and_then(|p| p.get_mut(&path.text))
    else {
        return Ok(());
    };
    for content in contents_mut(item)? {
        let Some(item) = content.as_dict_mut() else {
            return Err(format!(
                "Value of '{}' path must be a dictionary according to Swagger spec.",
                path.text
            ));
        };
        if matches!(item.get(&method.text), None | Some(Py::None)) {
            item.set(method.clone(), Py::Dict(PyDict::py27()));
        }
        let Some(def) = item.get_mut(&method.text).and_then(Py::as_dict_mut) else {
            continue;
        };
        let mut integration = PyDict::py27();
        integration.set(PyStr::lit("type"), Py::lit("aws_proxy"));
        integration.set(PyStr::lit("httpMethod"), Py::lit("POST"));
        integration.set(PyStr::lit("payloadFormatVersion"), Py::lit("2.0"));
        integration.set(PyStr::lit("uri"), uri.clone());
        def.set(PyStr::lit(INTEGRATION), Py::Dict(integration));
        if path.text == DEFAULT_PATH && method.text == ANY_METHOD {
            def.set(PyStr::lit("isDefaultRoute"), Py::Bool(true));
        }
        def.setdefault(PyStr::lit("responses"), Py::Dict(PyDict::py27()));
        if let Some(c) = condition {
            if let Some(slot) = item.get_mut(&method.text) {
                let whole = std::mem::replace(slot, Py::None);
                *slot = make_conditional(c, whole);
            }
        }
    }
    Ok(())
}

/// SAM's `HttpApi._add_openapi_integration`, with the REST API's properties
/// standing where SAM expects an HTTP API's.
fn integrate(
    r: &HttpRoute,
    api: &RestApi,
    e: &mut Editor,
    method: &str,
    target: &str,
    managed: bool,
) -> Result<(), RouteError> {
    let ev = r.event;
    // The `$default` route SAM fills in for an event with neither `Path` nor
    // `Method` is spelled with plain strings; the user's words are template strings.
    let defaulted = ev.path == DEFAULT_PATH && ev.method == ANY_METHOD;
    let word = |s: &str| {
        if defaulted {
            PyStr::lit(s)
        } else {
            PyStr::uni(s)
        }
    };
    let path = word(&ev.path);
    let method_word = word(method);
    if managed && e.has_integration(&path.text, &normalize_method(&method_word))? {
        return Err(RouteError::Event(format!(
            "API method '{method}' defined multiple times for path '{}'.",
            path.text
        )));
    }
    let condition = r.function.attributes.condition.as_ref().map(Py::from_user);
    let uri = integration_uri(&r.function.id, target);
    add_lambda_integration(e, &path, &method_word, uri, condition.as_ref())?;
    if let Some(auth) = ev.auth.as_ref().filter(|a| http_editor::truthy(a)) {
        let auth = auth.as_object().cloned().unwrap_or_default();
        let api_auth = match &api.auth {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(RouteError::Api("Property 'Auth' should be a map.".into())),
        };
        let authorizer = http_auth::route_authorizer(method, &path.text, &auth, &api_auth)
            .map_err(RouteError::Event)?;
        if let Some(name) = authorizer.as_str() {
            let authorizers = api_auth.get("Authorizers").and_then(Value::as_object);
            let security =
                http_auth::route_security(name, auth.get("AuthorizationScopes"), authorizers)
                    .map_err(RouteError::Document)?;
            // `security_dict` is a plain dict; the scopes are the user's.
            let mut entry = PyDict::plain();
            let scopes = security
                .get(name)
                .map(Py::from_user)
                .unwrap_or(Py::List(Vec::new()));
            entry.set(PyStr::uni(name), scopes);
            let entry = Py::Dict(entry);
            for_each_method(e, &path.text, method, |d| {
                let mut list = match d.get("security") {
                    None => Vec::new(),
                    Some(Py::List(a)) => a.clone(),
                    Some(_) => {
                        return Err(format!(
                            "Type of security for path {} method {method} must be a list",
                            path.text
                        ))
                    }
                };
                list.push(entry.clone());
                d.set(PyStr::lit("security"), Py::List(list));
                Ok(())
            })?;
        }
    }
    let set_integration = |e: &mut Editor, key: &str, v: &Value| {
        let v = Py::from_user(v);
        for_each_method(e, &path.text, method, |d| {
            if let Some(Py::Dict(i)) = d.get_mut(INTEGRATION) {
                i.set(PyStr::lit(key), v.clone());
            }
            Ok(())
        })
    };
    if let Some(t) = ev
        .timeout_in_millis
        .as_ref()
        .filter(|t| http_editor::truthy(t))
    {
        set_integration(e, "timeoutInMillis", t)?;
    }
    let params = path_parameters(&path.text);
    if !params.is_empty() {
        for_each_method(e, &path.text, method, |d| {
            let list = d.setdefault(PyStr::lit("parameters"), Py::List(Vec::new()));
            let Py::List(list) = list else {
                return Ok(());
            };
            for p in &params {
                let existing = list
                    .iter_mut()
                    .filter_map(Py::as_dict_mut)
                    .find(|x| x.get("name").and_then(Py::as_str) == Some(p.as_str()));
                match existing {
                    Some(x) => {
                        x.set(PyStr::lit("in"), Py::lit("path"));
                        x.set(PyStr::lit("required"), Py::Bool(true));
                    }
                    None => {
                        let mut x = PyDict::py27();
                        x.set(PyStr::lit("name"), Py::uni(p));
                        x.set(PyStr::lit("in"), Py::lit("path"));
                        x.set(PyStr::lit("required"), Py::Bool(true));
                        list.push(Py::Dict(x));
                    }
                }
            }
            Ok(())
        })?;
    }
    if let Some(v) = ev
        .payload_format_version
        .as_ref()
        .filter(|v| http_editor::truthy(v))
    {
        set_integration(e, "payloadFormatVersion", v)?;
    }
    Ok(())
}

/// `re.findall("{(.*?)}", path)`.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_is_a_template_string_only_for_the_function() {
        let own = integration_uri("Fn", "Fn");
        let alias = integration_uri("Fn", "FnAliaslive");
        let text = |p: &Py| {
            p.as_dict()
                .and_then(|d| d.get("Fn::Sub"))
                .and_then(|s| match s {
                    Py::Str(s) => Some((s.text.clone(), s.uni)),
                    _ => None,
                })
        };
        assert_eq!(
            text(&own),
            Some(("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations".into(), true))
        );
        assert_eq!(text(&alias).map(|t| t.1), Some(false));
        assert_eq!(path_parameters("/a/{b}/{c+}"), vec!["b", "c+"]);
    }
}
