#![doc = include_str!("docs/file-too-large.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `file-too-large`.
pub const RULE: Rule = Rule {
    code: "file-too-large",
    default: Severity::Error,
    summary: "the file is larger than limits.max_file_size",
    doc: include_str!("docs/file-too-large.md"),
};
