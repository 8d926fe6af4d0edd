//! Broker and database events: Amazon MQ (SAM `Type: MQ`) and Amazon
//! DocumentDB change streams (SAM `Type: DocumentDB`). Both need credentials
//! in Secrets Manager, so their constructors take the secret: one cannot be
//! written without it.

use serde_json::{json, Value};

use super::super::function::{Event, SamEvent};
use super::{pull_setters, Props, StartingPosition};

/// Invokes the function with batches of messages from an Amazon MQ queue.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let broker = "arn:aws:mq:us-east-1:123456789012:broker:orders:b-1";
/// let secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mq";
/// let f = Function::new(Runtime::Python312, "mq.handler", Code::inline("..."))
///     .on("Orders", Mq::new(broker, "orders", secret).batch_size(20));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct Mq {
    pub(crate) e: Props,
}

impl Mq {
    /// Messages of queue `queue` on the broker with ARN `broker`, read with
    /// the user and password in secret `secret` (its ARN).
    #[track_caller]
    pub fn new(broker: impl Into<Value>, queue: &str, secret: impl Into<Value>) -> Self {
        let mut e = Props::new();
        e.set("Broker", broker.into());
        e.set("Queues", json!([queue]));
        e.set(
            "SourceAccessConfigurations",
            json!([{"Type": "BASIC_AUTH", "URI": secret.into()}]),
        );
        Mq { e }
    }

    /// The RabbitMQ virtual host the queue is in.
    /// Default: `/`.
    pub fn virtual_host(mut self, name: &str) -> Self {
        if let Some(Value::Array(list)) = self.e.map.get_mut("SourceAccessConfigurations") {
            list.push(json!({"Type": "VIRTUAL_HOST", "URI": name}));
        }
        self
    }

    /// The KMS key that encrypts the secret, if a customer managed one.
    /// Default: the secret's key needs no grant.
    pub fn secrets_kms_key(mut self, key_id: &str) -> Self {
        self.e.set("SecretsManagerKmsKeyId", key_id);
        self
    }
}

pull_setters!(Mq);

impl Event for Mq {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("MQ")
    }
}

/// What a DocumentDB change event carries for an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullDocument {
    /// Only the changed fields.
    Default,
    /// The whole document as it is after the update.
    UpdateLookup,
}

/// Invokes the function with batches of a DocumentDB change stream's events.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let cluster = "arn:aws:rds:us-east-1:123456789012:cluster:docs";
/// let secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:docdb";
/// let f = Function::new(Runtime::Python312, "d.handler", Code::inline("..."))
///     .on("Changes", DocumentDb::new(cluster, "shop", secret).collection("orders"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone)]
pub struct DocumentDb {
    pub(crate) e: Props,
}

impl DocumentDb {
    /// Changes to database `database` of the cluster with ARN `cluster`, read
    /// with the user and password in secret `secret` (its ARN).
    #[track_caller]
    pub fn new(cluster: impl Into<Value>, database: &str, secret: impl Into<Value>) -> Self {
        let mut e = Props::new();
        e.set("Cluster", cluster.into());
        e.set("DatabaseName", database);
        e.set(
            "SourceAccessConfigurations",
            json!([{"Type": "BASIC_AUTH", "URI": secret.into()}]),
        );
        DocumentDb { e }
    }

    /// Only changes to this collection.
    /// Default: every collection of the database.
    pub fn collection(mut self, name: &str) -> Self {
        self.e.set("CollectionName", name);
        self
    }

    /// What an update's event carries.
    /// Default: [`FullDocument::Default`].
    pub fn full_document(mut self, f: FullDocument) -> Self {
        let v = match f {
            FullDocument::Default => "Default",
            FullDocument::UpdateLookup => "UpdateLookup",
        };
        self.e.set("FullDocument", v);
        self
    }

    /// Where the mapping starts reading.
    /// Default: Lambda's default (`LATEST`).
    pub fn starting_position(mut self, start: StartingPosition) -> Self {
        start.write(&mut self.e);
        self
    }
}

pull_setters!(DocumentDb);

impl Event for DocumentDb {
    fn into_sam(self) -> SamEvent {
        self.e.into_sam("DocumentDB")
    }
}
