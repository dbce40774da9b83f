//! What changed in a site since the last commit, as git sees it. A pre-commit
//! hook is handed the staged files that exist; a page that was deleted, or
//! renamed away, is known only from git (`git diff HEAD`), and so is the text
//! a modified page had before (`git show HEAD:path`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// How a file changed since the last commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Added,
    Modified,
    Deleted,
}

/// One changed file of the site.
#[derive(Debug)]
pub(crate) struct Change {
    /// Absolute (below the site root).
    pub path: PathBuf,
    pub status: Status,
    /// Its text in the last commit (deleted and modified files).
    pub old: Option<Vec<u8>>,
}

/// Why the changes since the last commit are not known.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ChangesError {
    #[error("cannot run git: {0}")]
    Run(std::io::Error),
    /// git's own first line of error (not a repository, no commit yet).
    #[error("{0}")]
    Git(String),
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, ChangesError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(ChangesError::Run)?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(ChangesError::Git(
            err.lines().next().unwrap_or("git failed").to_string(),
        ));
    }
    Ok(out.stdout)
}

/// The files below `root` that differ between the last commit and the
/// working tree (under a pre-commit hook, the staged changes: the rest is
/// stashed), with the committed text of each deleted or modified one that
/// `wanted` selects. `Err`: why it is not known (not a git repository, no
/// commit yet, no git).
pub(crate) fn since_head(
    root: &Path,
    wanted: impl Fn(&Path) -> bool,
) -> Result<Vec<Change>, ChangesError> {
    // Renames are a deletion and an addition: links to the old path break.
    let out = git(
        root,
        &[
            "diff",
            "HEAD",
            "--name-status",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--relative",
            "--",
            ".",
        ],
    )?;
    let mut fields = out.split(|&b| b == 0).filter(|f| !f.is_empty());
    let mut changes = Vec::new();
    while let (Some(status), Some(path)) = (fields.next(), fields.next()) {
        let status = match status.first() {
            Some(b'A') => Status::Added,
            Some(b'D') => Status::Deleted,
            // Modified, type changed, unmerged.
            _ => Status::Modified,
        };
        let Ok(rel) = std::str::from_utf8(path) else {
            continue;
        };
        let abs = root.join(rel);
        if !wanted(&abs) {
            continue;
        }
        let old = match status {
            Status::Added => None,
            _ => git(root, &["show", &format!("HEAD:./{rel}")]).ok(),
        };
        changes.push(Change {
            path: abs,
            status,
            old,
        });
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn a_rename_is_a_deletion_and_an_addition_with_the_old_text() {
        if Command::new("git").arg("--version").output().is_err() {
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path();
        let site = repo.join("site");
        std::fs::create_dir_all(site.join("content/docs")).unwrap();
        std::fs::write(site.join("content/docs/install.md"), "old install").unwrap();
        std::fs::write(site.join("content/docs/setup.md"), "old setup").unwrap();
        std::fs::write(site.join("content/keep.md"), "kept").unwrap();
        std::fs::write(repo.join("outside.md"), "outside").unwrap();
        run(repo, &["init", "-q"]);
        assert!(since_head(&site, |_| true).is_err(), "no commit yet");
        run(repo, &["add", "."]);
        run(repo, &["commit", "-q", "-m", "base"]);
        run(
            repo,
            &[
                "mv",
                "site/content/docs/install.md",
                "site/content/docs/installation.md",
            ],
        );
        std::fs::write(site.join("content/docs/setup.md"), "new setup").unwrap();
        std::fs::write(repo.join("outside.md"), "changed").unwrap();
        let mut changes = since_head(&site, |p| p.extension().is_some_and(|e| e == "md")).unwrap();
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        let seen: Vec<(String, Status, Option<String>)> = changes
            .iter()
            .map(|c| {
                (
                    c.path.strip_prefix(&site).unwrap().display().to_string(),
                    c.status,
                    c.old
                        .as_ref()
                        .map(|b| String::from_utf8_lossy(b).into_owned()),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "content/docs/install.md".into(),
                    Status::Deleted,
                    Some("old install".into())
                ),
                ("content/docs/installation.md".into(), Status::Added, None),
                (
                    "content/docs/setup.md".into(),
                    Status::Modified,
                    Some("old setup".into())
                ),
            ]
        );
    }
}
