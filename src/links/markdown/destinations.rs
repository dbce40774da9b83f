//! Where a link's destination is written: pulldown-cmark gives a link's
//! URL and the span of the whole link; these find the span of the
//! destination text itself (inline links, reference definitions, the label
//! of a reference-style use), so a diagnostic underlines exactly the URL.

use super::raw_html::decode_entities;
use pulldown_cmark::LinkType;
use std::borrow::Cow;
use std::ops::Range;

/// The destination span of a reference definition `[label]: dest "title"`
/// whose destination pulldown-cmark read as `url`.
pub(super) fn definition_dest(text: &str, span: Range<usize>, url: &str) -> Option<Range<usize>> {
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
pub(super) fn is_space(c: u8) -> bool {
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
pub(super) fn dest_starts(b: &[u8], mut i: usize, end: usize) -> (Range<usize>, usize) {
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
pub(super) fn pick_dest(
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
pub(super) fn unescape(raw: &str) -> Cow<'_, str> {
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
pub(super) fn scan_dest(text: &str, mut i: usize, end: usize) -> Option<(Range<usize>, usize)> {
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
pub(super) fn inline_dest(text: &str, from: usize, end: usize, url: &str) -> Option<Range<usize>> {
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
pub(super) fn use_label(
    text: &str,
    r: Range<usize>,
    link_type: LinkType,
    image: bool,
) -> Range<usize> {
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
