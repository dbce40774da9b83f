//! Cheap tests that a text cannot hold a link, or a heading, before it is
//! parsed as Markdown: parsing is most of the cost of finding a page's links,
//! and most front matter strings (and some bodies) have neither.
//!
//! Each test may say "maybe" when there is none, never "no" when there is
//! one: a "no" must be a proof from the syntax. Character references cannot
//! stand for the syntax (`&#91;x&#93;(/y)` is text), so the raw bytes tell.

/// Whether `text` can hold a link (or image, reference definition, autolink,
/// raw HTML `href`/`src`, `ref`/`relref` shortcode).
///
/// An inline link or image needs `](` (the text's `]` right before the
/// destination's `(`); a full or collapsed reference `][`; a shortcut
/// reference `[x]` is a link only with a definition, and a definition needs
/// `]:`; an autolink or HTML tag needs `<`; a shortcode `{{`.
#[inline]
pub(super) fn may_hold_links(text: &str) -> bool {
    let b = text.as_bytes();
    let starts_link = |i: usize| match b[i] {
        b'<' => true,
        b'{' => b.get(i + 1) == Some(&b'{'),
        b']' => matches!(b.get(i + 1), Some(b'(' | b'[' | b':')),
        _ => false,
    };
    // One vectorised pass for the three bytes a link can start with.
    memchr::memchr3_iter(b'<', b'{', b']', b).any(starts_link)
}

/// Whether `text` can hold a bare URL that goldmark's linkify makes a link of
/// (`http://…`, `https://…`).
pub(super) fn may_hold_bare_url(text: &str) -> bool {
    find_http(text.as_bytes()).is_some()
}

/// Where `http` first occurs in `b`. The searcher is made once: made for
/// each of a page's many short text events, it cost more than the search.
pub(super) fn find_http(b: &[u8]) -> Option<usize> {
    static HTTP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("http"));
    HTTP.find(b)
}

/// Whether `text` can hold a heading.
///
/// An ATX heading (`## x`, also the only place for an explicit `{#id}`)
/// needs a `#`. A setext heading needs an underline line: after the
/// container prefixes (indentation, `>` markers; a list or definition marker
/// on that line would start a new block instead), a run of `=` or of `-`,
/// then only spaces and tabs. Lines end at `\n` or `\r`, as for the parser.
pub(super) fn may_hold_heading(text: &str) -> bool {
    let b = text.as_bytes();
    if memchr::memchr(b'#', b).is_some() {
        return true;
    }
    // Only a line holding `=` or `-` can be an underline: look at the lines
    // of those bytes.
    let mut from = 0;
    while let Some(p) = memchr::memchr2(b'=', b'-', &b[from..]) {
        let at = from + p;
        let start = b[..at]
            .iter()
            .rposition(|&c| c == b'\n' || c == b'\r')
            .map_or(0, |i| i + 1);
        let end = memchr::memchr2(b'\n', b'\r', &b[at..]).map_or(b.len(), |i| at + i);
        if is_underline(&b[start..end]) {
            return true;
        }
        from = end;
    }
    false
}

/// Whether `line` (without its line ending) can be a setext underline.
/// Spaces, tabs and `>` at the start are all taken as container prefixes,
/// and vertical tab and form feed as spaces: more than the parser takes, so
/// never a "no" for a real underline.
fn is_underline(line: &[u8]) -> bool {
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | 0x0b | 0x0c);
    let Some(start) = line.iter().position(|&c| !is_space(c) && c != b'>') else {
        return false;
    };
    let c = line[start];
    if c != b'=' && c != b'-' {
        return false;
    }
    line[start..]
        .iter()
        .skip_while(|&&x| x == c)
        .all(|&x| is_space(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_strings_that_can_hold_a_link_pass() {
        for yes in [
            "a [x](/b)",
            "[x][y]",
            "[y]: /a",
            "<https://x>",
            "<a href=x>",
            "{{< ref \"a\" >}}",
            "a {x} {{",
            "]] ](",
            "0123456789abcde]( across a block boundary",
            "0123456789abcdef0123456789abcdef <",
        ] {
            assert!(may_hold_links(yes), "{yes}");
        }
        for no in [
            "[just brackets]",
            "a ] ( b",
            "plain text",
            "x[1] = 2",
            "{ {",
            "a{",
            "]",
            "{x}",
            "0123456789abcde] [ not across a block boundary",
        ] {
            assert!(!may_hold_links(no), "{no}");
        }
    }

    #[test]
    fn only_texts_that_can_hold_a_heading_pass() {
        for yes in [
            "# x",
            "a#b",
            "x\n-",
            "x\n===",
            "x\r---",
            "x\r\n--- \t\r\n",
            "> x\n> ---",
            ">x\n>>===",
            "- x\n  ---",
            "x\n   -\x0c",
            "=",
            "a -\n-",
        ] {
            assert!(may_hold_heading(yes), "{yes:?}");
        }
        for no in [
            "",
            "plain text",
            "x\n- -",
            "x\n-- -",
            "x\n=a",
            "x\n\\---",
            "x\n* ---",
            "x\n: ===",
            "a-b = c\nd - e",
            "x\n-\u{a0}",
        ] {
            assert!(!may_hold_heading(no), "{no:?}");
        }
    }
}
