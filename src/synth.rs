//! The `synth` command shared by the `stackwright` binary and Rust apps:
//! build a template, render it, and print or write it — nothing is written
//! unless synthesis succeeded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::SynthArgs;
use crate::emit;
use crate::error::Error;
use crate::template::Template;
use crate::transform::Context;

/// The transform context the arguments describe.
pub fn context(args: &SynthArgs) -> Context {
    let parameters: BTreeMap<String, Value> = args
        .parameters
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    Context {
        region: args.region.clone(),
        parameters,
        applications: std::collections::BTreeMap::new(),
    }
}

/// Reads `--applications FILE`: `{"<ApplicationId>": {"<SemanticVersion>":
/// "<template URL>"}}` (JSON or YAML) into the context.
pub fn load_applications(ctx: &mut Context, path: &Path) -> Result<(), Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let doc = crate::yaml::parse(&text, &path.display().to_string())?;
    let bad = || Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(
            "expected a map of application ID → map of semantic version → template URL",
        ),
    };
    for (app, versions) in doc.as_object().ok_or_else(bad)? {
        for (version, url) in versions.as_object().ok_or_else(bad)? {
            let url = url.as_str().ok_or_else(bad)?;
            ctx.applications
                .insert((app.clone(), version.clone()), url.to_string());
        }
    }
    Ok(())
}

/// Reads and expands a SAM template file.
pub fn synth_file(path: &Path, ctx: &Context) -> Result<Template, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let (result, warnings) =
        crate::sam::synth_with_warnings(&text, &path.display().to_string(), ctx);
    for w in warnings {
        match &w.resource {
            Some(id) => eprintln!("warning: resource [{id}]: {}", w.message),
            None => eprintln!("warning: {}", w.message),
        }
    }
    result
}

/// Renders the template and prints it, or writes it to `--out`: a file, or a
/// directory that receives `<name>.<format>`.
pub fn emit(template: &Template, args: &SynthArgs, name: &str) -> Result<(), Error> {
    let text = emit::render(template, args.format, args.compact)?;
    match &args.out {
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|source| Error::Io {
                    path: PathBuf::from("<stdout>"),
                    source,
                })
        }
        Some(out) => {
            let target = if out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/') {
                std::fs::create_dir_all(out).map_err(|source| Error::Io {
                    path: out.clone(),
                    source,
                })?;
                out.join(format!("{name}.{}", args.format.extension()))
            } else {
                out.clone()
            };
            if let Some(input) = &args.template {
                if same_file(input, &target) {
                    return Err(Error::Io {
                        path: target,
                        source: std::io::Error::other("refusing to overwrite the input template"),
                    });
                }
            }
            emit::write_atomic(&target, &text)
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Prints an error the way the CLI contract says and returns its exit code.
pub fn report(err: &Error) -> i32 {
    eprintln!("{err}");
    err.exit_code()
}
