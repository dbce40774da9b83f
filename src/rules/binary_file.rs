#![doc = include_str!("docs/binary-file.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `binary-file`.
pub const RULE: Rule = Rule {
    code: "binary-file",
    default: Severity::Error,
    summary: "the file looks binary (NUL bytes near its start)",
    doc: include_str!("docs/binary-file.md"),
};
