//! SAM's `SwaggerEditor` auth edits: authorizer and API-key security
//! definitions, the API's default authorizer and API-key requirement on every
//! method, and per-method overrides from `Api` events.

use super::{
    conditional_contents_mut, normalize_method, path_not_dict, truthy, DocError, Editor,
    INTEGRATION,
};
use crate::transform::py27::{py_eq, Py, PyDict, PyStr};

/// Path-item keys that are not methods.
const NOT_METHODS: &[&str] = &["summary", "description", "parameters"];

fn method_not_dict(path: &str, method: &str) -> DocError {
    format!("Definition of method '{method}' for path '{path}' should be a map.")
}

fn has_integration(d: &PyDict) -> bool {
    d.get(INTEGRATION).is_some_and(truthy)
}

/// `iter_on_all_methods_for_path`: (normalized method, definition) of every
/// method with an API Gateway integration, in every branch of the path.
fn all_methods<'a>(
    paths: &'a mut PyDict,
    path: &str,
) -> Result<Vec<(String, &'a mut PyDict)>, DocError> {
    let mut out = Vec::new();
    let Some(item) = paths.get_mut(path) else {
        return Ok(out);
    };
    for content in conditional_contents_mut(item)? {
        let Some(item) = content.as_dict_mut() else {
            return Err(path_not_dict(path));
        };
        for (name, method) in item.items_mut() {
            if NOT_METHODS.contains(&name.text.as_str()) {
                continue;
            }
            let normalized = normalize_method(name).text;
            let raw = name.text.clone();
            for def in conditional_contents_mut(method)? {
                let Some(def) = def.as_dict_mut() else {
                    return Err(method_not_dict(path, &raw));
                };
                if has_integration(def) {
                    out.push((normalized.clone(), def));
                }
            }
        }
    }
    Ok(out)
}

/// `iter_on_method_definitions_for_path_at_method` (integrated methods only).
pub(super) fn methods_at<'a>(
    paths: &'a mut PyDict,
    path: &str,
    method: &str,
) -> Result<Vec<&'a mut PyDict>, DocError> {
    let normalized = normalize_method(&PyStr::lit(method)).text;
    let mut out = Vec::new();
    let Some(item) = paths.get_mut(path) else {
        return Ok(out);
    };
    for content in conditional_contents_mut(item)? {
        let Some(item) = content.as_dict_mut() else {
            return Err(path_not_dict(path));
        };
        // `get_conditional_contents(None)` is `[None]`, which SAM rejects.
        let Some(def) = item.get_mut(&normalized) else {
            return Err(method_not_dict(path, method));
        };
        for d in conditional_contents_mut(def)? {
            let Some(d) = d.as_dict_mut() else {
                return Err(method_not_dict(path, method));
            };
            if has_integration(d) {
                out.push(d);
            }
        }
    }
    Ok(out)
}

/// A method's `security` list (absent is empty); SAM insists it is a list of maps.
fn security_of(def: &PyDict, path: &str, method: &str) -> Result<Vec<Py>, DocError> {
    match def.get("security") {
        None => Ok(Vec::new()),
        Some(Py::List(l)) => Ok(l.clone()),
        Some(_) => Err(format!(
            "Type of security for path {path} method {method} must be a list"
        )),
    }
}

fn check_entries(list: &[Py], path: &str, method: &str) -> Result<(), DocError> {
    for s in list {
        if s.as_dict().is_none() {
            return Err(format!(
                "{} in Security for path {path} method {method} is not a valid dictionary.",
                s.repr()
            ));
        }
    }
    Ok(())
}

fn keys_of(s: &Py) -> Vec<String> {
    s.as_dict()
        .map(|d| d.keys().iter().map(|k| k.text.clone()).collect())
        .unwrap_or_default()
}

fn single(key: PyStr, value: Py) -> Py {
    let mut d = PyDict::py27();
    d.set(key, value);
    Py::Dict(d)
}

fn first_has_aws_iam(security: &[Py]) -> bool {
    security
        .first()
        .and_then(Py::as_dict)
        .is_some_and(|d| d.contains("AWS_IAM"))
}

impl Editor {
    fn sd_mut(&mut self) -> Result<&mut PyDict, DocError> {
        if !truthy(&self.security_definitions) {
            self.security_definitions = Py::Dict(PyDict::py27());
        }
        self.security_definitions
            .as_dict_mut()
            .ok_or_else(|| "securityDefinitions must be a dictionary.".to_string())
    }

    /// `add_authorizers_security_definitions`.
    pub fn add_authorizer_definitions(&mut self, defs: Vec<(PyStr, Py)>) -> Result<(), DocError> {
        let sd = self.sd_mut()?;
        for (name, def) in defs {
            sd.set(name, def);
        }
        Ok(())
    }

    /// `add_awsiam_security_definition` (idempotent).
    pub fn add_awsiam_security_definition(&mut self) {
        let mut iam = PyDict::py27();
        iam.set(
            PyStr::lit("x-amazon-apigateway-authtype"),
            Py::lit("awsSigv4"),
        );
        iam.set(PyStr::lit("type"), Py::lit("apiKey"));
        iam.set(PyStr::lit("name"), Py::lit("Authorization"));
        iam.set(PyStr::lit("in"), Py::lit("header"));
        let mut def = PyDict::py27();
        def.set(PyStr::lit("AWS_IAM"), Py::Dict(iam));
        // SAM does not check the type here; a non-map is left alone.
        if let Ok(sd) = self.sd_mut() {
            if !sd.contains("AWS_IAM") {
                sd.update(&def);
            }
        }
    }

    /// `add_apikey_security_definition` (idempotent).
    pub fn add_apikey_security_definition(&mut self) -> Result<(), DocError> {
        let mut key = PyDict::py27();
        key.set(PyStr::lit("type"), Py::lit("apiKey"));
        key.set(PyStr::lit("name"), Py::lit("x-api-key"));
        key.set(PyStr::lit("in"), Py::lit("header"));
        let mut def = PyDict::py27();
        def.set(PyStr::lit("api_key"), Py::Dict(key));
        let sd = self.sd_mut()?;
        if !sd.contains("api_key") {
            sd.update(&def);
        }
        Ok(())
    }

    /// `set_path_default_authorizer`: each integrated method without its own
    /// authorizer (or `NONE`) gets `default` with `scopes`.
    pub fn set_path_default_authorizer(
        &mut self,
        path: &str,
        default: &PyStr,
        scopes: &Py,
        authorizer_names: &[String],
        add_to_preflight: bool,
    ) -> Result<(), DocError> {
        let mut names: Vec<String> = vec!["AWS_IAM".into()];
        names.extend(authorizer_names.iter().cloned());
        let mut add_iam = false;
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        for (method, def) in all_methods(paths, path)? {
            if !add_to_preflight && method == "options" {
                continue;
            }
            let existing = security_of(def, path, &method)?;
            check_entries(&existing, path, &method)?;
            let (mut other, auth): (Vec<Py>, Vec<Py>) = existing
                .into_iter()
                .partition(|s| keys_of(s).iter().all(|k| !names.contains(k)));
            let mut security_auth = Vec::new();
            if let Some(i) = other
                .iter()
                .position(|s| keys_of(s).iter().any(|k| k == "NONE"))
            {
                other.remove(i);
            } else if !auth.is_empty() {
                security_auth = auth;
            } else {
                security_auth.push(single(default.clone(), scopes.clone()));
            }
            other.extend(security_auth);
            if !other.is_empty() {
                add_iam |= first_has_aws_iam(&other);
                def.set(PyStr::lit("security"), Py::List(other));
            }
        }
        if add_iam {
            self.add_awsiam_security_definition();
        }
        Ok(())
    }

    /// `set_path_default_apikey_required`.
    pub fn set_path_default_apikey_required(
        &mut self,
        path: &str,
        required_on_options: bool,
    ) -> Result<(), DocError> {
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        for (method, def) in all_methods(paths, path)? {
            let existing = security_of(def, path, &method)?;
            check_entries(&existing, path, &method)?;
            let is_key = |s: &Py| {
                keys_of(s)
                    .iter()
                    .any(|k| k == "api_key" || k == "api_key_false")
            };
            let other: Vec<Py> = existing.iter().filter(|s| !is_key(s)).cloned().collect();
            let keys: Vec<Py> = existing.iter().filter(|s| is_key(s)).cloned().collect();
            let explicitly_false = keys
                .iter()
                .any(|s| keys_of(s).iter().any(|k| k == "api_key_false"));
            let mut security = other.clone();
            if !explicitly_false {
                security.push(single(PyStr::lit("api_key"), Py::List(Vec::new())));
            }
            if method == "options" && !required_on_options {
                security = other;
            }
            if !py_eq(&Py::List(security.clone()), &Py::List(existing)) {
                def.set(PyStr::lit("security"), Py::List(security));
            }
        }
        Ok(())
    }

    /// `_set_method_authorizer`: an event's `Auth.Authorizer` on its method.
    /// `scopes` are the event's, else the authorizer's `AuthorizationScopes`
    /// (SAM reads them from the API's `Authorizers` as written).
    pub fn set_method_authorizer(
        &mut self,
        path: &str,
        method: &str,
        authorizer: &PyStr,
        api_authorizers: Option<&Py>,
        method_scopes: Option<&Py>,
    ) -> Result<(), DocError> {
        let mut add_iam = false;
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        for def in methods_at(paths, path, method)? {
            let mut value = Py::List(Vec::new());
            if let Some(auths) = api_authorizers.filter(|a| truthy(a)) {
                if authorizer.text != "NONE" {
                    let found = auths.as_dict().and_then(|d| d.get(&authorizer.text));
                    let mut scopes = match found {
                        None => None,
                        Some(Py::Dict(a)) => a.get("AuthorizationScopes").cloned(),
                        Some(_) => {
                            return Err(format!(
                                "Type of authorizer '{}' must be a dictionary",
                                authorizer.text
                            ))
                        }
                    };
                    if let Some(m) = method_scopes {
                        scopes = Some(m.clone());
                    }
                    if let (Some(Py::Dict(_)), Some(s)) = (found, scopes) {
                        if !matches!(s, Py::None) {
                            value = s;
                        }
                    }
                }
            }
            let mut security = security_of(def, path, method)?;
            security.push(single(authorizer.clone(), value));
            add_iam |= first_has_aws_iam(&security);
            def.set(PyStr::lit("security"), Py::List(security));
        }
        if add_iam {
            self.add_awsiam_security_definition();
        }
        Ok(())
    }

    /// `_set_method_apikey_handling`: an event's `Auth.ApiKeyRequired`.
    pub fn set_method_apikey(
        &mut self,
        path: &str,
        method: &str,
        required: bool,
    ) -> Result<(), DocError> {
        let Some(paths) = self.paths_mut() else {
            return Ok(());
        };
        let mut add_key = false;
        for def in methods_at(paths, path, method)? {
            let name = if required { "api_key" } else { "api_key_false" };
            add_key |= required;
            let existing = security_of(def, path, method)?;
            let mut security = existing.clone();
            security.push(single(PyStr::lit(name), Py::List(Vec::new())));
            if !py_eq(&Py::List(security.clone()), &Py::List(existing)) {
                def.set(PyStr::lit("security"), Py::List(security));
            }
        }
        if add_key {
            self.add_apikey_security_definition()?;
        }
        Ok(())
    }
}
