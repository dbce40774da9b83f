//! Byte offsets in a text ↔ LSP positions (line, UTF-16 code unit: the
//! protocol's default, and the only one every client speaks).

use lsp_types::{Position, Range};

/// The byte offset of `pos` in `text`, clamped to the line's end and the text's.
pub(super) fn offset_of(text: &str, pos: Position) -> usize {
    let mut start = 0;
    for _ in 0..pos.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0u32;
    for (i, c) in text[start..line_end].char_indices() {
        if units >= pos.character {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

/// The position of byte `offset` of `text` (clamped, and moved back to a char boundary).
pub(super) fn position_of(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before[line_start..].encode_utf16().count() as u32;
    Position { line, character }
}

pub(super) fn range_of(text: &str, span: &std::ops::Range<usize>) -> Range {
    Range {
        start: position_of(text, span.start),
        end: position_of(text, span.end.max(span.start)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_agree_past_multi_byte_characters() {
        let text = "a\né𝄞x\n\nend";
        // é is one UTF-16 unit (two bytes), 𝄞 two units (four bytes).
        let x = text.find('x').unwrap();
        assert_eq!(position_of(text, x), Position::new(1, 3));
        assert_eq!(offset_of(text, Position::new(1, 3)), x);
        assert_eq!(
            offset_of(text, Position::new(1, 99)),
            text.find("\n\n").unwrap()
        );
        assert_eq!(offset_of(text, Position::new(9, 0)), text.len());
        assert_eq!(position_of(text, text.len()), Position::new(3, 3));
        // Inside 𝄞: back to its start.
        assert_eq!(position_of(text, x - 1), Position::new(1, 1));
    }
}
