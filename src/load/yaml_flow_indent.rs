//! Flow collections whose lines are indented less than YAML allows.
//!
//! YAML 1.2 wants every line inside a flow collection (`[…]`, `{…}`) written
//! under a block key to be indented more than that key (the yaml-test-suite
//! case 9C9N is such an error), so
//!
//! ```yaml
//! aliases: [
//!   '/old/',
//! ]
//! ```
//!
//! is invalid: its `]` is at column 0. Hugo's YAML library (goccy/go-yaml)
//! accepts it, and real sites write it (saphyr accepts some of these forms
//! and rejects others). frontlint must not call front matter broken that Hugo
//! reads, so when saphyr rejects a text for its indentation, [`reindent`]
//! gives the same text with the lines inside flow collections indented just
//! enough, and the shift of each line, so that spans can be mapped back to
//! the text as written. Only leading spaces are added, on lines inside a flow
//! collection, where YAML ignores a line's leading white space (flow scalars
//! fold it away), so the values are those Hugo reads.
//!
//! The same goes for a quoted scalar that is a block value and goes on over
//! lines indented no more than its key (`description: "a long text` and
//! `that goes on"` at column 0): go-yaml reads it, YAML 1.2 does not, and
//! the continuation lines' leading spaces fold away likewise.

/// A text with lines inside flow collections indented further.
pub(super) struct Reindented {
    pub text: String,
    /// Spaces added at the start of each line (0-based), for every line.
    pub shift: Vec<usize>,
    /// The lines (0-based) where a quoted scalar whose later lines were
    /// indented starts: the parser reports such a scalar there.
    pub quoted_from: Vec<usize>,
}

/// The text with every line inside a flow collection that is indented no
/// more than the line the collection starts on indented one space more than
/// it; `None` when no line needs it, or when the text has a line break this
/// scan does not count the way the parser does (a lone `\r`).
pub(super) fn reindent(text: &str) -> Option<Reindented> {
    let b = text.as_bytes();
    if b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
    {
        return None;
    }
    let mut scan = Scan::default();
    let mut shift = Vec::new();
    let mut quoted_from = Vec::new();
    // The line a quoted block value started on, while it is open.
    let mut quoted: Option<usize> = None;
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty();
        let mut add = 0;
        if scan.depth > 0 || scan.quote.is_some() {
            // Also a quoted scalar's continuation line: its leading spaces fold away too.
            if !blank && indent < scan.min_indent {
                add = scan.min_indent - indent;
            }
            if scan.depth > 0 {
                scan.flow(line.as_bytes(), 0);
            } else {
                scan.quoted(line.as_bytes(), 0);
                if let Some(from) = quoted.filter(|_| add > 0) {
                    quoted_from.push(from);
                }
            }
        } else if let Some(start) = value_start(line) {
            scan.min_indent = indent + 1;
            if matches!(line.as_bytes()[start], b'[' | b'{') {
                scan.flow(line.as_bytes(), start);
            } else {
                scan.quote = Some(line.as_bytes()[start]);
                scan.quoted(line.as_bytes(), start + 1);
                quoted = Some(n);
            }
        }
        shift.push(add);
        out.extend(std::iter::repeat_n(' ', add));
        out.push_str(line);
    }
    quoted_from.dedup();
    // A text ending in a line break has one more (empty) line after it.
    if text.ends_with('\n') || text.is_empty() {
        shift.push(0);
    }
    shift.iter().any(|&s| s > 0).then_some(Reindented {
        text: out,
        shift,
        quoted_from,
    })
}

/// Where a flow collection or a quoted scalar starts on a block line: the
/// value of `key:` or of a `- ` item (after an anchor or tag) when it begins
/// with `[`, `{`, `"` or `'`.
fn value_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = b.iter().take_while(|&&c| c == b' ').count();
    // `- ` items, possibly nested on one line (`- - [`).
    let mut item = false;
    while b.get(i) == Some(&b'-') && matches!(b.get(i + 1), Some(b' ')) {
        i += 2;
        i += b[i..].iter().take_while(|&&c| c == b' ').count();
        item = true;
    }
    let quoted_item = item && matches!(b.get(i), Some(b'"' | b'\''));
    if !matches!(b.get(i), Some(b'[' | b'{')) && !quoted_item {
        // `key: value`: a plain key (a quoted one is rare enough to leave to the parser).
        if matches!(b.get(i), Some(b'"' | b'\'' | b'#' | b'[' | b'{') | None) {
            return None;
        }
        let colon = (i..b.len()).find(|&j| {
            b[j] == b':' && matches!(b.get(j + 1), Some(b' ' | b'\t' | b'\n' | b'\r') | None)
        })?;
        i = colon + 1;
        i += b[i..].iter().take_while(|&&c| c == b' ').count();
    }
    // Anchors and tags before the collection.
    while matches!(b.get(i), Some(b'&' | b'!')) {
        i += b[i..]
            .iter()
            .take_while(|&&c| !c.is_ascii_whitespace())
            .count();
        i += b[i..].iter().take_while(|&&c| c == b' ').count();
    }
    matches!(b.get(i), Some(b'[' | b'{' | b'"' | b'\'')).then_some(i)
}

/// Where a scan of flow content is: nesting depth, an open quoted scalar, and
/// the indentation the collection's lines need.
#[derive(Default)]
struct Scan {
    depth: usize,
    quote: Option<u8>,
    min_indent: usize,
}

impl Scan {
    /// Scans `line` from `from` inside a quoted scalar that is a block value,
    /// to its closing quote (what follows it is left to the parser).
    fn quoted(&mut self, line: &[u8], from: usize) {
        if let Some(q) = self.quote {
            if close_quote(line, from, q).is_some() {
                self.quote = None;
            }
        }
    }

    /// Scans `line` from `from` while inside a flow collection.
    fn flow(&mut self, line: &[u8], from: usize) {
        let mut i = from;
        while i < line.len() {
            let c = line[i];
            if let Some(q) = self.quote {
                match close_quote(line, i, q) {
                    Some(end) => {
                        self.quote = None;
                        i = end;
                        continue;
                    }
                    None => return,
                }
            }
            let after_space = i == 0 || matches!(line[i - 1], b' ' | b'\t');
            match c {
                b'#' if after_space => return,
                b'\'' | b'"'
                    if i == 0
                        || matches!(line[i - 1], b' ' | b'\t' | b'[' | b'{' | b',' | b':') =>
                {
                    self.quote = Some(c)
                }
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        self.quote = None;
                        return;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
}

/// Where a scalar quoted with `q`, open at `from` on `line`, ends (just
/// after its closing quote); `None` when it goes on past the line.
fn close_quote(line: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut i = from;
    while i < line.len() {
        let c = line[i];
        // `\"` in double quotes, `''` in single quotes: a quote in the text.
        let escaped =
            (q == b'"' && c == b'\\') || (q == b'\'' && c == q && line.get(i + 1) == Some(&b'\''));
        if escaped {
            i += 2;
        } else if c == q {
            return Some(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> (String, Vec<usize>) {
        let r = reindent(text).expect("a line to reindent");
        (r.text, r.shift)
    }

    #[test]
    fn closing_bracket_at_column_zero_is_indented() {
        assert_eq!(
            fixed("a: [\n  'x',\n]\nb: 1\n"),
            ("a: [\n  'x',\n ]\nb: 1\n".to_string(), vec![0, 0, 1, 0, 0])
        );
    }

    #[test]
    fn nested_keys_need_one_more_space_than_their_key() {
        assert_eq!(
            fixed("p:\n  m: {\n  k: v,\n  }\n  z: 1\n").0,
            "p:\n  m: {\n   k: v,\n   }\n  z: 1\n"
        );
        assert_eq!(fixed("- [\na, b]\n").0, "- [\n a, b]\n");
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        assert_eq!(
            fixed("a: [ '[x', \"]\\\"\", # ]\nb\n]\nc: 1\n").0,
            "a: [ '[x', \"]\\\"\", # ]\n b\n ]\nc: 1\n"
        );
    }

    #[test]
    fn quoted_block_values_go_on_indented() {
        let r = reindent("a: \"x\ny \\\" z\"\nb: 'p\n''q''\n r'\nc: \"s\"\n").unwrap();
        assert_eq!(
            r.text,
            "a: \"x\n y \\\" z\"\nb: 'p\n ''q''\n r'\nc: \"s\"\n"
        );
        assert_eq!(r.shift, vec![0, 1, 0, 1, 0, 0, 0]);
        assert_eq!(r.quoted_from, vec![0, 2]);
        let r = reindent("- k:\n    - \"one\n    two\"\n").unwrap();
        assert_eq!(r.text, "- k:\n    - \"one\n     two\"\n");
        // Closed on its line, or indented enough already: nothing to do.
        assert!(reindent("a: \"x\" # \"\nb: 'y\n  z'\n").is_none());
    }

    #[test]
    fn text_needing_nothing_or_with_a_lone_carriage_return_is_left_alone() {
        assert!(reindent("a: [\n  x,\n  ]\nb: [c]\nd: e [f\ng\n").is_none());
        assert!(reindent("a: [\rx\r]\n").is_none());
    }
}
