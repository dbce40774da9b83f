//! Output formats: the files Hugo writes for each page (`index.html`, an RSS
//! feed `index.xml`, `index.json` …), per the site's `outputs`,
//! `outputFormats` and `mediaTypes` config and a page's own `outputs`, and the
//! site-wide files (`sitemap.xml`, `robots.txt`, `404.html`).

use super::config::HugoConfig;
use super::values::into_lower_keys;
use crate::types::PageKind;
use serde_json::Value;
use std::collections::HashMap;

/// Where one output format writes its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputFormat {
    /// Lower-case name (`rss`).
    pub name: String,
    /// File name without suffix (`index`).
    pub base_name: String,
    /// File suffix without the dot (`xml`).
    pub suffix: String,
    /// A folder the file goes in below the page's (`amp`).
    pub path: String,
    /// Written at the site (or language) root whatever the page.
    pub root: bool,
}

/// Hugo's built-in output formats: (name, base name, suffix, path, root).
const BUILTIN: &[(&str, &str, &str, &str, bool)] = &[
    ("amp", "index", "html", "amp", false),
    ("calendar", "index", "ics", "", false),
    ("css", "styles", "css", "", false),
    ("csv", "index", "csv", "", false),
    ("html", "index", "html", "", false),
    ("markdown", "index", "md", "", false),
    ("json", "index", "json", "", false),
    ("webappmanifest", "manifest", "webmanifest", "", false),
    ("robots", "robots", "txt", "", true),
    ("rss", "index", "xml", "", false),
    ("sitemap", "sitemap", "xml", "", false),
];

/// The first suffix of Hugo's built-in media types.
const MEDIA_SUFFIXES: &[(&str, &str)] = &[
    ("application/json", "json"),
    ("application/manifest+json", "webmanifest"),
    ("application/rss+xml", "xml"),
    ("application/xml", "xml"),
    ("application/toml", "toml"),
    ("application/yaml", "yaml"),
    ("text/calendar", "ics"),
    ("text/css", "css"),
    ("text/csv", "csv"),
    ("text/html", "html"),
    ("text/javascript", "js"),
    ("text/markdown", "md"),
    ("text/plain", "txt"),
    ("text/xml", "xml"),
];

/// The output formats of a site: built in, and defined or changed by its
/// config, with the formats each page kind has.
#[derive(Debug, Clone, Default)]
pub(crate) struct Formats {
    formats: HashMap<String, OutputFormat>,
    by_kind: HashMap<&'static str, Vec<String>>,
}

impl Formats {
    pub(crate) fn of(cfg: &HugoConfig) -> Formats {
        let raw = into_lower_keys(cfg.raw.clone());
        let media = raw.get("mediatypes");
        let suffix_of = |media_type: &str| -> String {
            let mt = media_type.to_lowercase();
            let custom = media
                .and_then(|m| m.get(&mt))
                .and_then(|m| m.get("suffixes"))
                .and_then(|s| match s {
                    Value::Array(a) => a.first().and_then(Value::as_str).map(str::to_string),
                    Value::String(s) => Some(s.clone()),
                    _ => None,
                });
            custom
                .or_else(|| {
                    MEDIA_SUFFIXES
                        .iter()
                        .find(|(t, _)| *t == mt)
                        .map(|(_, s)| s.to_string())
                })
                .unwrap_or_default()
        };
        let mut formats: HashMap<String, OutputFormat> = BUILTIN
            .iter()
            .map(|&(name, base, suffix, path, root)| {
                let f = OutputFormat {
                    name: name.to_string(),
                    base_name: base.to_string(),
                    suffix: suffix.to_string(),
                    path: path.to_string(),
                    root,
                };
                (name.to_string(), f)
            })
            .collect();
        if let Some(Value::Object(m)) = raw.get("outputformats") {
            for (name, def) in m {
                let name = name.to_lowercase();
                let mut f = formats.get(&name).cloned().unwrap_or(OutputFormat {
                    name: name.clone(),
                    base_name: "index".to_string(),
                    suffix: String::new(),
                    path: String::new(),
                    root: false,
                });
                let s = |k: &str| def.get(k).and_then(Value::as_str);
                if let Some(b) = s("basename") {
                    f.base_name = b.to_string();
                }
                if let Some(t) = s("mediatype") {
                    f.suffix = suffix_of(t);
                }
                if let Some(p) = s("path") {
                    f.path = p.trim_matches('/').to_string();
                }
                if let Some(r) = def.get("root").and_then(Value::as_bool) {
                    f.root = r;
                }
                formats.insert(name, f);
            }
        }
        let mut by_kind: HashMap<&'static str, Vec<String>> = [
            ("home", vec!["html", "rss"]),
            ("section", vec!["html", "rss"]),
            ("taxonomy", vec!["html", "rss"]),
            ("term", vec!["html", "rss"]),
            ("page", vec!["html"]),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().map(str::to_string).collect()))
        .collect();
        if let Some(Value::Object(m)) = raw.get("outputs") {
            for (kind, list) in m {
                let names = lower_names(list);
                if let Some(slot) = by_kind.get_mut(kind.as_str()) {
                    *slot = names;
                }
            }
        }
        Formats { formats, by_kind }
    }

    /// The format named `name` (any case), if the site has one.
    pub(crate) fn get(&self, name: &str) -> Option<&OutputFormat> {
        self.formats.get(&name.to_lowercase())
    }

    /// The format names a page of `kind` has when its front matter names none.
    pub(crate) fn of_kind(&self, kind: PageKind) -> &[String] {
        self.by_kind
            .get(kind.name())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The format of the URL a page's links and `ref`s lead to, when it is
    /// not HTML: a page without HTML output is at its first format's file
    /// (`None`: HTML). (`hugo list all` prints the first format's URL even
    /// when HTML comes later; in HTML, `.RelPermalink` is the HTML one.)
    pub(crate) fn main<'a>(&'a self, names: &[String]) -> Option<&'a OutputFormat> {
        if names.is_empty() || names.iter().any(|n| n == "html") {
            return None;
        }
        names.iter().find_map(|n| self.get(n))
    }

    /// The site path of the file format `f` writes for a page whose
    /// directory URL is `dir` (ending in `/`), under language prefix `lang_root`.
    pub(crate) fn file(&self, f: &OutputFormat, dir: &str, lang_root: &str) -> String {
        let base = if f.root { lang_root } else { dir };
        let mut p = base.to_string();
        if !p.ends_with('/') {
            p.push('/');
        }
        if !f.path.is_empty() {
            p.push_str(&f.path);
            p.push('/');
        }
        p.push_str(&f.base_name);
        if !f.suffix.is_empty() {
            p.push('.');
            p.push_str(&f.suffix);
        }
        p
    }
}

impl Formats {
    /// The URL of a page whose main format is `f` (not HTML), from the URL
    /// `link` it would have with HTML, in the language at URL prefix `prefix`.
    pub(crate) fn main_url(&self, f: &OutputFormat, link: &str, prefix: &str) -> String {
        if !link.ends_with('/') && !f.root && f.path.is_empty() {
            // An ugly URL (`/a/b.html`) keeps its name.
            if let Some(d) = link.rfind('.').filter(|&d| !link[d..].contains('/')) {
                return format!("{}.{}", &link[..d], f.suffix);
            }
        }
        let root = if prefix.is_empty() {
            "/".to_string()
        } else {
            format!("/{prefix}/")
        };
        self.file(f, &dir_of(link), &root)
    }
}

/// Output format names as a page or the config lists them, lower-cased.
pub(crate) fn lower_names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.to_lowercase()],
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

/// The directory a page URL names: `/a/b/` itself, `/a/b.html` → `/a/b/`.
pub(super) fn dir_of(url: &str) -> String {
    if url.ends_with('/') {
        return url.to_string();
    }
    match url.rfind('.') {
        Some(d) if !url[d..].contains('/') => format!("{}/", &url[..d]),
        _ => format!("{url}/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_from_config() {
        let cfg = HugoConfig::from_raw(json!({
            "mediaTypes": {"text/netlify": {"suffixes": ["nl"]}},
            "outputFormats": {
                "Redirects": {"mediaType": "text/netlify", "baseName": "_redirects", "root": true},
                "LLMS": {"mediaType": "text/plain", "baseName": "llms"}
            },
            "outputs": {"home": ["HTML", "Redirects"], "page": ["JSON"]}
        }));
        let f = Formats::of(&cfg);
        let r = f.get("redirects").unwrap();
        assert_eq!(f.file(r, "/x/", "/fr/"), "/fr/_redirects.nl");
        assert_eq!(f.file(f.get("llms").unwrap(), "/x/", "/"), "/x/llms.txt");
        assert_eq!(
            f.file(f.get("AMP").unwrap(), "/x/", "/"),
            "/x/amp/index.html"
        );
        assert_eq!(f.of_kind(PageKind::Home), ["html", "redirects"]);
        assert_eq!(f.of_kind(PageKind::Section), ["html", "rss"]);
        assert_eq!(f.main(f.of_kind(PageKind::Page)).unwrap().suffix, "json");
        assert_eq!(f.main(&["rss".into(), "html".into()]), None);
        assert_eq!(
            f.main(&["sitemap".into(), "json".into()]).unwrap().suffix,
            "xml"
        );
        assert_eq!(dir_of("/a/b.html"), "/a/b/");
    }
}
