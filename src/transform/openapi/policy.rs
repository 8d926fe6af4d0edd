//! SAM's `SwaggerEditor.add_resource_policy` and `add_custom_statements`:
//! the `x-amazon-apigateway-policy` built from `Auth.ResourcePolicy`
//! (account, IP range and VPC allow/deny lists, custom statements), one set
//! of statements per path, each naming that path's methods.

use super::{conditional_contents, path_not_dict, DocError, Editor, ANY_METHOD, POLICY};
use crate::transform::permissions::params_as_star;
use crate::transform::py27::{py_eq, Py, PyDict, PyStr};

fn plain1(key: &str, value: Py) -> Py {
    let mut d = PyDict::plain();
    d.set(PyStr::lit(key), value);
    Py::Dict(d)
}

/// `fnSub(text, {"__Stage__": stage})`.
fn sub_with_stage(text: PyStr, stage: &Py) -> Py {
    plain1(
        "Fn::Sub",
        Py::List(vec![Py::Str(text), plain1("__Stage__", stage.clone())]),
    )
}

/// Python's `for x in value` over what SAM expects to be a list of strings:
/// a list's items, a string's characters, a dict's keys.
fn iterate(v: &Py) -> Vec<Py> {
    match v {
        Py::List(l) => l.clone(),
        Py::Str(s) => s
            .text
            .chars()
            .map(|c| {
                Py::Str(PyStr {
                    text: c.to_string(),
                    uni: s.uni,
                })
            })
            .collect(),
        Py::Dict(d) => d.keys().into_iter().map(|k| Py::Str(k.clone())).collect(),
        _ => Vec::new(),
    }
}

fn as_list(v: &Py) -> Vec<Py> {
    match v {
        Py::List(l) => l.clone(),
        other => vec![other.clone()],
    }
}

/// `_validate_list_property_is_resolved`.
fn all_strings(v: Option<&Py>) -> bool {
    match v {
        None => true,
        Some(v) => iterate(v).iter().all(|x| matches!(x, Py::Str(_))),
    }
}

fn statement(effect: &str, resources: &[Py], principal: Py) -> PyDict {
    let mut s = PyDict::py27();
    s.set(PyStr::lit("Effect"), Py::lit(effect));
    s.set(PyStr::lit("Action"), Py::lit("execute-api:Invoke"));
    s.set(PyStr::lit("Resource"), Py::List(resources.to_vec()));
    s.set(PyStr::lit("Principal"), principal);
    s
}

impl Editor {
    fn policy_mut(&mut self) -> &mut PyDict {
        &mut self.resource_policy
    }

    fn set_version(&mut self) {
        self.policy_mut()
            .set(PyStr::lit("Version"), Py::lit("2012-10-17"));
    }

    fn write_policy(&mut self) {
        self.doc
            .set(PyStr::lit(POLICY), Py::Dict(self.resource_policy.clone()));
    }

    /// Appends statements SAM adds only when not already present (IP and VPC lists).
    fn push_unique(&mut self, new: Vec<Py>) {
        let p = self.policy_mut();
        match p.get("Statement") {
            None | Some(Py::None) => {
                p.set(PyStr::lit("Statement"), Py::List(new));
            }
            Some(existing) => {
                let mut list = as_list(existing);
                for s in new {
                    if !list.iter().any(|x| py_eq(x, &s)) {
                        list.push(s);
                    }
                }
                p.set(PyStr::lit("Statement"), Py::List(list));
            }
        }
    }

    /// `_get_method_path_uri_list`: `execute-api:/${__Stage__}/METHOD/path`
    /// for every key of the path item (in every branch).
    fn method_uris(&self, path: &PyStr, stage: &Py) -> Result<Vec<Py>, DocError> {
        let mut methods: Vec<PyStr> = Vec::new();
        if let Some(item) = self.paths().get(&path.text) {
            for content in conditional_contents(item)? {
                let Some(d) = content.as_dict() else {
                    return Err(path_not_dict(&path.text));
                };
                methods.extend(d.keys().into_iter().cloned());
            }
        }
        let p = params_as_star(&path.text);
        Ok(methods
            .into_iter()
            .map(|m| {
                let lower = m.text.to_lowercase();
                let (method, uni) = if lower == ANY_METHOD || lower == "any" {
                    ("*".to_string(), false)
                } else {
                    (m.text.to_uppercase(), m.uni)
                };
                let text = PyStr {
                    text: format!("execute-api:/${{__Stage__}}/{method}{p}"),
                    uni: uni || path.uni,
                };
                sub_with_stage(text, stage)
            })
            .collect())
    }

    /// `add_resource_policy` for one path.
    pub fn add_resource_policy(
        &mut self,
        policy: &Py,
        path: &PyStr,
        stage: &Py,
    ) -> Result<(), DocError> {
        let Some(rp) = policy.as_dict() else {
            return Err("Resource Policy is not a valid dictionary.".into());
        };
        let get = |k: &str| rp.get(k).filter(|v| !matches!(v, Py::None));
        if let Some(list) = get("AwsAccountWhitelist") {
            let r = self.method_uris(path, stage)?;
            self.add_account_statement(list, "Allow", &r)?;
        }
        if let Some(list) = get("AwsAccountBlacklist") {
            let r = self.method_uris(path, stage)?;
            self.add_account_statement(list, "Deny", &r)?;
        }
        if let Some(list) = get("IpRangeWhitelist") {
            let r = self.method_uris(path, stage)?;
            self.add_ip_statements(list, "NotIpAddress", &r);
        }
        if let Some(list) = get("IpRangeBlacklist") {
            let r = self.method_uris(path, stage)?;
            self.add_ip_statements(list, "IpAddress", &r);
        }
        if !all_strings(get("SourceVpcBlacklist")) {
            return Err("SourceVpcBlacklist must be a list of strings. Use IntrinsicVpcBlacklist instead for values that use Intrinsic Functions".into());
        }
        let r = self.method_uris(path, stage)?;
        self.add_vpc_statements(
            [
                get("SourceVpcBlacklist"),
                get("IntrinsicVpcBlacklist"),
                get("IntrinsicVpceBlacklist"),
            ],
            "StringEquals",
            &r,
        );
        if !all_strings(get("SourceVpcWhitelist")) {
            return Err("SourceVpcWhitelist must be a list of strings. Use IntrinsicVpcWhitelist instead for values that use Intrinsic Functions".into());
        }
        self.add_vpc_statements(
            [
                get("SourceVpcWhitelist"),
                get("IntrinsicVpcWhitelist"),
                get("IntrinsicVpceWhitelist"),
            ],
            "StringNotEquals",
            &r,
        );
        self.write_policy();
        Ok(())
    }

    /// `_add_iam_resource_policy_for_method`.
    fn add_account_statement(
        &mut self,
        accounts: &Py,
        effect: &str,
        resources: &[Py],
    ) -> Result<(), DocError> {
        if !super::truthy(accounts) {
            return Ok(());
        }
        if !matches!(accounts, Py::List(_) | Py::Dict(_)) {
            return Err(format!(
                "Type of '{}' must be a list or dictionary",
                super::py_str(accounts)
            ));
        }
        self.set_version();
        let mut principal = PyDict::py27();
        principal.set(PyStr::lit("AWS"), Py::List(as_list(accounts)));
        let s = Py::Dict(statement(effect, resources, Py::Dict(principal)));
        let p = self.policy_mut();
        match p.get("Statement") {
            None | Some(Py::None) => p.set(PyStr::lit("Statement"), s),
            Some(existing) => {
                let mut list = as_list(existing);
                list.push(s);
                p.set(PyStr::lit("Statement"), Py::List(list));
            }
        }
        Ok(())
    }

    /// `_add_ip_resource_policy_for_method`.
    fn add_ip_statements(&mut self, ips: &Py, condition: &str, resources: &[Py]) {
        if !super::truthy(ips) {
            return;
        }
        self.set_version();
        let allow = statement("Allow", resources, Py::lit("*"));
        let mut deny = statement("Deny", resources, Py::lit("*"));
        deny.set(
            PyStr::lit("Condition"),
            plain1(condition, plain1("aws:SourceIp", Py::List(as_list(ips)))),
        );
        self.push_unique(vec![Py::Dict(allow), Py::Dict(deny)]);
    }

    /// `_add_vpc_resource_policy_for_method`: `[string list, intrinsic VPCs, intrinsic VPCEs]`.
    fn add_vpc_statements(&mut self, lists: [Option<&Py>; 3], condition: &str, resources: &[Py]) {
        let [strings, vpcs, vpces] = lists;
        let mut cond = PyDict::py27();
        let mut extend = |key: &str, items: Vec<Py>| {
            let slot = cond.setdefault(PyStr::lit(key), Py::List(Vec::new()));
            if let Py::List(l) = slot {
                l.extend(items);
            }
        };
        if let Some(strings) = strings {
            let all = iterate(strings);
            let starts = |p: &str| -> Vec<Py> {
                all.iter()
                    .filter(|e| e.as_str().is_some_and(|s| s.starts_with(p)))
                    .cloned()
                    .collect()
            };
            let (vpc, vpce) = (starts("vpc-"), starts("vpce-"));
            if !vpc.is_empty() {
                extend("aws:SourceVpc", vpc);
            }
            if !vpce.is_empty() {
                extend("aws:SourceVpce", vpce);
            }
        }
        if let Some(v) = vpcs {
            extend("aws:SourceVpc", iterate(v));
        }
        if let Some(v) = vpces {
            extend("aws:SourceVpce", iterate(v));
        }
        let nonempty = |k: &str| cond.get(k).is_some_and(super::truthy);
        if !nonempty("aws:SourceVpc") && !nonempty("aws:SourceVpce") {
            return;
        }
        self.set_version();
        let allow = statement("Allow", resources, Py::lit("*"));
        let mut deny = statement("Deny", resources, Py::lit("*"));
        deny.set(PyStr::lit("Condition"), plain1(condition, Py::Dict(cond)));
        self.push_unique(vec![Py::Dict(allow), Py::Dict(deny)]);
    }

    /// `add_custom_statements`.
    pub fn add_custom_statements(&mut self, custom: &Py) {
        if !matches!(custom, Py::None) {
            self.set_version();
            let p = self.policy_mut();
            match p.get("Statement") {
                None | Some(Py::None) => p.set(PyStr::lit("Statement"), custom.clone()),
                Some(existing) => {
                    let mut list = as_list(existing);
                    for s in as_list(custom) {
                        if !list.iter().any(|x| py_eq(x, &s)) {
                            list.push(s);
                        }
                    }
                    p.set(PyStr::lit("Statement"), Py::List(list));
                }
            }
        }
        self.write_policy();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transform::openapi::skeleton;

    #[test]
    fn ip_allow_list_is_an_allow_and_a_deny_per_path() {
        let mut e = Editor::open(&skeleton()).unwrap();
        let path = PyStr::uni("/get");
        e.add_path(&path, &PyStr::uni("put")).unwrap();
        let policy = Py::from_user(&serde_json::json!({"IpRangeWhitelist": ["1.2.3.4"]}));
        e.add_resource_policy(&policy, &path, &Py::lit("Prod"))
            .unwrap();
        let doc = e.finish().to_json();
        let statements = &doc[POLICY]["Statement"];
        assert_eq!(statements[0]["Effect"], "Allow");
        assert_eq!(
            statements[0]["Resource"][0]["Fn::Sub"][0],
            "execute-api:/${__Stage__}/PUT/get"
        );
        assert_eq!(
            statements[1]["Condition"]["NotIpAddress"]["aws:SourceIp"][0],
            "1.2.3.4"
        );
        assert_eq!(doc[POLICY]["Version"], "2012-10-17");
    }
}
