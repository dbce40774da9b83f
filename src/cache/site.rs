//! The site-wide results of the last run: each checked page's link and
//! cross-page diagnostics, so that a run in which no content file changed
//! neither builds the site index nor resolves a link again.
//!
//! Those results depend on every page of the site (the index is made from all
//! of them), on the run fingerprint (version, configs, schemas), and on the
//! files outside the content that links lead to. So the file is stored under a
//! *site key*: a hash of the fingerprint and of every content file's language,
//! path and bytes, in walk order ([`site_key`]). A run with the same site key
//! reuses a page's results when the stored run checked that page and every
//! question its links asked the file system ([`Probe`]: is `static/x.png` a
//! file? which files are in this bundle?) still gets the same answer.
//!
//! ```text
//! "FLSITE01"  fingerprint: u64  site key: u64  checksum: u64 (xxh3 of the rest)
//! postcard: which pages were checked (a bit per page, walk order), and the
//!           results of those that have any
//! ```
//!
//! A file that is truncated, has another fingerprint or site key, or fails its
//! checksum is not used.

use super::{hash, replace_file, restore, store, u64_at, CachedDiagnostic, Stamp};
use crate::check::links::Probe;
use crate::diagnostic::Diagnostic;
use crate::walk::ContentFile;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"FLSITE01";
const FILE_PREFIX: &str = "site-";
/// Magic, fingerprint, site key, checksum.
const HEADER: usize = 32;

/// One checked page's site-wide results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageOutcome {
    /// Link and cross-page diagnostics (before suppressions and rule levels).
    pub diagnostics: Vec<Diagnostic>,
    pub external_links: usize,
    /// What its links asked the file system.
    pub probes: Vec<Probe>,
}

impl PageOutcome {
    fn is_empty(&self) -> bool {
        self.diagnostics.is_empty() && self.external_links == 0 && self.probes.is_empty()
    }
}

/// The stored results of one run.
#[derive(Debug, Default)]
pub struct SiteResults {
    /// Pages checked (by position in walk order): a bit each.
    checked: Vec<u64>,
    /// Checked pages with any result, by position.
    outcomes: Vec<(usize, PageOutcome)>,
}

#[derive(Serialize)]
struct FileRef<'a> {
    checked: &'a [u64],
    outcomes: Vec<(u32, OutcomeRef<'a>)>,
}

#[derive(Serialize)]
struct OutcomeRef<'a> {
    diagnostics: Vec<CachedDiagnostic<'a>>,
    external_links: u64,
    probes: &'a [Probe],
}

#[derive(Deserialize)]
struct File<'a> {
    checked: Vec<u64>,
    #[serde(borrow)]
    outcomes: Vec<(u32, Outcome<'a>)>,
}

#[derive(Deserialize)]
struct Outcome<'a> {
    #[serde(borrow)]
    diagnostics: Vec<CachedDiagnostic<'a>>,
    external_links: u64,
    probes: Vec<Probe>,
}

/// The site key of a run: `None` when a file has no stamp (it could not be
/// read, or the cache is off), since then nothing can be reused.
pub fn site_key<'a>(
    fingerprint: u64,
    files: impl Iterator<Item = (&'a ContentFile, Option<&'a Stamp>)>,
) -> Option<u64> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&fingerprint.to_le_bytes());
    for (f, stamp) in files {
        let stamp = stamp?;
        h.update(f.lang.as_deref().unwrap_or("").as_bytes());
        h.update(b"\0");
        h.update(f.path.as_os_str().as_encoded_bytes());
        h.update(b"\0");
        h.update(&stamp.hash.to_le_bytes());
    }
    Some(h.digest())
}

fn file_name(dir: &Path, fingerprint: u64) -> PathBuf {
    dir.join(format!("{FILE_PREFIX}{fingerprint:016x}.bin"))
}

impl SiteResults {
    /// The stored results for this site key, if there are any to trust.
    pub fn open(dir: &Path, fingerprint: u64, site_key: u64) -> Option<SiteResults> {
        let bytes = std::fs::read(file_name(dir, fingerprint)).ok()?;
        if bytes.get(..8)? != MAGIC
            || u64_at(&bytes, 8)? != fingerprint
            || u64_at(&bytes, 16)? != site_key
            || u64_at(&bytes, 24)? != hash(bytes.get(HEADER..)?)
        {
            return None;
        }
        let file: File = postcard::from_bytes(&bytes[HEADER..]).ok()?;
        let outcomes = file
            .outcomes
            .into_iter()
            .map(|(at, o)| {
                let diagnostics = o.diagnostics.iter().map(restore).collect::<Option<_>>()?;
                let outcome = PageOutcome {
                    diagnostics,
                    external_links: usize::try_from(o.external_links).ok()?,
                    probes: o.probes,
                };
                Some((at as usize, outcome))
            })
            .collect::<Option<Vec<_>>>()?;
        if !outcomes.windows(2).all(|w| w[0].0 < w[1].0) {
            return None;
        }
        Some(SiteResults {
            checked: file.checked,
            outcomes,
        })
    }

    fn was_checked(&self, page: usize) -> bool {
        self.checked
            .get(page / 64)
            .is_some_and(|w| w & (1 << (page % 64)) != 0)
    }

    /// The results of `pages` (positions in walk order, ascending), if the
    /// stored run checked every one of them and the file system still answers
    /// each of their probes the same; `None` otherwise.
    pub fn replay(&self, pages: &[usize]) -> Option<Vec<PageOutcome>> {
        let mut stored = self.outcomes.iter().peekable();
        let mut out = Vec::with_capacity(pages.len());
        for &page in pages {
            if !self.was_checked(page) {
                return None;
            }
            while stored.next_if(|(at, _)| *at < page).is_some() {}
            match stored.next_if(|(at, _)| *at == page) {
                Some((_, o)) => {
                    if !o.probes.iter().all(Probe::holds) {
                        return None;
                    }
                    out.push(o.clone());
                }
                None => out.push(PageOutcome::default()),
            }
        }
        Some(out)
    }

    /// These results with `fresh` (page positions, ascending, with their new
    /// results) written over them.
    pub fn merge(mut self, fresh: Vec<(usize, PageOutcome)>) -> SiteResults {
        for (page, _) in &fresh {
            let word = page / 64;
            if self.checked.len() <= word {
                self.checked.resize(word + 1, 0);
            }
            self.checked[word] |= 1 << (page % 64);
        }
        let mut kept: Vec<(usize, PageOutcome)> = Vec::new();
        let mut old = std::mem::take(&mut self.outcomes).into_iter().peekable();
        for (page, outcome) in fresh {
            while let Some(o) = old.next_if(|(at, _)| *at < page) {
                kept.push(o);
            }
            old.next_if(|(at, _)| *at == page);
            if !outcome.is_empty() {
                kept.push((page, outcome));
            }
        }
        kept.extend(old);
        self.outcomes = kept;
        self
    }

    /// Write these results for `site_key` (failures are ignored: a cache is
    /// an optimisation), and remove results stored for other fingerprints.
    pub fn save(&self, dir: &Path, fingerprint: u64, site_key: u64) {
        let file = FileRef {
            checked: &self.checked,
            outcomes: self
                .outcomes
                .iter()
                .filter_map(|(at, o)| {
                    let outcome = OutcomeRef {
                        diagnostics: o.diagnostics.iter().map(store).collect(),
                        external_links: o.external_links as u64,
                        probes: &o.probes,
                    };
                    Some((u32::try_from(*at).ok()?, outcome))
                })
                .collect(),
        };
        // A path that is not UTF-8 cannot be stored: then nothing is.
        let Ok(body) = postcard::to_allocvec(&file) else {
            return;
        };
        let mut head = Vec::with_capacity(HEADER);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&fingerprint.to_le_bytes());
        head.extend_from_slice(&site_key.to_le_bytes());
        head.extend_from_slice(&hash(&body).to_le_bytes());
        replace_file(
            dir,
            &file_name(dir, fingerprint),
            &[&head, &body],
            FILE_PREFIX,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn outcome(msg: &str, probes: Vec<Probe>) -> PageOutcome {
        PageOutcome {
            diagnostics: vec![Diagnostic::new("link-broken", Severity::Error, 3..9, msg)],
            external_links: 2,
            probes,
        }
    }

    #[test]
    fn stored_results_come_back_only_for_their_site_key_and_intact_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let a = outcome("first", vec![]);
        let results =
            SiteResults::default().merge(vec![(1, a.clone()), (2, PageOutcome::default())]);
        results.save(dir.path(), 7, 42);
        let back = SiteResults::open(dir.path(), 7, 42).unwrap();
        assert_eq!(
            back.replay(&[1, 2]),
            Some(vec![a.clone(), PageOutcome::default()])
        );
        // A page the stored run did not check: nothing to replay.
        assert_eq!(back.replay(&[0, 1]), None);
        // Another site key or fingerprint: not used.
        assert!(SiteResults::open(dir.path(), 7, 43).is_none());
        assert!(SiteResults::open(dir.path(), 8, 42).is_none());
        // Any flipped byte: not used.
        let path = file_name(dir.path(), 7);
        let good = std::fs::read(&path).unwrap();
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x20;
            std::fs::write(&path, &bad).unwrap();
            assert!(SiteResults::open(dir.path(), 7, 42).is_none(), "byte {i}");
        }
        for n in 0..good.len() {
            std::fs::write(&path, &good[..n]).unwrap();
            assert!(SiteResults::open(dir.path(), 7, 42).is_none(), "length {n}");
        }
    }

    #[test]
    fn a_probe_answered_differently_stops_the_replay() {
        let dir = tempfile::tempdir().unwrap();
        let img = dir.path().join("logo.png");
        let probes = vec![Probe::IsFile(img.clone(), false)];
        let results = SiteResults::default().merge(vec![(0, outcome("gone", probes))]);
        assert!(results.replay(&[0]).is_some());
        std::fs::write(&img, b"png").unwrap();
        assert_eq!(results.replay(&[0]), None);
    }

    #[test]
    fn merging_keeps_other_pages_and_replaces_rechecked_ones() {
        let old = SiteResults::default().merge(vec![
            (0, outcome("zero", vec![])),
            (5, outcome("five", vec![])),
            (70, outcome("seventy", vec![])),
        ]);
        let new = old.merge(vec![
            (5, PageOutcome::default()),
            (6, outcome("six", vec![])),
        ]);
        assert_eq!(
            new.replay(&[0, 5, 6, 70]),
            Some(vec![
                outcome("zero", vec![]),
                PageOutcome::default(),
                outcome("six", vec![]),
                outcome("seventy", vec![]),
            ])
        );
        assert_eq!(new.replay(&[4]), None);
    }
}
