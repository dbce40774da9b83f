//! The one diagnostic type that every check produces and every report renders.

use crate::fix::Fix;
use crate::rules::Rule;
pub(crate) use crate::rules::Severity;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::Range;
use std::path::PathBuf;

/// A problem found in one file, located at an exact byte span.
///
/// Line and column are computed from the span by [`crate::source::LineIndex`]
/// when the diagnostic is finalised (see [`Diagnostic::locate`]).
///
/// The cache stores a diagnostic as it is found on a page, before it is
/// finalised: path, line and column are not stored. A stored code that is no
/// rule's does not deserialize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Path as shown to the user (relative to the working directory when possible).
    #[serde(skip)]
    pub path: PathBuf,
    /// Byte span in the file.
    pub span: Range<usize>,
    /// 1-based line of `span.start`.
    #[serde(skip)]
    pub line: usize,
    /// 1-based column of `span.start`, counted in characters.
    #[serde(skip)]
    pub column: usize,
    /// 1-based line of `span.end`.
    #[serde(skip)]
    pub end_line: usize,
    /// 1-based column of `span.end`, counted in characters (exclusive).
    #[serde(skip)]
    pub end_column: usize,
    /// Stable rule code, e.g. `schema-unknown-key`.
    #[serde(serialize_with = "code_out", deserialize_with = "code_in")]
    pub code: Code,
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

/// A rule's code: the `&'static str` of the rule table. (Named, so that serde
/// does not take the field for text borrowed from its input.)
pub(crate) type Code = &'static str;

fn code_out<S: Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code)
}

/// A rule's code back, as the `&'static str` of the rule table.
fn code_in<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let code = <&str>::deserialize(d)?;
    crate::rules::get(code)
        .map(|r| r.code)
        .ok_or_else(|| serde::de::Error::custom(format!("no rule {code:?}")))
}

impl Rule {
    /// A diagnostic of this rule at `span` (bytes of the file), at the rule's default level.
    pub(crate) fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.default, span, message)
    }
}

impl Diagnostic {
    pub(crate) fn new(
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

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub(crate) fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub(crate) fn with_fix(mut self, fix: Fix) -> Self {
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
    pub(crate) fn sort_key(&self) -> (&PathBuf, usize, usize, &'static str, &str) {
        (&self.path, self.line, self.column, self.code, &self.message)
    }
}
