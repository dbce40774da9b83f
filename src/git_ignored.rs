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
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The paths of `files` (each found below one of `roots`, the walked
/// directories) that git ignores.
pub(crate) fn ignored(files: &[ContentFile], roots: &[PathBuf]) -> FxHashSet<PathBuf> {
    let mut rules = Rules::default();
    // Reading a folder's ignore files is three `stat`s: done for the
    // folders that hold files on all threads first (the rest are few).
    let dirs: FxHashSet<&Path> = files.iter().filter_map(|f| f.path.parent()).collect();
    let levels: Vec<(OsString, Arc<Level>)> = dirs
        .into_par_iter()
        .map(|d| (d.as_os_str().to_owned(), Arc::new(Level::read(d))))
        .collect();
    rules.levels.extend(levels);
    let mut out = FxHashSet::default();
    for f in files {
        let Some(root) = roots
            .iter()
            .filter(|r| is_under(&f.path, r))
            .max_by_key(|r| r.as_os_str().len())
        else {
            continue;
        };
        let Some(dir) = f.path.parent() else {
            continue;
        };
        if rules.dir_ignored(dir, root) || rules.decides(&f.path, dir, false) {
            out.insert(f.path.clone());
        }
    }
    out
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

/// The rules read so far, by folder (keyed by the folder's bytes: hashing a
/// `Path` walks its components), and what was decided for folders.
#[derive(Default)]
struct Rules {
    levels: FxHashMap<OsString, Arc<Level>>,
    chains: FxHashMap<OsString, Arc<Chain>>,
    /// `.git/info/exclude` and the global excludes file, by repository root.
    excludes: FxHashMap<OsString, Arc<Vec<Gitignore>>>,
    dirs: FxHashMap<OsString, bool>,
}

impl Level {
    fn read(dir: &Path) -> Level {
        Level {
            custom: read(dir, &[".ignore"]),
            git: read(dir, &[".gitignore"]),
            repository: dir.join(".git").exists(),
        }
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

impl Rules {
    fn level(&mut self, dir: &Path) -> Arc<Level> {
        if let Some(l) = self.levels.get(dir.as_os_str()) {
            return l.clone();
        }
        let l = Arc::new(Level::read(dir));
        self.levels.insert(dir.as_os_str().to_owned(), l.clone());
        l
    }

    fn excludes(&mut self, top: &Path) -> Arc<Vec<Gitignore>> {
        if let Some(e) = self.excludes.get(top.as_os_str()) {
            return e.clone();
        }
        let mut e = Vec::new();
        let info = top.join(".git/info/exclude");
        let global = ignore::gitignore::gitconfig_excludes_path();
        for p in std::iter::once(info).chain(global) {
            let mut b = GitignoreBuilder::new(top);
            if p.is_file() && b.add(&p).is_none() {
                e.extend(b.build().ok().filter(|g| !g.is_empty()));
            }
        }
        let e = Arc::new(e);
        self.excludes.insert(top.as_os_str().to_owned(), e.clone());
        e
    }

    /// The ignore files that apply to what `dir` holds.
    fn chain(&mut self, dir: &Path) -> Arc<Chain> {
        if let Some(c) = self.chains.get(dir.as_os_str()) {
            return c.clone();
        }
        let level = self.level(dir);
        let c = match dir.parent().filter(|_| !level.repository) {
            Some(parent) => {
                let above = self.chain(parent);
                let mut levels = Vec::with_capacity(above.levels.len() + 1);
                levels.push(level.clone());
                levels.extend(above.levels.iter().cloned());
                Chain {
                    empty: above.empty && level.custom.is_none() && level.git.is_none(),
                    levels,
                    excludes: above.excludes.clone(),
                }
            }
            // The repository's root, or the top of the file system.
            None => {
                let excludes = self.excludes(dir);
                Chain {
                    empty: excludes.is_empty() && level.custom.is_none() && level.git.is_none(),
                    levels: vec![level],
                    excludes,
                }
            }
        };
        let c = Arc::new(c);
        self.chains.insert(dir.as_os_str().to_owned(), c.clone());
        c
    }

    /// Whether the ignore files above `path` (in folder `dir`) ignore it, by themselves.
    fn decides(&mut self, path: &Path, dir: &Path, is_dir: bool) -> bool {
        let c = self.chain(dir);
        if c.empty {
            return false;
        }
        let custom = c.levels.iter().filter_map(|l| l.custom.as_ref());
        let git = c.levels.iter().filter_map(|l| l.git.as_ref());
        if let Some(d) = custom.chain(git).find_map(|m| decide(m, path, is_dir)) {
            return d;
        }
        c.excludes
            .iter()
            .find_map(|m| decide(m, path, is_dir))
            .unwrap_or(false)
    }

    /// Whether `dir`, or a folder between it and `root` (the walked
    /// directory, never itself ignored), is ignored.
    fn dir_ignored(&mut self, dir: &Path, root: &Path) -> bool {
        if let Some(&d) = self.dirs.get(dir.as_os_str()) {
            return d;
        }
        if dir == root || !is_under(dir, root) {
            return false;
        }
        let d = match dir.parent() {
            Some(parent) => self.dir_ignored(parent, root) || self.decides(dir, parent, true),
            None => false,
        };
        self.dirs.insert(dir.as_os_str().to_owned(), d);
        d
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
        let got = ignored(&files, std::slice::from_ref(&content));
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
        assert!(ignored(&files, std::slice::from_ref(&content)).is_empty());
    }
}
