#![doc = include_str!("docs/yaml-unsupported.md")]

use super::Rule;
use crate::diagnostic::Severity;

/// `yaml-unsupported`.
pub const RULE: Rule = Rule {
    code: "yaml-unsupported",
    default: Severity::Error,
    summary: "a YAML feature Hugo cannot use (complex keys, unknown aliases)",
    doc: include_str!("docs/yaml-unsupported.md"),
};
