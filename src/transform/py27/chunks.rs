//! A vector shared copy-on-write in chunks: a clone shares every chunk, and
//! a change copies only the chunk it falls in. A dict with thousands of
//! entries (the `paths` of a large API) is copied around every edit; its
//! entries are copied a chunk at a time, not all at once.

use std::rc::Rc;

const CHUNK: usize = 64;

#[derive(Debug)]
pub(super) struct Chunks<T> {
    chunks: Vec<Rc<Vec<T>>>,
    len: usize,
}

impl<T> Clone for Chunks<T> {
    fn clone(&self) -> Self {
        Chunks {
            chunks: self.chunks.clone(),
            len: self.len,
        }
    }
}

impl<T> Default for Chunks<T> {
    fn default() -> Self {
        Chunks {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> Chunks<T> {
    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    pub(super) fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        Rc::make_mut(self.chunks.get_mut(i / CHUNK)?).get_mut(i % CHUNK)
    }

    pub(super) fn push(&mut self, x: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Rc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.last_mut() {
            Rc::make_mut(last).push(x);
        }
        self.len += 1;
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// Every element, mutable: every chunk becomes this vector's own.
    pub(super) fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.chunks
            .iter_mut()
            .flat_map(|c| Rc::make_mut(c).iter_mut())
    }
}

impl<T: Clone> FromIterator<T> for Chunks<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v = Chunks::default();
        for x in iter {
            v.push(x);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_leaves_clones_alone() {
        let a: Chunks<usize> = (0..200).collect();
        let mut b = a.clone();
        *b.get_mut(130).unwrap() = 7;
        b.push(200);
        assert_eq!(a.get(130), Some(&130));
        assert_eq!(b.get(130), Some(&7));
        assert_eq!((a.len(), b.len()), (200, 201));
        assert_eq!(a.iter().copied().sum::<usize>(), (0..200).sum::<usize>());
        for x in b.iter_mut() {
            *x += 1;
        }
        assert_eq!(b.get(200), Some(&201));
        assert_eq!(a.get(0), Some(&0));
        assert!(Rc::ptr_eq(&a.chunks[0], &a.clone().chunks[0]));
    }
}
