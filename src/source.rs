//! Byte offsets to 1-based line and character column.

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// Byte offset where 1-based `line` starts (clamped to the last line).
    pub fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1).min(self.starts.len() - 1);
        self.starts[i]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and 1-based character column of byte `offset`.
    /// An offset inside a multi-byte character counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end].chars().count() + 1;
        (line + 1, col)
    }

    /// Byte offset of 1-based `line` and 0-based character column `col`,
    /// where the line's text is taken from `text`. Columns past the end of the
    /// line clamp to the line end.
    pub fn offset_of(&self, text: &str, line: usize, col: usize) -> usize {
        let start = self.line_start(line);
        let rest = &text[start..];
        let line_end = rest.find('\n').map(|e| start + e).unwrap_or(text.len());
        match text[start..line_end].char_indices().nth(col) {
            Some((b, _)) => start + b,
            None => line_end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "a: 1\nb: ×→x\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), (1, 1));
        let x = t.find('x').unwrap();
        assert_eq!(idx.line_col(t, x), (2, 6));
        assert_eq!(idx.offset_of(t, 2, 5), x);
    }

    #[test]
    fn crlf_lines() {
        let t = "a: 1\r\nb: 2\r\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 6), (2, 1));
        assert_eq!(idx.offset_of(t, 2, 3), 9);
    }
}
