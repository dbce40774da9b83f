//! Every diagnostic code frontlint can report, in one table: the rule's
//! code, its default level, the file whose code reports it, and a one-line
//! summary. Its documentation (what it checks, why it matters, an example
//! and its fix) is `src/rules/docs/<code>.md`: the doc comment of the rule's
//! constant here and the text `frontlint explain <code>` prints, so the two
//! never drift apart.
//!
//! A check builds its diagnostics from a rule (`rules::LINK_BROKEN.at(span,
//! message)`), so a code cannot be mistyped; `checked_in` names where that
//! happens (a test holds the table to the code).

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is: a rule's default level, or the one config sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A rule: a stable code, its default severity, a one-line summary and its documentation.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub default: Severity,
    pub summary: &'static str,
    /// The source files that report it, comma-separated.
    pub checked_in: &'static str,
    /// Markdown: a summary line, then `## What it checks`, `## Why it matters`, `## Example`.
    pub doc: &'static str,
}

// `Rule::at`, the diagnostic of a rule at a span, is in `crate::diagnostic`
// (which reads this table back when a stored diagnostic is loaded).
impl Rule {
    /// The text of the doc's `## {name}` section, trimmed, without its heading.
    pub(crate) fn section(&self, name: &str) -> Option<&'static str> {
        let doc: &'static str = self.doc;
        let heading = format!("## {name}\n");
        let start = doc.find(&heading)? + heading.len();
        let rest = &doc[start..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        Some(rest[..end].trim())
    }
}

/// Declares each rule's constant (documented by its doc file) and [`RULES`].
macro_rules! rules {
    ($($name:ident = $code:literal, $level:ident, $checked_in:literal, $summary:literal;)*) => {
        $(
            #[doc = include_str!(concat!("docs/", $code, ".md"))]
            pub const $name: Rule = Rule {
                code: $code,
                default: Severity::$level,
                summary: $summary,
                checked_in: $checked_in,
                doc: include_str!(concat!("docs/", $code, ".md")),
            };
        )*

        /// All rules, grouped by the stage that reports them.
        pub const RULES: &[Rule] = &[$($name),*];
    };
}

rules! {
    // Reading a file.
    READ_ERROR = "read-error", Error, "src/load/page.rs, src/walk.rs",
        "the file or directory cannot be read";
    FILE_TOO_LARGE = "file-too-large", Warning, "src/load/page.rs",
        "the file is larger than limits.max_file_size: only its front matter is checked";
    BINARY_FILE = "binary-file", Error, "src/load/page.rs",
        "the file looks binary (NUL bytes near its start)";
    NUL_BYTE = "nul-byte", Error, "src/load/page.rs",
        "the file contains a NUL byte";
    INVALID_UTF8 = "invalid-utf8", Error, "src/load/page.rs",
        "the file is not valid UTF-8";
    SYMLINK_LOOP = "symlink-loop", Error, "src/walk.rs",
        "a symbolic link points back into its own directory tree";
    SYMLINK_OUTSIDE_SITE = "symlink-outside-site", Warning, "src/walk.rs",
        "a symbolic link leads out of the site root; it is not followed";
    CONTENT_NOT_ALLOWED = "content-not-allowed", Error, "src/check/page.rs",
        "Hugo refuses content of this media type (`security.allowContent`) and stops the build";
    // Finding the front matter.
    FRONT_MATTER_MISSING = "front-matter-missing", Warning, "src/load/page.rs",
        "front matter lost its opening fence";
    FRONT_MATTER_UNTERMINATED = "front-matter-unterminated", Error, "src/load/page.rs",
        "the front matter block has no closing fence";
    FRONT_MATTER_FENCE = "front-matter-fence", Error, "src/load/page.rs",
        "the page starts with `-` or `+` that is not a front matter fence (Hugo stops the build)";
    FRONT_MATTER_TOO_LARGE = "front-matter-too-large", Error, "src/load/page.rs",
        "the front matter is larger than limits.max_front_matter_size";
    FRONT_MATTER_NOT_MAPPING = "front-matter-not-mapping", Error, "src/load/page.rs",
        "the front matter is not a mapping of keys to values";
    // Parsing it.
    YAML_SYNTAX = "yaml-syntax", Error, "src/load/page.rs",
        "the YAML front matter does not parse";
    YAML_TAB = "yaml-tab", Error, "src/load/page.rs",
        "a tab is used for indentation in YAML";
    DUPLICATE_KEY = "duplicate-key", Error, "src/load/page.rs",
        "the same key appears twice in one mapping";
    NESTING_TOO_DEEP = "nesting-too-deep", Error, "src/load/page.rs",
        "front matter nests deeper than limits.max_depth";
    TOO_MANY_VALUES = "too-many-values", Error, "src/load/page.rs",
        "front matter has more values than limits.max_nodes";
    ALIAS_LIMIT = "alias-limit", Error, "src/load/page.rs",
        "YAML aliases expand front matter to more values than limits.max_nodes";
    YAML_UNSUPPORTED = "yaml-unsupported", Error, "src/load/page.rs",
        "a YAML feature Hugo cannot use (complex keys, unknown aliases)";
    TOML_SYNTAX = "toml-syntax", Error, "src/load/page.rs",
        "the TOML front matter does not parse";
    JSON_SYNTAX = "json-syntax", Error, "src/load/page.rs",
        "the JSON front matter does not parse";
    // Schema validation.
    SCHEMA_UNKNOWN_KEY = "schema-unknown-key", Error, "src/schema/messages.rs",
        "a key the page's schema does not allow (often a typo)";
    SCHEMA_REQUIRED = "schema-required", Error, "src/schema/messages.rs",
        "a key the page's schema requires is missing";
    SCHEMA_TYPE = "schema-type", Error, "src/schema/messages.rs",
        "a value has the wrong type (text, number, list, …)";
    SCHEMA_ENUM = "schema-enum", Error, "src/schema/messages.rs",
        "a value is not one of the allowed values";
    SCHEMA_FORMAT = "schema-format", Error, "src/schema/messages.rs",
        "a value is not a valid date, date-time or other format";
    SCHEMA_VALUE = "schema-value", Error, "src/schema/messages.rs",
        "a value breaks another schema constraint (length, pattern, range, …)";
    // Links and cross-page rules.
    LINK_BROKEN = "link-broken", Error, "src/check/links.rs",
        "an internal link leads to no page, section, file or resource";
    LINK_ALIAS = "link-alias", Warning, "src/check/links.rs",
        "an internal link goes to an alias instead of the page's URL";
    LINK_FRAGMENT = "link-fragment", Error, "src/check/links.rs",
        "a link's #fragment matches no heading of the target page";
    LINK_REDIRECT = "link-redirect", Warning, "src/check/links.rs",
        "an internal link goes to the source of a redirect in a `_redirects` file";
    URL_CONFLICT = "url-conflict", Error, "src/check/cross_page.rs",
        "two pages have the same URL";
    ALIAS_CONFLICT = "alias-conflict", Error, "src/check/cross_page.rs",
        "an alias equals a page URL or another page's alias";
    DUPLICATE_VALUE = "duplicate-value", Error, "src/check/cross_page.rs",
        "a value of a key declared unique is used by more than one page";
    // Suppression comments.
    UNUSED_SUPPRESSION = "unused-suppression", Warning, "src/check/suppress.rs",
        "a `# frontlint-ignore: CODE` comment that silences nothing";
}

pub fn get(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

pub(crate) fn is_known(code: &str) -> bool {
    get(code).is_some()
}

pub(crate) fn codes() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|r| r.code)
}

/// Position of `code` in [`RULES`] (SARIF's `ruleIndex`).
pub(crate) fn index_of(code: &str) -> Option<usize> {
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
    fn each_rule_is_reported_where_the_table_says() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for r in RULES {
            let name = r.code.to_uppercase().replace('-', "_");
            for file in r.checked_in.split(", ") {
                let text = std::fs::read_to_string(root.join(file))
                    .unwrap_or_else(|e| panic!("{}: {file}: {e}", r.code));
                assert!(
                    text.contains(&format!("rules::{name}")),
                    "{}: {file} never names rules::{name}",
                    r.code
                );
            }
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
