//! `stackwright diff`: read two templates (or synthesize the Rust app for
//! the new side), print the report, write the refactor mapping if asked, and
//! turn the verdict into the exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::{ColorChoice, DiffArgs};
use crate::dsl::App;
use crate::error::Error;
use crate::transform::Context;

/// Runs the command; returns the exit status: 0 identical, 3 updates only,
/// 4 a replacement or a stateful resource removed; 1 invalid input, 2 I/O.
pub fn run(args: &DiffArgs, app: Option<&App>) -> i32 {
    match diff(args, app) {
        Ok(code) => code,
        Err(e) => crate::synth::report(&e),
    }
}

fn usage(message: &str) -> Error {
    Error::Io {
        path: PathBuf::from("diff"),
        source: std::io::Error::other(message.to_string()),
    }
}

fn diff(args: &DiffArgs, app: Option<&App>) -> Result<i32, Error> {
    let ctx = Context::new(&args.region);
    let (old, new, name) = match (&args.against, &args.old, &args.new) {
        (Some(against), None, None) => {
            let Some(app) = app else {
                return Err(usage(
                    "--against compares a Rust app with a template: run it from the app (`cargo run -- diff --against FILE`), or give OLD NEW",
                ));
            };
            let old = super::load::read_file(against, &ctx)?;
            (old, app.synth(&ctx)?, app.name().to_string())
        }
        (None, Some(old), Some(new)) => (
            super::load::read_file(old, &ctx)?,
            super::load::read_file(new, &ctx)?,
            stem(new),
        ),
        (Some(_), _, _) => return Err(usage("give either --against FILE or OLD NEW, not both")),
        _ => {
            return Err(usage(
                "two templates are needed: stackwright diff OLD NEW (in a Rust app: diff --against FILE)",
            ))
        }
    };
    let d = super::diff(&old, &new);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    if let Some(path) = &args.refactor_mapping {
        let stack = args.stack_name.clone().unwrap_or(name);
        let mut text = serde_json::to_string_pretty(&d.refactor_mapping(&stack))
            .map_err(|e| Error::Internal(e.to_string()))?;
        text.push('\n');
        crate::emit::write_atomic(path, &text)?;
        eprintln!(
            "wrote {} rename(s) to {} (stack {stack}): aws cloudformation create-stack-refactor --stack-definitions ... --resource-mappings file://{}",
            d.renames().len(),
            path.display(),
            path.display()
        );
    }
    let mut out = std::io::stdout().lock();
    out.write_all(d.render(color).as_bytes())
        .and_then(|_| out.flush())
        .map_err(|source| Error::Io {
            path: PathBuf::from("<stdout>"),
            source,
        })?;
    Ok(d.status().exit_code())
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("stack")
        .to_string()
}
