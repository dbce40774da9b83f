#![doc = include_str!("docs/schema-unknown-key.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `schema-unknown-key`.
pub const RULE: Rule = Rule {
    code: "schema-unknown-key",
    default: Severity::Error,
    summary: "a key the page's schema does not allow (often a typo)",
    doc: include_str!("docs/schema-unknown-key.md"),
};
