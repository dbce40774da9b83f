//! Finding content files: a gitignore-aware walk of the content directory.

use crate::diagnostic::Diagnostic;
use crate::rules::default_severity;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// File extensions Hugo treats as content that frontlint checks.
pub const CONTENT_EXTENSIONS: &[&str] = &["md", "markdown", "html", "htm"];

/// A content file found by the walk.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContentFile {
    /// Path relative to the content directory, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
    /// The language of its content directory, on a multilingual site.
    pub lang: Option<String>,
}

/// Problems met while walking (symlink loops, unreadable directories), by path.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<ContentFile>,
    pub problems: Vec<(PathBuf, Diagnostic)>,
    /// The walk met a symbolic link (so some paths may need resolving).
    pub saw_symlink: bool,
}

pub fn is_content_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| CONTENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

pub fn globset(globs: &[String], what: &str) -> Result<Option<GlobSet>, String> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| format!("bad glob \"{g}\" in {what}: {e}"))?);
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

fn problem(path: &Path, code: &'static str, msg: String) -> (PathBuf, Diagnostic) {
    (
        path.to_path_buf(),
        Diagnostic::new(code, default_severity(code), 0..0, msg),
    )
}

/// Called with every directory the walk is about to list, before it lists
/// it (the content directory itself included), from the walker's threads.
pub type BeforeListing = Arc<dyn Fn(&Path) + Send + Sync>;

/// Walk `content_dir` (respecting .gitignore, skipping hidden files), keeping
/// content files that pass `include`/`exclude` (globs relative to `content_dir`).
/// Symlinks are followed only while they stay inside `site_root`.
pub fn walk(
    content_dir: &Path,
    lang: Option<&str>,
    site_root: &Path,
    include: Option<&GlobSet>,
    exclude: Option<&GlobSet>,
    before_listing: Option<BeforeListing>,
) -> Walk {
    let mut out = Walk::default();
    if let Some(f) = &before_listing {
        f(content_dir);
    }
    if !content_dir.is_dir() {
        return out;
    }
    let root_canon = std::fs::canonicalize(site_root).unwrap_or_else(|_| site_root.to_path_buf());
    let escapes: Arc<Mutex<Vec<(PathBuf, Diagnostic)>>> = Arc::new(Mutex::new(Vec::new()));
    let saw_symlink = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let walker = ignore::WalkBuilder::new(content_dir)
        .follow_links(true)
        .require_git(false)
        .hidden(true)
        .parents(true)
        // Directory reads and stats dominate a walk: run it on several threads
        // (the results are sorted below, so the order found does not matter).
        .threads(rayon::current_num_threads().clamp(1, 8))
        .filter_entry({
            let root_canon = root_canon.clone();
            let escapes = escapes.clone();
            let saw_symlink = saw_symlink.clone();
            move |entry| {
                if let Some(f) = &before_listing {
                    if entry.file_type().is_some_and(|t| t.is_dir()) {
                        f(entry.path());
                    }
                }
                if entry.path_is_symlink() {
                    saw_symlink.store(true, std::sync::atomic::Ordering::Relaxed);
                    match std::fs::canonicalize(entry.path()) {
                        Ok(target) if target.starts_with(&root_canon) => true,
                        Ok(target) => {
                            if let Ok(mut e) = escapes.lock() {
                                e.push(problem(entry.path(), "symlink-outside-site", format!("symbolic link leads out of the site root (to {}); not followed", target.display())));
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
    walker.visit(&mut Collector(&found));
    for item in found.into_inner().unwrap_or_default() {
        match item {
            Ok(path) => {
                let rel = path
                    .strip_prefix(content_dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                if include.map(|g| !g.is_match(&rel)).unwrap_or(false)
                    || exclude.map(|g| g.is_match(&rel)).unwrap_or(false)
                {
                    continue;
                }
                out.files.push(ContentFile {
                    rel,
                    path,
                    lang: lang.map(str::to_string),
                });
            }
            Err(err) => out.problems.push(walk_problem(&err)),
        }
    }
    if let Ok(mut e) = escapes.lock() {
        out.problems.append(&mut e);
    }
    out.saw_symlink = saw_symlink.load(std::sync::atomic::Ordering::Relaxed);
    out.files.sort();
    out.files.dedup();
    out.problems.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A content file found, or an error met, by one walker thread.
type Found = Result<PathBuf, ignore::Error>;

/// Gives each walker thread a [`Gather`] that hands its finds to the shared list.
struct Collector<'s>(&'s Mutex<Vec<Found>>);

impl<'s> ignore::ParallelVisitorBuilder<'s> for Collector<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Gather {
            shared: self.0,
            mine: Vec::new(),
        })
    }
}

/// One walker thread's finds, kept locally and handed over when it is done.
struct Gather<'s> {
    shared: &'s Mutex<Vec<Found>>,
    mine: Vec<Found>,
}

impl ignore::ParallelVisitor for Gather<'_> {
    fn visit(&mut self, item: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match item {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) && is_content_file(entry.path()) {
                    self.mine.push(Ok(entry.into_path()));
                }
            }
            Err(err) => self.mine.push(Err(err)),
        }
        ignore::WalkState::Continue
    }
}

impl Drop for Gather<'_> {
    fn drop(&mut self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.append(&mut self.mine);
        }
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
            "symlink-loop",
            format!(
                "symbolic link loops back to {}; not followed",
                ancestor.display()
            ),
        ),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_problem(err)
        }
        other => problem(Path::new(""), "read-error", format!("cannot read: {other}")),
    }
}
