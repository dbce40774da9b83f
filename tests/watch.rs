//! `frontlint check --watch` re-checks when a file changes and prints fresh diagnostics.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[test]
fn watch_rechecks_after_an_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    std::fs::write(site.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(site.join("content")).unwrap();
    let page = site.join("content/about.md");
    std::fs::write(&page, "---\ntitle: About\n---\nHello.\n").unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--watch", "--format", "short"])
        .current_dir(site)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let wait_for = |want: &str| -> Vec<String> {
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                let done = line.contains(want);
                seen.push(line);
                if done {
                    return seen;
                }
            }
        }
        panic!("timed out waiting for {want:?}; saw {seen:?}");
    };
    // The first run is clean.
    let first = wait_for("[watching");
    assert_eq!(first, vec!["[watching for changes; Ctrl-C to stop]"]);
    // An edit that breaks the YAML is reported on the next run.
    std::fs::write(&page, "---\ntitle: About\ntitle: Again\n---\nHello.\n").unwrap();
    let second = wait_for("[watching");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        second.iter().any(|l| l == "content/about.md:3:1: error[duplicate-key]: key \"title\" appears twice in the same mapping (help: first \"title\" is on line 2; Hugo would silently keep only one of them, so remove or rename one)"),
        "{second:?}"
    );
}
