//! Read one content file and parse its front matter into a [`Node`] tree.
//!
//! Every way a file can be unusable becomes a diagnostic on that file; nothing
//! here panics or gives up on the rest of the site.

use super::front_matter::{self, Format, Split, SplitError};
use super::limits::Limits;
use super::tree::{Kind, Node};
use super::{json_front_matter, toml_front_matter, yaml};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::LineIndex;
use std::path::Path;

/// A content file after loading: its text, where the front matter is, and the parsed tree.
#[derive(Debug)]
pub struct LoadedPage {
    pub text: String,
    pub split: Option<Split>,
    /// The front matter, when it parsed into a mapping.
    pub tree: Option<Node>,
    /// Problems found while reading and parsing.
    pub diagnostics: Vec<Diagnostic>,
    /// False for an `.html` file without front matter: not a page at all.
    pub is_page: bool,
}

impl LoadedPage {
    fn failed(d: Diagnostic) -> LoadedPage {
        LoadedPage::stopped(String::new(), d)
    }

    /// A page whose checking stopped at `d`, keeping the text read so far.
    fn stopped(text: String, d: Diagnostic) -> LoadedPage {
        LoadedPage {
            text,
            split: None,
            tree: None,
            diagnostics: vec![d],
            is_page: true,
        }
    }

    /// The body text (everything after the front matter), with its offset.
    pub fn body(&self) -> (&str, usize) {
        match &self.split {
            Some(s) => (&self.text[s.body.clone()], s.body.start),
            None => {
                let b = front_matter::bom_len(&self.text);
                (&self.text[b..], b)
            }
        }
    }
}

/// Read and parse the file at `path`.
pub fn load(path: &Path, limits: &Limits) -> LoadedPage {
    load_hashed(path, limits).0
}

/// [`load`], and a hash of the bytes read (`None` when the file was not read).
pub fn load_hashed(path: &Path, limits: &Limits) -> (LoadedPage, Option<u64>) {
    let is_html = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "htm")
    );
    let bytes = match read_limited(path, limits.max_file_size) {
        Ok(Ok(b)) => b,
        Ok(Err(len)) => {
            return (LoadedPage::failed(rules::FILE_TOO_LARGE.at(0..0, format!("file is {len} bytes, more than the limit of {} bytes (limits.max_file_size); it was not checked", limits.max_file_size))), None);
        }
        Err(e) => {
            return (
                LoadedPage::failed(rules::READ_ERROR.at(0..0, format!("cannot read file: {e}"))),
                None,
            )
        }
    };
    let hash = crate::base::hash::hash(&bytes);
    (from_bytes(bytes, is_html, limits), Some(hash))
}

/// The bytes of the file at `path`, or its length when that is over `max`.
/// Its size comes from the open file (one `stat` of the descriptor, which
/// also sizes the buffer), not from a look-up of the path before opening it:
/// one system call less per page (10,000 `statx` fewer at 10k pages).
fn read_limited(path: &Path, max: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > max {
        return Ok(Err(len));
    }
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(usize::try_from(len).unwrap_or(0))?;
    // Through `Take`: `File`'s own `read_to_end` would `stat` the file again
    // to size the buffer that is already sized.
    file.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(Ok(bytes))
}

/// Parse a file's bytes (separated from reading for tests and fuzzing).
/// The fence of front matter that lost its opening line: the text starts
/// with a `key: value` (or `key = value`) line and a `---` (`+++`) line closes
/// the keys before any blank line.
fn unopened_front_matter(text: &str) -> Option<&'static str> {
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    let first = lines.next()?;
    let key_len = first
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        .count();
    let after = first[key_len..].trim_start();
    let sep = match after.as_bytes().first() {
        Some(b':') => ':',
        Some(b'=') => '=',
        _ => return None,
    };
    if key_len == 0 || !first.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let fence = if sep == ':' { "---" } else { "+++" };
    for l in lines.take(200) {
        if l.trim().is_empty() {
            return None;
        }
        if l == fence {
            return Some(fence);
        }
    }
    None
}

pub fn from_bytes(bytes: Vec<u8>, is_html: bool, limits: &Limits) -> LoadedPage {
    if let Some(nul) = memchr_nul(&bytes) {
        let starts_with_fence = bytes.starts_with(b"---")
            || bytes.starts_with(b"+++")
            || bytes.starts_with(b"{")
            || bytes.starts_with("\u{feff}".as_bytes());
        if nul < 8000 && !starts_with_fence {
            return LoadedPage::failed(rules::BINARY_FILE.at(
                0..0,
                "file looks binary (it has NUL bytes near its start); it was not checked",
            ));
        }
        let text = String::from_utf8_lossy(&bytes[..nul]).into_owned();
        // The NUL is right after `text` (which may be longer than `nul` bytes
        // when invalid UTF-8 before it was replaced).
        let at = text.len();
        let d = rules::NUL_BYTE.at(
            at..at,
            "file contains a NUL byte; it was not checked further",
        );
        return LoadedPage::stopped(text, d);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let d = rules::INVALID_UTF8.at(
                at..at,
                "file is not valid UTF-8 (re-save it as UTF-8); it was not checked further",
            );
            return LoadedPage::stopped(text, d);
        }
    };
    let mut page = LoadedPage {
        text,
        split: None,
        tree: None,
        diagnostics: Vec::new(),
        is_page: true,
    };
    let split = match front_matter::split(&page.text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            if is_html {
                page.is_page = false;
            } else if let Some(fence) = unopened_front_matter(&page.text) {
                // Hugo renders a page without front matter, so only front
                // matter that lost its opening fence (shown as text) is one.
                page.diagnostics.push(
                    rules::FRONT_MATTER_MISSING.at(0..0, format!("front matter without its opening `{fence}`: Hugo shows these lines as the page's text"))
                    .with_help(format!("add a `{fence}` line at the top")),
                );
            }
            return page;
        }
        Err(SplitError::Unterminated { format, open }) => {
            let closing = match format {
                Format::Yaml => "a closing `---` line",
                Format::Toml => "a closing `+++` line",
                Format::Json => "the closing `}` of the JSON object",
            };
            page.diagnostics.push(
                rules::FRONT_MATTER_UNTERMINATED
                    .at(
                        open,
                        format!("{} front matter is never closed", format.name()),
                    )
                    .with_label("opened here")
                    .with_help(format!("add {closing} after the last front matter key")),
            );
            return page;
        }
    };
    if split.content.len() > limits.max_front_matter_size {
        page.diagnostics.push(rules::FRONT_MATTER_TOO_LARGE.at(split.open.clone(), format!("front matter is {} bytes, more than the limit of {} bytes (limits.max_front_matter_size); it was not checked", split.content.len(), limits.max_front_matter_size)));
        page.split = Some(split);
        return page;
    }
    let yaml_limits = limits.tree();
    let parsed: Result<Option<Node>, Diagnostic> = match split.format {
        Format::Yaml => yaml::parse(&page.text, split.content.clone(), yaml_limits)
            .map_err(|e| yaml_diagnostic(e, &page.text)),
        Format::Toml => toml_front_matter::parse(&page.text, split.content.clone(), yaml_limits)
            .map(Some)
            .map_err(|e| match e.limit {
                Some(toml_front_matter::LimitExceeded::Depth(limit)) => yaml_diagnostic(
                    yaml::YamlError::TooDeep {
                        span: e.span,
                        limit,
                    },
                    &page.text,
                ),
                Some(toml_front_matter::LimitExceeded::Nodes(limit)) => yaml_diagnostic(
                    yaml::YamlError::TooManyNodes {
                        span: e.span,
                        limit,
                        values: limit + 1,
                        copies: 0,
                    },
                    &page.text,
                ),
                None => rules::TOML_SYNTAX.at(e.span, format!("TOML syntax error: {}", e.message)),
            }),
        Format::Json => json_front_matter::parse(&page.text, split.content.clone(), yaml_limits)
            .map(Some)
            .map_err(|e| match e {
                json_front_matter::JsonError::Syntax { span, message } => {
                    rules::JSON_SYNTAX.at(span, format!("JSON syntax error: {message}"))
                }
                json_front_matter::JsonError::Yaml(y) => yaml_diagnostic(y, &page.text),
            }),
    };
    match parsed {
        Ok(None) => page.tree = Some(Node::new(Kind::Map(Vec::new()), split.content.clone())),
        Ok(Some(node)) => {
            if matches!(node.kind, Kind::Map(_)) {
                page.tree = Some(node);
            } else {
                let what = match node.kind {
                    Kind::Seq(_) => "a list",
                    Kind::Str(..) => "a single text value",
                    _ => "a single value",
                };
                page.diagnostics.push(
                    rules::FRONT_MATTER_NOT_MAPPING
                        .at(
                            node.span.clone(),
                            format!("front matter is {what}, not a mapping of keys to values"),
                        )
                        .with_help("write front matter as `key: value` lines"),
                );
            }
        }
        Err(d) => page.diagnostics.push(d),
    }
    page.split = Some(split);
    page
}

/// The diagnostic for a YAML error (also used for TOML and JSON limits).
fn yaml_diagnostic(e: yaml::YamlError, text: &str) -> Diagnostic {
    use yaml::YamlError as E;
    match e {
        E::Syntax { span, message, tab } => {
            let e = super::yaml_explain::explain(&message, tab, text, &span);
            let mut d = (if tab { rules::YAML_TAB } else { rules::YAML_SYNTAX }).at(span, e.message).with_help(e.help);
            if let Some(label) = e.label {
                d = d.with_label(label);
            }
            d
        }
        E::DuplicateKey { key, first, second } => rules::DUPLICATE_KEY.at(second, format!("key \"{key}\" appears twice in the same mapping")).with_label("second time").with_help(format!("first \"{key}\" is on line {}; Hugo would silently keep only one of them, so remove or rename one", LineIndex::new(text).line_col(text, first.start).0)),
        E::TooDeep { span, limit } => rules::NESTING_TOO_DEEP.at(span, format!("front matter nests deeper than {limit} levels (limits.max_depth)")),
        E::TooManyNodes { span, limit, copies: 0, .. } => rules::TOO_MANY_VALUES.at(span, format!("front matter has more than {limit} values (limits.max_nodes)")).with_label("the limit is crossed here").with_help("move the data to a data file, or raise `max_nodes` under `[limits]` in frontlint.toml"),
        E::TooManyNodes { span, limit, values, copies } => rules::ALIAS_LIMIT.at(span, format!("YAML aliases expand front matter to {values} values, more than the limit of {limit} (limits.max_nodes); {copies} of them are copies made by aliases")).with_label("the limit is crossed here").with_help("write the values out, or use fewer levels of aliases; if the page really needs more values, raise `max_nodes` under `[limits]` in frontlint.toml"),
        E::ComplexKey { span } => rules::YAML_UNSUPPORTED.at(span, "a list or mapping used as a key; Hugo front matter keys must be plain text"),
        E::UnknownAlias { span } => rules::YAML_UNSUPPORTED.at(span, "alias to an anchor that is not defined"),
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    // The `memchr` crate's search (vectorised) is several times faster than
    // the standard library's word-at-a-time one, and every file is searched.
    memchr::memchr(0, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: &[u8]) -> LoadedPage {
        from_bytes(bytes.to_vec(), false, &Limits::default())
    }

    #[test]
    fn first_nul_is_found_anywhere() {
        // Both edges of the vectorised search: short files, and a NUL at every
        // place in a long one, with a second NUL after it.
        assert_eq!(memchr_nul(b""), None);
        assert_eq!(memchr_nul(b"---\ntitle: x\n---\n"), None);
        for len in [1, 15, 16, 31, 32, 33, 64, 100, 257] {
            for at in 0..len {
                let mut b = vec![b'a'; len];
                b[at] = 0;
                if at + 1 < len {
                    b[len - 1] = 0;
                }
                assert_eq!(memchr_nul(&b), Some(at), "{len} {at}");
            }
            assert_eq!(memchr_nul(&vec![0x80; len]), None);
        }
    }

    #[test]
    fn nul_after_invalid_utf8_is_reported_on_a_char_boundary() {
        // Found by fuzzing (check_page): an invalid byte before the NUL is
        // replaced by U+FFFD (3 bytes), so the NUL's byte offset in the file
        // fell inside that character of the text.
        let p = page(b"---\ntitle: Caf\xe9 x\0\n---\n");
        let d = &p.diagnostics[0];
        assert_eq!(d.code, "nul-byte");
        assert_eq!(d.span, p.text.len()..p.text.len());
        assert!(p.text.is_char_boundary(d.span.start));
    }
}
