//! What link resolution asked the file system.

use std::path::{Path, PathBuf};

/// A question link resolution asked the file system, with its answer. A page's
/// link results stay true while every answer stays the same (see
/// [`crate::cache::last_run`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Probe {
    /// Whether this path is a file.
    IsFile(PathBuf, bool),
    /// A digest of the names of every file below this directory.
    Listing(PathBuf, u64),
}

impl Probe {
    /// The file system still answers the same.
    pub(crate) fn holds(&self) -> bool {
        match self {
            Probe::IsFile(path, was) => path.is_file() == *was,
            Probe::Listing(dir, digest) => listing(dir).1 == *digest,
        }
    }
}

/// Every file below `dir` (see [`list_files`]), sorted, with a digest of the list.
pub(crate) fn listing(dir: &Path) -> (Vec<String>, u64) {
    let mut v = Vec::new();
    list_files(dir, dir, &mut v);
    v.sort();
    let digest = crate::base::hash::hash(v.join("\0").as_bytes());
    (v, digest)
}

/// Every file below `dir`, as `/`-joined paths relative to `root` with a leading `/`.
fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            list_files(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(format!("/{}", rel.join("/")));
        }
    }
}
