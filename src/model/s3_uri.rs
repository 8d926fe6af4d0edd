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
    pub storage_mode: Option<Value>,
}

fn truthy(v: Option<&Value>) -> bool {
    v.is_some_and(crate::model::value::truthy)
}

/// Reads a location property (`CodeUri`, `ContentUri` …) with SAM's messages
/// (`construct_s3_location_object`).
pub fn read_location(
    cur: &Cursor,
    property: &str,
    value: &Value,
    diags: &mut Diagnostics,
) -> Option<S3Location> {
    match value {
        Value::Object(m) => {
            if !truthy(m.get("Bucket")) || !truthy(m.get("Key")) {
                cur.plain_error(
                    diags,
                    format!("'{property}' requires Bucket and Key properties to be specified."),
                );
                return None;
            }
            Some(S3Location {
                bucket: m.get("Bucket")?.clone(),
                key: m.get("Key")?.clone(),
                version: m.get("Version").cloned(),
                storage_mode: m.get("StorageMode").cloned(),
            })
        }
        Value::String(s) => {
            if dynamic_reference_with_slash(s) {
                cur.plain_error(
                    diags,
                    format!("Unsupported dynamic reference detected in '{property}'. Please consider using alternative 'FunctionCode' object format."),
                );
                return None;
            }
            let Some(parsed) = parse_s3_uri(s) else {
                cur.plain_error(
                    diags,
                    format!("'{property}' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."),
                );
                return None;
            };
            Some(S3Location {
                bucket: Value::String(parsed.bucket),
                key: Value::String(parsed.key),
                version: parsed.version.map(Value::String),
                storage_mode: None,
            })
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
    /// Lambda's `{S3Bucket, S3Key, S3ObjectVersion?, S3ObjectStorageMode?}` (function `Code`, layer `Content`).
    pub fn to_lambda_code(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("S3Bucket".into(), self.bucket.clone());
        m.insert("S3Key".into(), self.key.clone());
        if let Some(v) = &self.version {
            m.insert("S3ObjectVersion".into(), v.clone());
        }
        if let Some(v) = &self.storage_mode {
            m.insert("S3ObjectStorageMode".into(), v.clone());
        }
        Value::Object(m)
    }
}

/// An `s3://bucket/key?versionId=v` URI, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Uri {
    pub bucket: String,
    pub key: String,
    pub version: Option<String>,
}

/// SAM's `parse_s3_uri`, which leans on Python's `urlparse` and `parse_qs`:
/// leading spaces/control characters and any tab or newline are dropped, the
/// scheme is case-insensitive, the bucket ends at the first `/`, `?` or `#`,
/// the key is the path without leading slashes (not percent-decoded), and a
/// version is taken only when `versionId` appears exactly once, non-empty.
pub fn parse_s3_uri(uri: &str) -> Option<S3Uri> {
    let cleaned: String = uri
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || !scheme.eq_ignore_ascii_case("s3") {
        return None;
    }
    let rest = rest.strip_prefix("//")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (netloc, rest) = rest.split_at(end);
    // Python rejects (ValueError) most bracketed hosts; SAM then reports an invalid URI.
    if netloc.is_empty() || netloc.contains(['[', ']']) {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(r, _)| r);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() {
        return None;
    }
    let versions: Vec<String> = query
        .split('&')
        .filter_map(|field| field.split_once('='))
        .filter(|(_, v)| !v.is_empty())
        .filter(|(k, _)| unquote_plus(k) == "versionId")
        .map(|(_, v)| unquote_plus(v))
        .collect();
    Some(S3Uri {
        bucket: netloc.to_string(),
        key: path.trim_start_matches('/').to_string(),
        version: match versions.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        },
    })
}

/// Python's `unquote(s.replace('+', ' '))`: percent-decoding, invalid UTF-8 replaced.
fn unquote_plus(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// SAM refuses a `CodeUri` with an SSM/Secrets Manager dynamic reference
/// whose name has a `/` (its regex, first match only).
fn dynamic_reference_with_slash(s: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = s.get(from..).and_then(|t| t.find("{{resolve:")) {
        let start = from + pos;
        let after = &s[start + "{{resolve:".len()..];
        for service in ["ssm:", "ssm-secure:", "secretsmanager:"] {
            let Some(name_on) = after.strip_prefix(service) else {
                continue;
            };
            let name_len = name_on
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/')))
                .unwrap_or(name_on.len());
            if name_len == 0 {
                continue;
            }
            let name = &name_on[..name_len];
            let mut tail = &name_on[name_len..];
            if let Some(t) = tail.strip_prefix(':') {
                let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
                if digits > 0 {
                    tail = &t[digits..];
                }
            }
            if tail.starts_with("}}") {
                return name.contains('/');
            }
        }
        from = start + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3(b: &str, k: &str, v: Option<&str>) -> Option<S3Uri> {
        Some(S3Uri {
            bucket: b.into(),
            key: k.into(),
            version: v.map(Into::into),
        })
    }

    #[test]
    fn s3_uris_split_like_python_urlparse() {
        assert_eq!(
            parse_s3_uri("s3://sam-demo-bucket/hello.zip"),
            s3("sam-demo-bucket", "hello.zip", None)
        );
        assert_eq!(
            parse_s3_uri("s3://b/dir/k.zip?versionId=3Tcg%2Bx"),
            s3("b", "dir/k.zip", Some("3Tcg+x"))
        );
        assert_eq!(parse_s3_uri("S3://b//k"), s3("b", "k", None));
        assert_eq!(
            parse_s3_uri("s3://b/k?versionId=1&versionId=2"),
            s3("b", "k", None)
        );
        assert_eq!(parse_s3_uri("s3://b/k?versionId="), s3("b", "k", None));
        assert_eq!(parse_s3_uri("s3://b/k#frag"), s3("b", "k", None));
        assert_eq!(parse_s3_uri("s3://b"), None);
        assert_eq!(parse_s3_uri("s3:///k"), None);
        assert_eq!(parse_s3_uri("https://b/k"), None);
        assert_eq!(parse_s3_uri("."), None);
        assert_eq!(parse_s3_uri("s3://[TOKEN.25]/key"), None);
    }

    #[test]
    fn dynamic_references_with_a_path_are_refused() {
        assert!(dynamic_reference_with_slash("{{resolve:ssm:/my/param}}"));
        assert!(dynamic_reference_with_slash(
            "s3://{{resolve:ssm-secure:a/b:3}}/k"
        ));
        assert!(!dynamic_reference_with_slash("{{resolve:ssm:param}}"));
        assert!(!dynamic_reference_with_slash("s3://b/k"));
    }
}
