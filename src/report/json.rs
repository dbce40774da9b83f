//! `--format json`: one document with every diagnostic and a summary.

use crate::check::Outcome;
use serde_json::json;

pub(crate) fn render(outcome: &Outcome) -> String {
    let diagnostics: Vec<serde_json::Value> = super::render_each(outcome, diagnostic);
    let doc = json!({
        "version": 1,
        "diagnostics": diagnostics,
        "summary": { "files": outcome.files_checked, "errors": outcome.errors, "warnings": outcome.warnings },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// One diagnostic; its fixes' edits give byte offsets into the file as read
/// and the same places as lines and columns.
fn diagnostic(
    d: &crate::diagnostic::Diagnostic,
    text: Option<&str>,
    index: Option<&crate::source::LineIndex>,
) -> serde_json::Value {
    let fixes: Vec<serde_json::Value> = d
        .fixes
        .iter()
        .map(|f| {
            let edits: Vec<serde_json::Value> = f
                .edits
                .iter()
                .map(|e| {
                    let (line, column, end_line, end_column) =
                        super::edit_position(text, index, &e.range);
                    json!({
                        "start": e.range.start,
                        "end": e.range.end,
                        "line": line,
                        "column": column,
                        "end_line": end_line,
                        "end_column": end_column,
                        "replacement": e.replacement,
                    })
                })
                .collect();
            json!({ "title": f.title, "safety": f.safety.as_str(), "edits": edits })
        })
        .collect();
    json!({
                "path": d.path.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "column": d.column,
                "end_line": d.end_line,
                "end_column": d.end_column,
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
                "help": d.help,
                "pointer": d.pointer,
                "fixes": fixes,
    })
}
