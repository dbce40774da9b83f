//! The pre-commit hook as a user gets it: this repository's `frontlint` wheel is
//! built once (maturin, one release build), and the real `pre-commit` tool (from
//! PyPI) installs the hook into a fresh virtualenv from that wheel (`language:
//! python`, no Rust compiler involved) and runs it through `pre-commit try-repo` in
//! a temporary git repository. The same wheel installed with pip into a fresh venv
//! gives a working `frontlint` command.
//!
//! [`HookRepo`] sets up a site under git with the hook; a case writes files, stages
//! them and asks [`HookRepo::pre_commit`] for the verdict.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

mod common;
use common::copy_dir;

fn have(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What every hook run shares: the directory holding the wheel, and a
/// `PRE_COMMIT_HOME` of this test run (so the hook is installed from this wheel,
/// never from an environment an earlier run left).
struct Built {
    wheels: PathBuf,
    home: tempfile::TempDir,
}

/// Builds the wheel once per test run; `None` when the tools are missing
/// (then the tests are skipped, except in CI, which installs them).
fn built() -> Option<&'static Built> {
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let tools = have("pre-commit", &["--version"])
                && have("git", &["--version"])
                && have("python3", &["-m", "maturin", "--version"]);
            if !tools {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "CI must have pre-commit, git and maturin (pip install pre-commit maturin)"
                );
                eprintln!(
                    "skipped: needs pre-commit, git and maturin (pip install pre-commit maturin)"
                );
                return None;
            }
            let repo = repo_root();
            let wheels = repo.join("target/pre-commit-wheels");
            let _ = std::fs::remove_dir_all(&wheels);
            // The release profile in the default target dir: the same build CI's
            // benchmark smoke test and `cargo build --release` use.
            let out = Command::new("python3")
                .args(["-m", "maturin", "build", "--release", "--locked", "--out"])
                .arg(&wheels)
                .current_dir(repo.join("pypi"))
                .env("CARGO_TARGET_DIR", repo.join("target"))
                .output()
                .unwrap();
            assert!(out.status.success(), "maturin build:\n{}", text(&out));
            Some(Built {
                wheels,
                home: tempfile::tempdir().unwrap(),
            })
        })
        .as_ref()
}

/// A git repository holding a copy of a fixture site, committed, where
/// `pre-commit` runs this repository's hook.
pub struct HookRepo {
    _tmp: tempfile::TempDir,
    /// The repository (and site) root.
    pub dir: PathBuf,
    built: &'static Built,
}

impl HookRepo {
    /// A copy of `fixtures/<fixture>` under git with one commit, or `None` when
    /// the tools are missing outside CI (the caller returns: skipped).
    pub fn new(fixture: &str) -> Option<HookRepo> {
        let built = built()?;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        copy_dir(&repo_root().join("fixtures").join(fixture), &dir);
        let repo = HookRepo {
            _tmp: tmp,
            dir,
            built,
        };
        repo.git(&["init", "-q"]);
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "base"]);
        Some(repo)
    }

    fn command(&self, cmd: &str, args: &[&str]) -> Command {
        let mut c = Command::new(cmd);
        c.args(args).current_dir(&self.dir);
        for k in ["GIT_AUTHOR", "GIT_COMMITTER"] {
            c.env(format!("{k}_NAME"), "t");
            c.env(format!("{k}_EMAIL"), "t@example.org");
        }
        c
    }

    /// Runs git in the repository; panics when it fails.
    pub fn git(&self, args: &[&str]) -> Output {
        let out = self.command("git", args).output().unwrap();
        assert!(out.status.success(), "git {args:?}:\n{}", text(&out));
        out
    }

    /// Reads a file of the site.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap()
    }

    /// Writes a file of the site (creating its directory), unstaged.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs the hook on the staged files as `git commit` would: whether it
    /// passed, and everything pre-commit printed (the hook's output included).
    pub fn pre_commit(&self) -> (bool, String) {
        // pip finds `frontlint==<version>` (the hook package's dependency) in the
        // wheel directory; the hook package's build backend comes from the index.
        let mut links = OsString::from(&self.built.wheels);
        if let Some(more) = std::env::var_os("PIP_FIND_LINKS") {
            links.push(" ");
            links.push(more);
        }
        let root = repo_root();
        let out = self
            .command(
                "pre-commit",
                &["try-repo", root.to_str().unwrap(), "frontlint", "--verbose"],
            )
            .env("PRE_COMMIT_HOME", self.built.home.path())
            .env("PIP_FIND_LINKS", links)
            .output()
            .unwrap();
        (out.status.success(), text(&out))
    }
}

#[test]
fn pre_commit_blocks_a_broken_commit_and_allows_a_clean_one() {
    let Some(repo) = HookRepo::new("example-site") else {
        return;
    };

    // A broken change: a link to a case study that does not exist, and a misspelled key.
    let page = "content/outcomes/platform-ownership/index.md";
    let original = repo.read(page);
    let broken = original
        .replacen("url: /company/book-online/", "url: /company/book-onlin/", 1)
        .replacen("\ntitle:", "\ntitel: oops\ntitle:", 1);
    assert_ne!(broken, original);
    repo.write(page, &broken);
    repo.git(&["add", "."]);
    let (passed, log) = repo.pre_commit();
    assert!(!passed, "the broken commit must be blocked:\n{log}");
    assert!(log.contains(page), "{log}");
    assert!(log.contains("error[link-broken]"), "{log}");
    assert!(log.contains("\"/company/book-onlin/\""), "{log}");
    assert!(
        log.contains("error[schema-unknown-key]: unknown key \"titel\""),
        "{log}"
    );

    // A clean change to the same page passes, and the commit goes through; the
    // README.md at the site root that the hook also hands over is not content
    // and is skipped, though it has no front matter and a link that leads nowhere.
    let clean = original.replacen(
        "title: Platform Ownership",
        "title: Platform Ownership, Revised",
        1,
    );
    assert_ne!(clean, original);
    repo.write(page, &clean);
    let readme = repo.read("README.md") + "See also [the archive](/archive/).\n";
    repo.write("README.md", &readme);
    repo.git(&["add", "."]);
    let (passed, log) = repo.pre_commit();
    assert!(passed, "the clean commit must pass:\n{log}");
    assert!(!log.contains("README.md"), "{log}");
    repo.git(&["commit", "-q", "-m", "clean"]);
}

/// The wheel is what `pip install frontlint` / `pipx install frontlint` give: in
/// a fresh venv it puts a `frontlint` of this version on PATH.
#[test]
fn the_wheel_installs_a_working_frontlint() {
    let Some(built) = built() else {
        return;
    };
    let venv = tempfile::tempdir().unwrap();
    let ok = |c: &mut Command| {
        let out = c.output().unwrap();
        assert!(out.status.success(), "{c:?}:\n{}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    ok(Command::new("python3")
        .arg("-m")
        .arg("venv")
        .arg(venv.path()));
    let bin = venv
        .path()
        .join(if cfg!(windows) { "Scripts" } else { "bin" });
    ok(Command::new(bin.join("python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--find-links",
        ])
        .arg(&built.wheels)
        .arg("frontlint"));
    let version = ok(Command::new(bin.join("frontlint")).arg("--version"));
    assert_eq!(
        version.trim(),
        concat!("frontlint ", env!("CARGO_PKG_VERSION"))
    );
}

/// The hook package pins the wheel of the crate's version, and the wheel takes
/// its version from Cargo.toml: a release bumps Cargo.toml and pyproject.toml.
#[test]
fn the_hook_package_depends_on_the_wheel_of_this_version() {
    let pyproject = std::fs::read_to_string(repo_root().join("pyproject.toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        pyproject.contains(&format!("\nversion = \"{version}\"\n")),
        "pyproject.toml's version must be {version}"
    );
    assert!(
        pyproject.contains(&format!("dependencies = [\"frontlint=={version}\"]")),
        "pyproject.toml must depend on frontlint=={version}"
    );
    let hooks = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains("language: python"), "{hooks}");
}

/// The hook blocks a commit that breaks other pages' links though it touches
/// none of them: a moved section, a deleted page, a changed slug. Each case
/// starts from the committed site.
#[test]
fn pre_commit_blocks_a_commit_that_breaks_links_in_pages_it_does_not_touch() {
    let Some(repo) = HookRepo::new("example-site") else {
        return;
    };
    let booking_pages = [
        "content/outcomes/platform-ownership/index.md:91:14: error[link-broken]",
        "content/outcomes/predictable-delivery/index.md:34:17: error[link-broken]",
        "content/outcomes/predictable-delivery/index.md:43:14: error[link-broken]",
        "content/outcomes/predictable-delivery/index.md:148:14: error[link-broken]",
    ];
    let blocked = |what: &str, expect: &[&str], help: &str| {
        let (passed, log) = repo.pre_commit();
        assert!(!passed, "{what} must be blocked:\n{log}");
        for line in expect {
            assert!(log.contains(line), "{what}: missing {line:?} in\n{log}");
        }
        assert!(log.contains(help), "{what}: missing {help:?} in\n{log}");
        assert_eq!(
            log.matches("this link resolved before the change").count(),
            expect.len(),
            "{what}:\n{log}"
        );
        repo.git(&["reset", "-q", "--hard"]);
        repo.git(&["clean", "-qfd"]);
    };

    // A section moved: its pages' URLs change.
    repo.git(&["mv", "content/company", "content/about"]);
    blocked(
        "a moved section",
        &booking_pages,
        "did you mean \"/about/book-online/\"?",
    );

    // A page deleted: no file is handed over, the hook runs anyway.
    repo.git(&["rm", "-rq", "content/resources/case-studies/Jx5cYv1MsRt"]);
    blocked(
        "a deleted case study",
        &[
            "content/outcomes/product-clarity/index.md:45:92: error[link-broken]",
            "content/outcomes/product-clarity/index.md:68:162: error[link-broken]",
        ],
        "\"/resources/case-studies/coaching-a-new-product-group-through-its-first-year/\" leads nowhere",
    );

    // A slug changed.
    let page = "content/company/book-online/index.md";
    let text = repo.read(page);
    let changed = text.replacen("slug: book-online", "slug: book-now", 1);
    assert_ne!(changed, text);
    repo.write(page, &changed);
    repo.git(&["add", "-A"]);
    blocked(
        "a changed slug",
        &booking_pages,
        "did you mean \"/company/book-now/\"?",
    );
}
