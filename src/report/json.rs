//! `--format json`: one document with every diagnostic and a summary.

use crate::check::Outcome;
use serde_json::json;

pub fn render(outcome: &Outcome) -> String {
    let diagnostics: Vec<serde_json::Value> = outcome
        .files
        .iter()
        .flat_map(|f| f.diagnostics.iter())
        .map(|d| {
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
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "diagnostics": diagnostics,
        "summary": { "files": outcome.files_checked, "errors": outcome.errors, "warnings": outcome.warnings },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
