//! Expands a [`model::App`](crate::model::App) into a complete CloudFormation
//! template, in SAM's order: functions, then APIs, then everything else.
//! Each kind has its own expander; all generated names come from `logical_id`.

pub mod application;
pub mod capacity_provider;
pub mod conditions;
pub mod connector;
pub mod event_sources;
pub mod function;
pub mod graphql_api;
pub mod http_api;
pub mod iam;
pub mod intrinsics;
pub mod layer;
pub mod logical_id;
pub mod microvm_image;
pub mod network_connector;
pub mod openapi;
pub mod permissions;
pub mod py27;
pub mod rest_api;
pub mod route53;
pub mod state_machine;
pub mod table;
pub mod tags;
pub mod web_function;
pub mod websocket_api;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::model::{App, Attributes, SamKinds};
use crate::template::{Resource, Template};

/// What the transform needs to know about where the stack will be deployed.
#[derive(Debug, Clone)]
pub struct Context {
    pub region: String,
    /// Values for template parameters (`--parameter K=V`), used where SAM resolves them.
    pub parameters: BTreeMap<String, Value>,
    /// Template URLs of Serverless Application Repository applications, by
    /// (application ID, semantic version): what SAM would ask the
    /// repository for. Default: none (such applications are rejected).
    pub applications: BTreeMap<(String, String), String>,
    /// Named defaults (`sam` or `recommended`) and their settings, applied
    /// after the transform by [`crate::defaults`].
    pub defaults: crate::defaults::DefaultsConfig,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            region: "us-east-1".to_string(),
            parameters: BTreeMap::new(),
            applications: BTreeMap::new(),
            defaults: Default::default(),
        }
    }
}

impl Context {
    pub fn new(region: impl Into<String>) -> Self {
        Context {
            region: region.into(),
            ..Default::default()
        }
    }

    /// The partition follows from the region: `cn-*` is `aws-cn`, `us-gov-*` is `aws-us-gov`.
    pub fn partition(&self) -> &'static str {
        partition_of(&self.region)
    }
}

pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov") {
        "aws-us-gov"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else {
        "aws"
    }
}

/// The output being built, plus the IDs the user declared (to catch collisions).
pub struct Output<'a> {
    pub template: Template,
    /// Logical ID → the type the user declared it with.
    declared: BTreeMap<&'a str, &'a str>,
    pub diags: Diagnostics,
    /// `"<Id>.<Property>"` → generated logical ID, for references such as
    /// `!Ref MyFn.Alias` (SAM's `referable_properties`).
    pub resource_refs: BTreeMap<String, String>,
}

/// Generated types allowed to take over a declared ID of the given type:
/// the serverless resource's own main resource, or a user resource SAM
/// extends in place (an S3 bucket gaining notifications). SAM's `do_not_verify`.
fn may_replace(generated: &str, declared: &str) -> bool {
    let allowed: &[&str] = match generated {
        "AWS::Lambda::Function" => &["AWS::Serverless::Function"],
        "AWS::Lambda::LayerVersion" => &["AWS::Serverless::LayerVersion"],
        "AWS::ApiGateway::RestApi" => &["AWS::Serverless::Api"],
        "AWS::ApiGatewayV2::Api" => &["AWS::Serverless::HttpApi", "AWS::Serverless::WebSocketApi"],
        "AWS::DynamoDB::Table" => &["AWS::Serverless::SimpleTable"],
        "AWS::CloudFormation::Stack" => &["AWS::Serverless::Application"],
        "AWS::Lambda::CapacityProvider" => &["AWS::Serverless::CapacityProvider"],
        "AWS::Lambda::NetworkConnector" => &["AWS::Serverless::NetworkConnector"],
        "AWS::Lambda::MicrovmImage" => &["AWS::Serverless::MicrovmImage"],
        "AWS::StepFunctions::StateMachine" => &["AWS::Serverless::StateMachine"],
        "AWS::AppSync::GraphQLApi" => &["AWS::Serverless::GraphQLApi"],
        "AWS::Lambda::WebFunction" => &["AWS::Serverless::WebFunction"],
        "AWS::S3::Bucket"
        | "AWS::SNS::Topic"
        | "AWS::Cognito::UserPool"
        | "AWS::ApiGateway::DomainName"
        | "AWS::ApiGateway::BasePathMapping"
        | "AWS::ApiGateway::DomainNameV2"
        | "AWS::ApiGateway::BasePathMappingV2" => &[generated],
        _ => &[],
    };
    allowed.contains(&declared)
}

impl<'a> Output<'a> {
    pub fn new(app: &'a App) -> Self {
        Self::with_kinds(app, None)
    }

    /// Like [`Output::new`], with the SAM-only kinds declared too.
    pub fn with_kinds(app: &'a App, kinds: Option<&'a SamKinds>) -> Self {
        Output {
            template: app.base.clone(),
            declared: app
                .declared_types()
                .chain(kinds.into_iter().flat_map(SamKinds::declared_types))
                .collect(),
            diags: Diagnostics::new(),
            resource_refs: BTreeMap::new(),
        }
    }

    /// Adds a generated resource `id`, made on behalf of user resource `owner`.
    /// Taking an ID the user declared is an error naming both (SAM's
    /// `DuplicateLogicalIdException`); generated resources may be re-added.
    pub fn add(&mut self, owner: &str, id: impl Into<String>, r: Resource) {
        let id = id.into();
        if let Some(declared) = self.declared.get(id.as_str()) {
            if !may_replace(&r.type_, declared) {
                // Worded as SAM words it, without the "is invalid" prefix.
                self.diags.push(Diagnostic::bare(
                    owner,
                    "",
                    format!(
                        "Transforming resource with id [{owner}] attempts to create a new resource with id [{id}] \
                         and type \"{}\". A resource with that id already exists within this template. \
                         Please use a different id for that resource.",
                        r.type_
                    ),
                ));
                return;
            }
        }
        self.template.insert(id, r);
    }

    /// Adds the main resource for a serverless resource, carrying its attributes.
    pub fn add_main(&mut self, id: &str, mut r: Resource, attrs: &Attributes) {
        r.condition = attrs.condition.clone();
        r.depends_on = attrs.depends_on.clone();
        r.deletion_policy = attrs.deletion_policy.clone();
        r.update_replace_policy = attrs.update_replace_policy.clone();
        r.metadata = attrs.metadata.clone();
        if let Some(u) = &attrs.update_policy {
            r.other.insert("UpdatePolicy".into(), u.clone());
        }
        self.add(id, id.to_string(), r);
    }
}

/// Runs every expander and returns the finished template, or every problem found.
pub fn transform(app: &App, ctx: &Context) -> Result<Template, Error> {
    transform_sam(app, &SamKinds::default(), ctx)
}

/// [`transform`] with the kinds only the SAM front end has so far.
pub fn transform_sam(app: &App, kinds: &SamKinds, ctx: &Context) -> Result<Template, Error> {
    let mut out = Output::with_kinds(app, Some(kinds));
    let params = intrinsics::parameter_values(ctx, &app.base);
    function::expand_all(&app.functions, &app.layers, ctx, &mut out);
    web_function::expand_all(kinds, &params, ctx, &mut out);
    state_machine::expand_all(kinds, ctx, &mut out);
    capacity_provider::expand_all(kinds, ctx, &mut out);
    graphql_api::expand_all(kinds, ctx, &mut out);
    rest_api::expand(app, kinds, ctx, &mut out);
    websocket_api::expand(app, ctx, &mut out);
    http_api::expand(app, ctx, &mut out);
    application::expand_all(kinds, ctx, &mut out);
    capacity_provider::expand_all(kinds, ctx, &mut out);
    network_connector::expand_all(kinds, ctx, &mut out);
    microvm_image::expand_all(kinds, &params, &mut out);
    for t in &app.tables {
        table::expand(t, &mut out);
    }
    let mut renames = BTreeMap::new();
    for l in &app.layers {
        if let Some(new_id) = layer::expand(l, &params, &mut out) {
            renames.insert(l.id.clone(), new_id);
        }
    }
    connector::expand_all(kinds, &mut out);
    let Output {
        mut template,
        diags,
        resource_refs,
        ..
    } = out;
    intrinsics::resolve_resource_refs(&mut template, &resource_refs);
    intrinsics::rename_ids(&mut template, &renames);
    diags.finish(template)
}
