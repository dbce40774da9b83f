//! `frontlint check --watch`: re-check whenever a file of the site changes.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long to wait for a burst of file events to settle before re-checking.
const SETTLE: Duration = Duration::from_millis(150);

/// Whether an event path is worth a re-check (not the cache, not a VCS or build dir).
fn relevant(path: &Path) -> bool {
    !path.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s == ".git" || s == ".frontlint_cache" || s == "target" || s == "public" || s == "resources"
    })
}

/// Run `check` once, then again after every change under `roots`, until the
/// process is interrupted or the watcher fails.
pub fn watch(roots: &[PathBuf], mut check: impl FnMut()) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let _ = tx.send(res);
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for root in roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    }
    check();
    loop {
        let first = rx.recv().map_err(|_| "file watcher stopped".to_string())?;
        let mut changed = matches!(&first, Ok(ev) if ev.paths.iter().any(|p| relevant(p)) && !ev.kind.is_access());
        // Let a burst (an editor's save is several events) settle.
        while let Ok(ev) = rx.recv_timeout(SETTLE) {
            changed |= matches!(&ev, Ok(ev) if ev.paths.iter().any(|p| relevant(p)) && !ev.kind.is_access());
        }
        if changed {
            check();
        }
    }
}
