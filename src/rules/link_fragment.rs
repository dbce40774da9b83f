#![doc = include_str!("docs/link-fragment.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `link-fragment`.
pub const RULE: Rule = Rule {
    code: "link-fragment",
    default: Severity::Error,
    summary: "a link's #fragment matches no heading of the target page",
    doc: include_str!("docs/link-fragment.md"),
};
