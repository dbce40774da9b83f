//! YAML parser errors in words for a content editor: what is wrong on the
//! line, and the fix, written out from the line itself where it can be
//! ("quote the value: `title: "Install: the easy way"`").

use std::ops::Range;

/// What to say about a YAML syntax error: message, label, help.
pub(super) struct Explained {
    pub message: String,
    pub label: Option<&'static str>,
    pub help: String,
}

/// Characters a plain YAML value may not start with.
const RESERVED_START: &[char] = &['@', '`', '%', '&', '*', '!', '|', '>'];

/// The line of `text` holding `at`: its range.
fn line_at(text: &str, at: usize) -> Range<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    start..end
}

/// `line` as `indent`, `key` and `value` when it is `key: value` (a plain key).
fn key_value(line: &str) -> Option<(&str, &str, &str)> {
    let line = line.trim_end_matches('\r');
    let body = line.trim_start_matches([' ', '-']);
    let indent = &line[..line.len() - body.len()];
    let colon = body.find(": ")?;
    let key = &body[..colon];
    if key.is_empty() || key.contains(['"', '\'', '[', '{', '#']) {
        return None;
    }
    let value = body[colon + 2..].trim();
    (!value.is_empty()).then_some((indent, key, value))
}

/// The line written with its value in double quotes (inner quotes and
/// backslashes escaped).
fn quoted(indent: &str, key: &str, value: &str) -> String {
    let value = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{indent}{key}: \"{value}\"")
}

/// Explain the parser's `message` for an error at `span` of `text`.
pub(super) fn explain(message: &str, tab: bool, text: &str, span: &Range<usize>) -> Explained {
    let line = &text[line_at(text, span.start)];
    if tab {
        return Explained {
            message: if message.contains("indentation") {
                "a tab indents this line; YAML indents with spaces only".into()
            } else {
                "a tab where YAML does not allow one".into()
            },
            label: Some("tab"),
            help: "replace the tab with spaces".into(),
        };
    }
    let fix = key_value(line).map(|(indent, key, value)| quoted(indent, key, value));
    let (what, help) = if message.starts_with("mapping values are not allowed") {
        match (key_value(line), &fix) {
            (Some((_, _, value)), Some(fix)) if value.contains(": ") => (
                "this value contains \": \", which YAML reads as the start of another key".into(),
                format!("quote the value: `{}`", fix.trim_start()),
            ),
            _ => (
                "a `key: value` where YAML expects none".into(),
                "check this line's indentation against the key above it, or quote a value that contains \": \"".into(),
            ),
        }
    } else if message.contains("cannot start any token")
        || message.starts_with("unexpected character")
        || (message.contains("did not find expected node content")
            && key_value(line).is_some_and(|(_, _, v)| v.starts_with(RESERVED_START)))
    {
        match &fix {
            Some(fix) => (
                "this value starts with a character YAML reserves (such as @ or `)".into(),
                format!("quote the value: `{}`", fix.trim_start()),
            ),
            None => (
                "a character YAML reserves (such as @ or `) starts a value".into(),
                "put the value in double quotes".into(),
            ),
        }
    } else if message.contains("trailing content after double-quoted")
        || message.contains("trailing content after single-quoted")
    {
        (
            "text after the closing quote of a value".into(),
            "put the whole value inside the quotes, and write a quote inside it as \\\" (in double quotes) or '' (in single quotes)".into(),
        )
    } else if message.contains("did not find expected ',' or ']'")
        || message.contains("did not find expected ',' or '}'")
    {
        (
            "a list or mapping opened with [ or { is not closed on this line".into(),
            "close it with ] or }, or quote a value that contains [ or {".into(),
        )
    } else {
        (
            format!("YAML syntax error: {message}"),
            "check this line's indentation, and put in double quotes any value that contains \": \" or \" #\", or starts with a character such as @ ` [ { * & ! % | >".into(),
        )
    };
    Explained {
        message: what,
        label: None,
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> Range<usize> {
        let i = text.find(needle).unwrap();
        i..i + 1
    }

    #[test]
    fn a_colon_in_a_value_is_fixed_by_quoting_the_line() {
        let text = "title: Install: the \"easy\" way\n";
        let e = explain(
            "mapping values are not allowed in this context",
            false,
            text,
            &at(text, ": the"),
        );
        assert_eq!(
            e.message,
            "this value contains \": \", which YAML reads as the start of another key"
        );
        assert_eq!(
            e.help,
            "quote the value: `title: \"Install: the \\\"easy\\\" way\"`"
        );
    }

    #[test]
    fn a_reserved_first_character_is_fixed_by_quoting() {
        let text = "  author: @jane\n";
        let e = explain(
            "found character that cannot start any token",
            false,
            text,
            &at(text, "@"),
        );
        assert_eq!(e.help, "quote the value: `author: \"@jane\"`");
    }

    #[test]
    fn a_tab_is_said_once() {
        let text = "tags:\n\t- a\n";
        let e = explain(
            "tabs disallowed within this context (block indentation)",
            true,
            text,
            &at(text, "\t"),
        );
        assert_eq!(
            e.message,
            "a tab indents this line; YAML indents with spaces only"
        );
        assert_eq!(e.help, "replace the tab with spaces");
    }
}
