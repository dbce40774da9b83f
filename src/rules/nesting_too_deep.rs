#![doc = include_str!("docs/nesting-too-deep.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `nesting-too-deep`.
pub const RULE: Rule = Rule {
    code: "nesting-too-deep",
    default: Severity::Error,
    summary: "front matter nests deeper than limits.max_depth",
    doc: include_str!("docs/nesting-too-deep.md"),
};
