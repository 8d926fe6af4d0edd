//! # stackwright
//!
//! Typed Rust infrastructure-as-code for serverless apps on AWS. Describe
//! Lambda functions, API Gateway APIs, DynamoDB tables, queues, topics and
//! buckets in Rust, connect them with typed handles, and synthesize complete
//! CloudFormation — the same CloudFormation the AWS SAM transform produces for
//! the same app written in SAM, logical IDs included.
//!
//! Start with [`dsl`]: declare resources on an [`dsl::App`], get handles back,
//! and connect them with handles, never with hand-typed logical IDs:
//!
//! ```
//! use std::time::Duration;
//! use stackwright::dsl::prelude::*;
//!
//! let mut app = App::new("orders");
//! let orders = app.table("Orders", Table::new("orderId", KeyType::String));
//! let jobs = app.queue("Jobs", Queue::new().visibility_timeout(Duration::from_secs(60)));
//! let create = app.function(
//!     "CreateOrder",
//!     Function::new(Runtime::Python312, "orders.create", Code::s3("s3://my-artifacts/orders.zip"))
//!         .env("ORDERS_TABLE", orders.name())
//!         .env("JOBS_URL", jobs.url())
//!         .on("Create", Route::post("/orders")),
//! );
//! app.grant(create, orders, TableAccess::ReadWrite); // = SAM's DynamoDBCrudPolicy
//! app.grant(create, jobs, QueueAccess::Send); // = SAM's SQSSendMessagePolicy
//!
//! let template = app.synth(&Context::new("eu-west-1")).unwrap();
//! assert_eq!(template.resource("CreateOrderRole").unwrap().type_, "AWS::IAM::Role");
//! ```
//!
//! What AWS would refuse at deploy time, the compiler or `synth` refuses
//! first: a function cannot be written without code, a stream event needs a
//! table declared with a stream, a table access cannot be granted on a queue,
//! and values such as memory, timeouts, paths and cron expressions are checked
//! where they are written, with the caller's file and line in the error.
//!
//! Existing SAM templates go through [`sam`]: `stackwright synth template.yaml`
//! or [`sam::synth`]. [`testing`] has CDK-style assertions for tests.
//!
//! Pipeline: front end ([`dsl`] or [`sam`]) → [`model::App`] → [`transform`] →
//! [`template::Template`] → [`emit`].

pub mod check;
pub mod cli;
pub mod defaults;
pub mod diff;
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
