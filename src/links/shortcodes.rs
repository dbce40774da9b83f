//! What a site's shortcode templates can write into a page. A `{{% name %}}`
//! call is rendered as Markdown, so a heading or an id its template writes
//! is the page's: a page calling an unknown one has anchors nobody can list.
//! A template found in `layouts/` (the site's or a theme's) that writes
//! neither and takes text from nowhere else (another file, other content,
//! data) leaves the page's anchors known; one that writes only values of
//! the page (its params, the call's arguments) does so when those values
//! hold no heading.

use super::template_text::{literal, strip_comments, GET};
use crate::hugo::HugoConfig;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::path::Path;
use std::sync::LazyLock;

/// What a shortcode's template can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Writes {
    /// Neither a heading nor an id, and no text from elsewhere.
    Plain,
    /// Values of the calling page (params, arguments), and nothing else that could be a heading.
    PageValues,
    /// Possibly headings or ids (or no template was found).
    Anything,
}

/// The shortcode templates of a site, by name as a call writes it (`cards`, `docs/intro`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ShortcodeTemplates {
    by_name: FxHashMap<String, Writes>,
    /// Names whose every template writes nothing at all (its inner text is dropped).
    silent: rustc_hash::FxHashSet<String>,
    /// The ids a name's templates write as they are (`<h2 id="usage">`), of
    /// templates that write no id they compute.
    ids: FxHashMap<String, Vec<String>>,
    /// The ids a name's templates write as they are, of templates that also compute some.
    ids_beside_computed: FxHashMap<String, Vec<String>>,
    /// Arguments a name's templates write into `href=`/`src=` (a link to check).
    link_args: FxHashMap<String, Vec<ArgLink>>,
    /// Names whose every template writes no anchor (see [`writes_no_anchor`]).
    anchor_free: rustc_hash::FxHashSet<String>,
    /// Names some template of which renders a file (see [`super::included_files`]).
    renders_files: rustc_hash::FxHashSet<String>,
    /// Names some template of which renders the inner text through `markdownify`.
    inner_markdownify: rustc_hash::FxHashSet<String>,
    /// Some template prints a page's or resource's content named by an
    /// argument (see [`super::included_files::content_args`]).
    prints_content: bool,
    /// The texts of the templates of the names in `renders_files`.
    file_templates: FxHashMap<String, Vec<String>>,
}

/// An argument of a shortcode call that its template writes as a link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ArgLink {
    /// `Some(name)` for `.Get "name"`, `None` with `position` for `.Get 0`.
    pub name: Option<String>,
    pub position: usize,
    pub how: ArgHow,
    /// For [`ArgHow::IncludedContent`]: how the template finds the content.
    pub content: Option<super::included_files::ContentLookup>,
}

/// How a template turns the argument into the URL it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ArgHow {
    /// As it is (or through `safeURL`).
    AsIs,
    /// Through `relURL`/`absURL`: a relative value becomes one from the site's root.
    FromRoot,
    /// Looked up as a resource of the page or of `assets/` first, else as it is (`figure`'s `src`).
    Resource,
    /// Not a URL but Markdown, rendered by `markdownify`: Hugo renders it as
    /// the home page's (`site.Home.RenderString`) with the site's goldmark
    /// settings, so its links and (with `linkify`) bare URLs are links of the
    /// page, but a relative one or a fragment goes through the home page's
    /// link hook when there is one, and is written as it is (relative to the
    /// page) when there is none.
    Markdown,
    /// Markdown rendered by the page's own `RenderString` (`$.Page.RenderString`):
    /// its links are the page's, as in its body.
    PageMarkdown,
    /// Not a URL but the path of a file the template reads and renders as
    /// Markdown: that file's headings are anchors of the page (see
    /// [`super::included_files`]).
    IncludedFile,
    /// Not a URL but what names a page or a bundle resource whose content
    /// the template prints (see [`super::included_files::content_args`]):
    /// its headings are anchors of the page.
    IncludedContent,
}

/// Hugo's embedded `figure` (0.168): `link` and `attrlink` go into `href` as
/// they are; `src` is the page's or a global resource's URL when one has that
/// path, else written as it is; `caption` and `attr` go through `markdownify`
/// into the `<figcaption>` (the caption also through `plainify` into `alt`).
fn embedded_link_args(name: &str) -> &'static [(&'static str, ArgHow)] {
    match name {
        "figure" => &[
            ("link", ArgHow::AsIs),
            ("src", ArgHow::Resource),
            ("attrlink", ArgHow::AsIs),
            ("caption", ArgHow::Markdown),
            ("attr", ArgHow::Markdown),
        ],
        _ => &[],
    }
}

/// `{{ with .Get … }}` (the argument's name or position in groups 1 and 2).
static WITH_GET: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(&format!(r"\{{\{{-?\s*with\s+{GET}\s*-?\}}\}}")).expect("a valid pattern")
});

/// The start of the next block action, where a `with`'s `.` stops being its value.
static BLOCK: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\{\{-?\s*(?:end|with|range|if|else)\b").expect("a valid pattern")
});

/// Each `{{ with .Get … }}` of `template` and the text directly inside it, up
/// to the next block action: `.` is the argument only there.
fn with_get_bodies(template: &str) -> Vec<(regex::Captures<'_>, &str)> {
    WITH_GET
        .captures_iter(template)
        .map(|c| {
            let rest = &template[c.get(0).map_or(0, |m| m.end())..];
            let body = &rest[..BLOCK.find(rest).map_or(rest.len(), |m| m.start())];
            (c, body)
        })
        .collect()
}

/// The argument `.Get` names (by `name` or `pos`), written as `how`.
pub(crate) fn arg_link(
    name: Option<regex::Match>,
    pos: Option<regex::Match>,
    how: ArgHow,
) -> ArgLink {
    ArgLink {
        name: name.map(|m| m.as_str().to_string()),
        position: pos.and_then(|m| m.as_str().parse().ok()).unwrap_or(0),
        how,
        content: None,
    }
}

/// The arguments a template writes as the whole value of an `href` or `src`
/// attribute: `href="{{ .Get "url" }}"` (through `safeURL`, `relURL` or
/// `absURL`), and `{{ with .Get "url" }}…href="{{ . }}"…{{ end }}`.
pub(crate) fn link_args(template: &str) -> Vec<ArgLink> {
    static DIRECT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r#"\b(?:href|src)\s*=\s*"\{{\{{-?\s*{GET}\s*(?:\|\s*(safeURL|relURL|absURL)\s*)?-?\}}\}}""#
        ))
        .expect("a valid pattern")
    });
    static DOT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r#"\b(?:href|src)\s*=\s*"\{\{-?\s*\.\s*(?:\|\s*(safeURL|relURL|absURL)\s*)?-?\}\}""#,
        )
        .expect("a valid pattern")
    });
    let template = strip_comments(template);
    let how = |pipe: Option<regex::Match>| match pipe.map(|m| m.as_str()) {
        Some("relURL" | "absURL") => ArgHow::FromRoot,
        _ => ArgHow::AsIs,
    };
    let mut out: Vec<ArgLink> = DIRECT
        .captures_iter(&template)
        .map(|c| arg_link(c.get(1), c.get(2), how(c.get(3))))
        .collect();
    for (c, body) in with_get_bodies(&template) {
        for d in DOT.captures_iter(body) {
            out.push(arg_link(c.get(1), c.get(2), how(d.get(1))));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The arguments a template renders as Markdown, written out as HTML: the
/// value of `.Get` piped or passed straight to `markdownify` or the page's
/// `RenderString` (`{{ .Get "caption" | markdownify }}`, `{{ markdownify
/// (.Get 0) }}`), as `.` inside `{{ with .Get "caption" }}`, or through a
/// variable set from it once (`{{ $c := .Get "caption" | default "" }}` …
/// `{{ $c | markdownify }}`). Only `safeHTML` or `emojify` may follow, which
/// keep its links (`plainify` drops them).
pub(crate) fn markdown_args(template: &str) -> Vec<ArgLink> {
    const RENDER: &str = r"(markdownify|\$?\.Page\.RenderString)";
    const KEEPS: &str = r"(?:\s*\|\s*(?:safeHTML|emojify))*\s*-?\}\}";
    static PIPE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(r"\{{\{{-?\s*{GET}\s*\|\s*{RENDER}{KEEPS}"))
            .expect("a valid pattern")
    });
    static CALL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(r"\{{\{{-?\s*{RENDER}\s+\(\s*{GET}\s*\){KEEPS}"))
            .expect("a valid pattern")
    });
    static ASSIGN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r"\{{\{{-?\s*(\$[A-Za-z0-9_]+)\s*:=\s*{GET}\s*(?:\|\s*default\b[^{{}}|]*)*-?\}}\}}"
        ))
        .expect("a valid pattern")
    });
    let template = strip_comments(template);
    let how = |render: &str| {
        if render == "markdownify" {
            ArgHow::Markdown
        } else {
            ArgHow::PageMarkdown
        }
    };
    let mut out = Vec::new();
    for c in PIPE.captures_iter(&template) {
        out.push(arg_link(c.get(1), c.get(2), how(&c[3])));
    }
    for c in CALL.captures_iter(&template) {
        out.push(arg_link(c.get(2), c.get(3), how(&c[1])));
    }
    // `.` (in a `with`) or a variable, rendered.
    let rendered = |value: &str, text: &str| -> Vec<String> {
        let v = regex::escape(value);
        let pattern = format!(r"\{{\{{-?\s*(?:{v}\s*\|\s*{RENDER}|{RENDER}\s+{v}){KEEPS}");
        let re = regex::Regex::new(&pattern).expect("a valid pattern");
        re.captures_iter(text)
            .filter_map(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().to_string()))
            .collect()
    };
    for (c, body) in with_get_bodies(&template) {
        for render in rendered(".", body) {
            out.push(arg_link(c.get(1), c.get(2), how(&render)));
        }
    }
    for c in ASSIGN.captures_iter(&template) {
        let var = &c[1];
        // A variable set again may hold something else by the time it is rendered.
        let set_again = regex::Regex::new(&format!(r"{}\s*=[^=]", regex::escape(var)))
            .expect("a valid pattern");
        if set_again.is_match(&template) {
            continue;
        }
        for render in rendered(var, &template) {
            out.push(arg_link(c.get(2), c.get(3), how(&render)));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Hugo's own shortcodes that write nothing: `comment` (deprecated, still
/// embedded in 0.168) reads its inner text and drops it.
const EMBEDDED_SILENT: &[&str] = &["comment"];

/// A shortcode's name as templates are looked up by: Hugo matches a call's
/// name (`{{< Figure >}}`, `{{% relRef %}}`) to a template's in any case.
fn key(name: &str) -> String {
    name.trim_matches('/').to_lowercase()
}

impl ShortcodeTemplates {
    /// Every template below `layouts/_shortcodes/` and `layouts/shortcodes/` of the site and its themes.
    pub(crate) fn find(root: &Path, hugo: &HugoConfig) -> ShortcodeTemplates {
        let mut by_name: FxHashMap<String, Writes> = FxHashMap::default();
        let mut loud = rustc_hash::FxHashSet::default();
        let mut silent = rustc_hash::FxHashSet::default();
        let mut ids: FxHashMap<String, Vec<String>> = FxHashMap::default();
        let mut ids_beside_computed: FxHashMap<String, Vec<String>> = FxHashMap::default();
        let mut args: FxHashMap<String, Vec<ArgLink>> = FxHashMap::default();
        let mut anchored = rustc_hash::FxHashSet::default();
        let mut renders_files = rustc_hash::FxHashSet::default();
        let mut inner_markdownify = rustc_hash::FxHashSet::default();
        let mut prints_content = false;
        let mut file_templates: FxHashMap<String, Vec<String>> = FxHashMap::default();
        let dirs = crate::links::render_hook::layout_dirs(root, hugo);
        let partial = |name: &str| {
            dirs.iter().find_map(|d| {
                ["_partials", "partials"]
                    .iter()
                    .find_map(|sub| std::fs::read_to_string(d.join(sub).join(name)).ok())
            })
        };
        for layouts in &dirs {
            for sub in ["_shortcodes", "shortcodes"] {
                let dir = layouts.join(sub);
                let mut files = Vec::new();
                list(&dir, &dir, &mut files);
                for (name, text) in files {
                    // Hugo matches a call's name to a template's in any case.
                    let name = name.to_lowercase();
                    let w = writes(&text);
                    if !writes_no_anchor(&text, &partial, 0) {
                        anchored.insert(name.clone());
                    }
                    // A template that also computes ids (`id="tab-{{ $i }}"`)
                    // writes anchors nobody can list: its fixed ones count
                    // only on a page with anchors of its own (see
                    // `ids_beside_computed`).
                    let (fixed, computed) = html_ids(&text);
                    if !fixed.is_empty() {
                        let slot = if computed {
                            &mut ids_beside_computed
                        } else {
                            &mut ids
                        };
                        slot.entry(name.clone()).or_default().extend(fixed);
                    }
                    let slot = args.entry(name.clone()).or_default();
                    slot.extend(link_args(&text));
                    slot.extend(markdown_args(&text));
                    let files = super::included_files::file_args(&text);
                    slot.extend(files.into_iter().map(|(name, position)| ArgLink {
                        name,
                        position,
                        how: ArgHow::IncludedFile,
                        content: None,
                    }));
                    let contents = super::included_files::content_args(&text);
                    prints_content |= !contents.is_empty();
                    slot.extend(
                        contents
                            .into_iter()
                            .map(|(name, position, lookup)| ArgLink {
                                name,
                                position,
                                how: ArgHow::IncludedContent,
                                content: Some(lookup),
                            }),
                    );
                    if super::included_files::renders_a_file(&text) {
                        renders_files.insert(name.clone());
                        file_templates
                            .entry(name.clone())
                            .or_default()
                            .push(text.clone());
                    }
                    if super::included_files::inner_through_markdownify(&text) {
                        inner_markdownify.insert(name.clone());
                    }
                    slot.sort();
                    slot.dedup();
                    if writes_nothing(&text) {
                        silent.insert(name.clone());
                    } else {
                        loud.insert(name.clone());
                    }
                    // Several files for one name (formats, languages): the loudest counts.
                    let slot = by_name.entry(name).or_insert(w);
                    *slot = (*slot).max(w);
                }
            }
        }
        silent.retain(|n| !loud.contains(n));
        args.retain(|_, v| !v.is_empty());
        let anchor_free = by_name
            .keys()
            .filter(|n| !anchored.contains(*n))
            .cloned()
            .collect();
        ShortcodeTemplates {
            by_name,
            silent,
            ids,
            ids_beside_computed,
            link_args: args,
            anchor_free,
            renders_files,
            inner_markdownify,
            prints_content,
            file_templates,
        }
    }

    /// Whether a call of `name` renders its inner text through `markdownify`,
    /// as the home page's text (see [`super::included_files::inner_through_markdownify`]).
    pub(crate) fn inner_through_markdownify(&self, name: &str) -> bool {
        self.inner_markdownify.contains(&key(name))
    }

    /// Whether a call of `name` with `args` surely renders no file as
    /// Markdown, whatever it reads: each of its templates takes, for these
    /// arguments, only paths without such a render (see
    /// [`super::included_files::renders_no_file_for`]).
    pub(crate) fn renders_no_file_for(
        &self,
        name: &str,
        args: &super::included_files::CallArgs,
    ) -> bool {
        self.file_templates.get(&key(name)).is_some_and(|ts| {
            ts.iter()
                .all(|t| super::included_files::renders_no_file_for(t, args))
        })
    }

    /// Whether a call of `name` may render another file into the page (its
    /// headings then are the page's; see [`super::included_files`]).
    pub(crate) fn renders_a_file(&self, name: &str) -> bool {
        self.renders_files.contains(&key(name))
    }

    /// Whether any shortcode of the site renders another file.
    pub(crate) fn any_renders_a_file(&self) -> bool {
        !self.renders_files.is_empty() || self.prints_content
    }

    /// Whether a call of `name` surely writes no anchor of its own: the
    /// site's templates for it write none (see [`writes_no_anchor`]), or it
    /// has none and Hugo's embedded one writes none.
    pub(crate) fn writes_no_anchor(&self, name: &str) -> bool {
        let name = key(name);
        self.anchor_free.contains(&name)
            || (!self.by_name.contains_key(&name) && EMBEDDED_ANCHOR_FREE.contains(&name.as_str()))
    }

    /// The arguments of a call of `name` that its template writes as links:
    /// the site's templates for it, or Hugo's embedded one where it has none.
    pub(crate) fn link_args(&self, name: &str) -> Vec<ArgLink> {
        let name = &key(name);
        if self.by_name.contains_key(name) {
            return self.link_args.get(name).cloned().unwrap_or_default();
        }
        embedded_link_args(name)
            .iter()
            .map(|&(n, how)| ArgLink {
                name: Some(n.to_string()),
                position: 0,
                how,
                content: None,
            })
            .collect()
    }

    /// The ids a call of `name` writes whatever its arguments: those its
    /// templates hold as plain text, when they compute none.
    pub(crate) fn ids_written(&self, name: &str) -> &[String] {
        self.ids.get(&key(name)).map_or(&[], Vec::as_slice)
    }

    /// The ids a call of `name` writes whatever its arguments, of templates
    /// that also compute some: anchors of a page that has others anyway.
    pub(crate) fn ids_beside_computed(&self, name: &str) -> &[String] {
        self.ids_beside_computed
            .get(&key(name))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether a call of `name` writes nothing, its inner text included: the
    /// site's templates for it all write nothing, or it has none and Hugo's
    /// embedded one does not.
    pub(crate) fn drops_inner(&self, name: &str) -> bool {
        let name = key(name);
        self.silent.contains(&name)
            || (!self.by_name.contains_key(&name) && EMBEDDED_SILENT.contains(&name.as_str()))
    }

    /// What the template of the shortcode called `name` can write.
    pub(crate) fn writes(&self, name: &str) -> Writes {
        self.by_name
            .get(&key(name))
            .copied()
            .unwrap_or(Writes::Anything)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// What link results depend on, for the run fingerprint.
    pub(crate) fn digest_into(&self, h: &mut String) {
        // The tables are hash maps: sorted, so that the digest is the same each run.
        fn sorted<T: Ord>(items: impl Iterator<Item = T>) -> Vec<T> {
            let mut v: Vec<T> = items.collect();
            v.sort();
            v
        }
        h.push_str(&format!(
            "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}",
            sorted(self.by_name.iter()),
            sorted(self.silent.iter()),
            sorted(self.ids.iter()),
            sorted(self.ids_beside_computed.iter()),
            sorted(self.link_args.iter()),
            sorted(self.anchor_free.iter()),
            sorted(self.renders_files.iter()),
            sorted(self.inner_markdownify.iter()),
        ));
    }
}

/// `(name, text)` of every template file below `dir`; the name is its path
/// below `root` up to the first dot of the file name (`docs/intro.en.html` → `docs/intro`).
fn list(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            list(root, &p, out);
            continue;
        }
        let (Ok(rel), Ok(text)) = (p.strip_prefix(root), std::fs::read_to_string(&p)) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let (dir, file) = rel.rsplit_once('/').unwrap_or(("", &rel));
        let stem = file.split('.').next().unwrap_or(file);
        let name = if dir.is_empty() {
            stem.to_string()
        } else {
            format!("{dir}/{stem}")
        };
        out.push((name, text));
    }
}

/// Template calls and fields that bring in text from elsewhere: another
/// file, other pages or content, site data, the call's inner text.
const ELSEWHERE: &[&str] = &[
    "readFile",
    ".Content",
    "RenderString",
    "markdownify",
    "partial",
    "template ",
    "GetPage",
    ".Site",
    "site.",
    "hugo.Data",
    ".Data",
    "getJSON",
    "getCSV",
    "transform.",
    "resources.",
    ".Resources",
    ".Inner",
    "i18n",
    "T \"",
    "os.",
    "Scratch",
    "Store",
];

/// Hugo's embedded shortcodes (0.168) that write no anchor: media, a
/// disclosure around the call's inner text, a page or site parameter.
const EMBEDDED_ANCHOR_FREE: &[&str] = &[
    "comment", "details", "figure", "param", "qr", "vimeo", "youtube",
];

/// Site values that are URLs or names, never a heading or an id.
const PLAIN_SITE_VALUES: &[&str] = &[".Site.BaseURL", "site.BaseURL", ".Site.Title", "site.Title"];

/// `text` without the reads of [`PLAIN_SITE_VALUES`].
fn without_plain_site_values(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for v in PLAIN_SITE_VALUES {
        if out.contains(v) {
            out = Cow::Owned(out.replace(v, ""));
        }
    }
    out
}

/// Whether a template surely writes no anchor (an `id`, a `{#id}`
/// attribute, or text from elsewhere that may hold headings); the text it
/// renders from the call's inner text or arguments (`.Inner`,
/// `markdownify`, `RenderString`) is the page's own, and a partial named as
/// a literal is read in turn (`partial`: the file of a partial by its name).
pub(crate) fn writes_no_anchor(
    template: &str,
    partial: &dyn Fn(&str) -> Option<String>,
    depth: usize,
) -> bool {
    static CALL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\bpartial(?:Cached)?\s+(?:"([^"]+)")?"#).expect("a valid pattern")
    });
    let text = strip_comments(template);
    let text = without_plain_site_values(&text);
    let lower = text.to_ascii_lowercase();
    if lower.contains("id=") || lower.contains("id =") || text.contains("{#") {
        return false;
    }
    let own = [".Inner", "markdownify", "RenderString", "partial"];
    if ELSEWHERE
        .iter()
        .any(|s| !own.contains(s) && text.contains(s))
    {
        return false;
    }
    CALL.captures_iter(&text).all(|c| {
        let Some(name) = c.get(1).map(|m| m.as_str()) else {
            // A partial whose name is computed: any of them.
            return false;
        };
        let file = if name.contains('.') {
            name.to_string()
        } else {
            format!("{name}.html")
        };
        depth < 8 && partial(&file).is_some_and(|t| writes_no_anchor(&t, partial, depth + 1))
    })
}

/// Template text that reads the calling page's own values.
const PAGE_VALUES: &[&str] = &[".Params", ".Param", ".Get", ".Title", ".Description"];

/// What a template's text can write (comments left out).
pub(crate) fn writes(template: &str) -> Writes {
    let text = strip_comments(template);
    let text = without_plain_site_values(&text);
    let lower = text.to_ascii_lowercase();
    let literal_heading = literal(&text)
        .lines()
        .any(|l| l.trim_start().starts_with('#'));
    let html_heading = (1..=6).any(|n| lower.contains(&format!("<h{n}")));
    let id = lower.contains("id=") || lower.contains("id =") || text.contains("{#");
    if literal_heading || html_heading || id || ELSEWHERE.iter().any(|s| text.contains(s)) {
        return Writes::Anything;
    }
    if PAGE_VALUES.iter().any(|s| text.contains(s)) {
        Writes::PageValues
    } else {
        Writes::Plain
    }
}

/// The `id="…"` attribute values a template writes as plain text, outside
/// template comments, and whether it writes one it computes (a template
/// action inside the value, or the whole value an action).
pub(crate) fn html_ids(template: &str) -> (Vec<String>, bool) {
    let text = strip_comments(template);
    let mut out = Vec::new();
    let mut computed = false;
    let mut rest = text.as_str();
    while let Some(i) = rest.find("id=") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 3..];
        // `id=` as an attribute name of its own, not `data-id=` or `grid=`.
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            computed |= rest.starts_with("{{");
            continue;
        };
        let Some(end) = rest[1..].find(q) else {
            break;
        };
        let value = &rest[1..1 + end];
        if value.contains("{{") {
            computed = true;
        } else if !value.is_empty() {
            out.push(value.to_string());
        }
        rest = &rest[1 + end..];
    }
    (out, computed)
}

/// Whether a template writes nothing at all: besides template comments and
/// white space, only actions that assign variables or log (`warnf`, `errorf`),
/// which write no text.
pub(crate) fn writes_nothing(template: &str) -> bool {
    let text = strip_comments(template);
    if !literal(&text).trim().is_empty() {
        return false;
    }
    let mut rest = text.as_str();
    while let Some(i) = rest.find("{{") {
        let Some(j) = rest[i..].find("}}") else {
            return false;
        };
        let action = rest[i + 2..i + j]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        let assigns = action.starts_with('$')
            && action
                .split_whitespace()
                .nth(1)
                .is_some_and(|op| op == ":=" || op == "=");
        let logs = [
            "warnf ",
            "warnidf ",
            "errorf ",
            "erroridf ",
            "infof ",
            "debugf ",
        ]
        .iter()
        .any(|f| action.starts_with(f));
        if !(action.is_empty() || assigns || logs) {
            return false;
        }
        rest = &rest[i + j + 2..];
    }
    true
}

/// Whether values of a page (its front matter text, a call's arguments) may
/// hold a heading or an id once written out as Markdown.
pub(crate) fn values_may_hold_heading(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    text.lines().any(|l| {
        l.trim_start()
            .trim_start_matches(['-', '|', '>', '"', '\'', ' '])
            .starts_with('#')
    }) || (1..=6).any(|n| lower.contains(&format!("<h{n}")))
        || lower.contains("id=")
        || text.contains("{#")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_a_template_writes_as_they_are() {
        let t = "{{/* <b id=\"note\"> */}}<h1 class=\"x\" id=\"libraries\">{{ .Get 0 }}</h1>\n\
                 {{ range . }}<h2 id=\"lib-{{ urlize . }}\">{{ . }}</h2>{{ end }}\n\
                 <div data-id=\"no\" id='projects'></div>";
        assert_eq!(
            html_ids(t),
            (vec!["libraries".into(), "projects".into()], true)
        );
        assert_eq!(html_ids("<p>no ids</p>"), (vec![], false));
        assert_eq!(html_ids("<p id={{ .Get 0 }}>x</p>"), (vec![], true));
        assert_eq!(
            html_ids("<p id=\"a\">{{ .Inner }}</p>"),
            (vec!["a".into()], false)
        );
    }

    #[test]
    fn arguments_a_template_writes_as_links() {
        let arg = |name: Option<&str>, position, how| ArgLink {
            name: name.map(String::from),
            position,
            how,
            content: None,
        };
        assert_eq!(
            link_args(r#"<a href="{{ .Get "url" }}">x</a><img src="{{- .Get 1 | relURL -}}">"#),
            [
                arg(None, 1, ArgHow::FromRoot),
                arg(Some("url"), 0, ArgHow::AsIs)
            ]
        );
        assert_eq!(
            link_args(r#"{{ with .Get "more" }}<a href="{{ . }}">more</a>{{ end }}"#),
            [arg(Some("more"), 0, ArgHow::AsIs)]
        );
        // Not the whole value, or `.` no longer the argument.
        assert!(link_args(r#"<a href="/x/{{ .Get "id" }}">x</a>"#).is_empty());
        assert!(link_args(
            r#"{{ with .Get "a" }}{{ range .Site.Pages }}<a href="{{ . }}">{{ end }}{{ end }}"#
        )
        .is_empty());
        assert!(link_args(r#"{{/* <a href="{{ .Get "url" }}"> */}}"#).is_empty());
    }

    #[test]
    fn arguments_a_template_renders_as_markdown() {
        let arg = |name: Option<&str>, position, how| ArgLink {
            name: name.map(String::from),
            position,
            how,
            content: None,
        };
        let md = ArgHow::Markdown;
        assert_eq!(
            markdown_args(
                r#"<p>{{- .Get "caption" | markdownify -}}</p>{{ markdownify (.Get 1) | safeHTML }}"#
            ),
            [arg(None, 1, md), arg(Some("caption"), 0, md)]
        );
        assert_eq!(
            markdown_args(
                r#"{{ with .Get "note" }}<div>{{ . | $.Page.RenderString }}</div>{{ end }}"#
            ),
            [arg(Some("note"), 0, ArgHow::PageMarkdown)]
        );
        // Through a variable set once, with defaults; `emojify` keeps links.
        let t = r#"{{ $c := .Get "caption" | default (.Get "title") | default "" }}
                   {{ $alt := $c | plainify }}<figcaption>{{ $c | markdownify | emojify }}</figcaption>"#;
        assert_eq!(markdown_args(t), [arg(Some("caption"), 0, md)]);
        for none in [
            // `plainify` drops the links; a part of the value; set again; in a comment.
            r#"<img alt="{{ .Get "caption" | markdownify | plainify }}">"#,
            r#"{{ printf "x %s" (.Get "a") | markdownify }}"#,
            r#"{{ $c := .Get "a" }}{{ $c = "other" }}{{ $c | markdownify }}"#,
            r#"{{/* {{ .Get "a" | markdownify }} */}}"#,
            r#"{{ with .Get "a" }}{{ range site.Pages }}{{ . | markdownify }}{{ end }}{{ end }}"#,
        ] {
            assert!(markdown_args(none).is_empty(), "{none}");
        }
        // Hugo's embedded figure, where the site has none.
        let none = ShortcodeTemplates::default();
        let wanted = none.link_args("figure");
        assert!(wanted.contains(&arg(Some("caption"), 0, md)));
        assert!(wanted.contains(&arg(Some("attr"), 0, md)));
    }

    #[test]
    fn templates_that_write_nothing() {
        let drop = "{{/* Hides a part of the page. */}}\n{{- $unused := .Inner -}}\n{{- warnf \"%q is old\" .Name -}}\n";
        assert!(writes_nothing(drop));
        assert!(writes_nothing(""));
        for writes in [
            "{{ .Inner }}",
            "{{- $x := .Inner -}}{{ $x }}",
            "{{ $x := 1 }}<br>",
            "{{ if .Inner }}{{ end }}x",
        ] {
            assert!(!writes_nothing(writes), "{writes}");
        }
        // Hugo's embedded `comment`, unless the site has its own.
        let none = ShortcodeTemplates::default();
        assert!(none.drops_inner("comment") && none.drops_inner("/comment"));
        assert!(!none.drops_inner("note"));
        let mut own = ShortcodeTemplates::default();
        own.by_name.insert("comment".into(), Writes::Anything);
        assert!(!own.drops_inner("comment"));
    }

    #[test]
    fn what_a_template_can_write() {
        // A row of cards from the page's params: only the page's values.
        let cards = "{{/* Cards.\n# not a heading: a comment */ -}}\n{{ $c := index .Page.Params (.Get 0) }}\n<div class=\"row\">\n{{ range $c }}<div class=\"card\">\n\n  {{ .title | safeHTML }}\n</div>{{ end }}\n</div>\n";
        assert_eq!(writes(cards), Writes::PageValues);
        assert_eq!(writes("<span class=\"badge\">new</span>\n"), Writes::Plain);
        // The site's base URL is an address, never a heading.
        assert_eq!(
            writes("<a href=\"{{ .Site.BaseURL }}\">home</a>"),
            Writes::Plain
        );
        for loud in [
            "## Installing\n",
            "<h3>Steps</h3>",
            "<div id=\"steps\"></div>",
            "{{ .Inner }}",
            "{{ readFile (.Get 0) | safeHTML }}",
            "{{ (site.GetPage (.Get 0)).Content }}",
            "{{ partial \"x.html\" . }}",
            "{{ index site.Data.items 0 }}",
        ] {
            assert_eq!(writes(loud), Writes::Anything, "{loud}");
        }
    }

    #[test]
    fn templates_that_write_no_anchor() {
        let partials = |name: &str| match name {
            "box.html" => Some("<div class=\"box\">{{ .text | markdownify }}</div>".to_string()),
            "anchor.html" => Some("<span id=\"{{ .id }}\"></span>".to_string()),
            _ => None,
        };
        for none in [
            "<span class=\"badge\">{{ .Get 0 }}</span>",
            "{{ .Inner | markdownify }}",
            "{{ partial \"box.html\" (dict \"text\" .Inner) }}",
            "{{ partial \"box\" . }}",
            "{{ $v := .Page.Param (.Get 0) | default .Site.BaseURL }}{{ $v }}",
            "{{/* id=\"commented\" */}}<hr>",
        ] {
            assert!(writes_no_anchor(none, &partials, 0), "{none}");
        }
        for some in [
            "<h2 id=\"usage\">Usage</h2>",
            "<p id=\"tab-{{ .Get 0 }}\"></p>",
            "{{ readFile (.Get 0) }}",
            "{{ range site.Data.items }}{{ . }}{{ end }}",
            "{{ partial \"anchor.html\" . }}",
            "{{ partial \"missing.html\" . }}",
            "{{ partial (printf \"%s.html\" (.Get 0)) . }}",
        ] {
            assert!(!writes_no_anchor(some, &partials, 0), "{some}");
        }
        // Hugo's embedded ones, where the site has no template of that name.
        let none = ShortcodeTemplates::default();
        assert!(none.writes_no_anchor("figure") && none.writes_no_anchor("YouTube"));
        assert!(!none.writes_no_anchor("highlight") && !none.writes_no_anchor("tabs"));
    }

    #[test]
    fn values_that_may_hold_a_heading() {
        assert!(!values_may_hold_heading(
            "title: Community\nchannels:\n  - title: Chat\n    desc: Talk to us\n"
        ));
        assert!(values_may_hold_heading("intro: |\n  ## Why\n  Because.\n"));
        assert!(values_may_hold_heading("note: '<h2>Why</h2>'\n"));
        // A YAML comment might be one: counted, to stay on the safe side.
        assert!(values_may_hold_heading("# a comment\ntitle: x\n"));
    }
}
