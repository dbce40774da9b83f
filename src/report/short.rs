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

/// One diagnostic as `path:line:col: severity[code]: message`, with control characters from
/// the page (in a file name or a quoted link text) made harmless.
pub fn line(d: &crate::diagnostic::Diagnostic) -> String {
    let line = format!(
        "{}:{}:{}: {}[{}]: {}",
        d.path.display(),
        d.line,
        d.column,
        d.severity.as_str(),
        d.code,
        d.message
    );
    super::terminal::safe(&line).into_owned()
}
