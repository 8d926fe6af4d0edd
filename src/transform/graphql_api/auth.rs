//! A GraphQL API's `Auth` and `Auth.Additional` authorizers (SAM's
//! `_validate_and_extract_authorizer_config`).

use serde_json::{Map, Value};

use super::{without_nulls, Problem};

/// The authorizer's config property name and value, when its type has one.
pub(super) type AuthConfig = (&'static str, Option<Map<String, Value>>);

/// One authorizer's config property and value (SAM's
/// `_validate_and_extract_authorizer_config`); `index` for `Additional` ones.
pub(super) fn authorizer(
    id: &str,
    auth: &Map<String, Value>,
    index: Option<usize>,
) -> Result<AuthConfig, Problem> {
    let fail = |msg: String| -> Problem { (id.to_string(), msg) };
    if without_nulls(auth).len() > 2 {
        let path = match index {
            Some(i) if i > 0 => format!("'Auth.Additional.{i}'"),
            _ => "'Auth'".to_string(),
        };
        return Err(fail(format!(
            "{path} has more than one authentication configuration defined."
        )));
    }
    let (key, name, type_) = match auth.get("Type").and_then(Value::as_str) {
        Some("AWS_LAMBDA") => ("LambdaAuthorizer", "LambdaAuthorizerConfig", "AWS_LAMBDA"),
        Some("OPENID_CONNECT") => ("OpenIDConnect", "OpenIDConnectConfig", "OPENID_CONNECT"),
        Some("AMAZON_COGNITO_USER_POOLS") => {
            ("UserPool", "UserPoolConfig", "AMAZON_COGNITO_USER_POOLS")
        }
        _ => return Ok(("", None)),
    };
    let Some(Value::Object(config)) = auth.get(key) else {
        return Err(fail(format!(
            "'{key}' must be defined if type is '{type_}'."
        )));
    };
    let mut config = without_nulls(config);
    if key == "UserPool" && index.is_some() {
        // Only the primary provider takes a default action.
        config.shift_remove("DefaultAction");
    }
    Ok((name, Some(config)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn additional_user_pools_drop_the_default_action() {
        let auth = map(json!({"Type": "AMAZON_COGNITO_USER_POOLS",
            "UserPool": {"UserPoolId": "p", "DefaultAction": "ALLOW", "AwsRegion": null}}));
        assert_eq!(
            authorizer("Api", &auth, None),
            Ok((
                "UserPoolConfig",
                Some(map(json!({"UserPoolId": "p", "DefaultAction": "ALLOW"})))
            ))
        );
        assert_eq!(
            authorizer("Api", &auth, Some(1)),
            Ok(("UserPoolConfig", Some(map(json!({"UserPoolId": "p"})))))
        );
    }

    #[test]
    fn authorizer_problems_name_the_api() {
        let missing = map(json!({"Type": "AWS_LAMBDA"}));
        assert_eq!(
            authorizer("Api", &missing, None),
            Err((
                "Api".to_string(),
                "'LambdaAuthorizer' must be defined if type is 'AWS_LAMBDA'.".to_string()
            ))
        );
        let two = map(json!({"Type": "AWS_IAM", "UserPool": {}, "OpenIDConnect": {}}));
        assert_eq!(
            authorizer("Api", &two, Some(2)),
            Err((
                "Api".to_string(),
                "'Auth.Additional.2' has more than one authentication configuration defined."
                    .to_string()
            ))
        );
        assert_eq!(
            authorizer("Api", &map(json!({"Type": "API_KEY"})), None),
            Ok(("", None))
        );
    }
}
