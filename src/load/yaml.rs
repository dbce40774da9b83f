//! YAML front matter → [`Node`] tree with byte spans, on the `saphyr-parser` event stream.
//!
//! [`parse`] first tries the fast path in `yaml_simple.rs`, which reads the
//! common block subset of YAML into the same tree; what it declines is read here.
//!
//! The tree is built iteratively (no recursion), so nesting depth, alias expansion
//! and duplicate keys are all under our control:
//! - nesting deeper than `limits.max_depth` is an error, not a stack overflow;
//! - alias expansion is counted against `limits.max_nodes` (billion laughs);
//! - a key that appears twice in one mapping is an error naming both places.

pub use super::limits::TreeLimits;
use super::scalar::scalar_kind;
use super::tree::{Entry, Kind, Node};
use crate::source::LineIndex;
use compact_str::CompactString;
use saphyr_parser::{Event, Parser, Span};
use std::collections::HashMap;
use std::ops::Range;

/// Why YAML front matter could not be turned into a tree.
#[derive(Debug, Clone, PartialEq)]
pub enum YamlError {
    /// The parser rejected the text.
    Syntax {
        span: Range<usize>,
        message: String,
        tab: bool,
    },
    /// The same key twice in one mapping.
    DuplicateKey {
        key: String,
        first: Range<usize>,
        second: Range<usize>,
    },
    /// Nesting deeper than the limit.
    TooDeep { span: Range<usize>, limit: usize },
    /// More values than the limit, counting those aliases copy in.
    TooManyNodes {
        span: Range<usize>,
        limit: usize,
        /// The values counted when the limit was crossed (more than `limit`:
        /// one alias can copy in many at once).
        values: usize,
        /// How many of `values` are copies made by aliases (0: the document
        /// as written is over the limit).
        copies: usize,
    },
    /// A key that is not a plain scalar (`? [a, b]: x`).
    ComplexKey { span: Range<usize> },
    /// An alias to an anchor that was never defined.
    UnknownAlias { span: Range<usize> },
}

/// Maps saphyr's (line, char column) markers to byte offsets in the page.
///
/// Lines are counted the way YAML counts them (`\n`, `\r\n` and a lone `\r`
/// each end a line), over the YAML text only, so a lone carriage return cannot
/// shift every later span.
struct Positions<'a> {
    /// The YAML text.
    text: &'a str,
    /// Byte offset in the page where the YAML text begins.
    base: usize,
    /// Start (in `text`) of every YAML line, then `text.len()`.
    starts: Vec<usize>,
    /// Whether each line is ASCII (its char columns are byte columns);
    /// `None` when the whole text is (nearly always), to save building it.
    ascii: Option<Vec<bool>>,
    /// Spaces added at the start of each line of the text the parser read
    /// (see `yaml_flow_indent`); empty when it read `text` itself.
    shift: &'a [usize],
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let b = text.as_bytes();
        // One vectorised pass over the line breaks rather than one search per
        // line (lines of front matter are short, so per-call setup dominated).
        let mut starts = Vec::with_capacity(b.len() / 32 + 2);
        starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            // The `\r` of a `\r\n` does not end its line; the `\n` does.
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        starts.push(b.len());
        let ascii = (!b.is_ascii()).then(|| {
            starts
                .windows(2)
                .map(|w| b[w[0]..w[1]].is_ascii())
                .collect()
        });
        Positions {
            text,
            base,
            starts,
            ascii,
            shift: &[],
        }
    }

    /// Whether line `i` (0-based) is ASCII.
    #[inline]
    fn line_is_ascii(&self, i: usize) -> bool {
        self.ascii.as_ref().is_none_or(|a| a[i])
    }

    /// Called for nearly every event: the ASCII case is inlined, the other
    /// kept out of line.
    #[inline(always)]
    fn offset(&self, line: usize, col: usize) -> usize {
        let i = line.saturating_sub(1).min(self.starts.len() - 2);
        let (start, end) = (self.starts[i], self.starts[i + 1]);
        let col = match self.shift.get(i) {
            Some(&added) => col.saturating_sub(added),
            None => col,
        };
        let within = if self.line_is_ascii(i) {
            (start + col).min(end)
        } else {
            self.char_offset(start, end, col)
        };
        self.base + within
    }

    /// Byte offset of char column `col` in the non-ASCII line `start..end`.
    #[inline(never)]
    fn char_offset(&self, start: usize, end: usize, col: usize) -> usize {
        // Columns past the end of the line (the line break) clamp to its end.
        match self.text[start..end].char_indices().nth(col) {
            Some((b, _)) => start + b,
            None => end,
        }
    }

    #[inline]
    fn start(&self, span: &Span) -> usize {
        self.offset(span.start.line(), span.start.col())
    }

    #[inline]
    fn span(&self, span: &Span) -> Range<usize> {
        let s = self.start(span);
        let e = self.offset(span.end.line(), span.end.col()).max(s);
        s..e
    }
}

/// An open collection. Its finished children wait at the end of one buffer
/// shared by all open collections (from index `first` on), so that each
/// collection's `Vec` is allocated once, at its final size, when it ends
/// (`split_off`: one allocation and one copy), instead of growing child by child.
enum Frame {
    Seq {
        first: usize,
        start: usize,
        anchor: usize,
    },
    Map {
        first: usize,
        pending_key: Option<(CompactString, Range<usize>)>,
        start: usize,
        anchor: usize,
        seen: Option<HashMap<CompactString, usize>>,
    },
}

/// Parse the YAML in `page[range]` (which starts at the beginning of a line).
/// Returns `Ok(None)` for an empty document.
pub fn parse(
    page: &str,
    range: Range<usize>,
    limits: TreeLimits,
) -> Result<Option<Node>, YamlError> {
    // Most front matter is in the subset the fast path reads; it declines
    // the rest, and saphyr reads that.
    if let Some(node) = super::yaml_simple::parse(page, range.clone(), limits) {
        return Ok(Some(node));
    }
    parse_with_saphyr(page, range, limits)
}

/// [`parse`] without the fast path: what the fast path's trees are checked
/// against (tests, the `yaml_fast_path` fuzz target).
#[doc(hidden)]
pub fn parse_with_saphyr(
    page: &str,
    range: Range<usize>,
    limits: TreeLimits,
) -> Result<Option<Node>, YamlError> {
    // The buffers are this thread's, reused from page to page (taken, not
    // borrowed, so nothing is held if a parse ever started another).
    let mut buffers = BUFFERS.take();
    let mut result = build(page, range.clone(), limits, &mut buffers, None);
    buffers.items.clear();
    buffers.entries.clear();
    if let Err(YamlError::Syntax { span, message, .. }) = &result {
        if message.contains("indentation") {
            if let Some(r) = reindent_at(page, range.clone(), span.start) {
                let again = build(page, range, limits, &mut buffers, Some(&r));
                buffers.items.clear();
                buffers.entries.clear();
                // Read, or the error is further on: the one Hugo reports too.
                let further = |e: &Result<Option<Node>, YamlError>| match e {
                    Err(YamlError::Syntax { span: s, .. }) => s.start > span.start,
                    _ => true,
                };
                if further(&again) {
                    result = again;
                }
            }
        }
    }
    BUFFERS.set(buffers);
    result
}

/// The YAML in `page[range]` with its flow collections indented as YAML wants
/// them, when the line of byte `error` is one that needed it: Hugo's YAML
/// library reads such collections, saphyr (rightly, by the YAML spec) does not.
fn reindent_at(
    page: &str,
    range: Range<usize>,
    error: usize,
) -> Option<super::yaml_flow_indent::Reindented> {
    let text = &page[range.clone()];
    let r = super::yaml_flow_indent::reindent(text)?;
    let line = memchr::memchr_iter(
        b'\n',
        &text.as_bytes()[..error.saturating_sub(range.start).min(text.len())],
    )
    .count();
    (r.shift.get(line).copied().unwrap_or(0) > 0 || r.quoted_from.contains(&line)).then_some(r)
}

/// The finished children of every open sequence and mapping, innermost last
/// (see [`Frame`]).
#[derive(Default)]
struct Buffers {
    items: Vec<Node>,
    entries: Vec<Entry>,
}

thread_local! {
    static BUFFERS: std::cell::Cell<Buffers> = std::cell::Cell::new(Buffers::default());
}

/// The tree of `page[range]`; the parser reads `reindented.text` instead when
/// given (spans still point into `page`).
fn build(
    page: &str,
    range: Range<usize>,
    limits: TreeLimits,
    buffers: &mut Buffers,
    reindented: Option<&super::yaml_flow_indent::Reindented>,
) -> Result<Option<Node>, YamlError> {
    let text = &page[range.clone()];
    // Positions come from the YAML text itself (see `Positions`), not a line index of the page.
    let mut pos = Positions::new(text, range.start);
    if let Some(r) = reindented {
        pos.shift = &r.shift;
    }
    let mut parser = Parser::new_from_str(reindented.map_or(text, |r| r.text.as_str()));
    let Buffers { items, entries } = buffers;
    let mut tree = TreeBuilder {
        page,
        limits,
        stack: Vec::new(),
        items,
        entries,
        anchors: HashMap::new(),
        nodes: 0,
        copies: 0,
        root: None,
    };
    while let Some(ev) = parser.next_event() {
        let (event, span) = match ev {
            Ok(x) => x,
            Err(e) => return Err(syntax_error(page, &pos, &e)),
        };
        if let Some((node, anchor)) = tree.event(event, &span, &pos)? {
            tree.complete(node, anchor)?;
        }
    }
    Ok(tree.root)
}

/// A syntax error of saphyr's, at the character it points to in `page`.
fn syntax_error(page: &str, pos: &Positions<'_>, e: &saphyr_parser::ScanError) -> YamlError {
    let m = e.marker();
    let mut at = pos.offset(m.line(), m.col());
    let info = e.info().to_string();
    let tab = info.contains("tab");
    // The scanner stops after a tab; point at the tab itself.
    if tab && at > 0 && page.as_bytes()[at - 1] == b'\t' {
        at -= 1;
    }
    let end = next_char_end(page, at);
    YamlError::Syntax {
        span: at..end,
        message: info,
        tab,
    }
}

/// The tree being built from saphyr's events: the collections open, the
/// anchors defined, and the counts the limits bound.
struct TreeBuilder<'b> {
    page: &'b str,
    limits: TreeLimits,
    stack: Vec<Frame>,
    /// The items of the open sequences, innermost last.
    items: &'b mut Vec<Node>,
    /// The entries of the open mappings, innermost last.
    entries: &'b mut Vec<Entry>,
    anchors: HashMap<usize, Node>,
    /// Values made so far, alias copies included.
    nodes: usize,
    /// Values made by copying an anchor's.
    copies: usize,
    root: Option<Node>,
}

impl TreeBuilder<'_> {
    /// Take one event: the value it completes, if any (with its anchor id, 0: none).
    fn event(
        &mut self,
        event: Event<'_>,
        span: &Span,
        pos: &Positions<'_>,
    ) -> Result<Option<(Node, usize)>, YamlError> {
        let (page, limits) = (self.page, self.limits);
        // Spans are worked out only for the events that use them.
        let sp = || pos.span(span);
        let completed: Option<(Node, usize)> = match event {
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => None,
            Event::SequenceStart(anchor, _) => {
                if self.stack.len() >= limits.max_depth {
                    return Err(YamlError::TooDeep {
                        span: sp(),
                        limit: limits.max_depth,
                    });
                }
                self.stack.push(Frame::Seq {
                    first: self.items.len(),
                    start: pos.start(span),
                    anchor,
                });
                None
            }
            Event::MappingStart(anchor, _) => {
                if self.stack.len() >= limits.max_depth {
                    return Err(YamlError::TooDeep {
                        span: sp(),
                        limit: limits.max_depth,
                    });
                }
                self.stack.push(Frame::Map {
                    first: self.entries.len(),
                    pending_key: None,
                    start: pos.start(span),
                    anchor,
                    seen: None,
                });
                None
            }
            Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Seq {
                    first,
                    start,
                    anchor,
                }) => {
                    let items = self.items.split_off(first);
                    let end = items
                        .last()
                        .map(|n| n.span.end)
                        .unwrap_or_else(|| sp().end)
                        .max(start);
                    Some((Node::new(Kind::Seq(items), start..end), anchor))
                }
                _ => None,
            },
            Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Map {
                    first,
                    start,
                    anchor,
                    ..
                }) => {
                    let entries = self.entries.split_off(first);
                    let end = entries
                        .last()
                        .map(|e| e.value.span.end.max(e.key_span.end))
                        .unwrap_or_else(|| sp().end)
                        .max(start);
                    Some((Node::new(Kind::Map(entries), start..end), anchor))
                }
                _ => None,
            },
            Event::Scalar(value, style, anchor, tag) => {
                // A quoted scalar's span includes its quotes; keep it that way
                // (the whole written value is underlined). An anchor or tag
                // before it is not part of the value; without one, a span
                // that starts with `!` or `&` is the text (a block scalar's).
                let span = if anchor != 0 || tag.is_some() {
                    skip_properties(page, sp())
                } else {
                    sp()
                };
                let kind = scalar_kind(value, style, tag.as_ref());
                Some((Node::new(kind, span), anchor))
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some(n) => {
                    let count = count_nodes(n);
                    self.nodes += count;
                    self.copies += count;
                    if self.nodes > limits.max_nodes {
                        return Err(YamlError::TooManyNodes {
                            span: sp(),
                            limit: limits.max_nodes,
                            values: self.nodes,
                            copies: self.copies,
                        });
                    }
                    let mut copy = n.clone();
                    copy.span = sp();
                    Some((copy, 0))
                }
                None => return Err(YamlError::UnknownAlias { span: sp() }),
            },
        };
        Ok(completed)
    }

    /// Put a completed value where it belongs: the root, an item of the
    /// open sequence, or the key or the value of the open mapping's next entry.
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        let (page, limits) = (self.page, self.limits);
        self.nodes += 1;
        if self.nodes > limits.max_nodes {
            return Err(YamlError::TooManyNodes {
                span: node.span.clone(),
                limit: limits.max_nodes,
                values: self.nodes,
                copies: self.copies,
            });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { .. }) => self.items.push(node),
            Some(Frame::Map {
                first,
                pending_key,
                seen,
                ..
            }) => match pending_key.take() {
                None => {
                    let key = match node.kind {
                        Kind::Str(s, _) => s,
                        Kind::Null => page[node.span.clone()].into(),
                        Kind::Bool(_) | Kind::Int(_) | Kind::Float(_) => {
                            page[node.span.clone()].trim().into()
                        }
                        Kind::Seq(_) | Kind::Map(_) => {
                            return Err(YamlError::ComplexKey { span: node.span })
                        }
                    };
                    // This mapping's entries so far.
                    let mine = &self.entries[*first..];
                    // Duplicate keys: linear scan for small maps, a hash set beyond.
                    let dup = if mine.len() < 16 {
                        mine.iter().position(|e| e.key == key)
                    } else {
                        let seen = seen.get_or_insert_with(|| {
                            mine.iter()
                                .enumerate()
                                .map(|(i, e)| (e.key.clone(), i))
                                .collect()
                        });
                        seen.get(&key).copied()
                    };
                    if let Some(i) = dup {
                        return Err(YamlError::DuplicateKey {
                            key: key.to_string(),
                            first: mine[i].key_span.clone(),
                            second: node.span,
                        });
                    }
                    *pending_key = Some((key, node.span));
                }
                Some((key, key_span)) => {
                    if let Some(seen) = seen {
                        seen.insert(key.clone(), self.entries.len() - *first);
                    }
                    self.entries.push(Entry {
                        key,
                        key_span,
                        value: node,
                    });
                }
            },
        }
        Ok(())
    }
}

/// The span without the node properties (`&anchor`, `!tag`) and any
/// whitespace or comments after them that the parser counts as part of a
/// scalar's span.
fn skip_properties(page: &str, span: Range<usize>) -> Range<usize> {
    let b = page.as_bytes();
    let mut i = span.start;
    if !matches!(b.get(i), Some(b'&' | b'!')) {
        return span;
    }
    while i < span.end {
        match b[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' => {
                while i < span.end && !matches!(b[i], b'\n' | b'\r') {
                    i += 1;
                }
            }
            b'&' | b'!' => {
                while i < span.end && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    // Only ASCII bytes were skipped, so `i` is on a char boundary.
    i.min(span.end)..span.end
}

/// The value of a scalar, typed by the YAML 1.2 core schema (as saphyr does).
fn count_nodes(n: &Node) -> usize {
    let mut count = 0;
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        count += 1;
        match &n.kind {
            Kind::Seq(items) => stack.extend(items.iter()),
            Kind::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            _ => {}
        }
    }
    count
}

fn next_char_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .chars()
        .next()
        .map(|c| at + c.len_utf8())
        .unwrap_or(at)
}

/// Why YAML that is not front matter could not be read, and where.
#[derive(Debug, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct PlainYamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parse YAML that is not front matter (a config file) straight into JSON.
pub(crate) fn parse_plain(text: &str) -> Result<serde_json::Value, PlainYamlError> {
    let index = LineIndex::new(text);
    match parse(
        text,
        0..text.len(),
        TreeLimits {
            max_depth: 256,
            max_nodes: 1_000_000,
        },
    ) {
        Ok(Some(n)) => Ok(n.to_value()),
        Ok(None) => Ok(serde_json::Value::Object(Default::default())),
        Err(e) => {
            let (msg, at) = match e {
                YamlError::Syntax { span, message, .. } => (message, span.start),
                YamlError::DuplicateKey { key, second, .. } => {
                    (format!("duplicate key \"{key}\""), second.start)
                }
                YamlError::TooDeep { span, .. } => ("nesting too deep".into(), span.start),
                YamlError::TooManyNodes {
                    span,
                    limit,
                    copies: 0,
                    ..
                } => (format!("more than {limit} values"), span.start),
                YamlError::TooManyNodes {
                    span,
                    limit,
                    values,
                    ..
                } => (
                    format!("aliases expand to {values} values, more than {limit}"),
                    span.start,
                ),
                YamlError::ComplexKey { span } => {
                    ("complex mapping keys are not supported".into(), span.start)
                }
                YamlError::UnknownAlias { span } => {
                    ("alias to an unknown anchor".into(), span.start)
                }
            };
            let (line, column) = index.line_col(text, at);
            Err(PlainYamlError {
                line,
                column,
                message: msg,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::scalar::may_be_typed;
    use super::*;
    use proptest::prelude::*;
    use saphyr::Scalar;
    use saphyr_parser::ScalarStyle;
    use std::borrow::Cow;

    /// Line starts and ASCII flags found one byte at a time: what
    /// `Positions::new` must agree with.
    fn positions_by_byte(text: &str) -> (Vec<usize>, Vec<bool>) {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut line_ascii = true;
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
                ascii.push(line_ascii);
                line_ascii = true;
            } else {
                line_ascii &= c.is_ascii();
            }
        }
        ascii.push(line_ascii);
        (starts, ascii)
    }

    fn check_positions(text: &str) {
        let p = Positions::new(text, 7);
        let lines = p.starts.len() - 1;
        assert_eq!(p.starts[lines], text.len());
        assert_eq!(
            (
                p.starts[..lines].to_vec(),
                (0..lines).map(|i| p.line_is_ascii(i)).collect::<Vec<_>>()
            ),
            positions_by_byte(text),
            "{text:?}"
        );
        // Line numbers out of range (saphyr's are 1-based) clamp to the first or last line.
        assert_eq!(p.offset(0, 0), 7);
        assert_eq!(p.offset(lines + 5, 0), 7 + p.starts[lines - 1]);
        // Char columns, clamped to the end of the line (its line end included).
        for (i, w) in p.starts.windows(2).enumerate() {
            let (start, end) = (w[0], w[1]);
            let line = &text[start..end];
            for col in 0..line.chars().count() + 3 {
                let want = line.char_indices().nth(col).map_or(end, |(b, _)| start + b);
                assert_eq!(p.offset(i + 1, col), 7 + want, "{text:?} {i}:{col}");
            }
        }
    }

    #[test]
    fn positions_of_lines_and_columns() {
        for t in [
            "",
            "a",
            "a: b\n",
            "a: b\nc: d",
            "a: ×→\r\nb: value\r\n",
            "a: é\rb: ü\nc\r",
            "\r\n\r\r\n\n",
            "\u{feff}a: 1\n",
            "ascii: only\nthen: 日本\nascii: again\n",
        ] {
            check_positions(t);
        }
    }

    proptest! {
        #[test]
        fn positions_agree_with_byte_by_byte(t in "[a: é日\r\n]{0,60}") {
            check_positions(&t);
        }
    }

    fn tree(page: &str) -> Node {
        parse(page, 0..page.len(), TreeLimits::default())
            .unwrap()
            .unwrap()
    }

    fn text_at<'a>(page: &'a str, ptr: &str) -> &'a str {
        let t = Box::leak(Box::new(tree(page)));
        let l = t.locate(ptr);
        assert!(l.exact, "{ptr} not found");
        &page[l.node.span.clone()]
    }

    #[test]
    fn spans_of_plain_values_and_keys() {
        let page = "title: Hello\nsections:\n  - type: quote\n    quote: hi\n";
        assert_eq!(text_at(page, "/title"), "Hello");
        assert_eq!(text_at(page, "/sections/0/type"), "quote");
        let t = tree(page);
        let l = t.locate("/sections/0/quote");
        assert_eq!(&page[l.key_span.unwrap().clone()], "quote");
    }

    #[test]
    fn spans_with_non_ascii_and_crlf() {
        let page = "a: ×→\r\nb: value\r\n";
        assert_eq!(text_at(page, "/a"), "×→");
        assert_eq!(text_at(page, "/b"), "value");
    }

    #[test]
    fn flow_collections_indented_as_hugo_reads_them() {
        // Invalid by the YAML spec (each line inside the collection must be
        // indented more than its key), read by Hugo's YAML library: the values
        // are Hugo's and every span points into the text as written.
        let page = "aliases: [\n  '/a/',\n  \"/b/\",\n]\nparams:\n  m: {\n  k: v,\n  }\n  l: [\nx, 'y\nz'\n]\nw: 1\n";
        let t = tree(page);
        assert_eq!(
            t.to_value(),
            serde_json::json!({"aliases": ["/a/", "/b/"], "params": {"m": {"k": "v"}, "l": ["x", "y z"]}, "w": 1})
        );
        assert_eq!(text_at(page, "/aliases/0"), "'/a/'");
        assert_eq!(text_at(page, "/aliases/1"), "\"/b/\"");
        assert_eq!(text_at(page, "/params/m/k"), "v");
        assert_eq!(text_at(page, "/params/l/0"), "x");
        assert_eq!(text_at(page, "/params/l/1"), "'y\nz'");
        assert_eq!(text_at(page, "/w"), "1");
        // A real indentation error elsewhere is still saphyr's error, at its place.
        let page = "a: [\n  x,\n]\nb: 1\n  c: 2\n";
        let Err(YamlError::Syntax { span, .. }) = parse(page, 0..page.len(), TreeLimits::default())
        else {
            panic!("an error");
        };
        // Line 5, `  c: 2`.
        assert_eq!(page[..span.start].matches('\n').count() + 1, 5);
    }

    #[test]
    fn block_scalar_starts_at_content() {
        let page = "content: |\n  first line\n  second\nnext: 1\n";
        let s = text_at(page, "/content");
        assert!(s.starts_with("first line"), "{s:?}");
    }

    #[test]
    fn anchor_and_tag_are_not_part_of_a_scalar_span() {
        // Found by the span property test: saphyr starts a scalar's span at its
        // anchor, so `&a0 A` was underlined instead of `A`.
        let page = "a: {b: &a0 A}
c: &x 'q'
d: !!str 5
e: &y # note
  value
f: *x
";
        assert_eq!(text_at(page, "/a/b"), "A");
        assert_eq!(text_at(page, "/c"), "'q'");
        assert_eq!(text_at(page, "/d"), "5");
        assert_eq!(text_at(page, "/e"), "value");
        assert_eq!(text_at(page, "/f"), "*x");
        // Found by fuzzing (yaml_spans): a comment after the tag ends at a lone `\r`.
        let page = "!!str\r# c\r-el\r";
        assert_eq!(&page[tree(page).span.clone()], "-el");
    }

    #[test]
    fn block_text_that_starts_like_a_tag_or_anchor_is_all_in_its_span() {
        // Found by fuzzing (yaml_fast_path): the first word of a block
        // scalar was skipped as if it were a tag or an anchor.
        for (page, text) in [
            ("content: |\n  !first line\nnext: 1\n", "!first line\n"),
            ("content: >-\n  &first # line\nnext: 1\n", "&first # line\n"),
        ] {
            for tree in [
                parse_with_saphyr(page, 0..page.len(), TreeLimits::default()),
                parse(page, 0..page.len(), TreeLimits::default()),
            ] {
                let tree = tree.unwrap().unwrap();
                assert_eq!(&page[tree.locate("/content").node.span.clone()], text);
            }
        }
    }

    #[test]
    fn lone_carriage_return_is_a_line_break() {
        // Found by fuzzing (yaml_spans): YAML counts a lone `\r` as a line
        // break, the page's line index did not, so spans after it were shifted.
        let page = "\r a\n#e]\n";
        let t = tree(page);
        assert_eq!(&page[t.span.clone()], "a");
        let page = "a: 1\rb: two\r\nc: x\n";
        assert_eq!(text_at(page, "/b"), "two");
        assert_eq!(text_at(page, "/c"), "x");
        let page = "a: é\rb: ü\n";
        assert_eq!(text_at(page, "/b"), "ü");
    }

    #[test]
    fn duplicate_key_is_an_error() {
        let page = "a: 1\nb: 2\na: 3\n";
        match parse(page, 0..page.len(), TreeLimits::default()) {
            Err(YamlError::DuplicateKey { key, first, second }) => {
                assert_eq!(key, "a");
                assert_eq!(first, 0..1);
                assert_eq!(second, 10..11);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicate_keys_are_found_in_their_own_mapping() {
        // Children of open collections share one buffer: a key is only a
        // duplicate of a key of its own mapping, found by the linear scan
        // (under 16 keys) or the hash set (16 and more), and `first` points
        // at the earlier key of that mapping.
        let many: String = (0..20).map(|i| format!("  k{i}: {i}\n")).collect();
        let page = format!("a: 1\nk3: outer\nm:\n{many}  a: inner\nk5: outer\n");
        let v = tree(&page).to_value();
        assert_eq!(v["m"]["k19"], 19);
        assert_eq!(v["m"]["a"], "inner");
        assert_eq!(v["k5"], "outer");
        for (page, key) in [
            (format!("a: 1\nm:\n{many}  k7: again\n"), "k7"),
            (format!("a: 1\nm:\n{many}  k17: again\n"), "k17"),
            ("a: 1\nm:\n  b: 1\n  b: 2\n".to_string(), "b"),
            (format!("a: 1\nm:\n{many}a: 2\n"), "a"),
            (format!("k7: 1\nm:\n{many}k7: 2\n"), "k7"),
            ("s:\n  - {x: 1, y: [1, {x: 2}], x: 3}\n".to_string(), "x"),
        ] {
            // The earlier key is the first one in the same mapping.
            let first_at = match key {
                "k7" if page.starts_with("k7") => 0,
                "k7" | "k17" | "b" => page.find(&format!("  {key}:")).unwrap() + 2,
                _ => page.find(&format!("{key}:")).unwrap(),
            };
            match parse(&page, 0..page.len(), TreeLimits::default()) {
                Err(YamlError::DuplicateKey {
                    key: k,
                    first,
                    second,
                }) => {
                    assert_eq!(k, key, "{page:?}");
                    assert_eq!(first, first_at..first_at + key.len(), "{page:?}");
                    assert_eq!(&page[second.clone()], key, "{page:?}");
                    assert_eq!(
                        second.start,
                        page.rfind(&format!("{key}:")).unwrap(),
                        "{page:?}"
                    );
                }
                other => panic!("{page:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn nested_collections_keep_their_children_and_spans() {
        let page = "a:\n  - 1\n  - [x, {b: [], c: {}}, [[]]]\n  - k: v\n    l:\n      - m: n\n  - \nd: {e: [f, g], h: i}\ns: []\n";
        let t = tree(page);
        assert_eq!(
            t.to_value(),
            serde_json::json!({
                "a": [1, ["x", {"b": [], "c": {}}, [[]]], {"k": "v", "l": [{"m": "n"}]}, null],
                "d": {"e": ["f", "g"], "h": "i"},
                "s": []
            })
        );
        assert_eq!(text_at(page, "/a/1/1/b"), "[]");
        // A sequence ends where its last item ends (not at its `]`).
        assert_eq!(text_at(page, "/a/1/2"), "[[]");
        assert_eq!(text_at(page, "/a/2/l/0/m"), "n");
        assert_eq!(text_at(page, "/d/e"), "[f, g");
        assert_eq!(text_at(page, "/d/e/1"), "g");
        assert_eq!(text_at(page, "/s"), "[]");
        assert_eq!(&page[t.span.clone()], &page[..page.len() - 1]);
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut page = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            page.push_str(&format!(
                "{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char
            ));
        }
        assert!(matches!(
            parse(&page, 0..page.len(), TreeLimits::default()),
            Err(YamlError::TooManyNodes { .. })
        ));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut page = String::new();
        for i in 0..200 {
            page.push_str(&" ".repeat(i));
            page.push_str("a:\n");
        }
        assert!(matches!(
            parse(&page, 0..page.len(), TreeLimits::default()),
            Err(YamlError::TooDeep { .. })
        ));
        let flow = "a: ".to_string() + &"[".repeat(100_000);
        assert!(parse(&flow, 0..flow.len(), TreeLimits::default()).is_err());
    }

    #[test]
    fn tab_indentation_is_a_syntax_error() {
        let page = "a:\n\tb: 1\n";
        match parse(page, 0..page.len(), TreeLimits::default()) {
            Err(YamlError::Syntax { tab, .. }) => assert!(tab),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reserved_indicators_are_syntax_errors() {
        // A plain value cannot start with `@`, `` ` ``, `%` or `,` (YAML 1.2
        // §5.3, §7.3.3) and Hugo rejects such a page, so it must be reported.
        // rlsp-yaml-parser 0.11 read each of these as an empty value (null) or
        // dropped the list item, without an error.
        for page in [
            "title: @handle\ndraft: true\n",
            "title: `kubectl` basics\ndraft: true\n",
            "tags:\n  - @team\n  - b\n",
            "build:\n  %render: never\n",
            "b: ,value\n",
        ] {
            assert!(
                matches!(
                    parse(page, 0..page.len(), TreeLimits::default()),
                    Err(YamlError::Syntax { .. })
                ),
                "{page:?}"
            );
        }
    }

    #[test]
    fn a_tag_without_content_stays_on_its_own_value() {
        // `!!str` with nothing after it is an empty string for `title`;
        // rlsp-yaml-parser 0.11 moved the tag onto the next key instead.
        let v = tree("title: !!str\nweight: heavy\n").to_value();
        assert_eq!(v["title"], "");
        assert_eq!(v["weight"], "heavy");
    }

    #[test]
    fn flow_pair_without_value_keeps_its_key() {
        // `[a:]` is a list holding the mapping {a: null}; rlsp-yaml-parser
        // 0.11 gave the key no value event at all.
        let v = tree("categories: [Case Studies:]\n").to_value();
        assert_eq!(v["categories"], serde_json::json!([{"Case Studies": null}]));
    }

    #[test]
    fn indented_comment_is_not_part_of_a_value() {
        // A comment ends a plain value, even on a line indented like its
        // continuation; rlsp-yaml-parser 0.11 read `Hello # note`.
        let v = tree("title: Hello\n  # note\ndraft: true\ntags:\n- a\n  # b\n- c\n").to_value();
        assert_eq!(v["title"], "Hello");
        assert_eq!(v["draft"], true);
        assert_eq!(v["tags"], serde_json::json!(["a", "c"]));
    }

    /// What saphyr makes of an untagged plain scalar.
    fn saphyr_is_str(s: &str) -> bool {
        matches!(
            Scalar::parse_from_cow_and_metadata(Cow::Borrowed(s), ScalarStyle::Plain, None),
            Some(Scalar::String(_))
        )
    }

    #[test]
    fn only_what_may_be_typed_is_typed() {
        for s in [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "TRUE",
            "tRUE",
            "false",
            "False",
            "1",
            "-1",
            "+1",
            "0x1f",
            "0o17",
            "0b1",
            "1.5",
            ".5",
            "-.5",
            "+.5",
            "5.",
            "1e3",
            "1E-3",
            ".inf",
            "-.Inf",
            "+.INF",
            ".nan",
            ".NaN",
            "inf",
            "nan",
            "infinity",
            "NaN",
            "e3",
            "x1",
            "2025-06-03",
            "1_000",
            "٣",
            "１",
            "title",
            "n",
            "t",
            "f",
        ] {
            assert!(may_be_typed(s) || saphyr_is_str(s), "{s:?}");
        }
        for s in [
            "", "~", "null", "TRUE", "False", "1", "-1", "+1", "0x1f", ".5", ".inf",
        ] {
            assert!(may_be_typed(s) && !saphyr_is_str(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn what_may_not_be_typed_is_a_string(
            s in "[-+.~0-9a-fA-FnNtTuUlLsSrRiIxXoO_ :]{0,8}|\\PC{0,8}"
        ) {
            prop_assert!(may_be_typed(&s) || saphyr_is_str(&s), "{:?}", s);
        }
    }

    #[test]
    fn scalars_are_typed_as_before() {
        // Tags, quotes and keys: what `scalar_kind` does besides `may_be_typed`.
        let t = tree(
            "a: !!int 7\nb: !!int x\nc: !!str 7\nd: !foo 7\ne: '7'\nf: \"true\"\ng: |\n  1\n\
             h: !!null ~\ni: !!bool x\n7: int key\n~: null key\ntrue: bool key\nj: 1.5\n",
        );
        let v = t.to_value();
        assert_eq!(v["a"], 7);
        assert_eq!(v["b"], "x");
        assert_eq!(v["c"], "7");
        assert_eq!(v["d"], 7);
        assert_eq!(v["e"], "7");
        assert_eq!(v["f"], "true");
        assert_eq!(v["g"], "1\n");
        assert!(v["h"].is_null());
        assert_eq!(v["i"], "x");
        assert_eq!(v["7"], "int key");
        assert_eq!(v["~"], "null key");
        assert_eq!(v["true"], "bool key");
        assert_eq!(v["j"], 1.5);
    }

    #[test]
    fn yaml_12_core_typing() {
        let t = tree("a: yes\nb: 010\nc: 2025-06-03\nd: ~\ne: true\nf: '1'\n");
        let v = t.to_value();
        assert_eq!(v["a"], "yes");
        assert_eq!(v["b"], 10);
        assert_eq!(v["c"], "2025-06-03");
        assert!(v["d"].is_null());
        assert_eq!(v["e"], true);
        assert_eq!(v["f"], "1");
    }
}
