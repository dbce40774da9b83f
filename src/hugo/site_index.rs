//! Every page of a Hugo site with the URL Hugo 0.168 gives it.
//!
//! Input: the content files (path relative to a content dir, language, front
//! matter). Output: one [`Page`] per page Hugo would create, including the
//! home pages, implicit section pages, taxonomy and term pages, with their
//! URL paths (relative to the baseURL), aliases and build status; and a
//! lookup from URL path to page or alias.

use std::borrow::Cow;
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::config::HugoConfig;
use super::dates::{self, Date, DateRules};
use super::key_table::{self, KeyTable};
use super::lang::split_file_name;
use super::outputs::Formats;
use super::permalinks::{self, TokenPage};
use super::urlize::{
    clean, escape_path, join, make_path_sanitized, normalize_basic, normalize_basic_into,
    percent_decode, query_unescape, urlize, PathStyle,
};
use super::values::into_lower_keys;
use crate::types::fm_view::{FmValue, FmView, LEVELS};

mod update;
use crate::types::PageKind;

/// One content file.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// Relative to its content dir, `/`-separated: `blog/first/index.md`.
    pub path: String,
    /// The language of its content dir, if that dir belongs to one language.
    pub lang: Option<String>,
    /// The content mount it came through (its position among the site's
    /// mounts; see [`crate::walk::mount_of`]). Of two files of one mount
    /// at the same page path, Hugo keeps `x/_index.md` or `x/index.md`
    /// over `x.md`; across mounts the earlier mount's file wins.
    pub mount: u32,
    pub front_matter: Value,
}

/// `build.render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Render {
    Always,
    /// Not rendered, but has a permalink.
    Link,
    Never,
}

/// `build.list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum List {
    Always,
    Local,
    Never,
}

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub kind: PageKind,
    pub lang: String,
    /// Index into the inputs; `None` for pages Hugo creates without a file.
    pub input: Option<usize>,
    /// Hugo's logical path (`.Path`): lower case, no extension, e.g. `/posts/my-post`.
    pub hugo_path: String,
    /// The URL path relative to the baseURL (its path prefix excluded),
    /// percent-escaped as Hugo writes it; `None` when the page has no URL (`render: never`).
    pub url: Option<String>,
    /// Alias URL paths (relative to the baseURL), normalised like `url`.
    pub aliases: Vec<String>,
    pub draft: bool,
    pub render: Render,
    pub list: List,
    /// `build.publishResources`: whether the files of its bundle are
    /// published (`false`: only those a template asks for, which frontlint
    /// cannot see, so none).
    pub publish_resources: bool,
    pub title: String,
    /// Lower-cased output format names from front matter `outputs` (or a
    /// cascade); empty: the site's formats for the page's kind.
    #[serde(default)]
    pub outputs: Vec<String>,
    /// Front matter `type` (or a cascade's), lower-cased; empty when none.
    #[serde(default)]
    pub type_: String,
    /// For a page Hugo does not render (`render: never`, `headless`): the URL
    /// it would have. Hugo still publishes its bundle's files below it.
    #[serde(default)]
    pub resources_url: Option<String>,
}

/// What a URL path leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A page (any kind); index into [`SiteIndex::pages`].
    Page(usize),
    /// A redirect to a page (its canonical URL is that page's `url`).
    Alias(usize),
}

/// The pages of a site and lookups over them.
#[derive(Debug, Default)]
pub struct SiteIndex {
    pages: Vec<Page>,
    inputs: Vec<String>,
    /// Each input's content mount ([`PageInput::mount`]); empty when every
    /// input came through the first.
    mounts: Vec<u32>,
    /// Percent-decoded URL path → a page's URL or one of its aliases.
    by_url: KeyTable<UrlSlot>,
    /// Hash of a Hugo path → every page with a path of that hash (the same
    /// page in each language); made on the first lookup of
    /// [`SiteIndex::pages_at_hugo_path`].
    all_at_hugo_path: OnceLock<HashMap<u64, Vec<u32>>>,
    base_path: String,
    /// Percent-decoded URL a page Hugo does not render would have → that page
    /// (its bundle's files are published there).
    unrendered: rustc_hash::FxHashMap<String, u32>,
    /// What an index built to be updated keeps (see [`SiteIndex::build_live`]).
    kept: Option<Box<update::Kept>>,
}

/// Where a key of [`SiteIndex::by_url`] is: page `page`'s URL, or one of its
/// aliases, and whether it has percent escapes (decoded before comparing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UrlSlot {
    page: u32,
    /// 0 for the page's URL, `n + 1` for its alias `n`; [`UrlSlot::ESCAPED`] set
    /// when the URL has a `%`. (Known here, the common unescaped URL is compared
    /// without being scanned for one.)
    alias: u32,
}

impl UrlSlot {
    const ESCAPED: u32 = 1 << 31;

    /// The slot of page `page`'s URL `url` (`alias` 0) or alias number `alias - 1`.
    fn new(page: usize, alias: usize, url: &str) -> UrlSlot {
        let escaped = if url.contains('%') { Self::ESCAPED } else { 0 };
        UrlSlot {
            page: page as u32,
            alias: alias as u32 | escaped,
        }
    }

    fn target(self) -> Target {
        match self.alias & !Self::ESCAPED {
            0 => Target::Page(self.page as usize),
            _ => Target::Alias(self.page as usize),
        }
    }
}

/// The key a [`UrlSlot`] is found by: its URL, percent-decoded.
fn url_key(pages: &[Page], slot: UrlSlot) -> Cow<'_, str> {
    let Some(page) = pages.get(slot.page as usize) else {
        return Cow::Borrowed("");
    };
    let raw = match slot.alias & !UrlSlot::ESCAPED {
        0 => page.url.as_deref(),
        a => page.aliases.get(a as usize - 1).map(String::as_str),
    };
    let raw = raw.unwrap_or_default();
    if slot.alias & UrlSlot::ESCAPED != 0 {
        Cow::Owned(percent_decode(raw))
    } else {
        Cow::Borrowed(raw)
    }
}

/// `s` percent-decoded, borrowed when it has no escape.
fn decoded(s: &str) -> Cow<'_, str> {
    if s.contains('%') {
        Cow::Owned(percent_decode(s))
    } else {
        Cow::Borrowed(s)
    }
}

/// The node at `npath` in language `lang`, in `at` (keys read from `nodes`).
fn node_at(at: &[KeyTable<u32>], nodes: &[PageNode], lang: usize, npath: &str) -> Option<usize> {
    let found = at
        .get(lang)?
        .get(npath, |x| Cow::Borrowed(nodes[x as usize].npath.as_str()));
    found.map(|x| x as usize)
}

/// The content path of page `i`.
#[cfg(test)]
fn path_key<'a>(pages: &[Page], inputs: &'a [String], i: u32) -> Cow<'a, str> {
    let path = pages
        .get(i as usize)
        .and_then(|p| p.input)
        .and_then(|inp| inputs.get(inp));
    Cow::Borrowed(path.map_or("", String::as_str))
}

#[derive(Clone)]
struct PageNode {
    kind: PageKind,
    lang: usize,
    input: Option<usize>,
    npath: String,
    /// The path in its original case (`npath` is it normalised), read by
    /// [`PageNode::upath`]: empty when it is `npath` as it is (most paths
    /// are lower case already), so that it is not held twice.
    upath: String,
    /// A branch whose front matter has a `cascade`.
    cascades: bool,
    facts: NodeFacts,
    title: String,
}

impl PageNode {
    /// The path in its original case; its segments are split off when
    /// needed, not kept (see [`Builder::dsegs`]).
    fn upath(&self) -> &str {
        if self.upath.is_empty() {
            &self.npath
        } else {
            &self.upath
        }
    }
}

/// `upath` as a node keeps it beside `npath` (see [`PageNode::upath`]).
fn upath_beside(upath: String, npath: &str) -> String {
    if upath == npath {
        String::new()
    } else {
        upath
    }
}

/// What the steps after the cascade read from a node's front matter, taken
/// out of it so that the front matter itself (most of the index's memory on
/// a large site) need not be kept.
#[derive(Debug, Clone, PartialEq)]
struct NodeFacts {
    render: Render,
    list: List,
    publish_resources: bool,
    draft: bool,
    date: Option<Date>,
    /// As written (callers trim it where Hugo does).
    slug: String,
    /// Taxonomy values as written, taxonomy by taxonomy (an index into the
    /// site's plurals); none when the page is not listed.
    terms: Vec<(usize, String)>,
    /// `None` when the page sets none of them (most do not).
    uncommon: Option<Box<Uncommon>>,
}

/// The facts few pages have, apart: a node is 80 bytes smaller without
/// them (a million nodes are held at once on a large site).
#[derive(Debug, Clone, Default, PartialEq)]
struct Uncommon {
    url: String,
    aliases: Vec<String>,
    /// Front matter `outputs`, lower-cased.
    outputs: Vec<String>,
    /// Front matter `type`, lower-cased.
    type_: String,
}

impl NodeFacts {
    fn url(&self) -> &str {
        self.uncommon.as_ref().map_or("", |u| u.url.as_str())
    }

    fn aliases(&self) -> &[String] {
        self.uncommon.as_ref().map_or(&[], |u| u.aliases.as_slice())
    }

    fn outputs(&self) -> &[String] {
        self.uncommon.as_ref().map_or(&[], |u| u.outputs.as_slice())
    }

    fn type_(&self) -> &str {
        self.uncommon.as_ref().map_or("", |u| u.type_.as_str())
    }
}

impl NodeFacts {
    /// The facts of a page with front matter `fm` (the one reader of its
    /// keys, whether the front matter is a value or a page's encoded facts).
    fn of(fm: &FmView<'_>, plurals: &[&str], dating: &Dating<'_>) -> NodeFacts {
        let (render, list, publish_resources) = build_options(fm);
        let mut terms = Vec::new();
        if list != List::Never {
            for (p, plural) in plurals.iter().enumerate() {
                match fm.get(plural) {
                    Some(FmValue::Str(s)) => terms.push((p, s.to_string())),
                    Some(FmValue::Seq(a)) => {
                        for v in a {
                            match v {
                                FmValue::Str(s) => terms.push((p, s.to_string())),
                                FmValue::Number(x) => terms.push((p, x.to_string())),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let (date, file_slug) = dates_of(fm, dating);
        let uncommon = Uncommon {
            url: fm_text(fm, "url"),
            aliases: strings(fm.get("aliases")),
            outputs: fm.get("outputs").map(output_names).unwrap_or_default(),
            type_: fm_str(fm, "type").trim().to_lowercase(),
        };
        NodeFacts {
            render,
            list,
            publish_resources,
            draft: truthy(fm.get("draft")),
            date,
            slug: file_slug.map_or_else(|| fm_text(fm, "slug"), str::to_string),
            terms,
            uncommon: (uncommon != Uncommon::default()).then(|| Box::new(uncommon)),
        }
    }

    /// The facts of a page without front matter.
    fn none() -> NodeFacts {
        NodeFacts {
            render: Render::Always,
            list: List::Always,
            publish_resources: true,
            draft: false,
            date: None,
            slug: String::new(),
            terms: Vec::new(),
            uncommon: None,
        }
    }
}

fn segs(p: &str) -> Vec<&str> {
    p.split('/').filter(|s| !s.is_empty()).collect()
}

/// The last segment of a path (`""` for the root).
fn last_seg(p: &str) -> &str {
    p.split('/').rfind(|s| !s.is_empty()).unwrap_or_default()
}

fn fm_str<'a>(fm: &FmView<'a>, key: &str) -> &'a str {
    fm.get(key).and_then(FmValue::as_str).unwrap_or_default()
}

/// A scalar as Hugo reads it into a string (`cast.ToString`): `slug: 1` is
/// the slug `1`, a float is written without a trailing `.0`, a bool as
/// `true`/`false`; anything else is empty.
fn fm_text(fm: &FmView<'_>, key: &str) -> String {
    match fm.get(key) {
        Some(FmValue::Str(s)) => s.to_string(),
        Some(FmValue::Bool(b)) => b.to_string(),
        Some(FmValue::Number(n)) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        _ => String::new(),
    }
}

fn truthy(v: Option<&FmValue<'_>>) -> bool {
    match v {
        Some(FmValue::Bool(b)) => *b,
        Some(FmValue::Str(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A string, or the strings of a list (other items skipped), as a list.
fn strings(v: Option<&FmValue<'_>>) -> Vec<String> {
    match v {
        Some(FmValue::Str(s)) => vec![s.to_string()],
        Some(FmValue::Seq(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn build_options(fm: &FmView<'_>) -> (Render, List, bool) {
    if truthy(fm.get("headless")) {
        return (Render::Never, List::Never, true);
    }
    let b = fm.get("build");
    let get = |k: &str| b.and_then(|b| b.get(k));
    let render = match get("render") {
        Some(FmValue::Bool(false)) => Render::Never,
        Some(FmValue::Str(s)) if s.eq_ignore_ascii_case("never") || *s == "false" => Render::Never,
        Some(FmValue::Str(s)) if s.eq_ignore_ascii_case("link") => Render::Link,
        _ => Render::Always,
    };
    let list = match get("list") {
        Some(FmValue::Bool(false)) => List::Never,
        Some(FmValue::Str(s)) if s.eq_ignore_ascii_case("never") || *s == "false" => List::Never,
        Some(FmValue::Str(s)) if s.eq_ignore_ascii_case("local") => List::Local,
        _ => List::Always,
    };
    let publish_resources = !matches!(get("publishresources"), Some(FmValue::Bool(false)))
        && !matches!(get("publishresources"), Some(FmValue::Str(s)) if *s == "false");
    (render, list, publish_resources)
}

/// The front matter keys a page's date comes from, first found wins.
pub(crate) const DATE_KEYS: &[&str] = &[
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
];

/// Output format names (a name or a list of them), lower-cased.
fn output_names(v: &FmValue<'_>) -> Vec<String> {
    match v {
        FmValue::Str(s) => vec![s.to_lowercase()],
        FmValue::Seq(a) => a
            .iter()
            .filter_map(FmValue::as_str)
            .map(str::to_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

/// What a page's dates are read with: the site's rules and the page's
/// content base name (its file name without extension and language, a
/// bundle's folder name), which `:filename` reads.
pub(crate) struct Dating<'a> {
    pub rules: &'a DateRules,
    pub base: &'a str,
}

impl Dating<'_> {
    /// Hugo's rules, for a page whose file name is not read.
    #[cfg(test)]
    fn default_rules() -> Dating<'static> {
        static RULES: std::sync::LazyLock<DateRules> = std::sync::LazyLock::new(DateRules::default);
        Dating {
            rules: &RULES,
            base: "",
        }
    }
}

/// The content base name of content file `path` (see [`Dating`]).
fn content_base_name<'a>(path: &'a str, languages: &[super::lang::Language]) -> &'a str {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    match split_file_name(name, languages).0 {
        "index" | "_index" => last_seg(dir),
        base => base,
    }
}

/// A page's date (the first key or source of the `date` list that gives
/// one) and, when a `:filename` of any of the four lists is the first of
/// its list to give a date and the front matter has no `slug`, the slug the
/// file name gives (`2020-05-27-launch.md` → `launch`). `:fileModTime`
/// always gives a date (one not known here), `:git` none (Git info is not
/// read); a key gives one when it holds a date frontlint can read.
fn dates_of<'b>(fm: &FmView<'_>, dating: &Dating<'b>) -> (Option<Date>, Option<&'b str>) {
    let key_date = |k: &str| fm.get(k).and_then(FmValue::as_str).and_then(Date::parse);
    let rules = dating.rules;
    if !rules.reads_file_names() {
        let date = rules.chains[0].iter().find_map(|k| match k.as_str() {
            ":filemodtime" => Some(None),
            ":git" => None,
            k => key_date(k).map(Some),
        });
        return (date.flatten(), None);
    }
    let mut date = None;
    let mut slug = None;
    for (n, chain) in rules.chains.iter().enumerate() {
        let found = chain.iter().find_map(|k| match k.as_str() {
            ":filename" => dates::from_file_name(dating.base).map(|(day, s)| {
                if fm.get("slug").is_none() {
                    slug = Some(s);
                }
                Some(day)
            }),
            ":filemodtime" => Some(None),
            ":git" => None,
            k => key_date(k).map(Some),
        });
        if n == 0 {
            date = found.flatten();
        }
    }
    (date, slug)
}

/// A front matter's title (only a string is one) and whether it has a `cascade`.
fn title_and_cascade<'a>(fm: &FmView<'a>) -> (&'a str, bool) {
    let title = fm.get("title").and_then(FmValue::as_str);
    (title.unwrap_or_default(), fm.get("cascade").is_some())
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Whether glob `pattern` (as Hugo reads globs, case-insensitively) matches `s`.
fn glob_matches(pattern: &str, s: &str) -> bool {
    crate::base::glob::Glob::new(&pattern.to_lowercase())
        .is_some_and(|g| g.is_match(&s.to_lowercase()))
}

/// Whether a cascade entry's `target` (or the older `_target`) takes in a
/// page of `kind` at `npath` in language `lang`, in `environment`: every
/// condition it sets holds (`path`, `kind`, `environment` are globs;
/// `sites.matrix.languages` or the older `lang` name languages).
fn cascade_targets(
    m: &Map<String, Value>,
    kind: PageKind,
    npath: &str,
    lang: &str,
    environment: &str,
) -> bool {
    let Some(t) = m.get("target").or_else(|| m.get("_target")) else {
        return true;
    };
    let glob_ok = |key: &str, value: &str| {
        t.get(key)
            .and_then(Value::as_str)
            .filter(|g| !g.is_empty())
            .is_none_or(|g| glob_matches(g, value))
    };
    let langs: Vec<String> = super::values::strings(
        t.get("sites")
            .and_then(|s| s.get("matrix"))
            .and_then(|m| m.get("languages")),
    )
    .into_iter()
    .chain(super::values::strings(t.get("lang")))
    .collect();
    let lang_ok = langs.is_empty() || langs.iter().any(|l| glob_matches(l, lang));
    glob_ok("path", npath)
        && glob_ok("kind", kind.name())
        && glob_ok("environment", environment)
        && lang_ok
}

/// Apply `cascade` from `from` (a branch page's front matter, or the
/// site config's) to `fm` for a page of `kind` at `npath`.
fn apply_cascade(
    from: &Map<String, Value>,
    fm: &mut Map<String, Value>,
    kind: PageKind,
    npath: &str,
    lang: &str,
    environment: &str,
) {
    let entries: Vec<&Value> = match from.get("cascade") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => return,
    };
    for e in entries {
        let Value::Object(m) = e else { continue };
        if !cascade_targets(m, kind, npath, lang, environment) {
            continue;
        }
        for (k, v) in m {
            if k != "target" && k != "_target" {
                fm.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
}

/// A front matter as a map with lower-case keys (an empty one if it is not a
/// map).
fn lowered(fm: Value) -> Map<String, Value> {
    match into_lower_keys(fm) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Where the index reads the content files' front matter: each input's
/// once as a view (for nearly every page, all that is read), and again
/// whole only when a `cascade` is applied.
pub(crate) trait FrontMatters: Sync {
    /// What the index reads of input `i`'s front matter.
    fn view(&self, i: usize) -> FmView<'_>;

    /// Input `i`'s front matter (keys in any case).
    fn value(&self, i: usize) -> Value;
}

/// Front matters given as values, by input.
struct Values(Vec<Value>);

impl FrontMatters for Values {
    fn view(&self, i: usize) -> FmView<'_> {
        self.0.get(i).map(FmView::of).unwrap_or_default()
    }

    fn value(&self, i: usize) -> Value {
        self.0.get(i).cloned().unwrap_or_default()
    }
}

fn parent_path(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &p[..i],
    }
}

impl SiteIndex {
    /// Compute every page and URL of the site.
    pub fn build(cfg: &HugoConfig, mut inputs: Vec<PageInput>) -> SiteIndex {
        let front_matters: Vec<Value> = inputs
            .iter_mut()
            .map(|i| std::mem::take(&mut i.front_matter))
            .collect();
        Self::build_with(cfg, inputs, &Values(front_matters))
    }

    /// [`build`](Self::build) with the front matter of input `i` (theirs
    /// is not read) from `front_matter`, asked for in parallel, once per
    /// input (again for every input when a `cascade` is applied), so that
    /// no more than a few are at hand at once.
    pub(crate) fn build_with(
        cfg: &HugoConfig,
        mut inputs: Vec<PageInput>,
        front_matter: &dyn FrontMatters,
    ) -> SiteIndex {
        Builder::new(cfg, &mut inputs).run(front_matter)
    }

    /// The index of `pages` (made by [`build`](Self::build) from the content
    /// files `inputs`, by path) on a site served under `base_path`: adds the
    /// lookups by URL (a page's URL first, then aliases) and by content path.
    pub(crate) fn from_pages(
        pages: Vec<Page>,
        inputs: Vec<String>,
        mounts: Vec<u32>,
        base_path: String,
    ) -> SiteIndex {
        // The keys are hashed in parallel, then added in order (the first
        // of a URL wins: every page's URL, then the aliases); room for all
        // of them, so that no table grows.
        let urls: Vec<Option<(UrlSlot, u64)>> = pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let u = p.url.as_deref()?;
                Some((UrlSlot::new(i, 0, u), key_table::hash(&decoded(u))))
            })
            .collect();
        let aliases: Vec<(UrlSlot, u64)> = pages
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, p)| {
                p.aliases.iter().enumerate().map(move |(a, alias)| {
                    let slot = UrlSlot::new(i, a + 1, alias);
                    (slot, key_table::hash(&decoded(alias)))
                })
            })
            .collect();
        let url_of = |s| url_key(&pages, s);
        let mut by_url = KeyTable::with_capacity(pages.len() + aliases.len());
        for (slot, h) in urls.into_iter().flatten().chain(aliases) {
            by_url.insert_first(h, &url_of(slot), slot, url_of);
        }
        let mut unrendered = rustc_hash::FxHashMap::default();
        for (i, p) in pages.iter().enumerate() {
            if let Some(u) = &p.resources_url {
                unrendered
                    .entry(decoded(u).into_owned())
                    .or_insert(i as u32);
            }
        }
        let mounts = if mounts.iter().all(|&m| m == 0) {
            Vec::new()
        } else {
            mounts
        };
        SiteIndex {
            pages,
            inputs,
            mounts,
            by_url,
            all_at_hugo_path: OnceLock::new(),
            base_path,
            unrendered,
            kept: None,
        }
    }

    /// The page Hugo does not render whose bundle's files are published below
    /// `url_path` (its would-be URL).
    pub(crate) fn unrendered_at(&self, url_path: &str) -> Option<usize> {
        let p = percent_decode(url_path);
        self.unrendered.get(p.as_str()).map(|&i| i as usize)
    }

    /// What [`from_pages`](Self::from_pages) takes: the pages, the content
    /// files' paths, their mounts and the base path.
    pub(crate) fn parts(&self) -> (&[Page], &[String], &[u32], &str) {
        (&self.pages, &self.inputs, &self.mounts, &self.base_path)
    }

    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The content path of a page's file, as given in its [`PageInput`].
    pub(crate) fn content_path(&self, page: &Page) -> Option<&str> {
        page.input.map(|i| self.inputs[i].as_str())
    }

    /// The content mount a page's file came through, as given in its
    /// [`PageInput`] (`0` for a page without a file).
    pub(crate) fn mount_of(&self, page: &Page) -> u32 {
        page.input
            .and_then(|i| self.mounts.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// What `url_path` (relative to the baseURL, e.g. `/blog/post/`) leads to.
    /// Percent escapes are decoded before comparing; a path without a trailing
    /// slash also finds the page at `path/`, and `…/index.html` the page at `…/`.
    pub(crate) fn lookup(&self, url_path: &str) -> Option<Target> {
        let decoded;
        let p = if url_path.contains('%') {
            decoded = percent_decode(url_path);
            decoded.as_str()
        } else {
            url_path
        };
        if let Some(t) = self.by_url(p) {
            return Some(t);
        }
        if let Some(stripped) = p.strip_suffix("index.html") {
            if let Some(t) = self.by_url(stripped) {
                return Some(t);
            }
        }
        if !p.ends_with('/') {
            return self.by_url(&[p, "/"].concat());
        }
        None
    }

    /// What has exactly the (percent-decoded) URL path `p`.
    fn by_url(&self, p: &str) -> Option<Target> {
        self.by_url
            .get(p, |s| url_key(&self.pages, s))
            .map(UrlSlot::target)
    }

    /// Every page URL and alias whose path (percent-decoded, as links find
    /// it) is also another one's, a page's URL or an alias, of any page: all
    /// of them, the first too. Found with the URL lookup, in parallel and
    /// without a map of every URL: each path finds the first entry filed
    /// under it, so one that finds another shares its path with that one.
    /// (Compared decoded, these are a superset of the paths written alike.)
    pub(crate) fn shared_urls(&self) -> SharedUrls {
        let pages = &self.pages;
        // (page, 0) for a page's URL, (page, n + 1) for its alias n: sorted,
        // that is page order, the URL before the aliases.
        let mut shared: Vec<(u32, u32)> = pages
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, p)| {
                let url = p.url.as_deref().map(|u| (0, u));
                let aliases = p.aliases.iter().enumerate();
                let entries = url
                    .into_iter()
                    .chain(aliases.map(|(a, s)| (a + 1, s.as_str())));
                entries
                    .filter_map(move |(a, raw)| {
                        let first = self.by_url.get(&decoded(raw), |s| url_key(pages, s))?;
                        let me = (i as u32, a as u32);
                        let found = (first.page, first.alias & !UrlSlot::ESCAPED);
                        (found != me).then_some([me, found])
                    })
                    .flatten()
            })
            .collect();
        shared.par_sort_unstable();
        shared.dedup();
        let mut out = SharedUrls::default();
        for (page, a) in shared {
            match a.checked_sub(1) {
                None => out.pages.push(page as usize),
                Some(alias) => out.aliases.push((page as usize, alias as usize)),
            }
        }
        out
    }

    /// Like [`lookup`](Self::lookup) for a site-absolute path that includes
    /// the baseURL's path prefix (`/docs/blog/post/` on a site at `/docs/`).
    #[cfg(test)]
    pub(crate) fn lookup_href(&self, href_path: &str) -> Option<Target> {
        if self.base_path.is_empty() {
            return self.lookup(href_path);
        }
        let rest = href_path.strip_prefix(&self.base_path)?;
        if rest.is_empty() {
            return self.lookup("/");
        }
        if !rest.starts_with('/') {
            return None;
        }
        self.lookup(rest)
    }

    /// The page of a content file (`posts/first.md`, as in [`PageInput::path`]),
    /// or the page with a Hugo path (`/posts/first`), as `ref`/`relref` take them.
    /// With several languages, the first page found. A scan: only tests ask.
    #[cfg(test)]
    pub(crate) fn by_content_path(&self, path: &str) -> Option<usize> {
        let p = path.trim_start_matches('/');
        let found =
            (0..self.pages.len()).find(|&i| path_key(&self.pages, &self.inputs, i as u32) == p);
        if found.is_some() {
            return found;
        }
        let np = normalize_basic(&format!("/{}", p.trim_end_matches('/')));
        let np = if np.is_empty() { "/".to_string() } else { np };
        self.pages.iter().position(|page| page.hugo_path == np)
    }

    /// Every page whose Hugo path is `hugo_path` (one per language it is
    /// in), in page order. A table made once: a scan of every page per call
    /// would make a multilingual site's broken resource links quadratic.
    pub(crate) fn pages_at_hugo_path<'a>(
        &'a self,
        hugo_path: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        let table = self.all_at_hugo_path.get_or_init(|| {
            let hashes: Vec<u64> = self
                .pages
                .par_iter()
                .map(|p| key_table::hash(&p.hugo_path))
                .collect();
            let mut t: HashMap<u64, Vec<u32>> = HashMap::default();
            for (i, h) in hashes.into_iter().enumerate() {
                t.entry(h).or_default().push(i as u32);
            }
            t
        });
        table
            .get(&key_table::hash(hugo_path))
            .into_iter()
            .flatten()
            .map(|&i| i as usize)
            .filter(move |&i| self.pages[i].hugo_path == hugo_path)
    }
}

/// The page URLs and aliases that share their path with another (see
/// [`SiteIndex::shared_urls`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SharedUrls {
    /// Pages (indexes into [`SiteIndex::pages`]) whose URL is shared, in page order.
    pub pages: Vec<usize>,
    /// Aliases, as (page, position in its `aliases`), whose path is shared;
    /// in page order, then alias order.
    pub aliases: Vec<(usize, usize)>,
}

struct Builder<'a> {
    cfg: &'a HugoConfig,
    /// Their paths are moved into the index at the end.
    inputs: &'a mut [PageInput],
    /// The inputs' paths when `inputs` is empty: an index being updated
    /// (see [`SiteIndex::update_page`]) has only those.
    paths: &'a [String],
    /// What updating the index needs, gathered by the steps when it is to
    /// be kept ([`SiteIndex::build_live`]).
    kept: Option<update::Kept>,
    nodes: Vec<PageNode>,
    /// Per language: the nodes by npath (read from the node, not copied).
    at: Vec<KeyTable<u32>>,
    /// How file names, slugs and titles become path segments.
    dl: PathStyle,
    formats: Formats,
}

impl<'a> Builder<'a> {
    fn new(cfg: &'a HugoConfig, inputs: &'a mut [PageInput]) -> Self {
        Builder {
            cfg,
            inputs,
            paths: &[],
            kept: None,
            nodes: Vec::new(),
            at: (0..cfg.languages.len().max(1))
                .map(|_| KeyTable::default())
                .collect(),
            dl: cfg.path_style(),
            formats: Formats::of(cfg),
        }
    }

    fn lang_index(&self, code: &str) -> Option<usize> {
        self.cfg
            .languages
            .iter()
            .position(|l| l.code.eq_ignore_ascii_case(code))
    }

    /// The node `n`'s path segments as used for URLs: original case with
    /// `disablePathToLower`, else normalised.
    fn dsegs<'n>(&self, n: &'n PageNode) -> Vec<&'n str> {
        segs(if self.dl.keep_case {
            n.upath()
        } else {
            &n.npath
        })
    }

    /// The file name of node `n`'s content file without extension and
    /// language (`index`, `_index`, `my-post`); empty for a node without a file.
    fn file_base(&self, n: &PageNode) -> &str {
        let path = n.input.and_then(|i| match self.inputs.get(i) {
            Some(inp) => Some(inp.path.as_str()),
            None => self.paths.get(i).map(String::as_str),
        });
        let Some(path) = path else {
            return "";
        };
        let name = path.rsplit('/').next().unwrap_or_default();
        split_file_name(name, &self.cfg.languages).0
    }

    /// The node at `npath` in language `lang`.
    fn node_at(&self, lang: usize, npath: &str) -> Option<usize> {
        node_at(&self.at, &self.nodes, lang, npath)
    }

    /// Add `node` unless a node has its path in its language already;
    /// returns the one at that path.
    fn add(&mut self, node: PageNode) -> usize {
        if let Some(held) = self.node_at(node.lang, &node.npath) {
            return held;
        }
        let (id, lang) = (self.nodes.len(), node.lang);
        self.nodes.push(node);
        let nodes = &self.nodes;
        let npath = nodes[id].npath.as_str();
        self.at[lang].insert_first(key_table::hash(npath), npath, id as u32, |x| {
            Cow::Borrowed(nodes[x as usize].npath.as_str())
        });
        id
    }

    fn implicit(&self, kind: PageKind, lang: usize, upath: &str, title: String) -> PageNode {
        let npath = normalize_basic(upath);
        let upath = upath_beside(upath.to_string(), &npath);
        PageNode {
            kind,
            lang,
            input: None,
            npath,
            upath,
            cascades: false,
            facts: NodeFacts::none(),
            title,
        }
    }

    /// The node of content file `i`, or `None` when it is a bundle resource
    /// or in a language the site does not have.
    fn file_node(
        &self,
        i: usize,
        inp: &PageInput,
        fm: FmView<'_>,
        leaf_dirs: &HashSet<String>,
        plurals: &[&str],
    ) -> Option<PageNode> {
        let cfg = self.cfg;
        let (dir, name) = inp.path.rsplit_once('/').unwrap_or(("", &inp.path));
        let (base, suffix_lang) = split_file_name(name, &cfg.languages);
        let lang_code = suffix_lang
            .or(inp.lang.as_deref())
            .unwrap_or(&cfg.default_language);
        let lang = self.lang_index(lang_code)?;
        let resource = if base == "index" {
            has_leaf_ancestor(leaf_dirs, dir)
        } else {
            leaf_dirs.contains(&normalize_basic(dir)) || has_leaf_ancestor(leaf_dirs, dir)
        };
        if resource {
            return None;
        }
        let upath = match base {
            "_index" | "index" => ["/", dir].concat(),
            _ if dir.is_empty() => ["/", base].concat(),
            _ => ["/", dir, "/", base].concat(),
        };
        let useg = segs(&upath);
        let kind = if base == "_index" {
            match useg.len() {
                0 => PageKind::Home,
                1 if plurals.contains(&normalize_basic(useg[0]).as_str()) => PageKind::Taxonomy,
                2 if plurals.contains(&normalize_basic(useg[0]).as_str()) => PageKind::Term,
                _ => PageKind::Section,
            }
        } else {
            PageKind::Page
        };
        let (title, cascade) = title_and_cascade(&fm);
        let cascades = kind != PageKind::Page && cascade;
        let npath = normalize_basic(&upath);
        let npath = if npath.is_empty() {
            "/".to_string()
        } else {
            npath
        };
        let node = PageNode {
            kind,
            lang,
            input: Some(i),
            upath: upath_beside(upath, &npath),
            npath,
            cascades,
            facts: NodeFacts::of(
                &fm,
                plurals,
                &Dating {
                    rules: &cfg.date_rules,
                    base: content_base_name(&inp.path, &cfg.languages),
                },
            ),
            title: title.to_string(),
        };
        Some(node)
    }

    fn run(mut self, front_matter: &dyn FrontMatters) -> SiteIndex {
        let mut t = crate::timings::Timings::start();
        let plurals: Vec<&str> = self
            .cfg
            .taxonomies
            .iter()
            .map(|(_, p)| p.as_str())
            .collect();
        self.add_files(front_matter, &plurals);
        t.phase("idx files");
        self.add_sections(&plurals);
        t.phase("idx sections");
        self.cascade(front_matter, &plurals);
        t.phase("idx cascade");
        self.add_taxonomies(&plurals);
        if self.kept.is_none() {
            // Read by no later step (an index to be updated compares them).
            self.nodes
                .par_iter_mut()
                .for_each(|n| n.facts.terms = Vec::new());
        }
        t.phase("idx taxonomies");
        let pages = self.pages();
        t.phase("idx urls");
        let idx = self.finish(pages);
        t.phase("idx lookups");
        idx
    }

    /// Step 1: Nodes for files (computed in parallel, added in input order). A
    /// file below a leaf bundle's directory is a resource, not a page.
    fn add_files(&mut self, front_matter: &dyn FrontMatters, plurals: &[&str]) {
        let cfg = self.cfg;
        let leaf_dirs: HashSet<String> = self
            .inputs
            .par_iter()
            .filter_map(|inp| {
                let (dir, name) = inp.path.rsplit_once('/').unwrap_or(("", &inp.path));
                let leaf = !dir.is_empty() && split_file_name(name, &cfg.languages).0 == "index";
                leaf.then(|| normalize_basic(dir))
            })
            .collect::<Vec<String>>()
            .into_iter()
            .collect();
        // Room for the pages without a file too (homes, sections, taxonomies
        // and terms, added by the later steps into the list these nodes are
        // collected into in place): a list of a million nodes that grows is
        // copied whole, both copies held at once. How many terms there are is
        // not known before the front matter is read; room left unused costs
        // address space only (memory is taken when first written).
        let n = self.inputs.len();
        let room = n + n / 2 + self.at.len() * (1 + plurals.len()) + 64;
        let mut file_nodes: Vec<Option<PageNode>> = Vec::with_capacity(room);
        file_nodes.par_extend(
            self.inputs
                .par_iter()
                .enumerate()
                .map(|(i, inp)| self.file_node(i, inp, front_matter.view(i), &leaf_dirs, plurals)),
        );
        // Looked up by path: a later file with the path of an earlier one is
        // dropped.
        let mut per_lang = vec![0; self.at.len()];
        for node in file_nodes.iter().flatten() {
            per_lang[node.lang] += 1;
        }
        // Room for them all: added one by one, the lookups would grow many times.
        let mut at: Vec<KeyTable<u32>> =
            per_lang.into_iter().map(KeyTable::with_capacity).collect();
        let npath = |i: u32| {
            let n = file_nodes[i as usize].as_ref();
            Cow::Borrowed(n.map_or("", |n| n.npath.as_str()))
        };
        // First the file that wins each path (by input position), then the
        // winners numbered in input order.
        let mut kept = vec![false; file_nodes.len()];
        for (i, node) in file_nodes.iter().enumerate() {
            let Some(node) = node else { continue };
            let h = key_table::hash(&node.npath);
            match at[node.lang].get(&node.npath, npath) {
                Some(held) => {
                    if self.bundle_shadows(&file_nodes, held as usize, i) {
                        kept[held as usize] = false;
                        kept[i] = true;
                        at[node.lang].replace(h, held, i as u32);
                    }
                }
                None => {
                    at[node.lang].insert_first(h, &node.npath, i as u32, npath);
                    kept[i] = true;
                }
            }
        }
        let mut position = vec![0u32; file_nodes.len()];
        let mut next = 0;
        for (i, &k) in kept.iter().enumerate() {
            if k {
                position[i] = next;
                next += 1;
            }
        }
        for at in &mut at {
            at.renumber(|i| position[i as usize]);
        }
        self.at = at;
        // Collected in place, into the list the nodes are in (`flatten`
        // would copy them all into a new one, a large copy on a big site).
        self.nodes = file_nodes
            .into_iter()
            .zip(kept)
            .filter_map(|(node, keep)| node.filter(|_| keep))
            .collect();
    }

    /// Whether the file of node `new` takes the page path of node `held`
    /// (both file nodes, `held` first in input order): Hugo lists a
    /// directory's folders before its files, and of one mount keeps a
    /// bundle's `index`/`_index` over the `x.md` beside its folder.
    fn bundle_shadows(&self, nodes: &[Option<PageNode>], held: usize, new: usize) -> bool {
        let (Some(h), Some(n)) = (&nodes[held], &nodes[new]) else {
            return false;
        };
        let mount = |n: &PageNode| n.input.and_then(|i| self.inputs.get(i)).map(|i| i.mount);
        let bundle = |n: &PageNode| matches!(self.file_base(n), "index" | "_index");
        mount(h) == mount(n) && !bundle(h) && bundle(n)
    }

    /// Step 2: Section dirs: with an `_index` in any language, plus top-level dirs.
    /// (The homes, added first, are in no directory and are no section.)
    fn add_sections(&mut self, plurals: &[&str]) {
        let cfg = self.cfg;
        for l in 0..cfg.languages.len() {
            if self.node_at(l, "/").is_none() {
                let mut home = self.implicit(PageKind::Home, l, "/", String::new());
                home.npath = "/".into();
                self.add(home);
            }
        }
        let dirs = Dirs::of(&self.nodes);
        // A section's own entry wins over a top-level dir's (the last section
        // of an npath wins; of top-level dirs with one npath, the first met).
        let mut section_dirs: HashMap<String, String> = HashMap::default(); // npath → upath
        for top in dirs.tops {
            if !plurals.contains(&normalize_basic(top).as_str()) {
                section_dirs
                    .entry(normalize_basic(&format!("/{top}")))
                    .or_insert(format!("/{top}"));
            }
        }
        for s in dirs.sections {
            let n = &self.nodes[s];
            section_dirs.insert(n.npath.clone(), format!("/{}", segs(n.upath()).join("/")));
        }
        // Sections per language: where a page of that language lies below,
        // in the order the pages come. Nodes in one directory have the same
        // ones: each directory is looked at once.
        let mut missing: Vec<(usize, &str, &str)> = Vec::new();
        for (lang, parent) in dirs.parents {
            // The directory and its ancestors, nearest first.
            let mut d = parent;
            loop {
                if let Some((np, up)) = section_dirs
                    .get_key_value(d)
                    .filter(|_| self.node_at(lang, d).is_none())
                {
                    missing.push((lang, np, up));
                }
                match d.rfind('/') {
                    Some(i) if i > 0 => d = &d[..i],
                    _ => break,
                }
            }
        }
        for (lang, np, up) in missing {
            if self.node_at(lang, np).is_some() {
                continue;
            }
            let name = up.rsplit('/').next().unwrap_or_default();
            let node = self.implicit(PageKind::Section, lang, up, title_case(name));
            self.add(node);
        }
    }

    /// Step 3: Cascade, from the farthest ancestor branch inwards (nearer wins).
    /// Only branches cascade: without one that does, nothing is to be done.
    /// The site config's `cascade` comes last: a page's branches win over it.
    fn cascade(&mut self, front_matter: &dyn FrontMatters, plurals: &[&str]) {
        let cfg = self.cfg;
        let site_cascade: Option<Map<String, Value>> = cfg
            .cascade
            .clone()
            .map(|c| Map::from_iter([("cascade".to_string(), c)]));
        let cascading = site_cascade.is_some() || self.nodes.iter().any(|n| n.cascades);
        if let Some(kept) = &mut self.kept {
            kept.cascading = cascading;
            kept.site_cascade = site_cascade.clone();
        }
        if cascading {
            // The front matter again, node by node, for the cascade to add to
            // (not kept in the nodes: most sites have no cascade).
            let mut fms: Vec<Map<String, Value>> = self
                .nodes
                .par_iter()
                .map(|n| {
                    n.input
                        .map_or_else(Map::new, |i| lowered(front_matter.value(i)))
                })
                .collect();
            for i in 0..self.nodes.len() {
                let (lang, npath, kind) = (
                    self.nodes[i].lang,
                    self.nodes[i].npath.clone(),
                    self.nodes[i].kind,
                );
                let mut chain = Vec::new();
                let mut d = npath.as_str();
                loop {
                    if let Some(j) = self.node_at(lang, d) {
                        if self.nodes[j].kind != PageKind::Page {
                            chain.push(j);
                        }
                    }
                    if d == "/" {
                        break;
                    }
                    d = parent_path(d);
                }
                let code = cfg.languages[lang].code.clone();
                let env = cfg.environment.as_str();
                for j in chain {
                    if fms[j].contains_key("cascade") {
                        let from = fms[j].clone();
                        apply_cascade(&from, &mut fms[i], kind, &npath, &code, env);
                    }
                }
                if let Some(from) = &site_cascade {
                    apply_cascade(from, &mut fms[i], kind, &npath, &code, env);
                }
            }
            if let Some(kept) = &mut self.kept {
                kept.cascades = (0..fms.len())
                    .filter_map(|j| {
                        let c = fms[j].get("cascade")?;
                        Some((j, Map::from_iter([("cascade".to_string(), c.clone())])))
                    })
                    .collect();
            }
            let inputs = &self.inputs;
            self.nodes.par_iter_mut().zip(fms).for_each(|(n, fm)| {
                let path = n.input.map_or("", |i| inputs[i].path.as_str());
                let dating = Dating {
                    rules: &cfg.date_rules,
                    base: content_base_name(path, &cfg.languages),
                };
                n.facts = NodeFacts::of(&FmView::of_map(&fm, LEVELS), plurals, &dating);
            });
        }
    }

    /// Step 4: Taxonomies and terms.
    fn add_taxonomies(&mut self, plurals: &[&str]) {
        let cfg = self.cfg;
        // Per language: term npath → title (the value first seen).
        let mut term_titles: Vec<HashMap<String, String>> = vec![HashMap::default(); self.at.len()];
        // (language, npath, upath) of each term, in the order first seen.
        let mut term_order: Vec<(usize, String, String)> = Vec::new();
        // Nodes in input order, those without a file first. (The file nodes
        // are in input order already: they are only sorted if not.)
        let nodes = &self.nodes;
        let mut order: Vec<usize> = (0..nodes.len())
            .into_par_iter()
            .filter(|&i| nodes[i].input.is_none())
            .collect();
        let with_file: Vec<usize> = (0..nodes.len())
            .into_par_iter()
            .filter(|&i| nodes[i].input.is_some())
            .collect();
        let sorted = with_file
            .par_windows(2)
            .all(|w| nodes[w[0]].input <= nodes[w[1]].input);
        order.extend(with_file);
        if !sorted {
            order.sort_by(|&a, &b| nodes[a].input.cmp(&nodes[b].input));
        }
        let parts = first_terms(nodes, &order, plurals, self.at.len());
        for (lang, np, up, v) in parts.into_iter().flatten() {
            let titles = &mut term_titles[lang];
            if !titles.contains_key(&np) {
                titles.insert(np.clone(), v.to_string());
                term_order.push((lang, np, up));
            }
        }
        if !cfg.kind_disabled("taxonomy") {
            for l in 0..cfg.languages.len() {
                for plural in plurals {
                    let node = self.implicit(
                        PageKind::Taxonomy,
                        l,
                        &format!("/{plural}"),
                        title_case(plural),
                    );
                    self.add(node);
                }
            }
        }
        if !cfg.kind_disabled("term") {
            for (lang, np, up) in term_order {
                if self.node_at(lang, &np).is_none() {
                    let title = term_titles[lang][&np].clone();
                    let node = self.implicit(PageKind::Term, lang, &up, title);
                    self.add(node);
                }
            }
            for n in &mut self.nodes {
                if n.kind == PageKind::Term && n.title.is_empty() {
                    if let Some(t) = term_titles[n.lang].get(&n.npath) {
                        n.title = t.clone();
                    }
                }
            }
        }
    }

    /// Step 5: URLs: every node's page.
    fn pages(&mut self) -> Vec<Page> {
        let mut eff_cache: HashMap<usize, Vec<String>> = HashMap::default();
        for i in 0..self.nodes.len() {
            if matches!(self.nodes[i].kind, PageKind::Section | PageKind::Home) {
                self.effective(i, &mut eff_cache);
            }
        }
        let pages: Vec<Page> = (0..self.nodes.len())
            .into_par_iter()
            .map(|i| self.page(i, &eff_cache))
            .collect();
        if let Some(kept) = &mut self.kept {
            kept.effective = eff_cache;
        }
        pages
    }

    /// The index of `pages`, with the home redirects Hugo writes.
    fn finish(&mut self, mut pages: Vec<Page>) -> SiteIndex {
        let cfg = self.cfg;
        // The nodes are done with (their front matter is most of the index's
        // memory): their paths and titles move to their pages, the rest is
        // freed before the lookups are built, in parallel (each node holds a
        // few dozen allocations). An index to be updated keeps them.
        let def = self.lang_index(&cfg.default_language).unwrap_or(0);
        // Looked up while the nodes (which hold the lookup's keys) are here.
        let home = self.node_at(def, "/");
        let mut kept = self.kept.take();
        if let Some(kept) = &mut kept {
            kept.nodes = self.nodes.clone();
            kept.formats = self.formats.clone();
        }
        pages
            .par_iter_mut()
            .zip(std::mem::take(&mut self.nodes).into_par_iter())
            .for_each(|(p, n)| {
                p.hugo_path = n.npath;
                p.title = n.title;
            });
        // 6. Home redirects Hugo writes.
        match &mut kept {
            Some(kept) => kept.at = std::mem::take(&mut self.at),
            None => drop(std::mem::take(&mut self.at)),
        }
        if let Some(h) = home {
            if cfg.default_language_in_subdir {
                pages[h].aliases.push("/".into());
            } else if cfg.is_multilingual() {
                pages[h]
                    .aliases
                    .push(format!("/{}/", cfg.languages[def].code));
            }
        }
        let mounts = self.inputs.iter().map(|p| p.mount).collect();
        let inputs = self
            .inputs
            .iter_mut()
            .map(|p| std::mem::take(&mut p.path))
            .collect();
        let mut idx = SiteIndex::from_pages(pages, inputs, mounts, cfg.base_path.clone());
        idx.kept = kept.map(Box::new);
        idx
    }

    /// The current section of node `i`: itself for branches, else the nearest
    /// ancestor section (or home).
    fn current_section(&self, i: usize) -> usize {
        let n = &self.nodes[i];
        if n.kind != PageKind::Page {
            return i;
        }
        let mut d = parent_path(&n.npath).to_string();
        loop {
            if let Some(j) = self.node_at(n.lang, &d) {
                if matches!(self.nodes[j].kind, PageKind::Section | PageKind::Home) {
                    return j;
                }
            }
            if d == "/" {
                return i;
            }
            d = parent_path(&d).to_string();
        }
    }

    /// Ancestor sections of section node `s`, root first, `s` last (home excluded).
    fn section_chain(&self, s: usize) -> Vec<usize> {
        let n = &self.nodes[s];
        let mut out = Vec::new();
        let mut d = n.npath.clone();
        while d != "/" {
            if let Some(j) = self.node_at(n.lang, &d) {
                if self.nodes[j].kind == PageKind::Section {
                    out.push(j);
                }
            }
            d = parent_path(&d).to_string();
        }
        out.reverse();
        out
    }

    /// The URL segments of a section: its ancestors' with each section's slug
    /// replacing its own directory name.
    fn effective(&self, s: usize, cache: &mut HashMap<usize, Vec<String>>) -> Vec<String> {
        if let Some(v) = cache.get(&s) {
            return v.clone();
        }
        let n = &self.nodes[s];
        let chain = self.section_chain(s);
        let mut out: Vec<String> = Vec::new();
        let mut consumed = 0;
        for j in chain {
            let m = &self.nodes[j];
            let dsegs = self.dsegs(m);
            out.extend(
                dsegs[consumed.min(dsegs.len())..]
                    .iter()
                    .map(|s| s.to_string()),
            );
            consumed = dsegs.len();
            let slug = m.facts.slug.trim_matches('-');
            if !slug.is_empty() {
                if let Some(last) = out.last_mut() {
                    *last = slug.to_string();
                }
            }
        }
        if n.kind == PageKind::Home {
            out.clear();
        }
        cache.insert(s, out.clone());
        out
    }

    fn tokens(&self, i: usize) -> TokenPage<'_> {
        let n = &self.nodes[i];
        let cs = self.current_section(i);
        let csn = &self.nodes[cs];
        let sections: Vec<&str> = if csn.kind == PageKind::Page {
            Vec::new()
        } else {
            csn.npath.split('/').filter(|s| !s.is_empty()).collect()
        };
        let section_slugs = if csn.kind == PageKind::Section {
            self.section_chain(cs)
                .into_iter()
                .map(|j| {
                    let m = &self.nodes[j];
                    let s = m.facts.slug.as_str();
                    urlize(if s.is_empty() { &m.title } else { s }, self.dl)
                })
                .collect()
        } else {
            Vec::new()
        };
        let section = match n.kind {
            PageKind::Home => "",
            _ if n.kind == PageKind::Page && !n.npath[1..].contains('/') => "",
            _ => n.npath[1..].split('/').next().unwrap_or_default(),
        };
        let file_base = self.file_base(n);
        let file_dir_name = if file_base == "index" {
            last_seg(n.upath())
        } else {
            ""
        };
        TokenPage {
            date: n.facts.date,
            title: &n.title,
            slug: n.facts.slug.trim_matches('-'),
            section,
            sections,
            section_slugs,
            file_base,
            file_dir_name,
            content_base_name: last_seg(n.upath()),
        }
    }

    fn page(&self, i: usize, effective: &HashMap<usize, Vec<String>>) -> Page {
        let cfg = self.cfg;
        let n = &self.nodes[i];
        let (render, list) = (n.facts.render, n.facts.list);
        let lang_code = cfg.languages[n.lang].code.clone();
        let prefix = cfg.lang_prefix(&lang_code).to_string();
        let first_seg = n.npath[1..].split('/').next().unwrap_or_default();
        let ugly = cfg.is_ugly(first_seg);
        let mut page = Page {
            kind: n.kind,
            lang: lang_code,
            input: n.input,
            // Both moved in from the node once every page is made (see `run`).
            hugo_path: String::new(),
            url: None,
            aliases: Vec::new(),
            draft: n.facts.draft,
            render,
            list,
            publish_resources: n.facts.publish_resources,
            title: String::new(),
            outputs: n.facts.outputs().to_vec(),
            type_: n.facts.type_().to_string(),
            resources_url: None,
        };
        let url_fm = n.facts.url();
        let (link, sub_base) = if n.kind != PageKind::Home && !url_fm.is_empty() {
            self.link_of_url(i, url_fm, &prefix)
        } else {
            self.link_of_path(i, effective, &prefix, ugly)
        };
        let names = if page.outputs.is_empty() {
            self.formats.of_kind(n.kind)
        } else {
            page.outputs.as_slice()
        };
        // A page without HTML output has the URL of its first format's file.
        let link = match self.formats.main(names) {
            Some(f) => self.formats.main_url(f, &link, prefix.as_str()),
            None => link,
        };
        if render == Render::Never {
            page.resources_url = Some(escape_path(&link));
            return page;
        }
        page.url = Some(escape_path(&link));
        // With `disableAliases` no alias is published: it is neither a URL a
        // link may name nor one that can clash.
        if render == Render::Always && !self.cfg.disable_aliases {
            page.aliases = self.aliases(n, &prefix, &sub_base, ugly);
        }
        page
    }

    /// The link of node `i` whose front matter sets `url` (tokens expanded),
    /// and the path aliases are relative to.
    fn link_of_url(&self, i: usize, url_fm: &str, prefix: &str) -> (String, String) {
        let mut u = url_fm.to_string();
        if u.contains(':') {
            let e = permalinks::expand(&u, &self.tokens(i), self.dl);
            if !e.is_empty() {
                u = query_unescape(&e);
            }
        }
        let force_prefix = !u.starts_with('/');
        if u.contains("..") {
            u = join(&["/", &u]);
        }
        let fields: Vec<&str> = u.split('/').filter(|s| !s.is_empty()).collect();
        let mut link = format!("/{}", fields.join("/"));
        let dir_like = u.ends_with('/') || !u.contains('.');
        if dir_like && link != "/" {
            link.push('/');
        }
        if force_prefix && !prefix.is_empty() && !u.starts_with(&format!("/{prefix}")) {
            link = format!("/{prefix}{link}");
        }
        let sub = if dir_like {
            link.trim_end_matches('/').to_string()
        } else {
            match link.rfind('.') {
                Some(d) if !link[d..].contains('/') => link[..d].to_string(),
                _ => link.clone(),
            }
        };
        (escape_hash(link), sub)
    }

    /// The link of node `i` from a permalink rule or its path (its section's
    /// effective path, its slug), and the path aliases are relative to.
    fn link_of_path(
        &self,
        i: usize,
        effective: &HashMap<usize, Vec<String>>,
        prefix: &str,
        ugly: bool,
    ) -> (String, String) {
        let (cfg, n) = (self.cfg, &self.nodes[i]);
        let rule = match n.kind {
            PageKind::Home => None,
            k => permalinks::find(&cfg.permalinks, k.name(), &n.npath),
        };
        let expanded = rule.map(|r| {
            clean(&query_unescape(&permalinks::expand(
                &r.pattern,
                &self.tokens(i),
                self.dl,
            )))
        });
        // The segments, borrowed: each is sanitised into a new string below.
        fn strs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        let segments: Vec<&str> = match (&expanded, n.kind) {
            (Some(e), _) => vec![e.as_str()],
            (None, PageKind::Home) => Vec::new(),
            (None, PageKind::Section) => effective.get(&i).map_or_else(Vec::new, |v| strs(v)),
            (None, PageKind::Taxonomy | PageKind::Term) => self.dsegs(n),
            (None, PageKind::Page) => {
                let cs = self.current_section(i);
                let mut v = if cs == i {
                    Vec::new()
                } else {
                    effective.get(&cs).map_or_else(Vec::new, |v| strs(v))
                };
                let cs_len = if cs == i {
                    0
                } else {
                    self.dsegs(&self.nodes[cs]).len()
                };
                let dsegs = self.dsegs(n);
                let container = &dsegs[..dsegs.len().saturating_sub(1)];
                v.extend_from_slice(&container[cs_len.min(container.len())..]);
                let slug = n.facts.slug.trim_matches('-');
                v.push(if slug.is_empty() {
                    dsegs.last().copied().unwrap_or_default()
                } else {
                    slug
                });
                v
            }
        };
        let elems: Vec<String> = segments
            .iter()
            .map(|e| make_path_sanitized(e, self.dl))
            .filter(|e| !e.is_empty() && e != "/")
            .collect();
        let path = clean(&["/", elems.join("/").as_str()].concat());
        let path = if path == "/" { String::new() } else { path };
        let is_page = n.kind == PageKind::Page;
        let mut link = match (is_page || n.kind == PageKind::Term, ugly) {
            (true, true) if !path.is_empty() => [path.as_str(), ".html"].concat(),
            (_, true) => [path.as_str(), "/index.html"].concat(),
            _ => [path.as_str(), "/"].concat(),
        };
        let mut sub = path.clone();
        if !prefix.is_empty() {
            link = format!("/{prefix}{link}");
            sub = format!("/{prefix}{sub}");
        }
        (escape_hash(link), sub)
    }

    /// The node `n`'s alias URL paths, normalised like its URL.
    fn aliases(&self, n: &PageNode, prefix: &str, sub_base: &str, ugly: bool) -> Vec<String> {
        let mut aliases = Vec::new();
        for a in n.facts.aliases() {
            if a.is_empty() || a.starts_with("http://") || a.starts_with("https://") {
                continue;
            }
            let mut p = if a.starts_with('/') {
                join(&["/", prefix, a])
            } else {
                join(&[
                    parent_path(if sub_base.is_empty() { "/" } else { sub_base }),
                    a,
                ])
            };
            let has_html = |s: &str| s.ends_with(".html") || s.ends_with(".htm");
            if ugly && !has_html(&p) {
                p.push_str(".html");
            }
            if !has_html(&p) && !p.ends_with('/') {
                p.push('/');
            }
            if p == "/" {
                continue;
            }
            aliases.push(escape_path(&escape_hash(p)));
        }
        aliases
    }
}

/// What step 2 of [`Builder::run`] reads of every node, gathered in one
/// parallel pass (at 100k pages, reading each node's paths is most of the work).
#[derive(Default)]
struct Dirs<'n> {
    /// The directory (npath) each node is in, with its language, each once,
    /// in node order; none for a node at the root.
    parents: Vec<(usize, &'n str)>,
    /// The top-level dirs of the pages and sections below one (`blog` of
    /// `/blog/a`, not of `/blog` itself), each once, in node order.
    tops: Vec<&'n str>,
    /// The section nodes, in order.
    sections: Vec<usize>,
}

impl<'n> Dirs<'n> {
    fn of(nodes: &'n [PageNode]) -> Dirs<'n> {
        fn top(n: &PageNode) -> Option<&str> {
            if !matches!(n.kind, PageKind::Page | PageKind::Section) {
                return None;
            }
            let mut segs = n.upath().split('/').filter(|s| !s.is_empty());
            let top = segs.next()?;
            segs.next().map(|_| top)
        }
        // Each part of the nodes lists its own, once each; the parts'
        // lists are joined in order. Consecutive nodes mostly share their
        // directory and top-level dir: those are not hashed again.
        #[derive(Default)]
        struct Part<'n> {
            dirs: Dirs<'n>,
            seen_parents: HashSet<(usize, &'n str)>,
            seen_tops: HashSet<&'n str>,
        }
        let parts: Vec<Part<'n>> = nodes
            .par_iter()
            .enumerate()
            .fold(Part::default, |mut part, (i, n)| {
                let d = &mut part.dirs;
                if let Some(end) = n.npath.rfind('/').filter(|&e| e > 0) {
                    let parent = (n.lang, &n.npath[..end]);
                    if d.parents.last() != Some(&parent) && part.seen_parents.insert(parent) {
                        d.parents.push(parent);
                    }
                }
                if let Some(t) = top(n) {
                    if d.tops.last() != Some(&t) && part.seen_tops.insert(t) {
                        d.tops.push(t);
                    }
                }
                if n.kind == PageKind::Section {
                    d.sections.push(i);
                }
                part
            })
            .collect();
        let mut all = Dirs::default();
        let (mut seen_parents, mut seen_tops) = (HashSet::default(), HashSet::default());
        for part in parts {
            let d = part.dirs;
            all.parents
                .extend(d.parents.into_iter().filter(|&p| seen_parents.insert(p)));
            all.tops
                .extend(d.tops.into_iter().filter(|&t| seen_tops.insert(t)));
            all.sections.extend(d.sections);
        }
        all
    }
}

/// The terms the nodes `order` name (per taxonomy value: language, npath,
/// upath and the value), each with its first value. Found in parallel: each
/// part of `order` lists the terms it names once, in order (a term may be
/// in several parts' lists). Most values name a term seen before: those are
/// known by the value itself, and no path is made for them.
fn first_terms<'n>(
    nodes: &'n [PageNode],
    order: &[usize],
    plurals: &[&str],
    langs: usize,
) -> Vec<Vec<(usize, String, String, &'n str)>> {
    struct Part<'n> {
        found: Vec<(usize, String, String, &'n str)>,
        /// (language, taxonomy, value) of every value looked at.
        values: HashSet<(usize, usize, &'n str)>,
        /// Per language: the npaths in `found`.
        npaths: Vec<HashSet<String>>,
        up: String,
        np: String,
    }
    order
        .par_iter()
        .fold(
            || Part {
                found: Vec::new(),
                values: HashSet::default(),
                npaths: vec![HashSet::default(); langs],
                up: String::new(),
                np: String::new(),
            },
            |mut t, &i| {
                let n = &nodes[i];
                if n.facts.list == List::Never {
                    return t;
                }
                for (p, v) in &n.facts.terms {
                    if v.trim().is_empty() || !t.values.insert((n.lang, *p, v)) {
                        continue;
                    }
                    t.up.clear();
                    t.up.extend(["/", plurals[*p], "/", v]);
                    normalize_basic_into(&t.up, &mut t.np);
                    if !t.npaths[n.lang].contains(t.np.as_str()) {
                        t.npaths[n.lang].insert(t.np.clone());
                        t.found
                            .push((n.lang, t.np.clone(), t.up.clone(), v.as_str()));
                    }
                }
                t
            },
        )
        .map(|t| t.found)
        .collect()
}

/// `s` with each `#` written `%23` (a copy only when it has one).
fn escape_hash(s: String) -> String {
    if s.contains('#') {
        s.replace('#', "%23")
    } else {
        s
    }
}

fn has_leaf_ancestor(leaf_dirs: &HashSet<String>, dir: &str) -> bool {
    let nd = normalize_basic(dir);
    let mut d = nd.as_str();
    while let Some(i) = d.rfind('/') {
        d = &d[..i];
        if leaf_dirs.contains(d) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input(path: &str, fm: Value) -> PageInput {
        PageInput {
            path: path.into(),
            mount: 0,
            lang: None,
            front_matter: fm,
        }
    }

    #[test]
    fn a_bundle_takes_the_path_of_a_page_beside_its_folder_only_from_its_own_mount() {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/"}));
        let at = |mount, path: &str| PageInput {
            mount,
            ..input(path, json!({"title": path}))
        };
        let idx = SiteIndex::build(
            &cfg,
            vec![
                at(0, "a.md"),
                at(0, "a/_index.md"),
                at(0, "b.md"),
                at(0, "b/index.md"),
                at(0, "c.md"),
                at(1, "c/_index.md"),
                at(1, "d/index.md"),
                at(1, "d.md"),
            ],
        );
        let mut files: Vec<(String, Option<String>)> = idx
            .pages()
            .iter()
            .filter_map(|p| Some((idx.parts().1[p.input?].clone(), p.url.clone())))
            .collect();
        files.sort();
        let url = |u: &str| Some(u.to_string());
        assert_eq!(
            files,
            vec![
                ("a/_index.md".into(), url("/a/")),
                ("b/index.md".into(), url("/b/")),
                ("c.md".into(), url("/c/")),
                ("d/index.md".into(), url("/d/")),
            ]
        );
    }

    #[test]
    fn cascade_reaches_the_pages_below_unless_they_say_otherwise() {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/"}));
        let idx = SiteIndex::build(
            &cfg,
            vec![
                input(
                    "blog/_index.md",
                    json!({"title": "Blog", "Cascade": {"draft": true, "tags": ["x"]}}),
                ),
                input("blog/a.md", json!({"title": "A"})),
                input("blog/b.md", json!({"title": "B", "draft": false})),
                input("other/c.md", json!({"title": "C"})),
            ],
        );
        let page = |url: &str| match idx.lookup(url) {
            Some(Target::Page(i)) => &idx.pages()[i],
            other => panic!("{url}: {other:?}"),
        };
        assert!(page("/blog/a/").draft);
        assert_eq!(page("/blog/a/").title, "A");
        assert!(!page("/blog/b/").draft);
        assert!(!page("/other/c/").draft);
        // The cascaded taxonomy value makes a term page.
        assert_eq!(page("/tags/x/").kind, PageKind::Term);
    }

    #[test]
    fn lookups() {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/docs/",
            "permalinks": {"page": {"resources": "/:sections/:slug/"}}}));
        let idx = SiteIndex::build(
            &cfg,
            vec![
                input(
                    "resources/case-studies/abc/index.md",
                    json!({"title": "T", "slug": "my-slug", "aliases": ["/old/", "/ancien-café/"]}),
                ),
                input(
                    "company/book-online/index.md",
                    json!({"title": "Book", "tags": ["Café Talk"]}),
                ),
                input("notes/hidden.md", json!({"build": {"render": "never"}})),
                input("notes/deeper/page.md", json!({})),
            ],
        );
        let Some(Target::Page(i)) = idx.lookup("/resources/my-slug/") else {
            panic!()
        };
        assert_eq!(idx.pages()[i].kind, PageKind::Page);
        assert_eq!(
            idx.content_path(&idx.pages()[i]),
            Some("resources/case-studies/abc/index.md")
        );
        assert_eq!(idx.lookup("/old"), Some(Target::Alias(i)));
        // Escaped or not, in the link and in the index.
        assert_eq!(idx.lookup("/ancien-caf%C3%A9/"), Some(Target::Alias(i)));
        assert_eq!(idx.lookup("/ancien-café"), Some(Target::Alias(i)));
        assert_eq!(
            idx.lookup("/ancien-caf%C3%A9/index.html"),
            Some(Target::Alias(i))
        );
        assert_eq!(idx.lookup("/ancien-cafe/"), None);
        assert_eq!(
            idx.lookup_href("/docs/company/book-online/")
                .map(|t| matches!(t, Target::Page(_))),
            Some(true)
        );
        assert_eq!(idx.lookup_href("/company/book-online/"), None);
        // A nested folder without `_index.md` is not a section: `:sections` is `resources`.
        assert!(idx.lookup("/resources/my-slug/").is_some());
        assert_eq!(idx.lookup("/notes/deeper/"), None);
        assert!(idx.lookup("/notes/deeper/page/").is_some());
        let Some(Target::Page(t)) = idx.lookup("/tags/caf%C3%A9-talk/") else {
            panic!("term")
        };
        assert_eq!(idx.pages()[t].kind, PageKind::Term);
        assert!(idx.lookup("/resources/").is_some());
        assert!(idx.lookup("/notes/hidden/").is_none());
        assert_eq!(
            idx.by_content_path("company/book-online/index.md"),
            idx.by_content_path("/company/book-online")
        );
    }

    #[test]
    fn shared_urls_are_every_url_and_alias_another_also_has() {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/"}));
        let idx = SiteIndex::build(
            &cfg,
            vec![
                input(
                    "a.md",
                    json!({"url": "/same/", "aliases": ["/solo/", "/twice/"]}),
                ),
                input("b.md", json!({"url": "/same/", "aliases": ["/c/"]})),
                input("c.md", json!({"aliases": ["/twice/", "/caf%c3%a9/"]})),
                input("d.md", json!({"url": "/café/", "aliases": ["/d/"]})),
                input("e.md", json!({"url": "/alone/"})),
            ],
        );
        let page = |path: &str| idx.by_content_path(path).unwrap();
        let (a, b, c, d) = (page("a.md"), page("b.md"), page("c.md"), page("d.md"));
        let mut pages = vec![a, b, c, d];
        pages.sort();
        let mut aliases = vec![(a, 1), (b, 0), (c, 0), (c, 1)];
        aliases.sort();
        // `/same/` twice; b's alias `/c/` is c's URL; `/twice/` twice; c's
        // `/caf%c3%a9/` is d's URL `/caf%C3%A9/` once decoded. Not shared:
        // `/solo/`, `/alone/`, `/d/` (d's alias, its URL being another).
        assert_eq!(idx.shared_urls(), SharedUrls { pages, aliases });
    }

    #[test]
    fn implicit_sections_and_terms_come_in_the_order_of_their_first_page() {
        // Enough pages for the parallel steps to split them into parts; the
        // tags are written in varying case, each term titled by its first.
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/"}));
        let n = 3000;
        let dir = |i: usize| format!("d{}/s{}", (i * 7) % 11, (i / 5) % 4);
        let tag = |i: usize| {
            let t = ["Go", "rust", "Zig", "c Sharp"][(i * 13) % 4];
            if i % 3 == 0 {
                t.to_uppercase()
            } else {
                format!("{t}-{}", i % 97)
            }
        };
        let inputs = (0..n)
            .map(|i| input(&format!("{}/p{i}.md", dir(i)), json!({"tags": [tag(i)]})))
            .collect();
        let idx = SiteIndex::build(&cfg, inputs);
        let pages = idx.pages();
        // Implicit sections (top-level dirs: the others have no `_index`),
        // in the order of their first page.
        let mut want_sections: Vec<String> = Vec::new();
        for i in 0..n {
            let url = format!("/{}/", dir(i).split('/').next().unwrap_or_default());
            if !want_sections.contains(&url) {
                want_sections.push(url);
            }
        }
        let got_sections: Vec<String> = pages
            .iter()
            .filter(|p| p.kind == PageKind::Section)
            .filter_map(|p| p.url.clone())
            .collect();
        assert_eq!(got_sections, want_sections);
        // Terms: in the order first named, each titled as first written.
        let mut want_terms: Vec<(String, String)> = Vec::new();
        for i in 0..n {
            let t = tag(i);
            let url = format!("/tags/{}/", t.to_lowercase().replace(' ', "-"));
            if !want_terms.iter().any(|(u, _)| *u == url) {
                want_terms.push((url, t));
            }
        }
        let got_terms: Vec<(String, String)> = pages
            .iter()
            .filter(|p| p.kind == PageKind::Term)
            .map(|p| (p.url.clone().unwrap_or_default(), p.title.clone()))
            .collect();
        assert_eq!(got_terms, want_terms);
    }

    #[test]
    fn content_paths_and_hugo_paths() {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/"}));
        let idx = SiteIndex::build(
            &cfg,
            vec![
                input("posts/a.md", json!({"title": "A"})),
                input("posts/c/index.md", json!({"title": "C bundle"})),
                input("posts/B.md", json!({"title": "B"})),
                input("posts/_index.md", json!({"title": "Posts"})),
            ],
        );
        let file = |p: &str| {
            let page = &idx.pages()[idx.by_content_path(p).unwrap()];
            idx.content_path(page).unwrap().to_string()
        };
        assert_eq!(file("posts/a.md"), "posts/a.md");
        assert_eq!(file("/posts/c/index.md"), "posts/c/index.md");
        assert_eq!(file("posts/c"), "posts/c/index.md");
        // By Hugo path (lower case, no extension): the first page that has it.
        let first = |hp: &str| idx.pages().iter().position(|p| p.hugo_path == hp);
        assert_eq!(idx.by_content_path("/posts/a"), first("/posts/a"));
        assert_eq!(idx.by_content_path("posts/b/"), first("/posts/b"));
        assert_eq!(file("/posts/b"), "posts/B.md");
        assert_eq!(file("/posts"), "posts/_index.md");
        assert_eq!(idx.by_content_path("/"), first("/"));
        assert!(idx.by_content_path("/").is_some());
        assert_eq!(idx.by_content_path("posts/d.md"), None);
        assert_eq!(idx.by_content_path("/posts/d"), None);
    }

    /// Front matters a page's facts are decoded from without a `Value`
    /// (as `check` reads them).
    struct FactsOf(Vec<crate::types::Facts>);

    impl FrontMatters for FactsOf {
        fn view(&self, i: usize) -> FmView<'_> {
            self.0[i].view()
        }

        fn value(&self, i: usize) -> Value {
            self.0[i].value()
        }
    }

    const PLURALS: &[&str] = &["tags", "categories", "keys"];

    /// What a file node reads of a front matter.
    fn read(fm: &FmView<'_>) -> (NodeFacts, String, bool) {
        let (title, cascade) = title_and_cascade(fm);
        (
            NodeFacts::of(fm, PLURALS, &Dating::default_rules()),
            title.to_string(),
            cascade,
        )
    }

    /// Reading the encoded facts of `fm` gives what reading `fm` gives,
    /// which is returned.
    fn read_both(fm: &Value) -> (NodeFacts, String, bool) {
        let facts = crate::types::Facts::of(fm);
        let from_value = read(&FmView::of(fm));
        assert_eq!(read(&facts.view()), from_value, "{fm}");
        // The cascade step reads the value again, lower-cased.
        let lowered = lowered(fm.clone());
        assert_eq!(read(&FmView::of_map(&lowered, LEVELS)), from_value, "{fm}");
        from_value
    }

    #[test]
    fn encoded_facts_read_as_their_values() {
        let tricky = [
            json!({}),
            json!(null),
            json!("title"),
            json!(["title", "A"]),
            json!({"title": 5}),
            json!({"title": ["A"], "cascade": null}),
            json!({"title": {"A": 1}, "Cascade": {"draft": true}}),
            json!({"Title": "A", "title": "B", "Draft": "TRUE", "draft": false}),
            json!({"headless": true, "tags": ["x"], "build": {"list": "always"}}),
            json!({"headless": "yes", "tags": ["x"]}),
            json!({"build": "never", "tags": "x"}),
            json!({"build": false, "tags": 3}),
            json!({"build": {"render": false, "list": "false"}, "tags": ["x"]}),
            json!({"Build": {"Render": "Never", "LIST": "Local", "list": "never"}}),
            json!({"build": {"render": "link", "list": {"never": true}}}),
            json!({"build": [{"list": "never"}], "tags": ["x"]}),
            json!({"tags": ["x", 3, -2, 4.5, 18446744073709551615u64, true, null, ["y"], {"z": 1}]}),
            json!({"categories": "One", "Tags": ["a", "b"], "\u{212A}eys": ["k"]}),
            json!({"date": 2024, "publishdate": "nonsense", "pubdate": "2024-01-02", "lastmod": "2025-01-01"}),
            json!({"Date": "2023-05-06T07:08:09Z", "slug": 7, "url": ["/u/"], "aliases": "/a/"}),
            json!({"slug": "-s-", "URL": "/U/", "aliases": ["/a/", 1, "/b/", ["/c/"]], "draft": true}),
        ];
        for fm in &tricky {
            read_both(fm);
        }
        // And they are read as expected (not merely alike).
        let (facts, title, cascade) = read_both(&tricky[7]);
        assert_eq!((title.as_str(), cascade, facts.draft), ("A", false, true));
        assert_eq!(read_both(&tricky[4]).1, "");
        assert!(read_both(&tricky[6]).2);
        let headless = read_both(&tricky[8]).0;
        assert_eq!(
            (headless.render, headless.list),
            (Render::Never, List::Never)
        );
        assert!(headless.terms.is_empty());
        let not_headless = read_both(&tricky[9]).0;
        assert_eq!(not_headless.terms, [(0, "x".to_string())]);
        assert_eq!(read_both(&tricky[10]).0.terms, [(0, "x".to_string())]);
        assert!(read_both(&tricky[11]).0.terms.is_empty());
        let b = read_both(&tricky[12]).0;
        assert_eq!((b.render, b.list), (Render::Never, List::Never));
        let b = read_both(&tricky[13]).0;
        assert_eq!((b.render, b.list), (Render::Never, List::Local));
        let b = read_both(&tricky[14]).0;
        assert_eq!((b.render, b.list), (Render::Link, List::Always));
        let terms = read_both(&tricky[16]).0.terms;
        let values: Vec<&str> = terms.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["x", "3", "-2", "4.5", "18446744073709551615"]);
        let terms = read_both(&tricky[17]).0.terms;
        assert_eq!(
            terms,
            [
                (0, "a".to_string()),
                (0, "b".to_string()),
                (1, "One".to_string()),
                (2, "k".to_string())
            ]
        );
        assert_eq!(read_both(&tricky[18]).0.date, Date::parse("2024-01-02"));
        let f = read_both(&tricky[19]).0;
        assert_eq!(f.date, Date::parse("2023-05-06"));
        // A number is a slug (Hugo's `cast.ToString`); a list is no URL.
        assert_eq!((f.slug.as_str(), f.url()), ("7", ""));
        assert_eq!(f.aliases(), ["/a/"]);
        let f = read_both(&tricky[20]).0;
        assert_eq!((f.slug.as_str(), f.url()), ("-s-", "/U/"));
        assert_eq!(f.aliases(), ["/a/", "/b/"]);
        // No front matter at all reads as none.
        let none = crate::types::Facts::default();
        assert_eq!(
            read(&none.view()),
            (NodeFacts::none(), String::new(), false)
        );
        assert_eq!(read_both(&json!({})).0, NodeFacts::none());
    }

    #[test]
    fn a_pages_facts_read_as_its_front_matter() {
        // Keys in any case: lower-cased (the first spelling kept) when the
        // facts are taken, as written in the value.
        let page = "TITLE: A\ntitle: B\nDraft: true\nTags: [x, 3, 4.5]\nBUILD: {List: local, Render: link}\nPublishDate: 2024-01-02\nSlug: s\nURL: /u/\nAliases: /one/\nDescription: d\nCascade: {draft: true}\n\u{212A}eys: [k]\n";
        let tree = crate::load::yaml::parse(page, 0..page.len(), Default::default())
            .unwrap()
            .unwrap();
        let taxonomies: Vec<(String, String)> =
            [("tag", "tags"), ("category", "categories"), ("key", "keys")]
                .iter()
                .map(|(s, p)| (s.to_string(), p.to_string()))
                .collect();
        let facts = crate::check::page::facts_of(&tree, &taxonomies);
        let encoded = crate::types::Facts::of(&facts);
        let value = tree.to_value();
        let (f, title, cascade) = read(&encoded.view());
        // As the page's whole front matter reads.
        assert_eq!(read(&FmView::of(&value)), read_both(&facts));
        assert_eq!(read(&FmView::of(&value)), (f, title, cascade));
        let (f, title, cascade) = read(&encoded.view());
        assert_eq!((title.as_str(), cascade, f.draft), ("A", true, true));
        assert_eq!((f.render, f.list), (Render::Link, List::Local));
        assert_eq!(f.date, Date::parse("2024-01-02"));
        assert_eq!((f.slug.as_str(), f.url()), ("s", "/u/"));
        assert_eq!(f.aliases(), ["/one/"]);
        let values: Vec<&str> = f.terms.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["x", "3", "4.5", "k"]);
    }

    #[test]
    fn an_index_built_from_facts_is_the_one_built_from_values() {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/",
            "taxonomies": {"tag": "tags", "category": "categories"},
            "permalinks": {"page": {"posts": "/:year/:month/:slug/"}}}));
        // Without a cascade, the index reads only the facts' views; with
        // one, each page's facts again as a value.
        for with_cascade in [false, true] {
            let mut posts = json!({"title": "Posts"});
            if with_cascade {
                posts["cascade"] = json!({"tags": ["c"]});
            }
            let pages = [
                ("_index.md", json!({"Title": "Home"})),
                ("posts/_index.md", posts),
                (
                    "posts/a.md",
                    json!({"Title": "A", "Date": "2024-03-04", "Slug": "a-slug", "Tags": ["x", 3]}),
                ),
                (
                    "posts/b.md",
                    json!({"title": 5, "publishDate": "2023-01-02", "aliases": ["/old-b/"], "categories": "One"}),
                ),
                (
                    "posts/c.md",
                    json!({"title": "C", "build": {"render": "never"}, "url": "/elsewhere/"}),
                ),
                (
                    "posts/d.md",
                    json!({"title": "D", "build": {"list": "never"}, "tags": ["hidden"]}),
                ),
                (
                    "notes/_index.md",
                    json!({"title": "Notes", "headless": true}),
                ),
                (
                    "notes/e.md",
                    json!({"title": "E", "draft": "true", "URL": "/e/"}),
                ),
            ];
            let inputs =
                || -> Vec<PageInput> { pages.iter().map(|(p, fm)| input(p, fm.clone())).collect() };
            let from_values = SiteIndex::build(&cfg, inputs());
            let facts = FactsOf(
                pages
                    .iter()
                    .map(|(_, fm)| crate::types::Facts::of(fm))
                    .collect(),
            );
            let from_facts = SiteIndex::build_with(&cfg, inputs(), &facts);
            assert_eq!(from_facts.pages(), from_values.pages());
            for url in [
                "/2024/03/a-slug/",
                "/old-b/",
                "/tags/3/",
                "/categories/one/",
                "/e/",
            ] {
                assert!(from_values.lookup(url).is_some(), "{url}");
            }
            assert!(from_values.lookup("/tags/hidden/").is_none());
            assert_eq!(from_values.lookup("/tags/c/").is_some(), with_cascade);
        }
    }
}
