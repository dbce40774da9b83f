//! Fixes: what each diagnostic offers (JSON, SARIF, after a warm cache), and
//! what `check --fix` does to the files of `fixtures/links/fixes/`, a site
//! with one case of each fix kind.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::copy_dir;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/links/fixes")
}

fn run(site: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(args)
        .current_dir(site)
        .env_remove("FRONTLINT_CONFIG")
        .env("NO_COLOR", "1")
        .output()
        .expect("run frontlint")
}

fn json(site: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(site, &args);
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// One fix of a JSON report: path, code, safety, title, [(start, end, replacement)].
type Offered = (String, String, String, String, Vec<(u64, u64, String)>);

/// Every fix of a JSON report.
fn fixes_of(report: &Value) -> Vec<Offered> {
    let mut out = Vec::new();
    for d in report["diagnostics"].as_array().unwrap() {
        for f in d["fixes"].as_array().unwrap() {
            let edits = f["edits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["start"].as_u64().unwrap(),
                        e["end"].as_u64().unwrap(),
                        e["replacement"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            out.push((
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                f["safety"].as_str().unwrap().to_string(),
                f["title"].as_str().unwrap().to_string(),
                edits,
            ));
        }
    }
    out
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn each_fix_kind_is_offered_with_its_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let report = json(
        &fixture(),
        &["--cache-dir", tmp.path().to_str().unwrap(), "--no-cache"],
    );
    let fixes = fixes_of(&report);
    let alias = |path: &str, from: &str, to: &str, start: u64| {
        (
            s(path),
            s("link-alias"),
            s("safe"),
            format!("replace \"{from}\" with \"{to}\""),
            vec![(start, start + from.len() as u64, s(to))],
        )
    };
    let expected = vec![
        alias("content/_index.md", "/watering/", "/care/watering/", 69),
        alias(
            "content/_index.md",
            "/watering/#dry-spells",
            "/care/watering/#dry-spells",
            108,
        ),
        alias(
            "content/care/harvest.md",
            "/watering/",
            "/care/watering/",
            73,
        ),
    ];
    assert_eq!(fixes, expected);
    // Edits name the bytes of the link as written.
    let text = std::fs::read_to_string(fixture().join("content/_index.md")).unwrap();
    assert_eq!(&text[69..79], "/watering/");
    let crlf = std::fs::read(fixture().join("content/care/harvest.md")).unwrap();
    assert_eq!(&crlf[73..83], b"/watering/");
}

#[test]
fn a_warm_cache_offers_the_same_fixes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture(), &site);
    let cache = tmp.path().join("cache");
    let cache = cache.to_str().unwrap();
    let cold = json(&site, &["--no-cache"]);
    let first = json(&site, &["--cache-dir", cache]);
    let warm = json(&site, &["--cache-dir", cache]);
    assert!(!fixes_of(&cold).is_empty());
    assert_eq!(cold, first);
    assert_eq!(cold, warm);
    assert!(
        std::fs::read_dir(cache).unwrap().count() > 0,
        "the cache was written"
    );
}

#[test]
fn sarif_lists_fixes_as_artifact_changes() {
    let out = run(&fixture(), &["check", "--no-cache", "--format", "sarif"]);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let with_fix: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("fixes").is_some())
        .collect();
    assert!(!with_fix.is_empty());
    let first = &with_fix[0];
    assert_eq!(
        first["fixes"][0],
        serde_json::json!({
            "description": { "text": "replace \"/watering/\" with \"/care/watering/\"" },
            "artifactChanges": [{
                "artifactLocation": { "uri": "content/_index.md", "uriBaseId": "%SRCROOT%" },
                "replacements": [{
                    "deletedRegion": {
                        "startLine": 4, "startColumn": 39, "endLine": 4, "endColumn": 49,
                        "byteOffset": 69, "byteLength": 10
                    },
                    "insertedContent": { "text": "/care/watering/" }
                }]
            }],
            "properties": { "safety": "safe" }
        })
    );
}
