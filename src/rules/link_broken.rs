#![doc = include_str!("docs/link-broken.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `link-broken`.
pub const RULE: Rule = Rule {
    code: "link-broken",
    default: Severity::Error,
    summary: "an internal link leads to no page, section, file or resource",
    doc: include_str!("docs/link-broken.md"),
};
