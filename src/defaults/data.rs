//! Tables, queues and topics: data is kept and encrypted.

use serde_json::{json, Value};

use super::{ids_of, set_absent, Hardening, Pass};
use crate::template::Template;

pub(super) fn apply(t: &mut Template, pass: &mut Pass<'_>) {
    for id in ids_of(t, "AWS::DynamoDB::Table") {
        let pitr = pass.on(Hardening::PointInTimeRecovery, &id);
        let sse = pass.on(Hardening::TableEncryption, &id);
        let retain = pass.on(Hardening::Retain, &id);
        let Some(r) = t.resources.get_mut(&id) else {
            continue;
        };
        if pitr {
            set_absent(
                r,
                "PointInTimeRecoverySpecification",
                json!({"PointInTimeRecoveryEnabled": true}),
            );
        }
        if sse {
            set_absent(r, "SSESpecification", json!({"SSEEnabled": true}));
        }
        if retain {
            r.deletion_policy
                .get_or_insert_with(|| Value::String("Retain".into()));
            r.update_replace_policy
                .get_or_insert_with(|| Value::String("Retain".into()));
        }
    }
    for id in ids_of(t, "AWS::SQS::Queue") {
        if !pass.on(Hardening::QueueEncryption, &id) {
            continue;
        }
        if let Some(r) = t.resources.get_mut(&id) {
            let props = r.properties.get_or_insert_with(Default::default);
            if !props.contains_key("KmsMasterKeyId") && !props.contains_key("SqsManagedSseEnabled")
            {
                props.insert("SqsManagedSseEnabled".into(), Value::Bool(true));
            }
        }
    }
    for id in ids_of(t, "AWS::SNS::Topic") {
        if !pass.on(Hardening::TopicEncryption, &id) {
            continue;
        }
        if let Some(r) = t.resources.get_mut(&id) {
            set_absent(r, "KmsMasterKeyId", json!("alias/aws/sns"));
        }
    }
}
