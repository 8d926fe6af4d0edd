//! SAM's `SwaggerEditor.add_cors`: an `options` method with a `mock`
//! integration answering the CORS preflight with the configured headers.

use super::{conditional_contents_mut, path_not_dict, DocError, Editor, ANY_METHOD, INTEGRATION};
use crate::transform::py27::{Py, PyDict, PyStr};

/// The methods API Gateway's `ANY` stands for (SAM's `_ALL_HTTP_METHODS`).
const ALL_HTTP_METHODS: &[&str] = &["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"];

/// One path's CORS settings (SAM's `CorsProperties` after defaults).
pub struct Cors<'a> {
    pub allow_origin: &'a Py,
    pub allow_headers: Option<&'a Py>,
    pub allow_methods: Option<&'a Py>,
    pub max_age: Option<&'a Py>,
    /// Only a literal `true` adds `Access-Control-Allow-Credentials`.
    pub allow_credentials: bool,
}

impl Editor {
    /// `add_cors` for one path: every branch of the path item that has no
    /// `options` method gets one. `Err` carries SAM's message about the API.
    pub fn add_cors(&mut self, path: &str, cors: &Cors) -> Result<(), DocError> {
        let Some(item) = self.paths_mut().and_then(|p| p.get_mut(path)) else {
            return Ok(());
        };
        // SAM reuses the methods it computed for the first branch in the others.
        let mut methods: Option<Py> = cors.allow_methods.filter(|m| super::truthy(m)).cloned();
        for content in conditional_contents_mut(item)? {
            let Some(item) = content.as_dict_mut() else {
                return Err(path_not_dict(path));
            };
            if item.contains("options") {
                continue;
            }
            if !super::truthy(cors.allow_origin) {
                return Err("Invalid input. Value for AllowedOrigins is required".into());
            }
            let m = methods
                .get_or_insert_with(|| Py::lit(&format!("'{}'", allowed_methods(item))))
                .clone();
            item.set(PyStr::lit("options"), options_method(cors, &m));
        }
        Ok(())
    }
}

/// `_make_cors_allowed_methods_for_path_item`: the path item's keys,
/// upper-cased, deduplicated and sorted, with `OPTIONS`; every method for `ANY`.
pub fn allowed_methods(item: &PyDict) -> String {
    let keys: Vec<String> = item.keys().iter().map(|k| k.text.clone()).collect();
    let mut methods: Vec<String> = if keys.iter().any(|k| k == ANY_METHOD) {
        ALL_HTTP_METHODS.iter().map(|m| m.to_string()).collect()
    } else {
        keys.into_iter().chain(["options".to_string()]).collect()
    };
    methods = methods.into_iter().map(|m| m.to_uppercase()).collect();
    methods.sort();
    methods.dedup();
    methods.join(",")
}

fn type_of(t: &str) -> Py {
    let mut d = PyDict::plain();
    d.set(PyStr::lit("type"), Py::lit(t));
    Py::Dict(d)
}

fn plain(key: &str, value: &str) -> Py {
    let mut d = PyDict::plain();
    d.set(PyStr::lit(key), Py::lit(value));
    Py::Dict(d)
}

/// `_options_method_response_for_cors`.
fn options_method(cors: &Cors, methods: &Py) -> Py {
    const ORIGIN: &str = "Access-Control-Allow-Origin";
    let header = |h: &str| PyStr::lit(&format!("method.response.header.{h}"));
    let mut params = PyDict::py27();
    params.set(header(ORIGIN), cors.allow_origin.clone());
    let mut headers = PyDict::py27();
    headers.set(PyStr::lit(ORIGIN), type_of("string"));
    if let Some(h) = cors.allow_headers.filter(|h| super::truthy(h)) {
        params.set(header("Access-Control-Allow-Headers"), h.clone());
        headers.set(
            PyStr::lit("Access-Control-Allow-Headers"),
            type_of("string"),
        );
    }
    if super::truthy(methods) {
        params.set(header("Access-Control-Allow-Methods"), methods.clone());
        headers.set(
            PyStr::lit("Access-Control-Allow-Methods"),
            type_of("string"),
        );
    }
    if let Some(age) = cors.max_age {
        params.set(header("Access-Control-Max-Age"), age.clone());
        headers.set(PyStr::lit("Access-Control-Max-Age"), type_of("integer"));
    }
    if cors.allow_credentials {
        params.set(
            header("Access-Control-Allow-Credentials"),
            Py::lit("'true'"),
        );
        headers.set(
            PyStr::lit("Access-Control-Allow-Credentials"),
            type_of("string"),
        );
    }

    let mut default = PyDict::py27();
    default.set(PyStr::lit("statusCode"), Py::lit("200"));
    default.set(PyStr::lit("responseParameters"), Py::Dict(params));
    default.set(
        PyStr::lit("responseTemplates"),
        plain("application/json", "{}\n"),
    );
    let mut responses = PyDict::py27();
    responses.set(PyStr::lit("default"), Py::Dict(default));
    let mut integration = PyDict::py27();
    integration.set(PyStr::lit("type"), Py::lit("mock"));
    integration.set(
        PyStr::lit("requestTemplates"),
        plain("application/json", "{\n  \"statusCode\" : 200\n}\n"),
    );
    integration.set(PyStr::lit("responses"), Py::Dict(responses));

    let mut ok = PyDict::py27();
    ok.set(
        PyStr::lit("description"),
        Py::lit("Default response for CORS method"),
    );
    ok.set(PyStr::lit("headers"), Py::Dict(headers));
    let mut method_responses = PyDict::py27();
    method_responses.set(PyStr::lit("200"), Py::Dict(ok));

    let json = || Py::List(vec![Py::lit("application/json")]);
    let mut method = PyDict::py27();
    method.set(PyStr::lit("summary"), Py::lit("CORS support"));
    method.set(PyStr::lit("consumes"), json());
    method.set(PyStr::lit("produces"), json());
    method.set(PyStr::lit(INTEGRATION), Py::Dict(integration));
    method.set(PyStr::lit("responses"), Py::Dict(method_responses));
    Py::Dict(method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_methods_as_sam_lists_them() {
        let mut item = PyDict::py27();
        item.set(PyStr::uni("post"), Py::None);
        item.set(PyStr::uni("get"), Py::None);
        assert_eq!(allowed_methods(&item), "GET,OPTIONS,POST");
        item.set(PyStr::lit(ANY_METHOD), Py::None);
        assert_eq!(
            allowed_methods(&item),
            "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT"
        );
    }

    #[test]
    fn preflight_headers_as_sam_writes_them() {
        // api_with_cors: AllowMethods/AllowHeaders/AllowOrigin + AllowCredentials.
        let (o, h, m) = (Py::uni("origins"), Py::uni("headers"), Py::uni("methods"));
        let cors = Cors {
            allow_origin: &o,
            allow_headers: Some(&h),
            allow_methods: Some(&m),
            max_age: None,
            allow_credentials: true,
        };
        let json = options_method(&cors, &m).to_json();
        let params = &json[INTEGRATION]["responses"]["default"]["responseParameters"];
        assert_eq!(
            params["method.response.header.Access-Control-Allow-Origin"],
            "origins"
        );
        assert_eq!(
            params["method.response.header.Access-Control-Allow-Credentials"],
            "'true'"
        );
        assert_eq!(
            json["responses"]["200"]["headers"]["Access-Control-Allow-Methods"]["type"],
            "string"
        );
        assert_eq!(
            json[INTEGRATION]["requestTemplates"]["application/json"],
            "{\n  \"statusCode\" : 200\n}\n"
        );
    }
}
