//! `frontlint urls`: walk a site's content and list every page's URL.

use std::path::Path;

use serde_json::Value;

use rayon::prelude::*;

use super::config::{HugoConfig, HugoConfigError};
use super::site_index::{PageInput, SiteIndex};
use crate::load::front_matter::{split, Format, SplitError};
use crate::load::limits::Limits;
use crate::load::page::read_checked_bytes;
use crate::types::PageKind;
use std::convert::Infallible;

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

/// Why a content file's front matter could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FrontMatterError {
    #[error(transparent)]
    Read(#[from] std::io::Error),
    #[error("unterminated {0} front matter")]
    Unterminated(&'static str),
    #[error(transparent)]
    Yaml(#[from] crate::load::yaml::PlainYamlError),
    #[error(transparent)]
    Toml(#[from] toml::de::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// The front matter of a content file as JSON (TOML dates become strings).
/// `Ok(None)`: the file has no front matter.
pub(crate) fn read_front_matter(text: &str) -> Result<Option<Value>, FrontMatterError> {
    let s = match split(text) {
        Ok(s) => s,
        Err(SplitError::Missing) => return Ok(None),
        Err(SplitError::Unterminated { format, .. }) => {
            return Err(FrontMatterError::Unterminated(format.name()))
        }
    };
    let content = &text[s.content.clone()];
    let v = match s.format {
        Format::Yaml => crate::load::yaml::parse_plain(content)?,
        Format::Toml => toml_to_json(toml::from_str(content)?),
        Format::Json => serde_json::from_str(content)?,
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

/// Read every content file of the site at `site_root`, found as `check`
/// finds them ([`crate::walk::walk_mounts`]): a file reached through several
/// mounts is read once and is an input for each. Files are read within the
/// default limits (see [`read_site_within`]).
pub fn read_site(site_root: &Path, cfg: &HugoConfig) -> Result<SiteFiles, Infallible> {
    read_site_within(site_root, cfg, &Limits::default())
}

/// [`read_site`], reading of each file what `check` reads with `limits`: a
/// file over `limits.max_file_size` only up to where its front matter can end.
pub(crate) fn read_site_within(
    site_root: &Path,
    cfg: &HugoConfig,
    limits: &Limits,
) -> Result<SiteFiles, Infallible> {
    let site_root = std::fs::canonicalize(site_root).unwrap_or_else(|_| site_root.to_path_buf());
    let w = crate::walk::walk_mounts(&cfg.layout.content, &site_root, None, None, None);
    let (files, occurrences) = crate::walk::unique(w.files);
    let mut errors = Vec::new();
    let read: Vec<(String, Value)> = files
        .par_iter()
        .map(|f| {
            let site_rel = f
                .path
                .strip_prefix(&site_root)
                .unwrap_or(&f.path)
                .to_string_lossy()
                .replace('\\', "/");
            let front_matter = match read_checked_bytes(&f.path, limits) {
                Ok(bytes) => read_front_matter(&String::from_utf8_lossy(&bytes))
                    .map(|v| v.unwrap_or(Value::Object(Default::default()))),
                Err(e) => Err(e.into()),
            };
            (site_rel, front_matter)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(site_rel, fm)| {
            let fm = fm.unwrap_or_else(|e| {
                errors.push(format!("{site_rel}: {e}"));
                Value::Object(Default::default())
            });
            (site_rel, fm)
        })
        .collect();
    let occurrences = occurrences.unwrap_or_else(|| {
        files
            .iter()
            .enumerate()
            .map(|(i, f)| crate::walk::Occurrence {
                file: i,
                rel: f.rel.clone(),
                lang: f.lang.clone(),
            })
            .collect()
    });
    let mut inputs = Vec::with_capacity(occurrences.len());
    let mut paths = Vec::with_capacity(occurrences.len());
    for o in occurrences {
        let (site_rel, fm) = &read[o.file];
        paths.push(site_rel.clone());
        let roots = &cfg.layout.content;
        let mount = crate::walk::mount_of(
            roots,
            &site_root,
            &files[o.file].path,
            &o.rel,
            o.lang.as_deref(),
        );
        inputs.push(PageInput {
            path: o.rel,
            lang: o.lang,
            mount,
            front_matter: fm.clone(),
        });
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
pub fn list_urls(site_root: &Path) -> Result<Vec<PageUrl>, HugoConfigError> {
    list_urls_with_errors(site_root).map(|(p, _)| p)
}

/// [`list_urls`], plus the front matter errors met on the way.
pub(crate) fn list_urls_with_errors(
    site_root: &Path,
) -> Result<(Vec<PageUrl>, Vec<String>), HugoConfigError> {
    list_urls_within(site_root, &Limits::default())
}

/// [`list_urls_with_errors`], reading files within `limits` (a site's
/// `[limits]` in frontlint.toml), as `check` reads them.
pub(crate) fn list_urls_within(
    site_root: &Path,
    limits: &Limits,
) -> Result<(Vec<PageUrl>, Vec<String>), HugoConfigError> {
    let cfg = HugoConfig::load(site_root)?;
    let Ok(SiteFiles {
        inputs,
        paths,
        errors,
    }) = read_site_within(site_root, &cfg, limits);
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
                listed: p.list == super::site_index::List::Always || p.kind == PageKind::Home,
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.url.cmp(&b.url)));
    Ok((out, errors))
}

/// One line per page: path, tab, URL, then each alias, tab-separated.
pub(crate) fn format_urls(pages: &[PageUrl]) -> String {
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
