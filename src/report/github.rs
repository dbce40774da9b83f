//! `--format github`: one GitHub Actions workflow command per diagnostic, so each
//! shows up as an annotation on the pull request's changed lines:
//!
//! ```text
//! ::error file=content/a.md,line=4,col=7,endLine=4,endColumn=17,title=schema-format::date: "2025-02-30" is not a valid date%0Ahelp: …
//! ```
//!
//! A span over several lines gets `line` and `endLine` only: GitHub takes
//! columns only when both ends are on the same line.
//!
//! Escaping follows the Actions runner: `%`, `\r` and `\n` in the message;
//! additionally `:` and `,` in property values.

use crate::check::Outcome;
use crate::diagnostic::Severity;
use std::fmt::Write;

pub(crate) fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for d in outcome.files.iter().flat_map(|f| f.diagnostics.iter()) {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        let path = super::slash_path(&d.path);
        if !path.is_empty() {
            props.push(format!("file={}", escape_property(&path)));
        }
        if d.line > 0 {
            props.push(format!("line={}", d.line));
            // GitHub annotations take columns only for a span on one line.
            if d.end_line <= d.line {
                props.push(format!("col={}", d.column));
            }
            props.push(format!("endLine={}", d.end_line.max(d.line)));
            if d.end_line <= d.line {
                props.push(format!("endColumn={}", d.end_column));
            }
        }
        props.push(format!("title={}", escape_property(d.code)));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out
}

/// Escape a command's message.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as a message, plus `:` and `,`.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::FileReport;
    use crate::diagnostic::Diagnostic;
    use std::path::PathBuf;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn one_command_per_diagnostic() {
        let mut e = Diagnostic::new("schema-type", Severity::Error, 0..1, "x: bad, very: bad");
        (e.line, e.column, e.end_line, e.end_column) = (2, 3, 2, 5);
        e.path = PathBuf::from("content/a, b:c.md");
        let e = e.with_help("use 100%\nor less");
        let mut w = Diagnostic::new("link-alias", Severity::Warning, 0..1, "alias");
        (w.line, w.column, w.end_line, w.end_column) = (1, 1, 1, 1);
        w.path = PathBuf::from("content/b.md");
        let mut m = Diagnostic::new("front-matter-not-mapping", Severity::Error, 0..9, "list");
        (m.line, m.column, m.end_line, m.end_column) = (2, 1, 3, 36);
        m.path = PathBuf::from("c.md");
        let outcome = Outcome {
            files: vec![FileReport {
                path: PathBuf::new(),
                text: None,
                diagnostics: vec![e, w, m],
            }],
            ..Outcome::default()
        };
        assert_eq!(
            render(&outcome),
            "::error file=content/a%2C b%3Ac.md,line=2,col=3,endLine=2,endColumn=5,title=schema-type::x: bad, very: bad%0Ahelp: use 100%25%0Aor less\n\
             ::warning file=content/b.md,line=1,col=1,endLine=1,endColumn=1,title=link-alias::alias\n\
             ::error file=c.md,line=2,endLine=3,title=front-matter-not-mapping::list\n"
        );
    }
}
