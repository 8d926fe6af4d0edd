//! A REST API's resource policy (SAM's `Auth.ResourcePolicy`): who may call
//! the API, by account, IP range, VPC or VPC endpoint, plus custom statements.
//! Literal VPC IDs go to SAM's `SourceVpc…` lists, expressions to its
//! `IntrinsicVpc…`/`IntrinsicVpce…` lists, so the user never picks the key.

use serde_json::{Map, Value};

/// Who may call a REST API.
///
/// ```
/// use stackwright::dsl::api::policy::ResourcePolicy;
/// let p = ResourcePolicy::new()
///     .allow_accounts(["123456789012"])
///     .deny_ip_ranges(["10.0.0.0/8"])
///     .allow_vpcs(["vpc-0a1b2c3d"]);
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourcePolicy {
    map: Map<String, Value>,
}

impl ResourcePolicy {
    /// An empty policy (add lists with the methods below).
    pub fn new() -> Self {
        Self::default()
    }

    fn extend<V: Into<Value>>(mut self, key: &str, items: impl IntoIterator<Item = V>) -> Self {
        let slot = self
            .map
            .entry(key)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = slot {
            list.extend(items.into_iter().map(Into::into));
        }
        self
    }

    /// Splits literal IDs from expressions: SAM wants them under different keys.
    fn vpcs<V: Into<Value>>(
        self,
        literal_key: &str,
        intrinsic_key: &str,
        ids: impl IntoIterator<Item = V>,
    ) -> Self {
        let (lit, expr): (Vec<Value>, Vec<Value>) =
            ids.into_iter().map(Into::into).partition(Value::is_string);
        let mut me = self;
        if !lit.is_empty() {
            me = me.extend(literal_key, lit);
        }
        if !expr.is_empty() {
            me = me.extend(intrinsic_key, expr);
        }
        me
    }

    /// Allows only these AWS accounts (IDs or expressions).
    /// Default: no account restriction.
    pub fn allow_accounts<V: Into<Value>>(self, accounts: impl IntoIterator<Item = V>) -> Self {
        self.extend("AwsAccountWhitelist", accounts)
    }

    /// Denies these AWS accounts.
    /// Default: no account is denied.
    pub fn deny_accounts<V: Into<Value>>(self, accounts: impl IntoIterator<Item = V>) -> Self {
        self.extend("AwsAccountBlacklist", accounts)
    }

    /// Allows only these source IP ranges (CIDR).
    /// Default: no IP restriction.
    pub fn allow_ip_ranges<V: Into<Value>>(self, ranges: impl IntoIterator<Item = V>) -> Self {
        self.extend("IpRangeWhitelist", ranges)
    }

    /// Denies these source IP ranges (CIDR).
    /// Default: no range is denied.
    pub fn deny_ip_ranges<V: Into<Value>>(self, ranges: impl IntoIterator<Item = V>) -> Self {
        self.extend("IpRangeBlacklist", ranges)
    }

    /// Allows only calls from these VPCs (`vpc-…` or expressions).
    /// Default: no VPC restriction.
    pub fn allow_vpcs<V: Into<Value>>(self, vpcs: impl IntoIterator<Item = V>) -> Self {
        self.vpcs("SourceVpcWhitelist", "IntrinsicVpcWhitelist", vpcs)
    }

    /// Denies calls from these VPCs.
    /// Default: no VPC is denied.
    pub fn deny_vpcs<V: Into<Value>>(self, vpcs: impl IntoIterator<Item = V>) -> Self {
        self.vpcs("SourceVpcBlacklist", "IntrinsicVpcBlacklist", vpcs)
    }

    /// Allows only calls through these VPC endpoints (`vpce-…` or expressions).
    /// Default: no VPC endpoint restriction.
    pub fn allow_vpc_endpoints<V: Into<Value>>(self, ids: impl IntoIterator<Item = V>) -> Self {
        self.vpcs("SourceVpcWhitelist", "IntrinsicVpceWhitelist", ids)
    }

    /// Denies calls through these VPC endpoints.
    /// Default: no VPC endpoint is denied.
    pub fn deny_vpc_endpoints<V: Into<Value>>(self, ids: impl IntoIterator<Item = V>) -> Self {
        self.vpcs("SourceVpcBlacklist", "IntrinsicVpceBlacklist", ids)
    }

    /// Adds a policy statement of your own (`{"Effect": …, "Principal": …, …}`).
    /// Default: only the statements the lists above make.
    pub fn statement(self, statement: Value) -> Self {
        self.extend("CustomStatements", [statement])
    }

    pub(crate) fn into_map(self) -> Map<String, Value> {
        self.map
    }
}
