//! An API's `Cors` property (SAM's `ApiGenerator._add_cors`): validated, then
//! an `options` preflight method added to every path of the body.

use serde_json::Value;

use crate::model::rest_api::RestApi;
use crate::template::Expr;

use super::super::openapi::{self, Cors, Editor};
use super::super::py27::Py;
use super::ApiError;

const FIELDS: &[&str] = &[
    "AllowMethods",
    "AllowHeaders",
    "AllowOrigin",
    "MaxAge",
    "AllowCredentials",
];

/// SAM's default `AllowOrigin`.
const WILDCARD: &str = "'*'";

pub(super) fn add(a: &RestApi, body: &mut Option<Py>) -> Result<(), ApiError> {
    let Some(cors) = a
        .cors
        .as_ref()
        .filter(|c| openapi::truthy(&Py::from_user(c)))
    else {
        return Ok(());
    };
    let Some(doc) = body.as_ref().filter(|b| openapi::truthy(b)) else {
        return Err(ApiError::resource(
            "Cors works only with inline Swagger specified in 'DefinitionBody' property.",
        ));
    };
    let get = |k: &str| {
        cors.as_object()
            .and_then(|m| m.get(k))
            .filter(|v| !v.is_null())
            .map(Py::from_user)
    };
    let (origin, headers, methods, max_age, credentials) = match cors {
        Value::String(_) => (Py::from_user(cors), None, None, None, None),
        Value::Object(_) if Expr::is_intrinsic(cors) => {
            (Py::from_user(cors), None, None, None, None)
        }
        Value::Object(m) => {
            if let Some(k) = m.keys().find(|k| !FIELDS.contains(&k.as_str())) {
                return Err(ApiError::resource(format!(
                    "Invalid key '{k}' for 'Cors' property."
                )));
            }
            // A key written as `null` is None in SAM, not the default.
            let origin = match m.get("AllowOrigin") {
                None => Py::lit(WILDCARD),
                Some(v) => Py::from_user(v),
            };
            (
                origin,
                get("AllowHeaders"),
                get("AllowMethods"),
                get("MaxAge"),
                m.get("AllowCredentials").map(Py::from_user),
            )
        }
        _ => return Err(ApiError::resource("Invalid value for 'Cors' property")),
    };
    if !openapi::is_valid(doc) {
        return Err(ApiError::resource(
            "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    let allow_credentials = matches!(credentials, Some(Py::Bool(true)));
    if allow_credentials && origin.as_str() == Some(WILDCARD) {
        return Err(ApiError::resource(
            "Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set",
        ));
    }
    let settings = Cors {
        allow_origin: &origin,
        allow_headers: headers.as_ref(),
        allow_methods: methods.as_ref(),
        max_age: max_age.as_ref(),
        allow_credentials,
    };
    let mut e = Editor::open(doc).map_err(ApiError::Document)?;
    // API Gateway treats `/p` and `/p/` as one resource: only the first gets `options`.
    let mut done: Vec<String> = Vec::new();
    for path in e.path_names() {
        let normalized = if path.text == "/" {
            path.text.clone()
        } else {
            path.text.trim_end_matches('/').to_string()
        };
        if done.contains(&normalized) {
            continue;
        }
        done.push(normalized);
        e.add_cors(&path.text, &settings)
            .map_err(ApiError::Resource)?;
    }
    *body = Some(e.finish());
    Ok(())
}
