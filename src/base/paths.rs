//! Paths as shown to the user.

use std::path::{Path, PathBuf};

/// `p` resolved (symbolic links followed), or `p` itself when it cannot be.
pub(crate) fn canon(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// A path relative to the working directory when it is below it.
pub(crate) fn display_path(path: &Path, cwd: &Path) -> PathBuf {
    // Lexically first, so a symlink is shown as the link, not its target
    // (and the working directory is resolved only when that fails: resolving
    // it asks the file system about each of its parents).
    if let Ok(rel) = path.strip_prefix(cwd) {
        return rel.to_path_buf();
    }
    let cwd_canon = canon(cwd);
    if let Ok(rel) = path.strip_prefix(&cwd_canon) {
        return rel.to_path_buf();
    }
    if let Some(parent) = path.parent() {
        if let (Ok(rel), Some(name)) = (canon(parent).strip_prefix(&cwd_canon), path.file_name()) {
            return rel.join(name);
        }
    }
    let path_canon = canon(path);
    match path_canon.strip_prefix(&cwd_canon) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}
