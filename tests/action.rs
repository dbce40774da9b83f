//! The GitHub Action (`action.yml`) run here as a Linux x86_64 runner runs it,
//! on a release made by the archive step of `.github/workflows/release.yml`.
//! The steps' own shell scripts are taken from the two YAML files and run
//! with bash as GitHub runs them; the release's files are served from a
//! `file://` address, so nothing touches the network. The archived
//! "binary" is a small script that runs the frontlint under test: what is
//! tested is how a release is packed, found, verified, unpacked and called.

use saphyr::{LoadableYamlNode, Yaml};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TARGET: &str = "x86_64-unknown-linux-gnu";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn version() -> String {
    let cargo = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let line = cargo.lines().find(|l| l.starts_with("version = ")).unwrap();
    line.trim_start_matches("version = ")
        .trim_matches('"')
        .to_string()
}

/// The `run` script of the step called `name` in `steps` (a YAML sequence).
/// It must take its inputs through `env`, never through `${{ }}` in the script.
fn script(steps: &Yaml, name: &str) -> String {
    let step = steps
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s.as_mapping_get("name").and_then(Yaml::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no step {name:?}"));
    let run = step["run"].as_str().unwrap().to_string();
    assert!(
        !run.contains("${{"),
        "step {name:?} expands an expression in its script"
    );
    run
}

fn yaml(rel: &str) -> Yaml<'static> {
    let text = std::fs::read_to_string(repo().join(rel)).unwrap();
    let text: &'static str = Box::leak(text.into_boxed_str());
    Yaml::load_from_str(text).unwrap().remove(0)
}

/// Run `script` as a runner does (`bash --noprofile --norc -eo pipefail`) in `dir`.
fn bash(script: &str, dir: &Path, env: &[(&str, &str)]) -> Output {
    let file = dir.join(".step.sh");
    std::fs::write(&file, script).unwrap();
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&file)
        .current_dir(dir)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    out
}

fn have(tools: &[&str]) -> bool {
    tools.iter().all(|t| {
        Command::new(t)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// A release of this version for Linux x86_64, made by release.yml's archive
/// step, laid out under `server` as GitHub serves release files.
fn release(tmp: &Path) -> PathBuf {
    let build = tmp.join("build");
    let bin_dir = build.join("target").join(TARGET).join("release");
    std::fs::create_dir_all(&bin_dir).unwrap();
    for doc in ["README.md", "CHANGELOG.md"] {
        std::fs::copy(repo().join(doc), build.join(doc)).unwrap();
    }
    let bin = bin_dir.join("frontlint");
    std::fs::write(
        &bin,
        format!(
            "#!/bin/sh\nexec '{}' \"$@\"\n",
            env!("CARGO_BIN_EXE_frontlint")
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&bin).status().unwrap();
    let workflow = yaml(".github/workflows/release.yml");
    let archive = script(
        &workflow["jobs"]["binaries"]["steps"],
        "Archive with its checksum",
    );
    let out = bash(
        &archive,
        &build,
        &[("TARGET", TARGET), ("RUNNER_OS", "Linux")],
    );
    assert!(out.status.success(), "{out:?}");
    let server = tmp.join("server");
    let assets = server
        .join("OWNER/frontlint/releases/download")
        .join(format!("v{}", version()));
    std::fs::create_dir_all(&assets).unwrap();
    let mut names: Vec<String> = Vec::new();
    for e in std::fs::read_dir(build.join("dist")).unwrap() {
        let e = e.unwrap();
        names.push(e.file_name().to_string_lossy().into_owned());
        std::fs::copy(e.path(), assets.join(e.file_name())).unwrap();
    }
    names.sort();
    let asset = format!("frontlint-{TARGET}.tar.gz");
    assert_eq!(names, [asset.clone(), format!("{asset}.sha256")]);
    server
}

/// A temp dir holding a [`release`] (served from its `server` folder), or
/// `None` where this test cannot run (it says so; in CI it fails instead).
fn released() -> Option<(tempfile::TempDir, PathBuf)> {
    if !cfg!(all(target_os = "linux", target_arch = "x86_64"))
        || !have(&["bash", "curl", "tar", "sha256sum"])
    {
        let why = "needs Linux x86_64 with bash, curl, tar and sha256sum";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    let server = release(tmp.path());
    Some((tmp, server))
}

/// The action's install step on a Linux x86_64 runner, with releases served
/// from `server`; the runner's temp dir is `runner`.
fn install(server: &Path, runner: &Path) -> Output {
    let action = yaml("action.yml");
    let step = script(&action["runs"]["steps"], "Install frontlint");
    std::fs::create_dir_all(runner).unwrap();
    let server = format!("file://{}", server.display());
    let action_path = repo();
    bash(
        &step,
        runner,
        &[
            ("FL_REPO", "OWNER/frontlint"),
            ("GH_SERVER", &server),
            ("GITHUB_ACTION_PATH", action_path.to_str().unwrap()),
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "X64"),
            ("RUNNER_TEMP", runner.to_str().unwrap()),
        ],
    )
}

#[test]
fn the_action_installs_the_release_binary_and_annotates_the_faults() {
    let Some((tmp, server)) = released() else {
        return;
    };
    let runner = tmp.path().join("runner");
    let out = install(&server, &runner);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains(&format!(
            "frontlint {}: release binary for {TARGET}",
            version()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("frontlint {}", version())),
        "--version: {stdout}"
    );

    let action = yaml("action.yml");
    let check = script(&action["runs"]["steps"], "Check");
    let site = repo().join("fixtures/broken-schema");
    let github_output = tmp.path().join("github-output");
    let sarif = tmp.path().join("report.sarif");
    let out = bash(
        &check,
        tmp.path(),
        &[
            ("FL_PATHS", site.to_str().unwrap()),
            ("FL_CONFIG", ""),
            ("FL_SARIF", sarif.to_str().unwrap()),
            ("FL_MAX_WARNINGS", ""),
            ("RUNNER_TEMP", runner.to_str().unwrap()),
            ("GITHUB_OUTPUT", github_output.to_str().unwrap()),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&github_output).unwrap(),
        "exit-code=1\n"
    );
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert!(!annotations.is_empty(), "{stdout}");
    assert!(
        annotations.iter().all(|l| l.starts_with("::error file=")
            || l.starts_with("::warning file=")
            || l.starts_with("::notice file=")),
        "{stdout}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), annotations.len());
}

#[test]
fn the_action_refuses_a_release_file_whose_checksum_does_not_match() {
    let Some((tmp, server)) = released() else {
        return;
    };
    let asset = server
        .join("OWNER/frontlint/releases/download")
        .join(format!("v{}", version()))
        .join(format!("frontlint-{TARGET}.tar.gz"));
    let mut bytes = std::fs::read(&asset).unwrap();
    bytes.extend_from_slice(b"tampered");
    std::fs::write(&asset, bytes).unwrap();
    let runner = tmp.path().join("runner");
    let out = install(&server, &runner);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{out:?}");
    assert!(stdout.contains(": FAILED"), "{stdout}");
    assert!(!runner.join("frontlint/bin/frontlint").exists());
}
