//! Renderers: one per output format, all fed by the same [`Outcome`].

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod sarif;
pub(crate) mod short;
mod terminal;

use crate::check::Outcome;
use crate::diagnostic::Diagnostic;
use crate::source::LineIndex;
use std::path::Path;

/// Every diagnostic of the run, rendered by `render` with its file's text
/// and, where one of the file's diagnostics has fixes (whose edits are given
/// as lines and columns), a line index of that text.
fn render_each<T>(
    outcome: &Outcome,
    render: impl Fn(&Diagnostic, Option<&str>, Option<&LineIndex>) -> T,
) -> Vec<T> {
    let mut out = Vec::new();
    for f in &outcome.files {
        let text = f.text.as_deref().map(String::as_str);
        let index = text
            .filter(|_| f.diagnostics.iter().any(|d| !d.fixes.is_empty()))
            .map(LineIndex::new);
        out.extend(
            f.diagnostics
                .iter()
                .map(|d| render(d, text, index.as_ref())),
        );
    }
    out
}

/// Output formats of `frontlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReportFormat {
    /// Snippets with the offending span underlined, and a summary line.
    Human,
    /// One line per diagnostic: `path:line:col: severity[code]: message`.
    Short,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`): annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for code scanning (e.g. GitHub's upload-sarif).
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
}

/// How to render, besides the format.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options {
    /// Colour (only `human` uses it).
    pub color: bool,
    /// Only the diagnostics: no summary line (`human`; the other formats have none,
    /// and the documents of `json`, `sarif` and `junit` are always whole).
    pub quiet: bool,
    /// Columns to wrap `human` snippets and messages at (the terminal's width);
    /// `None`: 100, for files and pipes.
    pub width: Option<usize>,
}

/// Render `outcome` in `format`.
pub(crate) fn render(outcome: &Outcome, format: ReportFormat, options: Options) -> String {
    match format {
        ReportFormat::Human => human::render(outcome, options.color, options.quiet, options.width),
        ReportFormat::Short => short::render(outcome),
        ReportFormat::Json => json::render(outcome),
        ReportFormat::Github => github::render(outcome),
        ReportFormat::Sarif => sarif::render(outcome),
        ReportFormat::Junit => junit::render(outcome),
    }
}

/// Where a fix's edit lies, for formats that give positions: 1-based line
/// and character column of its start and end (`(0, 0, 0, 0)` without the text).
pub(crate) fn edit_position(
    text: Option<&str>,
    index: Option<&crate::source::LineIndex>,
    range: &std::ops::Range<usize>,
) -> (usize, usize, usize, usize) {
    match (text, index) {
        (Some(text), Some(index)) => {
            let (l, c) = index.line_col(text, range.start);
            let (el, ec) = index.line_col(text, range.end);
            (l, c, el, ec)
        }
        _ => (0, 0, 0, 0),
    }
}

/// What the text formats add to a diagnostic that has fixes: the first
/// fix's title and how to apply it.
pub(crate) fn fix_note(d: &crate::diagnostic::Diagnostic) -> Option<String> {
    let f = d.fixes.first()?;
    Some(match f.safety {
        crate::fix::Safety::Safe => format!("fix available (--fix): {}", f.title),
        crate::fix::Safety::Unsafe => {
            format!("unsafe fix available (--fix --unsafe-fixes): {}", f.title)
        }
    })
}

/// A displayed path with forward slashes, as machine formats want it.
pub(crate) fn slash_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}
