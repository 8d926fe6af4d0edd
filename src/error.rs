//! The one error type, and the diagnostics that readers and expanders collect.
//!
//! Mirrors SAM's `InvalidDocumentException`: every problem in a template is
//! gathered (not just the first), each naming the resource and property it is
//! about, and reported together as "Number of errors found: N".

use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

/// Where in a source file something was found (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceLocation {
    pub line: usize,
    pub column: usize,
}

/// One problem with a definition or template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Logical ID of the resource the problem is in; `None` for document-level problems.
    pub resource: Option<String>,
    /// Property path inside the resource, e.g. `Events.GetTodo.Properties.Path`.
    pub path: String,
    /// What was expected and what was found, in the user's terms.
    pub message: String,
    pub location: Option<SourceLocation>,
    /// SAM reports this problem without the "Resource with id [X] is
    /// invalid." prefix (an event exception it does not wrap); `resource`
    /// still places it in the sorted report.
    pub bare: bool,
    /// The order it was found in (SAM stops at a resource's first problem,
    /// so the report's first line names that one). Set by [`Diagnostics::push`].
    pub seq: i32,
    /// When SAM finds it: a problem found before resources are translated
    /// (by SAM's parser or one of its plugins) stops SAM there, so its
    /// report names only the problems of the earliest stage reached.
    pub stage: Stage,
    /// The ID SAM's message names when it is not `resource`: an event
    /// source's generated ID (`<Function><Event>`), which SAM translates as
    /// part of its function, so it counts as the function's problem.
    pub named: Option<Box<str>>,
}

/// The steps SAM's translator takes, in order. Each step before `Resources`
/// raises what it found and stops SAM, so a later step's problems never
/// reach SAM's report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The parser's checks of the document's structure.
    Parser,
    /// The implicit REST API plugin (`Api` events of functions and state machines).
    ImplicitRestApi,
    /// The implicit HTTP API plugin (`HttpApi` events).
    ImplicitHttpApi,
    /// The globals plugin (the `Globals` section).
    Globals,
    /// What the translator prepares after the plugins (mappings).
    Prepare,
    /// A document problem raised while a resource is translated (SAM's
    /// OpenAPI editors raise `InvalidDocumentException`), which ends the
    /// translation at once: the problems of the resources translated before
    /// it are dropped with it.
    Abort,
    /// Translating each resource: every resource's first problem is reported.
    #[default]
    Resources,
}

impl Diagnostic {
    pub fn resource(
        resource: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            resource: Some(resource.into()),
            path: path.into(),
            message: message.into(),
            location: None,
            bare: false,
            seq: 0,
            stage: Stage::Resources,
            named: None,
        }
    }

    /// A problem about `resource` that SAM words on its own, without the
    /// "Resource with id [X] is invalid." prefix.
    pub fn bare(
        resource: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            bare: true,
            ..Diagnostic::resource(resource, path, message)
        }
    }

    pub fn document(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            resource: None,
            path: path.into(),
            message: message.into(),
            location: None,
            bare: false,
            seq: 0,
            stage: Stage::Resources,
            named: None,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The wording follows SAM's exceptions so that users moving from SAM
        // (and tools grepping its messages) recognise them.
        match &self.resource {
            _ if self.bare => write!(f, "{}", self.message)?,
            Some(id) => {
                let id = self.named.as_deref().unwrap_or(id);
                write!(f, "Resource with id [{id}] is invalid. {}", self.message)?
            }
            None => write!(
                f,
                "Structure of the SAM template is invalid. {}",
                self.message
            )?,
        }
        if let Some(loc) = self.location {
            write!(f, " (line {}, column {})", loc.line, loc.column)?;
        }
        Ok(())
    }
}

/// The sink readers and expanders push problems into; they carry on after each one.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Things SAM accepts silently that the user most likely did not mean
    /// (a property written next to `Type`); they never fail the synth.
    warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, mut d: Diagnostic) {
        d.seq = self.items.len() as i32;
        self.items.push(d);
    }

    /// Like [`Diagnostics::push`], for a problem SAM finds before any other
    /// of the resource's (an unknown property, checked as SAM reads the
    /// resource), whenever stackwright happens to find it.
    pub fn push_early(&mut self, mut d: Diagnostic) {
        d.seq = i32::MIN / 2 + self.items.len() as i32;
        self.items.push(d);
    }

    /// Keeps only the problems `keep` accepts (warnings are kept).
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.warnings.extend(other.warnings);
    }

    /// Adds a problem collected elsewhere, keeping the order it was found in
    /// there (each resource's problems come from one sink).
    pub fn keep(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records a warning: reported on stderr, never an error.
    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    /// Takes the warnings recorded so far, sorted like problems.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let mut w = std::mem::take(&mut self.warnings);
        w.sort_by(|a, b| {
            (&a.resource, &a.path, &a.message).cmp(&(&b.resource, &b.path, &b.message))
        });
        w.dedup();
        w
    }

    /// `Ok(value)` when nothing was reported, else every problem, sorted by
    /// (resource, path) so that the report is the same on every run.
    pub fn finish<T>(self, value: T) -> Result<T, Error> {
        if self.items.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self.into_sorted()))
        }
    }

    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.resource, &a.path, &a.message, a.seq).cmp(&(
                &b.resource,
                &b.path,
                &b.message,
                b.seq,
            ))
        });
        self.items.dedup_by(|a, b| {
            (&a.resource, &a.path, &a.message) == (&b.resource, &b.path, &b.message)
        });
        self.items
    }
}

/// A validation cursor: the resource and property path a value was read from.
/// Every "expected X, found Y" message is formed here, so they all read alike.
#[derive(Debug, Clone)]
pub struct Cursor {
    resource: String,
    path: String,
}

impl Cursor {
    pub fn new(resource: impl Into<String>) -> Self {
        Cursor {
            resource: resource.into(),
            path: String::new(),
        }
    }

    /// The cursor one property further down.
    pub fn at(&self, key: &str) -> Cursor {
        let path = if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        };
        Cursor {
            resource: self.resource.clone(),
            path,
        }
    }

    pub fn resource(&self) -> &str {
        &self.resource
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// A message about this property, prefixed with its path the way SAM says it.
    pub fn error(&self, diags: &mut Diagnostics, message: impl fmt::Display) {
        let message = if self.path.is_empty() {
            message.to_string()
        } else {
            format!("Property '{}' {}", self.path, message)
        };
        diags.push(Diagnostic::resource(
            self.resource.clone(),
            self.path.clone(),
            message,
        ));
    }

    /// A [`Cursor::plain_error`] SAM raises at `stage`, before translating anything.
    pub fn stage_error(&self, diags: &mut Diagnostics, stage: Stage, message: impl Into<String>) {
        diags.push(Diagnostic {
            stage,
            ..Diagnostic::resource(self.resource.clone(), self.path.clone(), message)
        });
    }

    /// A message about this resource as a whole, not prefixed with a path.
    pub fn plain_error(&self, diags: &mut Diagnostics, message: impl Into<String>) {
        diags.push(Diagnostic::resource(
            self.resource.clone(),
            self.path.clone(),
            message,
        ));
    }

    /// The value as a string, or a diagnostic naming the type found.
    pub fn string<'v>(&self, value: &'v Value, diags: &mut Diagnostics) -> Option<&'v str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.error(
                    diags,
                    format_args!("should be a string, found {}.", type_name(other)),
                );
                None
            }
        }
    }

    /// The value as a mapping, or a diagnostic naming the type found.
    pub fn map<'v>(
        &self,
        value: &'v Value,
        diags: &mut Diagnostics,
    ) -> Option<&'v serde_json::Map<String, Value>> {
        match value {
            Value::Object(m) => Some(m),
            other => {
                self.error(
                    diags,
                    format_args!("should be a map, found {}.", type_name(other)),
                );
                None
            }
        }
    }
}

/// How a JSON value's type is named to users (the way SAM names Python types).
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// Everything that can go wrong, with its exit code.
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The input is not well-formed YAML or JSON.
    Syntax {
        path: String,
        location: Option<SourceLocation>,
        message: String,
    },
    /// The template or definition is invalid; every problem found.
    Invalid(Vec<Diagnostic>),
    /// A fault of stackwright itself (never caused by input alone).
    Internal(String),
    /// Options that cannot be used together (a usage error, like clap's own).
    Usage(String),
}

impl Error {
    /// 1 for invalid input, 2 for I/O and internal errors (the CLI contract).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Syntax { .. } | Error::Invalid(_) => 1,
            Error::Io { .. } | Error::Internal(_) | Error::Usage(_) => 2,
        }
    }

    pub fn invalid(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Syntax {
                path,
                location,
                message,
            } => {
                write!(f, "{path}")?;
                if let Some(l) = location {
                    write!(f, ":{}:{}", l.line, l.column)?;
                }
                write!(f, ": invalid YAML/JSON: {message}")
            }
            Error::Invalid(diags) => {
                // The first line is the message SAM would print, word for
                // word (its first problem per resource), so that tools
                // matching SAM's message still match.
                let first = sam_view(diags);
                write!(
                    f,
                    "Invalid Serverless Application Specification document. Number of errors found: {}.",
                    first.len()
                )?;
                for d in &first {
                    write!(f, " {d}")?;
                }
                // Then, when there are several, every problem found, a line each.
                if diags.len() > 1 {
                    write!(f, "\nAll {} problems found:", diags.len())?;
                    for d in diags {
                        write!(f, "\n{d}")?;
                    }
                }
                Ok(())
            }
            Error::Internal(m) => write!(f, "internal error: {m}"),
            Error::Usage(m) => write!(f, "error: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// The problems SAM would report: the first found per resource (and every
/// document-level one), ordered as SAM's report orders its causes (by
/// logical ID, else by message).
fn sam_view(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut first: Vec<&Diagnostic> = Vec::new();
    let reached = diags.iter().map(|d| d.stage).min().unwrap_or_default();
    for d in diags.iter().filter(|d| d.stage == reached) {
        match &d.resource {
            Some(id) if !d.bare => match first
                .iter_mut()
                .find(|f| !f.bare && f.resource.as_ref() == Some(id))
            {
                Some(f) if f.seq > d.seq => *f = d,
                Some(_) => {}
                None => first.push(d),
            },
            _ => first.push(d),
        }
    }
    // A problem SAM words on its own (a bare one) still comes from
    // translating its resource, so it sorts with that resource.
    let key = |d: &Diagnostic| match d.named.as_deref().or(d.resource.as_deref()) {
        Some(id) => id.to_string(),
        None => d.message.clone(),
    };
    // SAM keeps the order it found them in among causes of one ID.
    first.sort_by_key(|d| (key(d), d.seq));
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_are_sorted_by_resource_then_path() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::resource("B", "X", "b"));
        d.push(Diagnostic::resource("A", "Z", "a2"));
        d.push(Diagnostic::resource("A", "Y", "a1"));
        let sorted = d.into_sorted();
        let ids: Vec<_> = sorted.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(ids, ["a1", "a2", "b"]);
    }

    #[test]
    fn invalid_report_counts_first_and_names_resources() {
        let mut d = Diagnostics::new();
        Cursor::new("MyFn")
            .at("Events")
            .at("Get")
            .error(&mut d, "should be a map.");
        let err = d.finish(()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid Serverless Application Specification document. Number of errors found: 1. \
             Resource with id [MyFn] is invalid. Property 'Events.Get' should be a map."
        );
        assert_eq!(err.exit_code(), 1);
    }
}
