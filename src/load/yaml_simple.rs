//! A fast path for the YAML that front matter is nearly always written in:
//! block mappings and sequences of one-line plain or quoted scalars, `|` and
//! `>` block scalars and one-line flow sequences of plain words.
//!
//! It builds the same [`Node`] tree, with the same spans, as the full parser
//! in `yaml.rs` (saphyr), at a fraction of the cost: saphyr reads YAML one
//! char at a time through a general scanner, and was about half of a cold
//! run. This path reads whole lines with `memchr`.
//!
//! It only ever *declines*: on anything outside its subset (anchors, tags,
//! aliases, flow mappings, multi-line flow or quoted scalars, tabs, a
//! carriage return outside a `\r\n` line break, control characters, a
//! duplicate key, a depth or size limit, a syntax error, an empty
//! document…) it returns `None` and the full parser reads the text from the
//! start, so every error message and every unusual construct still comes
//! from saphyr. The tests below compare the two on tricky, generated, edited
//! and CRLF texts and on every fixture page, and the `yaml_fast_path` fuzz
//! target on any text: where this path accepts a text, its tree must equal
//! saphyr's.

use super::limits::TreeLimits;
use super::scalar::plain_scalar_kind;
use super::tree::{Entry, Kind, Node, StrStyle};
use rustc_hash::FxHashSet;
use std::ops::Range;

/// The tree of `page[range]`, or `None` when the text is outside the subset.
pub(super) fn parse(page: &str, range: Range<usize>, limits: TreeLimits) -> Option<Node> {
    let text = page.get(range.clone())?;
    if !plain_bytes(text.as_bytes()) {
        return None;
    }
    let mut p = Reader {
        text,
        b: text.as_bytes(),
        base: range.start,
        nodes: 0,
        limits,
        last_line: std::cell::Cell::new((1, 0)),
        entries: Vec::new(),
        items: Vec::new(),
    };
    let (start, indent) = p.next_content(0)?;
    if indent != 0 || p.is_dash(start) {
        return None;
    }
    p.count()?;
    let (root, next) = p.block_map(start, 0, 1)?;
    match next {
        None => Some(root),
        Some(_) => None,
    }
}

/// Whether `b` holds no byte the subset leaves to saphyr: tabs, carriage
/// returns outside `\r\n`, other control characters, a byte order mark, C1 controls,
/// U+2028/U+2029 or the non-characters U+FFFE/U+FFFF.
fn plain_bytes(b: &[u8]) -> bool {
    // A chunk at a time, with no early exit inside a chunk, so that the
    // compiler vectorises the test (a byte-by-byte loop is a visible part of
    // a cold run).
    let control = |c: u8| ((c < 0x20) & (c != b'\n') & (c != b'\r')) | (c == 0x7f);
    if b.chunks(64)
        .any(|chunk| chunk.iter().fold(false, |bad, &c| bad | control(c)))
    {
        return false;
    }
    // A carriage return only as part of a `\r\n` line break.
    if memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n')) {
        return false;
    }
    if b.is_ascii() {
        return true;
    }
    for i in memchr::memchr3_iter(0xc2, 0xe2, 0xef, b) {
        let next = b.get(i + 1).copied().unwrap_or(0);
        let third = b.get(i + 2).copied().unwrap_or(0);
        let bad = match b[i] {
            0xc2 => (0x80..=0x9f).contains(&next),
            0xe2 => next == 0x80 && (third == 0xa8 || third == 0xa9),
            _ => (next == 0xbb && third == 0xbf) || (next == 0xbf && third >= 0xbe),
        };
        if bad {
            return false;
        }
    }
    true
}

/// The fast path recurses once per level, so it leaves deeper text to saphyr
/// (which does not recurse) whatever depth limit the user configured.
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Offset of `text` in the page: every span is `base + position`.
    base: usize,
    /// Keys and values so far, against `limits.max_nodes`.
    nodes: usize,
    limits: TreeLimits,
    /// The last line end found, and where from (see [`Reader::line_end`]).
    last_line: std::cell::Cell<(usize, usize)>,
    /// The entries of the mappings being read, innermost last: a mapping's
    /// own are moved out into a list of their exact size when it ends (one
    /// allocation per mapping instead of one per doubling).
    entries: Vec<Entry>,
    /// The same for the items of the block sequences being read.
    items: Vec<Node>,
}

/// What follows a value: the next content line (its first non-space byte and
/// its indentation), or `None` at the end of the text.
type Next = Option<(usize, usize)>;

impl<'a> Reader<'a> {
    /// End of the line holding `i`: its line break (`\n` or `\r\n`), or the
    /// end of the text.
    #[inline]
    fn line_end(&self, i: usize) -> usize {
        // A line is asked for several times (key, value, comment): the last
        // answer holds for any position from where it was asked to its end.
        let (from, end) = self.last_line.get();
        if from <= i && i <= end {
            return end;
        }
        let end = match memchr::memchr(b'\n', &self.b[i..]) {
            Some(e) if e > 0 && self.b[i + e - 1] == b'\r' => i + e - 1,
            Some(e) => i + e,
            None => self.b.len(),
        };
        self.last_line.set((i, end));
        end
    }

    /// Start of the line after the line end `end` (see [`Self::line_end`]).
    #[inline]
    fn next_line(&self, end: usize) -> usize {
        end + if self.b.get(end) == Some(&b'\r') {
            2
        } else {
            1
        }
    }

    /// The first content line at or after the line start `i`, skipping empty,
    /// blank and comment lines: (its first non-space byte, its indentation).
    fn next_content(&self, mut i: usize) -> Next {
        let b = self.b;
        while i < b.len() {
            let mut j = i;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            match b.get(j) {
                None => return None,
                Some(b'\n' | b'\r') => i = self.next_line(j),
                Some(b'#') => i = self.next_line(self.line_end(j)),
                Some(_) => return Some((j, j - i)),
            }
        }
        None
    }

    /// Whether a block sequence entry (`-` then a space or the line end) is at `i`.
    #[inline]
    fn is_dash(&self, i: usize) -> bool {
        self.b[i] == b'-' && matches!(self.b.get(i + 1), None | Some(b' ' | b'\n' | b'\r'))
    }

    /// Counts one more key or value against the limit.
    #[inline]
    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= self.limits.max_nodes).then_some(())
    }

    /// Where the rest of the line after `i` holds nothing but spaces and
    /// maybe a comment: the end of the line. `None` if something else is there.
    fn rest_is_empty(&self, mut i: usize) -> Option<usize> {
        let b = self.b;
        let spaced = i < b.len() && b[i] == b' ';
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        match b.get(i) {
            None | Some(b'\n' | b'\r') => Some(i),
            Some(b'#') if spaced => Some(self.line_end(i)),
            _ => None,
        }
    }

    /// A block mapping whose first key starts at `start` (column `indent`),
    /// at nesting level `depth`. Returns it and what follows it.
    fn block_map(&mut self, start: usize, indent: usize, depth: usize) -> Option<(Node, Next)> {
        if depth > self.limits.max_depth.min(MAX_DEPTH) {
            return None;
        }
        let first = self.entries.len();
        let mut seen: Option<FxHashSet<&'a str>> = None;
        let mut at = start;
        loop {
            let (key, key_span, after) = self.key(at)?;
            let own = &self.entries[first..];
            let dup = if own.len() < 16 {
                own.iter().any(|e| e.key == key)
            } else {
                let seen =
                    seen.get_or_insert_with(|| own.iter().map(|e| self.key_text(e)).collect());
                !seen.insert(key)
            };
            if dup {
                return None;
            }
            self.count()?;
            let (value, next) = self.value(after, indent, depth, true)?;
            self.entries.push(Entry {
                key: key.into(),
                key_span: self.span(key_span),
                value,
            });
            match next {
                Some((i, n)) if n == indent && !self.is_dash(i) => at = i,
                Some((_, n)) if n >= indent => return None,
                _ => {
                    let entries = self.entries.split_off(first);
                    let end = entries
                        .last()
                        .map_or(0, |e| e.value.span.end.max(e.key_span.end));
                    let node = Node::new(Kind::Map(entries), self.base + start..end);
                    return Some((node, next));
                }
            }
        }
    }

    /// The text of an entry's key, borrowed from the page (keys are one-line plain scalars).
    fn key_text(&self, e: &Entry) -> &'a str {
        &self.text[e.key_span.start - self.base..e.key_span.end - self.base]
    }

    /// A block sequence whose first `-` is at `start` (column `indent`).
    fn block_seq(&mut self, start: usize, indent: usize, depth: usize) -> Option<(Node, Next)> {
        if depth > self.limits.max_depth.min(MAX_DEPTH) {
            return None;
        }
        let first = self.items.len();
        let mut at = start;
        loop {
            // After the `-`: the item on this line, or on the next lines.
            let (item, next) = self.value(at + 1, indent, depth, false)?;
            self.items.push(item);
            match next {
                Some((i, n)) if n == indent && self.is_dash(i) => at = i,
                Some((_, n)) if n > indent => return None,
                _ => {
                    let items = self.items.split_off(first);
                    let end = items.last().map_or(0, |n| n.span.end);
                    let node = Node::new(Kind::Seq(items), self.base + start..end);
                    return Some((node, next));
                }
            }
        }
    }

    /// A plain key at `i` ending in `:` and a space or the line end:
    /// (the key, its span, the position after the `:`).
    fn key(&self, i: usize) -> Option<(&'a str, Range<usize>, usize)> {
        let b = self.b;
        if is_indicator(b[i]) {
            return None;
        }
        let Mark::KeyColon(j) = self.first_mark(i) else {
            return None;
        };
        let key = &self.text[i..j];
        // A space before the `:`, a key YAML would not take as written, or
        // one too long to be an implicit key: left to saphyr.
        if b[j - 1] == b' '
            || j - i > 1024
            || key
                .bytes()
                .any(|c| matches!(c, b'[' | b']' | b'{' | b'}' | b',' | b'"' | b'\''))
        {
            return None;
        }
        Some((key, i..j, j + 1))
    }

    /// The value after a `:` or a `-` at `i`: on the rest of the line, or on
    /// the lines below. `indent` is the column of the key or of the `-`.
    fn value(
        &mut self,
        i: usize,
        indent: usize,
        depth: usize,
        in_map: bool,
    ) -> Option<(Node, Next)> {
        let b = self.b;
        if let Some(eol) = self.rest_is_empty(i) {
            // Nothing on this line: a collection below, or null.
            let next = self.next_content(self.next_line(eol));
            return match next {
                Some((j, n)) if n > indent => {
                    self.count()?;
                    if self.is_dash(j) {
                        self.block_seq(j, n, depth + 1)
                    } else {
                        self.block_map(j, n, depth + 1)
                    }
                }
                // A mapping's value may be a sequence at the key's own column.
                Some((j, n)) if in_map && n == indent && self.is_dash(j) => {
                    self.count()?;
                    let (mut seq, next) = self.block_seq(j, n, depth + 1)?;
                    // saphyr starts such a sequence's span at its first item,
                    // after the `-`.
                    let mut first = j + 1;
                    while self.b.get(first) == Some(&b' ') {
                        first += 1;
                    }
                    if matches!(self.b.get(first), None | Some(b'\n' | b'\r' | b'#')) {
                        return None;
                    }
                    seq.span.start = self.base + first;
                    Some((seq, next))
                }
                _ => {
                    self.count()?;
                    // saphyr puts an empty value where its key ends, at the
                    // `:`, and an empty sequence entry at the end of its line.
                    let at = self.base + if in_map { i - 1 } else { eol };
                    Some((Node::new(Kind::Null, at..at), next))
                }
            };
        }
        if b[i] != b' ' {
            return None;
        }
        let mut j = i;
        while b[j] == b' ' {
            j += 1;
        }
        // A compact mapping in a sequence entry (`- key: value`).
        if !in_map && !is_indicator(b[j]) && matches!(self.first_mark(j), Mark::KeyColon(_)) {
            let column = j - (self.text[..j].rfind('\n').map_or(0, |n| n + 1));
            self.count()?;
            return self.block_map(j, column, depth + 1);
        }
        self.count()?;
        let (mut node, end) = match b[j] {
            b'"' => self.double_quoted(j)?,
            b'\'' => self.single_quoted(j)?,
            b'|' | b'>' => return self.block_scalar(j, indent),
            b'[' => self.flow_seq(j)?,
            c if is_indicator(c) => return None,
            _ => self.plain(j)?,
        };
        let eol = self.rest_is_empty(end)?;
        // saphyr ends a quoted scalar's span, and an empty flow sequence's,
        // after the spaces and comment that follow it on its line.
        let tail_counts = match &node.kind {
            Kind::Str(_, StrStyle::Other) => true,
            Kind::Seq(items) => items.is_empty(),
            _ => false,
        };
        if tail_counts {
            node.span.end = self.base + eol;
        }
        // A deeper line after it would continue it (or be an error): the
        // callers leave that to saphyr.
        Some((node, self.next_content(self.next_line(eol))))
    }

    /// What comes first on the line from `i` (a non-space): a `:` that ends
    /// a key (one followed by a space or the line end), a comment (a `#`
    /// after a space), or neither.
    fn first_mark(&self, i: usize) -> Mark {
        let b = self.b;
        let end = self.line_end(i);
        let mut j = i;
        while let Some(k) = memchr::memchr2(b':', b'#', &b[j..end]) {
            j += k;
            match b[j] {
                b'#' if j > i && b[j - 1] == b' ' => return Mark::Comment(j),
                b':' if j + 1 == end || b[j + 1] == b' ' => return Mark::KeyColon(j),
                _ => j += 1,
            }
        }
        Mark::None(end)
    }

    /// A one-line plain scalar at `i`: (node, end of its text).
    fn plain(&self, i: usize) -> Option<(Node, usize)> {
        let b = self.b;
        let mut stop = match self.first_mark(i) {
            Mark::Comment(j) | Mark::None(j) => j,
            // `: ` inside a value is an error; leave it to saphyr.
            Mark::KeyColon(_) => return None,
        };
        while b[stop - 1] == b' ' {
            stop -= 1;
        }
        let s = &self.text[i..stop];
        Some((Node::new(plain_scalar_kind(s), self.span(i..stop)), stop))
    }

    /// A one-line `"…"` scalar at `i`.
    fn double_quoted(&self, i: usize) -> Option<(Node, usize)> {
        let b = self.b;
        let end = self.line_end(i);
        let mut value = String::new();
        let mut j = i + 1;
        loop {
            let k = j + memchr::memchr2(b'"', b'\\', &b[j..end])?;
            value.push_str(&self.text[j..k]);
            if b[k] == b'"' {
                j = k + 1;
                break;
            }
            let (c, len) = escape(&b[k + 1..end])?;
            value.push(c);
            j = k + 1 + len;
        }
        let node = Node::new(Kind::Str(value.into(), StrStyle::Other), self.span(i..j));
        Some((node, j))
    }

    /// A one-line `'…'` scalar at `i` (`''` is a quote).
    fn single_quoted(&self, i: usize) -> Option<(Node, usize)> {
        let b = self.b;
        let end = self.line_end(i);
        let mut value = String::new();
        let mut j = i + 1;
        loop {
            let k = j + memchr::memchr(b'\'', &b[j..end])?;
            value.push_str(&self.text[j..k]);
            if b.get(k + 1) == Some(&b'\'') {
                value.push('\'');
                j = k + 2;
            } else {
                j = k + 1;
                break;
            }
        }
        let node = Node::new(Kind::Str(value.into(), StrStyle::Other), self.span(i..j));
        Some((node, j))
    }

    /// A one-line flow sequence of plain words at `i` (`[]`, `[a, b]`).
    fn flow_seq(&mut self, i: usize) -> Option<(Node, usize)> {
        let b = self.b;
        let end = self.line_end(i);
        let close = i + memchr::memchr(b']', &b[i..end])?;
        let mut items = Vec::new();
        let inner = &self.text[i + 1..close];
        if !inner.trim_matches(' ').is_empty() {
            let mut at = i + 1;
            for part in inner.split(',') {
                let word = part.trim_matches(' ');
                let lead = part.len() - part.trim_start_matches(' ').len();
                let s = at + lead;
                // saphyr also refuses a `-` that starts a word inside an item
                // and is followed by the `,` or `]` that ends it (`[a -]`).
                if word.is_empty()
                    || is_indicator(word.as_bytes()[0])
                    || word.ends_with(" -")
                    || word
                        .bytes()
                        .any(|c| matches!(c, b':' | b'#' | b'[' | b'{' | b'}' | b'"' | b'\''))
                {
                    return None;
                }
                self.count()?;
                items.push(Node::new(
                    plain_scalar_kind(word),
                    self.span(s..s + word.len()),
                ));
                at += part.len() + 1;
            }
        }
        let end = items.last().map_or(self.base + close, |n| n.span.end);
        Some((Node::new(Kind::Seq(items), self.base + i..end), close + 1))
    }

    /// A `|` or `>` block scalar whose header is at `i`, under a key or `-` at
    /// column `indent`.
    fn block_scalar(&mut self, i: usize, indent: usize) -> Option<(Node, Next)> {
        let b = self.b;
        let literal = b[i] == b'|';
        let mut j = i + 1;
        let chomp = match b.get(j) {
            Some(b'-') => {
                j += 1;
                Chomp::Strip
            }
            Some(b'+') => {
                j += 1;
                Chomp::Keep
            }
            _ => Chomp::Clip,
        };
        let eol = self.rest_is_empty(j)?;
        // The content: lines indented past `indent` (by the first one's
        // indentation), and empty lines among them.
        let mut line = self.next_line(eol);
        // Each content line, after how many empty lines.
        let mut lines: Vec<(usize, Range<usize>)> = Vec::new();
        let mut empty_before = 0usize;
        let mut content_indent = 0usize;
        let mut trailing = 0usize;
        let mut end_at = b.len();
        loop {
            if line >= b.len() {
                break;
            }
            let end = self.line_end(line);
            let mut k = line;
            while k < end && b[k] == b' ' {
                k += 1;
            }
            if k == end {
                // A line of spaces only: how it counts depends on its length; saphyr's.
                if k > line {
                    return None;
                }
                if lines.is_empty() {
                    empty_before += 1;
                } else {
                    trailing += 1;
                }
                line = self.next_line(end);
                continue;
            }
            let n = k - line;
            if lines.is_empty() {
                if n <= indent {
                    return None;
                }
                content_indent = n;
            } else if n < content_indent {
                // saphyr ends the span where the next token starts.
                end_at = k;
                break;
            }
            // A line more indented than the first: kept verbatim in a literal,
            // not folded in a folded one.
            if n > content_indent && !literal {
                return None;
            }
            if end == b.len() {
                // No line break after the last line: left to saphyr.
                return None;
            }
            lines.push((trailing, line + content_indent..end));
            trailing = 0;
            line = self.next_line(end);
        }
        if lines.is_empty() || empty_before > 0 {
            return None;
        }
        let mut value = String::new();
        for (k, (gap, r)) in lines.iter().enumerate() {
            // Between two lines: a literal keeps the line break and the empty
            // lines; a folded scalar folds a single break into a space.
            if k > 0 && !literal && *gap == 0 {
                value.push(' ');
            } else if k > 0 {
                value.extend(std::iter::repeat_n('\n', gap + usize::from(literal)));
            }
            value.push_str(&self.text[r.clone()]);
        }
        match chomp {
            Chomp::Strip => {}
            Chomp::Clip => value.push('\n'),
            Chomp::Keep => value.extend(std::iter::repeat_n('\n', 1 + trailing)),
        }
        let first = lines.first()?.1.start;
        let style = if literal {
            StrStyle::Literal
        } else {
            StrStyle::Other
        };
        let span = self.span(first..end_at);
        let next = self.next_content(line);
        Some((Node::new(Kind::Str(value.into(), style), span), next))
    }

    #[inline]
    fn span(&self, r: Range<usize>) -> Range<usize> {
        self.base + r.start..self.base + r.end
    }
}

/// See [`Reader::first_mark`]; each holds a position in the text (the end
/// of the line for `None`).
enum Mark {
    KeyColon(usize),
    Comment(usize),
    None(usize),
}

#[derive(Clone, Copy)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// Bytes that cannot start a plain scalar or key here (or that this path leaves
/// to saphyr when they do: `-`, `?`, `:` followed by a non-space).
#[inline]
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// The char a `\` escape in a double-quoted scalar stands for, and how many
/// bytes after the `\` it takes. Only the escapes front matter uses; the
/// rest are left to saphyr.
fn escape(after: &[u8]) -> Option<(char, usize)> {
    let c = match after.first()? {
        b'\\' => '\\',
        b'"' => '"',
        b'/' => '/',
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'0' => '\0',
        b' ' => ' ',
        b'u' => {
            // Four hex digits, exactly (`from_str_radix` would also take a sign).
            let hex = after.get(1..5)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let hex = std::str::from_utf8(hex).ok()?;
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            return Some((c, 5));
        }
        _ => return None,
    };
    Some((c, 1))
}

#[cfg(test)]
mod tests {
    use super::super::yaml::{parse_with_saphyr, TreeLimits};
    use super::*;
    use proptest::prelude::*;

    /// The fast path's tree, checked against saphyr's: where the fast path
    /// accepts a text, saphyr must give the same tree. Returns whether it accepted.
    fn agrees(text: &str, limits: TreeLimits) -> bool {
        let fast = parse(text, 0..text.len(), limits);
        if let Some(fast) = &fast {
            let full = parse_with_saphyr(text, 0..text.len(), limits);
            // Compared as printed: a `.nan` value is not equal to itself.
            assert_eq!(
                format!("{:?}", full.as_ref().ok().and_then(|n| n.as_ref())),
                format!("{:?}", Some(fast)),
                "{text:?}"
            );
        }
        fast.is_some()
    }

    fn accepts(text: &str) {
        assert!(agrees(text, TreeLimits::default()), "declined {text:?}");
    }

    fn declines(text: &str) {
        assert!(!agrees(text, TreeLimits::default()), "accepted {text:?}");
    }

    #[test]
    fn front_matter_shapes_are_read_here() {
        // The shapes of an outcomes page, in our own words.
        accepts(
            "title: Faster Releases\n\
             weight: 12\n\
             draft: false\n\
             date: 2025-01-31\n\
             aliases: []\n\
             tags: [delivery, flow]\n\
             sitemap:\n  priority: 0.4\n  changefreq: weekly\n\
             sections:\n\
             \x20 - type: headline\n\
             \x20   title: \"Ship: weekly\" # a comment\n\
             \x20   subtitle: 'It''s calm'\n\
             \x20   content: |\n      First line.\n\n      Second, [a link](/x/).\n        indented\n\
             \x20 - type: quote\n\
             \x20   quote: >-\n      folded\n      text\n\n      after a gap\n\
             \x20   image:\n\
             \x20   items:\n    - one\n    - 2\n    -\n    - ~\n\
             list:\n- a\n- b\n\
             empty:\n\
             # a comment line\n\
             last: see http://example.com/a#b, then more\n",
        );
        accepts("a: \"tab\\there \\u00e9 \\\"q\\\" \\\\ \\/\"\n");
        accepts("k: |+\n  kept\n\n\nnext: 1\n");
        accepts("k: |-\n  stripped\n\nnext: 1\n");
        accepts("a:\n  - b: 1\n    c:\n      - d\n  -\n    e: f\n");
        accepts("a: 1\r\nb: |\r\n  x\r\n\r\n  y\r\nc: \"q\" # c\r\nd:\r\n- e\r\n");
    }

    #[test]
    fn what_the_subset_leaves_to_saphyr() {
        for text in [
            "",
            "# only a comment\n",
            "- a\n- b\n",
            "  a: 1\n",
            "a: 1\rb: 2\n",
            "a: 1\n\r",
            "a:\tb\n",
            "\u{feff}a: 1\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 5\n",
            "a: {b: c}\n",
            "a: [b, [c]]\n",
            "a: [b -, c]\n",
            "a: [b, c  -]\n",
            "a: [b,\n  c]\n",
            "a: \"two\n  lines\"\n",
            "a: 'two\n  lines'\n",
            "a: plain\n  continued\n",
            "a: b: c\n",
            "a: b:\n",
            "a: 1\na: 2\n",
            "\"a\": 1\n",
            "a : 1\n",
            "? a\n: b\n",
            "a: @x\n",
            "a: `x`\n",
            "a: -1\n",
            "a: - b\n",
            "a: \"\\x41\"\n",
            "a: \"\\u+0e9\"\n",
            "a: \"\\u00g9\"\n",
            "a: |2\n   x\n",
            "a: |\n\n  x\n",
            "a: |\n  x\n   \n  y\n",
            "a: >\n  x\n    y\n",
            "a: |\n  x",
            "a: |\nb: 1\n",
            "a: 1\n b: 2\n",
            "a:\n  b: 1\n - c\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\n...\n",
            "a: \u{85}\n",
            "a: x\u{2028}y\n",
            "a: \"x\" y\n",
            "- - a\n",
        ] {
            declines(text);
        }
    }

    #[test]
    fn limits_are_left_to_saphyr() {
        let deep = "a:\n  b:\n    c: 1\n";
        let tight = TreeLimits {
            max_depth: 2,
            max_nodes: 100,
        };
        assert!(!agrees(deep, tight));
        assert!(agrees(deep, TreeLimits::default()));
        // Seven values: the root, three keys, two collections, one scalar.
        let few = TreeLimits {
            max_depth: 64,
            max_nodes: 6,
        };
        assert!(!agrees(deep, few));
        assert!(agrees(
            deep,
            TreeLimits {
                max_nodes: 7,
                ..few
            }
        ));
        assert!(parse_with_saphyr(deep, 0..deep.len(), few).is_err());
        assert!(parse_with_saphyr(
            deep,
            0..deep.len(),
            TreeLimits {
                max_nodes: 7,
                ..few
            }
        )
        .is_ok());
    }

    #[test]
    fn many_keys_find_their_duplicate() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        accepts(&text);
        text.push_str("k33: again\n");
        declines(&text);
    }

    #[test]
    fn fixture_pages_read_as_saphyr_reads_them() {
        use super::super::front_matter::{split, Format};
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        let (mut pages, mut fast) = (0, 0);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Ok(s) = split(&text) else { continue };
                if s.format != Format::Yaml || path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                pages += 1;
                let limits = TreeLimits::default();
                let got = super::super::yaml::parse(&text, s.content.clone(), limits);
                let want = parse_with_saphyr(&text, s.content.clone(), limits);
                assert_eq!(got, want, "{}", path.display());
                fast += usize::from(parse(&text, s.content, limits).is_some());
            }
        }
        // Most of our fixture pages are in the subset; the rest test errors.
        assert!(pages > 100 && fast * 2 > pages, "{fast} of {pages}");
    }

    /// Pieces of YAML, both inside and outside the subset.
    fn scalar() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "plain",
            "two words",
            "a:b",
            "x #c",
            "a#b",
            "http://e.com/p?q=1#f",
            "[t](/u/)",
            "'q'",
            "'it''s'",
            "\"dq\"",
            "\"a\\nb\"",
            "\"\\x41\"",
            "\"é\\u00e9\"",
            "[]",
            "[ ]",
            "[a, b]",
            "[a,b,]",
            "[1, true, ~, .nan]",
            "{}",
            "{a: b}",
            "-1",
            "1.5",
            "0x1f",
            "1e3",
            ".inf",
            "+2",
            "true",
            "False",
            "~",
            "null",
            "",
            "&a x",
            "*a",
            "!!str 5",
            "@x",
            "`x`",
            "%x",
            "- a",
            "? x",
            "a ]",
            ".NaN",
            "é ü",
            "x   ",
            "'x'  # c",
            "\"x\"   ",
            "a: b",
            "a:",
            "2025-01-31",
            "0o17",
            "|",
            "|-",
            "|+",
            ">",
            ">-",
            "| # c",
            "|2",
        ])
        .prop_map(str::to_string)
    }

    fn key() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "a", "b", "title", "x y", "a-b", "a.b", "2024", "null", "true", "~", "ü", "k_1",
        ])
        .prop_map(str::to_string)
    }

    /// A block collection at `indent`, as lines.
    fn doc() -> impl Strategy<Value = String> {
        let body_line = prop::sample::select(vec![
            "  line of text\n",
            "  more: text\n",
            "    deeper\n",
            "\n",
            "   \n",
            "  # not a comment\n",
            "# a comment\n",
            "  - dash\n",
            " shallow\n",
            "  trailing  \n",
        ]);
        let leaf =
            (key(), scalar(), prop::collection::vec(body_line, 0..5)).prop_map(|(k, v, lines)| {
                let mut s = format!("{k}: {v}\n");
                if v.starts_with(['|', '>']) {
                    s.extend(lines);
                }
                s
            });
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                // A mapping key holding a nested block.
                (key(), prop::collection::vec(inner.clone(), 1..4), 1usize..4).prop_map(
                    |(k, children, pad)| {
                        let mut s = format!("{k}:\n");
                        for c in children {
                            for line in c.lines() {
                                s.push_str(&" ".repeat(pad));
                                s.push_str(line);
                                s.push('\n');
                            }
                        }
                        s
                    }
                ),
                // A sequence of blocks, at the key's column or deeper.
                (key(), prop::collection::vec(inner.clone(), 1..4), 0usize..3).prop_map(
                    |(k, children, pad)| {
                        let mut s = format!("{k}:\n");
                        for c in children {
                            for (i, line) in c.lines().enumerate() {
                                s.push_str(&" ".repeat(pad));
                                s.push_str(if i == 0 { "- " } else { "  " });
                                s.push_str(line);
                                s.push('\n');
                            }
                        }
                        s
                    }
                ),
                // Siblings, a comment or a blank line between them.
                (
                    inner.clone(),
                    inner,
                    prop::sample::select(vec!["", "\n", "# c\n", "  \n"])
                )
                    .prop_map(|(a, b, gap)| format!("{a}{gap}{b}")),
            ]
        })
    }

    /// A text edited at one place with a byte that matters to YAML.
    fn mutated() -> impl Strategy<Value = String> {
        (
            doc(),
            any::<prop::sample::Index>(),
            prop::sample::select(vec![
                "", " ", "  ", "\n", "\r\n", ":", "-", "#", "'", "\"", "|", "\t", "\r", "[", "]",
                ",", "- ", ": ", " #", "\\", "é",
            ]),
            0usize..3,
        )
            .prop_map(|(text, at, piece, cut)| {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                format!("{}{piece}{}", &text[..at], &text[end..])
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn accepted_texts_read_as_saphyr_reads_them(text in doc()) {
            agrees(&text, TreeLimits::default());
        }

        #[test]
        fn accepted_crlf_texts_read_as_saphyr_reads_them(text in doc()) {
            agrees(&text.replace('\n', "\r\n"), TreeLimits::default());
        }

        #[test]
        fn accepted_edited_texts_read_as_saphyr_reads_them(text in mutated()) {
            agrees(&text, TreeLimits::default());
            agrees(&text.replace('\n', "\r\n"), TreeLimits::default());
        }
    }
}
