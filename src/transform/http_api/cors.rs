//! `CorsConfiguration` → the body's `x-amazon-apigateway-cors` (SAM's
//! `HttpApiGenerator._add_cors` and `OpenApiEditor.add_cors`): `true` allows
//! every origin, an intrinsic (the whole property or its `AllowOrigins`)
//! is merged in as written, a map sets each setting; settings already in
//! the body are overridden.

use serde_json::{Map, Value};

use crate::template::Expr;

use super::editor::{is_valid, truthy, Editor};

/// The settings SAM accepts, with the body's names for them.
const FIELDS: &[(&str, &str)] = &[
    ("AllowMethods", "allowMethods"),
    ("AllowHeaders", "allowHeaders"),
    ("AllowOrigins", "allowOrigins"),
    ("MaxAge", "maxAge"),
    ("ExposeHeaders", "exposeHeaders"),
    ("AllowCredentials", "allowCredentials"),
];

/// A CORS problem: the message for the API resource, or a document problem.
pub enum CorsError {
    Resource(String),
    Document(String),
}

/// Adds `cors` (truthy) to `body`.
pub fn add(body: Option<&mut Value>, cors: &Value) -> Result<(), CorsError> {
    let Some(body) = body.filter(|b| truthy(b)) else {
        return Err(CorsError::Resource(
            "Cors works only with inline OpenApi specified in 'DefinitionBody' property.".into(),
        ));
    };
    let mut settings: Map<String, Value> = Map::new();
    let mut intrinsic_origins = None;
    match cors {
        Value::Bool(_) => {
            settings.insert("AllowOrigins".into(), Value::Array(vec!["*".into()]));
        }
        v if Expr::is_intrinsic(v) => intrinsic_origins = Some(v.clone()),
        Value::Object(m) => {
            for (k, v) in m {
                if !FIELDS.iter().any(|(f, _)| f == k) {
                    return Err(CorsError::Resource(format!(
                        "Invalid key '{k}' for 'Cors' property."
                    )));
                }
                settings.insert(k.clone(), v.clone());
            }
            // An intrinsic `AllowOrigins` takes SAM's intrinsic path, which
            // ignores every other setting.
            if let Some(o) = settings
                .get("AllowOrigins")
                .filter(|o| Expr::is_intrinsic(o))
            {
                intrinsic_origins = Some(o.clone());
            }
        }
        _ => {
            return Err(CorsError::Resource(
                "Invalid value for 'Cors' property.".into(),
            ))
        }
    }
    if !is_valid(body) {
        return Err(CorsError::Resource("Unable to add Cors configuration because 'DefinitionBody' does not contain a valid OpenApi definition.".into()));
    }
    if settings.get("AllowCredentials") == Some(&Value::Bool(true))
        && settings.get("AllowOrigins") == Some(&Value::Array(vec!["*".into()]))
    {
        return Err(CorsError::Resource("Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set.".into()));
    }
    let mut e = Editor::open(body).map_err(CorsError::Document)?;
    let doc = e.doc_mut();
    let mut config = match doc.get("x-amazon-apigateway-cors") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(CorsError::Document(
            "Value of 'x-amazon-apigateway-cors' must be a dictionary according to Swagger spec."
                .into(),
        )),
    };
    if let Some(origins) = intrinsic_origins.filter(truthy) {
        // SAM renames the settings inside the intrinsic's JSON text.
        let mut text = origins.to_string();
        for (from, to) in FIELDS {
            text = text.replace(from, to);
        }
        if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(&text) {
            config.extend(m);
        }
    } else {
        for (from, to) in FIELDS {
            let Some(v) = settings.get(*from) else {
                continue;
            };
            let set = match *from {
                "MaxAge" => !v.is_null(),
                "AllowCredentials" => v == &Value::Bool(true),
                _ => truthy(v),
            };
            if set {
                config.insert((*to).to_string(), v.clone());
            }
        }
    }
    doc.insert("x-amazon-apigateway-cors".into(), Value::Object(config));
    *body = e.finish();
    Ok(())
}
