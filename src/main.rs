//! The `stackwright` binary: parse arguments, run, map the result to an exit code
//! (0 ok, 1 invalid input, 2 I/O or internal error).

use clap::Parser;

use stackwright::cli::{Cli, Command, InitArgs};
use stackwright::error::Error;
use stackwright::synth;

/// Synthesis builds and drops hundreds of thousands of small values in a
/// short-lived process; mimalloc spends about a sixth fewer instructions on
/// a large app than the system allocator (callgrind, `cargo bench` apps).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(()) => 0,
        Err(e) => synth::report(&e),
    };
    std::process::exit(code);
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Synth(args) => {
            let Some(path) = &args.template else {
                return Err(Error::Io {
                    path: "TEMPLATE".into(),
                    source: std::io::Error::other("no template given: stackwright synth TEMPLATE"),
                });
            };
            let progress = synth::progress::start();
            let (template, input) = synth::synth_args(&args, path)?;
            let name = synth::output_name(path);
            let (result, doc) = synth::emit_checked_keeping(template, &args, name, input);
            drop(progress);
            // The process ends here: freeing a large document piece by piece
            // would only delay the exit.
            std::mem::forget(doc);
            result
        }
        Command::Init(args) => init(&args),
        Command::Diff(args) => std::process::exit(stackwright::diff::command::run(&args, None)),
        Command::Validate(args) => {
            if args.template.is_none() {
                return Err(Error::Io {
                    path: "TEMPLATE".into(),
                    source: std::io::Error::other(
                        "no template given: stackwright validate TEMPLATE",
                    ),
                });
            }
            synth::validate(&args, "template", |_| {
                Err(Error::Internal("no template to validate".into()))
            })
        }
    }
}

fn init(args: &InitArgs) -> Result<(), Error> {
    let files = stackwright::init::init(
        &args.dir,
        args.name.as_deref(),
        args.stackwright_path.as_deref(),
    )?;
    for f in files {
        println!("created {}", f.display());
    }
    println!(
        "next: cd {} && cargo run -- synth --format yaml",
        args.dir.display()
    );
    println!("      cargo test   (the first snapshot is in tests/snapshots/; when the app changes, review with `cargo insta review`)");
    Ok(())
}
