//! Checking a site. Stages: walk → load every page in parallel (schema checks
//! for the pages being reported on) → build the site index → resolve links and
//! cross-page rules → collect diagnostics, sorted by path and position.

pub(crate) mod changes;
pub(crate) mod cross_page;
pub(crate) mod dependents;
pub(crate) mod link_instances;

use crate::cache::last_run::{LastRun, PageOutcome};
use crate::cache::link_names::LinkNames;
use crate::cache::{self, Cache, Stamp};

/// The cache directory at a site root.
pub(crate) const CACHE_DIR: &str = ".frontlint_cache";

/// What every cached page result depends on besides its own bytes: the
/// frontlint version, the config, the Hugo config, and every schema.
fn fingerprint(site: &Site, schemas: &SchemaSet) -> u64 {
    let mut h = String::new();
    h.push_str(env!("CARGO_PKG_VERSION"));
    // The build itself (size and time of the executable), so that a rebuilt
    // frontlint with the same version number never trusts an older build's results.
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        h.push_str(&format!("/{}/{mtime}", meta.len()));
    }
    h.push('\0');
    if let Some(p) = &site.config_path {
        h.push_str(&std::fs::read_to_string(p).unwrap_or_default());
    }
    h.push('\0');
    h.push_str(&format!("{:?}", site.config));
    h.push('\0');
    // The Hugo config (everything in it is read from the merged `raw`): its
    // taxonomies decide which front matter keys a page's facts keep, and its URL
    // settings how links resolve.
    h.push_str(&site.hugo.raw.to_string());
    h.push('\0');
    // Link render hooks and `_redirects` decide how links resolve.
    link_rules(site).digest_into(&mut h);
    // Shortcode templates decide whether a page's anchors are known.
    shortcode_templates(site).digest_into(&mut h);
    crate::links::redirects::digest_into(&at_root(&static_dirs(site)), &mut h);
    h.push('\0');
    // Where content and static files come from (themes' configs included).
    h.push_str(&format!("{:?}", site.hugo.layout));
    h.push('\0');
    schemas.digest_into(&mut h);
    crate::base::hash::hash(h.as_bytes())
}
pub mod links;
pub(crate) mod live;
pub mod page;
pub(crate) mod suppress;

use crate::base::paths::{canon, display_path};
use crate::config::Site;
use crate::diagnostic::{Diagnostic, Severity};
use crate::hugo::mounts::Layout;
use crate::hugo::site_index::FrontMatters;
use crate::hugo::{PageInput, SiteIndex};
use crate::schema::SchemaSet;
use crate::source::LineIndex;
use crate::types::fm_view::FmView;
use crate::types::mount::Root;
use crate::types::ContentFile;
use crate::types::PageResult;
use crate::walk;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One checked file with its diagnostics and (when there are any) its text, for snippets.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Path as shown to the user.
    pub path: PathBuf,
    pub text: Option<Arc<String>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a run found, ready for a report.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files with diagnostics, sorted by path.
    pub files: Vec<FileReport>,
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    pub external_links: usize,
    pub elapsed: Duration,
    /// With [`Request::links`]: every link of every checked page and what it resolved to.
    pub links: Vec<links::LinkRecord>,
    /// Where each site's content was looked for (to say so when none is found).
    pub searched: Vec<Searched>,
    /// What the user should know about how the run went (e.g. why the
    /// pages a change breaks could not be found).
    pub notes: Vec<String>,
}

/// Where one site's content files were looked for.
#[derive(Debug, Clone)]
pub struct Searched {
    pub root: PathBuf,
    /// The site has a Hugo config or a `frontlint.toml`.
    pub is_site: bool,
    /// Each content directory, and whether it exists.
    pub content_dirs: Vec<(PathBuf, bool)>,
    /// The directories inside the site that were given (none: the whole site).
    pub dirs: Vec<PathBuf>,
}

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    /// Also return every link with its resolution in [`Outcome::links`].
    pub links: bool,
    /// Do not read or write the content cache.
    pub no_cache: bool,
    /// Where the cache lives (default: `.frontlint_cache/` at the site root).
    pub cache_dir: Option<PathBuf>,
    /// Also report the pages whose links a change since the last commit
    /// breaks (see [`dependents`]); with no `paths`, only those.
    pub dependents: bool,
}

/// Where a path argument points inside its site.
enum Scope {
    /// The whole site.
    All,
    /// Everything under this directory.
    Dir(PathBuf),
    /// Exactly this file.
    File(PathBuf),
}

/// Why a check could not be done (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{}: no such file or directory", .0.display())]
    NoSuchPath(PathBuf),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Schema(#[from] crate::schema::SchemaError),
    #[error(transparent)]
    Glob(#[from] crate::walk::GlobError),
}

/// Run a check. `Err` is why frontlint could not do its job (exit 2).
pub fn run(req: &Request) -> Result<Outcome, CheckError> {
    let start = Instant::now();
    let paths = if req.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        req.paths.clone()
    };
    // Group the arguments by site root.
    let mut sites: BTreeMap<PathBuf, Vec<Scope>> = BTreeMap::new();
    let only_dependents = req.paths.is_empty() && req.dependents;
    if only_dependents {
        // Only the pages the change breaks.
        sites.insert(crate::config::find_root(Path::new(".")), Vec::new());
    }
    for p in paths.iter().filter(|_| !only_dependents) {
        if !p.exists() {
            return Err(CheckError::NoSuchPath(p.clone()));
        }
        let root = crate::config::find_root(p);
        let abs = canon(p);
        let target = if abs.is_file() {
            Scope::File(abs)
        } else if abs == root {
            Scope::All
        } else {
            Scope::Dir(abs)
        };
        sites.entry(root).or_default().push(target);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut outcome = Outcome::default();
    for (root, targets) in sites {
        let site = Site::load(&root, req.config.as_deref())?;
        outcome.searched.push(Searched {
            is_site: site.config_path.is_some() || crate::hugo::config::has_config(&root),
            content_dirs: content_roots(&site)
                .iter()
                .map(|r| {
                    let dir = site.root.join(&r.source);
                    let exists = dir.is_dir();
                    (display_path(&dir, &cwd), exists)
                })
                .collect(),
            root: display_path(&root, &cwd),
            dirs: targets
                .iter()
                .filter_map(|t| match t {
                    Scope::Dir(d) => Some(display_path(d, &cwd)),
                    _ => None,
                })
                .collect(),
        });
        check_site(&site, &targets, &cwd, req, &mut outcome)?;
    }
    outcome.files.sort_by(|a, b| a.path.cmp(&b.path));
    for f in &outcome.files {
        for d in &f.diagnostics {
            match d.severity {
                Severity::Error => outcome.errors += 1,
                Severity::Warning => outcome.warnings += 1,
            }
        }
    }
    outcome.elapsed = start.elapsed();
    Ok(outcome)
}

/// The content mounts of a site: the one content directory `frontlint.toml`
/// names, or Hugo's.
fn content_roots(site: &Site) -> Vec<Root> {
    if site.config.content_dir.is_some() {
        return vec![Root {
            source: site.content_dir.clone(),
            target: String::new(),
            lang: None,
            files_lang: None,
            filter: None,
            ignore: site.hugo.layout.ignore_files.clone(),
            origin: "frontlint.toml content_dir".into(),
        }];
    }
    site.hugo.layout.content.clone()
}

/// One site's check: the settings every step reads, made once by [`SiteRun::plan`].
struct SiteRun<'a> {
    site: &'a Site,
    req: &'a Request,
    schemas: SchemaSet,
    url_keys: Vec<String>,
    anchors: crate::links::anchors::AnchorRules,
    cache_dir: PathBuf,
    fingerprint: u64,
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
    /// The content mounts.
    content: Vec<Root>,
    /// Whether a file may be reached through more than one mount (then it is
    /// loaded once, and makes a page for each).
    repeats: bool,
}

/// What the walk found.
struct Discovered {
    files: Vec<ContentFile>,
    saw_symlink: bool,
    problems: Vec<(PathBuf, Diagnostic)>,
    /// The page cache, when the walk opened it.
    old_cache: Option<Cache>,
    /// The pages, when they were loaded during the walk.
    streamed: Option<Vec<Loaded>>,
    /// The files git ignores: pages of the site, not reported on.
    ignored: rustc_hash::FxHashSet<PathBuf>,
}

/// The files of the run and which of them to report on.
struct Selection<'t> {
    files: Vec<ContentFile>,
    is_target: Vec<bool>,
    /// The pages of files reached through more than one mount.
    occurrences: Option<Vec<walk::Occurrence>>,
    /// How many of `files` the walk found (the others were named outside any site).
    walked: usize,
    /// The whole site is a target.
    whole: bool,
    /// The directories given.
    dirs: Vec<&'t PathBuf>,
}

/// Every page loaded, its result apart from its cache stamp.
struct LoadedPages {
    results: Vec<PageResult>,
    /// Each result's stamp; empty without a cache (every stamp `None`).
    stamps: Vec<Option<Stamp>>,
    /// Something changed since the page cache was written.
    rewrite: bool,
    /// Each result was loaded afresh (not from the page cache); empty
    /// without a cache.
    fresh: Vec<bool>,
    /// The page cache being written; dropping it waits for the writer.
    cache_write: Option<cache::Saving>,
}

fn check_site(
    site: &Site,
    targets: &[Scope],
    cwd: &Path,
    req: &Request,
    outcome: &mut Outcome,
) -> Result<(), CheckError> {
    let mut t = crate::timings::Timings::start();
    let (run, last_run) = SiteRun::plan(site, req, &mut t)?;
    let ctx = run.ctx();
    let whole_only = !targets.is_empty() && targets.iter().all(|t| matches!(t, Scope::All));
    let found = run.discover(&ctx, whole_only && last_run.is_none(), &mut t);
    let sel = run.select(targets, found.files, &found.ignored, found.saw_symlink);
    let files_hash = run.files_hash(&sel.files);
    if let Some(outcomes) = last_run
        .as_ref()
        .filter(|_| !req.links)
        .and_then(|l| l.replay((&sel.files, files_hash), &sel.is_target))
    {
        t.phase("replay");
        let report = Report {
            site,
            files: &sel.files,
            cwd,
        };
        report.pages(outcomes, |_| String::new(), outcome);
        t.phase("assemble");
        report.problems(found.problems, sel.whole, &sel.dirs, outcome);
        return Ok(());
    }
    let walked = sel.walked;
    let mut pages = run.load(
        &ctx,
        (sel.files, &sel.is_target),
        (found.streamed, found.old_cache),
        &mut t,
    );
    let old_link_names = run.read_link_names(&mut t);
    let mut before = run.find_before(
        &ctx,
        &mut pages,
        walked,
        old_link_names.as_ref(),
        outcome,
        &mut t,
    );
    let learnt = before.as_mut().map(|b| std::mem::take(&mut b.learnt));
    let old = (old_link_names, learnt.unwrap_or_default());
    let link_names_write = run.write_link_names(&pages, walked, old, &mut t);

    // Links and cross-page rules, against the site index.
    let checked: Vec<usize> = (0..pages.results.len())
        .filter(|&i| pages.results[i].target && pages.results[i].record.is_page)
        .collect();
    let site_digest = run.site_digest(&pages.results);
    let kept = last_run
        .as_ref()
        .filter(|_| !req.links && before.is_none())
        .and_then(|l| {
            let results = (&pages.results[..], files_hash);
            l.reusable(results, &pages.stamps, site_digest, &checked)
        })
        .unwrap_or_default();
    let site_wide = site_wide(
        SiteWide {
            site,
            cache: (!req.no_cache).then_some((run.cache_dir.as_path(), run.fingerprint)),
            results: &pages.results,
            walked,
            occurrences: sel.occurrences.as_deref(),
            checked: &checked,
            before: before.as_ref(),
            want_links: req.links,
            kept,
        },
        outcome,
        &mut t,
    );
    let (files, outcomes) = page_outcomes(&mut pages.results, site_wide, before.as_ref());
    let last_run_write = run.write_last_run(
        (files_hash, site_digest),
        &pages,
        &outcomes,
        last_run,
        &mut t,
    );
    let report = Report {
        site,
        files: &files,
        cwd,
    };
    let first_new = outcome.files.len();
    report.pages(
        outcomes,
        |i| std::mem::take(&mut pages.results[i].text),
        outcome,
    );
    if let Some(b) = &before {
        only_what_the_change_breaks(b, &files, cwd, outcome, first_new);
    }
    t.phase("assemble");
    report.problems(found.problems, sel.whole, &sel.dirs, outcome);
    let cache_write = pages.cache_write.take();
    drop_in_background((pages.results, files));
    if let Some(writing) = link_names_write {
        let _ = writing.join();
    }
    if let Some(writing) = last_run_write {
        // A writer that panicked stored nothing: the next run loads its pages.
        let _ = writing.join();
    }
    drop(cache_write);
    Ok(())
}

impl<'a> SiteRun<'a> {
    /// Load the schemas, find the cache and the last run, compile the
    /// include/exclude globs and the link settings pages are checked with.
    fn plan(
        site: &'a Site,
        req: &'a Request,
        t: &mut crate::timings::Timings,
    ) -> Result<(SiteRun<'a>, Option<LastRun>), CheckError> {
        let mut schemas = SchemaSet::load(site)?;
        schemas.prepare_builtins();
        t.phase("schemas");
        let cache_dir = req
            .cache_dir
            .clone()
            .unwrap_or_else(|| site.root.join(CACHE_DIR));
        let fingerprint = fingerprint(site, &schemas);
        // The last run's results, reused whole when no content file changed.
        // (Not with `dependents`: a run that reports part of some pages is not
        // one to replay.)
        let last_run = if req.no_cache || req.dependents {
            None
        } else {
            LastRun::open(&cache_dir, fingerprint)
        };
        t.phase("cache read");
        let include = walk::globset(&site.config.include, "include")?;
        let exclude = walk::globset(&site.config.exclude, "exclude")?;
        let anchors = crate::links::anchors::AnchorRules {
            shortcodes: std::sync::Arc::new(shortcode_templates(site)),
            ..crate::links::anchors::AnchorRules::of(&site.hugo)
        };
        let content = content_roots(site);
        let repeats = Layout {
            content: content.clone(),
            ..Layout::default()
        }
        .may_repeat();
        let run = SiteRun {
            site,
            req,
            url_keys: site.config.url_keys(),
            schemas,
            anchors,
            cache_dir,
            fingerprint,
            include,
            exclude,
            content,
            repeats,
        };
        Ok((run, last_run))
    }

    /// The [`cache::last_run::files_hash`] of the files: what the last run
    /// is compared with and this one stores (0 without a cache).
    fn files_hash(&self, files: &[ContentFile]) -> u64 {
        match self.req.no_cache {
            true => 0,
            false => cache::last_run::files_hash(files),
        }
    }

    /// The [`cache::last_run::site_digest`] of the loaded pages (0 without a cache).
    fn site_digest(&self, results: &[PageResult]) -> u64 {
        match self.req.no_cache {
            true => 0,
            false => cache::last_run::site_digest(results),
        }
    }

    /// What a page is checked with.
    fn ctx(&self) -> page::Context<'_> {
        page::Context {
            site: self.site,
            schemas: &self.schemas,
            url_keys: &self.url_keys,
            anchors: &self.anchors,
        }
    }

    /// A page from its cache entry when that is still good, else read and
    /// checked (fully when it is a target).
    fn load_page(
        &self,
        ctx: &page::Context<'_>,
        f: &ContentFile,
        target: bool,
        entry: Option<cache::CachedPage>,
    ) -> Loaded {
        if let Some((result, stamp)) = entry.and_then(|e| e.into_result(f, target)) {
            return Loaded {
                result,
                stamp: Some(Box::new(stamp)),
                fresh: false,
            };
        }
        let (mut r, read) = page::check_hashed(ctx, f, target);
        let stamp = if self.req.no_cache {
            None
        } else {
            r.record.facts_digest = r.record.facts.digest();
            r.record_digest = r.record.digest();
            read.map(|read| Box::new(cache::stamp_from(&read.meta, read.hash)))
        };
        Loaded {
            result: r,
            stamp,
            fresh: true,
        }
    }

    fn open_cache(&self) -> Cache {
        if self.req.no_cache {
            Cache::default()
        } else {
            Cache::open(&self.cache_dir, self.fingerprint)
        }
    }

    /// Walk every content mount, unless the last walk can be reused. With
    /// `may_stream` (every file a target, no last run) and nothing cached,
    /// each page is loaded as soon as the walk finds it.
    fn discover(
        &self,
        ctx: &page::Context<'_>,
        may_stream: bool,
        t: &mut crate::timings::Timings,
    ) -> Discovered {
        let (site, content) = (self.site, &self.content);
        let mut found = Discovered {
            files: Vec::new(),
            saw_symlink: false,
            problems: Vec::new(),
            old_cache: None,
            streamed: None,
            ignored: Default::default(),
        };
        let replayed = (!self.req.no_cache)
            .then(|| cache::walk::replay(&self.cache_dir, self.fingerprint, &site.root, content))
            .flatten();
        if let Some((files, ignored)) = replayed {
            found.files = files;
            found.ignored = ignored;
            t.phase("walk (replayed)");
            return found;
        }
        let paths: Vec<PathBuf> = content.iter().map(|r| site.root.join(&r.source)).collect();
        let recorder = (!self.req.no_cache).then(|| cache::walk::Recorder::start(&paths));
        let cache = self.open_cache();
        let stream = may_stream && cache.is_empty() && !self.repeats;
        found.old_cache = Some(cache);
        let (inc, exc) = (self.include.as_ref(), self.exclude.as_ref());
        let before_listing = || recorder.as_ref().map(|r| r.before_listing());
        let mut marks = Vec::new();
        if stream {
            for r in content {
                let dir = site.root.join(&r.source);
                let src = walk::Source {
                    dir: &dir,
                    lang: r.lang.as_deref(),
                    target: &r.target,
                    filter: r.filter.as_ref(),
                    ignore: r.ignore.as_deref(),
                };
                let (w, loaded) = walk::walk_and_visit(
                    &src,
                    &site.root,
                    inc,
                    exc,
                    before_listing(),
                    &|f| self.load_page(ctx, f, true, None),
                    |l: &Loaded| &l.result.file,
                );
                match &mut found.streamed {
                    Some(all) => all.extend(loaded),
                    None => found.streamed = Some(loaded),
                }
                found.files.extend(w.files);
                found.saw_symlink |= w.saw_symlink;
                found.problems.extend(w.problems);
                marks.extend(w.marks);
            }
        } else {
            let w = walk::walk_mounts(content, &site.root, inc, exc, before_listing());
            found.files = w.files;
            found.saw_symlink = w.saw_symlink;
            found.problems = w.problems;
            marks = w.marks;
        }
        t.phase(if stream { "walk + load" } else { "walk" });
        found.ignored = crate::git_ignored::ignored(&found.files, &paths, &marks);
        t.phase("git-ignored files");
        // A walk that met a symbolic link or a problem is not stored:
        // links can change where they lead without any directory changing.
        if let Some(r) = recorder.filter(|_| !found.saw_symlink && found.problems.is_empty()) {
            let (dir, fp) = (&self.cache_dir, self.fingerprint);
            cache::walk::save(
                dir,
                fp,
                &site.root,
                content,
                &found.files,
                &found.ignored,
                &r,
            );
            t.phase("walk cache write");
        }
        found
    }

    /// Which files to report on: the whole site, directories of it, or single
    /// files. A named file that is not content of a real site (a README.md at
    /// the root that a pre-commit hook hands over, a file `exclude` leaves
    /// out) is skipped silently; outside any site (no config found) a file is
    /// checked on its own. A file reached through several mounts is checked
    /// once; its other places make pages of it.
    fn select<'t>(
        &self,
        targets: &'t [Scope],
        mut files: Vec<ContentFile>,
        ignored: &rustc_hash::FxHashSet<PathBuf>,
        saw_symlink: bool,
    ) -> Selection<'t> {
        let site = self.site;
        let occurrences = if self.repeats {
            let (unique, occurrences) = walk::unique(files);
            files = unique;
            occurrences
        } else {
            None
        };
        let whole = targets.iter().any(|t| matches!(t, Scope::All));
        let dirs: Vec<&PathBuf> = targets
            .iter()
            .filter_map(|t| match t {
                Scope::Dir(d) => Some(d),
                _ => None,
            })
            .collect();
        let singles: HashSet<PathBuf> = targets
            .iter()
            .filter_map(|t| match t {
                Scope::File(f) => Some(f.clone()),
                _ => None,
            })
            .collect();
        // Walked paths start at the canonical site root, so they compare as they are;
        // only a path reached through a symlink needs resolving (no lstat per file
        // when the walk met no symlink). `None`: the path as it is.
        let resolved = |p: &Path| -> Option<PathBuf> {
            let as_is = p.starts_with(&site.root) && !(saw_symlink && p.is_symlink());
            (!as_is).then(|| canon(p))
        };
        // Whether each file is a target, and which named files the walk found,
        // in one pass that copies no path that needs no resolving (a pre-commit
        // run names a few files of a site that may have a million).
        let mut known: HashSet<&Path> = HashSet::new();
        let mut is_target: Vec<bool> = files
            .iter()
            .map(|f| {
                let shown = !ignored.contains(&f.path);
                if whole && singles.is_empty() {
                    return shown;
                }
                let owned = resolved(&f.path);
                let p = owned.as_deref().unwrap_or(&f.path);
                if let Some(named) = singles.get(p) {
                    known.insert(named.as_path());
                    return true;
                }
                shown && (whole || dirs.iter().any(|d| p.starts_with(d)))
            })
            .collect();
        let walked = files.len();
        let is_site = self.req.config.is_some()
            || site.root.join(crate::config::CONFIG_FILE).is_file()
            || crate::hugo::config::has_config(&site.root);
        for f in &singles {
            if !known.contains(f.as_path()) && !is_site {
                let name = f
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push(ContentFile {
                    rel: name,
                    path: f.clone(),
                    lang: None,
                });
                is_target.push(true);
            }
        }
        Selection {
            files,
            is_target,
            occurrences,
            walked,
            whole,
            dirs,
        }
    }

    /// Load every page in parallel (unless the walk did; targets are fully
    /// checked), the unchanged ones from the page cache, and start writing
    /// the cache when anything changed.
    fn load(
        &self,
        ctx: &page::Context<'_>,
        (files, is_target): (Vec<ContentFile>, &[bool]),
        (streamed, old_cache): (Option<Vec<Loaded>>, Option<Cache>),
        t: &mut crate::timings::Timings,
    ) -> LoadedPages {
        let mut old_cache = old_cache.unwrap_or_else(|| self.open_cache());
        let cached_before = old_cache.len();
        t.phase("page cache read");
        let loaded: Vec<Loaded> = match streamed {
            // Loaded as targets during the walk, before it was known which
            // files git ignores (those are not reported on).
            Some(mut loaded) => {
                for (l, &target) in loaded.iter_mut().zip(is_target) {
                    l.result.target &= target;
                }
                loaded
            }
            None => {
                let prior: Vec<Option<cache::CachedPage>> =
                    files.iter().map(|f| old_cache.take(f)).collect();
                files
                    .par_iter()
                    .zip(is_target.par_iter())
                    .zip(prior.into_par_iter())
                    .map(|((f, &target), entry)| self.load_page(ctx, f, target, entry))
                    .collect()
            }
        };
        drop(old_cache);
        // Every result holds a copy of its file: the walk's list is made again
        // from them at the end, and not kept meanwhile (on a large site, these
        // paths are tens of megabytes).
        drop_in_background(files);
        t.phase("load");
        // Rewrite the cache only when something changed (a page loaded afresh, or
        // pages gone since the last run); written in the background.
        let fresh = loaded.iter().filter(|l| l.fresh).count();
        let rewrite = fresh > 0 || loaded.len() != cached_before;
        let cache_write = (!self.req.no_cache && rewrite).then(|| {
            cache::save(
                &self.cache_dir,
                self.fingerprint,
                loaded
                    .iter()
                    .filter_map(|l| l.stamp.as_deref().map(|&s| (&l.result, s))),
            )
        });
        t.phase("cache write");
        // Without a cache every stamp is `None`, which an empty list gives too.
        let stamps: Vec<Option<Stamp>> = if self.req.no_cache {
            Vec::new()
        } else {
            loaded
                .par_iter()
                .map(|l| l.stamp.as_deref().copied())
                .collect()
        };
        // Moved within the memory they are in (a `Loaded` is no smaller than
        // its result, and aligned alike): on a large site the results are
        // hundreds of megabytes, which new memory would add to the peak and
        // the kernel would first have to clear.
        let fresh: Vec<bool> = match self.req.no_cache {
            true => Vec::new(),
            false => loaded.par_iter().map(|l| l.fresh).collect(),
        };
        let results: Vec<PageResult> = loaded.into_iter().map(|l| l.result).collect();
        t.phase("results");
        LoadedPages {
            results,
            stamps,
            rewrite,
            fresh,
            cache_write,
        }
    }

    /// The last run's reverse index of links, for `--dependents` (a run
    /// that only writes a new one reads it on the writer's thread).
    fn read_link_names(&self, t: &mut crate::timings::Timings) -> Option<LinkNames> {
        let names = (!self.req.no_cache && self.req.dependents)
            .then(|| cache::link_names::load(&self.cache_dir, self.fingerprint))
            .flatten();
        t.phase("link index read");
        names
    }

    /// With `--dependents`, the site before the change and the pages it
    /// breaks (loaded into `pages` as targets); why that is not known goes
    /// into the outcome's notes.
    fn find_before(
        &self,
        ctx: &page::Context<'_>,
        pages: &mut LoadedPages,
        walked: usize,
        link_names: Option<&LinkNames>,
        outcome: &mut Outcome,
        t: &mut crate::timings::Timings,
    ) -> Option<Before> {
        if !self.req.dependents {
            return None;
        }
        let found = Before::find(
            ctx,
            &self.content,
            (self.include.as_ref(), self.exclude.as_ref()),
            &mut pages.results,
            (walked, &pages.stamps),
            link_names,
        );
        t.phase(&match &found {
            Ok(b) => format!(
                "dependents ({} pages read, {} known from the link index)",
                b.read, b.indexed
            ),
            Err(_) => "dependents".to_string(),
        });
        match found {
            Ok(b) => Some(b),
            Err(why) => {
                outcome.notes.push(format!(
                    "the pages a change breaks are not known: {why}; only the files given were checked"
                ));
                None
            }
        }
    }

    /// Start writing the reverse index of links when there is none, or, in a
    /// `--dependents` run (the runs that read it), when the pages changed or
    /// the dependents step learnt the links of pages it did not know (`old`:
    /// the last index, and the names learnt by position). Other runs leave an
    /// index alone: the entries of pages they saw changed no longer match
    /// those pages' bytes, and the next `--dependents` run reads just those.
    fn write_link_names(
        &self,
        pages: &LoadedPages,
        walked: usize,
        (old, learnt): (Option<LinkNames>, HashMap<usize, Vec<String>>),
        t: &mut crate::timings::Timings,
    ) -> Option<std::thread::JoinHandle<()>> {
        let (dir, fp) = (&self.cache_dir, self.fingerprint);
        let exists = !self.req.no_cache && cache::link_names::exists(dir, fp);
        let changed = pages.rewrite || !learnt.is_empty();
        let writing = if !self.req.no_cache && (!exists || (self.req.dependents && changed)) {
            let walked = (
                &pages.results[..walked],
                &pages.stamps[..],
                &pages.fresh[..],
            );
            save_link_names((dir, fp, exists), walked, (old, learnt))
        } else {
            None
        };
        t.phase("link index write");
        writing
    }

    /// Store the run (on a thread of its own, joined at the end) while the
    /// report is made.
    fn write_last_run(
        &self,
        digests: (u64, u64),
        pages: &LoadedPages,
        outcomes: &[(usize, PageOutcome)],
        last_run: Option<LastRun>,
        t: &mut crate::timings::Timings,
    ) -> Option<std::thread::JoinHandle<()>> {
        let writing = if self.req.no_cache || self.req.dependents {
            None
        } else {
            let is_page: Vec<bool> = pages.results.par_iter().map(|r| r.record.is_page).collect();
            LastRun::record(digests, &pages.stamps, &is_page, outcomes, last_run).and_then(|run| {
                let (dir, fingerprint) = (self.cache_dir.clone(), self.fingerprint);
                // Without a thread, the run is not stored this time.
                std::thread::Builder::new()
                    .name("frontlint-last-run".into())
                    .spawn(move || run.save(&dir, fingerprint))
                    .ok()
            })
        };
        t.phase("last run write");
        writing
    }
}

/// Each checked page's outcome: its own diagnostics (none for a page checked
/// only for what a change breaks) and the site-wide ones. Also the files of
/// the results, taken out of them in one parallel pass (at 100k pages, a
/// pass over the results is mostly waiting for memory).
fn page_outcomes(
    results: &mut [PageResult],
    (site_wide, kept): (Vec<(usize, PageOutcome)>, Vec<bool>),
    before: Option<&Before>,
) -> (Vec<ContentFile>, Vec<(usize, PageOutcome)>) {
    // The checked pages' own diagnostics are taken from their results
    // below: no list of them is made for every page.
    let files: Vec<ContentFile> = results
        .par_iter_mut()
        .map(|r| std::mem::take(&mut r.file))
        .collect();
    // In place, in the list the site-wide outcomes are in.
    let outcomes = site_wide
        .into_iter()
        .zip(kept)
        .map(|((i, mut o), kept)| {
            let r = &mut results[i];
            if kept {
                return (i, o);
            }
            let mut diagnostics = std::mem::take(&mut r.diagnostics);
            if before.is_some_and(|b| b.dependents.contains(&i)) {
                // Only the links the change breaks.
                diagnostics.clear();
            }
            diagnostics.append(&mut o.diagnostics);
            o.diagnostics = diagnostics;
            o.has_suppressions = r.record.has_suppressions;
            (i, o)
        })
        .collect();
    (files, outcomes)
}

/// A dependent's suppression comments are for what it was not checked for:
/// `unused-suppression` is not reported on it (in the files reported from
/// `first_new` on).
fn only_what_the_change_breaks(
    before: &Before,
    files: &[ContentFile],
    cwd: &Path,
    outcome: &mut Outcome,
    first_new: usize,
) {
    let shown: HashSet<PathBuf> = before
        .dependents
        .iter()
        .map(|&i| display_path(&files[i].path, cwd))
        .collect();
    for f in &mut outcome.files[first_new..] {
        if shown.contains(&f.path) {
            f.diagnostics
                .retain(|d| d.code != crate::rules::UNUSED_SUPPRESSION.code);
        }
    }
    outcome.files.retain(|f| !f.diagnostics.is_empty());
}

/// Store the reverse index of links (see [`cache::link_names`]) of `results`
/// (the walked files, with their `stamps`, and which were loaded afresh):
/// the names `learnt` of pages (by position) and of the links of the pages
/// checked that were loaded afresh (of every page checked when there is no
/// index yet), and for the others the entries of `old` (read on the writer's
/// thread when not given) that still match their page's bytes. Written on a
/// thread of its own, which the caller joins.
fn save_link_names(
    (dir, fingerprint, exists): (&Path, u64, bool),
    (results, stamps, fresh): (&[PageResult], &[Option<Stamp>], &[bool]),
    (old, mut learnt): (Option<LinkNames>, HashMap<usize, Vec<String>>),
) -> Option<std::thread::JoinHandle<()>> {
    use cache::link_names::{key_of, Names};
    /// A page's names: known now, or the old entry's if it still matches.
    enum Pending {
        Now(Vec<String>),
        IfUnchanged,
    }
    let learnt: Vec<Option<Vec<String>>> = (0..results.len()).map(|i| learnt.remove(&i)).collect();
    let pages: Vec<(String, Stamp, Pending)> = results
        .par_iter()
        .zip(stamps.par_iter())
        .zip(learnt)
        .enumerate()
        .filter_map(|(i, ((r, s), learnt))| {
            let s = s.as_ref().filter(|_| r.record.is_page)?;
            let now = fresh.get(i).copied().unwrap_or(true) || !exists;
            let names = match learnt {
                Some(names) => Pending::Now(names),
                None if r.target && now => Pending::Now(LinkNames::names_of_links(&r.links)),
                // An entry made from these very bytes is exact. A page checked
                // from the page cache whose entry is gone is left out: the
                // dependents step reads it when it must.
                None => Pending::IfUnchanged,
            };
            Some((key_of(&r.file), *s, names))
        })
        .collect();
    let dir = dir.to_path_buf();
    // Made and written off the main path.
    std::thread::Builder::new()
        .name("frontlint-link-index".into())
        .spawn(move || {
            let old = old
                .or_else(|| cache::link_names::load(&dir, fingerprint))
                .unwrap_or_default();
            let pages = pages
                .into_iter()
                .filter_map(|(key, stamp, pending)| {
                    let names = match pending {
                        Pending::Now(names) => Names::Now(names),
                        Pending::IfUnchanged => Names::Kept(old.entry_of_key(&key, &stamp)?),
                    };
                    Some((key, stamp, names))
                })
                .collect();
            let index = old.updated(pages);
            cache::link_names::save(&dir, fingerprint, &index);
        })
        .ok()
}

/// The site before a change (the last commit), for finding the pages the
/// change breaks (see [`dependents`]).
struct Before {
    /// Results (positions) of the files that are not what they were (added or modified).
    replaced: HashSet<usize>,
    /// The last commit's versions of the deleted and modified pages: these
    /// positions of the results.
    old: std::ops::Range<usize>,
    /// Where each of them was in the content tree (a file reached through
    /// several mounts made a page for each).
    old_places: Vec<walk::Occurrence>,
    /// Pages checked only for the links the change breaks.
    dependents: HashSet<usize>,
    /// Pages read to find them (their text searched for the changed pages' names).
    read: usize,
    /// Pages the reverse index of links answered for without reading them.
    indexed: usize,
    /// The names the links of other pages read write (see
    /// [`cache::link_names`]), by position: pages the index did not know.
    learnt: HashMap<usize, Vec<String>>,
}

impl Before {
    /// Ask git what changed; add the last commit's versions of changed pages to
    /// `results`; load as targets the pages (of the first `walked`) that name
    /// a page that changed. `Err`: why the change is not known.
    fn find(
        ctx: &page::Context<'_>,
        content: &[Root],
        (include, exclude): (Option<&globset::GlobSet>, Option<&globset::GlobSet>),
        results: &mut Vec<PageResult>,
        (walked, stamps): (usize, &[Option<Stamp>]),
        link_names: Option<&LinkNames>,
    ) -> Result<Before, changes::ChangesError> {
        let site = ctx.site;
        let globs = (include, exclude);
        let places_of = |path: &Path| places_in_content(site, content, globs, path);
        let changes = changes::since_head(&site.root, |p| !places_of(p).is_empty())?;
        let walked = walked.min(results.len());
        let position: HashMap<&Path, usize> = results[..walked]
            .iter()
            .enumerate()
            .map(|(i, r)| (r.file.path.as_path(), i))
            .collect();
        let start = results.len();
        let mut replaced = HashSet::new();
        let mut old_pages = Vec::new();
        let mut old_places = Vec::new();
        for c in &changes {
            if c.status != changes::Status::Deleted {
                if let Some(&i) = position.get(c.path.as_path()) {
                    replaced.insert(i);
                }
            }
            let places = places_of(&c.path);
            if let (Some(bytes), Some(file)) = (&c.old, places.first()) {
                let at = start + old_pages.len();
                old_pages.push(page::check_bytes(ctx, file, bytes.clone(), false));
                old_places.extend(places.into_iter().map(|f| walk::Occurrence {
                    file: at,
                    rel: f.rel,
                    lang: f.lang,
                }));
            }
        }
        let names: Vec<String> = old_pages
            .iter()
            .filter(|r| r.record.is_page)
            .flat_map(dependents::names)
            .collect();
        let mentions = dependents::Mentions::new(&names);
        // A page whose links the index knows (the entry describes its bytes)
        // is read only when they name one; any other page is read and its text
        // searched for them.
        let naming = link_names.map(|x| x.naming(&names)).unwrap_or_default();
        let (indexed, read) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let found: Vec<(usize, PageResult, bool)> = (0..walked)
            .into_par_iter()
            .filter(|&i| {
                let r = &results[i];
                r.record.is_page && !r.target && !replaced.contains(&i) && !mentions.is_empty()
            })
            .filter_map(|i| {
                let entry = link_names.zip(stamps.get(i).and_then(Option::as_ref));
                let known = entry.and_then(|(x, s)| x.entry(&results[i].file, s));
                if let Some(at) = known {
                    indexed.fetch_add(1, Ordering::Relaxed);
                    if !naming.contains(&at) {
                        return None;
                    }
                }
                read.fetch_add(1, Ordering::Relaxed);
                let bytes = std::fs::read(&results[i].file.path).ok()?;
                if known.is_some() || mentions.in_text(&bytes) {
                    let r = page::check_bytes(ctx, &results[i].file, bytes, true);
                    return Some((i, r, true));
                }
                // A page the index does not know, read anyway: its links are
                // learnt for the index, so that the next run need not read it,
                // when the bytes are those its cache stamp describes.
                let stamp = stamps.get(i).and_then(Option::as_ref)?;
                let described = stamp.head.is_none()
                    && stamp.size == bytes.len() as u64
                    && crate::base::hash::hash(&bytes) == stamp.hash;
                described.then(|| {
                    (
                        i,
                        page::check_bytes(ctx, &results[i].file, bytes, true),
                        false,
                    )
                })
            })
            .collect();
        let (indexed, read) = (indexed.into_inner(), read.into_inner());
        let mut dependents = HashSet::new();
        let mut learnt = HashMap::new();
        for (i, r, dependent) in found {
            if dependent {
                results[i] = r;
                dependents.insert(i);
            } else {
                learnt.insert(i, LinkNames::names_of_links(&r.links));
            }
        }
        results.extend(old_pages);
        Ok(Before {
            replaced,
            old: start..results.len(),
            old_places,
            dependents,
            learnt,
            read,
            indexed,
        })
    }
}

/// Every place of the file at `path` in the content tree, in mount order
/// (none for a file that is not content, or that `include`/`exclude` leave out).
fn places_in_content(
    site: &Site,
    content: &[Root],
    (include, exclude): (Option<&globset::GlobSet>, Option<&globset::GlobSet>),
    path: &Path,
) -> Vec<ContentFile> {
    if !walk::is_content_file(path) {
        return Vec::new();
    }
    content
        .iter()
        .filter_map(|r| {
            let within = path
                .strip_prefix(site.root.join(&r.source))
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            if r.filter.as_ref().is_some_and(|f| !f.keeps(&within, false)) {
                return None;
            }
            let rel = r.rel_of(&within);
            if include.is_some_and(|g| !g.is_match(&rel))
                || exclude.is_some_and(|g| g.is_match(&rel))
            {
                return None;
            }
            Some(ContentFile {
                rel,
                path: path.to_path_buf(),
                lang: r.lang.clone(),
            })
        })
        .collect()
}

/// A page as the load step leaves it.
struct Loaded {
    result: PageResult,
    /// Its cache stamp, when it is cached (boxed: a `Stamp` is aligned to 16
    /// bytes, a `Loaded` then too, and the results would not be moved in place).
    stamp: Option<Box<Stamp>>,
    /// Loaded afresh (not from the cache).
    fresh: bool,
}

// What moving the results in place needs (see `SiteRun::load`).
const _: () = assert!(
    std::mem::align_of::<Loaded>() == std::mem::align_of::<PageResult>()
        && std::mem::size_of::<Loaded>() >= std::mem::size_of::<PageResult>()
);

/// Free `value` on a thread of its own. Freeing every page's results, or a
/// large site's index, takes tens of milliseconds at 100k pages that the run
/// need not wait for: the report is written meanwhile, and a process that
/// exits first leaves the memory to the OS.
fn drop_in_background<T: Send + 'static>(value: T) {
    // When no thread can be started, `spawn` drops the closure, and the value
    // with it, here.
    let _ = std::thread::Builder::new()
        .name("frontlint-drop".into())
        .spawn(move || drop(value));
}

/// What the reports of one site's run are made from.
struct Report<'a> {
    site: &'a Site,
    /// The run's files, walk order.
    files: &'a [ContentFile],
    cwd: &'a Path,
}

impl Report<'_> {
    /// Add the checked pages (positions in `files`, with their results) to
    /// `outcome`. `text_of` gives a page's text when it is at hand (empty:
    /// read again if there is anything to place).
    fn pages(
        &self,
        outcomes: Vec<(usize, PageOutcome)>,
        mut text_of: impl FnMut(usize) -> String,
        outcome: &mut Outcome,
    ) {
        let mut todo = Vec::new();
        for (i, o) in outcomes {
            outcome.files_checked += 1;
            outcome.external_links += o.external_links;
            if o.diagnostics.is_empty() && !o.has_suppressions {
                // Nothing to report: the text is not taken (it is freed with
                // the results, in the background).
                continue;
            }
            todo.push((i, text_of(i), o.diagnostics, o.has_suppressions));
        }
        // Each page placed on its own, in parallel; kept in order.
        let reports: Vec<Option<FileReport>> = todo
            .into_par_iter()
            .map(|(i, text, diagnostics, has_suppressions)| {
                let file = &self.files[i];
                assemble(
                    self.site,
                    file,
                    text,
                    diagnostics,
                    has_suppressions,
                    self.cwd,
                )
            })
            .collect();
        outcome.files.extend(reports.into_iter().flatten());
    }

    /// Add what the walk met (symlink loops, unreadable directories) below
    /// the paths being checked.
    fn problems(
        &self,
        problems: Vec<(PathBuf, Diagnostic)>,
        whole: bool,
        dirs: &[&PathBuf],
        outcome: &mut Outcome,
    ) {
        let site = self.site;
        for (path, d) in problems {
            if !whole && !dirs.iter().any(|dir| path.starts_with(dir)) {
                continue;
            }
            let mut ds = vec![d];
            let rel = path
                .strip_prefix(&site.content_dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            apply_levels(site, &mut ds, &rel);
            if let Some(mut d) = ds.pop() {
                let shown = display_path(&path, self.cwd);
                d.path = shown.clone();
                (d.line, d.column, d.end_line, d.end_column) = (1, 1, 1, 1);
                outcome.files.push(FileReport {
                    path: shown,
                    text: None,
                    diagnostics: vec![d],
                });
            }
        }
    }
}

/// One checked page's report: its diagnostics placed (line and column),
/// suppression comments and rule levels applied, sorted. `None` when nothing
/// is left to report. `text` is the page's text when it is at hand (read
/// again otherwise, if there is anything to place).
fn assemble(
    site: &Site,
    file: &ContentFile,
    mut text: String,
    mut diagnostics: Vec<Diagnostic>,
    has_suppressions: bool,
    cwd: &Path,
) -> Option<FileReport> {
    if diagnostics.is_empty() && !has_suppressions {
        return None;
    }
    if text.is_empty() {
        text = std::fs::read(&file.path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
    }
    let shown = display_path(&file.path, cwd);
    let index = LineIndex::new(&text);
    for d in &mut diagnostics {
        d.path = shown.clone();
        d.locate(&index, &text);
    }
    suppress::apply(&text, &mut diagnostics);
    for d in &mut diagnostics {
        if d.line == 0 {
            d.path = shown.clone();
            d.locate(&index, &text);
        }
    }
    apply_levels(site, &mut diagnostics, &file.rel);
    if diagnostics.is_empty() {
        return None;
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    Some(FileReport {
        path: shown,
        text: Some(Arc::new(text)),
        diagnostics,
    })
}

/// The front matter the site index reads of its inputs: their pages' facts.
struct InputFacts<'a> {
    results: &'a [PageResult],
    /// The result of each input.
    result_of_input: &'a [usize],
}

impl InputFacts<'_> {
    fn facts(&self, i: usize) -> Option<&crate::types::Facts> {
        let r = self.result_of_input.get(i)?;
        Some(&self.results.get(*r)?.record.facts)
    }
}

impl FrontMatters for InputFacts<'_> {
    fn view(&self, i: usize) -> FmView<'_> {
        self.facts(i)
            .map(crate::types::Facts::view)
            .unwrap_or_default()
    }

    fn value(&self, i: usize) -> serde_json::Value {
        self.facts(i)
            .map(crate::types::Facts::value)
            .unwrap_or_default()
    }
}

/// What [`site_wide`] works on.
struct SiteWide<'a> {
    site: &'a Site,
    /// The cache directory and the run fingerprint, when the cache is used.
    cache: Option<(&'a Path, u64)>,
    /// Every loaded page (walk order), then the last commit's versions of
    /// changed pages when `before` is given.
    results: &'a [PageResult],
    /// How many of `results` the walk found.
    walked: usize,
    /// The pages of files reached through more than one mount.
    occurrences: Option<&'a [walk::Occurrence]>,
    /// The pages reported on (positions in `results`, ascending).
    checked: &'a [usize],
    before: Option<&'a Before>,
    /// Keep every link's resolution (`--links`).
    want_links: bool,
    /// The last run's results of checked pages that still hold (aligned
    /// with `checked`; empty: none), see [`LastRun::reusable`].
    kept: Vec<Option<PageOutcome>>,
}

/// Build the site index from every page's URL facts (or take it from the
/// cache, a directory and run fingerprint, when the facts are those it was
/// built from), then resolve the links of the `checked` pages and apply the
/// cross-page rules. Returns each checked page's results (with its position
/// in `results`), in the order of `checked`, and which of them are the
/// last run's (`kept`: with the page's own diagnostics already).
fn site_wide(
    pages: SiteWide<'_>,
    outcome: &mut Outcome,
    t: &mut crate::timings::Timings,
) -> (Vec<(usize, PageOutcome)>, Vec<bool>) {
    let SiteWide {
        site,
        cache,
        results,
        walked,
        occurrences,
        checked,
        before,
        want_links,
        mut kept,
    } = pages;
    kept.resize_with(checked.len(), || None);
    let is_kept: Vec<bool> = kept.iter().map(Option::is_some).collect();
    // The last commit's versions of changed pages are for the site as it was only.
    let all = results;
    let results = &all[..before.map_or(all.len(), |b| b.old.start)];
    let walked = walked.min(results.len());
    let (result_of_input, inputs) = index_inputs(site, results, walked, occurrences);
    let facts = InputFacts {
        results,
        result_of_input: &result_of_input,
    };
    let build = |inputs| SiteIndex::build_with(&site.hugo, inputs, &facts);
    let index = match cache {
        Some((dir, fingerprint)) => {
            let digests: Vec<u64> = result_of_input
                .par_iter()
                .map(|&i| results[i].record.facts_digest)
                .collect();
            let key = cache::index::key(fingerprint, &inputs, &digests);
            cache::index::load(dir, fingerprint, key).unwrap_or_else(|| {
                let index = build(inputs);
                cache::index::save(dir, fingerprint, key, &index);
                index
            })
        }
        None => build(inputs),
    };
    t.phase("index");
    let pages = PagesOf::new(&index, &result_of_input, results.len());
    let result_of_page = pages.result_of_page.clone();
    let pages_of = |r: usize| pages.of(r);
    let resolver = resolver(site, &index, results, result_of_page.clone());
    // Links, per checked page, in parallel (a page's kept results have them).
    let mut outcomes: Vec<(usize, PageOutcome)> = checked
        .par_iter()
        .zip(kept.into_par_iter())
        .map(|(&i, kept)| {
            if let Some(o) = kept {
                return (i, o);
            }
            let c = link_instances::check(&resolver, &results[i], pages_of(i));
            let o = PageOutcome {
                diagnostics: c.diagnostics,
                has_suppressions: false,
                external_links: c.external,
                probes: c.probes,
            };
            (i, o)
        })
        .collect();
    if want_links {
        for &i in checked {
            match pages_of(i) {
                [] => outcome.links.extend(resolver.report(&results[i], None)),
                pages => {
                    for &p in pages {
                        outcome.links.extend(resolver.report(&results[i], Some(p)));
                    }
                }
            }
        }
    }
    match is_kept.iter().filter(|&&k| k).count() {
        0 => t.phase("links"),
        n => t.phase(&format!(
            "links ({n} pages' results kept from the last run)"
        )),
    }
    for (r, d) in cross_page::check(&index, results, &result_of_page, &site.config.unique) {
        // With `disableAliases`, Hugo writes no redirect pages: an alias
        // can neither replace a page nor collide with another.
        if site.hugo.disable_aliases && d.code == crate::rules::ALIAS_CONFLICT.code {
            continue;
        }
        if let Ok(at) = checked.binary_search(&r) {
            if !is_kept[at] {
                outcomes[at].1.diagnostics.push(d);
            }
        }
    }
    if let Some(b) = before {
        let kept = links_the_change_breaks(site, all, (walked, occurrences), b, &mut outcomes);
        t.phase(&format!("dependents ({kept} links broken by the change)"));
    }
    // The indexes made for "did you mean" hold a string per page URL or word.
    // Freed here, their memory is what the outcomes are made in (freed on
    // another thread, it stayed resident to the end: +100 MB at the peak at
    // 1M pages); the site index, slower to free, goes in the background.
    let links::Resolver {
        known_urls,
        known_paths,
        static_files,
        ..
    } = resolver;
    drop((known_urls, known_paths, static_files));
    drop_in_background(index);
    t.phase("cross-page");
    (outcomes, is_kept)
}

/// The site index's inputs: a page for each place of each walked file (a
/// file reached through several mounts is a page in each), with the result
/// each comes from. Front matter is decoded from the page's facts as the
/// index needs it.
fn index_inputs(
    site: &Site,
    results: &[PageResult],
    walked: usize,
    occurrences: Option<&[walk::Occurrence]>,
) -> (Vec<usize>, Vec<PageInput>) {
    let roots = content_roots(site);
    let mount_of = |f: &ContentFile, rel: &str, lang: Option<&str>| {
        walk::mount_of(&roots, &site.root, &f.path, rel, lang)
    };
    match occurrences {
        None => (0..walked)
            .into_par_iter()
            .filter(|&i| results[i].record.is_page)
            .map(|i| {
                let f = &results[i].file;
                let input = PageInput {
                    path: f.rel.clone(),
                    lang: f.lang.clone(),
                    mount: mount_of(f, &f.rel, f.lang.as_deref()),
                    front_matter: serde_json::Value::Null,
                };
                (i, input)
            })
            .unzip(),
        Some(occ) => occ
            .iter()
            .filter(|o| o.file < walked && results[o.file].record.is_page)
            .map(|o| {
                let input = PageInput {
                    path: o.rel.clone(),
                    lang: o.lang.clone(),
                    mount: mount_of(&results[o.file].file, &o.rel, o.lang.as_deref()),
                    front_matter: serde_json::Value::Null,
                };
                (o.file, input)
            })
            .unzip(),
    }
}

/// Each index page's result, and each result's pages.
struct PagesOf {
    result_of_page: Vec<Option<usize>>,
    first: Vec<Option<usize>>,
    /// A file mounted into several languages is a page in each (its first
    /// mount's page first); its links are checked as every one of them.
    more: rustc_hash::FxHashMap<usize, Vec<usize>>,
}

impl PagesOf {
    fn new(index: &SiteIndex, result_of_input: &[usize], results: usize) -> PagesOf {
        let result_of_page: Vec<Option<usize>> = index
            .pages()
            .iter()
            .map(|p| p.input.map(|i| result_of_input[i]))
            .collect();
        let mut first: Vec<Option<usize>> = vec![None; results];
        let mut more: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
        for (p, r) in result_of_page.iter().enumerate() {
            if let Some(r) = r {
                match first[*r] {
                    None => first[*r] = Some(p),
                    Some(f) => more.entry(*r).or_insert_with(|| vec![f]).push(p),
                }
            }
        }
        PagesOf {
            result_of_page,
            first,
            more,
        }
    }

    /// The pages of result `r`.
    fn of(&self, r: usize) -> &[usize] {
        match (self.more.get(&r), &self.first[r]) {
            (Some(all), _) => all,
            (None, Some(p)) => std::slice::from_ref(p),
            (None, None) => &[],
        }
    }
}

/// What resolves links against `index`.
fn resolver<'a>(
    site: &Site,
    index: &'a SiteIndex,
    results: &'a [PageResult],
    result_of_page: Vec<Option<usize>>,
) -> links::Resolver<'a> {
    let outputs = crate::hugo::site_outputs::SiteOutputs::of(&site.hugo, index);
    LinkSettings::of(site).resolver(index, results, result_of_page, outputs)
}

/// What resolving links needs of a site besides its pages and index: read
/// from disk (render hooks, `_redirects`) once per run, or once per session
/// of the language server.
struct LinkSettings {
    hosts: Vec<String>,
    scheme: Option<String>,
    static_dirs: Vec<links::StaticDir>,
    redirects: crate::links::redirects::Redirects,
    base_path: String,
    link_rules: crate::links::render_hook::LinkRules,
    ignore: Option<regex::RegexSet>,
    assets_dirs: Vec<PathBuf>,
    files_lang: Vec<Option<String>>,
    default_lang: String,
}

impl LinkSettings {
    fn of(site: &Site) -> LinkSettings {
        let static_dirs = static_dirs(site);
        LinkSettings {
            hosts: site_hosts(&site.hugo.base_url),
            scheme: site
                .hugo
                .base_url
                .split_once("://")
                .map(|(scheme, _)| scheme.to_ascii_lowercase()),
            redirects: crate::links::redirects::Redirects::load(&at_root(&static_dirs)),
            static_dirs,
            base_path: site.hugo.base_path.clone(),
            link_rules: link_rules(site),
            // Checked when the config was read.
            ignore: Some(&site.config.links.ignore)
                .filter(|v| !v.is_empty())
                .and_then(|v| regex::RegexSet::new(v).ok()),
            assets_dirs: assets_dirs(site),
            files_lang: content_roots(site)
                .into_iter()
                .map(|r| r.files_lang)
                .collect(),
            default_lang: site.hugo.default_language.clone(),
        }
    }

    fn resolver<'a>(
        &self,
        index: &'a SiteIndex,
        results: &'a [PageResult],
        result_of_page: Vec<Option<usize>>,
        outputs: crate::hugo::site_outputs::SiteOutputs,
    ) -> links::Resolver<'a> {
        links::Resolver {
            index,
            results,
            result_of_page,
            hosts: self.hosts.clone(),
            scheme: self.scheme.clone(),
            redirects: self.redirects.clone(),
            static_dirs: self.static_dirs.clone(),
            known_urls: Default::default(),
            known_paths: Default::default(),
            base_path: self.base_path.clone(),
            static_files: Default::default(),
            outputs,
            folders: Default::default(),
            link_rules: self.link_rules.clone(),
            ignore: self.ignore.clone(),
            assets_dirs: self.assets_dirs.clone(),
            files_lang: self.files_lang.clone(),
            default_lang: self.default_lang.clone(),
            finder: Default::default(),
            by_content_path: Default::default(),
            printed: Default::default(),
        }
    }
}

/// Keep, of each dependent page's diagnostics, those of the links that
/// resolved in the site before the change: the site index made again with
/// the last commit's versions of the changed pages. `outcomes`: the checked
/// pages' (each with its position in `results`). Returns how many are kept.
fn links_the_change_breaks(
    site: &Site,
    results: &[PageResult],
    (walked, occurrences): (usize, Option<&[walk::Occurrence]>),
    before: &Before,
    outcomes: &mut [(usize, PageOutcome)],
) -> usize {
    let roots = content_roots(site);
    let now: Vec<walk::Occurrence> = match occurrences {
        Some(occ) => occ.to_vec(),
        None => (0..walked)
            .map(|i| walk::Occurrence {
                file: i,
                rel: results[i].file.rel.clone(),
                lang: results[i].file.lang.clone(),
            })
            .collect(),
    };
    let (result_of_input, inputs): (Vec<usize>, Vec<PageInput>) = now
        .into_iter()
        .filter(|o| o.file < walked && !before.replaced.contains(&o.file))
        .chain(before.old_places.iter().cloned())
        .filter(|o| results[o.file].record.is_page)
        .map(|o| {
            let f = &results[o.file].file;
            let input = PageInput {
                mount: walk::mount_of(&roots, &site.root, &f.path, &o.rel, o.lang.as_deref()),
                path: o.rel,
                lang: o.lang,
                front_matter: serde_json::Value::Null,
            };
            (o.file, input)
        })
        .unzip();
    let facts = InputFacts {
        results,
        result_of_input: &result_of_input,
    };
    let index = SiteIndex::build_with(&site.hugo, inputs, &facts);
    let pages = PagesOf::new(&index, &result_of_input, results.len());
    let resolver = resolver(site, &index, results, pages.result_of_page.clone());
    let mut kept = 0;
    for (i, o) in outcomes.iter_mut().map(|(i, o)| (*i, o)) {
        if !before.dependents.contains(&i) {
            continue;
        }
        let was = link_instances::check(&resolver, &results[i], pages.of(i)).diagnostics;
        o.diagnostics.retain(|d| {
            d.code.starts_with("link-") && !was.iter().any(|w| w.code == d.code && w.span == d.span)
        });
        for d in &mut o.diagnostics {
            const WHY: &str = "this link resolved before the change (in the last commit)";
            d.help = Some(match d.help.take() {
                Some(h) => format!("{WHY}; {h}"),
                None => WHY.to_string(),
            });
        }
        kept += o.diagnostics.len();
    }
    kept
}

/// Where the site's static files come from: its (and its themes') static
/// dirs and mounts.
fn static_dirs(site: &Site) -> Vec<links::StaticDir> {
    site.hugo
        .layout
        .statics
        .iter()
        .map(|r| links::StaticDir {
            dir: site.root.join(&r.source),
            at: r.target.clone(),
            filter: r.filter.clone(),
        })
        .collect()
}

/// The static folders published at the site root (where a `_redirects` file is read).
fn at_root(dirs: &[links::StaticDir]) -> Vec<PathBuf> {
    dirs.iter()
        .filter(|d| d.at.is_empty())
        .map(|d| d.dir.clone())
        .collect()
}

/// The site's (and its themes') shortcode templates.
fn shortcode_templates(site: &Site) -> crate::links::shortcodes::ShortcodeTemplates {
    crate::links::shortcodes::ShortcodeTemplates::find(&site.root, &site.hugo)
}

/// How each page's Markdown links resolve: the site's link render hooks, or `[links] resolve`.
/// The folders `resources.Get` looks in: the project's `assets` mounts (or
/// its `assetDir`, `assets` by default, when it mounts none), then each
/// theme's `assets`. A mount to a folder below `assets/` is not modelled.
fn assets_dirs(site: &Site) -> Vec<PathBuf> {
    let lc = crate::hugo::values::into_lower_keys(site.hugo.raw.clone());
    let mounts: Vec<&serde_json::Value> = lc
        .pointer("/module/mounts")
        .and_then(|m| m.as_array())
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let target = |m: &serde_json::Value| {
        m.get("target")
            .and_then(|t| t.as_str())
            .map(|t| t.trim_matches('/').to_string())
    };
    let mut dirs: Vec<PathBuf> = mounts
        .iter()
        .filter(|m| target(m).as_deref() == Some("assets"))
        .filter_map(|m| m.get("source").and_then(|s| s.as_str()))
        .map(|s| site.root.join(s))
        .collect();
    let mounts_assets = mounts
        .iter()
        .any(|m| target(m).is_some_and(|t| t == "assets" || t.starts_with("assets/")));
    if !mounts_assets {
        let dir = lc
            .get("assetdir")
            .and_then(|d| d.as_str())
            .unwrap_or("assets");
        dirs.push(site.root.join(dir));
    }
    for theme in &site.hugo.layout.themes {
        dirs.push(site.root.join(theme).join("assets"));
    }
    dirs.retain(|d| d.is_dir());
    dirs
}

fn link_rules(site: &Site) -> crate::links::render_hook::LinkRules {
    crate::links::render_hook::LinkRules::find(&site.root, &site.hugo, site.config.links.resolve)
}

/// Host names (with and without `www.`) the site is served from.
fn site_hosts(base_url: &str) -> Vec<String> {
    let rest = match base_url.split_once("://") {
        Some((_, r)) => r,
        None => return Vec::new(),
    };
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if host.is_empty() {
        return Vec::new();
    }
    let mut hosts = vec![host.clone()];
    match host.strip_prefix("www.") {
        Some(bare) => hosts.push(bare.to_string()),
        None => hosts.push(format!("www.{host}")),
    }
    hosts
}

/// Apply `[rules]` levels: change severities, drop rules that are off.
fn apply_levels(site: &Site, diagnostics: &mut Vec<Diagnostic>, rel: &str) {
    diagnostics.retain_mut(|d| match site.severity(d.code, d.severity, rel) {
        Some(s) => {
            d.severity = s;
            true
        }
        None => false,
    });
}
