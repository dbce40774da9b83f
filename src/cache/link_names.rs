//! The reverse index of links: for each name a link can reach a page by (a
//! segment of a URL path or of a `ref` path, lower-cased, up to its first
//! dot: `/docs/Install.html#setup` names `docs`, `install` and `setup`), the
//! pages whose links write it. `check --dependents` looks up the names a
//! changed page had ([`crate::check::dependents::names`]: its file or folder,
//! slug, `url`, aliases) and reads only the pages listed, where without it
//! every page of the site is read and searched for those names.
//!
//! It is keyed by name, not by the page a link resolved to, because then an
//! entry depends on its own page's bytes alone: an entry whose page still has
//! the size and hash it was indexed with is exact, whatever happened to the
//! rest of the site since, and one that does not is not used (that page is
//! read and searched, as with no index). The index is written by every run
//! that uses the cache, from the links of the pages it checked and the
//! entries of the others that still hold.
//!
//! ```text
//! "FLLINKS1"  fingerprint: u64  checksum: u64 (xxh3 of the rest)
//! postcard: the files (key, size, hash), then each name with its files
//! ```
//!
//! A file that is truncated, has another fingerprint, or fails its checksum or
//! its decoding is not used.

use super::{push_key, read_sealed, write_sealed, Stamp};
use crate::types::{ContentFile, Link};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;

const MAGIC: &[u8; 8] = b"FLLINKS1";
const FILE_PREFIX: &str = "links-";

/// A page as it was when its links were indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Indexed {
    /// Its cache key (language, NUL, path in the content; see [`push_key`]).
    key: String,
    size: u64,
    hash: u64,
}

/// What is stored.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    files: Vec<Indexed>,
    /// Each name, in order, with the files (positions) whose links write it.
    names: Vec<(String, Vec<u32>)>,
}

/// See the module doc.
#[derive(Debug, Default)]
pub(crate) struct LinkNames {
    stored: Stored,
    position: FxHashMap<String, u32>,
}

impl PartialEq for LinkNames {
    fn eq(&self, other: &Self) -> bool {
        self.stored == other.stored
    }
}

/// The names the link to `url` writes (see the module doc).
pub(crate) fn names_in(url: &str, out: &mut Vec<String>) {
    for segment in url.split(['/', '\\', '#', '?', '&', '=']) {
        let name = segment.split('.').next().unwrap_or("").trim();
        if !name.is_empty() {
            out.push(name.to_lowercase());
        }
    }
}

pub(crate) fn key_of(f: &ContentFile) -> String {
    let mut k = String::new();
    push_key(&mut k, f);
    k
}

/// Where an entry of an updated index gets its names.
pub(crate) enum Names {
    /// From this entry of the index being updated (it still describes the page).
    Kept(u32),
    /// The names the page's links write now.
    Now(Vec<String>),
}

impl LinkNames {
    /// An index of `pages`: each file, the stamp of the bytes its links were
    /// found in, and the names they write.
    #[cfg(test)]
    pub(crate) fn build(pages: Vec<(&ContentFile, &Stamp, Vec<String>)>) -> LinkNames {
        let pages = pages
            .into_iter()
            .map(|(f, s, n)| (key_of(f), *s, Names::Now(n)))
            .collect();
        LinkNames::default().updated(pages)
    }

    /// This index made over for `pages`, in order: an entry kept is renumbered
    /// (its names are not read again), one not named is dropped. A run that
    /// checked a few pages of a large site pays for what changed, not for
    /// every name of every page.
    /// Pages are given by their key ([`key_of`]) and stamp.
    pub(crate) fn updated(self, pages: Vec<(String, Stamp, Names)>) -> LinkNames {
        let mut files = Vec::with_capacity(pages.len());
        let mut moved = vec![u32::MAX; self.stored.files.len()];
        // Most names are written by many pages: gathered by name first, so
        // that only the distinct names are sorted.
        let mut by_name: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, (key, stamp, names)) in pages.into_iter().enumerate() {
            files.push(Indexed {
                key,
                size: stamp.size,
                hash: stamp.hash,
            });
            match names {
                Names::Kept(at) => {
                    if let Some(m) = moved.get_mut(at as usize) {
                        *m = i as u32;
                    }
                }
                Names::Now(mut v) => {
                    v.sort_unstable();
                    v.dedup();
                    for n in v {
                        by_name.entry(n).or_default().push(i as u32);
                    }
                }
            }
        }
        // (Each list is in page order: pages are taken in order.)
        let mut now: Vec<(String, Vec<u32>)> = by_name.into_iter().collect();
        now.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // Both lists are sorted by name: merged in one pass.
        let mut now = now.into_iter().peekable();
        let mut names: Vec<(String, Vec<u32>)> = Vec::new();
        let mut push_now_before = |names: &mut Vec<(String, Vec<u32>)>, end: Option<&str>| {
            while let Some(entry) = now.next_if(|(n, _)| end.is_none_or(|e| n.as_str() <= e)) {
                names.push(entry);
            }
        };
        for (name, old) in self.stored.names {
            push_now_before(&mut names, Some(&name));
            let kept = old
                .iter()
                .filter_map(|&f| moved.get(f as usize).copied().filter(|&m| m != u32::MAX));
            match names.last_mut() {
                Some((last, files)) if *last == name => {
                    files.extend(kept);
                    files.sort_unstable();
                    files.dedup();
                }
                _ => {
                    let mut files: Vec<u32> = kept.collect();
                    files.sort_unstable();
                    if !files.is_empty() {
                        names.push((name, files));
                    }
                }
            }
        }
        push_now_before(&mut names, None);
        LinkNames::from_stored(Stored { files, names })
    }

    fn from_stored(stored: Stored) -> LinkNames {
        let position = stored
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.key.clone(), i as u32))
            .collect();
        LinkNames { stored, position }
    }

    /// The names the links of `links` write.
    pub(crate) fn names_of_links(links: &[Link]) -> Vec<String> {
        let mut out = Vec::new();
        for l in links {
            names_in(l.url(), &mut out);
        }
        out
    }

    /// The entry of `file`, when it was indexed from the bytes `stamp` is of.
    pub(crate) fn entry(&self, file: &ContentFile, stamp: &Stamp) -> Option<u32> {
        self.entry_of_key(&key_of(file), stamp)
    }

    /// [`LinkNames::entry`], of the file whose key ([`key_of`]) is `key`.
    pub(crate) fn entry_of_key(&self, key: &str, stamp: &Stamp) -> Option<u32> {
        let &at = self.position.get(key)?;
        let f = &self.stored.files[at as usize];
        (f.size == stamp.size && f.hash == stamp.hash).then_some(at)
    }

    /// The entries whose links write any of `names`.
    pub(crate) fn naming(&self, names: &[String]) -> rustc_hash::FxHashSet<u32> {
        let mut out = rustc_hash::FxHashSet::default();
        for n in names {
            if let Ok(at) = self
                .stored
                .names
                .binary_search_by(|(name, _)| name.as_str().cmp(n))
            {
                out.extend(self.stored.names[at].1.iter().copied());
            }
        }
        out
    }
}

/// The index stored for `fingerprint`, if there is one to trust.
pub(crate) fn load(dir: &Path, fingerprint: u64) -> Option<LinkNames> {
    let body = read_sealed(dir, MAGIC, FILE_PREFIX, &[fingerprint])?;
    let stored: Stored = postcard::from_bytes(&body).ok()?;
    let n = stored.files.len();
    let fits = stored
        .names
        .iter()
        .all(|(_, files)| files.iter().all(|&f| (f as usize) < n));
    fits.then(|| LinkNames::from_stored(stored))
}

/// Whether an index is stored for `fingerprint` (not whether it is intact).
pub(crate) fn exists(dir: &Path, fingerprint: u64) -> bool {
    dir.join(format!("{FILE_PREFIX}{fingerprint:016x}.bin"))
        .is_file()
}

/// Store `index` (failures are ignored: a cache is an optimisation), and
/// remove indexes stored for other fingerprints.
pub(crate) fn save(dir: &Path, fingerprint: u64, index: &LinkNames) {
    if let Ok(body) = postcard::to_allocvec(&index.stored) {
        write_sealed(dir, MAGIC, FILE_PREFIX, &[fingerprint], &body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str) -> ContentFile {
        ContentFile {
            rel: rel.into(),
            path: rel.into(),
            lang: None,
        }
    }

    fn stamp(hash: u64) -> Stamp {
        Stamp {
            size: 10,
            mtime_ns: 0,
            ctime_ns: 0,
            hash,
            head: None,
            stamped_ns: 0,
        }
    }

    #[test]
    fn a_link_names_each_segment_of_its_path_up_to_a_dot() {
        let mut out = Vec::new();
        names_in("../Install.fr.md#Setup", &mut out);
        names_in("/docs/v1.2/?x=Y", &mut out);
        assert_eq!(
            out,
            ["install", "setup", "docs", "v1", "x", "y"],
            "`..` and `.` name nothing"
        );
    }

    #[test]
    fn an_entry_is_found_by_name_only_for_the_bytes_it_was_made_of() {
        let (a, b) = (file("a.md"), file("docs/b.md"));
        let index = LinkNames::build(vec![
            (&a, &stamp(1), vec!["install".into(), "docs".into()]),
            (&b, &stamp(2), vec!["docs".into()]),
        ]);
        let ea = index.entry(&a, &stamp(1)).unwrap();
        let eb = index.entry(&b, &stamp(2)).unwrap();
        assert_eq!(index.entry(&a, &stamp(3)), None, "a changed page");
        assert_eq!(index.entry(&file("c.md"), &stamp(1)), None);
        assert_eq!(index.naming(&["install".into()]).len(), 1);
        assert!(index.naming(&["install".into()]).contains(&ea));
        assert_eq!(index.naming(&["docs".into(), "x".into()]).len(), 2);
        assert!(index.naming(&["docs".into()]).contains(&eb));
        assert!(index.naming(&["instal".into()]).is_empty());

        // Made over: `b.md` kept, `a.md` dropped, `c.md` new.
        let c = file("c.md");
        let old = LinkNames::build(vec![
            (&a, &stamp(1), vec!["install".into(), "docs".into()]),
            (&b, &stamp(2), vec!["docs".into()]),
        ]);
        let over = old.updated(vec![
            (
                key_of(&c),
                stamp(3),
                Names::Now(vec!["zebra".into(), "docs".into(), "apple".into()]),
            ),
            (key_of(&b), stamp(2), Names::Kept(eb)),
        ]);
        let fresh = LinkNames::build(vec![
            (
                &c,
                &stamp(3),
                vec!["docs".into(), "apple".into(), "zebra".into()],
            ),
            (&b, &stamp(2), vec!["docs".into()]),
        ]);
        assert_eq!(over, fresh);
        assert!(over.naming(&["install".into()]).is_empty());
        assert_eq!(over.naming(&["docs".into()]).len(), 2);

        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), 7, &index);
        assert_eq!(load(dir.path(), 7), Some(index));
        assert_eq!(load(dir.path(), 8), None, "another fingerprint");
    }
}
