//! Rendering a template to text and writing it atomically.
//!
//! The same template always renders to the same bytes: map order is fixed by
//! the template types, output uses `\n` and ends with a newline.

use std::io::Write;
use std::path::Path;

use crate::error::Error;
use crate::template::Template;

mod pretty;

/// Output format of `synth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Json,
    Yaml,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }
}

/// JSON, pretty (2-space indent) unless `compact`.
pub fn to_json(t: &Template, compact: bool) -> Result<String, Error> {
    json_text(t, compact)
}

fn json_text(t: &impl serde::Serialize, compact: bool) -> Result<String, Error> {
    let text = if compact {
        serde_json::to_string(t)
    } else {
        serde_json::to_string_pretty(t)
    };
    let mut text = text.map_err(|e| Error::Internal(format!("JSON rendering failed: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// CloudFormation YAML (long-form intrinsics).
pub fn to_yaml(t: &Template) -> Result<String, Error> {
    crate::yaml::to_string(&t.to_value())
}

pub fn render(t: &Template, format: Format, compact: bool) -> Result<String, Error> {
    match format {
        Format::Json => to_json(t, compact),
        Format::Yaml => to_yaml(t),
    }
}

/// [`render`] of a template already turned into a value ([`Template::to_value`]): the same text.
pub fn render_value(v: &serde_json::Value, format: Format, compact: bool) -> Result<String, Error> {
    match format {
        Format::Json if !compact => {
            let mut text = pretty::to_string_pretty(v);
            text.push('\n');
            Ok(text)
        }
        Format::Json => json_text(v, compact),
        Format::Yaml => crate::yaml::to_string(v),
    }
}

/// Writes `contents` to `path` via a temporary file in the same directory and
/// a rename, so readers never see a half-written template and a failure
/// leaves the old file (or no file) in place.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("template");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Resource;

    #[test]
    fn json_and_yaml_end_with_newline() {
        let mut t = Template::new();
        t.insert("Q", Resource::new("AWS::SQS::Queue"));
        assert_eq!(
            to_json(&t, true).unwrap(),
            "{\"Resources\":{\"Q\":{\"Type\":\"AWS::SQS::Queue\"}}}\n"
        );
        assert_eq!(
            to_yaml(&t).unwrap(),
            "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
        );
    }

    #[test]
    fn a_template_renders_as_its_value_does() {
        let mut t = Template::new();
        let mut r = Resource::new("AWS::SQS::Queue");
        r.properties = Some(
            serde_json::json!({"Z": 1.5, "A": [true, null, "é"], "M": {"b": 1, "a": 2}})
                .as_object()
                .cloned()
                .unwrap(),
        );
        r.condition = Some(serde_json::json!("IsProd"));
        r.other.insert("Zeta".into(), serde_json::json!(1));
        t.insert("Q", r);
        t.insert("A", Resource::new("AWS::SNS::Topic"));
        t.insert(
            "V",
            Resource::verbatim(serde_json::json!({"Type": "AWS::S3::Bucket", "X": [1]})),
        );
        t.description = Some(serde_json::json!("d"));
        t.format_version = Some(serde_json::json!("2010-09-09"));
        t.add_output(
            "O",
            crate::template::Output::new(serde_json::json!({"Ref": "Q"})),
        );
        t.other.insert("Transform".into(), serde_json::json!("x"));
        assert!(!t.has_repeated_keys());
        assert_eq!(t.clone().into_value(), t.to_value());
        assert_eq!(
            serde_json::to_string(&t.clone().into_value()).unwrap(),
            serde_json::to_string(&t.to_value()).unwrap()
        );
        for format in [Format::Json, Format::Yaml] {
            for compact in [false, true]
                .into_iter()
                .filter(|c| !c || format == Format::Json)
            {
                assert_eq!(
                    render_value(&t.to_value(), format, compact).unwrap(),
                    render(&t, format, compact).unwrap()
                );
            }
        }
    }

    #[test]
    fn a_repeated_key_is_seen() {
        let mut t = Template::new();
        let mut r = Resource::new("AWS::SQS::Queue");
        r.other
            .insert("Type".into(), serde_json::json!("AWS::SQS::Queue"));
        t.insert("Q", r);
        assert!(t.has_repeated_keys());
        let mut t = Template::new();
        t.other.insert("Resources".into(), serde_json::json!({}));
        assert!(t.has_repeated_keys());
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write_atomic(&p, "a").unwrap();
        write_atomic(&p, "b").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "b");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
