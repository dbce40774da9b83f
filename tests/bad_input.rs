//! Bad input that cannot (or should not) be committed as a fixture: symlinks,
//! permissions, multi-megabyte files. Each test builds a small site in a temp
//! dir, runs the real binary with `--format json` and asserts exact results.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A temp site: an empty `frontlint.toml` (so the temp dir is the site root) and `content/`.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        Site::with_config("")
    }

    fn with_config(config: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("frontlint.toml"), config).unwrap();
        fs::create_dir(dir.path().join("content")).unwrap();
        Site { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn content(&self) -> PathBuf {
        self.root().join("content")
    }

    /// Write `bytes` to `content/<rel>`, creating parent directories.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.content().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, bytes).unwrap();
        p
    }

    /// Run `frontlint check --format json` in the site root.
    fn check(&self) -> Run {
        let start = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
            .args(["check", "--format", "json"])
            .current_dir(self.root())
            .env_remove("FRONTLINT_CONFIG")
            .env("NO_COLOR", "1")
            .output()
            .expect("run frontlint");
        let elapsed = start.elapsed();
        let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}); status {:?}\nstdout: {stdout}\nstderr: {stderr}",
                out.status
            )
        });
        Run {
            code: out.status.code(),
            json,
            stderr,
            elapsed,
        }
    }
}

struct Run {
    code: Option<i32>,
    json: Value,
    stderr: String,
    elapsed: Duration,
}

/// One diagnostic, reduced to what the tests compare.
#[derive(Debug, PartialEq, Eq)]
struct D {
    path: String,
    line: u64,
    column: u64,
    severity: String,
    code: String,
}

fn d(path: &str, line: u64, column: u64, severity: &str, code: &str) -> D {
    D {
        path: path.into(),
        line,
        column,
        severity: severity.into(),
        code: code.into(),
    }
}

impl Run {
    fn diagnostics(&self) -> Vec<D> {
        self.json["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .map(|x| D {
                path: x["path"].as_str().unwrap().to_string(),
                line: x["line"].as_u64().unwrap(),
                column: x["column"].as_u64().unwrap(),
                severity: x["severity"].as_str().unwrap().to_string(),
                code: x["code"].as_str().unwrap().to_string(),
            })
            .collect()
    }

    fn message(&self, i: usize) -> &str {
        self.json["diagnostics"][i]["message"].as_str().unwrap()
    }

    /// (files, errors, warnings) from the summary.
    fn summary(&self) -> (u64, u64, u64) {
        let s = &self.json["summary"];
        (
            s["files"].as_u64().unwrap(),
            s["errors"].as_u64().unwrap(),
            s["warnings"].as_u64().unwrap(),
        )
    }

    /// Code, diagnostics and summary in one go, with the whole output on failure.
    #[track_caller]
    fn assert(&self, code: i32, diagnostics: &[D], summary: (u64, u64, u64)) {
        let ctx = format!(
            "json: {}\nstderr: {}",
            serde_json::to_string_pretty(&self.json).unwrap(),
            self.stderr
        );
        assert_eq!(self.code, Some(code), "exit code\n{ctx}");
        assert_eq!(self.diagnostics(), diagnostics, "diagnostics\n{ctx}");
        assert_eq!(self.summary(), summary, "summary\n{ctx}");
    }
}

const GOOD: &str = "---\ntitle: A good page\n---\n\nBody.\n";

/// Whether this process can read a file with mode 000 (true for root, which
/// ignores permissions).
#[cfg(unix)]
fn can_read_unreadable_files() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("probe");
    fs::write(&p, "x").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read(&p).is_ok();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
    readable
}

// ---------------------------------------------------------------- symlinks

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let site = Site::new();
    site.write("docs/page.md", GOOD);
    // content/docs/back -> content: following it would walk forever.
    std::os::unix::fs::symlink("..", site.content().join("docs/back")).unwrap();
    let run = site.check();
    assert_eq!(run.code, Some(1), "{}", run.json);
    let ds = run.diagnostics();
    assert_eq!(ds.len(), 1, "{}", run.json);
    assert_eq!(
        (
            ds[0].line,
            ds[0].column,
            ds[0].severity.as_str(),
            ds[0].code.as_str()
        ),
        (1, 1, "error", "symlink-loop")
    );
    assert!(
        run.message(0).starts_with("symbolic link loops back to "),
        "{}",
        run.message(0)
    );
    assert_eq!(run.summary(), (1, 1, 0));
}

/// The diagnostic should name the link itself, not the directory it resolves to.
#[cfg(unix)]
#[test]
fn symlink_loop_names_the_link() {
    let site = Site::new();
    site.write("docs/page.md", GOOD);
    std::os::unix::fs::symlink("..", site.content().join("docs/back")).unwrap();
    site.check().assert(
        1,
        &[d("content/docs/back", 1, 1, "error", "symlink-loop")],
        (1, 1, 0),
    );
}

#[cfg(unix)]
#[test]
fn symlink_outside_site() {
    let site = Site::new();
    site.write("page.md", GOOD);
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("elsewhere.md"), GOOD).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("elsewhere.md"),
        site.content().join("linked.md"),
    )
    .unwrap();
    let run = site.check();
    // A warning only: exit 0, and the linked file is not read.
    assert_eq!(run.code, Some(0), "{}", run.json);
    let ds = run.diagnostics();
    assert_eq!(ds.len(), 1, "{}", run.json);
    assert_eq!(
        (
            ds[0].line,
            ds[0].column,
            ds[0].severity.as_str(),
            ds[0].code.as_str()
        ),
        (1, 1, "warning", "symlink-outside-site")
    );
    assert!(
        ds[0].path.ends_with("content/linked.md"),
        "path: {}",
        ds[0].path
    );
    assert_eq!(run.summary(), (1, 0, 1));
}

/// Neither a file nor a directory linked from outside the site is read: the
/// target's content (which would be an error if it were checked) never shows up.
#[cfg(unix)]
#[test]
fn symlink_outside_site_is_never_read() {
    let site = Site::new();
    site.write("page.md", GOOD);
    let outside = tempfile::tempdir().unwrap();
    let secret = "---\ntitle: [OUTSIDE-SECRET-TEXT\nweight: heavy\n---\n";
    fs::write(outside.path().join("secret.md"), secret).unwrap();
    fs::create_dir(outside.path().join("dir")).unwrap();
    fs::write(outside.path().join("dir/inner.md"), secret).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.content().join("linked.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("dir"),
        site.content().join("linked-dir"),
    )
    .unwrap();
    // A relative link that climbs out of the root.
    std::os::unix::fs::symlink(
        "../../../../../../../../../../etc/hostname",
        site.content().join("up.md"),
    )
    .unwrap();
    let run = site.check();
    assert_eq!(run.code, Some(0), "{}", run.json);
    let ds = run.diagnostics();
    assert!(
        ds.iter()
            .all(|d| d.code == "symlink-outside-site" && d.severity == "warning"),
        "{}",
        run.json
    );
    let paths: Vec<&str> = ds.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        ["content/linked-dir", "content/linked.md", "content/up.md"],
        "{}",
        run.json
    );
    let text = run.json.to_string();
    assert!(!text.contains("OUTSIDE-SECRET-TEXT"), "{text}");
    // The human format prints source snippets: the target's text is not among them.
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--format", "human"])
        .current_dir(site.root())
        .env_remove("FRONTLINT_CONFIG")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("OUTSIDE-SECRET-TEXT"), "{all}");
    assert!(!all.contains("heavy"), "{all}");
    assert_eq!(run.summary(), (1, 0, 3));
}

/// Paths are shown relative to the working directory, like every other diagnostic.
#[cfg(unix)]
#[test]
fn symlink_outside_site_path_is_relative() {
    let site = Site::new();
    site.write("page.md", GOOD);
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("elsewhere.md"), GOOD).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("elsewhere.md"),
        site.content().join("linked.md"),
    )
    .unwrap();
    site.check().assert(
        0,
        &[d(
            "content/linked.md",
            1,
            1,
            "warning",
            "symlink-outside-site",
        )],
        (1, 0, 1),
    );
}

// ------------------------------------------------------------- permissions

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    if can_read_unreadable_files() {
        eprintln!("skipped: this process can read mode-000 files (running as root?)");
        return;
    }
    let site = Site::new();
    site.write("ok.md", GOOD);
    let secret = site.write("secret.md", GOOD);
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let run = site.check();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();
    run.assert(
        1,
        &[d("content/secret.md", 1, 1, "error", "read-error")],
        (2, 1, 0),
    );
    assert_eq!(
        run.message(0),
        "cannot read file: Permission denied (os error 13)"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_directory() {
    use std::os::unix::fs::PermissionsExt;
    if can_read_unreadable_files() {
        eprintln!("skipped: this process can read mode-000 directories (running as root?)");
        return;
    }
    let site = Site::new();
    site.write("ok.md", GOOD);
    site.write("locked/inside.md", GOOD);
    let locked = site.content().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let run = site.check();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    run.assert(
        1,
        &[d("content/locked", 1, 1, "error", "read-error")],
        (1, 1, 0),
    );
}

// ------------------------------------------------------------------- sizes

#[test]
fn multi_megabyte_front_matter_line() {
    // One 5 MB line in the front matter: over the default 1 MiB front matter
    // limit, so it is reported without being parsed.
    let site = Site::new();
    let value = "x".repeat(5_000_000);
    site.write(
        "long.md",
        format!("---\ntitle: Long\ndescription: {value}\n---\n"),
    );
    let run = site.check();
    run.assert(
        1,
        &[d(
            "content/long.md",
            1,
            1,
            "error",
            "front-matter-too-large",
        )],
        (1, 1, 0),
    );
    assert_eq!(
        run.message(0),
        "front matter is 5000026 bytes, more than the limit of 1048576 bytes \
         (limits.max_front_matter_size); it was not checked"
    );
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
}

#[test]
fn multi_megabyte_front_matter_line_within_raised_limit() {
    // The same 5 MB line, with the limit raised: it must be parsed and found clean.
    let site = Site::with_config("[limits]\nmax_front_matter_size = 8000000\n");
    let value = "x".repeat(5_000_000);
    site.write(
        "long.md",
        format!("---\ntitle: Long\ndescription: {value}\n---\n"),
    );
    let run = site.check();
    run.assert(0, &[], (1, 0, 0));
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
}

#[test]
fn multi_megabyte_unterminated_string() {
    // A 5 MB double-quoted value that never closes: the error points at the opening quote.
    let site = Site::with_config("[limits]\nmax_front_matter_size = 8000000\n");
    let value = "q".repeat(5_000_000);
    site.write(
        "long.md",
        format!("---\ntitle: Long\ndescription: \"{value}\n---\n"),
    );
    site.check().assert(
        1,
        &[d("content/long.md", 3, 14, "error", "yaml-syntax")],
        (1, 1, 0),
    );
}

#[test]
fn multi_megabyte_body_line() {
    // Small front matter, 5 MB single-line body: nothing to report.
    let site = Site::new();
    site.write(
        "long-body.md",
        format!("---\ntitle: Long body\n---\n{}\n", "y".repeat(5_000_000)),
    );
    site.check().assert(0, &[], (1, 0, 0));
}

/// `bytes` followed by lines of filler up to `len` bytes.
fn padded(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let line = format!("{}\n", "z".repeat(99));
    while out.len() < len {
        out.extend_from_slice(line.as_bytes());
    }
    out
}

const SKIPPED: &str = "more than the limit of 16777216 bytes (limits.max_file_size): its front \
     matter was checked, the rest of it was not (links and headings there are not seen)";

#[test]
fn file_over_default_size_limit_has_its_front_matter_checked() {
    // 20 MB: only the head is read. Its front matter is checked (the bad
    // date), its URL enters the index (the links to it resolve), and its
    // body is not read: the broken link there is not seen, and a fragment
    // into it is not reported.
    let site = Site::new();
    site.write(
        "links.md",
        "---\ntitle: Links\n---\n[a](/huge/) [b](/huge/#setup) [c](/huge/#not-there)\n",
    );
    let head =
        b"---\ntitle: Huge\nslug: huge\ndate: 2024-13-45\n---\n## Setup\n[gone](/nowhere/)\n";
    let big = padded(head, 20_000_000);
    let len = big.len();
    site.write("huge.md", big);
    let run = site.check();
    run.assert(
        1,
        &[
            d("content/huge.md", 4, 7, "error", "schema-format"),
            d("content/huge.md", 6, 1, "warning", "file-too-large"),
        ],
        (2, 1, 1),
    );
    assert_eq!(run.message(1), format!("file is {len} bytes, {SKIPPED}"));
}

#[test]
fn file_over_default_size_limit_without_front_matter() {
    // A page without front matter: the warning alone, at its start (exit 0).
    // The head ends inside a two-byte character, and an invalid byte lies
    // beyond it: neither is a fault of what was read.
    let site = Site::new();
    // (The head is 1 MiB + 4 KiB, an even length: after one ASCII byte the
    // two-byte characters straddle its end.)
    let mut big = format!("x{}", "\u{e9}".repeat(9_000_000)).into_bytes();
    big.push(0xff);
    let len = big.len();
    site.write("notes.md", big);
    let run = site.check();
    run.assert(
        0,
        &[d("content/notes.md", 1, 1, "warning", "file-too-large")],
        (1, 0, 1),
    );
    assert_eq!(run.message(0), format!("file is {len} bytes, {SKIPPED}"));
}

/// A site whose limits make a file of a few kilobytes too large (the head
/// read is 1024 + 4096 bytes).
fn small_limits() -> Site {
    Site::with_config("[limits]\nmax_file_size = 4096\nmax_front_matter_size = 1024\n")
}

#[test]
fn front_matter_not_closed_within_the_head_of_a_large_file() {
    let site = small_limits();
    let mut fm = String::from("---\ntitle: Long\n");
    for i in 0..600 {
        fm.push_str(&format!("key{i}: value\n"));
    }
    fm.push_str("---\nBody.\n");
    let len = fm.len();
    site.write("long.md", fm);
    let run = site.check();
    run.assert(
        1,
        &[d(
            "content/long.md",
            1,
            1,
            "error",
            "front-matter-too-large",
        )],
        (1, 1, 0),
    );
    assert_eq!(
        run.message(0),
        format!(
            "front matter is not closed within the first 5120 bytes of this {len}-byte file: it \
             is larger than the limit of 1024 bytes (limits.max_front_matter_size), or never \
             closed; the file was not checked"
        )
    );
}

#[test]
fn large_binary_and_non_utf8_files_are_named_for_what_they_are() {
    let site = small_limits();
    site.write("image.md", padded(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 10_000));
    site.write("latin1.md", padded(b"---\ntitle: Caf\xe9\n---\n", 10_000));
    site.write("nul.md", padded(b"---\ntitle: a\0b\n---\n", 10_000));
    // Past the front matter nothing is read: these bytes are not seen.
    site.write("late.md", padded(b"---\ntitle: Late\n---\n\xe9\0", 10_000));
    let run = site.check();
    run.assert(
        1,
        &[
            d("content/image.md", 1, 1, "error", "binary-file"),
            d("content/late.md", 4, 1, "warning", "file-too-large"),
            d("content/latin1.md", 2, 11, "error", "invalid-utf8"),
            d("content/nul.md", 2, 9, "error", "nul-byte"),
        ],
        (4, 3, 1),
    );
}

// --------------------------------------------------------- parser bombs

#[test]
fn deep_nesting_flow() {
    let site = Site::new();
    let depth = 200;
    site.write(
        "deep.md",
        format!(
            "---\ntitle: Deep\nnest: {}{}\n---\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    let run = site.check();
    // The root mapping is level 1, so the 64th `[` (column 6 + 64) is level 65.
    run.assert(
        1,
        &[d("content/deep.md", 3, 70, "error", "nesting-too-deep")],
        (1, 1, 0),
    );
    assert_eq!(
        run.message(0),
        "front matter nests deeper than 64 levels (limits.max_depth)"
    );
}

#[test]
fn deep_nesting_block() {
    // 200 nested block mappings: `k0:\n  k1:\n    k2: …`.
    let site = Site::new();
    let mut fm = String::from("---\n");
    for i in 0..200 {
        fm.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    fm.push_str("---\n");
    site.write("deep.md", fm);
    let run = site.check();
    // Level 65 is the mapping holding `k64`, on file line 66 at column 2*64+1.
    run.assert(
        1,
        &[d("content/deep.md", 66, 129, "error", "nesting-too-deep")],
        (1, 1, 0),
    );
}

#[test]
fn alias_bomb() {
    let site = Site::new();
    let mut fm = String::from("---\ntitle: Laughs\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        fm.push_str(&format!("{0}: &{0} [{refs}]\n", w[1]));
    }
    fm.push_str("---\n");
    site.write("laughs.md", fm);
    let run = site.check();
    // The first `*e` inside `f` (line 8) pushes the expansion past 100000 values.
    run.assert(
        1,
        &[d("content/laughs.md", 8, 8, "error", "alias-limit")],
        (1, 1, 0),
    );
    assert_eq!(
        run.message(0),
        "YAML aliases expand front matter to 141206 values, more than the limit of 100000 \
         (limits.max_nodes); 141148 of them are copies made by aliases"
    );
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
}

#[test]
fn fifty_thousand_keys_without_an_alias() {
    // 50,000 keys and their values are 100,000 values; the mapping holding them
    // is one more. No alias is involved, so the message must not blame one.
    let site = Site::new();
    let mut fm = String::from("---\n");
    for i in 0..50_000 {
        fm.push_str(&format!("k{i}: {i}\n"));
    }
    fm.push_str("---\n");
    site.write("keys.md", fm);
    let run = site.check();
    run.assert(
        1,
        &[d("content/keys.md", 2, 1, "error", "too-many-values")],
        (1, 1, 0),
    );
    assert_eq!(
        run.message(0),
        "front matter has more than 100000 values (limits.max_nodes)"
    );
    assert_eq!(
        run.json["diagnostics"][0]["help"],
        "move the data to a data file, or raise `max_nodes` under `[limits]` in frontlint.toml"
    );
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
}

// ------------------------------------------------------------ bad bytes

#[test]
fn lone_cr_line_ends() {
    // Old Mac line ends: Hugo reads the fences, the keys and the body of this
    // page, so frontlint must too, at the lines a lone `\r` starts.
    let site = Site::new();
    site.write(
        "cr.md",
        "---\rtitle: Lone CR\rweight: heavy\r---\rBody\r[ä](/nope/)\r",
    );
    let run = site.check();
    run.assert(
        1,
        &[
            d("content/cr.md", 3, 9, "error", "schema-type"),
            d("content/cr.md", 6, 5, "error", "link-broken"),
        ],
        (1, 2, 0),
    );
    assert_eq!(
        run.message(0),
        "weight: expected an empty value or a number, found text \"heavy\""
    );
}

#[test]
fn nul_byte_in_front_matter() {
    let site = Site::new();
    site.write(
        "nul.md",
        b"---\ntitle: Fine\ndescription: before\0after\n---\n",
    );
    let run = site.check();
    run.assert(
        1,
        &[d("content/nul.md", 3, 20, "error", "nul-byte")],
        (1, 1, 0),
    );
    assert_eq!(
        run.message(0),
        "file contains a NUL byte; it was not checked further"
    );
}

#[test]
fn invalid_utf8() {
    let site = Site::new();
    // "Café" in Latin-1, after a multi-byte UTF-8 character on the same line:
    // the column counts characters (é is one), not bytes.
    site.write("latin1.md", b"---\ntitle: \xc3\xa9t\xc3\xa9 Caf\xe9\n---\n");
    site.check().assert(
        1,
        &[d("content/latin1.md", 2, 15, "error", "invalid-utf8")],
        (1, 1, 0),
    );
}

#[test]
fn binary_file() {
    let site = Site::new();
    site.write(
        "image.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0",
    );
    let run = site.check();
    run.assert(
        1,
        &[d("content/image.md", 1, 1, "error", "binary-file")],
        (1, 1, 0),
    );
}

// ----------------------------------------------------- isolation of faults

#[test]
fn one_bad_file_does_not_stop_the_good_one() {
    let site = Site::new();
    site.write("bad.md", b"---\ntitle: [unclosed\n---\n");
    site.write(
        "good.md",
        "---\ntitle: Good\ndate: 2025-01-02\ntags: [a, b]\n---\n",
    );
    let run = site.check();
    run.assert(
        1,
        &[d("content/bad.md", 3, 1, "error", "yaml-syntax")],
        (2, 1, 0),
    );
}

#[test]
fn good_file_is_still_validated_next_to_a_bad_one() {
    // The good file is not just counted: a schema error in it is still found.
    let site = Site::new();
    site.write("bad.md", b"\xff\xfe not text");
    site.write("typed.md", "---\ntitle: Typed\nweight: heavy\n---\n");
    site.check().assert(
        1,
        &[
            d("content/bad.md", 1, 1, "error", "invalid-utf8"),
            d("content/typed.md", 3, 9, "error", "schema-type"),
        ],
        (2, 2, 0),
    );
}

/// Run `frontlint check` in `root` with `args`, no colour; (exit code, stdout).
fn run_in(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(args)
        .current_dir(root)
        .env_remove("FRONTLINT_CONFIG")
        .env("NO_COLOR", "1")
        .output()
        .expect("run frontlint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
    )
}

#[test]
fn escape_sequences_in_a_page_never_reach_the_terminal() {
    let site = Site::new();
    // A title that would set the window title, then a YAML error after it on the same line.
    site.write("a.md", "---\ntitle: \"x\x1b]0;owned\x07y\" z: 1\n---\n");
    let (code, human) = run_in(site.root(), &["check", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(
        !human.contains('\x1b') && !human.contains('\x07'),
        "{human:?}"
    );
    // The snippet shows each control character as an escape, and the
    // underline sits under the `z` of the shown line.
    let shown = human
        .lines()
        .find(|l| l.contains("title:"))
        .expect("snippet line");
    assert!(
        shown.ends_with("title: \"x\\x1b]0;owned\\x07y\" z: 1"),
        "{shown:?}"
    );
    let caret = human
        .lines()
        .skip_while(|l| !l.contains("title:"))
        .nth(1)
        .expect("underline line");
    let col_of = |l: &str, c: char| l.chars().position(|x| x == c).unwrap();
    assert_eq!(col_of(shown, 'z'), col_of(caret, '─'));
    // A file name is page data too.
    site.write("b\x1b[2J.md", "---\ntitle: [\n---\n");
    let (_, short) = run_in(site.root(), &["check", "--format", "short"]);
    assert!(!short.contains('\x1b'), "{short:?}");
    assert!(
        short.starts_with(
            "content/a.md:2:23: error[yaml-syntax]: text after the closing quote of a value (help: put the whole value inside the quotes, and write a quote inside it as \\\" (in double quotes) or '' (in single quotes))\ncontent/b\\x1b[2J.md:3:1: error[yaml-syntax]"
        ),
        "{short:?}"
    );
}

#[test]
fn every_byte_of_a_snippet_is_shown_visibly_and_underlines_stay_in_place() {
    let site = Site::new();
    // Wide characters, an escape sequence that clears the screen, a bidi
    // override, a tab, then a broken link; and a NUL byte in another page.
    site.write(
        "a.md",
        "---\ntitle: x\n---\n日本語\x1b[2J\u{202e}\t[x](/nope/)\n",
    );
    site.write("b.md", "---\ntitle: x\n---\nbefore\0after\n");
    let (code, human) = run_in(site.root(), &["check", "--color", "never", "--no-cache"]);
    assert_eq!(code, 1);
    let expected = "link-broken\n\n  × link \"x\" → \"/nope/\" leads nowhere: no page, section, file or alias has the URL \"/nope/\"\n   ╭─[content/a.md:4:14]\n 3 │ ---\n 4 │ 日本語\\x1b[2J\\u{202e}   [x](/nope/)\n   ·                             ───┬──\n   ·                                ╰── broken link\n   ╰────\n\nnul-byte\n\n  × file contains a NUL byte; it was not checked further\n   ╭─[content/b.md:4:7]\n 3 │ ---\n 4 │ before\n   ╰────\n\n";
    assert!(human.starts_with(expected), "{human}");
    // What is shown has no control or bidi character left but line ends.
    assert!(
        !human
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "{human:?}"
    );
    // The underline starts under the `/` of `/nope/`, counting a wide character as two columns.
    let line = human.lines().find(|l| l.contains("(/nope/)")).unwrap();
    let under = human
        .lines()
        .skip_while(|l| !l.contains("(/nope/)"))
        .nth(1)
        .unwrap();
    let width = |s: &str| {
        s.chars()
            .map(|c| if c >= '\u{3000}' { 2 } else { 1 })
            .sum::<usize>()
    };
    let slash = line.find("/nope").unwrap();
    assert_eq!(
        width(&line[..slash]),
        width(&under[..under.find('─').unwrap()])
    );
}

/// A page without front matter whose first character (after white space) is
/// `-` or `+` stops Hugo's build ("invalid YAML delimiter"): an error at that
/// character. A list after front matter, or after other text, is fine, and
/// front matter after blank lines is read.
#[test]
fn a_page_that_starts_with_a_list_stops_hugo() {
    let site = Site::new();
    site.write("dash.md", "- Unpack the archive.\n- Run it.\n");
    site.write("plus.md", "\n  + first\n");
    site.write("rule.md", "--\ntext\n");
    site.write(
        "listed.md",
        "---\ntitle: Steps\n---\n- Unpack the archive.\n",
    );
    site.write("text-first.md", "Steps:\n\n- Unpack the archive.\n");
    site.write("late.md", "\n\n---\ntitle: Late\n---\n- a list\n");
    let run = site.check();
    run.assert(
        1,
        &[
            d("content/dash.md", 1, 1, "error", "front-matter-fence"),
            d("content/plus.md", 2, 3, "error", "front-matter-fence"),
            d("content/rule.md", 1, 1, "error", "front-matter-fence"),
        ],
        (6, 3, 0),
    );
    assert_eq!(
        run.message(0),
        "the page starts with \"- Unpack the archive.\": Hugo reads a `-` there as the start of a `---` front matter fence and stops the build (\"invalid YAML delimiter\")"
    );
    assert_eq!(
        run.message(1),
        "the page starts with \"+ first\": Hugo reads a `+` there as the start of a `+++` front matter fence and stops the build (\"invalid TOML delimiter\")"
    );
}
