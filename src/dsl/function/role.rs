//! A function's execution role when it is not the one SAM generates, and how
//! grants reach it.
//!
//! SAM generates `<Id>Role` from a function's `Policies` — unless the function
//! names an existing `Role`, in which case SAM silently ignores `Policies`.
//! The DSL never lets a grant vanish that way: after every grant has been
//! lowered, [`attach_existing_role_policies`] turns the `Policies` of each
//! function with an existing role into one `AWS::IAM::Policy`
//! (`<Id>RolePolicy`) attached to that role by name, with the same
//! statements SAM's policy templates give a generated role, and those SAM
//! gives it for the dead-letter queue and asynchronous destinations.
//! (Managed policies SAM adds — basic execution, VPC access, X-Ray — are the
//! existing role's own business.) A role known only
//! by an ARN expression has no name CloudFormation can attach to: that is a
//! synth error naming the function, never nothing.
//!
//! # The contract for grants
//!
//! A grant appends one SAM `Policies` entry (a policy template
//! `{Name: {Param: value}}` or an inline document `{"Statement": [...]}`)
//! to the function's declaration, whatever its role: [`role_target`] says
//! where the entry will end up, for a grant that wants to know.

use serde_json::{json, Value};

use crate::dsl::parts::{Parts, Problem};
use crate::dsl::resource::CfnResource;
use crate::dsl::{Decl, Lowering};
use crate::model::policy_templates;
use crate::model::Ref;

/// `HandleUse` kind for a plain `AWS::IAM::Role` resource.
pub(crate) const IAM_ROLE_KIND: &str = "iam role";

/// An execution role as `Role` takes it, and what the setter found wrong.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct RoleArn {
    pub arn: Value,
    pub handle: Option<&'static str>,
    pub problem: Option<String>,
}

/// What may be a function's execution role: a role ARN (a literal string,
/// checked, or an expression) or the handle of an `AWS::IAM::Role` declared
/// in the app.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a function's execution role",
    label = "not a role ARN or role handle",
    note = "give the role's ARN (\"arn:aws:iam::123456789012:role/name\" or an expression) or the `Ref<CfnResource>` of an `AWS::IAM::Role` declared with `app.resource(…)`"
)]
pub trait ExecutionRole {
    #[doc(hidden)]
    fn role_arn(self) -> RoleArn;
}

impl ExecutionRole for &str {
    fn role_arn(self) -> RoleArn {
        RoleArn {
            arn: self.into(),
            handle: None,
            problem: role_name_from_arn(self).is_none().then(|| {
                format!(
                    "'{self}' is not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)."
                )
            }),
        }
    }
}

impl ExecutionRole for String {
    fn role_arn(self) -> RoleArn {
        self.as_str().role_arn()
    }
}

/// An ARN expression (a parameter's value, an import). Grants cannot attach
/// to a role known this way; give a handle or a literal ARN for that.
impl ExecutionRole for Value {
    fn role_arn(self) -> RoleArn {
        match self.as_str() {
            Some(s) => s.role_arn(),
            None => RoleArn {
                arn: self,
                handle: None,
                problem: None,
            },
        }
    }
}

/// A role declared in the app with `app.resource("R", CfnResource::new("AWS::IAM::Role")…)`.
impl ExecutionRole for Ref<CfnResource> {
    fn role_arn(self) -> RoleArn {
        RoleArn {
            arn: self.get_att("Arn"),
            handle: Some(self.id()),
            problem: None,
        }
    }
}

/// The role name in a literal role ARN (`arn:aws:iam::123:role/path/Name` → `Name`).
fn role_name_from_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    if !partition.starts_with("aws") || account.is_empty() {
        return None;
    }
    let name = resource.strip_prefix("role/")?.rsplit('/').next()?;
    (!name.is_empty()).then_some(name)
}

/// Where the permissions granted to a function go.
#[derive(Debug, Clone, PartialEq)]
pub enum RoleTarget {
    /// SAM generates `<Id>Role` from the function's `Policies`.
    Generated,
    /// An existing role, by name (`{"Ref": R}` for a declared role, or the
    /// name in a literal ARN): grants become an `AWS::IAM::Policy` on it.
    Existing { name: Value },
    /// An existing role known only by an ARN expression: grants are an error.
    Unnamed { arn: Value },
}

/// Where grants to the function declared as `decl` end up (see the module docs).
pub fn role_target(decl: &Decl) -> RoleTarget {
    role_target_of(&decl.parts)
}

fn role_target_of(parts: &Parts) -> RoleTarget {
    let Some(role) = parts.props.get("Role") else {
        return RoleTarget::Generated;
    };
    if let Some(name) = role.as_str().and_then(role_name_from_arn) {
        return RoleTarget::Existing { name: name.into() };
    }
    if let Some([Value::String(id), Value::String(attr)]) = role
        .get("Fn::GetAtt")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        if attr == "Arn" {
            return RoleTarget::Existing {
                name: json!({ "Ref": id }),
            };
        }
    }
    RoleTarget::Unnamed { arn: role.clone() }
}

/// For each function with an existing role and `Policies` (grants, managed
/// or inline policies, policy templates), moves those policies onto the role
/// as `AWS::IAM::Policy` `<Id>RolePolicy`, and makes the function depend on
/// it. Run once, after every other lowering pass.
pub fn attach_existing_role_policies(low: &mut Lowering<'_>) {
    let functions: Vec<&'static str> = low
        .decls()
        .iter()
        .filter(|d| d.kind == "function" && d.parts.props.contains_key("Role"))
        .map(|d| d.id)
        .collect();
    for id in functions {
        let Some(decl) = low.decl_mut(id) else {
            continue;
        };
        let entries = match decl.parts.props.remove("Policies") {
            Some(Value::Array(entries)) => entries,
            _ => Vec::new(),
        };
        let target = role_target_of(&decl.parts);
        let mut statements = implied_statements(&decl.parts);
        if entries.is_empty()
            && (statements.is_empty() || matches!(target, RoleTarget::Unnamed { .. }))
        {
            // Nothing granted; a role given by expression keeps SAM's
            // behaviour for the dead-letter queue and destinations.
            continue;
        }
        let mut problems = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            match statements_of(entry) {
                Ok(s) => statements.extend(s),
                Err(why) => problems.push(Problem {
                    path: format!("Policies.{i}"),
                    message: why,
                    at: None,
                }),
            }
        }
        let policy_id: &'static str = crate::dsl::intern(format!("{id}RolePolicy"));
        let name = match target {
            RoleTarget::Existing { name } => Some(name),
            RoleTarget::Unnamed { .. } => {
                problems.push(Problem {
                    path: "Role".into(),
                    message: "the function has grants or policies, but its role is given as an ARN expression whose role name CloudFormation cannot know, so they cannot be attached: give the role as a literal ARN or as the handle of the role declared in the app.".into(),
                    at: None,
                });
                None
            }
            RoleTarget::Generated => None,
        };
        if let (Some(name), true) = (name, problems.is_empty()) {
            if low.decl(policy_id).is_some() {
                low.problem(
                    id,
                    Problem {
                        path: "Role".into(),
                        message: format!("'{policy_id}' holds the function's grants to its existing role, but that logical ID is declared already."),
                        at: None,
                    },
                );
                continue;
            }
            if let Some(decl) = low.decl_mut(id) {
                let deps = decl
                    .parts
                    .attrs
                    .entry("DependsOn")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = deps {
                    list.push(Value::String(policy_id.into()));
                }
            }
            let mut parts = Parts::new();
            parts.set(
                "grant",
                "PolicyDocument",
                json!({"Version": "2012-10-17", "Statement": statements}),
            );
            parts.set("grant", "PolicyName", policy_id);
            parts.set("grant", "Roles", json!([name]));
            low.add(Decl {
                id: policy_id,
                kind: "policy",
                type_: "AWS::IAM::Policy".into(),
                parts,
            });
        }
        for p in problems {
            low.problem(id, p);
        }
    }
}

/// What SAM grants a role it generates for the function's dead-letter queue
/// and asynchronous destinations (the same statements, in SAM's order), so
/// that an existing role gets them too.
fn implied_statements(parts: &Parts) -> Vec<Value> {
    let mut out = Vec::new();
    let props = &parts.props;
    if let Some(dlq) = props.get("DeadLetterQueue") {
        let action = match dlq.get("Type").and_then(Value::as_str) {
            Some("SQS") => "sqs:SendMessage",
            Some("SNS") => "sns:Publish",
            _ => "",
        };
        if let (false, Some(arn)) = (action.is_empty(), dlq.get("TargetArn")) {
            out.push(json!({"Action": action, "Resource": arn, "Effect": "Allow"}));
        }
    }
    let destinations = props
        .get("EventInvokeConfig")
        .and_then(|c| c.get("DestinationConfig"));
    for key in ["OnSuccess", "OnFailure"] {
        let Some(d) = destinations.and_then(|d| d.get(key)) else {
            continue;
        };
        let (Some(type_), Some(dest)) =
            (d.get("Type").and_then(Value::as_str), d.get("Destination"))
        else {
            continue;
        };
        let action = match type_ {
            "SQS" => "sqs:SendMessage",
            "SNS" => "sns:publish",
            "EventBridge" => "events:PutEvents",
            "Lambda" => "lambda:InvokeFunction",
            "S3Bucket" => {
                out.push(json!({"Action": "s3:PutObject", "Effect": "Allow", "Resource": {"Fn::Join": ["/", [dest, "*"]]}}));
                "s3:ListBucket"
            }
            _ => continue,
        };
        out.push(json!({"Action": action, "Effect": "Allow", "Resource": dest}));
    }
    out
}

/// The statements of one SAM `Policies` entry, as SAM would put them in a
/// generated role.
fn statements_of(entry: &Value) -> Result<Vec<Value>, String> {
    match entry {
        Value::String(name) => Err(format!(
            "the managed policy '{name}' cannot be attached through the function: with an existing role, attach it to the role itself."
        )),
        Value::Object(m) if m.contains_key("Statement") => Ok(list(m.get("Statement"))),
        Value::Object(m) if m.len() == 1 => {
            let Some((name, params)) = m.iter().next() else {
                return Err("an empty policy.".into());
            };
            if !policy_templates::has(name) {
                return Err(format!(
                    "the managed policy {} cannot be attached through the function: with an existing role, attach it to the role itself.",
                    Value::Object(m.clone())
                ));
            }
            policy_templates::policy_template_document(name, params)
                .map(|doc| list(doc.get("Statement")))
                .map_err(|e| e.to_string())
        }
        other => Err(format!(
            "{other} is not a policy stackwright can attach to an existing role (a policy template or a document with Statement)."
        )),
    }
}

fn list(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(a)) => a.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_come_from_literal_arns() {
        assert_eq!(
            role_name_from_arn("arn:aws:iam::123456789012:role/app/Worker"),
            Some("Worker")
        );
        assert_eq!(
            role_name_from_arn("arn:aws-cn:iam::123456789012:role/R"),
            Some("R")
        );
        assert_eq!(role_name_from_arn("arn:aws:iam::123456789012:user/R"), None);
        assert_eq!(role_name_from_arn("my-role"), None);
    }

    #[test]
    fn policy_templates_expand_to_their_statements() {
        let s = statements_of(&json!({"SQSSendMessagePolicy": {"QueueName": "q"}})).unwrap();
        assert_eq!(s.len(), 1);
        assert!(statements_of(&json!("AmazonS3ReadOnlyAccess")).is_err());
        assert_eq!(
            statements_of(&json!({"Statement": [{"Effect": "Allow"}]})).unwrap(),
            vec![json!({"Effect": "Allow"})]
        );
    }
}
