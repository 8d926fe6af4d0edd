//! Template parameters, conditions and outputs as typed handles.
//!
//! A parameter declared on the [`App`](super::App) returns a `Ref<Parameter>`;
//! its value is an expression usable wherever one goes, so an expression that
//! names an undeclared parameter cannot be written. A condition returns a
//! `Ref<Condition>`, usable on resources (`.condition(c)`) and in `Fn::If`.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use crate::model::Ref;
use crate::template::Expr;

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

/// A template parameter.
///
/// ```
/// use stackwright::dsl::{App, Parameter};
/// let mut app = App::new("demo");
/// let stage = app.parameter("Stage", Parameter::string().allowed(["dev", "prod"]).default("dev"));
/// assert_eq!(stage.value(), serde_json::json!({"Ref": "Stage"}));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    def: Map<String, Value>,
    problems: Vec<Problem>,
}

impl Parameter {
    /// A parameter of the given type.
    pub fn new(type_: ParameterType) -> Self {
        let mut def = Map::new();
        def.insert("Type".into(), Value::String(type_.name().into()));
        Parameter {
            def,
            problems: Vec::new(),
        }
    }

    /// A `String` parameter.
    pub fn string() -> Self {
        Self::new(ParameterType::String)
    }

    /// A `Number` parameter.
    pub fn number() -> Self {
        Self::new(ParameterType::Number)
    }

    /// Default: none (a value must be given at deploy time).
    pub fn default(mut self, value: impl Into<Value>) -> Self {
        self.def.insert("Default".into(), value.into());
        self
    }

    /// Default: no description.
    pub fn description(mut self, d: &str) -> Self {
        self.def.insert("Description".into(), d.into());
        self
    }

    /// The only values the parameter accepts (`AllowedValues`).
    /// Default: any value of its type.
    pub fn allowed<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        let list: Vec<Value> = values.into_iter().map(Into::into).collect();
        self.def.insert("AllowedValues".into(), Value::Array(list));
        self
    }

    /// A regular expression the value must match (`AllowedPattern`).
    /// Default: none.
    pub fn pattern(mut self, regex: &str) -> Self {
        self.def.insert("AllowedPattern".into(), regex.into());
        self
    }

    /// Bounds on a string's length. Default: none.
    pub fn length(mut self, min: u32, max: u32) -> Self {
        self.def.insert("MinLength".into(), min.into());
        self.def.insert("MaxLength".into(), max.into());
        self
    }

    /// Bounds on a number. Default: none.
    pub fn range(mut self, min: i64, max: i64) -> Self {
        self.def.insert("MinValue".into(), min.into());
        self.def.insert("MaxValue".into(), max.into());
        self
    }

    /// Masks the value in the console and API (`NoEcho`). Default: shown.
    pub fn no_echo(mut self) -> Self {
        self.def.insert("NoEcho".into(), true.into());
        self
    }

    /// Message shown when the value breaks a constraint. Default: none.
    pub fn constraint_description(mut self, d: &str) -> Self {
        self.def.insert("ConstraintDescription".into(), d.into());
        self
    }
}

/// A declared template parameter (the kind of a `Ref<Parameter>`).
impl Ref<Parameter> {
    /// The parameter's value (`Ref`).
    pub fn value(&self) -> Value {
        self.ref_()
    }
}

/// A declared condition (the kind of a `Ref<Condition>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    expr: Value,
}

impl Condition {
    /// `Fn::Equals`: the two values are equal.
    pub fn equals(a: impl Into<Value>, b: impl Into<Value>) -> Self {
        Condition {
            expr: json!({"Fn::Equals": [a.into(), b.into()]}),
        }
    }

    /// `Fn::Not` of another condition.
    pub fn not(c: Ref<Condition>) -> Self {
        Condition {
            expr: json!({"Fn::Not": [{"Condition": c.id()}]}),
        }
    }

    /// `Fn::And` of two to ten conditions.
    pub fn and(cs: impl IntoIterator<Item = Ref<Condition>>) -> Self {
        let list: Vec<Value> = cs
            .into_iter()
            .map(|c| json!({"Condition": c.id()}))
            .collect();
        Condition {
            expr: json!({ "Fn::And": list }),
        }
    }

    /// `Fn::Or` of two to ten conditions.
    pub fn or(cs: impl IntoIterator<Item = Ref<Condition>>) -> Self {
        let list: Vec<Value> = cs
            .into_iter()
            .map(|c| json!({"Condition": c.id()}))
            .collect();
        Condition {
            expr: json!({ "Fn::Or": list }),
        }
    }
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

impl App {
    /// Declares a template parameter; returns its handle.
    #[track_caller]
    pub fn parameter(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        p: Parameter,
    ) -> Ref<Parameter> {
        let id = super::intern(name);
        self.check_name(id, "parameter");
        for problem in p.problems {
            self.problem(id, problem);
        }
        if self
            .parameters
            .insert(id.to_string(), Value::Object(p.def))
            .is_some()
        {
            self.problem(
                id,
                Problem::new("", format!("parameter '{id}' is declared twice.")),
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
        if self.conditions.insert(id.to_string(), c.expr).is_some() {
            self.problem(
                id,
                Problem::new("", format!("condition '{id}' is declared twice.")),
            );
        }
        Ref::new(id)
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
}
