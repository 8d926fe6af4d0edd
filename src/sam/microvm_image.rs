//! `AWS::Serverless::MicrovmImage` properties →
//! [`model::MicrovmImage`](crate::model::microvm_image::MicrovmImage),
//! checked in SAM's order: property types, then the schema.

use crate::error::{Cursor, Diagnostics};
use crate::model::microvm_image::MicrovmImage;

use super::props::Props;
use super::reader::Source;
use super::schema::{self, check_sam_types, SamType, Schema};

const TYPE: &str = "AWS::Serverless::MicrovmImage";

const HOOK_STATE: Schema = Schema::Literal(&["ENABLED", "DISABLED"]);

const MICROVM_HOOKS: Schema = Schema::Model(&[
    ("Run", false, HOOK_STATE),
    ("RunTimeoutInSeconds", false, Schema::Int),
    ("Resume", false, HOOK_STATE),
    ("ResumeTimeoutInSeconds", false, Schema::Int),
    ("Suspend", false, HOOK_STATE),
    ("SuspendTimeoutInSeconds", false, Schema::Int),
    ("Terminate", false, HOOK_STATE),
    ("TerminateTimeoutInSeconds", false, Schema::Int),
]);

const MICROVM_IMAGE_HOOKS: Schema = Schema::Model(&[
    ("Ready", false, HOOK_STATE),
    ("ReadyTimeoutInSeconds", false, Schema::Int),
    ("Validate", false, HOOK_STATE),
    ("ValidateTimeoutInSeconds", false, Schema::Int),
]);

const HOOKS: Schema = Schema::Model(&[
    ("Port", false, Schema::Int),
    ("MicrovmHooks", false, MICROVM_HOOKS),
    ("MicrovmImageHooks", false, MICROVM_IMAGE_HOOKS),
]);

const LOGGING: Schema = Schema::Model(&[
    ("Disabled", false, Schema::Bool),
    (
        "CloudWatch",
        false,
        Schema::Model(&[
            ("LogGroup", false, Schema::Str),
            ("LogStream", false, Schema::Str),
        ]),
    ),
]);

const CPU_CONFIGURATION: Schema =
    Schema::Model(&[("Architecture", true, Schema::Literal(&["ARM_64"]))]);

const RESOURCE_SPEC: Schema = Schema::Model(&[("MinimumMemoryInMiB", true, Schema::Int)]);

/// SAM's `aws_serverless_microvmimage.Properties`.
const PROPERTIES: Schema = Schema::Model(&[
    ("Name", true, Schema::Str),
    ("CodeUri", true, Schema::Str),
    ("BaseImageArn", true, Schema::Str),
    ("BaseImageVersion", true, Schema::Str),
    ("BuildRoleArn", false, Schema::Str),
    ("Description", false, Schema::Str),
    ("Tags", false, Schema::Dict),
    ("Logging", false, LOGGING),
    ("EgressNetworkConnectors", false, Schema::List(&Schema::Str)),
    ("CpuConfigurations", false, Schema::List(&CPU_CONFIGURATION)),
    ("Resources", false, Schema::List(&RESOURCE_SPEC)),
    (
        "AdditionalOsCapabilities",
        false,
        Schema::List(&Schema::Literal(&["ALL"])),
    ),
    ("Hooks", false, HOOKS),
    ("EnvironmentVariables", false, Schema::Dict),
    ("PropagateTags", false, Schema::Bool),
]);

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<MicrovmImage> {
    let before = diags.len();
    let id = src.id;
    let mut p = Props::new(id, TYPE, &src.properties);
    // `SamMicroVMImage.property_types`, in its order.
    check_sam_types(
        &mut p,
        &[
            ("Name", true, SamType::StrOrDict),
            ("CodeUri", true, SamType::StrOrDict),
            ("BaseImageArn", true, SamType::StrOrDict),
            ("BuildRoleArn", false, SamType::StrOrDict),
            ("BaseImageVersion", true, SamType::StrOrDict),
            ("Description", false, SamType::StrOrDict),
            ("Tags", false, SamType::Dict),
            ("Logging", false, SamType::Dict),
            ("EgressNetworkConnectors", false, SamType::List),
            ("CpuConfigurations", false, SamType::List),
            ("Resources", false, SamType::List),
            ("AdditionalOsCapabilities", false, SamType::List),
            ("Hooks", false, SamType::Dict),
            ("EnvironmentVariables", false, SamType::Dict),
            ("PropagateTags", false, SamType::Bool),
        ],
        diags,
    );
    p.finish(&[], diags);
    if diags.len() != before {
        return None;
    }
    let problems = schema::check(&src.properties, &PROPERTIES);
    if !problems.is_empty() {
        Cursor::new(id).plain_error(diags, problems.join(" "));
        return None;
    }
    let get = |k: &str| src.properties.get(k).filter(|v| !v.is_null()).cloned();
    Some(MicrovmImage {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        name: get("Name").unwrap_or_default(),
        code_uri: get("CodeUri").unwrap_or_default(),
        base_image_arn: get("BaseImageArn").unwrap_or_default(),
        base_image_version: get("BaseImageVersion").unwrap_or_default(),
        build_role_arn: get("BuildRoleArn"),
        description: get("Description"),
        tags: get("Tags").and_then(|t| t.as_object().cloned()),
        propagate_tags: get("PropagateTags").and_then(|b| b.as_bool()) == Some(true),
        logging: get("Logging"),
        egress_network_connectors: get("EgressNetworkConnectors"),
        cpu_configurations: get("CpuConfigurations"),
        resources: get("Resources"),
        additional_os_capabilities: get("AdditionalOsCapabilities"),
        hooks: get("Hooks"),
        environment_variables: get("EnvironmentVariables").and_then(|e| e.as_object().cloned()),
    })
}
