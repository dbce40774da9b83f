//! `frontlint site`: the model of a Hugo site that frontlint works from
//! (languages, where each language's content and the static files come
//! from, and the mounts behind them), printed for a user who must find out
//! why a page has its URL or why a link resolves or not.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::config::{config_file, HugoConfig};
use crate::types::mount::Root;

/// What frontlint inferred of a site.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteModel {
    pub root: PathBuf,
    /// The config files read, relative to the root.
    pub config: Vec<String>,
    pub base_url: String,
    pub languages: Vec<LanguageModel>,
    /// Static mounts, in overlay order (for every language).
    pub statics: Vec<MountModel>,
    /// Theme directories read, relative to the root.
    pub themes: Vec<String>,
    /// `ignoreFiles`: regexes that leave out every file and folder whose
    /// absolute path they match.
    pub ignore_files: Vec<String>,
    /// Sections other parts of frontlint add (the link rule per language
    /// and section, the render hooks found, …), printed after the rest in
    /// the order added.
    pub sections: Vec<ModelSection>,
}

/// One language: its URL prefix and its content mounts.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LanguageModel {
    pub code: String,
    pub default: bool,
    /// Where its pages live below the baseURL (`/`, `/de/`).
    pub url_prefix: String,
    /// The mounts its pages come from, in overlay order (the first to give
    /// a path wins it).
    pub content: Vec<MountModel>,
}

/// One mount as the user wrote it (or the default Hugo gave).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MountModel {
    /// The source, relative to the site root.
    pub source: String,
    /// Where it is mounted (`content/docs`, `static/img`).
    pub target: String,
    /// `Some(code)`: its files are in that language; `None`: in the default
    /// language unless a file's name (`page.de.md`) says another.
    pub lang: Option<String>,
    /// Of a mount into several languages, the one its bundles' files are
    /// published under (see [`Root::files_lang`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files_lang: Option<String>,
    /// The `files` filter.
    pub files: Vec<String>,
    /// Where it was declared (`module.mounts[2]`, `contentDir`, a theme's).
    pub origin: String,
    /// Whether the source exists.
    pub exists: bool,
}

/// A titled list of lines, printed as it is.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ModelSection {
    pub title: String,
    pub lines: Vec<String>,
}

fn mount(root: &Path, r: &Root, component: &str) -> MountModel {
    let target = if r.target.is_empty() {
        component.to_string()
    } else {
        format!("{component}/{}", r.target)
    };
    MountModel {
        source: r.source.to_string_lossy().replace('\\', "/"),
        target,
        lang: r.lang.clone(),
        files_lang: r.files_lang.clone(),
        files: r
            .filter
            .as_ref()
            .map(|f| f.patterns().to_vec())
            .unwrap_or_default(),
        origin: r.origin.clone(),
        exists: root.join(&r.source).exists(),
    }
}

impl SiteModel {
    /// The model of the site at `root` with Hugo config `cfg`.
    pub(crate) fn of(root: &Path, cfg: &HugoConfig) -> SiteModel {
        let mut config: Vec<String> = config_file(root)
            .and_then(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
            .into_iter()
            .collect();
        for dir in ["_default", super::config::ENVIRONMENT] {
            if root.join("config").join(dir).is_dir() {
                config.push(format!("config/{dir}/"));
            }
        }
        let languages = cfg
            .languages
            .iter()
            .map(|l| {
                let default = l.code == cfg.default_language;
                let prefix = cfg.lang_prefix(&l.code);
                let url_prefix = if prefix.is_empty() {
                    "/".to_string()
                } else {
                    format!("/{prefix}/")
                };
                // Mounts that name no language give the default one its
                // files (and any language a file's name names).
                let content = cfg
                    .layout
                    .content
                    .iter()
                    .filter(|r| match &r.lang {
                        Some(code) => *code == l.code,
                        None => true,
                    })
                    .map(|r| mount(root, r, "content"))
                    .collect();
                LanguageModel {
                    code: l.code.clone(),
                    default,
                    url_prefix,
                    content,
                }
            })
            .collect();
        SiteModel {
            root: root.to_path_buf(),
            config,
            base_url: cfg.base_url.clone(),
            languages,
            statics: cfg
                .layout
                .statics
                .iter()
                .map(|r| mount(root, r, "static"))
                .collect(),
            themes: cfg
                .layout
                .themes
                .iter()
                .map(|t| t.to_string_lossy().replace('\\', "/"))
                .collect(),
            ignore_files: cfg
                .layout
                .ignore_files
                .as_ref()
                .map(|i| i.patterns().to_vec())
                .unwrap_or_default(),
            sections: Vec::new(),
        }
    }

    /// Add a section for [`SiteModel::render`] to print after the others.
    pub(crate) fn add_section(&mut self, title: impl Into<String>, lines: Vec<String>) {
        self.sections.push(ModelSection {
            title: title.into(),
            lines,
        });
    }

    /// The model as text, one fact a line.
    pub(crate) fn render(&self) -> String {
        let mut s = String::new();
        let line = |s: &mut String, text: String| {
            s.push_str(&text);
            s.push('\n');
        };
        let config = if self.config.is_empty() {
            "none (Hugo's defaults)".to_string()
        } else {
            self.config.join(", ")
        };
        line(&mut s, format!("config: {config}"));
        let base = if self.base_url.is_empty() {
            "(not set)"
        } else {
            &self.base_url
        };
        line(&mut s, format!("baseURL: {base}"));
        if !self.themes.is_empty() {
            line(&mut s, format!("themes: {}", self.themes.join(", ")));
        }
        if !self.ignore_files.is_empty() {
            let patterns: Vec<String> =
                self.ignore_files.iter().map(|p| format!("'{p}'")).collect();
            line(
                &mut s,
                format!(
                    "ignoreFiles: {} (anywhere in a file's or folder's absolute path)",
                    patterns.join(", ")
                ),
            );
        }
        for l in &self.languages {
            let default = if l.default { ", default" } else { "" };
            line(&mut s, String::new());
            line(
                &mut s,
                format!("language {} (pages at {}{default})", l.code, l.url_prefix),
            );
            if l.content.is_empty() {
                line(&mut s, "  content: none".into());
            }
            for m in &l.content {
                line(&mut s, format!("  content: {}", describe(m, Some(l))));
            }
        }
        line(&mut s, String::new());
        line(&mut s, "static files (every language)".into());
        if self.statics.is_empty() {
            line(&mut s, "  none".into());
        }
        for m in &self.statics {
            line(&mut s, format!("  {}", describe(m, None)));
        }
        for sec in &self.sections {
            line(&mut s, String::new());
            line(&mut s, sec.title.clone());
            for l in &sec.lines {
                line(&mut s, format!("  {l}"));
            }
        }
        s
    }
}

/// `source → target  [files …]  (origin; notes)`.
fn describe(m: &MountModel, lang: Option<&LanguageModel>) -> String {
    let mut s = format!("{} → {}", m.source, m.target);
    if !m.files.is_empty() {
        let files: Vec<String> = m.files.iter().map(|f| format!("{f:?}")).collect();
        s.push_str(&format!("  files [{}]", files.join(", ")));
    }
    let mut notes = vec![m.origin.clone()];
    if let (None, Some(l)) = (&m.lang, lang) {
        if !l.default {
            notes.push(format!("only files named *.{}.*", l.code));
        }
    }
    if let Some(l) = m
        .files_lang
        .as_ref()
        .filter(|l| m.lang.as_ref() != Some(*l))
    {
        notes.push(format!("bundle files published under {l}"));
    }
    if !m.exists {
        notes.push("missing: nothing mounted".into());
    }
    s.push_str(&format!("  ({})", notes.join("; ")));
    s
}
