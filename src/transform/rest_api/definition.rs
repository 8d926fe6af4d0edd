//! Pieces of the `AWS::ApiGateway::RestApi` itself: SAM's
//! `_set_endpoint_configuration`, `BodyS3Location` from `DefinitionUri`, and
//! the stage's tag list.

use serde_json::{Map, Value};

use crate::error::Cursor;
use crate::template::resources::apigateway;

use super::super::openapi;
use super::super::py27::{Py, PyDict, PyStr};
use super::super::Output;

/// SAM's `_set_endpoint_configuration`.
pub(super) fn set_endpoint_configuration(
    rest: &mut apigateway::RestApi,
    v: &Value,
    cur: &Cursor,
    out: &mut Output,
) {
    let ty = v
        .as_object()
        .and_then(|m| m.get("Type"))
        .filter(|t| openapi::truthy(&Py::from_user(t)));
    match (v.as_object(), ty) {
        (Some(m), Some(ty)) => {
            let mut params = Map::new();
            params.insert("endpointConfigurationTypes".into(), ty.clone());
            rest.parameters = Some(Value::Object(params));
            let mut cfg = Map::new();
            cfg.insert("Types".into(), Value::Array(vec![ty.clone()]));
            if m.contains_key("VPCEndpointIds") && m.contains_key("VpcEndpointIds") {
                cur.plain_error(
                    &mut out.diags,
                    "'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in EndpointConfiguration.",
                );
            }
            if let Some(ids) = m
                .get("VPCEndpointIds")
                .filter(|x| openapi::truthy(&Py::from_user(x)))
                .or_else(|| m.get("VpcEndpointIds"))
            {
                if m.contains_key("VPCEndpointIds") || m.contains_key("VpcEndpointIds") {
                    cfg.insert("VpcEndpointIds".into(), ids.clone());
                }
            }
            if let Some(ip) = m.get("IpAddressType") {
                cfg.insert("IpAddressType".into(), ip.clone());
            }
            rest.endpoint_configuration = Some(Value::Object(cfg));
        }
        _ => {
            let mut cfg = Map::new();
            cfg.insert("Types".into(), Value::Array(vec![v.clone()]));
            rest.endpoint_configuration = Some(Value::Object(cfg));
            let mut params = Map::new();
            params.insert("endpointConfigurationTypes".into(), v.clone());
            rest.parameters = Some(Value::Object(params));
        }
    }
}

/// `BodyS3Location` from `DefinitionUri` (`s3://bucket/key?versionId=v` or `{Bucket, Key, Version}`).
pub(super) fn body_s3_location(uri: &Value) -> Option<Py> {
    let (bucket, key, version, uni) = match uri {
        Value::Object(m) => {
            let b = m
                .get("Bucket")
                .filter(|x| openapi::truthy(&Py::from_user(x)))?;
            let k = m
                .get("Key")
                .filter(|x| openapi::truthy(&Py::from_user(x)))?;
            let mut d = PyDict::py27();
            d.set(PyStr::lit("Bucket"), Py::from_user(b));
            d.set(PyStr::lit("Key"), Py::from_user(k));
            if let Some(v) = m.get("Version") {
                d.set(PyStr::lit("Version"), Py::from_user(v));
            }
            return Some(Py::Dict(d));
        }
        Value::String(s) => {
            let (b, k, v) = parse_s3_uri(s)?;
            (b, k, v, true)
        }
        _ => return None,
    };
    let s = |x: &str| {
        Py::Str(PyStr {
            text: x.to_string(),
            uni,
        })
    };
    let mut d = PyDict::py27();
    d.set(PyStr::lit("Bucket"), s(&bucket));
    d.set(PyStr::lit("Key"), s(&key));
    if let Some(v) = version {
        d.set(PyStr::lit("Version"), s(&v));
    }
    Some(Py::Dict(d))
}

/// `s3://bucket/key[?versionId=v]` → (bucket, key, version), as `urlparse` splits it.
pub fn parse_s3_uri(s: &str) -> Option<(String, String, Option<String>)> {
    let rest = s.strip_prefix("s3://")?;
    let (rest, _fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (bucket, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if bucket.is_empty() || path.is_empty() {
        return None;
    }
    let versions: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.strip_prefix("versionId="))
        .filter(|v| !v.is_empty())
        .collect();
    let version = match versions.as_slice() {
        [v] => Some((*v).to_string()),
        _ => None,
    };
    Some((
        bucket.to_string(),
        path.trim_start_matches('/').to_string(),
        version,
    ))
}

/// The stage's `Tags` list, in the order SAM iterates the tag map.
pub(super) fn py27_tag_list(tags: &crate::model::Tags) -> Vec<Value> {
    let order = super::super::py27::py27_order(tags.keys().map(String::as_str));
    let mut ordered = Map::new();
    for k in order {
        if let Some(v) = tags.get(&k) {
            ordered.insert(k, v.clone());
        }
    }
    super::super::tags::tag_list(&ordered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_uris() {
        assert_eq!(
            parse_s3_uri("s3://b/k/x.json?versionId=3"),
            Some(("b".into(), "k/x.json".into(), Some("3".into())))
        );
        assert_eq!(parse_s3_uri("s3://b"), None);
        assert_eq!(parse_s3_uri("https://b/k"), None);
    }
}
