#![doc = include_str!("docs/unused-suppression.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `unused-suppression`.
pub const RULE: Rule = Rule {
    code: "unused-suppression",
    default: Severity::Warning,
    summary: "a `# frontlint-ignore: CODE` comment that silences nothing",
    doc: include_str!("docs/unused-suppression.md"),
};
