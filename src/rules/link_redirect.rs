#![doc = include_str!("docs/link-redirect.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `link-redirect`.
pub const RULE: Rule = Rule {
    code: "link-redirect",
    default: Severity::Warning,
    summary: "an internal link goes to the source of a redirect in a `_redirects` file",
    doc: include_str!("docs/link-redirect.md"),
};
