//! The content cache: what loading a page produced, kept on disk between runs.
//!
//! A page whose file is unchanged (same size and modification time, or, when
//! those moved, the same bytes) and whose run fingerprint (frontlint version,
//! config, schemas) is the same is not read, parsed or validated again: its
//! diagnostics, URL facts, links and headings come from here. Link resolution
//! and cross-page rules always run against the current site, so a deleted
//! target is still caught.
//!
//! One file per fingerprint in the cache directory, written to a temporary
//! file and renamed, so two runs can share the directory. A file that does not
//! decode, has another fingerprint, or fails its checksum is ignored and
//! rebuilt, never trusted.

use crate::check::page::{Located, PageResult};
use crate::diagnostic::{Diagnostic, Severity};
use crate::links::Link;
use crate::walk::ContentFile;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

const MAGIC: &[u8; 8] = b"FLCACHE1";
const FILE_PREFIX: &str = "pages-";

/// A file's identity: size, modification time, and a hash of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: u128,
    pub hash: u64,
    /// When the stamp was taken. A file modified within [`RACY_NS`] of that
    /// moment may change again without its mtime moving (coarse clocks), so its
    /// bytes are always compared (git's "racy clean" rule).
    pub stamped_ns: u128,
}

/// See [`Stamp::stamped_ns`].
const RACY_NS: u128 = 2_000_000_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedDiagnostic {
    code: String,
    error: bool,
    span: Range<usize>,
    message: String,
    label: Option<String>,
    help: Option<String>,
    pointer: Option<String>,
}

/// What one page's load produced, minus its text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    stamp: Stamp,
    /// Loaded as a target (diagnostics and links are complete).
    full: bool,
    is_page: bool,
    has_suppressions: bool,
    diagnostics: Vec<CachedDiagnostic>,
    /// The index facts as JSON text (postcard cannot hold a `serde_json::Value`).
    facts: String,
    links: Vec<Link>,
    headings: Vec<String>,
    open_span: Range<usize>,
    url: Option<Located>,
    slug: Option<Located>,
    aliases: Vec<Located>,
    unique: Vec<(String, Located)>,
}

/// The cache of one site for one run fingerprint, as read at the start of a run.
#[derive(Debug, Default)]
pub struct Cache {
    entries: HashMap<String, Entry>,
}

/// Hash bytes (xxh3).
pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

fn mtime_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

fn file_name(dir: &Path, fingerprint: u64) -> PathBuf {
    dir.join(format!("{FILE_PREFIX}{fingerprint:016x}.bin"))
}

impl Cache {
    /// Open the cache in `dir` for runs with `fingerprint` (an empty cache if
    /// there is none, or it cannot be trusted).
    pub fn open(dir: &Path, fingerprint: u64) -> Cache {
        let mut cache = Cache::default();
        if let Ok(bytes) = std::fs::read(file_name(dir, fingerprint)) {
            if let Some(entries) = decode(&bytes, fingerprint) {
                cache.entries = entries.into_iter().collect();
            }
        }
        cache
    }

    /// Move the entry of `file` out of the cache (each is used at most once).
    pub fn take(&mut self, file: &ContentFile) -> Option<Entry> {
        self.entries.remove(&key(file))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Entry {
    /// The cached result for `file`, with its stamp, if the file's bytes are
    /// unchanged. Reads the file only when its size or modification time moved
    /// (or it was modified right around the time it was cached).
    pub fn into_result(self, file: &ContentFile, target: bool) -> Option<(PageResult, Stamp)> {
        let e = self;
        if target && !e.full {
            return None;
        }
        let meta = std::fs::metadata(&file.path).ok()?;
        if meta.len() != e.stamp.size {
            return None;
        }
        let racy = e.stamp.mtime_ns + RACY_NS >= e.stamp.stamped_ns;
        if racy || mtime_ns(&meta) != e.stamp.mtime_ns {
            let bytes = std::fs::read(&file.path).ok()?;
            if hash(&bytes) != e.stamp.hash {
                return None;
            }
        }
        let r = PageResult {
            file: file.clone(),
            target,
            text: String::new(),
            has_suppressions: e.has_suppressions,
            diagnostics: if target {
                e.diagnostics.iter().filter_map(restore).collect()
            } else {
                Vec::new()
            },
            is_page: e.is_page,
            facts: serde_json::from_str(&e.facts).unwrap_or_default(),
            links: if target { e.links } else { Vec::new() },
            headings: e.headings,
            open_span: e.open_span,
            url: e.url,
            slug: e.slug,
            aliases: e.aliases,
            unique: e.unique,
        };
        Some((r, e.stamp))
    }
}

/// [`Entry`] borrowing from a [`PageResult`]: serializes to the same bytes.
#[derive(Serialize)]
struct EntryRef<'a> {
    stamp: Stamp,
    full: bool,
    is_page: bool,
    has_suppressions: bool,
    diagnostics: Vec<CachedDiagnostic>,
    facts: String,
    links: &'a [Link],
    headings: &'a [String],
    open_span: Range<usize>,
    url: &'a Option<Located>,
    slug: &'a Option<Located>,
    aliases: &'a [Located],
    unique: &'a [(String, Located)],
}

/// Write the cache of this run's pages (temporary file, then rename) and remove
/// caches of other fingerprints. Failures are ignored: a cache is an optimisation.
pub fn save<'a>(
    dir: &Path,
    fingerprint: u64,
    pages: impl Iterator<Item = (&'a PageResult, Stamp)>,
) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(&ignore, "# Created by frontlint: the content cache.\n*\n");
    }
    let keys_and_entries: Vec<(String, EntryRef<'a>)> = pages
        .map(|(r, stamp)| {
            (
                key(&r.file),
                EntryRef {
                    stamp,
                    full: r.target,
                    is_page: r.is_page,
                    has_suppressions: r.has_suppressions,
                    diagnostics: r.diagnostics.iter().map(store).collect(),
                    facts: serde_json::to_string(&r.facts).unwrap_or_default(),
                    links: &r.links,
                    headings: &r.headings,
                    open_span: r.open_span.clone(),
                    url: &r.url,
                    slug: &r.slug,
                    aliases: &r.aliases,
                    unique: &r.unique,
                },
            )
        })
        .collect();
    let Ok(payload) = postcard::to_stdvec(&keys_and_entries) else {
        return;
    };
    drop(keys_and_entries);
    let mut bytes = Vec::with_capacity(payload.len() + 24);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&fingerprint.to_le_bytes());
    bytes.extend_from_slice(&hash(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    let target = file_name(dir, fingerprint);
    let tmp = dir.join(format!(".tmp-{}-{:x}", std::process::id(), hash(&bytes)));
    if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, &target).is_ok() {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if p != target && name.starts_with(FILE_PREFIX) && name.ends_with(".bin") {
                    let _ = std::fs::remove_file(p);
                }
            }
        }
    } else {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Stamp a file from the bytes just read and its metadata now.
pub fn stamp_of(path: &Path, bytes_hash: u64) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    Some(Stamp {
        size: meta.len(),
        mtime_ns: mtime_ns(&meta),
        hash: bytes_hash,
        stamped_ns: now,
    })
}

fn key(f: &ContentFile) -> String {
    match &f.lang {
        Some(l) => format!("{l}\u{0}{}", f.rel),
        None => f.rel.clone(),
    }
}

fn decode(bytes: &[u8], fingerprint: u64) -> Option<Vec<(String, Entry)>> {
    if bytes.len() < 24 || &bytes[..8] != MAGIC {
        return None;
    }
    let fp = u64::from_le_bytes(bytes[8..16].try_into().ok()?);
    let sum = u64::from_le_bytes(bytes[16..24].try_into().ok()?);
    let payload = &bytes[24..];
    if fp != fingerprint || hash(payload) != sum {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

fn store(d: &Diagnostic) -> CachedDiagnostic {
    CachedDiagnostic {
        code: d.code.to_string(),
        error: d.severity == Severity::Error,
        span: d.span.clone(),
        message: d.message.clone(),
        label: d.label.clone(),
        help: d.help.clone(),
        pointer: d.pointer.clone(),
    }
}

fn restore(c: &CachedDiagnostic) -> Option<Diagnostic> {
    // Codes are `&'static str`: map back through the rule registry (an unknown
    // code means a foreign cache; drop it rather than invent one).
    let code = crate::rules::get(&c.code)?.code;
    let severity = if c.error {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = Diagnostic::new(code, severity, c.span.clone(), c.message.clone());
    d.label = c.label.clone();
    d.help = c.help.clone();
    d.pointer = c.pointer.clone();
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(f: &ContentFile, target: bool) -> PageResult {
        PageResult {
            file: f.clone(),
            target,
            text: String::new(),
            has_suppressions: false,
            diagnostics: vec![Diagnostic::new("yaml-syntax", Severity::Error, 1..2, "m")],
            is_page: true,
            facts: serde_json::json!({"title": "a"}),
            links: Vec::new(),
            headings: vec!["h".into()],
            open_span: 0..3,
            url: None,
            slug: None,
            aliases: Vec::new(),
            unique: Vec::new(),
        }
    }

    #[test]
    fn round_trip_and_corrupt_or_foreign_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Cache::open(dir.path(), 7).is_empty());
        let f = ContentFile {
            rel: "a.md".into(),
            path: dir.path().join("a.md"),
            lang: None,
        };
        std::fs::write(&f.path, "---\ntitle: a\n---\n").unwrap();
        let r = result(&f, true);
        let stamp = stamp_of(&f.path, hash(b"---\ntitle: a\n---\n")).unwrap();
        save(dir.path(), 7, std::iter::once((&r, stamp)));
        let mut back = Cache::open(dir.path(), 7);
        let (got, _) = back.take(&f).unwrap().into_result(&f, true).unwrap();
        assert_eq!(got.diagnostics[0].code, "yaml-syntax");
        assert_eq!(got.facts["title"], "a");
        // Another fingerprint sees nothing; a flipped byte is not trusted.
        assert!(Cache::open(dir.path(), 8).is_empty());
        let file = file_name(dir.path(), 7);
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&file, bytes).unwrap();
        assert!(Cache::open(dir.path(), 7).is_empty());
        std::fs::write(&file, b"garbage").unwrap();
        assert!(Cache::open(dir.path(), 7).is_empty());
    }

    #[test]
    fn changed_bytes_and_partial_entries_are_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let f = ContentFile {
            rel: "a.md".into(),
            path: dir.path().join("a.md"),
            lang: None,
        };
        std::fs::write(&f.path, "one").unwrap();
        let r = result(&f, false);
        save(
            dir.path(),
            1,
            std::iter::once((&r, stamp_of(&f.path, hash(b"one")).unwrap())),
        );
        let mut c = Cache::open(dir.path(), 1);
        let e = c.take(&f).unwrap();
        assert!(e.clone().into_result(&f, false).is_some());
        // A partial (non-target) entry does not serve a target.
        assert!(e.clone().into_result(&f, true).is_none());
        // Same size, new bytes, written at once (same mtime tick): caught by the racy-clean rule.
        std::fs::write(&f.path, "two").unwrap();
        assert!(e.into_result(&f, false).is_none());
    }
}
