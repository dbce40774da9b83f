//! Byte offsets to 1-based line and character column.
//!
//! A line ends at `\n`, `\r\n` or a lone `\r`, each one line break, as in
//! YAML (saphyr) and in miette's snippets, so every printed position agrees
//! with the snippet shown beside it.

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            match c {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// Byte offset where 1-based `line` starts (clamped to the last line).
    #[cfg(test)]
    pub(crate) fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1).min(self.starts.len() - 1);
        self.starts[i]
    }

    #[cfg(test)]
    pub(crate) fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and 1-based character column of byte `offset`.
    /// An offset inside a multi-byte character counts as that character.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
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
    #[cfg(test)]
    pub(crate) fn offset_of(&self, text: &str, line: usize, col: usize) -> usize {
        let start = self.line_start(line);
        let rest = &text[start..];
        let line_end = rest
            .find(['\n', '\r'])
            .map(|e| start + e)
            .unwrap_or(text.len());
        match text[start..line_end].char_indices().nth(col) {
            Some((b, _)) => start + b,
            None => line_end,
        }
    }
}

/// The lines of `text`, each with its line break (`\n`, `\r\n` or a lone `\r`),
/// numbered as [`LineIndex`] numbers them.
pub(crate) fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut rest = 0;
    std::iter::from_fn(move || {
        if rest >= b.len() {
            return None;
        }
        let start = rest;
        let mut i = start;
        while i < b.len() && !matches!(b[i], b'\n' | b'\r') {
            i += 1;
        }
        if i < b.len() {
            i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        rest = i;
        Some(&text[start..i])
    })
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

    #[test]
    fn lone_cr_ends_a_line() {
        let t = "a: 1\rb: 2\r\nc: 3\n\rd";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 5);
        assert_eq!(idx.line_col(t, t.find('b').unwrap()), (2, 1));
        assert_eq!(idx.line_col(t, t.find('c').unwrap()), (3, 1));
        assert_eq!(idx.line_col(t, t.find('d').unwrap()), (5, 1));
        // The `\r` of a `\r\n` is the end of its line, not a line of its own.
        assert_eq!(idx.line_col(t, t.find("\r\n").unwrap()), (2, 5));
        assert_eq!(idx.line_col(t, t.find("\r\n").unwrap() + 1), (2, 6));
        assert_eq!(idx.offset_of(t, 1, 9), 4);
        assert_eq!(idx.offset_of(t, 4, 0), t.find("\rd").unwrap());
        let lines: Vec<_> = lines_inclusive(t).collect();
        assert_eq!(lines, vec!["a: 1\r", "b: 2\r\n", "c: 3\n", "\r", "d"]);
    }
}
