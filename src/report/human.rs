//! `--format human`: miette snippets with the offending span underlined, then a summary line
//! (left out with `--quiet`).

use super::terminal::safe;
use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};
use std::fmt::Write;

/// Width of the output when it does not go to a terminal.
const DEFAULT_WIDTH: usize = 100;

pub(crate) fn render(outcome: &Outcome, color: bool, quiet: bool, width: Option<usize>) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // The `[path:line:col]` above a snippet is ours (see `to_report`), not miette's.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(width.unwrap_or(DEFAULT_WIDTH))
        .without_primary_span_start();
    let mut out = String::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            let report = to_report(d, f.text.as_deref().map(String::as_str));
            let mut s = String::new();
            if handler.render_report(&mut s, report.as_ref()).is_err() {
                let _ = writeln!(s, "{}", super::short::line(d));
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
    let mut m = MietteDiagnostic::new(safe(&d.message))
        .with_code(d.code)
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
    let help = match (&d.help, super::fix_note(d)) {
        (Some(h), Some(note)) => Some(format!("{h}\n{note}")),
        (h, note) => h.clone().or(note),
    };
    if let Some(h) = &help {
        m = m.with_help(safe(h));
    }
    let name = safe(&d.path.display().to_string()).into_owned();
    // Control and invisible characters are shown as escapes; the span moves
    // with them, so the underline is under what is shown. miette's own header
    // counts columns in bytes, and its snippet lines end only at `\n`/`\r\n`
    // while its header also ends them at a lone `\r`. So the header is the
    // position every other format prints, and miette sees each lone `\r` as a
    // `\n` (one byte for one: the span stays put).
    let shown = text.filter(|t| !t.is_empty()).map(|text| {
        let start = d.span.start.min(text.len());
        let end = d.span.end.clamp(start, text.len());
        let shown = super::terminal::shown(text);
        let span = shown.offset(start)..shown.offset(end);
        (lone_cr_as_lf(&shown.text), span)
    });
    match shown {
        Some((text, span)) if snippet_fits(&text, &span) => {
            m = m.with_label(LabeledSpan::new(
                d.label.as_deref().map(|l| safe(l).into_owned()),
                span.start,
                span.end - span.start,
            ));
            let header = format!("{name}:{}:{}", d.line, d.column);
            Report::new(m).with_source_code(NamedSource::new(header, text).with_language("yaml"))
        }
        Some(_) => Report::new(MietteDiagnostic {
            message: format!("{name}:{}:{}: {}", d.line, d.column, safe(&d.message)),
            ..m
        }),
        None => Report::new(MietteDiagnostic {
            message: format!("{name}: {}", safe(&d.message)),
            ..m
        }),
    }
}

/// `text` with every lone `\r` (one not followed by `\n`) turned into `\n`.
fn lone_cr_as_lf(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut out = text.as_bytes().to_vec();
    for (i, c) in out.iter_mut().enumerate() {
        if *c == b'\r' && b.get(i + 1) != Some(&b'\n') {
            *c = b'\n';
        }
    }
    // Only ASCII bytes changed, to ASCII bytes.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Most bytes of source a snippet may show (the span's lines and one line of
/// context either side). Past that a snippet is unreadable, and miette panics
/// once an underline is wider than 65535 columns.
const MAX_SNIPPET_BYTES: usize = 16 * 1024;

/// Whether the lines around `span` are short enough to show as a snippet.
fn snippet_fits(text: &str, span: &std::ops::Range<usize>) -> bool {
    let b = text.as_bytes();
    let start = span.start.min(b.len());
    let end = span.end.clamp(start, b.len());
    // Back over two line breaks (this line and the one before), forward over two.
    let mut from = start;
    let mut breaks = 0;
    while from > 0 && start - from <= MAX_SNIPPET_BYTES {
        if matches!(b[from - 1], b'\n' | b'\r') {
            breaks += 1;
            if breaks == 2 {
                break;
            }
        }
        from -= 1;
    }
    let mut to = end;
    let mut breaks = 0;
    while to < b.len() && to - from <= MAX_SNIPPET_BYTES {
        if matches!(b[to], b'\n' | b'\r') {
            breaks += 1;
            if breaks == 2 {
                break;
            }
        }
        to += 1;
    }
    to - from <= MAX_SNIPPET_BYTES
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn diagnostic_far_into_a_long_line_renders_without_a_snippet() {
        // Found by the hostile-site test: a broken link at column 2,100,000 of
        // a body line made miette panic ("Formatting argument out of range").
        let text = format!("---\ntitle: x\n---\n{}[x](/nope/)\n", "[".repeat(100_000));
        let at = text.find("/nope/").unwrap();
        let mut d = Diagnostic::new("link-broken", Severity::Error, at..at + 6, "broken");
        d.path = PathBuf::from("content/long.md");
        d.locate(&crate::source::LineIndex::new(&text), &text);
        let outcome = Outcome {
            files: vec![crate::check::FileReport {
                path: d.path.clone(),
                diagnostics: vec![d],
                text: Some(std::sync::Arc::new(text.clone())),
            }],
            ..Outcome::default()
        };
        let out = render(&outcome, false, false, None);
        assert!(out.contains("content/long.md:4:100005: broken"), "{out}");
        assert!(!out.contains("[[[[[[[[[["), "{out}");
        // A short line still gets its snippet.
        assert!(snippet_fits(&text, &(4..9)));
        assert!(!snippet_fits(&text, &(at..at + 6)));
    }

    /// A long message wraps at the width given (the terminal's), else at 100 columns.
    #[test]
    fn wraps_at_the_width_given() {
        let text = "---\ntitle: x\n---\n".to_string();
        let words = "word ".repeat(30);
        let mut d = Diagnostic::new("schema-type", Severity::Error, 4..9, words.trim());
        d.path = PathBuf::from("content/a.md");
        d.locate(&crate::source::LineIndex::new(&text), &text);
        let outcome = Outcome {
            files: vec![crate::check::FileReport {
                path: d.path.clone(),
                diagnostics: vec![d],
                text: Some(std::sync::Arc::new(text)),
            }],
            ..Outcome::default()
        };
        let widest = |out: &str| out.lines().map(|l| l.chars().count()).max().unwrap();
        let narrow = render(&outcome, false, true, Some(60));
        let wide = render(&outcome, false, true, Some(160));
        let default = render(&outcome, false, true, None);
        assert!(widest(&narrow) <= 60 && widest(&narrow) > 50, "{narrow}");
        assert!(widest(&wide) > 100, "{wide}");
        assert!(
            widest(&default) <= 100 && widest(&default) > 90,
            "{default}"
        );
    }
}
