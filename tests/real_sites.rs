//! frontlint on real public Hugo sites, held to what Hugo said about them.
//!
//! For each site under `tests/data/real/<site>/` the repository stores what
//! Hugo 0.168 said about a checkout of it (its (file, URL) pairs, the broken
//! links of a build, every `REF_NOT_FOUND`), written by
//! `scripts/real-sites/harness.py`. This test runs frontlint on the site's data
//! copy (`../shared/corpus/real/<site>`, beside the repository) and compares,
//! with the script's own comparison so the table and the test never disagree.
//!
//! A ratchet: the differences known today are listed in
//! `tests/data/real/<site>/known-differences.txt`. The test fails on a
//! difference not listed there, and on a listed one that no longer occurs, so
//! a fix also shrinks the file (`python3 scripts/real-sites/harness.py known --update`).
//!
//! Without the data copy the test is skipped; in CI (`CI` set) a data copy
//! that exists must be checked, and so must `python3` be on PATH.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

mod common;

/// Runs the real-site harness with this build of frontlint; its table (stdout).
/// It fails when frontlint differs from Hugo other than known, or the run fails.
fn harness(args: &[&OsStr]) -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(repo.join("scripts/real-sites/harness.py"))
        .args(args)
        .args(["--frontlint", env!("CARGO_BIN_EXE_frontlint")])
        .output()
        .expect("run the harness");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "harness {args:?}: frontlint differs from Hugo other than known, or the run failed:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

fn ratchet(site: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = repo.join("../shared/corpus/real").join(site);
    assert!(
        repo.join("tests/data/real")
            .join(site)
            .join("urls.tsv")
            .is_file(),
        "no stored Hugo data for {site}"
    );
    if !copy.is_dir() {
        eprintln!("skipping {site}: no data copy at {}", copy.display());
        return;
    }
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is not on PATH (CI needs it for the real-site ratchet)"
        );
        eprintln!("skipping {site}: python3 is not on PATH");
        return;
    }
    let text = harness(&["known".as_ref(), site.as_ref()]);
    assert!(
        text.contains(&format!("{site}: as known (")),
        "{site}: the harness did not compare: {text}"
    );
}

#[test]
fn dapr() {
    ratchet("dapr");
}

#[test]
fn linkerd() {
    ratchet("linkerd");
}

#[test]
fn opentelemetry() {
    ratchet("opentelemetry");
}

/// The harness itself, on a small site of ours whose faults are known: what it
/// reads from Hugo (broken links, a ref not found, a broken front matter link;
/// not the link a page template writes, which the harness removes) and how it
/// classifies frontlint's errors (a shortcode's link is one frontlint cannot see; a warning
/// for a ref Hugo never runs is counted apart).
#[test]
fn harness_on_a_known_site() {
    if !common::hugo_or_skip() {
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let (saved, diffs) = (tmp.path().join("hugo"), tmp.path().join("diffs.txt"));
    let site = repo.join("fixtures/real-sites/harness-check");
    let table = harness(&[
        "run".as_ref(),
        site.as_ref(),
        "--save".as_ref(),
        saved.as_ref(),
        "--diffs".as_ref(),
        diffs.as_ref(),
    ]);
    let data = |name: &str| {
        std::fs::read_to_string(saved.join(name))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        data("urls.tsv"),
        [
            "content/_index.md\t/",
            "content/guide/_index.md\t/guide/",
            "content/guide/draft.md\t/guide/draft/",
            "content/guide/first.md\t/guide/first/",
            "content/guide/later.md\t/guide/later/",
            "content/guide/second.md\t/guide/second/",
        ]
    );
    assert_eq!(
        data("broken.tsv"),
        [
            "content/guide/first.md\tfragment\t/guide/later/#the-end",
            "content/guide/first.md\tfragment\t/guide/second/#nothing-here",
            "content/guide/first.md\tmissing\t/guide/third/",
            "content/guide/first.md\tmissing\t/img/missing.png",
            "content/guide/first.md\tmissing\t/written-by-a-shortcode/",
            "content/guide/first.md\tmissing\thttps://example.org/guide/sixth/",
            "content/guide/first.md:3:8\tfront-matter\t/img/cover-that-is-not-there.png",
        ]
    );
    assert_eq!(data("refs.tsv"), ["content/guide/first.md:14:79\tgone.md"]);
    assert!(table.contains("| | 6 | 0 | 0 | 0 |"), "{table}");
    assert!(
        table.contains("| link-broken | 4 | 0 | 1 | | | |"),
        "{table}"
    );
    assert!(
        table.contains("| link-fragment | 1 | 0 | 0 | | | |"),
        "{table}"
    );
    assert!(
        table.contains("| **total** | 5 | 0 | 1 | 0 | 2 | 1 |"),
        "{table}"
    );
    // The shortcode's link is not in the page's source, nor is the host a shortcode writes
    // before a path; the stub's anchors are its layout's.
    assert!(
        table.contains("| Hugo: missing | | | | 0 | 2 | 0 |"),
        "{table}"
    );
    assert!(
        table.contains("| Hugo: fragment | | | | 0 | 0 | 1 |"),
        "{table}"
    );
    assert_eq!(
        std::fs::read_to_string(&diffs).unwrap(),
        "on-draft\tlink-broken\tcontent/guide/draft.md:5:14\t/guide/fourth/\n\
         target-layout\tfragment\tcontent/guide/first.md\t/guide/later/#the-end\n\
         template-written\tmissing\tcontent/guide/first.md\t/written-by-a-shortcode/\n\
         template-written\tmissing\tcontent/guide/first.md\thttps://example.org/guide/sixth/\n\
         warning\tlink-broken\tcontent/asides/unused.md:1:66\t/guide/fifth.md\n"
    );
    // A broken ref in a file no page prints: frontlint warns, Hugo never runs it.
    assert!(table.contains("link-broken (warning) 1"), "{table}");
}

/// A file mounted into two languages: frontlint reports each problem once, naming the
/// languages it is found in, and the harness matches that one report with Hugo's broken
/// link on each language's page (a hook's `/nl/…` form of a root link included).
#[test]
fn harness_matches_a_report_with_each_language() {
    if !common::hugo_or_skip() {
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = repo.join("fixtures/links/mounted-languages");
    let table = harness(&["run".as_ref(), site.as_ref()]);
    assert!(
        table.contains("| link-broken | 3 | 0 | 0 | | | |"),
        "{table}"
    );
    assert!(
        table.contains("| link-fragment | 1 | 0 | 0 | | | |"),
        "{table}"
    );
    assert!(
        table.contains("| **total** | 4 | 0 | 0 | 0 | 0 | 0 |"),
        "{table}"
    );
}
