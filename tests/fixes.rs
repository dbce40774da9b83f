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

fn offered(path: &str, code: &str, safety: &str, from: &str, to: &str, start: u64) -> Offered {
    let title = if code == "schema-unknown-key" {
        format!("rename \"{from}\" to \"{to}\"")
    } else {
        format!("replace \"{from}\" with \"{to}\"")
    };
    (
        s(path),
        s(code),
        s(safety),
        title,
        vec![(start, start + from.len() as u64, s(to))],
    )
}

/// One fix of each kind, each on the bytes of what it replaces.
fn expected_fixes() -> Vec<Offered> {
    vec![
        offered(
            "content/_index.md",
            "link-alias",
            "safe",
            "/watering/",
            "/care/watering/",
            69,
        ),
        offered(
            "content/_index.md",
            "link-alias",
            "safe",
            "/watering/#dry-spells",
            "/care/watering/#dry-spells",
            108,
        ),
        offered(
            "content/_index.md",
            "link-broken",
            "unsafe",
            "/care/seed-tray/",
            "/care/seed-trays/",
            167,
        ),
        offered(
            "content/_index.md",
            "link-broken",
            "safe",
            "care/compost.md",
            "/care/compost/",
            219,
        ),
        offered(
            "content/_index.md",
            "link-broken",
            "safe",
            "/tools/trowel.md",
            "/shed/trowel.md",
            265,
        ),
        offered(
            "content/care/drought.md",
            "link-fragment",
            "safe",
            "/care/watering/#Dry-Spells",
            "/care/watering/#dry-spells",
            67,
        ),
        offered(
            "content/care/drought.md",
            "link-redirect",
            "safe",
            "/heap/",
            "/care/compost/",
            115,
        ),
        offered(
            "content/care/drought.md",
            "link-fragment",
            "unsafe",
            "/care/watering/#dry-spell",
            "/care/watering/#dry-spells",
            137,
        ),
        offered(
            "content/care/harvest.md",
            "link-alias",
            "safe",
            "/watering/",
            "/care/watering/",
            73,
        ),
        offered(
            "content/care/watering.md",
            "schema-unknown-key",
            "unsafe",
            "descripton",
            "description",
            44,
        ),
    ]
}

#[test]
fn each_fix_kind_is_offered_with_its_edits() {
    let report = json(&fixture(), &["--no-cache"]);
    let fixes = fixes_of(&report);
    assert_eq!(fixes, expected_fixes());
    // Each edit covers exactly what it replaces, in the file's bytes.
    for (path, _, _, title, edits) in &fixes {
        let bytes = std::fs::read(fixture().join(path)).unwrap();
        for (start, end, _) in edits {
            let old = std::str::from_utf8(&bytes[*start as usize..*end as usize]).unwrap();
            assert!(title.contains(&format!("\"{old}\"")), "{title} at {old:?}");
        }
    }
    // Positions in lines and columns too (the CRLF page's line 4).
    let harvest = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "content/care/harvest.md")
        .unwrap();
    let edit = &harvest["fixes"][0]["edits"][0];
    assert_eq!(
        (
            &edit["line"],
            &edit["column"],
            &edit["end_line"],
            &edit["end_column"]
        ),
        (
            &Value::from(4),
            &Value::from(48),
            &Value::from(4),
            &Value::from(58)
        )
    );
}

/// A copy of the fixture to fix, without caches.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture(), &site);
    (tmp, site)
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The file at `path` of the fixture with the edits of `fixes` (of the given
/// safeties) made: what `--fix` must leave, byte for byte, and nothing else changed.
fn spliced(path: &str, safeties: &[&str]) -> Vec<u8> {
    let mut bytes = std::fs::read(fixture().join(path)).unwrap();
    let mut edits: Vec<(u64, u64, String)> = expected_fixes()
        .into_iter()
        .filter(|f| f.0 == path && safeties.contains(&f.2.as_str()))
        .flat_map(|f| f.4)
        .collect();
    edits.sort();
    for (start, end, to) in edits.into_iter().rev() {
        bytes.splice(start as usize..end as usize, to.into_bytes());
    }
    bytes
}

const DIFF: &str = "--- a/content/_index.md
+++ b/content/_index.md
@@ -1,8 +1,8 @@
 ---
 title: Allotment notes
 ---
-Before planting, read [when to water](/watering/) and [the dry-spell advice](/watering/#dry-spells).
+Before planting, read [when to water](/care/watering/) and [the dry-spell advice](/care/watering/#dry-spells).
 
-Sowing starts in [the seed trays](/care/seed-tray/) and ends with [the compost guide](care/compost.md).
+Sowing starts in [the seed trays](/care/seed-tray/) and ends with [the compost guide](/care/compost/).
 
-Keep [the trowel]({{< ref \"/tools/trowel.md\" >}}) clean.
+Keep [the trowel]({{< ref \"/shed/trowel.md\" >}}) clean.
--- a/content/care/drought.md
+++ b/content/care/drought.md
@@ -1,5 +1,5 @@
 ---
 title: Drought
 ---
-In a hot week follow [the dry-spell advice](/care/watering/#Dry-Spells) and keep
-[the heap](/heap/) damp; [mulch](/care/watering/#dry-spell) helps too.
+In a hot week follow [the dry-spell advice](/care/watering/#dry-spells) and keep
+[the heap](/care/compost/) damp; [mulch](/care/watering/#dry-spell) helps too.
--- a/content/care/harvest.md
+++ b/content/care/harvest.md
@@ -1,4 +1,4 @@
 ---\r
 title: Harvest\r
 ---\r
-Pick beans while they are thin; see [watering](/watering/) for the weeks before.\r
+Pick beans while they are thin; see [watering](/care/watering/) for the weeks before.\r
";

#[test]
fn fix_diff_prints_the_safe_fixes_and_writes_nothing() {
    let (_tmp, site) = copy();
    let before = files(&site);
    let out = run(&site, &["check", "--no-cache", "--fix", "--diff"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), DIFF);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "frontlint: 7 fixes to make in 3 files (--diff: no file changed)\n"
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(files(&site), before);
}

#[test]
fn fix_applies_the_safe_fixes_and_reports_what_remains() {
    let (_tmp, site) = copy();
    let before = files(&site);
    let out = run(
        &site,
        &["check", "--no-cache", "--fix", "--format", "short"],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "content/_index.md:6:35: error[link-broken]: link \"the seed trays\" → \"/care/seed-tray/\" leads nowhere: \
         no page, section, file or alias has the URL \"/care/seed-tray/\" (help: did you mean \"/care/seed-trays/\" \
         or \"/care/harvest/\" or \"/care/watering/\"?) [unsafe fix available (--fix --unsafe-fixes): replace \
         \"/care/seed-tray/\" with \"/care/seed-trays/\"]\n\
         content/care/drought.md:5:42: error[link-fragment]: link \"mulch\" → \"/care/watering/#dry-spell\": no \
         heading \"#dry-spell\" on care/watering.md (help: did you mean \"#dry-spells\"?) [unsafe fix available \
         (--fix --unsafe-fixes): replace \"/care/watering/#dry-spell\" with \"/care/watering/#dry-spells\"]\n\
         content/care/watering.md:4:1: error[schema-unknown-key]: unknown key \"descripton\"; did you mean \
         \"description\"? (help: allowed keys: title, description, aliases) [unsafe fix available (--fix \
         --unsafe-fixes): rename \"descripton\" to \"description\"]\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "frontlint: content/_index.md: 4 fixes applied\nfrontlint: content/care/drought.md: 2 fixes applied\n\
         frontlint: content/care/harvest.md: 1 fix applied\n"
    );
    // Errors remain (the unsafe fixes were not made).
    assert_eq!(out.status.code(), Some(1));
    let index = std::fs::read_to_string(site.join("content/_index.md")).unwrap();
    assert_eq!(
        index,
        "---\ntitle: Allotment notes\n---\n\
         Before planting, read [when to water](/care/watering/) and [the dry-spell advice](/care/watering/#dry-spells).\n\n\
         Sowing starts in [the seed trays](/care/seed-tray/) and ends with [the compost guide](/care/compost/).\n\n\
         Keep [the trowel]({{< ref \"/shed/trowel.md\" >}}) clean.\n"
    );
    // The CRLF page stays CRLF.
    assert_eq!(
        std::fs::read(site.join("content/care/harvest.md")).unwrap(),
        b"---\r\ntitle: Harvest\r\n---\r\nPick beans while they are thin; see [watering](/care/watering/) for the weeks before.\r\n"
    );
    // Only the fixed spans differ; every other file is untouched.
    for (rel, old) in &before {
        let now = std::fs::read(site.join(rel)).unwrap();
        let shown = rel.to_string_lossy().replace('\\', "/");
        match shown.as_str() {
            "content/_index.md" | "content/care/drought.md" | "content/care/harvest.md" => {
                assert_eq!(now, spliced(&shown, &["safe"]), "{shown}")
            }
            _ => assert_eq!(&now, old, "{shown} changed"),
        }
    }
    // Nothing left to fix safely: a second run changes nothing.
    let again = run(
        &site,
        &["check", "--no-cache", "--fix", "--format", "short"],
    );
    assert_eq!(String::from_utf8_lossy(&again.stderr), "");
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn unsafe_fixes_leave_nothing_to_report() {
    let (_tmp, site) = copy();
    let before = files(&site);
    let out = run(
        &site,
        &[
            "check",
            "--no-cache",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "short",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "frontlint: content/_index.md: 5 fixes applied\n\
         frontlint: content/care/drought.md: 3 fixes applied\n\
         frontlint: content/care/harvest.md: 1 fix applied\n\
         frontlint: content/care/watering.md: 1 fix applied\n"
    );
    assert_eq!(out.status.code(), Some(0));
    for (rel, old) in &before {
        let now = std::fs::read(site.join(rel)).unwrap();
        let shown = rel.to_string_lossy().replace('\\', "/");
        if shown.starts_with("content/") {
            assert_eq!(now, spliced(&shown, &["safe", "unsafe"]), "{shown}");
        } else {
            assert_eq!(&now, old, "{shown} changed");
        }
    }
    // The renamed key kept its value and its line.
    let watering = std::fs::read_to_string(site.join("content/care/watering.md")).unwrap();
    assert!(watering.contains("\ndescription: How much and how often.\n"));
}

#[test]
fn diff_and_unsafe_fixes_need_fix() {
    for flag in ["--diff", "--unsafe-fixes"] {
        let out = run(&fixture(), &["check", "--no-cache", flag]);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--fix"));
    }
}

#[test]
fn a_file_changed_since_it_was_checked_is_not_written() {
    let (_tmp, site) = copy();
    let outcome = frontlint::check::run(&frontlint::check::Request {
        paths: vec![site.clone()],
        no_cache: true,
        ..Default::default()
    })
    .unwrap();
    let fixed = frontlint::cli::fixed_files(&outcome, false);
    assert_eq!(fixed.len(), 3);
    // Someone saves the home page between the check and the write.
    let home = site.join("content/_index.md");
    let edited =
        "---\ntitle: Allotment notes\n---\nRewritten meanwhile: [when to water](/watering/).\n";
    std::fs::write(&home, edited).unwrap();
    assert_eq!(frontlint::cli::write_fixed(&fixed), 2);
    assert_eq!(std::fs::read_to_string(&home).unwrap(), edited);
    // The other files were fixed.
    for other in ["content/care/drought.md", "content/care/harvest.md"] {
        assert_eq!(
            std::fs::read(site.join(other)).unwrap(),
            spliced(other, &["safe"]),
            "{other}"
        );
    }
}

#[test]
fn a_diff_without_fixes_is_empty() {
    let (_tmp, site) = copy();
    let fixed = run(&site, &["check", "--no-cache", "--fix", "--unsafe-fixes"]);
    assert_eq!(fixed.status.code(), Some(0));
    let out = run(&site, &["check", "--no-cache", "--fix", "--diff"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(out.status.code(), Some(0));
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

#[test]
fn explain_lists_the_fixes_of_each_rule_that_offers_them() {
    let mut seen = std::collections::BTreeSet::new();
    for (_, code, safety, _, _) in expected_fixes() {
        seen.insert((code, safety));
    }
    for (code, safety) in seen {
        let out = run(&fixture(), &["explain", &code]);
        let text = String::from_utf8_lossy(&out.stdout);
        let fixes = text
            .split("\n## Fixes\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{code}: no Fixes section"));
        assert!(
            fixes.contains(&format!("({safety}")),
            "{code}: no {safety} fix listed"
        );
    }
}
