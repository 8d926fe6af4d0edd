//! Lambda layers in the DSL (SAM's `AWS::Serverless::LayerVersion`).
//!
//! A layer needs content to exist, so [`Layer::new`] takes it. Its handle
//! goes to [`Function::layer`](super::Function::layer); SAM renames the
//! layer's logical ID with a hash of its content (so a changed layer is a new
//! version) and points every function's `Layers` at the new name.
//!
//! ```
//! use stackwright::dsl::prelude::*;
//!
//! let mut app = App::new("demo");
//! let shared = app.layer(
//!     "Shared",
//!     Layer::new(LayerContent::s3("s3://artifacts/shared.zip"))
//!         .compatible_runtimes([Runtime::Python312, Runtime::Python313])
//!         .compatible_architecture(Architecture::Arm64)
//!         .retention(LayerRetention::Retain),
//! );
//! app.function(
//!     "Fn",
//!     Function::new(Runtime::Python313, "app.handler", Code::inline("x")).layer(shared),
//! );
//! let t = app.synth(&Context::new("us-east-1")).unwrap();
//! assert_eq!(t.resources_of_type("AWS::Lambda::LayerVersion").count(), 1);
//! ```

use std::borrow::Cow;

use serde_json::{json, Value};

use crate::model::Ref;

use super::function::{is_s3_uri, Architecture, Runtime, PLACEHOLDER_S3_URI};
use super::parts::{Parts, Problem, ResourceBuilder};
use super::App;

/// Where a layer's zip archive is (`ContentUri`).
#[derive(Debug, Clone, PartialEq)]
pub struct LayerContent {
    value: Value,
    problem: Option<Problem>,
}

impl LayerContent {
    /// An object in S3, as `s3://bucket/key` (optionally `?versionId=…`);
    /// a URI without bucket or key is reported at synth.
    #[track_caller]
    pub fn s3(uri: &str) -> Self {
        let ok = is_s3_uri(uri);
        LayerContent {
            value: if ok { uri } else { PLACEHOLDER_S3_URI }.into(),
            // Not in a closure: the problem carries the caller's location.
            problem: if ok {
                None
            } else {
                Some(Problem::new(
                    "ContentUri",
                    format!("'{uri}' is not an S3 URI of the form s3://bucket/key."),
                ))
            },
        }
    }

    /// An object in S3 by bucket and key; either may be an expression.
    pub fn bucket_key(bucket: impl Into<Value>, key: impl Into<Value>) -> Self {
        LayerContent {
            value: json!({"Bucket": bucket.into(), "Key": key.into()}),
            problem: None,
        }
    }
}

/// What happens to an old layer version when a new one replaces it (`RetentionPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerRetention {
    /// Old versions stay (functions pinned to them keep working).
    Retain,
    Delete,
}

/// A layer definition.
#[derive(Debug, Clone)]
pub struct Layer {
    pub(crate) parts: Parts,
    runtimes: usize,
}

impl ResourceBuilder for Layer {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Layer {
    /// A layer with the given content.
    pub fn new(content: LayerContent) -> Self {
        let mut parts = Parts::new();
        if let Some(p) = content.problem {
            parts.push_problem(p);
        }
        parts.set("new", "ContentUri", content.value);
        Layer { parts, runtimes: 0 }
    }

    /// The layer's name (`LayerName`): 1 to 140 letters, digits, `-` or `_`.
    /// Default: the logical ID.
    #[track_caller]
    pub fn layer_name(mut self, name: &str) -> Self {
        let ok = (1..=140).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.parts.problem(
                "LayerName",
                format!("'{name}' is not a layer name: 1 to 140 letters, digits, '-' or '_'."),
            );
        }
        self.parts.set("layer_name", "LayerName", name);
        self
    }

    /// The layer's description.
    /// Default: none.
    #[track_caller]
    pub fn description(mut self, d: &str) -> Self {
        if d.chars().count() > 256 {
            self.parts.problem(
                "Description",
                "a layer's description is at most 256 characters.",
            );
        }
        self.parts.set("description", "Description", d);
        self
    }

    /// The layer's license (`LicenseInfo`: an SPDX identifier, a URL or text).
    /// Default: none.
    pub fn license(mut self, license: &str) -> Self {
        self.parts.set("license", "LicenseInfo", license);
        self
    }

    /// Adds a runtime the layer works with (`CompatibleRuntimes`); at most 15.
    /// Default: any runtime.
    #[track_caller]
    pub fn compatible_runtime(mut self, runtime: Runtime) -> Self {
        self.runtimes += 1;
        if self.runtimes == 16 {
            self.parts.problem(
                "CompatibleRuntimes",
                "a layer lists at most 15 compatible runtimes.",
            );
        }
        self.parts
            .list("compatible_runtime", "CompatibleRuntimes")
            .push(runtime.name().into());
        self
    }

    /// Adds each of `runtimes` (see [`compatible_runtime`](Self::compatible_runtime)).
    /// Default: any runtime.
    #[track_caller]
    pub fn compatible_runtimes(self, runtimes: impl IntoIterator<Item = Runtime>) -> Self {
        runtimes
            .into_iter()
            .fold(self, |l, r| l.compatible_runtime(r))
    }

    /// Adds an architecture the layer works with (`CompatibleArchitectures`).
    /// Default: x86_64 only.
    pub fn compatible_architecture(mut self, arch: Architecture) -> Self {
        let list = self
            .parts
            .list("compatible_architecture", "CompatibleArchitectures");
        let v = Value::from(arch.name());
        if !list.contains(&v) {
            list.push(v);
        }
        self
    }

    /// Whether old versions are kept when the layer changes (`RetentionPolicy`).
    /// Default: SAM's default (`Retain`).
    pub fn retention(mut self, r: LayerRetention) -> Self {
        self.parts.set(
            "retention",
            "RetentionPolicy",
            match r {
                LayerRetention::Retain => "Retain",
                LayerRetention::Delete => "Delete",
            },
        );
        self
    }
}

/// A layer version as a function names it: a layer declared in the app or
/// a layer version's ARN.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a layer",
    label = "expected a layer handle or layer version ARN",
    note = "give a `Ref<Layer>` (from `app.layer(…)`) or a layer version ARN (\"arn:aws:lambda:us-east-1:123456789012:layer:name:1\")"
)]
pub trait IntoLayer {
    /// The `Layers` entry, the handle's ID if any, and what is wrong with it.
    #[doc(hidden)]
    fn into_layer(self) -> (Value, Option<&'static str>, Option<String>);
}

impl IntoLayer for Ref<Layer> {
    fn into_layer(self) -> (Value, Option<&'static str>, Option<String>) {
        (self.arn(), Some(self.id()), None)
    }
}

impl IntoLayer for &str {
    fn into_layer(self) -> (Value, Option<&'static str>, Option<String>) {
        let problem = (!is_layer_version_arn(self)).then(|| {
            format!("'{self}' is not a layer version ARN (arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>).")
        });
        (self.into(), None, problem)
    }
}

/// A layer version ARN as an expression (a parameter's value, say).
impl IntoLayer for Value {
    fn into_layer(self) -> (Value, Option<&'static str>, Option<String>) {
        match self.as_str() {
            Some(s) => s.into_layer(),
            None => (self, None, None),
        }
    }
}

fn is_layer_version_arn(arn: &str) -> bool {
    let p: Vec<&str> = arn.split(':').collect();
    p.len() == 8
        && p[0] == "arn"
        && p[1].starts_with("aws")
        && p[2] == "lambda"
        && !p[3].is_empty()
        && !p[4].is_empty()
        && p[5] == "layer"
        && !p[6].is_empty()
        && !p[7].is_empty()
        && p[7].chars().all(|c| c.is_ascii_digit())
}

impl App {
    /// Declares a Lambda layer; returns its handle.
    #[track_caller]
    pub fn layer(&mut self, id: impl Into<Cow<'static, str>>, x: Layer) -> Ref<Layer> {
        self.declare(id, "layer", "AWS::Serverless::LayerVersion", x.parts)
    }
}

impl Ref<Layer> {
    /// The layer version's ARN (`Ref`; SAM follows it to the renamed version).
    pub fn arn(&self) -> Value {
        self.ref_()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_version_arns() {
        assert!(is_layer_version_arn(
            "arn:aws:lambda:us-east-1:123456789012:layer:deps:3"
        ));
        assert!(!is_layer_version_arn(
            "arn:aws:lambda:us-east-1:123456789012:layer:deps"
        ));
        assert!(!is_layer_version_arn("deps"));
    }
}
