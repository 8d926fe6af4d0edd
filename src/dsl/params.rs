//! Template parameters, conditions and outputs as typed handles.
//!
//! A parameter declared on the [`App`](super::App) returns a
//! `Ref<Parameter<K>>`, where `K` is its [kind](kind): its value is an
//! expression usable wherever one goes, so an expression that names an
//! undeclared parameter cannot be written, and a parameter of one AWS type
//! cannot stand where another is needed (a security group list is not a
//! subnet list). A condition returns a `Ref<Condition>`, usable on resources
//! (`.condition(c)`), in `Fn::If` and on outputs ([`Output::condition`]).
//!
//! Checked at synth: a default outside the allowed values, a default that is
//! not a number for a number parameter, a minimum above its maximum, a
//! description over 4,000 characters, an empty list of allowed values,
//! `Fn::And`/`Fn::Or` of fewer than 2 or more than 10 conditions, an output
//! export name CloudFormation refuses, and more than 200 parameters or outputs.
//!
//! ```
//! use stackwright::dsl::prelude::*;
//!
//! let mut app = App::new("demo");
//! let stage = app.parameter("Stage", Parameter::string().allowed(["dev", "prod"]).default("dev"));
//! let prod = app.condition("IsProd", Condition::equals(stage.value(), "prod"));
//! let memory = app.parameter("Memory", Parameter::number().range(128, 1024).default(256));
//! let f = app.function(
//!     "Fn",
//!     Function::new(Runtime::Python313, "app.handler", Code::inline("x"))
//!         .env("STAGE", stage.value())
//!         .property("MemorySize", memory.value()),
//! );
//! app.output("FnArn", Output::new(f.arn()).export(Expr::sub("${AWS::StackName}-fn")).condition(prod));
//! assert!(app.synth(&Context::new("us-east-1")).is_ok());
//! ```

use std::borrow::Cow;
use std::marker::PhantomData;

use serde_json::{json, Map, Value};

use crate::model::Ref;
use crate::template::{Expr, Output};

use super::parts::Problem;
use super::App;

/// The type of a template parameter (`Type`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParameterType {
    String,
    Number,
    /// `List<Number>`.
    NumberList,
    /// `CommaDelimitedList`.
    CommaDelimitedList,
    /// An AWS-specific type (`AWS::EC2::VPC::Id`, `AWS::SSM::Parameter::Value<String>`, …).
    Aws(&'static str),
}

impl ParameterType {
    fn name(&self) -> &str {
        match self {
            ParameterType::String => "String",
            ParameterType::Number => "Number",
            ParameterType::NumberList => "List<Number>",
            ParameterType::CommaDelimitedList => "CommaDelimitedList",
            ParameterType::Aws(t) => t,
        }
    }
}

/// Parameter kinds: what a parameter's value is, so that handles of one kind
/// are refused where another is needed.
pub mod kind {
    /// A string (`String`, and AWS types the DSL does not single out).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Text;
    /// A number (`Number`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Number;
    /// A list of numbers (`List<Number>`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct NumberList;
    /// A list of strings (`CommaDelimitedList`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct TextList;
    /// A VPC id (`AWS::EC2::VPC::Id`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct VpcId;
    /// A subnet id (`AWS::EC2::Subnet::Id`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SubnetId;
    /// Subnet ids (`List<AWS::EC2::Subnet::Id>`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SubnetIds;
    /// A security group id (`AWS::EC2::SecurityGroup::Id`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SecurityGroupId;
    /// Security group ids (`List<AWS::EC2::SecurityGroup::Id>`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SecurityGroupIds;
}

/// A template parameter of kind `K` (see [`kind`]).
///
/// ```
/// use stackwright::dsl::{App, Parameter};
/// let mut app = App::new("demo");
/// let stage = app.parameter("Stage", Parameter::string().allowed(["dev", "prod"]).default("dev"));
/// assert_eq!(stage.value(), serde_json::json!({"Ref": "Stage"}));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter<K = kind::Text> {
    def: Map<String, Value>,
    problems: Vec<Problem>,
    _kind: PhantomData<fn() -> K>,
}

impl<K> Parameter<K> {
    fn of(type_: &str) -> Self {
        let mut def = Map::new();
        def.insert("Type".into(), Value::String(type_.into()));
        Parameter {
            def,
            problems: Vec::new(),
            _kind: PhantomData,
        }
    }

    fn is_number(&self) -> bool {
        self.def.get("Type").and_then(Value::as_str) == Some("Number")
    }

    /// The value used when none is given at deploy time (`Default`). For a
    /// number parameter, a number or a numeric string; within the allowed
    /// values, if any.
    /// Default: none (a value must be given at deploy time).
    #[track_caller]
    pub fn default(mut self, value: impl Into<Value>) -> Self {
        let value = value.into();
        if self.is_number() && !is_numeric(&value) {
            self.problems.push(Problem::new(
                "Default",
                format!("{value} is not a number, but the parameter is a Number."),
            ));
        }
        self.def.insert("Default".into(), value);
        self
    }

    /// The parameter's description, at most 4,000 characters.
    /// Default: no description.
    #[track_caller]
    pub fn description(mut self, d: &str) -> Self {
        if d.chars().count() > 4000 {
            self.problems.push(Problem::new(
                "Description",
                "a parameter's description is at most 4000 characters.",
            ));
        }
        self.def.insert("Description".into(), d.into());
        self
    }

    /// The only values the parameter accepts (`AllowedValues`).
    /// Default: any value of its type.
    #[track_caller]
    pub fn allowed<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        let list: Vec<Value> = values.into_iter().map(Into::into).collect();
        if list.is_empty() {
            self.problems.push(Problem::new(
                "AllowedValues",
                "an empty list of allowed values accepts nothing; leave it unset to accept any value.",
            ));
        }
        if self.is_number() {
            if let Some(bad) = list.iter().find(|v| !is_numeric(v)) {
                self.problems.push(Problem::new(
                    "AllowedValues",
                    format!("{bad} is not a number, but the parameter is a Number."),
                ));
            }
        }
        self.def.insert("AllowedValues".into(), Value::Array(list));
        self
    }

    /// Masks the value in the console and API (`NoEcho`).
    /// Default: shown.
    pub fn no_echo(mut self) -> Self {
        self.def.insert("NoEcho".into(), true.into());
        self
    }

    /// Message shown when the value breaks a constraint (`ConstraintDescription`).
    /// Default: none.
    pub fn constraint_description(mut self, d: &str) -> Self {
        self.def.insert("ConstraintDescription".into(), d.into());
        self
    }

    /// Problems found once the whole definition is known.
    fn finish(mut self) -> (Map<String, Value>, Vec<Problem>) {
        if let (Some(Value::Array(allowed)), Some(default)) =
            (self.def.get("AllowedValues"), self.def.get("Default"))
        {
            let same = |a: &Value| a == default || (is_numeric(a) && num(a) == num(default));
            if !allowed.iter().any(same) {
                let mut p = Problem::new(
                    "Default",
                    format!(
                        "the default {default} is not one of the allowed values {}.",
                        Value::Array(allowed.clone())
                    ),
                );
                p.at = None;
                self.problems.push(p);
            }
        }
        (self.def, self.problems)
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn is_numeric(v: &Value) -> bool {
    num(v).is_some()
}

impl Parameter<kind::Text> {
    /// A parameter of the given type, whose value the DSL treats as text.
    pub fn new(type_: ParameterType) -> Self {
        Self::of(type_.name())
    }

    /// A `String` parameter.
    pub fn string() -> Self {
        Self::of("String")
    }

    /// The value of an SSM parameter at deploy time
    /// (`AWS::SSM::Parameter::Value<String>`, defaulting to the SSM name `name`).
    pub fn ssm(name: &str) -> Self {
        let mut p = Self::of("AWS::SSM::Parameter::Value<String>");
        p.def.insert("Default".into(), name.into());
        p
    }

    /// A regular expression the value must match (`AllowedPattern`).
    /// Default: none.
    pub fn pattern(mut self, regex: &str) -> Self {
        self.def.insert("AllowedPattern".into(), regex.into());
        self
    }

    /// Bounds on the value's length (`MinLength`, `MaxLength`).
    /// Default: none.
    #[track_caller]
    pub fn length(mut self, min: u32, max: u32) -> Self {
        if min > max {
            self.problems.push(Problem::new(
                "MinLength",
                format!("the minimum length {min} is above the maximum {max}."),
            ));
        }
        self.def.insert("MinLength".into(), min.into());
        self.def.insert("MaxLength".into(), max.into());
        self
    }
}

impl Parameter<kind::Number> {
    /// A `Number` parameter.
    pub fn number() -> Self {
        Self::of("Number")
    }

    /// Bounds on the value (`MinValue`, `MaxValue`).
    /// Default: none.
    #[track_caller]
    pub fn range(mut self, min: i64, max: i64) -> Self {
        if min > max {
            self.problems.push(Problem::new(
                "MinValue",
                format!("the minimum {min} is above the maximum {max}."),
            ));
        }
        self.def.insert("MinValue".into(), min.into());
        self.def.insert("MaxValue".into(), max.into());
        self
    }
}

impl Parameter<kind::NumberList> {
    /// A `List<Number>` parameter (numbers separated by commas).
    pub fn number_list() -> Self {
        Self::of("List<Number>")
    }
}

impl Parameter<kind::TextList> {
    /// A `CommaDelimitedList` parameter.
    pub fn comma_list() -> Self {
        Self::of("CommaDelimitedList")
    }
}

impl Parameter<kind::VpcId> {
    /// An `AWS::EC2::VPC::Id` parameter.
    pub fn vpc_id() -> Self {
        Self::of("AWS::EC2::VPC::Id")
    }
}

impl Parameter<kind::SubnetId> {
    /// An `AWS::EC2::Subnet::Id` parameter.
    pub fn subnet_id() -> Self {
        Self::of("AWS::EC2::Subnet::Id")
    }
}

impl Parameter<kind::SubnetIds> {
    /// A `List<AWS::EC2::Subnet::Id>` parameter.
    pub fn subnet_ids() -> Self {
        Self::of("List<AWS::EC2::Subnet::Id>")
    }
}

impl Parameter<kind::SecurityGroupId> {
    /// An `AWS::EC2::SecurityGroup::Id` parameter.
    pub fn security_group_id() -> Self {
        Self::of("AWS::EC2::SecurityGroup::Id")
    }
}

impl Parameter<kind::SecurityGroupIds> {
    /// A `List<AWS::EC2::SecurityGroup::Id>` parameter.
    pub fn security_group_ids() -> Self {
        Self::of("List<AWS::EC2::SecurityGroup::Id>")
    }
}

impl<K> Ref<Parameter<K>> {
    /// The parameter's value (`Ref`).
    pub fn value(&self) -> Value {
        self.ref_()
    }
}

impl Ref<Parameter<kind::TextList>> {
    /// Item `index` of the list (`Fn::Select`).
    pub fn item(&self, index: u32) -> Value {
        json!({"Fn::Select": [index, self.ref_()]})
    }
}

/// A declared condition (the kind of a `Ref<Condition>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    expr: Value,
    problems: Vec<Problem>,
}

impl Condition {
    fn of(expr: Value) -> Self {
        Condition {
            expr,
            problems: Vec::new(),
        }
    }

    /// `Fn::Equals`: the two values are equal.
    pub fn equals(a: impl Into<Value>, b: impl Into<Value>) -> Self {
        Condition::of(json!({"Fn::Equals": [a.into(), b.into()]}))
    }

    /// `Fn::Not` of another condition.
    pub fn not(c: Ref<Condition>) -> Self {
        Condition::of(json!({"Fn::Not": [{"Condition": c.id()}]}))
    }

    /// `Fn::And` of two to ten conditions.
    #[track_caller]
    pub fn and(cs: impl IntoIterator<Item = Ref<Condition>>) -> Self {
        Condition::combine("Fn::And", cs)
    }

    /// `Fn::Or` of two to ten conditions.
    #[track_caller]
    pub fn or(cs: impl IntoIterator<Item = Ref<Condition>>) -> Self {
        Condition::combine("Fn::Or", cs)
    }

    #[track_caller]
    fn combine(f: &str, cs: impl IntoIterator<Item = Ref<Condition>>) -> Self {
        let list: Vec<Value> = cs
            .into_iter()
            .map(|c| json!({"Condition": c.id()}))
            .collect();
        let mut c = Condition::of(json!({ f: list }));
        if !(2..=10).contains(&list_len(&c.expr, f)) {
            c.problems.push(Problem::new(
                f,
                format!(
                    "{f} takes 2 to 10 conditions, not {}.",
                    list_len(&c.expr, f)
                ),
            ));
        }
        c
    }
}

/// The conditions `{"Condition": name}` inside a condition's expression.
fn condition_names(expr: &Value, out: &mut Vec<String>) {
    match expr {
        Value::Object(m) => {
            if let (1, Some(Value::String(name))) = (m.len(), m.get("Condition")) {
                out.push(name.clone());
            }
            m.values().for_each(|v| condition_names(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| condition_names(v, out)),
        _ => {}
    }
}

fn list_len(expr: &Value, f: &str) -> usize {
    expr.get(f).and_then(Value::as_array).map_or(0, Vec::len)
}

impl Ref<Condition> {
    /// `Fn::If`: `then` when the condition holds, else `otherwise`.
    pub fn if_(&self, then: impl Into<Value>, otherwise: impl Into<Value>) -> Value {
        Expr::If(self.id().to_string(), then.into(), otherwise.into()).into()
    }
}

/// The `AWS::NoValue` pseudo parameter: in `Fn::If`, removes the property.
pub fn no_value() -> Value {
    json!({"Ref": "AWS::NoValue"})
}

/// Outputs take conditions as handles.
impl Output {
    /// Declares the output only when `condition` holds (`Condition`).
    /// Default: always declared.
    pub fn condition(mut self, condition: Ref<Condition>) -> Self {
        self.condition = Some(condition.id().to_string());
        self
    }
}

/// CloudFormation's limits on a template's parameters and outputs.
const MAX_PARAMETERS: usize = 200;
const MAX_OUTPUTS: usize = 200;

/// Whether a literal export name is one CloudFormation accepts (letters,
/// digits, `-` and `:`, at most 255 characters).
fn valid_export_name(name: &str) -> bool {
    (1..=255).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
}

impl App {
    /// Declares a template parameter; returns its handle, whose kind is the
    /// parameter's (`Ref<Parameter<kind::Number>>` for a number, …).
    #[track_caller]
    pub fn parameter<K>(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        p: Parameter<K>,
    ) -> Ref<Parameter<K>> {
        let id = super::intern(name);
        self.check_name(id, "parameter");
        let (def, problems) = p.finish();
        for mut problem in problems {
            problem.path = format!("Parameters.{id}.{}", problem.path);
            self.problem(id, problem);
        }
        if self
            .parameters
            .insert(id.to_string(), Value::Object(def))
            .is_some()
        {
            self.problem(
                id,
                Problem::new("", format!("parameter '{id}' is declared twice.")),
            );
        } else if self.parameters.len() == MAX_PARAMETERS + 1 {
            self.problem(
                id,
                Problem::new(
                    "",
                    format!("a template has at most {MAX_PARAMETERS} parameters."),
                ),
            );
        }
        Ref::new(id)
    }

    /// Declares a condition; returns its handle.
    #[track_caller]
    pub fn condition(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        c: Condition,
    ) -> Ref<Condition> {
        let id = super::intern(name);
        self.check_name(id, "condition");
        for mut problem in c.problems {
            problem.path = format!("Conditions.{id}.{}", problem.path);
            self.problem(id, problem);
        }
        let mut named = Vec::new();
        condition_names(&c.expr, &mut named);
        for other in named {
            if !self.conditions.contains_key(&other) {
                self.problem(
                    id,
                    Problem::new(
                        format!("Conditions.{id}"),
                        format!("no condition '{other}' is declared in this app."),
                    ),
                );
            }
        }
        if self.conditions.insert(id.to_string(), c.expr).is_some() {
            self.problem(
                id,
                Problem::new("", format!("condition '{id}' is declared twice.")),
            );
        }
        Ref::new(id)
    }

    /// Adds a stack output: a value (any expression), with an optional
    /// description, export name ([`Output::export`]) and condition
    /// ([`Output::condition`]).
    #[track_caller]
    pub fn output(&mut self, name: &str, output: Output) -> &mut Self {
        let id = super::intern(name.to_string());
        let path = format!("Outputs.{id}");
        if let Err(why) = crate::model::LogicalId::check(id) {
            self.problem(
                id,
                Problem::new(
                    path.clone(),
                    format!("Output names must be alphanumeric: {why}"),
                ),
            );
        }
        if let Some(Value::String(e)) = &output.export_name {
            if !valid_export_name(e) {
                self.problem(
                    id,
                    Problem::new(
                        format!("{path}.Export.Name"),
                        format!(
                            "'{e}' is not an export name: 1 to 255 letters, digits, '-' or ':'."
                        ),
                    ),
                );
            }
        }
        if let Some(c) = &output.condition {
            if !self.conditions.contains_key(c) {
                self.problem(
                    id,
                    Problem::new(
                        format!("{path}.Condition"),
                        format!("no condition '{c}' is declared in this app."),
                    ),
                );
            }
        }
        if output.value.is_null() {
            self.problem(
                id,
                Problem::new(format!("{path}.Value"), "an output needs a value."),
            );
        }
        if self.outputs.insert(id.to_string(), output.into()).is_some() {
            self.problem(
                id,
                Problem::new(path, format!("output '{id}' is declared twice.")),
            );
        } else if self.outputs.len() == MAX_OUTPUTS + 1 {
            self.problem(
                id,
                Problem::new(
                    path,
                    format!("a template has at most {MAX_OUTPUTS} outputs."),
                ),
            );
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_and_conditions_lower_to_their_sections() {
        let mut app = App::new("a");
        let env = app.parameter(
            "Env",
            Parameter::string().allowed(["dev", "prod"]).default("dev"),
        );
        let prod = app.condition("IsProd", Condition::equals(env.value(), "prod"));
        let doc = app.to_document().0;
        assert_eq!(
            doc["Parameters"]["Env"],
            json!({"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev"})
        );
        assert_eq!(
            doc["Conditions"]["IsProd"],
            json!({"Fn::Equals": [{"Ref": "Env"}, "prod"]})
        );
        assert_eq!(
            prod.if_(1, no_value()),
            json!({"Fn::If": ["IsProd", 1, {"Ref": "AWS::NoValue"}]})
        );
    }

    #[test]
    fn number_defaults_compare_as_numbers() {
        let (_, problems) = Parameter::number()
            .allowed([128, 256])
            .default("256")
            .finish();
        assert!(problems.is_empty(), "{problems:?}");
        let (_, problems) = Parameter::number()
            .allowed([128, 256])
            .default(512)
            .finish();
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn export_names() {
        assert!(valid_export_name("orders-api:url"));
        assert!(!valid_export_name("orders api"));
        assert!(!valid_export_name(""));
    }
}
