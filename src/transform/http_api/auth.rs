//! HTTP API authorizers (SAM's `ApiGatewayV2Authorizer` and
//! `HttpApiGenerator._get_authorizers`): JWT (OAuth 2), Lambda (`REQUEST`)
//! and the built-in `AWS_IAM`, each becoming a security scheme in the body,
//! plus the route-level checks of `eventsources.push.HttpApi`.

use serde_json::{json, Map, Value};

use crate::template::Expr;

use super::editor::truthy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AwsIam,
    Jwt,
    Request,
}

/// One authorizer of an API's `Auth.Authorizers` (or the built-in `AWS_IAM`).
#[derive(Debug, Clone)]
pub struct Authorizer {
    pub name: String,
    pub kind: Kind,
    pub authorization_scopes: Option<Value>,
    jwt_configuration: Option<Map<String, Value>>,
    id_source: Option<Value>,
    pub function_arn: Option<Value>,
    function_invoke_role: Option<Value>,
    identity: Option<Value>,
    payload_format_version: Option<Value>,
    enable_simple_responses: Option<Value>,
    pub enable_function_default_permissions: Option<Value>,
}

/// Which authorizer kinds accept each property, and how SAM names the kind.
const PROPERTIES: &[(&str, Kind, &str)] = &[
    ("AuthorizationScopes", Kind::Jwt, "OAuth2 Authorizer"),
    ("JwtConfiguration", Kind::Jwt, "OAuth2 Authorizer"),
    (
        "IdentitySource",
        Kind::Jwt,
        "OAuth2 Authorizer. For Lambda Authorizer, use the 'Identity' property instead",
    ),
    ("FunctionArn", Kind::Request, "Lambda Authorizer"),
    ("FunctionInvokeRole", Kind::Request, "Lambda Authorizer"),
    ("Identity", Kind::Request, "Lambda Authorizer"),
    (
        "AuthorizerPayloadFormatVersion",
        Kind::Request,
        "Lambda Authorizer",
    ),
    ("EnableSimpleResponses", Kind::Request, "Lambda Authorizer"),
    (
        "EnableFunctionDefaultPermissions",
        Kind::Request,
        "Lambda Authorizer",
    ),
];

/// The API's authorizers, in SAM's order (`AWS_IAM` first when enabled).
/// An error is SAM's message for the API resource.
pub fn authorizers(auth: &Map<String, Value>) -> Result<Vec<Authorizer>, String> {
    let mut out = Vec::new();
    if auth.get("EnableIamAuthorizer") == Some(&Value::Bool(true)) {
        out.push(Authorizer {
            name: "AWS_IAM".into(),
            kind: Kind::AwsIam,
            authorization_scopes: None,
            jwt_configuration: None,
            id_source: None,
            function_arn: None,
            function_invoke_role: None,
            identity: None,
            payload_format_version: None,
            enable_simple_responses: None,
            enable_function_default_permissions: None,
        });
    }
    let Some(config) = auth.get("Authorizers").filter(|c| truthy(c)) else {
        return Ok(out);
    };
    let Some(config) = config.as_object() else {
        return Err("Property 'Auth.Authorizers' should be a map.".into());
    };
    for (name, a) in config {
        let Some(a) = a.as_object() else {
            return Err(format!(
                "Property 'Auth.Authorizers.{name}' should be a map."
            ));
        };
        if a.contains_key("OpenIdConnectUrl") {
            return Err(format!(
                "'OpenIdConnectUrl' is no longer a supported property for authorizer '{name}'. Please refer to the AWS SAM documentation."
            ));
        }
        out.push(authorizer(name, a)?);
    }
    Ok(out)
}

fn authorizer(name: &str, a: &Map<String, Value>) -> Result<Authorizer, String> {
    let get = |k: &str| a.get(k).filter(|v| !v.is_null()).cloned();
    let jwt_configuration = match get("JwtConfiguration").filter(truthy) {
        None => None,
        Some(Value::Object(m)) => Some(m.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect()),
        Some(_) => return Err("Property 'JwtConfiguration' should be a map.".into()),
    };
    let kind = if jwt_configuration.is_some() {
        Kind::Jwt
    } else {
        Kind::Request
    };
    if get("AuthorizationScopes").is_some_and(|s| !s.is_array()) {
        return Err("AuthorizationScopes must be a list.".into());
    }
    for (prop, allowed, label) in PROPERTIES {
        if get(prop).is_some() && *allowed != kind {
            return Err(format!("{prop} is only supported for {label}."));
        }
    }
    let falsy = |k: &str| !get(k).is_some_and(|v| truthy(&v));
    match kind {
        Kind::Jwt if falsy("IdentitySource") => {
            return Err(format!(
                "{name} OAuth2 Authorizer must define 'IdentitySource'."
            ));
        }
        Kind::Request if falsy("FunctionArn") => {
            return Err(format!(
                "{name} Lambda Authorizer must define 'FunctionArn'."
            ));
        }
        Kind::Request if falsy("AuthorizerPayloadFormatVersion") => {
            return Err(format!(
                "{name} Lambda Authorizer must define 'AuthorizerPayloadFormatVersion'."
            ));
        }
        _ => {}
    }
    if let Some(v) = get("EnableFunctionDefaultPermissions") {
        if !v.is_boolean() && !Expr::is_intrinsic(&v) {
            return Err(format!(
                "Property 'Authorizers.{name}.EnableFunctionDefaultPermissions' should be a boolean."
            ));
        }
    }
    Ok(Authorizer {
        name: name.to_string(),
        kind,
        authorization_scopes: get("AuthorizationScopes"),
        jwt_configuration,
        id_source: get("IdentitySource"),
        function_arn: get("FunctionArn"),
        function_invoke_role: get("FunctionInvokeRole"),
        identity: get("Identity"),
        payload_format_version: get("AuthorizerPayloadFormatVersion"),
        enable_simple_responses: get("EnableSimpleResponses"),
        enable_function_default_permissions: get("EnableFunctionDefaultPermissions"),
    })
}

impl Authorizer {
    /// The authorizer's entry under `components.securitySchemes`
    /// (`generate_openapi`); `partition` is the literal one of the region.
    pub fn security_scheme(&self, api_id: &str, partition: &str) -> Result<Value, String> {
        Ok(match self.kind {
            Kind::AwsIam => json!({
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authtype": "awsSigv4",
            }),
            Kind::Jwt => json!({
                "type": "oauth2",
                "x-amazon-apigateway-authorizer": {
                    "jwtConfiguration": self.jwt_configuration.clone().map(Value::Object),
                    "identitySource": self.id_source,
                    "type": "jwt",
                },
            }),
            Kind::Request => {
                let mut a = Map::new();
                a.insert("type".into(), "request".into());
                let arn = format!(
                    "arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{__FunctionArn__}}/invocations"
                );
                a.insert(
                    "authorizerUri".into(),
                    json!({"Fn::Sub": [arn, {"__FunctionArn__": self.function_arn}]}),
                );
                if let Some(role) = self
                    .function_invoke_role
                    .as_ref()
                    .filter(|r| truthy(r) && r.as_str() != Some("NONE"))
                {
                    a.insert("authorizerCredentials".into(), role.clone());
                }
                if let Some(identity) = self.identity.as_ref().filter(|i| truthy(i)) {
                    let Some(identity) = identity.as_object() else {
                        return Err(format!(
                            "Property 'Auth.Authorizers.{}.Identity' should be a map.",
                            self.name
                        ));
                    };
                    if let Some(ttl) = identity.get("ReauthorizeEvery").filter(|v| !v.is_null()) {
                        a.insert("authorizerResultTtlInSeconds".into(), ttl.clone());
                    }
                    a.insert(
                        "identitySource".into(),
                        Value::Array(self.identity_source(identity)?),
                    );
                }
                a.insert(
                    "authorizerPayloadFormatVersion".into(),
                    self.payload_format_version.clone().unwrap_or(Value::Null),
                );
                if let Some(v) = self.enable_simple_responses.as_ref().filter(|v| truthy(v)) {
                    a.insert("enableSimpleResponses".into(), v.clone());
                }
                let _ = api_id;
                json!({
                    "type": "apiKey",
                    "name": "Unused",
                    "in": "header",
                    "x-amazon-apigateway-authorizer": a,
                })
            }
        })
    }

    /// `Identity` flattened into API Gateway's identity sources.
    fn identity_source(&self, identity: &Map<String, Value>) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        for (prefix, key) in [
            ("$request.header.", "Headers"),
            ("$request.querystring.", "QueryStrings"),
            ("$stageVariables.", "StageVariables"),
            ("$context.", "Context"),
        ] {
            let Some(values) = identity.get(key).filter(|v| truthy(v)) else {
                continue;
            };
            let path = format!("Authorizers.{}.Identity.{key}", self.name);
            let Some(values) = values.as_array() else {
                return Err(format!("Property '{path}' should be a list."));
            };
            for (i, v) in values.iter().enumerate() {
                let Some(s) = v.as_str() else {
                    return Err(format!("Property '{path}[{i}]' should be a string."));
                };
                out.push(Value::String(format!("{prefix}{s}")));
            }
        }
        Ok(out)
    }

    /// The scopes the default authorizer puts on routes.
    pub fn default_scopes(&self) -> Value {
        self.authorization_scopes
            .clone()
            .unwrap_or_else(|| Value::Array(Vec::new()))
    }
}

/// SAM's checks of an event's `Auth` against its API's (`_add_auth_to_openapi_integration`).
/// Returns the authorizer to set (the API's default when the event names
/// none) or the event's error message.
pub fn route_authorizer(
    method: &str,
    path: &str,
    auth: &Map<String, Value>,
    api_auth: &Map<String, Value>,
) -> Result<Value, String> {
    let mut authorizer = auth.get("Authorizer").filter(|a| truthy(a)).cloned();
    if authorizer.is_none() {
        match api_auth.get("DefaultAuthorizer").filter(|a| truthy(a)) {
            Some(d) => authorizer = Some(d.clone()),
            None => {
                return Err("'Auth' section requires either an explicit 'Authorizer' set or a 'DefaultAuthorizer' configured on the HttpApi.".into())
            }
        }
    }
    let authorizer = authorizer.unwrap_or(Value::Null);
    // `api_auth and api_auth.get("Authorizers")`: an empty `Auth` stands for itself.
    let empty = Value::Object(Map::new());
    let api_authorizers = if api_auth.is_empty() {
        Some(&empty)
    } else {
        api_auth.get("Authorizers").filter(|a| !a.is_null())
    };
    let iam_enabled = api_auth.get("EnableIamAuthorizer") == Some(&Value::Bool(true));
    let name = authorizer.as_str();
    let shown = match &authorizer {
        Value::String(s) => s.clone(),
        other => crate::transform::py27::Py::from_user(other).repr(),
    };
    let builtin_ok = name == Some("NONE") || (name == Some("AWS_IAM") && iam_enabled);
    if !builtin_ok && (name.is_none() || !api_authorizers.is_some_and(Value::is_object)) {
        return Err(format!(
            "Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}]. The method authorizer must be a string with a corresponding dict entry in the api authorizer."
        ));
    }
    if name == Some("NONE") {
        if !api_auth.get("DefaultAuthorizer").is_some_and(truthy) {
            return Err(format!(
                "Unable to set Authorizer on API method [{method}] for path [{path}] because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified."
            ));
        }
    } else if !builtin_ok {
        let Some(authorizers) = api_authorizers
            .and_then(Value::as_object)
            .filter(|a| !a.is_empty())
        else {
            return Err(format!(
                "Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}] because the related API does not define any Authorizers."
            ));
        };
        if !authorizers.get(&shown).is_some_and(truthy) {
            return Err(format!(
                "Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}] because it wasn't defined in the API's Authorizers."
            ));
        }
    }
    if auth
        .get("AuthorizationScopes")
        .is_some_and(|s| truthy(s) && !s.is_array())
    {
        return Err(format!(
            "Unable to set Authorizer on API method [{method}] for path [{path}] because 'AuthorizationScopes' must be a list of strings."
        ));
    }
    Ok(authorizer)
}

/// The security requirement for a route (`_set_method_authorizer`): the
/// event's scopes, else the authorizer's own; none for `NONE` and `AWS_IAM`.
pub fn route_security(
    name: &str,
    scopes: Option<&Value>,
    api_authorizers: Option<&Map<String, Value>>,
) -> Result<Value, String> {
    let mut req = Map::new();
    let mut value = Value::Array(Vec::new());
    if name != "NONE" && name != "AWS_IAM" {
        let authorizer = api_authorizers.and_then(|a| a.get(name));
        if authorizer.is_some_and(|a| !a.is_object()) {
            return Err(format!("Type of authorizer '{name}' must be a dictionary"));
        }
        let mut method_scopes = authorizer
            .and_then(|a| a.get("AuthorizationScopes"))
            .cloned();
        if let Some(s) = scopes.filter(|s| truthy(s)) {
            method_scopes = Some(s.clone());
        }
        if authorizer.is_some_and(truthy) {
            if let Some(s) = method_scopes.filter(truthy) {
                value = s;
            }
        }
    }
    req.insert(name.to_string(), value);
    Ok(Value::Object(req))
}
