//! Finding content files: a walk of the content directory as Hugo's (which
//! reads no `.gitignore`: [`crate::git_ignored`] says which files git ignores).

use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::types::mount::{FileFilter, IgnoreFiles, Root};
use crate::types::ContentFile;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// File extensions Hugo treats as content that frontlint checks.
pub(crate) const CONTENT_EXTENSIONS: &[&str] = &["md", "markdown", "html", "htm"];

/// Problems met while walking (symlink loops, unreadable directories), by path.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub files: Vec<ContentFile>,
    pub problems: Vec<(PathBuf, Diagnostic)>,
    /// The walk met a symbolic link (so some paths may need resolving).
    pub saw_symlink: bool,
    /// The entries named in [`MARKS`] that the walk met in the folders it
    /// listed: which folders hold ignore files is then known without a
    /// `stat` per folder.
    pub marks: Vec<PathBuf>,
}

/// Ignore files git reads in a folder (and in every parent of the content
/// directory): the walk notes them (see [`MARKS`]).
pub(crate) const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore"];

/// Entries that make a folder a repository root, where git reads
/// `.git/info/exclude` and no ignore file above counts.
pub(crate) const REPOSITORY_MARKERS: &[&str] = &[".git", ".jj"];

/// Hidden entries the walk does not enter but notes ([`Walk::marks`]): the
/// [`IGNORE_FILES`] and [`REPOSITORY_MARKERS`], which decide which files git
/// ignores.
pub(crate) const MARKS: [&[&str]; 2] = [IGNORE_FILES, REPOSITORY_MARKERS];

/// Whether the walk leaves `entry` out as hidden: a name starting with `.`
/// (or, on Windows, the hidden attribute), as the `ignore` crate's own
/// `hidden` switch decides.
fn is_hidden(entry: &ignore::DirEntry) -> bool {
    if entry.file_name().as_encoded_bytes().starts_with(b".") {
        return true;
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::MetadataExt;
        const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;
        if let Ok(md) = entry.metadata() {
            return md.file_attributes() & FILE_ATTRIBUTE_HIDDEN != 0;
        }
    }
    false
}

pub(crate) fn is_content_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| CONTENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

/// A glob of the config (`include`, `exclude`, an entry's `paths`) that does not compile.
#[derive(Debug, thiserror::Error)]
pub enum GlobError {
    #[error("bad glob \"{glob}\" in {place}: {source}")]
    Bad {
        glob: String,
        /// Where the config has it (`include`, `[[overrides]]`).
        place: String,
        source: globset::Error,
    },
    #[error("{0}")]
    Set(globset::Error),
}

/// The globs `globs` (found at `what` in the config) as one set; `None` when
/// there are none.
pub(crate) fn globset(globs: &[String], what: &str) -> Result<Option<GlobSet>, GlobError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|source| GlobError::Bad {
            glob: g.clone(),
            place: what.to_string(),
            source,
        })?);
    }
    b.build().map(Some).map_err(GlobError::Set)
}

fn problem(path: &Path, d: Diagnostic) -> (PathBuf, Diagnostic) {
    (path.to_path_buf(), d)
}

/// Called with every directory the walk is about to list, before it lists
/// it (the content directory itself included), from the walker's threads.
pub(crate) type BeforeListing = Arc<dyn Fn(&Path) + Send + Sync>;

/// What one walk lists: a directory (or a single file) mounted somewhere
/// in the content tree, for one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    /// The directory or file, absolute.
    pub dir: &'a Path,
    pub lang: Option<&'a str>,
    /// Where it is mounted in the content tree (`""`: at its root).
    pub target: &'a str,
    /// The mount's `files` filter.
    pub filter: Option<&'a FileFilter>,
    /// The site's `ignoreFiles`.
    pub ignore: Option<&'a IgnoreFiles>,
}

impl<'a> Source<'a> {
    /// A content directory at the root of the content tree.
    #[cfg(test)]
    pub(crate) fn dir(dir: &'a Path, lang: Option<&'a str>) -> Source<'a> {
        Source {
            dir,
            lang,
            target: "",
            filter: None,
            ignore: None,
        }
    }
}

/// Walk `src` (skipping hidden files and what `ignoreFiles` names), keeping
/// content files that pass its filter and `include`/`exclude` (globs
/// relative to the content tree). Symlinks are followed only while they
/// stay inside `site_root`.
pub(crate) fn walk(
    src: &Source<'_>,
    site_root: &Path,
    include: Option<&GlobSet>,
    exclude: Option<&GlobSet>,
    before_listing: Option<BeforeListing>,
) -> Walk {
    let keep = Keep {
        src: *src,
        include,
        exclude,
    };
    let mut out = walk_inner(&keep, site_root, before_listing, None);
    out.files.sort();
    out.files.dedup();
    out
}

/// Like [`walk`], and hands each content file to `visit` as soon as it is
/// found, on a rayon thread, while the walk goes on: reading the files then
/// overlaps listing the directories (the walk is mostly system calls, and
/// one core would idle through it). Returns the walk and what `visit` gave,
/// in the order of the walk's (sorted) files; `file_of` finds the file in
/// what `visit` gave (which keeps it: the results are large, and are neither
/// copied nor paired with a second copy of their file).
pub(crate) fn walk_and_visit<T: Send + Sync>(
    src: &Source<'_>,
    site_root: &Path,
    include: Option<&GlobSet>,
    exclude: Option<&GlobSet>,
    before_listing: Option<BeforeListing>,
    visit: &(dyn Fn(&ContentFile) -> T + Sync),
    file_of: fn(&T) -> &ContentFile,
) -> (Walk, Vec<T>) {
    let keep = Keep {
        src: *src,
        include,
        exclude,
    };
    let visited: Mutex<Vec<T>> = Mutex::new(Vec::new());
    let waiting = Backlog::default();
    // In place: this thread drives the walker (and waits for it), so that
    // every rayon thread is free to visit files.
    let mut out = rayon::in_place_scope(|scope| {
        let hand_over = |file: ContentFile| {
            let (visited, waiting) = (&visited, &waiting);
            waiting.add();
            scope.spawn(move |_| {
                // Counted out also if `visit` panics (the walker must not wait on it).
                let _out = Visited(waiting);
                let t = visit(&file);
                drop(file);
                lock(visited).push(t);
            });
        };
        walk_inner(&keep, site_root, before_listing, Some(&hand_over))
    });
    let mut visited = visited.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut order: Vec<usize> = (0..visited.len()).collect();
    {
        let files: Vec<&ContentFile> = visited.iter().map(file_of).collect();
        order.par_sort_unstable_by(|&a, &b| files[a].cmp(files[b]));
        order.dedup_by(|a, b| files[*a] == files[*b]);
    }
    arrange(&mut visited, order);
    out.files = visited.par_iter().map(|t| file_of(t).clone()).collect();
    (out, visited)
}

/// The content files of every mount in `roots` (below `site_root`), in
/// mount order, each mount's sorted: one file once per mount that reaches
/// it (see [`unique`]). A source mounted for several languages is listed once.
pub(crate) fn walk_mounts(
    roots: &[Root],
    site_root: &Path,
    include: Option<&GlobSet>,
    exclude: Option<&GlobSet>,
    before_listing: Option<BeforeListing>,
) -> Walk {
    let mut out = Walk::default();
    // The files of a walk already made of the same source, target and filter.
    let mut done: Vec<(&Root, Vec<ContentFile>)> = Vec::new();
    for r in roots {
        let again = done
            .iter()
            .find(|(d, _)| d.source == r.source && d.target == r.target && d.filter == r.filter);
        if let Some((_, files)) = again {
            out.files.extend(files.iter().map(|f| ContentFile {
                lang: r.lang.clone(),
                ..f.clone()
            }));
            continue;
        }
        let dir = site_root.join(&r.source);
        let src = Source {
            dir: &dir,
            lang: r.lang.as_deref(),
            target: &r.target,
            filter: r.filter.as_ref(),
            ignore: r.ignore.as_deref(),
        };
        let w = walk(&src, site_root, include, exclude, before_listing.clone());
        out.files.extend(w.files.iter().cloned());
        out.problems.extend(w.problems);
        out.saw_symlink |= w.saw_symlink;
        out.marks.extend(w.marks);
        done.push((r, w.files));
    }
    out.problems.sort_by(|a, b| a.0.cmp(&b.0));
    out.problems.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The position in `roots` of the mount that gave content file `path`
/// the place `rel` in language `lang`: the first whose source holds it
/// there (`0` when none does, as for a file named on its own).
pub(crate) fn mount_of(
    roots: &[Root],
    site_root: &Path,
    path: &Path,
    rel: &str,
    lang: Option<&str>,
) -> u32 {
    // One mount: the answer is 0 either way (most sites; spares a path per file).
    if roots.len() <= 1 {
        return 0;
    }
    roots
        .iter()
        .position(|r| {
            r.lang.as_deref() == lang && r.path_of(site_root, rel).is_some_and(|p| p == path)
        })
        .unwrap_or(0) as u32
}

/// A page a content file makes besides the one of its first mount: the
/// same file reached through another mount (another language, or another
/// place in the content tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    /// The file's index in the unique files.
    pub file: usize,
    /// Its path in the content tree there.
    pub rel: String,
    pub lang: Option<String>,
}

/// `files` (as [`walk_mounts`] lists them) with each file once, where its
/// first mount put it, and every mount's file in order as an
/// [`Occurrence`] of one of those (`None` when no file came twice: then
/// the occurrences are the files themselves).
pub(crate) fn unique(files: Vec<ContentFile>) -> (Vec<ContentFile>, Option<Vec<Occurrence>>) {
    let mut first: std::collections::HashMap<PathBuf, usize> =
        std::collections::HashMap::with_capacity(files.len());
    let mut order = Vec::with_capacity(files.len());
    let mut kept: Vec<ContentFile> = Vec::new();
    let mut repeated = false;
    for f in files {
        let i = match first.get(&f.path) {
            Some(&i) => {
                repeated = true;
                i
            }
            None => {
                first.insert(f.path.clone(), kept.len());
                kept.push(f.clone());
                kept.len() - 1
            }
        };
        order.push(Occurrence {
            file: i,
            rel: f.rel,
            lang: f.lang,
        });
    }
    (kept, repeated.then_some(order))
}

/// Reorders `items` in place so that `items[i]` is the item that was at
/// `order[i]`, and drops the items `order` leaves out. Each item is moved
/// at most twice (by one swap per place along each cycle of the order).
fn arrange<T>(items: &mut Vec<T>, mut order: Vec<usize>) {
    let kept = order.len();
    let mut chosen = vec![false; items.len()];
    for &i in &order {
        chosen[i] = true;
    }
    // The left-out items go last, making `order` a permutation.
    order.extend((0..items.len()).filter(|&i| !chosen[i]));
    for start in 0..order.len() {
        // Place `cur` takes its item from `order[cur]`, where it still is
        // (the places of a cycle are visited once each), and the item that
        // was at `start` moves on to the place it swapped with.
        let mut cur = start;
        while order[cur] != start {
            let from = order[cur];
            items.swap(cur, from);
            order[cur] = cur;
            cur = from;
        }
        order[cur] = cur;
    }
    items.truncate(kept);
}

/// The files handed over and not yet visited. Listing directories is much
/// faster than reading and checking files: unbounded, the walk would queue
/// every file of a large site (a million paths, and a task each, at once),
/// memory the results then fill with holes. A walker thread that finds
/// [`Backlog::MOST`] files waiting waits until half of them are visited (one
/// wake-up per [`Backlog::MOST`]` / 2` files, not one per file).
#[derive(Default)]
struct Backlog {
    count: AtomicUsize,
    /// Held to wait, and to wake the waiters.
    gate: Mutex<()>,
    fell: std::sync::Condvar,
}

impl Backlog {
    /// Enough to keep every thread busy while the walker lists on.
    const MOST: usize = 4096;
    /// Where waiting walker threads go on.
    const LOW: usize = Self::MOST / 2;

    /// One more file handed over; waits first while the backlog is full.
    fn add(&self) {
        if self.count.load(Ordering::Acquire) >= Self::MOST {
            let mut gate = lock(&self.gate);
            // Checked with the gate held: the visit that brings the count
            // down to `LOW` takes it to wake this thread, so it cannot do
            // that between this check and the wait.
            while self.count.load(Ordering::Acquire) > Self::LOW {
                gate = self.fell.wait(gate).unwrap_or_else(|e| e.into_inner());
            }
        }
        self.count.fetch_add(1, Ordering::AcqRel);
    }
}

/// Counts a file out of the [`Backlog`] when its visit ends.
struct Visited<'a>(&'a Backlog);

impl Drop for Visited<'_> {
    fn drop(&mut self) {
        let backlog = self.0;
        if backlog.count.fetch_sub(1, Ordering::AcqRel) == Backlog::LOW + 1 {
            let _gate = lock(&backlog.gate);
            backlog.fell.notify_all();
        }
    }
}

/// A lock that a panicking holder did not spoil: every push is whole.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Which of the files found are kept, and how they are named.
struct Keep<'a> {
    src: Source<'a>,
    include: Option<&'a GlobSet>,
    exclude: Option<&'a GlobSet>,
}

impl Keep<'_> {
    /// The content file at `path`, unless the mount's filter or
    /// `include`/`exclude` leave it out.
    fn file(&self, path: PathBuf) -> Option<ContentFile> {
        let within = match within_str(&path, self.src.dir) {
            Some(w) => std::borrow::Cow::Borrowed(w),
            None => path
                .strip_prefix(self.src.dir)
                .unwrap_or(&path)
                .to_string_lossy(),
        }
        .replace('\\', "/");
        if !within.is_empty() && self.src.filter.is_some_and(|f| !f.keeps(&within, false)) {
            return None;
        }
        let rel = match (self.src.target, within.is_empty()) {
            ("", _) => within,
            (t, true) => t.to_string(),
            (t, false) => format!("{t}/{within}"),
        };
        if self.include.is_some_and(|g| !g.is_match(&rel))
            || self.exclude.is_some_and(|g| g.is_match(&rel))
        {
            return None;
        }
        Some(ContentFile {
            rel,
            path,
            lang: self.src.lang.map(str::to_string),
        })
    }
}

/// `path` below `dir`, compared as text: the walk's paths are `dir` joined
/// with names, and comparing components cost more than the rest of keeping
/// a file. `None` when either is not UTF-8 or `path` is not below `dir`.
fn within_str<'p>(path: &'p Path, dir: &Path) -> Option<&'p str> {
    let (p, d) = (path.to_str()?, dir.to_str()?);
    let d = d.strip_suffix(std::path::is_separator).unwrap_or(d);
    let rest = p.strip_prefix(d)?;
    if rest.is_empty() {
        return Some(rest);
    }
    rest.strip_prefix(std::path::is_separator)
}

/// The walk itself: its files unsorted, or (with `hand_over`) handed over
/// as found and not listed.
fn walk_inner(
    keep: &Keep<'_>,
    site_root: &Path,
    before_listing: Option<BeforeListing>,
    hand_over: Option<&(dyn Fn(ContentFile) + Sync)>,
) -> Walk {
    let content_dir = keep.src.dir;
    let mut out = Walk::default();
    if let Some(f) = &before_listing {
        // A single file appears or goes with its folder's listing.
        match content_dir.parent().filter(|_| content_dir.is_file()) {
            Some(parent) => f(parent),
            None => f(content_dir),
        }
    }
    if !content_dir.exists() {
        return out;
    }
    let filter = keep.src.filter.cloned().map(Arc::new);
    let ignore = keep.src.ignore.cloned().map(Arc::new);
    let top = content_dir.to_path_buf();
    let root_canon = std::fs::canonicalize(site_root).unwrap_or_else(|_| site_root.to_path_buf());
    let escapes: Arc<Mutex<Vec<(PathBuf, Diagnostic)>>> = Arc::new(Mutex::new(Vec::new()));
    let saw_symlink = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let marks: Arc<Mutex<Vec<PathBuf>>> = Arc::new(Mutex::new(Vec::new()));
    let walker = ignore::WalkBuilder::new(content_dir)
        .follow_links(true)
        // Hidden entries are left out by `filter_entry`, which notes the
        // ignore files among them.
        .hidden(false)
        // Hugo builds what git ignores: `git_ignored` says which those are.
        .git_ignore(false)
        .git_exclude(false)
        .git_global(false)
        .ignore(false)
        .parents(false)
        // Directory reads and stats dominate a walk: run it on several threads
        // (the results are sorted below, so the order found does not matter).
        .threads(rayon::current_num_threads().clamp(1, 8))
        .filter_entry({
            let root_canon = root_canon.clone();
            let escapes = escapes.clone();
            let saw_symlink = saw_symlink.clone();
            let marks = marks.clone();
            move |entry| {
                if entry.depth() > 0 && is_hidden(entry) {
                    let name = entry.file_name().as_encoded_bytes();
                    if MARKS.iter().copied().flatten().any(|m| m.as_bytes() == name) {
                        lock(&marks).push(entry.path().to_path_buf());
                    }
                    return false;
                }
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                // Hugo leaves out what `ignoreFiles` names, and files whose
                // names start with `#` (editors' scratch files).
                if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('#') {
                    return false;
                }
                if ignore.as_ref().is_some_and(|i| i.ignores(entry.path())) {
                    return false;
                }
                // A folder the mount's filter leaves out is not entered.
                if let (true, Some(filter)) = (is_dir, &filter) {
                    if let Ok(within) = entry.path().strip_prefix(&top) {
                        let within = within.to_string_lossy().replace('\\', "/");
                        if !within.is_empty() && !filter.keeps(&within, true) {
                            return false;
                        }
                    }
                }
                if let Some(f) = &before_listing {
                    if is_dir {
                        f(entry.path());
                    }
                }
                if entry.path_is_symlink() {
                    saw_symlink.store(true, std::sync::atomic::Ordering::Relaxed);
                    match std::fs::canonicalize(entry.path()) {
                        Ok(target) if target.starts_with(&root_canon) => true,
                        Ok(target) => {
                            if let Ok(mut e) = escapes.lock() {
                                e.push(problem(entry.path(), rules::SYMLINK_OUTSIDE_SITE.at(0..0, format!("symbolic link leads out of the site root (to {}); not followed", target.display()))));
                            }
                            false
                        }
                        Err(_) => true, // a dangling or looping link: reported by the walker
                    }
                } else {
                    true
                }
            }
        })
        .build_parallel();
    let found: Mutex<Vec<Found>> = Mutex::new(Vec::new());
    walker.visit(&mut Collector {
        shared: &found,
        keep,
        hand_over,
    });
    for item in found.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match item {
            Ok(file) => out.files.push(file),
            Err(err) => out.problems.push(walk_problem(&err)),
        }
    }
    out.problems.append(&mut lock(&escapes));
    out.marks.append(&mut lock(&marks));
    out.saw_symlink = saw_symlink.load(std::sync::atomic::Ordering::Relaxed);
    out.problems.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A content file found, or an error met, by one walker thread.
type Found = Result<ContentFile, ignore::Error>;

/// Gives each walker thread a [`Gather`] that hands its finds to the shared
/// list (or each file to `hand_over`).
struct Collector<'s> {
    shared: &'s Mutex<Vec<Found>>,
    keep: &'s Keep<'s>,
    hand_over: Option<&'s (dyn Fn(ContentFile) + Sync)>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Collector<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Gather {
            shared: self.shared,
            keep: self.keep,
            hand_over: self.hand_over,
            mine: Vec::new(),
        })
    }
}

/// One walker thread's finds, kept locally and handed over when it is done.
struct Gather<'s> {
    shared: &'s Mutex<Vec<Found>>,
    keep: &'s Keep<'s>,
    hand_over: Option<&'s (dyn Fn(ContentFile) + Sync)>,
    mine: Vec<Found>,
}

impl ignore::ParallelVisitor for Gather<'_> {
    fn visit(&mut self, item: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match item {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) && is_content_file(entry.path()) {
                    if let Some(file) = self.keep.file(entry.into_path()) {
                        match self.hand_over {
                            Some(hand_over) => hand_over(file),
                            None => self.mine.push(Ok(file)),
                        }
                    }
                }
            }
            // The walker reports a link it cannot follow before asking
            // `filter_entry`: one that is hidden (an editor's `.#x.md` lock)
            // is left out like any hidden entry.
            Err(err) if of_hidden_link(&err) => {}
            Err(err) => self.mine.push(Err(err)),
        }
        ignore::WalkState::Continue
    }
}

impl Drop for Gather<'_> {
    fn drop(&mut self) {
        lock(self.shared).append(&mut self.mine);
    }
}

/// Whether `err` is a read error of an entry with a hidden name.
fn of_hidden_link(err: &ignore::Error) -> bool {
    fn is_io(err: &ignore::Error) -> bool {
        match err {
            ignore::Error::Io(_) => true,
            ignore::Error::WithDepth { err, .. } => is_io(err),
            _ => false,
        }
    }
    match err {
        ignore::Error::WithPath { path, err } => {
            path.file_name()
                .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."))
                && is_io(err)
        }
        ignore::Error::WithDepth { err, .. } => of_hidden_link(err),
        _ => false,
    }
}

fn walk_problem(err: &ignore::Error) -> (PathBuf, Diagnostic) {
    match err {
        ignore::Error::WithPath { path, err } => {
            // A loop names its own path (the link); anything else gets this one.
            let (p, mut d) = walk_problem(err);
            let p = if p.as_os_str().is_empty() {
                path.clone()
            } else {
                p
            };
            d.message = d.message.replace(" (no path)", "");
            (p, d)
        }
        ignore::Error::Loop { ancestor, child } => problem(
            child,
            rules::SYMLINK_LOOP.at(
                0..0,
                format!(
                    "symbolic link loops back to {}; not followed",
                    ancestor.display()
                ),
            ),
        ),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_problem(err)
        }
        other => problem(
            Path::new(""),
            rules::READ_ERROR.at(0..0, format!("cannot read: {other}")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        for (path, text) in [
            ("b/z.md", "z"),
            ("b/a.md", "a"),
            ("a/deep/er/page.markdown", "p"),
            ("a/_index.md", "i"),
            ("a/skip.md", "s"),
            ("a/notes.txt", "not content"),
            ("a/.hidden.md", "hidden"),
            // Git ignores it; Hugo does not (nor does the walk).
            ("a/ignored.md", "ignored"),
            ("top.HTML", "h"),
        ] {
            let p = content.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::write(content.join("a/.gitignore"), "ignored.md\n").unwrap();
        dir
    }

    #[test]
    fn a_path_below_a_folder_is_cut_as_text() {
        fn cut<'p>(p: &'p str, d: &str) -> Option<&'p str> {
            within_str(Path::new(p), Path::new(d))
        }
        assert_eq!(cut("site/content/a/b.md", "site/content"), Some("a/b.md"));
        assert_eq!(cut("site/content/a/b.md", "site/content/"), Some("a/b.md"));
        assert_eq!(cut("site/content", "site/content"), Some(""));
        assert_eq!(cut("/x.md", "/"), Some("x.md"));
        assert_eq!(cut("site/contents/a.md", "site/content"), None);
        assert_eq!(cut("other/a.md", "site/content"), None);
    }

    #[cfg(unix)]
    #[test]
    fn hidden_entries_are_left_out_and_ignore_files_among_them_noted() {
        let dir = site();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join(".drafts")).unwrap();
        std::fs::write(content.join(".drafts/x.md"), "x").unwrap();
        std::fs::create_dir_all(content.join("b/.git")).unwrap();
        std::fs::write(content.join(".ignore"), "b/\n").unwrap();
        // An editor's lock file: a link to nowhere, with a hidden name.
        std::os::unix::fs::symlink("nobody@host.42", content.join("a/.#page.md")).unwrap();
        let w = walk(&Source::dir(&content, None), dir.path(), None, None, None);
        let rels: Vec<&str> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "a/_index.md",
                "a/deep/er/page.markdown",
                "a/ignored.md",
                "a/skip.md",
                "b/a.md",
                "b/z.md",
                "top.HTML"
            ]
        );
        assert!(w.problems.is_empty(), "{:?}", w.problems);
        let mut marks: Vec<String> = w
            .marks
            .iter()
            .map(|m| m.strip_prefix(&content).unwrap().display().to_string())
            .collect();
        marks.sort();
        assert_eq!(marks, [".ignore", "a/.gitignore", "b/.git"]);
    }

    #[test]
    fn visiting_walk_finds_what_the_walk_finds_with_each_result_beside_its_file() {
        let dir = site();
        let content = dir.path().join("content");
        let exclude = globset(&["**/skip.md".to_string()], "exclude").unwrap();
        let plain = walk(
            &Source::dir(&content, Some("fr")),
            dir.path(),
            None,
            exclude.as_ref(),
            None,
        );
        let rels: Vec<&str> = plain.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "a/_index.md",
                "a/deep/er/page.markdown",
                "a/ignored.md",
                "b/a.md",
                "b/z.md",
                "top.HTML"
            ]
        );
        let read = |f: &ContentFile| (f.clone(), std::fs::read_to_string(&f.path).unwrap());
        let (visited, read) = walk_and_visit(
            &Source::dir(&content, Some("fr")),
            dir.path(),
            None,
            exclude.as_ref(),
            None,
            &read,
            |(f, _)| f,
        );
        assert_eq!(visited.files, plain.files);
        let texts: Vec<&str> = read.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["i", "p", "ignored", "a", "z", "h"]);
        assert!(visited
            .files
            .iter()
            .all(|f| f.lang.as_deref() == Some("fr")));
    }

    #[test]
    fn mounts_put_their_files_in_place_once_per_language() {
        let dir = site();
        std::fs::write(dir.path().join("extra.md"), "x").unwrap();
        let root = |source: &str, target: &str, lang: Option<&str>, files: &[&str]| Root {
            source: source.into(),
            target: target.into(),
            lang: lang.map(str::to_string),
            files_lang: None,
            filter: FileFilter::new(&files.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
            ignore: None,
            origin: String::new(),
        };
        let roots = [
            root("content/b", "", None, &[]),
            root("content/a", "docs", Some("de"), &["! deep/**"]),
            root("content/a", "docs", Some("fr"), &["! deep/**"]),
            root("extra.md", "docs/extra.md", None, &[]),
            root("content/b", "", Some("de"), &[]),
        ];
        let w = walk_mounts(&roots, dir.path(), None, None, None);
        let got: Vec<(&str, Option<&str>)> = w
            .files
            .iter()
            .map(|f| (f.rel.as_str(), f.lang.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("a.md", None),
                ("z.md", None),
                ("docs/_index.md", Some("de")),
                ("docs/ignored.md", Some("de")),
                ("docs/skip.md", Some("de")),
                ("docs/_index.md", Some("fr")),
                ("docs/ignored.md", Some("fr")),
                ("docs/skip.md", Some("fr")),
                ("docs/extra.md", None),
                ("a.md", Some("de")),
                ("z.md", Some("de")),
            ]
        );
        assert_eq!(w.files[8].path, dir.path().join("extra.md"));
        let (files, occ) = unique(w.files);
        assert_eq!(files.len(), 6);
        let occ = occ.unwrap();
        let of: Vec<usize> = occ.iter().map(|o| o.file).collect();
        assert_eq!(of, [0, 1, 2, 3, 4, 2, 3, 4, 5, 0, 1]);
        // Without repeats, no occurrences are made.
        assert_eq!(unique(files.clone()), (files, None));
    }

    #[test]
    fn ignore_files_leave_out_what_their_patterns_find_in_the_absolute_path() {
        let dir = site();
        std::fs::write(dir.path().join("content/b/#scratch.md"), "x").unwrap();
        let content = dir.path().join("content");
        let patterns = ["^content/", "deep$", "/b/z\\.md$"].map(String::from);
        let ignore = IgnoreFiles::new(&patterns).unwrap();
        let src = Source {
            ignore: Some(&ignore),
            ..Source::dir(&content, None)
        };
        let w = walk(&src, dir.path(), None, None, None);
        let rels: Vec<&str> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "a/_index.md",
                "a/ignored.md",
                "a/skip.md",
                "b/a.md",
                "top.HTML"
            ]
        );
    }

    #[test]
    fn visiting_walk_of_a_missing_directory_finds_nothing() {
        let dir = site();
        let (w, found) = walk_and_visit(
            &Source::dir(&dir.path().join("nothing"), None),
            dir.path(),
            None,
            None,
            None,
            &|f: &ContentFile| f.clone(),
            |f| f,
        );
        assert!(w.files.is_empty() && found.is_empty() && w.problems.is_empty());
    }

    #[test]
    fn arranging_follows_the_order_and_drops_what_it_leaves_out() {
        let cases: &[(&[usize], &str)] = &[
            (&[0, 1, 2, 3, 4], "abcde"),
            (&[4, 3, 2, 1, 0], "edcba"),
            (&[2, 0, 1], "cab"),
            (&[1, 2, 0, 4, 3], "bcaed"),
            (&[3, 0], "da"),
            (&[], ""),
        ];
        for (order, want) in cases {
            let mut items: Vec<char> = "abcde".chars().collect();
            arrange(&mut items, order.to_vec());
            assert_eq!(items.iter().collect::<String>(), *want, "{order:?}");
        }
        // Every order of six items, and a long pseudo-random one.
        let mut all: Vec<Vec<usize>> = vec![vec![]];
        for n in 0..6 {
            all = all
                .into_iter()
                .flat_map(|p| {
                    (0..=n).map(move |at| {
                        let mut q = p.clone();
                        q.insert(at, n);
                        q
                    })
                })
                .collect();
        }
        let mut seed = 7u64;
        let mut long: Vec<usize> = (0..1000).collect();
        for i in (1..long.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            long.swap(i, (seed >> 33) as usize % (i + 1));
        }
        all.push(long);
        for order in all {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            arrange(&mut items, order.clone());
            let want: Vec<usize> = order.iter().map(|i| i * 10).collect();
            assert_eq!(items, want);
        }
    }
}
