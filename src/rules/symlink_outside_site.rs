#![doc = include_str!("docs/symlink-outside-site.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `symlink-outside-site`.
pub const RULE: Rule = Rule {
    code: "symlink-outside-site",
    default: Severity::Warning,
    summary: "a symbolic link leads out of the site root; it is not followed",
    doc: include_str!("docs/symlink-outside-site.md"),
};
