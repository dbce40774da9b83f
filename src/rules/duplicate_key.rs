#![doc = include_str!("docs/duplicate-key.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `duplicate-key`.
pub const RULE: Rule = Rule {
    code: "duplicate-key",
    default: Severity::Error,
    summary: "the same key appears twice in one mapping",
    doc: include_str!("docs/duplicate-key.md"),
};
