//! `--format junit`: JUnit XML, for CI systems that show test reports (GitLab,
//! Jenkins, Azure Pipelines, …).
//!
//! One `<testsuite name="frontlint">`. frontlint keeps only the files that have
//! diagnostics, so each of those is a `<testcase>` (named by its path); every
//! error is a `<failure>` of it, and warnings, which do not fail a check, are
//! listed as `path:line:col: warning[code]: message` lines in the test case's
//! `<system-out>`. A file with only warnings is therefore a passing test case.
//! The counts cover the whole run: `tests` is the number of files checked
//! (clean files pass and are not listed), `failures` the number of files with
//! errors.

use crate::check::{FileReport, Outcome};
use crate::diagnostic::{Diagnostic, Severity};
use std::fmt::Write;

pub(crate) fn render(outcome: &Outcome) -> String {
    let failed = outcome
        .files
        .iter()
        .filter(|f| f.diagnostics.iter().any(|d| d.severity == Severity::Error))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"frontlint\" tests=\"{0}\" failures=\"{failed}\" errors=\"0\">",
        outcome.files_checked.max(outcome.files.len())
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"frontlint\" tests=\"{0}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">",
        outcome.files_checked.max(outcome.files.len())
    );
    for f in &outcome.files {
        testcase(&mut out, f);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn testcase(out: &mut String, f: &FileReport) {
    let name = escape(&super::slash_path(&f.path));
    let _ = writeln!(
        out,
        "    <testcase name=\"{name}\" classname=\"frontlint\" file=\"{name}\">"
    );
    for d in f
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            escape(d.code),
            escape(&d.message),
            escape(&line(d))
        );
    }
    let warnings: Vec<String> = f
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(line)
        .collect();
    if !warnings.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape(&warnings.join("\n"))
        );
    }
    out.push_str("    </testcase>\n");
}

/// `path:line:col: severity[code]: message`, then `help: …` on the next line.
fn line(d: &Diagnostic) -> String {
    let mut s = format!(
        "{}:{}:{}: {}[{}]: {}",
        super::slash_path(&d.path),
        d.line,
        d.column,
        d.severity.as_str(),
        d.code,
        d.message
    );
    if let Some(h) = &d.help {
        s.push_str("\nhelp: ");
        s.push_str(h);
    }
    s
}

/// Escape text for an XML attribute or element. `&<>"'` become entities; tab,
/// newline and carriage return become character references (so attributes keep
/// them); characters XML 1.0 cannot hold at all (other control characters,
/// U+FFFE, U+FFFF) become U+FFFD.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn escapes() {
        assert_eq!(
            escape("a<b> & \"c\" 'd'\n\t\r\u{1}\u{7f}é"),
            "a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;&#10;&#9;&#13;\u{fffd}\u{7f}é"
        );
    }

    #[test]
    fn counts_and_warnings() {
        let mk = |path: &str, sev, code| {
            let mut d = Diagnostic::new(code, sev, 0..1, "bad <value>");
            (d.line, d.column, d.end_line, d.end_column) = (1, 2, 1, 3);
            d.path = PathBuf::from(path);
            FileReport {
                path: PathBuf::from(path),
                text: None,
                diagnostics: vec![d],
            }
        };
        let outcome = Outcome {
            files: vec![
                mk("a.md", Severity::Error, "schema-type"),
                mk("b.md", Severity::Warning, "link-alias"),
            ],
            files_checked: 5,
            ..Outcome::default()
        };
        let xml = render(&outcome);
        assert!(xml.contains("<testsuite name=\"frontlint\" tests=\"5\" failures=\"1\""));
        assert!(xml.contains("<failure type=\"schema-type\" message=\"bad &lt;value&gt;\">a.md:1:2: error[schema-type]: bad &lt;value&gt;</failure>"));
        assert!(xml
            .contains("<system-out>b.md:1:2: warning[link-alias]: bad &lt;value&gt;</system-out>"));
    }
}
