//! Links in front matter values.
//!
//! Two sources: string values under URL-holding keys (`image: /x.png`), and
//! Markdown links inside any string value (`content: |` blocks, `summary:`).
//! Offsets inside a decoded string value are mapped back to exact byte spans
//! in the page by aligning the value with its source text, so escapes,
//! quotes, block indentation, folding and CRLF are all accounted for.

use super::markdown::body_links;
use super::prefilter::may_hold_links;
use crate::load::tree::{Kind, Node, Step, StrStyle};
use crate::types::{Link, LinkKind};
use std::ops::Range;

/// The keys whose string values are URLs, unless configured otherwise.
pub(crate) const DEFAULT_URL_KEYS: &[&str] = &["url", "link", "href", "src", "image"];

/// [`DEFAULT_URL_KEYS`] as owned strings.
pub fn default_url_keys() -> Vec<String> {
    DEFAULT_URL_KEYS.iter().map(|s| s.to_string()).collect()
}

/// Every link in the front matter tree `root` of `page`.
///
/// A string under a key in `url_keys` (compared case-insensitively; items of
/// a list count as under the list's key) is one [`LinkKind::FrontMatterUrl`]
/// whose span is the value without its quotes. Any other string is searched
/// for Markdown links (see [`body_links`]). The page's own address is not a
/// link: the top-level `url`, `slug` and `aliases` values are skipped.
pub fn front_matter_links(page: &str, root: &Node, url_keys: &[String]) -> Vec<Link> {
    let mut out = Vec::new();
    for_each_link(page, root, url_keys, &mut |link, _| out.push(link));
    out
}

/// [`front_matter_links`], each passed to `f` with the path of the value it
/// was found in.
fn for_each_link<'a>(
    page: &str,
    root: &'a Node,
    url_keys: &[String],
    f: &mut dyn FnMut(Link, &[Step<'a>]),
) {
    root.walk_strings(&mut |path, key, node| {
        // JSON pointers `/url`, `/slug`, `/aliases` and `/aliases/…`.
        if matches!(path, [Step::Key("url" | "slug")])
            || matches!(path.first(), Some(Step::Key("aliases")))
        {
            return;
        }
        // `resources: [{src: "**.png", …}]` gives the bundle's own files
        // names and params: `src` is a glob pattern over them, not a link.
        if let [Step::Key(r), Step::Index(_), Step::Key(k)] = path {
            if r.eq_ignore_ascii_case("resources") && k.eq_ignore_ascii_case("src") {
                return;
            }
        }
        let Kind::Str(value, style) = &node.kind else {
            return;
        };
        let is_url_key = key.is_some_and(|k| url_keys.iter().any(|u| u.eq_ignore_ascii_case(k)));
        if is_url_key {
            let span = unquoted(page, node.span.clone());
            let mut link = Link::new(value.trim(), span, LinkKind::FrontMatterUrl);
            link.set_span(trim_span(page, link.span()));
            f(link, path);
            return;
        }
        // Most strings hold no link. `body_links` checks that too, but the
        // check inlined here also saves the call for each of them.
        if !may_hold_links(value) {
            return;
        }
        let links = body_links(value, 0);
        if links.is_empty() {
            return;
        }
        let map = OffsetMap::new(page, node.span.clone(), value, *style);
        for mut link in links {
            if is_placeholder(link.url()) {
                continue;
            }
            link.set_span(map.span(link.span()));
            link.set_defined_at(link.defined_at().map(|d| map.span(d)));
            f(link, path);
        }
    });
}

/// A destination that starts with a template variable (`$repo/tree/main`):
/// Markdown in a front matter string becomes a page only through the site's
/// templates, and one that writes `$name` fills it in (`replace`) first. No
/// URL a browser follows starts that way.
fn is_placeholder(url: &str) -> bool {
    let mut b = url.bytes();
    b.next() == Some(b'$')
        && b.next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
}

/// The span of a scalar without its surrounding quotes (`"…"`, `'…'`, and
/// TOML's `"""…"""` / `'''…'''`).
pub(crate) fn unquoted(page: &str, span: Range<usize>) -> Range<usize> {
    let s = &page[span.clone()];
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if s.len() >= 2 * q.len() && s.starts_with(q) && s.ends_with(q) {
            return span.start + q.len()..span.end - q.len();
        }
    }
    span
}

/// Shrink a span to exclude surrounding whitespace.
fn trim_span(page: &str, span: Range<usize>) -> Range<usize> {
    let s = &page[span.clone()];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// Maps byte offsets in a decoded string value to byte spans in the page.
struct OffsetMap {
    /// The value in pieces, in order, each with the page text it came from.
    /// Empty when the value could not be aligned with its source.
    pieces: Vec<Piece>,
    /// The whole value's span, the fallback.
    whole: Range<usize>,
    value_len: usize,
}

/// `value[v..v + len]` came from `page[s..s + src_len]`: written as it is
/// (`exact`: byte for byte, so any offset inside maps), or one char that
/// an escape or folding produced.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    v: usize,
    len: usize,
    s: usize,
    src_len: usize,
    exact: bool,
}

impl Piece {
    /// The page offset of value offset `off` (inside this piece), if a
    /// char starts there.
    fn start_of(&self, off: usize) -> Option<usize> {
        match self.exact {
            true => Some(self.s + (off - self.v)),
            false => (off == self.v).then_some(self.s),
        }
    }

    /// The page offset where the char that ends at value offset `end` (inside
    /// this piece, or at its end) ends.
    fn end_of(&self, end: usize) -> usize {
        match self.exact {
            true => self.s + (end - self.v),
            false => self.s + self.src_len,
        }
    }
}

/// Pieces as [`align`] finds them: a char written as it is, right after the
/// last exact piece in value and page, extends it.
#[derive(Default)]
struct Pieces(Vec<Piece>);

impl Pieces {
    fn exact(&mut self, v: usize, s: usize, len: usize) {
        match self.0.last_mut() {
            Some(p) if p.exact && p.v + p.len == v && p.s + p.src_len == s => {
                p.len += len;
                p.src_len += len;
            }
            _ => self.0.push(Piece {
                v,
                len,
                s,
                src_len: len,
                exact: true,
            }),
        }
    }

    fn produced(&mut self, v: usize, len: usize, s: Range<usize>) {
        self.0.push(Piece {
            v,
            len,
            s: s.start,
            src_len: s.len(),
            exact: false,
        });
    }
}

impl OffsetMap {
    fn new(page: &str, span: Range<usize>, value: &str, style: StrStyle) -> Self {
        let whole = span.clone();
        let src = &page[span.clone()];
        let pieces = if style == StrStyle::Plain && src == value {
            let mut p = Pieces::default();
            if !value.is_empty() {
                p.exact(0, span.start, value.len());
            }
            p.0
        } else {
            let double_quoted = src.starts_with('"');
            align(src, span.start, value, double_quoted).unwrap_or_default()
        };
        OffsetMap {
            pieces,
            whole,
            value_len: value.len(),
        }
    }

    /// The piece holding value offset `off`.
    fn piece(&self, off: usize) -> Option<&Piece> {
        let at = self.pieces.partition_point(|p| p.v + p.len <= off);
        self.pieces.get(at).filter(|p| p.v <= off)
    }

    /// The page span of `value[r]`.
    fn span(&self, r: Range<usize>) -> Range<usize> {
        if self.pieces.is_empty() {
            return self.whole.clone();
        }
        let start = self.piece(r.start).and_then(|p| p.start_of(r.start));
        if r.is_empty() {
            return match start {
                Some(s) => s..s,
                None if r.start >= self.value_len => {
                    let end = self
                        .pieces
                        .last()
                        .map_or(self.whole.end, |p| p.s + p.src_len);
                    end..end
                }
                None => self.whole.clone(),
            };
        }
        let end = self
            .piece(r.end - 1)
            .map(|p| p.end_of(r.end.min(p.v + p.len)));
        match (start, end) {
            (Some(s), Some(e)) if e >= s => s..e,
            _ => self.whole.clone(),
        }
    }
}

/// Align a decoded string `value` with its source text `src` (which starts at
/// page offset `base`): each value char is matched to the next source text
/// that produces it, skipping only what scalar syntax may add (quotes,
/// whitespace and line breaks from indentation and folding, line-continuation
/// backslashes). In double-quoted text, escapes are decoded. `None` when the
/// value cannot be produced this way.
fn align(src: &str, base: usize, value: &str, double_quoted: bool) -> Option<Vec<Piece>> {
    let mut out = Pieces::default();
    let (vb, sb) = (value.as_bytes(), src.as_bytes());
    let mut j = 0;
    let mut i = 0;
    while i < vb.len() {
        // Most text is ASCII written as it is: matched as a run, byte for
        // byte, without decoding a char of each side (what the loop below
        // would do with them, less the work). `j` is always on a char boundary.
        let run = vb[i..]
            .iter()
            .zip(sb.get(j..).unwrap_or_default())
            .take_while(|&(&v, &s)| v == s && v.is_ascii() && !(double_quoted && v == b'\\'))
            .count();
        if run > 0 {
            out.exact(i, base + j, run);
            i += run;
            j += run;
            continue;
        }
        let c = value[i..].chars().next()?;
        loop {
            let rest = src.get(j..)?;
            let sc = rest.chars().next()?;
            if double_quoted && sc == '\\' {
                match decode_escape(rest) {
                    Some((Some(d), len)) if d == c => {
                        out.produced(i, c.len_utf8(), base + j..base + j + len);
                        j += len;
                        break;
                    }
                    // An escaped line break produces nothing.
                    Some((None, len)) => {
                        j += len;
                        continue;
                    }
                    _ => return None,
                }
            }
            if sc == c {
                out.exact(i, base + j, sc.len_utf8());
                j += sc.len_utf8();
                break;
            }
            if sc.is_whitespace() || sc == '"' || sc == '\'' || sc == '\\' {
                j += sc.len_utf8();
                continue;
            }
            // Whitespace the source does not show here (leading blank lines
            // of a block scalar that lie before its span): an empty span.
            if c.is_whitespace() {
                out.produced(i, c.len_utf8(), base + j..base + j);
                break;
            }
            return None;
        }
        i += c.len_utf8();
    }
    Some(out.0)
}

/// Decode one escape at the start of `s` (which starts with `\`): the char it
/// stands for (`None` for an escaped line break) and its source length.
fn decode_escape(s: &str) -> Option<(Option<char>, usize)> {
    let mut it = s.chars();
    it.next();
    let e = it.next()?;
    let hex = |n: usize| -> Option<(Option<char>, usize)> {
        let digits = s.get(2..2 + n)?;
        let code = u32::from_str_radix(digits, 16).ok()?;
        Some((Some(char::from_u32(code)?), 2 + n))
    };
    let simple = |c: char| Some((Some(c), 2));
    match e {
        '0' => simple('\0'),
        'a' => simple('\u{7}'),
        'b' => simple('\u{8}'),
        't' | '\t' => simple('\t'),
        'n' => simple('\n'),
        'v' => simple('\u{b}'),
        'f' => simple('\u{c}'),
        'r' => simple('\r'),
        'e' => simple('\u{1b}'),
        ' ' => simple(' '),
        '"' => simple('"'),
        '/' => simple('/'),
        '\\' => simple('\\'),
        'N' => simple('\u{85}'),
        '_' => simple('\u{a0}'),
        'L' => simple('\u{2028}'),
        'P' => simple('\u{2029}'),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        '\n' => Some((None, 2)),
        '\r' => Some((None, if s[2..].starts_with('\n') { 3 } else { 2 })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{parse, TreeLimits};

    /// The links of `page` with the JSON pointers of their values.
    fn links(page: &str) -> Vec<(Link, String)> {
        let root = parse(page, 0..page.len(), TreeLimits::default())
            .unwrap()
            .unwrap();
        let mut out = Vec::new();
        for_each_link(page, &root, &default_url_keys(), &mut |l, path| {
            out.push((l, crate::load::tree::pointer_of(path)))
        });
        assert_eq!(
            front_matter_links(page, &root, &default_url_keys()),
            out.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>()
        );
        out
    }

    fn shown(page: &str) -> Vec<(LinkKind, String, String, String)> {
        links(page)
            .into_iter()
            .map(|(l, p)| (l.kind, page[l.span()].to_string(), l.url().to_string(), p))
            .collect()
    }

    fn row(kind: LinkKind, at: &str, url: &str, ptr: &str) -> (LinkKind, String, String, String) {
        (kind, at.to_string(), url.to_string(), ptr.to_string())
    }

    #[test]
    fn url_keys_and_own_address() {
        let page = "url: /my/page/\naliases: [/old/]\nslug: x\nimage: \"/img/a.png\"\nhero:\n  link: '/x/'\n  Src: /y.png\ngallery:\n  image: [ /a.png, /b.png ]\ntitle: not [a link\n";
        assert_eq!(
            shown(page),
            vec![
                row(
                    LinkKind::FrontMatterUrl,
                    "/img/a.png",
                    "/img/a.png",
                    "/image"
                ),
                row(LinkKind::FrontMatterUrl, "/x/", "/x/", "/hero/link"),
                row(LinkKind::FrontMatterUrl, "/y.png", "/y.png", "/hero/Src"),
                row(
                    LinkKind::FrontMatterUrl,
                    "/a.png",
                    "/a.png",
                    "/gallery/image/0"
                ),
                row(
                    LinkKind::FrontMatterUrl,
                    "/b.png",
                    "/b.png",
                    "/gallery/image/1"
                ),
            ]
        );
    }

    #[test]
    fn resource_src_is_a_glob() {
        // A bundle's `resources` name its files by pattern; `src` elsewhere is a link.
        let page = "Resources:\n  - src: '**.{png,jpg}'\n    params:\n      src: /p.png\nhero:\n  - src: /h.png\n";
        assert_eq!(
            shown(page),
            vec![
                row(
                    LinkKind::FrontMatterUrl,
                    "/p.png",
                    "/p.png",
                    "/Resources/0/params/src"
                ),
                row(LinkKind::FrontMatterUrl, "/h.png", "/h.png", "/hero/0/src"),
            ]
        );
    }

    #[test]
    fn own_address_is_only_at_the_top() {
        let page = "url:\n  image: /u.png\nhero:\n  aliases: ['[h](/h/)']\n  slug: '[s](/s/)'\n";
        assert_eq!(
            shown(page),
            vec![
                row(LinkKind::FrontMatterUrl, "/u.png", "/u.png", "/url/image"),
                row(LinkKind::Markdown, "/h/", "/h/", "/hero/aliases/0"),
                row(LinkKind::Markdown, "/s/", "/s/", "/hero/slug"),
            ]
        );
    }

    #[test]
    fn nested_url_key_is_a_link() {
        let page = "sections:\n  - url: /nested/\n";
        assert_eq!(
            shown(page),
            vec![row(
                LinkKind::FrontMatterUrl,
                "/nested/",
                "/nested/",
                "/sections/0/url"
            )]
        );
    }

    #[test]
    fn plain_scalar_markdown() {
        let page = "summary: Read [this](/a/) now — [that](/b/)\n";
        assert_eq!(
            shown(page),
            vec![
                row(LinkKind::Markdown, "/a/", "/a/", "/summary"),
                row(LinkKind::Markdown, "/b/", "/b/", "/summary")
            ]
        );
    }

    #[test]
    fn template_variables_are_not_links() {
        // A site's template replaces `$src_repo_url` before rendering the string.
        let page = "content:\n  - \"[Examples]($src_repo_url/tree/main) and [guide](/guide/)\"\n  - '[cost]($5.md) [doc]($_x)'\n";
        assert_eq!(
            shown(page),
            vec![
                row(LinkKind::Markdown, "/guide/", "/guide/", "/content/0"),
                row(LinkKind::Markdown, "$5.md", "$5.md", "/content/1"),
            ]
        );
    }

    #[test]
    fn literal_block_link_on_line_three() {
        let page = "title: T\ncontent: |\n  First line.\n  Second — ünïcode.\n  See [the guide](/guide/#start) here.\n\n  ![pic](/p.png)\nnext: 1\n";
        let got = links(page);
        assert_eq!(got.len(), 2);
        let (l, p) = &got[0];
        assert_eq!(p, "/content");
        let want = page.find("/guide/#start").unwrap();
        assert_eq!(l.span(), want..want + "/guide/#start".len());
        assert_eq!(&page[got[1].0.span()], "/p.png");
    }

    #[test]
    fn literal_block_crlf() {
        let page =
            "content: |\r\n    intro\r\n      indented [x](/x/)\r\n\r\n    [ref]: /r/\r\nb: 1\r\n";
        let got = shown(page);
        assert_eq!(
            got,
            vec![
                row(LinkKind::Markdown, "/x/", "/x/", "/content"),
                row(LinkKind::Reference, "/r/", "/r/", "/content")
            ]
        );
    }

    #[test]
    fn leading_blank_lines_in_literal() {
        let page = "content: |\n\n\n  [a](/a/)\n";
        assert_eq!(
            shown(page),
            vec![row(LinkKind::Markdown, "/a/", "/a/", "/content")]
        );
    }

    #[test]
    fn quoted_scalars_with_escapes() {
        let page = "a: \"\\u00e9 [x](/\\x41/) \\\"q\\\" [y](/y/)\"\nb: 'it''s [z](/z/)'\n";
        assert_eq!(
            shown(page),
            vec![
                row(LinkKind::Markdown, "/\\x41/", "/A/", "/a"),
                row(LinkKind::Markdown, "/y/", "/y/", "/a"),
                row(LinkKind::Markdown, "/z/", "/z/", "/b"),
            ]
        );
    }

    #[test]
    fn folded_and_multiline_scalars() {
        let page = "a: >\n  one two\n  [x](/x/)\n  three\nb: \"multi\n  line [y](/y/)\"\nc: plain\n  continued [z](/z/)\n";
        assert_eq!(
            shown(page),
            vec![
                row(LinkKind::Markdown, "/x/", "/x/", "/a"),
                row(LinkKind::Markdown, "/y/", "/y/", "/b"),
                row(LinkKind::Markdown, "/z/", "/z/", "/c"),
            ]
        );
    }

    #[test]
    fn shortcodes_and_html_in_front_matter() {
        let page = "body: 'See {{< ref \"/x.md\" >}} and <a href=\"/h/\">h</a>'\n";
        assert_eq!(
            shown(page),
            vec![
                row(LinkKind::Ref, "/x.md", "/x.md", "/body"),
                row(LinkKind::HtmlAttr, "/h/", "/h/", "/body")
            ]
        );
    }

    /// `align` as it was, one decoded char of each side at a time: what the
    /// byte-for-byte fast path must agree with.
    fn align_by_char(
        src: &str,
        base: usize,
        value: &str,
        double_quoted: bool,
    ) -> Option<Vec<(usize, Range<usize>)>> {
        let mut out = Vec::new();
        let mut j = 0;
        for (i, c) in value.char_indices() {
            loop {
                let rest = src.get(j..)?;
                let sc = rest.chars().next()?;
                if double_quoted && sc == '\\' {
                    match decode_escape(rest) {
                        Some((Some(d), len)) if d == c => {
                            out.push((i, base + j..base + j + len));
                            j += len;
                            break;
                        }
                        Some((None, len)) => {
                            j += len;
                            continue;
                        }
                        _ => return None,
                    }
                }
                if sc == c {
                    out.push((i, base + j..base + j + sc.len_utf8()));
                    j += sc.len_utf8();
                    break;
                }
                if sc.is_whitespace() || sc == '"' || sc == '\'' || sc == '\\' {
                    j += sc.len_utf8();
                    continue;
                }
                if c.is_whitespace() {
                    out.push((i, base + j..base + j));
                    break;
                }
                return None;
            }
        }
        Some(out)
    }

    /// `pieces` as the table of each value char's page span that
    /// `align_by_char` makes.
    fn expand(pieces: Vec<Piece>, value: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        for p in pieces {
            if !p.exact {
                out.push((p.v, p.s..p.s + p.src_len));
                continue;
            }
            for (i, c) in value[p.v..p.v + p.len].char_indices() {
                out.push((p.v + i, p.s + i..p.s + i + c.len_utf8()));
            }
        }
        out
    }

    /// The span of `value[r]` from a table of each char's page span, as
    /// `OffsetMap::span` worked on one: what it must agree with.
    fn span_by_chars(
        chars: &[(usize, Range<usize>)],
        whole: Range<usize>,
        value_len: usize,
        r: Range<usize>,
    ) -> Range<usize> {
        if chars.is_empty() {
            return whole;
        }
        let find = |off: usize| chars.binary_search_by_key(&off, |(i, _)| *i);
        if r.is_empty() {
            return match find(r.start) {
                Ok(k) => chars[k].1.start..chars[k].1.start,
                Err(_) if r.start >= value_len => {
                    let end = chars.last().map_or(whole.end, |(_, s)| s.end);
                    end..end
                }
                Err(_) => whole,
            };
        }
        let last = chars.partition_point(|(i, _)| *i < r.end).checked_sub(1);
        match (find(r.start), last) {
            (Ok(a), Some(b)) if b >= a => chars[a].1.start..chars[b].1.end,
            _ => whole,
        }
    }

    #[test]
    fn align_agrees_with_char_by_char() {
        for (src, value, dq) in [
            (
                "\"\\u00e9 [x](/\\x41/) \\\"q\\\" [y](/y/)\"",
                "é [x](/A/) \"q\" [y](/y/)",
                true,
            ),
            ("\"a\\\\b\"", "a\\b", true),
            ("\"a\\\\b\"", "a\\\\b", false),
            ("'it''s'", "it's", false),
            ("|\r\n  one\r\n  two ü\r\n", "one\ntwo ü\n", false),
            ("\"multi\n  line\"", "multi line", true),
            ("\"a\\\n  b\"", "ab", true),
            ("x", "\n\nx", false),
            ("ab", "abc", false),
            ("日本 x", "日本 x", false),
            ("", "", false),
        ] {
            assert_eq!(
                align(src, 5, value, dq).map(|p| expand(p, value)),
                align_by_char(src, 5, value, dq),
                "{src:?} {value:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn align_agrees_with_char_by_char_on_any_text(
            src in "[ab \"'\\\\é\n\r\tAx0-9u]{0,24}",
            keep in proptest::collection::vec(proptest::arbitrary::any::<bool>(), 24),
            extra in "[ab é\nA]{0,3}",
            dq in proptest::arbitrary::any::<bool>(),
        ) {
            // Some of the source's chars (what alignment expects to find),
            // then a few that may not be there.
            let mut value: String = src
                .chars()
                .zip(keep.iter())
                .filter(|(_, k)| **k)
                .map(|(c, _)| c)
                .collect();
            value.push_str(&extra);
            let by_char = align_by_char(&src, 3, &value, dq);
            proptest::prop_assert_eq!(
                align(&src, 3, &value, dq).map(|p| expand(p, &value)),
                by_char
            );
            // And every span of the value maps as on the char table (the
            // map reads a source that opens with `"` as double-quoted).
            let table = align_by_char(&src, 3, &value, src.starts_with('"')).unwrap_or_default();
            let map = OffsetMap::new(&format!("key{src}"), 3..3 + src.len(), &value, StrStyle::Other);
            let bounds: Vec<usize> = (0..=value.len()).filter(|&b| value.is_char_boundary(b)).collect();
            for &a in &bounds {
                for &b in bounds.iter().filter(|&&b| b >= a) {
                    let whole = 3..3 + src.len();
                    let want = span_by_chars(&table, whole, value.len(), a..b);
                    proptest::prop_assert_eq!(map.span(a..b), want, "{:?} {:?} {}..{}", src, value, a, b);
                }
            }
        }
    }

    #[test]
    fn unalignable_value_falls_back_to_whole_span() {
        let map = OffsetMap::new("zz [q](/q/)", 0..11, "[q](/r/)", StrStyle::Other);
        assert_eq!(map.span(4..7), 0..11);
    }
}
