//! `frontlint check --watch` re-checks when a file changes and prints fresh diagnostics,
//! each run under the time it started, after a blank line; the banner is printed once.

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
    std::fs::write(&page, "---\ntitle: About\ntitle: Again\n---\nHello.\n").unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--watch", "--format", "short"])
        .current_dir(site)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let banner = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
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
    let header = |l: &str| {
        let b = l.as_bytes();
        l.len() == 26
            && l.ends_with("] frontlint check")
            && b[0] == b'['
            && [1, 2, 4, 5, 7, 8].iter().all(|&i| b[i].is_ascii_digit())
            && b[3] == b':'
            && b[6] == b':'
    };
    // The first run: its header, then its diagnostic.
    let first = wait_for("error[duplicate-key]");
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(header(&first[0]), "{first:?}");
    assert!(
        first[1]
            .starts_with("content/about.md:3:1: error[duplicate-key]: key \"title\" appears twice"),
        "{first:?}"
    );
    // After an edit, the next run's diagnostic, under a blank line and a new header.
    std::fs::write(
        &page,
        "---\ntitle: About\ndescription: Ours.\ntitle: Again\n---\nHello.\n",
    )
    .unwrap();
    let second = wait_for("content/about.md:4:1: error[duplicate-key]");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(second.len(), 3, "{second:?}");
    assert!(second[0].is_empty() && header(&second[1]), "{second:?}");
    let banner = banner.join().unwrap();
    assert_eq!(
        banner.iter().filter(|l| l.contains("watching")).count(),
        1,
        "{banner:?}"
    );
    assert!(
        banner[0].starts_with("frontlint: watching ")
            && banner[0].ends_with(" for changes; Ctrl-C to stop"),
        "{banner:?}"
    );
}
