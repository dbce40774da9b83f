#![doc = include_str!("docs/front-matter-unterminated.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `front-matter-unterminated`.
pub const RULE: Rule = Rule {
    code: "front-matter-unterminated",
    default: Severity::Error,
    summary: "the front matter block has no closing fence",
    doc: include_str!("docs/front-matter-unterminated.md"),
};
