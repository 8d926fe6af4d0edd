//! The `AWS::Lambda::Permission` SAM adds for each `Api` event
//! (`eventsources.push.Api._get_permission`): API Gateway may invoke the
//! function on that method and path, from any stage of the API.

use serde_json::{Map, Value};

use crate::model::{Attributes, Function};
use crate::template::resources::lambda::Permission;
use crate::template::{Expr, Resource};

use super::logical_id;

/// The permission's resource path: a trailing slash dropped (API Gateway
/// drops it too), path parameters (`{id}`, `{proxy+}`) as `*`.
pub fn arn_path(path: &str) -> String {
    let path = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    };
    params_as_star(path)
}

/// SAM's `get_path_without_trailing_slash` (despite its name): path
/// parameters (`{id}`, `{proxy+}`) become `*`.
pub fn params_as_star(path: &str) -> String {
    params_to_star(path, Greedy::Any)
}

/// Which `{name+}` greedy parameters a rewrite accepts: SAM's Swagger editor
/// takes any, its OpenAPI (HTTP API) editor only `{proxy+}`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Greedy {
    Any,
    ProxyOnly,
}

/// `{name}` (and greedy) path parameters as `*`, as SAM's
/// `get_path_without_trailing_slash` rewrites them for permission ARNs.
pub fn params_to_star(path: &str, greedy: Greedy) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_param(&after[..close], greedy) => {
                out.push('*');
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `[a-zA-Z0-9._-]+`, or a greedy `name+` as `greedy` allows.
fn is_param(name: &str, greedy: Greedy) -> bool {
    let name = match (name.strip_suffix('+'), greedy) {
        (Some(base), Greedy::Any) => base,
        (Some(_), Greedy::ProxyOnly) => return name == "proxy+",
        (None, _) => name,
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The permission for `function`'s event `event_id` on `method path` of the
/// API `api_ref` (as the event wrote it), named with the API's stage `suffix`;
/// `target` is what API Gateway invokes (the function, or its `AutoPublishAlias` alias).
// Each argument is one part of SAM's permission (its ID and its SourceArn).
#[allow(clippy::too_many_arguments)]
pub fn api_permission(
    function: &Function,
    target: &str,
    event_id: &str,
    method: &str,
    path: &str,
    api_ref: Value,
    suffix: &str,
    partition: &str,
) -> (String, Resource) {
    let method = if method.eq_ignore_ascii_case("any") {
        "*".to_string()
    } else {
        method.to_uppercase()
    };
    let arn = format!(
        "arn:{partition}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{__ApiId__}}/${{__Stage__}}/{method}{}",
        arn_path(path)
    );
    let mut vars = Map::new();
    vars.insert("__ApiId__".into(), api_ref);
    vars.insert("__Stage__".into(), Value::String("*".into()));
    let props = Permission {
        action: "lambda:InvokeFunction".into(),
        function_name: Expr::ref_(target).into(),
        principal: "apigateway.amazonaws.com".into(),
        source_arn: Some(Expr::SubWith(arn, vars).into()),
        source_account: None,
    };
    let mut r = Resource::typed(&props);
    pass_through(&mut r, &function.attributes);
    (logical_id::permission_id(&function.id, event_id, suffix), r)
}

/// The attributes SAM copies from a serverless resource onto everything it
/// generates for it (`_pass_through_attributes`).
pub fn pass_through(r: &mut Resource, a: &Attributes) {
    r.condition = a.condition.clone();
    r.deletion_policy = a.deletion_policy.clone();
    r.update_replace_policy = a.update_replace_policy.clone();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_parameters_follow_each_editors_rule() {
        // Swagger (REST) takes any `{name+}`; OpenAPI (HTTP) only `{proxy+}`.
        assert_eq!(params_to_star("/a/{id}/{rest+}", Greedy::Any), "/a/*/*");
        assert_eq!(
            params_to_star("/a/{id}/{rest+}", Greedy::ProxyOnly),
            "/a/*/{rest+}"
        );
        assert_eq!(params_to_star("/{proxy+}", Greedy::ProxyOnly), "/*");
        assert_eq!(params_to_star("/{}/{a b}", Greedy::Any), "/{}/{a b}");
    }

    #[test]
    fn arn_paths_as_sam_writes_them() {
        assert_eq!(arn_path("/{proxy+}"), "/*");
        assert_eq!(arn_path("/add/"), "/add");
        assert_eq!(arn_path("/"), "/");
        assert_eq!(arn_path("/users/{id}/x"), "/users/*/x");
        assert_eq!(arn_path("/a/{b c}"), "/a/{b c}");
    }
}
