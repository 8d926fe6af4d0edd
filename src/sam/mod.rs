//! The SAM front end: a SAM (or plain CloudFormation) template → [`model::App`](crate::model::App).
//!
//! `reader` walks the document, `globals` merges the `Globals` section into
//! each resource as SAM's globals plugin does, and one module per kind reads
//! that kind's properties. Every problem is collected, none stops the read.

pub mod api;
pub mod event_sources;
pub mod events;
pub mod function;
pub mod globals;
pub mod http_api;
pub mod layer;
pub mod policies;
pub mod props;
pub mod reader;
pub mod s3_uri;
pub mod table;
pub mod websocket_api;

use crate::error::{Diagnostics, Error};
use crate::template::Template;
use crate::transform::{self, Context};

/// Reads a SAM template's text and expands it into CloudFormation.
pub fn synth(text: &str, path: &str, ctx: &Context) -> Result<Template, Error> {
    let doc = crate::yaml::parse(text, path)?;
    let mut diags = Diagnostics::new();
    let app = reader::read(&doc, &mut diags);
    // Reading problems and transform problems are reported together when the
    // app is readable at all; an unreadable app stops here.
    let app = diags.finish(app)?;
    transform::transform(&app, ctx)
}
