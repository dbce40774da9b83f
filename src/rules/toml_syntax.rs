#![doc = include_str!("docs/toml-syntax.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `toml-syntax`.
pub const RULE: Rule = Rule {
    code: "toml-syntax",
    default: Severity::Error,
    summary: "the TOML front matter does not parse",
    doc: include_str!("docs/toml-syntax.md"),
};
