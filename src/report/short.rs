//! `--format short`: `path:line:col: error[code]: message`, one per line (clickable in editors).

use crate::check::Outcome;
use std::fmt::Write;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            let _ = writeln!(out, "{}", line(d));
        }
    }
    out
}

/// One diagnostic as `path:line:col: severity[code]: message`.
pub fn line(d: &crate::diagnostic::Diagnostic) -> String {
    format!(
        "{}:{}:{}: {}[{}]: {}",
        d.path.display(),
        d.line,
        d.column,
        d.severity.as_str(),
        d.code,
        d.message
    )
}
