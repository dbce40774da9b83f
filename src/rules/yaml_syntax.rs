#![doc = include_str!("docs/yaml-syntax.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `yaml-syntax`.
pub const RULE: Rule = Rule {
    code: "yaml-syntax",
    default: Severity::Error,
    summary: "the YAML front matter does not parse",
    doc: include_str!("docs/yaml-syntax.md"),
};
