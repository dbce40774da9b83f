//! README.md shows frontlint's output as it is: each ```text block that starts
//! with `$ frontlint ARGS` holds exactly what that command prints (stdout),
//! run from the repository root on a copy of the fixtures.

use std::path::Path;
use std::process::Command;

mod common;
use common::copy_dir;

/// Each sample in README.md: the arguments after `$ frontlint`, and the output.
fn samples(readme: &str) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut rest = readme;
    while let Some(start) = rest.find("```text\n$ frontlint ") {
        let block = &rest[start + "```text\n$ ".len()..];
        let end = block.find("```").expect("unclosed ```text block");
        let (command, output) = block[..end].split_once('\n').unwrap();
        let args = command
            .split_whitespace()
            .skip(1)
            .map(str::to_owned)
            .collect();
        out.push((args, output.to_owned()));
        rest = &block[end..];
    }
    out
}

#[test]
fn readme_sample_output_is_what_frontlint_prints() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let samples = samples(&readme);
    assert!(!samples.is_empty(), "README.md has no `$ frontlint` sample");
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo.join("fixtures"), &tmp.path().join("fixtures"));
    for (args, expected) in samples {
        let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
            .args(&args)
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "README.md's sample `frontlint {}` is not what it prints",
            args.join(" ")
        );
    }
}

/// The README stays readable in one sitting.
#[test]
fn readme_is_at_most_12000_characters() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let n = readme.chars().count();
    assert!(n <= 12_000, "README.md has {n} characters (at most 12,000)");
}
