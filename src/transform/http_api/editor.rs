//! SAM's `OpenApiEditor` for HTTP API bodies (`open_api/open_api.py` and the
//! parts of `base_editor.py` it uses): paths and methods (through `Fn::If`
//! branches), Lambda integrations, security, tags, title and description.
//!
//! HTTP API bodies are not hashed into any logical ID, so plain JSON (in the
//! user's key order) stands in for SAM's Python-2.7-ordered dicts.

use serde_json::{json, Map, Value};

use crate::model::http_api::{ANY_METHOD, DEFAULT_PATH};

/// A problem with the document, worded as SAM's `InvalidTemplateException`
/// (reported as "Structure of the SAM template is invalid. …").
pub type DocError = String;

const INTEGRATION: &str = "x-amazon-apigateway-integration";

/// SAM's `OpenApiEditor.is_valid`: a map with `paths` (a map) and an
/// `openapi` version matching `3.x[.y]`.
pub fn is_valid(doc: &Value) -> bool {
    let Some(m) = doc.as_object().filter(|m| !m.is_empty()) else {
        return false;
    };
    if !m.get("paths").is_some_and(Value::is_object) {
        return false;
    }
    match m.get("openapi") {
        Some(v) if truthy(v) => is_openapi3(&py_str(v)),
        _ => false,
    }
}

/// `\A3(\.\d)(\.\d)?$`.
fn is_openapi3(s: &str) -> bool {
    let s = s.strip_suffix('\n').unwrap_or(s);
    let Some(rest) = s.strip_prefix('3') else {
        return false;
    };
    let parts: Vec<&str> = rest.split('.').collect();
    match parts.as_slice() {
        ["", digits @ ..] if (1..=2).contains(&digits.len()) => digits
            .iter()
            .all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_digit())),
        _ => false,
    }
}

/// Python's `str()` of a scalar (`3.0` stays `3.0`).
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(0.0);
            if f.fract() == 0.0 && f.abs() < 1e16 {
                format!("{f:.1}")
            } else {
                f.to_string()
            }
        }
        other => other.to_string(),
    }
}

pub use crate::model::value::truthy;

/// `Fn::If` wrapping: `{"Fn::If": [condition, data, {"Ref": "AWS::NoValue"}]}`.
pub fn make_conditional(condition: &Value, data: Value) -> Value {
    json!({"Fn::If": [condition, data, {"Ref": "AWS::NoValue"}]})
}

fn is_no_value(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.len() == 1 && m.get("Ref").and_then(Value::as_str) == Some("AWS::NoValue")
    })
}

/// The branches of an `Fn::If` (skipping `AWS::NoValue`), else the item itself.
fn contents(item: Option<&Value>) -> Result<Vec<Option<&Value>>, DocError> {
    if let Some(Value::Object(m)) = item {
        if let Some(args) = m.get("Fn::If") {
            let Some(args) = args.as_array() else {
                return Err("Value of Fn::If must be a list.".into());
            };
            return Ok(args
                .iter()
                .skip(1)
                .filter(|c| !is_no_value(c))
                .map(Some)
                .collect());
        }
    }
    Ok(vec![item])
}

fn contents_mut(item: &mut Value) -> Result<Vec<&mut Value>, DocError> {
    let is_if = item.as_object().is_some_and(|m| m.contains_key("Fn::If"));
    if !is_if {
        return Ok(vec![item]);
    }
    match item.get_mut("Fn::If") {
        Some(Value::Array(args)) => Ok(args
            .iter_mut()
            .skip(1)
            .filter(|c| !is_no_value(c))
            .collect()),
        _ => Err("Value of Fn::If must be a list.".into()),
    }
}

fn path_item_error(path: &str) -> DocError {
    format!("Value of '{path}' path must be a dictionary according to Swagger spec.")
}

fn method_error(path: &str, method: &str) -> DocError {
    format!("Definition of method '{method}' for path '{path}' should be a map.")
}

/// SAM's `_normalize_method_name`: lower case, `any` → the ANY extension.
pub fn normalize_method(method: &str) -> String {
    let m = method.to_lowercase();
    if m == "any" {
        ANY_METHOD.to_string()
    } else {
        m
    }
}

fn has_integration_key(def: &Value) -> bool {
    def.get(INTEGRATION).is_some_and(truthy)
}

/// An OpenAPI document being edited.
pub struct Editor {
    doc: Map<String, Value>,
    /// `paths`, held apart while editing (SAM's `self.paths`).
    paths: Map<String, Value>,
}

impl Editor {
    /// Opens a valid document (SAM's `OpenApiEditor(doc)`).
    pub fn open(doc: &Value) -> Result<Editor, DocError> {
        match doc.as_object() {
            Some(m) if is_valid(doc) => {
                for key in ["components", "definitions", "info"] {
                    if let Some(v) = m.get(key).filter(|v| truthy(v)) {
                        if !v.is_object() && key != "definitions" {
                            return Err(format!(
                                "Invalid OpenApi document: The value of '{key}' should be a map."
                            ));
                        }
                    }
                }
                let paths = m
                    .get("paths")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                Ok(Editor {
                    doc: m.clone(),
                    paths,
                })
            }
            _ => Err("Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in 'DefinitionBody'.".into()),
        }
    }

    pub fn finish(mut self) -> Value {
        // Back in its place: the document keeps the user's key order.
        self.doc.insert("paths".into(), Value::Object(self.paths));
        Value::Object(self.doc)
    }

    fn paths(&self) -> &Map<String, Value> {
        &self.paths
    }

    fn paths_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.paths
    }

    pub fn path_names(&self) -> Vec<String> {
        self.paths().keys().cloned().collect()
    }

    /// `add_path`: the path (a map) with the method in each of its branches.
    pub fn add_path(&mut self, path: &str, method: &str) -> Result<(), DocError> {
        let method = normalize_method(method);
        let item = self
            .paths_mut()
            .entry(path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !item.is_object() {
            return Err(path_item_error(path));
        }
        for branch in contents_mut(item)? {
            let Some(m) = branch.as_object_mut() else {
                return Err(path_item_error(path));
            };
            m.entry(method.clone())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        Ok(())
    }

    fn has_path(&self, path: &str, method: &str) -> Result<bool, DocError> {
        let Some(item) = self.paths().get(path) else {
            return Ok(false);
        };
        for branch in contents(Some(item))? {
            match branch.and_then(Value::as_object) {
                Some(m) if m.contains_key(method) => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    /// `has_integration`: every branch of the path has the method with an integration.
    pub fn has_integration(&self, path: &str, method: &str) -> Result<bool, DocError> {
        let method = normalize_method(method);
        if !self.has_path(path, &method)? {
            return Ok(false);
        }
        for branch in contents(self.paths().get(path))? {
            let Some(item) = branch.and_then(Value::as_object) else {
                return Err(path_item_error(path));
            };
            let Some(def) = item.get(&method).filter(|d| d.is_object()) else {
                return Ok(false);
            };
            let mut any = false;
            for d in contents(Some(def))? {
                let d = d
                    .filter(|d| d.is_object())
                    .ok_or_else(|| method_error(path, &method))?;
                any |= has_integration_key(d);
            }
            if !any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `add_lambda_integration`: an `aws_proxy` integration (payload format
    /// 2.0) on the method in each branch of the path, unless one is there.
    pub fn add_lambda_integration(
        &mut self,
        path: &str,
        method: &str,
        uri: Value,
        condition: Option<&Value>,
    ) -> Result<(), DocError> {
        let method = normalize_method(method);
        if self.has_integration(path, &method)? {
            return Ok(());
        }
        self.add_path(path, &method)?;
        let uri = match condition {
            Some(c) => make_conditional(c, uri),
            None => uri,
        };
        let Some(item) = self.paths_mut().get_mut(path) else {
            return Ok(());
        };
        for branch in contents_mut(item)? {
            let Some(branch) = branch.as_object_mut() else {
                return Err(path_item_error(path));
            };
            let def = branch
                .entry(method.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if def.is_null() {
                *def = Value::Object(Map::new());
            }
            let Some(d) = def.as_object_mut() else {
                return Err(method_error(path, &method));
            };
            let mut integration = Map::new();
            integration.insert("type".into(), "aws_proxy".into());
            integration.insert("httpMethod".into(), "POST".into());
            integration.insert("payloadFormatVersion".into(), "2.0".into());
            integration.insert("uri".into(), uri.clone());
            d.insert(INTEGRATION.into(), Value::Object(integration));
            if path == DEFAULT_PATH && method == ANY_METHOD {
                d.insert("isDefaultRoute".into(), Value::Bool(true));
            }
            d.entry("responses")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(c) = condition {
                let inner = std::mem::take(def);
                *def = make_conditional(c, inner);
            }
        }
        Ok(())
    }

    /// Calls `f` on each definition of the method on the path (through
    /// conditionals), skipping those without an integration when asked.
    pub fn for_each_method(
        &mut self,
        path: &str,
        method: &str,
        skip_without_integration: bool,
        mut f: impl FnMut(&mut Map<String, Value>) -> Result<(), DocError>,
    ) -> Result<(), DocError> {
        let normalized = normalize_method(method);
        let paths = self.paths_mut();
        let mut missing = Value::Null;
        let item = match paths.get_mut(path) {
            Some(i) => i,
            None => &mut missing,
        };
        for branch in contents_mut(item)? {
            let Some(branch) = branch.as_object_mut() else {
                return Err(path_item_error(path));
            };
            let mut none = Value::Null;
            let def = match branch.get_mut(&normalized) {
                Some(d) => d,
                None => &mut none,
            };
            for d in contents_mut(def)? {
                let Some(d) = d.as_object_mut() else {
                    return Err(method_error(path, method));
                };
                if skip_without_integration && !d.get(INTEGRATION).is_some_and(truthy) {
                    continue;
                }
                f(d)?;
            }
        }
        Ok(())
    }

    /// `is_integration_function_logical_id_match`: the integration on the
    /// path and method calls function `logical_id` (`${Id.Arn}` in its URI).
    pub fn integration_calls(
        &mut self,
        path: &str,
        method: &str,
        logical_id: &str,
    ) -> Result<bool, DocError> {
        if !self.has_integration(path, method)? {
            return Ok(false);
        }
        let mut all = true;
        self.for_each_method(path, method, false, |d| {
            let Some(integration) = d.get(INTEGRATION) else {
                return Ok(());
            };
            if !integration.is_object() {
                return Err(format!(
                    "Value of '{INTEGRATION}' must be a dictionary according to Swagger spec."
                ));
            }
            let Some(uri) = integration.get("uri").filter(|u| u.is_object()) else {
                all = false;
                return Ok(());
            };
            for c in contents(Some(uri))? {
                let arn = c
                    .and_then(|c| c.get("Fn::Sub"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if first_arn_ref(arn).as_deref() != Some(logical_id) {
                    all = false;
                }
            }
            Ok(())
        })?;
        Ok(all)
    }

    /// `make_path_conditional`.
    pub fn make_path_conditional(&mut self, path: &str, condition: &Value) {
        if let Some(item) = self.paths_mut().get_mut(path) {
            let inner = std::mem::take(item);
            *item = make_conditional(condition, inner);
        }
    }

    /// `set_path_default_authorizer`: the default authorizer (with its
    /// scopes) on every integrated method of the path without security.
    pub fn set_path_default_authorizer(
        &mut self,
        path: &str,
        authorizer: &str,
        scopes: &Value,
    ) -> Result<(), DocError> {
        let paths = self.paths_mut();
        let Some(item) = paths.get_mut(path) else {
            return Err(path_item_error(path));
        };
        for branch in contents_mut(item)? {
            let Some(branch) = branch.as_object_mut() else {
                return Err(path_item_error(path));
            };
            let names: Vec<String> = branch.keys().cloned().collect();
            for name in names {
                let normalized = normalize_method(&name);
                if normalized == "parameters" || normalized == "options" {
                    continue;
                }
                if !branch.contains_key(&normalized) {
                    return Err(format!(
                        "Could not find {normalized} in {path} within DefinitionBody."
                    ));
                }
                let Some(def) = branch.get_mut(&name) else {
                    continue;
                };
                for d in contents_mut(def)? {
                    let Some(d) = d.as_object_mut() else {
                        return Err(method_error(path, &name));
                    };
                    if !d.get(INTEGRATION).is_some_and(truthy) {
                        continue;
                    }
                    if d.get("security").is_some_and(truthy) {
                        continue;
                    }
                    let mut sec = Map::new();
                    sec.insert(authorizer.to_string(), scopes.clone());
                    d.insert("security".into(), json!([sec]));
                }
            }
        }
        Ok(())
    }

    /// Adds each authorizer's security scheme under `components.securitySchemes`.
    pub fn add_security_schemes(&mut self, schemes: Vec<(String, Value)>) {
        if schemes.is_empty() {
            return;
        }
        let comps = self
            .doc
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if !truthy(comps) {
            *comps = Value::Object(Map::new());
        }
        let Some(comps) = comps.as_object_mut() else {
            return;
        };
        let ss = comps
            .entry("securitySchemes")
            .or_insert_with(|| Value::Object(Map::new()));
        if !ss.is_object() {
            *ss = Value::Object(Map::new());
        }
        if let Some(ss) = ss.as_object_mut() {
            for (k, v) in schemes {
                ss.insert(k, v);
            }
        }
    }

    /// `add_tags`: one `{name, x-amazon-apigateway-tag-value}` per tag,
    /// overwriting the value of a tag the body already names.
    pub fn add_tags(&mut self, tags: &Map<String, Value>) -> Result<(), DocError> {
        let existing = self.doc.get("tags").filter(|t| truthy(t)).cloned();
        let mut list = match existing {
            None => Vec::new(),
            Some(Value::Array(a)) => a,
            Some(other) => {
                let kind = match &other {
                    Value::Object(_) => "dict",
                    Value::String(_) => "str",
                    Value::Bool(_) => "bool",
                    Value::Number(n) if n.is_f64() => "float",
                    _ => "int",
                };
                return Err(format!(
                    "Tags in OpenApi DefinitionBody needs to be a list. {} is a {kind} not a list.",
                    crate::transform::py27::Py::from_user(&other).repr()
                ));
            }
        };
        for (name, value) in tags {
            let found = list
                .iter_mut()
                .find(|t| t.get("name").and_then(Value::as_str) == Some(name.as_str()));
            match found.and_then(Value::as_object_mut) {
                Some(t) => {
                    t.insert("x-amazon-apigateway-tag-value".into(), value.clone());
                }
                None => list.push(json!({"name": name, "x-amazon-apigateway-tag-value": value})),
            }
        }
        if !list.is_empty() {
            self.doc.insert("tags".into(), Value::Array(list));
        }
        Ok(())
    }

    /// `info.<key>` (a missing `info` counts as empty).
    pub fn info(&self, key: &str) -> Option<&Value> {
        self.doc.get("info").and_then(|i| i.get(key))
    }

    pub fn set_info(&mut self, key: &str, value: Value) {
        let info = self
            .doc
            .entry("info")
            .or_insert_with(|| Value::Object(Map::new()));
        if !info.is_object() {
            *info = Value::Object(Map::new());
        }
        if let Some(i) = info.as_object_mut() {
            i.insert(key.to_string(), value);
        }
    }

    pub fn doc_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.doc
    }
}

/// The first `Name.Arn` reference in a `Fn::Sub` string, without `.Arn`
/// (SAM's regex `([A-Za-z0-9]+\.Arn)`).
fn first_arn_ref(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if s[i..].starts_with(".Arn") {
                return Some(s[start..i].to_string());
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_versions() {
        assert!(is_openapi3("3.0.1"));
        assert!(is_openapi3("3.0"));
        assert!(!is_openapi3("3"));
        assert!(!is_openapi3("2.0"));
        assert!(!is_openapi3("3.0.10"));
    }

    #[test]
    fn arn_refs() {
        assert_eq!(
            first_arn_ref("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations").as_deref(),
            Some("Fn")
        );
        assert_eq!(first_arn_ref("${FnAliaslive}"), None);
    }

    #[test]
    fn integrations_go_into_each_branch() {
        let doc = json!({"openapi": "3.0.1", "info": {}, "paths": {}});
        let mut e = Editor::open(&doc).unwrap();
        e.add_path("/a", "GET").unwrap();
        e.make_path_conditional("/a", &json!("C"));
        e.add_lambda_integration("/a", "get", json!({"Fn::Sub": "x"}), Some(&json!("C")))
            .unwrap();
        let out = e.finish();
        let get = &out["paths"]["/a"]["Fn::If"][1]["get"]["Fn::If"][1];
        assert_eq!(
            get["x-amazon-apigateway-integration"]["payloadFormatVersion"],
            "2.0"
        );
        assert_eq!(get["responses"], json!({}));
    }
}
