//! SAM's `SwaggerEditor` edits for one method from an `Api` event's
//! properties (`TimeoutInMillis`, `RequestModel`, `RequestParameters`), and
//! the API-level `Models` and `GatewayResponses` they rely on.

use super::auth::methods_at;
use super::{is_openapi3, py_str, truthy, DocError, Editor, INTEGRATION};
use crate::transform::py27::{Py, PyDict, PyStr};

const VALIDATORS: &str = "x-amazon-apigateway-request-validators";
const VALIDATOR: &str = "x-amazon-apigateway-request-validator";

fn plain1(key: &str, value: Py) -> Py {
    let mut d = PyDict::plain();
    d.set(PyStr::lit(key), value);
    Py::Dict(d)
}

/// One entry of an event's `RequestParameters`, with SAM's defaults applied.
pub struct RequestParameter {
    /// `method.request.<location>.<name>` as written.
    pub name: PyStr,
    pub required: Py,
    pub caching: bool,
}

/// `get_validator_name`.
pub fn validator_name(body: bool, parameters: bool) -> &'static str {
    match (body, parameters) {
        (true, true) => "body-and-params",
        (true, false) => "body-only",
        (false, true) => "params-only",
        (false, false) => "no-validation",
    }
}

impl Editor {
    /// `add_timeout_to_method`.
    pub fn add_timeout(&mut self, path: &str, method: &str, timeout: &Py) -> Result<(), DocError> {
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        for def in methods_at(paths, path, method)? {
            if let Some(Py::Dict(i)) = def.get_mut(INTEGRATION) {
                i.set(PyStr::lit("timeoutInMillis"), timeout.clone());
            }
        }
        Ok(())
    }

    /// `add_request_model_to_method`: a body parameter (Swagger 2) or a
    /// `requestBody` (OpenAPI 3) referring to the lower-cased model name.
    pub fn add_request_model(
        &mut self,
        path: &str,
        method: &str,
        model: &PyStr,
        required: Option<&Py>,
    ) -> Result<(), DocError> {
        let name = PyStr {
            text: model.text.to_lowercase(),
            uni: model.uni,
        };
        let swagger = self
            .doc
            .get("swagger")
            .is_some_and(|v| !matches!(v, Py::None));
        let openapi3 = self
            .doc
            .get("openapi")
            .is_some_and(|v| truthy(v) && is_openapi3(&py_str(v)));
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        for def in methods_at(paths, path, method)? {
            if swagger {
                let mut params = match def.get("parameters") {
                    Some(Py::List(l)) => l.clone(),
                    _ => Vec::new(),
                };
                let mut p = PyDict::py27();
                p.set(PyStr::lit("in"), Py::lit("body"));
                p.set(PyStr::lit("name"), Py::Str(name.clone()));
                p.set(
                    PyStr::lit("schema"),
                    plain1("$ref", Py::lit(&format!("#/definitions/{}", name.text))),
                );
                if let Some(r) = required {
                    p.set(PyStr::lit("required"), r.clone());
                }
                params.push(Py::Dict(p));
                def.set(PyStr::lit("parameters"), Py::List(params));
            } else if openapi3 {
                let schema = plain1(
                    "schema",
                    plain1(
                        "$ref",
                        Py::lit(&format!("#/components/schemas/{}", name.text)),
                    ),
                );
                let mut body = PyDict::plain();
                body.set(PyStr::lit("content"), plain1("application/json", schema));
                if let Some(r) = required {
                    body.set(PyStr::lit("required"), r.clone());
                }
                def.set(PyStr::lit("requestBody"), Py::Dict(body));
            }
        }
        Ok(())
    }

    /// `add_request_validator_to_method`.
    pub fn add_request_validator(
        &mut self,
        path: &str,
        method: &str,
        body: bool,
        parameters: bool,
    ) -> Result<(), DocError> {
        let name = validator_name(body, parameters);
        let mut settings = PyDict::py27();
        settings.set(PyStr::lit("validateRequestBody"), Py::Bool(body));
        settings.set(
            PyStr::lit("validateRequestParameters"),
            Py::Bool(parameters),
        );
        let mut def = PyDict::py27();
        def.set(PyStr::lit(name), Py::Dict(settings));
        if !self.doc.get(VALIDATORS).is_some_and(truthy) {
            self.doc
                .set(PyStr::lit(VALIDATORS), Py::Dict(PyDict::py27()));
        }
        if let Some(Py::Dict(v)) = self.doc.get_mut(VALIDATORS) {
            if !v.get(name).is_some_and(truthy) {
                v.update(&def);
            }
        }
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        for d in methods_at(paths, path, method)? {
            let mut set = PyDict::py27();
            set.set(PyStr::lit(VALIDATOR), Py::lit(name));
            d.update(&set);
        }
        Ok(())
    }

    /// `add_request_parameters_to_method`.
    pub fn add_request_parameters(
        &mut self,
        path: &str,
        method: &str,
        parameters: &[RequestParameter],
    ) -> Result<(), DocError> {
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        for def in methods_at(paths, path, method)? {
            let mut existing = match def.get("parameters") {
                Some(Py::List(l)) => l.clone(),
                _ => Vec::new(),
            };
            for rp in parameters {
                let located = rp.name.text.replacen("method.request.", "", usize::MAX);
                let (location, name) = located.split_once('.').unwrap_or((&located, ""));
                let location = if location == "querystring" {
                    Py::lit("query")
                } else {
                    Py::Str(PyStr {
                        text: location.to_string(),
                        uni: rp.name.uni,
                    })
                };
                let mut p = PyDict::py27();
                p.set(PyStr::lit("in"), location);
                p.set(
                    PyStr::lit("name"),
                    Py::Str(PyStr {
                        text: name.to_string(),
                        uni: rp.name.uni,
                    }),
                );
                p.set(PyStr::lit("required"), rp.required.clone());
                p.set(PyStr::lit("type"), Py::lit("string"));
                existing.push(Py::Dict(p));
                if rp.caching {
                    if let Some(Py::Dict(i)) = def.get_mut(INTEGRATION) {
                        let mut cache = match i.get("cacheKeyParameters") {
                            Some(Py::List(l)) => l.clone(),
                            _ => Vec::new(),
                        };
                        cache.push(Py::Str(rp.name.clone()));
                        i.set(PyStr::lit("cacheKeyParameters"), Py::List(cache));
                    }
                }
            }
            def.set(PyStr::lit("parameters"), Py::List(existing));
        }
        Ok(())
    }

    /// `add_models`: each schema under its lower-cased name in `definitions`.
    pub fn add_models(&mut self, models: &PyDict) -> Result<(), DocError> {
        if !truthy(&self.definitions) || self.definitions.as_dict().is_none() {
            self.definitions = Py::Dict(PyDict::py27());
        }
        for (name, schema) in models.items() {
            if !schema
                .as_dict()
                .and_then(|d| d.get("type"))
                .is_some_and(truthy)
            {
                return Err("'Models' schema is missing 'type'.".into());
            }
            if let Py::Dict(d) = &mut self.definitions {
                d.set(
                    PyStr {
                        text: name.text.to_lowercase(),
                        uni: name.uni,
                    },
                    schema.clone(),
                );
            }
        }
        Ok(())
    }

    /// `add_gateway_responses`.
    pub fn add_gateway_responses(&mut self, responses: Vec<(PyStr, Py)>) {
        if !truthy(&self.gateway_responses) || self.gateway_responses.as_dict().is_none() {
            self.gateway_responses = Py::Dict(PyDict::py27());
        }
        if let Py::Dict(d) = &mut self.gateway_responses {
            for (k, v) in responses {
                d.set(k, v);
            }
        }
    }
}
