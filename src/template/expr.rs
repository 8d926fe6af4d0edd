//! Typed CloudFormation intrinsic functions and pseudo parameters.
//!
//! Generated resources build their values from `Expr`, never from hand-typed
//! `{"Ref": …}` maps; `Expr::parse` recognises an intrinsic in user input so
//! the transform can follow references (e.g. a policy's `TableName: !Ref T`).

use serde_json::{Map, Value};

/// A CloudFormation pseudo parameter (`Ref: AWS::Region` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    AccountId,
    NotificationArns,
    NoValue,
    Partition,
    Region,
    StackId,
    StackName,
    UrlSuffix,
}

impl Pseudo {
    pub const ALL: [Pseudo; 8] = [
        Pseudo::AccountId,
        Pseudo::NotificationArns,
        Pseudo::NoValue,
        Pseudo::Partition,
        Pseudo::Region,
        Pseudo::StackId,
        Pseudo::StackName,
        Pseudo::UrlSuffix,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
            Pseudo::NoValue => "AWS::NoValue",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::Region => "AWS::Region",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
        }
    }

    pub fn from_name(name: &str) -> Option<Pseudo> {
        Pseudo::ALL.into_iter().find(|p| p.name() == name)
    }

    /// `{"Ref": "AWS::…"}`.
    pub fn value(self) -> Value {
        Expr::Ref(self.name().to_string()).into()
    }
}

/// An intrinsic function. Arguments that can themselves be intrinsics are `Value`s.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Ref(String),
    GetAtt(String, String),
    /// `Fn::Sub` string form.
    Sub(String),
    /// `Fn::Sub` list form: the string and its variable map (in insertion order).
    SubWith(String, Map<String, Value>),
    Join(String, Vec<Value>),
    /// `Fn::If`: condition name, value if true, value if false.
    If(String, Value, Value),
    Select(Value, Value),
    Split(String, Value),
    GetAzs(Value),
    ImportValue(Value),
    FindInMap(Value, Value, Value),
    Base64(Value),
    Cidr(Value, Value, Value),
    Equals(Value, Value),
    And(Vec<Value>),
    Or(Vec<Value>),
    Not(Value),
    Condition(String),
}

impl Expr {
    pub fn ref_(id: impl Into<String>) -> Expr {
        Expr::Ref(id.into())
    }

    pub fn get_att(id: impl Into<String>, attr: impl Into<String>) -> Expr {
        Expr::GetAtt(id.into(), attr.into())
    }

    pub fn sub(s: impl Into<String>) -> Expr {
        Expr::Sub(s.into())
    }

    pub fn to_value(&self) -> Value {
        self.clone().into()
    }

    /// Recognises an intrinsic in user input: a map with exactly one key that
    /// names an intrinsic, with arguments of the documented shape. Anything
    /// else is `None` (it may still be a literal the user meant).
    pub fn parse(v: &Value) -> Option<Expr> {
        let m = v.as_object()?;
        if m.len() != 1 {
            return None;
        }
        let (k, arg) = m.iter().next()?;
        let list = || arg.as_array().map(|a| a.as_slice());
        Some(match k.as_str() {
            "Ref" => Expr::Ref(arg.as_str()?.to_string()),
            "Condition" => Expr::Condition(arg.as_str()?.to_string()),
            "Fn::GetAtt" => match arg {
                Value::String(s) => {
                    let (r, a) = s.split_once('.')?;
                    Expr::GetAtt(r.to_string(), a.to_string())
                }
                Value::Array(a) => match a.as_slice() {
                    [Value::String(r), Value::String(at)] => Expr::GetAtt(r.clone(), at.clone()),
                    _ => return None,
                },
                _ => return None,
            },
            "Fn::Sub" => match arg {
                Value::String(s) => Expr::Sub(s.clone()),
                Value::Array(a) => match a.as_slice() {
                    [Value::String(s), Value::Object(vars)] => {
                        Expr::SubWith(s.clone(), vars.clone())
                    }
                    _ => return None,
                },
                _ => return None,
            },
            "Fn::Join" => match list()? {
                [Value::String(sep), Value::Array(items)] => Expr::Join(sep.clone(), items.clone()),
                _ => return None,
            },
            "Fn::If" => match list()? {
                [Value::String(c), t, f] => Expr::If(c.clone(), t.clone(), f.clone()),
                _ => return None,
            },
            "Fn::Select" => match list()? {
                [i, l] => Expr::Select(i.clone(), l.clone()),
                _ => return None,
            },
            "Fn::Split" => match list()? {
                [Value::String(sep), s] => Expr::Split(sep.clone(), s.clone()),
                _ => return None,
            },
            "Fn::GetAZs" => Expr::GetAzs(arg.clone()),
            "Fn::ImportValue" => Expr::ImportValue(arg.clone()),
            "Fn::FindInMap" => match list()? {
                [a, b, c] => Expr::FindInMap(a.clone(), b.clone(), c.clone()),
                _ => return None,
            },
            "Fn::Base64" => Expr::Base64(arg.clone()),
            "Fn::Cidr" => match list()? {
                [a, b, c] => Expr::Cidr(a.clone(), b.clone(), c.clone()),
                _ => return None,
            },
            "Fn::Equals" => match list()? {
                [a, b] => Expr::Equals(a.clone(), b.clone()),
                _ => return None,
            },
            "Fn::And" => Expr::And(list()?.to_vec()),
            "Fn::Or" => Expr::Or(list()?.to_vec()),
            "Fn::Not" => match list()? {
                [a] => Expr::Not(a.clone()),
                _ => return None,
            },
            _ => return None,
        })
    }

    /// True when `v` is a map whose single key is an intrinsic function name,
    /// whatever its arguments (SAM's `is_intrinsic`).
    pub fn is_intrinsic(v: &Value) -> bool {
        match v.as_object() {
            Some(m) if m.len() == 1 => m
                .keys()
                .next()
                .is_some_and(|k| k == "Ref" || k == "Condition" || k.starts_with("Fn::")),
            _ => false,
        }
    }
}

fn one(key: &str, v: Value) -> Value {
    let mut m = Map::new();
    m.insert(key.to_string(), v);
    Value::Object(m)
}

fn s(x: String) -> Value {
    Value::String(x)
}

impl From<Expr> for Value {
    fn from(e: Expr) -> Value {
        match e {
            Expr::Ref(id) => one("Ref", s(id)),
            Expr::GetAtt(r, a) => one("Fn::GetAtt", Value::Array(vec![s(r), s(a)])),
            Expr::Sub(x) => one("Fn::Sub", s(x)),
            Expr::SubWith(x, vars) => one("Fn::Sub", Value::Array(vec![s(x), Value::Object(vars)])),
            Expr::Join(sep, items) => {
                one("Fn::Join", Value::Array(vec![s(sep), Value::Array(items)]))
            }
            Expr::If(c, t, f) => one("Fn::If", Value::Array(vec![s(c), t, f])),
            Expr::Select(i, l) => one("Fn::Select", Value::Array(vec![i, l])),
            Expr::Split(sep, x) => one("Fn::Split", Value::Array(vec![s(sep), x])),
            Expr::GetAzs(r) => one("Fn::GetAZs", r),
            Expr::ImportValue(x) => one("Fn::ImportValue", x),
            Expr::FindInMap(a, b, c) => one("Fn::FindInMap", Value::Array(vec![a, b, c])),
            Expr::Base64(x) => one("Fn::Base64", x),
            Expr::Cidr(a, b, c) => one("Fn::Cidr", Value::Array(vec![a, b, c])),
            Expr::Equals(a, b) => one("Fn::Equals", Value::Array(vec![a, b])),
            Expr::And(xs) => one("Fn::And", Value::Array(xs)),
            Expr::Or(xs) => one("Fn::Or", Value::Array(xs)),
            Expr::Not(x) => one("Fn::Not", Value::Array(vec![x])),
            Expr::Condition(c) => one("Condition", s(c)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_long_forms() {
        assert_eq!(
            Value::from(Expr::get_att("Fn", "Arn")),
            json!({"Fn::GetAtt": ["Fn", "Arn"]})
        );
        assert_eq!(Pseudo::Region.value(), json!({"Ref": "AWS::Region"}));
        assert_eq!(
            Value::from(Expr::If("C".into(), json!(1), Pseudo::NoValue.value())),
            json!({"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]})
        );
        assert_eq!(
            Value::from(Expr::Not(json!({"Condition": "C"}))),
            json!({"Fn::Not": [{"Condition": "C"}]})
        );
    }

    #[test]
    fn parse_round_trips_every_intrinsic() {
        let cases = [
            json!({"Ref": "X"}),
            json!({"Fn::GetAtt": ["A", "Arn"]}),
            json!({"Fn::Sub": "${A}"}),
            json!({"Fn::Sub": ["${A}", {"A": "b"}]}),
            json!({"Fn::Join": ["", ["a", {"Ref": "B"}]]}),
            json!({"Fn::If": ["C", 1, 2]}),
            json!({"Fn::Select": [0, ["a"]]}),
            json!({"Fn::Split": [",", "a,b"]}),
            json!({"Fn::GetAZs": ""}),
            json!({"Fn::ImportValue": "E"}),
            json!({"Fn::FindInMap": ["M", "a", "b"]}),
            json!({"Fn::Base64": "x"}),
            json!({"Fn::Cidr": ["10.0.0.0/16", 2, 8]}),
            json!({"Fn::Equals": ["a", "b"]}),
            json!({"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]}),
            json!({"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]}),
            json!({"Fn::Not": [{"Condition": "A"}]}),
            json!({"Condition": "A"}),
        ];
        for c in cases {
            let e = Expr::parse(&c).unwrap_or_else(|| panic!("not parsed: {c}"));
            assert_eq!(Value::from(e), c);
        }
    }

    #[test]
    fn getatt_string_form_parses() {
        assert_eq!(
            Expr::parse(&json!({"Fn::GetAtt": "A.Arn"})),
            Some(Expr::get_att("A", "Arn"))
        );
        assert_eq!(Expr::parse(&json!({"Ref": "A", "Other": 1})), None);
        assert!(Expr::is_intrinsic(&json!({"Fn::Whatever": 1})));
    }
}
