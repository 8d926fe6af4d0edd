//! The Python objects SAM builds a REST API's Swagger document from, kept as
//! SAM keeps them, because the `AWS::ApiGateway::Deployment` logical ID is the
//! SHA-1 of `str(swagger)` (SAM's `ApiGatewayDeployment.make_auto_deployable`).
//!
//! `str()` of a dict depends on two things JSON forgets:
//! * key order: SAM's `Py27Dict` replays CPython 2.7's hash-table iteration
//!   order (string hash, open addressing, resizes, dummies left by deletions),
//!   and `copy.deepcopy` re-inserts the keys, which can reorder them; plain
//!   dicts SAM creates (`{"Ref": …}`, `Fn::If`) keep insertion order;
//! * string kind: strings read from the template are `Py27UniStr`, whose repr
//!   is `u'…'`; strings SAM writes itself are plain (`'…'`).
//!
//! [`Py`] holds both, [`Py::repr`] renders `str()` byte for byte, and
//! [`Py::to_json`] gives the document CloudFormation receives (in SAM's order).

use std::borrow::Borrow;
use std::cell::{Cell, OnceCell};
use std::rc::Rc;

use serde_json::{Map, Number, Value};

/// A Python string: its text and whether it is a `Py27UniStr` (read from the template).
#[derive(Debug, Clone, PartialEq)]
pub struct PyStr {
    pub text: String,
    pub uni: bool,
}

impl PyStr {
    /// A string SAM writes itself (plain `str`).
    pub fn lit(s: &str) -> Self {
        PyStr {
            text: s.to_string(),
            uni: false,
        }
    }

    /// A string read from the template (`Py27UniStr`).
    pub fn uni(s: &str) -> Self {
        PyStr {
            text: s.to_string(),
            uni: true,
        }
    }
}

/// A Python value inside a Swagger document.
#[derive(Debug, Clone, PartialEq)]
pub enum Py {
    None,
    Bool(bool),
    Int(Number),
    Float(f64),
    Str(PyStr),
    List(Vec<Py>),
    Dict(PyDict),
}

/// A dict: a `Py27Dict` (iterates in Python 2.7 order) or a plain dict
/// (insertion order). Entries live in insertion order (removed ones leave a
/// hole) with a by-key index; a `Py27Dict` adds CPython 2.7's slot table,
/// whose slot order is the iteration order.
///
/// SAM deep-copies the whole Swagger document around every edit, and the
/// copies matter (they can reorder keys, which shows in the hash). Copying
/// for real would make synthesis quadratic in the number of routes, so the
/// dict is shared copy-on-write, and `deepcopy` returns the same dict when
/// CPython's copy would rebuild every table in it exactly as it is.
#[derive(Debug, Clone)]
pub struct PyDict(Rc<DictData>);

#[derive(Debug, Clone)]
struct DictData {
    entries: Rc<Vec<Option<Rc<Entry>>>>,
    /// Live entries.
    len: usize,
    keys: Option<Py27Keys<Named>>,
    /// Whether `deepcopy` would reproduce this dict unchanged (computed once per version).
    stable: OnceCell<bool>,
    /// Whether every value in it is stable (computed once per version).
    values_stable: OnceCell<bool>,
    /// Known before this version's edits: every value is stable except maybe
    /// those at the positions in `touched`. Lets a dict with thousands of
    /// entries (the `paths` of a large API) answer `stable` after one edit
    /// without visiting every value again.
    values_known: bool,
    touched: Vec<usize>,
    /// The slot layout `deepcopy` gives the table (computed once per version).
    rebuilt: OnceCell<Vec<u32>>,
    /// Set on documents an editing session handed back: already validated.
    trusted: Cell<bool>,
}

impl PartialEq for PyDict {
    fn eq(&self, other: &Self) -> bool {
        self.is_py27() == other.is_py27() && self.items() == other.items()
    }
}

impl PyDict {
    fn with_keys(keys: Option<Py27Keys<Named>>) -> Self {
        PyDict(Rc::new(DictData {
            entries: Rc::new(Vec::new()),
            len: 0,
            keys,
            stable: OnceCell::new(),
            values_stable: OnceCell::new(),
            values_known: true,
            touched: Vec::new(),
            rebuilt: OnceCell::new(),
            trusted: Cell::new(false),
        }))
    }

    /// An empty `Py27Dict()`.
    pub fn py27() -> Self {
        PyDict::with_keys(Some(Py27Keys::new()))
    }

    /// An empty plain `{}`.
    pub fn plain() -> Self {
        PyDict::with_keys(None)
    }

    /// The data, for a change: unshared first, and no longer known stable.
    fn data_mut(&mut self) -> &mut DictData {
        let d = Rc::make_mut(&mut self.0);
        match d.values_stable.get() {
            Some(&known) => {
                d.values_known = known;
                d.touched.clear();
            }
            // Values touched since the last check stay to be checked.
            None if d.values_known => {}
            None => d.touched.clear(),
        }
        d.values_stable = OnceCell::new();
        d.stable = OnceCell::new();
        d.rebuilt = OnceCell::new();
        d.trusted.set(false);
        d
    }

    pub fn is_py27(&self) -> bool {
        self.0.keys.is_some()
    }

    pub fn len(&self) -> usize {
        self.0.len
    }

    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }

    /// The position of `key`'s entry: through the slot table for a
    /// `Py27Dict`, by a scan for the small plain dicts SAM writes itself.
    fn position(&self, key: &str) -> Option<usize> {
        match &self.0.keys {
            Some(keys) => keys.entry_of(py27_str_hash(key), key),
            None => self
                .0
                .entries
                .iter()
                .position(|e| e.as_ref().is_some_and(|e| e.0.text == key)),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    pub fn get(&self, key: &str) -> Option<&Py> {
        let i = self.position(key)?;
        self.0.entries.get(i)?.as_ref().map(|e| &e.1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Py> {
        let i = self.position(key)?;
        let d = self.data_mut();
        d.touched.push(i);
        Rc::make_mut(&mut d.entries)
            .get_mut(i)?
            .as_mut()
            .map(|e| &mut Rc::make_mut(e).1)
    }

    /// `d[key] = value`. An existing key keeps its original string object (and kind), as in CPython.
    pub fn set(&mut self, key: PyStr, value: Py) {
        let existing = self.position(&key.text);
        let d = self.data_mut();
        d.touched.push(existing.unwrap_or(d.entries.len()));
        if let Some(keys) = &mut d.keys {
            let entry = existing.unwrap_or(d.entries.len());
            keys.add_hashed(
                py27_str_hash(&key.text),
                Named {
                    key: Rc::from(key.text.as_str()),
                    entry,
                },
            );
        }
        match existing {
            Some(i) => {
                if let Some(Some(e)) = Rc::make_mut(&mut d.entries).get_mut(i) {
                    Rc::make_mut(e).1 = value;
                }
            }
            None => {
                d.len += 1;
                Rc::make_mut(&mut d.entries).push(Some(Rc::new((key, value))));
            }
        }
    }

    /// `d.setdefault(key, default)`, returning the value now at `key`.
    pub fn setdefault(&mut self, key: PyStr, default: Py) -> &mut Py {
        let i = match self.position(&key.text) {
            Some(i) => i,
            None => {
                self.set(key, default);
                self.0.entries.len() - 1
            }
        };
        let d = self.data_mut();
        d.touched.push(i);
        let entry = &mut Rc::make_mut(&mut d.entries)[i];
        &mut Rc::make_mut(entry.get_or_insert_with(|| Rc::new((PyStr::lit(""), Py::None)))).1
    }

    /// `del d[key]`.
    pub fn remove(&mut self, key: &str) -> Option<Py> {
        let i = self.position(key)?;
        let d = self.data_mut();
        d.len -= 1;
        if let Some(keys) = &mut d.keys {
            keys.remove(key);
        }
        Rc::make_mut(&mut d.entries)
            .get_mut(i)?
            .take()
            .map(|e| Rc::unwrap_or_clone(e).1)
    }

    /// Entry positions in iteration order.
    fn order(&self) -> Box<dyn Iterator<Item = usize> + '_> {
        let d = &self.0;
        match &d.keys {
            None => Box::new(
                d.entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.is_some())
                    .map(|(i, _)| i),
            ),
            Some(keys) => Box::new(keys.entries()),
        }
    }

    /// (key, value) pairs in iteration order, without collecting them.
    pub fn iter_items(&self) -> impl Iterator<Item = (&PyStr, &Py)> {
        self.order()
            .filter_map(|i| self.0.entries.get(i)?.as_ref().map(|e| (&e.0, &e.1)))
    }

    /// Marks a document an editing session produced (valid by construction).
    pub fn mark_trusted(&self) {
        self.0.trusted.set(true);
    }

    pub fn is_trusted(&self) -> bool {
        self.0.trusted.get()
    }

    /// Keys in iteration order.
    pub fn keys(&self) -> Vec<&PyStr> {
        self.items().into_iter().map(|(k, _)| k).collect()
    }

    /// (key, value) pairs in iteration order.
    pub fn items(&self) -> Vec<(&PyStr, &Py)> {
        self.iter_items().collect()
    }

    /// True when `deepcopy` would give back this very dict: every `Py27Dict`
    /// table in it is already the one CPython's copy rebuilds.
    fn stable(&self) -> bool {
        *self.0.stable.get_or_init(|| {
            self.0
                .keys
                .as_ref()
                .is_none_or(|k| k.is_rebuilt_as(self.rebuilt_slots(k)))
                && self.values_stable()
        })
    }

    /// True when every value in the dict is stable (see [`PyDict::stable`]).
    fn values_stable(&self) -> bool {
        let d = &self.0;
        *d.values_stable.get_or_init(|| {
            let stable = |i: &usize| {
                d.entries
                    .get(*i)
                    .is_none_or(|e| e.as_ref().is_none_or(|e| e.1.stable()))
            };
            match d.values_known {
                true => d.touched.iter().all(stable),
                false => d.entries.iter().flatten().all(|e| e.1.stable()),
            }
        })
    }

    /// The slot layout `deepcopy` gives this dict's table, worked out once.
    fn rebuilt_slots(&self, keys: &Py27Keys<Named>) -> &[u32] {
        self.0.rebuilt.get_or_init(|| keys.rebuilt_slots())
    }

    /// (key, mutable value) pairs in iteration order.
    pub fn items_mut(&mut self) -> Vec<(&PyStr, &mut Py)> {
        let mut rank = vec![usize::MAX; self.0.entries.len()];
        for (r, i) in self.order().enumerate() {
            if let Some(slot) = rank.get_mut(i) {
                *slot = r;
            }
        }
        let d = self.data_mut();
        d.values_known = false;
        d.touched.clear();
        let entries = Rc::make_mut(&mut d.entries);
        let mut all: Vec<(usize, &PyStr, &mut Py)> = entries
            .iter_mut()
            .enumerate()
            .filter_map(|(i, e)| {
                e.as_mut().map(|e| {
                    let (k, v) = Rc::make_mut(e);
                    (rank[i], &*k, v)
                })
            })
            .collect();
        all.sort_by_key(|(r, _, _)| *r);
        all.into_iter().map(|(_, k, v)| (k, v)).collect()
    }

    /// `copy.deepcopy(d)`: a `Py27Dict` re-adds its keys in iteration order
    /// (which may reorder them); a plain dict keeps insertion order.
    pub fn deepcopy(&self) -> PyDict {
        if self.stable() {
            return self.clone();
        }
        let d = &self.0;
        let all_stable = self.values_stable();
        let entries = if all_stable {
            d.entries.clone()
        } else {
            // Stable children are shared; only the others are copied.
            Rc::new(
                d.entries
                    .iter()
                    .map(|e| {
                        e.as_ref().map(|e| match e.1.stable() {
                            true => e.clone(),
                            false => Rc::new((e.0.clone(), e.1.deepcopy())),
                        })
                    })
                    .collect(),
            )
        };
        PyDict(Rc::new(DictData {
            entries,
            len: d.len,
            keys: d
                .keys
                .as_ref()
                .map(|k| k.with_slots(self.rebuilt_slots(k).to_vec())),
            stable: OnceCell::new(),
            values_stable: OnceCell::new(),
            // Shared values are still stable; copied ones are not known to be.
            values_known: all_stable,
            touched: Vec::new(),
            rebuilt: OnceCell::new(),
            trusted: Cell::new(d.trusted.get()),
        }))
    }

    /// `Py27Dict.update(other)`: the keys are merged first (CPython's
    /// `PyDict_Merge` pre-sizing), then each item is set.
    pub fn update(&mut self, other: &PyDict) {
        if let Some(keys) = &mut self.data_mut().keys {
            keys.presize(other.len());
        }
        // Setting each key adds it to the table in the same order `merge` would.
        for (k, v) in other.items() {
            self.set(k.clone(), v.clone());
        }
    }
}

/// A dict's key in its slot table, with the position of its entry.
#[derive(Debug, Clone, PartialEq)]
struct Named {
    key: Rc<str>,
    entry: usize,
}

impl Borrow<str> for Named {
    fn borrow(&self) -> &str {
        &self.key
    }
}

trait HasEntry {
    fn entry(&self) -> usize;
}

impl HasEntry for Named {
    fn entry(&self) -> usize {
        self.entry
    }
}

/// A dict entry: the key as first set, and its value.
type Entry = (PyStr, Py);

/// Python 2.7's dict slot table, tracking only keys (SAM's `Py27Keys`).
///
/// A slot holds `EMPTY`, `DUMMY` (left by a deletion; probing goes on past
/// it) or 1 + the position of its key in `keys`, where the key sits with its
/// hash. Keys are unique, so replaying a table needs no string comparison:
/// that keeps the per-route rebuild check SAM's copies force cheap.
#[derive(Debug, Clone, PartialEq)]
struct Py27Keys<K = Rc<str>> {
    slots: Vec<u32>,
    keys: Vec<Option<(u64, K)>>,
    size: usize,
    fill: usize,
}

const EMPTY: u32 = 0;
const DUMMY: u32 = u32::MAX;
const MINSIZE: usize = 8;
const PERTURB_SHIFT: u32 = 5;
const LARGE_DICT: usize = 50000;

/// CPython 2.7's probe sequence from `hash`: the first slot `stop` accepts,
/// else the first empty one, preferring the first dummy seen on the way.
fn probe(slots: &[u32], hash: u64, mut stop: impl FnMut(u32) -> bool) -> usize {
    let mask = slots.len() as u64 - 1;
    let mut i = hash & mask;
    let mut freeslot = None;
    let mut walker = i;
    let mut perturb = hash;
    loop {
        let s = slots[i as usize];
        if s == EMPTY {
            return freeslot.unwrap_or(i) as usize;
        }
        if s == DUMMY {
            freeslot.get_or_insert(i);
        } else if stop(s) {
            return i as usize;
        }
        walker = (walker << 2)
            .wrapping_add(walker)
            .wrapping_add(perturb)
            .wrapping_add(1);
        i = walker & mask;
        perturb >>= PERTURB_SHIFT;
    }
}

/// The table size CPython picks for a resize to hold `request` entries.
fn table_size(request: usize) -> usize {
    let mut size = MINSIZE;
    while size <= request {
        size <<= 1;
    }
    size
}

/// Whether inserting into a table of `len` slots with `fill` used triggers a resize.
fn needs_resize(fill: usize, len: usize) -> bool {
    fill * 3 >= len * 2
}

impl<K: Borrow<str> + Clone + PartialEq> Py27Keys<K> {
    fn new() -> Self {
        Py27Keys {
            slots: vec![EMPTY; MINSIZE],
            keys: Vec::new(),
            size: 0,
            fill: 0,
        }
    }

    fn key(&self, s: u32) -> Option<&(u64, K)> {
        self.keys.get(s as usize - 1)?.as_ref()
    }

    /// The slot `key` is in, if present.
    fn find(&self, hash: u64, key: &str) -> Option<usize> {
        let i = probe(&self.slots, hash, |s| {
            self.key(s)
                .is_some_and(|(h, k)| *h == hash && k.borrow() == key)
        });
        (!matches!(self.slots[i], EMPTY | DUMMY)).then_some(i)
    }

    fn resize(&mut self, request: usize) {
        let live: Vec<u32> = self
            .slots
            .iter()
            .copied()
            .filter(|&s| s != EMPTY && s != DUMMY)
            .collect();
        self.slots = vec![EMPTY; table_size(request)];
        self.fill = live.len();
        self.size = live.len();
        for s in live {
            let hash = self.key(s).map_or(0, |(h, _)| *h);
            let i = probe(&self.slots, hash, |_| false);
            self.slots[i] = s;
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some(i) = self.find(py27_str_hash(key), key) {
            let s = self.slots[i];
            self.slots[i] = DUMMY;
            if let Some(k) = self.keys.get_mut(s as usize - 1) {
                *k = None;
            }
            self.size -= 1;
        }
    }

    fn add_hashed(&mut self, hash: u64, key: K) {
        let i = probe(&self.slots, hash, |s| {
            self.key(s)
                .is_some_and(|(h, k)| *h == hash && *k.borrow() == *key.borrow())
        });
        if !matches!(self.slots[i], EMPTY | DUMMY) {
            return;
        }
        if self.slots[i] == EMPTY {
            self.fill += 1;
        }
        self.size += 1;
        self.keys.push(Some((hash, key)));
        self.slots[i] = self.keys.len() as u32;
        if needs_resize(self.fill, self.slots.len()) {
            let factor = if self.size > LARGE_DICT { 2 } else { 4 };
            self.resize(self.size * factor);
        }
    }

    /// CPython's `PyDict_Merge` pre-sizing before `other` keys are added.
    fn presize(&mut self, other: usize) {
        if other > 0 && needs_resize(self.fill + other, self.slots.len()) {
            self.resize((self.size + other) * 2);
        }
    }

    /// The keys with their hashes, in slot (iteration) order.
    fn ordered(&self) -> impl Iterator<Item = &(u64, K)> + '_ {
        self.slots
            .iter()
            .filter(|&&s| s != EMPTY && s != DUMMY)
            .filter_map(|&s| self.key(s))
    }

    /// The slots of the table `copy.deepcopy` builds (the keys re-added in
    /// iteration order into a fresh table), replayed on slot numbers alone:
    /// keys are unique, so no key is ever compared, and the result indexes
    /// this table's `keys`.
    fn rebuilt_slots(&self) -> Vec<u32> {
        let hash = |s: u32| self.key(s).map_or(0, |(h, _)| *h);
        let mut slots = vec![EMPTY; MINSIZE];
        let mut count = 0;
        for &s in self.slots.iter().filter(|&&s| s != EMPTY && s != DUMMY) {
            let i = probe(&slots, hash(s), |_| false);
            slots[i] = s;
            count += 1;
            if needs_resize(count, slots.len()) {
                let factor = if count > LARGE_DICT { 2 } else { 4 };
                let live: Vec<u32> = slots.iter().copied().filter(|&x| x != EMPTY).collect();
                slots = vec![EMPTY; table_size(count * factor)];
                for x in live {
                    let i = probe(&slots, hash(x), |_| false);
                    slots[i] = x;
                }
            }
        }
        slots
    }

    /// Whether the rebuilt table (`slots` from [`rebuilt_slots`]) is this one.
    fn is_rebuilt_as(&self, slots: &[u32]) -> bool {
        self.fill == self.size && slots == self.slots.as_slice()
    }

    /// This table's keys arranged in `slots` (from [`rebuilt_slots`]).
    fn with_slots(&self, slots: Vec<u32>) -> Py27Keys<K> {
        Py27Keys {
            slots,
            keys: self.keys.clone(),
            size: self.size,
            fill: self.size,
        }
    }

    /// The table `copy.deepcopy` builds.
    fn rebuilt(&self) -> Py27Keys<K> {
        self.with_slots(self.rebuilt_slots())
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.ordered().map(|(_, k)| k.borrow())
    }

    fn keys(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    /// The entry position of `key` (a dict's table only).
    fn entry_of(&self, hash: u64, key: &str) -> Option<usize>
    where
        K: HasEntry,
    {
        let i = self.find(hash, key)?;
        self.key(self.slots[i]).map(|(_, k)| k.entry())
    }

    /// Entry positions, in slot order (a dict's table only).
    fn entries(&self) -> impl Iterator<Item = usize> + '_
    where
        K: HasEntry,
    {
        self.ordered().map(|(_, k)| k.entry())
    }
}

impl Py27Keys {
    fn add(&mut self, key: &str) {
        self.add_hashed(py27_str_hash(key), Rc::from(key));
    }

    fn merge(&mut self, other: &[String]) {
        self.presize(other.len());
        for k in other {
            self.add(k);
        }
    }
}

/// Python 2.7's string hash (`string_hash` in stringobject.c), as an unsigned
/// 64-bit value. SAM computes it over code points with unbounded integers and
/// masks to 64 bits at the end, which equals wrapping arithmetic throughout.
pub fn py27_str_hash(s: &str) -> u64 {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return 0;
    };
    let mut x: u64 = (first as u64) << 7;
    let mut len: u64 = 0;
    for c in s.chars() {
        x = x.wrapping_mul(1_000_003) ^ (c as u64);
        len += 1;
    }
    x ^ len
}

/// The iteration order of a `Py27Dict` whose keys were set in `inserted` order.
pub fn py27_order<'a>(inserted: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut keys = Py27Keys::new();
    for k in inserted {
        keys.add(k);
    }
    keys.keys()
}

/// A sequence of key operations on one `Py27Dict`, for orders SAM derives
/// from dicts it edits (e.g. the template's `Resources` while plugins add and
/// remove the implicit APIs).
#[derive(Debug, Clone)]
pub struct KeyOrder(Py27Keys);

impl Default for KeyOrder {
    fn default() -> Self {
        KeyOrder(Py27Keys::new())
    }
}

impl KeyOrder {
    pub fn add(&mut self, key: &str) {
        self.0.add(key)
    }
    pub fn remove(&mut self, key: &str) {
        self.0.remove(key)
    }
    pub fn merge(&mut self, keys: &[String]) {
        self.0.merge(keys)
    }
    pub fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|k| k == key)
    }
    /// `copy.deepcopy`: the keys re-added in iteration order.
    pub fn deepcopy(&self) -> KeyOrder {
        KeyOrder(self.0.rebuilt())
    }
    pub fn keys(&self) -> Vec<String> {
        self.0.keys()
    }
}

/// Python's `==` on the values SAM compares (`x not in list`, `a != b`):
/// dicts as maps whatever their order, strings by text whatever their kind.
pub fn py_eq(a: &Py, b: &Py) -> bool {
    match (a, b) {
        (Py::Str(x), Py::Str(y)) => x.text == y.text,
        (Py::List(x), Py::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Py::Dict(x), Py::Dict(y)) => {
            x.len() == y.len()
                && x.items()
                    .iter()
                    .all(|(k, v)| y.get(&k.text).is_some_and(|w| py_eq(v, w)))
        }
        (Py::Int(x), Py::Int(y)) => x.as_f64() == y.as_f64(),
        (Py::Float(x), Py::Float(y)) => x == y,
        (Py::Int(x), Py::Float(y)) | (Py::Float(y), Py::Int(x)) => x.as_f64() == Some(*y),
        _ => a == b,
    }
}

impl Py {
    pub fn lit(s: &str) -> Py {
        Py::Str(PyStr::lit(s))
    }

    pub fn uni(s: &str) -> Py {
        Py::Str(PyStr::uni(s))
    }

    /// A user value read from the template, as SAM's `_convert_to_py27_type`
    /// makes it: strings become `Py27UniStr`, maps `Py27Dict` (keys in document order).
    pub fn from_user(v: &Value) -> Py {
        Py::from_json(v, true)
    }

    /// A value SAM builds itself from JSON-like literals: plain strings and plain dicts.
    pub fn from_sam(v: &Value) -> Py {
        Py::from_json(v, false)
    }

    fn from_json(v: &Value, user: bool) -> Py {
        match v {
            Value::Null => Py::None,
            Value::Bool(b) => Py::Bool(*b),
            Value::Number(n) => {
                if n.is_f64() {
                    Py::Float(n.as_f64().unwrap_or(0.0))
                } else {
                    Py::Int(n.clone())
                }
            }
            Value::String(s) => Py::Str(PyStr {
                text: s.clone(),
                uni: user,
            }),
            Value::Array(a) => Py::List(a.iter().map(|x| Py::from_json(x, user)).collect()),
            Value::Object(m) => {
                let mut d = if user {
                    PyDict::py27()
                } else {
                    PyDict::plain()
                };
                for (k, x) in m {
                    d.set(
                        PyStr {
                            text: k.clone(),
                            uni: user,
                        },
                        Py::from_json(x, user),
                    );
                }
                Py::Dict(d)
            }
        }
    }

    pub fn as_dict(&self) -> Option<&PyDict> {
        match self {
            Py::Dict(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_dict_mut(&mut self) -> Option<&mut PyDict> {
        match self {
            Py::Dict(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Py::Str(s) => Some(&s.text),
            _ => None,
        }
    }

    fn stable(&self) -> bool {
        match self {
            Py::Dict(d) => d.stable(),
            Py::List(a) => a.iter().all(Py::stable),
            _ => true,
        }
    }

    pub fn deepcopy(&self) -> Py {
        match self {
            Py::List(a) => Py::List(a.iter().map(Py::deepcopy).collect()),
            Py::Dict(d) => Py::Dict(d.deepcopy()),
            other => other.clone(),
        }
    }

    /// The JSON CloudFormation receives, keys in SAM's iteration order.
    pub fn to_json(&self) -> Value {
        match self {
            Py::None => Value::Null,
            Py::Bool(b) => Value::Bool(*b),
            Py::Int(n) => Value::Number(n.clone()),
            Py::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Py::Str(s) => Value::String(s.text.clone()),
            Py::List(a) => Value::Array(a.iter().map(Py::to_json).collect()),
            Py::Dict(d) => {
                let mut m = Map::new();
                for (k, v) in d.iter_items() {
                    m.insert(k.text.clone(), v.to_json());
                }
                Value::Object(m)
            }
        }
    }

    /// Python's `str()` of the value as SAM holds it (`repr` for strings
    /// inside containers; `Py27Dict.__str__` for py27 dicts).
    pub fn repr(&self) -> String {
        let mut out = String::new();
        self.write_repr(&mut out);
        out
    }

    fn write_repr(&self, out: &mut String) {
        match self {
            Py::None => out.push_str("None"),
            Py::Bool(true) => out.push_str("True"),
            Py::Bool(false) => out.push_str("False"),
            Py::Int(n) => {
                out.push_str(&n.to_string());
                // Py27LongInt: Python 2's `long` repr.
                if n.as_u64().is_some_and(|u| u > i64::MAX as u64) {
                    out.push('L');
                }
            }
            Py::Float(f) => out.push_str(&python_float_repr(*f)),
            Py::Str(s) => out.push_str(&str_repr(s)),
            Py::List(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    x.write_repr(out);
                }
                out.push(']');
            }
            Py::Dict(d) => {
                out.push('{');
                for (i, (k, v)) in d.iter_items().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&str_repr(k));
                    out.push_str(": ");
                    v.write_repr(out);
                }
                out.push('}');
            }
        }
    }
}

/// Python's `json.dumps(v)` with its defaults (`", "` and `": "`
/// separators, ASCII-only output, keys in the dict's iteration order).
pub fn json_dumps(v: &Py) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Py, out: &mut String) {
    match v {
        Py::None => out.push_str("null"),
        Py::Bool(true) => out.push_str("true"),
        Py::Bool(false) => out.push_str("false"),
        Py::Int(n) => out.push_str(&n.to_string()),
        Py::Float(f) => out.push_str(&python_float_repr(*f)),
        Py::Str(s) => super::logical_id::python_str(&s.text, out),
        Py::List(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(x, out);
            }
            out.push(']');
        }
        Py::Dict(d) => {
            out.push('{');
            for (i, (k, x)) in d.items().into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                super::logical_id::python_str(&k.text, out);
                out.push_str(": ");
                write_json(x, out);
            }
            out.push('}');
        }
    }
}

/// `repr()` of a string: `'…'` for `str`, `u'…'` for `Py27UniStr` (whose
/// repr is `"u" + repr(s.encode("unicode_escape").decode()).replace("\\\\", "\\")`).
pub fn str_repr(s: &PyStr) -> String {
    if s.uni {
        let escaped = unicode_escape(&s.text);
        format!("u{}", py3_repr(&escaped).replace("\\\\", "\\"))
    } else {
        py3_repr(&s.text)
    }
}

/// Python's `unicode_escape` codec.
fn unicode_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if n < 0x20 || (0x7f..0x100).contains(&n) => out.push_str(&format!("\\x{n:02x}")),
            _ if n >= 0x10000 => out.push_str(&format!("\\U{n:08x}")),
            _ if n >= 0x100 => out.push_str(&format!("\\u{n:04x}")),
            _ => out.push(c),
        }
    }
    out
}

/// Python 3's `repr(str)`.
fn py3_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        let n = c as u32;
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            _ if n < 0x20 || n == 0x7f => out.push_str(&format!("\\x{n:02x}")),
            _ if n >= 0x80 && !is_printable(c) => {
                if n < 0x100 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable` for non-ASCII characters, approximated by the
/// control, format and separator ranges that occur in practice.
fn is_printable(c: char) -> bool {
    let n = c as u32;
    !matches!(n,
        0x80..=0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x1680 | 0x180e
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f
        | 0x3000 | 0xd800..=0xf8ff | 0xfeff | 0xfff9..=0xfffb | 0xe0000..=0x10ffff)
}

/// Python's `repr(float)`: shortest round-trip digits, exponent form below
/// 1e-4 and from 1e16, `.0` on whole numbers.
pub fn python_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.5e-5".
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let body = if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                format!("{}{}.0", digits, "0".repeat(int_len - digits.len()))
            } else {
                format!("{}.{}", &digits[..int_len], &digits[int_len..])
            }
        } else {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        };
        format!("{sign}{body}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{esign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_dumps_as_python_writes_it() {
        // Keys in Python 2.7 dict order, as SAM's `Py27Dict` iterates them.
        let v = Py::from_user(&serde_json::json!({"DomainName": "é", "B": [1, true, null]}));
        assert_eq!(
            json_dumps(&v),
            r#"{"B": [1, true, null], "DomainName": "\u00e9"}"#
        );
    }

    #[test]
    fn python_equality_ignores_dict_order_and_string_kind() {
        let a = Py::from_user(&serde_json::json!({"a": "x", "b": [1]}));
        let b = Py::from_sam(&serde_json::json!({"b": [1], "a": "x"}));
        assert!(py_eq(&a, &b));
        assert!(!py_eq(
            &a,
            &Py::from_sam(&serde_json::json!({"a": "y", "b": [1]}))
        ));
    }
    use serde_json::json;

    /// A value edited after its parent was found stable must be checked
    /// again: `deepcopy` of the parent then reorders the value's keys as
    /// SAM's copy does (orders from `deepcopy_can_reorder_keys_as_in_sam`).
    #[test]
    fn deepcopy_sees_values_edited_since_the_last_check() {
        let keys = |d: &PyDict| d.keys().iter().map(|k| k.text.clone()).collect::<Vec<_>>();
        let mut outer = PyDict::py27();
        for i in 0..100 {
            outer.set(PyStr::uni(&format!("/r{i}")), Py::Dict(PyDict::py27()));
        }
        let copied = outer.deepcopy();
        assert!(outer.stable() && copied.stable());
        for via_get_mut in [true, false] {
            let mut d = copied.clone();
            let mut child = PyDict::py27();
            for k in ["/p74", "/p52", "/p29", "/p43", "/p87"] {
                child.set(PyStr::uni(k), Py::None);
            }
            match via_get_mut {
                true => *d.get_mut("/r7").unwrap() = Py::Dict(child),
                false => d.set(PyStr::uni("/r7"), Py::Dict(child)),
            }
            // A second edit elsewhere after a check must not hide the first.
            assert!(!d.stable());
            d.set(PyStr::uni("/r8"), Py::None);
            assert!(!d.stable());
            let c = d.deepcopy();
            let r7 = c.get("/r7").and_then(Py::as_dict).unwrap();
            assert_eq!(keys(r7), ["/p74", "/p52", "/p29", "/p43", "/p87"]);
            // An edit leaving every value stable keeps a stable dict stable.
            let mut e = copied.clone();
            e.set(PyStr::uni("/r8"), Py::Dict(PyDict::py27()));
            assert!(e.stable());
        }
    }

    // Orders below were printed by SAM's own Py27Dict (samtranslator 1.115.0).
    #[test]
    fn py27_order_matches_sam() {
        assert_eq!(
            py27_order(["RestApiFunction", "GetHtmlFunction", "ServerlessRestApi"]),
            ["GetHtmlFunction", "RestApiFunction", "ServerlessRestApi"]
        );
        assert_eq!(
            py27_order(["swagger", "info", "paths"]),
            ["info", "paths", "swagger"]
        );
        assert_eq!(
            py27_order(["type", "httpMethod", "uri"]),
            ["httpMethod", "type", "uri"]
        );
        let mut k = KeyOrder::default();
        for p in ["/a", "/b", "/c", "/d", "/e", "/f", "/g"] {
            k.add(p);
        }
        assert_eq!(k.keys(), ["/g", "/f", "/e", "/d", "/c", "/b", "/a"]);
        k.remove("/c");
        k.add("/h");
        assert_eq!(k.keys(), ["/h", "/g", "/f", "/e", "/d", "/b", "/a"]);
    }

    #[test]
    fn deepcopy_can_reorder_keys_as_in_sam() {
        // Printed by SAM: a Py27Dict and its copy.deepcopy.
        let mut d = PyDict::py27();
        for k in ["/p74", "/p52", "/p29", "/p43", "/p87"] {
            d.set(PyStr::uni(k), Py::None);
        }
        let keys = |d: &PyDict| d.keys().iter().map(|k| k.text.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&d), ["/p74", "/p52", "/p29", "/p87", "/p43"]);
        assert_eq!(
            keys(&d.deepcopy()),
            ["/p74", "/p52", "/p29", "/p43", "/p87"]
        );
    }

    #[test]
    fn string_hash_is_python27s() {
        assert_eq!(py27_str_hash("/add"), 10797040396640341312);
        assert_eq!(py27_str_hash("é"), 29824089448);
        assert_eq!(py27_str_hash(""), 0);
    }

    #[test]
    fn repr_of_strings() {
        assert_eq!(str_repr(&PyStr::lit("a'b")), "\"a'b\"");
        assert_eq!(str_repr(&PyStr::uni("/add")), "u'/add'");
        // Printed by SAM's Py27UniStr.
        assert_eq!(str_repr(&PyStr::uni("é\\n")), "u'\\xe9\\\\n'");
        assert_eq!(str_repr(&PyStr::uni("é\n")), "u'\\xe9\\n'");
        assert_eq!(str_repr(&PyStr::lit("é")), "'é'");
    }

    #[test]
    fn repr_of_values() {
        let v = Py::from_user(&json!({"a": [1, 2.5, true, null], "b": {"c": "d"}}));
        assert_eq!(v.repr(), "{u'a': [1, 2.5, True, None], u'b': {u'c': u'd'}}");
        let p = Py::from_sam(&json!({"Ref": "AWS::StackName"}));
        assert_eq!(p.repr(), "{'Ref': 'AWS::StackName'}");
    }

    #[test]
    fn floats_print_as_python() {
        assert_eq!(python_float_repr(1.0), "1.0");
        assert_eq!(python_float_repr(1e20), "1e+20");
        assert_eq!(python_float_repr(0.00001), "1e-05");
        assert_eq!(python_float_repr(0.0001), "0.0001");
        assert_eq!(python_float_repr(123.456), "123.456");
        assert_eq!(python_float_repr(1e16), "1e+16");
    }
}
