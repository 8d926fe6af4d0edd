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
    /// Compare two templates offline: what an update from OLD to NEW adds,
    /// removes, updates and replaces.
    #[command(after_help = DIFF_HELP)]
    Diff(DiffArgs),
    /// Synthesize, then run the template checks and quotas alone: every
    /// problem is reported and nothing is written. Exits 1 when there is one.
    Validate(ValidateArgs),
}

const DIFF_HELP: &str = "\
Each changed property is marked update, may replace or replaces, from the
create-only properties in CloudFormation's resource schemas. A resource whose
logical ID changed but whose definition did not is reported as a rename: a
plain update deletes and recreates it; --refactor-mapping writes the mapping
CloudFormation's stack refactoring takes, to move it first and replace nothing.
Removing or replacing a stateful resource (tables, buckets, log groups, user
pools, keys, queues...) is called out. SAM templates are expanded first.

Exit status:
  0  identical
  3  changes, all of them updates (or additions, or removals of stateless resources)
  4  a resource is replaced, may be replaced or renamed, or a stateful one is removed
  1  a template is invalid
  2  a file cannot be read or written, or the arguments are wrong";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The template deployed now (JSON or YAML; SAM is expanded).
    pub old: Option<PathBuf>,
    /// The template to deploy.
    pub new: Option<PathBuf>,
    /// In a Rust app: compare the app (the new side) with this template.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["old", "new"])]
    pub against: Option<PathBuf>,
    /// Write the renames as the resource mappings of `aws cloudformation create-stack-refactor`.
    #[arg(long, value_name = "FILE")]
    pub refactor_mapping: Option<PathBuf>,
    /// Stack name in the refactor mapping. Default: the app's name, or the new template's file stem.
    #[arg(long)]
    pub stack_name: Option<String>,
    /// Region SAM templates and apps are synthesized for.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
    /// Template URLs of Serverless Application Repository applications, which
    /// SAM fetches online: a JSON or YAML file mapping application ID →
    /// semantic version → template URL. Default: none.
    #[arg(long, value_name = "FILE")]
    pub applications: Option<PathBuf>,
    /// File to write, or directory to write `<name>.<format>` into. Default: stdout.
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
    /// Named defaults: `sam` is exactly SAM's output; `recommended` also keeps
    /// and encrypts tables, traces functions and REST stages, and gives
    /// functions and API stages log groups with retention (see the README).
    /// Default: `sam` for a SAM template, the app's choice for a Rust app
    /// (`recommended` unless it says otherwise).
    #[arg(long, value_enum)]
    pub defaults: Option<crate::defaults::Defaults>,
    /// A `recommended` default to turn off for the whole template; repeatable.
    #[arg(
        long = "defaults-off",
        value_enum,
        value_name = "DEFAULT",
        value_delimiter = ','
    )]
    pub defaults_off: Vec<crate::defaults::Hardening>,
    /// Retention of the log groups `recommended` generates, in days (one
    /// CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60, 90, …, 3653). Default: 30.
    #[arg(long, value_name = "DAYS")]
    pub log_retention_days: Option<u32>,
    /// With `recommended`: also add the account-level `AWS::ApiGateway::Account`
    /// and its CloudWatch role, which REST and WebSocket access logs need once
    /// per account and region. Default: off.
    #[arg(long)]
    pub api_gateway_account: bool,
}

fn parse_parameter(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got '{s}'")),
    }
}
