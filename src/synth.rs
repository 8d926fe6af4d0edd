//! The `synth` and `validate` commands shared by the `stackwright` binary and
//! Rust apps: build a template, check it, render it, and print or write it —
//! nothing is written unless synthesis succeeded.
//!
//! Checks ([`crate::check`]) run on every synth over the output template.
//! Their findings are warnings on stderr by default, so SAM-compatible output
//! and exit codes are unchanged; `--strict` makes them errors. CloudFormation
//! quotas are errors unless `--quota-warnings`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::check;
use crate::cli::{SynthArgs, ValidateArgs};
use crate::emit::{self, Format};
use crate::error::{Diagnostic, Error, SourceLocation};
use crate::template::Template;
use crate::transform::Context;

/// A report lists at most this many problems, then says how many more there are.
pub const REPORT_LIMIT: usize = 100;

/// The transform context the arguments describe.
pub fn context(args: &SynthArgs) -> Context {
    let mut ctx = context_of(&args.region, &args.parameters);
    let d = &mut ctx.defaults;
    d.mode = args.defaults;
    d.off.extend(args.defaults_off.iter().copied());
    d.log_retention_days = args.log_retention_days;
    d.api_gateway_account = args.api_gateway_account;
    ctx
}

fn context_of(region: &str, given: &[(String, String)]) -> Context {
    let parameters: BTreeMap<String, Value> = given
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    Context {
        region: region.to_string(),
        parameters,
        applications: std::collections::BTreeMap::new(),
        defaults: Default::default(),
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

/// Expands a parsed SAM document, printing on stderr what SAM accepts
/// silently but the user probably did not mean (an attribute SAM ignores).
fn expand(doc: &Value, ctx: &Context) -> Result<Template, Error> {
    let (result, warnings) = crate::sam::synth_value_with_warnings(doc, ctx);
    for w in warnings {
        match &w.resource {
            Some(id) => eprintln!("warning: resource [{id}]: {}", w.message),
            None => eprintln!("warning: {}", w.message),
        }
    }
    result
}

/// Reads a template's text: a file, or standard input for `-`. Bytes that
/// are not UTF-8 are invalid input (a syntax error naming where), not an I/O error.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().lock().read_to_end(&mut buf).map_err(io)?;
        buf
    } else {
        std::fs::read(path).map_err(io)?
    };
    let location = |good: &[u8]| {
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        Some(SourceLocation { line, column })
    };
    // Neither YAML nor JSON allows a NUL byte anywhere; say where it is
    // (the YAML reader only gives an offset).
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Syntax {
            path: display_path(path),
            location: location(&bytes[..at]),
            message: format!(
                "the file contains a NUL byte (offset {at}); YAML and JSON do not allow one"
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let byte = e.as_bytes().get(good.len()).copied().unwrap_or(0);
        Error::Syntax {
            path: display_path(path),
            location: location(good),
            message: format!(
                "the file is not UTF-8 text (byte 0x{byte:02X} at offset {}); \
                 CloudFormation templates are UTF-8",
                good.len()
            ),
        }
    })
}

fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads and expands a SAM template file (`-` for stdin).
pub fn synth_file(path: &Path, ctx: &Context) -> Result<Template, Error> {
    synth_file_checked(path, ctx).map(|(t, _)| t)
}

/// Reads and expands a SAM template file, returning also the problems found
/// in the input itself (duplicate keys) for [`emit_checked`] to report.
pub fn synth_file_checked(
    path: &Path,
    ctx: &Context,
) -> Result<(Template, Vec<Diagnostic>), Error> {
    let text = read_text(path)?;
    let (doc, input) = crate::yaml::parse_checked(&text, &display_path(path))?;
    drop(text);
    let template = expand(&doc, ctx)?;
    Ok((template, input))
}

/// What `stackwright synth` does before emitting: reads and expands the
/// template of `args`. When quotas are errors, a template whose input already
/// has more resources than CloudFormation allows is refused before the work
/// of expanding it (every input resource yields at least one output resource).
pub fn synth_args(args: &SynthArgs, path: &Path) -> Result<(Template, Vec<Diagnostic>), Error> {
    let mut ctx = context(args);
    if let Some(file) = &args.applications {
        load_applications(&mut ctx, file)?;
    }
    progress::phase(progress::READING);
    let text = read_text(path)?;
    let (doc, input) = crate::yaml::parse_checked(&text, &display_path(path))?;
    drop(text);
    if !args.quota_warnings {
        let n = check::section_len(&doc, "Resources");
        if n > check::quotas::MAX_RESOURCES {
            return Err(Error::invalid(Diagnostic::document(
                "Resources",
                format!(
                    "The template has {n} resources before expansion; CloudFormation's quota is {} resources per template.",
                    check::quotas::MAX_RESOURCES
                ),
            )));
        }
    }
    progress::phase(progress::EXPANDING);
    let template = expand(&doc, &ctx)?;
    Ok((template, input))
}

/// The name `--out DIR` gives the output: the input's file stem.
pub fn output_name(path: &Path) -> &str {
    if path.as_os_str() == "-" {
        return "template";
    }
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("template")
}

/// Renders the template and prints it, or writes it to `--out`: a file, or a
/// directory that receives `<name>.<format>`. Runs the checks first.
pub fn emit(template: Template, args: &SynthArgs, name: &str) -> Result<(), Error> {
    emit_checked(template, args, name, Vec::new())
}

/// [`emit`], with problems already found in the input (duplicate keys)
/// reported alongside the checks' own.
pub fn emit_checked(
    template: Template,
    args: &SynthArgs,
    name: &str,
    input: Vec<Diagnostic>,
) -> Result<(), Error> {
    emit_checked_keeping(template, args, name, input).0
}

/// [`emit_checked`], handing back the document it checked and rendered, so
/// that a process about to exit can skip freeing it piece by piece.
pub fn emit_checked_keeping(
    template: Template,
    args: &SynthArgs,
    name: &str,
    input: Vec<Diagnostic>,
) -> (Result<(), Error>, Value) {
    // The text is rendered from the checked value, unless the template
    // writes a key twice, which only the template itself can render.
    let (doc, template) = match template.has_repeated_keys() {
        true => (template.to_value(), Some(template)),
        false => (template.into_value(), None),
    };
    let result = check_and_write(&doc, template.as_ref(), args, name, input);
    (result, doc)
}

fn check_and_write(
    doc: &Value,
    template: Option<&Template>,
    args: &SynthArgs,
    name: &str,
    input: Vec<Diagnostic>,
) -> Result<(), Error> {
    if args.compact && args.format == Format::Yaml {
        return Err(Error::Usage(
            "--compact applies to JSON only; drop it or use --format json".into(),
        ));
    }
    progress::phase(progress::CHECKING);
    let given = args.parameters.iter().map(|(k, _)| k.as_str());
    let mut warnings = input;
    warnings.extend(check::parameters(doc, given));
    warnings.extend(check::template(doc));
    let mut quota = check::quotas::counts(doc);
    if !quota.is_empty() && !args.quota_warnings {
        return Err(Error::Invalid(quota));
    }
    progress::phase(progress::WRITING);
    let text = match template {
        Some(t) => emit::render(t, args.format, args.compact)?,
        None => emit::render_value(doc, args.format, args.compact)?,
    };
    let (body, note) = check::quotas::body(text.len());
    if let Some(d) = body {
        if !args.quota_warnings {
            return Err(Error::invalid(d));
        }
        quota.push(d);
    }
    warnings.extend(quota);
    if args.strict && !warnings.is_empty() {
        let mut all = crate::error::Diagnostics::new();
        for d in warnings {
            all.push(d);
        }
        return Err(Error::Invalid(all.into_sorted()));
    }
    print_warnings(&warnings);
    if let Some(note) = note {
        progress::clear();
        eprintln!("{note}");
    }
    write(&text, args, name)
}

fn write(text: &str, args: &SynthArgs, name: &str) -> Result<(), Error> {
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
                // `--out a/b/file.json` makes `a/b` when it is missing.
                if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                        path: parent.to_path_buf(),
                        source,
                    })?;
                }
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
            emit::write_atomic(&target, text)
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `validate`: synthesizes (the template given, else the app through
/// `synth_app`), runs every check and quota, and reports all problems as
/// errors. Writes nothing; prints a one-line summary when all is well.
pub fn validate(
    args: &ValidateArgs,
    app_name: &str,
    synth_app: impl FnOnce(&Context) -> Result<Template, Error>,
) -> Result<(), Error> {
    let ctx = context_of(&args.region, &args.parameters);
    let (template, mut problems, name) = match &args.template {
        Some(path) => {
            let (t, input) = synth_file_checked(path, &ctx)?;
            (t, input, display_path(path))
        }
        None => (synth_app(&ctx)?, Vec::new(), app_name.to_string()),
    };
    let doc = template.to_value();
    problems.extend(check::parameters(
        &doc,
        args.parameters.iter().map(|(k, _)| k.as_str()),
    ));
    problems.extend(check::template(&doc));
    problems.extend(check::quotas::counts(&doc));
    let text = emit::render(&template, Format::Json, false)?;
    let (body, note) = check::quotas::body(text.len());
    problems.extend(body);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if let Some(note) = note {
        eprintln!("{note}");
    }
    println!(
        "{name}: no problems found ({} resources)",
        template.resources.len()
    );
    Ok(())
}

/// Prints the checks' warnings on stderr, at most [`REPORT_LIMIT`] of them.
pub fn print_warnings(warnings: &[Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    use std::io::Write;
    progress::clear();
    let mut err = std::io::stderr().lock();
    for d in warnings.iter().take(REPORT_LIMIT) {
        let _ = writeln!(err, "warning: {d}");
    }
    if warnings.len() > REPORT_LIMIT {
        let _ = writeln!(
            err,
            "warning: … and {} more warnings ({} in all)",
            warnings.len() - REPORT_LIMIT,
            warnings.len()
        );
    }
}

/// Prints an error the way the CLI contract says and returns its exit code.
/// A long list of problems stops after [`REPORT_LIMIT`] and says how many more there are.
pub fn report(err: &Error) -> i32 {
    match err {
        Error::Invalid(diags) if diags.len() > REPORT_LIMIT => {
            use std::io::Write;
            let mut out = std::io::stderr().lock();
            let _ = writeln!(
                out,
                "Invalid Serverless Application Specification document. Number of errors found: {}.",
                diags.len()
            );
            for d in &diags[..REPORT_LIMIT] {
                let _ = writeln!(out, "{d}");
            }
            let _ = writeln!(
                out,
                "… and {} more problems ({} in all).",
                diags.len() - REPORT_LIMIT,
                diags.len()
            );
        }
        _ => eprintln!("{err}"),
    }
    err.exit_code()
}

/// Progress for a person waiting at a terminal: when synth takes more than
/// two seconds, stderr shows which phase it is in and for how long, on one
/// line that is erased when it ends. Nothing is shown when stderr is not a
/// terminal (pipes, CI, tests), so output stays the same bytes.
pub mod progress {
    use std::io::{IsTerminal, Write};
    use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
    use std::time::{Duration, Instant};

    pub const READING: u8 = 1;
    pub const EXPANDING: u8 = 2;
    pub const CHECKING: u8 = 3;
    pub const WRITING: u8 = 4;
    const NAMES: [&str; 5] = ["starting", "reading", "expanding", "checking", "writing"];
    /// Quiet this long before the first line: short runs show nothing.
    const AFTER: Duration = Duration::from_secs(2);

    static PHASE: AtomicU8 = AtomicU8::new(0);
    static STOP: AtomicBool = AtomicBool::new(false);
    static RUNNING: AtomicBool = AtomicBool::new(false);

    pub fn phase(p: u8) {
        PHASE.store(p, Ordering::Relaxed);
    }

    /// Shows progress until dropped (or [`clear`]ed), when stderr is a terminal.
    pub struct Progress(Option<std::thread::JoinHandle<()>>);

    pub fn start() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        STOP.store(false, Ordering::SeqCst);
        RUNNING.store(true, Ordering::SeqCst);
        Progress(Some(std::thread::spawn(|| {
            let started = Instant::now();
            let mut shown = false;
            while !STOP.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(100));
                let elapsed = started.elapsed();
                if elapsed < AFTER || STOP.load(Ordering::SeqCst) {
                    continue;
                }
                let name = NAMES
                    .get(usize::from(PHASE.load(Ordering::Relaxed)))
                    .unwrap_or(&"working");
                let mut err = std::io::stderr().lock();
                let _ = write!(
                    err,
                    "\r\x1b[2Kstackwright: {name}… {:.0} s",
                    elapsed.as_secs_f64()
                );
                let _ = err.flush();
                shown = true;
            }
            if shown {
                let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
            }
            RUNNING.store(false, Ordering::SeqCst);
        })))
    }

    /// Stops showing progress and erases its line, so that what is printed
    /// next (warnings, errors) starts on a clean line.
    pub fn clear() {
        STOP.store(true, Ordering::SeqCst);
        while RUNNING.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    impl Drop for Progress {
        fn drop(&mut self) {
            clear();
            if let Some(t) = self.0.take() {
                let _ = t.join();
            }
        }
    }
}
