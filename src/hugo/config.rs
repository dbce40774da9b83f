//! Reading Hugo's site configuration (`hugo.toml|yaml|json`, `config.*`, `config/_default/`).
//!
//! Hugo's configuration keys are case-insensitive: after merging, every key
//! is lower-cased (`lower`), and the typed fields below are read from that.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::lang::Language;
use super::mounts::{self, Layout};
use super::permalinks::{self, PermalinkRule};
use super::values::{into_lower_keys, strings};

/// A Hugo config file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum HugoConfigError {
    #[error("{}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    Toml {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{}: {source}", .path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: {source}", .path.display())]
    Yaml {
        path: PathBuf,
        source: crate::load::yaml::PlainYamlError,
    },
}

/// Config file names Hugo looks for at the site root, in Hugo's order of preference.
pub(crate) const CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// The parts of a Hugo site's configuration frontlint uses.
#[derive(Debug, Clone)]
pub struct HugoConfig {
    /// Content directory relative to the site root (`contentDir`, default `content`).
    pub content_dir: String,
    /// The merged configuration as JSON, keys as written.
    pub raw: Value,
    /// `baseURL` as written (may be empty).
    pub base_url: String,
    /// The path part of `baseURL` without its trailing slash (`""` or e.g. `/docs`).
    pub base_path: String,
    /// `uglyURLs`: for all sections, or per section.
    pub ugly_urls: bool,
    pub ugly_sections: HashMap<String, bool>,
    pub disable_path_to_lower: bool,
    /// `removePathAccents`: accents come off letters in paths made from
    /// file names, slugs and titles (not `url` or `aliases`).
    pub(crate) remove_path_accents: bool,
    /// `disableAliases`: Hugo writes no redirect page for any alias.
    pub disable_aliases: bool,
    pub permalinks: Vec<PermalinkRule>,
    /// `(singular, plural)` pairs; plural is the URL segment and front matter key.
    pub taxonomies: Vec<(String, String)>,
    /// Languages sorted by weight, then code. Never empty.
    pub languages: Vec<Language>,
    pub default_language: String,
    pub default_language_in_subdir: bool,
    /// Lower-cased `disableKinds`.
    pub disable_kinds: Vec<String>,
    /// Where content and static files come from: the mounts of the project
    /// and (once [`HugoConfig::load`] read them) its themes.
    pub layout: Layout,
    /// The site config's `cascade` (keys lower-cased), applied to every page
    /// after the cascades of its branches.
    pub cascade: Option<Value>,
    /// The environment Hugo builds for (`production`, as `hugo` and
    /// `hugo list` do): cascade targets may name one.
    pub environment: String,
    /// `timeZone` (informational).
    pub time_zone: Option<String>,
    /// `security.allowContent`: the content media types Hugo builds.
    pub(crate) allow_content: super::security::ContentPolicy,
    /// `frontmatter`: where a page's dates (and, through `:filename`, its
    /// slug) come from.
    pub(crate) date_rules: super::dates::DateRules,
}

impl Default for HugoConfig {
    fn default() -> Self {
        HugoConfig::from_raw(Value::Object(Map::new()))
    }
}

/// Whether `dir` holds a Hugo configuration.
pub(crate) fn has_config(dir: &Path) -> bool {
    CONFIG_FILES.iter().any(|f| dir.join(f).is_file()) || dir.join("config/_default").is_dir()
}

/// The root config file in `dir`, if any.
pub(crate) fn config_file(dir: &Path) -> Option<PathBuf> {
    CONFIG_FILES
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
}

fn as_bool(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

impl HugoConfig {
    /// How file names, slugs and titles become path segments here.
    pub(crate) fn path_style(&self) -> super::urlize::PathStyle {
        super::urlize::PathStyle {
            keep_case: self.disable_path_to_lower,
            remove_accents: self.remove_path_accents,
        }
    }

    /// Load the configuration of the site at `root`. A site without any Hugo
    /// config gets the defaults. A config that cannot be parsed is an error.
    pub fn load(root: &Path) -> Result<HugoConfig, HugoConfigError> {
        let raw = read_raw(root)?;
        let mut cfg = HugoConfig::from_raw(Value::Object(raw));
        cfg.add_themes(root);
        let lc = into_lower_keys(cfg.raw.clone());
        cfg.layout.set_ignore_files(&lc);
        Ok(cfg)
    }

    /// Add the mounts of the site's themes (`theme`, and `module.imports`
    /// found in the themes directory), and of theirs, to the layout. A
    /// theme that is missing or whose config cannot be read adds nothing.
    fn add_themes(&mut self, root: &Path) {
        let lc = into_lower_keys(self.raw.clone());
        let themes_dir = lc
            .get("themesdir")
            .and_then(Value::as_str)
            .unwrap_or("themes")
            .trim_end_matches('/')
            .to_string();
        let codes: Vec<String> = self.languages.iter().map(|l| l.code.clone()).collect();
        // (theme dir, the mounts its import gives it), breadth first.
        let mut todo: Vec<(PathBuf, Option<Value>)> = themes_of(&lc, Path::new(&themes_dir));
        let mut seen: Vec<PathBuf> = Vec::new();
        while !todo.is_empty() && seen.len() < 32 {
            let (dir, import_mounts) = todo.remove(0);
            if seen.contains(&dir) || !root.join(&dir).is_dir() {
                continue;
            }
            seen.push(dir.clone());
            let theme_cfg = read_raw(&root.join(&dir))
                .map(|m| into_lower_keys(Value::Object(m)))
                .unwrap_or_default();
            mounts::add_theme(
                &mut self.layout,
                root,
                &dir,
                &theme_cfg,
                import_mounts.as_ref(),
                &codes,
            );
            todo.extend(themes_of(&theme_cfg, Path::new(&themes_dir)));
        }
    }
}

/// The themes a config (keys lower-cased) names, as directories below
/// `themes_dir`, each with the mounts its `module.imports` entry gives it.
fn themes_of(lc: &Value, themes_dir: &Path) -> Vec<(PathBuf, Option<Value>)> {
    let mut out: Vec<(PathBuf, Option<Value>)> = strings(lc.get("theme"))
        .into_iter()
        .map(|t| (themes_dir.join(t), None))
        .collect();
    if let Some(Value::Array(imports)) = lc.get("module").and_then(|m| m.get("imports")) {
        for i in imports {
            let path = match i {
                Value::String(s) => Some(s.as_str()),
                v => v.get("path").and_then(Value::as_str),
            };
            if i.get("disable").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            if let Some(p) = path {
                let mounts = i.get("mounts").cloned();
                let mounts = if i.get("nomounts").and_then(Value::as_bool) == Some(true) {
                    Some(Value::Array(Vec::new()))
                } else {
                    mounts
                };
                out.push((themes_dir.join(p), mounts));
            }
        }
    }
    out
}

/// The config files below `dir` in the order Hugo's loader walks them:
/// each folder's entries by name, a subfolder's files where it comes. A
/// file's key comes from its name alone (`languages/languages.yaml` is
/// `languages`), as in Hugo.
fn config_dir_files(
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
) -> Result<(), HugoConfigError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| HugoConfigError::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            // Bounded: a folder linked into itself must not loop.
            if depth < 8 {
                config_dir_files(&p, depth + 1, out)?;
            }
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("toml" | "yaml" | "yml" | "json")
        ) {
            out.push(p);
        }
    }
    Ok(())
}

/// The merged configuration of the site or theme at `root` (keys as written):
/// the config file, then `config/_default/`, then the folder of the
/// environment Hugo builds for (`config/production/`); as in Hugo, a folder's
/// keys win over the config file's, and the environment's over both.
fn read_raw(root: &Path) -> Result<Map<String, Value>, HugoConfigError> {
    let mut raw = Map::new();
    if let Some(file) = config_file(root) {
        merge_file(&mut raw, &file)?;
    }
    for dir in ["_default", ENVIRONMENT] {
        let dir = root.join("config").join(dir);
        if dir.is_dir() {
            let mut from_dir = Map::new();
            merge_config_dir(&mut from_dir, &dir)?;
            override_with(&mut raw, from_dir);
        }
    }
    Ok(raw)
}

/// The environment `hugo` builds for when none is given.
pub(crate) const ENVIRONMENT: &str = "production";

/// The files of a config folder (`config/_default/`) merged into `raw`.
fn merge_config_dir(raw: &mut Map<String, Value>, dir: &Path) -> Result<(), HugoConfigError> {
    let mut files = Vec::new();
    config_dir_files(dir, 0, &mut files)?;
    for f in files {
        let stem = f
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        if stem == "hugo" || stem == "config" {
            merge_file(raw, &f)?;
        } else {
            // Per-key files (`permalinks.toml`) and per-language ones
            // (`languages.fr.toml`, `menus.fr.toml`, `params.fr.toml`),
            // placed where Hugo's config loader puts them.
            let mut sub = Map::new();
            merge_file(&mut sub, &f)?;
            let (name, lang) = match stem.rsplit_once('.') {
                Some((name, lang)) => (name, Some(lang)),
                None => (stem.as_str(), None),
            };
            // A file may wrap its content in one key named like it.
            let value = match sub.remove(name) {
                Some(inner) if sub.is_empty() => inner,
                Some(inner) => {
                    sub.insert(name.to_string(), inner);
                    Value::Object(sub)
                }
                None => Value::Object(sub),
            };
            let path: Vec<&str> = match lang {
                None => vec![name],
                Some(lang) => match name {
                    "menu" | "menus" => vec!["languages", lang, "menus"],
                    "params" => vec!["languages", lang, "params"],
                    _ => vec!["languages", lang],
                },
            };
            merge_at(raw, &path, value);
        }
    }
    Ok(())
}

/// `over` merged into `into`, its values winning: tables merge key by key
/// (keys compared without case, as Hugo's are), anything else is replaced.
fn override_with(into: &mut Map<String, Value>, over: Map<String, Value>) {
    for (k, v) in over {
        let have = into.keys().find(|h| h.eq_ignore_ascii_case(&k)).cloned();
        match (have.and_then(|h| into.get_mut(&h)), v) {
            (Some(Value::Object(have)), Value::Object(new)) => override_with(have, new),
            (Some(slot), v) => *slot = v,
            (None, v) => {
                into.insert(k, v);
            }
        }
    }
}

impl HugoConfig {
    /// Build the typed view of a merged configuration.
    pub(crate) fn from_raw(raw: Value) -> HugoConfig {
        let lc = into_lower_keys(raw.clone());
        let get = |k: &str| lc.get(k);
        let content_dir = get("contentdir")
            .and_then(Value::as_str)
            .unwrap_or("content")
            .trim_matches('/')
            .to_string();
        let base_url = get("baseurl")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let base_path = base_path_of(&base_url);
        let (ugly_urls, ugly_sections) = match get("uglyurls") {
            Some(Value::Object(m)) => (
                false,
                m.iter()
                    .map(|(k, v)| (k.to_lowercase(), as_bool(Some(v))))
                    .collect::<HashMap<_, _>>(),
            ),
            v => (as_bool(v), HashMap::new()),
        };
        let taxonomies = match get("taxonomies") {
            Some(Value::Object(m)) => m
                .iter()
                .filter_map(|(k, v)| {
                    v.as_str()
                        .filter(|s| !s.is_empty())
                        .map(|p| (k.clone(), p.to_lowercase()))
                })
                .collect(),
            _ => vec![
                ("category".into(), "categories".into()),
                ("tag".into(), "tags".into()),
            ],
        };
        let default_language = get("defaultcontentlanguage")
            .and_then(Value::as_str)
            .unwrap_or("en")
            .to_lowercase();
        let languages = super::lang::from_config(get("languages"), &default_language, &content_dir);
        let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
        let own_dirs: Vec<Option<String>> =
            languages.iter().map(|l| l.content_dir.clone()).collect();
        let mut layout = mounts::project_layout(&mounts::Inputs {
            config: &lc,
            languages: &codes,
            language_content_dirs: &own_dirs,
            content_dir: &content_dir,
        });
        layout.set_ignore_files(&lc);
        HugoConfig {
            content_dir,
            base_url,
            base_path,
            ugly_urls,
            ugly_sections,
            disable_path_to_lower: as_bool(get("disablepathtolower")),
            remove_path_accents: as_bool(get("removepathaccents")),
            disable_aliases: as_bool(get("disablealiases")),
            permalinks: permalinks::rules_from_config(get("permalinks")),
            taxonomies,
            languages,
            default_language,
            default_language_in_subdir: as_bool(get("defaultcontentlanguageinsubdir")),
            disable_kinds: strings(get("disablekinds"))
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            layout,
            cascade: get("cascade").filter(|c| !c.is_null()).cloned(),
            environment: "production".to_string(),
            time_zone: get("timezone").and_then(Value::as_str).map(str::to_string),
            allow_content: super::security::ContentPolicy::of(&lc),
            date_rules: super::dates::DateRules::from_config(get("frontmatter")),
            raw,
        }
    }

    /// Whether pages in `section` (first path segment, lower case) get ugly URLs.
    pub(crate) fn is_ugly(&self, section: &str) -> bool {
        self.ugly_urls || self.ugly_sections.get(section).copied().unwrap_or(false)
    }

    /// Whether the site has more than one language.
    pub(crate) fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The URL prefix segment of `lang` (`""` when it lives at the root).
    pub(crate) fn lang_prefix(&self, lang: &str) -> &str {
        if lang != self.default_language || self.default_language_in_subdir {
            self.languages
                .iter()
                .find(|l| l.code == lang)
                .map(|l| l.code.as_str())
                .unwrap_or("")
        } else {
            ""
        }
    }

    pub(crate) fn kind_disabled(&self, kind: &str) -> bool {
        self.disable_kinds.iter().any(|k| k == kind)
    }
}

/// Put `value` at `path` in `into`; where something is already there, the
/// keys already set win (Hugo merges config files that way).
fn merge_at(into: &mut Map<String, Value>, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = into;
    for key in parents {
        let slot = at
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            return;
        }
        let Value::Object(m) = slot else { return };
        at = m;
    }
    match (at.get_mut(*last), value) {
        (None, value) => {
            at.insert(last.to_string(), value);
        }
        (Some(Value::Object(have)), Value::Object(new)) => {
            for (k, v) in new {
                merge_at(have, &[k.as_str()], v);
            }
        }
        _ => {}
    }
}

/// The path of a base URL, without a trailing slash: `https://x.org/docs/` → `/docs`.
pub(crate) fn base_path_of(base_url: &str) -> String {
    let rest = match base_url.find("://") {
        Some(i) => &base_url[i + 3..],
        None if base_url.starts_with("//") => &base_url[2..],
        None => return base_url.trim_end_matches('/').to_string(),
    };
    match rest.find('/') {
        Some(i) => rest[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

fn merge_file(into: &mut Map<String, Value>, file: &Path) -> Result<(), HugoConfigError> {
    let path = || file.to_path_buf();
    let text = std::fs::read_to_string(file).map_err(|source| HugoConfigError::Read {
        path: path(),
        source,
    })?;
    let value: Value = match file.extension().and_then(|e| e.to_str()) {
        Some("toml") => toml::from_str(&text).map_err(|source| HugoConfigError::Toml {
            path: path(),
            source,
        })?,
        Some("json") => serde_json::from_str(&text).map_err(|source| HugoConfigError::Json {
            path: path(),
            source,
        })?,
        _ => crate::load::yaml::parse_plain(&text).map_err(|source| HugoConfigError::Yaml {
            path: path(),
            source,
        })?,
    };
    if let Value::Object(m) = value {
        for (k, v) in m {
            into.entry(k).or_insert(v);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path_of("https://example.com/docs/v2/"), "/docs/v2");
        assert_eq!(base_path_of("https://example.com/"), "");
        assert_eq!(base_path_of("https://example.com"), "");
        assert_eq!(base_path_of(""), "");
    }

    #[test]
    fn keys_are_case_insensitive() {
        let c = HugoConfig::from_raw(serde_json::json!({
            "baseURL": "https://x.org/a/", "UglyURLs": true, "DefaultContentLanguage": "FR",
            "languages": {"fr": {"weight": 1}, "en": {"weight": 2, "contentDir": "content/en"}}
        }));
        assert!(c.ugly_urls);
        assert_eq!(c.base_path, "/a");
        assert_eq!(c.default_language, "fr");
        assert_eq!(
            c.languages
                .iter()
                .map(|l| l.code.as_str())
                .collect::<Vec<_>>(),
            ["fr", "en"]
        );
        assert_eq!(c.lang_prefix("fr"), "");
        assert_eq!(c.lang_prefix("en"), "en");
        assert_eq!(c.taxonomies.len(), 2);
        let roots: Vec<(Option<&str>, &Path)> = c
            .layout
            .content
            .iter()
            .map(|r| (r.lang.as_deref(), r.source.as_path()))
            .collect();
        assert_eq!(
            roots,
            [
                (None, Path::new("content")),
                (Some("en"), Path::new("content/en"))
            ]
        );
    }
}
