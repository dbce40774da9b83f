//! The anchors a page's HTML has, as Hugo's goldmark makes them from the
//! Markdown: heading ids (in the site's `autoHeadingIDType`, or set with a
//! `{#id}` attribute), ids set by block attributes, definition-list term ids,
//! footnote ids, and `id`/`name` attributes of raw HTML (when the site lets
//! raw HTML through). A link's fragment may name any of them.

use crate::hugo::values::into_lower_keys;
use crate::hugo::HugoConfig;
use pulldown_cmark::{Event, Tag, TagEnd};
use rustc_hash::FxHashSet;
use serde_json::Value;
use std::ops::Range;

/// `markup.goldmark.parser.autoHeadingIDType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdType {
    #[default]
    Github,
    GithubAscii,
    Blackfriday,
}

/// What gives an element of a page an id, from the site's `markup.goldmark` config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorRules {
    pub id_type: IdType,
    /// `parser.autoHeadingID`: headings get ids from their text.
    pub auto_heading_id: bool,
    /// `parser.attribute.title`: `{#id}` after a heading's text.
    pub heading_attributes: bool,
    /// `parser.attribute.block`: a `{#id}` line after a block.
    pub block_attributes: bool,
    /// `parser.autoDefinitionTermID`.
    pub term_ids: bool,
    /// `renderer.unsafe`: raw HTML is written out (else it is left out, ids and all).
    pub raw_html: bool,
    /// `extensions.linkify`: a bare `https://…` in text is a link.
    pub linkify: bool,
    /// The site's shortcode templates: whether a call may write headings.
    pub shortcodes: std::sync::Arc<crate::links::shortcodes::ShortcodeTemplates>,
    /// The page's own values hold no heading, so a shortcode that writes
    /// only those writes none (set per page).
    pub page_values_plain: bool,
    /// The values of the `{{< param key >}}` calls in the page's body that
    /// are known (key lower case, value as Hugo prints it; set per page):
    /// a link destination holding such calls is the text with them filled in.
    pub params: Vec<(String, String)>,
    /// The site's `params`, which `{{< param key >}}` falls back to.
    pub(crate) site_params: std::sync::Arc<crate::links::params::SiteParams>,
}

impl Default for AnchorRules {
    fn default() -> Self {
        AnchorRules {
            id_type: IdType::Github,
            auto_heading_id: true,
            heading_attributes: true,
            block_attributes: false,
            term_ids: false,
            raw_html: false,
            linkify: true,
            shortcodes: Default::default(),
            page_values_plain: false,
            params: Vec::new(),
            site_params: Default::default(),
        }
    }
}

impl AnchorRules {
    pub(crate) fn of(cfg: &HugoConfig) -> AnchorRules {
        let mut r = AnchorRules::default();
        let raw = into_lower_keys(cfg.raw.clone());
        r.site_params = std::sync::Arc::new(crate::links::params::SiteParams::of(&raw));
        let Some(gm) = raw.get("markup").and_then(|m| m.get("goldmark")) else {
            return r;
        };
        let flag = |v: Option<&Value>, default: bool| v.and_then(Value::as_bool).unwrap_or(default);
        let parser = gm.get("parser");
        let p = |k: &str| parser.and_then(|p| p.get(k));
        r.id_type = match p("autoheadingidtype").and_then(Value::as_str) {
            Some(t) if t.eq_ignore_ascii_case("github-ascii") => IdType::GithubAscii,
            Some(t) if t.eq_ignore_ascii_case("blackfriday") => IdType::Blackfriday,
            _ => IdType::Github,
        };
        r.auto_heading_id = flag(p("autoheadingid"), true);
        r.term_ids = flag(p("autodefinitiontermid"), false);
        let attr = p("attribute");
        r.heading_attributes = flag(attr.and_then(|a| a.get("title")), true);
        r.block_attributes = flag(attr.and_then(|a| a.get("block")), false);
        r.raw_html = flag(gm.get("renderer").and_then(|x| x.get("unsafe")), false);
        let ext = gm.get("extensions");
        r.linkify = flag(ext.and_then(|e| e.get("linkify")), true);
        r
    }
}

/// The id Hugo makes of a text in `id_type` (empty when nothing is left).
pub(crate) fn sanitize(s: &str, id_type: IdType) -> String {
    match id_type {
        IdType::Github => anchorize(s),
        IdType::GithubAscii => {
            use unicode_normalization::char::is_combining_mark;
            use unicode_normalization::UnicodeNormalization;
            let plain: String = s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect();
            let ascii: String = plain.chars().filter(char::is_ascii).collect();
            anchorize(&ascii)
        }
        IdType::Blackfriday => {
            // Runs of anything but letters and digits become one `-`, none at the ends.
            let mut out = String::with_capacity(s.len());
            let mut dash = false;
            for c in s.chars() {
                if c.is_alphabetic() || c.is_numeric() {
                    if dash && !out.is_empty() {
                        out.push('-');
                    }
                    dash = false;
                    out.extend(c.to_lowercase());
                } else {
                    dash = true;
                }
            }
            out
        }
    }
}

/// Up to this many ids, whether an id is taken is a scan of the ids so far:
/// pages have a few headings, and hashing (and a copy of each id for the
/// set) cost more than comparing a few short strings.
const LINEAR_IDS: usize = 16;

/// Collects a page's anchors from its Markdown events (see the module doc).
pub(crate) struct Anchors<'r> {
    rules: &'r AnchorRules,
    /// The ids of `ids`, once there are more than [`LINEAR_IDS`] (empty
    /// before). Only looked up, never iterated: a fast hash is safe for the
    /// order.
    taken: FxHashSet<String>,
    pub ids: Vec<String>,
    quote_depth: usize,
    heading: Option<(Range<usize>, usize)>,
    term: Option<Range<usize>>,
    paragraph: Option<Range<usize>>,
    /// Footnote labels in the order of their first reference, with how many
    /// references each has had and where the first is.
    notes: Vec<(String, usize, usize)>,
    /// Where the source of the element being read starts.
    at: usize,
    /// Where each of `ids` is set (the start of its heading, term, block,
    /// HTML or footnote reference), when asked for ([`Anchors::placed`]).
    places: Option<Vec<usize>>,
}

impl<'r> Anchors<'r> {
    pub(crate) fn new(rules: &'r AnchorRules) -> Self {
        Anchors {
            rules,
            taken: FxHashSet::default(),
            ids: Vec::new(),
            quote_depth: 0,
            heading: None,
            term: None,
            paragraph: None,
            notes: Vec::new(),
            at: 0,
            places: None,
        }
    }

    /// Anchors that also record where each one is set (see [`Anchors::finish_placed`]).
    pub(crate) fn placed(rules: &'r AnchorRules) -> Self {
        Anchors {
            places: Some(Vec::new()),
            ..Anchors::new(rules)
        }
    }

    /// Called for every event, so inlined and kept to a cheap match; the
    /// work for an anchor is out of line.
    #[inline(always)]
    pub(crate) fn event(&mut self, body: &str, event: &Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => self.quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quote_depth = self.quote_depth.saturating_sub(1)
            }
            Event::Start(Tag::Heading { .. }) => {
                self.heading = Some((range, self.quote_depth));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((r, depth)) = self.heading.take() {
                    self.at = r.start;
                    self.push_heading(&body[r], depth);
                }
            }
            Event::Start(Tag::DefinitionListTitle) if self.rules.term_ids => {
                self.term = Some(range);
            }
            Event::End(TagEnd::DefinitionListTitle) => {
                if let Some(r) = self.term.take() {
                    self.at = r.start;
                    self.push_term(&body[r]);
                }
            }
            Event::Start(Tag::Paragraph) if self.rules.block_attributes => {
                self.paragraph = Some(range);
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(r) = self.paragraph.take() {
                    self.at = r.start;
                    self.push_block_attribute(&body[r]);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) if self.rules.raw_html => {
                self.at = range.start;
                self.push_html(t)
            }
            Event::FootnoteReference(label) => {
                self.at = range.start;
                self.push_note(label)
            }
            _ => {}
        }
    }

    /// The anchors, footnotes last (goldmark writes them at the end).
    pub(crate) fn finish(self) -> Vec<String> {
        self.finish_placed().0
    }

    /// The anchors and where each is set (empty places unless made
    /// [`placed`](Anchors::placed)); a footnote's is its first reference.
    pub(crate) fn finish_placed(mut self) -> (Vec<String>, Vec<usize>) {
        for i in 0..self.notes.len() {
            self.at = self.notes[i].2;
            self.record();
            self.ids.push(format!("fn:{}", i + 1));
        }
        (self.ids, self.places.unwrap_or_default())
    }

    /// Note that the next id is set at [`Anchors::at`].
    fn record(&mut self) {
        if let Some(p) = &mut self.places {
            p.push(self.at);
        }
    }

    fn push_note(&mut self, label: &str) {
        let at = match self.notes.iter().position(|(l, _, _)| l == label) {
            Some(i) => {
                self.notes[i].1 += 1;
                i
            }
            None => {
                self.notes.push((label.to_string(), 0, self.at));
                self.notes.len() - 1
            }
        };
        let n = at + 1;
        // The first reference is `fnref:N`, later ones `fnref1:N`, `fnref2:N` ….
        let id = match self.notes[at].1 {
            0 => format!("fnref:{n}"),
            k => format!("fnref{k}:{n}"),
        };
        self.record();
        self.ids.push(id);
    }

    /// The id of the heading whose source is `src`.
    #[inline(never)]
    fn push_heading(&mut self, src: &str, quote_depth: usize) {
        let (raw, explicit) = heading_source(src, quote_depth, self.rules.heading_attributes);
        match explicit {
            Some(id) => self.put(id),
            None if self.rules.auto_heading_id => {
                self.generate(&named_entities(&without_html(&link_texts(raw))), "heading")
            }
            None => {}
        }
    }

    #[inline(never)]
    fn push_term(&mut self, src: &str) {
        let text = src.lines().next().unwrap_or_default().trim();
        self.generate(text, "term");
    }

    /// A paragraph whose last line is a `{#id …}` attribute block.
    #[inline(never)]
    fn push_block_attribute(&mut self, src: &str) {
        let last = src.trim_end().lines().last().unwrap_or_default().trim();
        if !last.starts_with('{') {
            return;
        }
        if let Some(Some(id)) = parse_attributes(last) {
            self.put(id);
        }
    }

    /// `id` and `name` attributes of raw HTML.
    #[inline(never)]
    fn push_html(&mut self, html: &str) {
        let b = html.as_bytes();
        for name in ["id", "name"] {
            let mut from = 0;
            while let Some(p) = html[from..].find(name) {
                let at = from + p;
                from = at + name.len();
                let before_ok = at > 0 && b[at - 1].is_ascii_whitespace();
                let rest = html[from..].trim_start();
                let Some(rest) = rest.strip_prefix('=').filter(|_| before_ok) else {
                    continue;
                };
                let rest = rest.trim_start();
                let value = match rest.as_bytes().first() {
                    Some(&q @ (b'"' | b'\'')) => rest[1..].split(q as char).next(),
                    Some(_) => rest
                        .split(|c: char| c.is_ascii_whitespace() || c == '>')
                        .next(),
                    None => None,
                };
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    self.record();
                    self.ids.push(v.to_string());
                }
            }
        }
    }

    /// An id from text, made unique as goldmark does (`-1`, `-2` …); `empty`
    /// when nothing of the text is left.
    fn generate(&mut self, text: &str, empty: &str) {
        let mut id = sanitize(text.trim(), self.rules.id_type);
        if id.is_empty() {
            id = empty.to_string();
        }
        if self.is_taken(&id) {
            let mut n = 1;
            while self.is_taken(&format!("{id}-{n}")) {
                n += 1;
            }
            id = format!("{id}-{n}");
        }
        self.put(id);
    }

    fn put(&mut self, id: String) {
        self.record();
        if self.ids.len() >= LINEAR_IDS {
            if self.taken.is_empty() {
                self.taken.extend(self.ids.iter().cloned());
            }
            self.taken.insert(id.clone());
        }
        self.ids.push(id);
    }

    /// Whether an anchor before has the id `id`.
    fn is_taken(&self, id: &str) -> bool {
        if self.ids.len() <= LINEAR_IDS {
            self.ids.iter().any(|t| t == id)
        } else {
            self.taken.contains(id)
        }
    }
}

/// A heading's text without raw HTML tags and autolinks (`<…>`, not in a
/// code span): goldmark makes the id of the text between them only.
/// A heading's source with each link or image written as its text only:
/// goldmark's id is made of the heading's text, where a link is its text and
/// an image its alt text (`## See [the guide](/guide/)` → `see-the-guide`).
fn link_texts(s: &str) -> std::borrow::Cow<'_, str> {
    use std::sync::LazyLock;
    static LINK: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"!?\[([^\]`]*)\](?:\([^)`]*\)|\[[^\]`]*\])").expect("a valid pattern")
    });
    if !s.contains("](") && !s.contains("][") {
        return std::borrow::Cow::Borrowed(s);
    }
    LINK.replace_all(s, "$1")
}

/// A heading's source with each named character reference (`&eacute;`,
/// `&mdash;`) as the character it names: goldmark's id is made of them,
/// while a numeric one (`&#169;`) stays as written.
fn named_entities(s: &str) -> std::borrow::Cow<'_, str> {
    use std::sync::LazyLock;
    static NAMED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"&[A-Za-z][A-Za-z0-9]{1,31};").expect("a valid pattern")
    });
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    NAMED.replace_all(s, |c: &regex::Captures<'_>| {
        // pulldown-cmark knows the HTML names: its text of the reference alone.
        let mut out = String::new();
        for e in pulldown_cmark::Parser::new(&c[0]) {
            if let pulldown_cmark::Event::Text(t) = e {
                out.push_str(&t);
            }
        }
        out
    })
}

fn without_html(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('<') {
        return std::borrow::Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut code) = (0, false);
    while i < b.len() {
        let c = b[i];
        if c == b'`' {
            code = !code;
        } else if c == b'<' && !code {
            let next = b.get(i + 1).copied().unwrap_or(b' ');
            if next.is_ascii_alphabetic() || next == b'/' || next == b'!' {
                if let Some(e) = s[i..].find('>') {
                    i += e + 1;
                    continue;
                }
            }
        }
        // Whole characters: `i` only stops on ASCII bytes and char starts.
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    std::borrow::Cow::Owned(out)
}

/// Hugo's `github` anchor sanitising of a text.
pub(crate) fn anchorize(s: &str) -> String {
    if s.is_ascii() {
        // The common case, byte by byte (no UTF-8 decoding or encoding).
        let mut out = Vec::with_capacity(s.len());
        for &b in s.as_bytes() {
            match b {
                b'-' | b' ' | b'\t' => out.push(b'-'),
                b'_' | b'a'..=b'z' | b'0'..=b'9' => out.push(b),
                b'A'..=b'Z' => out.push(b.to_ascii_lowercase()),
                _ => {}
            }
        }
        // Only ASCII bytes were pushed.
        return String::from_utf8(out).unwrap_or_default();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            // The same rules, without the Unicode tables: an ASCII character
            // is alphanumeric exactly when it is an ASCII letter or digit.
            match c {
                '-' | ' ' | '\t' => out.push('-'),
                '_' | 'a'..='z' | '0'..='9' => out.push(c),
                'A'..='Z' => out.push(c.to_ascii_lowercase()),
                _ => {}
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The heading's source text as goldmark sees it, and its explicit id.
fn heading_source(src: &str, quote_depth: usize, attributes: bool) -> (&str, Option<String>) {
    let lines = src.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.clone().next().unwrap_or_default().trim_start();
    let atx = first.starts_with('#');
    let mut line = if atx {
        first.trim_start_matches('#').trim()
    } else {
        // Setext: the last text line before the underline.
        let content: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
        let last = if content.len() >= 2 {
            content[content.len() - 2]
        } else {
            content.first().copied().unwrap_or("")
        };
        strip_quote_markers(last, quote_depth).trim()
    };
    let mut explicit = None;
    if let Some((text, attrs)) = split_attributes(line).filter(|_| attributes) {
        explicit = attrs;
        line = text;
    }
    if atx {
        // Closing sequence: spaces then only `#`s.
        let t = line.trim_end_matches('#');
        if t.len() != line.len() && (t.is_empty() || t.ends_with([' ', '\t'])) {
            line = t.trim_end();
        }
    }
    (line, explicit)
}

fn strip_quote_markers(mut line: &str, depth: usize) -> &str {
    for _ in 0..depth {
        let t = line.trim_start();
        match t.strip_prefix('>') {
            Some(rest) => line = rest.strip_prefix(' ').unwrap_or(rest),
            None => break,
        }
    }
    line
}

/// A trailing `{…}` attribute block: the text before it, and the id it sets.
/// `None` if the line does not end with a valid attribute block.
fn split_attributes(line: &str) -> Option<(&str, Option<String>)> {
    let t = line.trim_end();
    if !t.ends_with('}') {
        return None;
    }
    // Try each `{` from the left, as goldmark does; the first that parses to
    // the end of the line wins.
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'{' => {
                if let Some(id) = parse_attributes(&t[i..]) {
                    return Some((t[..i].trim_end(), id));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Parse a whole `{#id .class key=value …}`; `Some(id)` if valid.
fn parse_attributes(s: &str) -> Option<Option<String>> {
    let b = s.as_bytes();
    let mut i = 1;
    let mut id = None;
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
            *i += 1;
        }
    };
    loop {
        skip_ws(&mut i);
        if i >= b.len() {
            return None;
        }
        if b[i] == b'}' {
            return if s[i + 1..].trim().is_empty() {
                Some(id)
            } else {
                None
            };
        }
        if b[i] == b'#' || b[i] == b'.' {
            let hash = b[i] == b'#';
            i += 1;
            let s0 = i;
            // goldmark keeps `_ - : .` in an id or class (`{#v1.2:notes}`).
            while i < b.len()
                && !b[i].is_ascii_whitespace()
                && (!b[i].is_ascii_punctuation() || matches!(b[i], b'_' | b'-' | b':' | b'.'))
            {
                i += 1;
            }
            if hash {
                id = Some(s[s0..i].to_string());
            }
        } else {
            let s0 = i;
            if !(b[i].is_ascii_alphabetic() || b[i] == b'_' || b[i] == b':') {
                return None;
            }
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b':' | b'.' | b'-'))
            {
                i += 1;
            }
            let name = &s[s0..i];
            skip_ws(&mut i);
            if i >= b.len() || b[i] != b'=' {
                return None;
            }
            i += 1;
            skip_ws(&mut i);
            let value = if i < b.len() && b[i] == b'"' {
                let v0 = i + 1;
                let mut k = v0;
                while k < b.len() && b[k] != b'"' {
                    if b[k] == b'\\' {
                        k += 1;
                    }
                    k += 1;
                }
                if k >= b.len() {
                    return None;
                }
                i = k + 1;
                s[v0..k].to_string()
            } else {
                let v0 = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || matches!(b[i], b'_' | b':' | b'.' | b'-' | b'+'))
                {
                    i += 1;
                }
                if i == v0 {
                    return None;
                }
                s[v0..i].to_string()
            };
            if name == "id" {
                id = Some(value);
            }
        }
        skip_ws(&mut i);
        if i < b.len() && b[i] == b',' {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_types() {
        let t = "Crème Brûlée & Boats -- 2_x";
        assert_eq!(sanitize(t, IdType::Github), "crème-brûlée--boats----2_x");
        assert_eq!(
            sanitize(t, IdType::GithubAscii),
            "creme-brulee--boats----2_x"
        );
        assert_eq!(sanitize(t, IdType::Blackfriday), "crème-brûlée-boats-2-x");
    }

    #[test]
    fn rules_from_config() {
        let cfg = HugoConfig::from_raw(serde_json::json!({"markup": {"goldmark": {
            "parser": {"autoHeadingIDType": "blackfriday", "autoDefinitionTermID": true,
                       "attribute": {"title": false, "block": true}},
            "renderer": {"unsafe": true}}}}));
        let r = AnchorRules::of(&cfg);
        assert_eq!(r.id_type, IdType::Blackfriday);
        assert!(r.term_ids && r.block_attributes && r.raw_html && r.auto_heading_id);
        assert!(!r.heading_attributes);
        assert_eq!(
            AnchorRules::of(&HugoConfig::default()),
            AnchorRules::default()
        );
    }

    #[test]
    fn raw_html_and_autolinks_are_not_in_a_heading_id() {
        let t = "## Link cache <a id=\"refcache\"></a>\n## Use <code>make</code> now\n## Mail <me@example.org> or <https://example.org/x>\n## Tag `<b>` é\n";
        let ids = crate::links::markdown::heading_ids(t);
        assert_eq!(ids, ["link-cache", "use-make-now", "mail--or", "tag-b-é"]);
    }

    #[test]
    fn attributes_off_leave_the_text() {
        let rules = AnchorRules {
            heading_attributes: false,
            ..AnchorRules::default()
        };
        let ids = crate::links::markdown::anchor_ids("## Setup {#s}\n", &rules);
        assert_eq!(ids, ["setup-s"]);
        let off = AnchorRules {
            auto_heading_id: false,
            ..AnchorRules::default()
        };
        let ids = crate::links::markdown::anchor_ids("## Setup\n\n## Run {#run}\n", &off);
        assert_eq!(ids, ["run"]);
    }
}
