//! `frontlint.toml`: where the site is, what to check, and how strictly.

use crate::diagnostic::Severity;
pub use crate::load::limits::Limits;
use crate::types::PageKind;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) const CONFIG_FILE: &str = "frontlint.toml";

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Error,
    Warning,
    Off,
}

impl Level {
    pub(crate) fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

/// One `[[schemas]]` entry: which pages a schema applies to.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct SchemaRule {
    #[serde(default)]
    pub types: Vec<String>,
    #[serde(default)]
    pub paths: Vec<String>,
    /// Hugo page kinds it applies to (`page`, `section`, `home`, `taxonomy`,
    /// `term`); empty: every kind, or only `page` for an entry with `types`.
    #[serde(default)]
    pub kinds: Vec<PageKind>,
    /// A path relative to `frontlint.toml`, or `builtin:NAME`.
    pub schema: String,
}

/// The contents of `frontlint.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Config {
    /// Content directory relative to the site root (overrides Hugo's `contentDir`).
    pub content_dir: Option<String>,
    /// Globs (relative to the content dir) of files to check; empty = all content files.
    pub include: Vec<String>,
    /// Globs (relative to the content dir) of files to skip.
    pub exclude: Vec<String>,
    /// Front matter keys whose string values are links.
    pub url_keys: Option<Vec<String>>,
    /// Front matter keys whose values must be unique across the site.
    pub unique: Vec<String>,
    /// Which schema applies to which pages; the first match wins.
    pub schemas: Vec<SchemaRule>,
    /// Rule levels by code.
    pub rules: BTreeMap<String, Level>,
    pub limits: Limits,
    /// Per-path rule levels; later entries win.
    pub overrides: Vec<Override>,
    /// Hugo configuration keys that replace the site's own (`baseURL`, `permalinks`, …).
    pub hugo: Option<toml::Table>,
    /// How links resolve where the site's conventions cannot be inferred.
    pub links: LinksConfig,
}

/// `[links]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct LinksConfig {
    /// How Markdown link destinations resolve: from the site's render hooks
    /// (`auto`), as URLs (`url`), or as content paths first (`page`; only
    /// relative ones: `relative`; only those from the root: `root`).
    pub resolve: crate::links::render_hook::Resolve,
    /// Regular expressions: a destination, as written, that one matches is not checked.
    pub ignore: Vec<String>,
}

/// One `[[overrides]]` entry: rule levels for the pages its globs match.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Override {
    /// Globs under the content directory.
    pub paths: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}

/// Keys `frontlint.toml` accepts at the top level (for did-you-mean).
const TOP_KEYS: &[&str] = &[
    "content_dir",
    "include",
    "exclude",
    "url_keys",
    "unique",
    "schemas",
    "rules",
    "limits",
    "overrides",
    "hugo",
    "links",
];
const LINKS_KEYS: &[&str] = &["resolve", "ignore"];
const OVERRIDE_KEYS: &[&str] = &["paths", "rules"];
const SCHEMA_KEYS: &[&str] = &["types", "paths", "kinds", "schema"];
const LIMIT_KEYS: &[&str] = &[
    "max_file_size",
    "max_front_matter_size",
    "max_depth",
    "max_nodes",
];

/// Why a site's configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `frontlint.toml` is not what frontlint reads: the problem, at its place
    /// in the file (`path:line:col: message` and the line, when it is known).
    #[error("{0}")]
    Invalid(String),
    #[error("{}: {source}", .path.display())]
    Read {
        /// As shown to the user.
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Hugo(#[from] crate::hugo::config::HugoConfigError),
    /// `[hugo]` keys that have no JSON form.
    #[error("{0}")]
    HugoKeys(serde_json::Error),
    #[error(transparent)]
    Glob(#[from] crate::walk::GlobError),
    #[error("an [[overrides]] entry needs `paths`")]
    OverrideWithoutPaths,
}

impl Config {
    /// Parse `frontlint.toml` text. Errors are one line, with a did-you-mean for unknown keys.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        use crate::base::toml_errors::{at, our_words, span_of};
        // An error at `keys` (the key itself, or with `value` its value).
        let err_at = |keys: &[&str], value: bool, message: String| -> ConfigError {
            ConfigError::Invalid(match span_of(text, keys, value) {
                Some(span) => at(path, text, span, &message),
                None => format!("{}: {message}", path.display()),
            })
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            ConfigError::Invalid(match e.span() {
                Some(span) => at(path, text, span, &one_line(e.message())),
                None => format!("{}: {}", path.display(), one_line(&e.to_string())),
            })
        })?;
        check_keys(&table, TOP_KEYS, &[], &err_at)?;
        if let Some(toml::Value::Array(items)) = table.get("schemas") {
            for (i, item) in items.iter().enumerate() {
                if let toml::Value::Table(t) = item {
                    check_keys(t, SCHEMA_KEYS, &["schemas", &i.to_string()], &err_at)?;
                }
            }
        }
        if let Some(toml::Value::Table(t)) = table.get("limits") {
            check_keys(t, LIMIT_KEYS, &["limits"], &err_at)?;
        }
        if let Some(toml::Value::Table(t)) = table.get("links") {
            check_keys(t, LINKS_KEYS, &["links"], &err_at)?;
        }
        let mut rule_tables: Vec<(Vec<String>, &toml::Table)> = Vec::new();
        if let Some(toml::Value::Table(t)) = table.get("rules") {
            rule_tables.push((vec!["rules".into()], t));
        }
        if let Some(toml::Value::Array(items)) = table.get("overrides") {
            for (i, item) in items.iter().enumerate() {
                if let toml::Value::Table(t) = item {
                    check_keys(t, OVERRIDE_KEYS, &["overrides", &i.to_string()], &err_at)?;
                    if let Some(toml::Value::Table(r)) = t.get("rules") {
                        rule_tables
                            .push((vec!["overrides".into(), i.to_string(), "rules".into()], r));
                    }
                }
            }
        }
        for (at_keys, t) in rule_tables {
            for k in t.keys() {
                if !crate::rules::is_known(k) {
                    let hint = crate::suggest::did_you_mean(k, crate::rules::codes())
                        .map(|s| format!("; did you mean \"{s}\"?"))
                        .unwrap_or_default();
                    let mut keys: Vec<&str> = at_keys.iter().map(String::as_str).collect();
                    keys.push(k);
                    return Err(err_at(
                        &keys,
                        false,
                        format!("unknown rule \"{k}\" (see `frontlint rules`){hint}"),
                    ));
                }
            }
        }
        let config: Config = toml::from_str(text).map_err(|e: toml::de::Error| {
            let message = our_words(e.message());
            ConfigError::Invalid(match e.span() {
                Some(span) => at(path, text, span, &message),
                None => format!("{}: {message}", path.display()),
            })
        })?;
        for (i, re) in config.links.ignore.iter().enumerate() {
            if let Err(e) = regex::Regex::new(re) {
                return Err(err_at(
                    &["links", "ignore", &i.to_string()],
                    true,
                    format!("not a regular expression: {}", one_line(&e.to_string())),
                ));
            }
        }
        for (i, rule) in config.schemas.iter().enumerate() {
            if rule.types.is_empty() && rule.paths.is_empty() {
                return Err(err_at(
                    &["schemas", &i.to_string(), "schema"],
                    false,
                    format!(
                        "{} applies to no page: give it `types` or `paths`",
                        schema_entry(i, &rule.schema)
                    ),
                ));
            }
        }
        Ok(config)
    }

    pub(crate) fn url_keys(&self) -> Vec<String> {
        self.url_keys.clone().unwrap_or_else(|| {
            ["url", "link", "href", "src", "image"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        })
    }

    /// The configured severity of `code`, or its default.
    pub(crate) fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(code) {
            Some(level) => level.severity(),
            None => Some(default),
        }
    }
}

/// The `i`th (from 0) `[[schemas]]` entry, in words.
pub(crate) fn schema_entry(i: usize, schema: &str) -> String {
    format!("[[schemas]] entry {} (schema = \"{schema}\")", i + 1)
}

/// Every key of `table` (at `at` in the file) must be one of `known`.
fn check_keys(
    table: &toml::Table,
    known: &[&str],
    at: &[&str],
    err_at: &dyn Fn(&[&str], bool, String) -> ConfigError,
) -> Result<(), ConfigError> {
    for k in table.keys() {
        if !known.contains(&k.as_str()) {
            let hint = crate::suggest::did_you_mean(k, known.iter().copied())
                .map(|s| format!("; did you mean \"{s}\"?"))
                .unwrap_or_default();
            let place = match at {
                [] => String::new(),
                ["schemas", i] => {
                    let n = i.parse::<usize>().unwrap_or(0) + 1;
                    format!(" in [[schemas]] entry {n}")
                }
                ["overrides", i] => {
                    let n = i.parse::<usize>().unwrap_or(0) + 1;
                    format!(" in [[overrides]] entry {n}")
                }
                [table] => format!(" in [{table}]"),
                _ => String::new(),
            };
            let mut keys = at.to_vec();
            keys.push(k);
            return Err(err_at(
                &keys,
                false,
                format!(
                    "unknown key \"{k}\"{place}{hint} (allowed: {})",
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The site being checked: where it is and how it is configured.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub root: PathBuf,
    /// `frontlint.toml`, if the site has one.
    pub config_path: Option<PathBuf>,
    pub config: Config,
    pub hugo: crate::hugo::HugoConfig,
    /// Absolute content directory.
    pub content_dir: PathBuf,
    /// `[[overrides]]` with their globs compiled.
    pub overrides: Vec<(globset::GlobSet, BTreeMap<String, Level>)>,
}

/// Find the site root for `start`: the nearest ancestor (or itself) holding
/// `frontlint.toml` or a Hugo config. Falls back to `start` (or its directory).
pub(crate) fn find_root(start: &Path) -> PathBuf {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let dir = if start.is_file() {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        start.clone()
    };
    let mut cur = Some(dir.as_path());
    while let Some(d) = cur {
        if d.join(CONFIG_FILE).is_file() || crate::hugo::config::has_config(d) {
            return d.to_path_buf();
        }
        cur = d.parent();
    }
    dir
}

impl Site {
    /// Load the site at `root`; `explicit_config` replaces `root/frontlint.toml`.
    pub(crate) fn load(root: &Path, explicit_config: Option<&Path>) -> Result<Site, ConfigError> {
        let config_path = match explicit_config {
            Some(p) => Some(p.to_path_buf()),
            None => Some(root.join(CONFIG_FILE)).filter(|p| p.is_file()),
        };
        let config = match &config_path {
            Some(p) => {
                let shown = crate::base::paths::display_path(
                    p,
                    &std::env::current_dir().unwrap_or_default(),
                );
                let text = std::fs::read_to_string(p).map_err(|source| ConfigError::Read {
                    path: shown.clone(),
                    source,
                })?;
                Config::parse(&text, &shown)?
            }
            None => Config::default(),
        };
        let mut hugo = crate::hugo::HugoConfig::load(root)?;
        if let Some(table) = &config.hugo {
            // frontlint.toml's [hugo] keys replace Hugo's own (keys compare case-insensitively).
            let mut raw = hugo.raw.as_object().cloned().unwrap_or_default();
            let extra: serde_json::Value =
                serde_json::to_value(table).map_err(ConfigError::HugoKeys)?;
            if let serde_json::Value::Object(extra) = extra {
                for (k, v) in extra {
                    raw.retain(|old, _| !old.eq_ignore_ascii_case(&k));
                    raw.insert(k, v);
                }
            }
            hugo = crate::hugo::HugoConfig::from_raw(serde_json::Value::Object(raw));
        }
        let mut overrides = Vec::new();
        for o in &config.overrides {
            let globs = crate::walk::globset(&o.paths, "[[overrides]]")?
                .ok_or(ConfigError::OverrideWithoutPaths)?;
            overrides.push((globs, o.rules.clone()));
        }
        let content_rel = config
            .content_dir
            .clone()
            .unwrap_or_else(|| hugo.content_dir.clone());
        let content_dir = root.join(content_rel);
        Ok(Site {
            root: root.to_path_buf(),
            config_path,
            config,
            hugo,
            content_dir,
            overrides,
        })
    }

    /// The level of `code` for the page at `rel` (under the content dir):
    /// `[rules]`, then every matching `[[overrides]]` in order. `None`: off.
    pub(crate) fn severity(&self, code: &str, default: Severity, rel: &str) -> Option<Severity> {
        let mut level = self.config.severity(code, default);
        for (globs, rules) in &self.overrides {
            if globs.is_match(rel) {
                if let Some(l) = rules.get(code) {
                    level = l.severity();
                }
            }
        }
        level
    }

    /// Directory that relative schema paths are resolved against.
    pub(crate) fn config_dir(&self) -> PathBuf {
        self.config_path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| self.root.clone())
    }
}

/// The starter `frontlint.toml` written by `frontlint init`.
pub(crate) const STARTER: &str = r#"# frontlint configuration. Every key is optional; uncomment what you need.

# Content directory relative to this file (default: Hugo's contentDir, else "content").
# content_dir = "content"

# Globs under the content directory: check only these / skip these.
# include = ["**/*.md"]
# exclude = ["drafts/**"]

# Front matter keys whose string values are links.
# url_keys = ["url", "link", "href", "src", "image"]

# Front matter keys whose values must differ from page to page across the site.
# unique = ["id"]

# Which JSON Schema applies to which pages. The first matching entry wins;
# a page no entry matches gets the built-in schema named after its type,
# else the lenient built-in "page" schema. `frontlint schemas` lists them.
# [[schemas]]
# types = ["posts"]                          # page types (front matter `type:`, else the top-level section)
# paths = ["posts/**"]                       # globs under the content directory
# schema = "schemas/posts.schema.json"       # relative to this file, or "builtin:NAME"

# Rule levels: "error", "warning" or "off". `frontlint rules` lists every code.
# [rules]
# front-matter-missing = "warning"

# Rule levels for some pages only; later entries win.
# [[overrides]]
# paths = ["legacy/**"]
# rules = { schema-unknown-key = "warning" }

# Hugo configuration keys that replace the site's own, e.g. for a preview build.
# [hugo]
# baseURL = "https://staging.example.com/"

# How links resolve. `resolve`: "auto" (from the site's link render hooks),
# "url" (as URLs), "page" (as content paths first, as a GetPage hook does),
# "relative" or "root" (as "page" for relative destinations or those from the root only).
# `ignore`: regular expressions; destinations, as written, that match are not checked.
# [links]
# resolve = "auto"
# ignore = ["^g:"]

# Bounds on what one file may cost (bytes, nesting levels, values).
# [limits]
# max_file_size = 16777216
# max_front_matter_size = 1048576
# max_depth = 64
# max_nodes = 100000
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_config_parses() {
        Config::parse(STARTER, Path::new("frontlint.toml")).unwrap();
    }

    /// Every commented-out example of the starter is a valid setting of the
    /// table the comment above it describes.
    #[test]
    fn starter_examples_uncommented_parse() {
        let toml_line = regex::Regex::new(r"^# (\[|[a-z_-]+ = )").unwrap();
        let uncommented: String = STARTER
            .lines()
            .map(|l| if toml_line.is_match(l) { &l[2..] } else { l })
            .flat_map(|l| [l, "\n"])
            .collect();
        let c = Config::parse(&uncommented, Path::new("frontlint.toml")).unwrap();
        assert_eq!(c.unique, vec!["id".to_string()]);
        assert_eq!(c.limits.max_depth, 64);
        assert_eq!(c.schemas.len(), 1);
        assert_eq!(c.overrides.len(), 1);
        // Each table's comment sits right above it.
        for (table, comment) in [
            ("# [limits]", "# Bounds on what one file may cost"),
            ("# [[overrides]]", "# Rule levels for some pages only"),
            ("# [rules]", "# Rule levels:"),
        ] {
            let at = STARTER.find(table).unwrap();
            let paragraph = STARTER[..at].rsplit("\n\n").next().unwrap();
            assert!(paragraph.starts_with(comment), "{table}: {paragraph:?}");
        }
    }

    #[test]
    fn links_table() {
        let c = Config::parse(
            "[links]\nresolve = 'page'\nignore = ['^~']\n",
            Path::new("frontlint.toml"),
        )
        .unwrap();
        assert_eq!(c.links.resolve, crate::links::render_hook::Resolve::Page);
        assert_eq!(c.links.ignore, vec!["^~".to_string()]);
        let e = Config::parse("[links]\nresolv = 'url'\n", Path::new("frontlint.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "frontlint.toml:2:1: unknown key \"resolv\" in [links]; did you mean \"resolve\"? (allowed: resolve, ignore)\n  |\n2 | resolv = 'url'\n  | ^^^^^^"
        );
        let e = Config::parse("[links]\nignore = ['(']\n", Path::new("f.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("f.toml:2:11: not a regular expression: regex parse error"),
            "{e}"
        );
        assert!(
            e.ends_with("\n2 | ignore = ['(']\n  |           ^^^"),
            "{e}"
        );
    }

    #[test]
    fn page_kinds_of_content_files() {
        let tax = [("tag".to_string(), "tags".to_string())];
        for (rel, kind) in [
            ("_index.md", PageKind::Home),
            ("about.md", PageKind::Page),
            ("docs/_index.md", PageKind::Section),
            ("docs/a/_index.fr.md", PageKind::Section),
            ("docs/a/index.md", PageKind::Page),
            ("tags/_index.md", PageKind::Taxonomy),
            ("tags/rust/_index.md", PageKind::Term),
            ("tags/rust/deeper/_index.md", PageKind::Section),
        ] {
            assert_eq!(PageKind::of(rel, &tax), kind, "{rel}");
        }
        let c = Config::parse(
            "[[schemas]]\npaths = ['x/**']\nkinds = ['section', 'term']\nschema = 'x'\n",
            Path::new("f.toml"),
        )
        .unwrap();
        assert_eq!(c.schemas[0].kinds, [PageKind::Section, PageKind::Term]);
        let e = Config::parse(
            "[[schemas]]\npaths = ['x/**']\nkinds = ['list']\nschema = 'x'\n",
            Path::new("f.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("f.toml:3:10: \"list\" is not allowed here; use \"page\", \"section\", \"home\", \"taxonomy\" or \"term\""),
            "{e}"
        );
    }

    #[test]
    fn unknown_key_suggests() {
        let e = Config::parse("contnet_dir = 'x'\n", Path::new("frontlint.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "frontlint.toml:1:1: unknown key \"contnet_dir\"; did you mean \"content_dir\"? (allowed: content_dir, include,"
            ),
            "{e}"
        );
        let e = Config::parse(
            "[[schemas]]\ntype = ['a']\nschema = 'x'\n",
            Path::new("f.toml"),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "f.toml:2:1: unknown key \"type\" in [[schemas]] entry 1; did you mean \"types\"? (allowed: types, paths, kinds, schema)\n  |\n2 | type = ['a']\n  | ^^^^"
        );
    }

    #[test]
    fn overrides_and_hugo_table() {
        let c = Config::parse(
            "[[overrides]]\npaths = ['legacy/**']\nrules = { schema-unknown-key = 'warning' }\n[hugo]\nbaseURL = 'https://x.test/docs/'\n",
            Path::new("f.toml"),
        )
        .unwrap();
        assert_eq!(c.overrides[0].rules["schema-unknown-key"], Level::Warning);
        assert_eq!(
            c.hugo.as_ref().unwrap()["baseURL"].as_str(),
            Some("https://x.test/docs/")
        );
        let e = Config::parse(
            "[[overrides]]\npaths = ['x']\nrules = { nope-rule = 'off' }\n",
            Path::new("f.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown rule \"nope-rule\""), "{e}");
        let e = Config::parse("[[overrides]]\npath = ['x']\n", Path::new("f.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("f.toml:2:1: unknown key \"path\" in [[overrides]] entry 1; did you mean \"paths\"?"),
            "{e}"
        );
    }

    #[test]
    fn rule_levels() {
        let c = Config::parse(
            "[rules]\nfront-matter-missing = 'off'\n",
            Path::new("f.toml"),
        )
        .unwrap();
        assert_eq!(c.severity("front-matter-missing", Severity::Warning), None);
        assert!(Config::parse(
            "[rules]\nfront-matter-mising = 'off'\n",
            Path::new("f.toml")
        )
        .unwrap_err()
        .to_string()
        .contains("did you mean \"front-matter-missing\""));
    }

    /// `schemas/frontlint.toml.schema.json`, for editors (taplo / Even Better TOML).
    fn config_schema() -> jsonschema::Validator {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../schemas/frontlint.toml.schema.json")).unwrap();
        jsonschema::draft7::new(&schema).unwrap()
    }

    fn toml_to_json(text: &str) -> serde_json::Value {
        let table: toml::Table = toml::from_str(text).unwrap();
        serde_json::to_value(table).unwrap()
    }

    /// The starter with every commented-out setting switched on.
    fn starter_uncommented() -> String {
        let setting = regex::Regex::new(r"^# (\[|[a-z_-]+ = )").unwrap();
        STARTER
            .lines()
            .map(|l| if setting.is_match(l) { &l[2..] } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn config_schema_accepts_the_starter() {
        let text = starter_uncommented();
        assert!(text.contains("\n[[schemas]]\n") && text.contains("\nmax_nodes = 100000"));
        Config::parse(&text, Path::new("frontlint.toml")).unwrap();
        let v = config_schema();
        let value = toml_to_json(&text);
        let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn config_schema_matches_fixtures() {
        let v = config_schema();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut seen = 0;
        let mut stack = vec![fixtures.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.file_name().unwrap().to_string_lossy();
                if !(name.starts_with("frontlint") && name.ends_with(".toml")) {
                    continue;
                }
                seen += 1;
                let rel = path.strip_prefix(&fixtures).unwrap().to_string_lossy();
                let value = toml_to_json(&std::fs::read_to_string(&path).unwrap());
                let broken = rel.starts_with("config-errors/unknown-key")
                    || rel.starts_with("config-errors/unknown-rule")
                    || rel.starts_with("config-errors/bad-level");
                assert_eq!(v.is_valid(&value), !broken, "{rel}");
            }
        }
        assert!(seen >= 10, "found only {seen} config files");
    }

    #[test]
    fn config_schema_knows_every_key_and_rule() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../schemas/frontlint.toml.schema.json")).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect()
        };
        assert_eq!(keys(&schema), TOP_KEYS);
        assert_eq!(keys(&schema["properties"]["schemas"]["items"]), SCHEMA_KEYS);
        assert_eq!(keys(&schema["properties"]["limits"]), LIMIT_KEYS);
        assert_eq!(keys(&schema["properties"]["links"]), LINKS_KEYS);
        let rules: Vec<&str> = crate::rules::codes().collect();
        assert_eq!(keys(&schema["properties"]["rules"]), rules);
        let defaults = Limits::default();
        let limits = &schema["properties"]["limits"]["properties"];
        assert_eq!(limits["max_file_size"]["default"], defaults.max_file_size);
        assert_eq!(
            limits["max_front_matter_size"]["default"],
            defaults.max_front_matter_size
        );
        assert_eq!(limits["max_depth"]["default"], defaults.max_depth);
        assert_eq!(limits["max_nodes"]["default"], defaults.max_nodes);
        let v = jsonschema::draft7::new(&schema).unwrap();
        for bad in [
            "[rules]\nyaml-tab = 'loud'\n",
            "[[schemas]]\nschema = 'x.json'\n",
            "[limits]\nmax_depth = -1\n",
            "include = 'a'\n",
            "[links]\nresolve = 'maybe'\n",
        ] {
            assert!(!v.is_valid(&toml_to_json(bad)), "{bad}");
        }
    }
}
