//! The SAM front end: a SAM (or plain CloudFormation) template → [`model::App`](crate::model::App).
//!
//! `reader` walks the document, `globals` merges the `Globals` section into
//! each resource as SAM's globals plugin does, and one module per kind reads
//! that kind's properties. Every problem is collected, none stops the read.

pub mod api;
pub mod application;
pub mod capacity_provider;
pub mod coerce;
pub mod connector;
pub mod event_sources;
pub mod events;
pub mod function;
pub mod globals;
pub mod graphql_api;
pub mod http_api;
pub mod layer;
pub mod microvm_image;
pub mod network_connector;
pub mod policies;
pub mod props;
pub mod reader;
pub mod schema;
pub mod state_machine;
pub mod table;
pub mod web_function;
pub mod websocket_api;

use std::collections::BTreeSet;

use crate::defaults::{self, Defaults, Scope};
use crate::error::{Diagnostic, Diagnostics, Error, Stage};
use crate::template::Template;
use crate::transform::{self, Context};

/// Reads a SAM template's text and expands it into CloudFormation.
pub fn synth(text: &str, path: &str, ctx: &Context) -> Result<Template, Error> {
    synth_with_warnings(text, path, ctx).0
}

/// [`synth`], and the warnings found on the way (things SAM accepts silently
/// that the user probably did not mean), whether or not it succeeded.
pub fn synth_with_warnings(
    text: &str,
    path: &str,
    ctx: &Context,
) -> (Result<Template, Error>, Vec<crate::error::Diagnostic>) {
    let doc = match crate::yaml::parse(text, path) {
        Ok(d) => d,
        Err(e) => return (Err(e), Vec::new()),
    };
    synth_value_with_warnings(&doc, ctx)
}

/// [`synth_value`], and the warnings found on the way.
pub fn synth_value_with_warnings(
    doc: &serde_json::Value,
    ctx: &Context,
) -> (Result<Template, Error>, Vec<crate::error::Diagnostic>) {
    let mut diags = Diagnostics::new();
    let (app, kinds) = reader::read(doc, &mut diags);
    let warnings = diags.take_warnings();
    let mode = ctx.defaults.mode.unwrap_or(Defaults::Sam);
    if mode == Defaults::Sam {
        return (expand(app, kinds, diags, ctx), warnings);
    }
    let scope = Scope::of_sam_document(doc, &mut diags);
    let result = expand(app, kinds, diags, ctx).and_then(|mut t| {
        let mut found = Diagnostics::new();
        defaults::apply(
            &mut t,
            mode,
            &ctx.defaults,
            &scope,
            ctx.partition(),
            &mut found,
        );
        found.finish(t)
    });
    (result, warnings)
}

/// Expands a SAM document already parsed (or built by the Rust DSL, whose
/// documents carry nothing SAM would warn about).
pub fn synth_value(doc: &serde_json::Value, ctx: &Context) -> Result<Template, Error> {
    synth_value_with_warnings(doc, ctx).0
}

/// The document problems SAM raises, while translating a resource, as an
/// `InvalidTemplateException` of their own, which its translator adds to the
/// report and goes on; every other one it raises inside an
/// `InvalidDocumentException`, which ends the translation (see [`Stage::Abort`]).
const ADDED_DOCUMENT_PROBLEMS: &[&str] = &[
    "securityDefinitions must be a dictionary.",
    "Invalid input. Value for AllowedOrigins is required",
    "Can't have condition without having 'Conditions' section in the template",
];

/// A problem found by the transform, in the stage SAM finds it.
fn staged(mut d: Diagnostic) -> Diagnostic {
    if d.resource.is_none() && !ADDED_DOCUMENT_PROBLEMS.contains(&d.message.as_str()) {
        d.stage = Stage::Abort;
    }
    d
}

fn expand(
    app: crate::model::App,
    kinds: crate::model::SamKinds,
    diags: Diagnostics,
    ctx: &Context,
) -> Result<Template, Error> {
    if diags.is_empty() {
        return transform::transform_sam(&app, &kinds, ctx).map_err(|e| match e {
            Error::Invalid(found) => Error::Invalid(found.into_iter().map(staged).collect()),
            other => other,
        });
    }
    // Like SAM, report every resource's problems at once: the resources that
    // read cleanly are still expanded, and their problems join the reading
    // ones. A resource that failed to read is reported once, by its reader.
    let read = diags.into_sorted();
    if read.iter().any(|d| d.resource.is_none()) {
        return Err(Error::Invalid(read));
    }
    let failed: BTreeSet<&str> = read.iter().filter_map(|d| d.resource.as_deref()).collect();
    let mut all = Diagnostics::new();
    if let Err(Error::Invalid(more)) = transform::transform_sam(&app, &kinds, ctx) {
        for d in more.into_iter().map(staged) {
            if !d.resource.as_deref().is_some_and(|r| failed.contains(r)) {
                all.keep(d);
            }
        }
    }
    for d in read.iter().cloned() {
        all.keep(d);
    }
    Err(Error::Invalid(all.into_sorted()))
}
