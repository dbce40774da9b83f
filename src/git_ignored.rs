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
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The paths of `files` (each found below one of `roots`, the walked
/// directories) that git ignores.
pub(crate) fn ignored(files: &[ContentFile], roots: &[PathBuf]) -> FxHashSet<PathBuf> {
    let mut rules = Rules::default();
    let mut out = FxHashSet::default();
    for f in files {
        let Some(root) = roots
            .iter()
            .filter(|r| f.path.starts_with(r))
            .max_by_key(|r| r.as_os_str().len())
        else {
            continue;
        };
        let in_ignored_dir = f
            .path
            .parent()
            .is_some_and(|dir| rules.dir_ignored(dir, root));
        if in_ignored_dir || rules.decides(&f.path, false) {
            out.insert(f.path.clone());
        }
    }
    out
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

/// The rules read so far, by folder, and what was decided for folders.
#[derive(Default)]
struct Rules {
    levels: FxHashMap<PathBuf, Arc<Level>>,
    /// `.git/info/exclude` and the global excludes file, by repository root.
    excludes: FxHashMap<PathBuf, Arc<Vec<Gitignore>>>,
    dirs: FxHashMap<PathBuf, bool>,
}

fn read(dir: &Path, names: &[&str]) -> Option<Gitignore> {
    let mut b = GitignoreBuilder::new(dir);
    let mut any = false;
    for name in names {
        let p = dir.join(name);
        if p.is_file() && b.add(&p).is_none() {
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
        if let Some(l) = self.levels.get(dir) {
            return l.clone();
        }
        let l = Arc::new(Level {
            custom: read(dir, &[".ignore"]),
            git: read(dir, &[".gitignore"]),
            repository: dir.join(".git").exists(),
        });
        self.levels.insert(dir.to_path_buf(), l.clone());
        l
    }

    fn excludes(&mut self, top: &Path) -> Arc<Vec<Gitignore>> {
        if let Some(e) = self.excludes.get(top) {
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
        self.excludes.insert(top.to_path_buf(), e.clone());
        e
    }

    /// Whether the ignore files above `path` ignore it, by themselves.
    fn decides(&mut self, path: &Path, is_dir: bool) -> bool {
        let mut levels = Vec::new();
        let mut top = None;
        for dir in path.ancestors().skip(1) {
            let l = self.level(dir);
            let repository = l.repository;
            levels.push(l);
            if repository {
                top = Some(dir);
                break;
            }
        }
        let custom = levels.iter().filter_map(|l| l.custom.as_ref());
        let git = levels.iter().filter_map(|l| l.git.as_ref());
        if let Some(d) = custom.chain(git).find_map(|m| decide(m, path, is_dir)) {
            return d;
        }
        let top = top.or_else(|| path.ancestors().last()).unwrap_or(path);
        let excludes = self.excludes(top);
        excludes
            .iter()
            .find_map(|m| decide(m, path, is_dir))
            .unwrap_or(false)
    }

    /// Whether `dir`, or a folder between it and `root` (the walked
    /// directory, never itself ignored), is ignored.
    fn dir_ignored(&mut self, dir: &Path, root: &Path) -> bool {
        if dir == root || !dir.starts_with(root) {
            return false;
        }
        if let Some(&d) = self.dirs.get(dir) {
            return d;
        }
        let above = dir.parent().is_some_and(|p| self.dir_ignored(p, root));
        let d = above || self.decides(dir, true);
        self.dirs.insert(dir.to_path_buf(), d);
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
