//! What SQS queues and SNS topics share: a physical name of letters, digits,
//! `-` and `_` that ends in `.fifo` exactly when the queue or topic is FIFO,
//! and content-based deduplication for FIFO ones only.

use serde_json::Value;

use super::parts::Parts;

/// The naming rules of one kind (`queue`: `QueueName`, `FifoQueue`, 80).
pub(crate) struct Naming {
    pub kind: &'static str,
    pub name_key: &'static str,
    pub fifo_key: &'static str,
    pub max_len: usize,
}

pub(crate) const QUEUE: Naming = Naming {
    kind: "queue",
    name_key: "QueueName",
    fifo_key: "FifoQueue",
    max_len: 80,
};

pub(crate) const TOPIC: Naming = Naming {
    kind: "topic",
    name_key: "TopicName",
    fifo_key: "FifoTopic",
    max_len: 256,
};

impl Naming {
    /// Checks a literal name's characters and length (the setter's caller is blamed).
    #[track_caller]
    pub fn check_name(&self, parts: &mut Parts, name: &Value) {
        let Some(s) = name.as_str() else { return };
        let base = s.strip_suffix(".fifo").unwrap_or(s);
        let ok = !base.is_empty()
            && s.len() <= self.max_len
            && base
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            let (kind, max) = (self.kind, self.max_len);
            parts.problem(
                self.name_key,
                format!("'{s}' is not a {kind} name: 1 to {max} letters, digits, '-' or '_' (and '.fifo' at the end of a FIFO {kind}'s)."),
            );
        }
    }

    /// Checks the name's `.fifo` suffix and deduplication against FIFO-ness,
    /// once every setter has run.
    #[track_caller]
    pub fn check_fifo(&self, parts: &mut Parts) {
        let kind = self.kind;
        let props = parts.properties();
        let fifo = props.get(self.fifo_key) == Some(&Value::Bool(true));
        let name = props
            .get(self.name_key)
            .and_then(Value::as_str)
            .map(str::to_string);
        let dedup = props.contains_key("ContentBasedDeduplication");
        if let Some(name) = name {
            if fifo != name.ends_with(".fifo") {
                let why = if fifo {
                    format!("'{name}' names a FIFO {kind}: its name must end in '.fifo'.")
                } else {
                    format!("'{name}' ends in '.fifo', which only a FIFO {kind}'s name may (add `.fifo()`).")
                };
                parts.problem(self.name_key, why);
            }
        }
        if !fifo && dedup {
            parts.problem(
                "ContentBasedDeduplication",
                format!("content-based deduplication is for FIFO {kind}s only (add `.fifo()`)."),
            );
        }
    }
}
