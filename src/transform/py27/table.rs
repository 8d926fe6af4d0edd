//! CPython 2.7's dict slot table: string hash, open addressing, resizes and
//! the dummies deletions leave, replayed on keys alone.

use std::cell::Cell;
use std::rc::Rc;

/// Python 2.7's dict slot table, tracking only keys (SAM's `Py27Keys`).
///
/// A slot holds `EMPTY`, `DUMMY` (left by a deletion; probing goes on past
/// it) or 1 + the position of its key in `keys`, where the key sits with its
/// hash. Keys are unique, so replaying a table needs no string comparison:
/// that keeps the per-route rebuild check SAM's copies force cheap.
#[derive(Debug, Clone)]
pub(super) struct Py27Keys<K = Rc<str>> {
    slots: Vec<u32>,
    /// Shared copy-on-write: a rebuilt table keeps its source's keys and
    /// only moves them between slots.
    keys: Rc<Vec<Option<(u64, K)>>>,
    size: usize,
    fill: usize,
    /// Known: the table `copy.deepcopy` rebuilds is this very one.
    stable: Cell<bool>,
    /// When `stable`: the last slot holding one of the keys the rebuild had
    /// placed when it last resized (`None`: it never resizes). Keys in later
    /// slots go straight into the final table, in slot order.
    group_end: Cell<Option<u32>>,
}

pub(super) const EMPTY: u32 = 0;
pub(super) const DUMMY: u32 = u32::MAX;
pub(super) const MINSIZE: usize = 8;
pub(super) const PERTURB_SHIFT: u32 = 5;
pub(super) const LARGE_DICT: usize = 50000;

/// One step of CPython 2.7's probe sequence (`i = 5*i + perturb + 1`, then
/// `perturb >>= 5`): the next slot to look at.
#[inline]
fn next_slot(walker: &mut u64, perturb: &mut u64, mask: u64) -> u64 {
    *walker = (*walker << 2)
        .wrapping_add(*walker)
        .wrapping_add(*perturb)
        .wrapping_add(1);
    *perturb >>= PERTURB_SHIFT;
    *walker & mask
}

/// CPython 2.7's probe sequence from `hash`: the first slot `stop` accepts,
/// else the first empty one, preferring the first dummy seen on the way.
pub(super) fn probe(slots: &[u32], hash: u64, mut stop: impl FnMut(u32) -> bool) -> usize {
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
        i = next_slot(&mut walker, &mut perturb, mask);
    }
}

/// The table `copy.deepcopy` builds from a dict's table, as slots.
#[derive(Debug, Clone)]
pub(super) struct Replay {
    pub(super) slots: Vec<u32>,
    /// The slot, in the original table, of the last key the rebuild added
    /// before its last resize.
    group_end: Option<u32>,
}

/// Where a key with `hash` goes in a table without dummies: its first empty
/// slot on CPython's probe sequence (as [`probe`] finds it, in fewer steps).
fn place(slots: &[u32], hash: u64) -> usize {
    let mask = slots.len() as u64 - 1;
    let mut i = hash & mask;
    let mut walker = i;
    let mut perturb = hash;
    while slots[i as usize] != EMPTY {
        i = next_slot(&mut walker, &mut perturb, mask);
    }
    i as usize
}

/// Puts slot value `s`, whose key has `hash`, where [`place`] finds room.
fn put(slots: &mut [u32], hash: u64, s: u32) {
    let i = place(slots, hash);
    slots[i] = s;
}

/// The table size CPython picks for a resize to hold `request` entries.
fn table_size(request: usize) -> usize {
    let mut size = MINSIZE;
    while size <= request {
        size <<= 1;
    }
    size
}

/// The count at which a table of `len` slots resizes when keys come one at
/// a time (`needs_resize` first holds then).
fn resize_at(len: usize) -> usize {
    (2 * len).div_ceil(3)
}

/// How much a table holding `count` keys grows at a resize.
fn growth(count: usize) -> usize {
    if count > LARGE_DICT {
        2
    } else {
        4
    }
}

/// The tables a rebuild of `count` keys (added one at a time to a fresh
/// dict) passes through: the last one's length, and the count at which it
/// last resized (`None`: it never does).
struct ResizePlan {
    final_len: usize,
    last_resize_at: Option<usize>,
}

impl ResizePlan {
    fn for_count(count: usize) -> ResizePlan {
        let mut plan = ResizePlan {
            final_len: MINSIZE,
            last_resize_at: None,
        };
        loop {
            let at = resize_at(plan.final_len);
            if at > count {
                return plan;
            }
            plan.last_resize_at = Some(at);
            plan.final_len = table_size(at * growth(at));
        }
    }
}

thread_local! {
    /// The smaller tables of a replay, kept from one replay to the next:
    /// a large API replays its paths table a few times per route.
    static SCRATCH: std::cell::RefCell<(Vec<u32>, Vec<u32>)> = const {
        std::cell::RefCell::new((Vec::new(), Vec::new()))
    };
}

/// Whether inserting into a table of `len` slots with `fill` used triggers a resize.
fn needs_resize(fill: usize, len: usize) -> bool {
    fill * 3 >= len * 2
}

impl<K: Clone> Py27Keys<K> {
    pub(super) fn new() -> Self {
        Py27Keys {
            slots: vec![EMPTY; MINSIZE],
            keys: Rc::new(Vec::new()),
            size: 0,
            fill: 0,
            // An empty table rebuilds as itself.
            stable: Cell::new(true),
            group_end: Cell::new(None),
        }
    }

    /// The key list, made this table's own with room for one more: a copy
    /// made by `Rc::make_mut` would be exactly full, and the push right after
    /// it would copy the whole list again.
    fn keys_for_push(&mut self) -> &mut Vec<Option<(u64, K)>> {
        if Rc::get_mut(&mut self.keys).is_none() {
            let mut own = Vec::with_capacity(self.keys.len() + 1);
            own.extend_from_slice(&self.keys);
            self.keys = Rc::new(own);
        }
        Rc::make_mut(&mut self.keys)
    }

    pub(super) fn key(&self, s: u32) -> Option<&(u64, K)> {
        self.keys.get(s as usize - 1)?.as_ref()
    }

    /// The slot of the key with `hash` that `is` accepts, if present.
    pub(super) fn find(&self, hash: u64, is: impl Fn(&K) -> bool) -> Option<usize> {
        let i = probe(&self.slots, hash, |s| {
            self.key(s).is_some_and(|(h, k)| *h == hash && is(k))
        });
        (!matches!(self.slots[i], EMPTY | DUMMY)).then_some(i)
    }

    pub(super) fn resize(&mut self, request: usize) {
        self.stable.set(false);
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
            put(&mut self.slots, hash, s);
        }
    }

    /// Deletes the key with `hash` that `is` accepts, if present.
    pub(super) fn remove(&mut self, hash: u64, is: impl Fn(&K) -> bool) {
        if let Some(i) = self.find(hash, is) {
            self.stable.set(false);
            let s = self.slots[i];
            self.slots[i] = DUMMY;
            if let Some(k) = Rc::make_mut(&mut self.keys).get_mut(s as usize - 1) {
                *k = None;
            }
            self.size -= 1;
        }
    }

    /// Adds a key known to be absent: the first dummy on its probe path, else
    /// the empty slot that ends it, as CPython's `insertdict` picks.
    pub(super) fn insert_new(&mut self, hash: u64, key: K) {
        let i = probe(&self.slots, hash, |_| false);
        let was_stable = self.stable.replace(false);
        if self.slots[i] == EMPTY {
            self.fill += 1;
        }
        self.size += 1;
        self.keys_for_push().push(Some((hash, key)));
        self.slots[i] = self.keys.len() as u32;
        if needs_resize(self.fill, self.slots.len()) {
            self.resize(self.size * growth(self.size));
        } else if was_stable {
            self.stable.set(self.still_stable(hash, i));
        }
    }

    /// Whether this table, which rebuilt as itself before its newest key
    /// went into the empty slot `at` (no resize), still does.
    ///
    /// The rebuild re-adds the keys in slot order. When `at` comes after the
    /// keys placed before the rebuild's last resize, those, the resize and
    /// the keys in earlier slots go as before. The new key then probes the
    /// same path as when it was added: if every slot on it before `at` is an
    /// earlier one, they are taken by then and it lands in `at` again. Every
    /// later key lands where it did, since `at` was empty in the table that
    /// rebuilt as itself, so no key's path ran through it.
    fn still_stable(&self, hash: u64, at: usize) -> bool {
        if self.group_end.get().is_some_and(|g| at <= g as usize) {
            return false;
        }
        let mask = self.slots.len() as u64 - 1;
        let mut i = hash & mask;
        let mut walker = i;
        let mut perturb = hash;
        while i as usize != at {
            if i as usize > at {
                return false;
            }
            i = next_slot(&mut walker, &mut perturb, mask);
        }
        true
    }

    /// Known to rebuild as itself, without a replay.
    pub(super) fn known_stable(&self) -> bool {
        self.stable.get()
    }

    /// Records a replay (from [`Py27Keys::replay`]): whether it gives this
    /// very table, which later additions can then check incrementally.
    pub(super) fn note_replay(&self, replay: &Replay) -> bool {
        let same = self.is_rebuilt_as(&replay.slots);
        if same {
            self.stable.set(true);
            self.group_end.set(replay.group_end);
        }
        same
    }

    /// CPython's `PyDict_Merge` pre-sizing before `other` keys are added.
    pub(super) fn presize(&mut self, other: usize) {
        if other > 0 && needs_resize(self.fill + other, self.slots.len()) {
            self.resize((self.size + other) * 2);
        }
    }

    /// The keys with their hashes, in slot (iteration) order.
    pub(super) fn ordered(&self) -> impl Iterator<Item = &(u64, K)> + '_ {
        self.slots
            .iter()
            .filter(|&&s| s != EMPTY && s != DUMMY)
            .filter_map(|&s| self.key(s))
    }

    /// The slots of the table `copy.deepcopy` builds (the keys re-added in
    /// iteration order into a fresh table), replayed on slot numbers alone:
    /// keys are unique, so no key is ever compared, and the result indexes
    /// this table's `keys`.
    pub(super) fn rebuilt_slots(&self) -> Vec<u32> {
        self.replay().slots
    }

    /// [`Py27Keys::rebuilt_slots`], with the slot of the last key added
    /// before the rebuild's last resize.
    ///
    /// The replay's tables hold this table's own slot values (1 + key
    /// position), each key's hash read back from `keys`: no list of the keys
    /// in slot order is built, and the last table is the result as it stands.
    /// A large API replays its `paths` twice per route, so this is the
    /// innermost loop of synthesis.
    pub(super) fn replay(&self) -> Replay {
        let keys: &[Option<(u64, K)>] = &self.keys;
        let hash_of = |s: u32| match keys.get(s as usize - 1) {
            Some(Some((h, _))) => *h,
            _ => 0,
        };
        let plan = ResizePlan::for_count(self.size);
        let mut slots = vec![EMPTY; plan.final_len];
        let mut group_end = None;
        let mut live = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, &s)| s != EMPTY && s != DUMMY);
        if let Some(last_at) = plan.last_resize_at {
            // The keys up to the last resize go through the smaller tables,
            // which are scratch space reused from one replay to the next.
            SCRATCH.with(|scratch| {
                let mut scratch = scratch.borrow_mut();
                let (table, spare) = &mut *scratch;
                table.clear();
                table.resize(MINSIZE, EMPTY);
                let mut next_resize = resize_at(MINSIZE);
                let mut count = 0;
                for (at, &s) in live.by_ref() {
                    put(table, hash_of(s), s);
                    count += 1;
                    if count < next_resize {
                        continue;
                    }
                    let old = table.iter().filter(|&&x| x != EMPTY);
                    if count == last_at {
                        group_end = Some(at as u32);
                        old.for_each(|&x| put(&mut slots, hash_of(x), x));
                        break;
                    }
                    let len = table_size(count * growth(count));
                    spare.clear();
                    spare.resize(len, EMPTY);
                    old.for_each(|&x| put(spare, hash_of(x), x));
                    std::mem::swap(table, spare);
                    next_resize = resize_at(len);
                }
            });
        }
        // The keys after the last resize (all of them when there is none)
        // go straight into the final table, in slot order.
        for (_, &s) in live {
            put(&mut slots, hash_of(s), s);
        }
        Replay { slots, group_end }
    }

    /// Whether the rebuilt table (`slots` from [`rebuilt_slots`]) is this one.
    pub(super) fn is_rebuilt_as(&self, slots: &[u32]) -> bool {
        self.fill == self.size && slots == self.slots.as_slice()
    }

    /// This table's keys arranged in `slots` (from [`rebuilt_slots`]).
    pub(super) fn with_slots(&self, slots: Vec<u32>) -> Py27Keys<K> {
        Py27Keys {
            slots,
            keys: self.keys.clone(),
            size: self.size,
            fill: self.size,
            stable: Cell::new(false),
            group_end: Cell::new(None),
        }
    }

    /// The table `copy.deepcopy` builds.
    pub(super) fn rebuilt(&self) -> Py27Keys<K> {
        self.with_slots(self.rebuilt_slots())
    }
}

/// A dict's table: each key is the position of its entry, whose text is the key.
impl Py27Keys<u32> {
    /// The entry position of the key with `hash` that `is` accepts.
    pub(super) fn entry_of(&self, hash: u64, is: impl Fn(u32) -> bool) -> Option<usize> {
        let i = self.find(hash, |&e| is(e))?;
        self.key(self.slots[i]).map(|&(_, e)| e as usize)
    }

    /// Entry positions, in slot order.
    pub(super) fn entries(&self) -> impl Iterator<Item = usize> + '_ {
        self.ordered().map(|&(_, e)| e as usize)
    }
}

/// A table of key names alone ([`KeyOrder`]).
impl Py27Keys {
    fn iter(&self) -> impl Iterator<Item = &str> {
        self.ordered().map(|(_, k)| &**k)
    }

    fn keys(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    pub(super) fn add(&mut self, key: &str) {
        let hash = py27_str_hash(key);
        if self.find(hash, |k| &**k == key).is_none() {
            self.insert_new(hash, Rc::from(key));
        }
    }

    fn remove_key(&mut self, key: &str) {
        self.remove(py27_str_hash(key), |k| &**k == key)
    }

    pub(super) fn merge(&mut self, other: &[String]) {
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
        self.0.remove_key(key)
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
