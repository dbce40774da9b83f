//! Phase timings for profiling: with `FRONTLINT_TIMINGS=1` in the environment,
//! each run prints how long every stage took to stderr. Off by default; costs
//! one clock read per phase. Also prints the resident memory (Linux only).

use std::time::{Duration, Instant};

pub struct Timings {
    on: bool,
    last: Instant,
}

impl Timings {
    pub fn start() -> Self {
        Timings {
            on: enabled(),
            last: Instant::now(),
        }
    }

    /// End the phase called `name` and start the next.
    pub fn phase(&mut self, name: &str) {
        if self.on {
            let now = Instant::now();
            print(name, now - self.last);
            self.last = now;
        }
    }
}

fn enabled() -> bool {
    std::env::var_os("FRONTLINT_TIMINGS").is_some_and(|v| v != "0")
}

fn print(name: &str, took: Duration) {
    eprintln!(
        "frontlint timings: {name:<14} {:>8.1} ms {:>8} MB resident",
        took.as_secs_f64() * 1000.0,
        resident_mb().map_or("?".to_string(), |m| m.to_string())
    );
}

/// Report work done off the main path (it overlaps the phases around it).
pub fn report(name: &str, took: Duration) {
    if enabled() {
        print(name, took);
    }
}

/// Resident memory of this process in MB, where `/proc` tells it.
fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
