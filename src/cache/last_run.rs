//! The last run's results, whole: every checked page's diagnostics (its own
//! and those of links and cross-page rules), so that a run in which no content
//! file changed reads no page, builds no site index and resolves no link.
//!
//! Link and cross-page results depend on every page of the site (the index is
//! made from all of them), on the run fingerprint (version, configs, schemas),
//! and on files outside the content that links lead to. So the stored run
//! holds the list of content files it saw with the stamp of each ([`Stamp`]),
//! and its results are reused only when:
//! - the walk finds the same files in the same order, each with the bytes it had;
//! - the stored run checked every page this run checks;
//! - every question those pages' links asked the file system ([`Probe`]: is
//!   `static/x.png` a file? which files does this bundle hold?) gets the same answer.
//!
//! Otherwise the run loads its pages (through the page cache). When every
//! page then has the record it had ([`site_digest`]: what other pages' links
//! and cross-page rules read of it), the site links resolve against is the
//! same: a page whose own bytes did not change keeps its stored results
//! (after its probes are asked again), and only the changed pages are
//! checked ([`LastRun::reusable`]). An edit to a page's body costs that
//! page, not the site's links. Then the run stores its own results.
//!
//! ```text
//! "FLLAST05"  fingerprint: u64  checksum: u64 (xxh3 of the rest)
//! postcard: a `LastRun` as it derives it: a hash of the file list, the site
//!           digest, each file's stamp, which files are pages and which were
//!           checked (a bit each, walk order), and the results of the checked
//!           pages that have any
//! ```
//!
//! A file that is truncated, has another fingerprint, or fails its checksum or
//! its decoding is not used.

use super::{read_sealed, write_sealed, Stamp};
use crate::diagnostic::Diagnostic;
use crate::types::{ContentFile, PageResult, Probe};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

const MAGIC: &[u8; 8] = b"FLLAST05";
const FILE_PREFIX: &str = "last-";

/// One checked page's results.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PageOutcome {
    /// Every diagnostic, before suppression comments and rule levels apply.
    pub diagnostics: Vec<Diagnostic>,
    /// The page has `frontlint-ignore` comments.
    pub has_suppressions: bool,
    pub external_links: usize,
    /// What its links asked the file system.
    pub probes: Vec<Probe>,
}

impl PageOutcome {
    fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
            && !self.has_suppressions
            && self.external_links == 0
            && self.probes.is_empty()
    }
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LastRun {
    /// See [`files_hash`].
    files_hash: u64,
    /// See [`site_digest`] (0: not known).
    site_digest: u64,
    /// Each file's stamp, walk order.
    stamps: Vec<Stamp>,
    /// Files that are pages: a bit each.
    pages: Vec<u64>,
    /// Pages checked: a bit each.
    checked: Vec<u64>,
    /// Checked pages with any result, by position.
    outcomes: Vec<(usize, PageOutcome)>,
}

/// A hash of the files of a run, in order: language, path and place in the content.
pub(crate) fn files_hash<'f>(files: impl IntoIterator<Item = &'f ContentFile>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for f in files {
        h.update(f.lang.as_deref().unwrap_or("").as_bytes());
        h.update(b"\0");
        h.update(f.path.as_os_str().as_encoded_bytes());
        h.update(b"\0");
        h.update(f.rel.as_bytes());
        h.update(b"\0");
    }
    h.digest()
}

/// A digest of every file's record, in order ([`PageResult::record_digest`]);
/// 0 when one is not known.
pub(crate) fn site_digest(results: &[PageResult]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for r in results {
        if r.record_digest == 0 {
            return 0;
        }
        h.update(&r.record_digest.to_le_bytes());
    }
    h.digest().max(1)
}

fn bits(set: impl Iterator<Item = bool>) -> Vec<u64> {
    let mut out = Vec::new();
    for (i, on) in set.enumerate() {
        if i % 64 == 0 {
            out.push(0);
        }
        if on {
            out[i / 64] |= 1 << (i % 64);
        }
    }
    out
}

fn bit(set: &[u64], i: usize) -> bool {
    set.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

impl LastRun {
    /// The run stored for `fingerprint` in `dir`, if there is one to trust.
    pub(crate) fn open(dir: &Path, fingerprint: u64) -> Option<LastRun> {
        let body = read_sealed(dir, MAGIC, FILE_PREFIX, &[fingerprint])?;
        let run: LastRun = postcard::from_bytes(&body).ok()?;
        let ascending = run.outcomes.windows(2).all(|w| w[0].0 < w[1].0);
        let words = run.stamps.len().div_ceil(64);
        let fits = run.pages.len() == words && run.checked.len() == words;
        (ascending && fits).then_some(run)
    }

    /// The results of this run's checked pages (by position in `files`, whose
    /// [`files_hash`] is `hash`), if they can be reused (see the module
    /// notes); `None` otherwise. `target` says which files this run reports on.
    pub(crate) fn replay(
        &self,
        (files, hash): (&[ContentFile], u64),
        target: &[bool],
    ) -> Option<Vec<(usize, PageOutcome)>> {
        if files.len() != self.stamps.len() || hash != self.files_hash {
            return None;
        }
        let checked: Vec<usize> = (0..files.len())
            .filter(|&i| target[i] && bit(&self.pages, i))
            .collect();
        if !checked.iter().all(|&i| bit(&self.checked, i)) {
            return None;
        }
        let unchanged = files
            .par_iter()
            .zip(self.stamps.par_iter())
            .all(|(f, stamp)| stamp.holds(&f.path));
        if !unchanged {
            return None;
        }
        let mut stored = self.outcomes.iter().peekable();
        let mut out = Vec::with_capacity(checked.len());
        for page in checked {
            while stored.next_if(|(at, _)| *at < page).is_some() {}
            let outcome = match stored.next_if(|(at, _)| *at == page) {
                Some((_, o)) => {
                    if !o.probes.iter().all(Probe::holds) {
                        return None;
                    }
                    o.clone()
                }
                None => PageOutcome::default(),
            };
            out.push((page, outcome));
        }
        Some(out)
    }

    /// The stored results of the `checked` pages (positions, ascending) that
    /// hold although the run as a whole could not be replayed: the run saw
    /// the same files (`results`, walked, with their `stamps`; `files_hash`
    /// is the [`files_hash`] of their files), every one
    /// has the record it had (`site_digest`), and such a page has its bytes
    /// of then, was checked then, and its probes get the same answers.
    /// `None` at a position: that page is checked. `None` for all: nothing
    /// can be kept.
    pub(crate) fn reusable(
        &self,
        (results, files_hash): (&[PageResult], u64),
        stamps: &[Option<Stamp>],
        site_digest: u64,
        checked: &[usize],
    ) -> Option<Vec<Option<PageOutcome>>> {
        let same_site = self.site_digest != 0
            && self.site_digest == site_digest
            && results.len() == self.stamps.len()
            && stamps.len() == results.len()
            && files_hash == self.files_hash;
        if !same_site {
            return None;
        }
        let kept = checked
            .par_iter()
            .map(|&page| {
                let then = self.stamps.get(page)?;
                let same_bytes = stamps[page].is_some_and(|now| {
                    now.size == then.size && now.hash == then.hash && now.head == then.head
                });
                if !same_bytes || !bit(&self.checked, page) {
                    return None;
                }
                match self.outcomes.binary_search_by_key(&page, |(at, _)| *at) {
                    Ok(at) => {
                        let o = &self.outcomes[at].1;
                        o.probes.iter().all(Probe::holds).then(|| o.clone())
                    }
                    Err(_) => Some(PageOutcome::default()),
                }
            })
            .collect();
        Some(kept)
    }

    /// The record of a run that saw files whose [`files_hash`] is
    /// `files_hash`, with `stamps` (`None` when a file has no stamp:
    /// nothing can be reused then), of which `is_page` are
    /// pages, and checked `fresh` (positions, ascending, with their results:
    /// only those with any are copied).
    /// Results of `earlier` for other pages are kept when it saw the same
    /// files with the same bytes.
    pub(crate) fn record(
        (files_hash, site_digest): (u64, u64),
        stamps: &[Option<Stamp>],
        is_page: &[bool],
        fresh: &[(usize, PageOutcome)],
        earlier: Option<LastRun>,
    ) -> Option<LastRun> {
        let stamps: Vec<Stamp> = stamps.iter().copied().collect::<Option<_>>()?;
        let same_site = |e: &LastRun| {
            e.files_hash == files_hash
                && e.stamps.len() == stamps.len()
                && e.stamps.iter().zip(&stamps).all(|(a, b)| a.hash == b.hash)
        };
        let (mut checked, old) = match earlier.filter(same_site) {
            Some(e) => (e.checked, e.outcomes),
            None => (bits((0..stamps.len()).map(|_| false)), Vec::new()),
        };
        for (page, _) in fresh {
            checked[page / 64] |= 1 << (page % 64);
        }
        let mut outcomes: Vec<(usize, PageOutcome)> = Vec::new();
        let mut old = old.into_iter().peekable();
        for &(page, ref outcome) in fresh {
            while let Some(o) = old.next_if(|(at, _)| *at < page) {
                outcomes.push(o);
            }
            old.next_if(|(at, _)| *at == page);
            if !outcome.is_empty() {
                outcomes.push((page, outcome.clone()));
            }
        }
        outcomes.extend(old);
        Some(LastRun {
            files_hash,
            site_digest,
            pages: bits(is_page.iter().copied()),
            stamps,
            checked,
            outcomes,
        })
    }

    /// Store this run for `fingerprint` (failures are ignored: a cache is an
    /// optimisation), and remove runs stored for other fingerprints.
    pub(crate) fn save(&self, dir: &Path, fingerprint: u64) {
        // A path that is not UTF-8 cannot be stored: then nothing is.
        let Ok(body) = postcard::to_allocvec(self) else {
            return;
        };
        write_sealed(dir, MAGIC, FILE_PREFIX, &[fingerprint], &body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn outcome(msg: &str, probes: Vec<Probe>) -> PageOutcome {
        PageOutcome {
            diagnostics: vec![
                Diagnostic::new("link-broken", Severity::Error, 3..9, msg).with_fix(
                    crate::fix::Fix::replace("replace", crate::fix::Safety::Safe, 3..9, "/b/"),
                ),
            ],
            has_suppressions: false,
            external_links: 2,
            probes,
        }
    }

    /// Three pages written in `dir`, with their stamps.
    fn site(dir: &Path) -> (Vec<ContentFile>, Vec<Option<Stamp>>) {
        let mut files = Vec::new();
        let mut stamps = Vec::new();
        for name in ["a.md", "b.md", "c.md"] {
            let path = dir.join(name);
            let text = format!("---\ntitle: {name}\n---\n");
            std::fs::write(&path, &text).unwrap();
            stamps.push(super::super::stamp_of(
                &path,
                super::super::hash(text.as_bytes()),
            ));
            files.push(ContentFile {
                rel: name.to_string(),
                path,
                lang: None,
            });
        }
        (files, stamps)
    }

    #[test]
    fn a_stored_run_comes_back_only_while_its_files_and_bytes_are_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let (files, stamps) = site(dir.path());
        let a = outcome("first", vec![]);
        let fresh = vec![(1, a.clone()), (2, PageOutcome::default())];
        let run =
            LastRun::record((files_hash(&files), 0), &stamps, &[true; 3], &fresh, None).unwrap();
        let cache = dir.path().join("cache");
        run.save(&cache, 7);
        let back = LastRun::open(&cache, 7).unwrap();
        assert_eq!(back, run);
        let only = |t: [bool; 3]| back.replay((&files, files_hash(&files)), &t);
        assert_eq!(
            only([false, true, true]),
            Some(vec![(1, a.clone()), (2, PageOutcome::default())])
        );
        // A page the stored run did not check: nothing to replay.
        assert_eq!(only([true, true, false]), None);
        // Another fingerprint: nothing stored.
        assert!(LastRun::open(&cache, 8).is_none());
        // Another file list: no replay.
        assert_eq!(
            back.replay((&files[..2], files_hash(&files[..2])), &[false, true]),
            None
        );
        // New bytes in any file (same size): no replay.
        std::fs::write(&files[0].path, "---\ntitle: x.md\n---\n").unwrap();
        assert_eq!(only([false, true, true]), None);
    }

    #[test]
    fn a_damaged_file_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let (files, stamps) = site(dir.path());
        let fresh = vec![(0, outcome("zero", vec![]))];
        let run =
            LastRun::record((files_hash(&files), 0), &stamps, &[true; 3], &fresh, None).unwrap();
        run.save(dir.path(), 7);
        let path = dir.path().join(format!("{FILE_PREFIX}{:016x}.bin", 7));
        crate::cache::assert_damage_is_refused(&path, || LastRun::open(dir.path(), 7).is_some());
    }

    /// A run stored by an earlier format (another magic, its checksum
    /// right) or with a diagnostic that names no rule is not used.
    #[test]
    fn an_older_format_or_an_unknown_rule_code_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let (files, stamps) = site(dir.path());
        let mut unknown = outcome("zero", vec![]);
        unknown.diagnostics[0].code = "no-such-rule";
        let fresh = vec![(0, unknown)];
        let run =
            LastRun::record((files_hash(&files), 0), &stamps, &[true; 3], &fresh, None).unwrap();
        run.save(dir.path(), 7);
        assert!(LastRun::open(dir.path(), 7).is_none());

        let fresh = vec![(0, outcome("zero", vec![]))];
        let run =
            LastRun::record((files_hash(&files), 0), &stamps, &[true; 3], &fresh, None).unwrap();
        run.save(dir.path(), 7);
        assert!(LastRun::open(dir.path(), 7).is_some());
        let body = read_sealed(dir.path(), MAGIC, FILE_PREFIX, &[7]).unwrap();
        write_sealed(dir.path(), b"FLLAST03", FILE_PREFIX, &[7], &body);
        assert!(LastRun::open(dir.path(), 7).is_none());
    }

    #[test]
    fn a_probe_answered_differently_stops_the_replay() {
        let dir = tempfile::tempdir().unwrap();
        let (files, stamps) = site(dir.path());
        let img = dir.path().join("logo.png");
        let probes = vec![Probe::IsFile(img.clone(), false)];
        let fresh = vec![(0, outcome("gone", probes))];
        let run =
            LastRun::record((files_hash(&files), 0), &stamps, &[true; 3], &fresh, None).unwrap();
        assert!(run
            .replay((&files, files_hash(&files)), &[true, false, false])
            .is_some());
        std::fs::write(&img, b"png").unwrap();
        assert_eq!(
            run.replay((&files, files_hash(&files)), &[true, false, false]),
            None
        );
    }

    #[test]
    fn results_are_kept_only_for_unchanged_pages_of_the_same_site() {
        let dir = tempfile::tempdir().unwrap();
        let (files, stamps) = site(dir.path());
        let img = dir.path().join("logo.png");
        let fresh = vec![
            (0, outcome("zero", vec![])),
            (1, outcome("one", vec![Probe::IsFile(img.clone(), false)])),
            (2, PageOutcome::default()),
        ];
        let run =
            LastRun::record((files_hash(&files), 42), &stamps, &[true; 3], &fresh, None).unwrap();
        let results: Vec<PageResult> = files
            .iter()
            .map(|f| PageResult {
                file: f.clone(),
                ..PageResult::default()
            })
            .collect();
        let all = [0, 1, 2];
        // The same site: every page keeps its results (none stored: empty);
        // a page the stored run did not check has none to keep.
        let first_two = LastRun::record(
            (files_hash(&files), 42),
            &stamps,
            &[true; 3],
            &fresh[..2],
            None,
        );
        assert_eq!(
            first_two
                .unwrap()
                .reusable((&results, files_hash(&files)), &stamps, 42, &[2]),
            Some(vec![None])
        );
        assert_eq!(
            run.reusable((&results, files_hash(&files)), &stamps, 42, &all),
            Some(vec![
                Some(outcome("zero", vec![])),
                Some(outcome("one", vec![Probe::IsFile(img.clone(), false)])),
                Some(PageOutcome::default()),
            ])
        );
        // A record changed (another digest), or none known: nothing is kept.
        assert_eq!(
            run.reusable((&results, files_hash(&files)), &stamps, 43, &all),
            None
        );
        let unknown =
            LastRun::record((files_hash(&files), 0), &stamps, &[true; 3], &fresh, None).unwrap();
        assert_eq!(
            unknown.reusable((&results, files_hash(&files)), &stamps, 0, &all),
            None
        );
        // Another file list: nothing is kept.
        assert_eq!(
            run.reusable(
                (&results[..2], files_hash(&files[..2])),
                &stamps[..2],
                42,
                &all[..2]
            ),
            None
        );
        // A page with other bytes, and one whose probe is answered otherwise,
        // are checked again; the third keeps its results.
        let mut edited = stamps.clone();
        edited[0].as_mut().unwrap().hash ^= 1;
        std::fs::write(&img, b"png").unwrap();
        assert_eq!(
            run.reusable((&results, files_hash(&files)), &edited, 42, &all),
            Some(vec![None, None, Some(PageOutcome::default())])
        );
    }

    #[test]
    fn recording_keeps_other_pages_of_the_same_site_and_replaces_rechecked_ones() {
        let dir = tempfile::tempdir().unwrap();
        let (files, stamps) = site(dir.path());
        let record = |fresh: Vec<_>, earlier| {
            LastRun::record(
                (files_hash(&files), 0),
                &stamps,
                &[true; 3],
                &fresh,
                earlier,
            )
        };
        let old = record(
            vec![(0, outcome("zero", vec![])), (2, outcome("two", vec![]))],
            None,
        );
        let new = record(
            vec![(1, outcome("one", vec![])), (2, PageOutcome::default())],
            old,
        )
        .unwrap();
        assert_eq!(
            new.replay((&files, files_hash(&files)), &[true; 3]),
            Some(vec![
                (0, outcome("zero", vec![])),
                (1, outcome("one", vec![])),
                (2, PageOutcome::default()),
            ])
        );
        // A file without a stamp: nothing to record.
        let mut unstamped = stamps.clone();
        unstamped[1] = None;
        assert!(
            LastRun::record((files_hash(&files), 0), &unstamped, &[true; 3], &[], None).is_none()
        );
    }
}
