//! Text from pages (snippets, link texts in messages, file names) is untrusted: an escape sequence
//! in a page must never reach the terminal, where it could clear the screen, set the window title
//! or move the cursor. Control characters are shown as a replacement of the same UTF-8 length, so
//! byte spans into the text stay where they are and each control character takes one column.

use std::borrow::Cow;

/// Whether `c` would be acted on by a terminal instead of shown: C0 controls except tab and line
/// ends, DEL, and the C1 controls (U+0080–U+009F; U+009B is a one-character CSI).
fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{80}'..='\u{9f}')
}

/// `text` with each control character replaced: a one-byte one by `?`, a two-byte (C1) one by `¿`.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if is_control(c) && c.len_utf8() == 1 => '?',
                c if is_control(c) => '¿',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_c1_controls_are_replaced_byte_for_byte() {
        let page = "title: \"a\x1b]0;x\x07b\" \u{9b}2J\x7f\tend\r\n";
        let shown = safe(page);
        assert_eq!(shown, "title: \"a?]0;x?b\" ¿2J?\tend\r\n");
        assert_eq!(shown.len(), page.len());
        for (a, b) in page.char_indices().zip(shown.char_indices()) {
            assert_eq!(a.0, b.0, "every character keeps its byte offset");
        }
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(safe("title: Ünïcode ✓"), Cow::Borrowed(_)));
    }
}
