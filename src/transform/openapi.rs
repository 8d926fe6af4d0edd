//! Editing a REST API's Swagger/OpenAPI document the way SAM's `SwaggerEditor`
//! does: paths and methods added with `setdefault`, the `aws_proxy` Lambda
//! integration, `Fn::If` wrapping for conditional functions, and the
//! OpenAPI 3 fix-ups. Each edit session starts and ends with a deep copy, as
//! SAM's editor does, because copying a `Py27Dict` can reorder its keys and
//! the order shows in the deployment hash.

use super::py27::{Py, PyDict, PyStr};

mod auth;
mod cors;
mod method;
mod policy;
mod v3;

pub use cors::Cors;
pub use method::RequestParameter;
pub use v3::openapi3_postprocess;

const INTEGRATION: &str = "x-amazon-apigateway-integration";
const ANY_METHOD: &str = "x-amazon-apigateway-any-method";
const BINARY_MEDIA_TYPES: &str = "x-amazon-apigateway-binary-media-types";
const GATEWAY_RESPONSES: &str = "x-amazon-apigateway-gateway-responses";
const POLICY: &str = "x-amazon-apigateway-policy";

/// A problem SAM reports about the document itself ("Structure of the SAM template is invalid").
pub type DocError = String;

/// `SwaggerEditor.gen_skeleton()`.
pub fn skeleton() -> Py {
    let mut info = PyDict::py27();
    info.set(PyStr::lit("version"), Py::lit("1.0"));
    info.set(
        PyStr::lit("title"),
        Py::from_sam(&serde_json::json!({"Ref": "AWS::StackName"})),
    );
    let mut doc = PyDict::py27();
    doc.set(PyStr::lit("swagger"), Py::lit("2.0"));
    doc.set(PyStr::lit("info"), Py::Dict(info));
    doc.set(PyStr::lit("paths"), Py::Dict(PyDict::py27()));
    Py::Dict(doc)
}

/// `SwaggerEditor.is_valid`: a map with a `paths` map and a `swagger` (or OpenAPI 3 `openapi`) version.
pub fn is_valid(doc: &Py) -> bool {
    let Some(d) = doc.as_dict() else {
        return false;
    };
    if !matches!(d.get("paths"), Some(Py::Dict(_))) {
        return false;
    }
    if d.get("swagger").is_some_and(truthy) {
        return true;
    }
    match d.get("openapi") {
        Some(v) if truthy(v) => is_openapi3(&py_str(v)),
        _ => false,
    }
}

/// Python truthiness.
pub fn truthy(v: &Py) -> bool {
    match v {
        Py::None => false,
        Py::Bool(b) => *b,
        Py::Int(n) => n.as_f64() != Some(0.0),
        Py::Float(f) => *f != 0.0,
        Py::Str(s) => !s.text.is_empty(),
        Py::List(a) => !a.is_empty(),
        Py::Dict(d) => !d.is_empty(),
    }
}

/// Python's `str(v)` for a scalar (used where SAM matches a regex on `str(data)`).
pub fn py_str(v: &Py) -> String {
    match v {
        Py::Str(s) => s.text.clone(),
        other => other.repr(),
    }
}

/// `\A3(\.\d)(\.\d)?$`.
pub fn is_openapi3(v: &str) -> bool {
    version_like(v, '3')
}

/// `\A[2-3](\.\d)(\.\d)?$` (SAM's supported `OpenApiVersion` values).
pub fn is_supported_version(v: &str) -> bool {
    version_like(v, '2') || version_like(v, '3')
}

fn version_like(v: &str, major: char) -> bool {
    // Python's `$` also matches before one trailing newline.
    let v = v.strip_suffix('\n').unwrap_or(v);
    let b = v.as_bytes();
    let digit_pair =
        |i: usize| b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
    b.first() == Some(&(major as u8))
        && digit_pair(1)
        && (b.len() == 3 || (b.len() == 5 && digit_pair(3)))
}

/// `_normalize_method_name`: lowercase, `any` → the API Gateway any-method key.
/// Lowercasing a template string keeps it a `Py27UniStr`.
pub fn normalize_method(method: &PyStr) -> PyStr {
    let lower = method.text.to_lowercase();
    if lower == "any" {
        PyStr::lit(ANY_METHOD)
    } else {
        PyStr {
            text: lower,
            uni: method.uni,
        }
    }
}

/// One editing session on a document (SAM's `SwaggerEditor(doc)` … `editor.swagger`).
pub struct Editor {
    doc: PyDict,
    /// Stands in for a missing `paths` so readers need no special case.
    no_paths: PyDict,
    /// `securityDefinitions`, `x-amazon-apigateway-gateway-responses`,
    /// `x-amazon-apigateway-policy` and `definitions` as SAM's editor holds
    /// them apart from the document and writes them back (see [`Editor::finish`]).
    security_definitions: Py,
    gateway_responses: Py,
    resource_policy: PyDict,
    definitions: Py,
}

impl Editor {
    /// Opens `doc` for editing (a deep copy). `None` when it is not a valid document.
    pub fn open(doc: &Py) -> Result<Editor, DocError> {
        if !is_valid(doc) {
            return Err("Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'.".into());
        }
        let Some(d) = doc.deepcopy().as_dict().cloned() else {
            return Err("Invalid Swagger document.".into());
        };
        let or_new = |k: &str| match d.get(k) {
            Some(v) if truthy(v) => v.clone(),
            _ => Py::Dict(PyDict::py27()),
        };
        let editor = Editor {
            security_definitions: or_new("securityDefinitions"),
            gateway_responses: or_new(GATEWAY_RESPONSES),
            // SAM would fail on a non-map policy; a fresh one keeps us total.
            resource_policy: match or_new(POLICY) {
                Py::Dict(p) => p,
                _ => PyDict::py27(),
            },
            definitions: d
                .get("definitions")
                .cloned()
                .unwrap_or_else(|| Py::Dict(PyDict::py27())),
            doc: d,
            no_paths: PyDict::py27(),
        };
        // A document an earlier session handed back was checked then, and
        // edits only add maps: checking it again per route would make
        // synthesis quadratic in the number of routes.
        if !doc.as_dict().is_some_and(PyDict::is_trusted) {
            for (path, item) in editor.paths().iter_items() {
                for content in conditional_contents(item)? {
                    if content.as_dict().is_none() {
                        return Err(path_not_dict(&path.text));
                    }
                }
            }
        }
        Ok(editor)
    }

    /// Closes the session: the edited document (a deep copy).
    pub fn finish(mut self) -> Py {
        for (key, v) in [
            ("securityDefinitions", self.security_definitions),
            (GATEWAY_RESPONSES, self.gateway_responses),
            ("definitions", self.definitions),
        ] {
            if truthy(&v) {
                self.doc.set(PyStr::lit(key), v);
            }
        }
        let doc = Py::Dict(self.doc).deepcopy();
        if let Py::Dict(d) = &doc {
            d.mark_trusted();
        }
        doc
    }

    fn paths(&self) -> &PyDict {
        self.doc
            .get("paths")
            .and_then(Py::as_dict)
            .unwrap_or(&self.no_paths)
    }

    fn paths_mut(&mut self) -> Option<&mut PyDict> {
        self.doc.get_mut("paths").and_then(Py::as_dict_mut)
    }

    pub fn path_names(&self) -> Vec<PyStr> {
        self.paths().keys().into_iter().cloned().collect()
    }

    pub fn doc_mut(&mut self) -> &mut PyDict {
        &mut self.doc
    }

    /// `add_path`: `paths.setdefault(path, {})`, then `setdefault(method, {})`
    /// in each branch of a conditional path item.
    pub fn add_path(&mut self, path: &PyStr, method: &PyStr) -> Result<(), DocError> {
        let method = normalize_method(method);
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        let item = paths.setdefault(path.clone(), Py::Dict(PyDict::py27()));
        if item.as_dict().is_none() {
            return Err(path_not_dict(&path.text));
        }
        for content in conditional_contents_mut(item)? {
            match content.as_dict_mut() {
                Some(d) => {
                    d.setdefault(method.clone(), Py::Dict(PyDict::py27()));
                }
                None => return Err(path_not_dict(&path.text)),
            }
        }
        Ok(())
    }

    /// `has_integration`: every branch of the path has the method with an integration.
    pub fn has_integration(&self, path: &str, method: &PyStr) -> Result<bool, DocError> {
        let method = normalize_method(method);
        let Some(item) = self.paths().get(path) else {
            return Ok(false);
        };
        let contents = conditional_contents(item)?;
        for c in &contents {
            match c.as_dict() {
                Some(d) if d.contains(&method.text) => {}
                _ => return Ok(false),
            }
        }
        for c in contents {
            let Some(def) = c.as_dict().and_then(|d| d.get(&method.text)) else {
                return Ok(false);
            };
            let mut any = false;
            for m in conditional_contents(def)? {
                match m.as_dict() {
                    Some(md) => any |= md.get(INTEGRATION).is_some_and(truthy),
                    None => {
                        return Err(format!(
                            "Definition of method '{}' for path '{path}' should be a map.",
                            method.text
                        ))
                    }
                }
            }
            if !any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `add_lambda_integration` (without auth): the `aws_proxy` integration,
    /// an empty `responses`, and, for a conditional function, `Fn::If` around
    /// the URI and the whole method.
    pub fn add_lambda_integration(
        &mut self,
        path: &PyStr,
        method: &PyStr,
        uri: Py,
        condition: Option<&Py>,
        extra: &[(&str, Py)],
    ) -> Result<(), DocError> {
        let method = normalize_method(method);
        self.add_path(path, &method)?;
        let uri = match condition {
            Some(c) => make_conditional(c, uri),
            None => uri,
        };
        let Some(item) = self.paths_mut().and_then(|p| p.get_mut(&path.text)) else {
            return Ok(());
        };
        for content in conditional_contents_mut(item)? {
            let Some(item) = content.as_dict_mut() else {
                return Err(path_not_dict(&path.text));
            };
            let Some(def) = item.get_mut(&method.text).and_then(Py::as_dict_mut) else {
                continue;
            };
            let mut integration = PyDict::py27();
            integration.set(PyStr::lit("type"), Py::lit("aws_proxy"));
            integration.set(PyStr::lit("httpMethod"), Py::lit("POST"));
            integration.set(PyStr::lit("uri"), uri.clone());
            // `responseTransferMode` and `credentials`, when the event asks for them.
            for (k, v) in extra {
                integration.set(PyStr::lit(k), v.clone());
            }
            def.set(PyStr::lit(INTEGRATION), Py::Dict(integration));
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

    /// `add_state_machine_integration`: an `aws` integration starting an
    /// execution with `credentials`, its 200/400 responses, and the request
    /// templates; everything under `Fn::If` when the state machine is conditional.
    pub fn add_state_machine_integration(
        &mut self,
        path: &PyStr,
        method: &PyStr,
        uri: Py,
        credentials: Py,
        request_templates: Py,
        condition: Option<&Py>,
    ) -> Result<(), DocError> {
        let method = normalize_method(method);
        self.add_path(path, &method)?;
        let uri = match condition {
            Some(c) => make_conditional(c, uri),
            None => uri,
        };
        let Some(item) = self.paths_mut().and_then(|p| p.get_mut(&path.text)) else {
            return Ok(());
        };
        let status = |code: &str| {
            let mut d = PyDict::py27();
            d.set(PyStr::lit("statusCode"), Py::lit(code));
            Py::Dict(d)
        };
        let description = |text: &str| {
            let mut d = PyDict::py27();
            d.set(PyStr::lit("description"), Py::lit(text));
            Py::Dict(d)
        };
        for content in conditional_contents_mut(item)? {
            let Some(item) = content.as_dict_mut() else {
                return Err(path_not_dict(&path.text));
            };
            let Some(def) = item.get_mut(&method.text).and_then(Py::as_dict_mut) else {
                continue;
            };
            let mut responses = PyDict::py27();
            responses.set(PyStr::lit("200"), status("200"));
            responses.set(PyStr::lit("400"), status("400"));
            let mut method_responses = PyDict::py27();
            method_responses.set(PyStr::lit("200"), description("OK"));
            method_responses.set(PyStr::lit("400"), description("Bad Request"));
            let mut integration = PyDict::py27();
            integration.set(PyStr::lit("type"), Py::lit("aws"));
            integration.set(PyStr::lit("httpMethod"), Py::lit("POST"));
            integration.set(PyStr::lit("uri"), uri.clone());
            integration.set(PyStr::lit("responses"), Py::Dict(responses));
            integration.set(PyStr::lit("credentials"), credentials.clone());
            if truthy(&request_templates) {
                integration.set(PyStr::lit("requestTemplates"), request_templates.clone());
            }
            def.set(PyStr::lit(INTEGRATION), Py::Dict(integration));
            def.setdefault(PyStr::lit("responses"), Py::Dict(method_responses));
            if let Some(c) = condition {
                if let Some(slot) = item.get_mut(&method.text) {
                    let whole = std::mem::replace(slot, Py::None);
                    *slot = make_conditional(c, whole);
                }
            }
        }
        Ok(())
    }

    /// `make_path_conditional`: the whole path item under `Fn::If`.
    pub fn make_path_conditional(&mut self, path: &str, condition: &Py) {
        if let Some(slot) = self.paths_mut().and_then(|p| p.get_mut(path)) {
            let whole = std::mem::replace(slot, Py::None);
            *slot = make_conditional(condition, whole);
        }
    }

    /// `add_binary_media_types`: `~1` becomes `/` (JSON-pointer escaping SAM
    /// accepts), every string becomes a template string.
    pub fn add_binary_media_types(&mut self, types: &Py) {
        self.doc
            .set(PyStr::lit(BINARY_MEDIA_TYPES), replace_tilde(types));
    }

    /// `add_disable_execute_api_endpoint_extension` for an OpenAPI 3
    /// document: the setting goes into every `servers` entry (one empty
    /// entry when there are none), as SAM's `dict_deep_set` writes it.
    pub fn add_disable_execute_api_endpoint_servers(&mut self, value: Py) -> Result<(), DocError> {
        let key = "x-amazon-apigateway-endpoint-configuration";
        let mut servers = match self.doc.get("servers") {
            None => vec![Py::Dict(PyDict::py27())],
            Some(Py::List(l)) => l.clone(),
            Some(_) => {
                return Err(
                    "Invalid OpenAPI definition of 'servers[0]': It should be a map.".into(),
                )
            }
        };
        for (index, config) in servers.iter_mut().enumerate() {
            let fail =
                |why: &str| format!("Invalid OpenAPI definition of 'servers[{index}]': {why}.");
            let Some(d) = config.as_dict_mut() else {
                return Err(fail("It should be a map"));
            };
            let cfg = d.setdefault(PyStr::lit(key), Py::Dict(PyDict::plain()));
            let Some(cfg) = cfg.as_dict_mut() else {
                return Err(fail(&format!("The value of '{key}' should be a map")));
            };
            cfg.set(PyStr::lit("disableExecuteApiEndpoint"), value.clone());
        }
        self.doc.set(PyStr::lit("servers"), Py::List(servers));
        Ok(())
    }

    /// `add_disable_execute_api_endpoint_extension` for a Swagger 2 document.
    pub fn add_disable_execute_api_endpoint(&mut self, value: Py) -> Result<(), DocError> {
        let key = PyStr::lit("x-amazon-apigateway-endpoint-configuration");
        let cfg = self.doc.setdefault(key, Py::Dict(PyDict::py27()));
        match cfg.as_dict_mut() {
            Some(d) => {
                d.set(PyStr::lit("disableExecuteApiEndpoint"), value);
                Ok(())
            }
            None => Err("Invalid OpenAPI definition: The value of 'x-amazon-apigateway-endpoint-configuration' should be a map.".into()),
        }
    }
}

fn replace_tilde(v: &Py) -> Py {
    match v {
        Py::Dict(d) => {
            let mut out = PyDict::py27();
            for (k, x) in d.items() {
                out.set(PyStr::uni(&k.text.replace("~1", "/")), replace_tilde(x));
            }
            Py::Dict(out)
        }
        Py::List(a) => Py::List(a.iter().map(replace_tilde).collect()),
        Py::Str(s) => Py::uni(&s.text.replace("~1", "/")),
        other => other.clone(),
    }
}

fn path_not_dict(path: &str) -> DocError {
    format!("Value of '{path}' path must be a dictionary according to Swagger spec.")
}

/// `make_conditional(condition, data)`: a plain `{"Fn::If": [c, data, {"Ref": "AWS::NoValue"}]}`.
pub fn make_conditional(condition: &Py, data: Py) -> Py {
    let mut no_value = PyDict::plain();
    no_value.set(PyStr::lit("Ref"), Py::lit("AWS::NoValue"));
    let mut d = PyDict::plain();
    d.set(
        PyStr::lit("Fn::If"),
        Py::List(vec![condition.clone(), data, Py::Dict(no_value)]),
    );
    Py::Dict(d)
}

fn is_no_value(v: &Py) -> bool {
    v.as_dict()
        .is_some_and(|d| d.len() == 1 && d.get("Ref").and_then(Py::as_str) == Some("AWS::NoValue"))
}

/// `get_conditional_contents`: both branches of an `Fn::If` (minus `AWS::NoValue`), else the item itself.
fn conditional_contents(item: &Py) -> Result<Vec<&Py>, DocError> {
    match item.as_dict().and_then(|d| d.get("Fn::If")) {
        None => Ok(vec![item]),
        Some(Py::List(a)) => Ok(a.iter().skip(1).filter(|c| !is_no_value(c)).collect()),
        Some(_) => Err("Value of Fn::If must be a list.".into()),
    }
}

fn conditional_contents_mut(item: &mut Py) -> Result<Vec<&mut Py>, DocError> {
    let is_if = item.as_dict().is_some_and(|d| d.contains("Fn::If"));
    if !is_if {
        return Ok(vec![item]);
    }
    match item.as_dict_mut().and_then(|d| d.get_mut("Fn::If")) {
        Some(Py::List(a)) => Ok(a.iter_mut().skip(1).filter(|c| !is_no_value(c)).collect()),
        _ => Err("Value of Fn::If must be a list.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeleton_prints_as_sam_prints_it() {
        assert_eq!(
            skeleton().repr(),
            "{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {}, 'swagger': '2.0'}"
        );
    }

    #[test]
    fn versions() {
        assert!(is_openapi3("3.0"));
        assert!(is_openapi3("3.0.1"));
        assert!(!is_openapi3("3"));
        assert!(!is_openapi3("2.0"));
        assert!(is_supported_version("2.0"));
        assert!(!is_supported_version("3.0.1.2"));
    }

    #[test]
    fn integration_and_conditions() {
        let mut e = Editor::open(&skeleton()).unwrap();
        let path = PyStr::uni("/x");
        e.add_path(&path, &PyStr::uni("ANY")).unwrap();
        assert!(!e.has_integration("/x", &PyStr::uni("any")).unwrap());
        e.add_lambda_integration(
            &path,
            &PyStr::uni("any"),
            Py::lit("u"),
            Some(&Py::uni("C")),
            &[],
        )
        .unwrap();
        assert!(e.has_integration("/x", &PyStr::uni("ANY")).unwrap());
        let doc = e.finish();
        let json = doc.to_json();
        assert_eq!(
            json["paths"]["/x"][ANY_METHOD]["Fn::If"][1][INTEGRATION]["uri"]["Fn::If"][1],
            "u"
        );
    }
}
