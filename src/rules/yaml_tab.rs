#![doc = include_str!("docs/yaml-tab.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `yaml-tab`.
pub const RULE: Rule = Rule {
    code: "yaml-tab",
    default: Severity::Error,
    summary: "a tab is used for indentation in YAML",
    doc: include_str!("docs/yaml-tab.md"),
};
