#![doc = include_str!("docs/front-matter-missing.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `front-matter-missing`.
pub const RULE: Rule = Rule {
    code: "front-matter-missing",
    default: Severity::Warning,
    summary: "front matter lost its opening fence",
    doc: include_str!("docs/front-matter-missing.md"),
};
