#![doc = include_str!("docs/schema-type.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `schema-type`.
pub const RULE: Rule = Rule {
    code: "schema-type",
    default: Severity::Error,
    summary: "a value has the wrong type (text, number, list, …)",
    doc: include_str!("docs/schema-type.md"),
};
