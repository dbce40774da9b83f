#![doc = include_str!("docs/schema-value.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `schema-value`.
pub const RULE: Rule = Rule {
    code: "schema-value",
    default: Severity::Error,
    summary: "a value breaks another schema constraint (length, pattern, range, …)",
    doc: include_str!("docs/schema-value.md"),
};
