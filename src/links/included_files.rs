//! Shortcodes that render another file into the page: a template that reads
//! a file (`readFile`, `os.ReadFile`) and renders it as Markdown
//! (`markdownify`, `RenderString`) gives the page the headings of that file,
//! whichever way it is called (`{{< … >}}` too: the HTML it writes holds the
//! ids). `os.ReadFile` reads the content tree first, then the project
//! folder, so a path like `/docs/parts/fields.md` names a content file.
//!
//! The file is found when the template reads the value of an argument
//! (`os.ReadFile (.Get "path")`, or a variable set from it once); a template
//! that computes the path some other way gives the page anchors nobody can
//! list.

use super::template_text::{strip_comments, GET};
use std::sync::LazyLock;

const READ: &str = r"(?:readFile|os\.ReadFile)";

/// Whether `template` reads a file and renders Markdown: the headings of
/// some file may be the page's.
pub(crate) fn renders_a_file(template: &str) -> bool {
    static READS: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(&format!(r"\b{READ}\b")).expect("a valid pattern"));
    let text = strip_comments(template);
    READS.is_match(&text) && (text.contains("markdownify") || text.contains("RenderString"))
}

/// The arguments (by name, or by position when it has none) whose value
/// `template` reads as a file it renders (see [`renders_a_file`]):
/// `os.ReadFile (.Get "path")`, `.Get 0 | readFile`, or a variable set from
/// `.Get` once and read.
pub(crate) fn file_args(template: &str) -> Vec<(Option<String>, usize)> {
    static DIRECT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r"\b{READ}\s*\(?\s*{GET}|(?:^|[^\w.$])\(?\s*{GET}\s*\)?\s*\|\s*{READ}\b"
        ))
        .expect("a valid pattern")
    });
    static VAR_READ: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r"\b{READ}\s*\(?\s*(\$[A-Za-z0-9_]+)|(\$[A-Za-z0-9_]+)\s*\|\s*{READ}\b"
        ))
        .expect("a valid pattern")
    });
    if !renders_a_file(template) {
        return Vec::new();
    }
    let text = strip_comments(template);
    let arg = |name: Option<regex::Match>, pos: Option<regex::Match>| {
        let name = name.map(|m| m.as_str().to_string());
        let pos = pos.and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        (name, pos)
    };
    let mut out: Vec<(Option<String>, usize)> = DIRECT
        .captures_iter(&text)
        .map(|c| arg(c.get(1).or(c.get(3)), c.get(2).or(c.get(4))))
        .collect();
    for c in VAR_READ.captures_iter(&text) {
        let Some(var) = c.get(1).or(c.get(2)).map(|m| m.as_str()) else {
            continue;
        };
        let v = regex::escape(var);
        let set = regex::Regex::new(&format!(r"{v}\s*:?=\s*\(?\s*{GET}\s*\)?\s*(-?\}}\}})?"))
            .expect("a valid pattern");
        let sets: Vec<_> = regex::Regex::new(&format!(r"{v}\s*:?=[^=]"))
            .expect("a valid pattern")
            .find_iter(&text)
            .collect();
        // A variable set more than once may hold something else when it is read.
        if sets.len() != 1 {
            continue;
        }
        if let Some(s) = set.captures(&text).filter(|s| s.get(3).is_some()) {
            out.push(arg(s.get(1), s.get(2)));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `template` renders the call's inner text through `markdownify`
/// (`{{ .Inner | markdownify }}`, `{{ trim .Inner "\n" | markdownify }}`,
/// `{{ markdownify .Inner }}`): Hugo renders it as the home page's text, so a
/// link hook that looks a destination up (`GetPage`) does so from the home
/// page, not from the page the text is written in.
pub(crate) fn inner_through_markdownify(template: &str) -> bool {
    static PIPE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\{\{-?[^{}]*\$?\.Inner\b[^{}|]*(?:\|[^{}|]*)*\|\s*markdownify\b")
            .expect("a valid pattern")
    });
    static CALL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\bmarkdownify\s+\(?\s*\$?\.Inner\b").expect("a valid pattern")
    });
    let text = strip_comments(template);
    PIPE.is_match(&text) || CALL.is_match(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(template: &str) -> Vec<(Option<String>, usize)> {
        file_args(template)
    }

    #[test]
    fn a_file_named_by_an_argument_and_rendered_is_found() {
        let direct = r#"{{ $c := os.ReadFile ( .Get "contentPath" ) }}{{ $c | markdownify }}"#;
        assert_eq!(names(direct), [(Some("contentPath".into()), 0)]);
        let piped = r#"{{ .Get 0 | readFile | markdownify }}"#;
        assert_eq!(names(piped), [(None, 0)]);
        let via = r#"{{ $f := .Get "file" }}{{ $f | readFile | .Page.RenderString }}"#;
        assert_eq!(names(via), [(Some("file".into()), 0)]);
    }

    #[test]
    fn inner_text_through_markdownify_is_found() {
        assert!(inner_through_markdownify(
            r#"<b>{{ trim .Inner " \n" | markdownify }}</b>"#
        ));
        assert!(inner_through_markdownify(
            "{{ .Inner | markdownify | safeHTML }}"
        ));
        assert!(inner_through_markdownify("{{- markdownify .Inner -}}"));
        assert!(!inner_through_markdownify(
            "{{ .Inner | .Page.RenderString }}"
        ));
        assert!(!inner_through_markdownify(
            "{{ .Inner }}{{ .Get 0 | markdownify }}"
        ));
    }

    #[test]
    fn a_file_not_rendered_or_a_path_computed_is_not() {
        // Shown as code: no headings.
        assert!(names(r#"{{ readFile (.Get "f") | highlight "go" "" }}"#).is_empty());
        assert!(!renders_a_file(
            r#"{{ readFile (.Get "f") | highlight "go" "" }}"#
        ));
        // The path is made of more than the argument.
        let computed =
            r#"{{ $p := printf "/parts/%s" (.Get "f") }}{{ readFile $p | markdownify }}"#;
        assert!(names(computed).is_empty());
        assert!(renders_a_file(computed));
        let twice = r#"{{ $p := .Get "f" }}{{ $p = "x.md" }}{{ readFile $p | markdownify }}"#;
        assert!(names(twice).is_empty());
        // Not the call's argument: a value kept in the page's scratch pad.
        let scratch = r#"{{ $.Scratch.Get "path" | os.ReadFile | .Page.RenderString }}"#;
        assert!(names(scratch).is_empty());
        assert!(renders_a_file(scratch));
    }
}
