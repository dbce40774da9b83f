//! Errors in `frontlint.toml` said in our words, at the line and column of
//! the key or value they are about, with the line shown:
//!
//! ```text
//! frontlint.toml:3:15: "warn" is not a rule level; use "error", "warning" or "off"
//!   |
//! 3 | link-broken = "warn"
//!   |               ^^^^^^
//! ```

use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// `path:line:col: message`, then the line of `text` holding `span` with a
/// caret under it. Columns count characters.
pub(crate) fn at(path: &Path, text: &str, span: Range<usize>, message: &str) -> String {
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_no = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let line = text[line_start..line_end].trim_end_matches('\r');
    let end = span.end.clamp(start, line_start + line.len());
    let width = text[start..end].chars().count().max(1);
    let gutter = " ".repeat(line_no.to_string().len());
    // The user's own file, but a terminal still must not act on it.
    let shown: String = line
        .chars()
        .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
        .collect();
    format!(
        "{}:{line_no}:{column}: {message}\n{gutter} |\n{line_no} | {shown}\n{gutter} | {}{}",
        path.display(),
        " ".repeat(column - 1),
        "^".repeat(width)
    )
}

/// Where the key (`value: false`) or value (`true`) at `keys` is written in
/// `text`: a name steps into a table, a number into an array.
pub(crate) fn span_of(text: &str, keys: &[&str], value: bool) -> Option<Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    let mut table: &DeTable<'_> = root.get_ref();
    let mut found: Option<Range<usize>> = None;
    let mut current: Option<&DeValue<'_>> = None;
    for (i, k) in keys.iter().enumerate() {
        let last = i + 1 == keys.len();
        if let Some(DeValue::Array(items)) = current {
            let item = items.get(k.parse::<usize>().ok()?)?;
            found = Some(item.span());
            current = Some(item.get_ref());
        } else {
            let (key, v) = table.iter().find(|(key, _)| key.get_ref() == k)?;
            found = Some(if last && !value { key.span() } else { v.span() });
            current = Some(v.get_ref());
        }
        if let Some(DeValue::Table(t)) = current {
            table = t;
        }
    }
    found
}

/// A `toml` deserialisation message in our words: `unknown variant`,
/// `invalid type` and `missing field` become what to write instead.
pub(crate) fn our_words(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        if let Some((found, expected)) = rest.split_once("`, expected ") {
            let options: Vec<String> = expected
                .trim_start_matches("one of ")
                .split(", ")
                .map(|o| format!("\"{}\"", o.trim_matches('`')))
                .collect();
            let hint =
                crate::suggest::did_you_mean(found, options.iter().map(|o| o.trim_matches('"')))
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
            let what = if options == ["\"error\"", "\"warning\"", "\"off\""] {
                "a rule level"
            } else {
                "allowed here"
            };
            return format!("\"{found}\" is not {what}; use {}{hint}", or_list(&options));
        }
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!("expected {}, found {}", kind(expected), found_kind(found));
        }
    }
    if let Some(field) = message.strip_prefix("missing field `") {
        return format!("`{}` is required here", field.trim_end_matches('`'));
    }
    message.to_string()
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// serde's name of an expected type, in words.
fn kind(expected: &str) -> String {
    match expected {
        "u64" | "u32" | "usize" | "i64" => "a whole number".into(),
        "a string" | "string" => "text in quotes".into(),
        "a sequence" => "a list ([…])".into(),
        "a boolean" => "true or false".into(),
        "a map" => "a table".into(),
        other => other.into(),
    }
}

/// serde's description of a found value, in words.
fn found_kind(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("text {s}");
    }
    if let Some(n) = found.strip_prefix("integer ") {
        return format!("the number {n}");
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a table".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_shown_with_a_caret_under_it() {
        let text = "[rules]\nlink-broken = \"warn\"\n";
        let span = span_of(text, &["rules", "link-broken"], true).unwrap();
        assert_eq!(
            at(Path::new("frontlint.toml"), text, span, "bad"),
            "frontlint.toml:2:15: bad\n  |\n2 | link-broken = \"warn\"\n  |               ^^^^^^"
        );
    }

    #[test]
    fn keys_of_array_tables_are_found() {
        let text = "[[schemas]]\ntypes = [\"a\"]\nschema = \"a.json\"\n\n[[schemas]]\nshema = \"b.json\"\n";
        let span = span_of(text, &["schemas", "1", "shema"], false).unwrap();
        assert_eq!(&text[span], "shema");
        let span = span_of(text, &["schemas", "0", "schema"], true).unwrap();
        assert_eq!(&text[span], "\"a.json\"");
        assert_eq!(span_of(text, &["schemas", "2"], false), None);
    }

    #[test]
    fn serde_words_become_ours() {
        assert_eq!(
            our_words("unknown variant `warn`, expected one of `error`, `warning`, `off`"),
            "\"warn\" is not a rule level; use \"error\", \"warning\" or \"off\"; did you mean \"warning\"?"
        );
        assert_eq!(
            our_words("invalid type: string \"big\", expected u64"),
            "expected a whole number, found text \"big\""
        );
    }
}
