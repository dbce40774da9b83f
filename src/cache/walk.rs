//! The last walk's result, reused while nothing it was made from changed, so
//! that a cached run lists no directory.
//!
//! Which content files a walk finds is a function of the config (part of the
//! run fingerprint), of the listing of every directory it entered, and of the
//! ignore files that apply: `.gitignore` and `.ignore` in those directories and
//! their parents, `.git/info/exclude`, and git's global excludes file with the
//! git config files that name it. Adding, removing or renaming an entry
//! changes its directory's modification time; editing an ignore file changes
//! its own. So a walk records a [`Seen`] snapshot (kind, size, modification and
//! change times) of every directory just before it lists it and of every
//! ignore file that could apply, and its result is reused while every
//! snapshot still matches.
//!
//! A snapshot taken within [`RACY_NS`] of a change to the path does not
//! count (a change in the same clock tick leaves the times as they were), and
//! neither does a walk that met a symbolic link, a problem (an unreadable
//! directory) or a nested repository (`.git` or `.jj` below the content
//! directory): those are walked every time. Where `.git` is a file (a linked
//! worktree, a submodule), the files it leads to are snapshotted with it.
//!
//! ```text
//! "FLWALK03"  fingerprint: u64  environment: u64  checksum: u64 (xxh3 of the rest)
//! postcard: the content mounts, the files found (mount, path in the content tree,
//!           whether git ignores it),
//!           the snapshots and when they were taken
//! ```

use super::{ctime_ns, mtime_ns, now_ns, read_sealed, write_sealed, RACY_NS};
use crate::git_ignored::exclude_file;
use crate::types::mount::Root;
use crate::types::ContentFile;
use crate::walk::{BeforeListing, IGNORE_FILES, REPOSITORY_MARKERS};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

const MAGIC: &[u8; 8] = b"FLWALK03";
const FILE_PREFIX: &str = "walk-";

/// What a path was when it was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Seen {
    Absent,
    /// A file, a directory or anything else, with its size and times.
    Present {
        kind: u8,
        size: u64,
        mtime_ns: u128,
        ctime_ns: u128,
    },
}

impl Seen {
    /// The path's state now (not following a symbolic link).
    pub(crate) fn of(path: &Path) -> Seen {
        match std::fs::symlink_metadata(path) {
            Err(_) => Seen::Absent,
            Ok(m) => {
                let t = m.file_type();
                let kind = if t.is_file() {
                    1
                } else if t.is_dir() {
                    2
                } else if t.is_symlink() {
                    3
                } else {
                    4
                };
                Seen::Present {
                    kind,
                    size: m.len(),
                    mtime_ns: mtime_ns(&m),
                    ctime_ns: ctime_ns(&m),
                }
            }
        }
    }

    /// The path's state as a snapshot keeps it: [`Seen::of`], except that a
    /// repository folder (`.git`, `.jj`) counts by its presence only, since
    /// every commit changes its times. A `.git` file (a worktree's or a
    /// submodule's, naming its repository) keeps its times.
    fn now(path: &Path) -> Seen {
        let marker = path
            .file_name()
            .is_some_and(|n| REPOSITORY_MARKERS.iter().any(|m| n == *m));
        match Seen::of(path) {
            Seen::Present { kind: 2, .. } if marker => Seen::Present {
                kind: 2,
                size: 0,
                mtime_ns: 0,
                ctime_ns: 0,
            },
            s => s,
        }
    }

    /// Changed so shortly before `stamped_ns` that a change right after
    /// could have left the times as they were.
    fn racy(&self, stamped_ns: u128) -> bool {
        match self {
            Seen::Absent => false,
            Seen::Present {
                mtime_ns, ctime_ns, ..
            } => (*mtime_ns).max(*ctime_ns).saturating_add(RACY_NS) >= stamped_ns,
        }
    }
}

/// A hash of the environment variables the walker reads to find git's
/// global config and excludes file.
fn environment() -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for var in [
        "HOME",
        "XDG_CONFIG_HOME",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_SYSTEM",
    ] {
        h.update(var.as_bytes());
        h.update(b"=");
        if let Some(v) = std::env::var_os(var) {
            h.update(v.as_encoded_bytes());
        }
        h.update(b"\0");
    }
    h.digest()
}

/// The files outside the content that decide git's global ignore rules.
fn global_ignore_files() -> Vec<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| !p.as_os_str().is_empty())
    };
    let home = var("HOME");
    let xdg = var("XDG_CONFIG_HOME").or_else(|| home.as_ref().map(|h| h.join(".config")));
    let mut out = Vec::new();
    out.extend(var("GIT_CONFIG_GLOBAL"));
    out.extend(home.map(|h| h.join(".gitconfig")));
    if let Some(x) = xdg {
        out.push(x.join("git/config"));
        out.push(x.join("git/ignore"));
    }
    out.push(var("GIT_CONFIG_SYSTEM").unwrap_or_else(|| PathBuf::from("/etc/gitconfig")));
    out.extend(ignore::gitignore::gitconfig_excludes_path());
    out
}

/// Takes the snapshots while a walk runs (see the module notes).
pub(crate) struct Recorder {
    stamped_ns: u128,
    seen: Mutex<Vec<(PathBuf, Seen)>>,
    /// A nested repository was met: the walk is not stored.
    unsure: AtomicBool,
}

impl Recorder {
    /// Start recording; call before the walks, with the content directories.
    pub(crate) fn start(content_dirs: &[PathBuf]) -> Arc<Recorder> {
        Self::start_at(content_dirs, now_ns())
    }

    /// [`Recorder::start`] with the time the snapshots count as taken at.
    fn start_at(content_dirs: &[PathBuf], stamped_ns: u128) -> Arc<Recorder> {
        let r = Recorder {
            stamped_ns,
            seen: Mutex::new(Vec::new()),
            unsure: AtomicBool::new(false),
        };
        let mut seen = Vec::new();
        for path in global_ignore_files() {
            seen.push((path.clone(), Seen::of(&path)));
        }
        // The parents of each content directory: their ignore files, present
        // or not, and whether they are a repository root.
        for dir in content_dirs {
            for parent in dir.ancestors().skip(1) {
                for name in IGNORE_FILES.iter().chain(REPOSITORY_MARKERS) {
                    let path = parent.join(name);
                    let s = Seen::now(&path);
                    seen.push((path, s));
                }
                let (exclude, named_by) = exclude_file(parent);
                for path in named_by.into_iter().chain([exclude]) {
                    let s = Seen::now(&path);
                    seen.push((path, s));
                }
            }
        }
        if let Ok(mut s) = r.seen.lock() {
            *s = seen;
        }
        Arc::new(r)
    }

    /// The callback a walk calls before it lists a directory.
    pub(crate) fn before_listing(self: &Arc<Self>) -> BeforeListing {
        let me = self.clone();
        Arc::new(move |dir: &Path| me.listing(dir))
    }

    fn listing(&self, dir: &Path) {
        let mut mine = vec![(dir.to_path_buf(), Seen::of(dir))];
        // An ignore file that is absent now and created later changes the
        // directory's time; one that is present is watched itself.
        for name in IGNORE_FILES {
            let path = dir.join(name);
            let s = Seen::of(&path);
            if s != Seen::Absent {
                mine.push((path, s));
            }
        }
        if REPOSITORY_MARKERS
            .iter()
            .any(|m| Seen::of(&dir.join(m)) != Seen::Absent)
        {
            self.unsure.store(true, Ordering::Relaxed);
        }
        if let Ok(mut seen) = self.seen.lock() {
            seen.append(&mut mine);
        }
    }
}

/// What a stored walk was made of: each mount's language, source (as
/// walked), place in the content tree and filter.
type MountKey = (Option<String>, PathBuf, String, Vec<String>);

fn keys(site_root: &Path, roots: &[Root]) -> Vec<MountKey> {
    roots
        .iter()
        .map(|r| {
            (
                r.lang.clone(),
                site_root.join(&r.source),
                r.target.clone(),
                r.filter
                    .as_ref()
                    .map(|f| f.patterns().to_vec())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// The stored walk: borrowed from the run when saving, owned when loading.
#[derive(Serialize, Deserialize)]
struct File<'a> {
    mounts: Cow<'a, [MountKey]>,
    /// Each file's mount (its place in `mounts`), path in it and whether
    /// git ignores it.
    files: Vec<(u32, Cow<'a, str>, bool)>,
    seen: Cow<'a, [(PathBuf, Seen)]>,
    stamped_ns: u128,
}

/// The files the stored walk of the content mounts `roots` (below
/// `site_root`) found, and those of them git ignores, if nothing it was
/// made from has changed since.
pub(crate) fn replay(
    cache_dir: &Path,
    fingerprint: u64,
    site_root: &Path,
    roots: &[Root],
) -> Option<(Vec<ContentFile>, FxHashSet<PathBuf>)> {
    let body = read_sealed(cache_dir, MAGIC, FILE_PREFIX, &[fingerprint, environment()])?;
    let file: File = postcard::from_bytes(&body).ok()?;
    if *file.mounts != keys(site_root, roots) {
        return None;
    }
    let holds = file
        .seen
        .par_iter()
        .all(|(path, s)| !s.racy(file.stamped_ns) && Seen::now(path) == *s);
    if !holds {
        return None;
    }
    let mut ignored = FxHashSet::default();
    let files = file
        .files
        .into_iter()
        .map(|(d, rel, git_ignored)| {
            let root = roots.get(d as usize)?;
            let rel = rel.into_owned();
            let path = root.path_of(site_root, &rel)?;
            if git_ignored {
                ignored.insert(path.clone());
            }
            Some(ContentFile {
                path,
                rel,
                lang: root.lang.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((files, ignored))
}

/// Store a walk of the content mounts `roots` that found `files` (each from
/// one of them, as the walk made them), unless the recorder saw something
/// that makes it unsafe to reuse.
pub(crate) fn save(
    cache_dir: &Path,
    fingerprint: u64,
    site_root: &Path,
    roots: &[Root],
    files: &[ContentFile],
    ignored: &FxHashSet<PathBuf>,
    recorder: &Recorder,
) {
    if recorder.unsure.load(Ordering::Relaxed) {
        return;
    }
    let Ok(seen) = recorder.seen.lock() else {
        return;
    };
    let Some(files) = files
        .iter()
        .map(|f| {
            let d = roots.iter().position(|r| {
                r.lang == f.lang && r.path_of(site_root, &f.rel).as_ref() == Some(&f.path)
            })?;
            let git_ignored = ignored.contains(&f.path);
            Some((
                u32::try_from(d).ok()?,
                Cow::Borrowed(f.rel.as_str()),
                git_ignored,
            ))
        })
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let mounts = keys(site_root, roots);
    let file = File {
        mounts: Cow::Borrowed(&mounts),
        files,
        seen: Cow::Borrowed(&seen),
        stamped_ns: recorder.stamped_ns,
    };
    if let Ok(body) = postcard::to_allocvec(&file) {
        write_sealed(
            cache_dir,
            MAGIC,
            FILE_PREFIX,
            &[fingerprint, environment()],
            &body,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir_all(content.join("a/b")).unwrap();
        fs::write(content.join("a/b/p.md"), "x").unwrap();
        fs::write(content.join("q.md"), "y").unwrap();
        (tmp, content)
    }

    fn root(dir: &Path, lang: Option<&str>) -> Root {
        Root {
            source: dir.to_path_buf(),
            target: String::new(),
            lang: lang.map(str::to_string),
            files_lang: None,
            filter: None,
            ignore: None,
            origin: String::new(),
        }
    }

    /// Walk `dirs` and store the walk. `settled`: as if the walk ran well
    /// after the last change (out of the racy window), not right after it.
    /// The files a walk found, and those git ignores.
    type Found = (Vec<ContentFile>, FxHashSet<PathBuf>);

    fn walk_and_save(cache: &Path, dirs: &[Root], settled: bool) -> Found {
        let paths: Vec<PathBuf> = dirs.iter().map(|r| r.source.clone()).collect();
        let later = if settled { 10 * RACY_NS } else { 0 };
        let rec = Recorder::start_at(&paths, now_ns() + later);
        let site = dirs[0].source.parent().unwrap();
        let w = crate::walk::walk_mounts(dirs, site, None, None, Some(rec.before_listing()));
        let ignored = crate::git_ignored::ignored(&w.files, &paths, &w.marks);
        save(cache, 1, site, dirs, &w.files, &ignored, &rec);
        (w.files, ignored)
    }

    fn replay(cache: &Path, fingerprint: u64, dirs: &[Root]) -> Option<Found> {
        super::replay(cache, fingerprint, dirs[0].source.parent().unwrap(), dirs)
    }

    #[test]
    fn a_walk_is_replayed_while_no_directory_changed() {
        let (tmp, content) = site();
        let cache = tmp.path().join("cache");
        let dirs = vec![root(&content, None)];
        let files = walk_and_save(&cache, &dirs, true);
        assert_eq!(files.0.len(), 2);
        assert_eq!(replay(&cache, 1, &dirs), Some(files.clone()));
        // Another fingerprint or other content directories: not used.
        assert_eq!(replay(&cache, 2, &dirs), None);
        assert_eq!(replay(&cache, 1, &[root(&content, Some("en"))]), None);
        // Editing a file's bytes does not change the walk.
        fs::write(content.join("q.md"), "changed").unwrap();
        assert_eq!(replay(&cache, 1, &dirs), Some(files));
        // A new file changes its directory.
        fs::write(content.join("a/b/new.md"), "z").unwrap();
        assert_eq!(replay(&cache, 1, &dirs), None);
    }

    #[test]
    fn a_changed_ignore_file_is_noticed() {
        let (tmp, content) = site();
        let cache = tmp.path().join("cache");
        let dirs = vec![root(&content, None)];
        fs::write(content.join("a/.gitignore"), "nothing\n").unwrap();
        fs::write(tmp.path().join(".ignore"), "nothing\n").unwrap();
        walk_and_save(&cache, &dirs, true);
        assert!(replay(&cache, 1, &dirs).is_some());
        // Same size: only the times tell.
        fs::write(content.join("a/.gitignore"), "b/\n#xxx\n").unwrap();
        assert_eq!(replay(&cache, 1, &dirs), None);
        let (files, ignored) = walk_and_save(&cache, &dirs, true);
        assert_eq!(files.len(), 2, "Hugo builds what git ignores");
        assert_eq!(ignored.len(), 1, "a/b is ignored now");
        assert_eq!(replay(&cache, 1, &dirs).map(|r| r.1), Some(ignored));
        // In a parent of the content directory, present or created.
        walk_and_save(&cache, &dirs, true);
        assert!(replay(&cache, 1, &dirs).is_some());
        fs::write(tmp.path().join(".ignore"), "q.md\n#x\n").unwrap();
        assert_eq!(replay(&cache, 1, &dirs), None);
        fs::write(tmp.path().join(".ignore"), "nothing\n").unwrap();
        walk_and_save(&cache, &dirs, true);
        assert!(replay(&cache, 1, &dirs).is_some());
        fs::write(tmp.path().join(".gitignore"), "q.md\n").unwrap();
        assert_eq!(replay(&cache, 1, &dirs), None);
    }

    #[test]
    fn a_recent_change_or_a_nested_repository_is_never_trusted() {
        let (tmp, content) = site();
        let cache = tmp.path().join("cache");
        let dirs = vec![root(&content, None)];
        // Just created: racy.
        walk_and_save(&cache, &dirs, false);
        assert_eq!(replay(&cache, 1, &dirs), None);
        fs::create_dir(content.join("a/.git")).unwrap();
        let _ = fs::remove_dir_all(&cache);
        walk_and_save(&cache, &dirs, true);
        assert_eq!(replay(&cache, 1, &dirs), None, "not stored at all");
    }

    #[test]
    fn a_worktree_walk_is_stored_and_follows_its_repository_excludes() {
        let (tmp, content) = site();
        let cache = tmp.path().join("cache");
        let dirs = vec![root(&content, None)];
        // The site is a linked worktree of a repository elsewhere: its `.git`
        // file names the worktree's folder, whose `commondir` names the
        // repository.
        let repo = tempfile::tempdir().unwrap();
        let git_dir = repo.path().join(".git/worktrees/site");
        fs::create_dir_all(&git_dir).unwrap();
        fs::create_dir_all(repo.path().join(".git/info")).unwrap();
        fs::write(git_dir.join("commondir"), "../..\n").unwrap();
        let exclude = repo.path().join(".git/info/exclude");
        fs::write(&exclude, "nothing\n").unwrap();
        let dot_git = format!("gitdir: {}\n", git_dir.display());
        fs::write(tmp.path().join(".git"), dot_git).unwrap();
        let (_, ignored) = walk_and_save(&cache, &dirs, true);
        assert!(ignored.is_empty());
        assert!(replay(&cache, 1, &dirs).is_some(), "stored");
        // The repository's excludes apply, and a change to them is noticed.
        fs::write(&exclude, "q.md\n#x\n").unwrap();
        assert_eq!(replay(&cache, 1, &dirs), None);
        let (_, ignored) = walk_and_save(&cache, &dirs, true);
        assert_eq!(ignored, [content.join("q.md")].into_iter().collect());
        assert_eq!(replay(&cache, 1, &dirs).map(|r| r.1), Some(ignored));
    }

    #[test]
    fn a_commit_keeps_the_walk() {
        let (tmp, content) = site();
        let cache = tmp.path().join("cache");
        let dirs = vec![root(&content, None)];
        fs::create_dir(tmp.path().join(".git")).unwrap();
        walk_and_save(&cache, &dirs, true);
        assert!(replay(&cache, 1, &dirs).is_some());
        // A commit writes files in `.git`, which changes its times.
        fs::write(tmp.path().join(".git/index"), "x").unwrap();
        assert!(replay(&cache, 1, &dirs).is_some());
        // The repository gone: git's rules end elsewhere now.
        fs::remove_dir_all(tmp.path().join(".git")).unwrap();
        assert_eq!(replay(&cache, 1, &dirs), None);
    }

    #[test]
    fn a_damaged_file_is_not_used() {
        let (tmp, content) = site();
        let cache = tmp.path().join("cache");
        let dirs = vec![root(&content, None)];
        walk_and_save(&cache, &dirs, true);
        let name = fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().contains(FILE_PREFIX))
            .unwrap();
        assert!(replay(&cache, 1, &dirs).is_some());
        crate::cache::assert_damage_is_refused(&name, || replay(&cache, 1, &dirs).is_some());
    }
}
