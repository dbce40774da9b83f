//! A hash table of strings that are stored elsewhere.
//!
//! The site index looks pages up by URL and by path on every link. A map
//! keyed by owned strings keeps a second copy of every key, and a lookup
//! reads three places (control bytes, the bucket, the key's heap bytes).
//! Here a slot holds only a small id (a page, or a page and one of its
//! aliases); the key is read from the pages, which the caller reads right
//! after a hit anyway, so at 100k pages a lookup misses the cache less and
//! the table is a few bytes per key.

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// The hash a key is filed under.
pub(crate) fn hash(key: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// Ids of type `E`, found by the key each one names (see [`KeyTable::get`]).
#[derive(Debug)]
pub(crate) struct KeyTable<E> {
    table: HashTable<E>,
}

impl<E> Default for KeyTable<E> {
    fn default() -> Self {
        KeyTable {
            table: HashTable::new(),
        }
    }
}

impl<E: Copy> KeyTable<E> {
    /// A table with room for `n` ids (it never grows while they are added).
    pub(crate) fn with_capacity(n: usize) -> Self {
        KeyTable {
            table: HashTable::with_capacity(n),
        }
    }

    /// Add `id` under `key` (whose [`hash`] is `h`) unless an id with an equal
    /// key is there already: the first added wins. `key_of` gives an id's key.
    /// Returns whether `id` was added.
    pub(crate) fn insert_first<'k>(
        &mut self,
        h: u64,
        key: &str,
        id: E,
        key_of: impl Fn(E) -> Cow<'k, str>,
    ) -> bool {
        match self
            .table
            .entry(h, |&x| key_of(x) == key, |&x| hash(&key_of(x)))
        {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert(id);
                true
            }
        }
    }

    /// Take `id` (filed under hash `h`) out of the table.
    pub(crate) fn remove(&mut self, h: u64, id: E)
    where
        E: PartialEq,
    {
        if let Ok(e) = self.table.find_entry(h, |&x| x == id) {
            e.remove();
        }
    }

    /// Put `new` in the place of `old` (filed under hash `h`): `new` must
    /// name the same key.
    pub(crate) fn replace(&mut self, h: u64, old: E, new: E)
    where
        E: PartialEq,
    {
        if let Some(x) = self.table.find_mut(h, |&x| x == old) {
            *x = new;
        }
    }

    /// Change every id by `f`, which must give each one an id of the same key.
    pub(crate) fn renumber(&mut self, mut f: impl FnMut(E) -> E) {
        for x in self.table.iter_mut() {
            *x = f(*x);
        }
    }

    /// The id whose key (by `key_of`) is `key`.
    pub(crate) fn get<'k>(&self, key: &str, key_of: impl Fn(E) -> Cow<'k, str>) -> Option<E> {
        self.table.find(hash(key), |&x| key_of(x) == key).copied()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(keys: &[&'static str]) -> KeyTable<u32> {
        let mut t = KeyTable::with_capacity(keys.len());
        for (i, k) in keys.iter().enumerate() {
            t.insert_first(hash(k), k, i as u32, |x| Cow::Borrowed(keys[x as usize]));
        }
        t
    }

    #[test]
    fn the_first_id_of_a_key_wins_and_others_are_not_found() {
        let keys = ["/a/", "/b/", "/a/", "", "/c/"];
        let t = table(&keys);
        let get = |k: &str| t.get(k, |x| Cow::Borrowed(keys[x as usize]));
        assert_eq!(get("/a/"), Some(0));
        assert_eq!(get("/b/"), Some(1));
        assert_eq!(get(""), Some(3));
        assert_eq!(get("/c/"), Some(4));
        assert_eq!(get("/a"), None);
        assert_eq!(get("/d/"), None);
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn ids_replaced_or_renumbered_are_found_by_their_key() {
        let keys = ["/a/", "/b/", "/a/"];
        let mut t = table(&keys);
        t.replace(hash("/a/"), 0, 2);
        assert_eq!(t.get("/a/", |x| Cow::Borrowed(keys[x as usize])), Some(2));
        // Each id down by one: the keys of the ids they become.
        let moved = ["/b/", "/a/"];
        t.renumber(|x| x - 1);
        assert_eq!(t.get("/a/", |x| Cow::Borrowed(moved[x as usize])), Some(1));
        assert_eq!(t.get("/b/", |x| Cow::Borrowed(moved[x as usize])), Some(0));
    }

    #[test]
    fn keys_are_compared_not_just_hashed() {
        // Every id filed under one hash: only the key decides. (Room to
        // spare: a table that grew would file them again under their real hash.)
        let keys = ["x", "y", "z"];
        let mut t = KeyTable::with_capacity(16);
        for (i, k) in keys.iter().enumerate() {
            assert!(t.insert_first(7, k, i as u32, |x| Cow::Borrowed(keys[x as usize])));
        }
        assert!(!t.insert_first(7, "y", 9, |x| Cow::Borrowed(keys[x as usize])));
        assert_eq!(t.len(), 3);
    }
}
