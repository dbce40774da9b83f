#![doc = include_str!("docs/url-conflict.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `url-conflict`.
pub const RULE: Rule = Rule {
    code: "url-conflict",
    default: Severity::Error,
    summary: "two pages have the same URL",
    doc: include_str!("docs/url-conflict.md"),
};
