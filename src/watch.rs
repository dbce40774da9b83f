//! `frontlint check --watch`: re-check whenever a file of the site changes.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long to wait for a burst of file events to settle before re-checking.
pub(crate) const SETTLE: Duration = Duration::from_millis(150);

/// Whether an event path is worth a re-check (not the cache, not a VCS or build dir).
pub(crate) fn relevant(path: &Path) -> bool {
    !path.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s == ".git" || s == ".frontlint_cache" || s == "target" || s == "public" || s == "resources"
    })
}

/// Why watching stopped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WatchError {
    #[error("cannot watch files: {0}")]
    Start(notify::Error),
    #[error("cannot watch {}: {source}", .path.display())]
    Root {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("file watcher stopped")]
    Stopped,
}

/// Run `check` once, then again after every change under `roots`, until the
/// process is interrupted or the watcher fails.
pub(crate) fn watch(roots: &[PathBuf], mut check: impl FnMut()) -> Result<(), WatchError> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let _ = tx.send(res);
    })
    .map_err(WatchError::Start)?;
    for root in roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|source| WatchError::Root {
                path: root.clone(),
                source,
            })?;
    }
    check();
    loop {
        let first = rx.recv().map_err(|_| WatchError::Stopped)?;
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

/// The time of day, `HH:MM:SS`, local where the C library knows the zone, else UTC.
pub(crate) fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (h, m, s) = local_hms(secs).unwrap_or(((secs / 3600) % 24, (secs / 60) % 60, secs % 60));
    format!("{h:02}:{m:02}:{s:02}")
}

#[cfg(unix)]
fn local_hms(secs: u64) -> Option<(u64, u64, u64)> {
    let t = libc::time_t::try_from(secs).ok()?;
    // SAFETY: `tm` is plain data that localtime_r fills; both pointers are valid.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = !unsafe { libc::localtime_r(&t, &mut tm) }.is_null();
    let part = |v: libc::c_int| u64::try_from(v).ok();
    ok.then(|| Some((part(tm.tm_hour)?, part(tm.tm_min)?, part(tm.tm_sec)?)))
        .flatten()
}

#[cfg(not(unix))]
fn local_hms(_: u64) -> Option<(u64, u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_is_a_time_of_day() {
        let c = super::clock();
        let parts: Vec<u32> = c.split(':').map(|p| p.parse().unwrap()).collect();
        assert_eq!(c.len(), 8, "{c}");
        assert!(parts[0] < 24 && parts[1] < 60 && parts[2] < 61, "{c}");
    }
}
