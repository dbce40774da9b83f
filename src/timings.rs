//! Phase timings for profiling: with `FRONTLINT_TIMINGS=1` in the environment,
//! each run prints how long every stage took to stderr. Off by default; costs
//! one clock read per phase. Also prints the CPU time the whole process spent
//! in the phase (all threads; Unix only: set against the wall time it shows how
//! well the phase used the cores) and the resident memory (Linux only).

use std::time::{Duration, Instant};

pub(crate) struct Timings {
    on: bool,
    last: Instant,
    last_cpu: Option<Duration>,
}

impl Timings {
    pub(crate) fn start() -> Self {
        Timings {
            on: enabled(),
            last: Instant::now(),
            last_cpu: process_cpu(),
        }
    }

    /// End the phase called `name` and start the next.
    pub(crate) fn phase(&mut self, name: &str) {
        if self.on {
            let now = Instant::now();
            let cpu = process_cpu();
            let used = cpu.zip(self.last_cpu).map(|(c, l)| c.saturating_sub(l));
            print(name, now - self.last, used);
            self.last = now;
            self.last_cpu = cpu;
        }
    }
}

fn enabled() -> bool {
    std::env::var_os("FRONTLINT_TIMINGS").is_some_and(|v| v != "0")
}

fn print(name: &str, took: Duration, cpu: Option<Duration>) {
    eprintln!(
        "frontlint timings: {name:<14} {:>8.1} ms {:>8} ms CPU {:>8} MB resident",
        took.as_secs_f64() * 1000.0,
        cpu.map_or("?".to_string(), |c| format!(
            "{:.1}",
            c.as_secs_f64() * 1000.0
        )),
        resident_mb().map_or("?".to_string(), |m| m.to_string())
    );
}

/// Report work done off the main path (it overlaps the phases around it).
pub(crate) fn report(name: &str, took: Duration) {
    if enabled() {
        print(name, took, None);
    }
}

/// Resident memory of this process in MB, where `/proc` tells it.
fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// CPU time used so far by every thread of this process.
#[cfg(unix)]
fn process_cpu() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) } == 0;
    ok.then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

#[cfg(not(unix))]
fn process_cpu() -> Option<Duration> {
    None
}
