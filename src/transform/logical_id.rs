//! Every generated logical ID, named byte for byte as SAM names it.
//!
//! SAM's `LogicalIdGenerator` appends the first 10 hex digits of a SHA-1 to a
//! prefix. The hashed text is the data itself when it is a string, otherwise
//! Python's `json.dumps(data, separators=(",", ":"), sort_keys=True)`, which
//! escapes non-ASCII as `\uXXXX`. Changing either breaks the stability
//! contract: a new ID makes CloudFormation replace the resource.

use serde_json::Value;
use sha1::{Digest, Sha1};

/// Length of the hash suffix SAM appends (its `HASH_LENGTH`).
pub const HASH_LENGTH: usize = 10;

/// Full lowercase hex SHA-1 of `text`.
pub fn sha1_hex(text: &str) -> String {
    let digest = Sha1::digest(text.as_bytes());
    let mut out = String::with_capacity(40);
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// SAM's `_stringify`: strings as-is, everything else as compact key-sorted JSON.
pub fn stringify(data: &Value) -> String {
    match data {
        Value::String(s) => s.clone(),
        other => {
            let mut out = String::new();
            python_json(other, &mut out);
            out
        }
    }
}

/// `prefix` + the first 10 hex digits of the SHA-1 of `data` (SAM's
/// `LogicalIdGenerator(prefix, data).gen()`). Empty or null data hashes to nothing.
pub fn with_hash(prefix: &str, data: &Value) -> String {
    let text = if is_falsy(data) {
        String::new()
    } else {
        stringify(data)
    };
    if text.is_empty() {
        return prefix.to_string();
    }
    format!("{prefix}{}", &sha1_hex(&text)[..HASH_LENGTH])
}

/// Python truthiness, which SAM's generator tests before hashing.
fn is_falsy(v: &Value) -> bool {
    !crate::model::value::truthy(v)
}

/// Compact, key-sorted JSON as Python's `json.dumps(..., sort_keys=True)` writes it.
pub fn python_json(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                python_str(k, out);
                out.push(':');
                python_json(&m[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                python_json(x, out);
            }
            out.push(']');
        }
        Value::String(s) => python_str(s, out),
        Value::Number(n) => out.push_str(&python_number(n)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

/// Python's float repr differs from Rust's for whole numbers (`1.0`) and exponents (`1e+20`).
fn python_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        let s = format!("{f:?}");
        // Rust writes 1e20 as "1e20"; Python as "1e+20".
        match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        }
    }
}

/// A JSON string with Python's escaping (`ensure_ascii=True`).
pub(crate) fn python_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `str.isalnum()`: non-empty and every character alphanumeric.
fn is_alnum(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphanumeric)
}

/// A REST API's deployment: `<Api>Deployment` + 10 hex digits, and the full
/// SHA-1 SAM writes into its Description. SAM hashes `"||".join(parts)`
/// where the first part is `str(swagger)` — Python's repr of the body in
/// SAM's own dict order, kept for backwards compatibility
/// (`ApiGatewayDeployment.make_auto_deployable`).
pub fn deployment_id(api_id: &str, parts: &[String]) -> (String, String) {
    let sha = sha1_hex(&parts.join("||"));
    (format!("{api_id}Deployment{}", &sha[..HASH_LENGTH]), sha)
}

/// A REST API's stage: `<Api><StageName>Stage` when the name is alphanumeric,
/// else `<Api>Stage` + hash of the name (an intrinsic name hashes as empty).
pub fn rest_stage_id(api_id: &str, stage_name: Option<&Value>) -> String {
    let name = stage_name.and_then(Value::as_str).unwrap_or("");
    if is_alnum(name) {
        format!("{api_id}{name}Stage")
    } else {
        with_hash(&format!("{api_id}Stage"), &Value::String(name.to_string()))
    }
}

/// An event source's Lambda permission: `<Function><Event>Permission<Suffix>`,
/// or the suffix hashed when it is not alphanumeric (SAM's `_construct_permission`).
pub fn permission_id(function_id: &str, event_id: &str, suffix: &str) -> String {
    let prefix = format!("{function_id}{event_id}Permission");
    if is_alnum(suffix) {
        format!("{prefix}{suffix}")
    } else {
        with_hash(&prefix, &Value::String(suffix.to_string()))
    }
}

/// Everything SAM makes for event `E` of function `F` is named from `FE`
/// (the event source's `logical_id`): the rule or mapping itself, then
/// `FEPermission`, `FEQueue`, `FEQueuePolicy`, `FEEventSourceMapping`, `FERole`.
pub fn event_id(function_id: &str, event_id: &str) -> String {
    format!("{function_id}{event_id}")
}

/// EventBridge target IDs are at most 64 characters: SAM keeps the suffix
/// and cuts the rule's ID (`generate_valid_target_id`).
pub fn rule_target_id(rule_id: &str, suffix: &str) -> String {
    const MAX: usize = 64;
    if rule_id.len() + suffix.len() <= MAX {
        return format!("{rule_id}{suffix}");
    }
    let keep = MAX.saturating_sub(suffix.len());
    let cut: String = rule_id.chars().take(keep).collect();
    format!("{cut}{suffix}")
}

/// The condition SAM adds for a path whose methods all have (different) conditions.
pub fn path_condition_name(api_id: &str, path: &str) -> String {
    let p = path
        .replace('/', "SLASH")
        .replace('{', "OB")
        .replace('}', "CB");
    format!("{api_id}{p}PathCondition")
}

// ---- WebSocket APIs (SAM's `websocket_api_generator.py`, `apiv2_generator.py`) ----

/// A WebSocket route key's part of its resources' IDs: `$connect`,
/// `$disconnect` and `$default` lose the `$` and are capitalized; other keys
/// must be alphanumeric and are capitalized the Python way (`sendMessage` →
/// `Sendmessage`). `None` for any other key.
pub fn websocket_route_key_part(route_key: &str) -> Option<String> {
    if matches!(route_key, "$connect" | "$disconnect" | "$default") {
        return Some(py_capitalize(&route_key.replace('$', "")));
    }
    is_alnum(route_key).then(|| py_capitalize(route_key))
}

/// `<Api><Key>Route`, `<Api><Key>Integration`, `<Api><Key>Permission`.
pub fn websocket_route_ids(api_id: &str, key_part: &str) -> (String, String, String) {
    let base = format!("{api_id}{key_part}");
    (
        format!("{base}Route"),
        format!("{base}Integration"),
        format!("{base}Permission"),
    )
}

/// `<Api><StageName>Stage`, `<Api>DefaultStage` for the default stage name
/// `default`, and `<Api>Stage` when the name is an intrinsic (there is only
/// ever one stage per API, so no hash is needed).
pub fn websocket_stage_id(api_id: &str, stage_name: &Value) -> String {
    match stage_name.as_str() {
        Some("default") => format!("{api_id}DefaultStage"),
        Some(name) => format!("{api_id}{name}Stage"),
        None => format!("{api_id}Stage"),
    }
}

/// The `$connect` Lambda authorizer: `<Api>ConnectAuthorizer`.
pub fn websocket_authorizer_id(api_id: &str) -> String {
    format!("{api_id}ConnectAuthorizer")
}

/// The authorizer function's permission: `<Api>AuthorizerPermission`.
pub fn websocket_authorizer_permission_id(api_id: &str) -> String {
    format!("{api_id}AuthorizerPermission")
}

/// An ApiGatewayV2 custom domain: `ApiGatewayDomainNameV2` + hash of the domain name.
pub fn websocket_domain_name_id(domain_name: &Value) -> String {
    with_hash("ApiGatewayDomainNameV2", domain_name)
}

/// An API mapping: `<Api>ApiMapping` at the root, else `<Api><path without - _ />ApiMapping`.
pub fn websocket_api_mapping_id(api_id: &str, base_path: Option<&str>) -> String {
    let path: String = base_path
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '/'))
        .collect();
    format!("{api_id}{path}ApiMapping")
}

/// A Route 53 record set group: `RecordSetGroup` + hash of the hosted zone ID or name.
pub fn websocket_record_set_group_id(zone: &Value) -> String {
    with_hash("RecordSetGroup", zone)
}

/// Python's `str.capitalize()`: first character upper case, the rest lower case.
fn py_capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// An HTTP API's stage: `<Api>ApiGatewayDefaultStage` for `$default`,
/// `<Api><Name>Stage` for an alphanumeric name, else `<Api>Stage` + hash of
/// the name (an intrinsic name hashes as empty). SAM's `_construct_stage`.
pub fn http_stage_id(api_id: &str, stage_name: &Value) -> String {
    let name = stage_name.as_str().unwrap_or("");
    if is_alnum(name) {
        format!("{api_id}{name}Stage")
    } else if name == "$default" {
        format!("{api_id}ApiGatewayDefaultStage")
    } else {
        with_hash(&format!("{api_id}Stage"), &Value::String(name.to_string()))
    }
}

/// An HTTP API's custom domain: `ApiGatewayDomainNameV2` + hash of the domain name.
pub fn domain_name_v2_id(domain_name: &Value) -> String {
    format!("ApiGatewayDomainNameV2{}", with_hash("", domain_name))
}

/// The Route 53 record set group for a hosted zone: `RecordSetGroup` + hash
/// of its `HostedZoneId` (else `HostedZoneName`). REST and HTTP APIs share it.
pub fn record_set_group_id(hosted_zone: &Value) -> String {
    format!("RecordSetGroup{}", with_hash("", hosted_zone))
}

/// An HTTP API mapping: `<Api>ApiMapping`, or with the base path's
/// characters other than `-`, `_` and `/` kept (`/get` → `<Api>getApiMapping`).
pub fn api_mapping_id(api_id: &str, base_path: Option<&str>) -> String {
    let key: String = base_path
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '/'))
        .collect();
    format!("{api_id}{key}ApiMapping")
}

/// The permission for a REST or HTTP API's Lambda authorizer: `<Api><Authorizer>AuthorizerPermission`.
pub fn authorizer_permission_id(api_id: &str, authorizer: &str) -> String {
    format!("{api_id}{authorizer}AuthorizerPermission")
}

/// A REST API custom domain: `ApiGatewayDomainName` + hash of the domain name
/// (`ApiGatewayDomainNameV2` for private domains).
pub fn domain_name_id(prefix: &str, domain_name: &Value) -> String {
    with_hash(prefix, domain_name)
}

/// A record set group of its own (`SeparateRecordSetGroup`): the hash of
/// `[zone, domain name]` as compact JSON.
pub fn separate_record_set_group_id(zone: &Value, domain_name: &Value) -> String {
    with_hash(
        "RecordSetGroup",
        &Value::Array(vec![zone.clone(), domain_name.clone()]),
    )
}

/// A private domain's VPC endpoint association: the hash of `[endpoint, domain ID]`.
pub fn access_association_id(vpc_endpoint: &Value, domain_id: &str) -> String {
    with_hash(
        "DomainNameAccessAssociation",
        &Value::Array(vec![vpc_endpoint.clone(), Value::String(domain_id.into())]),
    )
}

/// A base path mapping: `<Api>BasePathMapping`, or `<Api><path>BasePathMapping`
/// with the base path's alphanumeric characters.
pub fn base_path_mapping_id(api_id: &str, base_path: Option<&str>) -> String {
    let path: String = base_path
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    format!("{api_id}{path}BasePathMapping")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn domain_ids_as_sam_names_them() {
        // api_with_custom_domain_route53_multiple
        assert_eq!(
            domain_name_id("ApiGatewayDomainName", &json!("admin.one.amazon.com")),
            "ApiGatewayDomainName5fe29fe649"
        );
        assert_eq!(
            record_set_group_id(&json!("abc123456")),
            "RecordSetGroup370194ff6e"
        );
        assert_eq!(
            base_path_mapping_id("MyApi", Some("/v1/x")),
            "MyApiv1xBasePathMapping"
        );
        assert_eq!(base_path_mapping_id("MyApi", None), "MyApiBasePathMapping");
        assert_eq!(
            authorizer_permission_id("MyApi", "Tok"),
            "MyApiTokAuthorizerPermission"
        );
    }

    #[test]
    fn python_json_is_compact_sorted_and_ascii() {
        let mut s = String::new();
        python_json(&json!({"b": [1, 2.5, true, null], "a": "é\n"}), &mut s);
        assert_eq!(s, r#"{"a":"\u00e9\n","b":[1,2.5,true,null]}"#);
    }

    #[test]
    fn strings_hash_as_themselves() {
        // sha1("hello") = aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d
        assert_eq!(with_hash("P", &json!("hello")), "Paaf4c61ddc");
        assert_eq!(with_hash("P", &json!(null)), "P");
    }

    #[test]
    fn whole_floats_keep_their_point() {
        let mut s = String::new();
        python_json(&json!([1.0, 1e20]), &mut s);
        assert_eq!(s, "[1.0,1e+20]");
    }

    #[test]
    fn deployment_ids_hash_python_repr_of_the_body() {
        // SAM's implicit_api test: four routes on two functions.
        let uri = |f: &str| {
            format!("{{'Fn::Sub': u'arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{f}.Arn}}/invocations'}}")
        };
        let method = |m: &str, f: &str| {
            format!("{m}: {{'x-amazon-apigateway-integration': {{'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': {}}}, 'responses': {{}}}}", uri(f))
        };
        let body = format!(
            "{{'info': {{'version': '1.0', 'title': {{'Ref': 'AWS::StackName'}}}}, 'paths': {{u'/add': {{{}}}, u'/{{proxy+}}': {{{}}}, u'/getlist': {{{}}}, u'/complete': {{{}}}}}, 'swagger': '2.0'}}",
            method("u'post'", "RestApiFunction"),
            method("'x-amazon-apigateway-any-method'", "GetHtmlFunction"),
            method("u'get'", "RestApiFunction"),
            method("u'post'", "RestApiFunction"),
        );
        let (id, sha) = deployment_id("ServerlessRestApi", &[body]);
        assert_eq!(id, "ServerlessRestApiDeployment127e3fb911");
        assert_eq!(sha, "127e3fb91142ab1ddc5f5446adb094442581a90d");
    }

    #[test]
    fn stage_and_permission_ids() {
        assert_eq!(
            rest_stage_id("MyApi", Some(&json!("Prod"))),
            "MyApiProdStage"
        );
        assert_eq!(
            rest_stage_id("MyApi", Some(&json!({"Ref": "S"}))),
            "MyApiStage"
        );
        assert_eq!(permission_id("Fn", "Get", "Prod"), "FnGetPermissionProd");
        assert_eq!(
            path_condition_name("ServerlessRestApi", "/foo/{id}"),
            "ServerlessRestApiSLASHfooSLASHOBidCBPathCondition"
        );
    }

    #[test]
    fn websocket_ids_as_sam_names_them() {
        // SAM's websocket_api_simple_app / explicit_stage / custom_domains tests.
        assert_eq!(
            websocket_route_key_part("$connect").as_deref(),
            Some("Connect")
        );
        assert_eq!(
            websocket_route_key_part("sendMessage").as_deref(),
            Some("Sendmessage")
        );
        assert_eq!(websocket_route_key_part("send-msg"), None);
        assert_eq!(websocket_route_key_part("$Connect"), None);
        assert_eq!(
            websocket_route_ids("SimpleChatApi", "Send").0,
            "SimpleChatApiSendRoute"
        );
        assert_eq!(
            websocket_stage_id("MyApi", &json!("Prod")),
            "MyApiProdStage"
        );
        assert_eq!(
            websocket_stage_id("MyApi", &json!("default")),
            "MyApiDefaultStage"
        );
        assert_eq!(
            websocket_stage_id("MyApi", &json!({"Ref": "S"})),
            "MyApiStage"
        );
        assert_eq!(
            websocket_domain_name_id(&json!({"Ref": "MyDomainName"})),
            "ApiGatewayDomainNameV2e12ae193a4"
        );
        assert_eq!(
            websocket_domain_name_id(&json!("admin.one.amazon.com")),
            "ApiGatewayDomainNameV25fe29fe649"
        );
        assert_eq!(
            websocket_record_set_group_id(&json!({"Ref": "HostedZoneId"})),
            "RecordSetGroup1194dea82a"
        );
        assert_eq!(
            websocket_api_mapping_id("MyApi", Some("/get")),
            "MyApigetApiMapping"
        );
        assert_eq!(websocket_api_mapping_id("MyApi", None), "MyApiApiMapping");
    }

    #[test]
    fn event_rule_target_ids_are_cut_to_64_characters() {
        // SAM 1.115: MyFunctionCWEvent + LambdaTarget.
        assert_eq!(
            rule_target_id("MyAwesomeFunctionCWEvent", "LambdaTarget"),
            "MyAwesomeFunctionCWEventLambdaTarget"
        );
        let long = "A".repeat(60);
        let id = rule_target_id(&long, "LambdaTarget");
        assert_eq!(id.len(), 64);
        assert!(id.ends_with("LambdaTarget"));
        assert_eq!(event_id("Fn", "Ev"), "FnEv");
        assert_eq!(permission_id("FnEv", "", ""), "FnEvPermission");
    }

    #[test]
    fn http_api_ids() {
        assert_eq!(
            http_stage_id("MyApi", &json!("$default")),
            "MyApiApiGatewayDefaultStage"
        );
        assert_eq!(http_stage_id("MyApi", &json!("Prod")), "MyApiProdStage");
        assert_eq!(http_stage_id("MyApi", &json!({"Ref": "S"})), "MyApiStage");
        // SAM's httpapi_with_propagate_tags test.
        assert_eq!(
            domain_name_v2_id(&json!("admin.one.amazon.com")),
            "ApiGatewayDomainNameV25fe29fe649"
        );
        assert_eq!(
            record_set_group_id(&json!("abc123456")),
            "RecordSetGroup370194ff6e"
        );
        assert_eq!(api_mapping_id("MyApi", Some("/get")), "MyApigetApiMapping");
        assert_eq!(api_mapping_id("MyApi", None), "MyApiApiMapping");
    }
}
