#![doc = include_str!("docs/invalid-utf8.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `invalid-utf8`.
pub const RULE: Rule = Rule {
    code: "invalid-utf8",
    default: Severity::Error,
    summary: "the file is not valid UTF-8",
    doc: include_str!("docs/invalid-utf8.md"),
};
