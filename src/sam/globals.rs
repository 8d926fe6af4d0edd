//! The `Globals` section, merged into each serverless resource exactly as
//! SAM's globals plugin does: maps merge key by key (local wins), lists
//! concatenate (global first), anything else — intrinsics included — is
//! replaced by the local value. `Function.Architectures` is replaced, not
//! concatenated.
//!
//! `Globals.Api` and the APIs' properties are `Py27Dict`s when SAM merges
//! them, and the merged maps end up in the Swagger document the deployment
//! hash is taken of, so [`Globals::merge_api`] also keeps how SAM built
//! their key tables: each merged map holds the global keys in the global
//! map's iteration order, then the local-only ones in the local map's, and
//! its [`KeyHistory`] says the table was first sized for the global keys.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Diagnostics, Stage};
use crate::model::value::KeyHistory;
use crate::template::Expr;
use crate::transform::py27::py27_order;

/// Properties each section may set (SAM's `Globals.supported_properties`).
const SECTIONS: &[(&str, &[&str])] = &[
    (
        "Function",
        &[
            "Handler",
            "Runtime",
            "CodeUri",
            "DeadLetterQueue",
            "Description",
            "MemorySize",
            "Timeout",
            "VpcConfig",
            "Environment",
            "Tags",
            "PropagateTags",
            "Tracing",
            "KmsKeyArn",
            "AutoPublishAlias",
            "AutoPublishAliasAllProperties",
            "Layers",
            "DeploymentPreference",
            "RolePath",
            "PermissionsBoundary",
            "ReservedConcurrentExecutions",
            "ProvisionedConcurrencyConfig",
            "AssumeRolePolicyDocument",
            "EventInvokeConfig",
            "FileSystemConfigs",
            "CodeSigningConfigArn",
            "Architectures",
            "SnapStart",
            "EphemeralStorage",
            "FunctionUrlConfig",
            "RuntimeManagementConfig",
            "LoggingConfig",
            "RecursiveLoop",
            "SourceKMSKeyArn",
            "TenancyConfig",
            "DurableConfig",
            "CapacityProviderConfig",
            "FunctionScalingConfig",
            "PublishToLatestPublished",
            "VersionDeletionPolicy",
        ],
    ),
    (
        "Api",
        &[
            "Auth",
            "Name",
            "DefinitionUri",
            "CacheClusterEnabled",
            "CacheClusterSize",
            "MergeDefinitions",
            "Variables",
            "EndpointConfiguration",
            "MethodSettings",
            "BinaryMediaTypes",
            "MinimumCompressionSize",
            "Cors",
            "GatewayResponses",
            "AccessLogSetting",
            "CanarySetting",
            "TracingEnabled",
            "OpenApiVersion",
            "Domain",
            "AlwaysDeploy",
            "PropagateTags",
            "SecurityPolicy",
            "EndpointAccessMode",
        ],
    ),
    (
        "HttpApi",
        &[
            "Auth",
            "AccessLogSettings",
            "StageVariables",
            "Tags",
            "CorsConfiguration",
            "DefaultRouteSettings",
            "Domain",
            "RouteSettings",
            "FailOnWarnings",
            "PropagateTags",
        ],
    ),
    ("SimpleTable", &["SSESpecification"]),
    ("StateMachine", &["PropagateTags"]),
    (
        "CapacityProvider",
        &[
            "VpcConfig",
            "OperatorRole",
            "Tags",
            "InstanceRequirements",
            "ScalingConfig",
            "KmsKeyArn",
            "PropagateTags",
            "LoggingConfig",
            "ManagedResourceTags",
        ],
    ),
    ("LayerVersion", &["PublishLambdaVersion"]),
    (
        "MicrovmImage",
        &[
            "BuildRoleArn",
            "BaseImageArn",
            "BaseImageVersion",
            "Logging",
            "EgressNetworkConnectors",
            "CpuConfigurations",
            "Resources",
            "AdditionalOsCapabilities",
            "Hooks",
            "EnvironmentVariables",
            "Tags",
            "PropagateTags",
        ],
    ),
    (
        "NetworkConnector",
        &["OperatorRole", "Tags", "PropagateTags"],
    ),
    (
        "WebSocketApi",
        &[
            "AccessLogSettings",
            "ApiKeySelectionExpression",
            "DefaultRouteSettings",
            "DisableExecuteApiEndpoint",
            "DisableSchemaValidation",
            "Domain",
            "FailOnWarnings",
            "IpAddressType",
            "PropagateTags",
            "RouteSelectionExpression",
            "RouteSettings",
            "StageVariables",
            "Tags",
        ],
    ),
];

/// SAM sections for resource types stackwright does not implement.
const FOREIGN_SECTIONS: &[&str] = &[];

/// A list of names as Python prints it (`['a', 'b']`), as SAM's messages show them.
fn py_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Parsed `Globals`: section name (`Function`, `Api` …) → its properties.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    sections: BTreeMap<String, Map<String, Value>>,
}

/// SAM's globals plugin raises these on their own, before any resource is translated.
fn section_error(diags: &mut Diagnostics, message: String) {
    diags.push(Diagnostic {
        bare: true,
        stage: Stage::Globals,
        ..Diagnostic::document(
            "Globals",
            format!("'Globals' section is invalid. {message}"),
        )
    });
}

impl Globals {
    pub fn parse(value: Option<&Value>, diags: &mut Diagnostics) -> Globals {
        let mut g = Globals::default();
        let Some(value) = value else { return g };
        let Some(map) = value.as_object() else {
            section_error(diags, "It must be a non-empty dictionary".into());
            return g;
        };
        // SAM lists every section it knows, sorted.
        let mut names: Vec<&str> = SECTIONS.iter().map(|(n, _)| *n).collect();
        names.extend(FOREIGN_SECTIONS);
        names.sort_unstable();
        for (name, props) in map {
            let Some((_, supported)) = SECTIONS.iter().find(|(n, _)| n == name) else {
                if FOREIGN_SECTIONS.contains(&name.as_str()) {
                    section_error(
                        diags,
                        format!("'{name}' is not supported by stackwright yet."),
                    );
                } else {
                    section_error(
                        diags,
                        format!(
                            "'{name}' is not supported. Must be one of the following values - {}",
                            py_list(&names)
                        ),
                    );
                }
                continue;
            };
            let Some(props) = props.as_object() else {
                section_error(diags, format!("Value of {name} must be a dictionary"));
                continue;
            };
            for key in props.keys() {
                if !supported.contains(&key.as_str()) {
                    section_error(
                        diags,
                        format!("'{key}' is not a supported property of '{name}'. Must be one of the following values - {}", py_list(supported)),
                    );
                }
            }
            g.sections.insert(name.clone(), props.clone());
        }
        g
    }

    pub fn section(&self, name: &str) -> Option<&Map<String, Value>> {
        self.sections.get(name)
    }

    /// The resource's properties with the section's globals merged in.
    /// `ignore` is the resource's `IgnoreGlobals` (`"*"` or a list of names).
    pub fn merge(
        &self,
        section: &str,
        local: &Map<String, Value>,
        ignore: &[String],
        all: bool,
    ) -> Map<String, Value> {
        let Some(global) = self.sections.get(section) else {
            return local.clone();
        };
        if all {
            return local.clone();
        }
        // `merge_map` copies the globals anyway: copy them here only to drop
        // the ignored ones.
        let kept;
        let global = match ignore.is_empty() {
            true => global,
            false => {
                let mut g = global.clone();
                for k in ignore {
                    g.shift_remove(k);
                }
                kept = g;
                &kept
            }
        };
        merge_map(global, local, section)
    }

    /// [`Globals::merge`] for an `AWS::Serverless::Api`, as SAM merges its
    /// `Py27Dict`s (`_merge_dict`): a merged map starts as `global.copy()`,
    /// a fresh table sized for the global keys (`PyDict_Merge`) that gets
    /// them in the global map's iteration order, then the local keys are set
    /// in the local map's iteration order. Returns the merged properties and
    /// the key histories of the maps merged below them.
    pub fn merge_api(
        &self,
        local: &Map<String, Value>,
        ignore: &[String],
        all: bool,
    ) -> (Map<String, Value>, KeyHistory) {
        let mut history = KeyHistory::default();
        let Some(global) = self.sections.get("Api").filter(|_| !all) else {
            return (local.clone(), history);
        };
        let mut global = match ignore.is_empty() {
            true => global.clone(),
            // SAM deep-copies the globals before deleting the ignored ones,
            // which rebuilds every table in them.
            false => match deepcopied(&Value::Object(global.clone())) {
                Value::Object(m) => m,
                _ => Map::new(),
            },
        };
        for k in ignore {
            global.shift_remove(k);
        }
        let merged = merge_py27(&global, local, &mut history);
        // The properties map itself is never read as a whole, only its values.
        history.presize = 0;
        (merged, history)
    }
}

/// `copy.deepcopy` of user values: each `Py27Dict` re-adds its keys, in its
/// iteration order, into a fresh table (which the map's order then records).
fn deepcopied(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            py27_order(m.keys().map(String::as_str))
                .into_iter()
                .filter_map(|k| {
                    let x = deepcopied(m.get(&k)?);
                    Some((k, x))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(deepcopied).collect()),
        other => other.clone(),
    }
}

/// `_merge_dict` on `Py27Dict`s built key by key in their maps' order; the
/// result's order is the order its keys were added in, and `history` gets
/// how its table and those of the maps merged below it were built.
fn merge_py27(
    global: &Map<String, Value>,
    local: &Map<String, Value>,
    history: &mut KeyHistory,
) -> Map<String, Value> {
    history.presize = global.len();
    let mut out = Map::new();
    for k in py27_order(global.keys().map(String::as_str)) {
        if let Some(v) = global.get(&k) {
            out.insert(k, v.clone());
        }
    }
    for k in py27_order(local.keys().map(String::as_str)) {
        let Some(lv) = local.get(&k) else { continue };
        let merged = match (out.get(&k), lv) {
            (Some(gv @ Value::Object(g)), Value::Object(l)) if is_dict(gv) && is_dict(lv) => {
                let mut child = KeyHistory::default();
                let m = merge_py27(g, l, &mut child);
                if !child.is_plain() {
                    history.children.insert(k.clone(), child);
                }
                Value::Object(m)
            }
            // No `Api` property has a merge rule of its own.
            (Some(gv), _) => merge_value(gv, lv, ""),
            (None, _) => lv.clone(),
        };
        out.insert(k, merged);
    }
    out
}

/// A map SAM merges key by key (not an intrinsic, which is a value).
fn is_dict(v: &Value) -> bool {
    v.is_object() && !Expr::is_intrinsic(v)
}

/// How SAM merges a property at a dotted path (its globals `CUSTOM_STRATEGIES`);
/// everything else merges maps key by key and concatenates lists.
#[derive(PartialEq)]
enum MergeOp {
    /// The local value replaces the global one.
    Replace,
    /// Only the local map's keys survive; shared keys merge.
    PruneAndMerge,
}

const CUSTOM_STRATEGIES: &[(&str, MergeOp)] = &[
    ("Function.Architectures", MergeOp::Replace),
    (
        "CapacityProvider.InstanceRequirements.Architectures",
        MergeOp::Replace,
    ),
    (
        "CapacityProvider.ManagedResourceTags",
        MergeOp::PruneAndMerge,
    ),
];

fn rule(path: &str) -> Option<&'static MergeOp> {
    CUSTOM_STRATEGIES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, op)| op)
}

fn merge_map(
    global: &Map<String, Value>,
    local: &Map<String, Value>,
    path: &str,
) -> Map<String, Value> {
    let mut out = global.clone();
    for (k, lv) in local {
        let merged = match out.get(k) {
            Some(gv) => merge_value(gv, lv, &format!("{path}.{k}")),
            None => lv.clone(),
        };
        out.insert(k.clone(), merged);
    }
    out
}

fn merge_value(global: &Value, local: &Value, path: &str) -> Value {
    let rule = rule(path);
    match (global, local) {
        _ if rule == Some(&MergeOp::Replace) => local.clone(),
        (Value::Object(g), Value::Object(l)) if is_dict(global) && is_dict(local) => {
            if rule == Some(&MergeOp::PruneAndMerge) && !l.is_empty() {
                let mut out = Map::new();
                for (k, lv) in l {
                    let v = match g.get(k) {
                        Some(gv) => merge_value(gv, lv, &format!("{path}.{k}")),
                        None => lv.clone(),
                    };
                    out.insert(k.clone(), v);
                }
                Value::Object(out)
            } else {
                Value::Object(merge_map(g, l, path))
            }
        }
        (Value::Array(g), Value::Array(l)) => Value::Array(g.iter().chain(l).cloned().collect()),
        _ => local.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn globals(v: Value) -> Globals {
        let mut d = Diagnostics::new();
        let g = Globals::parse(Some(&v), &mut d);
        assert!(d.is_empty(), "{:?}", d.into_sorted());
        g
    }

    #[test]
    fn maps_merge_lists_concatenate_scalars_local() {
        let g = globals(json!({"Function": {
            "Runtime": "python3.12",
            "Environment": {"Variables": {"A": "g", "B": "g"}},
            "Layers": ["g"],
            "Architectures": ["x86_64"],
            "Timeout": {"Ref": "T"}
        }}));
        let local = json!({"Environment": {"Variables": {"B": "l"}}, "Layers": ["l"], "Architectures": ["arm64"], "Timeout": 3});
        let merged = g.merge("Function", local.as_object().unwrap(), &[], false);
        assert_eq!(
            Value::Object(merged),
            json!({
                "Runtime": "python3.12",
                "Environment": {"Variables": {"A": "g", "B": "l"}},
                "Layers": ["g", "l"],
                "Architectures": ["arm64"],
                "Timeout": 3
            })
        );
    }

    #[test]
    fn capacity_provider_architectures_replace_and_managed_tags_prune() {
        let g = globals(json!({"CapacityProvider": {
            "InstanceRequirements": {"Architectures": ["x86_64"], "ExcludedTypes": ["t2.micro"]},
            "ManagedResourceTags": {"Tags": {"Team": "g", "Cost": "g"}},
            "VpcConfig": {"SubnetIds": ["g"]}
        }}));
        let local = json!({
            "InstanceRequirements": {"Architectures": ["arm64"], "ExcludedTypes": ["t2.small"]},
            "ManagedResourceTags": {"Tags": {"Team": "l"}},
            "VpcConfig": {"SubnetIds": ["l"]}
        });
        let merged = g.merge("CapacityProvider", local.as_object().unwrap(), &[], false);
        assert_eq!(
            Value::Object(merged),
            json!({
                "InstanceRequirements": {"Architectures": ["arm64"], "ExcludedTypes": ["t2.micro", "t2.small"]},
                "ManagedResourceTags": {"Tags": {"Team": "l", "Cost": "g"}},
                "VpcConfig": {"SubnetIds": ["g", "l"]}
            })
        );
        // Prune-and-merge keeps only the local keys of the map it applies to.
        let local = json!({"ManagedResourceTags": {"Other": 1}});
        let merged = g.merge("CapacityProvider", local.as_object().unwrap(), &[], false);
        assert_eq!(
            merged.get("ManagedResourceTags"),
            Some(&json!({"Other": 1}))
        );
    }

    #[test]
    fn intrinsics_are_replaced_not_merged() {
        let g = globals(
            json!({"Function": {"Environment": {"Fn::If": ["C", {"Variables": {}}, {"Ref": "AWS::NoValue"}]}}}),
        );
        let local = json!({"Environment": {"Variables": {"X": "1"}}});
        let merged = g.merge("Function", local.as_object().unwrap(), &[], false);
        assert_eq!(merged["Environment"], json!({"Variables": {"X": "1"}}));
    }

    #[test]
    fn ignore_globals() {
        let g = globals(json!({"Function": {"Runtime": "a", "Timeout": 3}}));
        let empty = Map::new();
        assert_eq!(
            Value::Object(g.merge("Function", &empty, &["Timeout".into()], false)),
            json!({"Runtime": "a"})
        );
        assert!(g.merge("Function", &empty, &[], true).is_empty());
    }

    #[test]
    fn api_maps_merge_as_sam_copies_its_py27_dicts() {
        use crate::transform::py27::Py;
        let kinds = [
            "WAF_FILTERED",
            "INTEGRATION_FAILURE",
            "AUTHORIZER_CONFIGURATION_ERROR",
            "INTEGRATION_TIMEOUT",
            "BAD_REQUEST_PARAMETERS",
            "BAD_REQUEST_BODY",
            "UNAUTHORIZED",
        ];
        let global: Map<String, Value> = kinds
            .iter()
            .map(|k| (k.to_string(), json!({"StatusCode": 400})))
            .collect();
        let g = globals(json!({"Api": {"GatewayResponses": global}}));
        let local = json!({"GatewayResponses": {
            "BAD_REQUEST_PARAMETERS": {"StatusCode": 401},
            "RESOURCE_NOT_FOUND": {},
            "MISSING_AUTHENTICATION_TOKEN": {},
            "ACCESS_DENIED": {}
        }});
        let (merged, history) = g.merge_api(local.as_object().unwrap(), &[], false);
        let responses = &merged["GatewayResponses"];
        assert_eq!(
            responses["BAD_REQUEST_PARAMETERS"],
            json!({"StatusCode": 401})
        );
        let h = history.at(&["GatewayResponses"]);
        assert_eq!(h.map(|h| h.presize), Some(7));
        let keys = |p: Py| -> Vec<String> {
            p.as_dict()
                .unwrap()
                .keys()
                .iter()
                .map(|k| k.text.clone())
                .collect()
        };
        // SAM's order (`Py27Dict.copy()` of the global map, then the local keys).
        let sam = [
            "WAF_FILTERED",
            "MISSING_AUTHENTICATION_TOKEN",
            "BAD_REQUEST_PARAMETERS",
            "INTEGRATION_FAILURE",
            "UNAUTHORIZED",
            "ACCESS_DENIED",
            "RESOURCE_NOT_FOUND",
            "INTEGRATION_TIMEOUT",
            "BAD_REQUEST_BODY",
            "AUTHORIZER_CONFIGURATION_ERROR",
        ];
        assert_eq!(keys(Py::from_user_with(responses, h)), sam);
        // Adding the same keys one by one, unsized, gives another order.
        assert_ne!(keys(Py::from_user(responses)), sam);
        // Ignoring a property deep-copies the globals first; nothing merges
        // where only one side sets a map.
        let (_, history) = g.merge_api(&Map::new(), &["GatewayResponses".into()], false);
        assert!(history.is_plain());
    }

    #[test]
    fn unsupported_properties_are_reported() {
        let mut d = Diagnostics::new();
        Globals::parse(
            Some(&json!({"Function": {"Role": "x"}, "Nope": {}})),
            &mut d,
        );
        assert_eq!(d.len(), 2);
    }
}
