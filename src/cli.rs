//! Command-line arguments (clap derive). No logic beyond parsing.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::emit::Format;

#[derive(Debug, Parser)]
#[command(
    name = "stackwright",
    version,
    about = "Synthesize CloudFormation from serverless app definitions"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Expand a SAM template (or, in a Rust app, the app itself) into CloudFormation.
    Synth(SynthArgs),
    /// Start a new Rust app in DIR: Cargo.toml, src/main.rs and a snapshot test.
    Init(InitArgs),
    /// Synthesize, then run the template checks and quotas alone: every
    /// problem is reported and nothing is written. Exits 1 when there is one.
    Validate(ValidateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// SAM or CloudFormation template (YAML or JSON), `-` for stdin. A Rust app validates itself when omitted.
    pub template: Option<PathBuf>,
    /// Region the stack deploys to.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// Template parameter value, KEY=VALUE; repeatable.
    #[arg(long = "parameter", value_name = "KEY=VALUE", value_parser = parse_parameter)]
    pub parameters: Vec<(String, String)>,
}

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Directory to create the app in (nothing in it is overwritten).
    pub dir: PathBuf,
    /// App name. Default: the directory's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The stackwright source the app depends on. Default: this build's source.
    #[arg(long)]
    pub stackwright_path: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct SynthArgs {
    /// SAM or CloudFormation template (YAML or JSON), `-` for stdin. A Rust app synthesizes itself when omitted.
    pub template: Option<PathBuf>,
    /// Region the stack deploys to; it also picks the partition (aws, aws-cn, aws-us-gov).
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// Template parameter value, KEY=VALUE; repeatable.
    #[arg(long = "parameter", value_name = "KEY=VALUE", value_parser = parse_parameter)]
    pub parameters: Vec<(String, String)>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// JSON on one line (JSON only: with `--format yaml` it is an error).
    #[arg(long)]
    pub compact: bool,
    /// File to write (missing folders are created), or directory to write `<name>.<format>` into. Default: stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Treat the template checks' warnings (unknown references, types and
    /// attributes, DependsOn problems, duplicate keys, undeclared parameters)
    /// as errors: exit 1 and write nothing. Default: warnings on stderr, exit 0.
    #[arg(long)]
    pub strict: bool,
    /// Report CloudFormation quotas (500 resources, 200 parameters, outputs
    /// and mappings, 255-character logical IDs, 1 MB body) as warnings.
    /// Default: exceeding one is an error.
    #[arg(long)]
    pub quota_warnings: bool,
}

fn parse_parameter(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got '{s}'")),
    }
}
