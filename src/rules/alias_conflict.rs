#![doc = include_str!("docs/alias-conflict.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `alias-conflict`.
pub const RULE: Rule = Rule {
    code: "alias-conflict",
    default: Severity::Error,
    summary: "an alias equals a page URL or another page's alias",
    doc: include_str!("docs/alias-conflict.md"),
};
