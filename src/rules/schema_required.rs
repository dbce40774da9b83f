#![doc = include_str!("docs/schema-required.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `schema-required`.
pub const RULE: Rule = Rule {
    code: "schema-required",
    default: Severity::Error,
    summary: "a key the page's schema requires is missing",
    doc: include_str!("docs/schema-required.md"),
};
