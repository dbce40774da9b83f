#![doc = include_str!("docs/duplicate-value.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `duplicate-value`.
pub const RULE: Rule = Rule {
    code: "duplicate-value",
    default: Severity::Error,
    summary: "a value of a key declared unique is used by more than one page",
    doc: include_str!("docs/duplicate-value.md"),
};
