//! The report `stackwright diff` prints: one line per resource, its changes
//! indented below it with old and new values, then the other sections and a
//! summary. Colour (ANSI) only when asked; the words carry the meaning alone.

use std::fmt::Write as _;

use serde_json::Value;

use super::{ChangeKind, Diff, Impact, ResourceChange, SectionChange, Status};

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn alarm(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}

/// Longest value shown on one line before it is cut (the full values are in
/// the templates; the report says what changed).
const VALUE_WIDTH: usize = 100;

pub(super) fn render(d: &Diff, color: bool) -> String {
    let p = Paint { on: color };
    let mut s = String::new();
    if d.is_identical() {
        s.push_str("No differences.\n");
        return s;
    }
    if !d.resources.is_empty() {
        s.push_str("Resources\n");
        for r in &d.resources {
            resource(&mut s, &p, r);
        }
    }
    if !d.sections.is_empty() {
        if !d.resources.is_empty() {
            s.push('\n');
        }
        s.push_str("Other sections\n");
        for c in &d.sections {
            section(&mut s, &p, c);
        }
    }
    s.push('\n');
    summary(&mut s, &p, d);
    s
}

fn resource(s: &mut String, p: &Paint, r: &ResourceChange) {
    let (mark, what) = match &r.kind {
        ChangeKind::Added => (p.green("[+]"), p.green("added")),
        ChangeKind::Removed if r.stateful => (p.red("[-]"), p.alarm("REMOVED, with its data")),
        ChangeKind::Removed => (p.red("[-]"), p.red("removed")),
        ChangeKind::Renamed { from } => (
            p.yellow("[>]"),
            p.alarm(&format!(
                "renamed from {from}: REPLACES the resource (an update deletes {from} and creates {})",
                r.id
            )),
        ),
        ChangeKind::Modified => match r.impact {
            Impact::Update => (p.yellow("[~]"), p.yellow("update")),
            Impact::MayReplace => (p.yellow("[~]"), p.alarm("MAY REPLACE the resource")),
            Impact::Replace => (p.yellow("[~]"), p.alarm("REPLACES the resource")),
        },
    };
    let _ = writeln!(s, "{mark} {} {} {what}", r.type_, r.id);
    if r.stateful && (r.impact >= Impact::MayReplace) {
        let _ = writeln!(
            s,
            "    {}",
            p.alarm("stateful: the replacement starts empty; the old resource's data is not moved")
        );
    }
    if let ChangeKind::Renamed { from } = &r.kind {
        let _ = writeln!(
            s,
            "    to keep it, move it first: --refactor-mapping FILE writes {from} -> {} for CloudFormation's stack refactoring",
            r.id
        );
    }
    for note in &r.notes {
        let _ = writeln!(s, "    note: {note}");
    }
    for c in &r.changes {
        let tag = match c.impact {
            Impact::Update => p.dim("update"),
            Impact::MayReplace => p.alarm("may replace"),
            Impact::Replace => p.alarm("replaces"),
        };
        let _ = writeln!(s, "    [~] {} ({tag})", c.name);
        if let Some(why) = &c.reason {
            let _ = writeln!(s, "        {}", p.dim(&format!("why: {why}")));
        }
        values(s, p, c.old.as_ref(), c.new.as_ref(), "        ");
    }
}

/// The old and new values of one change: whole when short, else the paths inside that differ.
fn values(s: &mut String, p: &Paint, old: Option<&Value>, new: Option<&Value>, indent: &str) {
    let short = |v: Option<&Value>| v.map(one_line).unwrap_or_else(|| "(absent)".into());
    let (o, n) = (short(old), short(new));
    if o == n {
        let _ = writeln!(s, "{indent}  {}", p.dim(&format!("= {o}")));
        return;
    }
    let fits = o.chars().count() <= VALUE_WIDTH && n.chars().count() <= VALUE_WIDTH;
    if fits || old.is_none() || new.is_none() {
        let _ = writeln!(s, "{indent}{}", p.red(&format!("- {}", cut(&o))));
        let _ = writeln!(s, "{indent}{}", p.green(&format!("+ {}", cut(&n))));
        return;
    }
    let mut leaves = Vec::new();
    leaf_changes(old, new, String::new(), &mut leaves);
    for (path, a, b) in leaves {
        let path = path.strip_prefix('.').unwrap_or(&path);
        let _ = writeln!(s, "{indent}{path}:");
        let _ = writeln!(s, "{indent}  {}", p.red(&format!("- {}", cut(&short(a)))));
        let _ = writeln!(s, "{indent}  {}", p.green(&format!("+ {}", cut(&short(b)))));
    }
}

type Leaf<'v> = (String, Option<&'v Value>, Option<&'v Value>);

/// The smallest sub-values that differ, with their paths (`.Key`, `[i]`).
fn leaf_changes<'v>(
    a: Option<&'v Value>,
    b: Option<&'v Value>,
    path: String,
    out: &mut Vec<Leaf<'v>>,
) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut keys: Vec<&String> = x.keys().collect();
            keys.extend(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                if x.get(k) != y.get(k) {
                    leaf_changes(x.get(k), y.get(k), format!("{path}.{k}"), out);
                }
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for i in 0..x.len().max(y.len()) {
                if x.get(i) != y.get(i) {
                    leaf_changes(x.get(i), y.get(i), format!("{path}[{i}]"), out);
                }
            }
        }
        _ => out.push((
            if path.is_empty() {
                "(value)".into()
            } else {
                path
            },
            a,
            b,
        )),
    }
}

fn section(s: &mut String, p: &Paint, c: &SectionChange) {
    let what = match &c.name {
        Some(n) => format!("{} {n}", singular(&c.section)),
        None => c.section.clone(),
    };
    let (mark, verb) = match (&c.old, &c.new) {
        (None, _) => (p.green("[+]"), "added"),
        (_, None) => (p.red("[-]"), "removed"),
        _ => (p.yellow("[~]"), "changed"),
    };
    let _ = writeln!(s, "{mark} {what} {verb}");
    if c.old.is_some() && c.new.is_some() {
        values(s, p, c.old.as_ref(), c.new.as_ref(), "    ");
    }
}

fn singular(section: &str) -> &str {
    match section {
        "Parameters" => "Parameter",
        "Outputs" => "Output",
        "Conditions" => "Condition",
        "Mappings" => "Mapping",
        "Rules" => "Rule",
        other => other,
    }
}

fn summary(s: &mut String, p: &Paint, d: &Diff) {
    let count = |f: &dyn Fn(&ResourceChange) -> bool| d.resources.iter().filter(|r| f(r)).count();
    let added = count(&|r| r.kind == ChangeKind::Added);
    let removed = count(&|r| r.kind == ChangeKind::Removed);
    let renamed = count(&|r| matches!(r.kind, ChangeKind::Renamed { .. }));
    let updated = count(&|r| r.kind == ChangeKind::Modified && r.impact == Impact::Update);
    let replaced = count(&|r| r.kind == ChangeKind::Modified && r.impact == Impact::Replace);
    let maybe = count(&|r| r.kind == ChangeKind::Modified && r.impact == Impact::MayReplace);
    let mut parts = Vec::new();
    for (n, word) in [
        (added, "added"),
        (removed, "removed"),
        (updated, "updated"),
        (replaced, "replaced"),
        (maybe, "possibly replaced"),
        (renamed, "renamed (replaced)"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    if !d.sections.is_empty() {
        parts.push(format!("{} other change(s)", d.sections.len()));
    }
    let _ = writeln!(s, "Summary: {}.", parts.join(", "));
    let lost: Vec<String> = d
        .resources
        .iter()
        .filter(|r| r.loses_state())
        .map(|r| match &r.kind {
            ChangeKind::Renamed { from } => format!("{from} -> {} ({})", r.id, r.type_),
            _ => format!("{} ({})", r.id, r.type_),
        })
        .collect();
    if !lost.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            p.alarm(&format!(
                "Stateful resources lost or replaced: {}.",
                lost.join(", ")
            ))
        );
    }
    let verdict = match d.status() {
        Status::Identical => "identical",
        Status::Updates => "updates only",
        Status::Destructive => "REPLACES RESOURCES or removes stateful ones",
    };
    let _ = writeln!(
        s,
        "Verdict: {verdict} (exit status {}).",
        d.status().exit_code()
    );
}

fn one_line(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn cut(s: &str) -> String {
    if s.chars().count() <= VALUE_WIDTH {
        return s.to_string();
    }
    let mut t: String = s.chars().take(VALUE_WIDTH - 1).collect();
    t.push('…');
    t
}
