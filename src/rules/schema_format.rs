#![doc = include_str!("docs/schema-format.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `schema-format`.
pub const RULE: Rule = Rule {
    code: "schema-format",
    default: Severity::Error,
    summary: "a value is not a valid date, date-time or other format",
    doc: include_str!("docs/schema-format.md"),
};
