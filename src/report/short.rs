//! `--format short`: `path:line:col: error[code]: message (help: …)`, one per line (clickable in
//! editors). The hook's format: the help ("did you mean …") is what makes a fault quick to fix.

use crate::check::Outcome;
use std::fmt::Write;

pub(crate) fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            let _ = writeln!(out, "{}", line(d));
        }
    }
    out
}

/// One diagnostic as `path:line:col: severity[code]: message`, then its help in parentheses,
/// with control characters from the page (in a file name or a quoted link text) made harmless.
pub(crate) fn line(d: &crate::diagnostic::Diagnostic) -> String {
    let mut line = format!(
        "{}:{}:{}: {}[{}]: {}",
        d.path.display(),
        d.line,
        d.column,
        d.severity.as_str(),
        d.code,
        d.message
    );
    if let Some(help) = &d.help {
        let _ = write!(line, " (help: {})", help.replace('\n', " "));
    }
    if let Some(note) = super::fix_note(d) {
        let _ = write!(line, " [{note}]");
    }
    super::terminal::safe(&line).into_owned()
}
