//! `--format short`: `path:line:col: error[code]: message`, one per line (clickable in editors).

use crate::check::Outcome;
use std::fmt::Write;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}]: {}",
                d.path.display(),
                d.line,
                d.column,
                d.severity.as_str(),
                d.code,
                d.message
            );
        }
    }
    out
}
