//! `frontlint urls`: walk a site's content and list every page's URL.

use std::path::Path;

use serde_json::Value;

use super::config::{ContentMount, HugoConfig};
use super::site_index::{Kind, PageInput, SiteIndex};
use crate::load::front_matter::{split, Format, SplitError};

/// One content file and its URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl {
    /// The file path relative to the site root (as `hugo list all` prints it).
    pub path: String,
    /// The URL path relative to the baseURL; empty when the page is not rendered.
    pub url: String,
    pub aliases: Vec<String>,
    pub kind: &'static str,
    pub lang: String,
    pub draft: bool,
    /// Whether Hugo lists the page (`build.list` is not `never`/`local`);
    /// `hugo list all` prints only these.
    pub listed: bool,
}

/// The front matter of a content file as JSON (TOML dates become strings).
/// `Ok(None)`: the file has no front matter.
pub fn read_front_matter(text: &str) -> Result<Option<Value>, String> {
    let s = match split(text) {
        Ok(s) => s,
        Err(SplitError::Missing) => return Ok(None),
        Err(SplitError::Unterminated { format, .. }) => {
            return Err(format!("unterminated {} front matter", format.name()))
        }
    };
    let content = &text[s.content.clone()];
    let v = match s.format {
        Format::Yaml => crate::load::yaml::parse_plain(content)?,
        Format::Toml => {
            let t: toml::Value = toml::from_str(content).map_err(|e| e.to_string())?;
            toml_to_json(t)
        }
        Format::Json => serde_json::from_str(content).map_err(|e| e.to_string())?,
    };
    Ok(Some(v))
}

fn toml_to_json(t: toml::Value) -> Value {
    match t {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn is_content_file(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "html" | "htm")
    )
}

/// Whether a mount's `files`/`excludeFiles` globs keep `rel` (relative to the mount).
fn mount_keeps(m: Option<&ContentMount>, rel: &str) -> bool {
    let Some(m) = m else { return true };
    let matches = |g: &str| {
        globset::GlobBuilder::new(g.trim_start_matches('/'))
            .literal_separator(true)
            .build()
            .map(|g| g.compile_matcher().is_match(rel))
            .unwrap_or(false)
    };
    if m.exclude_files.iter().any(|g| matches(g)) {
        return false;
    }
    if m.files.is_empty() {
        return true;
    }
    let mut keep = !m.files.iter().any(|g| !g.starts_with("! "));
    for g in &m.files {
        match g.strip_prefix("! ") {
            Some(neg) if matches(neg) => return false,
            Some(_) => {}
            None if matches(g) => keep = true,
            None => {}
        }
    }
    keep
}

/// The content files of a site.
#[derive(Debug, Default)]
pub struct SiteFiles {
    pub inputs: Vec<PageInput>,
    /// For each input, its path relative to the site root.
    pub paths: Vec<String>,
    /// Files whose front matter could not be read (`path: message`); they are
    /// in `inputs` with empty front matter, so their URLs may differ from Hugo's
    /// (which stops at the first such error).
    pub errors: Vec<String>,
}

/// Read every content file of the site at `site_root`.
pub fn read_site(site_root: &Path, cfg: &HugoConfig) -> Result<SiteFiles, String> {
    let mut inputs = Vec::new();
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    for (k, (lang, dir)) in cfg.content_dirs().into_iter().enumerate() {
        let mount = if cfg.mounts.is_empty() {
            None
        } else {
            cfg.mounts.get(k)
        };
        let abs = site_root.join(&dir);
        if !abs.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        for entry in ignore::WalkBuilder::new(&abs)
            .standard_filters(false)
            .hidden(true)
            .build()
        {
            let entry = entry.map_err(|e| e.to_string())?;
            if entry.file_type().is_some_and(|t| t.is_file()) && is_content_file(entry.path()) {
                files.push(entry.into_path());
            }
        }
        files.sort();
        for f in files {
            let rel = f
                .strip_prefix(&abs)
                .unwrap_or(&f)
                .to_string_lossy()
                .replace('\\', "/");
            if !mount_keeps(mount, &rel) {
                continue;
            }
            let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
            let site_rel = f
                .strip_prefix(site_root)
                .unwrap_or(&f)
                .to_string_lossy()
                .replace('\\', "/");
            let front_matter = match read_front_matter(&text) {
                Ok(v) => v.unwrap_or(Value::Object(Default::default())),
                Err(e) => {
                    errors.push(format!("{site_rel}: {e}"));
                    Value::Object(Default::default())
                }
            };
            paths.push(site_rel);
            inputs.push(PageInput {
                path: rel,
                lang: lang.clone(),
                front_matter,
            });
        }
    }
    Ok(SiteFiles {
        inputs,
        paths,
        errors,
    })
}

/// Every content file's page with its URL and aliases, sorted by path.
/// Files with unreadable front matter are listed as if they had none; see
/// [`list_urls_with_errors`] to get those errors.
pub fn list_urls(site_root: &Path) -> Result<Vec<PageUrl>, String> {
    list_urls_with_errors(site_root).map(|(p, _)| p)
}

/// [`list_urls`], plus the front matter errors met on the way.
pub fn list_urls_with_errors(site_root: &Path) -> Result<(Vec<PageUrl>, Vec<String>), String> {
    let cfg = HugoConfig::load(site_root)?;
    let SiteFiles {
        inputs,
        paths,
        errors,
    } = read_site(site_root, &cfg)?;
    let index = SiteIndex::build(&cfg, inputs);
    let mut out: Vec<PageUrl> = index
        .pages()
        .iter()
        .filter_map(|p| {
            let i = p.input?;
            Some(PageUrl {
                path: paths[i].clone(),
                url: p.url.clone().unwrap_or_default(),
                aliases: p.aliases.clone(),
                kind: p.kind.name(),
                lang: p.lang.clone(),
                draft: p.draft,
                listed: p.list == super::site_index::List::Always || p.kind == Kind::Home,
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((out, errors))
}

/// One line per page: path, tab, URL, then each alias, tab-separated.
pub fn format_urls(pages: &[PageUrl]) -> String {
    let mut s = String::new();
    for p in pages {
        s.push_str(&p.path);
        s.push('\t');
        s.push_str(&p.url);
        for a in &p.aliases {
            s.push('\t');
            s.push_str(a);
        }
        s.push('\n');
    }
    s
}
