//! # stackwright
//!
//! Typed Rust infrastructure-as-code for serverless apps on AWS. Describe
//! Lambda functions, API Gateway APIs and DynamoDB tables in Rust — or bring
//! an existing AWS SAM template — and synthesize complete CloudFormation,
//! matching what the SAM transform produces, logical IDs included.
//!
//! ```
//! use stackwright::transform::Context;
//!
//! let sam = "Resources:\n  Orders:\n    Type: AWS::Serverless::SimpleTable\n";
//! let template = stackwright::sam::synth(sam, "template.yaml", &Context::new("eu-west-1")).unwrap();
//! let table = template.resource("Orders").unwrap();
//! assert_eq!(table.type_, "AWS::DynamoDB::Table");
//! assert_eq!(table.property("BillingMode"), Some(&"PAY_PER_REQUEST".into()));
//! ```
//!
//! Pipeline: front end (`dsl` or `sam`) → [`model::App`] → [`transform`] →
//! [`template::Template`] → [`emit`].

pub mod check;
pub mod cli;
pub mod dsl;
pub mod emit;
pub mod error;
pub mod init;
pub mod model;
pub mod sam;
pub mod synth;
pub mod template;
pub mod testing;
pub mod transform;
pub mod yaml;

pub use error::{Diagnostic, Error};
pub use template::{Expr, Pseudo, Resource, Template};
pub use transform::Context;
