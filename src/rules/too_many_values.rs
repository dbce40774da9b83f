#![doc = include_str!("docs/too-many-values.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `too-many-values`.
pub const RULE: Rule = Rule {
    code: "too-many-values",
    default: Severity::Error,
    summary: "front matter has more values than limits.max_nodes",
    doc: include_str!("docs/too-many-values.md"),
};
