//! The content cache: what loading a page produced, kept on disk between runs.
//! (Beside it: the last run's results as a whole, [`last_run`], and the last
//! site index built, [`index`].)
//!
//! A page whose file is unchanged (same size, modification and change time,
//! or, when the times moved, the same bytes) and whose run fingerprint (frontlint version,
//! configs, schemas) is the same is not read, parsed or validated again: its
//! diagnostics, URL facts, links and headings come from here. Link resolution
//! and cross-page rules run against the current site, so a deleted target is
//! still caught.
//!
//! One file per fingerprint in the cache directory, written to a temporary
//! file and renamed, so two runs can share the directory. A file that is
//! truncated, has another fingerprint, or fails its checksum is ignored and
//! rebuilt, never trusted; so is an entry that does not decode.
//!
//! The file is laid out so that a run pays only for the pages it uses:
//!
//! ```text
//! "FLCACHEB"  fingerprint: u64  checksum: u64 (see below)  count: u32
//! rows, in the order the pages were saved: key start, entry start, entry end (u32 each)
//! index, sorted by key hash: key hash (u64), row (u32)
//! data: each entry's key ("lang\0rel" or "rel") followed by the entry (postcard)
//! ```
//!
//! The checksum is the xxh3 of the count, rows and index followed by the xxh3
//! of the data ([`file_checksum`]): the data is hashed apart so that saving can
//! hash and write it as it is encoded, before the table in front of it is known.
//!
//! Opening a cache reads and checks the file; a background thread then
//! decodes the entries in row order ([`prefetch`]), each only after its stamp
//! says the file is unchanged, while the run's load workers start. Pages are looked
//! up in the order they were saved (the walk's order), so a lookup is usually
//! one comparison with the row after the last one found; the index finds the
//! others. A page whose entry is not decoded yet decodes it itself, on the
//! parallel load workers. Saving encodes entries in parallel, a few chunks at
//! a time, and a background thread writes each chunk out as it comes (so the
//! whole file is never in memory), then the table; the run waits for it when
//! it drops the returned [`Saving`].

use crate::diagnostic::Diagnostic;
use crate::types::{ContentFile, Link, PageRecord, PageResult};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{Seek, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Instant, UNIX_EPOCH};

pub(crate) mod index;
pub(crate) mod last_run;
pub(crate) mod link_names;
pub(crate) mod walk;

const MAGIC: &[u8; 8] = b"FLCACHEB";
const FILE_PREFIX: &str = "pages-";
/// Magic, fingerprint, checksum, entry count.
const HEADER: usize = 28;
/// Where the checksummed part of the file starts (the entry count).
const CHECKED_FROM: usize = 24;
/// A row: key start, entry start, entry end (offsets into the data).
const ROW: usize = 12;
/// An index entry: key hash, row.
const INDEX_ROW: usize = 12;
/// Pages encoded per parallel task when saving.
const CHUNK: usize = 256;
/// Chunks encoded at a time, and waiting for the writer at most, when saving.
const CHUNKS_IN_FLIGHT: usize = 8;
/// Fewer entries than this are decoded by their pages alone (see [`prefetch`]).
const PREFETCH_FROM: usize = 64;

/// A file's identity: size, modification time, and a hash of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub size: u64,
    pub mtime_ns: u128,
    /// The inode change time (unix; 0 elsewhere): it moves on every write and
    /// permission change, also when a tool puts the mtime back.
    pub ctime_ns: u128,
    pub hash: u64,
    /// Bytes hashed from the start of the file when only its head was read
    /// (see [`ReadHash::head`]); `None`: all of it.
    pub head: Option<u64>,
    /// When the stamp was taken. A file modified within [`RACY_NS`] of that
    /// moment may change again without its mtime moving (coarse clocks), so its
    /// bytes are always compared (git's "racy clean" rule).
    pub stamped_ns: u128,
}

/// See [`Stamp::stamped_ns`].
const RACY_NS: u128 = 2_000_000_000;

// An entry is three postcard values, one after the other: `Head`, then the
// page's `PageRecord`, then its own diagnostics and links (`Own`), each as its
// type derives it.

/// What decides whether an entry can be used at all.
#[derive(Serialize, Deserialize)]
struct Head<'a> {
    stamp: Stamp,
    /// Loaded as a target (diagnostics and links are complete).
    full: bool,
    /// The file's path when it was saved (for [`prefetch`]; `None`: not UTF-8).
    #[serde(borrow)]
    path: Option<&'a str>,
}

/// What only a target needs: its own diagnostics and links. Last, so that a
/// page loaded for the index alone never decodes it.
type Own = (Vec<Diagnostic>, Vec<Link>);

/// The cache of one site for one run fingerprint, as read at the start of a run.
#[derive(Default)]
pub(crate) struct Cache {
    /// The file, if there is one to trust.
    file: Option<Arc<CheckedFile>>,
    taken: Vec<bool>,
    left: usize,
    /// The row after the last one taken: the next page's, as a rule.
    next: usize,
    /// Scratch space for the key being looked up.
    key: String,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("bytes", &self.file.as_ref().map_or(0, |l| l.bytes.len()))
            .field("left", &self.left)
            .finish()
    }
}

/// A cache file, its header and checksum verified, shared by the cache, its
/// entries and [`prefetch`].
struct CheckedFile {
    bytes: Vec<u8>,
    count: usize,
    /// Each row's entry as decoded ahead of its page by [`prefetch`].
    early: Vec<Mutex<Early>>,
}

enum Early {
    Pending,
    /// Being decoded by [`prefetch`].
    Busy,
    /// Decoded (`None`: the file changed, or the entry did not decode).
    Done(Option<Box<(PageResult, Stamp)>>),
    /// Used by its page (or about to be decoded by it).
    Claimed,
}

/// Decode every entry of `file` (row order, the walk's) while the caller goes
/// on (loading pages, as a rule), so that a page finds its result ready.
/// Each entry is decoded for the path it was saved with and the file there is
/// compared with the stamp now, a little earlier in the run than its page
/// would have; a page whose path differs decodes the entry again. A row its
/// page has claimed first is skipped; once nobody else holds `file`, the rest
/// is not worth decoding. All of a full entry is decoded, so a page loaded
/// only for the index finds more than it needs (its links are dropped).
fn prefetch(file: Arc<CheckedFile>) {
    for i in 0..file.count {
        if Arc::strong_count(&file) == 1 {
            return;
        }
        {
            let mut slot = lock(&file.early[i]);
            if !matches!(*slot, Early::Pending) {
                continue;
            }
            *slot = Early::Busy;
        }
        let result = file.row(i).and_then(|(key, entry)| {
            let entry = &file.bytes[entry];
            let head = postcard::take_from_bytes::<Head>(entry).ok()?.0;
            let f = saved_file(&file.bytes[key], head.path?)?;
            decode(entry, &f, head.full).map(Box::new)
        });
        let mut slot = lock(&file.early[i]);
        if matches!(*slot, Early::Busy) {
            *slot = Early::Done(result);
        }
    }
}

fn lock(m: &Mutex<Early>) -> std::sync::MutexGuard<'_, Early> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The content file an entry was saved for, from its key and saved path.
fn saved_file(key: &[u8], path: &str) -> Option<ContentFile> {
    let key = std::str::from_utf8(key).ok()?;
    let (lang, rel) = match key.split_once('\0') {
        Some((lang, rel)) => (Some(lang.to_string()), rel),
        None => (None, key),
    };
    Some(ContentFile {
        rel: rel.to_string(),
        path: PathBuf::from(path),
        lang,
    })
}

use crate::base::hash::{hash, ReadHash};

fn mtime_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// The time now, in nanoseconds since the epoch (for stamps and snapshots).
fn now_ns() -> u128 {
    std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

#[cfg(unix)]
fn ctime_ns(meta: &std::fs::Metadata) -> u128 {
    use std::os::unix::fs::MetadataExt;
    let ns = i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec());
    u128::try_from(ns).unwrap_or(0)
}

#[cfg(not(unix))]
fn ctime_ns(_: &std::fs::Metadata) -> u128 {
    0
}

fn file_name(dir: &Path, fingerprint: u64) -> PathBuf {
    dir.join(format!("{FILE_PREFIX}{fingerprint:016x}.bin"))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// The number of entries of a cache file, if its header, checksum and table
/// size can be trusted.
fn check_file(bytes: &[u8], fingerprint: u64) -> Option<usize> {
    if bytes.get(..8)? != MAGIC {
        return None;
    }
    if u64_at(bytes, 8)? != fingerprint {
        return None;
    }
    let count = u32_at(bytes, 24)?;
    let data = count.checked_mul(ROW + INDEX_ROW)?.checked_add(HEADER)?;
    let sum = file_checksum(bytes.get(CHECKED_FROM..data)?, hash(&bytes[data..]));
    (u64_at(bytes, 16)? == sum).then_some(count)
}

/// A cache file's checksum from its count, rows and index (`table`) and the
/// hash of its data.
fn file_checksum(table: &[u8], data_hash: u64) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(table);
    h.update(&data_hash.to_le_bytes());
    h.digest()
}

impl Cache {
    /// Open the cache in `dir` for runs with `fingerprint` (an empty cache if
    /// there is none, or it cannot be trusted).
    pub(crate) fn open(dir: &Path, fingerprint: u64) -> Cache {
        let Ok(bytes) = std::fs::read(file_name(dir, fingerprint)) else {
            return Cache::default();
        };
        let Some(count) = check_file(&bytes, fingerprint) else {
            return Cache::default();
        };
        let file = Arc::new(CheckedFile {
            bytes,
            count,
            early: (0..count).map(|_| Mutex::new(Early::Pending)).collect(),
        });
        if count >= PREFETCH_FROM {
            let ahead = Arc::clone(&file);
            // Without a thread, each page decodes its own entry.
            let _ = std::thread::Builder::new()
                .name("frontlint-cache-read".into())
                .spawn(move || prefetch(ahead));
        }
        Cache {
            file: Some(file),
            taken: vec![false; count],
            left: count,
            next: 0,
            key: String::new(),
        }
    }

    /// Move the entry of `file` out of the cache (each is used at most once).
    pub(crate) fn take(&mut self, file: &ContentFile) -> Option<CachedPage> {
        if self.left == 0 {
            return None;
        }
        let (i, entry) = match self.row_of(self.next, file) {
            Some(entry) => (self.next, entry),
            None => self.find(file)?,
        };
        self.taken[i] = true;
        self.left -= 1;
        self.next = i + 1;
        Some(CachedPage {
            file: Arc::clone(self.file.as_ref()?),
            row: i,
            range: entry,
        })
    }

    /// The row of `file` and its entry, through the index.
    fn find(&mut self, file: &ContentFile) -> Option<(usize, Range<usize>)> {
        let loaded = self.file.as_ref()?;
        self.key.clear();
        push_key(&mut self.key, file);
        let want = hash(self.key.as_bytes());
        // The first index entry whose hash is not below `want`.
        let (mut lo, mut hi) = (0, loaded.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if loaded.index(mid).0 < want {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo..loaded.count)
            .map(|i| loaded.index(i))
            .take_while(|&(h, _)| h == want)
            .find_map(|(_, row)| Some((row?, self.row_of(row?, file)?)))
    }

    /// The entry of row `i`, if the row is `file`'s and not taken yet.
    fn row_of(&self, i: usize, file: &ContentFile) -> Option<Range<usize>> {
        let loaded = self.file.as_ref()?;
        if i >= loaded.count || self.taken[i] {
            return None;
        }
        let (key, entry) = loaded.row(i)?;
        key_is(&loaded.bytes[key], file).then_some(entry)
    }

    /// Entries not taken yet.
    pub(crate) fn len(&self) -> usize {
        self.left
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.left == 0
    }
}

impl CheckedFile {
    /// Row `i`'s key and entry, as ranges of the file, if they lie inside it.
    fn row(&self, i: usize) -> Option<(Range<usize>, Range<usize>)> {
        let at = HEADER + i * ROW;
        let data = HEADER + self.count * (ROW + INDEX_ROW);
        let key = data + u32_at(&self.bytes, at)?;
        let start = data + u32_at(&self.bytes, at + 4)?;
        let end = data + u32_at(&self.bytes, at + 8)?;
        let fits = key <= start && start <= end && end <= self.bytes.len();
        fits.then_some((key..start, start..end))
    }

    /// Index entry `i`: a key hash and its row (in bounds: `check_file` saw
    /// the whole index).
    fn index(&self, i: usize) -> (u64, Option<usize>) {
        let at = HEADER + self.count * ROW + i * INDEX_ROW;
        (
            u64_at(&self.bytes, at).unwrap_or(0),
            u32_at(&self.bytes, at + 8),
        )
    }
}

/// One page's entry: decoded by [`CachedPage::into_result`], unless [`prefetch`]
/// got there first.
#[derive(Clone)]
pub(crate) struct CachedPage {
    file: Arc<CheckedFile>,
    row: usize,
    range: Range<usize>,
}

impl std::fmt::Debug for CachedPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedPage")
            .field("row", &self.row)
            .field("range", &self.range)
            .finish()
    }
}

impl CachedPage {
    /// The cached result for `file`, with its stamp, if the file's bytes are
    /// unchanged. Reads the file only when its size or modification time moved
    /// (or it was modified right around the time it was cached).
    pub(crate) fn into_result(
        self,
        file: &ContentFile,
        target: bool,
    ) -> Option<(PageResult, Stamp)> {
        let early = std::mem::replace(&mut *lock(&self.file.early[self.row]), Early::Claimed);
        if let Early::Done(Some(done)) = early {
            let (mut r, stamp) = *done;
            // Decoded for the path the entry was saved with, as a target if it can serve one.
            if r.file == *file && (r.target || !target) {
                if !target {
                    r.target = false;
                    r.diagnostics = Vec::new();
                    r.links = Vec::new();
                }
                return Some((r, stamp));
            }
        }
        decode(self.file.bytes.get(self.range.clone())?, file, target)
    }
}

/// The result in `entry` for `file`, with its stamp, if the file is unchanged;
/// with `own` (for a target) also its diagnostics and links, which only a
/// full entry has.
fn decode(entry: &[u8], file: &ContentFile, own: bool) -> Option<(PageResult, Stamp)> {
    let (head, rest) = postcard::take_from_bytes::<Head>(entry).ok()?;
    if own && !head.full {
        return None;
    }
    let stamp = head.stamp;
    if !stamp.holds(&file.path) {
        return None;
    }
    // Facts nested deeper than `facts::MAX_STORED_DEPTH` do not decode, and
    // a diagnostic whose code is no rule's (a foreign entry) does not either:
    // such a page is loaded afresh.
    let (record, after) = postcard::take_from_bytes::<PageRecord>(rest).ok()?;
    let record_digest = crate::types::page::digest_of(&rest[..rest.len() - after.len()]);
    let rest = after;
    let (diagnostics, links) = if own {
        let (own, rest) = postcard::take_from_bytes::<Own>(rest).ok()?;
        if !rest.is_empty() {
            return None;
        }
        own
    } else {
        (Vec::new(), Vec::new())
    };
    let r = PageResult {
        file: file.clone(),
        target: own,
        text: String::new(),
        record,
        diagnostics,
        links,
        record_digest,
    };
    Some((r, stamp))
}

/// Waits, when dropped, for the cache file [`save`] is writing in the background.
#[must_use = "dropping a `Saving` at once waits for the cache file to be written"]
pub(crate) struct Saving(Option<std::thread::JoinHandle<()>>);

impl Drop for Saving {
    fn drop(&mut self) {
        if let Some(writer) = self.0.take() {
            let _ = writer.join();
        }
    }
}

/// Encoded entries of consecutive pages: `data` holds each one's key and
/// entry; `rows` says where (key hash, key start, entry start, entry end).
struct Chunk {
    data: Vec<u8>,
    rows: Vec<(u64, usize, usize, usize)>,
}

/// Write the cache of this run's pages and remove caches of other fingerprints.
/// Entries are encoded in parallel, [`CHUNKS_IN_FLIGHT`] chunks at a time, and
/// handed to a background thread that writes them out (temporary file, then
/// rename) until the returned [`Saving`] is dropped. Failures are ignored: a
/// cache is an optimisation.
pub(crate) fn save<'a>(
    dir: &Path,
    fingerprint: u64,
    pages: impl Iterator<Item = (&'a PageResult, Stamp)>,
) -> Saving {
    let pages: Vec<(&PageResult, Stamp)> = pages.collect();
    let count = pages.len();
    let (chunks, received) = std::sync::mpsc::sync_channel::<Chunk>(CHUNKS_IN_FLIGHT);
    let dir = dir.to_path_buf();
    let write = move || {
        let started = Instant::now();
        write_file(&dir, fingerprint, count, received);
        crate::timings::report("cache file", started.elapsed());
    };
    // Without a thread, no cache this time.
    let Ok(writer) = std::thread::Builder::new()
        .name("frontlint-cache".into())
        .spawn(write)
    else {
        return Saving(None);
    };
    for group in pages.chunks(CHUNK * CHUNKS_IN_FLIGHT) {
        let encoded: Vec<Chunk> = group.par_chunks(CHUNK).map(encode_chunk).collect();
        // A writer that gave up stops taking chunks.
        if encoded.into_iter().any(|c| chunks.send(c).is_err()) {
            break;
        }
    }
    drop(chunks);
    Saving(Some(writer))
}

fn encode_chunk(pages: &[(&PageResult, Stamp)]) -> Chunk {
    let mut c = Chunk {
        data: Vec::with_capacity(pages.len() * 1024),
        rows: Vec::with_capacity(pages.len()),
    };
    let mut key = String::new();
    for (r, stamp) in pages {
        key.clear();
        push_key(&mut key, &r.file);
        let start = c.data.len();
        c.data.extend_from_slice(key.as_bytes());
        // An entry that cannot be encoded is left empty (it never decodes),
        // so that there is a row for every page.
        if encode_entry(r, *stamp, &mut c.data).is_err() {
            c.data.truncate(start + key.len());
        }
        let row = (hash(key.as_bytes()), start, start + key.len(), c.data.len());
        c.rows.push(row);
    }
    c
}

fn encode_entry(r: &PageResult, stamp: Stamp, out: &mut Vec<u8>) -> postcard::Result<()> {
    let head = Head {
        stamp,
        full: r.target,
        path: r.file.path.to_str(),
    };
    let own = (&r.diagnostics, &r.links);
    postcard::serialize_with_flavor(&(head, &r.record, own), Append(out))
}

/// A postcard output that appends to a vector.
struct Append<'a>(&'a mut Vec<u8>);

impl postcard::ser_flavors::Flavor for Append<'_> {
    type Output = ();

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.push(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// The header, rows and index of a cache file whose data has `rows` (key
/// hash, key start, entry start, entry end; offsets into the data) and the
/// hash `data_hash` (`None`: too large for 32-bit offsets).
fn header_and_table(
    fingerprint: u64,
    rows: &[(u64, usize, usize, usize)],
    data_hash: u64,
) -> Option<Vec<u8>> {
    let count = rows.len();
    let mut out = Vec::with_capacity(HEADER + count * (ROW + INDEX_ROW));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&fingerprint.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&u32::try_from(count).ok()?.to_le_bytes());
    let mut index = Vec::with_capacity(count);
    for (row, &(h, key, start, end)) in rows.iter().enumerate() {
        index.push((h, u32::try_from(row).ok()?));
        for offset in [key, start, end] {
            out.extend_from_slice(&u32::try_from(offset).ok()?.to_le_bytes());
        }
    }
    index.sort_unstable();
    for (h, row) in index {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&row.to_le_bytes());
    }
    let sum = file_checksum(&out[CHECKED_FROM..], data_hash);
    out[16..24].copy_from_slice(&sum.to_le_bytes());
    Some(out)
}

/// Write the cache file of `count` pages whose encoded chunks arrive on
/// `chunks`, in order: room for the header and table, then each chunk's data
/// as it comes, then the header and table themselves.
fn write_file(dir: &Path, fingerprint: u64, count: usize, chunks: Receiver<Chunk>) {
    let Some((tmp, file)) = temp_file(dir) else {
        return;
    };
    let mut out = std::io::BufWriter::new(file);
    let mut rows = Vec::with_capacity(count);
    let mut data_hash = xxhash_rust::xxh3::Xxh3::new();
    let mut data_len = 0;
    let mut written = out
        .write_all(&vec![0; HEADER + count * (ROW + INDEX_ROW)])
        .is_ok();
    for c in chunks {
        let base = data_len;
        rows.extend(
            c.rows
                .iter()
                .map(|&(h, k, s, e)| (h, base + k, base + s, base + e)),
        );
        data_hash.update(&c.data);
        data_len += c.data.len();
        written = written && out.write_all(&c.data).is_ok();
    }
    let head = (rows.len() == count && u32::try_from(data_len).is_ok())
        .then(|| header_and_table(fingerprint, &rows, data_hash.digest()))
        .flatten();
    let finished = written
        && head.is_some_and(|head| {
            out.seek(std::io::SeekFrom::Start(0)).is_ok()
                && out.write_all(&head).is_ok()
                && out.flush().is_ok()
        });
    drop(out);
    commit(
        dir,
        &tmp,
        &file_name(dir, fingerprint),
        finished,
        FILE_PREFIX,
    );
}

/// Write `parts` to `target` in the cache directory `dir` (a temporary file,
/// then a rename, so that a reader sees the old file or the new one), then
/// remove the other `.bin` files named `stale_prefix…` (other fingerprints).
fn replace_file(dir: &Path, target: &Path, parts: &[&[u8]], stale_prefix: &str) {
    let Some((tmp, mut file)) = temp_file(dir) else {
        return;
    };
    let written = parts.iter().try_for_each(|p| file.write_all(p)).is_ok();
    drop(file);
    commit(dir, &tmp, target, written, stale_prefix);
}

/// A new temporary file in the cache directory `dir` (created, with its
/// `.gitignore`, if need be).
fn temp_file(dir: &Path) -> Option<(PathBuf, std::fs::File)> {
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    std::fs::create_dir_all(dir).ok()?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(&ignore, "# Created by frontlint: the content cache.\n*\n");
    }
    let tmp = dir.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let file = std::fs::File::create(&tmp).ok()?;
    Some((tmp, file))
}

/// Rename the temporary file `tmp` to `target` when it was `written` whole,
/// and remove the other `.bin` files named `stale_prefix…`; else remove `tmp`.
fn commit(dir: &Path, tmp: &Path, target: &Path, written: bool, stale_prefix: &str) {
    if written && std::fs::rename(tmp, target).is_ok() {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if p != target && name.starts_with(stale_prefix) && name.ends_with(".bin") {
                    let _ = std::fs::remove_file(p);
                }
            }
        }
    } else {
        let _ = std::fs::remove_file(tmp);
    }
}

/// Store `body` as the cache file `<prefix><fingerprint>.bin` in `dir` (see
/// [`replace_file`]), after a header: `magic`, `ids` (the run fingerprint
/// first, then whatever else the body is only valid for) and an xxh3 checksum
/// of the body. [`read_sealed`] reads it back.
fn write_sealed(dir: &Path, magic: &[u8; 8], prefix: &str, ids: &[u64], body: &[u8]) {
    let Some(&fingerprint) = ids.first() else {
        return;
    };
    let mut head = Vec::with_capacity(8 * (ids.len() + 2));
    head.extend_from_slice(magic);
    for id in ids {
        head.extend_from_slice(&id.to_le_bytes());
    }
    head.extend_from_slice(&hash(body).to_le_bytes());
    let target = dir.join(format!("{prefix}{fingerprint:016x}.bin"));
    replace_file(dir, &target, &[&head, body], prefix);
}

/// The body of the file [`write_sealed`] stored with `magic`, `prefix` and
/// `ids`, if there is one whose header and checksum are right.
fn read_sealed(dir: &Path, magic: &[u8; 8], prefix: &str, ids: &[u64]) -> Option<Vec<u8>> {
    let fingerprint = *ids.first()?;
    let mut bytes = std::fs::read(dir.join(format!("{prefix}{fingerprint:016x}.bin"))).ok()?;
    let sum_at = 8 * (ids.len() + 1);
    let body = sum_at + 8;
    let intact = bytes.get(..8)? == magic
        && ids
            .iter()
            .enumerate()
            .all(|(i, id)| u64_at(&bytes, 8 * (i + 1)) == Some(*id))
        && u64_at(&bytes, sum_at)? == hash(bytes.get(body..)?);
    intact.then(|| bytes.split_off(body))
}

impl Stamp {
    /// The file at `path` still has the bytes this stamp was taken of. Reads
    /// the file only when its size, modification time or change time moved (or
    /// it was modified right around the time it was stamped); a file that can
    /// no longer be read does not hold.
    pub(crate) fn holds(&self, path: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            return false;
        };
        if meta.len() != self.size {
            return false;
        }
        let racy = self.mtime_ns.saturating_add(RACY_NS) >= self.stamped_ns;
        if racy || mtime_ns(&meta) != self.mtime_ns || ctime_ns(&meta) != self.ctime_ns {
            return self.read_hash(path).is_some_and(|h| h == self.hash);
        }
        true
    }

    /// The hash of the file at `path` now, read as it was when stamped: the
    /// same head of a big file, not all of it (the head is all a check reads).
    fn read_hash(&self, path: &Path) -> Option<u64> {
        use std::io::Read as _;
        let Some(head) = self.head else {
            return std::fs::read(path).ok().map(|bytes| hash(&bytes));
        };
        let mut bytes = Vec::new();
        let file = std::fs::File::open(path).ok()?;
        file.take(head).read_to_end(&mut bytes).ok()?;
        Some(ReadHash::head(&bytes, self.size).hash)
    }
}

/// Stamp a file from the hash of all its bytes, just read, and its metadata now.
#[cfg(test)]
pub(crate) fn stamp_of(path: &Path, bytes_hash: u64) -> Option<Stamp> {
    stamp_of_read(
        path,
        ReadHash {
            hash: bytes_hash,
            head: None,
        },
    )
}

/// Stamp a file from what was just read of it and its metadata now.
#[cfg(test)]
pub(crate) fn stamp_of_read(path: &Path, read: ReadHash) -> Option<Stamp> {
    Some(stamp_from(&std::fs::metadata(path).ok()?, read))
}

/// Stamp a file from what was read of it and its metadata taken before
/// reading (a change after that moves its times, so the stamp stops holding).
pub(crate) fn stamp_from(meta: &std::fs::Metadata, read: ReadHash) -> Stamp {
    Stamp {
        size: meta.len(),
        mtime_ns: mtime_ns(meta),
        ctime_ns: ctime_ns(meta),
        hash: read.hash,
        head: read.head,
        stamped_ns: now_ns(),
    }
}

/// A file's key in the cache: its path in the content directory, after its
/// language and a NUL on a multilingual site.
fn push_key(out: &mut String, f: &ContentFile) {
    if let Some(l) = &f.lang {
        out.push_str(l);
        out.push('\0');
    }
    out.push_str(&f.rel);
}

/// `key` is `f`'s key (see [`push_key`]).
fn key_is(key: &[u8], f: &ContentFile) -> bool {
    match &f.lang {
        Some(l) => {
            key.len() == l.len() + 1 + f.rel.len()
                && key.starts_with(l.as_bytes())
                && key[l.len()] == 0
                && key.ends_with(f.rel.as_bytes())
        }
        None => key == f.rel.as_bytes(),
    }
}

/// For the tests of every cache file: each one-byte change and each
/// truncation of the file at `path` leaves it unused (`used` says whether the
/// file is used now). The file is put back as it was at the end.
#[cfg(test)]
fn assert_damage_is_refused(path: &Path, used: impl Fn() -> bool) {
    let good = std::fs::read(path).unwrap();
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 0x20;
        std::fs::write(path, &bad).unwrap();
        assert!(!used(), "byte {i}");
    }
    for n in 0..good.len() {
        std::fs::write(path, &good[..n]).unwrap();
        assert!(!used(), "length {n}");
    }
    std::fs::write(path, &good).unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::types::facts::MAX_STORED_DEPTH;
    use crate::types::{Facts, Located};

    fn result(f: &ContentFile, target: bool) -> PageResult {
        PageResult {
            file: f.clone(),
            target,
            text: String::new(),
            record: PageRecord {
                has_suppressions: false,
                is_page: true,
                facts: Facts::of(&serde_json::json!({"title": "a"})),
                facts_digest: 0,
                headings: vec!["h".into()],
                anchorless: false,
                includes: vec![crate::types::Include::File("parts/a.md".into())],
                open_span: 0..3,
                url: None,
                slug: None,
                aliases: Vec::new(),
                unique: Vec::new(),
            },
            diagnostics: vec![Diagnostic::new("yaml-syntax", Severity::Error, 1..2, "m")],
            links: Vec::new(),
            record_digest: 0,
        }
    }

    fn content_file(dir: &Path, rel: &str) -> ContentFile {
        ContentFile {
            rel: rel.into(),
            path: dir.join(rel),
            lang: None,
        }
    }

    /// A tool that rewrites a file and puts its mtime back (`touch -r`,
    /// `rsync -t`) leaves size and mtime as they were: the change time, which
    /// no tool can set, still says to compare the bytes.
    #[cfg(unix)]
    #[test]
    fn a_same_size_edit_with_the_mtime_put_back_does_not_hold() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "title: one").unwrap();
        // Old enough that the stamp is not racy.
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let set_mtime = |t| {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(t)
                .unwrap()
        };
        set_mtime(old);
        let stamp = stamp_of(&path, hash(b"title: one")).unwrap();
        assert!(stamp.holds(&path));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, "title: two").unwrap();
        set_mtime(old);
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!((meta.len(), mtime_ns(&meta)), (stamp.size, stamp.mtime_ns));
        assert!(!stamp.holds(&path));
        // The same bytes again: a changed change time alone costs a read, not the entry.
        std::fs::write(&path, "title: one").unwrap();
        set_mtime(old);
        assert!(stamp.holds(&path));
    }

    /// A big file's stamp covers its head and its length: bytes changed past
    /// the head do not make it stale (a check never reads them), bytes changed
    /// in the head or a new length do.
    #[test]
    fn a_head_stamp_holds_while_the_head_and_the_length_hold() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let write = |text: &str| {
            std::fs::write(&path, text).unwrap();
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        };
        let text = "---\ntitle: a\n---\nbody one";
        write(text);
        let head = b"---\ntitle: a\n---\n";
        let stamp = stamp_of_read(&path, ReadHash::head(head, text.len() as u64)).unwrap();
        assert_eq!(stamp.head, Some(head.len() as u64));
        // Timestamps moved, so the head is read and compared.
        write("---\ntitle: a\n---\nbody two");
        assert!(stamp.holds(&path));
        write("---\ntitle: b\n---\nbody two");
        assert!(!stamp.holds(&path));
        write("---\ntitle: a\n---\nbody three");
        assert!(!stamp.holds(&path));
    }

    /// A cache in `dir` (fingerprint 7) of pages `a.md`, `b.md`, `c.md`.
    fn three_pages(dir: &Path) -> Vec<ContentFile> {
        let files: Vec<ContentFile> = ["a.md", "b.md", "c.md"]
            .iter()
            .map(|rel| content_file(dir, rel))
            .collect();
        let mut results = Vec::new();
        for f in &files {
            std::fs::write(&f.path, &f.rel).unwrap();
            let stamp = stamp_of(&f.path, hash(f.rel.as_bytes())).unwrap();
            results.push((result(f, true), stamp));
        }
        drop(save(dir, 7, results.iter().map(|(r, s)| (r, *s))));
        files
    }

    /// Every page's result from the cache in `dir`, `None` where it is not usable.
    fn reread(dir: &Path, files: &[ContentFile]) -> Vec<Option<PageResult>> {
        let mut c = Cache::open(dir, 7);
        files
            .iter()
            .map(|f| Some(c.take(f)?.into_result(f, true)?.0))
            .collect()
    }

    /// Write `bytes` as the cache file, with a checksum that matches them.
    fn write_sealed(dir: &Path, mut bytes: Vec<u8>) {
        if let Some(count) = u32_at(&bytes, 24) {
            let data = (HEADER + count * (ROW + INDEX_ROW)).min(bytes.len());
            let sum = file_checksum(&bytes[CHECKED_FROM..data], hash(&bytes[data..]));
            bytes[16..24].copy_from_slice(&sum.to_le_bytes());
        }
        std::fs::write(file_name(dir, 7), bytes).unwrap();
    }

    /// More pages than are encoded at a time: the file is written in groups,
    /// in order, and every entry comes back as saved.
    #[test]
    fn a_cache_written_in_many_chunks_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let n = CHUNK * CHUNKS_IN_FLIGHT * 2 + 7;
        let files: Vec<ContentFile> = (0..n)
            .map(|i| content_file(dir.path(), &format!("p{i}.md")))
            .collect();
        let mut results = Vec::new();
        for (i, f) in files.iter().enumerate() {
            std::fs::write(&f.path, i.to_string()).unwrap();
            let stamp = stamp_of(&f.path, hash(i.to_string().as_bytes())).unwrap();
            let mut r = result(f, true);
            r.record.facts = Facts::of(&serde_json::json!({ "title": i }));
            results.push((r, stamp));
        }
        drop(save(dir.path(), 7, results.iter().map(|(r, s)| (r, *s))));
        let back = reread(dir.path(), &files);
        assert_eq!(back.len(), n);
        for (i, r) in back.into_iter().enumerate() {
            assert_eq!(
                r.expect("cached").record.facts.value()["title"],
                i,
                "page {i}"
            );
        }
    }

    #[test]
    fn round_trip_and_corrupt_or_foreign_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Cache::open(dir.path(), 7).is_empty());
        let f = content_file(dir.path(), "a.md");
        std::fs::write(&f.path, "---\ntitle: a\n---\n").unwrap();
        let r = result(&f, true);
        let stamp = stamp_of(&f.path, hash(b"---\ntitle: a\n---\n")).unwrap();
        drop(save(dir.path(), 7, std::iter::once((&r, stamp))));
        let mut back = Cache::open(dir.path(), 7);
        assert_eq!(back.len(), 1);
        let (got, _) = back.take(&f).unwrap().into_result(&f, true).unwrap();
        assert_eq!(back.len(), 0);
        assert!(back.take(&f).is_none(), "each entry is taken once");
        assert_eq!(got.diagnostics[0].code, "yaml-syntax");
        assert_eq!(got.record.facts.value()["title"], "a");
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

    /// A file of an earlier format (another magic) is not read; an entry
    /// whose diagnostic names no rule (another version's) serves the site
    /// index, never as a target's diagnostics. Neither panics.
    #[test]
    fn an_older_format_or_an_unknown_rule_code_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let f = content_file(dir.path(), "a.md");
        std::fs::write(&f.path, "x").unwrap();
        let stamp = stamp_of(&f.path, hash(b"x")).unwrap();
        let mut r = result(&f, true);
        r.diagnostics = vec![Diagnostic::new("no-such-rule", Severity::Error, 0..1, "m")];
        drop(save(dir.path(), 7, std::iter::once((&r, stamp))));
        let mut c = Cache::open(dir.path(), 7);
        assert!(c.take(&f).unwrap().into_result(&f, true).is_none());
        let mut c = Cache::open(dir.path(), 7);
        let (shared, _) = c.take(&f).unwrap().into_result(&f, false).unwrap();
        assert_eq!(shared.record.headings, r.record.headings);

        let mut bytes = std::fs::read(file_name(dir.path(), 7)).unwrap();
        bytes[..8].copy_from_slice(b"FLCACHE6");
        write_sealed(dir.path(), bytes);
        assert!(Cache::open(dir.path(), 7).is_empty());
    }

    #[test]
    fn every_field_survives_the_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let f = ContentFile {
            lang: Some("fr".into()),
            ..content_file(dir.path(), "a.md")
        };
        std::fs::write(&f.path, "x").unwrap();
        let located = |value: &str, at: usize| Located {
            value: value.into(),
            span: at..at + value.len(),
        };
        let mut diagnostic =
            Diagnostic::new("schema-enum", Severity::Warning, 4..9, "not a section type");
        diagnostic.label = Some("here".into());
        diagnostic.help = Some("did you mean \"boxes\"?".into());
        diagnostic.pointer = Some("/sections/0/type".into());
        diagnostic.fixes = vec![crate::fix::Fix {
            title: "rename".into(),
            safety: crate::fix::Safety::Unsafe,
            edits: vec![
                crate::fix::Edit {
                    range: 4..9,
                    replacement: "boxes".into(),
                },
                crate::fix::Edit {
                    range: 12..12,
                    replacement: String::new(),
                },
            ],
        }];
        let mut link = Link::new("/about/#team", 20..32, crate::types::LinkKind::Reference);
        link.set_text(Some("the team"));
        link.set_defined_at(Some(40..52));
        let mut r = PageResult {
            record: PageRecord {
                has_suppressions: true,
                headings: vec!["team".into(), "contact-us".into()],
                open_span: 0..3,
                url: Some(located("/a/", 10)),
                slug: Some(located("a-slug", 14)),
                aliases: vec![located("/old/", 30), located("/older/", 40)],
                unique: vec![("weight".into(), located("7", 50))],
                facts_digest: 0x1234_5678_9abc_def0,
                ..result(&f, true).record
            },
            diagnostics: vec![
                diagnostic,
                Diagnostic::new("yaml-syntax", Severity::Error, 1..2, "m"),
            ],
            links: vec![
                link,
                Link::new(
                    "https://example.com",
                    60..79,
                    crate::types::LinkKind::Autolink,
                ),
            ],
            ..result(&f, true)
        };
        // As a page loaded afresh has it; decoding takes it from the entry.
        r.record_digest = r.record.digest();
        let stamp = stamp_of(&f.path, hash(b"x")).unwrap();
        drop(save(dir.path(), 1, std::iter::once((&r, stamp))));
        let mut c = Cache::open(dir.path(), 1);
        let (back, back_stamp) = c.take(&f).unwrap().into_result(&f, true).unwrap();
        assert_eq!(format!("{back:?}"), format!("{r:?}"));
        assert_eq!(back_stamp, stamp);
        // Loaded for the index only: no diagnostics or links.
        let mut c = Cache::open(dir.path(), 1);
        let (shared, _) = c.take(&f).unwrap().into_result(&f, false).unwrap();
        assert!(shared.diagnostics.is_empty() && shared.links.is_empty() && !shared.target);
        assert_eq!(shared.record.headings, r.record.headings);
    }

    #[test]
    fn changed_bytes_and_partial_entries_are_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let f = content_file(dir.path(), "a.md");
        std::fs::write(&f.path, "one").unwrap();
        let r = result(&f, false);
        drop(save(
            dir.path(),
            1,
            std::iter::once((&r, stamp_of(&f.path, hash(b"one")).unwrap())),
        ));
        let mut c = Cache::open(dir.path(), 1);
        let e = c.take(&f).unwrap();
        assert!(e.clone().into_result(&f, false).is_some());
        // A partial (non-target) entry does not serve a target.
        assert!(e.clone().into_result(&f, true).is_none());
        // Same size, new bytes, written at once (same mtime tick): caught by the racy-clean rule.
        std::fs::write(&f.path, "two").unwrap();
        assert!(e.into_result(&f, false).is_none());
    }

    #[test]
    fn every_page_finds_its_own_entry() {
        let dir = tempfile::tempdir().unwrap();
        let mut files: Vec<ContentFile> = (0..600)
            .map(|i| content_file(dir.path(), &format!("p{i}.md")))
            .collect();
        // The same path in two languages: two entries.
        files.push(ContentFile {
            lang: Some("de".into()),
            ..files[0].clone()
        });
        let mut results = Vec::new();
        for (i, f) in files.iter().enumerate() {
            std::fs::write(&f.path, f.rel.as_bytes()).unwrap();
            let mut r = result(f, true);
            r.record.headings = vec![format!("heading-{i}")];
            results.push((r, stamp_of(&f.path, hash(f.rel.as_bytes())).unwrap()));
        }
        drop(save(dir.path(), 3, results.iter().map(|(r, s)| (r, *s))));
        let mut c = Cache::open(dir.path(), 3);
        assert_eq!(c.len(), files.len());
        // In another order than saved.
        for (i, f) in files.iter().enumerate().rev() {
            let (r, _) = c.take(f).unwrap().into_result(f, true).unwrap();
            assert_eq!(r.record.headings, [format!("heading-{i}")]);
        }
        assert!(c.is_empty());
        assert!(c.take(&content_file(dir.path(), "new.md")).is_none());
    }

    #[test]
    fn prefetched_entries_are_the_entries() {
        let dir = tempfile::tempdir().unwrap();
        let files = three_pages(dir.path());
        let lazy = reread(dir.path(), &files);
        // Decoded ahead (here: at once, before any page asks), with one page
        // changed first and one asked for as a non-target.
        std::fs::write(&files[1].path, "changed").unwrap();
        let mut c = Cache::open(dir.path(), 7);
        prefetch(Arc::clone(c.file.as_ref().unwrap()));
        let early = |c: &Cache, i: usize| {
            matches!(
                *lock(&c.file.as_ref().unwrap().early[i]),
                Early::Done(Some(_))
            )
        };
        assert!(early(&c, 0) && !early(&c, 1) && early(&c, 2));
        let (a, _) = c
            .take(&files[0])
            .unwrap()
            .into_result(&files[0], true)
            .unwrap();
        assert_eq!(format!("{a:?}"), format!("{:?}", lazy[0].as_ref().unwrap()));
        assert!(c
            .take(&files[1])
            .unwrap()
            .into_result(&files[1], true)
            .is_none());
        let (b, _) = c
            .take(&files[2])
            .unwrap()
            .into_result(&files[2], false)
            .unwrap();
        assert!(!b.target && b.diagnostics.is_empty());
        assert_eq!(b.record.headings, lazy[2].as_ref().unwrap().record.headings);
        // A site that moved: the saved path is not the page's, so the page decodes its own.
        let moved = tempfile::tempdir().unwrap();
        std::fs::copy(&files[0].path, moved.path().join("a.md")).unwrap();
        let f = content_file(moved.path(), "a.md");
        let mut c = Cache::open(dir.path(), 7);
        prefetch(Arc::clone(c.file.as_ref().unwrap()));
        let moved_result = c.take(&f).unwrap().into_result(&f, true);
        // Another file (new mtime, same bytes): used after comparing its bytes.
        assert_eq!(moved_result.unwrap().0.file, f);
    }

    #[test]
    fn facts_keep_every_kind_of_value() {
        let dir = tempfile::tempdir().unwrap();
        let f = content_file(dir.path(), "a.md");
        std::fs::write(&f.path, "x").unwrap();
        let mut r = result(&f, false);
        r.record.facts = Facts::of(&serde_json::json!({
            "title": "Ünïcode \"quoted\"",
            "draft": false,
            "nothing": null,
            "weight": -3,
            "big": u64::MAX,
            "ratio": 0.25,
            "tags": ["a", 1, true, null, [2.5, "deep"]],
            "build": {"list": "never", "render": {"x": []}},
            "empty": {},
        }));
        let stamp = stamp_of(&f.path, hash(b"x")).unwrap();
        drop(save(dir.path(), 1, std::iter::once((&r, stamp))));
        let mut c = Cache::open(dir.path(), 1);
        let (back, _) = c.take(&f).unwrap().into_result(&f, false).unwrap();
        assert_eq!(back.record.facts, r.record.facts);
        // Key order is kept (preserve_order).
        let keys =
            |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            keys(&back.record.facts.value()),
            keys(&r.record.facts.value())
        );
    }

    #[test]
    fn facts_nested_too_deep_are_loaded_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let f = content_file(dir.path(), "a.md");
        std::fs::write(&f.path, "x").unwrap();
        let stamp = stamp_of(&f.path, hash(b"x")).unwrap();
        let nested = |depth: usize| {
            let mut v = serde_json::json!("leaf");
            for _ in 0..depth {
                v = serde_json::json!({ "cascade": [v] });
            }
            v
        };
        // Each level is a map and a list.
        for (depth, usable) in [
            (MAX_STORED_DEPTH / 2, true),
            (MAX_STORED_DEPTH / 2 + 1, false),
        ] {
            let mut r = result(&f, false);
            r.record.facts = Facts::of(&nested(depth));
            drop(save(dir.path(), 1, std::iter::once((&r, stamp))));
            let mut c = Cache::open(dir.path(), 1);
            let back = c.take(&f).unwrap().into_result(&f, false);
            assert_eq!(back.is_some(), usable, "depth {depth}");
            if let Some((back, _)) = back {
                assert_eq!(back.record.facts, r.record.facts);
            }
        }
    }

    #[test]
    fn truncated_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let files = three_pages(dir.path());
        let bytes = std::fs::read(file_name(dir.path(), 7)).unwrap();
        assert!(reread(dir.path(), &files).iter().all(Option::is_some));
        // Cut anywhere (in the header, the table or the data): nothing is used.
        for len in 0..bytes.len() {
            std::fs::write(file_name(dir.path(), 7), &bytes[..len]).unwrap();
            assert!(Cache::open(dir.path(), 7).is_empty(), "cut at {len}");
        }
    }

    #[test]
    fn a_checksummed_but_inconsistent_table_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let files = three_pages(dir.path());
        let good = std::fs::read(file_name(dir.path(), 7)).unwrap();
        let table_end = HEADER + 3 * (ROW + INDEX_ROW);

        // A count beyond the table and data: the table does not fit.
        let mut bytes = good.clone();
        bytes[24..28].copy_from_slice(&u32::MAX.to_le_bytes());
        write_sealed(dir.path(), bytes);
        assert!(Cache::open(dir.path(), 7).is_empty());

        // The table cut short (the header says three rows and index entries).
        write_sealed(dir.path(), good[..table_end - 1].to_vec());
        assert!(Cache::open(dir.path(), 7).is_empty());

        // The data cut short, the table intact: the rows pointing past the end are misses.
        write_sealed(dir.path(), good[..table_end + 4].to_vec());
        assert!(reread(dir.path(), &files).iter().all(Option::is_none));

        // Offsets out of order or out of range in every row: misses, not panics.
        for (field, value) in [(0, u32::MAX), (4, 0), (8, u32::MAX), (8, 0)] {
            let mut bytes = good.clone();
            for i in 0..3 {
                let at = HEADER + i * ROW + field;
                bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
            write_sealed(dir.path(), bytes);
            assert!(
                reread(dir.path(), &files).iter().all(Option::is_none),
                "field {field} = {value}"
            );
        }

        // Any one byte changed, checksum fixed up: never a panic; the header,
        // table and keys decide nothing wrong (at worst a miss).
        for at in 0..good.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bytes = good.clone();
                bytes[at] ^= flip;
                write_sealed(dir.path(), bytes);
                let back = reread(dir.path(), &files);
                if at < table_end {
                    for (f, r) in files.iter().zip(&back) {
                        if let Some(r) = r {
                            assert_eq!(r.file, *f);
                            assert_eq!(r.record.facts.value()["title"], "a");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn concurrent_saves_leave_one_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = content_file(dir.path(), "a.md");
        std::fs::write(&f.path, "x").unwrap();
        let stamp = stamp_of(&f.path, hash(b"x")).unwrap();
        std::thread::scope(|s| {
            for i in 0..4 {
                let (dir, f) = (dir.path(), &f);
                s.spawn(move || {
                    let mut r = result(f, true);
                    r.record.headings = vec![format!("run-{i}"); 1000];
                    drop(save(dir, 7, std::iter::once((&r, stamp))));
                });
            }
        });
        let mut c = Cache::open(dir.path(), 7);
        let (r, _) = c.take(&f).unwrap().into_result(&f, true).unwrap();
        assert_eq!(r.record.headings.len(), 1000);
        assert!(r.record.headings.iter().all(|h| *h == r.record.headings[0]));
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn a_cache_file_replaces_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let files = three_pages(dir.path());
        let r = result(&files[0], true);
        let stamp = stamp_of(&files[0].path, hash(b"a.md")).unwrap();
        drop(save(dir.path(), 9, std::iter::once((&r, stamp))));
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(FILE_PREFIX) || n.starts_with(".tmp"))
            .collect();
        assert_eq!(names, [format!("{FILE_PREFIX}{:016x}.bin", 9)]);
    }
}
