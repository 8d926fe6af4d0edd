//! The execution role SAM generates for a function (`<Id>Role`), as SAM's
//! `construct_role_for_resource` builds it.
//!
//! `ManagedPolicyArns` starts with the defaults the caller passes (SAM puts
//! `AWSLambdaBasicExecutionRole` first, then X-Ray and VPC access), then each
//! managed entry of `Policies` — names resolved to ARNs with SAM's bundled
//! table for the partition, duplicates dropped. Inline documents and
//! expanded policy templates become `Policies` named `<Id>RolePolicy<N>`,
//! where N is the entry's index in `Policies` (so names skip the managed
//! entries). `Fn::If` entries keep their condition and convert each branch.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::error::{Cursor, Diagnostics};
use crate::model::function::Policy;
use crate::model::policy_templates;
use crate::template::resources::iam;
use crate::template::{Expr, Pseudo};

/// SAM's bundled AWS managed policy table: partition → policy name → ARN.
const MANAGED_POLICIES_JSON: &str = include_str!("../../templates/managed_policies.json");

/// Partition → policy name → ARN, borrowed from the embedded text (it has no
/// escapes): parsed on every synth that names a managed policy, so no
/// string of it is copied.
type ManagedPolicies = HashMap<&'static str, HashMap<&'static str, &'static str>>;

fn managed_policies() -> &'static ManagedPolicies {
    static TABLE: OnceLock<ManagedPolicies> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Our own data, checked by a unit test; broken data means "no names known".
        serde_json::from_str(MANAGED_POLICIES_JSON).unwrap_or_default()
    })
}

/// The generated role's logical ID: `MyFn` → `MyFnRole`.
pub fn role_id(owner: &str) -> String {
    format!("{owner}Role")
}

/// ARN of an AWS-owned managed policy in `partition` (SAM's `generate_aws_managed_policy_arn`).
pub fn aws_managed_policy_arn(name: &str, partition: &str) -> String {
    format!("arn:{partition}:iam::aws:policy/{name}")
}

/// A `Policies` entry's managed policy name resolved to its ARN through SAM's
/// bundled table; anything not in it (an ARN, a customer policy) is kept as written.
pub fn managed_policy_arn(name: &str, partition: &str) -> String {
    managed_policies()
        .get(partition)
        .and_then(|m| m.get(name))
        .copied()
        .unwrap_or(name)
        .to_string()
}

/// The X-Ray write policy SAM adds for tracing: the old name in `aws`, the new one elsewhere.
pub fn xray_policy_arn(partition: &str) -> String {
    let name = if partition == "aws" {
        "AWSXrayWriteOnlyAccess"
    } else {
        "AWSXRayDaemonWriteAccess"
    };
    aws_managed_policy_arn(name, partition)
}

/// The trust policy letting `service` (e.g. `lambda.amazonaws.com`) assume the role.
pub fn assume_role_policy(service: &str) -> Value {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Action": ["sts:AssumeRole"], "Effect": "Allow", "Principal": {"Service": [service]}}
        ]
    })
}

/// What goes into a generated execution role.
pub struct RoleSpec<'a> {
    /// Logical ID of the resource the role is for (named in diagnostics).
    pub owner: &'a str,
    pub assume_role_policy_document: Value,
    /// Managed policies SAM adds before the user's.
    pub managed_policy_arns: Vec<Value>,
    /// Named inline policies SAM adds before the user's (e.g. the dead-letter queue's).
    pub policy_documents: Vec<Value>,
    pub policies: &'a [Policy],
    pub path: Option<Value>,
    pub permissions_boundary: Option<Value>,
    pub tags: Option<Vec<Value>>,
}

/// Builds the role; problems with `Policies` (template parameters) go to `diags`.
pub fn execution_role(spec: RoleSpec, partition: &str, diags: &mut Diagnostics) -> iam::Role {
    let role_id = role_id(spec.owner);
    let cur = Cursor::new(spec.owner).at("Policies");
    let mut managed = spec.managed_policy_arns;
    let mut documents = spec.policy_documents;
    for (index, policy) in spec.policies.iter().enumerate() {
        let name = format!("{role_id}Policy{index}");
        let at = cur.at(&index.to_string());
        match policy {
            Policy::Managed(v) => push_unique(&mut managed, managed_value(v, partition)),
            Policy::Inline(doc) => documents.push(named(&name, doc.clone())),
            Policy::Template {
                name: t,
                parameters,
            } => {
                if let Some(doc) = template_document(&at, t, parameters, diags) {
                    documents.push(named(&name, doc));
                }
            }
            Policy::If {
                condition,
                then,
                otherwise,
            } => {
                let is_managed = [then, otherwise]
                    .into_iter()
                    .flatten()
                    .next()
                    .is_none_or(|p| matches!(**p, Policy::Managed(_)));
                let mut branch = |b: &Option<Box<Policy>>| -> Option<Value> {
                    let Some(p) = b else {
                        return Some(Pseudo::NoValue.value());
                    };
                    Some(match &**p {
                        Policy::Managed(v) => managed_value(v, partition),
                        Policy::Inline(doc) => named(&name, doc.clone()),
                        Policy::Template {
                            name: t,
                            parameters,
                        } => named(&name, template_document(&at, t, parameters, diags)?),
                        // The reader never nests a conditional policy here.
                        Policy::If { .. } => return None,
                    })
                };
                let (Some(t), Some(e)) = (branch(then), branch(otherwise)) else {
                    continue;
                };
                let v: Value = Expr::If(condition_name(condition), t, e).into();
                let v = with_condition(v, condition);
                if is_managed {
                    push_unique(&mut managed, v);
                } else {
                    documents.push(v);
                }
            }
        }
    }
    iam::Role {
        assume_role_policy_document: spec.assume_role_policy_document,
        managed_policy_arns: Some(managed),
        path: spec.path,
        policies: (!documents.is_empty()).then_some(documents),
        permissions_boundary: spec.permissions_boundary,
        tags: spec.tags,
    }
}

/// `Expr::If` takes a condition name; SAM copies whatever was written, so a
/// non-string condition is put back verbatim by [`with_condition`].
fn condition_name(c: &Value) -> String {
    c.as_str().unwrap_or_default().to_string()
}

fn with_condition(mut v: Value, condition: &Value) -> Value {
    if !condition.is_string() {
        if let Some(first) = v
            .get_mut("Fn::If")
            .and_then(Value::as_array_mut)
            .and_then(|a| a.first_mut())
        {
            *first = condition.clone();
        }
    }
    v
}

fn managed_value(v: &Value, partition: &str) -> Value {
    match v {
        Value::String(s) => Value::String(managed_policy_arn(s, partition)),
        other => other.clone(),
    }
}

fn push_unique(list: &mut Vec<Value>, v: Value) {
    if !list.contains(&v) {
        list.push(v);
    }
}

fn named(name: &str, document: Value) -> Value {
    // Built by hand: `json!` would serialize `document` into a fresh copy.
    let mut m = Map::with_capacity(2);
    m.insert("PolicyName".into(), Value::String(name.to_string()));
    m.insert("PolicyDocument".into(), document);
    Value::Object(m)
}

fn template_document(
    at: &Cursor,
    name: &str,
    parameters: &Value,
    diags: &mut Diagnostics,
) -> Option<Value> {
    match policy_templates::policy_template_document(name, parameters) {
        Ok(doc) => Some(doc),
        Err(e) => {
            at.plain_error(diags, e.to_string());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn managed_names_resolve_per_partition() {
        // SAM 1.115: AWSLambdaRole lives under service-role/.
        assert_eq!(
            managed_policy_arn("AWSLambdaRole", "aws"),
            "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"
        );
        assert_eq!(
            managed_policy_arn("AmazonDynamoDBFullAccess", "aws-cn"),
            "arn:aws-cn:iam::aws:policy/AmazonDynamoDBFullAccess"
        );
        assert_eq!(
            managed_policy_arn("arn:aws:iam::123456789012:policy/Mine", "aws"),
            "arn:aws:iam::123456789012:policy/Mine"
        );
        assert_eq!(managed_policy_arn("NoSuchPolicy", "aws"), "NoSuchPolicy");
        assert_eq!(
            xray_policy_arn("aws-us-gov"),
            "arn:aws-us-gov:iam::aws:policy/AWSXRayDaemonWriteAccess"
        );
    }

    #[test]
    fn role_is_named_after_its_function() {
        assert_eq!(role_id("MyFn"), "MyFnRole");
    }

    #[test]
    fn policies_are_named_by_index_and_managed_arns_deduplicated() {
        // SAM 1.115, function_managed_inline_policy: the inline document at
        // index 0 is FunctionRolePolicy0; AWSLambdaBasicExecutionRole is not repeated.
        let basic = json!("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        let policies = vec![
            Policy::Managed(json!("AWSLambdaBasicExecutionRole")),
            Policy::Template {
                name: "SQSPollerPolicy".into(),
                parameters: json!({"QueueName": "q"}),
            },
            Policy::If {
                condition: json!("C"),
                then: Some(Box::new(Policy::Managed(json!("AWSLambdaRole")))),
                otherwise: None,
            },
        ];
        let mut d = Diagnostics::new();
        let role = execution_role(
            RoleSpec {
                owner: "Function",
                assume_role_policy_document: assume_role_policy("lambda.amazonaws.com"),
                managed_policy_arns: vec![basic.clone()],
                policy_documents: vec![],
                policies: &policies,
                path: None,
                permissions_boundary: None,
                tags: None,
            },
            "aws",
            &mut d,
        );
        assert!(d.is_empty());
        assert_eq!(
            role.managed_policy_arns.unwrap(),
            vec![
                basic,
                json!({"Fn::If": ["C", "arn:aws:iam::aws:policy/service-role/AWSLambdaRole", {"Ref": "AWS::NoValue"}]})
            ]
        );
        let docs = role.policies.unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0]["PolicyName"], "FunctionRolePolicy1");
    }

    #[test]
    fn missing_template_parameters_are_reported() {
        let policies = vec![Policy::Template {
            name: "SQSPollerPolicy".into(),
            parameters: json!({}),
        }];
        let mut d = Diagnostics::new();
        execution_role(
            RoleSpec {
                owner: "F",
                assume_role_policy_document: json!({}),
                managed_policy_arns: vec![],
                policy_documents: vec![],
                policies: &policies,
                path: None,
                permissions_boundary: None,
                tags: None,
            },
            "aws",
            &mut d,
        );
        assert_eq!(d.len(), 1);
    }
}
