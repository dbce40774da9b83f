#![doc = include_str!("docs/front-matter-too-large.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `front-matter-too-large`.
pub const RULE: Rule = Rule {
    code: "front-matter-too-large",
    default: Severity::Error,
    summary: "the front matter is larger than limits.max_front_matter_size",
    doc: include_str!("docs/front-matter-too-large.md"),
};
