//! Finding the front matter block at the top of a content file.
//!
//! YAML between `---` lines, TOML between `+++` lines, or a JSON object
//! starting at the first byte. A UTF-8 byte order mark is accepted, and a line
//! ends at `\n`, `\r\n` or a lone `\r`, as for Hugo. All ranges are byte
//! offsets into the whole file.

use memchr::memmem::Finder;
use std::ops::Range;
use std::sync::LazyLock;

/// Searchers for the fences, built once (building one costs more than a search).
static YAML_FENCE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("---"));
static TOML_FENCE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("+++"));

/// The language of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// Where the front matter and the body are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Format,
    /// The opening fence line, without its line end (for JSON: the `{`).
    pub open: Range<usize>,
    /// The front matter text between the fences (for JSON: the whole object).
    pub content: Range<usize>,
    /// The body after the closing fence line.
    pub body: Range<usize>,
}

/// Why a file has no usable front matter block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a front matter fence.
    Missing,
    /// An opening fence without a closing one.
    Unterminated { format: Format, open: Range<usize> },
}

/// Length of a UTF-8 byte order mark at the start of `text` (0 or 3).
pub(crate) fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// How many bytes of ASCII white space (spaces, tabs, line ends, vertical
/// tabs, form feeds) `text` starts with: Hugo skips them before the front
/// matter's opening fence.
pub(crate) fn leading_space(text: &str) -> usize {
    text.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        .count()
}

/// Split `text` into front matter and body. As in Hugo, the front matter's
/// fence may come after a byte order mark and blank lines.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = bom_len(text);
    let start = start + leading_space(&text[start..]);
    let rest = &text[start..];
    if rest.starts_with('{') {
        return split_json(text, start);
    }
    let format = if rest.starts_with("---") {
        Format::Yaml
    } else if rest.starts_with("+++") {
        Format::Toml
    } else {
        return Err(SplitError::Missing);
    };
    let fence = if format == Format::Yaml { "---" } else { "+++" };
    let mut lines = Lines::new(text, start);
    let (open_line, after_open) = lines.next().ok_or(SplitError::Missing)?;
    if text[open_line.clone()].trim_end() != fence {
        return Err(SplitError::Missing);
    }
    let content_start = after_open;
    // The closing fence is the first line that starts with the fence: Hugo's
    // lexer ends front matter there whatever follows on that line, and the
    // rest of the line (unless blank) is the body's first text. Only where the
    // fence's three bytes occur (one vectorised search, rare in front matter)
    // is a line looked at, instead of splitting every line.
    let finder = if format == Format::Yaml {
        &*YAML_FENCE
    } else {
        &*TOML_FENCE
    };
    let b = text.as_bytes();
    for i in finder.find_iter(&b[content_start..]) {
        let at = content_start + i;
        // A line starts after `\n` or `\r` (a `\r` before the fence's first
        // byte is a lone one: a line end of its own).
        if at > content_start && !matches!(b[at - 1], b'\n' | b'\r') {
            continue;
        }
        let (line, next) = line_at(text, at);
        return Ok(Split {
            format,
            open: open_line,
            content: content_start..line.start,
            body: body_after_fence(text, line, next)..text.len(),
        });
    }
    Err(SplitError::Unterminated {
        format,
        open: open_line,
    })
}

/// Where the body starts after the closing fence line `line` (whose next
/// line starts at `next`): the next line when the fence is alone on its line
/// (trailing white space aside), else right after the fence's three bytes.
fn body_after_fence(text: &str, line: Range<usize>, next: usize) -> usize {
    let after = line.start + 3;
    if text[after..line.end].trim_end().is_empty() {
        next
    } else {
        after
    }
}

fn split_json(text: &str, start: usize) -> Result<Split, SplitError> {
    // Find the brace that closes the object, skipping strings.
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    let end = i + 1;
                    let mut body = end;
                    // The rest of the closing line belongs to the front matter block.
                    let (line, next) = line_at(text, end);
                    if text[line].trim().is_empty() {
                        body = next;
                    }
                    return Ok(Split {
                        format: Format::Json,
                        open: start..start + 1,
                        content: start..end,
                        body: body..text.len(),
                    });
                }
            }
            _ => {}
        }
    }
    Err(SplitError::Unterminated {
        format: Format::Json,
        open: start..start + 1,
    })
}

/// Iterator over lines as (range without line end, start of next line).
pub(super) struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    /// The lines of `text` from `pos`, which must be the start of a line.
    pub(super) fn new(text: &'a str, pos: usize) -> Self {
        Lines { text, pos }
    }
}

impl Iterator for Lines<'_> {
    type Item = (Range<usize>, usize);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let (line, next) = line_at(self.text, self.pos);
        self.pos = next;
        Some((line, next))
    }
}

/// The line starting at `start`, without its line end (`\n`, `\r\n` or a
/// lone `\r`), and where the next line starts.
fn line_at(text: &str, start: usize) -> (Range<usize>, usize) {
    let b = text.as_bytes();
    match find_line_end(&b[start..]) {
        Some(i) => {
            let end = start + i;
            let crlf = b[end] == b'\r' && b.get(end + 1) == Some(&b'\n');
            (start..end, end + if crlf { 2 } else { 1 })
        }
        None => (start..text.len(), text.len()),
    }
}

/// Where the first `\n` or `\r` in `b` is (`memchr2`: a vectorised search).
fn find_line_end(b: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `Lines`, looking at one byte at a time: what `Lines` must agree with.
    fn lines_by_byte(text: &str, mut pos: usize) -> Vec<(Range<usize>, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        while pos < b.len() {
            let next = match b[pos..].iter().position(|&c| c == b'\n' || c == b'\r') {
                Some(i) => {
                    let end = pos + i;
                    let crlf = b[end] == b'\r' && b.get(end + 1) == Some(&b'\n');
                    out.push((pos..end, end + if crlf { 2 } else { 1 }));
                    end + if crlf { 2 } else { 1 }
                }
                None => {
                    out.push((pos..b.len(), b.len()));
                    b.len()
                }
            };
            pos = next;
        }
        out
    }

    /// `split` line by line: every line after the opening fence compared
    /// with the fence. The fence search must find the same closing line.
    fn split_line_by_line(text: &str) -> Result<Split, SplitError> {
        let start = bom_len(text);
        let start = start + leading_space(&text[start..]);
        let rest = &text[start..];
        if rest.starts_with('{') {
            return split_json(text, start);
        }
        let format = if rest.starts_with("---") {
            Format::Yaml
        } else if rest.starts_with("+++") {
            Format::Toml
        } else {
            return Err(SplitError::Missing);
        };
        let fence = if format == Format::Yaml { "---" } else { "+++" };
        let mut lines = Lines::new(text, start);
        let (open_line, after_open) = lines.next().ok_or(SplitError::Missing)?;
        if text[open_line.clone()].trim_end() != fence {
            return Err(SplitError::Missing);
        }
        for (line, next) in lines {
            if text[line.clone()].starts_with(fence) {
                return Ok(Split {
                    format,
                    open: open_line,
                    content: after_open..line.start,
                    body: body_after_fence(text, line, next)..text.len(),
                });
            }
        }
        Err(SplitError::Unterminated {
            format,
            open: open_line,
        })
    }

    #[test]
    fn closing_fence_found_as_line_by_line() {
        for t in [
            "---\n---\n",
            "---\r\n---\r\nbody",
            "---\r---\rbody",
            "---\na: 1\r---\n",
            "---\na: x---\n----\n --- \n---\u{a0}\t\nbody\n",
            "---\na: ---\n",
            "---\n-----\n---",
            "---\n\r\n---",
            "\u{feff}---\n---\n",
            "+++\na = 1\n+++ \n",
            "+++\n---\n++++\n+++\r\n",
            "---\n+++\n",
            "---",
            "---\n",
            "---\n--",
            "--- x\n---\n",
            "\n\n---\n---\n",
            " \t\r\n+++\n+++\n",
        ] {
            assert_eq!(split(t), split_line_by_line(t), "{t:?}");
        }
    }

    /// Hugo skips ASCII white space (blank lines too) before the opening
    /// fence, after a byte order mark; any other first character is the body.
    #[test]
    fn front_matter_may_follow_blank_lines() {
        let s = split("\n  \n---\ntitle: a\n---\nbody").unwrap();
        assert_eq!((s.format, s.open, s.content), (Format::Yaml, 4..7, 8..17));
        let s = split("\r\n\t+++\r\ntitle = 'a'\r\n+++\r\n").unwrap();
        assert_eq!((s.format, s.open), (Format::Toml, 3..6));
        let s = split("\u{feff}\n\u{b}\u{c}{\"title\": \"a\"}\nbody").unwrap();
        assert_eq!((s.format, s.content), (Format::Json, 6..20));
        assert_eq!(split("\n# Title\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("\u{a0}---\n---\n"), Err(SplitError::Missing));
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        for t in [
            "",
            "a",
            "\n",
            "\r",
            "\r\n",
            "\n\r",
            "\r\r\n\n",
            "a\nb\r\nc\rd",
            "a\nb\r\nc\rd\n",
            "é→\r日本\r\nж\n",
            "\u{feff}---\r\ntitle: x\r---\rbody\r",
            "no line end at all, but long enough to be searched in words",
            "\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\na",
        ] {
            for pos in (0..=t.len()).filter(|&p| t.is_char_boundary(p)) {
                assert_eq!(
                    Lines::new(t, pos).collect::<Vec<_>>(),
                    lines_by_byte(t, pos),
                    "{t:?} from {pos}"
                );
            }
        }
        assert_eq!(line_at("a\r", 2), (2..2, 2));
    }

    proptest! {
        #[test]
        fn split_agrees_with_line_by_line(
            open in "(\u{feff})?(---|\\+\\+\\+)[ \t]?(\r\n|\r|\n)",
            t in "(---|\\+\\+\\+|[-+a é\u{a0}\t\r\n]){0,40}",
        ) {
            let t = open + &t;
            prop_assert_eq!(split(&t), split_line_by_line(&t));
        }

        #[test]
        fn lines_agree_with_byte_by_byte(t in "[-a é\r\n]{0,80}") {
            prop_assert_eq!(Lines::new(&t, 0).collect::<Vec<_>>(), lines_by_byte(&t, 0));
        }

        #[test]
        fn find_line_end_agrees_with_position(b in proptest::collection::vec(
            // `\n` (0x0a), `\r` (0x0d), other bytes below 0x0e, bytes just
            // above it and 0x80.. bytes: the edges of the word arithmetic.
            prop_oneof![0u8..=0x10, 0x80u8..=0x8e, any::<u8>()],
            0..40,
        )) {
            let want = b.iter().position(|&c| c == b'\n' || c == b'\r');
            prop_assert_eq!(find_line_end(&b), want);
        }
    }

    #[test]
    fn yaml_block() {
        let t = "---\ntitle: x\n---\nbody\n";
        let s = split(t).unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(&t[s.content.clone()], "title: x\n");
        assert_eq!(&t[s.body.clone()], "body\n");
    }

    #[test]
    fn crlf_and_bom() {
        let t = "\u{feff}---\r\ntitle: x\r\n---\r\nbody";
        let s = split(t).unwrap();
        assert_eq!(s.open, 3..6);
        assert_eq!(&t[s.content.clone()], "title: x\r\n");
        assert_eq!(&t[s.body.clone()], "body");
    }

    #[test]
    fn lone_cr_line_ends() {
        // Hugo 0.168.0 reads this page's title and body the same way.
        let t = "---\rtitle: x\r---\rbody\r";
        let s = split(t).unwrap();
        assert_eq!(s.open, 0..3);
        assert_eq!(&t[s.content.clone()], "title: x\r");
        assert_eq!(&t[s.body.clone()], "body\r");
        let t = "---\r\ntitle: x\r---  \rbody";
        let s = split(t).unwrap();
        assert_eq!(&t[s.content.clone()], "title: x\r");
        assert_eq!(&t[s.body.clone()], "body");
        let t = "{\"title\": \"x\"} \rbody";
        let s = split(t).unwrap();
        assert_eq!(&t[s.body.clone()], "body");
        assert_eq!(
            split("+++\rtitle = 'x'\r"),
            Err(SplitError::Unterminated {
                format: Format::Toml,
                open: 0..3
            })
        );
    }

    #[test]
    fn toml_block() {
        let t = "+++\ntitle = 'x'\n+++\n";
        let s = split(t).unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(&t[s.content.clone()], "title = 'x'\n");
        assert_eq!(s.body, t.len()..t.len());
    }

    #[test]
    fn json_object_with_braces_in_strings() {
        let t = "{\n \"title\": \"a } b\"\n}\nbody\n";
        let s = split(t).unwrap();
        assert_eq!(s.format, Format::Json);
        assert_eq!(&t[s.content.clone()], "{\n \"title\": \"a } b\"\n}");
        assert_eq!(&t[s.body.clone()], "body\n");
    }

    #[test]
    fn empty_front_matter() {
        let t = "---\n---\n";
        let s = split(t).unwrap();
        assert_eq!(s.content, 4..4);
    }

    #[test]
    fn unterminated_and_missing() {
        assert_eq!(
            split("---\ntitle: x\n"),
            Err(SplitError::Unterminated {
                format: Format::Yaml,
                open: 0..3
            })
        );
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split("----\n"), Err(SplitError::Missing));
        assert!(matches!(
            split("{\"a\": 1"),
            Err(SplitError::Unterminated { .. })
        ));
    }

    #[test]
    fn fence_after_each_kind_of_line_end() {
        for t in [
            "---\na: 1\n---\nbody",
            "---\r\na: 1\r\n---\r\nbody",
            "---\ra: 1\r---\rbody",
            "---\na: 1\r---\nbody",
            "---\r\na: 1\r---\r\nbody",
        ] {
            let s = split(t).unwrap();
            let content = t.find('a').unwrap()..t.rfind("---").unwrap();
            assert_eq!(s.content, content, "{t:?}");
            assert_eq!(&t[s.body.clone()], "body", "{t:?}");
        }
        // A fence not at the start of a line does not close.
        assert!(matches!(
            split("---\na: x---\n -- -\n"),
            Err(SplitError::Unterminated { .. })
        ));
        // No line end after the closing fence.
        let s = split("---\na: 1\n---").unwrap();
        assert_eq!(s.body, 12..12);
        let s = split("---\r---").unwrap();
        assert_eq!((s.content, s.body), (4..4, 7..7));
    }

    #[test]
    fn a_line_that_starts_with_the_fence_closes_it() {
        // Hugo 0.168 reads slug `s` from each of these, and the rest of the
        // closing line as the body's first text.
        for (t, content, body) in [
            (
                "---\nslug: s\n---6-----1---\nBody\n",
                "slug: s\n",
                "6-----1---\nBody\n",
            ),
            ("---\nslug: s\n----\nBody\n", "slug: s\n", "-\nBody\n"),
            (
                "+++\nslug = 's'\n+++tail\r\nBody",
                "slug = 's'\n",
                "tail\r\nBody",
            ),
        ] {
            let s = split(t).unwrap();
            assert_eq!(&t[s.content.clone()], content, "{t:?}");
            assert_eq!(&t[s.body.clone()], body, "{t:?}");
        }
    }

    #[test]
    fn closing_fence_with_trailing_spaces() {
        let t = "---\na: 1\n---  \nbody";
        let s = split(t).unwrap();
        assert_eq!(&t[s.body.clone()], "body");
    }
}
