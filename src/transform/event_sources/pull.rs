//! Pull event sources (`eventsources.pull`): one
//! `AWS::Lambda::EventSourceMapping` per event, and what each type adds to
//! the function's generated role (SAM's `_link_policy`): a managed policy
//! (SQS, Kinesis, DynamoDB, MSK), inline statements (MSK, MQ,
//! SelfManagedKafka, DocumentDB), and a policy for an `OnFailure`
//! destination given a `Type`.

use serde_json::{json, Map, Value};

use crate::model::event_source::{PullEvent, PullKind};
use crate::model::function::{EventKind, Function};
use crate::model::value::truthy_opt as truthy;
use crate::template::resources::iam::Role;
use crate::template::resources::lambda::EventSourceMapping;
use crate::template::Resource;
use crate::transform::iam::aws_managed_policy_arn;
use crate::transform::intrinsics::resolve_parameter_refs;
use crate::transform::logical_id;

use super::{Generated, Invoked};

/// Properties SAM copies from the event to the mapping, in its `LambdaEventSourceMapping` order.
const COPIED: &[&str] = &[
    "BatchSize",
    "Enabled",
    "MaximumBatchingWindowInSeconds",
    "MaximumRetryAttempts",
    "BisectBatchOnFunctionError",
    "MaximumRecordAgeInSeconds",
    "ParallelizationFactor",
    "StartingPosition",
    "StartingPositionTimestamp",
    "Topics",
    "Queues",
    "SourceAccessConfigurations",
    "TumblingWindowInSeconds",
    "FunctionResponseTypes",
    "FilterCriteria",
    "KmsKeyArn",
    "ScalingConfig",
    "ProvisionedPollerConfig",
    "MetricsConfig",
    "LoggingConfig",
];

/// The event's source ARN property for its type (none for self-managed Kafka).
fn source_arn_key(kind: PullKind) -> Option<&'static str> {
    match kind {
        PullKind::Kinesis | PullKind::DynamoDb | PullKind::Msk => Some("Stream"),
        PullKind::Sqs => Some("Queue"),
        PullKind::Mq => Some("Broker"),
        PullKind::DocumentDb => Some("Cluster"),
        PullKind::SelfManagedKafka => None,
    }
}

/// The mapping for a pull event.
pub(super) fn expand(
    inv: &Invoked,
    ev: &crate::model::function::Event,
    e: &PullEvent,
    gen: &mut Generated,
) {
    let mut m = Map::new();
    m.insert("FunctionName".into(), inv.name());
    if let Some(v) = source_arn_key(e.kind).and_then(|k| e.get(k)) {
        m.insert("EventSourceArn".into(), v.clone());
    }
    for key in COPIED {
        if let Some(v) = e.get(key) {
            m.insert((*key).into(), v.clone());
        }
    }
    if let Some(servers) = e.get("KafkaBootstrapServers").filter(|v| truthy(Some(v))) {
        m.insert(
            "SelfManagedEventSource".into(),
            json!({"Endpoints": {"KafkaBootstrapServers": servers}}),
        );
    }
    let kafka_config = match e.kind {
        PullKind::Msk => Some("AmazonManagedKafkaEventSourceConfig"),
        PullKind::SelfManagedKafka => Some("SelfManagedKafkaEventSourceConfig"),
        _ => None,
    };
    if let Some(key) = kafka_config {
        let mut config = Map::new();
        if let Some(g) = e.get("ConsumerGroupId").filter(|v| truthy(Some(v))) {
            config.insert("ConsumerGroupId".into(), g.clone());
        }
        if let Some(s) = e.get("SchemaRegistryConfig").filter(|v| truthy(Some(v))) {
            config.insert("SchemaRegistryConfig".into(), s.clone());
        }
        if !config.is_empty() {
            m.insert(key.into(), Value::Object(config));
        }
    }
    if let Some(dc) = e.get("DestinationConfig").filter(|v| truthy(Some(v))) {
        m.insert("DestinationConfig".into(), destination_config(dc));
    }
    if e.kind == PullKind::DocumentDb {
        let mut config = Map::new();
        if let Some(v) = e.get("DatabaseName") {
            config.insert("DatabaseName".into(), v.clone());
        }
        for key in ["CollectionName", "FullDocument"] {
            if let Some(v) = e.get(key).filter(|v| truthy(Some(v))) {
                config.insert(key.into(), v.clone());
            }
        }
        m.insert("DocumentDBEventSourceConfig".into(), Value::Object(config));
    }
    gen.add(
        inv.event_id(ev),
        inv.resource(Resource::typed(&EventSourceMapping(m))),
    );
}

/// `DestinationConfig` as CloudFormation takes it: SAM reads `OnFailure.Type`
/// to pick the role's policy, then drops it.
fn destination_config(dc: &Value) -> Value {
    let mut dc = dc.clone();
    if let Some(on_failure) = dc.get_mut("OnFailure").and_then(Value::as_object_mut) {
        if on_failure.get("Type").is_some_and(|t| truthy(Some(t))) {
            on_failure.shift_remove("Type");
        }
    }
    dc
}

/// The SQS mapping SAM adds for an SNS event delivered through a queue.
pub(super) fn sqs_mapping_for_sns(
    inv: &Invoked,
    event_id: &str,
    queue_arn: Value,
    batch_size: Value,
) -> (String, Resource) {
    let mut m = Map::new();
    m.insert("FunctionName".into(), inv.name());
    m.insert("EventSourceArn".into(), queue_arn);
    m.insert("BatchSize".into(), batch_size);
    m.insert("Enabled".into(), Value::Bool(true));
    (
        format!("{event_id}EventSourceMapping"),
        inv.resource(Resource::typed(&EventSourceMapping(m))),
    )
}

/// Adds what `f`'s pull events need to its generated role, in event order,
/// skipping managed policies and documents already there (SAM's `_link_policy`).
pub fn link_role(f: &Function, role: &mut Role, partition: &str, params: &Map<String, Value>) {
    for ev in super::sorted_events(f) {
        let eid = logical_id::event_id(&f.id, &ev.id);
        let (managed, statements, destination) = match &ev.kind {
            EventKind::Pull(e) => (
                managed_policy(e.kind),
                statements(e, &eid, params),
                destination_policy(e, &eid),
            ),
            // An SNS event delivered through a queue polls it with an SQS mapping.
            EventKind::Sns(s) if s.sqs_subscription.is_some() => {
                (managed_policy(PullKind::Sqs), Vec::new(), None)
            }
            _ => continue,
        };
        if let Some(name) = managed {
            let arn = Value::String(aws_managed_policy_arn(name, partition));
            let list = role.managed_policy_arns.get_or_insert_with(Vec::new);
            if !list.contains(&arn) {
                list.push(arn);
            }
        }
        for policy in statements {
            let list = role.policies.get_or_insert_with(Vec::new);
            let doc = policy.get("PolicyDocument");
            if !list.contains(&policy) && !list.iter().any(|d| d.get("PolicyDocument") == doc) {
                list.push(policy);
            }
        }
        if let Some(policy) = destination {
            let list = role.policies.get_or_insert_with(Vec::new);
            let doc = policy.get("PolicyDocument");
            if !list.contains(&policy) && !list.iter().any(|d| d.get("PolicyDocument") == doc) {
                list.push(policy);
            }
        }
    }
}

fn managed_policy(kind: PullKind) -> Option<&'static str> {
    match kind {
        PullKind::Sqs => Some("service-role/AWSLambdaSQSQueueExecutionRole"),
        PullKind::Kinesis => Some("service-role/AWSLambdaKinesisExecutionRole"),
        PullKind::DynamoDb => Some("service-role/AWSLambdaDynamoDBExecutionRole"),
        PullKind::Msk => Some("service-role/AWSLambdaMSKExecutionRole"),
        _ => None,
    }
}

/// The policy for an `OnFailure` destination with a `Type` (named `<Fn><Event><Type>Policy`).
fn destination_policy(e: &PullEvent, eid: &str) -> Option<Value> {
    let on_failure = e.get("DestinationConfig")?.get("OnFailure")?;
    let dest = on_failure
        .get("Destination")
        .cloned()
        .unwrap_or(Value::Null);
    // Pull events name an S3 destination `S3`, EventInvokeConfig `S3Bucket`;
    // only queues, topics and buckets take failed records.
    let kind = match on_failure.get("Type")?.as_str()? {
        k @ ("SQS" | "SNS") => k,
        "S3" => "S3Bucket",
        _ => return None,
    };
    super::invoke_config::policy(kind, eid, &dest)
}

fn secret(uri: &Value) -> Value {
    json!({"Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": uri})
}

fn kms_decrypt(key_id: &Value) -> Value {
    let key = key_id.as_str().unwrap_or_default();
    json!({
        "Action": ["kms:Decrypt"],
        "Effect": "Allow",
        "Resource": {"Fn::Sub": format!("arn:${{AWS::Partition}}:kms:${{AWS::Region}}:${{AWS::AccountId}}:key/{key}")}
    })
}

fn vpc_permission() -> Value {
    json!({
        "Action": [
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:DescribeVpcs",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups"
        ],
        "Effect": "Allow",
        "Resource": "*"
    })
}

/// The `URI` of the (single) source access configuration of type `t`.
fn config_uri<'a>(e: &'a PullEvent, t: &str) -> Option<&'a Value> {
    e.get("SourceAccessConfigurations")?
        .as_array()?
        .iter()
        .filter(|c| c.get("Type").and_then(Value::as_str) == Some(t))
        .filter_map(|c| c.get("URI"))
        .next_back()
}

/// The type's inline policies (SAM's `get_policy_statements`); the reader
/// has already rejected what SAM rejects here.
fn statements(e: &PullEvent, eid: &str, params: &Map<String, Value>) -> Vec<Value> {
    let kms = e
        .get("SecretsManagerKmsKeyId")
        .filter(|v| truthy(Some(v)))
        .map(kms_decrypt);
    match e.kind {
        PullKind::Msk => {
            let mut s = schema_registry(e, params);
            for c in e
                .get("SourceAccessConfigurations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if c.get("Type").and_then(Value::as_str) == Some("CLIENT_CERTIFICATE_TLS_AUTH") {
                    if let Some(uri) = c.get("URI").filter(|u| truthy(Some(u))) {
                        s.push(secret(uri));
                    }
                }
            }
            if s.is_empty() {
                return Vec::new();
            }
            vec![
                json!({"PolicyName": "MSKExecutionRolePolicy", "PolicyDocument": {"Statement": s}}),
            ]
        }
        PullKind::Mq => {
            let uri = config_uri(e, "BASIC_AUTH").cloned().unwrap_or(Value::Null);
            let mut s = vec![
                json!({"Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": uri}),
                json!({"Action": ["mq:DescribeBroker"], "Effect": "Allow", "Resource": e.get("Broker")}),
            ];
            if let Some(k) = e.get("SecretsManagerKmsKeyId").filter(|v| truthy(Some(v))) {
                // SAM's MQ statement spells the action as a string, not a list.
                let key = k.as_str().unwrap_or_default();
                s.push(json!({
                    "Action": "kms:Decrypt",
                    "Effect": "Allow",
                    "Resource": {"Fn::Sub": format!("arn:${{AWS::Partition}}:kms:${{AWS::Region}}:${{AWS::AccountId}}:key/{key}")}
                }));
            }
            let name = if e.get("DynamicPolicyName") == Some(&Value::Bool(true)) {
                format!("{eid}AMQPolicy")
            } else {
                "SamAutoGeneratedAMQPolicy".to_string()
            };
            vec![json!({"PolicyName": name, "PolicyDocument": {"Statement": s}})]
        }
        PullKind::SelfManagedKafka => {
            let mut auth = None;
            let mut root_ca = None;
            let mut vpc = false;
            for c in e
                .get("SourceAccessConfigurations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                match c.get("Type").and_then(Value::as_str).unwrap_or("") {
                    "VPC_SUBNET" | "VPC_SECURITY_GROUP" => vpc = true,
                    "SERVER_ROOT_CA_CERTIFICATE" => root_ca = c.get("URI"),
                    "IAM_AUTH" | "IAM_OAUTHBEARER_AUTH" => {}
                    "SASL_SCRAM_256_AUTH"
                    | "SASL_SCRAM_512_AUTH"
                    | "BASIC_AUTH"
                    | "CLIENT_CERTIFICATE_TLS_AUTH"
                    | "OAUTHBEARER_AUTH" => auth = c.get("URI"),
                    _ => {}
                }
            }
            let mut s = Vec::new();
            if let Some(u) = auth.filter(|u| truthy(Some(u))) {
                s.push(secret(u));
            }
            if let Some(u) = root_ca.filter(|u| truthy(Some(u))) {
                s.push(secret(u));
            }
            if vpc {
                s.push(vpc_permission());
            }
            s.extend(kms);
            s.extend(schema_registry(e, params));
            if s.is_empty() {
                return Vec::new();
            }
            vec![json!({
                "PolicyDocument": {"Statement": s, "Version": "2012-10-17"},
                "PolicyName": "SelfManagedKafkaExecutionRolePolicy"
            })]
        }
        PullKind::DocumentDb => {
            let uri = config_uri(e, "BASIC_AUTH").cloned().unwrap_or(Value::Null);
            let mut s = vec![
                json!({"Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": uri}),
                json!({"Action": ["rds:DescribeDBClusterParameters"], "Effect": "Allow",
                       "Resource": {"Fn::Sub": "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:*"}}),
                json!({"Action": ["rds:DescribeDBSubnetGroups"], "Effect": "Allow",
                       "Resource": {"Fn::Sub": "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*"}}),
                json!({"Action": ["rds:DescribeDBClusters"], "Effect": "Allow", "Resource": e.get("Cluster")}),
                vpc_permission(),
            ];
            s.extend(kms);
            vec![
                json!({"PolicyName": "SamAutoGeneratedDocumentDBPolicy", "PolicyDocument": {"Statement": s}}),
            ]
        }
        _ => Vec::new(),
    }
}

/// Glue schema registry access (SAM's `get_schema_registry_permissions`):
/// the access configs' secrets, and the registry and its schemas when the
/// registry URI is an ARN (after inlining parameters in a `Fn::Sub`).
fn schema_registry(e: &PullEvent, params: &Map<String, Value>) -> Vec<Value> {
    let Some(cfg) = e.get("SchemaRegistryConfig").filter(|v| truthy(Some(v))) else {
        return Vec::new();
    };
    let mut s = Vec::new();
    for c in cfg
        .get("AccessConfigs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(uri) = c.get("URI") {
            s.push(secret(uri));
        }
    }
    let uri = cfg.get("SchemaRegistryURI").cloned().unwrap_or(Value::Null);
    let arn = match &uri {
        Value::String(a) => Some(a.clone()),
        Value::Object(_) => resolve_parameter_refs(&uri, params)
            .get("Fn::Sub")
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    };
    if let Some(name) = arn.as_deref().and_then(registry_name) {
        s.push(json!({"Action": ["glue:GetRegistry"], "Effect": "Allow", "Resource": uri}));
        s.push(json!({
            "Action": ["glue:GetSchemaVersion"],
            "Effect": "Allow",
            "Resource": [{"Fn::Sub": format!("arn:${{AWS::Partition}}:glue:${{AWS::Region}}:${{AWS::AccountId}}:schema/{name}/*")}]
        }));
    }
    s
}

/// `arn:aws:glue:r:a:registry/name` → `name` (SAM splits on `:` and reads the sixth part).
fn registry_name(arn: &str) -> Option<&str> {
    if !arn.starts_with("arn") {
        return None;
    }
    arn.split(':').nth(5)?.strip_prefix("registry/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names_come_from_the_sixth_arn_part() {
        assert_eq!(
            registry_name("arn:aws:glue:us-east-1:123456789012:registry/my-reg"),
            Some("my-reg")
        );
        assert_eq!(registry_name("arn:aws:glue:us-east-1:123:schema/x"), None);
        assert_eq!(registry_name("nope"), None);
    }

    #[test]
    fn destination_type_is_dropped_from_the_mapping() {
        let dc = json!({"OnFailure": {"Type": "SQS", "Destination": "arn"}});
        assert_eq!(
            destination_config(&dc),
            json!({"OnFailure": {"Destination": "arn"}})
        );
    }
}
