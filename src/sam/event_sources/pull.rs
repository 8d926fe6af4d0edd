//! SAM's checks on pull events (`eventsources.pull.PullEventSource` and its
//! subclasses) that need nothing but the event itself, in the order SAM
//! runs them: `FilterCriteria`, `ConsumerGroupId`, `DestinationConfig`,
//! then the type's own checks while it builds the role's statements
//! (source access configurations, Kafka settings, schema registry).

use serde_json::Value;

use crate::error::Diagnostics;
use crate::model::event_source::{PullEvent, PullKind};

use super::At;

const KAFKA_AUTH: &[&str] = &[
    "SASL_SCRAM_256_AUTH",
    "SASL_SCRAM_512_AUTH",
    "BASIC_AUTH",
    "CLIENT_CERTIFICATE_TLS_AUTH",
    "OAUTHBEARER_AUTH",
    "IAM_AUTH",
    "IAM_OAUTHBEARER_AUTH",
];
const KAFKA_NON_URI: &[&str] = &["IAM_AUTH", "IAM_OAUTHBEARER_AUTH"];
const KAFKA_OAUTH_METADATA: &[&str] = &[
    "OAUTHBEARER_SCOPE",
    "OAUTHBEARER_AUDIENCE",
    "OAUTHBEARER_LOGICAL_CLUSTER",
    "OAUTHBEARER_IDENTITY_POOL",
];

fn truthy(v: Option<&Value>) -> bool {
    crate::sam::function::truthy(v)
}

/// Runs SAM's checks; false (with a diagnostic) at the first problem.
pub(super) fn check(at: &At, e: &PullEvent, diags: &mut Diagnostics) -> bool {
    let result = checks(at, e);
    match result {
        Ok(()) => true,
        Err(Problem {
            named,
            key,
            message,
        }) => {
            if named {
                at.named_event_error(diags, key, &at.generated_id(), message);
            } else {
                at.event_error(diags, key, message);
            }
            false
        }
    }
}

/// A problem, named by the event's ID or (`named`) by its generated ID as SAM does.
struct Problem {
    named: bool,
    key: &'static str,
    message: String,
}

fn by_event(key: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        named: false,
        key,
        message: message.into(),
    }
}

fn by_generated_id(key: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        named: true,
        key,
        message: message.into(),
    }
}

fn checks(_at: &At, e: &PullEvent) -> Result<(), Problem> {
    let type_name = e.kind.type_name();
    if let Some(fc) = e.get("FilterCriteria").filter(|v| truthy(Some(v))) {
        let intrinsic =
            fc.as_object().is_some_and(|m| m.len() == 1) && crate::template::Expr::is_intrinsic(fc);
        if !intrinsic {
            let keys: Vec<&String> = fc
                .as_object()
                .map(|m| m.keys().collect())
                .unwrap_or_default();
            if !(keys.is_empty() || keys == ["Filters"]) {
                return Err(by_event(
                    "FilterCriteria",
                    "FilterCriteria field has a wrong format",
                ));
            }
        }
    }
    if truthy(e.get("ConsumerGroupId"))
        && !matches!(e.kind, PullKind::Msk | PullKind::SelfManagedKafka)
    {
        return Err(by_generated_id(
            "ConsumerGroupId",
            format!("Property ConsumerGroupId not defined for resource of type {type_name}."),
        ));
    }
    if let Some(dc) = e.get("DestinationConfig").filter(|v| truthy(Some(v))) {
        let on_failure = dc.get("OnFailure").filter(|v| !v.is_null());
        let Some(on_failure) = on_failure.and_then(Value::as_object) else {
            return Err(by_generated_id(
                "DestinationConfig",
                "Property 'DestinationConfig.OnFailure' should be a map.",
            ));
        };
        if let Some(t) = on_failure.get("Type").filter(|v| truthy(Some(v))) {
            if !matches!(t.as_str(), Some("SQS" | "SNS" | "S3" | "Kafka")) {
                return Err(by_generated_id(
                    "DestinationConfig",
                    "The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'",
                ));
            }
        }
    }
    match e.kind {
        PullKind::Mq => {
            source_access_configurations(e, &["BASIC_AUTH", "VIRTUAL_HOST"], "BASIC_AUTH")?;
            kms_key_id(e)?;
        }
        PullKind::DocumentDb => {
            source_access_configurations(e, &["BASIC_AUTH"], "BASIC_AUTH")?;
            kms_key_id(e)?;
        }
        PullKind::SelfManagedKafka => self_managed_kafka(e)?,
        PullKind::Msk => schema_registry(e)?,
        _ => {}
    }
    Ok(())
}

fn kms_key_id(e: &PullEvent) -> Result<(), Problem> {
    match e.get("SecretsManagerKmsKeyId") {
        Some(v) if truthy(Some(v)) && !v.is_string() => Err(by_event(
            "SecretsManagerKmsKeyId",
            "Property 'SecretsManagerKmsKeyId' should be a string.",
        )),
        _ => Ok(()),
    }
}

/// SAM's `_validate_source_access_configurations` (MQ, DocumentDB).
fn source_access_configurations(
    e: &PullEvent,
    supported: &[&str],
    required: &str,
) -> Result<(), Problem> {
    const KEY: &str = "SourceAccessConfigurations";
    let type_name = e.kind.type_name();
    let Some(sacs) = e.get(KEY).filter(|v| truthy(Some(v))) else {
        return Err(by_event(
            KEY,
            format!("No SourceAccessConfigurations for Amazon {type_name} event provided."),
        ));
    };
    let Some(list) = sacs.as_array() else {
        return Err(by_event(
            KEY,
            "Provided SourceAccessConfigurations cannot be parsed into a list.",
        ));
    };
    let mut found = false;
    for (i, conf) in list.iter().enumerate() {
        let Some(conf) = conf.as_object() else {
            return Err(by_event(
                KEY,
                format!("Property 'SourceAccessConfigurations[{i}]' should be a map."),
            ));
        };
        let Some(t) = conf.get("Type").and_then(Value::as_str) else {
            return Err(by_event(
                KEY,
                format!("Property 'SourceAccessConfigurations[{i}].Type' should be a string."),
            ));
        };
        if !supported.contains(&t) {
            let shown: Vec<String> = supported.iter().map(|s| format!("'{s}'")).collect();
            return Err(by_event(
                KEY,
                format!(
                    "Invalid property Type specified in SourceAccessConfigurations. The supported values are: [{}].",
                    shown.join(", ")
                ),
            ));
        }
        if t == required {
            if found {
                return Err(by_event(
                    KEY,
                    format!(
                        "Multiple {required} properties specified in SourceAccessConfigurations."
                    ),
                ));
            }
            if !truthy(conf.get("URI")) {
                return Err(by_event(
                    KEY,
                    format!("No {required} URI property specified in SourceAccessConfigurations."),
                ));
            }
            found = true;
        }
    }
    if !found {
        return Err(by_event(
            KEY,
            format!("No {required} property specified in SourceAccessConfigurations."),
        ));
    }
    Ok(())
}

/// `SelfManagedKafka.get_policy_statements`' checks.
fn self_managed_kafka(e: &PullEvent) -> Result<(), Problem> {
    if !truthy(e.get("KafkaBootstrapServers")) {
        return Err(by_event(
            "KafkaBootstrapServers",
            "No KafkaBootstrapServers provided for self managed kafka as an event source",
        ));
    }
    let topics = e.get("Topics").filter(|v| truthy(Some(v)));
    let Some(topics) = topics else {
        return Err(by_event(
            "Topics",
            "No Topics provided for self managed kafka as an event source",
        ));
    };
    let len = match topics {
        Value::Array(a) => a.len(),
        Value::Object(m) => m.len(),
        _ => 1,
    };
    if len != 1 {
        return Err(by_event(
            "Topics",
            "Topics for self managed kafka only supports single configuration entry.",
        ));
    }
    const KEY: &str = "SourceAccessConfigurations";
    let Some(sacs) = e.get(KEY).filter(|v| truthy(Some(v))) else {
        return Err(by_event(
            KEY,
            "No SourceAccessConfigurations for self managed kafka event provided.",
        ));
    };
    let Some(list) = sacs.as_array() else {
        return Err(by_event(
            KEY,
            "SourceAccessConfigurations for self managed kafka event should be a list.",
        ));
    };
    let (mut subnet, mut group, mut auth) = (false, false, false);
    for conf in list {
        let Some(conf) = conf.as_object() else {
            return Err(by_event(
                KEY,
                "Property 'SourceAccessConfigurations' should be a map.",
            ));
        };
        let t = conf.get("Type").and_then(Value::as_str).unwrap_or("");
        let uri = conf.get("URI");
        match t {
            "VPC_SUBNET" => {
                kafka_uri(uri, "VPC_SUBNET")?;
                subnet = true;
            }
            "VPC_SECURITY_GROUP" => {
                kafka_uri(uri, "VPC_SECURITY_GROUP")?;
                group = true;
            }
            t if KAFKA_AUTH.contains(&t) => {
                if auth {
                    return Err(by_event(
                        KEY,
                        "Multiple auth mechanism properties specified in SourceAccessConfigurations for self managed kafka event.",
                    ));
                }
                auth = true;
                if !KAFKA_NON_URI.contains(&t) {
                    kafka_uri(uri, "auth mechanism")?;
                }
            }
            "SERVER_ROOT_CA_CERTIFICATE" => kafka_uri(uri, "SERVER_ROOT_CA_CERTIFICATE")?,
            t if KAFKA_OAUTH_METADATA.contains(&t) => kafka_uri(uri, t)?,
            _ => return Err(by_event(
                KEY,
                "Invalid SourceAccessConfigurations Type provided for self managed kafka event.",
            )),
        }
    }
    if subnet != group {
        return Err(by_event(
            KEY,
            "VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for SelfManagedKafka must be both provided.",
        ));
    }
    kms_key_id(e)?;
    schema_registry(e)
}

fn kafka_uri(uri: Option<&Value>, what: &str) -> Result<(), Problem> {
    const KEY: &str = "SourceAccessConfigurations";
    if !truthy(uri) {
        return Err(by_event(
            KEY,
            format!("No {what} URI property specified in SourceAccessConfigurations for self managed kafka event."),
        ));
    }
    match uri {
        Some(v) if v.is_string() || crate::template::Expr::is_intrinsic(v) => Ok(()),
        _ => Err(by_event(
            KEY,
            format!("Wrong Type for {what} URI property specified in SourceAccessConfigurations for self managed kafka event."),
        )),
    }
}

/// SAM's `validate_schema_registry_config` (MSK and SelfManagedKafka).
fn schema_registry(e: &PullEvent) -> Result<(), Problem> {
    const KEY: &str = "SchemaRegistryConfig";
    let Some(cfg) = e.get(KEY).filter(|v| truthy(Some(v))) else {
        return Ok(());
    };
    let Some(cfg) = cfg.as_object() else {
        return Err(by_event(
            KEY,
            "Property 'SchemaRegistryConfig' should be a map.",
        ));
    };
    for field in [
        "SchemaRegistryURI",
        "EventRecordFormat",
        "SchemaValidationConfigs",
    ] {
        if !cfg.contains_key(field) {
            return Err(by_event(
                KEY,
                format!("Missing required field {field} in SchemaRegistryConfig"),
            ));
        }
    }
    if !matches!(
        cfg.get("EventRecordFormat").and_then(Value::as_str),
        Some("JSON" | "SOURCE")
    ) {
        return Err(by_event(
            KEY,
            "EventRecordFormat in SchemaRegistryConfig must be either 'JSON' or 'SOURCE'",
        ));
    }
    if !cfg
        .get("SchemaValidationConfigs")
        .is_some_and(Value::is_array)
    {
        return Err(by_event(KEY, "SchemaValidationConfigs must be a list"));
    }
    if let Some(access) = cfg.get("AccessConfigs").filter(|v| truthy(Some(v))) {
        let Some(list) = access.as_array() else {
            return Err(by_event(
                KEY,
                "AccessConfigs in SchemaRegistryConfig must be a list",
            ));
        };
        for c in list {
            let ok = c
                .as_object()
                .is_some_and(|m| m.contains_key("Type") && m.contains_key("URI"));
            if !ok {
                return Err(by_event(
                    KEY,
                    "Each AccessConfig must be a dict with 'Type' and 'URI' fields",
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(kind: PullKind, props: Value) -> Vec<String> {
        let e = PullEvent {
            kind,
            properties: props.as_object().unwrap().clone(),
        };
        let mut d = Diagnostics::new();
        check(
            &At {
                fn_id: "Fn",
                event_id: "Ev",
                bare: false,
            },
            &e,
            &mut d,
        );
        d.into_sorted().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn mq_needs_basic_auth() {
        // SAM 1.115, error_missing_basic_auth_in_mq.
        let e = problems(
            PullKind::Mq,
            json!({"Broker": "b", "SourceAccessConfigurations": [{"Type": "VIRTUAL_HOST", "URI": "v"}]}),
        );
        assert_eq!(e, ["Resource with id [Fn] is invalid. Event with id [Ev] is invalid. No BASIC_AUTH property specified in SourceAccessConfigurations."]);
    }

    #[test]
    fn consumer_group_only_on_kafka() {
        let e = problems(PullKind::Sqs, json!({"Queue": "q", "ConsumerGroupId": "g"}));
        assert_eq!(e, ["Resource with id [Fn] is invalid. Event with id [FnEv] is invalid. Property ConsumerGroupId not defined for resource of type SQS."]);
    }

    #[test]
    fn self_managed_kafka_wants_one_topic() {
        let e = problems(
            PullKind::SelfManagedKafka,
            json!({"KafkaBootstrapServers": ["a"], "Topics": ["t", "u"]}),
        );
        assert_eq!(e.len(), 1);
        assert!(e[0]
            .ends_with("Topics for self managed kafka only supports single configuration entry."));
    }
}
