//! Links in a Markdown text, and the anchor ids of its headings.
//!
//! Markdown is parsed with pulldown-cmark; every link is reported with the
//! byte span of its *destination* text only, so a diagnostic can underline
//! exactly the URL. Hugo shortcodes are found first and hidden from the
//! Markdown parser behind same-length placeholders (Hugo also expands them
//! before rendering), so `[x]({{< ref "a.md" >}})` is still a link.
//!
//! One file per concern: [`shortcode_calls`] finds the shortcodes and masks
//! them; this file runs the Markdown pass (links from pulldown-cmark's
//! events, and the headings' anchors); [`destinations`] finds the span of
//! each destination as written; [`raw_html`] reads `href`/`src` in raw HTML.

mod destinations;
mod fences;
mod linkify;
mod raw_html;
mod shortcode_calls;
#[cfg(test)]
mod tests;

use crate::links::anchors::{AnchorRules, Anchors};
use crate::links::prefilter::{may_hold_bare_url, may_hold_heading, may_hold_links};
use crate::links::shortcodes::ShortcodeTemplates;
use crate::links::url::{classify, Class, Form, Internal};
use crate::types::{Include, Link, LinkKind};
use destinations::{definition_dest, inline_dest, use_label};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use raw_html::html_links;
use shortcode_calls::{
    find_shortcodes, mask, unescaped, writes_unseen_headings, MarkdownArg, Shortcode,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// The Markdown dialect Hugo's goldmark configuration is closest to.
///
/// Each extension changes which links or headings some text has (see the
/// test `every_extension_changes_what_is_found`), and together they cost
/// little of the parsing: none is worth turning off.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Every link in `body`, with spans shifted by `base` (the body's offset in the page).
///
/// Found: inline links and images, reference definitions, reference-style uses
/// (resolved to their definition, see [`Link::defined_at`]), autolinks,
/// `href`/`src` attributes in raw HTML, and `ref`/`relref` shortcodes.
/// Nothing inside code spans or code blocks is a link, except a `ref`/`relref`
/// shortcode: Hugo expands shortcodes everywhere (see below).
/// The result is sorted by span start.
pub fn body_links(body: &str, base: usize) -> Vec<Link> {
    // Called for every front matter string, most of which hold no link:
    // the pre-check is inlined here, ahead of the parse.
    if !may_hold_links(body) {
        return Vec::new();
    }
    parse_links_and_headings(body, base, None).0
}

/// [`body_links`] and, with `anchors`, the page's [`anchor_ids`], from one
/// Markdown pass when the body has no shortcodes (links are found in the
/// body with shortcodes masked, anchors in the body as written).
pub fn links_and_headings(
    body: &str,
    base: usize,
    anchors: Option<&AnchorRules>,
) -> (Vec<Link>, Vec<String>) {
    // A bare URL is a link too where linkify is on (a body whose only link
    // is one was skipped before).
    let worth_parsing = may_hold_links(body)
        || anchors
            .is_some_and(|r| may_hold_anchor(body, r) || (r.linkify && may_hold_bare_url(body)));
    if !worth_parsing {
        return (Vec::new(), Vec::new());
    }
    parse_links_and_headings(body, base, anchors)
}

/// Whether a body without links may still have an anchor under `rules`.
fn may_hold_anchor(body: &str, rules: &AnchorRules) -> bool {
    may_hold_heading(body) || rules.term_ids || rules.block_attributes
}

/// [`links_and_headings`], always parsing `body`.
fn parse_links_and_headings(
    body: &str,
    base: usize,
    anchors: Option<&AnchorRules>,
) -> (Vec<Link>, Vec<String>) {
    match anchors {
        Some(rules) => {
            let linkify = Linkify::both(rules.linkify);
            parse_with(body, base, anchors, &rules.shortcodes, linkify)
        }
        None => parse_with(
            body,
            base,
            None,
            &ShortcodeTemplates::default(),
            Linkify::both(true),
        ),
    }
}

/// Where bare URLs are links: in the text parsed (`text`), and in the
/// shortcode arguments a template renders as Markdown (`args`: the site's
/// `linkify`, whatever the text is).
#[derive(Debug, Clone, Copy)]
struct Linkify {
    text: bool,
    args: bool,
}

impl Linkify {
    fn both(on: bool) -> Linkify {
        Linkify { text: on, args: on }
    }
}

/// [`parse_links_and_headings`] with the site's shortcode `templates`.
fn parse_with(
    body: &str,
    base: usize,
    anchors: Option<&AnchorRules>,
    templates: &ShortcodeTemplates,
    linkify: Linkify,
) -> (Vec<Link>, Vec<String>) {
    let shortcodes = find_shortcodes(body, templates);
    let default_rules = AnchorRules::default();
    let mut ids = Anchors::new(anchors.unwrap_or(&default_rules));
    let same_text = shortcodes.is_empty();
    let mut ids_apart = None;
    if let Some(rules) = anchors.filter(|_| !same_text) {
        // Headings a shortcode writes may be unknown: then so is every anchor.
        ids_apart = Some(known_anchor_ids(body, &shortcodes, rules).unwrap_or_default());
    }
    let track_headings = anchors.is_some() && same_text;
    let masked = mask(body, &shortcodes);
    // `{{< param key >}}` calls whose value is known: inside a destination
    // they are filled in, not a reason to leave the link out.
    let filled: Vec<(Range<usize>, &str)> = match anchors {
        Some(rules) if !rules.params.is_empty() => shortcodes
            .iter()
            .filter_map(|s| Some((s.range.clone(), param_value(body, s, &rules.params)?)))
            .collect(),
        _ => Vec::new(),
    };
    let hides_shortcode = |r: &Range<usize>| {
        shortcodes.iter().any(|s| {
            let overlaps = s.range.start < r.end.max(r.start + 1) && r.start < s.range.end;
            let inside = r.start <= s.range.start && s.range.end <= r.end;
            overlaps && !(inside && filled.iter().any(|(f, _)| *f == s.range))
        })
    };
    let headings = track_headings.then_some((body, &mut ids));
    let mut out = markdown_links(&masked, headings, &hides_shortcode, linkify.text);
    if !filled.is_empty() {
        fill_params(body, &filled, &mut out);
    }
    shortcode_links(body, &shortcodes, templates, linkify.args, &mut out);

    out.sort_by_key(|l| (l.span().start, l.span().end));
    for l in &mut out {
        let span = l.span();
        l.set_span(span.start + base..span.end + base);
        if let Some(d) = l.defined_at() {
            l.set_defined_at(Some(d.start + base..d.end + base));
        }
    }
    (out, ids_apart.unwrap_or_else(|| ids.finish()))
}

/// The value of shortcode call `s` when it is `{{< param key >}}` (or
/// `{{% … %}}`) and `params` knows the key.
fn param_value<'p>(body: &str, s: &Shortcode, params: &'p [(String, String)]) -> Option<&'p str> {
    if s.whole || s.inner.is_some() || !body[s.name.clone()].eq_ignore_ascii_case("param") {
        return None;
    }
    let call = body.get(s.name.end..s.range.end)?;
    let args = call
        .trim_end_matches("}}")
        .trim_end_matches(['>', '%'])
        .trim_end_matches('-')
        .trim();
    let key = args.trim_matches(['"', '`']);
    if key.is_empty() || key.contains(char::is_whitespace) || key.contains(['"', '`']) {
        return None;
    }
    let key = key.to_lowercase();
    params
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
}

/// Links whose destination (or whose reference definition's) holds filled
/// `param` calls get the destination as written with the values in their
/// place: Hugo writes the value where the call was, after any link hook
/// (which saw a placeholder, so looked nothing up).
fn fill_params(body: &str, filled: &[(Range<usize>, &str)], out: &mut [Link]) {
    let text_of = |r: &Range<usize>| -> Option<String> {
        let inner: Vec<&(Range<usize>, &str)> = filled
            .iter()
            .filter(|(f, _)| r.start <= f.start && f.end <= r.end)
            .collect();
        if inner.is_empty() {
            return None;
        }
        let mut s = String::new();
        let mut at = r.start;
        for (f, v) in inner {
            s.push_str(body.get(at..f.start)?);
            s.push_str(v);
            at = f.end;
        }
        s.push_str(body.get(at..r.end)?);
        Some(s.trim().to_string())
    };
    for l in out.iter_mut() {
        let from = l.defined_at().unwrap_or_else(|| l.span());
        let Some(url) = text_of(&from) else {
            continue;
        };
        let mut new = match l.text() {
            Some(text) => Link::with_text(&url, text, l.span(), l.kind),
            None => Link::new(url, l.span(), l.kind),
        };
        new.set_defined_at(l.defined_at());
        *l = new;
    }
}

/// A link or image being read: from its start event to its end.
struct Open<'a> {
    /// The destination as pulldown-cmark read it.
    dest: CowStr<'a>,
    kind: LinkKind,
    range: Range<usize>,
    /// The furthest end of an event inside its text.
    inner_end: usize,
    text: String,
    image: bool,
    link_type: LinkType,
    /// A reference link's label, as pulldown-cmark matched it.
    label: CowStr<'a>,
}

/// The links of Markdown `text` (shortcodes masked), but those `hides_shortcode`
/// says a shortcode hides; with `headings` (the body as written), every event
/// also goes to its anchor ids; `linkify`: bare URLs in text are links.
fn markdown_links(
    text: &str,
    mut headings: Option<(&str, &mut Anchors<'_>)>,
    hides_shortcode: &dyn Fn(&Range<usize>) -> bool,
    linkify: bool,
) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    let mut bare = linkify::BareUrls::new(linkify);

    let mut parser = Parser::new_ext(text, options()).into_offset_iter();
    // The destination span of each reference definition, by the start of the
    // definition. pulldown-cmark keeps only the first definition of a label,
    // as goldmark does.
    let mut defs: HashMap<usize, Range<usize>> = HashMap::new();
    for (_, def) in parser.reference_definitions().iter() {
        if let Some(dest) = definition_dest(text, def.span.clone(), &def.dest) {
            defs.insert(def.span.start, dest.clone());
            if !hides_shortcode(&dest) {
                out.push(Link::new(&*def.dest, dest, LinkKind::Reference));
            }
        }
    }

    let mut open: Vec<Open> = Vec::new();
    let mut html_block: Option<usize> = None;

    while let Some((event, range)) = parser.next() {
        if let Some((body, ids)) = headings.as_mut() {
            ids.event(body, &event, range.clone());
        }
        // Everything inside a link's text pushes its known end forward (the
        // link's own End event starts where the link starts and is skipped).
        for o in open.iter_mut() {
            if range.start > o.range.start {
                o.inner_end = o.inner_end.max(range.end);
            }
        }
        bare.event(text, &event, range.clone(), open.is_empty());
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                let image = text[range.clone()].starts_with("![");
                let inner_start = range.start + if image { 2 } else { 1 };
                let kind = if image {
                    LinkKind::Image
                } else {
                    LinkKind::Markdown
                };
                open.push(Open {
                    dest: dest_url,
                    kind,
                    range: range.clone(),
                    inner_end: inner_start,
                    text: String::new(),
                    image,
                    link_type,
                    label: id,
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                let Some(o) = open.pop() else { continue };
                // The definition pulldown-cmark took a reference's URL from:
                // labels match after Unicode case folding and with runs of
                // ASCII white space as one space (block quote markers in a
                // label's line break skipped), the same as goldmark (Hugo)
                // matches them.
                let reference = matches!(
                    o.link_type,
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                );
                let defined_at = reference
                    .then(|| parser.reference_definitions().get(&o.label))
                    .flatten()
                    .and_then(|def| defs.get(&def.span.start))
                    .cloned();
                if let Some(link) = finish_link(text, o, defined_at, hides_shortcode) {
                    out.push(link);
                }
            }
            Event::Text(t) => {
                for o in open.iter_mut() {
                    o.text.push_str(&t);
                }
            }
            Event::Code(t) => {
                for o in open.iter_mut() {
                    o.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                for o in open.iter_mut() {
                    o.text.push(' ');
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some(range.start),
            Event::End(TagEnd::HtmlBlock) => {
                let start = html_block.take().unwrap_or(range.start);
                html_links(text, start..range.end, &mut out, hides_shortcode);
            }
            Event::InlineHtml(_) => html_links(text, range, &mut out, hides_shortcode),
            Event::Html(_) if html_block.is_none() => {
                html_links(text, range, &mut out, hides_shortcode)
            }
            _ => {}
        }
    }
    out.extend(bare.shown(hides_shortcode));
    out
}

/// The link `o` ends, with its destination's exact span; `None` for a link
/// whose destination cannot be placed or that a shortcode hides.
fn finish_link(
    text: &str,
    o: Open<'_>,
    defined_at: Option<Range<usize>>,
    hides_shortcode: &dyn Fn(&Range<usize>) -> bool,
) -> Option<Link> {
    let r = o.range.clone();
    let mut url: Cow<'_, str> = Cow::Borrowed(&o.dest);
    let (kind, span, defined_at) = match o.link_type {
        LinkType::Inline => (
            o.kind,
            inline_dest(text, o.inner_end, r.end, &o.dest)?,
            None,
        ),
        LinkType::Autolink | LinkType::Email => {
            if o.link_type == LinkType::Email && !o.dest.contains(':') {
                url = Cow::Owned(format!("mailto:{}", &*o.dest));
            }
            let span = r.start + 1..r.end.saturating_sub(1).max(r.start + 1);
            (LinkKind::Autolink, span, None)
        }
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
            let span = use_label(text, r.clone(), o.link_type, o.image);
            (o.kind, span, defined_at)
        }
        _ => return None,
    };
    if hides_shortcode(&span) || defined_at.as_ref().is_some_and(hides_shortcode) {
        return None;
    }
    let mut link = if kind == LinkKind::Autolink {
        Link::new(&*url, span, kind)
    } else {
        Link::with_text(&url, &o.text, span, kind)
    };
    link.set_defined_at(defined_at);
    Some(link)
}

/// The links shortcodes make: a `ref`/`relref` call's, the arguments its
/// template writes as links or renders as Markdown (`linkify`: the site's),
/// and those of the inner text of a block shortcode.
fn shortcode_links(
    body: &str,
    shortcodes: &[Shortcode],
    templates: &ShortcodeTemplates,
    linkify: bool,
    out: &mut Vec<Link>,
) {
    // Hugo expands shortcodes before Markdown, inside code spans and code
    // blocks too (only `{{</* … */>}}` is shown as written): a ref in code is
    // still resolved, and fails the build when it names no page.
    for sc in shortcodes {
        out.extend(sc.args.iter().cloned());
        for arg in &sc.markdown_args {
            out.extend(markdown_arg_links(body, arg, linkify));
        }
        if let Some(link) = &sc.link {
            let mut link = link.clone();
            // `({{< ref "page.md" >}}#id)`: the fragment follows the URL the ref writes.
            if !link.url().contains('#') {
                let after = &body[sc.range.end..];
                if let Some(rest) = after.strip_prefix('#') {
                    let end = rest
                        .find(|c: char| {
                            c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>')
                        })
                        .unwrap_or(rest.len());
                    link.set_url(&format!("{}#{}", link.url(), &rest[..end]));
                }
            }
            out.push(link);
        }
    }

    // The inner text of a `{{< name >}}…{{< /name >}}` block: never the
    // page's Markdown (one placeholder stands for the whole call there); its
    // template renders it as a document of its own, if at all.
    for sc in shortcodes {
        if let Some(inner) = &sc.inner {
            // A bare URL is a link only if the template renders the text as Markdown, and one
            // that shows it as code (`code-toggle`) is common: none is taken for a link.
            let linkify = Linkify {
                text: false,
                args: linkify,
            };
            let (mut links, _) =
                parse_with(&body[inner.clone()], inner.start, None, templates, linkify);
            if templates.inner_through_markdownify(&body[sc.name.clone()]) {
                for l in &mut links {
                    l.from_home = true;
                }
            }
            out.extend(links);
        }
    }
}

/// The links of a shortcode argument its template renders as Markdown, with
/// their spans in `body`: links, images and (`linkify`) bare URLs, as in a
/// text of their own. Through `markdownify` the text is the home page's: a
/// link hook resolves a relative link or a fragment against the home page,
/// and without one it stays relative to the page it lands on, so only links
/// from the root or with a scheme are taken.
fn markdown_arg_links(body: &str, arg: &MarkdownArg, linkify: bool) -> Vec<Link> {
    let (value, offsets) = unescaped(&body[arg.value.clone()]);
    let bare_url = linkify && may_hold_bare_url(&value);
    if !(bare_url || may_hold_links(&value)) {
        return Vec::new();
    }
    let at = |i: usize| arg.value.start + offsets[i];
    let mut links = markdown_links(&value, None, &|_| false, linkify);
    links.retain(|l| {
        arg.own_page
            || !matches!(
                classify(l.url(), &[]),
                Class::Fragment(_)
                    | Class::Internal(Internal {
                        form: Form::Relative,
                        ..
                    })
            )
    });
    for l in &mut links {
        let span = l.span();
        l.set_span(at(span.start)..at(span.end));
        l.set_defined_at(l.defined_at().map(|d| at(d.start)..at(d.end)));
    }
    links
}

/// Anchor ids of the headings of `body`, in order, as Hugo (goldmark with
/// `autoHeadingIDType = "github"` and heading attributes on) generates them.
///
/// Goldmark builds the id from the heading's *source* text (the last line of
/// a setext heading), not its rendered text: letters and digits lowercased
/// (any script), `_` kept, `-`, space and tab become `-`, everything else is
/// dropped; an empty id becomes `heading`. An id already taken gets `-1`,
/// `-2`, …. A trailing `{#id}` attribute sets the id explicitly.
pub fn heading_ids(body: &str) -> Vec<String> {
    anchor_ids(body, &AnchorRules::default())
}

/// Every anchor of `body` under `rules` (see [`super::anchors`]); none when
/// they are not all known (a `{{% … %}}` shortcode may write headings).
pub(crate) fn anchor_ids(body: &str, rules: &AnchorRules) -> Vec<String> {
    if !may_hold_anchor(body, rules) && !body.contains("[^") && !body.contains('<') {
        return Vec::new();
    }
    if !body.contains("{{") {
        return parse_anchor_ids(body, rules);
    }
    let shortcodes = find_shortcodes(body, &rules.shortcodes);
    known_anchor_ids(body, &shortcodes, rules).unwrap_or_default()
}

/// The files `body`'s shortcode calls render into the page (see
/// [`crate::links::included_files`]): a file read by its path in the content
/// tree (no leading `/`), or a page or bundle resource looked up as the
/// template does. Their headings are anchors of the page too.
pub(crate) fn included_files(body: &str, rules: &AnchorRules) -> Vec<Include> {
    if !rules.shortcodes.any_renders_a_file() || !body.contains("{{") {
        return Vec::new();
    }
    let mut out: Vec<Include> = find_shortcodes(body, &rules.shortcodes)
        .iter()
        .flat_map(|s| s.files.iter())
        .filter_map(|(v, lookup)| {
            let value = unescaped(&body[v.clone()]).0.trim().to_string();
            if value.is_empty() {
                return None;
            }
            Some(match lookup {
                None => Include::File(value.trim_start_matches('/').to_string()),
                Some(l) => {
                    let named = l.format.replace("%s", &value);
                    match &l.bundle {
                        Some(bundle) => Include::Resource {
                            bundle: bundle.clone(),
                            pattern: named,
                        },
                        None => Include::Page {
                            path: named,
                            relative: l.relative,
                        },
                    }
                }
            })
        })
        .filter(|i| !matches!(i, Include::File(p) if p.is_empty()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a page whose `body` [`anchor_ids`] finds no anchor in has none at
/// all: its body has text of its own (a page without any shows what its
/// layout writes) and no shortcode in it may write headings nobody can see.
pub(crate) fn surely_anchorless(body: &str, rules: &AnchorRules) -> bool {
    let own_text = without_html_comments(body);
    if own_text.trim().is_empty() {
        return false;
    }
    if !body.contains("{{") {
        return true;
    }
    let shortcodes = find_shortcodes(body, &rules.shortcodes);
    let writes_none = |s: &Shortcode| {
        let name = &body[s.name.clone()];
        s.link.is_some() || name.starts_with('/') || rules.shortcodes.writes_no_anchor(name)
    };
    shortcodes.iter().all(writes_none) && !writes_unseen_headings(body, &shortcodes, rules)
}

fn without_html_comments(body: &str) -> Cow<'_, str> {
    if !body.contains("<!--") {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => return Cow::Owned(out),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Each anchor of `body` that [`anchor_ids`] finds, with the offset in
/// `body` where it is set (its heading, term, block or HTML; a footnote's
/// first reference). An anchor a shortcode writes has no place of its own
/// and is left out.
pub(crate) fn anchor_places(body: &str, rules: &AnchorRules) -> Vec<(String, usize)> {
    let known = anchor_ids(body, rules);
    if known.is_empty() {
        return Vec::new();
    }
    let shortcodes = if body.contains("{{") {
        find_shortcodes(body, &rules.shortcodes)
    } else {
        Vec::new()
    };
    // Shortcodes masked byte for byte: offsets in the text are offsets in `body`.
    let text = mask(body, &shortcodes);
    let mut ids = Anchors::placed(rules);
    for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
        ids.event(&text, &event, range);
    }
    let (names, places) = ids.finish_placed();
    names
        .into_iter()
        .zip(places)
        .filter(|(id, _)| known.contains(id))
        .collect()
}

/// The anchors of `body` with its `shortcodes` found, or `None` when a
/// shortcode may write headings nobody can see. A call that stands for more
/// than itself (a block with inner text, an inline template, a `comment`) is
/// one placeholder in the page's Markdown, as Hugo has it; a block's inner
/// text is rendered apart, with anchors of its own.
fn known_anchor_ids(
    body: &str,
    shortcodes: &[Shortcode],
    rules: &AnchorRules,
) -> Option<Vec<String>> {
    if writes_unseen_headings(body, shortcodes, rules) {
        return None;
    }
    // Ids a shortcode's template writes as they are (HTML of a `{{< … >}}` call).
    let written = shortcodes
        .iter()
        .filter(|s| !s.whole || s.inner.is_some())
        .flat_map(|s| rules.shortcodes.ids_written(&body[s.name.clone()]))
        .cloned();
    let whole: Vec<Shortcode> = shortcodes.iter().filter(|s| s.whole).cloned().collect();
    let mut ids = if whole.is_empty() {
        parse_anchor_ids(body, rules)
    } else {
        parse_anchor_ids(&mask(body, &whole), rules)
    };
    ids.extend(written);
    for s in &whole {
        if let Some(inner) = &s.inner {
            let text = &body[inner.clone()];
            ids.extend(known_anchor_ids(
                text,
                &find_shortcodes(text, &rules.shortcodes),
                rules,
            )?);
        }
    }
    // Fixed ids of a template that also computes some: listed only beside
    // anchors of the page's own, which are checked anyway (a page without
    // any stays unchecked rather than half known).
    if !ids.is_empty() {
        let beside = shortcodes
            .iter()
            .filter(|s| !s.whole || s.inner.is_some())
            .flat_map(|s| rules.shortcodes.ids_beside_computed(&body[s.name.clone()]))
            .cloned();
        ids.extend(beside.collect::<Vec<_>>());
    }
    Some(ids)
}

/// [`anchor_ids`], always parsing `body`.
fn parse_anchor_ids(body: &str, rules: &AnchorRules) -> Vec<String> {
    let mut ids = Anchors::new(rules);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        ids.event(body, &event, range);
    }
    ids.finish()
}

/// [`heading_ids`], always parsing `body`.
#[cfg(test)]
fn parse_heading_ids(body: &str) -> Vec<String> {
    parse_anchor_ids(body, &AnchorRules::default())
}
