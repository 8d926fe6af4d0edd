//! The only module that touches `serde_yaml` (frozen upstream; keep it contained).
//!
//! Reading turns CloudFormation/SAM YAML (or JSON) into plain JSON values, with
//! every short-form intrinsic tag (`!Ref`, `!GetAtt a.b`, `!Sub` …) rewritten to
//! its long form exactly as SAM's `yaml_helper.intrinsics_multi_constructor`
//! does, merge keys (`<<`) applied, and non-string keys turned into strings.
//! Writing renders a JSON value as CloudFormation YAML (long-form intrinsics).

use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

use std::cell::RefCell;

use crate::error::{Diagnostic, Error, SourceLocation};

/// Builds a `serde_yaml::Value` the way a YAML 1.1 reader (CloudFormation,
/// PyYAML and so SAM) resolves plain scalars: `yes`/`no`/`on`/`off` are
/// booleans and `0755`, `0b1`, `1_000`, `1:30` are integers, where YAML 1.2
/// (serde_yaml) keeps them as strings. Only plain scalars are resolved: the
/// deserializer lends each string as a slice of the source, so the byte
/// before it tells a quoted scalar from a plain one. The scalar directly under
/// a short-form tag is kept as written (`raw`), as PyYAML's `construct_scalar` does.
#[derive(Clone, Copy)]
struct Seed<'s> {
    src: &'s str,
    raw: bool,
    /// Where duplicate keys are recorded, when the caller asked for them.
    track: Option<&'s Tracker>,
}

/// The key path being read and the duplicate keys found on it. PyYAML (and
/// so SAM) and serde_json keep the last of two equal keys without a word;
/// CloudFormation refuses the template, so they are reported.
#[derive(Default)]
struct Tracker {
    path: RefCell<Vec<Step>>,
    duplicates: RefCell<Vec<Vec<String>>>,
}

/// One step of the key path: a list index is written out only for a report.
enum Step {
    Key(String),
    Index(usize),
}

impl Tracker {
    fn enter(track: Option<&Tracker>, key: String) {
        if let Some(t) = track {
            t.path.borrow_mut().push(Step::Key(key));
        }
    }

    /// Reads a sequence's items with `item`, each under its index.
    fn items<'de, A, S>(
        track: Option<&Tracker>,
        mut seq: A,
        item: S,
    ) -> Result<Vec<S::Value>, A::Error>
    where
        A: SeqAccess<'de>,
        S: DeserializeSeed<'de> + Copy,
    {
        let mut out = Vec::new();
        loop {
            Tracker::enter_index(track, out.len());
            let next = seq.next_element_seed(item);
            Tracker::leave(track);
            match next? {
                Some(v) => out.push(v),
                None => return Ok(out),
            }
        }
    }

    fn enter_index(track: Option<&Tracker>, i: usize) {
        if let Some(t) = track {
            t.path.borrow_mut().push(Step::Index(i));
        }
    }

    fn leave(track: Option<&Tracker>) {
        if let Some(t) = track {
            t.path.borrow_mut().pop();
        }
    }

    /// Records the key on top of the path as a duplicate.
    fn duplicate(track: Option<&Tracker>) {
        if let Some(t) = track {
            let path = t
                .path
                .borrow()
                .iter()
                .map(|s| match s {
                    Step::Key(k) => k.clone(),
                    Step::Index(i) => i.to_string(),
                })
                .collect();
            t.duplicates.borrow_mut().push(path);
        }
    }

    fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.duplicates
            .into_inner()
            .into_iter()
            .map(|path| {
                let Some((key, parent)) = path.split_last() else {
                    return Diagnostic::document("", "A key appears twice.");
                };
                let message = |at: &str| {
                    let at = if at.is_empty() {
                        "at the top level".to_string()
                    } else {
                        format!("in '{at}'")
                    };
                    format!(
                        "Key '{key}' appears more than once {at}: SAM keeps the last one, \
                         CloudFormation refuses the template."
                    )
                };
                match parent {
                    [section, id, rest @ ..] if section == "Resources" => {
                        let at = rest.join(".");
                        let (full, at) = if at.is_empty() {
                            (key.clone(), format!("Resources.{id}"))
                        } else {
                            (format!("{at}.{key}"), at)
                        };
                        Diagnostic::resource(id.clone(), full, message(&at))
                    }
                    _ => Diagnostic::document(path.join("."), message(&parent.join("."))),
                }
            })
            .collect()
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = serde_yaml::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = serde_yaml::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(u.into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(s.to_string()))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        if !self.raw && is_plain(self.src, s) {
            if let Some(v) = resolve_yaml11(s) {
                return Ok(v);
            }
        }
        Ok(serde_yaml::Value::String(s.to_string()))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let item = Seed { raw: false, ..self };
        Tracker::items(self.track, seq, item).map(serde_yaml::Value::Sequence)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let item = Seed { raw: false, ..self };
        let mut out = serde_yaml::Mapping::new();
        while let Some(k) = map.next_key_seed(item)? {
            let name = match &k {
                serde_yaml::Value::String(s) => s.clone(),
                other => key_string(other.clone()).unwrap_or_default(),
            };
            Tracker::enter(self.track, name);
            let v = map.next_value_seed(item);
            if out.contains_key(&k) {
                Tracker::duplicate(self.track);
            }
            Tracker::leave(self.track);
            out.insert(k, v?);
        }
        Ok(serde_yaml::Value::Mapping(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (tag, content): (String, _) = data.variant()?;
        let value = content.newtype_variant_seed(Seed { raw: true, ..self })?;
        Ok(serde_yaml::Value::Tagged(Box::new(
            serde_yaml::value::TaggedValue {
                tag: serde_yaml::value::Tag::new(tag),
                value,
            },
        )))
    }
}

/// Reads a YAML value straight into JSON, as [`Seed`] followed by
/// [`to_json`] would, without the intermediate `serde_yaml::Value` (whose
/// maps hash every key): reading is a good part of synthesis. Keys, merge
/// keys (`<<`) and short-form tags, which need the YAML view, still go
/// through [`Seed`]; a problem [`to_json`] would report is kept in `failed`.
#[derive(Clone, Copy)]
struct Direct<'s> {
    yaml: Seed<'s>,
    failed: &'s RefCell<Option<String>>,
}

impl Direct<'_> {
    fn fail(&self, message: String) -> Value {
        self.failed.borrow_mut().get_or_insert(message);
        Value::Null
    }

    fn convert(&self, v: serde_yaml::Value) -> Value {
        to_json(v).unwrap_or_else(|m| self.fail(m))
    }
}

impl<'de> DeserializeSeed<'de> for Direct<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Direct<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(number(&f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Value, E> {
        if is_plain(self.yaml.src, s) {
            if let Some(v) = resolve_yaml11(s) {
                return Ok(self.convert(v));
            }
        }
        Ok(Value::String(s.to_string()))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        Tracker::items(self.yaml.track, seq, self).map(Value::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let track = self.yaml.track;
        let mut own = Map::new();
        // The merge key's value (the last one, as a YAML mapping keeps it).
        let mut merge: Option<serde_yaml::Value> = None;
        // The entries by key as YAML tells keys apart, kept only once a key
        // that is not a string appears: `1` and `'1'` are two keys to YAML
        // (each keeps its last value), one to JSON.
        let mut exact: Option<Vec<(serde_yaml::Value, String, Value)>> = None;
        while let Some(k) = map.next_key_seed(self.yaml)? {
            let name = match &k {
                serde_yaml::Value::String(s) => s.clone(),
                other => match key_string(other.clone()) {
                    Ok(name) => name,
                    Err(m) => {
                        self.fail(m);
                        String::new()
                    }
                },
            };
            let is_merge = name == "<<" && matches!(k, serde_yaml::Value::String(_));
            let merged_before = merge.is_some();
            Tracker::enter(track, name.clone());
            let v = if is_merge {
                map.next_value_seed(self.yaml).map(|m| {
                    merge = Some(m);
                    Value::Null
                })
            } else {
                map.next_value_seed(self)
            };
            if !matches!(k, serde_yaml::Value::String(_)) && exact.is_none() {
                let entries = std::mem::take(&mut own)
                    .into_iter()
                    .map(|(name, v)| (serde_yaml::Value::String(name.clone()), name, v))
                    .collect();
                exact = Some(entries);
            }
            let at = match &exact {
                Some(entries) if !is_merge => entries.iter().position(|(key, ..)| *key == k),
                _ => None,
            };
            let duplicate = match &exact {
                _ if is_merge => merged_before,
                Some(_) => at.is_some(),
                None => own.contains_key(&name),
            };
            if duplicate {
                Tracker::duplicate(track);
            }
            Tracker::leave(track);
            let v = v?;
            match (&mut exact, at) {
                _ if is_merge => {}
                (Some(entries), Some(i)) => entries[i].2 = v,
                (Some(entries), None) => entries.push((k, name, v)),
                (None, _) => {
                    own.insert(name, v);
                }
            }
        }
        if let Some(entries) = exact {
            for (_, name, v) in entries {
                own.insert(name, v);
            }
        }
        let Some(merge) = merge else {
            return Ok(Value::Object(own));
        };
        let mut with_merge = serde_yaml::Mapping::new();
        with_merge.insert(serde_yaml::Value::String("<<".into()), merge);
        let mut out = match mapping(with_merge) {
            Ok(Value::Object(merged)) => merged,
            Ok(_) => Map::new(),
            Err(m) => {
                self.fail(m);
                Map::new()
            }
        };
        for (k, v) in own {
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let tagged = self.yaml.visit_enum(data)?;
        Ok(self.convert(tagged))
    }
}

/// True when `s` is a slice of `src` not opened by a quote, i.e. a plain scalar.
fn is_plain(src: &str, s: &str) -> bool {
    let offset = (s.as_ptr() as usize).wrapping_sub(src.as_ptr() as usize);
    if offset > src.len() {
        return false;
    }
    match offset.checked_sub(1).and_then(|i| src.as_bytes().get(i)) {
        Some(b'\'' | b'"') => false,
        // `!!str 12` (or `!<tag:yaml.org,2002:str> 12`) is a string, as PyYAML reads it.
        _ => {
            let before = src[..offset].trim_end_matches([' ', '\t']);
            !(before.ends_with("!!str") || before.ends_with("!<tag:yaml.org,2002:str>"))
        }
    }
}

/// YAML 1.1's resolution of a plain scalar YAML 1.2 left as a string.
fn resolve_yaml11(s: &str) -> Option<serde_yaml::Value> {
    match s {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Some(serde_yaml::Value::Bool(true)),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Some(serde_yaml::Value::Bool(false)),
        _ => {}
    }
    if let Some(t) = yaml11_timestamp(s) {
        return Some(serde_yaml::Value::String(t));
    }
    if let Some(i) = yaml11_int(s) {
        return Some(serde_yaml::Value::Number(i.into()));
    }
    yaml11_float(s).map(|f| serde_yaml::Value::Number(f.into()))
}

/// The YAML 1.1 floats PyYAML (SAM's reader) resolves that a YAML 1.2
/// reader leaves as text: with `_` separators (`1_000.5`) or sexagesimal
/// (`1:30.5`, base 60). PyYAML's pattern wants a `.`, and a sign on the
/// exponent (`[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?`, or
/// `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`); its value drops the `_`s.
fn yaml11_float(s: &str) -> Option<f64> {
    let (sign, body) = match s.as_bytes().first()? {
        b'-' => (-1.0, &s[1..]),
        b'+' => (1.0, &s[1..]),
        _ => (1.0, s),
    };
    let (whole, frac) = body.split_once('.')?;
    let digits_ = |t: &str| t.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let mut parts = whole.split(':');
    let head = parts.next()?;
    if !head.starts_with(|c: char| c.is_ascii_digit()) || !digits_(head) {
        return None;
    }
    let base60: Vec<&str> = parts.collect();
    let clean = |t: &str| t.replace('_', "");
    if base60.is_empty() {
        // `[0-9_]*` then an optional exponent with a sign.
        let (frac, exp) = match frac.find(['e', 'E']) {
            Some(i) => (&frac[..i], Some(&frac[i + 1..])),
            None => (frac, None),
        };
        if !digits_(frac) {
            return None;
        }
        if let Some(e) = exp {
            let rest = e.strip_prefix(['-', '+'])?;
            if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
        }
        let text = format!(
            "{}.{}{}",
            clean(whole),
            clean(frac),
            exp.map_or(String::new(), |e| format!("e{e}"))
        );
        return text.parse::<f64>().ok().map(|v| sign * v);
    }
    // Sexagesimal: each further part `[0-5]?[0-9]`, the last with the fraction.
    if !digits_(frac)
        || !base60.iter().all(|p| {
            let b = p.as_bytes();
            match b {
                [d] => d.is_ascii_digit(),
                [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
                _ => false,
            }
        })
    {
        return None;
    }
    let mut value = 0.0;
    for p in std::iter::once(clean(head)).chain(base60.iter().map(|p| p.to_string())) {
        value = value * 60.0 + p.parse::<f64>().ok()?;
    }
    let frac = clean(frac);
    if !frac.is_empty() {
        value += format!("0.{frac}").parse::<f64>().ok()?;
    }
    Some(sign * value)
}

/// A YAML 1.1 timestamp with a time of day (`2001-12-14 21:59:43.10 -5`), as
/// SAM's reader makes it: a `datetime` written out with `isoformat()`
/// (`2001-12-14T21:59:43.100000-05:00`). A bare date is left as written,
/// which is already its `isoformat()`.
fn yaml11_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    // Up to `max` digits, at least `min`.
    let digits = |i: &mut usize, min: usize, max: usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        (*i - start >= min).then(|| s[start..*i].parse().ok())?
    };
    let year = digits(&mut i, 4, 4)?;
    (b.get(i) == Some(&b'-')).then_some(())?;
    i += 1;
    let month = digits(&mut i, 1, 2)?;
    (b.get(i) == Some(&b'-')).then_some(())?;
    i += 1;
    let day = digits(&mut i, 1, 2)?;
    match b.get(i) {
        Some(b'T' | b't') => i += 1,
        Some(b' ' | b'\t') => {
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
        }
        _ => return None,
    }
    let hour = digits(&mut i, 1, 2)?;
    (b.get(i) == Some(&b':')).then_some(())?;
    i += 1;
    let minute = digits(&mut i, 2, 2)?;
    (b.get(i) == Some(&b':')).then_some(())?;
    i += 1;
    let second = digits(&mut i, 2, 2)?;
    let mut micros = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut frac: String = s[start..i].chars().take(6).collect();
        if !frac.is_empty() {
            while frac.len() < 6 {
                frac.push('0');
            }
            micros = frac.parse().ok()?;
        }
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let tz = match b.get(i) {
        None => String::new(),
        Some(b'Z') if i + 1 == b.len() => "+00:00".to_string(),
        Some(&sign @ (b'+' | b'-')) => {
            i += 1;
            let h = digits(&mut i, 1, 2)?;
            let m = if b.get(i) == Some(&b':') {
                i += 1;
                digits(&mut i, 2, 2)?
            } else {
                0
            };
            if i != b.len() {
                return None;
            }
            // Python's timezone(-timedelta(hours=0)) is UTC, shown "+00:00".
            let sign = if sign == b'-' && (h, m) != (0, 0) {
                '-'
            } else {
                '+'
            };
            // timezone() needs an offset under a day; past it SAM's reader fails.
            if h * 60 + m >= 24 * 60 {
                return None;
            }
            format!("{sign}{h:02}:{m:02}")
        }
        _ => return None,
    };
    // Out-of-range fields make Python's datetime fail: leave the text.
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if year == 0 || day == 0 || day > days || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let frac = if micros == 0 {
        String::new()
    } else {
        format!(".{micros:06}")
    };
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{frac}{tz}"
    ))
}

/// YAML 1.1 integers: binary `0b`, octal with a leading `0`, hex `0x`,
/// sexagesimal `1:30`, all with optional sign and `_` separators.
fn yaml11_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let digits = |t: &str, radix: u32| -> Option<i64> {
        let t: String = t.chars().filter(|&c| c != '_').collect();
        if t.is_empty() {
            return None;
        }
        i64::from_str_radix(&t, radix).ok()
    };
    let value = if let Some(b) = body.strip_prefix("0b") {
        digits(b, 2)?
    } else if let Some(h) = body.strip_prefix("0x") {
        digits(h, 16)?
    } else if body.contains(':') {
        let mut parts = body.split(':');
        let head = parts.next()?;
        if !head.starts_with(|c: char| ('1'..='9').contains(&c)) {
            return None;
        }
        let mut v = digits(head, 10)?;
        for p in parts {
            if p.is_empty()
                || p.len() > 2
                || !p.bytes().all(|b| b.is_ascii_digit())
                || p.parse::<i64>().ok()? > 59
            {
                return None;
            }
            v = v.checked_mul(60)?.checked_add(p.parse().ok()?)?;
        }
        v
    } else if body.len() > 1 && body.starts_with('0') {
        digits(&body[1..], 8)?
    } else if body.starts_with(|c: char| c.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        digits(body, 10)?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

/// Parses a template. JSON documents go through `serde_json` (YAML parsers
/// reject tabs that JSON allows); everything else is read as YAML.
pub fn parse(text: &str, path: &str) -> Result<Value, Error> {
    read(text, path, None)
}

/// Parses a template as [`parse`] does, and also reports every key that
/// appears twice in one mapping (YAML or JSON), naming its path.
pub fn parse_checked(text: &str, path: &str) -> Result<(Value, Vec<Diagnostic>), Error> {
    let tracker = Tracker::default();
    let doc = read(text, path, Some(&tracker))?;
    Ok((doc, tracker.into_diagnostics()))
}

fn read(text: &str, path: &str, track: Option<&Tracker>) -> Result<Value, Error> {
    // A UTF-8 byte-order mark (Windows editors write one) is not content;
    // left in, it would start a document of its own before a `---`.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        let json = match track {
            None => serde_json::from_str::<Value>(text),
            Some(t) => {
                let mut de = serde_json::Deserializer::from_str(text);
                let v = JsonSeed { track: Some(t) }
                    .deserialize(&mut de)
                    .and_then(|v| de.end().map(|()| v));
                if v.is_err() {
                    // The YAML reader below starts over on the same text.
                    t.path.borrow_mut().clear();
                    t.duplicates.borrow_mut().clear();
                }
                v
            }
        };
        if let Ok(v) = json {
            return Ok(v);
        }
    }
    if let Some(location) = too_deep(text, MAX_FLOW_DEPTH) {
        return Err(Error::Syntax {
            path: path.to_string(),
            location: Some(location),
            message: format!(
                "recursion limit exceeded: collections nest more than {MAX_FLOW_DEPTH} levels deep"
            ),
        });
    }
    let syntax = |e: serde_yaml::Error| Error::Syntax {
        path: path.to_string(),
        location: e.location().map(|l| SourceLocation {
            line: l.line(),
            column: l.column(),
        }),
        message: strip_location(&e.to_string()),
    };
    let failed = RefCell::new(None);
    let yaml = Seed {
        src: text,
        raw: false,
        track,
    };
    let doc = Direct {
        yaml,
        failed: &failed,
    }
    .deserialize(serde_yaml::Deserializer::from_str(text))
    .map_err(syntax)?;
    match failed.into_inner() {
        Some(message) => Err(Error::Syntax {
            path: path.to_string(),
            location: None,
            message,
        }),
        None => Ok(doc),
    }
}

/// Flow collections (`[`, `{`) nested deeper than this are refused before
/// parsing. The reader refuses anything past 128 levels anyway, but only
/// after its scanner has read the whole document, and that scanner takes
/// time quadratic in the nesting depth (a second for 20,000 levels).
const MAX_FLOW_DEPTH: usize = 1_000;

/// Where flow nesting first passes `limit`, counting `[` and `{` outside
/// quoted scalars and comments. An over-count (a bracket inside a plain
/// scalar) is harmless: no real template comes near the limit.
fn too_deep(text: &str, limit: usize) -> Option<SourceLocation> {
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    let mut prev = '\n';
    for c in text.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
            comment = false;
        }
        if comment {
            prev = c;
            continue;
        }
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if !prev.is_alphanumeric() => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(SourceLocation { line, column: col });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    None
}

/// serde_yaml appends "at line L column C" to its messages; we report the
/// location separately.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn to_json(v: serde_yaml::Value) -> Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number(&n),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        Y::Mapping(m) => mapping(m)?,
        Y::Tagged(t) => intrinsic(&t.tag.to_string(), t.value)?,
    })
}

/// A mapping, with merge keys (`<<: *base` or `<<: [*a, *b]`) applied as
/// PyYAML applies them: merged entries come first (for a list, the last
/// mapping's first), the mapping's own entries after; a repeated key keeps
/// its first position and takes the value of the earliest source in the
/// list, and the mapping's own value over any merged one.
fn mapping(m: serde_yaml::Mapping) -> Result<Value, String> {
    let is_merge = |k: &serde_yaml::Value| matches!(k, serde_yaml::Value::String(s) if s == "<<");
    if !m.keys().any(is_merge) {
        // No merge key (nearly every mapping): the entries go straight in.
        let mut out = Map::with_capacity(m.len());
        for (k, v) in m {
            out.insert(key_string(k)?, to_json(v)?);
        }
        return Ok(Value::Object(out));
    }
    let mut merged: Vec<(String, Value)> = Vec::new();
    let mut own: Vec<(String, Value)> = Vec::new();
    for (k, v) in m {
        if matches!(&k, serde_yaml::Value::String(s) if s == "<<") {
            let sources = match v {
                serde_yaml::Value::Mapping(one) => vec![one],
                serde_yaml::Value::Sequence(items) => items
                    .into_iter()
                    .map(|i| match i {
                        serde_yaml::Value::Mapping(one) => Ok(one),
                        _ => Err("expected a mapping for merging (<<)".to_string()),
                    })
                    .collect::<Result<_, _>>()?,
                _ => return Err("expected a mapping or list of mappings for merging (<<)".into()),
            };
            for source in sources.into_iter().rev() {
                if let Value::Object(obj) = mapping(source)? {
                    merged.extend(obj);
                }
            }
        } else {
            own.push((key_string(k)?, to_json(v)?));
        }
    }
    let mut out = Map::new();
    for (k, v) in merged.into_iter().chain(own) {
        out.insert(k, v);
    }
    Ok(Value::Object(out))
}

/// Builds a `serde_json::Value` exactly as `serde_json::from_str` does, noting
/// duplicate keys on the way.
#[derive(Clone, Copy)]
struct JsonSeed<'s> {
    track: Option<&'s Tracker>,
}

impl<'de> DeserializeSeed<'de> for JsonSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        Tracker::items(self.track, seq, self).map(Value::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            Tracker::enter(self.track, k.clone());
            let v = map.next_value_seed(self);
            if out.contains_key(&k) {
                Tracker::duplicate(self.track);
            }
            Tracker::leave(self.track);
            out.insert(k, v?);
        }
        Ok(Value::Object(out))
    }
}

fn number(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Number(i.into())
    } else if let Some(u) = n.as_u64() {
        Value::Number(u.into())
    } else {
        let f = n.as_f64().unwrap_or(f64::NAN);
        // JSON has no NaN or infinity: keep what the user wrote as text.
        Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(n.to_string()))
    }
}

fn key_string(k: serde_yaml::Value) -> Result<String, String> {
    use serde_yaml::Value as Y;
    Ok(match k {
        Y::String(s) => s,
        Y::Null => "null".to_string(),
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        other => serde_json::to_string(&to_json(other)?).unwrap_or_default(),
    })
}

/// A short-form tag as its long form: `!Ref x` is `{"Ref": "x"}`, `!GetAtt a.b`
/// is `{"Fn::GetAtt": ["a", "b"]}`, any other `!Name v` is `{"Fn::Name": v}`.
fn intrinsic(tag: &str, value: serde_yaml::Value) -> Result<Value, String> {
    let name = tag.trim_start_matches('!');
    let key = match name {
        "Ref" | "Condition" => name.to_string(),
        _ => format!("Fn::{name}"),
    };
    let inner = match value {
        // Tagged scalars are taken as written (PyYAML's construct_scalar), so
        // `!Ref 123` refers to "123", not to a number.
        serde_yaml::Value::Bool(b) => Value::String(b.to_string()),
        serde_yaml::Value::Number(n) => Value::String(n.to_string()),
        serde_yaml::Value::Null => Value::String(String::new()),
        serde_yaml::Value::String(s) if name == "GetAtt" => match s.split_once('.') {
            Some((res, attr)) => {
                Value::Array(vec![Value::String(res.into()), Value::String(attr.into())])
            }
            None => Value::Array(vec![Value::String(s)]),
        },
        other => to_json(other)?,
    };
    let mut m = Map::new();
    m.insert(key, inner);
    Ok(Value::Object(m))
}

/// Renders a value as block-style YAML. Intrinsics stay in long form, which
/// every CloudFormation YAML reader accepts. Strings are written plain only
/// when no YAML 1.1 or 1.2 reader could take them for anything else, so
/// `2012-10-17`, `yes`, `0755` or `1e3` come out quoted: PyYAML-based tools
/// (SAM CLI, `aws cloudformation package`) read YAML 1.1, where those are
/// dates, booleans and numbers.
pub fn to_string(v: &Value) -> Result<String, Error> {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => write_list(a, 0, &mut out),
        scalar => {
            write_scalar(scalar, 0, &mut out);
            out.push('\n');
        }
    }
    Ok(out)
}

fn indent(n: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
}

fn write_map(m: &Map<String, Value>, level: usize, out: &mut String) {
    for (i, (k, v)) in m.iter().enumerate() {
        // The first entry of a map inside a list item sits after its "- ".
        if i > 0 || level == 0 || !out.ends_with("- ") {
            indent(level, out);
        }
        write_string(k, level, out);
        out.push(':');
        write_value(v, level + 2, out);
    }
}

fn write_list(a: &[Value], level: usize, out: &mut String) {
    for item in a {
        indent(level, out);
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => write_map(m, level + 2, out),
            Value::Array(inner) if !inner.is_empty() => {
                out.truncate(out.len() - 1);
                out.push('\n');
                write_list(inner, level + 2, out);
            }
            scalar => {
                write_scalar(scalar, level + 2, out);
                out.push('\n');
            }
        }
    }
}

/// After `key:`: a scalar on the same line, a collection on the next lines.
fn write_value(v: &Value, level: usize, out: &mut String) {
    if is_block(v) {
        out.push('\n');
        match v {
            Value::Object(m) => write_map(m, level, out),
            Value::Array(a) => write_list(a, level, out),
            _ => {}
        }
    } else {
        out.push(' ');
        write_scalar(v, level, out);
        out.push('\n');
    }
}

fn write_scalar(v: &Value, level: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(s, level, out),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

fn write_string(s: &str, level: usize, out: &mut String) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else if let Some(block) = literal_block(s, level) {
        out.push_str(&block);
    } else if s.chars().all(|c| !c.is_control()) {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    } else {
        // JSON string syntax is valid double-quoted YAML.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

/// Words some YAML version reads as a boolean or null.
const RESERVED: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~",
];

/// A string every YAML reader takes back as that same string when written
/// plain: it starts with a letter, `_`, `/` or `$`, avoids indicator and
/// flow characters, and is not a reserved word.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || matches!(first, '_' | '/' | '$')) || RESERVED.contains(&s) {
        return false;
    }
    if s.ends_with(' ') || s.contains(": ") || s.ends_with(':') || s.contains(" #") {
        return false;
    }
    s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                ' ' | '_'
                    | '-'
                    | '.'
                    | '/'
                    | ':'
                    | '$'
                    | '@'
                    | '+'
                    | '('
                    | ')'
                    | '*'
                    | '='
                    | '^'
                    | '~'
                    | ';'
            )
    })
}

/// A multi-line string as a literal block (`|`, `|-`, `|+`), when its lines
/// allow one to reproduce it exactly; otherwise `None`.
fn literal_block(s: &str, level: usize) -> Option<String> {
    if !s.contains('\n') || s.contains('\r') || s.starts_with([' ', '\n']) {
        return None;
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return None;
    }
    let body = s.trim_end_matches('\n');
    if body.lines().any(|l| l.ends_with([' ', '\t'])) {
        return None;
    }
    let chomp = match s.len() - body.len() {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let pad: String = " ".repeat(level.max(2));
    let mut out = format!("|{chomp}");
    for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(s: &str) -> Value {
        parse(s, "t.yaml").unwrap()
    }

    #[test]
    fn yaml11_floats_with_separators_or_base_60_are_numbers() {
        // PyYAML 6 (SAM 1.115's reader), checked with sam-diff.
        let v = p(
            "a: 1_0.5\nb: 1:30.5\nc: 1:0:0.0\nd: 1__0.5_\ne: -2:15.0\nf: 12_500.\ng: 1_0.5e+2\n",
        );
        assert_eq!(
            v,
            json!({"a": 10.5, "b": 90.5, "c": 3600.0, "d": 10.5, "e": -135.0, "f": 12500.0, "g": 1050.0})
        );
        // Not PyYAML floats: no `.`, an unsigned exponent, a base-60 part past 59, quoted.
        let v = p("a: 1_0\nb: 1_0.5e2\nc: 1:60.5\nd: '1_0.5'\ne: 1:3_0.5\n");
        assert_eq!(
            v,
            json!({"a": 10, "b": "1_0.5e2", "c": "1:60.5", "d": "1_0.5", "e": "1:3_0.5"})
        );
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("a: {}{}\n", "[".repeat(1001), "]".repeat(1001));
        match parse(&deep, "t.yaml") {
            Err(Error::Syntax {
                location: Some(l),
                message,
                ..
            }) => {
                assert_eq!((l.line, l.column), (1, 1004));
                assert!(message.contains("recursion limit exceeded"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // Brackets in quoted scalars and comments do not count.
        let quoted = format!(
            "a: '{}'\nb: \"{}\\\"\"\n# {}\nc: [[1]]\n",
            "[".repeat(2000),
            "{".repeat(2000),
            "[".repeat(2000)
        );
        assert!(too_deep(&quoted, MAX_FLOW_DEPTH).is_none());
        assert_eq!(p(&quoted)["c"], json!([[1]]));
    }

    #[test]
    fn short_forms_become_long_forms() {
        let v = p("A: !Ref X\nB: !GetAtt R.Arn\nC: !Sub 'x-${Y}'\nD: !If [C, !Ref P, !Ref 'AWS::NoValue']\nE: !Condition C\n");
        assert_eq!(
            v,
            json!({
                "A": {"Ref": "X"},
                "B": {"Fn::GetAtt": ["R", "Arn"]},
                "C": {"Fn::Sub": "x-${Y}"},
                "D": {"Fn::If": ["C", {"Ref": "P"}, {"Ref": "AWS::NoValue"}]},
                "E": {"Condition": "C"}
            })
        );
    }

    #[test]
    fn every_short_form_tag() {
        let v = p(
            "- !Join [',', [a, b]]\n- !Select [0, !GetAZs '']\n- !Split [',', a]\n- !Base64 x\n\
                   - !FindInMap [M, K, V]\n- !ImportValue E\n- !Cidr [c, 1, 2]\n- !Equals [a, b]\n\
                   - !And [!Condition A, !Not [!Condition B]]\n- !Or [!Condition A, !Condition B]\n\
                   - !GetAtt A.B.C\n",
        );
        assert_eq!(v[0], json!({"Fn::Join": [",", ["a", "b"]]}));
        assert_eq!(v[1], json!({"Fn::Select": [0, {"Fn::GetAZs": ""}]}));
        assert_eq!(v[2], json!({"Fn::Split": [",", "a"]}));
        assert_eq!(v[3], json!({"Fn::Base64": "x"}));
        assert_eq!(v[4], json!({"Fn::FindInMap": ["M", "K", "V"]}));
        assert_eq!(v[5], json!({"Fn::ImportValue": "E"}));
        assert_eq!(v[6], json!({"Fn::Cidr": ["c", 1, 2]}));
        assert_eq!(v[7], json!({"Fn::Equals": ["a", "b"]}));
        assert_eq!(
            v[8],
            json!({"Fn::And": [{"Condition": "A"}, {"Fn::Not": [{"Condition": "B"}]}]})
        );
        assert_eq!(
            v[9],
            json!({"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]})
        );
        // Only the first dot splits: nested attributes stay whole.
        assert_eq!(v[10], json!({"Fn::GetAtt": ["A", "B.C"]}));
    }

    #[test]
    fn short_forms_nested_in_long_forms() {
        let v = p("X:\n  Fn::Join:\n    - ''\n    - - !Ref A\n      - !Sub '${B}'\n");
        assert_eq!(
            v,
            json!({"X": {"Fn::Join": ["", [{"Ref": "A"}, {"Fn::Sub": "${B}"}]]}})
        );
    }

    #[test]
    fn unquoted_version_date_is_a_string_and_anchors_merge() {
        let v = p("AWSTemplateFormatVersion: 2010-09-09\nbase: &b {x: 1}\nderived:\n  <<: *b\n  y: 2 # comment\n");
        assert_eq!(v["AWSTemplateFormatVersion"], json!("2010-09-09"));
        assert_eq!(v["derived"], json!({"x": 1, "y": 2}));
    }

    #[test]
    fn plain_scalars_resolve_as_yaml_1_1() {
        let v = p("a: yes\nb: 'yes'\nc: Off\nd: 0755\ne: '0755'\nf: 1_000\ng: 1:30\nh: 0x1F\ni: \"on\"\nj: [no, 'no']\nk: !Ref yes\nl: 2010-09-09\nm: 007abc\n");
        assert_eq!(
            v,
            json!({"a": true, "b": "yes", "c": false, "d": 493, "e": "0755", "f": 1000, "g": 90, "h": 31,
                   "i": "on", "j": [false, "no"], "k": {"Ref": "yes"}, "l": "2010-09-09", "m": "007abc"})
        );
    }

    #[test]
    fn timestamps_read_as_pyyaml_datetimes() {
        let v = p("a: 2001-12-14 21:59:43.10 -5\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14T21:59:43\nd: 2020-01-01T00:00:00Z\ne: 2020-01-01\nf: '2020-01-01T00:00:00Z'\ng: 2020-1-2 3:04:05.0\nh: 2020-13-01T00:00:00\n");
        assert_eq!(
            v,
            json!({"a": "2001-12-14T21:59:43.100000-05:00", "b": "2001-12-14T21:59:43.100000-05:00",
                   "c": "2001-12-14T21:59:43", "d": "2020-01-01T00:00:00+00:00", "e": "2020-01-01",
                   "f": "2020-01-01T00:00:00Z", "g": "2020-01-02T03:04:05", "h": "2020-13-01T00:00:00"})
        );
    }

    #[test]
    fn str_tagged_scalars_stay_strings() {
        let v = p("a: !!str 12\nb: !!str yes\nc: [!!str 0755, 12]\n");
        assert_eq!(v, json!({"a": "12", "b": "yes", "c": ["0755", 12]}));
    }

    #[test]
    fn merge_keys_apply_in_pyyaml_order() {
        let v =
            p("a: &a {x: a, y: a}\nb: &b {y: b, z: b}\nm:\n  k: own\n  <<: [*a, *b]\n  x: own\n");
        // Entries from the last source first; earlier sources win; own keys win.
        assert_eq!(
            serde_json::to_string(&v["m"]).unwrap(),
            r#"{"y":"a","z":"b","x":"own","k":"own"}"#
        );
    }

    #[test]
    fn non_string_keys_become_strings() {
        assert_eq!(p("200: ok\ntrue: x\n"), json!({"200": "ok", "true": "x"}));
    }

    #[test]
    fn keys_yaml_tells_apart_keep_their_own_last_value() {
        // `1` and `'1'` are two keys to YAML, each keeping its last value,
        // then one JSON key: the later YAML key's value wins.
        let (v, dups) = parse_checked("m:\n  1: a\n  '1': b\n  1: c\n", "t.yaml").unwrap();
        assert_eq!(serde_json::to_string(&v["m"]).unwrap(), r#"{"1":"b"}"#);
        assert_eq!(dups.len(), 1, "{dups:?}");
    }

    #[test]
    fn a_second_merge_key_replaces_the_first_and_is_reported() {
        let (v, dups) =
            parse_checked("m:\n  <<: {a: 1}\n  b: 2\n  <<: {c: 3}\n", "t.yaml").unwrap();
        assert_eq!(serde_json::to_string(&v["m"]).unwrap(), r#"{"c":3,"b":2}"#);
        assert_eq!(dups.len(), 1, "{dups:?}");
    }

    #[test]
    fn a_merge_of_no_mapping_is_a_syntax_error_without_location() {
        for bad in [
            "m:\n  <<: 3\n",
            "m:\n  <<: !Ref X\n",
            "m:\n  <<: [{a: 1}, 2]\n",
        ] {
            match parse(bad, "t.yaml") {
                Err(Error::Syntax {
                    location: None,
                    message,
                    ..
                }) => assert!(message.contains("merging (<<)"), "{message}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        match parse("a: b\n c: [\n", "bad.yaml") {
            Err(Error::Syntax {
                location: Some(l), ..
            }) => assert!(l.line >= 2, "{l:?}"),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn json_with_tabs_is_read_as_json() {
        assert_eq!(p("{\n\t\"a\": 1\n}"), json!({"a": 1}));
    }

    #[test]
    fn yaml_round_trips_key_order() {
        let v = json!({"b": 1, "a": {"Ref": "X"}});
        let text = to_string(&v).unwrap();
        assert_eq!(text, "b: 1\na:\n  Ref: X\n");
        assert_eq!(p(&text), v);
    }

    #[test]
    fn ambiguous_strings_are_quoted() {
        let v = json!({
            "Version": "2012-10-17", "Yes": "yes", "Octal": "0755", "Exp": "1e3", "Empty": "",
            "Colon": "a: b", "Hash": "a #b", "Brace": "/items/{id}", "Quote": "it's", "Sub": "${AWS::Region}",
            "Plain": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "Star": "*", "200": "ok"
        });
        let text = to_string(&v).unwrap();
        assert!(text.contains("Version: '2012-10-17'\n"), "{text}");
        assert!(
            text.contains("Yes: 'yes'\n") || text.contains("'Yes': 'yes'\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "Plain: arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n"
            ),
            "{text}"
        );
        assert!(text.contains("Quote: 'it''s'\n"), "{text}");
        assert!(text.contains("'200': ok\n"), "{text}");
        assert_eq!(p(&text), v);
    }

    #[test]
    fn nested_collections_and_multiline_strings_round_trip() {
        let v = json!({
            "Statement": [{"Action": ["sts:AssumeRole"], "Effect": "Allow"}, [1, [2, []]], {}],
            "Code": "def handler(e, c):\n    return 1\n",
            "NoTrailing": "a\nb",
            "Many": "a\n\n",
            "Tabbed": "a\tb\u{1}",
            "Empty": {"m": {}, "l": []},
            "Null": null, "Num": 1.5, "Neg": -3
        });
        let text = to_string(&v).unwrap();
        assert_eq!(p(&text), v, "{text}");
    }
}
