#![doc = include_str!("docs/json-syntax.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `json-syntax`.
pub const RULE: Rule = Rule {
    code: "json-syntax",
    default: Severity::Error,
    summary: "the JSON front matter does not parse",
    doc: include_str!("docs/json-syntax.md"),
};
