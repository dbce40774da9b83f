//! `frontlint.toml` served as a document: its errors (as `check` says them)
//! at the line and column they name.

use lsp_types::{DiagnosticSeverity, Position, Range};
use std::path::Path;

/// The errors of `frontlint.toml` at `path` with text `text`; `site_error`
/// is why the site could not be loaded, when it could not (said at the
/// top when `text` itself has no error).
pub(super) fn diagnostics(
    path: &Path,
    text: &str,
    site_error: Option<&str>,
) -> Vec<lsp_types::Diagnostic> {
    let error = match crate::config::Config::parse(text, path) {
        Err(e) => e.to_string(),
        Ok(_) => match site_error {
            Some(e) => e.to_string(),
            None => return Vec::new(),
        },
    };
    vec![at_position(path, &error)]
}

/// `path:line:col: message` (as the config's errors are written) → a
/// diagnostic there; anything else at the top of the file.
fn at_position(path: &Path, error: &str) -> lsp_types::Diagnostic {
    let first = error.lines().next().unwrap_or("");
    let shown = path.display().to_string();
    let rest = first
        .strip_prefix(&shown)
        .or_else(|| {
            // Errors name the file as the user would see it (relative to the working directory).
            first.split_once(crate::config::CONFIG_FILE).map(|(_, r)| r)
        })
        .unwrap_or(first);
    let mut parts = rest.splitn(4, ':');
    let _ = parts.next();
    let line = parts.next().and_then(|l| l.parse::<u32>().ok());
    let col = parts.next().and_then(|c| c.parse::<u32>().ok());
    let (start, message) = match (line, col, parts.next()) {
        (Some(l), Some(c), Some(m)) => (
            Position::new(l.saturating_sub(1), c.saturating_sub(1)),
            m.trim(),
        ),
        _ => (Position::new(0, 0), first),
    };
    lsp_types::Diagnostic {
        range: Range {
            start,
            end: Position::new(start.line, start.character + 1),
        },
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("frontlint".into()),
        message: message.to_string(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_error_is_placed_at_its_line_and_column() {
        let path = Path::new("frontlint.toml");
        let d = diagnostics(path, "[rules]\nlink-broken = \"warn\"\n", None);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].range.start, Position::new(1, 14));
        assert!(
            d[0].message.starts_with("\"warn\" is not a rule level"),
            "{}",
            d[0].message
        );
        assert!(diagnostics(path, "[rules]\nlink-broken = \"warning\"\n", None).is_empty());
    }
}
