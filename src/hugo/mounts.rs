//! Where a Hugo site's content and static files come from: the project's
//! and its themes' module mounts (or the `contentDir`/`staticDir` defaults
//! Hugo mounts when a project declares none), each with the language it
//! gives its files and the `files` filter that keeps them.
//!
//! Hugo's rules (modules/config.go and modules/collect.go):
//! - A project that mounts anything on a component (`content`, `static`)
//!   gets no default mount for it; otherwise each language's `contentDir`
//!   is mounted (with that language when it is not the site's `contentDir`,
//!   so a site whose every language has its own never walks `content/`),
//!   and every `staticDir` (all of them, for every language: the language
//!   matters for static files only on multihost sites).
//! - A theme without mounts mounts each component folder it has.
//! - A mount whose source does not exist is left out.
//! - Mounts are an overlay, project first: the first mount to give a
//!   language a path wins it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::GlobBuilder;

pub(crate) use crate::types::mount::{FileFilter, IgnoreFiles, Root};
use serde_json::{Map, Value};

use super::values::strings;

/// The content and static mounts of a site, in overlay order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub content: Vec<Root>,
    pub statics: Vec<Root>,
    /// Theme directories whose mounts were read (relative to the site root).
    pub themes: Vec<PathBuf>,
    /// The site's `ignoreFiles`, also set on every content mount.
    pub ignore_files: Option<Arc<IgnoreFiles>>,
}

impl Layout {
    /// Set `ignoreFiles` (the site config's, lower-case keys) on the layout
    /// and every content mount.
    pub(crate) fn set_ignore_files(&mut self, config: &Value) {
        let patterns = strings(config.get("ignorefiles"));
        self.ignore_files = IgnoreFiles::new(&patterns).map(Arc::new);
        for r in &mut self.content {
            r.ignore = self.ignore_files.clone();
        }
    }

    /// Whether one file may be reached by more than one content mount
    /// (sources that nest, or the same source for several languages).
    pub(crate) fn may_repeat(&self) -> bool {
        let norm = |p: &Path| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for c in p.components() {
                match c {
                    std::path::Component::CurDir => {}
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    c => out.push(c.as_os_str().to_string_lossy().into_owned()),
                }
            }
            out
        };
        let srcs: Vec<Vec<String>> = self.content.iter().map(|r| norm(&r.source)).collect();
        srcs.iter().enumerate().any(|(i, a)| {
            srcs.iter()
                .enumerate()
                .any(|(j, b)| i != j && (a.starts_with(b) || b.starts_with(a)))
        })
    }
}

/// What the layout is made from: a merged config (keys lower-cased).
pub(crate) struct Inputs<'a> {
    pub config: &'a Value,
    /// Configured language codes (lower case), in Hugo's order.
    pub languages: &'a [String],
    /// Per language (same order), its own `contentDir` if it differs from the site's.
    pub language_content_dirs: &'a [Option<String>],
    pub content_dir: &'a str,
}

/// The project's own mounts (themes are added by [`add_theme`]).
pub(crate) fn project_layout(inp: &Inputs<'_>) -> Layout {
    let mut layout = Layout::default();
    let mounts = declared(inp.config.get("module"));
    let has = |component: &str| mounts.iter().any(|(_, m)| component_of(m).0 == component);
    for (i, m) in &mounts {
        let origin = format!("module.mounts[{i}]");
        add_mount(&mut layout, m, Path::new(""), inp.languages, &origin);
    }
    if !has("content") {
        let mut seen: Vec<(Option<String>, String)> = Vec::new();
        for (code, own) in inp.languages.iter().zip(inp.language_content_dirs) {
            let (lang, dir, origin) = match own {
                Some(d) => (
                    Some(code.clone()),
                    d.clone(),
                    format!("languages.{code}.contentDir"),
                ),
                None => (None, inp.content_dir.to_string(), "contentDir".to_string()),
            };
            if seen.contains(&(lang.clone(), dir.clone())) {
                continue;
            }
            seen.push((lang.clone(), dir.clone()));
            layout.content.push(Root {
                source: PathBuf::from(dir),
                target: String::new(),
                lang,
                files_lang: None,
                filter: None,
                ignore: None,
                origin,
            });
        }
    }
    if !has("static") {
        let mut dirs: Vec<(String, String)> = Vec::new();
        static_dirs_of(inp.config, "", &mut dirs);
        if dirs.is_empty() {
            dirs.push(("static".into(), "staticDir".into()));
        }
        if let Some(Value::Object(langs)) = inp.config.get("languages") {
            for (code, c) in langs {
                static_dirs_of(c, &format!("languages.{code}."), &mut dirs);
            }
        }
        for (d, origin) in dirs {
            layout.statics.push(Root {
                source: PathBuf::from(d),
                target: String::new(),
                lang: None,
                files_lang: None,
                filter: None,
                ignore: None,
                origin: origin.replace("staticdir", "staticDir"),
            });
        }
    }
    layout
}

/// Add the `staticDir`, `staticDir0` … `staticDir10` of config `c` (keys
/// lower-cased) to `dirs` (each with the key it came from, after `prefix`).
fn static_dirs_of(c: &Value, prefix: &str, dirs: &mut Vec<(String, String)>) {
    for k in
        std::iter::once("staticdir".to_string()).chain((0..=10).map(|n| format!("staticdir{n}")))
    {
        for d in strings(c.get(&k)) {
            let d = d.trim_end_matches('/').to_string();
            if !dirs.iter().any(|(x, _)| *x == d) {
                dirs.push((d, format!("{prefix}{k}")));
            }
        }
    }
}

/// Add the mounts of the theme at `dir` (relative to the site root), given
/// its merged config (keys lower-cased); `import_mounts`: the mounts the
/// importing `module.imports` entry gives it, which replace its own.
pub(crate) fn add_theme(
    layout: &mut Layout,
    site_root: &Path,
    dir: &Path,
    config: &Value,
    import_mounts: Option<&Value>,
    languages: &[String],
) {
    let name = dir.to_string_lossy().replace('\\', "/");
    let own = declared(config.get("module"));
    let imported = import_mounts
        .map(|m| {
            declared(Some(&Value::Object(Map::from_iter([(
                "mounts".into(),
                m.clone(),
            )]))))
        })
        .filter(|m| !m.is_empty());
    let from_import = imported.is_some();
    let mounts = match imported {
        Some(m) => m,
        None if !own.is_empty() => own,
        None => ["content", "static"]
            .iter()
            .filter(|c| site_root.join(dir).join(c).is_dir())
            .enumerate()
            .map(|(i, c)| {
                let mut m = Map::new();
                m.insert("source".into(), Value::String(c.to_string()));
                m.insert("target".into(), Value::String(c.to_string()));
                (i, Value::Object(m))
            })
            .collect(),
    };
    for (i, m) in &mounts {
        let origin = if from_import {
            format!("theme {name}: its module.imports entry's mounts[{i}]")
        } else {
            format!("theme {name}: module.mounts[{i}]")
        };
        add_mount(layout, m, dir, languages, &origin);
    }
    layout.themes.push(dir.to_path_buf());
}

/// The mounts of a `module` table, with their positions.
fn declared(module: Option<&Value>) -> Vec<(usize, Value)> {
    match module.and_then(|m| m.get("mounts")) {
        Some(Value::Array(a)) => a.iter().cloned().enumerate().collect(),
        _ => Vec::new(),
    }
}

/// A mount's component (`content`, `static`, …) and the path below it.
fn component_of(m: &Value) -> (String, String) {
    let target = m
        .get("target")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .replace('\\', "/");
    let target = target.trim_matches('/');
    let (c, rest) = target.split_once('/').unwrap_or((target, ""));
    (c.to_string(), clean(rest))
}

/// A `/`-separated path without empty or `.` segments, `..` applied.
fn clean(p: &str) -> String {
    super::urlize::clean_joined(&[p])
}

/// The languages a mount gives its files: `sites.matrix.languages` (glob
/// patterns allowed) or the older `lang`; `None` when it names none.
fn mount_languages(m: &Value, languages: &[String]) -> Option<Vec<String>> {
    let mut wanted = strings(
        m.get("sites")
            .and_then(|s| s.get("matrix"))
            .and_then(|s| s.get("languages")),
    );
    wanted.extend(strings(m.get("lang")));
    if wanted.is_empty() {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for w in wanted {
        let w = w.to_lowercase();
        let matching: Vec<&String> = if w.contains(['*', '?', '[', '{']) {
            match GlobBuilder::new(&w).build() {
                Ok(g) => {
                    let g = g.compile_matcher();
                    languages
                        .iter()
                        .filter(|l| g.is_match(l.as_str()))
                        .collect()
                }
                Err(_) => Vec::new(),
            }
        } else {
            languages.iter().filter(|l| **l == w).collect()
        };
        for l in matching {
            if !out.contains(l) {
                out.push(l.clone());
            }
        }
    }
    Some(out)
}

/// Add one declared mount of the module at `module_dir`.
fn add_mount(
    layout: &mut Layout,
    m: &Value,
    module_dir: &Path,
    languages: &[String],
    origin: &str,
) {
    let (component, target) = component_of(m);
    let list = match component.as_str() {
        "content" => &mut layout.content,
        "static" => &mut layout.statics,
        _ => return,
    };
    let Some(source) = m.get("source").and_then(Value::as_str) else {
        return;
    };
    let source = source.replace('\\', "/");
    let source = if Path::new(&source).is_absolute() {
        PathBuf::from(source)
    } else {
        module_dir.join(clean(&source))
    };
    let mut patterns = strings(m.get("files"));
    patterns.extend(strings(m.get("includefiles")));
    patterns.extend(
        strings(m.get("excludefiles"))
            .into_iter()
            .map(|p| format!("! {p}")),
    );
    let filter = FileFilter::new(&patterns);
    // A mount for languages the site does not have mounts nothing.
    let Some(langs) = mount_languages(m, languages) else {
        list.push(Root {
            source,
            target,
            lang: None,
            files_lang: None,
            filter,
            ignore: None,
            origin: origin.to_string(),
        });
        return;
    };
    // Bundle files are published under the first of the languages in the
    // site's order (`languages` is in that order).
    let files_lang = (langs.len() > 1)
        .then(|| languages.iter().find(|l| langs.contains(l)).cloned())
        .flatten();
    for l in langs {
        list.push(Root {
            source: source.clone(),
            target: target.clone(),
            lang: Some(l),
            files_lang: files_lang.clone(),
            filter: filter.clone(),
            ignore: None,
            origin: origin.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn filter(p: &[&str]) -> FileFilter {
        FileFilter::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn file_filters_decide_by_the_first_pattern_that_matches() {
        let f = filter(&["! specs/**"]);
        assert!(!f.keeps("specs/a.md", false));
        assert!(f.keeps("specs", true), "the folder itself is entered");
        assert!(f.keeps("other/a.md", false));
        let f = filter(&["! **/README.md", "docs/**.md", "! **/drafts/**"]);
        assert!(!f.keeps("docs/x/readme.md", false));
        assert!(f.keeps("docs/a.md", false));
        assert!(f.keeps("DOCS/B.MD", false), "case does not matter");
        assert!(!f.keeps("notes/a.md", false), "not included");
        assert!(f.keeps("docs", true), "on the way to an inclusion");
        assert!(!f.keeps("notes", true));
        // The inclusion comes first and wins.
        assert!(f.keeps("docs/drafts/x.md", false));
        let f = filter(&["! **/drafts/**", "docs/**.md"]);
        assert!(!f.keeps("docs/drafts/x.md", false));
    }

    fn layout(config: Value) -> Layout {
        let langs: Vec<String> = match config.get("languages") {
            Some(Value::Object(m)) => m.keys().cloned().collect(),
            _ => vec!["en".into()],
        };
        let own: Vec<Option<String>> = langs
            .iter()
            .map(|l| {
                config["languages"][l]["contentdir"]
                    .as_str()
                    .map(str::to_string)
            })
            .collect();
        project_layout(&Inputs {
            config: &config,
            languages: &langs,
            language_content_dirs: &own,
            content_dir: "content",
        })
    }

    #[test]
    fn a_mount_into_several_languages_publishes_files_under_the_first_in_site_order() {
        let config = json!({"module": {"mounts": [
            {"source": "content/en", "target": "content", "sites": {"matrix": {"languages": ["en", "pt"]}}},
            {"source": "content/en/routes", "target": "content/routes", "sites": {"matrix": {"languages": ["fr"]}}},
        ]}});
        // The site's order (by weight): pt, en, fr.
        let langs = ["pt".to_string(), "en".into(), "fr".into()];
        let l = project_layout(&Inputs {
            config: &config,
            languages: &langs,
            language_content_dirs: &[None, None, None],
            content_dir: "content",
        });
        let got: Vec<(Option<&str>, Option<&str>)> = l
            .content
            .iter()
            .map(|r| (r.lang.as_deref(), r.files_lang.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("en"), Some("pt")),
                (Some("pt"), Some("pt")),
                (Some("fr"), None)
            ]
        );
    }

    #[test]
    fn mounts_name_their_languages_old_and_new_style() {
        let l = layout(json!({
            "languages": {"en": {}, "de": {}, "fr": {}},
            "module": {"mounts": [
                {"source": "content/en", "target": "content"},
                {"source": "content/en/docs", "target": "content/docs", "sites": {"matrix": {"languages": ["de", "fr"]}}},
                {"source": "content/fr", "target": "content", "lang": "FR"},
                {"source": "notes/x.md", "target": "content/docs/x.md"},
                {"source": "content/xx", "target": "content", "lang": "xx"},
                {"source": "assets", "target": "assets"},
            ]}
        }));
        let got: Vec<(String, &str, Option<&str>)> = l
            .content
            .iter()
            .map(|r| {
                (
                    r.source.to_string_lossy().into_owned(),
                    r.target.as_str(),
                    r.lang.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("content/en".into(), "", None),
                ("content/en/docs".into(), "docs", Some("de")),
                ("content/en/docs".into(), "docs", Some("fr")),
                ("content/fr".into(), "", Some("fr")),
                ("notes/x.md".into(), "docs/x.md", None),
            ]
        );
        // The older includeFiles/excludeFiles keys are one `files` filter.
        let l2 = layout(json!({"module": {"mounts": [
            {"source": "docs", "target": "content", "includefiles": "**.md", "excludefiles": ["drafts/**"]},
        ]}}));
        let f = l2.content[0].filter.as_ref().unwrap();
        assert_eq!(f.patterns(), ["**.md", "! drafts/**"]);
        assert!(f.keeps("a/b.md", false) && !f.keeps("a/b.txt", false));
        // No static mount declared: the static dir is mounted.
        assert_eq!(l.statics.len(), 1);
        assert_eq!(l.statics[0].source, PathBuf::from("static"));
        assert!(l.may_repeat());
    }

    #[test]
    fn without_content_mounts_each_language_dir_is_mounted() {
        let l = layout(json!({
            "staticdir": ["static", "assets/public"],
            "languages": {"en": {"contentdir": "content/en", "staticdir": "static-en"}, "de": {"contentdir": "content/de"}},
        }));
        let got: Vec<(String, Option<&str>)> = l
            .content
            .iter()
            .map(|r| (r.source.to_string_lossy().into_owned(), r.lang.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("content/en".into(), Some("en")),
                ("content/de".into(), Some("de"))
            ]
        );
        let statics: Vec<String> = l
            .statics
            .iter()
            .map(|r| r.source.to_string_lossy().into_owned())
            .collect();
        assert_eq!(statics, ["static", "assets/public", "static-en"]);
        assert!(!l.may_repeat());
    }

    #[test]
    fn paths_below_a_mount() {
        let r = Root {
            source: "notes/x.md".into(),
            target: "docs/x.md".into(),
            lang: None,
            files_lang: None,
            filter: None,
            ignore: None,
            origin: String::new(),
        };
        assert_eq!(r.rel_of(""), "docs/x.md");
        assert_eq!(r.within("docs/x.md"), Some(""));
        assert_eq!(
            r.path_of(Path::new("/s"), "docs/x.md"),
            Some(PathBuf::from("/s/notes/x.md"))
        );
        let r = Root {
            target: "docs".into(),
            source: "content/en/docs".into(),
            ..r
        };
        assert_eq!(r.rel_of("a/b.md"), "docs/a/b.md");
        assert_eq!(r.within("docs/a/b.md"), Some("a/b.md"));
        assert_eq!(r.within("docsy/a.md"), None);
    }
}
