//! Which content files git ignores. Hugo reads no ignore file: a page that a
//! script writes (and `.gitignore` keeps out of the repository), or a folder
//! that a pattern meant for another place happens to name (`resources/`, for
//! Hugo's cache at the root, also names `content/resources/`), is built like
//! any other. So the walk finds every file, and these are pages, link targets
//! and URLs as in Hugo; frontlint only does not report on them.
//!
//! The rules are git's as the `ignore` crate's walker applies them: `.ignore`
//! and `.gitignore` in the file's folder and in each folder above it up to
//! the repository's root (the nearest one holding `.git`), then
//! `.git/info/exclude` and git's global excludes file. Any `.ignore` match
//! decides before any `.gitignore` one, the deepest folder's first; a folder
//! below the walked directory that is ignored ignores all it holds.

use crate::types::ContentFile;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `info/exclude` file of the repository whose root is `top`, and the
/// `commondir` file that says where it is, if one does: `.git/info/exclude`,
/// or where `.git` is a file (a linked worktree or a submodule: `gitdir:
/// <path>`) the one in the folder it names, or in the folder that folder's
/// `commondir` names (a worktree shares its repository's excludes).
pub(crate) fn exclude_file(top: &Path) -> (PathBuf, Option<PathBuf>) {
    let dot_git = top.join(".git");
    // Reading a folder fails: then `.git` is the repository itself.
    let Some(git_dir) = std::fs::read_to_string(&dot_git)
        .ok()
        .and_then(|t| Some(top.join(t.lines().next()?.strip_prefix("gitdir:")?.trim())))
    else {
        return (dot_git.join("info/exclude"), None);
    };
    let common_file = git_dir.join("commondir");
    let common = std::fs::read_to_string(&common_file)
        .ok()
        .and_then(|t| Some(git_dir.join(t.lines().next()?.trim_end())))
        .unwrap_or(git_dir);
    (common.join("info/exclude"), Some(common_file))
}

/// The paths of `files` (each found below one of `roots`, the walked
/// directories) that git ignores. `marks` are the ignore files and
/// repository markers the walk met (see [`crate::walk::MARKS`]): the
/// folders it listed hold no others.
pub(crate) fn ignored(
    files: &[ContentFile],
    roots: &[PathBuf],
    marks: &[PathBuf],
) -> FxHashSet<PathBuf> {
    if none_apply(roots, marks) {
        return FxHashSet::default();
    }
    // Each file with its folder and the walked directory it was found in
    // (the deepest one holding it).
    let mut placed: Vec<(&ContentFile, &Path, &Path)> = Vec::with_capacity(files.len());
    let mut last: Option<(&Path, &Path)> = None;
    for f in files {
        // The walk lists a folder's files together: the previous file's
        // folder and root are most often this one's too.
        let (dir, root) = match last.filter(|(d, _)| is_child(&f.path, d)) {
            Some(l) => l,
            None => {
                let Some(dir) = f.path.parent() else {
                    continue;
                };
                let Some(root) = roots
                    .iter()
                    .filter(|r| is_under(&f.path, r))
                    .max_by_key(|r| r.as_os_str().len())
                else {
                    continue;
                };
                (dir, root.as_path())
            }
        };
        last = Some((dir, root));
        placed.push((f, dir, root));
    }
    // The folders from each file's up to its walked directory (each may be
    // ignored itself, and then so is all it holds), with that directory;
    // the folder of a file mounted on its own is not below it.
    let mut folders: FxHashMap<&OsStr, Folder> = FxHashMap::default();
    for &(_, dir, root) in &placed {
        let mut d = dir;
        while is_under(d, root) && folders.get(d.as_os_str()).is_none_or(|f| f.root.is_none()) {
            // The walked directory is never ignored: no parent for it.
            let parent = d.parent().filter(|_| d.as_os_str() != root.as_os_str());
            folders.insert(
                d.as_os_str(),
                Folder {
                    path: d,
                    root: Some(root),
                    parent,
                },
            );
            match parent {
                Some(p) => d = p,
                None => break,
            }
        }
        folders.entry(dir.as_os_str()).or_insert(Folder {
            path: dir,
            root: None,
            parent: None,
        });
    }
    // The walk listed the folders below a walked directory: their ignore
    // files are the ones it met. Any other folder is looked at as met.
    let mut marked: FxHashMap<&OsStr, Vec<&OsStr>> = FxHashMap::default();
    for m in marks {
        if let (Some(dir), Some(name)) = (m.parent(), m.file_name()) {
            marked.entry(dir.as_os_str()).or_default().push(name);
        }
    }
    // Most folders hold no ignore file: they share one empty level, and the
    // chain of the folder above them (nothing is made per folder).
    let mut rules = Rules::new(&folders);
    let read: Vec<(&OsStr, Arc<Level>)> = folders
        .par_iter()
        .filter(|(k, f)| f.root.is_some() && marked.contains_key(*k))
        .map(|(k, f)| (*k, Arc::new(Level::of_listed(f.path, &marked[k]))))
        .collect();
    rules.levels.extend(read);
    // The ignore files that apply in each folder, then (on all threads)
    // whether each folder below a walked one is ignored by its parent's.
    for f in folders.values() {
        rules.chain(f.path);
    }
    let chains = &rules.chains;
    let mut own: Vec<(&Folder, bool)> = folders
        .par_iter()
        .filter(|(_, f)| f.root.is_some())
        .map(|(_, f)| {
            let by_parent = f.parent.and_then(|p| chains.get(p.as_os_str()));
            (f, by_parent.is_some_and(|c| c.decides(f.path, true)))
        })
        .collect();
    // A folder is ignored when it or a folder above it (up to the walked
    // one) is: parents first, a parent's path being shorter.
    own.sort_unstable_by_key(|(f, _)| f.path.as_os_str().len());
    let mut dir_ignored: FxHashMap<&OsStr, bool> = FxHashMap::default();
    for (f, by_own) in own {
        let above = f
            .parent
            .and_then(|p| dir_ignored.get(p.as_os_str()))
            .copied()
            .unwrap_or(false);
        dir_ignored.insert(f.path.as_os_str(), by_own || above);
    }
    placed
        .par_iter()
        .filter(|(f, dir, _)| {
            dir_ignored.get(dir.as_os_str()).copied().unwrap_or(false)
                || chains
                    .get(dir.as_os_str())
                    .is_some_and(|c| c.decides(&f.path, false))
        })
        .map(|(f, _, _)| f.path.clone())
        .collect()
}

/// The walk met no ignore file below the walked directories (`roots`), and
/// none applies above them either: nothing is ignored (a site outside git).
fn none_apply(roots: &[PathBuf], marks: &[PathBuf]) -> bool {
    if !marks.is_empty() {
        return false;
    }
    let none = FxHashMap::default();
    let mut rules = Rules::new(&none);
    roots.iter().all(|r| rules.chain(r).empty)
}

/// A folder holding found files, or one between such a folder and the
/// walked directory (`root`) it is below; `root` is `None` for the folder
/// of a file mounted on its own (above its walked "directory").
struct Folder<'a> {
    path: &'a Path,
    root: Option<&'a Path>,
    /// Its parent, below or at `root`.
    parent: Option<&'a Path>,
}

/// Whether `path` is a file or folder directly in folder `dir`.
fn is_child(path: &Path, dir: &Path) -> bool {
    let (p, d) = (
        path.as_os_str().as_encoded_bytes(),
        dir.as_os_str().as_encoded_bytes(),
    );
    p.len() > d.len() + 1
        && p.starts_with(d)
        && p[d.len()] == b'/'
        && !p[d.len() + 1..].contains(&b'/')
}

/// `Path::starts_with` on the bytes: the walk's paths are its roots joined
/// with names, so no `.` or doubled `/` tells them apart (and comparing
/// components for every file and folder was most of this module's time).
fn is_under(path: &Path, root: &Path) -> bool {
    let (p, r) = (
        path.as_os_str().as_encoded_bytes(),
        root.as_os_str().as_encoded_bytes(),
    );
    let r = r.strip_suffix(b"/").unwrap_or(r);
    p.starts_with(r) && (p.len() == r.len() || p[r.len()] == b'/')
}

/// The ignore files of one folder.
#[derive(Default)]
struct Level {
    /// `.ignore`.
    custom: Option<Gitignore>,
    /// `.gitignore`.
    git: Option<Gitignore>,
    /// The folder holds `.git`: no folder above it counts.
    repository: bool,
}

/// The ignore files that apply in a folder: its own and its parents' up to
/// the repository's root (deepest first), and that root's excludes.
struct Chain {
    levels: Vec<Arc<Level>>,
    excludes: Arc<Vec<Gitignore>>,
    /// No level has a rule and there are no excludes: nothing is ignored here.
    empty: bool,
}

/// The rules read so far, by folder (keyed by the folder's bytes, borrowed
/// from the files' paths: hashing a `Path` walks its components).
struct Rules<'f, 'a> {
    /// The folders of the found files: one the walk listed and that is not
    /// in `levels` holds no ignore file.
    folders: &'f FxHashMap<&'a OsStr, Folder<'a>>,
    /// The levels of listed folders with ignore files, and of folders read.
    levels: FxHashMap<&'a OsStr, Arc<Level>>,
    chains: FxHashMap<&'a OsStr, Arc<Chain>>,
    /// `.git/info/exclude` and the global excludes file, by repository root.
    excludes: FxHashMap<&'a OsStr, Arc<Vec<Gitignore>>>,
    /// The level of a folder that holds no ignore file.
    empty: Arc<Level>,
}

impl Level {
    /// The level of a folder the walk listed, which holds the hidden
    /// entries `names` of [`crate::walk::MARKS`].
    fn of_listed(dir: &Path, names: &[&OsStr]) -> Level {
        let has = |n: &str| names.iter().any(|m| *m == n);
        Level {
            custom: has(".ignore").then(|| read(dir, &[".ignore"])).flatten(),
            git: has(".gitignore")
                .then(|| read(dir, &[".gitignore"]))
                .flatten(),
            repository: has(".git"),
        }
    }

    /// The level of a folder the walk did not list: its ignore files and
    /// `.git` looked for one by one.
    fn read(dir: &Path) -> Level {
        let present: Vec<&OsStr> = [".ignore", ".gitignore", ".git"]
            .into_iter()
            .map(OsStr::new)
            .filter(|name| dir.join(name).exists())
            .collect();
        Level::of_listed(dir, &present)
    }
}

fn read(dir: &Path, names: &[&str]) -> Option<Gitignore> {
    let present: Vec<PathBuf> = names
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| p.is_file())
        .collect();
    // Most folders have none: no builder for them.
    if present.is_empty() {
        return None;
    }
    let mut b = GitignoreBuilder::new(dir);
    let mut any = false;
    for p in &present {
        if b.add(p).is_none() {
            any = true;
        }
    }
    any.then(|| b.build().ok())
        .flatten()
        .filter(|g| !g.is_empty())
}

fn decide(m: &Gitignore, path: &Path, is_dir: bool) -> Option<bool> {
    match m.matched(path, is_dir) {
        Match::Ignore(_) => Some(true),
        Match::Whitelist(_) => Some(false),
        Match::None => None,
    }
}

impl<'f, 'a> Rules<'f, 'a> {
    fn new(folders: &'f FxHashMap<&'a OsStr, Folder<'a>>) -> Self {
        Rules {
            folders,
            levels: FxHashMap::default(),
            chains: FxHashMap::default(),
            excludes: FxHashMap::default(),
            empty: Arc::default(),
        }
    }

    fn level(&mut self, dir: &'a Path) -> Arc<Level> {
        if let Some(l) = self.levels.get(dir.as_os_str()) {
            return l.clone();
        }
        let listed = self
            .folders
            .get(dir.as_os_str())
            .is_some_and(|f| f.root.is_some());
        if listed {
            return self.empty.clone();
        }
        let l = Arc::new(Level::read(dir));
        self.levels.insert(dir.as_os_str(), l.clone());
        l
    }

    fn excludes(&mut self, top: &'a Path) -> Arc<Vec<Gitignore>> {
        if let Some(e) = self.excludes.get(top.as_os_str()) {
            return e.clone();
        }
        let mut e = Vec::new();
        let (info, _) = exclude_file(top);
        let global = ignore::gitignore::gitconfig_excludes_path();
        for p in std::iter::once(info).chain(global) {
            let mut b = GitignoreBuilder::new(top);
            if p.is_file() && b.add(&p).is_none() {
                e.extend(b.build().ok().filter(|g| !g.is_empty()));
            }
        }
        let e = Arc::new(e);
        self.excludes.insert(top.as_os_str(), e.clone());
        e
    }

    /// The ignore files that apply to what `dir` holds. A folder without
    /// one shares the chain of the folder above it.
    fn chain(&mut self, dir: &'a Path) -> Arc<Chain> {
        if let Some(c) = self.chains.get(dir.as_os_str()) {
            return c.clone();
        }
        let level = self.level(dir);
        let rules = level.custom.is_some() || level.git.is_some();
        let c = match dir.parent().filter(|_| !level.repository) {
            Some(parent) if !rules => self.chain(parent),
            Some(parent) => {
                let above = self.chain(parent);
                let mut levels = Vec::with_capacity(above.levels.len() + 1);
                levels.push(level);
                levels.extend(above.levels.iter().cloned());
                Arc::new(Chain {
                    empty: false,
                    levels,
                    excludes: above.excludes.clone(),
                })
            }
            // The repository's root, or the top of the file system.
            None => {
                let excludes = self.excludes(dir);
                Arc::new(Chain {
                    empty: excludes.is_empty() && !rules,
                    levels: if rules { vec![level] } else { Vec::new() },
                    excludes,
                })
            }
        };
        self.chains.insert(dir.as_os_str(), c.clone());
        c
    }
}

impl Chain {
    /// Whether these ignore files ignore `path`, a file or (`is_dir`) a folder.
    fn decides(&self, path: &Path, is_dir: bool) -> bool {
        if self.empty {
            return false;
        }
        let custom = self.levels.iter().filter_map(|l| l.custom.as_ref());
        let git = self.levels.iter().filter_map(|l| l.git.as_ref());
        if let Some(d) = custom.chain(git).find_map(|m| decide(m, path, is_dir)) {
            return d;
        }
        self.excludes
            .iter()
            .find_map(|m| decide(m, path, is_dir))
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(root: &Path, rel: &str) -> ContentFile {
        ContentFile {
            rel: rel.to_string(),
            path: root.join(rel),
            lang: None,
        }
    }

    #[test]
    fn git_rules_of_every_level_apply_and_an_ignored_folder_holds_only_ignored_files() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path();
        let content = site.join("content");
        for d in ["resources", "docs/gen", "docs/kept", "blog"] {
            std::fs::create_dir_all(content.join(d)).unwrap();
        }
        std::fs::create_dir_all(site.join(".git/info")).unwrap();
        std::fs::write(site.join(".gitignore"), "resources/\n*.tmp.md\n").unwrap();
        std::fs::write(content.join("docs/.gitignore"), "gen/\n!keep.tmp.md\n").unwrap();
        std::fs::write(content.join("blog/.ignore"), "!*.tmp.md\n").unwrap();
        std::fs::write(site.join(".git/info/exclude"), "local.md\n").unwrap();
        let files: Vec<ContentFile> = [
            "resources/_index.md",
            "docs/gen/cmd.md",
            "docs/kept/a.md",
            "docs/x.tmp.md",
            "docs/keep.tmp.md",
            "blog/y.tmp.md",
            "blog/local.md",
            "blog/post.md",
        ]
        .iter()
        .map(|r| file(&content, r))
        .collect();
        let marks = [
            content.join("docs/.gitignore"),
            content.join("blog/.ignore"),
        ];
        let got = ignored(&files, std::slice::from_ref(&content), &marks);
        let mut got: Vec<String> = got
            .iter()
            .map(|p| {
                p.strip_prefix(&content)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                "blog/local.md",
                "docs/gen/cmd.md",
                "docs/x.tmp.md",
                "resources/_index.md"
            ]
        );
    }

    #[test]
    fn the_walked_directory_itself_is_never_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(tmp.path().join(".gitignore"), "content/\n").unwrap();
        let files = [file(&content, "a.md")];
        assert!(ignored(&files, std::slice::from_ref(&content), &[]).is_empty());
    }

    #[test]
    fn without_ignore_files_below_the_rules_above_still_apply() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        std::fs::create_dir_all(content.join("drafts")).unwrap();
        let files = [file(&content, "drafts/a.md"), file(&content, "b.md")];
        let roots = std::slice::from_ref(&content);
        // No ignore file anywhere (no repository either): nothing ignored.
        assert!(ignored(&files, roots, &[]).is_empty());
        // One above the walked directory, none below it.
        std::fs::write(tmp.path().join(".gitignore"), "drafts/\n").unwrap();
        let got = ignored(&files, roots, &[]);
        assert_eq!(
            got.into_iter().collect::<Vec<_>>(),
            [content.join("drafts/a.md")]
        );
    }
}
