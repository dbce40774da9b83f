#![doc = include_str!("docs/link-alias.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `link-alias`.
pub const RULE: Rule = Rule {
    code: "link-alias",
    default: Severity::Warning,
    summary: "an internal link goes to an alias instead of the page's URL",
    doc: include_str!("docs/link-alias.md"),
};
