//! The app's named defaults: `recommended` unless it says otherwise.
//!
//! ```
//! use stackwright::dsl::prelude::*;
//!
//! let mut app = App::new("demo");
//! app.log_retention_days(90)
//!     .without_default(Hardening::Tracing);
//! let cache = app.simple_table("Cache", SimpleTable::new().without_default(Hardening::Retain));
//! let t = app.synth(&Context::new("us-east-1")).unwrap();
//! let table = t.resource("Cache").unwrap();
//! assert_eq!(table.deletion_policy, None);
//! assert_eq!(
//!     table.property("PointInTimeRecoverySpecification"),
//!     Some(&serde_json::json!({"PointInTimeRecoveryEnabled": true}))
//! );
//! # let _ = cache;
//! ```

use crate::defaults::{Defaults, Hardening};

use super::App;

impl App {
    /// Which named defaults the app synthesizes with: [`Defaults::Sam`] is
    /// exactly what SAM generates for the same declarations;
    /// [`Defaults::Recommended`] also keeps and encrypts data, traces
    /// functions and REST stages, and gives functions and stages log groups
    /// that expire (see [`Hardening`]). `synth --defaults` overrides it.
    /// Default: `Recommended`.
    pub fn defaults(&mut self, defaults: Defaults) -> &mut Self {
        self.defaults.mode = Some(defaults);
        self
    }

    /// Turns off one `recommended` default for every resource of the app
    /// (for one resource: [`ResourceBuilder::without_default`](super::parts::ResourceBuilder::without_default)).
    /// Default: all on.
    pub fn without_default(&mut self, default: Hardening) -> &mut Self {
        self.defaults.off.insert(default);
        self
    }

    /// Retention of the log groups `recommended` generates, in days; one
    /// CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
    /// …, 3653), else synth reports it. Default: 30.
    pub fn log_retention_days(&mut self, days: u32) -> &mut Self {
        self.defaults.log_retention_days = Some(days);
        self
    }

    /// Also declares the account-level `AWS::ApiGateway::Account` with its
    /// CloudWatch role: REST and WebSocket access logs need it once per
    /// account and region, so exactly one stack there should own it.
    /// Default: not declared.
    pub fn api_gateway_account(&mut self) -> &mut Self {
        self.defaults.api_gateway_account = true;
        self
    }
}
