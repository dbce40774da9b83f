//! Finding a page by a content path, as Hugo's `GetPage` (on a page) and
//! `ref`/`relref` do (`hugolib/pagecollections.go`, `getContentNode`):
//!
//! 1. A path without an extension gets `.md` (`/` is the home page's `/_index.md`;
//!    a path ending in `/index` is tried as `…/index/index.md`, then `…/index.md`).
//! 2. A path not starting with `/` is first tried relative to the page: to its
//!    folder for a branch bundle (`_index.md`), else to the folder that holds the
//!    page (a leaf bundle's parent folder); a path with an extension that starts
//!    with `../` is taken from the page file's own folder. A path with an
//!    extension is then tried as a file path next to the page file.
//! 3. A path starting with `.` stops there. Otherwise it is tried from the
//!    content root (a path with an extension also as a file path there).
//! 4. Only for `ref`/`relref`, a name without any `/` is then looked up among
//!    the base names of every page (a bundle's by its folder name); a name
//!    that several pages share is ambiguous.
//!
//! Paths compare as Hugo's logical paths: lower case, spaces as `-`, no
//! extension or language code, `index`/`_index` standing for their folder; in
//! the language of the page that asks.

use super::SiteIndex;
use std::collections::HashMap;

/// The content extensions Hugo parses as pages (their files have a path
/// without the extension).
const CONTENT_EXTS: &[&str] = &[
    "md", "markdown", "mdown", "mkd", "mkdn", "html", "htm", "adoc", "asciidoc", "ad", "pdc",
    "pandoc", "rst", "org",
];

/// The page that asks, for relative lookups.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// Its language code.
    pub lang: &'a str,
    /// Its file, relative to the content dir (`docs/install/index.md`).
    pub file: &'a str,
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// An index into [`SiteIndex::pages`].
    Page(usize),
    None,
    /// A base name that several pages share (`ref` only).
    Ambiguous,
}

/// Every page by language and logical path, and by language and base name.
#[derive(Debug, Default)]
pub(crate) struct PageFinder {
    /// `lang \0 logical path` → page (the first one).
    by_path: HashMap<String, usize>,
    /// Content file paths (as written, relative to the content dir).
    by_file: std::collections::HashSet<String>,
    /// `lang \0 base name` → page, `None` when several pages have it.
    by_name: HashMap<String, Option<usize>>,
    /// Language codes, lower case, for language identifiers in file names.
    langs: Vec<String>,
}

fn key(lang: &str, path: &str) -> String {
    let mut k = String::with_capacity(lang.len() + 1 + path.len());
    k.push_str(lang);
    k.push('\0');
    k.push_str(path);
    k
}

impl PageFinder {
    pub(crate) fn new(index: &SiteIndex) -> PageFinder {
        let mut f = PageFinder::default();
        for (i, p) in index.pages().iter().enumerate() {
            let lang = p.lang.to_lowercase();
            if !f.langs.contains(&lang) {
                f.langs.push(lang.clone());
            }
            f.by_path.entry(key(&lang, &p.hugo_path)).or_insert(i);
            if let Some(file) = index.content_path(p) {
                f.by_file.insert(file.to_string());
            }
            let name = p.hugo_path.rsplit('/').next().unwrap_or("");
            if !name.is_empty() {
                f.by_name
                    .entry(key(&lang, name))
                    .and_modify(|e| *e = None)
                    .or_insert(Some(i));
            }
        }
        f
    }

    /// Whether the site has the language `code` (lower case, as Hugo keeps it).
    pub(crate) fn has_lang(&self, code: &str) -> bool {
        self.langs.iter().any(|l| l == code)
    }

    /// The site's language codes (of its pages), lower case.
    pub(crate) fn langs(&self) -> &[String] {
        &self.langs
    }

    /// The page `reference` names, seen from `ctx` (`None`: from the site,
    /// with the default language `lang`). `is_ref`: as `ref`/`relref` look.
    pub(crate) fn find(&self, ctx: Context<'_>, reference: &str, is_ref: bool) -> Found {
        let r = reference.replace('\\', "/");
        let r = r.strip_suffix('/').unwrap_or(&r);
        let in_ref = r;
        if has_ext(r) {
            return self.for_ref(ctx, is_ref, true, in_ref, r);
        }
        if r.is_empty() || r == "/" {
            return self.for_ref(ctx, is_ref, false, in_ref, "/_index.md");
        }
        if r.ends_with("/index") {
            let f = self.for_ref(ctx, is_ref, false, in_ref, &format!("{r}/index.md"));
            if f != Found::None {
                return f;
            }
        }
        self.for_ref(ctx, is_ref, false, in_ref, &format!("{r}.md"))
    }

    fn for_ref(
        &self,
        ctx: Context<'_>,
        is_ref: bool,
        had_ext: bool,
        in_ref: &str,
        r: &str,
    ) -> Found {
        let lang = ctx.lang.to_lowercase();
        let file = format!("/{}", ctx.file);
        if !r.starts_with('/') {
            let (dir, name) = split_dir(&file);
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            let (stem, _) = self.strip_lang(stem);
            let branch = stem == "_index";
            let leaf = stem == "index";
            let base_dir = if branch || (had_ext && r.starts_with("../")) || !leaf {
                dir.to_string()
            } else {
                split_dir(dir).0.to_string()
            };
            if let Some(p) = self.page_at(&lang, &join(&base_dir, r)) {
                return Found::Page(p);
            }
            if had_ext {
                if let Some(p) = self.page_of_file(&lang, &join(dir, in_ref)) {
                    return Found::Page(p);
                }
            }
        }
        if r.starts_with('.') {
            return Found::None;
        }
        if let Some(p) = self.page_at(&lang, &join("/", r)) {
            return Found::Page(p);
        }
        if had_ext {
            if let Some(p) = self.page_of_file(&lang, &join("/", in_ref)) {
                return Found::Page(p);
            }
        }
        if !is_ref || in_ref.contains('/') {
            return Found::None;
        }
        let name = self.logical(&join("/", r));
        let name = name.rsplit('/').next().unwrap_or("");
        match self.by_name.get(&key(&lang, name)) {
            Some(Some(p)) => Found::Page(*p),
            Some(None) => Found::Ambiguous,
            None => Found::None,
        }
    }

    /// The page at a content path (rooted, cleaned), in `lang`.
    fn page_at(&self, lang: &str, path: &str) -> Option<usize> {
        self.by_path.get(&key(lang, &self.logical(path))).copied()
    }

    /// The page, in `lang`, at the logical path of the content file at
    /// `path` (rooted, cleaned), when there is such a file.
    fn page_of_file(&self, lang: &str, path: &str) -> Option<usize> {
        self.by_file.get(path.trim_start_matches('/'))?;
        self.page_at(lang, path)
    }

    fn strip_lang<'s>(&self, stem: &'s str) -> (&'s str, bool) {
        if let Some((s, code)) = stem.rsplit_once('.') {
            if !s.is_empty()
                && self.langs.len() > 1
                && self.langs.iter().any(|l| l.eq_ignore_ascii_case(code))
            {
                return (s, true);
            }
        }
        (stem, false)
    }

    /// Hugo's logical path of a content path: lower case, spaces as `-`, no
    /// content extension or language code, `index`/`_index` as their folder.
    fn logical(&self, path: &str) -> String {
        let p = super::urlize::normalize_basic(path);
        let (dir, name) = split_dir(&p);
        let stem = match name.rsplit_once('.') {
            Some((s, ext)) if !s.is_empty() && CONTENT_EXTS.contains(&ext) => s,
            _ => return p,
        };
        let (stem, _) = self.strip_lang(stem);
        if stem == "index" || stem == "_index" {
            return dir.to_string();
        }
        if dir == "/" {
            format!("/{stem}")
        } else {
            format!("{dir}/{stem}")
        }
    }
}

/// Whether a file name has an extension Hugo reads as content (`.md`, `.html`, …).
pub(crate) fn is_content_file(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| CONTENT_EXTS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Whether the last element of a `/` path has a `.` (Hugo's `paths.HasExt`).
fn has_ext(p: &str) -> bool {
    p.rsplit('/').next().is_some_and(|s| s.contains('.'))
}

/// `/a/b/c.md` → (`/a/b`, `c.md`); `/c.md` → (`/`, `c.md`).
fn split_dir(p: &str) -> (&str, &str) {
    match p.rfind('/') {
        Some(0) => ("/", &p[1..]),
        Some(i) => (&p[..i], &p[i + 1..]),
        None => ("/", p),
    }
}

/// Go's `path.Join(base, rel)` for a rooted `base`: cleaned, never above `/`.
fn join(base: &str, rel: &str) -> String {
    format!("/{}", super::urlize::clean_joined(&[base, rel]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hugo::{HugoConfig, PageInput};
    use serde_json::json;

    fn site(files: &[&str]) -> SiteIndex {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/"}));
        let inputs = files
            .iter()
            .map(|f| PageInput {
                path: f.to_string(),
                mount: 0,
                lang: None,
                front_matter: json!({"title": "t"}),
            })
            .collect();
        SiteIndex::build(&cfg, inputs)
    }

    /// What `reference` finds from `file`, as the found page's file.
    fn found(idx: &SiteIndex, file: &str, reference: &str, is_ref: bool) -> String {
        let f = PageFinder::new(idx);
        let ctx = Context { lang: "en", file };
        match f.find(ctx, reference, is_ref) {
            Found::Page(p) => idx
                .content_path(&idx.pages()[p])
                .unwrap_or(&idx.pages()[p].hugo_path)
                .to_string(),
            Found::None => "-".into(),
            Found::Ambiguous => "ambiguous".into(),
        }
    }

    // The same answers Hugo 0.168 gave for GetPage from each kind of page.
    #[test]
    fn get_page_from_regular_pages_and_bundles() {
        let idx = site(&[
            "other.md",
            "sec/_index.md",
            "sec/other.md",
            "sec/leaf/index.md",
            "sec/sub/_index.md",
            "sec/sub/deep.md",
        ]);
        let g = |from: &str, r: &str| found(&idx, from, r, false);
        // A regular page: relative to its folder, then from the root.
        assert_eq!(g("sec/other.md", "other"), "sec/other.md");
        assert_eq!(g("sec/other.md", "../other"), "other.md");
        assert_eq!(g("sec/other.md", "sub/deep"), "sec/sub/deep.md");
        assert_eq!(g("sec/other.md", "OTHER.MD"), "sec/other.md");
        assert_eq!(g("sec/other.md", "other/"), "sec/other.md");
        assert_eq!(g("sec/other.md", "sub/_index.md"), "sec/sub/_index.md");
        assert_eq!(g("sec/other.md", "deep"), "-");
        // A leaf bundle: relative to the folder holding the bundle, except
        // a file path that climbs with `../`.
        assert_eq!(g("sec/leaf/index.md", "other"), "sec/other.md");
        assert_eq!(g("sec/leaf/index.md", "../other"), "other.md");
        assert_eq!(g("sec/leaf/index.md", "../other.md"), "sec/other.md");
        assert_eq!(g("sec/leaf/index.md", "../sec/other.md"), "-");
        // A branch bundle: relative to its own folder.
        assert_eq!(g("sec/sub/_index.md", "other"), "other.md");
        assert_eq!(g("sec/sub/_index.md", "deep.md"), "sec/sub/deep.md");
        assert_eq!(g("sec/sub/_index.md", "../other"), "sec/other.md");
        // From the root, whatever the page.
        assert_eq!(g("sec/sub/deep.md", "/sec/other"), "sec/other.md");
        assert_eq!(g("sec/sub/deep.md", "sec/leaf"), "sec/leaf/index.md");
        assert_eq!(g("other.md", "/"), "/");
        assert_eq!(g("sec/other.md", "./sec/other"), "-");
    }

    #[test]
    fn refs_also_find_unique_base_names() {
        let idx = site(&[
            "a/setup.md",
            "b/setup.md",
            "a/kubernetes/_index.md",
            "b/guide/index.md",
            "b/tls.md",
        ]);
        let r = |r: &str| found(&idx, "a/setup.md", r, true);
        assert_eq!(r("tls.md"), "b/tls.md");
        assert_eq!(r("tls"), "b/tls.md");
        assert_eq!(r("kubernetes"), "a/kubernetes/_index.md");
        assert_eq!(r("guide"), "b/guide/index.md");
        // Found relative to the page first, so not ambiguous from there.
        assert_eq!(r("setup"), "a/setup.md");
        assert_eq!(found(&idx, "b/guide/index.md", "setup", true), "b/setup.md");
        assert_eq!(
            found(&idx, "a/kubernetes/_index.md", "setup", true),
            "ambiguous"
        );
        // GetPage never looks names up.
        assert_eq!(found(&idx, "a/setup.md", "tls", false), "-");
        assert_eq!(r("x/tls"), "-");
    }
}
