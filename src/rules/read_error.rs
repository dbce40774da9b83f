#![doc = include_str!("docs/read-error.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `read-error`.
pub const RULE: Rule = Rule {
    code: "read-error",
    default: Severity::Error,
    summary: "the file or directory cannot be read",
    doc: include_str!("docs/read-error.md"),
};
