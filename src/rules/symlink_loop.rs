#![doc = include_str!("docs/symlink-loop.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `symlink-loop`.
pub const RULE: Rule = Rule {
    code: "symlink-loop",
    default: Severity::Error,
    summary: "a symbolic link points back into its own directory tree",
    doc: include_str!("docs/symlink-loop.md"),
};
