//! Resolving every internal link of a page against the site index.

use crate::diagnostic::Diagnostic;
use crate::hugo::page_finder::{self, PageFinder};
use crate::hugo::site_index::Render;
use crate::hugo::site_outputs::SiteOutputs;
use crate::hugo::{SiteIndex, Target};
use crate::links::redirects::Redirects;
use crate::links::render_hook::LinkRules;
use crate::links::url::{self, Class, Form};
use crate::rules;
use crate::types::probe::listing;
use crate::types::PageKind;
use crate::types::Probe;
use crate::types::{Fix, Link, LinkKind, Safety};
use crate::types::{Include, PageRecord, PageResult};
/// What `check --links` and the links oracle read.
pub use crate::types::{LinkRecord, Resolution};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Everything link resolution looks at, built once per site.
pub(crate) struct Resolver<'a> {
    pub index: &'a SiteIndex,
    pub results: &'a [PageResult],
    /// Index page → position in `results` (for its headings and file).
    pub result_of_page: Vec<Option<usize>>,
    /// Host names (with port) the site is served from, from `baseURL`.
    pub hosts: Vec<String>,
    /// The scheme of `baseURL` (`https`), if it has one.
    pub scheme: Option<String>,
    /// Where static files are published from: the site's static dirs and
    /// static mounts (its themes' too).
    pub static_dirs: Vec<StaticDir>,
    /// Every page URL of the site, for "did you mean": built on the first
    /// broken link (see [`Resolver::known_urls`]).
    pub known_urls: OnceLock<crate::suggest::UrlIndex>,
    /// Every content file, for "did you mean" on a broken `ref`: built on the first.
    pub known_paths: OnceLock<crate::suggest::PathIndex>,
    /// The baseURL's path (`/docs` on a site at `https://host/docs/`; empty at the root).
    /// Site paths (page URLs, `static/` files) are below it; links written from the root include it.
    pub base_path: String,
    /// Every file of the `static/` dirs as a site path, read on the first broken
    /// file link, with the probes that listed them.
    pub static_files: OnceLock<(Vec<String>, Vec<Probe>)>,
    /// The files Hugo writes besides pages (feeds, sitemaps, other output formats).
    pub outputs: SiteOutputs,
    /// The content folders, read on the first link to a file.
    pub folders: OnceLock<Folders>,
    /// How each page's Markdown links resolve (its link render hook).
    pub link_rules: LinkRules,
    /// `[links] ignore`: destinations, as written, not checked.
    pub ignore: Option<regex::RegexSet>,
    /// The `_redirects` files of the static dirs.
    pub redirects: Redirects,
    /// `assets/` directories, absolute (`resources.Get` finds files there).
    pub assets_dirs: Vec<PathBuf>,
    /// Per content mount (as [`SiteIndex::mount_of`] numbers them), the
    /// language its bundles' files are published under when it is not each
    /// page's own (see [`Root::files_lang`](crate::types::mount::Root::files_lang)).
    pub files_lang: Vec<Option<String>>,
    /// The default content language: a content file that is no page (an
    /// include a shortcode reads) looks its refs up in it.
    pub default_lang: String,
    /// Pages by content path, as `GetPage` and `ref` find them: built on first use.
    pub finder: OnceLock<PageFinder>,
    /// Every content file's position in `results` by its path in the content
    /// tree, for files shortcodes render into pages: built on first use.
    pub by_content_path: OnceLock<Vec<(&'a str, usize)>>,
    /// The content files (positions in `results`) that some page Hugo
    /// renders prints through a shortcode (see [`Resolver::included`]):
    /// built on the first broken ref in a file with no page of its own.
    pub printed: OnceLock<FxHashSet<usize>>,
}

/// A folder (or a single file) whose files Hugo publishes as they are.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StaticDir {
    /// Absolute.
    pub dir: PathBuf,
    /// The site path it is published at, without slashes around it (`""`:
    /// the site root; a single file's own site path).
    pub at: String,
    /// The mount's `files` filter: a file it leaves out is not published.
    pub filter: Option<crate::hugo::mounts::FileFilter>,
}

impl StaticDir {
    /// The file that would be published at site path `rel` (no leading
    /// slash), if it is below this one and its mount's filter keeps it.
    pub(crate) fn file_of(&self, rel: &str) -> Option<PathBuf> {
        let within = if self.at.is_empty() {
            rel
        } else {
            let rest = rel.strip_prefix(self.at.as_str())?;
            if rest.is_empty() {
                return Some(self.dir.clone());
            }
            rest.strip_prefix('/')?
        };
        if !self.keeps(within) {
            return None;
        }
        Some(self.dir.join(within))
    }

    /// Whether the filter keeps the file `within` (below the source) and
    /// every folder on the way to it (Hugo does not enter a folder it leaves out).
    fn keeps(&self, within: &str) -> bool {
        let Some(f) = &self.filter else {
            return true;
        };
        let folders = within.match_indices('/').map(|(i, _)| &within[..i]);
        folders.into_iter().all(|d| f.keeps(d, true)) && f.keeps(within, false)
    }
}

/// The folders that hold content files, for finding the folder of a bundle
/// (or of a section without `_index.md`) and the folders that are bundles.
#[derive(Debug, Default)]
pub(crate) struct Folders {
    /// Lower-cased path below the content dir (`docs/setup`, `` for the
    /// root) → each folder with that path and its content dir's language.
    by_path: FxHashMap<String, Vec<(Option<String>, PathBuf)>>,
    /// Folders holding an `index.*` or `_index.*` content file.
    bundles: FxHashSet<PathBuf>,
}

impl Folders {
    pub(crate) fn of(results: &[PageResult]) -> Folders {
        let mut f = Folders::default();
        for r in results {
            let rel = &r.file.rel;
            let depth = rel.split('/').count();
            let Some(mut dir) = r.file.path.parent().map(Path::to_path_buf) else {
                continue;
            };
            let stem = rel.rsplit('/').next().unwrap_or("");
            if is_bundle_file(stem) {
                f.bundles.insert(dir.clone());
            }
            // The file's folder and every folder above it, up to its content dir.
            let mut key = rel.rsplit_once('/').map_or("", |(d, _)| d).to_lowercase();
            for _ in 0..depth {
                let slot = f.by_path.entry(key.clone()).or_default();
                if slot.iter().any(|(_, d)| *d == dir) {
                    break;
                }
                slot.push((r.file.lang.clone(), dir.clone()));
                key = key.rsplit_once('/').map_or("", |(d, _)| d).to_string();
                if !dir.pop() {
                    break;
                }
            }
        }
        f
    }

    /// The folder with content path `path` (lower case) for language `lang`.
    fn get(&self, path: &str, lang: &str) -> Option<&Path> {
        let v = self.by_path.get(path)?;
        v.iter()
            .find(|(l, _)| l.as_deref() == Some(lang))
            .or_else(|| v.iter().find(|(l, _)| l.is_none()))
            .or(v.first())
            .map(|(_, d)| d.as_path())
    }
}

/// An image, or the definition of a reference an image uses (`![alt][label]`).
fn is_image(page: &PageResult, link: &Link) -> bool {
    match link.kind {
        LinkKind::Image => true,
        LinkKind::Reference => page
            .links
            .iter()
            .any(|u| u.kind == LinkKind::Image && u.defined_at() == Some(link.span())),
        _ => false,
    }
}

/// A reference definition (`[label]: url`) that no link of the page uses: Hugo
/// writes nothing for it, so its URL leads nowhere only on paper.
fn unused_definition(page: &PageResult, link: &Link) -> bool {
    link.kind == LinkKind::Reference
        && !page
            .links
            .iter()
            .any(|u| u.defined_at() == Some(link.span()))
}

/// Whether `fragment` names an anchor of the page of `record`, as far as
/// anyone can tell: a page with no anchors of its own that are surely all it
/// has (its layout or a shortcode may write some) has every fragment.
fn has_anchor(record: &PageRecord, fragment: &str) -> bool {
    if record.headings.is_empty() {
        return !record.anchorless;
    }
    record.headings.iter().any(|h| h == fragment)
}

/// Every content file's path in the content tree and position in
/// `results`, sorted by path (the first file of a path only).
fn content_paths(results: &[PageResult]) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = results
        .iter()
        .enumerate()
        .map(|(i, r)| (r.file.rel.as_str(), i))
        .collect();
    v.sort_unstable();
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

/// The position in `results` of the content file at `path` (see [`content_paths`]).
fn content_file(paths: &[(&str, usize)], path: &str) -> Option<usize> {
    let k = paths.binary_search_by(|(q, _)| (*q).cmp(path)).ok()?;
    Some(paths[k].1)
}

/// `index.md`, `_index.en.md` …: a bundle's own file.
fn is_bundle_file(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    stem == "index" || stem == "_index"
}

/// The probes one page's links made.
#[derive(Debug, Default)]
pub(crate) struct Probes(RefCell<Vec<Probe>>);

impl Probes {
    fn is_file(&self, path: PathBuf) -> bool {
        let is = path.is_file();
        self.0.borrow_mut().push(Probe::IsFile(path, is));
        is
    }

    pub(crate) fn into_vec(self) -> Vec<Probe> {
        let mut v = self.0.into_inner();
        v.dedup();
        v
    }
}

/// One link of a page being checked, with what it resolved to.
struct LinkAt<'p> {
    page: &'p PageResult,
    /// The page's own index in the site index.
    own: Option<usize>,
    link: &'p Link,
    /// The page the link leads to, if any.
    target: Option<usize>,
    /// The diagnostics already found for the page's links: (span, code).
    known: &'p [(std::ops::Range<usize>, &'static str)],
}

impl LinkAt<'_> {
    /// The diagnostic with `code` known for the link, made again (its
    /// message is filled in from what was known).
    fn again(&self, code: &'static str) -> Option<Diagnostic> {
        let seen = self
            .known
            .iter()
            .any(|(s, c)| *s == self.link.span() && *c == code);
        seen.then(|| match code {
            "link-fragment" => rules::LINK_FRAGMENT.at(self.link.span(), String::new()),
            _ => rules::LINK_BROKEN.at(self.link.span(), String::new()),
        })
    }
}

/// A reference definition without text of its own, named by the text of
/// its first use (`None`: `link` as it is).
fn named_by_first_use(page: &PageResult, link: &Link) -> Option<Link> {
    if link.kind != LinkKind::Reference || link.text().is_some() {
        return None;
    }
    let mut l = link.clone();
    l.set_text(
        page.links
            .iter()
            .find(|u| u.defined_at() == Some(link.span()))
            .and_then(|u| u.text()),
    );
    Some(l)
}

/// One page's link results: its diagnostics, how many external links it has,
/// and what its links asked the file system.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub external: usize,
    pub probes: Vec<Probe>,
}

/// What a resolution needs to say which diagnostic to report.
enum Found {
    Page(usize),
    Alias(usize),
    File,
    Broken,
}

fn describe(link: &Link) -> String {
    match link.text().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("link \"{}\" → \"{}\"", short(t), link.url()),
        None => format!("link \"{}\"", link.url()),
    }
}

fn short(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 50 {
        format!("{}…", s.chars().take(50).collect::<String>())
    } else {
        s
    }
}

impl Resolver<'_> {
    /// The site's page URLs for suggestions (canonical URLs only, never aliases).
    fn known_urls(&self) -> &crate::suggest::UrlIndex {
        self.known_urls.get_or_init(|| {
            // Built while the other workers wait for it: in parallel.
            let mut urls: Vec<String> = self
                .index
                .pages()
                .par_iter()
                .filter_map(|p| p.url.clone())
                .collect();
            urls.par_sort_unstable();
            urls.dedup();
            crate::suggest::UrlIndex::new(urls)
        })
    }

    fn display_of(&self, page: usize) -> String {
        match self.result_of_page.get(page).copied().flatten() {
            Some(r) => self.results[r].file.rel.clone(),
            None => self.href(&self.index.pages()[page].url.clone().unwrap_or_default()),
        }
    }

    /// A site path as a link from the root writes it (with the baseURL's path).
    fn href(&self, site_path: &str) -> String {
        format!("{}{site_path}", self.base_path)
    }

    /// The site path of a root-relative href, `None` when it is outside the baseURL's path.
    fn site_path(&self, href: String) -> Option<String> {
        if self.base_path.is_empty() {
            return Some(href);
        }
        let rest = href.strip_prefix(&self.base_path)?;
        if rest.is_empty() {
            Some("/".to_string())
        } else if rest.starts_with('/') {
            Some(rest.to_string())
        } else {
            None
        }
    }

    fn fragment_ok(&self, page: usize, fragment: Option<&str>) -> bool {
        // The target's headings only for a fragment: most links have none,
        // and on a large site reading them is two cache misses per link.
        let Some(f) = fragment.filter(|f| !f.is_empty()) else {
            return true;
        };
        let Some(r) = self.result_of_page.get(page).copied().flatten() else {
            return true;
        };
        let context = page_finder::Context {
            lang: &self.index.pages()[page].lang,
            file: &self.results[r].file.rel,
        };
        self.has_anchor(&self.results[r].record, f, context)
    }

    /// [`has_anchor`], where the headings of the files the page's shortcodes
    /// render into it count too (a file the site does not have as content:
    /// its headings are unknown, so any fragment is taken). `context`: the
    /// page, for the lookups its shortcodes make.
    fn has_anchor(
        &self,
        record: &PageRecord,
        fragment: &str,
        context: page_finder::Context<'_>,
    ) -> bool {
        if has_anchor(record, fragment) {
            return true;
        }
        let mut seen = Vec::new();
        self.included_has(record, fragment, context, &mut seen)
    }

    /// Whether a file `record`'s shortcodes render into the page (or one
    /// those files render in turn) has the heading `fragment`; `seen`: the
    /// files looked at already.
    fn included_has(
        &self,
        record: &PageRecord,
        fragment: &str,
        context: page_finder::Context<'_>,
        seen: &mut Vec<usize>,
    ) -> bool {
        record.includes.iter().any(|inc| {
            let Some(files) = self.included(inc, context) else {
                // Not a content file: its headings are unknown.
                return true;
            };
            files.into_iter().any(|i| {
                if seen.contains(&i) || seen.len() > 64 {
                    return false;
                }
                seen.push(i);
                let r = &self.results[i];
                let inner = page_finder::Context {
                    lang: context.lang,
                    file: &r.file.rel,
                };
                r.record.headings.iter().any(|h| h == fragment)
                    || self.included_has(&r.record, fragment, inner, seen)
            })
        })
    }

    /// The headings of a page (of `record`, in `context`) and of the files
    /// its shortcodes print into it, in that order.
    fn all_headings(&self, record: &PageRecord, context: page_finder::Context<'_>) -> Vec<String> {
        let mut out = record.headings.clone();
        // The files found, in order, each once (at most 64).
        let mut todo: Vec<usize> = Vec::new();
        let add = |record: &PageRecord, context, todo: &mut Vec<usize>| {
            for inc in &record.includes {
                for i in self.included(inc, context).unwrap_or_default() {
                    if !todo.contains(&i) && todo.len() < 64 {
                        todo.push(i);
                    }
                }
            }
        };
        add(record, context, &mut todo);
        let mut k = 0;
        while k < todo.len() {
            let r = &self.results[todo[k]];
            out.extend(r.record.headings.iter().cloned());
            let inner = page_finder::Context {
                lang: context.lang,
                file: &r.file.rel,
            };
            add(&r.record, inner, &mut todo);
            k += 1;
        }
        out.dedup();
        out
    }

    /// The content files (positions in `results`) an include of a page in
    /// `context` renders into it: the file read, the page `GetPage` finds,
    /// the resources of a bundle that match (Hugo takes the first in the
    /// bundle's order, by weight, date, title and name: each is counted).
    /// `None`: a file read that is no content file (unknown headings).
    fn included(&self, inc: &Include, context: page_finder::Context<'_>) -> Option<Vec<usize>> {
        let by_path = self
            .by_content_path
            .get_or_init(|| content_paths(self.results));
        let root = page_finder::Context {
            lang: context.lang,
            file: "_index.md",
        };
        let page_file = |ctx, path: &str| match self.finder().find(ctx, path, false) {
            page_finder::Found::Page(p) => self.result_of_page.get(p).copied().flatten(),
            _ => None,
        };
        match inc {
            Include::File(p) => content_file(by_path, p).map(|i| vec![i]),
            Include::Page { path, relative } => {
                let ctx = if *relative { context } else { root };
                Some(page_file(ctx, path).into_iter().collect())
            }
            Include::Resource { bundle, pattern } => {
                let Some(b) = page_file(root, bundle) else {
                    return Some(Vec::new());
                };
                let own = &self.results[b].file.rel;
                let (dir, name) = own.rsplit_once('/').unwrap_or(("", own));
                // Only a leaf bundle has content files as resources.
                if name.split('.').next() != Some("index") {
                    return Some(Vec::new());
                }
                let glob =
                    crate::base::glob::Glob::new(&pattern.trim_start_matches('/').to_lowercase());
                let Some(glob) = glob else {
                    return Some(Vec::new());
                };
                let prefix = if dir.is_empty() {
                    String::new()
                } else {
                    format!("{dir}/")
                };
                let start = by_path.partition_point(|(q, _)| *q < prefix.as_str());
                Some(
                    by_path[start..]
                        .iter()
                        .map_while(|&(q, i)| Some((q.strip_prefix(prefix.as_str())?, i)))
                        .filter(|&(rest, i)| i != b && glob.is_match(&rest.to_lowercase()))
                        .map(|(_, i)| i)
                        .collect(),
                )
            }
        }
    }

    /// Where a (non-shortcode) link's site path leads.
    fn find(&self, site_path: &str, probes: &Probes) -> Found {
        match self.index.lookup(site_path) {
            Some(Target::Page(p)) => Found::Page(p),
            Some(Target::Alias(p)) => Found::Alias(p),
            None if self.outputs.contains(site_path) => Found::File,
            None if self.is_file(site_path, probes) => Found::File,
            None => Found::Broken,
        }
    }

    fn finder(&self) -> &PageFinder {
        self.finder.get_or_init(|| PageFinder::new(self.index))
    }

    /// The page that asks, for a content path lookup.
    fn context<'p>(&'p self, page: &'p PageResult, own: Option<usize>) -> page_finder::Context<'p> {
        let lang = own
            .map(|p| self.index.pages()[p].lang.as_str())
            .or(page.file.lang.as_deref())
            .unwrap_or(&self.default_lang);
        page_finder::Context {
            lang,
            file: &page.file.rel,
        }
    }

    /// What a `ref`/`relref` path names, looked up as Hugo does (see
    /// [`page_finder`]), in the language `lang` names (its `lang` argument)
    /// or else the page's. A draft is not built, so not found.
    fn ref_target(
        &self,
        page: &PageResult,
        own: Option<usize>,
        lang: Option<&str>,
        path: &str,
    ) -> page_finder::Found {
        let mut context = self.context(page, own);
        if let Some(lang) = lang {
            // Hugo compares the code as written with its lower-case codes.
            if !self.finder().has_lang(lang) {
                return page_finder::Found::None;
            }
            context.lang = lang;
        }
        match self.finder().find(context, path, true) {
            page_finder::Found::Page(p) if self.index.pages()[p].draft => page_finder::Found::None,
            f => f,
        }
    }

    /// A Markdown link's destination looked up as a content path, as a link
    /// render hook that calls `GetPage` does: the page, or an `assets/` file.
    fn hook_target(
        &self,
        page: &PageResult,
        own: Option<usize>,
        i: &url::Internal,
        probes: &Probes,
        from_home: bool,
    ) -> Option<(Resolution, Option<usize>)> {
        let path = i.path.strip_prefix("./").unwrap_or(&i.path);
        let mut context = self.context(page, own);
        if from_home {
            // Text rendered as the home page's: looked up from the home page,
            // at the root of the content tree.
            context.file = "_index.md";
        }
        // `GetPage` of `./` (or of the empty path Hugo's embedded hook makes
        // of it) is the home page: `./#part` leads to the home page's part.
        if path.is_empty() && i.path != "./" {
            return None;
        }
        if let page_finder::Found::Page(p) = self.finder().find(context, path, false) {
            // A page without a URL (`render: never`) gives the hook nothing to link to.
            self.index.pages()[p].url.as_ref()?;
            return Some((self.page_resolution(p, i.fragment.clone()), Some(p)));
        }
        let site_path = self.assets_file(path, probes)?;
        Some((Resolution::File { site_path }, None))
    }

    /// The site path (`/rel`) of the file of the assets folders named by
    /// `path` (below them whether written relative or from the root), if there is one.
    fn assets_file(&self, path: &str, probes: &Probes) -> Option<String> {
        let rel = path.trim_start_matches('/');
        let named = !rel.is_empty() && !rel.ends_with('/') && !rel.split('/').any(|s| s == "..");
        (named && self.assets_dirs.iter().any(|d| probes.is_file(d.join(rel))))
            .then(|| format!("/{rel}"))
    }

    /// The site path of the file of the assets folders that a render hook
    /// asking `resources.Get` for `link`'s destination publishes, if the
    /// page's Markdown links (or images) go through such a hook. The path
    /// is below the assets folder whether it is written relative or from
    /// the root.
    fn asset(
        &self,
        page: &PageResult,
        own: Option<usize>,
        link: &Link,
        i: &url::Internal,
        probes: &Probes,
    ) -> Option<String> {
        if i.form == Form::Absolute
            || !matches!(
                link.kind,
                LinkKind::Markdown | LinkKind::Reference | LinkKind::Image
            )
        {
            return None;
        }
        let layout = self.hook_layout(own, link);
        if !self
            .link_rules
            .resolves_in_assets(&layout, is_image(page, link))
        {
            return None;
        }
        self.assets_file(i.path.strip_prefix("./").unwrap_or(&i.path), probes)
    }

    /// A shortcode argument its template looks up with `resources.Get`
    /// (`figure`'s `src`) that names a file of `assets/`: published where the
    /// template uses it.
    fn global_resource(
        &self,
        link: &Link,
        i: &url::Internal,
        probes: &Probes,
    ) -> Option<Resolution> {
        if link.kind != LinkKind::ShortcodeResource || i.form == Form::Absolute {
            return None;
        }
        let site_path = self.assets_file(&i.path, probes)?;
        Some(Resolution::File { site_path })
    }

    /// Whether `link`'s destination holds a Go template action (`{{ $lang }}`,
    /// `{{ .Site.BaseURL }}`) in text that is not a page Hugo renders (a
    /// headless bundle's file, a `build.render: never` page): a shortcode that
    /// prints such a file may run it as a template, filling the action in.
    /// A rendered page's body is never run: Hugo writes the braces as they
    /// are (`/docs/{{page.version}}/x` is a broken link there).
    fn template_action_in_unrendered_text(&self, own: Option<usize>, link: &Link) -> bool {
        let url = link.url();
        url.contains("{{")
            && url.contains("}}")
            && !own.is_some_and(|p| self.index.pages()[p].render == Render::Always)
    }

    /// Whether the page's link hook writes something of its own for
    /// `link`'s destination as a whole (`eq .Destination "g"`).
    fn rewritten_by_hook(&self, own: Option<usize>, link: &Link) -> bool {
        if !matches!(link.kind, LinkKind::Markdown | LinkKind::Reference)
            || !self.link_rules.rewrites_any()
        {
            return false;
        }
        let layout = self.hook_layout(own, link);
        self.link_rules
            .hook_for(&layout)
            .is_some_and(|h| h.rewritten.iter().any(|w| w == link.url()))
    }

    /// Whether `link` on `page` goes through a render hook that looks it up as a content path.
    fn hooked(&self, own: Option<usize>, link: &Link, form: Form) -> bool {
        if !matches!(link.kind, LinkKind::Markdown | LinkKind::Reference) {
            return false;
        }
        // The page's layout path is only worth making when hooks differ by page.
        let rule = match (self.link_rules.uniform_rule(), own) {
            (Some(rule), _) => rule,
            (None, _) => {
                let layout = self.hook_layout(own, link);
                if self.link_rules.passes_over(&layout, link.url()) {
                    return false;
                }
                self.link_rules.rule_for(&layout)
            }
        };
        match form {
            Form::Relative => rule.relative,
            Form::Root => rule.root,
            Form::Absolute => false,
        }
    }

    /// [`layout_path`](Self::layout_path) of the index page `own`; `/` for a
    /// file that is no page of the index.
    fn page_layout(&self, own: Option<usize>) -> String {
        own.map_or_else(|| "/".to_string(), |p| self.layout_path(p))
    }

    /// The layout path Hugo picks `link`'s render hook by: its page's, or,
    /// for text rendered with `markdownify` ([`Link::from_home`]), the home
    /// page's (of the page's language): Hugo renders that text as the home
    /// page's, with the home page's hooks, whatever hooks the page's section has.
    fn hook_layout(&self, own: Option<usize>, link: &Link) -> String {
        if !link.from_home {
            return self.page_layout(own);
        }
        let pages = self.index.pages();
        let lang = own.map(|p| pages[p].lang.as_str());
        let home = self
            .index
            .pages_at_hugo_path("/")
            .find(|&q| pages[q].kind == PageKind::Home && lang.is_none_or(|l| pages[q].lang == l));
        self.page_layout(home)
    }

    /// The path Hugo picks a page's templates (and render hooks) by: its
    /// logical path with the first segment replaced by its front matter
    /// `type` (Hugo's `BaseReTyped`): `/docs/a/b` of type `blog` → `/blog/a/b`;
    /// a page of the root or a section's own page → `/blog`; a leaf bundle of
    /// the root keeps its name (`/about` → `/blog/about`).
    fn layout_path(&self, p: usize) -> String {
        let page = &self.index.pages()[p];
        let (ty, path) = (page.type_.as_str(), page.hugo_path.as_str());
        let trimmed = path.trim_start_matches('/');
        let (first, rest) = match trimmed.split_once('/') {
            Some((f, r)) => (f, Some(r)),
            None => (trimmed, None),
        };
        if ty.is_empty() || (rest.is_some() || page.kind != PageKind::Page) && first == ty {
            return path.to_string();
        }
        let root_leaf = page.kind == PageKind::Page
            && rest.is_none()
            && self
                .result_of_page
                .get(p)
                .copied()
                .flatten()
                .is_some_and(|r| {
                    is_bundle_file(self.results[r].file.rel.rsplit('/').next().unwrap_or(""))
                });
        match rest {
            Some(r) => format!("/{ty}/{r}"),
            _ if root_leaf => format!("/{ty}/{trimmed}"),
            _ => format!("/{ty}"),
        }
    }

    /// `#f` on the page itself.
    fn same_fragment(&self, page: &PageResult, own: Option<usize>, f: String) -> Resolution {
        Resolution::SameFragment {
            // A page Hugo does not render (text a shortcode includes
            // elsewhere) has no anchors of its own to check; nor has a
            // file Hugo makes no page of (a bundle's Markdown file that a
            // shortcode prints into other pages, where `#x` names their
            // anchors; a file of `ignoreFiles`, which Hugo never reads).
            ok: f.is_empty()
                || self.has_anchor(&page.record, &f, self.context(page, own))
                || own.is_none()
                || own.is_some_and(|p| self.index.pages()[p].render == Render::Never),
            fragment: f,
        }
    }

    /// A link to index page `p`: the page, or nothing when Hugo does not render it.
    fn page_resolution(&self, p: usize, fragment: Option<String>) -> Resolution {
        let pg = &self.index.pages()[p];
        let site_path = pg.url.clone().unwrap_or_default();
        if pg.render == Render::Link {
            return Resolution::Unrendered { site_path };
        }
        Resolution::Page {
            fragment_ok: self.fragment_ok(p, fragment.as_deref()),
            site_path,
            fragment,
            draft: pg.draft,
        }
    }

    /// What `link` on `page` (the index page `own`) leads to.
    pub(crate) fn resolve(&self, page: &PageResult, own: Option<usize>, link: &Link) -> Resolution {
        self.resolve_page(page, own, link, &Probes::default()).0
    }

    /// [`resolve`](Self::resolve), with the index page a page, alias or ref target is.
    fn resolve_page(
        &self,
        page: &PageResult,
        own: Option<usize>,
        link: &Link,
        probes: &Probes,
    ) -> (Resolution, Option<usize>) {
        if self
            .ignore
            .as_ref()
            .is_some_and(|re| re.is_match(link.url()))
            || self.rewritten_by_hook(own, link)
            || self.template_action_in_unrendered_text(own, link)
        {
            return (Resolution::Skip, None);
        }
        if matches!(link.kind, LinkKind::Ref | LinkKind::Relref) {
            let (path, _, fragment) = url::split(link.url());
            let path = url::decode(path.trim());
            // `ref "x.md#id "` writes the space into the href, which the
            // browser strips with the URL's other trailing white space.
            let fragment = fragment.map(|f| f.trim_end_matches(|c: char| c.is_ascii_whitespace()));
            if path.is_empty() {
                // `ref "#id"` is the page's own URL with the fragment.
                return match fragment.filter(|f| !f.is_empty()) {
                    Some(f) => (self.same_fragment(page, own, f.to_string()), None),
                    None => (Resolution::Skip, None),
                };
            }
            let found = match self.ref_target(page, own, link.lang(), &path) {
                page_finder::Found::Page(p) => Some(p),
                _ => None,
            };
            if let Some(p) = found.filter(|&p| self.index.pages()[p].render == Render::Link) {
                let site_path = self.index.pages()[p].url.clone().unwrap_or_default();
                return (Resolution::Unrendered { site_path }, found);
            }
            let r = Resolution::Ref {
                site_path: found.map(|p| self.index.pages()[p].url.clone().unwrap_or_default()),
                fragment: fragment.map(str::to_string),
                fragment_ok: found.is_none_or(|p| self.fragment_ok(p, fragment)),
            };
            return (r, found);
        }
        let r = match url::classify_on(link.url(), &self.hosts, self.scheme.as_deref()) {
            Class::Skip => Resolution::Skip,
            Class::External { .. } => Resolution::External,
            Class::Fragment(f) => self.same_fragment(page, own, f),
            Class::Internal(i) => {
                if let Some(r) = self.global_resource(link, &i, probes) {
                    return (r, None);
                }
                if self.hooked(own, link, i.form) {
                    if let Some(found) = self.hook_target(page, own, &i, probes, link.from_home) {
                        return found;
                    }
                }
                let site_path = match i.form {
                    Form::Root | Form::Absolute => self.site_path(i.path.clone()),
                    Form::Relative => {
                        match own.and_then(|p| self.index.pages()[p].url.as_deref()) {
                            Some(base) => Some(url::resolve(base, &i.path)),
                            None => return (Resolution::Skip, None),
                        }
                    }
                };
                let Some(site_path) = site_path else {
                    return (Resolution::Broken { site_path: None }, None);
                };
                match self.find(&site_path, probes) {
                    Found::Page(p) => return (self.page_resolution(p, i.fragment), Some(p)),
                    Found::Alias(p) => {
                        let r = Resolution::Alias {
                            site_path,
                            canonical: self.index.pages()[p].url.clone().unwrap_or_default(),
                            fragment_ok: self.fragment_ok(p, i.fragment.as_deref()),
                            fragment: i.fragment,
                        };
                        return (r, Some(p));
                    }
                    Found::File => Resolution::File { site_path },
                    Found::Broken => {
                        let looked_up = i.form == Form::Relative
                            && !self.link_rules.duplicate_resources
                            && (self.hooked(own, link, i.form)
                                || link.kind == LinkKind::ShortcodeResource
                                || (self.link_rules.embedded_image && is_image(page, link)));
                        let shared = looked_up
                            .then(|| self.shared_resource(&site_path, probes))
                            .flatten()
                            .or_else(|| {
                                // A front matter value is whatever the template makes of it;
                                // a relative one usually goes to `.Resources.Get`, which
                                // matches a resource's name in any case.
                                (matches!(
                                    link.kind,
                                    LinkKind::FrontMatterUrl | LinkKind::ShortcodeResource
                                ) && i.form == Form::Relative)
                                    .then(|| self.resource_any_case(own?, &i.path, probes))
                                    .flatten()
                            });
                        let shared = shared.or_else(|| self.asset(page, own, link, &i, probes));
                        match (shared, self.redirects.target(&site_path)) {
                            (Some(site_path), _) => Resolution::File { site_path },
                            (None, Some(target)) => Resolution::Redirect { site_path, target },
                            (None, None) => match self.index.unrendered_at(&site_path) {
                                // The URL of a page Hugo does not render (`render: never`).
                                Some(p) => return (Resolution::Unrendered { site_path }, Some(p)),
                                None => Resolution::Broken {
                                    site_path: Some(site_path),
                                },
                            },
                        }
                    }
                }
            }
        };
        (r, None)
    }

    /// Every link of a page with its resolution.
    pub(crate) fn report(&self, page: &PageResult, own: Option<usize>) -> Vec<LinkRecord> {
        page.links
            .iter()
            .filter(|l| !self.checked_at_definition(page, l))
            .map(|l| LinkRecord {
                file: page.file.rel.clone(),
                page_url: own.and_then(|p| self.index.pages()[p].url.clone()),
                url: l.url().to_string(),
                kind: l.kind,
                span: l.span(),
                resolution: self.resolve(page, own, l),
            })
            .collect()
    }

    /// A reference-style use (`[text][label]`) whose `[label]: url` definition
    /// is itself among the page's links: the URL is written (and checked) there.
    fn checked_at_definition(&self, page: &PageResult, link: &Link) -> bool {
        link.defined_at().is_some_and(|d| {
            page.links
                .iter()
                .any(|l| l.kind == LinkKind::Reference && l.span() == d)
        })
    }

    /// Check one page's links.
    pub(crate) fn check(&self, page: &PageResult, own: Option<usize>) -> Checked {
        self.check_known(page, own, &[])
    }

    /// [`check`](Self::check), for a file already checked as another page:
    /// a problem `known` from there (its span and code) is recorded without
    /// the work of describing it again (suggestions cost the most).
    pub(crate) fn check_known(
        &self,
        page: &PageResult,
        own: Option<usize>,
        known: &[(std::ops::Range<usize>, &'static str)],
    ) -> Checked {
        let probes = Probes::default();
        let mut out = Vec::new();
        let mut external = 0;
        for link in &page.links {
            if self.checked_at_definition(page, link) || unused_definition(page, link) {
                continue;
            }
            // A definition's diagnostic names the text of its first use.
            let named = named_by_first_use(page, link);
            let link = named.as_ref().unwrap_or(link);
            let (resolution, target) = self.resolve_page(page, own, link, &probes);
            if matches!(resolution, Resolution::External) {
                external += 1;
            }
            let at = LinkAt {
                page,
                own,
                link,
                target,
                known,
            };
            self.diagnose(&at, resolution, &probes, &mut out);
        }
        Checked {
            diagnostics: out,
            external,
            probes: probes.into_vec(),
        }
    }

    /// What is wrong with a link that resolved to `resolution`, if anything,
    /// added to `out`.
    fn diagnose(
        &self,
        at: &LinkAt<'_>,
        resolution: Resolution,
        probes: &Probes,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Resolution::Alias {
            canonical,
            fragment,
            fragment_ok,
            ..
        } = resolution
        {
            // The redirect leads to the page, where the fragment must be.
            if !fragment_ok {
                let missing = at.again("link-fragment").or_else(|| {
                    let p = at.target?;
                    self.missing_fragment(at.link, p, fragment)
                });
                out.extend(missing);
            }
            out.push(self.alias(at.link, at.target, &canonical));
            return;
        }
        out.extend(self.diagnosis(at, resolution, probes));
    }

    /// The one diagnostic of a link that resolved to `resolution` (not to an
    /// alias), if anything is wrong.
    fn diagnosis(
        &self,
        at: &LinkAt<'_>,
        resolution: Resolution,
        probes: &Probes,
    ) -> Option<Diagnostic> {
        let (page, link, target) = (at.page, at.link, at.target);
        match resolution {
            Resolution::Skip | Resolution::File { .. } | Resolution::External => None,
            Resolution::SameFragment { ok: true, .. } => None,
            Resolution::SameFragment {
                fragment,
                ok: false,
            } => Some(at.again("link-fragment").unwrap_or_else(|| {
                let headings = self.all_headings(&page.record, self.context(page, at.own));
                self.fragment_diag(link, &fragment, &headings, "this page")
            })),
            Resolution::Page {
                fragment,
                fragment_ok,
                draft,
                ..
            } => {
                let p = target?;
                if draft {
                    Some(self.draft_target(link, p))
                } else if !fragment_ok {
                    at.again("link-fragment")
                        .or_else(|| self.missing_fragment(link, p, fragment))
                } else {
                    None
                }
            }
            Resolution::Unrendered { site_path } => {
                Some(self.unrendered(link, target?, &site_path))
            }
            Resolution::Alias { .. } => None,
            Resolution::Broken { site_path } => Some(
                at.again("link-broken")
                    .unwrap_or_else(|| self.broken_with_fix(at, site_path, probes)),
            ),
            Resolution::Redirect { target, .. } => {
                let d = rules::LINK_REDIRECT.at(link.span(), format!(
                        "{} goes to a redirect (in {}) to \"{target}\"; Hugo publishes nothing there",
                        describe(link),
                        crate::links::redirects::FILE
                    ))
                .with_label("redirect")
                .with_help(format!("link to where the redirect leads: {target}"));
                Some(match self.redirect_fix(link, &target) {
                    Some(fix) => d.with_fix(fix),
                    None => d,
                })
            }
            Resolution::Ref {
                site_path,
                fragment,
                fragment_ok,
            } => match site_path {
                Some(_) if !fragment_ok => self.missing_fragment(link, target?, fragment),
                Some(_) => None,
                None => {
                    let (path, _, _) = url::split(link.url());
                    Some(self.broken_ref(page, at.own, link, path.trim()))
                }
            },
        }
    }

    /// A link to page `p`, which is a draft.
    fn draft_target(&self, link: &Link, p: usize) -> Diagnostic {
        rules::LINK_BROKEN
            .at(
                link.span(),
                format!(
                    "{} leads to a draft page ({}), which Hugo does not publish",
                    describe(link),
                    self.display_of(p)
                ),
            )
            .with_label("draft target")
            .with_help(
                "publish the target page (set `draft` to false in its front matter) or link elsewhere",
            )
    }

    /// A link to page `p` with a `fragment` that names no anchor of it.
    fn missing_fragment(
        &self,
        link: &Link,
        p: usize,
        fragment: Option<String>,
    ) -> Option<Diagnostic> {
        let f = fragment.unwrap_or_default();
        let headings = match self.result_of_page.get(p).copied().flatten() {
            Some(r) => {
                let context = page_finder::Context {
                    lang: &self.index.pages()[p].lang,
                    file: &self.results[r].file.rel,
                };
                self.all_headings(&self.results[r].record, context)
            }
            None => Vec::new(),
        };
        Some(self.fragment_diag(link, &f, &headings, &self.display_of(p)))
    }

    /// A link to page `p`, which Hugo does not render (nothing at `site_path`).
    fn unrendered(&self, link: &Link, p: usize, site_path: &str) -> Diagnostic {
        let render = match self.index.pages()[p].render {
            Render::Link => "link",
            _ => "never",
        };
        rules::LINK_BROKEN.at(link.span(), format!(
                "{} leads to {}, which Hugo does not render (`build.render: {render}`): nothing is published at \"{}\"",
                describe(link),
                self.display_of(p),
                self.href(site_path)
            ))
        .with_label("page not rendered")
        .with_help("render the page (remove `build.render`) or link to where readers should go")
    }

    /// A link to an alias of a page (`target`, whose URL is `canonical`):
    /// fixed by linking to the page's URL, one redirect less.
    fn alias(&self, link: &Link, target: Option<usize>, canonical: &str) -> Diagnostic {
        let owner = match target {
            Some(p) => self.display_of(p),
            None => self.href(canonical),
        };
        let href = self.href(canonical);
        let mut d = rules::LINK_ALIAS
            .at(
                link.span(),
                format!("{} goes to an alias of {owner}", describe(link)),
            )
            .with_label("alias")
            .with_help(format!("link to the page's URL instead: {href}"));
        if let Some(fix) = replace_destination(link, &href, Safety::Safe) {
            d = d.with_fix(fix);
        }
        d
    }

    /// A broken link; one to a content file's path gets the fix that links
    /// to that file's page.
    fn broken_with_fix(
        &self,
        at: &LinkAt<'_>,
        site_path: Option<String>,
        probes: &Probes,
    ) -> Diagnostic {
        let mut d = self.broken(at.link, site_path, probes);
        if let Some((href, fix)) = self.md_path_fix(at.page, at.own, at.link) {
            d.fixes = vec![fix];
            if d.help.is_none() {
                let layout = self.hook_layout(at.own, at.link);
                let remote_prefix = self.link_rules.hook_for(&layout).and_then(|h| {
                    h.unlooked
                        .iter()
                        .find(|p| at.link.url().starts_with(p.as_str()))
                });
                d = d.with_help(if at.link.from_home {
                    format!("this text is rendered with markdownify, as the home page's: the link hook looks the path up from the content root; link to \"{href}\"")
                } else if let Some(p) = remote_prefix.filter(|_| self.link_rules.forced.is_none()) {
                    format!("the render hook takes a destination that starts with \"{p}\" for a remote URL and writes it as it is; link to \"{href}\"")
                } else {
                    format!("no render hook turns a content file's path into its page's URL here; link to \"{href}\"")
                });
            }
        }
        d
    }

    /// A Markdown link to a content file (`care/compost.md`) that Hugo
    /// leaves as written: the URL of the page that file is, and the fix that
    /// links there (safe: the file names its page exactly).
    fn md_path_fix(
        &self,
        page: &PageResult,
        own: Option<usize>,
        link: &Link,
    ) -> Option<(String, Fix)> {
        if !matches!(
            link.kind,
            LinkKind::Markdown
                | LinkKind::Reference
                | LinkKind::HtmlAttr
                | LinkKind::ShortcodeArg
                | LinkKind::ShortcodeResource
        ) {
            return None;
        }
        let (path, _, _) = url::split(link.url());
        let lower = path.to_ascii_lowercase();
        if !(lower.ends_with(".md") || lower.ends_with(".markdown")) || path.contains("://") {
            return None;
        }
        let decoded = url::decode(path);
        let page_finder::Found::Page(p) = self.ref_target(page, own, None, &decoded) else {
            return None;
        };
        let href = self.href(self.index.pages()[p].url.as_deref()?);
        let fix = replace_destination(link, &href, Safety::Safe)?;
        Some((href, fix))
    }

    fn fragment_diag(
        &self,
        link: &Link,
        fragment: &str,
        headings: &[String],
        target: &str,
    ) -> Diagnostic {
        let near = crate::suggest::did_you_mean(fragment, headings.iter().map(String::as_str));
        let help = match near {
            Some(h) => format!("did you mean \"#{h}\"?"),
            None if headings.is_empty() => format!(
                "{target} has no anchor (no heading id, no `id=`); link to the page without \"#{fragment}\""
            ),
            None => format!(
                "headings of {target}: {}",
                headings
                    .iter()
                    .take(8)
                    .map(|h| format!("#{h}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let d = rules::LINK_FRAGMENT
            .at(
                link.span(),
                format!("{}: no heading \"#{fragment}\" on {target}", describe(link)),
            )
            .with_label("unknown fragment")
            .with_help(help);
        // The one heading meant: safe when the fragment is its id but for
        // case (ids are lower case, fragments compare exactly), else a guess.
        let safety = match near {
            Some(h) if fragment.to_lowercase() == h => Safety::Safe,
            _ => Safety::Unsafe,
        };
        match near.and_then(|h| replace_fragment(link, h, safety)) {
            Some(fix) => d.with_fix(fix),
            None => d,
        }
    }

    /// The fix of a link to a redirect's source: the redirect's target in
    /// its place. Safe when the target is a page or file of this site (the
    /// host would send the reader there); a target outside the site, or one
    /// the site does not have, is offered as unsafe.
    fn redirect_fix(&self, link: &Link, target: &str) -> Option<Fix> {
        if target.contains(['?', '#']) {
            return None;
        }
        if target.contains("://") {
            return rewrite(link, target.to_string(), Safety::Unsafe);
        }
        if !target.starts_with('/') {
            return None;
        }
        let safety = match self.find(target, &Probes::default()) {
            Found::Page(_) | Found::Alias(_) | Found::File => Safety::Safe,
            Found::Broken => Safety::Unsafe,
        };
        replace_destination(link, &self.href(target), safety)
    }

    /// Whether Hugo renders `page`'s text: it is a page Hugo renders, or a
    /// shortcode call of such a page prints it (directly or through other
    /// files it prints). A content file that is no page (a headless bundle's
    /// resource) or a page Hugo does not render (headless, `build.render`
    /// `never` or `link`) is rendered only where a template asks for its content.
    fn rendered(&self, page: &PageResult, own: Option<usize>) -> bool {
        if own.is_some_and(|p| self.index.pages()[p].render == Render::Always) {
            return true;
        }
        let printed = self.printed.get_or_init(|| {
            let mut out = FxHashSet::default();
            let mut todo: Vec<(usize, String)> = Vec::new();
            for (p, pg) in self.index.pages().iter().enumerate() {
                if pg.draft || pg.render != Render::Always {
                    continue;
                }
                if let Some(r) = self.result_of_page.get(p).copied().flatten() {
                    todo.push((r, pg.lang.clone()));
                }
            }
            while let Some((r, lang)) = todo.pop() {
                let context = page_finder::Context {
                    lang: &lang,
                    file: &self.results[r].file.rel,
                };
                for inc in &self.results[r].record.includes {
                    for i in self.included(inc, context).unwrap_or_default() {
                        if out.insert(i) {
                            todo.push((i, lang.clone()));
                        }
                    }
                }
            }
            out
        });
        let by_path = self
            .by_content_path
            .get_or_init(|| content_paths(self.results));
        content_file(by_path, &page.file.rel).is_some_and(|i| printed.contains(&i))
    }

    fn broken_ref(
        &self,
        page: &PageResult,
        own: Option<usize>,
        link: &Link,
        path: &str,
    ) -> Diagnostic {
        let kind = if link.kind == LinkKind::Ref {
            "ref"
        } else {
            "relref"
        };
        let decoded = url::decode(path);
        let ambiguous =
            self.ref_target(page, own, link.lang(), &decoded) == page_finder::Found::Ambiguous;
        let no_lang = link.lang().filter(|l| !self.finder().has_lang(l));
        let what = if ambiguous {
            format!("names a file name that several pages have (REF_NOT_FOUND: page reference \"{decoded}\" is ambiguous)")
        } else if let Some(l) = no_lang {
            format!("names a language the site does not have (REF_NOT_FOUND: no site found with lang \"{l}\")")
        } else {
            "names no page (REF_NOT_FOUND: page not found)".to_string()
        };
        // Text Hugo renders into no page runs no ref: the build fails only
        // once some page prints it.
        let unrendered = !self.rendered(page, own);
        let consequence = if unrendered {
            "Hugo fails the build wherever it renders this file, which no page does now \
             (Hugo publishes no page of it, and no shortcode call prints it)"
        } else {
            "Hugo will fail the build"
        };
        let mut d = rules::LINK_BROKEN
            .at(
                link.span(),
                format!("{kind} \"{path}\" {what}; {consequence}"),
            )
            .with_label(if ambiguous {
                "ambiguous"
            } else {
                "no such page"
            });
        if unrendered {
            d.severity = crate::diagnostic::Severity::Warning;
        }
        if ambiguous {
            return d.with_help("write the path from the content root (\"/section/page.md\")");
        }
        if let Some(l) = no_lang {
            let langs = self.finder().langs().join("\", \"");
            return d.with_label("no such language").with_help(
                if self.finder().has_lang(&l.to_lowercase()) {
                    format!(
                        "Hugo knows the language by its code in lower case: lang=\"{}\"",
                        l.to_lowercase()
                    )
                } else {
                    format!("the site's languages are \"{langs}\"")
                },
            );
        }
        let known = self.known_paths.get_or_init(|| {
            let paths = self.results.iter().filter(|r| r.record.is_page);
            crate::suggest::PathIndex::new(paths.map(|r| r.file.rel.clone()).collect())
        });
        let moved = self.moved_ref_fix(page, own, link, &decoded);
        if let Some(s) = known.suggest(&clean_rel(path)) {
            d = d.with_help(format!("did you mean \"{s}\"?"));
        } else if let Some((to, _)) = &moved {
            d = d.with_help(format!("the page is now \"{to}\""));
        }
        if let Some((_, fix)) = moved {
            d = d.with_fix(fix);
        }
        d
    }

    /// A `ref` to a page that moved: exactly one page of the site has the
    /// file name the ref ends with (its folder and name for a bundle's
    /// `index.md`), so the ref is rewritten to that file's path from the
    /// content root (safe: the name identifies the page, and the ref fails
    /// the build as it is).
    fn moved_ref_fix(
        &self,
        page: &PageResult,
        own: Option<usize>,
        link: &Link,
        decoded: &str,
    ) -> Option<(String, Fix)> {
        if link.span().len() != link.url().len() {
            return None;
        }
        let cleaned = clean_rel(decoded.trim_start_matches('/'));
        let mut parts = cleaned.rsplit('/');
        let name = parts.next().filter(|n| !n.is_empty())?;
        let ident = if matches!(name, "index.md" | "_index.md") {
            format!("{}/{name}", parts.next()?)
        } else {
            name.to_string()
        };
        let mut found: Option<&str> = None;
        for r in self.results.iter().filter(|r| r.record.is_page) {
            let rel = r.file.rel.as_str();
            let same = rel == ident
                || (rel.len() > ident.len()
                    && rel.ends_with(ident.as_str())
                    && rel.as_bytes()[rel.len() - ident.len() - 1] == b'/');
            if same {
                if found.is_some_and(|f| f != rel) {
                    return None;
                }
                found = Some(rel);
            }
        }
        let to = format!("/{}", found?);
        if !matches!(
            self.ref_target(page, own, link.lang(), &to),
            page_finder::Found::Page(_)
        ) {
            return None;
        }
        let (_, _, fragment) = url::split(link.url());
        let replacement = match fragment {
            Some(f) => format!("{to}#{f}"),
            None => to.clone(),
        };
        if replacement.contains(['"', '`', '\\']) || replacement.chars().any(char::is_whitespace) {
            return None;
        }
        let fix = Fix::replace(
            format!("replace \"{}\" with \"{replacement}\"", link.url()),
            Safety::Safe,
            link.span(),
            replacement,
        );
        Some((to, fix))
    }

    /// The page bundle a site path lies in, with the path below the bundle's
    /// URL: `/a/b/img/x.png` → (the folder of the bundle at `/a/b/`,
    /// `img/x.png`). Hugo publishes every file of a content folder that is
    /// not a page as a resource of the nearest bundle above it: a leaf
    /// bundle (`index.md`), a branch bundle (`_index.md`), or a top-level
    /// section or the home page without one; at the bundle's URL, with the
    /// folders between kept.
    fn bundle_of<'p>(&self, site_path: &'p str) -> Option<(PathBuf, &'p str)> {
        self.bundle_at(site_path).map(|(_, dir, rest)| (dir, rest))
    }

    /// The folder a page's own files lie in when it is a bundle (or a home
    /// page or top-level section without a content file).
    fn bundle_dir(&self, p: usize) -> Option<PathBuf> {
        let page = &self.index.pages()[p];
        match self.result_of_page.get(p).copied().flatten() {
            Some(r) => {
                let file = &self.results[r].file;
                if !is_bundle_file(file.rel.rsplit('/').next().unwrap_or("")) {
                    return None;
                }
                Some(file.path.parent()?.to_path_buf())
            }
            None if matches!(page.kind, PageKind::Home | PageKind::Section) => {
                let folders = self.folders.get_or_init(|| Folders::of(self.results));
                Some(
                    folders
                        .get(&page.hugo_path.trim_matches('/').to_lowercase(), &page.lang)?
                        .to_path_buf(),
                )
            }
            None => None,
        }
    }

    /// The page whose URL page `p`'s bundle files are published under: `p`,
    /// or, for a page of a mount into several languages, the same page in
    /// the language the mount publishes them under (see
    /// [`Resolver::files_lang`]). Where Hugo duplicates resource files (on
    /// several hosts, or with `duplicateResourceFiles`), always `p`.
    fn files_page(&self, p: usize) -> usize {
        if self.link_rules.duplicate_resources {
            return p;
        }
        let pages = self.index.pages();
        let page = &pages[p];
        let lang = self
            .files_lang
            .get(self.index.mount_of(page) as usize)
            .and_then(Option::as_deref);
        match lang {
            Some(lang) if lang != page.lang => self
                .index
                .pages_at_hugo_path(&page.hugo_path)
                .find(|&q| pages[q].lang == lang)
                .unwrap_or(p),
            _ => p,
        }
    }

    /// For a file of a bundle whose files are published under another
    /// language's page (see [`files_page`](Self::files_page)), named by its
    /// site path under this one: that language and the file's site path there.
    fn published_elsewhere(&self, site_path: &str, probes: &Probes) -> Option<(String, String)> {
        // Most sites have no mount into several languages: spare the lookup.
        if self.link_rules.duplicate_resources || self.files_lang.iter().all(Option::is_none) {
            return None;
        }
        let (p, dir, rest) = self.bundle_at(site_path)?;
        let at = self.files_page(p);
        if at == p || rest.is_empty() || !probes.is_file(dir.join(rest)) {
            return None;
        }
        let page = &self.index.pages()[at];
        let base = page.url.as_deref()?;
        Some((
            page.lang.clone(),
            format!("{}/{rest}", base.trim_end_matches('/')),
        ))
    }

    /// A resource a bundle lacks that the same bundle in another language has
    /// (see [`LinkRules::duplicate_resources`]): Hugo's `Resources.Get` on the
    /// page finds it. Returned: its URL in the bundle it comes from (a site path).
    fn shared_resource(&self, site_path: &str, probes: &Probes) -> Option<String> {
        let (p, _, rest) = self.bundle_at(site_path)?;
        if rest.is_empty() || page_finder::is_content_file(rest) {
            return None;
        }
        let pages = self.index.pages();
        let (path, lang) = (&pages[p].hugo_path, &pages[p].lang);
        // The bundle's own file, published under another language's URL
        // first; then another language's file. (Each: the page whose folder
        // holds it, the page whose URL it is published under.)
        let own = Some((p, self.files_page(p))).filter(|&(p, q)| p != q);
        let others = self
            .index
            .pages_at_hugo_path(path)
            .filter(|&q| &pages[q].lang != lang)
            .map(|q| (q, self.files_page(q)));
        own.into_iter().chain(others).find_map(|(q, at)| {
            let dir = self.bundle_dir(q)?;
            let base = pages[at].url.as_deref()?;
            probes
                .is_file(dir.join(rest))
                .then(|| format!("{}/{rest}", base.trim_end_matches('/')))
        })
    }

    /// The resource of page `p`'s bundle named `rel`, its case aside (Hugo's
    /// `Resources.Get` compares names with `strings.EqualFold`): its site path.
    fn resource_any_case(&self, p: usize, rel: &str, probes: &Probes) -> Option<String> {
        let rel = rel.strip_prefix("./").unwrap_or(rel);
        if rel.is_empty()
            || rel
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == "..")
        {
            return None;
        }
        let dir = self.bundle_dir(p)?;
        let (names, digest) = listing(&dir);
        probes
            .0
            .borrow_mut()
            .push(Probe::Listing(dir.clone(), digest));
        let want = format!("/{}", rel.to_lowercase());
        let found = names.iter().find(|n| n.to_lowercase() == want)?;
        if page_finder::is_content_file(found) {
            return None;
        }
        // A folder between that is a bundle of its own owns the file.
        let folders = self.folders.get_or_init(|| Folders::of(self.results));
        let mut between = dir.clone();
        let segs: Vec<&str> = found.trim_start_matches('/').split('/').collect();
        for s in &segs[..segs.len() - 1] {
            between.push(s);
            if folders.bundles.contains(&between) {
                return None;
            }
        }
        let base = self.index.pages()[self.files_page(p)].url.as_deref()?;
        Some(format!("{}{found}", base.trim_end_matches('/')))
    }

    /// [`bundle_of`](Self::bundle_of), with the index page that owns the bundle.
    fn bundle_at<'p>(&self, site_path: &'p str) -> Option<(usize, PathBuf, &'p str)> {
        let folders = self.folders.get_or_init(|| Folders::of(self.results));
        let mut cut = site_path.trim_end_matches('/').len();
        while let Some(i) = site_path[..cut].rfind('/') {
            let (parent, rest) = (&site_path[..=i], &site_path[i + 1..]);
            cut = i;
            // A bundle Hugo does not render still has its files published.
            let p = match self.index.lookup(parent) {
                Some(Target::Page(p)) => p,
                _ => match self.index.unrendered_at(parent) {
                    Some(p) => p,
                    None => continue,
                },
            };
            let page = &self.index.pages()[p];
            let dir = match self.result_of_page.get(p).copied().flatten() {
                Some(r) => {
                    let file = &self.results[r].file;
                    if !is_bundle_file(file.rel.rsplit('/').next().unwrap_or("")) {
                        // A regular page owns no files: the folder above may.
                        continue;
                    }
                    file.path.parent()?.to_path_buf()
                }
                None if matches!(page.kind, PageKind::Home | PageKind::Section) => folders
                    .get(&page.hugo_path.trim_matches('/').to_lowercase(), &page.lang)?
                    .to_path_buf(),
                None => return None,
            };
            // A folder between that is a bundle of its own owns the file.
            let mut between = dir.clone();
            let segs: Vec<&str> = rest.split('/').collect();
            for s in &segs[..segs.len().saturating_sub(1)] {
                between.push(s);
                if folders.bundles.contains(&between) {
                    return None;
                }
            }
            return Some((p, dir, rest));
        }
        None
    }

    /// A file in `static/`, or a resource of a page bundle (site paths).
    fn is_file(&self, site_path: &str, probes: &Probes) -> bool {
        let rel = site_path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') || rel.split('/').any(|s| s == "..") {
            return false;
        }
        if self
            .static_dirs
            .iter()
            .any(|d| d.file_of(rel).is_some_and(|f| probes.is_file(f)))
        {
            return true;
        }

        match self.bundle_at(site_path) {
            // A content file of a bundle is a page or a page resource, never published as a file.
            // Nor is any file of a bundle whose page says `publishResources: false`, or whose
            // files are published under another language's page.
            Some((p, dir, rest)) => {
                self.index.pages()[p].publish_resources
                    && self.files_page(p) == p
                    && !rest.is_empty()
                    && !page_finder::is_content_file(rest)
                    && (probes.is_file(dir.join(rest))
                        || (self.link_rules.duplicate_resources
                            && self.shared_resource(site_path, probes).is_some()))
            }
            None => false,
        }
    }

    /// When `site_path` names a content file in the folder of a bundle: what
    /// Hugo makes of it (a page at its own URL, or a resource of a leaf
    /// bundle it does not publish), never a file at that path.
    fn content_file_help(&self, site_path: &str, probes: &Probes) -> Option<String> {
        let (p, dir, rest) = self.bundle_at(site_path)?;
        // A Markdown file's link has help of its own (`md_path_fix`).
        let markdown = rest.to_ascii_lowercase().ends_with(".md");
        if markdown || !page_finder::is_content_file(rest) || !probes.is_file(dir.join(rest)) {
            return None;
        }
        let bundle = self.result_of_page.get(p).copied().flatten();
        let page = bundle.and_then(|r| {
            let context = page_finder::Context {
                lang: &self.index.pages()[p].lang,
                file: &self.results[r].file.rel,
            };
            match self.finder().find(context, rest, false) {
                page_finder::Found::Page(q) => self.index.pages()[q].url.as_deref(),
                _ => None,
            }
        });
        Some(match page {
            Some(url) => format!(
                "\"{rest}\" is a content file: Hugo publishes it as a page, at \"{}\"",
                self.href(url)
            ),
            None => format!(
                "\"{rest}\" is a content file: Hugo publishes it as a page or, in a leaf bundle, not at all; never as a file"
            ),
        })
    }

    /// Files a broken file link may have meant: the `static/` files, and the
    /// files of the bundle the link points into (site paths).
    fn file_candidates(&self, site_path: &str, probes: &Probes) -> Vec<String> {
        let (files, listed) = self.static_files.get_or_init(|| {
            let mut files = Vec::new();
            let mut listed = Vec::new();
            for d in &self.static_dirs {
                let (v, digest) = listing(&d.dir);
                let v = v.into_iter().filter(|f| d.keeps(f.trim_start_matches('/')));
                if d.dir.is_file() {
                    files.push(format!("/{}", d.at));
                } else if d.at.is_empty() {
                    files.extend(v);
                } else {
                    files.extend(v.map(|f| format!("/{}{f}", d.at)));
                }
                listed.push(Probe::Listing(d.dir.clone(), digest));
            }
            files.sort();
            (files, listed)
        });
        probes.0.borrow_mut().extend(listed.iter().cloned());
        let mut out = files.clone();
        if let Some((dir, rest)) = self.bundle_of(site_path) {
            let prefix = &site_path[..site_path.len() - rest.len()];
            let (v, digest) = listing(&dir);
            probes
                .0
                .borrow_mut()
                .push(Probe::Listing(dir.clone(), digest));
            out.extend(
                v.into_iter()
                    .filter(|f| !page_finder::is_content_file(f))
                    .map(|f| format!("{}{}", prefix, f.trim_start_matches('/'))),
            );
        }
        out
    }

    fn broken(&self, link: &Link, site_path: Option<String>, probes: &Probes) -> Diagnostic {
        let Some(path) = site_path else {
            // A root or absolute link outside the baseURL's path.
            let written = match url::classify_on(link.url(), &self.hosts, self.scheme.as_deref()) {
                Class::Internal(i) => i.path,
                _ => link.url().to_string(),
            };
            let mut d = rules::LINK_BROKEN
                .at(
                    link.span(),
                    format!(
                        "{} leads outside the site: it is served under \"{}/\"",
                        describe(link),
                        self.base_path
                    ),
                )
                .with_label("broken link");
            if !matches!(self.find(&written, probes), Found::Broken) {
                d = d.with_help(format!(
                    "links from the root include the site's path; did you mean \"{}\"?",
                    self.href(&written)
                ));
            }
            return d;
        };
        let href = self.href(&path);
        let mut d = rules::LINK_BROKEN
            .at(
                link.span(),
                format!(
                    "{} leads nowhere: no page, section, file or alias has the URL \"{href}\"",
                    describe(link)
                ),
            )
            .with_label("broken link");
        let is_file = path.rsplit('/').next().is_some_and(|s| s.contains('.'));
        let files;
        let (case_hit, near): (Option<String>, Vec<String>) = if is_file {
            files = self.file_candidates(&path, probes);
            let lower = path.to_lowercase();
            let hit = files.iter().find(|u| u.to_lowercase() == lower).cloned();
            let near = crate::suggest::nearest_urls(&path, files.iter().map(String::as_str), 3);
            (hit, near.into_iter().map(str::to_string).collect())
        } else {
            let hit = self
                .known_urls()
                .case_insensitive(&path)
                .map(str::to_string);
            let near = if hit.is_some() {
                Vec::new()
            } else {
                self.known_urls()
                    .nearest(&path, 3)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            };
            (hit, near)
        };
        // The file is there, in a bundle whose files are published under
        // another language's URL (a mount into several languages) …
        let elsewhere = self.published_elsewhere(&path, probes);
        // … or in a bundle that keeps its files unpublished.
        let unpublished = elsewhere.is_none()
            && case_hit.as_deref() == Some(path.as_str())
            && self
                .bundle_at(&path)
                .is_some_and(|(p, _, _)| !self.index.pages()[p].publish_resources);
        // … or a content file: a page, or a resource of a leaf bundle, never a file.
        let content_file = (is_file && elsewhere.is_none())
            .then(|| self.content_file_help(&path, probes))
            .flatten();
        // A guess, however clear: unsafe.
        let meant = crate::suggest::clearly_meant(
            &path,
            case_hit.iter().chain(near.iter()).map(String::as_str),
        )
        .filter(|_| !unpublished && elsewhere.is_none());
        if let Some(fix) =
            meant.and_then(|u| replace_destination(link, &self.href(u), Safety::Unsafe))
        {
            d = d.with_fix(fix);
        }
        if let Some((lang, at)) = elsewhere {
            d = d.with_help(format!(
                "Hugo publishes the files of a bundle mounted into several languages once, under the first of them by weight ({lang}): \"{}\"",
                self.href(&at)
            ));
        } else if unpublished {
            let owner = self
                .bundle_at(&path)
                .and_then(|(p, _, _)| self.result_of_page.get(p).copied().flatten())
                .map_or("its bundle's page", |r| self.results[r].file.rel.as_str());
            d = d.with_help(format!(
                "{owner} sets `build.publishResources: false`: Hugo publishes its files only when a template uses them"
            ));
        } else if let Some(help) = content_file {
            d = d.with_help(help);
        } else if let Some(u) = case_hit {
            d = d.with_help(format!(
                "URLs are case-sensitive; did you mean \"{}\"?",
                self.href(&u)
            ));
        } else {
            if !near.is_empty() {
                d = d.with_help(format!(
                    "did you mean {}?",
                    near.iter()
                        .map(|u| format!("\"{}\"", self.href(u)))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
        }
        d
    }
}

/// A fix that writes `path` (a URL path) in place of the path of `link`'s
/// destination, keeping its query and fragment. `None` where the destination
/// is not written as it reads (escapes, entities), where the span is a
/// reference label rather than a URL, or in an autolink (which needs a full URL).
fn replace_destination(link: &Link, path: &str, safety: Safety) -> Option<Fix> {
    let (_, query, fragment) = url::split(link.url());
    let mut to = path.to_string();
    if let Some(q) = query {
        to.push('?');
        to.push_str(q);
    }
    if let Some(f) = fragment {
        to.push('#');
        to.push_str(f);
    }
    rewrite(link, to, safety)
}

/// A fix that puts `fragment` in place of `link`'s fragment (see
/// [`replace_destination`] for where none is offered).
fn replace_fragment(link: &Link, fragment: &str, safety: Safety) -> Option<Fix> {
    let (path, query, _) = url::split(link.url());
    let mut to = path.to_string();
    if let Some(q) = query {
        to.push('?');
        to.push_str(q);
    }
    to.push('#');
    to.push_str(fragment);
    rewrite(link, to, safety)
}

/// A fix that writes `to` in place of `link`'s destination.
fn rewrite(link: &Link, to: String, safety: Safety) -> Option<Fix> {
    if link.span().len() != link.url().len()
        || link.defined_at().is_some()
        || matches!(
            link.kind,
            LinkKind::Autolink | LinkKind::Ref | LinkKind::Relref
        )
    {
        return None;
    }
    if to == link.url()
        || to
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\'')
    {
        return None;
    }
    Some(Fix::replace(
        format!("replace \"{}\" with \"{to}\"", link.url()),
        safety,
        link.span(),
        to,
    ))
}

/// `a/./b/../c` → `a/c` (a content path; never above the root, a leading `/` kept).
fn clean_rel(path: &str) -> String {
    let joined = crate::hugo::urlize::clean_joined(&[path]);
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::clean_rel;

    #[test]
    fn cleaning_content_paths() {
        assert_eq!(clean_rel("blog/../docs/install.md"), "docs/install.md");
        assert_eq!(clean_rel("/docs/./a.md"), "/docs/a.md");
        assert_eq!(clean_rel("../../x.md"), "x.md");
    }
}
