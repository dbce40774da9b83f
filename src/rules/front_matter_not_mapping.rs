#![doc = include_str!("docs/front-matter-not-mapping.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `front-matter-not-mapping`.
pub const RULE: Rule = Rule {
    code: "front-matter-not-mapping",
    default: Severity::Error,
    summary: "the front matter is not a mapping of keys to values",
    doc: include_str!("docs/front-matter-not-mapping.md"),
};
