//! Robustness of the whole binary: deterministic output whatever the thread
//! count, every `[limits]` breach a diagnostic on its file, huge inputs that
//! finish, no writes, no network, and the hostile fixture site.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

mod common;
use common::copy_dir;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}); code {:?}\nstdout: {}\nstderr: {}",
                self.code, self.stdout, self.stderr
            )
        })
    }

    /// (path, code) of every diagnostic.
    fn codes(&self) -> Vec<(String, String)> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["code"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Run `cmd` to completion, killing it after `deadline` (a hang fails the test).
fn run_with_deadline(mut cmd: Command, deadline: Duration) -> Out {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn frontlint");
    // Drain the pipes on threads so a large output cannot block the child.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        so.read_to_end(&mut s).ok();
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        se.read_to_end(&mut s).ok();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("frontlint did not finish within {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Out {
        code: status.code(),
        stdout: String::from_utf8_lossy(&t_out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&t_err.join().unwrap()).into_owned(),
    }
}

fn frontlint(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_frontlint"));
    c.args(args)
        .current_dir(dir)
        .env_remove("FRONTLINT_CONFIG")
        .env_remove("RAYON_NUM_THREADS")
        .env("NO_COLOR", "1");
    c
}

fn check_json(dir: &Path) -> Out {
    let out = run_with_deadline(
        frontlint(dir, &["check", "--format", "json"]),
        Duration::from_secs(120),
    );
    assert!(!out.stderr.contains("panicked"), "panic: {}", out.stderr);
    out
}

/// A temp site with `frontlint.toml` holding `config` and an empty `content/`.
fn site(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("frontlint.toml"), config).unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join("content").join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

// ---------------------------------------------------------- determinism

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    for fixture in ["fixtures/broken-yaml", "fixtures/broken-schema"] {
        let mut first: Option<(Option<i32>, String)> = None;
        for threads in ["1", "2", "4", "1", "4"] {
            let mut cmd = frontlint(&repo(), &["check", fixture, "--format", "json"]);
            cmd.env("RAYON_NUM_THREADS", threads);
            let out = run_with_deadline(cmd, Duration::from_secs(60));
            assert_eq!(out.code, Some(1), "{fixture}: {}", out.stderr);
            let got = (out.code, out.stdout);
            match &first {
                None => first = Some(got),
                Some(f) => assert!(
                    *f == got,
                    "{fixture} with RAYON_NUM_THREADS={threads} differs:\n{}\n---\n{}",
                    f.1,
                    got.1
                ),
            }
        }
    }
}

// --------------------------------------------------------------- limits

#[test]
fn front_matter_too_large_with_a_configured_limit() {
    let s = site("[limits]\nmax_front_matter_size = 64\n");
    write(s.path(), "small.md", "---\ntitle: Small\n---\n");
    write(
        s.path(),
        "big.md",
        format!("---\ntitle: Big\ndescription: {}\n---\n", "d".repeat(80)),
    );
    write(
        s.path(),
        "big-toml.md",
        format!("+++\ntitle = \"{}\"\n+++\n", "t".repeat(80)),
    );
    write(
        s.path(),
        "big-json.md",
        format!("{{\"title\": \"{}\"}}\n", "j".repeat(80)),
    );
    let out = check_json(s.path());
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert_eq!(
        out.codes(),
        pairs(&[
            ("content/big-json.md", "front-matter-too-large"),
            ("content/big-toml.md", "front-matter-too-large"),
            ("content/big.md", "front-matter-too-large"),
        ])
    );
}

#[test]
fn file_too_large_with_a_configured_limit() {
    let s = site("[limits]\nmax_file_size = 100\n");
    write(s.path(), "small.md", "---\ntitle: Small\n---\n");
    write(
        s.path(),
        "big.md",
        format!("---\ntitle: Big\n---\n{}\n", "b".repeat(200)),
    );
    let out = check_json(s.path());
    // Its front matter was read and is fine: a warning, exit 0.
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert_eq!(out.codes(), pairs(&[("content/big.md", "file-too-large")]));
}

/// `urls` reads a big file as `check` does, only up to where its front matter
/// may end: a front matter not closed by then is not read (check calls it
/// front-matter-too-large), so the page has the URL of its path in both.
#[test]
fn urls_reads_a_big_file_as_check_does() {
    let s = site("[limits]\nmax_file_size = 100\nmax_front_matter_size = 64\n");
    write(s.path(), "small.md", "---\nslug: near\n---\n");
    write(
        s.path(),
        "huge.md",
        format!("---\nslug: far\nnote: {}\n---\n", "n".repeat(5000)),
    );
    let out = check_json(s.path());
    assert_eq!(
        out.codes(),
        pairs(&[("content/huge.md", "front-matter-too-large")])
    );
    let out = run_with_deadline(frontlint(s.path(), &["urls"]), Duration::from_secs(60));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout.lines().collect::<Vec<_>>(),
        ["content/huge.md\t/huge/", "content/small.md\t/near/"],
    );
}

#[test]
fn max_depth_in_every_format() {
    let s = site("[limits]\nmax_depth = 3\n");
    // Depth 3 (root map, `a` map, `b` map) is fine; depth 4 is not.
    write(s.path(), "ok.md", "---\na:\n  b:\n    c: 1\n---\n");
    write(
        s.path(),
        "yaml.md",
        "---\na:\n  b:\n    c:\n      d: 1\n---\n",
    );
    write(s.path(), "flow.md", "---\na: [[[1]]]\n---\n");
    write(s.path(), "toml.md", "+++\n[a.b.c]\nd = 1\n+++\n");
    write(s.path(), "toml-array.md", "+++\na = [[[1]]]\n+++\n");
    write(
        s.path(),
        "json.md",
        "{\"a\": {\"b\": {\"c\": {\"d\": 1}}}}\n",
    );
    // JSON the YAML parser rejects (a tab before a scalar value) takes the fallback path.
    write(
        s.path(),
        "json-tab.md",
        "{\"a\": {\"b\": {\"c\": {\"d\": 1}}}, \"t\":\t1}\n",
    );
    let out = check_json(s.path());
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert_eq!(
        out.codes(),
        pairs(&[
            ("content/flow.md", "nesting-too-deep"),
            ("content/json-tab.md", "nesting-too-deep"),
            ("content/json.md", "nesting-too-deep"),
            ("content/toml-array.md", "nesting-too-deep"),
            ("content/toml.md", "nesting-too-deep"),
            ("content/yaml.md", "nesting-too-deep"),
        ]),
        "{}",
        out.stdout
    );
}

#[test]
fn max_nodes_in_every_format() {
    let s = site("[limits]\nmax_nodes = 20\n");
    write(
        s.path(),
        "ok.md",
        "---\ntitle: Fine\ntags: [a, b, c]\n---\n",
    );
    let items = vec!["x"; 30].join(", ");
    write(s.path(), "yaml.md", format!("---\ntags: [{items}]\n---\n"));
    write(
        s.path(),
        "alias.md",
        "---\na: &a [1, 2, 3, 4]\nb: [*a, *a, *a, *a, *a]\n---\n",
    );
    let quoted = vec!["\"x\""; 30].join(", ");
    write(
        s.path(),
        "toml.md",
        format!("+++\ntags = [{quoted}]\n+++\n"),
    );
    write(s.path(), "json.md", format!("{{\"tags\": [{quoted}]}}\n"));
    write(
        s.path(),
        "json-tab.md",
        format!("{{\"tags\": [{quoted}], \"t\":\t1}}\n"),
    );
    let out = check_json(s.path());
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert_eq!(
        out.codes(),
        pairs(&[
            ("content/alias.md", "alias-limit"),
            ("content/json-tab.md", "too-many-values"),
            ("content/json.md", "too-many-values"),
            ("content/toml.md", "too-many-values"),
            ("content/yaml.md", "too-many-values"),
        ]),
        "{}",
        out.stdout
    );
    // Only the page with aliases blames them; every message names the limit
    // and its key.
    let messages: Vec<String> = out.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    let no_alias = "front matter has more than 20 values (limits.max_nodes)";
    assert_eq!(
        messages,
        vec![
            "YAML aliases expand front matter to 24 values, more than the limit of 20 \
             (limits.max_nodes); 15 of them are copies made by aliases",
            no_alias,
            no_alias,
            no_alias,
            no_alias,
        ]
    );
}

// ---------------------------------------------------------- huge inputs

#[test]
fn fifty_thousand_line_front_matter_finishes() {
    let s = site("[limits]\nmax_front_matter_size = 4000000\n");
    // A 50k-line list, a 50k-line literal block, 30k keys: all valid.
    let mut list = String::from("---\ntitle: List\ntags:\n");
    for i in 0..50_000 {
        list.push_str(&format!("  - tag{i}\n"));
    }
    list.push_str("---\n");
    write(s.path(), "list.md", list);
    let mut block = String::from("---\ntitle: Block\ndescription: |\n");
    for i in 0..50_000 {
        block.push_str(&format!("  line {i} with a [link](/x/{i}/)\n"));
    }
    block.push_str("---\n");
    write(s.path(), "block.md", block);
    let mut keys = String::from("---\ntitle: Keys\nparams:\n");
    for i in 0..30_000 {
        keys.push_str(&format!("  key{i}: {i}\n"));
    }
    keys.push_str("---\n");
    write(s.path(), "keys.md", keys);
    // 50k lines that each open a flow sequence: a syntax error, found at the end.
    let mut open = String::from("---\ntitle: Open\nx: [\n");
    for _ in 0..50_000 {
        open.push_str("  a,\n");
    }
    open.push_str("---\n");
    write(s.path(), "open.md", open);
    let out = check_json(s.path());
    let codes = out.codes();
    assert!(
        codes
            .iter()
            .all(|(p, c)| p == "content/open.md" && c == "yaml-syntax"
                || c == "link-not-found"
                || c == "link-broken"),
        "{codes:?}"
    );
    assert!(codes.contains(&("content/open.md".into(), "yaml-syntax".into())));
}

#[test]
fn multi_megabyte_single_lines_finish() {
    let s = site("[limits]\nmax_front_matter_size = 8000000\nmax_nodes = 10000000\n");
    // One 3 MB line each: a flow list, a JSON object, a TOML string, a body of
    // link-like syntax, a body of unclosed brackets and emphasis.
    let items = vec!["item"; 600_000].join(",");
    write(s.path(), "flow.md", format!("---\ntags: [{items}]\n---\n"));
    let items = vec!["\"i\""; 600_000].join(",");
    write(s.path(), "json.md", format!("{{\"tags\": [{items}]}}\n"));
    write(
        s.path(),
        "toml.md",
        format!("+++\ntitle = \"{}\"\n+++\n", "t".repeat(3_000_000)),
    );
    write(
        s.path(),
        "links.md",
        format!("---\ntitle: Links\n---\n{}\n", "[a](<b ".repeat(400_000)),
    );
    write(
        s.path(),
        "brackets.md",
        format!(
            "---\ntitle: Brackets\n---\n{}{}\n",
            "[*_`<".repeat(300_000),
            "]".repeat(300_000)
        ),
    );
    let out = check_json(s.path());
    assert!(
        out.code == Some(0) || out.code == Some(1),
        "{:?} {}",
        out.code,
        out.stderr
    );
    let _ = out.codes();
}

// -------------------------------------------------------------- no writes

/// Every path under `dir` (directories too) with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = fs::symlink_metadata(e.path()).unwrap();
            let bytes = if meta.is_file() {
                fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            if meta.is_dir() {
                stack.push(e.path());
            }
            out.insert(e.path(), (bytes, meta.modified().unwrap()));
        }
    }
    out
}

/// With `--no-cache`, frontlint writes nothing at all; with the cache (the
/// default), it writes only inside `.frontlint_cache/`. Content files are never touched.
#[test]
fn check_never_writes() {
    never_writes(&["--no-cache"], false);
    never_writes(&[], true);
}

fn never_writes(extra: &[&str], cache: bool) {
    let tmp = tempfile::tempdir().unwrap();
    for fixture in ["example-site", "broken-yaml", "broken-schema"] {
        copy_dir(
            &repo().join("fixtures").join(fixture),
            &tmp.path().join(fixture),
        );
    }
    // Make the copies' mtimes old, so a rewrite within the same second shows.
    let before = snapshot(tmp.path());
    std::thread::sleep(Duration::from_millis(1100));
    for fixture in ["example-site", "broken-yaml", "broken-schema"] {
        let dir = tmp.path().join(fixture);
        for format in ["json", "human", "short"] {
            let mut args = vec!["check", "--format", format];
            args.extend_from_slice(extra);
            let out = run_with_deadline(frontlint(&dir, &args), Duration::from_secs(60));
            assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        }
        run_with_deadline(frontlint(&dir, &["urls"]), Duration::from_secs(60));
    }
    let mut after = snapshot(tmp.path());
    let cache_files: Vec<PathBuf> = after
        .keys()
        .filter(|p| p.components().any(|c| c.as_os_str() == ".frontlint_cache"))
        .cloned()
        .collect();
    assert_eq!(
        !cache_files.is_empty(),
        cache,
        "cache files: {cache_files:?}"
    );
    for p in cache_files {
        after.remove(&p);
    }
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files were created or removed"
    );
    for (path, (bytes, mtime)) in &before {
        let (b, m) = &after[path];
        assert!(b == bytes, "{} changed", path.display());
        // A site root's own mtime moves when the cache directory is created in it.
        if !(cache && path.join(".frontlint_cache").exists()) {
            assert_eq!(m, mtime, "{} was touched", path.display());
        }
    }
}

// ------------------------------------------------------------ no network

#[test]
fn check_opens_no_network_socket() {
    let strace = Command::new("strace").arg("-V").output();
    if strace.map(|o| !o.status.success()).unwrap_or(true) {
        if std::env::var_os("CI").is_some() {
            panic!("strace is not installed; CI must install it (apt-get install -y strace)");
        }
        eprintln!("skipped: strace is not installed (apt-get install -y strace)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for fixture in ["example-site", "broken-schema", "config-errors/schema-ref"] {
        let log = tmp.path().join("strace.log");
        let mut cmd = Command::new("strace");
        cmd.args(["-f", "-e", "trace=network", "-o"])
            .arg(&log)
            .arg(env!("CARGO_BIN_EXE_frontlint"))
            .args(["check", "--format", "json"])
            .current_dir(repo().join("fixtures").join(fixture))
            .env_remove("FRONTLINT_CONFIG")
            .env("NO_COLOR", "1");
        let out = run_with_deadline(cmd, Duration::from_secs(120));
        let trace = fs::read_to_string(&log).unwrap_or_default();
        assert!(
            !out.stderr.contains("PTRACE") && !out.stderr.contains("Operation not permitted"),
            "strace could not trace: {}",
            out.stderr
        );
        for bad in ["AF_INET", "AF_INET6", "connect(", "sendto("] {
            assert!(
                !trace.contains(bad),
                "{fixture}: frontlint made a network call ({bad}):\n{trace}"
            );
        }
    }
}

// ---------------------------------------------------------- hostile site

/// Generous for a debug build on a loaded machine; the whole site takes ~15 s there.
const HOSTILE_DEADLINE: Duration = Duration::from_secs(120);

/// `tests/hostile-site/` (everything bad at once) plus what git cannot hold:
/// huge files, symlinks. Exit 1, every bad file named, nothing on the good
/// files, no panic, finished within the deadline.
#[test]
fn hostile_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo().join("tests/hostile-site"), &root);
    let content = root.join("content");
    let committed_bad: Vec<String> = {
        let mut v = Vec::new();
        let mut stack = vec![content.clone()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p
                        .strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    if !rel.contains("good") {
                        v.push(rel);
                    }
                }
            }
        }
        v
    };
    // Generated: over the 16 MiB file limit, over the 1 MiB front matter limit.
    let mut huge = String::from("---\ntitle: Huge\n---\n");
    while huge.len() < 17 * 1024 * 1024 {
        huge.push_str(&"h".repeat(1023));
        huge.push('\n');
    }
    fs::write(content.join("huge.md"), huge).unwrap();
    fs::write(
        content.join("big-front-matter.md"),
        format!(
            "---\ntitle: Big\ndescription: {}\n---\n",
            "d".repeat(1_100_000)
        ),
    )
    .unwrap();
    // A 20k-term taxonomy (20k URLs) and a page with 3000 broken links to
    // near-miss URLs: "did you mean" must stay bounded.
    let tags: Vec<String> = (0..20_000).map(|i| format!("tag-{i}")).collect();
    fs::write(
        content.join("good-many-tags.md"),
        format!("---\ntitle: Many tags\ntags: [{}]\n---\n", tags.join(", ")),
    )
    .unwrap();
    let links: String = (0..3000)
        .map(|i| format!("[t](/tags/tag-{i}x/)\n"))
        .collect();
    fs::write(
        content.join("many-broken-links.md"),
        format!("---\ntitle: Many broken links\n---\n{links}"),
    )
    .unwrap();
    // A 5 MB body line and a 2 MB line of bracket soup: fine, and finished.
    fs::write(
        content.join("good-long-body.md"),
        format!("---\ntitle: Long body\n---\n{}\n", "y ".repeat(2_500_000)),
    )
    .unwrap();
    fs::write(
        content.join("bracket-soup.md"),
        format!(
            "---\ntitle: Soup\n---\n{}[x](/nope/)\n",
            "[![<*_`".repeat(300_000)
        ),
    )
    .unwrap();
    let mut bad = committed_bad.clone();
    bad.extend(
        [
            "huge.md",
            "big-front-matter.md",
            "many-broken-links.md",
            "bracket-soup.md",
        ]
        .map(|f| format!("content/{f}")),
    );
    #[cfg(unix)]
    {
        let outside = tmp.path().join("outside.md");
        fs::write(&outside, "---\ntitle: [OUTSIDE\n---\n").unwrap();
        std::os::unix::fs::symlink(&outside, content.join("outside.md")).unwrap();
        std::os::unix::fs::symlink("..", content.join("docs/loop")).unwrap();
        bad.push("content/outside.md".into());
        bad.push("content/docs/loop".into());
    }
    let out = run_with_deadline(
        frontlint(&root, &["check", "--format", "json"]),
        HOSTILE_DEADLINE,
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert_eq!(out.code, Some(1), "{}\n{}", out.stdout, out.stderr);
    let named: std::collections::BTreeSet<String> =
        out.codes().into_iter().map(|(p, _)| p).collect();
    for b in &bad {
        assert!(named.contains(b), "{b} is not reported:\n{}", out.stdout);
    }
    for n in &named {
        assert!(
            !n.contains("good"),
            "a good file has a diagnostic: {n}\n{}",
            out.stdout
        );
        assert!(bad.contains(n), "unexpected file {n}");
    }
    assert!(
        !out.stdout.contains("OUTSIDE"),
        "the symlink target was read"
    );
    // The other formats over the same site finish too, without a panic.
    for format in ["human", "short"] {
        let o = run_with_deadline(
            frontlint(&root, &["check", "--format", format]),
            HOSTILE_DEADLINE,
        );
        assert_eq!(o.code, Some(1), "{format}: {}", o.stderr);
        assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    }
}
