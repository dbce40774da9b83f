#![doc = include_str!("docs/nul-byte.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `nul-byte`.
pub const RULE: Rule = Rule {
    code: "nul-byte",
    default: Severity::Error,
    summary: "the file contains a NUL byte",
    doc: include_str!("docs/nul-byte.md"),
};
