//! A function's VPC attachment (`VpcConfig`), with subnet and security group
//! ids typed apart: a security group where a subnet goes (a literal
//! `sg-…`, or a parameter of type `AWS::EC2::SecurityGroup::Id`) is refused.

use serde_json::{Map, Value};

use crate::dsl::params::{kind, Parameter};
use crate::dsl::parts::Problem;
use crate::model::Ref;

/// One subnet id, as a [`Vpc`] takes it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a subnet id",
    label = "expected a subnet id",
    note = "give a literal (\"subnet-0123456789abcdef0\"), an expression, or a `Ref<Parameter<kind::SubnetId>>` (from `Parameter::subnet_id()`)"
)]
pub trait IntoSubnetId {
    #[doc(hidden)]
    fn subnet_id(self) -> Value;
}

/// One security group id, as a [`Vpc`] takes it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a security group id",
    label = "expected a security group id",
    note = "give a literal (\"sg-0123456789abcdef0\"), an expression, or a `Ref<Parameter<kind::SecurityGroupId>>` (from `Parameter::security_group_id()`)"
)]
pub trait IntoSecurityGroupId {
    #[doc(hidden)]
    fn security_group_id(self) -> Value;
}

/// A list of subnet ids given as one expression.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of subnet ids",
    label = "expected a list of subnet ids",
    note = "give a `Ref<Parameter<kind::SubnetIds>>` (from `Parameter::subnet_ids()`) or a list expression"
)]
pub trait IntoSubnetIds {
    #[doc(hidden)]
    fn subnet_ids(self) -> Value;
}

/// A list of security group ids given as one expression.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of security group ids",
    label = "expected a list of security group ids",
    note = "give a `Ref<Parameter<kind::SecurityGroupIds>>` (from `Parameter::security_group_ids()`) or a list expression"
)]
pub trait IntoSecurityGroupIds {
    #[doc(hidden)]
    fn security_group_ids(self) -> Value;
}

impl IntoSubnetId for &str {
    fn subnet_id(self) -> Value {
        self.into()
    }
}
impl IntoSubnetId for Value {
    fn subnet_id(self) -> Value {
        self
    }
}
impl IntoSubnetId for Ref<Parameter<kind::SubnetId>> {
    fn subnet_id(self) -> Value {
        self.ref_()
    }
}
impl IntoSecurityGroupId for &str {
    fn security_group_id(self) -> Value {
        self.into()
    }
}
impl IntoSecurityGroupId for Value {
    fn security_group_id(self) -> Value {
        self
    }
}
impl IntoSecurityGroupId for Ref<Parameter<kind::SecurityGroupId>> {
    fn security_group_id(self) -> Value {
        self.ref_()
    }
}
impl IntoSubnetIds for Ref<Parameter<kind::SubnetIds>> {
    fn subnet_ids(self) -> Value {
        self.ref_()
    }
}
impl IntoSubnetIds for Value {
    fn subnet_ids(self) -> Value {
        self
    }
}
impl IntoSecurityGroupIds for Ref<Parameter<kind::SecurityGroupIds>> {
    fn security_group_ids(self) -> Value {
        self.ref_()
    }
}
impl IntoSecurityGroupIds for Value {
    fn security_group_ids(self) -> Value {
        self
    }
}

/// Whether `s` is `<prefix>-` and 8 or 17 hex digits, as EC2 ids are.
fn is_ec2_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
        .is_some_and(|hex| {
            matches!(hex.len(), 8 | 17) && hex.chars().all(|c| c.is_ascii_hexdigit())
        })
}

#[derive(Debug, Clone, PartialEq)]
enum Ids {
    Each(Vec<Value>),
    List(Value),
}

impl Default for Ids {
    fn default() -> Self {
        Ids::Each(Vec::new())
    }
}

impl Ids {
    fn is_empty(&self) -> bool {
        matches!(self, Ids::Each(v) if v.is_empty())
    }

    fn value(self) -> Value {
        match self {
            Ids::Each(v) => Value::Array(v),
            Ids::List(v) => v,
        }
    }
}

/// The subnets and security groups a function's network interfaces use.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("demo");
/// let subnets = app.parameter("Subnets", Parameter::subnet_ids());
/// let f = Function::new(Runtime::Python313, "app.handler", Code::inline("x"))
///     .vpc(Vpc::new().subnets(subnets).security_group("sg-0123456789abcdef0"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vpc {
    subnets: Ids,
    security_groups: Ids,
    ipv6: bool,
    problems: Vec<Problem>,
}

impl Vpc {
    /// No subnets or security groups yet; a function needs at least one of each.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a subnet (`SubnetIds`); at most 16.
    /// Default: none.
    #[track_caller]
    pub fn subnet(mut self, id: impl IntoSubnetId) -> Self {
        let v = id.subnet_id();
        if let Some(s) = v.as_str() {
            if !is_ec2_id(s, "subnet") {
                let hint = if is_ec2_id(s, "sg") {
                    " (it is a security group: use .security_group)"
                } else {
                    ""
                };
                self.problem(
                    "VpcConfig.SubnetIds",
                    format!("'{s}' is not a subnet id (subnet-<8 or 17 hex digits>){hint}."),
                );
            }
        }
        match &mut self.subnets {
            Ids::Each(list) => list.push(v),
            Ids::List(_) => self.problem(
                "VpcConfig.SubnetIds",
                "the subnets are already given as a list (.subnets); add them there.",
            ),
        }
        self
    }

    /// The subnets as one list expression (a `List<AWS::EC2::Subnet::Id>` parameter).
    /// Default: none.
    #[track_caller]
    pub fn subnets(mut self, ids: impl IntoSubnetIds) -> Self {
        if !self.subnets.is_empty() {
            self.problem(
                "VpcConfig.SubnetIds",
                "subnets are already added one by one (.subnet); give them one way.",
            );
        }
        self.subnets = Ids::List(ids.subnet_ids());
        self
    }

    /// Adds a security group (`SecurityGroupIds`); at most 5.
    /// Default: none.
    #[track_caller]
    pub fn security_group(mut self, id: impl IntoSecurityGroupId) -> Self {
        let v = id.security_group_id();
        if let Some(s) = v.as_str() {
            if !is_ec2_id(s, "sg") {
                let hint = if is_ec2_id(s, "subnet") {
                    " (it is a subnet: use .subnet)"
                } else {
                    ""
                };
                self.problem(
                    "VpcConfig.SecurityGroupIds",
                    format!("'{s}' is not a security group id (sg-<8 or 17 hex digits>){hint}."),
                );
            }
        }
        match &mut self.security_groups {
            Ids::Each(list) => list.push(v),
            Ids::List(_) => self.problem(
                "VpcConfig.SecurityGroupIds",
                "the security groups are already given as a list (.security_groups); add them there.",
            ),
        }
        self
    }

    /// The security groups as one list expression (a
    /// `List<AWS::EC2::SecurityGroup::Id>` parameter).
    /// Default: none.
    #[track_caller]
    pub fn security_groups(mut self, ids: impl IntoSecurityGroupIds) -> Self {
        if !self.security_groups.is_empty() {
            self.problem(
                "VpcConfig.SecurityGroupIds",
                "security groups are already added one by one (.security_group); give them one way.",
            );
        }
        self.security_groups = Ids::List(ids.security_group_ids());
        self
    }

    /// Lets the function use IPv6 in dual-stack subnets (`Ipv6AllowedForDualStack`).
    /// Default: IPv4 only.
    pub fn ipv6_allowed_for_dual_stack(mut self) -> Self {
        self.ipv6 = true;
        self
    }

    #[track_caller]
    fn problem(&mut self, path: &str, msg: impl Into<String>) {
        self.problems.push(Problem::new(path, msg));
    }

    #[track_caller]
    pub(crate) fn lower(mut self) -> (Value, Vec<Problem>) {
        for (ids, name, path, max) in [
            (&self.subnets, "subnet", "VpcConfig.SubnetIds", 16),
            (
                &self.security_groups,
                "security group",
                "VpcConfig.SecurityGroupIds",
                5,
            ),
        ] {
            match ids {
                Ids::Each(v) if v.is_empty() => self.problems.push(Problem::new(
                    path,
                    format!("a function in a VPC needs at least one {name}."),
                )),
                Ids::Each(v) if v.len() > max => self.problems.push(Problem::new(
                    path,
                    format!("{} {name}s: Lambda takes at most {max}.", v.len()),
                )),
                _ => {}
            }
        }
        let mut m = Map::new();
        m.insert("SecurityGroupIds".into(), self.security_groups.value());
        m.insert("SubnetIds".into(), self.subnets.value());
        if self.ipv6 {
            m.insert("Ipv6AllowedForDualStack".into(), true.into());
        }
        (Value::Object(m), self.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec2_ids_have_their_prefix_and_hex() {
        assert!(is_ec2_id("subnet-0123abcd", "subnet"));
        assert!(is_ec2_id("sg-0123456789abcdef0", "sg"));
        assert!(!is_ec2_id("sg-0123abcd", "subnet"));
        assert!(!is_ec2_id("subnet-xyz", "subnet"));
    }
}
