#![doc = include_str!("docs/alias-limit.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `alias-limit`.
pub const RULE: Rule = Rule {
    code: "alias-limit",
    default: Severity::Error,
    summary: "YAML aliases expand front matter to more values than limits.max_nodes",
    doc: include_str!("docs/alias-limit.md"),
};
