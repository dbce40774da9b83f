//! Links in a Markdown text, and the anchor ids of its headings.
//!
//! Markdown is parsed with pulldown-cmark; every link is reported with the
//! byte span of its *destination* text only, so a diagnostic can underline
//! exactly the URL. Hugo shortcodes are found first and hidden from the
//! Markdown parser behind same-length placeholders (Hugo also expands them
//! before rendering), so `[x]({{< ref "a.md" >}})` is still a link.

use super::anchors::{AnchorRules, Anchors};
use super::prefilter::{may_hold_heading, may_hold_links};
use super::shortcodes::{values_may_hold_heading, ShortcodeTemplates, Writes};
use crate::types::{Link, LinkKind};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// The Markdown dialect Hugo's goldmark configuration is closest to.
///
/// Each extension changes which links or headings some text has (see the
/// test `every_extension_changes_what_is_found`), and together they cost
/// about 1% of parsing (n10000 bodies: 871 M instructions with all of them,
/// 865 M with heading attributes only): none is worth turning off.
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
    let worth_parsing = may_hold_links(body) || anchors.is_some_and(|r| may_hold_anchor(body, r));
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
        Some(rules) => parse_with(body, base, anchors, &rules.shortcodes),
        None => parse_with(body, base, None, &ShortcodeTemplates::default()),
    }
}

/// [`parse_links_and_headings`] with the site's shortcode `templates`.
fn parse_with(
    body: &str,
    base: usize,
    anchors: Option<&AnchorRules>,
    templates: &ShortcodeTemplates,
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
    let text: &str = &masked;
    let hides_shortcode = |r: &Range<usize>| {
        shortcodes
            .iter()
            .any(|s| s.range.start < r.end.max(r.start + 1) && r.start < s.range.end)
    };

    let mut out: Vec<Link> = Vec::new();

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

    // Open links/images: (index into `out` or None, start of the event, max inner end).
    struct Open {
        link: Option<Link>,
        range: Range<usize>,
        inner_end: usize,
        text: String,
        image: bool,
        link_type: LinkType,
        /// A reference link's label, as pulldown-cmark matched it.
        label: String,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut html_block: Option<usize> = None;

    while let Some((event, range)) = parser.next() {
        if track_headings {
            ids.event(body, &event, range.clone());
        }
        // Everything inside a link's text pushes its known end forward (the
        // link's own End event starts where the link starts and is skipped).
        for o in open.iter_mut() {
            if range.start > o.range.start {
                o.inner_end = o.inner_end.max(range.end);
            }
        }
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
                let link = Link::new(dest_url.into_string(), range.clone(), kind);
                open.push(Open {
                    link: Some(link),
                    range: range.clone(),
                    inner_end: inner_start,
                    text: String::new(),
                    image,
                    link_type,
                    label: id.into_string(),
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                let Some(o) = open.pop() else { continue };
                let Some(mut link) = o.link else { continue };
                let r = o.range.clone();
                match o.link_type {
                    LinkType::Inline => match inline_dest(text, o.inner_end, r.end, &link.url) {
                        Some(dest) => link.span = dest,
                        None => continue,
                    },
                    LinkType::Autolink | LinkType::Email => {
                        link.kind = LinkKind::Autolink;
                        link.span = r.start + 1..r.end.saturating_sub(1).max(r.start + 1);
                        if o.link_type == LinkType::Email && !link.url.contains(':') {
                            link.url = format!("mailto:{}", link.url);
                        }
                    }
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                        // The definition pulldown-cmark took the URL from:
                        // labels match after Unicode case folding and with
                        // runs of ASCII white space as one space (block
                        // quote markers in a label's line break skipped),
                        // the same as goldmark (Hugo) matches them.
                        link.defined_at = parser
                            .reference_definitions()
                            .get(&o.label)
                            .and_then(|def| defs.get(&def.span.start))
                            .cloned();
                        link.span = use_label(text, r.clone(), o.link_type, o.image);
                    }
                    _ => continue,
                }
                if hides_shortcode(&link.span)
                    || link.defined_at.as_ref().is_some_and(hides_shortcode)
                {
                    continue;
                }
                if o.link_type != LinkType::Autolink && o.link_type != LinkType::Email {
                    link.text = Some(o.text);
                }
                out.push(link);
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
                html_links(text, start..range.end, &mut out, &hides_shortcode);
            }
            Event::InlineHtml(_) => html_links(text, range, &mut out, &hides_shortcode),
            Event::Html(_) if html_block.is_none() => {
                html_links(text, range, &mut out, &hides_shortcode)
            }
            _ => {}
        }
    }

    // Hugo expands shortcodes before Markdown, inside code spans and code
    // blocks too (only `{{</* … */>}}` is shown as written): a ref in code is
    // still resolved, and fails the build when it names no page.
    for sc in &shortcodes {
        if let Some(link) = &sc.link {
            let mut link = link.clone();
            // `({{< ref "page.md" >}}#id)`: the fragment follows the URL the ref writes.
            if !link.url.contains('#') {
                let after = &body[sc.range.end..];
                if let Some(rest) = after.strip_prefix('#') {
                    let end = rest
                        .find(|c: char| {
                            c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>')
                        })
                        .unwrap_or(rest.len());
                    link.url = format!("{}#{}", link.url, &rest[..end]);
                }
            }
            out.push(link);
        }
    }

    // The inner text of a `{{< name >}}…{{< /name >}}` block: never the
    // page's Markdown (one placeholder stands for the whole call there); its
    // template renders it as a document of its own, if at all.
    for sc in &shortcodes {
        if let Some(inner) = &sc.inner {
            let (links, _) = parse_with(&body[inner.clone()], inner.start, None, templates);
            out.extend(links);
        }
    }

    // A destination with a Go template action (`{{ .RelPermalink }}`) is
    // filled in by a template that includes the text, not written as is.
    out.retain(|l| !(l.url.contains("{{") && l.url.contains("}}")));
    out.sort_by_key(|l| (l.span.start, l.span.end));
    for l in &mut out {
        l.span = l.span.start + base..l.span.end + base;
        if let Some(d) = &mut l.defined_at {
            *d = d.start + base..d.end + base;
        }
    }
    (out, ids_apart.unwrap_or_else(|| ids.finish()))
}

/// The destination span of a reference definition `[label]: dest "title"`
/// whose destination pulldown-cmark read as `url`.
fn definition_dest(text: &str, span: Range<usize>, url: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let end = span.end.min(text.len());
    // Find the `]:` that closes the label (labels contain no unescaped brackets).
    let mut i = span.start;
    while i < end && b[i] != b'[' {
        i += 1;
    }
    i += 1;
    while i < end {
        match b[i] {
            b'\\' => i += 2,
            b']' => break,
            _ => i += 1,
        }
    }
    if i + 1 >= end || b[i + 1] != b':' {
        return None;
    }
    // After the destination: the end of the definition, or white space
    // before its title.
    let ends_well = |k: usize| k >= end || matches!(b[k], b'\t'..=b'\r' | b' ');
    pick_dest(text, dest_starts(b, i + 2, end), end, url, ends_well)
}

/// Spaces and tabs as pulldown-cmark skips them around a destination: with
/// vertical tab and form feed, unlike `u8::is_ascii_whitespace`.
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | 0x0b | 0x0c | b' ')
}

/// Where a destination after `(` or `]:` (ending at `i`) can start.
///
/// pulldown-cmark skips spaces and tabs, at most one line ending (`\n`,
/// `\r\n` or a lone `\r`), the next line's container prefixes (a `>` for each
/// enclosing block quote, the indentation of enclosing list items), then
/// spaces and tabs again. Which `>` are prefixes depends on the blocks around
/// the link (a lazy continuation line has fewer, a `>` the block structure
/// does not claim is text), so every candidate is returned: each `>` in
/// that prefix (the range returned first), then the first byte after it.
fn dest_starts(b: &[u8], mut i: usize, end: usize) -> (Range<usize>, usize) {
    while i < end && is_space(b[i]) {
        i += 1;
    }
    match b.get(i) {
        Some(b'\n') if i < end => i += 1,
        Some(b'\r') if i < end => {
            i += 1;
            if i < end && b[i] == b'\n' {
                i += 1;
            }
        }
        _ => return (i..i, i),
    }
    let prefix = i;
    while i < end && (is_space(b[i]) || b[i] == b'>') {
        i += 1;
    }
    (prefix..i, i)
}

/// Of the destinations at the candidate starts (see [`dest_starts`]), the one
/// pulldown-cmark read as `url`: it scans as a destination, `ends_well` holds
/// just after it, and it unescapes to `url`. When a character reference
/// [`unescape`] does not know hides that, the candidates still differ in how
/// many `>` they start with, and that count picks one; failing all that, the
/// last one (every `>` before it a container prefix).
fn pick_dest(
    text: &str,
    (prefix, after_prefix): (Range<usize>, usize),
    end: usize,
    url: &str,
    ends_well: impl Fn(usize) -> bool,
) -> Option<Range<usize>> {
    let b = text.as_bytes();
    if !prefix.clone().any(|k| b[k] == b'>') {
        // One candidate (the common case): it is the answer if it scans,
        // whatever it unescapes to, so there is nothing to compare.
        return scan_dest(text, after_prefix, end)
            .filter(|(_, after)| ends_well(*after))
            .map(|(dest, _)| dest);
    }
    let quotes = |s: &str| s.bytes().take_while(|&c| c == b'>').count();
    let mut same_quotes = None;
    let mut last = None;
    // Last to first.
    let starts = std::iter::once(after_prefix).chain(prefix.rev().filter(|&k| b[k] == b'>'));
    for i in starts {
        let Some((dest, after)) = scan_dest(text, i, end) else {
            continue;
        };
        if !ends_well(after) {
            continue;
        }
        let read = unescape(&text[dest.clone()]);
        if read == url {
            return Some(dest);
        }
        if same_quotes.is_none() && quotes(&read) == quotes(url) {
            same_quotes = Some(dest.clone());
        }
        last.get_or_insert(dest);
    }
    same_quotes.or(last)
}

/// A destination's text as pulldown-cmark gives its URL: a backslash before
/// ASCII punctuation dropped, character references decoded (the common ones,
/// see [`decode_entities`]).
fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return decode_entities(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(p) = rest.find('\\') {
        out.push_str(&decode_entities(&rest[..p]));
        match rest.as_bytes().get(p + 1) {
            Some(&c) if c.is_ascii_punctuation() => {
                out.push(c as char);
                rest = &rest[p + 2..];
            }
            _ => {
                out.push('\\');
                rest = &rest[p + 1..];
            }
        }
    }
    out.push_str(&decode_entities(rest));
    Cow::Owned(out)
}

/// A destination starting at `i` (`<...>` or a run without spaces and with
/// balanced parentheses), ending no later than `end`: its text, and where its
/// syntax ends (after the `>` of a `<...>` one).
fn scan_dest(text: &str, mut i: usize, end: usize) -> Option<(Range<usize>, usize)> {
    let b = text.as_bytes();
    if i < end && b[i] == b'<' {
        let start = i + 1;
        i = start;
        // The same rules as pulldown-cmark's `scan_link_dest`.
        while i < end {
            match b[i] {
                b'\\' if i + 1 < end && b[i + 1].is_ascii_punctuation() => i += 2,
                b'>' => return Some((start..i, i + 1)),
                b'\n' | b'\r' | b'<' => return None,
                _ => i += 1,
            }
        }
        return None;
    }
    let start = i;
    let mut depth = 0usize;
    while i < end {
        // Skip the bytes the match below has nothing to do for (most of a
        // URL) in one go: the others (`\\`, `(`, `)`, space and controls)
        // are `\\` or sort at or before `)`.
        i += b[i..end]
            .iter()
            .position(|&c| c <= b')' || c == b'\\')
            .unwrap_or(end - i);
        if i == end {
            break;
        }
        match b[i] {
            b'\\' if i + 1 < end && b[i + 1].is_ascii_punctuation() => i += 2,
            b'(' => {
                depth += 1;
                i += 1
            }
            b')' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
                i += 1
            }
            // Space and C0 controls end it; DEL (0x7f) does not, as in pulldown-cmark.
            0x00..=0x20 => break,
            _ => i += 1,
        }
    }
    let i = i.min(end);
    Some((start..i, i))
}

/// The destination span of an inline link whose text ends at or after `from`,
/// whose whole source ends at `end` (after the closing parenthesis), and whose
/// destination pulldown-cmark read as `url`.
fn inline_dest(text: &str, from: usize, end: usize, url: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut i = from;
    while i < end {
        match b[i] {
            b'\\' => i += 2,
            b']' if i + 1 < end && b[i + 1] == b'(' => break,
            _ => i += 1,
        }
    }
    if i >= end {
        return None;
    }
    // After the destination: spaces, then the closing parenthesis, a title,
    // or a line ending.
    let ends_well = |mut k: usize| {
        while k < end && is_space(b[k]) {
            k += 1;
        }
        k < end && matches!(b[k], b')' | b'"' | b'\'' | b'(' | b'\n' | b'\r')
    };
    pick_dest(text, dest_starts(b, i + 2, end), end, url, ends_well)
}

/// The label span at the place a reference-style link is used.
fn use_label(text: &str, r: Range<usize>, link_type: LinkType, image: bool) -> Range<usize> {
    let s = &text[r.clone()];
    let open = if image { 2 } else { 1 };
    match link_type {
        LinkType::Reference => {
            // `[text][label]`: the last unescaped `[`.
            let b = s.as_bytes();
            let mut i = b.len().saturating_sub(1);
            while i > 0 {
                i -= 1;
                if b[i] == b'[' && (i == 0 || b[i - 1] != b'\\') {
                    break;
                }
            }
            r.start + i + 1..r.end - 1
        }
        _ => {
            let s = s.strip_suffix("[]").unwrap_or(s);
            let s = s.strip_suffix(']').unwrap_or(s);
            r.start + open..(r.start + s.len()).max(r.start + open)
        }
    }
}

/// `href`/`src` attributes of the tags in `text[range]`.
fn html_links(
    text: &str,
    range: Range<usize>,
    out: &mut Vec<Link>,
    hides: &dyn Fn(&Range<usize>) -> bool,
) {
    let b = text.as_bytes();
    let end = range.end.min(text.len());
    let mut i = range.start;
    while i < end {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if text[i..end].starts_with("<!--") {
            i = text[i + 4..end]
                .find("-->")
                .map(|p| i + 4 + p + 3)
                .unwrap_or(end);
            continue;
        }
        i += 1;
        if i >= end || !b[i].is_ascii_alphabetic() {
            continue;
        }
        while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        // Attributes up to `>`.
        loop {
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= end || b[i] == b'>' || b[i] == b'<' {
                break;
            }
            if b[i] == b'/' {
                i += 1;
                continue;
            }
            let name_start = i;
            while i < end
                && !b[i].is_ascii_whitespace()
                && !matches!(b[i], b'=' | b'>' | b'/' | b'<')
            {
                i += 1;
            }
            let name = &text[name_start..i];
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= end || b[i] != b'=' {
                if i == name_start {
                    i += 1;
                }
                continue;
            }
            i += 1;
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if i < end && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let s = i + 1;
                let e = text[s..end]
                    .bytes()
                    .position(|c| c == q)
                    .map(|p| s + p)
                    .unwrap_or(end);
                i = (e + 1).min(end);
                s..e
            } else {
                let s = i;
                while i < end && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                s..i
            };
            if (name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src"))
                && !hides(&value)
            {
                out.push(Link::new(
                    decode_entities(&text[value.clone()]),
                    value,
                    LinkKind::HtmlAttr,
                ));
            }
        }
    }
}

/// Decode the HTML character references that commonly appear in URLs
/// (`s` itself when it has none).
fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        // A `;` within 12 bytes (`;` is ASCII, so where it is, is a char boundary).
        let semi = rest.bytes().take(12).position(|c| c == b';');
        let decoded = semi.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => {
                    name[1..].parse::<u32>().ok().and_then(char::from_u32)
                }
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A Hugo shortcode call (`{{< … >}}` or `{{% … %}}`).
#[derive(Debug, Clone)]
struct Shortcode {
    range: Range<usize>,
    /// For `ref`/`relref`: the link to its path argument.
    link: Option<Link>,
    /// A `{{% … %}}` call (not `ref`/`relref`): its output is Markdown, and
    /// its headings are the page's.
    markdown: bool,
    /// Its name as written (`tab`, `/tab` for a closing tag).
    name: Range<usize>,
    /// A `{{< name >}}…{{< /name >}}` call over several lines: its inner text.
    /// The whole call (`range`, up to the closing tag) is one placeholder in
    /// the page's Markdown; the template renders the inner text apart.
    inner: Option<Range<usize>>,
    /// `range` runs past the call itself, to its closing tag (`inner`, an
    /// inline template, a call that writes nothing).
    whole: bool,
}

/// Whether a shortcode may write anchors nobody can list: a call whose
/// template computes an id, or a `{{% … %}}` shortcode without a closing tag
/// (an include, not a wrapper like `{{% alert %}}…{{% /alert %}}` whose inner
/// text is the page's own) called at the start of a line (not a value inside
/// a sentence): its template may write headings nobody can see.
/// A call whose template the site has (see [`crate::links::shortcodes`]) writes
/// none when that template writes none, or writes only page values that hold none.
fn writes_unseen_headings(text: &str, shortcodes: &[Shortcode], rules: &AnchorRules) -> bool {
    let closed: FxHashSet<&str> = shortcodes
        .iter()
        .filter_map(|s| text[s.name.clone()].strip_prefix('/'))
        .collect();
    shortcodes.iter().any(|s| {
        let name = &text[s.name.clone()];
        let line_start = text[..s.range.start].rfind('\n').map_or(0, |i| i + 1);
        let markdown_headings = s.markdown
            && !name.starts_with('/')
            && !closed.contains(name)
            && text[line_start..s.range.start].trim().is_empty()
            && match rules.shortcodes.writes(name) {
                Writes::Plain => false,
                Writes::PageValues => {
                    !rules.page_values_plain || values_may_hold_heading(&text[s.range.clone()])
                }
                Writes::Anything => true,
            };
        // Any call's template can write HTML with an id of its making.
        markdown_headings || (!name.starts_with('/') && rules.shortcodes.computes_ids(name))
    })
}

/// Every shortcode call in `text`; `{{</* … */>}}` comments are skipped
/// (they are neither calls nor links, and stay visible to Markdown).
fn find_shortcodes(text: &str, templates: &ShortcodeTemplates) -> Vec<Shortcode> {
    let mut out = Vec::new();
    // Names some closing tag names: only their calls are looked for a closing
    // tag (a page of many calls without one would be read again for each).
    let closers = closing_names(text);
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(start) = find_braces(text, from) {
        from = start + 2;
        let Some(&delim) = b.get(start + 2) else {
            break;
        };
        if delim != b'<' && delim != b'%' {
            continue;
        }
        let close = if delim == b'<' { ">}}" } else { "%}}" };
        let mut i = start + 3;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b[i..].starts_with(b"/*") {
            // Commented-out shortcode: skip to `*/` + closing delimiter.
            if let Some(e) = text[i..].find("*/") {
                let mut j = i + e + 2;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b[j..].starts_with(close.as_bytes()) {
                    from = j + 3;
                }
            }
            continue;
        }
        // Tokens up to the closing delimiter, respecting quotes.
        let mut tokens: Vec<(Range<usize>, Range<usize>)> = Vec::new(); // (whole token, value span)
        let mut end = None;
        while i < b.len() {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b[i..].starts_with(close.as_bytes()) {
                end = Some(i + 3);
                break;
            }
            if i >= b.len() {
                break;
            }
            let tok_start = i;
            let mut value = i..i;
            // name= prefix
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
                j += 1;
            }
            if j > i && j < b.len() && b[j] == b'=' {
                i = j + 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'`') {
                let q = b[i];
                let s = i + 1;
                let mut k = s;
                while k < b.len() && b[k] != q {
                    if q == b'"' && b[k] == b'\\' {
                        k += 1;
                    }
                    k += 1;
                }
                value = s..k.min(b.len());
                i = (k + 1).min(b.len());
            } else {
                let s = i;
                while i < b.len()
                    && !b[i].is_ascii_whitespace()
                    && !b[i..].starts_with(close.as_bytes())
                {
                    i += 1;
                }
                if value.is_empty() {
                    value = s..i;
                }
            }
            if i == tok_start {
                i += 1;
                while i < b.len() && !text.is_char_boundary(i) {
                    i += 1;
                }
            }
            tokens.push((tok_start..i, value));
        }
        let Some(end) = end else { continue };
        let link = shortcode_link(text, &tokens);
        // An inline shortcode's body is a Go template, not Markdown: hidden
        // with the call up to its closing `{{< /name.inline >}}`.
        let name = tokens.first().map_or("", |(t, _)| &text[t.clone()]);
        let self_closed = text[..end - 3].trim_end().ends_with('/');
        let closing =
            if self_closed || name.starts_with('/') || link.is_some() || !closers.contains(name) {
                None
            } else {
                closing_shortcode(text, end, name, close)
            };
        let mut markdown = delim == b'%' && link.is_none();
        let mut inner = None;
        let range_end = match closing {
            // A call that writes nothing (`comment`) hides its inner text.
            Some(c) if templates.drops_inner(name) => {
                markdown = false;
                c.end
            }
            Some(c) if name.ends_with(".inline") => c.end,
            Some(c) if delim == b'<' && text[end..c.start].contains('\n') => {
                inner = Some(end..c.start);
                c.end
            }
            _ => end,
        };
        from = range_end;
        out.push(Shortcode {
            range: start..range_end,
            link,
            markdown,
            name: tokens.first().map_or(start..start, |(t, _)| t.clone()),
            inner,
            whole: range_end != end,
        });
    }
    out
}

/// The names of every closing tag in `text` (`tab` for `{{% /tab %}}`).
fn closing_names(text: &str) -> FxHashSet<&str> {
    let mut out = FxHashSet::default();
    let mut from = 0;
    while let Some(start) = find_braces(text, from) {
        from = start + 2;
        let rest = &text[from..];
        let Some(rest) = rest.strip_prefix(['<', '%']) else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('/') else {
            continue;
        };
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '%')
            .unwrap_or(rest.len());
        out.insert(&rest[..end]);
    }
    out
}

/// The `{{< /name >}}` (with `close` as its delimiter) that closes a
/// shortcode whose call ends at `from`; calls of the same name in between
/// nest.
fn closing_shortcode(text: &str, from: usize, name: &str, close: &str) -> Option<Range<usize>> {
    let open = if close == ">}}" { "{{<" } else { "{{%" };
    let names = |r: &str| {
        r.strip_prefix(name)
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace()) || r.starts_with(close))
    };
    let mut at = from;
    let mut depth = 0usize;
    while let Some(p) = text[at..].find(open) {
        let tag = at + p;
        let start = tag + 3;
        let rest = text[start..].trim_start();
        if let Some(r) = rest.strip_prefix('/') {
            let r = r.trim_start();
            if let Some(r) = r.strip_prefix(name) {
                let r = r.trim_start();
                if r.starts_with(close) {
                    if depth == 0 {
                        return Some(tag..text.len() - r.len() + close.len());
                    }
                    depth -= 1;
                }
            }
        } else if names(rest) {
            // Another call of the same name: paired unless it closes itself.
            let end = rest.find(close).map_or(rest.len(), |e| e);
            if !rest[..end].trim_end().ends_with('/') {
                depth += 1;
            }
        }
        at = start;
    }
    None
}

/// Where the first `{{` at or after `from` starts.
///
/// Searches for a single `{` (the byte is rare in prose), then checks the
/// next byte: much cheaper per byte of body than a two-byte substring
/// search. The `memchr` crate's search (vectorised) costs a tenth of what
/// `str::find` (a word at a time) does per byte.
fn find_braces(text: &str, mut from: usize) -> Option<usize> {
    let b = text.as_bytes();
    while let Some(p) = memchr::memchr(b'{', b.get(from..)?) {
        let i = from + p;
        if b.get(i + 1) == Some(&b'{') {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

fn shortcode_link(text: &str, tokens: &[(Range<usize>, Range<usize>)]) -> Option<Link> {
    let (name_tok, _) = tokens.first()?;
    let kind = match &text[name_tok.clone()] {
        "ref" => LinkKind::Ref,
        "relref" => LinkKind::Relref,
        _ => return None,
    };
    let args = &tokens[1..];
    let named = args
        .iter()
        .find(|(t, _)| text[t.clone()].starts_with("path="));
    let (_, value) = named.or_else(|| {
        args.iter()
            .find(|(t, _)| !text[t.clone()].contains('=') || text[t.clone()].starts_with('"'))
    })?;
    let raw = &text[value.clone()];
    let url = if raw.contains('\\') {
        raw.replace("\\\"", "\"").replace("\\\\", "\\")
    } else {
        raw.to_string()
    };
    Some(Link::new(url, value.clone(), kind))
}

/// `text` with every shortcode replaced by as many `X` bytes (`text` itself
/// when there are none).
fn mask<'a>(text: &'a str, shortcodes: &[Shortcode]) -> Cow<'a, str> {
    if shortcodes.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for s in shortcodes {
        for b in &mut bytes[s.range.clone()] {
            *b = b'X';
        }
    }
    // Whole characters were replaced byte for byte by ASCII: still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
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
pub fn anchor_ids(body: &str, rules: &AnchorRules) -> Vec<String> {
    if !may_hold_anchor(body, rules) && !body.contains("[^") && !body.contains('<') {
        return Vec::new();
    }
    if !body.contains("{{") {
        return parse_anchor_ids(body, rules);
    }
    let shortcodes = find_shortcodes(body, &rules.shortcodes);
    known_anchor_ids(body, &shortcodes, rules).unwrap_or_default()
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
    if whole.is_empty() {
        let mut ids = parse_anchor_ids(body, rules);
        ids.extend(written);
        return Some(ids);
    }
    let mut ids = parse_anchor_ids(&mask(body, &whole), rules);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::anchors::anchorize;

    fn at<'a>(text: &'a str, l: &Link) -> &'a str {
        &text[l.span.clone()]
    }

    #[test]
    fn one_pass_finds_what_two_passes_find() {
        let bodies = [
            "# Intro\n\nSee [a](/a/) and [b][r].\n\n> ## Quoted {#q}\n\n[r]: /r/\n\n## Intro\n",
            "Setext\n======\n\n<a href=\"/x/\">x</a>\n\n```\n# not a heading\n```\n",
            "## With {{< ref \"a.md\" >}} shortcode\n\n[t]({{< relref \"b.md\" >}})\n\n# Intro\n",
            "",
        ];
        for body in bodies {
            let (links, ids) = links_and_headings(body, 7, Some(&AnchorRules::default()));
            assert_eq!(links, body_links(body, 7), "{body}");
            assert_eq!(ids, heading_ids(body), "{body}");
            assert!(links_and_headings(body, 7, None).1.is_empty());
        }
        let (_, ids) = links_and_headings(bodies[0], 0, Some(&AnchorRules::default()));
        assert_eq!(ids, ["intro", "q", "intro-1"]);
    }

    /// What the pre-checks let through (or not) must be what the parser finds.
    fn assert_pre_checks_agree(t: &str) {
        for headings in [true, false] {
            assert_eq!(
                links_and_headings(t, 5, headings.then_some(&AnchorRules::default())),
                parse_links_and_headings(t, 5, headings.then_some(&AnchorRules::default())),
                "{t:?}"
            );
        }
        assert_eq!(heading_ids(t), parse_heading_ids(t), "{t:?}");
    }

    #[test]
    fn pre_checks_skip_only_texts_without_links_and_headings() {
        // Each is parsed in full and compared; the ones with neither are
        // the skipped ones (checked below, so the test is not vacuous).
        let neither = [
            "",
            "plain text\n\nmore text",
            "[just brackets] and [a] (b) and [c]\n(d)",
            "&lbrack;a&rbrack;(/x) &lt;a href=x&gt; &lt;https://x&gt;",
            "x\n- -\n\ny\n-- -\n\nz\n=a\n\nw\n\\---",
            "x\n* ---\n\nt\n: ===\n",
            "x\n-\u{a0}\n",
            "[a]\n\n[b]\n:c\n\n[^n]\n",
            "| a | b |\n| - | - |\n| c | d |\n",
            "- [ ] task\n- [x] done\n\n~~strike~~ a ] ( b",
            "    indented\n    ---x\n",
        ];
        for t in neither {
            assert!(!may_hold_links(t) && !may_hold_heading(t), "{t:?}");
            assert_eq!(
                parse_links_and_headings(t, 0, Some(&AnchorRules::default())),
                (vec![], vec![])
            );
            assert_pre_checks_agree(t);
        }
        let headings_only = [
            ("x\n-", "x"),
            ("x\r===", "x"),
            ("> x\n> ---", "x"),
            ("- x\n  ---", "x"),
            ("1. a\n\n   b\n   ==\t\r\n", "b"),
            ("x\n   -\x0c", "x"),
            ("x\n---", "x"),
            ("[a] (b)\n=", "a-b"),
        ];
        for (t, id) in headings_only {
            assert!(!may_hold_links(t) && may_hold_heading(t), "{t:?}");
            assert_eq!(
                parse_links_and_headings(t, 0, Some(&AnchorRules::default())),
                (vec![], vec![id.to_string()]),
                "{t:?}"
            );
            assert_pre_checks_agree(t);
        }
        // Links and headings the parser finds are found.
        for t in [
            "[a](/x)",
            "[a]\n\n[a]: /x",
            "[^1]: see [a](/a)\n\n[^1]",
            "<https://e.x> <a href=\"/y\">",
            "{{< ref \"a.md\" >}}",
            "# t\n",
            "[b][]\n\n[B]: /b\n",
            "x\n---\n[y](/y)",
        ] {
            assert!(
                !parse_links_and_headings(t, 0, Some(&AnchorRules::default()))
                    .0
                    .is_empty()
                    || !heading_ids(t).is_empty(),
                "{t:?}"
            );
            assert_pre_checks_agree(t);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn pre_checks_agree_with_the_parser(parts in proptest::collection::vec(
            proptest::sample::select(&[
                "a", "b c", " ", "   ", "    ", "\t", "\n", "\n", "\r", "\r\n", "-", "-", "---", "=",
                "==", ">", "> ", "*", "+", "1.", "1)", ":", "|", "~", "`", "```", "\\", "&#91;",
                "[", "]", "(", ")", "]:", "x]", "\u{b}", "\u{c}", "\u{a0}", "^", "!", "_", "{",
                "}", "<", "#", "é",
            ][..]),
            0..24,
        )) {
            assert_pre_checks_agree(&parts.concat());
        }
    }

    #[test]
    fn every_extension_changes_what_is_found() {
        // The links (destination and text), definitions and headings the
        // parser reports with `opts`.
        fn found(t: &str, opts: Options) -> (Vec<String>, Vec<String>) {
            let p = Parser::new_ext(t, opts).into_offset_iter();
            let defs = p
                .reference_definitions()
                .iter()
                .map(|(_, d)| d.dest.to_string())
                .collect();
            let events = p
                .filter_map(|(e, r)| match e {
                    Event::Start(Tag::Link { dest_url, .. }) => Some(format!("link {dest_url}")),
                    Event::Start(Tag::Heading { .. }) => Some(format!("heading {r:?}")),
                    Event::Text(t) => Some(format!("text {t}")),
                    _ => None,
                })
                .collect();
            (defs, events)
        }
        // Each extension, and a text it changes the links or headings of
        // (so none can be turned off to save parsing time).
        let cases = [
            // A cell boundary cuts the link.
            (Options::ENABLE_TABLES, "| [a | b](/x) |\n|---|---|\n"),
            // A footnote, not a reference definition of `/foot`.
            (Options::ENABLE_FOOTNOTES, "[^1]: /foot\n"),
            // The link text is `a`, not `~~a~~`.
            (Options::ENABLE_STRIKETHROUGH, "[~~a~~](/x)"),
            // A task marker, not a use of the `[x]` definition.
            (Options::ENABLE_TASKLISTS, "- [x] done\n\n[x]: /x\n"),
            // An attribute, not a link.
            (Options::ENABLE_HEADING_ATTRIBUTES, "## a {key=[x](/y)}\n"),
            // A definition, not a setext heading.
            (Options::ENABLE_DEFINITION_LIST, "a\n: b\n===\n"),
        ];
        for (opt, t) in cases {
            assert!(options().contains(opt));
            assert_ne!(found(t, options()), found(t, options() - opt), "{t:?}");
        }
    }

    #[test]
    fn inline_link_and_image() {
        let t = "See [the docs](/docs/ \"Title\") and ![a *b*](img/x.png).";
        let links = body_links(t, 0);
        assert_eq!(links.len(), 2);
        assert_eq!(at(t, &links[0]), "/docs/");
        assert_eq!(links[0].kind, LinkKind::Markdown);
        assert_eq!(links[0].text.as_deref(), Some("the docs"));
        assert_eq!(at(t, &links[1]), "img/x.png");
        assert_eq!(links[1].kind, LinkKind::Image);
    }

    #[test]
    fn image_inside_link() {
        let t = "[![badge](https://img.example/b.svg)](https://example.com/x)";
        let links = body_links(t, 0);
        let got: Vec<_> = links.iter().map(|l| (l.kind, at(t, l))).collect();
        assert_eq!(
            got,
            vec![
                (LinkKind::Image, "https://img.example/b.svg"),
                (LinkKind::Markdown, "https://example.com/x")
            ]
        );
    }

    #[test]
    fn base_offset_is_added() {
        let t = "[a](/x/)";
        let links = body_links(t, 100);
        assert_eq!(links[0].span, 104..107);
    }

    #[test]
    fn nested_brackets_escapes_and_code_in_text() {
        let t = "[a [b] `](c)` \\] d](/real/ 'x')";
        let links = body_links(t, 0);
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!(at(t, &links[0]), "/real/");
    }

    #[test]
    fn angle_destination_and_escapes() {
        let t = "[a](<my page/> \"t\") [b](/p\\(1\\)/) [c](/q(1)/)";
        let links = body_links(t, 0);
        assert_eq!(links.len(), 3);
        assert_eq!(at(t, &links[0]), "my page/");
        assert_eq!(links[0].url, "my page/");
        assert_eq!(at(t, &links[1]), "/p\\(1\\)/");
        assert_eq!(links[1].url, "/p(1)/");
        assert_eq!(at(t, &links[2]), "/q(1)/");
    }

    #[test]
    fn code_is_not_a_link() {
        let t =
            "`[a](/x/)`\n\n```\n[b](/y/) {{< ref \"z\" >}}\n```\n\n    [c](/w/)\n\n[real](/r/)\n";
        let links = body_links(t, 0);
        // The shortcode in the code block is still expanded by Hugo.
        let got: Vec<_> = links.iter().map(|l| (l.kind, l.url.as_str())).collect();
        assert_eq!(got, vec![(LinkKind::Ref, "z"), (LinkKind::Markdown, "/r/")]);
    }

    #[test]
    fn reference_definitions_and_uses() {
        let t = "Use [text][Lbl] and [lbl][] and [lbl].\n\n[lbl]: /target/ \"T\"\n";
        let links = body_links(t, 0);
        let def = links
            .iter()
            .find(|l| l.kind == LinkKind::Reference)
            .unwrap();
        assert_eq!(at(t, def), "/target/");
        let uses: Vec<_> = links
            .iter()
            .filter(|l| l.kind == LinkKind::Markdown)
            .collect();
        assert_eq!(uses.len(), 3);
        assert_eq!(at(t, uses[0]), "Lbl");
        assert_eq!(at(t, uses[1]), "lbl");
        assert_eq!(at(t, uses[2]), "lbl");
        for u in uses {
            assert_eq!(u.url, "/target/");
            assert_eq!(u.defined_at, Some(def.span.clone()));
        }
    }

    #[test]
    fn angle_reference_definition() {
        let t = "[x]\n\n[x]:\n  <a b/>\n";
        let links = body_links(t, 0);
        let def = links
            .iter()
            .find(|l| l.kind == LinkKind::Reference)
            .unwrap();
        assert_eq!(at(t, def), "a b/");
    }

    #[test]
    fn autolinks() {
        let t = "<https://example.com/a> and <me@example.com>";
        let links = body_links(t, 0);
        assert_eq!(links.len(), 2);
        assert_eq!(at(t, &links[0]), "https://example.com/a");
        assert_eq!(links[0].kind, LinkKind::Autolink);
        assert_eq!(links[1].url, "mailto:me@example.com");
        assert_eq!(at(t, &links[1]), "me@example.com");
    }

    #[test]
    fn raw_html_attributes() {
        let t = "Text <a class=x href=\"/x/?a=1&amp;b=2\">x</a>\n\n<div>\n<img\n  src='/i.png' alt=\"a\">\n<!-- <a href=\"/no/\"> -->\n</div>\n";
        let links = body_links(t, 0);
        assert_eq!(links.len(), 2, "{links:?}");
        assert_eq!(at(t, &links[0]), "/x/?a=1&amp;b=2");
        assert_eq!(links[0].url, "/x/?a=1&b=2");
        assert_eq!(links[0].kind, LinkKind::HtmlAttr);
        assert_eq!(at(t, &links[1]), "/i.png");
    }

    #[test]
    fn shortcodes() {
        let t = "A {{< ref \"blog/post.md\" >}} and {{% relref path=\"/about\" lang=\"fr\" %}}\n\
                 [x]({{< ref \"other.md#sec\" >}}) {{</* ref \"not.md\" */>}} {{< figure src=\"/f.png\" >}} {{< ref plain.md >}}\n";
        let links = body_links(t, 0);
        let got: Vec<_> = links
            .iter()
            .map(|l| (l.kind, at(t, l), l.url.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (LinkKind::Ref, "blog/post.md", "blog/post.md"),
                (LinkKind::Relref, "/about", "/about"),
                (LinkKind::Ref, "other.md#sec", "other.md#sec"),
                (LinkKind::Ref, "plain.md", "plain.md"),
            ]
        );
    }

    #[test]
    fn template_code_is_not_a_link() {
        let t = "[a](/a/)\n{{< list.inline >}}\n<a href=\"{{ .RelPermalink }}\">x</a> [b](/b/)\n{{< /list.inline >}}\n[c](/c/{{ $lang }}/) [d](/d/)\n{{< one.inline />}}[e](/e/)\n";
        let urls: Vec<String> = body_links(t, 0).into_iter().map(|l| l.url).collect();
        assert_eq!(urls, ["/a/", "/d/", "/e/"]);
        // Never closed: only the call is hidden.
        let t = "{{% open.inline %}} [f](/f/)";
        let urls: Vec<String> = body_links(t, 0).into_iter().map(|l| l.url).collect();
        assert_eq!(urls, ["/f/"]);
    }

    #[test]
    fn shortcode_edge_cases() {
        let t = "`{{< ref \"code.md\" >}}` {{< ref 日本.md >}} <a href=\"{{< relref \"h.md\" >}}\">x</a> [f](#frag) {{< ref \"unterminated.md\"";
        let links = body_links(t, 0);
        let got: Vec<_> = links.iter().map(|l| (l.kind, at(t, l))).collect();
        assert_eq!(
            got,
            vec![
                (LinkKind::Ref, "code.md"),
                (LinkKind::Ref, "日本.md"),
                (LinkKind::Relref, "h.md"),
                (LinkKind::Markdown, "#frag")
            ]
        );
    }

    #[test]
    fn every_prefix_is_safe() {
        let doc = "# Tïtle {#x}\n\n[a [b]](</p q> \"t\") ![i](/i.png) <https://e.x/é> [r][L]\n\n[l]: <\\é> 'x'\n\n\
                   <div><a href='/é/'\n src=é>\n</div>\n\n{{< ref \"é.md\" >}} {{% relref é %}} {{</* ref x */>}}\n\n```\n[c](/c/)\n```\n\\[x](y\\é)";
        for (i, _) in doc.char_indices().chain(std::iter::once((doc.len(), ' '))) {
            let t = &doc[..i];
            for l in body_links(t, 0) {
                assert!(
                    l.span.start <= l.span.end && t.get(l.span.clone()).is_some(),
                    "{t:?} {l:?}"
                );
            }
            let _ = heading_ids(t);
        }
    }

    #[test]
    fn non_ascii_before_link() {
        let t = "Ünïcödé → 日本語 [リンク](/ja/ページ/)";
        let links = body_links(t, 7);
        assert_eq!(
            &t[links[0].span.start - 7..links[0].span.end - 7],
            "/ja/ページ/"
        );
        assert_eq!(links[0].text.as_deref(), Some("リンク"));
    }

    #[test]
    fn crlf_body() {
        let t = "# Title\r\n\r\nSee [a](/a/)\r\nand [b]\r\n\r\n[b]: /b/\r\n";
        let links = body_links(t, 0);
        let spans: Vec<_> = links.iter().map(|l| at(t, l)).collect();
        assert_eq!(spans, vec!["/a/", "b", "/b/"]);
    }

    #[test]
    fn destination_scan_matches_pulldown_cmark() {
        // Found by fuzzing (markdown_links): DEL is part of a destination for
        // pulldown-cmark, so the span was empty while the URL was not.
        let t = "[r](\u{7f}wt\") x";
        let links = body_links(t, 0);
        assert_eq!(at(t, &links[0]), links[0].url);
        // In `<…>`, a backslash escapes only punctuation.
        let t = "[r](<a\\b>) [s](<c\\>d>)";
        let links = body_links(t, 0);
        let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url.as_str())).collect();
        assert_eq!(got, vec![("a\\b", "a\\b"), ("c\\>d", "c>d")]);
        // Vertical tab before the destination is skipped like a space.
        let t = "[r](\u{b}/x/) y";
        let links = body_links(t, 0);
        assert_eq!(at(t, &links[0]), "/x/");
    }

    #[test]
    fn destination_on_the_next_line_of_a_block_quote() {
        // Found by fuzzing (markdown_links, lone `\r` line ends): after a line
        // ending inside `(…)`, pulldown-cmark skips the next line's container
        // prefixes; the span was the `>` marker instead of the URL.
        let t = "conr](\r<x [r](\r >}md\"}) tx [r](\r<x [r](\r> }}) tx [r](\r<r co1!%C-\u{2}\0\0\0";
        let links = body_links(t, 0);
        let got: Vec<_> = links
            .iter()
            .map(|l| (l.span.clone(), l.url.as_str()))
            .collect();
        assert_eq!(got, vec![(42..44, "}}")]);
        assert_eq!(&t[42..44], "}}");
        for eol in ["\n", "\r\n", "\r"] {
            let t = "> [a](\n> /x/) [b](\n>  \t/y/ \"t\")\n>\n> [c]\n>\n> [c]:\n> /z/\n"
                .replace('\n', eol);
            let links = body_links(&t, 0);
            let got: Vec<_> = links
                .iter()
                .map(|l| (&t[l.span.clone()], l.url.as_str()))
                .collect();
            assert_eq!(
                got,
                vec![("/x/", "/x/"), ("/y/", "/y/"), ("c", "/z/"), ("/z/", "/z/")],
                "{t:?}"
            );
        }
    }

    #[test]
    fn greater_than_that_is_no_container_prefix_is_in_the_destination() {
        // Indented four spaces, `>` starts no block quote: it is the
        // destination's first character.
        let t = "[a](\n    >x)\n\n> [b](\n>     >> )\n\n[c](\n    >&frac12;x)";
        let links = body_links(t, 0);
        let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url.as_str())).collect();
        assert_eq!(got, vec![(">x", ">x"), (">>", ">>"), (">&frac12;x", ">½x")]);
    }

    #[test]
    fn one_candidate_destination_needs_no_unescape() {
        // `unescape` does not know `&frac12;` or `&copy;`: with a single
        // place the destination can start, that place is still the answer.
        let t = "[a](/x&frac12;y/) [b](\n  /&copy;/ \"t\") [c](\r\n\t<&frac12; b>)";
        let links = body_links(t, 0);
        let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("/x&frac12;y/", "/x½y/"),
                ("/&copy;/", "/©/"),
                ("&frac12; b", "½ b")
            ]
        );
    }

    #[test]
    fn destination_scan_skips_only_plain_bytes() {
        // The byte-by-byte loop scan_dest had before skipping runs of bytes.
        fn by_byte(b: &[u8], mut i: usize, end: usize) -> usize {
            let mut depth = 0usize;
            while i < end {
                match b[i] {
                    b'\\' if i + 1 < end && b[i + 1].is_ascii_punctuation() => i += 2,
                    b'(' => {
                        depth += 1;
                        i += 1
                    }
                    b')' => {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                        i += 1
                    }
                    0x00..=0x20 => break,
                    _ => i += 1,
                }
            }
            i.min(end)
        }
        let texts = [
            "/a/b(c)d)e f",
            "é(ü))x",
            "a\\)b\\(c) d",
            "a\\é) x",
            "x\u{7f}y\u{1}z",
            "((a)\tb",
            "!\"#$%&'*+,-./:;=?@[]^_`{|}~)",
            "a\\",
            "\\\\)",
            "日本語/ページ\r\n",
            "a(b\\",
        ];
        for t in texts {
            for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                for end in i..=t.len() {
                    let want = by_byte(t.as_bytes(), i, end);
                    assert_eq!(
                        scan_dest(t, i, end),
                        Some((i..want, want)),
                        "{t:?} {i} {end}"
                    );
                }
            }
        }
    }

    #[test]
    fn entity_decoding_near_multibyte_characters() {
        // Found by fuzzing (markdown_links): the `;` of a character reference
        // was looked for in the first 12 bytes by slicing, which panicked when
        // byte 12 fell inside a character.
        let t = "conr](\r<x [r](\r0>}m## Heading <x [r](\r\"&[>Setextel\u{780}])";
        let links = body_links(t, 0);
        let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url.as_str())).collect();
        assert_eq!(
            got,
            vec![("\"&[>Setextel\u{780}]", "\"&[>Setextel\u{780}]")]
        );
        let t = "<a href=\"&ampxxxxxxxހ;/x/\">a</a> <a href=\"&amp;ހ\">b</a>";
        let links = body_links(t, 0);
        let got: Vec<_> = links.iter().map(|l| (at(t, l), l.url.as_str())).collect();
        assert_eq!(
            got,
            vec![("&ampxxxxxxxހ;/x/", "&ampxxxxxxxހ;/x/"), ("&amp;ހ", "&ހ")]
        );
    }

    #[test]
    fn reference_use_in_another_case_finds_its_definition() {
        // Found by fuzzing (markdown_links): definitions were stored by the
        // label as written, uses looked up case-folded, so `[foo]` lost the
        // place of `[Foo]: /x/`.
        let t = "[foo] and [FOO][]\n\n[Foo]: /x/\n";
        let links = body_links(t, 0);
        let def = t.find("/x/").unwrap();
        let uses: Vec<_> = links
            .iter()
            .filter(|l| l.kind == LinkKind::Markdown)
            .map(|l| (at(t, l), l.defined_at.clone()))
            .collect();
        assert_eq!(
            uses,
            vec![("foo", Some(def..def + 3)), ("FOO", Some(def..def + 3))]
        );
    }

    #[test]
    fn reference_labels_match_as_hugo_matches_them() {
        // Checked against Hugo 0.168.0 (goldmark): labels match by full
        // Unicode case folding (`ẞ` and `ß` are `ss`, `ſ` is `s`, the Kelvin
        // sign is `k`, `ﬀ` is `ff`, final sigma is sigma), the first of equal
        // definitions wins, runs of ASCII white space are one space, no-break
        // space is not white space, and a label's line break in a block quote
        // skips the `>`.
        let t = "[ẞ] [ß] [ſ] [K] [ΣΑΣ] [ﬀ] [a\u{a0}b] [c \t d]\n\n\
                 > [foo\n> bar] [ẞ\n> ſ]\n>\n> [foo bar]: /fb/\n> [SS S]: /sss/\n\n\
                 [ss]: /ss/\n[SS]: /second/\n[s]: /s/\n[k]: /k/\n[σας]: /sigma/\n[ff]: /ff/\n\
                 [a b]: /ab/\n[c d]: /cd/\n";
        let links = body_links(t, 0);
        let def = |url: &str| {
            let at = t.find(&format!(" {url}\n")).unwrap() + 1;
            Some(at..at + url.len())
        };
        let uses: Vec<_> = links
            .iter()
            .filter(|l| l.kind == LinkKind::Markdown)
            .map(|l| (at(t, l), l.url.as_str(), l.defined_at.clone()))
            .collect();
        assert_eq!(
            uses,
            vec![
                ("ẞ", "/ss/", def("/ss/")),
                ("ß", "/ss/", def("/ss/")),
                ("ſ", "/s/", def("/s/")),
                ("K", "/k/", def("/k/")),
                ("ΣΑΣ", "/sigma/", def("/sigma/")),
                ("ﬀ", "/ff/", def("/ff/")),
                ("c \t d", "/cd/", def("/cd/")),
                ("foo\n> bar", "/fb/", def("/fb/")),
                ("ẞ\n> ſ", "/sss/", def("/sss/")),
            ]
        );
        // The second `[SS]` definition is never used, and not a link.
        assert!(!links.iter().any(|l| l.url == "/second/"), "{links:?}");
    }

    #[test]
    fn multiline_link_text() {
        let t = "[one\ntwo](\n  /dest/\n  \"title\")";
        let links = body_links(t, 0);
        assert_eq!(at(t, &links[0]), "/dest/");
    }

    #[test]
    fn markdown_shortcodes_leave_the_anchors_unknown() {
        let rules = AnchorRules::default();
        let t = "## Setup\n\n{{% include \"part.md\" %}}\n";
        assert!(anchor_ids(t, &rules).is_empty());
        assert!(links_and_headings(t, 0, Some(&rules)).1.is_empty());
        let t = "## Setup\n\n{{< figure src=\"a.png\" >}} [x]({{% ref \"a.md\" %}})\n{{% note %}}\n## Inside\n{{% /note %}}\nversion {{% latest %}}\n";
        assert_eq!(anchor_ids(t, &rules), ["setup", "inside"]);
        assert_eq!(
            links_and_headings(t, 0, Some(&rules)).1,
            ["setup", "inside"]
        );
    }

    #[test]
    fn heading_ids_github_style() {
        let t = "# Hello, World!\n\n## Hello World\n\n## Hello World\n\n### Ünïcode Ärger_x 2\n\nSetext\nheading\n---\n\n## Custom {#my-id}\n\n## Closed ##\n\n## `code` and *emph* [link](/x)\n\n## !!!\n\n> ## In quote\n\n## hello-world {.cls}\n";
        assert_eq!(
            heading_ids(t),
            vec![
                "hello-world",
                "hello-world-1",
                "hello-world-2",
                "ünïcode-ärger_x-2",
                "heading",
                "my-id",
                "closed",
                "code-and-emph-linkx",
                "heading-1",
                "in-quote",
                "hello-world-3",
            ]
        );
    }

    #[test]
    fn many_headings_number_ids_as_few_do() {
        // Past LINEAR_IDS ids, taken ids are looked up in a set: the ids
        // must be the ones a set from the first heading gives.
        fn with_a_set(names: &[&str]) -> Vec<String> {
            let mut taken = std::collections::HashSet::new();
            let mut ids = Vec::new();
            for name in names {
                let id = match name.strip_prefix('#') {
                    Some(explicit) => explicit.to_string(),
                    None => {
                        let base = anchorize(name);
                        let mut id = base.clone();
                        let mut n = 0;
                        while taken.contains(&id) {
                            n += 1;
                            id = format!("{base}-{n}");
                        }
                        id
                    }
                };
                taken.insert(id.clone());
                ids.push(id);
            }
            ids
        }
        for count in [1, 15, 16, 17, 18, 40] {
            let names: Vec<&str> = ["A", "B", "A", "A-1", "#a-3", "A", "#b", "B", "a 1"]
                .into_iter()
                .cycle()
                .take(count)
                .collect();
            let body: String = names
                .iter()
                .map(|n| match n.strip_prefix('#') {
                    Some(id) => format!("## X {{#{id}}}\n\n"),
                    None => format!("## {n}\n\n"),
                })
                .collect();
            assert_eq!(heading_ids(&body), with_a_set(&names), "{count}");
        }
    }

    #[test]
    fn explicit_ids_reserve_names() {
        let t = "## A {#a}\n\n## A\n\n## B {id=\"b\" .c}\n";
        assert_eq!(heading_ids(t), vec!["a", "a-1", "b"]);
    }

    #[test]
    fn find_braces_is_a_substring_search() {
        let texts = [
            "",
            "{",
            "{{",
            "{{{",
            "a{b{{c",
            "é{{",
            "{é{{",
            "x{\n{{",
            "{ {",
            "日本{語{{{",
            "}}{{<",
        ];
        for t in texts {
            for from in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                assert_eq!(
                    find_braces(t, from),
                    t[from..].find("{{").map(|p| from + p),
                    "{t:?} {from}"
                );
            }
        }
    }

    #[test]
    fn anchorize_ascii_shortcut_keeps_the_unicode_rules() {
        // The rules as written before the ASCII shortcut.
        fn unicode_rules(s: &str) -> String {
            let mut out = String::new();
            for c in s.chars() {
                if c == '-' || c == ' ' || c == '\t' {
                    out.push('-');
                } else if c == '_' || c.is_alphanumeric() {
                    out.extend(c.to_lowercase());
                }
            }
            out
        }
        let ascii: String = (0..=0x7fu8).map(char::from).collect();
        for s in [
            ascii.as_str(),
            "Ünïcode Ärger_x 2",
            "İstanbul ẞ Σ ǅ Ⅻ ½ ٣ 東京",
            "tab\there\r\n{#x}",
        ] {
            assert_eq!(anchorize(s), unicode_rules(s), "{s:?}");
        }
    }

    #[test]
    fn anchorize_rules() {
        assert_eq!(anchorize("A - B"), "a---b");
        assert_eq!(anchorize("v1.0.0 (Apr 21)"), "v100-apr-21");
        assert_eq!(anchorize("Straße 東京"), "straße-東京");
    }
}
