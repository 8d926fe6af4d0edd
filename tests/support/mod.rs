//! Shared by the integration-test binaries: where fixtures live, and the one
//! place that binds insta's snapshot path to the top-level `snapshots/`.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};

use stackwright::transform::Context;

/// The region every fixture is synthesized for. To review a snapshot against
/// the reference translator use the same one:
/// `/work/shared/tools/sam-diff FIXTURE --region us-east-1`.
pub const REGION: &str = "us-east-1";

pub fn context() -> Context {
    Context::new(REGION)
}

/// A context that asks for SAM's own defaults, whatever the front end's
/// default: how a Rust app is compared with its SAM twin (and so, through
/// the twin, with the reference translator).
pub fn sam_context(region: &str) -> Context {
    let mut ctx = Context::new(region);
    ctx.defaults.mode = Some(stackwright::defaults::Defaults::Sam);
    ctx
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Runs `f` with snapshots stored in the repository's `snapshots/` folder
/// (reviewed like code), named `<test>@<fixture file>.snap`. Used by every
/// snapshot test, so the location is decided here only.
pub fn with_snapshots<R>(f: impl FnOnce() -> R) -> R {
    let mut settings = insta::Settings::clone_current();
    // Relative to this test binary's source file (tests/*.rs).
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    // The snapshot header names the fixture; the expression adds nothing.
    settings.set_omit_expression(true);
    settings.bind(f)
}

/// The fixture's file name, used in panic messages.
pub fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
