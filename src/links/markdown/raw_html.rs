//! Links in raw HTML (`href`/`src` attributes), and the character
//! references that URLs in HTML and Markdown are written with.

use crate::types::{Link, LinkKind};
use std::borrow::Cow;
use std::ops::Range;

/// `href`/`src` attributes of the tags in `text[range]`.
pub(super) fn html_links(
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
pub(super) fn decode_entities(s: &str) -> Cow<'_, str> {
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
