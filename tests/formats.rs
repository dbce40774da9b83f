//! Output formats and the commands around them, beyond the trycmd snapshots:
//! the SARIF log validates against the official SARIF 2.1.0 schema, `--output`
//! writes what stdout would have shown, `explain` works for every code that
//! `rules` lists, and every shell gets a completion script.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn frontlint(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(args)
        .current_dir(cwd)
        .env_remove("FRONTLINT_CONFIG")
        .env("NO_COLOR", "1")
        .output()
        .expect("run frontlint")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

/// The official OASIS SARIF 2.1.0 schema (errata 01), committed so the test needs no network.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF log is invalid:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let site = root().join("fixtures/broken-schema");
    for args in [
        vec!["check", "--format", "sarif"],
        vec![
            "check",
            "--format",
            "sarif",
            "--config",
            "frontlint.warnings.toml",
        ],
    ] {
        let out = frontlint(&site, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
        assert_valid_sarif(&log);

        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), frontlint::rules::RULES.len());
        for (r, meta) in frontlint::rules::RULES.iter().zip(rules) {
            assert_eq!(meta["id"], r.code);
            assert_eq!(meta["defaultConfiguration"]["level"], r.default.as_str());
            assert_eq!(meta["help"]["markdown"], r.doc);
        }
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 9);
        for res in results {
            let i = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], res["ruleId"]);
            let loc = &res["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            assert!(loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("content/"));
            assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        }
        let warnings = results.iter().filter(|r| r["level"] == "warning").count();
        assert_eq!(warnings, if args.len() > 3 { 3 } else { 0 }, "{args:?}");
    }
}

#[test]
fn sarif_of_every_bad_input_fixture_is_valid() {
    for site in [
        "fixtures/broken-yaml",
        "fixtures/broken-files",
        "fixtures/example-site",
        // Results with fixes.
        "fixtures/links/fixes",
    ] {
        let out = frontlint(&root().join(site), &["check", "--format", "sarif"]);
        let log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
        assert_valid_sarif(&log);
    }
}

#[test]
fn the_schema_rejects_a_broken_log() {
    // The validator really checks: a result without a message is not SARIF.
    let log = serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "x" } }, "results": [{ "ruleId": "a" }] }]
    });
    assert!(!sarif_validator().is_valid(&log));
}

#[test]
fn output_writes_the_report_to_a_file() {
    let site = root().join("fixtures/broken-schema");
    let dir = tempfile::tempdir().unwrap();
    for format in ["human", "short", "json", "github", "sarif", "junit"] {
        let file = dir.path().join(format!("report.{format}"));
        let to_file = frontlint(
            &site,
            &[
                "check",
                "--format",
                format,
                "--output",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(to_file.status.code(), Some(1));
        assert_eq!(stdout(&to_file), "", "{format}: nothing on stdout");
        let to_stdout = frontlint(&site, &["check", "--format", format]);
        let written = std::fs::read_to_string(&file).unwrap();
        if format == "human" {
            // Only the elapsed time may differ.
            let strip = |s: &str| s.rsplit_once(" (").map(|(a, _)| a.to_string()).unwrap();
            assert_eq!(strip(&written), strip(&stdout(&to_stdout)));
            assert!(!written.contains('\u{1b}'), "no colour codes in a file");
        } else {
            assert_eq!(written, stdout(&to_stdout), "{format}");
        }
    }
    // An unwritable output is exit 2 with one line on stderr.
    let bad = frontlint(
        &site,
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            "/nonexistent-dir/x.sarif",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.starts_with("frontlint: cannot write /nonexistent-dir/x.sarif: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn junit_is_well_formed_enough() {
    let site = root().join("fixtures/broken-schema");
    let out = frontlint(
        &site,
        &[
            "check",
            "--format",
            "junit",
            "--config",
            "frontlint.warnings.toml",
        ],
    );
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    // 3 files checked, 2 of them with errors (the case study has only a warning).
    assert!(xml.contains("<testsuite name=\"frontlint\" tests=\"3\" failures=\"2\""));
    assert_eq!(xml.matches("<testcase ").count(), 3);
    assert_eq!(xml.matches("<failure ").count(), 6);
    assert_eq!(xml.matches("<system-out>").count(), 3);
    // Balanced elements.
    for tag in ["testsuites", "testsuite", "testcase"] {
        assert_eq!(
            xml.matches(&format!("<{tag} ")).count(),
            xml.matches(&format!("</{tag}>")).count(),
            "{tag}"
        );
    }
}

#[test]
fn explain_every_code_that_rules_lists() {
    let out = frontlint(&root(), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let listed: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(listed.len(), frontlint::rules::RULES.len());
    for code in &listed {
        let out = frontlint(&root(), &["explain", code]);
        assert_eq!(out.status.code(), Some(0), "explain {code}");
        let text = stdout(&out);
        let rule = frontlint::rules::get(code).unwrap();
        assert_eq!(text, frontlint::cli::explain(rule));
        assert!(text.starts_with(&format!(
            "{code} ({} by default)\n\n",
            rule.default.as_str()
        )));
        for section in ["## What it checks", "## Why it matters", "## Example"] {
            assert!(text.contains(section), "explain {code}: no {section}");
        }
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = frontlint(&root(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        assert!(text.contains("frontlint"), "{shell}");
        assert!(
            text.contains("explain"),
            "{shell}: subcommands are completed"
        );
    }
}

#[test]
fn lone_cr_is_a_line_break_in_every_format() {
    // Lines end at `\n`, `\r\n` and a lone `\r` alike (as YAML and Markdown
    // read them): `weight` is on line 3, the link on line 6. The link's
    // column counts characters, not bytes (`ä` is two).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("frontlint.toml"), "").unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/a.md"),
        "---\ntitle: x\rweight: heavy\n---\r\nBody\r[ä](/nope/)\r\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = frontlint(
            dir.path(),
            &["check", "--format", format, "--color", "never"],
        );
        assert_eq!(out.status.code(), Some(1), "{format}: {out:?}");
        stdout(&out)
    };

    assert_eq!(
        run("short"),
        "content/a.md:3:9: error[schema-type]: weight: expected an empty value or a number, found text \"heavy\"\n\
         content/a.md:6:5: error[link-broken]: link \"ä\" → \"/nope/\" leads nowhere: no page, section, file or alias has the URL \"/nope/\"\n"
    );

    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let at: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                [&d["line"], &d["column"], &d["end_line"], &d["end_column"]]
                    .map(|v| v.as_u64().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        at,
        vec![
            ("schema-type".to_string(), [3, 9, 3, 14]),
            ("link-broken".to_string(), [6, 5, 6, 11]),
        ]
    );

    let github = run("github");
    assert!(
        github.contains(
            "::error file=content/a.md,line=3,col=9,endLine=3,endColumn=14,title=schema-type::"
        ),
        "{github}"
    );
    assert!(
        github.contains(
            "::error file=content/a.md,line=6,col=5,endLine=6,endColumn=11,title=link-broken::"
        ),
        "{github}"
    );

    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let regions: Vec<_> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["region"].clone())
        .collect();
    assert_eq!(
        regions,
        vec![
            serde_json::json!({"startLine": 3, "startColumn": 9, "endLine": 3, "endColumn": 14}),
            serde_json::json!({"startLine": 6, "startColumn": 5, "endLine": 6, "endColumn": 11}),
        ]
    );

    let junit = run("junit");
    assert!(
        junit.contains(">content/a.md:3:9: error[schema-type]:"),
        "{junit}"
    );
    assert!(
        junit.contains(">content/a.md:6:5: error[link-broken]:"),
        "{junit}"
    );

    // The header is the same position; the snippet's line numbers agree with it.
    let human = run("human");
    assert!(
        human.contains(
            "╭─[content/a.md:3:9]\n 2 │ title: x\n 3 │ weight: heavy\n   ·         ──┬──\n"
        ),
        "{human}"
    );
    assert!(
        human.contains("╭─[content/a.md:6:5]\n 5 │ Body\n 6 │ [ä](/nope/)\n   ·     ───┬──\n"),
        "{human}"
    );
}
