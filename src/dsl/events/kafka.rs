//! Kafka events: Amazon MSK (SAM `Type: MSK`) and self-managed Apache Kafka
//! (SAM `Type: SelfManagedKafka`), each an event source mapping on one topic.

use serde_json::{json, Value};

use super::super::function::{Event, SamEvent};
use super::{pull_setters, Props, StartingPosition};

/// How Lambda authenticates to, or reaches, a Kafka cluster
/// (a `SourceAccessConfigurations` entry). Secrets are Secrets Manager ARNs.
#[derive(Debug, Clone, PartialEq)]
pub enum KafkaAccess {
    /// SASL/SCRAM-256 with the user and password in this secret.
    SaslScram256(Value),
    /// SASL/SCRAM-512 with the user and password in this secret.
    SaslScram512(Value),
    /// SASL/PLAIN with the user and password in this secret.
    Basic(Value),
    /// Mutual TLS with the client certificate in this secret.
    ClientCertificateTls(Value),
    /// A cluster inside a VPC: a subnet of it (`subnet:subnet-…`).
    VpcSubnet(Value),
    /// A cluster inside a VPC: a security group (`security_group:sg-…`).
    VpcSecurityGroup(Value),
    /// The root CA certificate of a self-signed broker certificate, in this secret.
    ServerRootCaCertificate(Value),
}

impl KafkaAccess {
    fn entry(&self) -> Value {
        let (t, uri) = match self {
            KafkaAccess::SaslScram256(v) => ("SASL_SCRAM_256_AUTH", v),
            KafkaAccess::SaslScram512(v) => ("SASL_SCRAM_512_AUTH", v),
            KafkaAccess::Basic(v) => ("BASIC_AUTH", v),
            KafkaAccess::ClientCertificateTls(v) => ("CLIENT_CERTIFICATE_TLS_AUTH", v),
            KafkaAccess::VpcSubnet(v) => ("VPC_SUBNET", v),
            KafkaAccess::VpcSecurityGroup(v) => ("VPC_SECURITY_GROUP", v),
            KafkaAccess::ServerRootCaCertificate(v) => ("SERVER_ROOT_CA_CERTIFICATE", v),
        };
        json!({"Type": t, "URI": uri})
    }
}

fn push_access(e: &mut Props, access: &KafkaAccess) {
    let entry = access.entry();
    match e.map.get_mut("SourceAccessConfigurations") {
        Some(Value::Array(list)) => list.push(entry),
        _ => e.set("SourceAccessConfigurations", json!([entry])),
    }
}

macro_rules! kafka_setters {
    ($ty:ty) => {
        impl $ty {
            /// The consumer group Lambda joins (1 to 200 characters).
            /// Default: a unique ID Lambda generates.
            #[track_caller]
            pub fn consumer_group(mut self, id: &str) -> Self {
                if !(1..=200).contains(&id.len()) {
                    self.e.problem(
                        "ConsumerGroupId",
                        format!("'{id}' is not 1 to 200 characters long."),
                    );
                }
                self.e.set("ConsumerGroupId", id);
                self
            }

            /// Adds an authentication or network access configuration; repeatable.
            /// Default: none.
            pub fn access(mut self, access: KafkaAccess) -> Self {
                push_access(&mut self.e, &access);
                self
            }

            /// Provisioned mode: between `min` (1 to 200) and `max` (1 to 2,000) event pollers.
            /// Default: on-demand polling.
            #[track_caller]
            pub fn provisioned_pollers(mut self, min: u32, max: u32) -> Self {
                if !(1..=200).contains(&min) || !(1..=2000).contains(&max) || min > max {
                    self.e.problem(
                        "ProvisionedPollerConfig",
                        format!("pollers {min}..{max}: the minimum must be 1 to 200, the maximum 1 to 2000 and not below the minimum."),
                    );
                }
                self.e.set(
                    "ProvisionedPollerConfig",
                    json!({"MinimumPollers": min, "MaximumPollers": max}),
                );
                self
            }

            /// Sends a discarded batch's details to this queue.
            /// Default: discarded batches are dropped.
            pub fn on_failure_queue(mut self, q: impl $crate::dsl::events::QueueHandle) -> Self {
                self.e.set(
                    "DestinationConfig",
                    json!({"OnFailure": {"Type": "SQS", "Destination": q.queue_arn()}}),
                );
                self
            }

            /// Sends a discarded batch's details to this topic.
            /// Default: discarded batches are dropped.
            pub fn on_failure_topic(mut self, t: impl $crate::dsl::events::TopicHandle) -> Self {
                self.e.set(
                    "DestinationConfig",
                    json!({"OnFailure": {"Type": "SNS", "Destination": t.topic_arn()}}),
                );
                self
            }
        }
    };
}

/// Invokes the function with batches of an Amazon MSK topic's records.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let cluster = "arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc";
/// let f = Function::new(Runtime::Java21, "Orders::handle", Code::s3("s3://b/k.zip"))
///     .on("Orders", Msk::new(cluster, "orders", StartingPosition::TrimHorizon).consumer_group("billing"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct Msk {
    pub(crate) e: Props,
}

impl Msk {
    /// Records of `topic` on the MSK cluster with ARN `cluster`, from `start`.
    #[track_caller]
    pub fn new(cluster: impl Into<Value>, topic: &str, start: StartingPosition) -> Self {
        let mut e = Props::new();
        e.set("Stream", cluster.into());
        start.write(&mut e);
        e.set("Topics", json!([topic]));
        Msk { e }
    }
}

pull_setters!(Msk);
kafka_setters!(Msk);

impl Event for Msk {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("MSK")
    }
}

/// Invokes the function with batches of a self-managed Apache Kafka topic's records.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka";
/// let f = Function::new(Runtime::Python312, "k.handler", Code::inline("..."))
///     .on(
///         "Clicks",
///         SelfManagedKafka::new(&["broker1:9092"], "clicks", StartingPosition::Latest, KafkaAccess::SaslScram512(secret.into())),
///     );
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct SelfManagedKafka {
    pub(crate) e: Props,
}

impl SelfManagedKafka {
    /// Records of `topic` on the cluster reached at `bootstrap_servers`
    /// (`host:port`), from `start`, with one access configuration (add more
    /// with [`access`](Self::access)); Lambda needs at least one.
    #[track_caller]
    pub fn new(
        bootstrap_servers: &[&str],
        topic: &str,
        start: StartingPosition,
        access: KafkaAccess,
    ) -> Self {
        let mut e = Props::new();
        if bootstrap_servers.is_empty() {
            e.problem(
                "KafkaBootstrapServers",
                "a self-managed Kafka event needs at least one bootstrap server.",
            );
        }
        e.set("KafkaBootstrapServers", json!(bootstrap_servers));
        e.set("Topics", json!([topic]));
        start.write(&mut e);
        push_access(&mut e, &access);
        SelfManagedKafka { e }
    }
}

pull_setters!(SelfManagedKafka);
kafka_setters!(SelfManagedKafka);

impl Event for SelfManagedKafka {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("SelfManagedKafka")
    }
}
