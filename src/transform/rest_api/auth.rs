//! An API's `Auth` property (SAM's `ApiGenerator._add_auth` and
//! `ApiGatewayAuthorizer`): authorizers as `securityDefinitions`, the default
//! authorizer and API-key requirement on every method, the resource policy,
//! and the Lambda permissions for Lambda authorizers.

use serde_json::{Map, Value};

use crate::model::rest_api::RestApi;
use crate::model::value::KeyHistory;
use crate::model::Attributes;
use crate::template::resources::lambda::Permission;
use crate::template::{Expr, Resource};

use super::super::openapi::{self, Editor};
use super::super::py27::{Py, PyDict, PyStr};
use super::super::{logical_id, permissions, Output};
use super::ApiError;

/// SAM's `AuthProperties` fields.
const FIELDS: &[&str] = &[
    "Authorizers",
    "DefaultAuthorizer",
    "InvokeRole",
    "AddDefaultAuthorizerToCorsPreflight",
    "AddApiKeyRequiredToCorsPreflight",
    "ApiKeyRequired",
    "ResourcePolicy",
    "UsagePlan",
];

fn truthy(v: &Value) -> bool {
    openapi::truthy(&Py::from_user(v))
}

fn present<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a Value> {
    m.get(k).filter(|v| !v.is_null())
}

fn should_be(path: &str, what: &str) -> ApiError {
    ApiError::resource(format!("Property '{path}' should be {what}."))
}

/// One entry of `Auth.Authorizers` (or the implicit `AWS_IAM` one).
pub(super) struct Authorizer {
    pub name: PyStr,
    user_pool_arn: Option<Value>,
    pub function_arn: Option<Value>,
    identity: Option<Value>,
    payload_type: Option<Value>,
    invoke_role: Option<Value>,
    /// `AuthorizationScopes` (SAM's default is `[]`).
    pub scopes: Option<Value>,
    disable_permissions: Option<Value>,
    iam: bool,
}

/// `ApiGatewayAuthorizer._is_missing_identity_source`.
fn missing_identity_source(name: &str, identity: Option<&Value>) -> Result<bool, ApiError> {
    let Some(identity) = identity.filter(|i| truthy(i)) else {
        return Ok(true);
    };
    let Some(m) = identity.as_object() else {
        return Err(should_be(&format!("Authorizer.{name}.Identity"), "a map"));
    };
    let t = |k: &str| present(m, k).is_some_and(truthy);
    let missing = !t("Headers") && !t("QueryStrings") && !t("StageVariables") && !t("Context");
    // Python's `int(ttl)`: numbers truncate, numeric strings parse, anything else keeps the old rule.
    let ttl = match present(m, "ReauthorizeEvery") {
        None => return Ok(missing),
        Some(Value::Number(n)) => n.as_f64().map(|f| f.trunc() as i64),
        Some(Value::Bool(b)) => Some(i64::from(*b)),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(_) => None,
    };
    Ok(match ttl {
        Some(t) => t > 0 && missing,
        None => missing,
    })
}

impl Authorizer {
    /// `ApiGatewayAuthorizer(...)` with its validation.
    fn new(name: &str, m: &Map<String, Value>) -> Result<Self, ApiError> {
        let payload_type = present(m, "FunctionPayloadType").cloned();
        let payload_ok = match &payload_type {
            None => true,
            Some(Value::String(s)) => s == "TOKEN" || s == "REQUEST",
            Some(_) => false,
        };
        if !payload_ok {
            let shown = payload_type
                .as_ref()
                .map(|v| openapi::py_str(&Py::from_user(v)))
                .unwrap_or_default();
            return Err(ApiError::resource(format!(
                "{name} Authorizer has invalid 'FunctionPayloadType': {shown}."
            )));
        }
        let identity = present(m, "Identity").cloned();
        if payload_type.as_ref().and_then(Value::as_str) == Some("REQUEST")
            && missing_identity_source(name, identity.as_ref())?
        {
            return Err(ApiError::resource(format!(
                "{name} Authorizer must specify Identity with at least one of Headers, QueryStrings, StageVariables, or Context."
            )));
        }
        let scopes = present(m, "AuthorizationScopes").cloned();
        if scopes.as_ref().is_some_and(|s| !s.is_array()) {
            return Err(should_be(
                &format!("Authorizers.{name}.AuthorizationScopes"),
                "a list",
            ));
        }
        let disable_permissions = present(m, "DisableFunctionDefaultPermissions").cloned();
        if disable_permissions
            .as_ref()
            .is_some_and(|s| !s.is_boolean())
        {
            return Err(should_be(
                &format!("Authorizers.{name}.DisableFunctionDefaultPermissions"),
                "a boolean",
            ));
        }
        Ok(Authorizer {
            name: PyStr::uni(name),
            user_pool_arn: present(m, "UserPoolArn").cloned(),
            function_arn: present(m, "FunctionArn").cloned(),
            identity,
            payload_type,
            invoke_role: present(m, "FunctionInvokeRole").cloned(),
            scopes,
            disable_permissions,
            iam: false,
        })
    }

    fn aws_iam() -> Self {
        Authorizer {
            name: PyStr::uni("AWS_IAM"),
            user_pool_arn: None,
            function_arn: None,
            identity: None,
            payload_type: None,
            invoke_role: None,
            scopes: None,
            disable_permissions: None,
            iam: true,
        }
    }

    fn kind(&self) -> &'static str {
        if self.iam {
            "AWS_IAM"
        } else if self.user_pool_arn.as_ref().is_some_and(truthy) {
            "COGNITO_USER_POOLS"
        } else {
            "LAMBDA"
        }
    }

    fn payload(&self) -> &str {
        self.payload_type
            .as_ref()
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or("TOKEN")
    }

    fn identity_get(&self, key: &str) -> Option<&Value> {
        self.identity
            .as_ref()
            .filter(|i| truthy(i))
            .and_then(Value::as_object)
            .and_then(|m| present(m, key))
    }

    /// Whether SAM grants API Gateway a permission on the authorizer function.
    pub fn wants_permission(&self) -> bool {
        self.function_arn.as_ref().is_some_and(truthy)
            && !self.disable_permissions.as_ref().is_some_and(truthy)
    }

    /// The scopes SAM puts next to the default authorizer (`_get_authorization_scopes`).
    pub fn default_scopes(&self) -> Py {
        match &self.scopes {
            Some(s) => Py::from_user(s),
            None => Py::List(Vec::new()),
        }
    }

    /// `_get_identity_source`: `method.request.header.X, …` from the identity lists.
    fn identity_source(&self) -> Result<Py, ApiError> {
        let mut parts: Vec<PyStr> = Vec::new();
        for (key, prefix) in [
            ("Headers", "method.request.header."),
            ("QueryStrings", "method.request.querystring."),
            ("StageVariables", "stageVariables."),
            ("Context", "context."),
        ] {
            let Some(list) = self.identity_get(key).filter(|v| truthy(v)) else {
                continue;
            };
            let path = format!("Auth.Authorizers.{}.Identity.{key}", self.name.text);
            let Some(items) = list.as_array() else {
                return Err(should_be(&path, "a list"));
            };
            for (i, item) in items.iter().enumerate() {
                let Some(s) = item.as_str() else {
                    return Err(should_be(&format!("{path}[{i}]"), "a string"));
                };
                parts.push(PyStr::uni(&format!("{prefix}{s}")));
            }
        }
        let uni = parts.iter().any(|p| p.uni);
        let text: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
        Ok(Py::Str(PyStr {
            text: text.join(", "),
            uni,
        }))
    }

    /// `ApiGatewayAuthorizer.generate_swagger`: the security definition.
    pub fn swagger(&self, partition: &str) -> Result<Py, ApiError> {
        let kind = self.kind();
        let name = if kind == "LAMBDA" && self.payload() == "REQUEST" {
            Py::lit("Unused")
        } else {
            if self
                .identity
                .as_ref()
                .is_some_and(|i| truthy(i) && !i.is_object())
            {
                return Err(ApiError::resource(
                    "Auth.Authorizers.<Authorizer>.Identity must be a dict (LambdaTokenAuthorizationIdentity, LambdaRequestAuthorizationIdentity or CognitoAuthorizationIdentity).",
                ));
            }
            match self.identity_get("Header").filter(|h| truthy(h)) {
                Some(h) => Py::from_user(h),
                None => Py::lit("Authorization"),
            }
        };
        let authtype = match kind {
            "AWS_IAM" => "awsSigv4",
            "COGNITO_USER_POOLS" => "cognito_user_pools",
            _ => "custom",
        };
        let mut d = PyDict::py27();
        d.set(PyStr::lit("type"), Py::lit("apiKey"));
        d.set(PyStr::lit("name"), name);
        d.set(PyStr::lit("in"), Py::lit("header"));
        d.set(
            PyStr::lit("x-amazon-apigateway-authtype"),
            Py::lit(authtype),
        );
        let key = PyStr::lit("x-amazon-apigateway-authorizer");
        let mut authorizer: Option<PyDict> = None;
        if kind == "COGNITO_USER_POOLS" {
            let mut a = PyDict::py27();
            a.set(PyStr::lit("type"), Py::lit("cognito_user_pools"));
            let arns = match &self.user_pool_arn {
                Some(Value::Array(l)) => Py::List(l.iter().map(Py::from_user).collect()),
                Some(v) => Py::List(vec![Py::from_user(v)]),
                None => Py::List(vec![Py::None]),
            };
            a.set(PyStr::lit("providerARNs"), arns);
            authorizer = Some(a);
        } else if kind == "LAMBDA" {
            let mut a = PyDict::py27();
            let ty = match self.payload() {
                "REQUEST" => Py::lit("request"),
                "TOKEN" => Py::lit("token"),
                _ => Py::None,
            };
            a.set(PyStr::lit("type"), ty);
            let mut vars = PyDict::plain();
            vars.set(
                PyStr::lit("__FunctionArn__"),
                self.function_arn
                    .as_ref()
                    .map(Py::from_user)
                    .unwrap_or(Py::None),
            );
            let mut sub = PyDict::plain();
            sub.set(
                PyStr::lit("Fn::Sub"),
                Py::List(vec![
                    Py::lit(&format!(
                        "arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{__FunctionArn__}}/invocations"
                    )),
                    Py::Dict(vars),
                ]),
            );
            a.set(PyStr::lit("authorizerUri"), Py::Dict(sub));
            if let Some(ttl) = self.identity_get("ReauthorizeEvery") {
                a.set(
                    PyStr::lit("authorizerResultTtlInSeconds"),
                    Py::from_user(ttl),
                );
            }
            if let Some(role) = self
                .invoke_role
                .as_ref()
                .filter(|r| truthy(r) && r.as_str() != Some("NONE"))
            {
                a.set(PyStr::lit("authorizerCredentials"), Py::from_user(role));
            }
            if self.payload() == "REQUEST" {
                let source = self.identity_source()?;
                if openapi::truthy(&source) {
                    a.set(PyStr::lit("identitySource"), source);
                }
            }
            authorizer = Some(a);
        }
        let token = kind == "LAMBDA" && self.payload() == "TOKEN";
        if kind == "COGNITO_USER_POOLS" || token {
            if let (Some(expr), Some(a)) = (
                self.identity_get("ValidationExpression")
                    .filter(|v| truthy(v)),
                authorizer.as_mut(),
            ) {
                a.set(
                    PyStr::lit("identityValidationExpression"),
                    Py::from_user(expr),
                );
            }
        }
        if let Some(a) = authorizer {
            d.set(key, Py::Dict(a));
        }
        Ok(Py::Dict(d))
    }
}

/// `_get_authorizers`: the authorizers in SAM's `Py27Dict` order (with the
/// built-in `AWS_IAM` first when it is the default). Empty when there are none.
pub(super) fn authorizers(
    config: Option<&Value>,
    default: Option<&Value>,
    history: Option<&KeyHistory>,
) -> Result<Vec<Authorizer>, ApiError> {
    let mut order = PyDict::py27();
    let mut found: Vec<Authorizer> = Vec::new();
    if default.and_then(Value::as_str) == Some("AWS_IAM") {
        order.set(PyStr::uni("AWS_IAM"), Py::None);
        found.push(Authorizer::aws_iam());
    }
    if let Some(config) = config.filter(|c| truthy(c)) {
        let Some(m) = config.as_object() else {
            return Err(should_be("Auth.Authorizers", "a map"));
        };
        // The user's map iterates in Python 2.7 order too.
        let user = Py::from_user_with(config, history);
        let names: Vec<String> = user
            .as_dict()
            .map(|d| d.keys().iter().map(|k| k.text.clone()).collect())
            .unwrap_or_default();
        for name in names {
            let Some(a) = m.get(&name).and_then(Value::as_object) else {
                return Err(should_be(&format!("Auth.Authorizers.{name}"), "a map"));
            };
            let a = Authorizer::new(&name, a)?;
            found.retain(|x| x.name.text != name);
            order.set(PyStr::uni(&name), Py::None);
            found.push(a);
        }
    }
    let keys: Vec<String> = order.keys().iter().map(|k| k.text.clone()).collect();
    let mut out = Vec::new();
    for k in keys {
        if let Some(i) = found.iter().position(|a| a.name.text == k) {
            out.push(found.swap_remove(i));
        }
    }
    Ok(out)
}

/// `_add_auth`, which runs after CORS and before gateway responses.
pub(super) fn add(
    a: &RestApi,
    auth: Option<&Value>,
    body: &mut Option<Py>,
    partition: &str,
) -> Result<(), ApiError> {
    let Some(auth) = auth.filter(|v| truthy(v)) else {
        return Ok(());
    };
    let Some(doc) = body.as_ref().filter(|b| openapi::truthy(b)) else {
        return Err(ApiError::resource(
            "Auth works only with inline Swagger specified in 'DefinitionBody' property.",
        ));
    };
    let Some(m) = auth.as_object() else {
        return Err(should_be("Auth", "a map"));
    };
    if m.keys().any(|k| !FIELDS.contains(&k.as_str())) {
        return Err(ApiError::resource("Invalid value for 'Auth' property"));
    }
    if !openapi::is_valid(doc) {
        return Err(ApiError::resource(
            "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    let mut e = Editor::open(doc).map_err(ApiError::Document)?;
    let default = present(m, "DefaultAuthorizer");
    let list = authorizers(
        present(m, "Authorizers"),
        default,
        a.key_history.at(&["Auth", "Authorizers"]),
    )?;
    if !list.is_empty() {
        let mut defs = Vec::new();
        for z in &list {
            defs.push((z.name.clone(), z.swagger(partition)?));
        }
        e.add_authorizer_definitions(defs)
            .map_err(ApiError::Document)?;
        if let Some(default) = default.filter(|d| truthy(d)) {
            let Some(name) = default.as_str() else {
                return Err(ApiError::resource("DefaultAuthorizer is not a string."));
            };
            let known = list.iter().find(|z| z.name.text == name);
            if known.is_none() && name != "AWS_IAM" {
                return Err(ApiError::resource(format!(
                    "Unable to set DefaultAuthorizer because '{name}' was not defined in 'Authorizers'."
                )));
            }
            let scopes = known
                .map(Authorizer::default_scopes)
                .unwrap_or(Py::List(Vec::new()));
            let names: Vec<String> = list.iter().map(|z| z.name.text.clone()).collect();
            let preflight = present(m, "AddDefaultAuthorizerToCorsPreflight")
                .map(truthy)
                .unwrap_or(true);
            for path in e.path_names() {
                e.set_path_default_authorizer(
                    &path.text,
                    &PyStr::uni(name),
                    &scopes,
                    &names,
                    preflight,
                )
                .map_err(ApiError::Document)?;
            }
        }
    }
    if present(m, "ApiKeyRequired").is_some_and(truthy) {
        e.add_apikey_security_definition()
            .map_err(ApiError::Document)?;
        let preflight = present(m, "AddApiKeyRequiredToCorsPreflight")
            .map(truthy)
            .unwrap_or(true);
        for path in e.path_names() {
            e.set_path_default_apikey_required(&path.text, preflight)
                .map_err(ApiError::Document)?;
        }
    }
    if let Some(policy) = present(m, "ResourcePolicy").filter(|p| truthy(p)) {
        if !policy.is_object() {
            return Err(ApiError::Document(
                "ResourcePolicy must be a map (ResourcePolicyStatement).".into(),
            ));
        }
        let policy = Py::from_user(policy);
        // The implicit API's `Prod` is SAM's own string, not the template's.
        let stage = match &a.stage_name {
            Some(Value::String(s)) if a.implicit => Py::lit(s),
            Some(v) => Py::from_user(v),
            None => Py::None,
        };
        for path in e.path_names() {
            e.add_resource_policy(&policy, &path, &stage)
                .map_err(ApiError::Document)?;
        }
        if let Some(custom) = policy
            .as_dict()
            .and_then(|d| d.get("CustomStatements"))
            .filter(|c| openapi::truthy(c))
        {
            e.add_custom_statements(custom);
        }
    }
    let mut doc = e.finish();
    let version = a.open_api_version.as_ref().map(super::version_py);
    openapi::openapi3_postprocess(&mut doc, version.as_ref()).map_err(ApiError::Document)?;
    *body = Some(doc);
    Ok(())
}

/// `_construct_authorizer_lambda_permission`: one permission per Lambda authorizer.
pub(super) fn permissions(
    api_id: &str,
    auth: Option<&Value>,
    history: Option<&KeyHistory>,
    attrs: &Attributes,
    partition: &str,
    out: &mut Output,
) -> Result<(), ApiError> {
    let Some(m) = auth.filter(|v| truthy(v)).and_then(Value::as_object) else {
        return Ok(());
    };
    for z in authorizers(present(m, "Authorizers"), None, history)? {
        if !z.wants_permission() {
            continue;
        }
        let mut vars = Map::new();
        vars.insert("__ApiId__".into(), Expr::ref_(api_id).into());
        let props = Permission {
            action: "lambda:InvokeFunction".into(),
            function_name: z.function_arn.clone().unwrap_or(Value::Null),
            principal: "apigateway.amazonaws.com".into(),
            source_arn: Some(
                Expr::SubWith(
                    format!(
                        "arn:{partition}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{__ApiId__}}/authorizers/*"
                    ),
                    vars,
                )
                .into(),
            ),
            source_account: None,
        };
        let mut r = Resource::typed(&props);
        permissions::pass_through(&mut r, attrs);
        out.add(
            api_id,
            logical_id::authorizer_permission_id(api_id, &z.name.text),
            r,
        );
    }
    Ok(())
}
