//! An API's `GatewayResponses` and `Models` (SAM's
//! `ApiGenerator._add_gateway_responses`, `ApiGatewayResponse` and
//! `_add_models`), written into the body as
//! `x-amazon-apigateway-gateway-responses` and `definitions`.

use serde_json::Value;

use crate::model::rest_api::RestApi;
use crate::template::Expr;

use super::super::openapi::{self, Editor};
use super::super::py27::{Py, PyDict, PyStr};
use super::ApiError;

const RESPONSE_FIELDS: &[&str] = &["ResponseParameters", "ResponseTemplates", "StatusCode"];

/// Python's `type(v).__name__` for a template value (strings are `Py27UniStr`).
fn python_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "Py27UniStr",
        Value::Array(_) => "list",
        Value::Object(_) => "Py27Dict",
    }
}

/// `ApiGatewayResponse(...).generate_swagger()` for one response type.
fn response_swagger(kind: &str, response: &Py) -> Result<Py, ApiError> {
    let r = response.as_dict();
    let params = r
        .and_then(|d| d.get("ResponseParameters"))
        .cloned()
        .unwrap_or(Py::Dict(PyDict::py27()));
    let templates = r
        .and_then(|d| d.get("ResponseTemplates"))
        .cloned()
        .filter(openapi::truthy)
        .unwrap_or(Py::Dict(PyDict::py27()));
    let mut prefixed = PyDict::py27();
    if openapi::truthy(&params) {
        let Some(p) = params.as_dict() else {
            return Err(ApiError::resource(format!(
                "Property 'GatewayResponses.{kind}.ResponseParameters' should be a map."
            )));
        };
        if let Some(k) = p
            .keys()
            .into_iter()
            .find(|k| !["Headers", "Paths", "QueryStrings"].contains(&k.text.as_str()))
        {
            return Err(ApiError::resource(format!(
                "Invalid gateway response parameter '{}'",
                k.text
            )));
        }
        for (prop, prefix) in [
            ("Headers", "header."),
            ("Paths", "path."),
            ("QueryStrings", "querystring."),
        ] {
            let Some(v) = p.get(prop) else {
                continue;
            };
            let Some(m) = v.as_dict() else {
                return Err(ApiError::resource(format!(
                    "Property 'ResponseParameters.{prop}' should be a map."
                )));
            };
            for (k, x) in m.items() {
                prefixed.set(
                    PyStr {
                        text: format!("gatewayresponse.{prefix}{}", k.text),
                        uni: k.uni,
                    },
                    x.clone(),
                );
            }
        }
    }
    let status = match r.and_then(|d| d.get("StatusCode")) {
        None | Some(Py::None) => None,
        Some(s) => Some(openapi::py_str(s)),
    };
    if let Some(s) = status.as_ref().filter(|s| !s.is_empty()) {
        let numeric = (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if !numeric {
            return Err(ApiError::resource("Property 'StatusCode' must be numeric"));
        }
    }
    let mut d = PyDict::py27();
    d.set(PyStr::lit("responseParameters"), Py::Dict(prefixed));
    d.set(PyStr::lit("responseTemplates"), templates);
    if let Some(s) = status.filter(|s| !s.is_empty()) {
        d.set(PyStr::lit("statusCode"), Py::lit(&s));
    }
    Ok(Py::Dict(d))
}

/// `_add_gateway_responses`.
pub(super) fn add_gateway_responses(a: &RestApi, body: &mut Option<Py>) -> Result<(), ApiError> {
    let Some(responses) = a
        .gateway_responses
        .as_ref()
        .filter(|v| openapi::truthy(&Py::from_user(v)))
    else {
        return Ok(());
    };
    let Some(doc) = body.as_ref().filter(|b| openapi::truthy(b)) else {
        return Err(ApiError::resource(
            "GatewayResponses works only with inline Swagger specified in 'DefinitionBody' property.",
        ));
    };
    let user = Py::from_user_with(responses, a.key_history.at(&["GatewayResponses"]));
    let Some(all) = user.as_dict() else {
        return Ok(());
    };
    for (kind, _) in all.items() {
        let Some(v) = responses.get(&kind.text) else {
            continue;
        };
        if Expr::is_intrinsic(v) {
            return Err(ApiError::resource(
                "Unable to set GatewayResponses attribute because intrinsic functions are not supported for this field.",
            ));
        }
        let Some(m) = v.as_object() else {
            return Err(ApiError::resource(format!(
                "Invalid property type '{}' for GatewayResponses. Expected an object of type 'GatewayResponse'.",
                python_type(v)
            )));
        };
        if let Some(k) = m.keys().find(|k| !RESPONSE_FIELDS.contains(&k.as_str())) {
            return Err(ApiError::resource(format!(
                "Invalid property '{k}' in 'GatewayResponses' property '{}'.",
                kind.text
            )));
        }
    }
    if !openapi::is_valid(doc) {
        return Err(ApiError::resource(
            "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    let mut e = Editor::open(doc).map_err(ApiError::Document)?;
    // SAM collects the responses in a `Py27Dict` of its own first and adds
    // them in that dict's order, which can differ from the user map's.
    let mut generated = PyDict::py27();
    for (kind, response) in all.items() {
        generated.set(kind.clone(), response_swagger(&kind.text, response)?);
    }
    if !generated.is_empty() {
        e.add_gateway_responses(
            generated
                .iter_items()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
    }
    *body = Some(e.finish());
    Ok(())
}

/// `_add_models`.
pub(super) fn add_models(a: &RestApi, body: &mut Option<Py>) -> Result<(), ApiError> {
    let Some(models) = a
        .models
        .as_ref()
        .filter(|v| openapi::truthy(&Py::from_user(v)))
    else {
        return Ok(());
    };
    let Some(doc) = body.as_ref().filter(|b| openapi::truthy(b)) else {
        return Err(ApiError::resource(
            "Models works only with inline Swagger specified in 'DefinitionBody' property.",
        ));
    };
    if !openapi::is_valid(doc) {
        return Err(ApiError::resource(
            "Unable to add Models definitions because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    let user = Py::from_user(models);
    let Some(all) = user
        .as_dict()
        .filter(|d| d.items().iter().all(|(_, v)| v.as_dict().is_some()))
    else {
        return Err(ApiError::resource("Invalid value for 'Models' property"));
    };
    let mut e = Editor::open(doc).map_err(ApiError::Document)?;
    e.add_models(all).map_err(ApiError::Document)?;
    let mut doc = e.finish();
    let version = a.open_api_version.as_ref().map(super::version_py);
    openapi::openapi3_postprocess(&mut doc, version.as_ref()).map_err(ApiError::Document)?;
    *body = Some(doc);
    Ok(())
}
