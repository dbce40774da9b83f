//! Hugo shortcode calls in a page's body: found before the Markdown parse
//! and hidden from it behind same-length placeholders (Hugo expands them
//! before rendering, so `[x]({{< ref "a.md" >}})` is still a link); a
//! `ref`/`relref` call is a link itself. (What a shortcode's template writes
//! is `crate::links::shortcodes`.)

use crate::links::anchors::AnchorRules;
use crate::links::included_files::{CallArgs, ContentLookup};
use crate::links::shortcodes::{values_may_hold_heading, ArgHow, ShortcodeTemplates, Writes};
use crate::types::{Link, LinkKind};
use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::ops::Range;

/// A Hugo shortcode call (`{{< … >}}` or `{{% … %}}`).
#[derive(Debug, Clone)]
pub(super) struct Shortcode {
    pub(super) range: Range<usize>,
    /// For `ref`/`relref`: the link to its path argument.
    pub(super) link: Option<Link>,
    /// Arguments the shortcode's template writes as links (`figure`'s `src`).
    pub(super) args: Vec<Link>,
    /// Arguments the shortcode's template renders as Markdown (`figure`'s `caption`).
    pub(super) markdown_args: Vec<MarkdownArg>,
    /// Arguments naming a file the template renders into the page (their
    /// values, inside the quotes; see [`crate::links::included_files`]):
    /// a file it reads (`None`), or a page or resource whose content it
    /// prints, found as the lookup says.
    pub(super) files: Vec<(Range<usize>, Option<ContentLookup>)>,
    /// A `{{% … %}}` call (not `ref`/`relref`): its output is Markdown, and
    /// its headings are the page's.
    pub(super) markdown: bool,
    /// Its name as written (`tab`, `/tab` for a closing tag).
    pub(super) name: Range<usize>,
    /// A `{{< name >}}…{{< /name >}}` call over several lines (or on one line,
    /// whose template renders it with `markdownify`): its inner text.
    /// The whole call (`range`, up to the closing tag) is one placeholder in
    /// the page's Markdown; the template renders the inner text apart.
    pub(super) inner: Option<Range<usize>>,
    /// `range` runs past the call itself, to its closing tag (`inner`, an
    /// inline template, a call that writes nothing).
    pub(super) whole: bool,
    /// Its template reads and renders files, but not for this call's
    /// arguments (see [`ShortcodeTemplates::renders_no_file_for`]).
    pub(super) renders_no_file: bool,
}

/// An argument of a call that its template renders as Markdown (see
/// [`ArgHow::Markdown`]): its links are the page's.
#[derive(Debug, Clone)]
pub(super) struct MarkdownArg {
    /// The value as written, inside its quotes.
    pub(super) value: Range<usize>,
    /// Rendered as the page's own Markdown (`RenderString`), not the home page's (`markdownify`).
    pub(super) own_page: bool,
}

/// Whether a `{{% … %}}` shortcode without a closing tag (an include, not a
/// wrapper like `{{% alert %}}…{{% /alert %}}` whose inner text is the
/// page's own) is called at the start of a line (not a value inside a
/// sentence): its template may write headings nobody can see.
/// A call whose template the site has (see [`crate::links::shortcodes`]) writes
/// none when that template writes none, or writes only page values that hold none.
/// Any call that renders a file it does not take from an argument does too.
pub(super) fn writes_unseen_headings(
    text: &str,
    shortcodes: &[Shortcode],
    rules: &AnchorRules,
) -> bool {
    let closed: FxHashSet<&str> = shortcodes
        .iter()
        .filter_map(|s| text[s.name.clone()].strip_prefix('/'))
        .collect();
    // Found on the first call that may write headings.
    let mut fenced: Option<Vec<Range<usize>>> = None;
    let mut in_code = |at: usize| {
        fenced
            .get_or_insert_with(|| super::fences::fenced_ranges(text))
            .iter()
            .any(|r| r.contains(&at))
    };
    shortcodes.iter().any(|s| {
        let name = &text[s.name.clone()];
        // A file rendered into the page whose path is not an argument's value.
        let reads_a_file = s.files.iter().any(|(_, c)| c.is_none());
        if !name.starts_with('/')
            && !reads_a_file
            && !s.renders_no_file
            && rules.shortcodes.renders_a_file(name)
        {
            return true;
        }
        let line_start = text[..s.range.start].rfind('\n').map_or(0, |i| i + 1);
        s.markdown
            && !name.starts_with('/')
            && !closed.contains(name)
            && text[line_start..s.range.start].trim().is_empty()
            && match rules.shortcodes.writes(name) {
                Writes::Plain => false,
                Writes::PageValues => {
                    !rules.page_values_plain || values_may_hold_heading(&text[s.range.clone()])
                }
                Writes::Anything => true,
            }
            // What it writes in a fenced code block is code.
            && !in_code(s.range.start)
    })
}

/// Every shortcode call in `text`; `{{</* … */>}}` comments are skipped
/// (they are neither calls nor links, and stay visible to Markdown).
pub(super) fn find_shortcodes(text: &str, templates: &ShortcodeTemplates) -> Vec<Shortcode> {
    let mut out = Vec::new();
    // Names some closing tag names: only their calls are looked for a closing
    // tag (a page of many calls without one would be read again for each).
    let closers = closing_names(text);
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(start) = find_braces(text, from) {
        from = start + 2;
        let Some(&delim) = b.get(start + 2) else {
            break;
        };
        if delim != b'<' && delim != b'%' {
            continue;
        }
        let close = if delim == b'<' { ">}}" } else { "%}}" };
        let mut i = start + 3;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b[i..].starts_with(b"/*") {
            // Commented-out shortcode: skip to `*/` + closing delimiter.
            if let Some(e) = text[i..].find("*/") {
                let mut j = i + e + 2;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b[j..].starts_with(close.as_bytes()) {
                    from = j + 3;
                }
            }
            continue;
        }
        // Tokens up to the closing delimiter, respecting quotes.
        let Some((tokens, end)) = call_tokens(text, i, close) else {
            continue;
        };
        let mut link = shortcode_link(text, &tokens);
        if let Some(l) = link.as_mut() {
            // In an HTML comment a ref writes no link: Hugo still looks its
            // page up, but its fragment leads nowhere anyone follows.
            if let Some(i) = l.url().find('#').filter(|&i| i > 0) {
                if in_html_comment(text, start) {
                    let span = l.span();
                    if span.len() == l.url().len() {
                        l.set_span(span.start..span.start + i);
                    }
                    let url = l.url()[..i].to_string();
                    l.set_url(&url);
                }
            }
        }
        let (args, markdown_args, files) = arg_links(text, &tokens, templates);
        let name_of = tokens.first().map_or("", |(t, _)| &text[t.clone()]);
        let renders_no_file = !name_of.starts_with('/')
            && templates.renders_a_file(name_of)
            && templates.renders_no_file_for(name_of, &call_args(text, &tokens));
        // An inline shortcode's body is a Go template, not Markdown: hidden
        // with the call up to its closing `{{< /name.inline >}}`.
        let name = tokens.first().map_or("", |(t, _)| &text[t.clone()]);
        let self_closed = text[..end - 3].trim_end().ends_with('/');
        let closing =
            if self_closed || name.starts_with('/') || link.is_some() || !closers.contains(name) {
                None
            } else {
                closing_shortcode(text, end, name, close)
            };
        let mut markdown = delim == b'%' && link.is_none();
        let mut inner = None;
        let range_end = match closing {
            // A call that writes nothing (`comment`) hides its inner text.
            Some(c) if templates.drops_inner(name) => {
                markdown = false;
                c.end
            }
            Some(c) if name.ends_with(".inline") => c.end,
            // On one line too when the template renders it with `markdownify`: Hugo
            // renders that text apart, as the home page's (see `Link::from_home`).
            Some(c)
                if delim == b'<'
                    && (text[end..c.start].contains('\n')
                        || templates.inner_through_markdownify(name)) =>
            {
                inner = Some(end..c.start);
                c.end
            }
            _ => end,
        };
        from = range_end;
        out.push(Shortcode {
            range: start..range_end,
            link,
            args,
            markdown_args,
            files,
            markdown,
            name: tokens.first().map_or(start..start, |(t, _)| t.clone()),
            inner,
            whole: range_end != end,
            renders_no_file,
        });
    }
    out
}

/// Whether `at` in `text` is inside an HTML comment (`<!--` before it, not closed since).
fn in_html_comment(text: &str, at: usize) -> bool {
    text[..at]
        .rfind("<!--")
        .is_some_and(|i| !text[i..at].contains("-->"))
}

/// A token of a shortcode call: the whole token and its value's span.
type CallToken = (Range<usize>, Range<usize>);

/// The tokens of a shortcode call from `i` (after its `{{<` or `{{%`) up
/// to its closing delimiter `close`, respecting quotes: (whole token, value
/// span) each, and the end of the call; `None` when it is never closed.
fn call_tokens(text: &str, mut i: usize, close: &str) -> Option<(Vec<CallToken>, usize)> {
    let b = text.as_bytes();
    let mut tokens: Vec<(Range<usize>, Range<usize>)> = Vec::new(); // (whole token, value span)
    let mut end = None;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b[i..].starts_with(close.as_bytes()) {
            end = Some(i + 3);
            break;
        }
        if i >= b.len() {
            break;
        }
        let tok_start = i;
        let mut value = i..i;
        // name= prefix
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
            j += 1;
        }
        if j > i && j < b.len() && b[j] == b'=' {
            i = j + 1;
        }
        if i < b.len() && (b[i] == b'"' || b[i] == b'`') {
            let q = b[i];
            let s = i + 1;
            let mut k = s;
            while k < b.len() && b[k] != q {
                if q == b'"' && b[k] == b'\\' {
                    k += 1;
                }
                k += 1;
            }
            value = s..k.min(b.len());
            i = (k + 1).min(b.len());
        } else {
            let s = i;
            while i < b.len()
                && !b[i].is_ascii_whitespace()
                && !b[i..].starts_with(close.as_bytes())
            {
                i += 1;
            }
            if value.is_empty() {
                value = s..i;
            }
        }
        if i == tok_start {
            i += 1;
            while i < b.len() && !text.is_char_boundary(i) {
                i += 1;
            }
        }
        tokens.push((tok_start..i, value));
    }
    end.map(|end| (tokens, end))
}

/// The names of every closing tag in `text` (`tab` for `{{% /tab %}}`).
pub(super) fn closing_names(text: &str) -> FxHashSet<&str> {
    let mut out = FxHashSet::default();
    let mut from = 0;
    while let Some(start) = find_braces(text, from) {
        from = start + 2;
        let rest = &text[from..];
        let Some(rest) = rest.strip_prefix(['<', '%']) else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('/') else {
            continue;
        };
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '%')
            .unwrap_or(rest.len());
        out.insert(&rest[..end]);
    }
    out
}

/// The `{{< /name >}}` (with `close` as its delimiter) that closes a
/// shortcode whose call ends at `from`; calls of the same name in between
/// nest.
pub(super) fn closing_shortcode(
    text: &str,
    from: usize,
    name: &str,
    close: &str,
) -> Option<Range<usize>> {
    let open = if close == ">}}" { "{{<" } else { "{{%" };
    let names = |r: &str| {
        r.strip_prefix(name)
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace()) || r.starts_with(close))
    };
    let mut at = from;
    let mut depth = 0usize;
    while let Some(p) = text[at..].find(open) {
        let tag = at + p;
        let start = tag + 3;
        let rest = text[start..].trim_start();
        if let Some(r) = rest.strip_prefix('/') {
            let r = r.trim_start();
            if let Some(r) = r.strip_prefix(name) {
                let r = r.trim_start();
                if r.starts_with(close) {
                    if depth == 0 {
                        return Some(tag..text.len() - r.len() + close.len());
                    }
                    depth -= 1;
                }
            }
        } else if names(rest) {
            // Another call of the same name: paired unless it closes itself.
            let end = rest.find(close).map_or(rest.len(), |e| e);
            if !rest[..end].trim_end().ends_with('/') {
                depth += 1;
            }
        }
        at = start;
    }
    None
}

/// Where the first `{{` at or after `from` starts.
///
/// Searches for a single `{` (the byte is rare in prose), then checks the
/// next byte: much cheaper per byte of body than a two-byte substring
/// search. The `memchr` crate's search (vectorised) costs a tenth of what
/// `str::find` (a word at a time) does per byte.
pub(super) fn find_braces(text: &str, mut from: usize) -> Option<usize> {
    let b = text.as_bytes();
    while let Some(p) = memchr::memchr(b'{', b.get(from..)?) {
        let i = from + p;
        if b.get(i + 1) == Some(&b'{') {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

pub(super) fn shortcode_link(text: &str, tokens: &[(Range<usize>, Range<usize>)]) -> Option<Link> {
    let (name_tok, _) = tokens.first()?;
    // Hugo matches shortcode names in any case (`{{% relRef %}}`).
    let kind = match text[name_tok.clone()].to_ascii_lowercase().as_str() {
        "ref" => LinkKind::Ref,
        "relref" => LinkKind::Relref,
        _ => return None,
    };
    let args = &tokens[1..];
    let named = args
        .iter()
        .find(|(t, _)| text[t.clone()].starts_with("path="));
    let (_, value) = named.or_else(|| {
        args.iter()
            .find(|(t, _)| !text[t.clone()].contains('=') || text[t.clone()].starts_with('"'))
    })?;
    let unquote = |raw: &str| {
        if raw.contains('\\') {
            raw.replace("\\\"", "\"").replace("\\\\", "\\")
        } else {
            raw.to_string()
        }
    };
    let mut link = Link::new(unquote(&text[value.clone()]), value.clone(), kind);
    // `lang="de"` looks the page up in that language (named arguments only).
    if named.is_some() {
        let lang = args
            .iter()
            .find(|(t, _)| text[t.clone()].starts_with("lang="));
        link.set_lang(lang.map(|(_, v)| unquote(&text[v.clone()])).as_deref());
    }
    Some(link)
}

/// A call's arguments that are links, Markdown, and files it renders (see [`arg_links`]).
pub(super) type ArgLinks = (
    Vec<Link>,
    Vec<MarkdownArg>,
    Vec<(Range<usize>, Option<ContentLookup>)>,
);

/// The links among a call's arguments: those its template writes into
/// `href=`/`src=` (see [`ShortcodeTemplates::link_args`]), and those it
/// renders as Markdown (whose links the caller finds).
pub(super) fn arg_links(
    text: &str,
    tokens: &[(Range<usize>, Range<usize>)],
    templates: &ShortcodeTemplates,
) -> ArgLinks {
    let none = (Vec::new(), Vec::new(), Vec::new());
    let Some((name_tok, _)) = tokens.first() else {
        return none;
    };
    let name = &text[name_tok.clone()];
    if name.starts_with('/') {
        return none;
    }
    let wanted = templates.link_args(name);
    if wanted.is_empty() {
        return none;
    }
    let key_of = |t: &Range<usize>| {
        let tok = &text[t.clone()];
        let key = tok.split('=').next().unwrap_or("");
        (tok.contains('=')
            && !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .then_some(key)
    };
    let args: Vec<_> = tokens[1..]
        .iter()
        .filter(|(t, _)| &text[t.clone()] != "/")
        .collect();
    let mut out = Vec::new();
    let mut markdown = Vec::new();
    let mut files = Vec::new();
    for w in wanted {
        let found = match &w.name {
            Some(n) => args.iter().find(|(t, _)| key_of(t) == Some(n.as_str())),
            None => args
                .iter()
                .filter(|(t, _)| key_of(t).is_none())
                .nth(w.position),
        };
        let Some((_, value)) = found else { continue };
        if w.how == ArgHow::IncludedFile {
            files.push((value.clone(), None));
            continue;
        }
        if w.how == ArgHow::IncludedContent {
            files.push((value.clone(), w.content.clone()));
            continue;
        }
        if matches!(w.how, ArgHow::Markdown | ArgHow::PageMarkdown) {
            markdown.push(MarkdownArg {
                value: value.clone(),
                own_page: w.how == ArgHow::PageMarkdown,
            });
            continue;
        }
        let raw = &text[value.clone()];
        let mut url = if raw.contains('\\') {
            raw.replace("\\\"", "\"").replace("\\\\", "\\")
        } else {
            raw.to_string()
        };
        if url.trim().is_empty() {
            continue;
        }
        let kind = match w.how {
            ArgHow::Resource => LinkKind::ShortcodeResource,
            ArgHow::AsIs
            | ArgHow::Markdown
            | ArgHow::PageMarkdown
            | ArgHow::IncludedFile
            | ArgHow::IncludedContent => LinkKind::ShortcodeArg,
            ArgHow::FromRoot => {
                // relURL/absURL: a path without a scheme is one from the site's root.
                if !url.starts_with(['/', '#']) && !url.contains(':') {
                    url.insert(0, '/');
                }
                LinkKind::ShortcodeArg
            }
        };
        out.push(Link::new(url, value.clone(), kind));
    }
    (out, markdown, files)
}

/// A call's arguments by name and by position, their values as Hugo reads them.
fn call_args(text: &str, tokens: &[(Range<usize>, Range<usize>)]) -> CallArgs {
    let mut out = CallArgs::default();
    for (t, v) in tokens.iter().skip(1) {
        let tok = &text[t.clone()];
        if tok == "/" {
            continue;
        }
        let value = unescaped(&text[v.clone()]).0.into_owned();
        let key = tok.split('=').next().unwrap_or("");
        let named = tok.contains('=')
            && !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if named {
            out.named.push((key.to_string(), value));
        } else {
            out.positional.push(value);
        }
    }
    out
}

/// An argument's value as Hugo reads it (`\"` and `\\` unescaped, as
/// [`arg_links`] does), and for each of its byte offsets (and its end) the
/// offset in `raw` it comes from.
pub(super) fn unescaped(raw: &str) -> (Cow<'_, str>, Vec<usize>) {
    if !raw.contains('\\') {
        return (Cow::Borrowed(raw), (0..=raw.len()).collect());
    }
    let mut value = String::with_capacity(raw.len());
    let mut offsets = Vec::with_capacity(raw.len() + 1);
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let (at, c) = match chars.peek() {
            Some(&(j, next @ ('"' | '\\'))) if c == '\\' => {
                chars.next();
                (j, next)
            }
            _ => (i, c),
        };
        offsets.extend((0..c.len_utf8()).map(|k| at + k));
        value.push(c);
    }
    offsets.push(raw.len());
    (Cow::Owned(value), offsets)
}

/// `text` with every shortcode replaced by as many `X` bytes (`text` itself
/// when there are none).
pub(super) fn mask<'a>(text: &'a str, shortcodes: &[Shortcode]) -> Cow<'a, str> {
    if shortcodes.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for s in shortcodes {
        for b in &mut bytes[s.range.clone()] {
            *b = b'X';
        }
    }
    // Whole characters were replaced byte for byte by ASCII: still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}
