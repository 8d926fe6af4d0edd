//! AWS WAF for REST API stages (beyond SAM): a typed `AWS::WAFv2::WebACL`
//! (REGIONAL scope, default action, AWS managed rule groups with version and
//! rule-action overrides, rate-based rules, IP-set rules with
//! `AWS::WAFv2::IPSet`, custom responses, visibility config), or an existing
//! web ACL by ARN, associated with a stage through
//! `AWS::WAFv2::WebACLAssociation`.
//!
//! AWS WAF protects REST API stages, not HTTP or WebSocket APIs: only
//! [`Stage<Rest>`] implements [`WafTarget`], and the compile error says why.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use crate::model::Ref;

use super::super::parts::{Parts, Problem, ResourceBuilder};
use super::super::App;
use super::{Rest, Stage};

/// What a web ACL (or a rule) does with a request.
#[derive(Debug, Clone, PartialEq)]
pub enum WafAction {
    Allow,
    Block,
    /// Counts the request and lets it through (for trying a rule out).
    Count,
    /// Blocks with a custom status code and, optionally, a body declared
    /// with [`WebAcl::response_body`].
    BlockWith {
        status: u16,
        body: Option<String>,
    },
}

impl WafAction {
    fn value(&self) -> Value {
        match self {
            WafAction::Allow => json!({"Allow": {}}),
            WafAction::Block => json!({"Block": {}}),
            WafAction::Count => json!({"Count": {}}),
            WafAction::BlockWith { status, body } => {
                let mut r = Map::new();
                r.insert("ResponseCode".into(), (*status).into());
                if let Some(b) = body {
                    r.insert("CustomResponseBodyKey".into(), b.clone().into());
                }
                json!({"Block": {"CustomResponse": Value::Object(r)}})
            }
        }
    }
}

/// An AWS managed rule group (`AWSManagedRulesCommonRuleSet`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedRuleGroup {
    name: String,
    vendor: String,
    version: Option<String>,
    overrides: Vec<(String, WafAction)>,
    count_only: bool,
}

impl ManagedRuleGroup {
    /// One of AWS's managed rule groups, by name.
    pub fn aws(name: &str) -> Self {
        ManagedRuleGroup {
            name: name.into(),
            vendor: "AWS".into(),
            version: None,
            overrides: Vec::new(),
            count_only: false,
        }
    }

    /// Pins the group's version (`Version_1.0`).
    /// Default: the vendor's default version.
    pub fn version(mut self, v: &str) -> Self {
        self.version = Some(v.into());
        self
    }

    /// Overrides the action of one rule of the group.
    /// Default: the rule's own action.
    pub fn rule_action(mut self, rule: &str, action: WafAction) -> Self {
        self.overrides.push((rule.into(), action));
        self
    }

    /// Counts matches of the whole group instead of acting on them.
    /// Default: the group's rules act.
    pub fn count_only(mut self) -> Self {
        self.count_only = true;
        self
    }
}

/// An IP set (`AWS::WAFv2::IPSet`, REGIONAL).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// let mut app = App::new("shop");
/// let blocked = app.ip_set("Blocked", IpSet::v4(["192.0.2.0/24", "198.51.100.7/32"]));
/// let acl = WebAcl::new(WafAction::Allow).ip_set_rule("BlockList", blocked, WafAction::Block);
/// # let _ = acl;
/// ```
#[derive(Debug, Clone)]
pub struct IpSet {
    parts: Parts,
}

impl ResourceBuilder for IpSet {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl IpSet {
    fn new(version: &str, cidrs: Vec<Value>) -> Self {
        let mut parts = Parts::new();
        parts.set("new", "Addresses", Value::Array(cidrs));
        parts.set("new", "IPAddressVersion", version);
        parts.set("new", "Scope", "REGIONAL");
        IpSet { parts }
    }

    /// IPv4 ranges in CIDR notation (`192.0.2.0/24`).
    #[track_caller]
    pub fn v4<S: AsRef<str>>(cidrs: impl IntoIterator<Item = S>) -> Self {
        let list: Vec<String> = cidrs.into_iter().map(|s| s.as_ref().to_string()).collect();
        let bad: Vec<&String> = list
            .iter()
            .filter(|c| !c.contains('/') || c.contains(':'))
            .collect();
        let mut me = IpSet::new(
            "IPV4",
            list.iter().map(|s| Value::String(s.clone())).collect(),
        );
        if !bad.is_empty() {
            me.parts.problem(
                "Addresses",
                format!("{bad:?} are not IPv4 CIDR ranges (a.b.c.d/n)."),
            );
        }
        me
    }

    /// IPv6 ranges in CIDR notation (`2001:db8::/32`).
    #[track_caller]
    pub fn v6<S: AsRef<str>>(cidrs: impl IntoIterator<Item = S>) -> Self {
        let list: Vec<String> = cidrs.into_iter().map(|s| s.as_ref().to_string()).collect();
        let bad: Vec<&String> = list
            .iter()
            .filter(|c| !c.contains('/') || !c.contains(':'))
            .collect();
        let mut me = IpSet::new(
            "IPV6",
            list.iter().map(|s| Value::String(s.clone())).collect(),
        );
        if !bad.is_empty() {
            me.parts.problem(
                "Addresses",
                format!("{bad:?} are not IPv6 CIDR ranges (x:y::/n)."),
            );
        }
        me
    }

    /// Default: CloudFormation names it.
    pub fn name(mut self, name: &str) -> Self {
        self.parts.set("name", "Name", name);
        self
    }
}

impl Ref<IpSet> {
    /// The IP set's ARN.
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
}

/// A regional web ACL (`AWS::WAFv2::WebACL`); rules are evaluated in the
/// order they are added (priorities 0, 1, …).
///
/// ```
/// use stackwright::dsl::prelude::*;
/// use stackwright::dsl::api::waf::{WafAction, ManagedRuleGroup, WebAcl};
///
/// let mut app = App::new("shop");
/// let api = app.rest_api("Api", RestApi::new("prod"));
/// app.function(
///     "Hello",
///     Function::new(Runtime::Python312, "app.h", Code::inline("def h(e, c): pass"))
///         .on("Hello", Route::get("/hello").on(api)),
/// );
/// let acl = app.web_acl(
///     "Firewall",
///     WebAcl::new(WafAction::Allow)
///         .managed_rule_group(ManagedRuleGroup::aws("AWSManagedRulesCommonRuleSet"))
///         .rate_limit("PerIp", 2000, WafAction::Block),
/// );
/// app.web_acl_association("FirewallOnProd", api.stage(), acl);
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("FirewallOnProd").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct WebAcl {
    parts: Parts,
    rules: Vec<Value>,
    names: Vec<String>,
}

impl ResourceBuilder for WebAcl {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

fn visibility(name: &str) -> Value {
    json!({"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": name})
}

impl WebAcl {
    /// A web ACL doing `default` with requests no rule decides.
    pub fn new(default: WafAction) -> Self {
        let mut parts = Parts::new();
        parts.set("new", "DefaultAction", default.value());
        parts.set("new", "Scope", "REGIONAL");
        WebAcl {
            parts,
            rules: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Default: CloudFormation names it.
    pub fn name(mut self, name: &str) -> Self {
        self.parts.set("name", "Name", name);
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.parts.set("description", "Description", d);
        self
    }

    #[track_caller]
    fn rule(mut self, name: &str, mut rule: Map<String, Value>) -> Self {
        let ok = !name.is_empty()
            && name.len() <= 128
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            self.parts.push_problem(Problem::new(
                "Rules",
                format!("rule name '{name}' must be 1 to 128 letters, digits, '_' or '-'."),
            ));
        }
        if self.names.iter().any(|n| n == name) {
            self.parts.push_problem(Problem::new(
                "Rules",
                format!("two rules are named '{name}'; WAF needs unique rule names."),
            ));
        }
        self.names.push(name.to_string());
        let mut r = Map::new();
        r.insert("Name".into(), name.into());
        r.insert("Priority".into(), self.rules.len().into());
        r.append(&mut rule);
        r.insert("VisibilityConfig".into(), visibility(name));
        self.rules.push(Value::Object(r));
        self
    }

    /// Adds a managed rule group as a rule named after the group.
    /// Default: no rules (the default action decides every request).
    #[track_caller]
    pub fn managed_rule_group(self, g: ManagedRuleGroup) -> Self {
        let mut stmt = Map::new();
        stmt.insert("VendorName".into(), g.vendor.clone().into());
        stmt.insert("Name".into(), g.name.clone().into());
        if let Some(v) = &g.version {
            stmt.insert("Version".into(), v.clone().into());
        }
        if !g.overrides.is_empty() {
            let list: Vec<Value> = g
                .overrides
                .iter()
                .map(|(n, a)| json!({"Name": n, "ActionToUse": a.value()}))
                .collect();
            stmt.insert("RuleActionOverrides".into(), Value::Array(list));
        }
        let mut rule = Map::new();
        rule.insert(
            "Statement".into(),
            json!({ "ManagedRuleGroupStatement": Value::Object(stmt) }),
        );
        let over = if g.count_only {
            json!({"Count": {}})
        } else {
            json!({"None": {}})
        };
        rule.insert("OverrideAction".into(), over);
        let name = g.name.clone();
        self.rule(&name, rule)
    }

    /// Rate-based rule: `action` for a client IP sending more than `limit`
    /// requests in 5 minutes (at least 10).
    /// Default: no rate limit.
    #[track_caller]
    pub fn rate_limit(mut self, name: &str, limit: u32, action: WafAction) -> Self {
        if limit < 10 {
            self.parts.push_problem(Problem::new(
                "Rules",
                format!("rate limit {limit} of rule '{name}' is below WAF's minimum of 10 requests per 5 minutes."),
            ));
        }
        let mut rule = Map::new();
        rule.insert(
            "Statement".into(),
            json!({"RateBasedStatement": {"Limit": limit, "AggregateKeyType": "IP"}}),
        );
        rule.insert("Action".into(), action.value());
        self.rule(name, rule)
    }

    /// IP-set rule: `action` for requests from an address in `set`.
    /// Default: no IP-set rules.
    #[track_caller]
    pub fn ip_set_rule(self, name: &str, set: Ref<IpSet>, action: WafAction) -> Self {
        let mut rule = Map::new();
        rule.insert(
            "Statement".into(),
            json!({"IPSetReferenceStatement": {"Arn": set.arn()}}),
        );
        rule.insert("Action".into(), action.value());
        self.rule(name, rule)
    }

    /// A body custom responses can send ([`WafAction::BlockWith`]), by key.
    /// Default: none.
    pub fn response_body(mut self, key: &str, content_type: ContentType, content: &str) -> Self {
        let ct = match content_type {
            ContentType::Json => "APPLICATION_JSON",
            ContentType::Html => "TEXT_HTML",
            ContentType::Text => "TEXT_PLAIN",
        };
        self.parts
            .map("response_body", "CustomResponseBodies")
            .insert(
                key.to_string(),
                json!({"ContentType": ct, "Content": content}),
            );
        self
    }
}

/// The content type of a custom response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentType {
    Json,
    Html,
    Text,
}

impl Ref<WebAcl> {
    /// The web ACL's ARN.
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
}

/// A web ACL to associate: one declared in the app or an existing one by ARN.
#[derive(Debug, Clone, PartialEq)]
pub struct WebAclArn(Value);

impl WebAclArn {
    /// An existing regional web ACL, by ARN (a literal or an expression).
    pub fn existing(arn: impl Into<Value>) -> Self {
        WebAclArn(arn.into())
    }
}

impl From<Ref<WebAcl>> for WebAclArn {
    fn from(r: Ref<WebAcl>) -> Self {
        WebAclArn(r.arn())
    }
}

/// What AWS WAF can protect. Implemented for REST API stages only.
#[diagnostic::on_unimplemented(
    message = "AWS WAF protects REST API stages only: `{Self}` cannot be associated with a web ACL",
    label = "not a REST API stage",
    note = "AWS WAF attaches to API Gateway REST API stages (`Stage<Rest>`), not to HTTP or WebSocket APIs; put a REST API or a CloudFront distribution in front to filter their traffic"
)]
pub trait WafTarget {
    /// The protected resource's ARN.
    fn resource_arn(&self) -> Value;
    /// Logical ID of the protected resource (the association waits for it).
    fn resource_id(&self) -> &'static str;
    /// Logical ID of the API the stage belongs to.
    #[doc(hidden)]
    fn api_id(&self) -> &'static str;
}

impl WafTarget for Stage<Rest> {
    fn resource_arn(&self) -> Value {
        self.arn()
    }

    fn resource_id(&self) -> &'static str {
        self.logical_id()
    }

    fn api_id(&self) -> &'static str {
        Stage::api_id(self)
    }
}

/// A web ACL association (`AWS::WAFv2::WebACLAssociation`).
#[derive(Debug, Clone, Copy)]
pub struct WebAclAssociation;

impl App {
    /// Declares a regional web ACL; returns its handle.
    #[track_caller]
    pub fn web_acl(&mut self, id: impl Into<Cow<'static, str>>, acl: WebAcl) -> Ref<WebAcl> {
        let id = super::super::intern(id);
        let WebAcl {
            mut parts, rules, ..
        } = acl;
        parts.set("rules", "Rules", Value::Array(rules));
        parts.set("new", "VisibilityConfig", visibility(id));
        self.declare(id, "web acl", "AWS::WAFv2::WebACL", parts)
    }

    /// Declares a WAF IP set; returns its handle for [`WebAcl::ip_set_rule`].
    #[track_caller]
    pub fn ip_set(&mut self, id: impl Into<Cow<'static, str>>, set: IpSet) -> Ref<IpSet> {
        self.declare(id, "ip set", "AWS::WAFv2::IPSet", set.parts)
    }

    /// Protects `target` (a REST stage) with `acl`: an
    /// `AWS::WAFv2::WebACLAssociation` whose `ResourceArn` is the stage's ARN,
    /// created after the stage (the ARN refers to the stage resource, which
    /// orders the two; an explicit `DependsOn` would be redundant, cfn-lint W3005).
    #[track_caller]
    pub fn web_acl_association(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        target: impl WafTarget,
        acl: impl Into<WebAclArn>,
    ) -> Ref<WebAclAssociation> {
        let id = super::super::intern(id);
        self.require_rest_api(id, "ResourceArn", target.api_id());
        let mut parts = Parts::new();
        parts.set("web_acl_association", "ResourceArn", target.resource_arn());
        parts.set("web_acl_association", "WebACLArn", acl.into().0);
        self.declare(
            id,
            "web acl association",
            "AWS::WAFv2::WebACLAssociation",
            parts,
        )
    }
}
