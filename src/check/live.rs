//! A site kept in memory between checks, for the language server. Every page
//! is loaded and checked once, as `check` does; after that one file at a time
//! is checked again when its text changes (an editor's unsaved buffer, or the
//! file on disk), and the site index is rebuilt only when the change alters
//! what the index reads (a page's URL facts, or the set of files). A page's
//! diagnostics are assembled exactly as `check` assembles them: its own, its
//! links resolved against the index, the cross-page rules, suppression
//! comments and rule levels.

use super::{
    assemble, content_roots, index_inputs, link_instances, links, page, shortcode_templates,
    InputFacts, LinkSettings, PagesOf,
};
use crate::config::Site;
use crate::diagnostic::Diagnostic;
use crate::hugo::site_outputs::SiteOutputs;
use crate::hugo::SiteIndex;
use crate::schema::SchemaSet;
use crate::types::mount::Root;
use crate::types::Resolution;
use crate::types::{ContentFile, PageResult};
use crate::walk;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What a resolver builds on first use and that stays good while the index
/// and the files do (kept between requests rather than built per keystroke).
#[derive(Default)]
struct Lazy {
    known_urls: OnceLock<crate::suggest::UrlIndex>,
    known_paths: OnceLock<crate::suggest::PathIndex>,
    static_files: OnceLock<(Vec<String>, Vec<crate::types::Probe>)>,
    folders: OnceLock<links::Folders>,
    finder: OnceLock<crate::hugo::page_finder::PageFinder>,
}

/// One site, every page loaded, with its index.
pub(crate) struct LiveSite {
    pub site: Site,
    schemas: SchemaSet,
    url_keys: Vec<String>,
    anchors: crate::links::anchors::AnchorRules,
    content: Vec<Root>,
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
    results: Vec<PageResult>,
    /// A file's position in `results`, by its path as walked.
    position: FxHashMap<PathBuf, usize>,
    /// The files git ignores: pages of the site, not reported on.
    ignored: rustc_hash::FxHashSet<PathBuf>,
    occurrences: Option<Vec<walk::Occurrence>>,
    index: SiteIndex,
    pages: PagesOf,
    settings: LinkSettings,
    outputs: SiteOutputs,
    lazy: Lazy,
    /// The cross-page rules' findings, made on first use after a change.
    cross: Option<Vec<(usize, Diagnostic)>>,
    /// Where paths in messages are shown from (as `check` run there would).
    cwd: PathBuf,
    /// Reverse links, made on first use; a page's own links are updated
    /// when its text changes, all of them again when a URL moves.
    backlinks: Option<Backlinks>,
}

/// Every link of the site by the file it leads to.
#[derive(Default)]
struct Backlinks {
    /// Target file → (source file, the link's span in it), sources in any order.
    to: FxHashMap<usize, Vec<(usize, Range<usize>)>>,
    /// Source file → the files its links lead to.
    from: FxHashMap<usize, Vec<usize>>,
}

impl Backlinks {
    fn add(&mut self, source: usize, links: Vec<(usize, Range<usize>)>) {
        let mut targets: Vec<usize> = links.iter().map(|(t, _)| *t).collect();
        targets.sort_unstable();
        targets.dedup();
        for (t, span) in links {
            self.to.entry(t).or_default().push((source, span));
        }
        if !targets.is_empty() {
            self.from.insert(source, targets);
        }
    }

    fn remove(&mut self, source: usize) {
        for t in self.from.remove(&source).unwrap_or_default() {
            if let Some(v) = self.to.get_mut(&t) {
                v.retain(|(s, _)| *s != source);
            }
        }
    }
}

/// The page a resolution leads to: its site path, and the fragment it names.
pub(crate) fn destination(resolution: &Resolution) -> Option<(&str, Option<&str>)> {
    match resolution {
        Resolution::Page {
            site_path,
            fragment,
            ..
        }
        | Resolution::Ref {
            site_path: Some(site_path),
            fragment,
            ..
        } => Some((site_path, fragment.as_deref())),
        Resolution::Alias { site_path, .. } | Resolution::Unrendered { site_path } => {
            Some((site_path, None))
        }
        _ => None,
    }
}

/// The files the links of file `j` (its first page `own`) lead to, each
/// with the link's span.
fn link_targets(
    r: &links::Resolver<'_>,
    j: usize,
    own: Option<usize>,
) -> Vec<(usize, Range<usize>)> {
    let result = &r.results[j];
    result
        .links
        .iter()
        .filter_map(|l| {
            let resolution = r.resolve(result, own, l);
            let (site_path, _) = destination(&resolution)?;
            let p = match r.index.lookup(site_path)? {
                crate::hugo::Target::Page(p) | crate::hugo::Target::Alias(p) => p,
            };
            let t = r.result_of_page.get(p).copied().flatten()?;
            Some((t, l.span()))
        })
        .collect()
}

/// What a change to one file did to the rest of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Change {
    /// The site index was rebuilt: any page's links may resolve differently now.
    pub index: bool,
    /// The page's headings changed: links to its fragments may have broken or mended.
    pub headings: bool,
}

impl Change {
    /// Whether other pages' diagnostics may have changed.
    pub(crate) fn reaches_others(self) -> bool {
        self.index || self.headings
    }
}

impl LiveSite {
    /// Load the site at `root` (its `frontlint.toml` or `explicit_config`)
    /// and every content file of it, as `check` would.
    pub(crate) fn open(
        root: &Path,
        explicit_config: Option<&Path>,
        cwd: &Path,
    ) -> Result<LiveSite, super::CheckError> {
        let site = Site::load(root, explicit_config)?;
        let mut schemas = SchemaSet::load(&site)?;
        schemas.prepare_builtins();
        let include = walk::globset(&site.config.include, "include")?;
        let exclude = walk::globset(&site.config.exclude, "exclude")?;
        let anchors = crate::links::anchors::AnchorRules {
            shortcodes: std::sync::Arc::new(shortcode_templates(&site)),
            ..crate::links::anchors::AnchorRules::of(&site.hugo)
        };
        let mut live = LiveSite {
            url_keys: site.config.url_keys(),
            content: content_roots(&site),
            settings: LinkSettings::of(&site),
            site,
            schemas,
            anchors,
            include,
            exclude,
            results: Vec::new(),
            position: FxHashMap::default(),
            ignored: Default::default(),
            occurrences: None,
            index: SiteIndex::default(),
            pages: PagesOf {
                result_of_page: Vec::new(),
                first: Vec::new(),
                more: Default::default(),
            },
            outputs: SiteOutputs::default(),
            lazy: Lazy::default(),
            cross: None,
            cwd: cwd.to_path_buf(),
            backlinks: None,
        };
        live.rewalk(|_| None);
        Ok(live)
    }

    fn ctx(&self) -> page::Context<'_> {
        page::Context {
            site: &self.site,
            schemas: &self.schemas,
            url_keys: &self.url_keys,
            anchors: &self.anchors,
        }
    }

    /// Walk the content mounts again (files were added or removed): a file
    /// still there keeps its result, `text_of` gives the unsaved text of a
    /// file that has one, every other file is read from disk.
    pub(crate) fn rewalk(&mut self, text_of: impl Fn(&Path) -> Option<String> + Sync) {
        let w = walk::walk_mounts(
            &self.content,
            &self.site.root,
            self.include.as_ref(),
            self.exclude.as_ref(),
            None,
        );
        let repeats = crate::hugo::mounts::Layout {
            content: self.content.clone(),
            ..Default::default()
        }
        .may_repeat();
        let roots: Vec<PathBuf> = self
            .content
            .iter()
            .map(|r| self.site.root.join(&r.source))
            .collect();
        self.ignored = crate::git_ignored::ignored(&w.files, &roots, &w.marks);
        let (files, occurrences) = if repeats {
            walk::unique(w.files)
        } else {
            (w.files, None)
        };
        let mut old: FxHashMap<PathBuf, PageResult> = std::mem::take(&mut self.results)
            .into_iter()
            .map(|r| (r.file.path.clone(), r))
            .collect();
        let kept: Vec<Option<PageResult>> = files
            .iter()
            .map(|f| old.remove(&f.path).filter(|r| r.file == *f))
            .collect();
        let ctx = self.ctx();
        let results: Vec<PageResult> = files
            .par_iter()
            .zip(kept.into_par_iter())
            .map(|(f, kept)| match (kept, text_of(&f.path)) {
                (Some(r), None) => r,
                (_, Some(text)) => check_text(&ctx, f, text),
                (None, None) => page::check(&ctx, f, true),
            })
            .collect();
        self.results = results;
        self.occurrences = occurrences;
        self.position = self
            .results
            .iter()
            .enumerate()
            .map(|(i, r)| (r.file.path.clone(), i))
            .collect();
        self.rebuild_index();
    }

    fn rebuild_index(&mut self) {
        let (result_of_input, inputs) = index_inputs(
            &self.site,
            &self.results,
            self.results.len(),
            self.occurrences.as_deref(),
        );
        let facts = InputFacts {
            results: &self.results,
            result_of_input: &result_of_input,
        };
        self.index = SiteIndex::build_live(&self.site.hugo, inputs, &facts);
        self.pages = PagesOf::new(&self.index, &result_of_input, self.results.len());
        self.outputs = SiteOutputs::of(&self.site.hugo, &self.index);
        self.lazy = Lazy::default();
        self.cross = None;
        self.backlinks = None;
    }

    /// The position of the file at `path` among the site's files.
    pub(crate) fn find(&self, path: &Path) -> Option<usize> {
        self.position.get(path).copied()
    }

    pub(crate) fn results(&self) -> &[PageResult] {
        &self.results
    }

    pub(crate) fn index(&self) -> &SiteIndex {
        &self.index
    }

    /// The index pages of the file at position `i`.
    pub(crate) fn pages_of(&self, i: usize) -> &[usize] {
        self.pages.of(i)
    }

    /// The file at index page `p`, as a position among the files.
    pub(crate) fn file_of_page(&self, p: usize) -> Option<usize> {
        self.pages.result_of_page.get(p).copied().flatten()
    }

    /// Check the file at position `i` again with `text` (an unsaved
    /// buffer), or as it is on disk (`None`).
    pub(crate) fn update(&mut self, i: usize, text: Option<String>) -> Change {
        let file = self.results[i].file.clone();
        let ctx = self.ctx();
        // A buffer that holds what the file does is checked as the file (a
        // file too large, binary or not UTF-8 is reported as `check` reports it).
        let text = text.filter(|t| !same_as_disk(&file.path, t));
        let r = match text {
            Some(text) => check_text(&ctx, &file, text),
            None => page::check(&ctx, &file, true),
        };
        let old = std::mem::replace(&mut self.results[i], r);
        let new = &self.results[i];
        let moved = old.record.facts.bytes() != new.record.facts.bytes();
        let change = Change {
            index: old.record.is_page != new.record.is_page || moved,
            headings: old.record.headings != new.record.headings,
        };
        self.cross = None;
        if old.record.is_page != new.record.is_page || (moved && !self.update_index(i)) {
            self.rebuild_index();
        } else if moved {
            // Suggestions for broken links read every URL; links elsewhere
            // may lead to the page, or away from it, now.
            self.lazy.known_urls = OnceLock::new();
            self.backlinks = None;
        } else if change.headings {
            // "Did you mean" for fragments reads the pages' headings.
            self.lazy = Lazy::default();
        }
        if self.backlinks.is_some() {
            // Only this file's own links changed.
            let own = self.pages.of(i).first().copied();
            let links = self.with_resolver(|r| link_targets(r, i, own));
            if let Some(b) = &mut self.backlinks {
                b.remove(i);
                b.add(i, links);
            }
        }
        change
    }

    /// Every link of the site that leads to the file at position `i`: the
    /// file each is in and its span there, in file order.
    pub(crate) fn links_to(&mut self, i: usize) -> Vec<(usize, Range<usize>)> {
        if self.backlinks.is_none() {
            let own: Vec<Option<usize>> = (0..self.results.len())
                .map(|j| self.pages.of(j).first().copied())
                .collect();
            let all: Vec<Vec<(usize, Range<usize>)>> = self.with_resolver(|r| {
                (0..r.results.len())
                    .into_par_iter()
                    .map(|j| link_targets(r, j, own[j]))
                    .collect()
            });
            let mut b = Backlinks::default();
            for (j, links) in all.into_iter().enumerate() {
                b.add(j, links);
            }
            self.backlinks = Some(b);
        }
        let mut out = self
            .backlinks
            .as_ref()
            .and_then(|b| b.to.get(&i))
            .cloned()
            .unwrap_or_default();
        out.sort_by_key(|(j, span)| (*j, span.start));
        out
    }

    /// Update the index for the pages of the file at position `i`, whose
    /// front matter changed; `false` when it must be built again.
    fn update_index(&mut self, i: usize) -> bool {
        let facts = &self.results[i].record.facts;
        let view = facts.view();
        let cfg = &self.site.hugo;
        for &p in self.pages.of(i) {
            let before = SiteOutputs::of_page(cfg, &self.index.pages()[p]);
            if !self.index.update_page(cfg, p, &view, &|| facts.value()) {
                return false;
            }
            if SiteOutputs::of_page(cfg, &self.index.pages()[p]) != before {
                self.outputs = SiteOutputs::of(cfg, &self.index);
            }
        }
        true
    }

    /// Run `f` with a resolver over the site as it is now.
    pub(crate) fn with_resolver<R>(&mut self, f: impl FnOnce(&links::Resolver<'_>) -> R) -> R {
        let outputs = std::mem::take(&mut self.outputs);
        let lazy = std::mem::take(&mut self.lazy);
        let mut resolver = self.settings.resolver(
            &self.index,
            &self.results,
            self.pages.result_of_page.clone(),
            outputs,
        );
        resolver.known_urls = lazy.known_urls;
        resolver.known_paths = lazy.known_paths;
        resolver.static_files = lazy.static_files;
        resolver.folders = lazy.folders;
        resolver.finder = lazy.finder;
        let out = f(&resolver);
        let links::Resolver {
            outputs,
            known_urls,
            known_paths,
            static_files,
            folders,
            finder,
            ..
        } = resolver;
        self.outputs = outputs;
        self.lazy = Lazy {
            known_urls,
            known_paths,
            static_files,
            folders,
            finder,
        };
        out
    }

    /// The diagnostics of the file at position `i`, placed and filtered as
    /// `check` reports them (empty for a file Hugo makes no page of, and
    /// for one git ignores).
    pub(crate) fn diagnostics(&mut self, i: usize) -> Vec<Diagnostic> {
        let r = &self.results[i];
        if !r.record.is_page || self.ignored.contains(&r.file.path) {
            return Vec::new();
        }
        let mut diagnostics = self.results[i].diagnostics.clone();
        let pages = self.pages.of(i).to_vec();
        let linked = self.with_resolver(|r| link_instances::check(r, &r.results[i], &pages));
        diagnostics.extend(linked.diagnostics);
        if self.cross.is_none() {
            self.cross = Some(super::cross_page::check(
                &self.index,
                &self.results,
                &self.pages.result_of_page,
                &self.site.config.unique,
            ));
        }
        let disable_aliases = self.site.hugo.disable_aliases;
        diagnostics.extend(
            self.cross
                .iter()
                .flatten()
                .filter(|(r, d)| {
                    *r == i && !(disable_aliases && d.code == crate::rules::ALIAS_CONFLICT.code)
                })
                .map(|(_, d)| d.clone()),
        );
        let r = &self.results[i];
        assemble(
            &self.site,
            &r.file,
            r.text.clone(),
            diagnostics,
            r.record.has_suppressions,
            &self.cwd,
        )
        .map(|f| f.diagnostics)
        .unwrap_or_default()
    }

    /// Where `path` (absolute) would be in the content tree, when it is a
    /// content file of this site that the walk has not seen (a new file).
    pub(crate) fn is_content_path(&self, path: &Path) -> bool {
        walk::is_content_file(path)
            && self
                .content
                .iter()
                .any(|r| path.starts_with(self.site.root.join(&r.source)))
    }
}

/// Whether the file at `path` holds `text` (read as UTF-8, invalid bytes replaced).
fn same_as_disk(path: &Path, text: &str) -> bool {
    match std::fs::read(path) {
        Ok(bytes) => bytes == text.as_bytes() || String::from_utf8_lossy(&bytes) == text,
        Err(_) => false,
    }
}

/// Check `text` as the file `file`, keeping the text (to place diagnostics
/// and to answer requests about it).
fn check_text(ctx: &page::Context<'_>, file: &ContentFile, text: String) -> PageResult {
    let mut r = page::check_bytes(ctx, file, text.clone().into_bytes(), true);
    r.text = text;
    r
}

impl LiveSite {
    /// The JSON Schema that checks the front matter `tree` of the file at
    /// position `i` (picked as `check` picks it).
    pub(crate) fn schema_of(
        &self,
        i: usize,
        tree: Option<&crate::types::tree::Node>,
    ) -> std::sync::Arc<serde_json::Value> {
        let rel = &self.results[i].file.rel;
        let ty = page::page_type(
            tree.and_then(|t| t.get("type")).and_then(|n| n.as_str()),
            rel,
        );
        let kind = crate::types::PageKind::of(rel, &self.site.hugo.taxonomies);
        self.schemas.select(rel, &ty, kind).json.clone()
    }
}

impl LiveSite {
    /// Where, in the page text `text`, the anchor `id` is set: the heading
    /// (ATX or setext, its id generated or a `{#id}`), term, block or HTML
    /// element that has it, found as the link checker finds anchors.
    pub(crate) fn anchor_offset(&self, text: &str, id: &str) -> Option<usize> {
        let loaded = crate::load::page::from_bytes(
            text.as_bytes().to_vec(),
            false,
            &self.site.config.limits,
        );
        let (body, body_start) = loaded.body();
        crate::links::markdown::anchor_places(body, &self.anchors)
            .into_iter()
            .find(|(a, _)| a == id)
            .map(|(_, at)| body_start + at)
    }
}

impl LiveSite {
    /// How the Markdown links of the file at position `i` resolve, said for
    /// a person: the link render hook that serves it, or `[links] resolve`.
    pub(crate) fn link_rule_of(&self, i: usize) -> String {
        let rules = &self.settings.link_rules;
        let rel = &self.results[i].file.rel;
        if rules.forced.is_some() {
            return "`[links] resolve` in frontlint.toml".into();
        }
        let hook = rules
            .hooks
            .iter()
            .find(|h| h.dir.is_empty() || rel.starts_with(&format!("{}/", h.dir)) || *rel == h.dir);
        match hook {
            Some(h) => format!(
                "the link render hook {}",
                crate::base::paths::display_path(&h.file, &self.site.root).display()
            ),
            None if rules.embedded => {
                "Hugo's embedded link render hook (content paths first, then URLs)".into()
            }
            None => "as a URL (no link render hook)".into(),
        }
    }
}
