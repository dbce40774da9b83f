//! Every diagnostic code frontlint can report: its default severity and what it means.

use crate::diagnostic::Severity;

/// A rule: a stable code, its default severity, and a one-line summary.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub default: Severity,
    pub summary: &'static str,
}

use Severity::{Error, Warning};

/// All rules, grouped by the stage that reports them.
pub const RULES: &[Rule] = &[
    // Reading a file.
    Rule {
        code: "read-error",
        default: Error,
        summary: "the file or directory cannot be read",
    },
    Rule {
        code: "file-too-large",
        default: Error,
        summary: "the file is larger than limits.max_file_size",
    },
    Rule {
        code: "binary-file",
        default: Error,
        summary: "the file looks binary (NUL bytes near its start)",
    },
    Rule {
        code: "nul-byte",
        default: Error,
        summary: "the file contains a NUL byte",
    },
    Rule {
        code: "invalid-utf8",
        default: Error,
        summary: "the file is not valid UTF-8",
    },
    Rule {
        code: "symlink-loop",
        default: Error,
        summary: "a symbolic link points back into its own directory tree",
    },
    Rule {
        code: "symlink-outside-site",
        default: Warning,
        summary: "a symbolic link leads out of the site root; it is not followed",
    },
    // Finding the front matter.
    Rule {
        code: "front-matter-missing",
        default: Warning,
        summary: "a content file has no front matter",
    },
    Rule {
        code: "front-matter-unterminated",
        default: Error,
        summary: "the front matter block has no closing fence",
    },
    Rule {
        code: "front-matter-too-large",
        default: Error,
        summary: "the front matter is larger than limits.max_front_matter_size",
    },
    Rule {
        code: "front-matter-not-mapping",
        default: Error,
        summary: "the front matter is not a mapping of keys to values",
    },
    // Parsing it.
    Rule {
        code: "yaml-syntax",
        default: Error,
        summary: "the YAML front matter does not parse",
    },
    Rule {
        code: "yaml-tab",
        default: Error,
        summary: "a tab is used for indentation in YAML",
    },
    Rule {
        code: "duplicate-key",
        default: Error,
        summary: "the same key appears twice in one mapping",
    },
    Rule {
        code: "nesting-too-deep",
        default: Error,
        summary: "front matter nests deeper than limits.max_depth",
    },
    Rule {
        code: "alias-limit",
        default: Error,
        summary: "YAML aliases expand to more values than limits.max_nodes",
    },
    Rule {
        code: "yaml-unsupported",
        default: Error,
        summary: "a YAML feature Hugo cannot use (complex keys, unknown aliases)",
    },
    Rule {
        code: "toml-syntax",
        default: Error,
        summary: "the TOML front matter does not parse",
    },
    Rule {
        code: "json-syntax",
        default: Error,
        summary: "the JSON front matter does not parse",
    },
    // Schema validation.
    Rule {
        code: "schema-unknown-key",
        default: Error,
        summary: "a key the page's schema does not allow (often a typo)",
    },
    Rule {
        code: "schema-required",
        default: Error,
        summary: "a key the page's schema requires is missing",
    },
    Rule {
        code: "schema-type",
        default: Error,
        summary: "a value has the wrong type (text, number, list, …)",
    },
    Rule {
        code: "schema-enum",
        default: Error,
        summary: "a value is not one of the allowed values",
    },
    Rule {
        code: "schema-format",
        default: Error,
        summary: "a value is not a valid date, date-time or other format",
    },
    Rule {
        code: "schema-value",
        default: Error,
        summary: "a value breaks another schema constraint (length, pattern, range, …)",
    },
    // Links and cross-page rules.
    Rule {
        code: "link-broken",
        default: Error,
        summary: "an internal link leads to no page, section, file or resource",
    },
    Rule {
        code: "link-alias",
        default: Warning,
        summary: "an internal link goes to an alias instead of the page's URL",
    },
    Rule {
        code: "link-fragment",
        default: Error,
        summary: "a link's #fragment matches no heading of the target page",
    },
    Rule {
        code: "url-conflict",
        default: Error,
        summary: "two pages have the same URL",
    },
    Rule {
        code: "alias-conflict",
        default: Error,
        summary: "an alias equals a page URL or another page's alias",
    },
    Rule {
        code: "duplicate-value",
        default: Error,
        summary: "a value of a key declared unique is used by more than one page",
    },
    // Suppression comments.
    Rule {
        code: "unused-suppression",
        default: Warning,
        summary: "a `# frontlint-ignore: CODE` comment that silences nothing",
    },
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
