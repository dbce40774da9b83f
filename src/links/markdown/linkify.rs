//! Bare URLs in text, which Hugo's goldmark turns into links
//! (`markup.goldmark.extensions.linkify`, on by default); pulldown-cmark has
//! no such extension.
//!
//! goldmark's linkify parser runs where a space, `*`, `_`, `~` or `(` (or
//! the start of a line) precedes `http://`/`https://`, matches its URL
//! pattern against the rest of the *line* (so a URL runs on over `_`, `[`
//! and the like that the Markdown parser reads as something else), and then
//! trims what cannot end a URL. Only the web schemes matter here: `www.`
//! and e-mail addresses never name a page of the site.

use crate::links::prefilter::find_http;
use crate::types::{Link, LinkKind};
use pulldown_cmark::{Event, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// goldmark's URL pattern (the part after the scheme is the same).
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^https?://[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=();,'">^{}\[\]`]*)?"#,
    )
    .expect("a valid pattern")
});

/// The bare URLs of a Markdown pass, fed its events one by one.
pub(super) struct BareUrls {
    on: bool,
    code_block: bool,
    /// Where the last bare URL ended (one split over several text events is one link).
    to: usize,
    /// Where the last code span, link or raw HTML ended.
    node_end: usize,
    /// The first `http` at or after `searched_from` in the text (`usize::MAX`:
    /// none): most text events hold none, and one search over the rest of
    /// the text answers for all of them until the events pass it.
    next_http: usize,
    searched_from: usize,
    pub(super) found: Vec<Link>,
}

impl BareUrls {
    /// The bare URLs found, but those a shortcode hides.
    pub(super) fn shown(mut self, hides_shortcode: &dyn Fn(&Range<usize>) -> bool) -> Vec<Link> {
        self.found.retain(|l| !hides_shortcode(&l.span()));
        self.found
    }

    /// `on`: the site's `linkify` (else nothing is found).
    pub(super) fn new(on: bool) -> BareUrls {
        BareUrls {
            on,
            code_block: false,
            to: 0,
            node_end: usize::MAX,
            next_http: 0,
            searched_from: usize::MAX,
            found: Vec::new(),
        }
    }

    /// One event of the pass over `text`; `outside_links`: no link or image is open.
    #[inline]
    pub(super) fn event(
        &mut self,
        text: &str,
        event: &Event<'_>,
        range: Range<usize>,
        outside_links: bool,
    ) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code_block = true,
            Event::End(TagEnd::CodeBlock) => self.code_block = false,
            Event::Text(_) if self.on && outside_links && !self.code_block => {
                if !self.http_within(text, &range) {
                    return;
                }
                let after_node = range.start == self.node_end;
                bare_urls(text, range, after_node, &mut self.to, &mut self.found);
                return;
            }
            _ => {}
        }
        if matches!(event, Event::Code(_) | Event::InlineHtml(_) | Event::End(_)) {
            self.node_end = range.end;
        }
    }

    /// Whether `http` occurs in `range` of `text`, searching the text past
    /// `range.start` only when the last search started after it or found an
    /// `http` before it (events come in the text's order, so each byte is
    /// searched about once).
    fn http_within(&mut self, text: &str, range: &Range<usize>) -> bool {
        if range.start < self.searched_from || self.next_http < range.start {
            self.searched_from = range.start;
            self.next_http = text
                .get(range.start..)
                .and_then(|t| find_http(t.as_bytes()))
                .map_or(usize::MAX, |i| range.start + i);
        }
        self.next_http < range.end
    }
}

/// Characters after which goldmark's linkify parser looks for a URL: its
/// own triggers, and quotes, which Hugo's typographer makes nodes of (goldmark
/// tries every inline parser again right after a node).
fn is_trigger(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | b'*' | b'_' | b'~' | b'(' | b'"' | b'\''
    )
}

/// Bare URLs that start inside `range` of `text` (a stretch of plain text, not
/// inside a link, image or code), each at or after `*from` (the end of the
/// last one found, so a URL split over several text events is found once).
/// `after_node`: the stretch starts where a code span, link or raw HTML ends,
/// where goldmark looks for a URL too.
pub(super) fn bare_urls(
    text: &str,
    range: Range<usize>,
    after_node: bool,
    from: &mut usize,
    out: &mut Vec<Link>,
) {
    let bytes = text.as_bytes();
    let mut at = range.start.max(*from);
    while let Some(i) = text
        .get(at..range.end)
        .and_then(|t| find_http(t.as_bytes()))
        .map(|i| at + i)
    {
        at = i + 4;
        let head = i == 0 || (i == range.start && after_node);
        if !head && !is_trigger(bytes[i - 1]) {
            continue;
        }
        let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
        let Some(m) = URL.find(&text[i..line_end]) else {
            continue;
        };
        let end = i + trimmed_len(m.as_str());
        out.push(Link::new(&text[i..end], i..end, LinkKind::Autolink));
        at = end;
        *from = end;
    }
}

/// The length of a URL match once goldmark has dropped what cannot end it:
/// a final `.`, unbalanced closing parentheses, an entity (`&amp;`), then
/// any run of `?!.,:*_~`.
fn trimmed_len(url: &str) -> usize {
    let b = url.as_bytes();
    let mut end = b.len();
    match b[end - 1] {
        b'.' => end -= 1,
        b')' => {
            let closing: isize = b
                .iter()
                .map(|c| match c {
                    b')' => 1,
                    b'(' => -1,
                    _ => 0,
                })
                .sum();
            if closing > 0 {
                end -= closing as usize;
            }
        }
        b';' => {
            let mut i = end - 2;
            while i > 0 && b[i].is_ascii_alphanumeric() {
                i -= 1;
            }
            if i != end - 2 && b[i] == b'&' {
                end = i;
            }
        }
        _ => {}
    }
    while end > 1
        && matches!(
            b[end - 1],
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~'
        )
    {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        bare_urls(text, 0..text.len(), false, &mut 0, &mut out);
        out.into_iter().map(|l| l.url().to_string()).collect()
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_the_url() {
        assert_eq!(urls("see https://a.org/x/."), ["https://a.org/x/"]);
        assert_eq!(
            urls("see https://a.org/x/#frag, then"),
            ["https://a.org/x/#frag"]
        );
        assert_eq!(urls("(see https://a.org/x_(y))"), ["https://a.org/x_(y)"]);
        assert_eq!(urls("a https://a.org/x?q=1&amp;"), ["https://a.org/x?q=1"]);
        assert_eq!(urls("*https://a.org/x*"), ["https://a.org/x"]);
    }

    #[test]
    fn only_after_a_space_or_delimiter() {
        assert_eq!(urls("https://a.org/"), ["https://a.org/"]);
        assert_eq!(
            urls("say \"https://a.org/x/\" twice"),
            ["https://a.org/x/\""]
        );
        assert!(urls("x-https://a.org/").is_empty());
        assert!(urls("see:https://a.org/").is_empty());
        assert!(
            urls("see https://localhost/").is_empty(),
            "a host without a dot"
        );
    }

    #[test]
    fn the_url_runs_to_the_end_of_the_line() {
        // pulldown-cmark splits `a_b_c` into several text events; goldmark reads the line.
        let text = "go https://a.org/a_b_c/ now\nhttps://b.org/";
        assert_eq!(urls(text), ["https://a.org/a_b_c/", "https://b.org/"]);
        // A URL that runs past the text event it starts in ends the search there.
        let mut out = Vec::new();
        bare_urls(text, 0..20, false, &mut 0, &mut out);
        assert_eq!(out.len(), 1);
    }
}
