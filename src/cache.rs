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

/// The cache of one site for one run fingerprint.
#[derive(Debug, Default)]
pub struct Cache {
    dir: PathBuf,
    fingerprint: u64,
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

impl Cache {
    /// Open the cache in `dir` for runs with `fingerprint` (an empty cache if
    /// there is none, or it cannot be trusted).
    pub fn open(dir: &Path, fingerprint: u64) -> Cache {
        let mut cache = Cache {
            dir: dir.to_path_buf(),
            fingerprint,
            entries: HashMap::new(),
        };
        if let Ok(bytes) = std::fs::read(cache.file()) {
            if let Some(entries) = decode(&bytes, fingerprint) {
                cache.entries = entries;
            }
        }
        cache
    }

    fn file(&self) -> PathBuf {
        self.dir
            .join(format!("{FILE_PREFIX}{:016x}.bin", self.fingerprint))
    }

    /// The cached result for `file`, if its bytes are unchanged. Reads the file
    /// only when its size or modification time moved.
    pub fn get(&self, file: &ContentFile, target: bool) -> Option<PageResult> {
        let e = self.entries.get(&key(file))?;
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
        Some(PageResult {
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
            links: if target { e.links.clone() } else { Vec::new() },
            headings: e.headings.clone(),
            open_span: e.open_span.clone(),
            url: e.url.clone(),
            slug: e.slug.clone(),
            aliases: e.aliases.clone(),
            unique: e.unique.clone(),
        })
    }

    /// Remember a freshly loaded page. `stamp` is the file as it was read.
    pub fn put(&mut self, r: &PageResult, stamp: Stamp) {
        let e = Entry {
            stamp,
            full: r.target,
            is_page: r.is_page,
            has_suppressions: r.has_suppressions,
            diagnostics: r.diagnostics.iter().map(store).collect(),
            facts: serde_json::to_string(&r.facts).unwrap_or_default(),
            links: r.links.clone(),
            headings: r.headings.clone(),
            open_span: r.open_span.clone(),
            url: r.url.clone(),
            slug: r.slug.clone(),
            aliases: r.aliases.clone(),
            unique: r.unique.clone(),
        };
        self.entries.insert(key(&r.file), e);
    }

    /// Keep the entry of `file` as it is (it was reused).
    pub fn keep(&mut self, file: &ContentFile, from: &Cache) {
        if let Some(e) = from.entries.get(&key(file)) {
            self.entries.insert(key(file), e.clone());
        }
    }

    /// A new, empty cache with the same place and fingerprint (to fill with this run's pages).
    pub fn successor(&self) -> Cache {
        Cache {
            dir: self.dir.clone(),
            fingerprint: self.fingerprint,
            entries: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Write the cache (temporary file, then rename) and remove caches of other
    /// fingerprints. Failures are ignored: a cache is an optimisation.
    pub fn save(&self) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(&ignore, "# Created by frontlint: the content cache.\n*\n");
        }
        let Ok(payload) = postcard::to_stdvec(&self.entries) else {
            return;
        };
        let mut bytes = Vec::with_capacity(payload.len() + 32);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.fingerprint.to_le_bytes());
        bytes.extend_from_slice(&hash(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        let tmp = self
            .dir
            .join(format!(".tmp-{}-{:x}", std::process::id(), hash(&bytes)));
        if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, self.file()).is_ok() {
            if let Ok(rd) = std::fs::read_dir(&self.dir) {
                let mine = self.file();
                for e in rd.flatten() {
                    let p = e.path();
                    let name = e.file_name().to_string_lossy().into_owned();
                    if p != mine && name.starts_with(FILE_PREFIX) && name.ends_with(".bin") {
                        let _ = std::fs::remove_file(p);
                    }
                }
            }
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
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

fn decode(bytes: &[u8], fingerprint: u64) -> Option<HashMap<String, Entry>> {
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

    #[test]
    fn corrupt_and_foreign_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::open(dir.path(), 7);
        assert!(c.is_empty());
        let f = ContentFile {
            rel: "a.md".into(),
            path: dir.path().join("a.md"),
            lang: None,
        };
        std::fs::write(&f.path, "---\ntitle: a\n---\n").unwrap();
        let r = PageResult {
            file: f.clone(),
            target: true,
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
        };
        c.put(
            &r,
            stamp_of(&f.path, hash(b"---\ntitle: a\n---\n")).unwrap(),
        );
        c.save();
        let back = Cache::open(dir.path(), 7);
        let got = back.get(&f, true).unwrap();
        assert_eq!(got.diagnostics[0].code, "yaml-syntax");
        assert_eq!(got.facts["title"], "a");
        // Another fingerprint sees nothing; a flipped byte is not trusted.
        assert!(Cache::open(dir.path(), 8).is_empty());
        let file = back.file();
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&file, bytes).unwrap();
        assert!(Cache::open(dir.path(), 7).is_empty());
        std::fs::write(&file, b"garbage").unwrap();
        assert!(Cache::open(dir.path(), 7).is_empty());
    }

    #[test]
    fn changed_bytes_are_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let f = ContentFile {
            rel: "a.md".into(),
            path: dir.path().join("a.md"),
            lang: None,
        };
        std::fs::write(&f.path, "one").unwrap();
        let mut c = Cache::open(dir.path(), 1);
        let r = PageResult {
            file: f.clone(),
            target: false,
            text: String::new(),
            has_suppressions: false,
            diagnostics: Vec::new(),
            is_page: true,
            facts: serde_json::Value::Null,
            links: Vec::new(),
            headings: Vec::new(),
            open_span: 0..0,
            url: None,
            slug: None,
            aliases: Vec::new(),
            unique: Vec::new(),
        };
        c.put(&r, stamp_of(&f.path, hash(b"one")).unwrap());
        assert!(c.get(&f, false).is_some());
        // A partial (non-target) entry does not serve a target.
        assert!(c.get(&f, true).is_none());
        std::fs::write(&f.path, "two").unwrap();
        assert!(c.get(&f, false).is_none());
    }
}
