//! Read one content file and parse its front matter into a [`Node`] tree.
//!
//! Every way a file can be unusable becomes a diagnostic on that file; nothing
//! here panics or gives up on the rest of the site.

use super::front_matter::{self, Format, Split, SplitError};
use super::limits::Limits;
use super::tree::{Kind, Node};
use super::{json_front_matter, toml_front_matter, yaml};
use crate::base::hash::ReadHash;
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
    /// False for an `.html` file without front matter: a page Hugo publishes
    /// as it is, whose text is not checked.
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

/// A file as it was read: what was read of it, and its metadata from the
/// open file just before reading (so that a change made while or after
/// reading moves the times a cache stamp keeps).
#[derive(Debug)]
pub(crate) struct AsRead {
    pub hash: ReadHash,
    pub meta: std::fs::Metadata,
}

/// [`load`], and how the file was read (`None` when it could not be).
pub(crate) fn load_hashed(path: &Path, limits: &Limits) -> (LoadedPage, Option<AsRead>) {
    let is_html = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "htm")
    );
    match read_limited(path, limits) {
        Ok((Read::Whole(bytes), meta)) => {
            let hash = ReadHash::whole(&bytes);
            (
                from_bytes(bytes, is_html, limits),
                Some(AsRead { hash, meta }),
            )
        }
        Ok((Read::Head { head, len }, meta)) => {
            let hash = ReadHash::head(&head, len);
            (
                from_head(head, len, is_html, limits),
                Some(AsRead { hash, meta }),
            )
        }
        Err(e) => (
            LoadedPage::failed(rules::READ_ERROR.at(0..0, format!("cannot read file: {e}"))),
            None,
        ),
    }
}

/// What was read of a file.
enum Read {
    /// All of it.
    Whole(Vec<u8>),
    /// Its first bytes (see [`head_size`]): the file is `len` bytes, more
    /// than `limits.max_file_size`.
    Head { head: Vec<u8>, len: u64 },
}

/// How much of a file over `limits.max_file_size` is read: the largest front
/// matter allowed, with room for a byte order mark and the two fence lines.
pub(crate) fn head_size(limits: &Limits) -> u64 {
    limits.max_front_matter_size as u64 + 4096
}

/// The bytes of the file at `path`, or only its head when it is over
/// `limits.max_file_size`, with the metadata of the open file. Three system
/// calls besides opening and closing it: one `stat` of the descriptor (its
/// size sizes the buffer, and the caller's cache stamp is made from it, so the
/// path is not looked up again) and, for a file of the size it had then, one
/// `read` of exactly that many bytes, without a second `read` to see the end
/// (at 10,000 pages, 10,000 `statx` and 10,000 `read`s fewer). A file that
/// grew after the `stat` is read as far as the size it had (its new times
/// make the next run read it again); one that reports no size at all (as in
/// `/proc`) is read to its end.
fn read_limited(path: &Path, limits: &Limits) -> std::io::Result<(Read, std::fs::Metadata)> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let len = meta.len();
    let want = if len > limits.max_file_size {
        len.min(head_size(limits))
    } else {
        len
    };
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(usize::try_from(want).unwrap_or(0))?;
    // Through `Take`: `File`'s own `read_to_end` would `stat` the file again
    // to size the buffer that is already sized, and a `Take` at its limit
    // answers the check for the end without a system call.
    if len > limits.max_file_size {
        file.take(want).read_to_end(&mut bytes)?;
        return Ok((Read::Head { head: bytes, len }, meta));
    }
    let limit = if len == 0 { u64::MAX } else { len };
    file.take(limit).read_to_end(&mut bytes)?;
    Ok((Read::Whole(bytes), meta))
}

/// The bytes of the file at `path` that a check reads: all of it, or only
/// its head when it is over `limits.max_file_size` (where its front matter is).
pub(crate) fn read_checked_bytes(path: &Path, limits: &Limits) -> std::io::Result<Vec<u8>> {
    Ok(match read_limited(path, limits)?.0 {
        Read::Whole(bytes) => bytes,
        Read::Head { head, .. } => head,
    })
}

/// A page of `bytes` (all of a file, as from the last commit), read as
/// [`load`] reads a file on disk: a file over `limits.max_file_size` has only
/// its head checked.
pub(crate) fn from_file_bytes(mut bytes: Vec<u8>, is_html: bool, limits: &Limits) -> LoadedPage {
    let len = bytes.len() as u64;
    if len <= limits.max_file_size {
        return from_bytes(bytes, is_html, limits);
    }
    bytes.truncate(usize::try_from(head_size(limits)).unwrap_or(usize::MAX));
    from_head(bytes, len, is_html, limits)
}

/// A file of `len` bytes, over `limits.max_file_size`, of which only `head`
/// was read. Its front matter is read and checked as in any page; its body is
/// skipped (no links, no headings) and a `file-too-large` warning placed where
/// it starts says so. A front matter that is not closed within the head is
/// larger than `limits.max_front_matter_size` (or never closed): an error, and
/// nothing of the file is checked.
fn from_head(head: Vec<u8>, len: u64, is_html: bool, limits: &Limits) -> LoadedPage {
    let (valid, bad_byte) = match std::str::from_utf8(&head) {
        Ok(_) => (head.len(), false),
        // `error_len` is `None` for a character cut by the end of the head.
        Err(e) => (e.valid_up_to(), e.error_len().is_some()),
    };
    let text = std::str::from_utf8(&head[..valid]).unwrap_or_default();
    let skipped = format!(
        "file is {len} bytes, more than the limit of {} bytes (limits.max_file_size): its front matter was checked, the rest of it was not (links and headings there are not seen)",
        limits.max_file_size
    );
    let help = "move the data out of the content directory, or raise `max_file_size` under `[limits]` in frontlint.toml";
    match front_matter::split(text) {
        // The closing fence must end before the head does: a fence line cut
        // by the end of the head might go on.
        Ok(s) if s.body.start < head.len() || head.len() as u64 == len => {
            let mut page = from_bytes(head[..s.body.start].to_vec(), is_html, limits);
            let unread = |d: &Diagnostic| d.code == rules::FRONT_MATTER_TOO_LARGE.code;
            if page.split.is_some() && !page.diagnostics.iter().any(unread) {
                let at = page.text.len();
                page.diagnostics
                    .push(rules::FILE_TOO_LARGE.at(at..at, skipped).with_help(help));
            }
            page
        }
        Err(SplitError::Missing) => {
            // A binary file is one whatever its size.
            if memchr_nul(&head[..head.len().min(8000)]).is_some() {
                return from_bytes(head, is_html, limits);
            }
            let bom = front_matter::bom_len(text);
            let mut page = from_bytes(head[..bom].to_vec(), is_html, limits);
            if page.is_page {
                if let Some(fence) = unopened_front_matter(text) {
                    page.diagnostics.push(missing_fence(fence));
                }
                page.diagnostics
                    .push(rules::FILE_TOO_LARGE.at(bom..bom, skipped).with_help(help));
            }
            page
        }
        // A byte that stops any page comes first, as in a smaller file.
        _ if bad_byte || memchr_nul(&head).is_some() => from_bytes(head, is_html, limits),
        Ok(Split { open, .. }) | Err(SplitError::Unterminated { open, .. }) => {
            let d = rules::FRONT_MATTER_TOO_LARGE.at(open.clone(), format!(
                "front matter is not closed within the first {} bytes of this {len}-byte file: it is larger than the limit of {} bytes (limits.max_front_matter_size), or never closed; the file was not checked",
                head.len(), limits.max_front_matter_size
            )).with_label("opened here");
            LoadedPage::stopped(text[..open.end].to_string(), d)
        }
    }
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
    let text = match decode(bytes) {
        Decoded::Text(text) => text,
        Decoded::Stopped(page) => return page,
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
            } else if let Some(d) = not_a_fence(&page.text) {
                page.diagnostics.push(d);
            } else if let Some(fence) = unopened_front_matter(&page.text) {
                // Hugo renders a page without front matter, so only front
                // matter that lost its opening fence (shown as text) is one.
                page.diagnostics.push(missing_fence(fence));
            }
            return page;
        }
        Err(SplitError::Unterminated { format, open }) => {
            page.diagnostics.push(unterminated(format, open));
            return page;
        }
    };
    if split.content.len() > limits.max_front_matter_size {
        page.diagnostics.push(rules::FRONT_MATTER_TOO_LARGE.at(split.open.clone(), format!("front matter is {} bytes, more than the limit of {} bytes (limits.max_front_matter_size); it was not checked", split.content.len(), limits.max_front_matter_size)));
        page.split = Some(split);
        return page;
    }
    let parsed = parse_front_matter(&page.text, &split, limits);
    match parsed.and_then(|tree| mapping(tree, &split)) {
        Ok(tree) => page.tree = Some(tree),
        Err(d) => page.diagnostics.push(*d),
    }
    page.split = Some(split);
    page
}

/// A file's bytes as text, or as a page that was not checked.
enum Decoded {
    Text(String),
    Stopped(LoadedPage),
}

/// The text of `bytes`; a binary file, one with a NUL byte or one that is
/// not UTF-8 is a page that was not checked (with the text before the fault).
fn decode(bytes: Vec<u8>) -> Decoded {
    if let Some(nul) = memchr_nul(&bytes) {
        let starts_with_fence = bytes.starts_with(b"---")
            || bytes.starts_with(b"+++")
            || bytes.starts_with(b"{")
            || bytes.starts_with("\u{feff}".as_bytes());
        if nul < 8000 && !starts_with_fence {
            return Decoded::Stopped(LoadedPage::failed(rules::BINARY_FILE.at(
                0..0,
                "file looks binary (it has NUL bytes near its start); it was not checked",
            )));
        }
        let text = String::from_utf8_lossy(&bytes[..nul]).into_owned();
        // The NUL is right after `text` (which may be longer than `nul` bytes
        // when invalid UTF-8 before it was replaced).
        let at = text.len();
        let d = rules::NUL_BYTE.at(
            at..at,
            "file contains a NUL byte; it was not checked further",
        );
        return Decoded::Stopped(LoadedPage::stopped(text, d));
    }
    match String::from_utf8(bytes) {
        Ok(t) => Decoded::Text(t),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let d = rules::INVALID_UTF8.at(
                at..at,
                "file is not valid UTF-8 (re-save it as UTF-8); it was not checked further",
            );
            Decoded::Stopped(LoadedPage::stopped(text, d))
        }
    }
}

/// Front matter opened as `format` at `open` and never closed.
fn unterminated(format: Format, open: std::ops::Range<usize>) -> Diagnostic {
    let closing = match format {
        Format::Yaml => "a closing `---` line",
        Format::Toml => "a closing `+++` line",
        Format::Json => "the closing `}` of the JSON object",
    };
    rules::FRONT_MATTER_UNTERMINATED
        .at(
            open,
            format!("{} front matter is never closed", format.name()),
        )
        .with_label("opened here")
        .with_help(format!("add {closing} after the last front matter key"))
}

/// The front matter of `split` parsed into a span tree (`None`: empty), or
/// the diagnostic of its syntax error or exceeded limit.
fn parse_front_matter(
    text: &str,
    split: &Split,
    limits: &Limits,
) -> Result<Option<Node>, Box<Diagnostic>> {
    let yaml_limits = limits.tree();
    let parsed = match split.format {
        Format::Yaml => yaml::parse(text, split.content.clone(), yaml_limits)
            .map_err(|e| yaml_diagnostic(e, text, false)),
        Format::Toml => toml_front_matter::parse(text, split.content.clone(), yaml_limits)
            .map(Some)
            .map_err(|e| match e.limit {
                Some(toml_front_matter::LimitExceeded::Depth(limit)) => yaml_diagnostic(
                    yaml::YamlError::TooDeep {
                        span: e.span,
                        limit,
                    },
                    text,
                    false,
                ),
                Some(toml_front_matter::LimitExceeded::Nodes(limit)) => yaml_diagnostic(
                    yaml::YamlError::TooManyNodes {
                        span: e.span,
                        limit,
                        values: limit + 1,
                        copies: 0,
                    },
                    text,
                    false,
                ),
                None => rules::TOML_SYNTAX.at(e.span, format!("TOML syntax error: {}", e.message)),
            }),
        Format::Json => json_front_matter::parse(text, split.content.clone(), yaml_limits)
            .map(Some)
            .map_err(|e| match e {
                json_front_matter::JsonError::Syntax { span, message } => {
                    rules::JSON_SYNTAX.at(span, format!("JSON syntax error: {message}"))
                }
                json_front_matter::JsonError::Yaml(y) => yaml_diagnostic(y, text, true),
            }),
    };
    parsed.map_err(Box::new)
}

/// The front matter's tree when it is a mapping (empty front matter is an
/// empty one); anything else is a diagnostic.
fn mapping(tree: Option<Node>, split: &Split) -> Result<Node, Box<Diagnostic>> {
    let Some(node) = tree else {
        return Ok(Node::new(Kind::Map(Vec::new()), split.content.clone()));
    };
    if matches!(node.kind, Kind::Map(_)) {
        return Ok(node);
    }
    let what = match node.kind {
        Kind::Seq(_) => "a list",
        Kind::Str(..) => "a single text value",
        _ => "a single value",
    };
    Err(Box::new(
        rules::FRONT_MATTER_NOT_MAPPING
            .at(
                node.span.clone(),
                format!("front matter is {what}, not a mapping of keys to values"),
            )
            .with_help("write front matter as `key: value` lines"),
    ))
}

/// A page (with no front matter) whose first character after white space is
/// `-` or `+`: Hugo takes it for the first of a fence's three and stops the
/// build when the other two do not follow.
fn not_a_fence(text: &str) -> Option<Diagnostic> {
    let at = front_matter::bom_len(text);
    let at = at + front_matter::leading_space(&text[at..]);
    let first = *text.as_bytes().get(at)?;
    let (fence, format) = match first {
        b'-' => ("---", "YAML"),
        b'+' => ("+++", "TOML"),
        _ => return None,
    };
    if text[at..].starts_with(fence) {
        return None;
    }
    let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    let shown: String = text[at..line_end].chars().take(40).collect();
    Some(
        rules::FRONT_MATTER_FENCE
            .at(
                at..at + 1,
                format!("the page starts with \"{shown}\": Hugo reads a `{}` there as the start of a `{fence}` front matter fence and stops the build (\"invalid {format} delimiter\")", first as char),
            )
            .with_label("not a fence")
            .with_help(format!("put front matter above it (a `{fence}` line, its keys, and another `{fence}` line), or begin the page with other text")),
    )
}

/// The diagnostic for front matter that lost its opening `fence` line.
fn missing_fence(fence: &str) -> Diagnostic {
    rules::FRONT_MATTER_MISSING
        .at(0..0, format!("front matter without its opening `{fence}`: Hugo shows these lines as the page's text"))
        .with_help(format!("add a `{fence}` line at the top"))
}

/// The diagnostic for a YAML error (also used for TOML limits and JSON,
/// `json`: front matter that is a JSON object).
fn yaml_diagnostic(e: yaml::YamlError, text: &str, json: bool) -> Diagnostic {
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
        E::DuplicateKey { key, first, second } => {
            // Hugo's YAML reader refuses the page; its JSON reader keeps the last value.
            let hugo = if json { "Hugo keeps only the last one" } else { "Hugo stops the build on it" };
            rules::DUPLICATE_KEY.at(second, format!("key \"{key}\" appears twice in the same mapping")).with_label("second time").with_help(format!("first \"{key}\" is on line {}; {hugo}, so remove or rename one", LineIndex::new(text).line_col(text, first.start).0))
        }
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
    fn a_duplicate_key_says_what_hugo_does_with_it() {
        let help = |bytes: &[u8]| {
            let d = &page(bytes).diagnostics[0];
            assert_eq!(d.code, rules::DUPLICATE_KEY.code);
            d.help.clone().unwrap()
        };
        // Hugo 0.168 refuses the YAML page ("mapping key … already defined")
        // and reads the JSON one with the last value.
        assert_eq!(
            help(b"---\ntitle: A\ntitle: B\n---\n"),
            "first \"title\" is on line 2; Hugo stops the build on it, so remove or rename one"
        );
        assert_eq!(
            help(b"{\n\"title\": \"A\",\n\"title\": \"B\"\n}\n"),
            "first \"title\" is on line 2; Hugo keeps only the last one, so remove or rename one"
        );
    }

    #[test]
    fn a_file_is_read_whole_with_the_metadata_of_what_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        let text = "---\ntitle: Read once\n---\nBody [a](/b/).\n";
        std::fs::write(&path, text).unwrap();
        let (page, read) = load_hashed(&path, &Limits::default());
        let read = read.unwrap();
        assert_eq!(page.text, text);
        assert_eq!(read.hash, ReadHash::whole(text.as_bytes()));
        assert_eq!(read.meta.len(), text.len() as u64);
        assert!(read.meta.is_file());
        // An empty file, and one that cannot be opened.
        std::fs::write(&path, "").unwrap();
        let (page, read) = load_hashed(&path, &Limits::default());
        assert_eq!(page.text, "");
        assert_eq!(read.unwrap().meta.len(), 0);
        let (page, read) = load_hashed(&dir.path().join("gone.md"), &Limits::default());
        assert!(read.is_none());
        assert_eq!(page.diagnostics[0].code, "read-error");
    }

    /// A file whose size says nothing of its bytes (procfs gives 0) is read
    /// to its end, not to the size its metadata gave.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_without_a_size_is_read_to_its_end() {
        let path = Path::new("/proc/self/status");
        if std::fs::metadata(path).map_or(true, |m| m.len() != 0) {
            return;
        }
        let (page, read) = load_hashed(path, &Limits::default());
        assert_eq!(read.unwrap().meta.len(), 0);
        assert!(page.text.contains("Name:"), "{}", page.text);
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

    fn large(bytes: &[u8]) -> LoadedPage {
        // A head of 16 + 4096 bytes.
        let limits = Limits {
            max_file_size: 10,
            max_front_matter_size: 16,
            ..Limits::default()
        };
        from_file_bytes(bytes.to_vec(), false, &limits)
    }

    fn codes(p: &LoadedPage) -> Vec<&str> {
        p.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_large_file_keeps_its_front_matter_in_every_format_and_no_body() {
        let body = "[x](/y/)\n".repeat(1000);
        for fm in [
            "---\ntitle: A\n---\n",
            "+++\ntitle = 'A'\n+++\n",
            "{\"title\": \"A\"}\n",
        ] {
            let p = large(format!("{fm}{body}").as_bytes());
            assert_eq!(p.text, fm);
            assert_eq!(p.body(), ("", fm.len()));
            assert_eq!(
                p.tree.as_ref().unwrap().get("title").unwrap().as_str(),
                Some("A")
            );
            assert_eq!(codes(&p), ["file-too-large"]);
            assert_eq!(p.diagnostics[0].span, fm.len()..fm.len());
        }
    }

    #[test]
    fn a_fence_cut_by_the_end_of_the_head_does_not_close_the_front_matter() {
        // The head ends right after `---`: the line might go on (`----`).
        let mut text = String::from("---\n");
        text.push_str(&"k".repeat(16 + 4096 - 8));
        text.push_str("\n---");
        assert_eq!(text.len(), 16 + 4096);
        text.push_str("-\nreal: end\n---\n");
        let p = large(text.as_bytes());
        assert_eq!(codes(&p), ["front-matter-too-large"]);
        assert_eq!(p.diagnostics[0].span, 0..3);
        // The same front matter, closed as the file ends: all of it was read.
        let whole = &text[..16 + 4096];
        assert_eq!(codes(&large(whole.as_bytes())), ["front-matter-too-large"]);
    }
}
