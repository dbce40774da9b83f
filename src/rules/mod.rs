//! Every diagnostic code frontlint can report: one module per rule, each with
//! its documentation (what it checks, why it matters, an example and its fix).
//!
//! A rule's documentation lives in `src/rules/docs/<code>.md`; it is both the
//! module's doc comment and the text `frontlint explain <code>` prints, so the
//! two can never drift apart.

use crate::diagnostic::Severity;

pub mod alias_conflict;
pub mod alias_limit;
pub mod binary_file;
pub mod duplicate_key;
pub mod duplicate_value;
pub mod file_too_large;
pub mod front_matter_missing;
pub mod front_matter_not_mapping;
pub mod front_matter_too_large;
pub mod front_matter_unterminated;
pub mod invalid_utf8;
pub mod json_syntax;
pub mod link_alias;
pub mod link_broken;
pub mod link_fragment;
pub mod link_redirect;
pub mod nesting_too_deep;
pub mod nul_byte;
pub mod read_error;
pub mod schema_enum;
pub mod schema_format;
pub mod schema_required;
pub mod schema_type;
pub mod schema_unknown_key;
pub mod schema_value;
pub mod symlink_loop;
pub mod symlink_outside_site;
pub mod toml_syntax;
pub mod too_many_values;
pub mod unused_suppression;
pub mod url_conflict;
pub mod yaml_syntax;
pub mod yaml_tab;
pub mod yaml_unsupported;

/// A rule: a stable code, its default severity, a one-line summary and its documentation.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub default: Severity,
    pub summary: &'static str,
    /// Markdown: a summary line, then `## What it checks`, `## Why it matters`, `## Example`.
    pub doc: &'static str,
}

impl Rule {
    /// The text of the doc's `## {name}` section, trimmed, without its heading.
    pub fn section(&self, name: &str) -> Option<&'static str> {
        let doc: &'static str = self.doc;
        let heading = format!("## {name}\n");
        let start = doc.find(&heading)? + heading.len();
        let rest = &doc[start..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        Some(rest[..end].trim())
    }
}

/// All rules, grouped by the stage that reports them.
pub const RULES: &[Rule] = &[
    // Reading a file.
    read_error::RULE,
    file_too_large::RULE,
    binary_file::RULE,
    nul_byte::RULE,
    invalid_utf8::RULE,
    symlink_loop::RULE,
    symlink_outside_site::RULE,
    // Finding the front matter.
    front_matter_missing::RULE,
    front_matter_unterminated::RULE,
    front_matter_too_large::RULE,
    front_matter_not_mapping::RULE,
    // Parsing it.
    yaml_syntax::RULE,
    yaml_tab::RULE,
    duplicate_key::RULE,
    nesting_too_deep::RULE,
    too_many_values::RULE,
    alias_limit::RULE,
    yaml_unsupported::RULE,
    toml_syntax::RULE,
    json_syntax::RULE,
    // Schema validation.
    schema_unknown_key::RULE,
    schema_required::RULE,
    schema_type::RULE,
    schema_enum::RULE,
    schema_format::RULE,
    schema_value::RULE,
    // Links and cross-page rules.
    link_broken::RULE,
    link_alias::RULE,
    link_fragment::RULE,
    link_redirect::RULE,
    url_conflict::RULE,
    alias_conflict::RULE,
    duplicate_value::RULE,
    // Suppression comments.
    unused_suppression::RULE,
];

pub fn get(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

pub fn is_known(code: &str) -> bool {
    get(code).is_some()
}

pub fn codes() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|r| r.code)
}

/// Default severity of a known code (errors for anything unknown).
pub fn default_severity(code: &str) -> Severity {
    get(code).map(|r| r.default).unwrap_or(Severity::Error)
}

/// Position of `code` in [`RULES`] (SARIF's `ruleIndex`).
pub fn index_of(code: &str) -> Option<usize> {
    RULES.iter().position(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_modules_match() {
        let mut seen = HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(
                r.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.code
            );
        }
    }

    #[test]
    fn every_doc_has_the_sections() {
        for r in RULES {
            for section in [
                "\n## What it checks\n",
                "\n## Why it matters\n",
                "\n## Example\n",
            ] {
                assert!(r.doc.contains(section), "{}: no {section:?}", r.code);
            }
            assert!(r.doc.contains("```"), "{}: no example block", r.code);
            assert!(!r.section("What it checks").unwrap().is_empty());
            assert!(r.doc.contains("Fix"), "{}: no fix", r.code);
            // Code blocks must name a language, or rustdoc would run them as Rust doctests.
            let mut fences = r.doc.lines().filter(|l| l.starts_with("```"));
            while let Some(open) = fences.next() {
                assert!(open.len() > 3, "{}: code block without a language", r.code);
                assert_eq!(
                    fences.next(),
                    Some("```"),
                    "{}: unclosed code block",
                    r.code
                );
            }
        }
    }
}
