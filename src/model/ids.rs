//! Logical IDs and typed references between resources.

use std::fmt;
use std::marker::PhantomData;

use serde_json::Value;

use crate::template::Expr;

/// A CloudFormation logical ID. User IDs are used as written; validity
/// (`[A-Za-z0-9]{1,255}`) is checked by [`LogicalId::check`], never repaired by
/// stripping characters (so `A-B` and `AB` cannot silently collide).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogicalId(pub String);

impl LogicalId {
    pub fn new(id: impl Into<String>) -> Self {
        LogicalId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `Err` with the reason when the ID is not alphanumeric or is too long.
    pub fn check(id: &str) -> Result<(), String> {
        if id.is_empty() || id.len() > 255 {
            return Err(format!(
                "Logical ids must be 1 to 255 characters long; '{id}' is {}.",
                id.len()
            ));
        }
        if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!(
                "Logical ids must be alphanumeric (A-Za-z0-9); '{id}' is not."
            ));
        }
        Ok(())
    }
}

impl fmt::Display for LogicalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for LogicalId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A typed handle to a resource of kind `K`: its logical ID plus the kind.
/// Attributes are methods returning intrinsics, never strings.
pub struct Ref<K> {
    id: &'static str,
    _kind: PhantomData<fn() -> K>,
}

impl<K> Ref<K> {
    /// Handles are minted by the DSL when a resource is declared. IDs in Rust
    /// apps are literals, which is what lets the handle be `Copy`.
    pub fn new(id: &'static str) -> Self {
        Ref {
            id,
            _kind: PhantomData,
        }
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// `{"Ref": id}`.
    pub fn ref_(&self) -> Value {
        Expr::ref_(self.id).into()
    }

    /// `{"Fn::GetAtt": [id, attr]}`.
    pub fn get_att(&self, attr: &str) -> Value {
        Expr::get_att(self.id, attr).into()
    }
}

impl<K> Clone for Ref<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Ref<K> {}
impl<K> PartialEq for Ref<K> {
    fn eq(&self, o: &Self) -> bool {
        self.id == o.id
    }
}
impl<K> fmt::Debug for Ref<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Ref<{}>({})",
            std::any::type_name::<K>()
                .rsplit("::")
                .next()
                .unwrap_or("?"),
            self.id
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_ids_are_checked_not_repaired() {
        assert!(LogicalId::check("MyTable1").is_ok());
        assert!(LogicalId::check("My-Table").is_err());
        assert!(LogicalId::check("").is_err());
        assert!(LogicalId::check(&"a".repeat(256)).is_err());
    }

    #[test]
    fn handles_render_intrinsics() {
        struct K;
        let r: Ref<K> = Ref::new("Orders");
        assert_eq!(r.ref_(), serde_json::json!({"Ref": "Orders"}));
        assert_eq!(
            r.get_att("Arn"),
            serde_json::json!({"Fn::GetAtt": ["Orders", "Arn"]})
        );
        assert_eq!(format!("{r:?}"), "Ref<K>(Orders)");
    }
}
