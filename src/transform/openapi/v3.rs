//! The OpenAPI 3 fix-ups SAM applies to a REST API's body after editing it
//! (`ApiGenerator._openapi_postprocess`).

use super::super::py27::{Py, PyDict, PyStr};
use super::{is_openapi3, path_not_dict, py_str, truthy, DocError};

/// `ApiGenerator._openapi_postprocess`: for an OpenAPI 3 body (not a
/// Swagger 2 one), move `securityDefinitions` and `definitions` under
/// `components`, and fix up CORS `options` methods (no `produces` or
/// `consumes`; header values wrapped in `schema`).
pub fn openapi3_postprocess(doc: &mut Py, open_api_version: Option<&Py>) -> Result<(), DocError> {
    let Some(d) = doc.as_dict_mut() else {
        return Ok(());
    };
    if d.get("swagger").is_some_and(|v| !matches!(v, Py::None)) {
        return Ok(());
    }
    let version = match (d.get("openapi"), open_api_version) {
        (Some(v), None) if !matches!(v, Py::None) => Some(v.clone()),
        (_, v) => v.cloned(),
    };
    if !version.is_some_and(|v| truthy(&v) && is_openapi3(&py_str(&v))) {
        return Ok(());
    }
    for (from, to) in [
        ("securityDefinitions", "securitySchemes"),
        ("definitions", "schemas"),
    ] {
        if !d.get(from).is_some_and(truthy) {
            continue;
        }
        let moved = d.get(from).cloned().unwrap_or(Py::None);
        let mut components = match d.get("components") {
            Some(c) if truthy(c) => c.clone(),
            _ => Py::Dict(PyDict::py27()),
        };
        if let Some(c) = components.as_dict_mut() {
            c.set(PyStr::lit(to), moved);
        }
        d.set(PyStr::lit("components"), components);
        d.remove(from);
    }
    let Some(paths) = d.get_mut("paths") else {
        return Ok(());
    };
    if !truthy(paths) {
        return Ok(());
    }
    let Some(paths) = paths.as_dict_mut() else {
        return Err("Value of paths must be a dictionary according to Swagger spec.".into());
    };
    let names: Vec<String> = paths.keys().iter().map(|k| k.text.clone()).collect();
    for path in names {
        let Some(item) = paths.get_mut(&path) else {
            continue;
        };
        let Some(item) = item.as_dict_mut() else {
            return Err(path_not_dict(&path));
        };
        let Some(options) = item.get_mut("options").filter(|o| truthy(o)) else {
            continue;
        };
        let Some(options) = options.as_dict_mut() else {
            return Err(format!(
                "Value of options method for path {path} must be a dictionary according to Swagger spec."
            ));
        };
        let fields: Vec<String> = options.keys().iter().map(|k| k.text.clone()).collect();
        for field in fields {
            if field == "produces" || field == "consumes" {
                options.remove(&field);
            } else if field == "responses" {
                let Some(responses) = options.get_mut("responses") else {
                    continue;
                };
                let headers = match responses.as_dict_mut() {
                    Some(r) => match r.get_mut("200") {
                        Some(Py::Dict(ok)) => ok.get_mut("headers"),
                        Some(Py::None) | None => None,
                        Some(_) => {
                            return Err(format!(
                                "Invalid responses in options method for path {path}: The value of '200' should be a map."
                            ))
                        }
                    },
                    None => {
                        return Err(format!(
                            "Invalid responses in options method for path {path}: The value of 'responses' should be a map."
                        ))
                    }
                };
                let Some(headers) = headers.filter(|h| truthy(h)) else {
                    continue;
                };
                let Some(headers) = headers.as_dict_mut() else {
                    return Err(format!(
                        "Value of response's headers in options method for path {path} must be a dictionary according to Swagger spec."
                    ));
                };
                let names: Vec<PyStr> = headers.keys().into_iter().cloned().collect();
                for h in names {
                    let v = headers.get(&h.text).cloned().unwrap_or(Py::None);
                    let mut wrapped = PyDict::py27();
                    wrapped.set(PyStr::lit("schema"), v);
                    headers.set(h, Py::Dict(wrapped));
                }
            }
        }
    }
    Ok(())
}
