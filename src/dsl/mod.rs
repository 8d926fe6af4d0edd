//! The Rust DSL: declare tables, functions and APIs, get typed handles back,
//! and connect them with handles (grants, routes, environment values) — never
//! with hand-typed logical IDs. The app lowers to the same [`model::App`] the
//! SAM reader builds, so a DSL app and its SAM twin synthesize identically.
//!
//! ```
//! use stackwright::dsl::{App, Function, KeyType, Route, Table, TableAccess};
//!
//! let mut app = App::new("orders");
//! let orders = app.table("Orders", Table::new().primary_key("orderId", KeyType::String));
//! let create = app.function(
//!     "CreateOrder",
//!     Function::new("app.create", "python3.12")
//!         .code_s3("s3://my-bucket/orders.zip")
//!         .env("TABLE", orders.name())
//!         .route("Create", Route::post("/orders")),
//! );
//! app.grant_table(create, orders, TableAccess::ReadWrite);
//! let model = app.to_model().unwrap();
//! assert_eq!(model.functions[0].policies.len(), 1);
//! ```

pub mod api;
pub mod function;
pub mod grants;
pub mod table;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::cli::{Cli, Command, SynthArgs};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::model::{self, LogicalId, Ref};
use crate::template::{Output, Template};
use crate::transform::{self, Context};

pub use api::RestApi;
pub use function::{Architecture, Function, Route};
pub use grants::TableAccess;
pub use table::{KeyType, Table};

/// A serverless app under construction.
#[derive(Debug, Default)]
pub struct App {
    name: String,
    description: Option<String>,
    parameters: Map<String, Value>,
    outputs: Map<String, Value>,
    functions: Vec<model::Function>,
    tables: Vec<model::Table>,
    apis: Vec<model::RestApi>,
    grants: Vec<(&'static str, &'static str, TableAccess)>,
    /// Declared logical IDs → kind, to resolve handles and catch duplicates.
    declared: BTreeMap<&'static str, &'static str>,
    /// Declaration order, which SAM's hashes see as document order.
    order: Vec<&'static str>,
    problems: Vec<Diagnostic>,
}

impl App {
    /// A new app; `name` names the synthesized template file (`<name>.json`).
    pub fn new(name: &str) -> Self {
        App {
            name: name.to_string(),
            ..Default::default()
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Default: no description.
    pub fn description(&mut self, d: &str) -> &mut Self {
        self.description = Some(d.to_string());
        self
    }

    fn declare(&mut self, id: &'static str, kind: &'static str) {
        if let Err(why) = LogicalId::check(id) {
            self.problems.push(Diagnostic::resource(id, "", why));
        }
        self.order.push(id);
        if let Some(prev) = self.declared.insert(id, kind) {
            self.problems.push(Diagnostic::resource(
                id,
                "",
                format!("'{id}' is declared twice (as {prev} and as {kind})."),
            ));
        }
    }

    /// Declares a DynamoDB table; returns its handle.
    pub fn table(&mut self, id: &'static str, t: Table) -> Ref<model::Table> {
        self.declare(id, "table");
        let mut m = t.model;
        m.id = id.to_string();
        self.tables.push(m);
        Ref::new(id)
    }

    /// Declares a Lambda function; returns its handle.
    pub fn function(&mut self, id: &'static str, f: Function) -> Ref<model::Function> {
        self.declare(id, "function");
        let mut m = f.model;
        m.id = id.to_string();
        self.functions.push(m);
        Ref::new(id)
    }

    /// Declares a REST API; returns its handle for [`Route::on`].
    pub fn rest_api(&mut self, id: &'static str, a: RestApi) -> Ref<model::RestApi> {
        self.declare(id, "rest api");
        let mut m = a.model;
        m.id = id.to_string();
        self.apis.push(m);
        Ref::new(id)
    }

    /// Lets `function` access `table`: the function's role gets exactly the
    /// statements of the matching SAM policy template (e.g. `DynamoDBCrudPolicy`).
    pub fn grant_table(
        &mut self,
        function: Ref<model::Function>,
        table: Ref<model::Table>,
        access: TableAccess,
    ) -> &mut Self {
        self.grants.push((function.id(), table.id(), access));
        self
    }

    /// Declares a template parameter (`{"Type": "String", "Default": …}` etc.).
    pub fn parameter(&mut self, name: &str, definition: Value) -> &mut Self {
        self.parameters.insert(name.to_string(), definition);
        self
    }

    /// Adds a stack output.
    pub fn output(&mut self, name: &str, output: Output) -> &mut Self {
        self.outputs.insert(name.to_string(), output.into());
        self
    }

    /// Lowers the app to the model, checking that every handle resolves.
    pub fn to_model(&self) -> Result<model::App, Error> {
        let mut diags = Diagnostics::new();
        for p in &self.problems {
            diags.push(p.clone());
        }
        let mut functions = self.functions.clone();
        for (f, t, access) in &self.grants {
            let mut ok = true;
            if self.declared.get(f) != Some(&"function") {
                diags.push(Diagnostic::resource(
                    *f,
                    "Policies",
                    format!("grant from '{f}': no function '{f}' is declared in this app."),
                ));
                ok = false;
            }
            if self.declared.get(t) != Some(&"table") {
                diags.push(Diagnostic::resource(
                    *f,
                    "Policies",
                    format!("grant to '{t}': no table '{t}' is declared in this app."),
                ));
                ok = false;
            }
            let policy = grants::table_policy(*access, t);
            match (ok, policy, functions.iter_mut().find(|x| x.id == *f)) {
                (true, Some(p), Some(func)) => func.policies.push(p),
                (true, None, _) => diags.push(Diagnostic::resource(
                    *f,
                    "Policies",
                    format!("no policy template for {access:?}."),
                )),
                _ => {}
            }
        }
        for func in &functions {
            for ev in &func.events {
                let model::function::EventKind::Api(api) = &ev.kind else {
                    continue;
                };
                if let Some(api_id) = &api.rest_api_id {
                    if self.declared.get(api_id.as_str()) != Some(&"rest api") {
                        diags.push(Diagnostic::resource(
                            func.id.clone(),
                            format!("Events.{}.Properties.RestApiId", ev.id),
                            format!("route '{}' refers to '{api_id}', which is not a REST API declared in this app.", ev.id),
                        ));
                    }
                }
            }
        }
        let mut base = Template::new();
        base.format_version = Some("2010-09-09".into());
        base.description = self.description.clone().map(Value::String);
        base.parameters = (!self.parameters.is_empty()).then(|| self.parameters.clone());
        base.outputs = (!self.outputs.is_empty()).then(|| self.outputs.clone());
        let app = model::App {
            base,
            functions,
            rest_apis: self.apis.clone(),
            http_apis: Vec::new(),
            tables: self.tables.clone(),
            layers: Vec::new(),
            websocket_apis: Vec::new(),
            resource_ids: self.order.iter().map(|id| id.to_string()).collect(),
        };
        diags.finish(app)
    }

    /// Synthesizes the app's CloudFormation template.
    pub fn synth(&self, ctx: &Context) -> Result<Template, Error> {
        transform::transform(&self.to_model()?, ctx)
    }

    /// The app's command line: `synth [--format json|yaml] [--out PATH] [--region R]`.
    /// Given a template path, it synthesizes that SAM template instead, like
    /// the `stackwright` binary. Exits with 0, 1 (invalid) or 2 (I/O, internal).
    pub fn run(&self) -> ! {
        use clap::Parser;
        let result = match Cli::parse().command {
            Command::Synth(args) => self.run_synth(&args),
            Command::Init(args) => crate::init::init(
                &args.dir,
                args.name.as_deref(),
                args.stackwright_path.as_deref(),
            )
            .map(|_| ()),
        };
        let code = match result {
            Ok(()) => 0,
            Err(e) => crate::synth::report(&e),
        };
        std::process::exit(code)
    }

    fn run_synth(&self, args: &SynthArgs) -> Result<(), Error> {
        let ctx = crate::synth::context(args);
        match &args.template {
            Some(path) => {
                let t = crate::synth::synth_file(path, &ctx)?;
                let name = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("template");
                crate::synth::emit(&t, args, name)
            }
            None => crate::synth::emit(&self.synth(&ctx)?, args, &self.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_from_another_app_are_diagnostics() {
        let mut other = App::new("other");
        let foreign = other.table("Foreign", Table::new());
        let mut app = App::new("a");
        let f = app.function("Fn", Function::new("h", "python3.12").inline_code("x"));
        app.grant_table(f, foreign, TableAccess::Read);
        match app.to_model() {
            Err(Error::Invalid(d)) => {
                assert_eq!(d.len(), 1);
                assert!(d[0].message.contains("no table 'Foreign'"), "{}", d[0]);
            }
            other => panic!("expected a diagnostic, got {other:?}"),
        }
    }

    #[test]
    fn duplicate_and_invalid_ids_are_reported_together() {
        let mut app = App::new("a");
        app.table("T", Table::new());
        app.table("T", Table::new());
        app.table("Bad-Id", Table::new());
        match app.to_model() {
            Err(Error::Invalid(d)) => assert_eq!(d.len(), 2),
            other => panic!("expected diagnostics, got {other:?}"),
        }
    }

    #[test]
    fn grants_lower_to_policy_templates_in_order() {
        let mut app = App::new("a");
        let t = app.table("T", Table::new());
        let f = app.function("F", Function::new("h", "python3.12").inline_code("x"));
        app.grant_table(f, t, TableAccess::Read)
            .grant_table(f, t, TableAccess::Write);
        let m = app.to_model().unwrap();
        let names: Vec<_> = m.functions[0]
            .policies
            .iter()
            .map(|p| match p {
                model::function::Policy::Template { name, .. } => name.as_str(),
                _ => "?",
            })
            .collect();
        assert_eq!(names, ["DynamoDBReadPolicy", "DynamoDBWritePolicy"]);
    }
}
