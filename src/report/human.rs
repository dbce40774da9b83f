//! `--format human`: miette snippets with the offending span underlined, then a summary line
//! (left out with `--quiet`).

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};
use std::fmt::Write;

pub fn render(outcome: &Outcome, color: bool, quiet: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    let mut out = String::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            let report = to_report(d, f.text.as_deref().map(String::as_str));
            let mut s = String::new();
            if handler.render_report(&mut s, report.as_ref()).is_err() {
                let _ = writeln!(
                    s,
                    "{}:{}:{}: {}[{}]: {}",
                    d.path.display(),
                    d.line,
                    d.column,
                    d.severity.as_str(),
                    d.code,
                    d.message
                );
            }
            out.push_str(&s);
            out.push('\n');
        }
    }
    if quiet {
        return out;
    }
    let files = if outcome.files_checked == 1 {
        "file"
    } else {
        "files"
    };
    let _ = writeln!(
        out,
        "{} {files} checked: {} error{}, {} warning{} ({:.2}s)",
        outcome.files_checked,
        outcome.errors,
        if outcome.errors == 1 { "" } else { "s" },
        outcome.warnings,
        if outcome.warnings == 1 { "" } else { "s" },
        outcome.elapsed.as_secs_f64()
    );
    out
}

fn to_report(d: &Diagnostic, text: Option<&str>) -> Report {
    let mut m = MietteDiagnostic::new(d.message.clone())
        .with_code(d.code)
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
    if let Some(h) = &d.help {
        m = m.with_help(h.clone());
    }
    let name = d.path.display().to_string();
    match text {
        Some(text) if !text.is_empty() => {
            let len = d.span.end.saturating_sub(d.span.start);
            m = m.with_label(LabeledSpan::new(
                d.label.clone(),
                d.span.start.min(text.len()),
                len.min(text.len().saturating_sub(d.span.start)),
            ));
            Report::new(m)
                .with_source_code(NamedSource::new(name, text.to_string()).with_language("yaml"))
        }
        _ => Report::new(MietteDiagnostic {
            message: format!("{name}: {}", d.message),
            ..m
        }),
    }
}
