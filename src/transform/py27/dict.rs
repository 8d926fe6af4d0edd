//! `PyDict`: a Python dict as SAM holds it, shared copy-on-write.

use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

use super::chunks::Chunks;
use super::table::{py27_str_hash, Py27Keys, Replay};
use super::{Py, PyStr};

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
    entries: Chunks<Option<Rc<Entry>>>,
    /// Live entries.
    len: usize,
    keys: Option<Py27Keys<u32>>,
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
    rebuilt: RefCell<Option<Replay>>,
    /// Set on documents an editing session handed back: already validated.
    trusted: Cell<bool>,
}

impl PartialEq for PyDict {
    fn eq(&self, other: &Self) -> bool {
        self.is_py27() == other.is_py27() && self.items() == other.items()
    }
}

impl PyDict {
    fn with_keys(keys: Option<Py27Keys<u32>>) -> Self {
        PyDict(Rc::new(DictData {
            entries: Chunks::default(),
            len: 0,
            keys,
            stable: OnceCell::new(),
            values_stable: OnceCell::new(),
            values_known: true,
            touched: Vec::new(),
            rebuilt: RefCell::new(None),
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
        *d.rebuilt.get_mut() = None;
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
            Some(keys) => keys.entry_of(py27_str_hash(key), |e| self.text_is(e, key)),
            None => self
                .0
                .entries
                .iter()
                .position(|e| e.as_ref().is_some_and(|e| e.0.text == key)),
        }
    }

    /// Whether the entry at `e` has the key `key`.
    fn text_is(&self, e: u32, key: &str) -> bool {
        self.0
            .entries
            .get(e as usize)
            .is_some_and(|x| x.as_ref().is_some_and(|x| x.0.text == key))
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
        d.entries
            .get_mut(i)?
            .as_mut()
            .map(|e| &mut Rc::make_mut(e).1)
    }

    /// `d[key] = value`. An existing key keeps its original string object (and kind), as in CPython.
    pub fn set(&mut self, key: PyStr, value: Py) {
        let existing = self.position(&key.text);
        let d = self.data_mut();
        d.touched.push(existing.unwrap_or(d.entries.len()));
        if let (Some(keys), None) = (&mut d.keys, existing) {
            keys.insert_new(py27_str_hash(&key.text), d.entries.len() as u32);
        }
        match existing {
            Some(i) => {
                if let Some(Some(e)) = d.entries.get_mut(i) {
                    Rc::make_mut(e).1 = value;
                }
            }
            None => {
                d.len += 1;
                d.entries.push(Some(Rc::new((key, value))));
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
        let entry = d
            .entries
            .get_mut(i)
            .expect("the entry was just found or set");
        &mut Rc::make_mut(entry.get_or_insert_with(|| Rc::new((PyStr::lit(""), Py::None)))).1
    }

    /// `del d[key]`.
    pub fn remove(&mut self, key: &str) -> Option<Py> {
        let i = self.position(key)?;
        let d = self.data_mut();
        d.len -= 1;
        if let Some(keys) = &mut d.keys {
            keys.remove(py27_str_hash(key), |&e| e as usize == i);
        }
        d.entries
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
    pub(super) fn stable(&self) -> bool {
        *self.0.stable.get_or_init(|| {
            self.0
                .keys
                .as_ref()
                .is_none_or(|k| k.known_stable() || self.with_replay(k, |r| k.note_replay(r)))
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
    fn with_replay<R>(&self, keys: &Py27Keys<u32>, f: impl FnOnce(&Replay) -> R) -> R {
        let mut cached = self.0.rebuilt.borrow_mut();
        f(cached.get_or_insert_with(|| keys.replay()))
    }

    /// The slot layout `deepcopy` gives this dict's table, taken out of the
    /// cache rather than copied: a dict is deep-copied once and then replaced.
    fn take_replay(&self, keys: &Py27Keys<u32>) -> Replay {
        let cached = self.0.rebuilt.borrow_mut().take();
        cached.unwrap_or_else(|| keys.replay())
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
        let entries = &mut d.entries;
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
        let copy = |e: &Rc<Entry>| match e.1.stable() {
            true => e.clone(),
            false => Rc::new((e.0.clone(), e.1.deepcopy())),
        };
        // Stable children are shared; only the others are copied.
        let entries = if all_stable {
            d.entries.clone()
        } else if d.values_known {
            // Only the values touched since the last check can be unstable.
            let mut entries = d.entries.clone();
            for &i in &d.touched {
                if let (Some(Some(e)), Some(Some(slot))) = (d.entries.get(i), entries.get_mut(i)) {
                    *slot = copy(e);
                }
            }
            entries
        } else {
            d.entries.iter().map(|e| e.as_ref().map(copy)).collect()
        };
        PyDict(Rc::new(DictData {
            entries,
            len: d.len,
            keys: d
                .keys
                .as_ref()
                .map(|k| k.with_slots(self.take_replay(k).slots)),
            stable: OnceCell::new(),
            values_stable: OnceCell::new(),
            // Shared values are still stable; copied ones are not known to be.
            values_known: all_stable,
            touched: Vec::new(),
            rebuilt: RefCell::new(None),
            trusted: Cell::new(d.trusted.get()),
        }))
    }

    /// Sizes a `Py27Dict`'s table for `n` more keys as CPython's
    /// `PyDict_Merge` does before it adds them (`Py27Keys.merge`): what
    /// `Py27Dict.copy()` does to the copy's empty table.
    pub fn presize(&mut self, n: usize) {
        if n == 0 || self.0.keys.is_none() {
            return;
        }
        if let Some(keys) = &mut self.data_mut().keys {
            keys.presize(n);
        }
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

/// A dict entry: the key as first set, and its value.
type Entry = (PyStr, Py);
