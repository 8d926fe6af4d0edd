//! Matchers in the spirit of CDK's `Match` (`aws-cdk-lib/assertions/lib/match.ts`),
//! usable *inside* a `serde_json::json!` pattern, and the engine that
//! compares a pattern with a value and renders what differed.
//!
//! A [`Match`] or [`Capture`] serializes to a small tagged JSON object, so
//! `json!({"Policies": Match::array_with(json!([...]))})` is an ordinary
//! [`Value`] that the assertion functions recognise. Plain JSON in a pattern
//! follows the module's default rule (maps are subsets, lists are matched
//! element-wise with equal length, numbers by value).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::ser::{Serialize, Serializer};
use serde_json::{json, Map, Value};

/// The key that marks a matcher inside a pattern. Nothing in a CloudFormation
/// template can use it: logical IDs and property names are alphanumeric.
const TAG: &str = "$stackwright::match";

/// A matcher to put anywhere in a pattern (CDK's `Match`).
///
/// ```
/// use serde_json::json;
/// use stackwright::testing::{self, Match};
///
/// let t = testing::from_yaml(
///     "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: [{Key: a, Value: '1'}, {Key: b, Value: '2'}]\n",
/// );
/// testing::has_resource_properties(&t, "AWS::SQS::Queue", json!({
///     "Tags": Match::array_with(json!([{"Key": "b"}])),
///     "FifoQueue": Match::absent(),
/// }));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Match(Value);

impl Match {
    fn tagged(kind: &str, arg: Value) -> Match {
        Match(json!({ TAG: { "kind": kind, "arg": arg } }))
    }

    /// A map whose keys include the pattern's keys, each value matching
    /// (deep subset). This is what a plain JSON map in a pattern means.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// assert!(matches(&json!({"a": 1, "b": 2}), &Match::object_like(json!({"a": 1})).into()));
    /// ```
    pub fn object_like(pattern: impl Into<Value>) -> Match {
        Match::tagged("object_like", pattern.into())
    }

    /// A map with exactly the pattern's keys; nested plain maps must match exactly too.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// assert!(!matches(&json!({"a": 1, "b": 2}), &Match::object_equals(json!({"a": 1})).into()));
    /// ```
    pub fn object_equals(pattern: impl Into<Value>) -> Match {
        Match::tagged("object_equals", pattern.into())
    }

    /// Exactly this value, all the way down: no subset matching of maps.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// assert!(matches(&json!({"a": {"b": 1}}), &Match::exact(json!({"a": {"b": 1}})).into()));
    /// assert!(!matches(&json!({"a": {"b": 1, "c": 2}}), &Match::exact(json!({"a": {"b": 1}})).into()));
    /// ```
    pub fn exact(value: impl Into<Value>) -> Match {
        Match::tagged("exact", value.into())
    }

    /// A list containing elements matching each of the pattern's elements,
    /// in that order, with any others between them (CDK's `arrayWith`).
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// let list = json!(["a", "b", "c"]);
    /// assert!(matches(&list, &Match::array_with(json!(["a", "c"])).into()));
    /// assert!(!matches(&list, &Match::array_with(json!(["c", "a"])).into()));
    /// ```
    pub fn array_with(elements: impl Into<Value>) -> Match {
        Match::tagged("array_with", elements.into())
    }

    /// A list of exactly these elements, in order (each matched by the default rule).
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// assert!(matches(&json!([{"a": 1, "b": 2}]), &Match::array_equals(json!([{"a": 1}])).into()));
    /// ```
    pub fn array_equals(elements: impl Into<Value>) -> Match {
        Match::tagged("array_equals", elements.into())
    }

    /// The key is not there at all (inside a map pattern).
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// assert!(matches(&json!({"a": 1}), &json!({"b": Match::absent()})));
    /// assert!(!matches(&json!({"a": 1}), &json!({"a": Match::absent()})));
    /// ```
    pub fn absent() -> Match {
        Match::tagged("absent", Value::Null)
    }

    /// Any value that is present and not `null`.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// assert!(matches(&json!({"a": [1]}), &json!({"a": Match::any_value()})));
    /// assert!(!matches(&json!({}), &json!({"a": Match::any_value()})));
    /// ```
    pub fn any_value() -> Match {
        Match::tagged("any_value", Value::Null)
    }

    /// A string in which the regular expression finds a match (unanchored,
    /// like JavaScript's `RegExp.test`; write `^…$` to match the whole string).
    /// An invalid expression fails the assertion with the parser's message.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// assert!(matches(&json!("python3.12"), &Match::string_like_regexp(r"^python3\.\d+$").into()));
    /// ```
    pub fn string_like_regexp(regex: &str) -> Match {
        Match::tagged("regex", Value::String(regex.to_string()))
    }

    /// A string holding JSON that matches the pattern (a policy or a state
    /// machine definition kept as text).
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// let v = json!("{\"Version\": \"2012-10-17\", \"Statement\": []}");
    /// assert!(matches(&v, &Match::serialized_json(json!({"Version": "2012-10-17"})).into()));
    /// ```
    pub fn serialized_json(pattern: impl Into<Value>) -> Match {
        Match::tagged("serialized_json", pattern.into())
    }

    /// Anything the pattern does *not* match (a missing key counts as not matching).
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Match};
    /// assert!(matches(&json!({"a": "x"}), &json!({"a": Match::not(json!("y"))})));
    /// ```
    pub fn not(pattern: impl Into<Value>) -> Match {
        Match::tagged("not", pattern.into())
    }

    /// This matcher as a pattern value (what `json!` embeds).
    ///
    /// ```
    /// use stackwright::testing::{matches, Match};
    /// assert!(matches(&serde_json::json!(7), &Match::any_value().to_value()));
    /// ```
    pub fn to_value(&self) -> Value {
        self.0.clone()
    }
}

impl Serialize for Match {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl From<Match> for Value {
    fn from(m: Match) -> Value {
        m.0
    }
}

static NEXT_CAPTURE: AtomicU64 = AtomicU64::new(1);
static CAPTURED: Mutex<BTreeMap<u64, Vec<Value>>> = Mutex::new(BTreeMap::new());

fn captured() -> std::sync::MutexGuard<'static, BTreeMap<u64, Vec<Value>>> {
    // A test that panicked while holding the lock must not break the others.
    CAPTURED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads a value out of a match (CDK's `Capture`): put it in a pattern where
/// the value is, run the assertion, then read what it matched.
///
/// Every resource (or output, …) that matches the whole pattern contributes
/// one value, in logical-ID order.
///
/// ```
/// use serde_json::json;
/// use stackwright::testing::{self, Capture};
///
/// let t = testing::synth_sam("Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n");
/// let key = Capture::new();
/// testing::has_resource_properties(&t, "AWS::DynamoDB::Table", json!({
///     "KeySchema": [{"AttributeName": &key}],
/// }));
/// assert_eq!(key.as_str(), "id");
/// ```
#[derive(Debug)]
pub struct Capture {
    id: u64,
    pattern: Option<Value>,
}

impl Capture {
    /// Captures whatever value is there (it must be present).
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Capture};
    /// let c = Capture::new();
    /// assert!(matches(&json!({"a": [1, 2]}), &json!({"a": &c})));
    /// assert_eq!(c.value(), json!([1, 2]));
    /// ```
    pub fn new() -> Capture {
        Capture {
            id: NEXT_CAPTURE.fetch_add(1, Ordering::Relaxed),
            pattern: None,
        }
    }

    /// Captures only a value that also matches `pattern`.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Capture, Match};
    /// let c = Capture::matching(Match::string_like_regexp("^arn:"));
    /// assert!(matches(&json!({"Arn": "arn:aws:s3:::b"}), &json!({"Arn": &c})));
    /// assert_eq!(c.as_str(), "arn:aws:s3:::b");
    /// ```
    pub fn matching(pattern: impl Into<Value>) -> Capture {
        Capture {
            pattern: Some(pattern.into()),
            ..Capture::new()
        }
    }

    /// Every value captured so far, oldest first.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Capture};
    /// let c = Capture::new();
    /// assert!(c.values().is_empty());
    /// matches(&json!({"a": 1}), &json!({"a": &c}));
    /// matches(&json!({"a": 2}), &json!({"a": &c}));
    /// assert_eq!(c.values(), [json!(1), json!(2)]);
    /// ```
    pub fn values(&self) -> Vec<Value> {
        captured().get(&self.id).cloned().unwrap_or_default()
    }

    /// The first value captured. Panics if nothing was captured.
    ///
    /// ```should_panic
    /// stackwright::testing::Capture::new().value(); // nothing matched yet
    /// ```
    pub fn value(&self) -> Value {
        self.values().into_iter().next().unwrap_or_else(|| {
            panic!("the capture has no value: no assertion using it has matched yet")
        })
    }

    /// The first value captured, which must be a string.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Capture};
    /// let c = Capture::new();
    /// matches(&json!({"Runtime": "python3.12"}), &json!({"Runtime": &c}));
    /// assert_eq!(c.as_str(), "python3.12");
    /// ```
    pub fn as_str(&self) -> String {
        match self.value() {
            Value::String(s) => s,
            other => panic!("captured {} where a string was expected", compact(&other)),
        }
    }

    /// The first value captured, which must be a number.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Capture};
    /// let c = Capture::new();
    /// matches(&json!({"MemorySize": 512}), &json!({"MemorySize": &c}));
    /// assert_eq!(c.as_f64(), 512.0);
    /// ```
    pub fn as_f64(&self) -> f64 {
        let v = self.value();
        v.as_f64()
            .unwrap_or_else(|| panic!("captured {} where a number was expected", compact(&v)))
    }

    /// The first value captured, which must be a list.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Capture};
    /// let c = Capture::new();
    /// matches(&json!({"Layers": ["a", "b"]}), &json!({"Layers": &c}));
    /// assert_eq!(c.as_array().len(), 2);
    /// ```
    pub fn as_array(&self) -> Vec<Value> {
        match self.value() {
            Value::Array(a) => a,
            other => panic!("captured {} where a list was expected", compact(&other)),
        }
    }

    /// The first value captured, which must be a map.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright::testing::{matches, Capture};
    /// let c = Capture::new();
    /// matches(&json!({"Environment": {"Variables": {"A": "1"}}}), &json!({"Environment": &c}));
    /// assert!(c.as_object().contains_key("Variables"));
    /// ```
    pub fn as_object(&self) -> Map<String, Value> {
        match self.value() {
            Value::Object(m) => m,
            other => panic!("captured {} where a map was expected", compact(&other)),
        }
    }

    fn to_value(&self) -> Value {
        json!({ TAG: { "kind": "capture", "id": self.id, "arg": self.pattern } })
    }
}

impl Default for Capture {
    fn default() -> Self {
        Capture::new()
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        captured().remove(&self.id);
    }
}

impl Serialize for Capture {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl From<&Capture> for Value {
    fn from(c: &Capture) -> Value {
        c.to_value()
    }
}

/// Values captured during one candidate's match, committed only if it matched.
pub(crate) type Captures = Vec<(u64, Value)>;

pub(crate) fn commit(captures: Captures) {
    let mut all = captured();
    for (id, v) in captures {
        all.entry(id).or_default().push(v);
    }
}

/// A decoded matcher.
enum Kind<'p> {
    ObjectLike(&'p Value),
    ObjectEquals(&'p Value),
    Exact(&'p Value),
    ArrayWith(&'p Value),
    ArrayEquals(&'p Value),
    Absent,
    Any,
    Regex(&'p str),
    SerializedJson(&'p Value),
    Not(&'p Value),
    Capture(u64, Option<&'p Value>),
}

fn decode(p: &Value) -> Option<Kind<'_>> {
    let m = p.as_object()?;
    if m.len() != 1 {
        return None;
    }
    let spec = m.get(TAG)?.as_object()?;
    let arg = spec.get("arg").unwrap_or(&Value::Null);
    Some(match spec.get("kind")?.as_str()? {
        "object_like" => Kind::ObjectLike(arg),
        "object_equals" => Kind::ObjectEquals(arg),
        "exact" => Kind::Exact(arg),
        "array_with" => Kind::ArrayWith(arg),
        "array_equals" => Kind::ArrayEquals(arg),
        "absent" => Kind::Absent,
        "any_value" => Kind::Any,
        "regex" => Kind::Regex(arg.as_str().unwrap_or_default()),
        "serialized_json" => Kind::SerializedJson(arg),
        "not" => Kind::Not(arg),
        "capture" => Kind::Capture(
            spec.get("id").and_then(Value::as_u64).unwrap_or(0),
            (!arg.is_null()).then_some(arg),
        ),
        _ => return None,
    })
}

/// How plain maps in a pattern are read: as subsets (the default) or exactly.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Subset,
    Exact,
}

/// One difference: where, what the pattern wanted, what was there.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Difference {
    pub path: String,
    pub expected: String,
    /// `None`: the key is missing.
    pub found: Option<String>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.path.is_empty() {
            "(top)"
        } else {
            &self.path
        };
        match &self.found {
            Some(found) => write!(f, "at {at}: expected {}, found {found}", self.expected),
            None => write!(f, "at {at}: missing (expected {})", self.expected),
        }
    }
}

/// The outcome of matching one value: the differences (empty when it
/// matched), the captures it made, and an indented rendering of the value
/// as the pattern saw it, with `-` (expected) and `+` (found) lines.
pub(crate) struct Outcome {
    pub differences: Vec<Difference>,
    pub captures: Captures,
    pub lines: Vec<String>,
}

impl Outcome {
    pub fn matched(&self) -> bool {
        self.differences.is_empty()
    }

    /// The rendering, indented by `indent` spaces after the two-column marker.
    pub fn render(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        let mut s = String::new();
        for l in &self.lines {
            let (mark, rest) = l.split_at(2);
            let _ = writeln!(s, "{mark}{pad}{rest}");
        }
        s
    }
}

/// Matches `actual` (`None`: the key is missing) against `pattern`.
pub(crate) fn check(actual: Option<&Value>, pattern: &Value) -> Outcome {
    let mut m = Matcher {
        differences: Vec::new(),
        captures: Vec::new(),
        lines: Vec::new(),
    };
    m.value(actual, pattern, "", "", 0, Mode::Subset);
    Outcome {
        differences: m.differences,
        captures: m.captures,
        lines: m.lines,
    }
}

struct Matcher {
    differences: Vec<Difference>,
    captures: Captures,
    lines: Vec<String>,
}

impl Matcher {
    fn line(&mut self, mark: char, depth: usize, text: &str) {
        self.lines
            .push(format!("{mark} {}{text}", "  ".repeat(depth)));
    }

    /// Writes a value that matched (or was found), labelled: on one line
    /// when it fits, else opened up `budget` more levels, then cut short.
    fn show(&mut self, mark: char, depth: usize, label: &str, v: &Value) {
        self.show_within(mark, depth, label, v, 3)
    }

    fn show_within(&mut self, mark: char, depth: usize, label: &str, v: &Value, budget: usize) {
        let text = compact(v);
        let room = WIDTH.saturating_sub(label.len() + depth * 2);
        let openable = matches!(v, Value::Object(m) if !m.is_empty())
            || matches!(v, Value::Array(a) if !a.is_empty());
        if text.chars().count() <= room || budget == 0 || !openable {
            self.line(
                mark,
                depth,
                &format!("{label}{}", truncate(&text, room.max(20))),
            );
            return;
        }
        match v {
            Value::Object(m) => {
                self.line(mark, depth, &format!("{label}{{"));
                for (k, v) in m {
                    self.show_within(mark, depth + 1, &key_label(k), v, budget - 1);
                }
                self.line(mark, depth, "}");
            }
            Value::Array(a) => {
                self.line(mark, depth, &format!("{label}["));
                for v in a {
                    self.show_within(mark, depth + 1, "", v, budget - 1);
                }
                self.line(mark, depth, "]");
            }
            _ => {}
        }
    }

    fn differ(
        &mut self,
        path: &str,
        depth: usize,
        label: &str,
        expected: String,
        found: Option<&Value>,
    ) {
        self.line('-', depth, &format!("{label}{expected}"));
        match found {
            Some(v) => self.show('+', depth, label, v),
            None => self.line('+', depth, &format!("{label}(missing)")),
        }
        self.differences.push(Difference {
            path: path.to_string(),
            expected,
            found: found.map(|v| truncate(&compact(v), 100)),
        });
    }

    /// A sub-match whose lines and captures are kept only if it matched (for
    /// `not`, `array_with` scans and captures' own patterns).
    fn trial(&self, actual: Option<&Value>, pattern: &Value, mode: Mode) -> Matcher {
        let mut sub = Matcher {
            differences: Vec::new(),
            captures: Vec::new(),
            lines: Vec::new(),
        };
        sub.value(actual, pattern, "", "", 0, mode);
        sub
    }

    fn value(
        &mut self,
        actual: Option<&Value>,
        pattern: &Value,
        path: &str,
        label: &str,
        depth: usize,
        mode: Mode,
    ) {
        if let Some(kind) = decode(pattern) {
            return self.matcher(kind, actual, pattern, path, label, depth, mode);
        }
        let Some(a) = actual else {
            return self.differ(path, depth, label, describe(pattern), None);
        };
        match (pattern, a) {
            (Value::Object(p), Value::Object(o)) => self.object(p, o, path, label, depth, mode),
            (Value::Array(p), Value::Array(o)) if p.len() == o.len() => {
                self.line(' ', depth, &format!("{label}["));
                for (i, (pv, av)) in p.iter().zip(o).enumerate() {
                    self.value(Some(av), pv, &format!("{path}[{i}]"), "", depth + 1, mode);
                }
                self.line(' ', depth, "]");
            }
            (Value::Array(p), Value::Array(_)) => self.differ(
                path,
                depth,
                label,
                format!("a list of {} element(s) {}", p.len(), describe(pattern)),
                Some(a),
            ),
            (Value::Number(p), Value::Number(o)) if p.as_f64() == o.as_f64() => {
                self.show(' ', depth, label, a)
            }
            (p, o) if p == o => self.show(' ', depth, label, a),
            (p, _) => self.differ(path, depth, label, describe(p), Some(a)),
        }
    }

    fn object(
        &mut self,
        p: &Map<String, Value>,
        o: &Map<String, Value>,
        path: &str,
        label: &str,
        depth: usize,
        mode: Mode,
    ) {
        self.line(' ', depth, &format!("{label}{{"));
        for (k, pv) in p {
            let sub = join(path, k);
            self.value(o.get(k), pv, &sub, &key_label(k), depth + 1, mode);
        }
        let extra: Vec<&String> = o.keys().filter(|k| !p.contains_key(*k)).collect();
        if mode == Mode::Exact {
            for k in extra {
                let sub = join(path, k);
                self.differ(&sub, depth + 1, &key_label(k), "(absent)".into(), o.get(k));
            }
        } else if !extra.is_empty() {
            self.line(
                ' ',
                depth + 1,
                &format!(
                    "… {} other key(s): {}",
                    extra.len(),
                    extra
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        self.line(' ', depth, "}");
    }

    /// `array_with` found no element for `wanted` at or after `from`: report
    /// it once, and show the closest element's own diff.
    #[allow(clippy::too_many_arguments)]
    fn array_miss(
        &mut self,
        list: &[Value],
        wanted: &Value,
        from: usize,
        path: &str,
        label: &str,
        depth: usize,
        mode: Mode,
    ) {
        let after = if from > 0 {
            format!(" after index {}", from - 1)
        } else {
            String::new()
        };
        let expected = format!(
            "a list with an element matching {}{after}",
            describe(wanted)
        );
        let closest = (from..list.len())
            .map(|i| (i, self.trial(Some(&list[i]), wanted, mode)))
            .min_by_key(|(_, t)| t.differences.len());
        self.differences.push(Difference {
            path: path.to_string(),
            expected: expected.clone(),
            found: Some(format!(
                "{} element(s), none matching",
                list.len().saturating_sub(from)
            )),
        });
        self.line(' ', depth, &format!("{label}["));
        self.line(
            '-',
            depth + 1,
            &format!("(an element matching {}{after})", describe(wanted)),
        );
        match closest {
            Some((i, t)) => {
                self.line(
                    ' ',
                    depth + 1,
                    &format!("(closest: element {i} of {})", list.len()),
                );
                for l in t.lines {
                    let (mark, rest) = l.split_at(2);
                    self.lines
                        .push(format!("{mark}{}{rest}", "  ".repeat(depth + 1)));
                }
            }
            None => self.line('+', depth + 1, &format!("(no element{after})")),
        }
        self.line(' ', depth, "]");
    }

    #[allow(clippy::too_many_arguments)]
    fn matcher(
        &mut self,
        kind: Kind<'_>,
        actual: Option<&Value>,
        pattern: &Value,
        path: &str,
        label: &str,
        depth: usize,
        mode: Mode,
    ) {
        match kind {
            Kind::Absent => match actual {
                None => self.line(' ', depth, &format!("{label}(absent)")),
                Some(a) => self.differ(path, depth, label, "(absent)".into(), Some(a)),
            },
            Kind::Any => match actual {
                Some(a) if !a.is_null() => self.show(' ', depth, label, a),
                other => self.differ(path, depth, label, describe(pattern), other),
            },
            Kind::ObjectLike(p) | Kind::ObjectEquals(p) => {
                let mode = if matches!(kind, Kind::ObjectEquals(_)) {
                    Mode::Exact
                } else {
                    Mode::Subset
                };
                match (p, actual) {
                    (Value::Object(pm), Some(Value::Object(o))) => {
                        self.object(pm, o, path, label, depth, mode)
                    }
                    (_, a) => self.differ(path, depth, label, describe(pattern), a),
                }
            }
            Kind::Exact(p) => self.value(actual, p, path, label, depth, Mode::Exact),
            Kind::ArrayEquals(p) => match (p, actual) {
                (Value::Array(_), Some(Value::Array(_))) => {
                    self.value(actual, p, path, label, depth, mode)
                }
                (_, a) => self.differ(path, depth, label, describe(pattern), a),
            },
            Kind::ArrayWith(p) => {
                let (Value::Array(wanted), Some(Value::Array(list))) = (p, actual) else {
                    return self.differ(path, depth, label, describe(pattern), actual);
                };
                // Each wanted element, in order, against the first element at
                // or after the previous match that it matches.
                let mut next = 0;
                let mut found = Vec::new();
                for w in wanted {
                    let hit = (next..list.len()).find_map(|i| {
                        let t = self.trial(Some(&list[i]), w, mode);
                        t.differences.is_empty().then_some((i, t))
                    });
                    match hit {
                        Some((i, t)) => {
                            self.captures.extend(t.captures);
                            found.push(i);
                            next = i + 1;
                        }
                        None => return self.array_miss(list, w, next, path, label, depth, mode),
                    }
                }
                self.line(
                    ' ',
                    depth,
                    &format!(
                        "{label}[… {} element(s); matched at index {:?}]",
                        list.len(),
                        found
                    ),
                );
            }
            Kind::Regex(re) => {
                let compiled = regex_automata::meta::Regex::new(re);
                match (compiled, actual) {
                    (Err(e), a) => self.differ(
                        path,
                        depth,
                        label,
                        format!("a valid regular expression (/{re}/: {e})"),
                        a,
                    ),
                    (Ok(r), Some(Value::String(s))) if r.is_match(s.as_str()) => {
                        self.show(' ', depth, label, actual.unwrap_or(&Value::Null))
                    }
                    (Ok(_), a) => self.differ(path, depth, label, describe(pattern), a),
                }
            }
            Kind::SerializedJson(p) => {
                let parsed = match actual {
                    Some(Value::String(s)) => serde_json::from_str::<Value>(s).ok(),
                    _ => None,
                };
                match parsed {
                    Some(v) => {
                        let t = self.trial(Some(&v), p, mode);
                        self.line(' ', depth, &format!("{label}(serialized JSON)"));
                        for l in t.lines {
                            let (mark, rest) = l.split_at(2);
                            self.lines
                                .push(format!("{mark}{}{rest}", "  ".repeat(depth + 1)));
                        }
                        for d in t.differences {
                            self.differences.push(Difference {
                                path: format!("{path}<json>{}", d.path),
                                ..d
                            });
                        }
                        self.captures.extend(t.captures);
                    }
                    None => self.differ(path, depth, label, describe(pattern), actual),
                }
            }
            Kind::Not(p) => {
                let t = self.trial(actual, p, mode);
                if t.differences.is_empty() {
                    self.differ(path, depth, label, describe(pattern), actual);
                } else {
                    match actual {
                        Some(a) => self.show(' ', depth, label, a),
                        None => self.line(' ', depth, &format!("{label}(absent)")),
                    }
                }
            }
            Kind::Capture(id, p) => {
                let Some(a) = actual else {
                    return self.differ(path, depth, label, "a value to capture".into(), None);
                };
                if let Some(p) = p {
                    let before = self.differences.len();
                    self.value(actual, p, path, label, depth, mode);
                    if self.differences.len() > before {
                        return;
                    }
                } else {
                    self.show(' ', depth, label, a);
                }
                self.captures.push((id, a.clone()));
            }
        }
    }
}

/// A pattern as a reader would write it: JSON, with matchers by name.
pub(crate) fn describe(p: &Value) -> String {
    if let Some(kind) = decode(p) {
        return match kind {
            Kind::ObjectLike(v) => format!("object_like({})", describe(v)),
            Kind::ObjectEquals(v) => format!("object_equals({})", describe(v)),
            Kind::Exact(v) => format!("exact({})", describe(v)),
            Kind::ArrayWith(v) => format!("array_with({})", describe(v)),
            Kind::ArrayEquals(v) => format!("array_equals({})", describe(v)),
            Kind::Absent => "absent()".into(),
            Kind::Any => "any_value()".into(),
            Kind::Regex(r) => format!("string_like_regexp(/{r}/)"),
            Kind::SerializedJson(v) => format!("serialized_json({})", describe(v)),
            Kind::Not(v) => format!("not({})", describe(v)),
            Kind::Capture(_, None) => "capture()".into(),
            Kind::Capture(_, Some(v)) => format!("capture({})", describe(v)),
        };
    }
    match p {
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", compact(&Value::String(k.clone())), describe(v)))
                .collect();
            format!("{{{}}}", items.join(","))
        }
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(describe).collect();
            format!("[{}]", items.join(","))
        }
        v => compact(v),
    }
}

fn key_label(k: &str) -> String {
    format!("{}: ", compact(&Value::String(k.to_string())))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Widest line a rendering aims for.
const WIDTH: usize = 96;

/// `s` cut to at most `max` characters, marked with `…` when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

pub(crate) fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
