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

use std::path::Path;
use std::process::Command;

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
    let out = Command::new("python3")
        .arg(repo.join("scripts/real-sites/harness.py"))
        .args([
            "known",
            site,
            "--frontlint",
            env!("CARGO_BIN_EXE_frontlint"),
        ])
        .output()
        .expect("run the harness");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{site}: frontlint differs from Hugo other than known:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
