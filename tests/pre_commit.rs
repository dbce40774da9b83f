//! The pre-commit hook, run by the real `pre-commit` tool (from PyPI) through
//! `pre-commit try-repo` in a temporary git repository: a commit with a broken
//! link and a schema error is blocked, a clean one is allowed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::copy_dir;

fn have(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(dir: &Path, cmd: &str, args: &[&str], envs: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(cmd);
    c.args(args).current_dir(dir);
    for (k, v) in envs {
        c.env(k, v);
    }
    c.env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org");
    c.env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org");
    c.output().unwrap_or_else(|e| panic!("{cmd}: {e}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn pre_commit_blocks_a_broken_commit_and_allows_a_clean_one() {
    if !have("pre-commit") || !have("git") {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit must be installed in CI (pip install pre-commit)"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // Shared between runs, so the hook's release build happens once.
    let home = repo.join("target/pre-commit-home");
    let build = repo.join("target/pre-commit-build");
    let envs: [(&str, &Path); 2] = [("PRE_COMMIT_HOME", &home), ("CARGO_TARGET_DIR", &build)];
    // The hook is built by `cargo install` (a release build); optimisation does
    // not matter for this test, build time does.
    std::env::set_var("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0");
    std::env::set_var("CARGO_PROFILE_RELEASE_DEBUG", "false");

    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    copy_dir(&repo.join("fixtures/example-site"), site);
    assert!(run(site, "git", &["init", "-q"], &[]).status.success());
    assert!(run(site, "git", &["add", "."], &[]).status.success());
    assert!(run(site, "git", &["commit", "-q", "-m", "base"], &[])
        .status
        .success());

    // A broken change: a link to a case study that does not exist, and a misspelled key.
    let page = site.join("content/outcomes/platform-ownership/index.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let broken = original
        .replacen("url: /company/book-online/", "url: /company/book-onlin/", 1)
        .replacen("\ntitle:", "\ntitel: oops\ntitle:", 1);
    assert_ne!(broken, original);
    std::fs::write(&page, &broken).unwrap();
    assert!(run(site, "git", &["add", "."], &[]).status.success());
    let repo_str = repo.to_str().unwrap();
    let out = run(
        site,
        "pre-commit",
        &["try-repo", repo_str, "frontlint", "--verbose"],
        &envs,
    );
    let log = text(&out);
    assert!(
        !out.status.success(),
        "the broken commit must be blocked:\n{log}"
    );
    assert!(
        log.contains("content/outcomes/platform-ownership/index.md"),
        "{log}"
    );
    assert!(log.contains("error[link-broken]"), "{log}");
    assert!(log.contains("\"/company/book-onlin/\""), "{log}");
    assert!(
        log.contains("error[schema-unknown-key]: unknown key \"titel\""),
        "{log}"
    );

    // A clean change to the same page passes, and the commit goes through.
    let clean = original.replacen(
        "title: Platform Ownership",
        "title: Platform Ownership, Revised",
        1,
    );
    assert_ne!(clean, original);
    std::fs::write(&page, clean).unwrap();
    assert!(run(site, "git", &["add", "."], &[]).status.success());
    let out = run(
        site,
        "pre-commit",
        &["try-repo", repo_str, "frontlint", "--verbose"],
        &envs,
    );
    let log = text(&out);
    assert!(out.status.success(), "the clean commit must pass:\n{log}");
    assert!(run(site, "git", &["commit", "-q", "-m", "clean"], &[])
        .status
        .success());
}
