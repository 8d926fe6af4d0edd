//! `AWS::Serverless::WebFunction` properties →
//! [`model::WebFunction`](crate::model::web_function::WebFunction), checked
//! as SAM's `SamWebFunction.property_types` checks them when it reads the
//! resource. The rules SAM applies while transforming (modes, weights,
//! regions, code location) are in `transform::web_function`.

use serde_json::Value;

use crate::error::{Cursor, Diagnostics};
use crate::model::web_function::WebFunction;

use super::props::Props;
use super::reader::Source;

const TYPE: &str = "AWS::Serverless::WebFunction";

/// SAM skips a property's type check when its value looks like an
/// intrinsic: any map with exactly one key (`Resource._is_intrinsic_function`).
fn looks_intrinsic(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.len() == 1)
}

pub fn read(src: &Source, diags: &mut Diagnostics) -> Option<WebFunction> {
    let before = diags.len();
    let id = src.id;
    let cur = Cursor::new(id);
    let mut p = Props::new(id, TYPE, &src.properties);
    let invalid = |key: &str, diags: &mut Diagnostics| {
        cur.plain_error(diags, format!("Type of property '{key}' is invalid."));
    };
    // Type checks in the order SAM declares the properties; only the first
    // one SAM meets is in its report, the rest are ours.
    let mut w = WebFunction {
        id: id.to_string(),
        attributes: src.attributes.clone(),
        ..Default::default()
    };
    w.function_name = p.get("FunctionName").and_then(|v| {
        let ok = v.is_string() || v.is_object();
        if !ok {
            invalid("FunctionName", diags);
        }
        ok.then(|| v.clone())
    });
    if let Some(t) = p.map_like("Tags", diags) {
        w.tags = t.as_object().cloned();
    }
    w.replica_regions = p.get("ReplicaRegions").and_then(|v| {
        let ok = v.is_array() || v.is_object();
        if !ok {
            invalid("ReplicaRegions", diags);
        }
        ok.then(|| v.clone())
    });
    w.auth_type = p.pass("AuthType");
    w.runtime = p.pass("Runtime");
    w.code_uri = p.pass("CodeUri");
    w.inline_code = p.pass("InlineCode");
    w.revision_description = p.pass("RevisionDescription");
    w.kms_key_arn = p.pass("KmsKeyArn");
    w.execution_role_arn = p.get("ExecutionRoleArn").and_then(|v| {
        let ok = v.is_string() || looks_intrinsic(v);
        if !ok {
            p.at("ExecutionRoleArn").error(diags, "should be a string.");
        }
        ok.then(|| v.clone())
    });
    w.environment_variables = p.map_like("EnvironmentVariables", diags);
    w.entry_point = p.pass("EntryPoint");
    w.max_concurrency_per_environment = p.pass("MaxConcurrencyPerEnvironment");
    w.egress_network_connector_arn = p.pass("EgressNetworkConnectorArn");
    w.timeout = p.get("Timeout").and_then(|v| {
        // Python's `int` includes `bool`.
        let ok = v.is_i64() || v.is_u64() || v.is_boolean() || looks_intrinsic(v);
        if !ok {
            invalid("Timeout", diags);
        }
        ok.then(|| v.clone())
    });
    w.logging_config = p.pass("LoggingConfig");
    w.revision_weights = p.pass("RevisionWeights");
    w.endpoint_name = p.pass("EndpointName");
    w.endpoint_type = p.pass("EndpointType");
    w.endpoint_description = p.pass("EndpointDescription");
    w.scaling_config = p.pass("ScalingConfig");
    w.throttle_config = p.pass("ThrottleConfig");
    w.auto_deployment_mode = p.pass("AutoDeploymentMode");
    p.finish(&[], diags);
    (diags.len() == before).then_some(w)
}
