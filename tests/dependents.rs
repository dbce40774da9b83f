//! `check --dependents`: besides the files given, the pages whose links a
//! change since the last commit breaks (a rename, a deletion, a changed slug,
//! url or aliases, a removed heading), and only what the change broke. A site
//! under git in a temporary directory; `tests/pre_commit.rs` runs the same
//! through the real `pre-commit`.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Repo {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

fn have_git() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Repo {
    /// A small site, committed: `guide.md` links to `docs/install.md` four
    /// ways (path, fragment, ref, relative from `setup.md`), to `setup.md` by
    /// its slug, to `about.md` by its url and to an alias of `news.md`; one of
    /// its links was broken already, and it has a schema error of its own.
    fn new() -> Repo {
        let repo = Repo::committed();
        // A full run at the last commit, as a user or CI makes: it leaves the
        // cache (and its reverse index of links) that a warm run uses.
        repo.fill_cache();
        repo
    }

    /// The site of [`Repo::new`], committed, with no run before.
    fn committed() -> Repo {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let repo = Repo { _tmp: tmp, dir };
        repo.write(
            "hugo.toml",
            "baseURL = \"https://example.org/\"\ntitle = \"Docs\"\n",
        );
        repo.write("frontlint.toml", "");
        repo.write(
            "content/docs/install.md",
            "---\ntitle: Install\n---\n## Requirements\n\nA computer.\n",
        );
        repo.write(
            "content/docs/setup.md",
            "---\ntitle: Setup\nslug: setup-guide\n---\nFirst [install](../install/).\n",
        );
        repo.write(
            "content/about.md",
            "---\ntitle: About\nurl: /about-us/\n---\nUs.\n",
        );
        repo.write(
            "content/news.md",
            "---\ntitle: News\naliases: [/old-news/]\n---\nNews.\n",
        );
        repo.write(
            "content/guide.md",
            "---\ntitle: Guide\nweight: heavy\n---\n\
             [a](/docs/install/) [b](/docs/install/#requirements)\n\
             [c]({{< ref \"docs/install.md\" >}}) [d](/docs/setup-guide/)\n\
             [e](/about-us/) [f](/old-news/) [g](/docs/install-old/)\n",
        );
        repo.write("content/other.md", "---\ntitle: Other\n---\n[home](/)\n");
        repo.git(&["init", "-q"]);
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "base"]);
        repo
    }

    fn fill_cache(&self) {
        let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
            .args(["check", "--format", "short"])
            .current_dir(&self.dir)
            .env_remove("FRONTLINT_CONFIG")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.dir.join(rel)).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .args(args)
            .current_dir(&self.dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    /// `frontlint check --dependents --format short --no-cache ARGS` in the
    /// repository: exit code, stdout, stderr. The same run with the cache
    /// (warm: pages and links known from the last run) must say exactly the
    /// same.
    fn check(&self, args: &[&str]) -> (i32, String, String) {
        let cold = run(&self.dir, args);
        let (warm, _) = self.warm(args);
        assert_eq!(warm, cold, "with the cache and without, {args:?}");
        cold
    }

    /// [`Repo::check`] with the cache, and how many pages the reverse index
    /// of links answered for (from the run's timings).
    fn warm(&self, args: &[&str]) -> ((i32, String, String), usize) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_frontlint"));
        command.args(["check", "--dependents", "--format", "short"]);
        command.env("FRONTLINT_TIMINGS", "1");
        let (code, out, err) = output(&self.dir, command.args(args));
        let mut known = 0;
        let mut rest = String::new();
        for line in err.lines() {
            if let Some(t) = line.strip_prefix("frontlint timings: ") {
                if let Some((_, n)) = t.split_once("pages read, ") {
                    known = n.split(' ').next().unwrap().parse().unwrap();
                }
            } else {
                rest.push_str(line);
                rest.push('\n');
            }
        }
        ((code, out, rest), known)
    }
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontlint"));
    command.args(["check", "--dependents", "--format", "short", "--no-cache"]);
    output(dir, command.args(args))
}

fn output(dir: &Path, command: &mut Command) -> (i32, String, String) {
    let out = command
        .current_dir(dir)
        // No repository above the site counts.
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env_remove("FRONTLINT_CONFIG")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The help of a link the change broke, with `more` after it.
fn why(more: &str) -> String {
    let why = "this link resolved before the change (in the last commit)";
    if more.is_empty() {
        format!(" (help: {why})")
    } else {
        format!(" (help: {why}; {more})")
    }
}

/// What `guide.md` says when its link `text` → `url` at line:column leads
/// nowhere now, with `more` help.
fn broken(at: &str, text: &str, url: &str, more: &str) -> String {
    format!(
        "content/guide.md:{at}: error[link-broken]: link \"{text}\" → \"{url}\" leads nowhere: no page, section, file or alias has the URL \"{}\"{}\n",
        url.split('#').next().unwrap(),
        why(more)
    )
}

#[test]
fn a_renamed_page_breaks_every_link_to_its_old_name() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.git(&[
        "mv",
        "content/docs/install.md",
        "content/docs/installation.md",
    ]);
    let new = "did you mean \"/docs/installation/\"?";
    let expected = format!(
        "content/docs/setup.md:5:17: error[link-broken]: link \"install\" → \"../install/\" leads nowhere: no page, section, file or alias has the URL \"/docs/install/\"{}\n{}{}content/guide.md:6:14: error[link-broken]: ref \"docs/install.md\" names no page (REF_NOT_FOUND: page not found); Hugo will fail the build{}\n",
        why(new),
        broken("5:5", "a", "/docs/install/", new),
        broken("5:25", "b", "/docs/install/#requirements", new),
        why("did you mean \"docs/installation.md\"?"),
    );
    // The staged file the hook hands over, or nothing at all: the same.
    for args in [&["content/docs/installation.md"][..], &[]] {
        let (code, out, err) = repo.check(args);
        assert_eq!((code, err.as_str()), (1, ""), "{out}");
        assert_eq!(out, expected, "{args:?}");
        // Warm, the five other pages were known from the index.
        assert_eq!(repo.warm(args).1, 5);
    }
}

/// With no full run before it, the hook's first run reads every page and
/// learns their links for the reverse index, so that the next run reads only
/// the pages whose links name a changed page.
#[test]
fn the_first_dependents_run_fills_the_link_index() {
    if !have_git() {
        return;
    }
    let repo = Repo::committed();
    repo.git(&[
        "mv",
        "content/docs/install.md",
        "content/docs/installation.md",
    ]);
    let (first, known) = repo.warm(&[]);
    assert_eq!(known, 0);
    assert_eq!(first.0, 1, "{first:?}");
    let (second, known) = repo.warm(&[]);
    assert_eq!(second, first);
    assert_eq!(known, 5);
}

#[test]
fn a_deleted_page_breaks_the_links_to_it() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.git(&["rm", "-q", "content/docs/setup.md"]);
    // No file is handed over for a deletion.
    let (code, out, err) = repo.check(&[]);
    assert_eq!(repo.warm(&[]).1, 5);
    assert_eq!((code, err.as_str()), (1, ""), "{out}");
    assert_eq!(
        out,
        broken(
            "6:40",
            "d",
            "/docs/setup-guide/",
            "did you mean \"/guide/\"?"
        )
    );
}

#[test]
fn a_changed_slug_url_or_alias_breaks_the_links_to_the_old_one() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.edit(
        "content/docs/setup.md",
        "slug: setup-guide",
        "slug: setting-up",
    );
    repo.edit("content/about.md", "url: /about-us/", "url: /team/");
    repo.edit("content/news.md", "[/old-news/]", "[/older-news/]");
    repo.git(&["add", "."]);
    let (code, out, err) = repo.check(&[
        "content/docs/setup.md",
        "content/about.md",
        "content/news.md",
    ]);
    assert_eq!((code, err.as_str()), (1, ""), "{out}");
    assert_eq!(repo.warm(&[]).1, 3);
    assert_eq!(
        out,
        format!(
            "{}{}{}",
            broken(
                "6:40",
                "d",
                "/docs/setup-guide/",
                "did you mean \"/guide/\" or \"/docs/setting-up/\"?"
            ),
            broken("7:5", "e", "/about-us/", ""),
            broken("7:21", "f", "/old-news/", "did you mean \"/news/\"?"),
        )
    );
}

#[test]
fn a_removed_heading_breaks_the_fragments_that_name_it() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.edit("content/docs/install.md", "## Requirements", "## Needs");
    repo.git(&["add", "."]);
    let (code, out, _) = repo.check(&["content/docs/install.md"]);
    assert_eq!(code, 1);
    assert_eq!(repo.warm(&["content/docs/install.md"]).1, 5);
    assert_eq!(
        out,
        format!(
            "content/guide.md:5:25: error[link-fragment]: link \"b\" → \"/docs/install/#requirements\": no heading \"#requirements\" on docs/install.md{}\n",
            why("headings of docs/install.md: #needs")
        )
    );
}

#[test]
fn a_change_that_breaks_nothing_passes_and_other_faults_stay_out() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    // guide.md has a schema error and a link broken before: neither is this change's.
    repo.edit("content/docs/install.md", "A computer.", "Any computer.");
    repo.git(&["add", "."]);
    let (code, out, err) = repo.check(&["content/docs/install.md"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    // Nothing changed at all, and no file given.
    repo.git(&["commit", "-q", "-m", "edit"]);
    let (code, out, err) = repo.check(&[]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    // A page renamed whose `url` keeps its links working breaks nothing either.
    repo.git(&["mv", "content/about.md", "content/company.md"]);
    let (code, out, _) = repo.check(&["content/company.md"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn a_page_changed_since_the_cache_was_filled_is_read_again_not_trusted() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    // After the cache was filled, `other.md` gains a link to `install.md` and
    // is committed: what the index knew of its links is no longer true.
    repo.edit(
        "content/other.md",
        "[home](/)",
        "[home](/) [setup](/docs/install/)",
    );
    repo.git(&["commit", "-qam", "link"]);
    repo.git(&[
        "mv",
        "content/docs/install.md",
        "content/docs/installation.md",
    ]);
    let args = ["content/docs/installation.md"];
    // Four pages known from the index; `other.md` read, and checked.
    let ((code, out, _), known) = repo.warm(&args);
    assert_eq!((code, known), (1, 4));
    assert!(
        out.contains("content/other.md:4:19: error[link-broken]: link \"setup\" → \"/docs/install/\" leads nowhere"),
        "{out}"
    );
    // The same without the cache; and now the index knows its links.
    assert_eq!(repo.check(&args).1, out);
    assert_eq!(repo.warm(&args).1, 5);
}

#[test]
fn outside_git_only_the_files_given_are_checked_and_it_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hugo.toml"), "title = \"t\"\n").unwrap();
    std::fs::create_dir(tmp.path().join("content")).unwrap();
    std::fs::write(
        tmp.path().join("content/a.md"),
        "---\ntitle: A\n---\n[x](/b/)\n",
    )
    .unwrap();
    let (code, out, err) = run(tmp.path(), &["content/a.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "content/a.md:4:5: error[link-broken]: link \"x\" → \"/b/\" leads nowhere: no page, section, file or alias has the URL \"/b/\"\n"
    );
    assert!(
        err.starts_with("frontlint: the pages a change breaks are not known: "),
        "{err}"
    );
    assert!(
        err.ends_with("; only the files given were checked\n"),
        "{err}"
    );
}

/// A run without `--dependents` leaves an existing link index alone: the
/// entry of a page it saw edited no longer matches that page's bytes, so the
/// next `--dependents` run reads that page, and finds what a cold run finds.
#[test]
fn a_plain_run_leaves_the_link_index_to_the_dependents_runs() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.write(
        "content/other.md",
        "---\ntitle: Other\n---\n[home](/)\n\nOne more line.\n",
    );
    repo.fill_cache();
    repo.git(&[
        "mv",
        "content/docs/install.md",
        "content/docs/installation.md",
    ]);
    let (warm, known) = repo.warm(&[]);
    assert_eq!(
        known, 4,
        "the edited page is read, not taken from the index"
    );
    assert_eq!(warm, run(&repo.dir, &[]));
    assert_eq!(warm.0, 1, "{warm:?}");
}
