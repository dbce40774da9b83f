#![doc = include_str!("docs/schema-enum.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `schema-enum`.
pub const RULE: Rule = Rule {
    code: "schema-enum",
    default: Severity::Error,
    summary: "a value is not one of the allowed values",
    doc: include_str!("docs/schema-enum.md"),
};
