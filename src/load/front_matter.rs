//! Finding the front matter block at the top of a content file.
//!
//! YAML between `---` lines, TOML between `+++` lines, or a JSON object
//! starting at the first byte. A UTF-8 byte order mark is accepted, and a line
//! ends at `\n`, `\r\n` or a lone `\r`, as for Hugo. All ranges are byte
//! offsets into the whole file.

use std::ops::Range;

/// The language of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
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
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// Split `text` into front matter and body.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = bom_len(text);
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
    let mut lines = Lines { text, pos: start };
    let (open_line, after_open) = lines.next().ok_or(SplitError::Missing)?;
    if text[open_line.clone()].trim_end() != fence {
        return Err(SplitError::Missing);
    }
    let content_start = after_open;
    for (line, next) in lines {
        if text[line.clone()].trim_end() == fence {
            return Ok(Split {
                format,
                open: open_line,
                content: content_start..line.start,
                body: next..text.len(),
            });
        }
    }
    Err(SplitError::Unterminated {
        format,
        open: open_line,
    })
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
struct Lines<'a> {
    text: &'a str,
    pos: usize,
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
    match b[start..].iter().position(|&c| c == b'\n' || c == b'\r') {
        Some(i) => {
            let end = start + i;
            let crlf = b[end] == b'\r' && b.get(end + 1) == Some(&b'\n');
            (start..end, end + if crlf { 2 } else { 1 })
        }
        None => (start..text.len(), text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn closing_fence_with_trailing_spaces() {
        let t = "---\na: 1\n---  \nbody";
        let s = split(t).unwrap();
        assert_eq!(&t[s.body.clone()], "body");
    }
}
