//! The one diagnostic type that every check produces and every report renders.

use crate::fix::Fix;
use std::ops::Range;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem found in one file, located at an exact byte span.
///
/// Line and column are computed from the span by [`crate::source::LineIndex`]
/// when the diagnostic is finalised (see [`Diagnostic::locate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path as shown to the user (relative to the working directory when possible).
    pub path: PathBuf,
    /// Byte span in the file.
    pub span: Range<usize>,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column of `span.start`, counted in characters.
    pub column: usize,
    /// 1-based line of `span.end`.
    pub end_line: usize,
    /// 1-based column of `span.end`, counted in characters (exclusive).
    pub end_column: usize,
    /// Stable rule code, e.g. `schema-unknown-key`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong, for a content editor.
    pub message: String,
    /// Short label shown under the underlined span.
    pub label: Option<String>,
    /// What was expected, what you probably meant.
    pub help: Option<String>,
    /// JSON pointer into the front matter, when the diagnostic is about a value.
    pub pointer: Option<String>,
    /// Ways to fix it, best first (edits are byte ranges of the file as read).
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: PathBuf::new(),
            span,
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            code,
            severity,
            message: message.into(),
            label: None,
            help: None,
            pointer: None,
            fixes: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Fill in line and column from the span.
    pub fn locate(&mut self, index: &crate::source::LineIndex, text: &str) {
        let (l, c) = index.line_col(text, self.span.start);
        let (el, ec) = index.line_col(text, self.span.end);
        self.line = l;
        self.column = c;
        self.end_line = el;
        self.end_column = ec;
    }

    /// Sort key that makes output deterministic: path, then position, then code.
    pub fn sort_key(&self) -> (&PathBuf, usize, usize, &'static str, &str) {
        (&self.path, self.line, self.column, self.code, &self.message)
    }
}
