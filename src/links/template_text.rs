//! Reading Go template text: the parts of a template that shortcode and
//! render hook rules look at.

/// `.Get "name"` or `.Get 0`: the name is the pattern's next group, the
/// position the one after.
pub(crate) const GET: &str = r#"\$?\.Get\s+(?:"([A-Za-z0-9_-]+)"|(\d+))"#;

/// `text` without its template comments (`{{/* … */}}`, `{{- /* … */ -}}`).
pub(crate) fn strip_comments(text: &str) -> String {
    without_spans(text, "/*", "*/")
}

/// The text a template writes as it is: everything outside `{{ … }}`.
pub(crate) fn literal(text: &str) -> String {
    without_spans(text, "{{", "}}")
}

/// `text` without every span from `open` to the next `close`; an unclosed
/// span runs to the end.
fn without_spans(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}
