//! S3 locations as SAM writes them (`CodeUri`, `ContentUri`, `DefinitionUri`):
//! `s3://bucket/key?versionId=v` or `{Bucket, Key, Version}`.
//! Mirrors `samtranslator.model.s3_utils.uri_parser`.

use serde_json::Value;

use crate::error::{Cursor, Diagnostics};

/// Bucket, key and optional version; each may be an intrinsic in the map form.
#[derive(Debug, Clone, PartialEq)]
pub struct S3Location {
    pub bucket: Value,
    pub key: Value,
    pub version: Option<Value>,
}

/// Parses `s3://bucket/key[?versionId=v]` the way Python's `urlparse` does
/// for SAM: a scheme of `s3`, a non-empty bucket and path; `versionId` is
/// used only when it appears exactly once.
pub fn parse_s3_uri(uri: &str) -> Option<S3Location> {
    let rest = uri.strip_prefix("s3://")?;
    let rest = rest.split_once('#').map_or(rest, |(a, _)| a);
    let (before_query, query) = rest.split_once('?').map_or((rest, ""), |(a, b)| (a, b));
    let slash = before_query.find('/')?;
    let (bucket, path) = before_query.split_at(slash);
    if bucket.is_empty() || path.is_empty() {
        return None;
    }
    let versions: Vec<String> = query
        .split(['&', ';'])
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, v)| *k == "versionId" && !v.is_empty())
        .map(|(_, v)| percent_decode(v))
        .collect();
    let version = match versions.as_slice() {
        [one] => Some(Value::String(one.clone())),
        _ => None,
    };
    Some(S3Location {
        bucket: bucket.into(),
        key: path.trim_start_matches('/').into(),
        version,
    })
}

/// `application/x-www-form-urlencoded` decoding, as `parse_qs` applies it.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads a location property (`ContentUri` …), with SAM's messages.
pub fn read_location(
    cur: &Cursor,
    property: &str,
    value: &Value,
    diags: &mut Diagnostics,
) -> Option<S3Location> {
    match value {
        Value::Object(m) => {
            let truthy = |k: &str| {
                m.get(k)
                    .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)) && v != "")
            };
            if !truthy("Bucket") || !truthy("Key") {
                cur.plain_error(
                    diags,
                    format!("'{property}' requires Bucket and Key properties to be specified."),
                );
                return None;
            }
            Some(S3Location {
                bucket: m.get("Bucket").cloned().unwrap_or(Value::Null),
                key: m.get("Key").cloned().unwrap_or(Value::Null),
                version: m.get("Version").cloned(),
            })
        }
        Value::String(s) => {
            if s.contains("{{resolve:") && s.contains('/') {
                cur.plain_error(
                    diags,
                    format!("Unsupported dynamic reference detected in '{property}'. Please consider using alternative 'FunctionCode' object format."),
                );
                return None;
            }
            let loc = parse_s3_uri(s);
            if loc.is_none() {
                cur.plain_error(
                    diags,
                    format!("'{property}' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."),
                );
            }
            loc
        }
        _ => {
            cur.plain_error(
                diags,
                format!("'{property}' must be of type dict or string."),
            );
            None
        }
    }
}

impl S3Location {
    /// Lambda's `{S3Bucket, S3Key, S3ObjectVersion?}` (function `Code`, layer `Content`).
    pub fn to_lambda_code(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("S3Bucket".into(), self.bucket.clone());
        m.insert("S3Key".into(), self.key.clone());
        if let Some(v) = &self.version {
            m.insert("S3ObjectVersion".into(), v.clone());
        }
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_bucket_key_and_single_version() {
        let l = parse_s3_uri("s3://b/dir/k.zip?versionId=abc%2Bd").unwrap();
        assert_eq!(
            l.to_lambda_code(),
            json!({"S3Bucket": "b", "S3Key": "dir/k.zip", "S3ObjectVersion": "abc+d"})
        );
        assert_eq!(
            parse_s3_uri("s3://b/k?versionId=1&versionId=2")
                .unwrap()
                .version,
            None
        );
    }

    #[test]
    fn rejects_what_urlparse_rejects() {
        assert!(parse_s3_uri("s3://bucket").is_none());
        assert!(parse_s3_uri("https://b/k").is_none());
        assert!(parse_s3_uri("./code").is_none());
    }
}
