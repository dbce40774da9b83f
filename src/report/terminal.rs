//! Text from pages (snippets, link texts in messages, file names) is untrusted: an escape sequence
//! in a page must never reach the terminal, where it could clear the screen, set the window title
//! or move the cursor, and a bidi control must not reorder what is shown. Every such character is
//! printed as a visible escape (`\x1b`, `\u{202e}`); a snippet's spans are moved to match, so an
//! underline sits under what is shown. Tabs are left to the snippet renderer, which expands them,
//! and wide characters count two columns there.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` would be acted on by a terminal instead of shown: C0 controls except tab and line
/// ends, DEL, and the C1 controls (U+0080–U+009F; U+009B is a one-character CSI).
fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{80}'..='\u{9f}')
}

/// Characters that show nothing yet change what is shown: bidi embeddings, overrides, isolates
/// and marks (they can make a line read differently from its bytes), zero-width spaces and
/// joiners, the byte order mark, and the line and paragraph separators.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

fn needs_escape(c: char) -> bool {
    is_control(c) || is_invisible(c)
}

fn escape_into(out: &mut String, c: char) {
    let _ = if (c as u32) < 0x80 {
        write!(out, "\\x{:02x}", c as u32)
    } else {
        write!(out, "\\u{{{:x}}}", c as u32)
    };
}

/// `text` with each control or invisible character written as an escape.
pub(super) fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A text as shown, and where each byte offset of the original went.
pub(super) struct Shown<'a> {
    pub text: Cow<'a, str>,
    /// For each escaped character: its end offset in the original and in `text`.
    moves: Vec<(usize, usize)>,
}

impl Shown<'_> {
    /// Where `offset` (a character boundary of the original) is in the shown text.
    pub(super) fn offset(&self, offset: usize) -> usize {
        let before = self.moves.partition_point(|&(orig, _)| orig <= offset);
        match before.checked_sub(1).map(|i| self.moves[i]) {
            Some((orig, shown)) => shown + (offset - orig),
            None => offset,
        }
    }
}

/// [`safe`], keeping track of offsets (for a snippet and its spans).
pub(super) fn shown(text: &str) -> Shown<'_> {
    if !text.chars().any(needs_escape) {
        return Shown {
            text: Cow::Borrowed(text),
            moves: Vec::new(),
        };
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut moves = Vec::new();
    for (i, c) in text.char_indices() {
        if needs_escape(c) {
            escape_into(&mut out, c);
            moves.push((i + c.len_utf8(), out.len()));
        } else {
            out.push(c);
        }
    }
    Shown {
        text: Cow::Owned(out),
        moves,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped() {
        let page = "title: \"a\x1b]0;x\x07b\" \u{9b}2J\x7f\tend\0 \u{202e}dcba\u{2066}\r\n";
        assert_eq!(
            safe(page),
            "title: \"a\\x1b]0;x\\x07b\" \\u{9b}2J\\x7f\tend\\x00 \\u{202e}dcba\\u{2066}\r\n"
        );
    }

    #[test]
    fn offsets_follow_the_escapes() {
        let page = "a\x1bb\u{202e}c\td";
        let s = shown(page);
        assert_eq!(s.text, "a\\x1bb\\u{202e}c\td");
        // Each character of the original is at its place in what is shown.
        for (i, c) in page.char_indices() {
            let at = s.offset(i);
            if !needs_escape(c) {
                assert_eq!(s.text[at..].chars().next(), Some(c), "{i}");
            } else {
                assert!(s.text[at..].starts_with('\\'), "{i}");
            }
        }
        assert_eq!(s.offset(page.len()), s.text.len());
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(safe("title: Ünïcode ✓ 日本"), Cow::Borrowed(_)));
        assert!(shown("tab\there").moves.is_empty());
    }
}
