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

/// How a template finds the page or resource whose content it prints
/// (`{{ .Content }}`), from the value of one of the call's arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ContentLookup {
    /// `Some(bundle)`: the resources of the leaf bundle `GetPage` finds at
    /// this (literal) path whose names match (`.Resources.GetMatch`); `None`:
    /// the page `GetPage` finds.
    pub bundle: Option<String>,
    /// What is looked up, `%s` standing for the argument's value
    /// (`printf "%s*" (.Get 0)` gives `%s*`).
    pub format: String,
    /// `GetPage` of the calling page (`.Page.GetPage`): a relative path is
    /// looked up from the page's folder, not from the content root.
    pub relative: bool,
}

/// A `$variable` assigned in a template (`$x := …`, `$x = …`).
static ASSIGN: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\$([A-Za-z0-9_]+)\s*:?=([^=][^}]*?)-?\}\}").expect("a valid pattern")
});

/// The expression of each variable of `text` assigned exactly once.
fn single_assignments(text: &str) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String, usize)> = Vec::new();
    for c in ASSIGN.captures_iter(text) {
        let (var, expr) = (c[1].to_string(), c[2].trim().to_string());
        match seen.iter_mut().find(|(v, _, _)| *v == var) {
            Some(slot) => slot.2 += 1,
            None => seen.push((var, expr, 1)),
        }
    }
    seen.into_iter()
        .filter(|(_, _, n)| *n == 1)
        .map(|(v, e, _)| (v, e))
        .collect()
}

/// `expr` with each variable assigned once replaced by its expression (in
/// parentheses), a few levels deep.
fn expand(expr: &str, vars: &[(String, String)], depth: usize) -> String {
    static VAR: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\$([A-Za-z0-9_]+)").expect("a valid pattern"));
    if depth > 4 || !expr.contains('$') {
        return expr.to_string();
    }
    VAR.replace_all(expr, |c: &regex::Captures| {
        match vars.iter().find(|(v, _)| *v == c[1]) {
            Some((_, e)) => format!("({})", expand(e, vars, depth + 1)),
            None => c[0].to_string(),
        }
    })
    .into_owned()
}

/// The call argument an expression is, with what is made of it: `.Get 0`
/// (`%s`), or `printf "parts/%s.md" (.Get "name")` (its format).
fn argument_of(expr: &str) -> Option<(Option<String>, usize, String)> {
    static ARG: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r#"^(?:printf\s+"([^"%\\]*%s[^"%\\]*)"\s+)?\(*\s*{GET}\s*\)*$"#
        ))
        .expect("a valid pattern")
    });
    let mut e = expr.trim();
    while e.starts_with('(') && e.ends_with(')') {
        e = e[1..e.len() - 1].trim();
    }
    let c = ARG.captures(e)?;
    let name = c.get(2).map(|m| m.as_str().to_string());
    let pos = c.get(3).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
    let format = c.get(1).map_or("%s", |m| m.as_str()).to_string();
    Some((name, pos, format))
}

/// The operand that starts `rest`: a parenthesised expression, or a word.
fn operand(rest: &str) -> &str {
    let rest = rest.trim_start();
    if rest.starts_with('(') {
        let mut depth = 0;
        for (i, ch) in rest.char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return &rest[..=i];
                    }
                }
                _ => {}
            }
        }
        return rest;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c == ')' || c == '}' || c == '|')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The arguments whose value names the page or bundle resource that
/// `template` prints the content of (`.Content`), and how each is looked up:
/// `(site.GetPage (.Get 0)).Content`, or `.Resources.GetMatch (printf "%s*"
/// (.Get 0))` of a bundle the template gets by a literal path
/// (`site.GetPage "/parts"`), directly or through variables set once. A
/// lookup made of anything else (the page's folder, another value) is not
/// listed: its content is not known.
pub(crate) fn content_args(template: &str) -> Vec<(Option<String>, usize, ContentLookup)> {
    static GET_PAGE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r#"(\$?\.Page\.|\$?\.Site\.|\bsite\.)GetPage\s+(?:"(?:page|section)"\s+)?"#,
        )
        .expect("a valid pattern")
    });
    static BUNDLE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"(?:\$?\.Site\.|\bsite\.)GetPage\s+"([^"]+)"(?:\s+"([^"]+)")?\s*(.?)"#)
            .expect("a valid pattern")
    });
    static GET_MATCH: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\.Resources\.GetMatch\s+").expect("a valid pattern"));
    let text = strip_comments(template);
    if !text.contains(".Content") {
        return Vec::new();
    }
    let vars = single_assignments(&text);
    let mut out = Vec::new();
    for m in GET_PAGE.captures_iter(&text) {
        let whole = m.get(0).expect("a match");
        let term = expand(operand(&text[whole.end()..]), &vars, 0);
        if let Some((name, pos, format)) = argument_of(&term) {
            let relative = m[1].contains("Page");
            out.push((
                name,
                pos,
                ContentLookup {
                    bundle: None,
                    format,
                    relative,
                },
            ));
        }
    }
    // The bundle: the one page the template gets by a literal path.
    let mut bundles: Vec<&str> = BUNDLE
        .captures_iter(&text)
        .filter_map(|c| match (c.get(1), c.get(2)) {
            // The old form with a kind first: `GetPage "page" "path"`.
            (Some(kind), Some(path)) if matches!(kind.as_str(), "page" | "section") => {
                Some(path.as_str())
            }
            (Some(_), Some(_)) => None,
            // `GetPage "page" $path`: a path computed.
            (Some(kind), None)
                if matches!(kind.as_str(), "page" | "section")
                    && !matches!(&c[3], "" | ")" | "}" | "-" | "|") =>
            {
                None
            }
            (first, _) => first.map(|m| m.as_str()),
        })
        .collect();
    bundles.sort_unstable();
    bundles.dedup();
    if let [bundle] = bundles[..] {
        for m in GET_MATCH.find_iter(&text) {
            let term = expand(operand(&text[m.end()..]), &vars, 0);
            if let Some((name, pos, format)) = argument_of(&term) {
                let bundle = Some(bundle.to_string());
                out.push((
                    name,
                    pos,
                    ContentLookup {
                        bundle,
                        format,
                        relative: false,
                    },
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
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
    #[test]
    fn content_a_template_prints_by_an_argument() {
        let lookup = |bundle: Option<&str>, format: &str, relative| ContentLookup {
            bundle: bundle.map(String::from),
            format: format.into(),
            relative,
        };
        // A resource of a headless bundle, through variables.
        let vars = r#"{{- $name := .Get 0 -}}{{ $b := site.GetPage "page" "snippets" }}
            {{ $pattern := printf "%s*" $name }}{{ with $b.Resources.GetMatch $pattern }}{{ .Content }}{{ end }}"#;
        assert_eq!(
            content_args(vars),
            [(None, 0, lookup(Some("snippets"), "%s*", false))]
        );
        // The kind first, and a fallback to a page found from a computed path.
        let fallback = r#"{{ $name := .Get 0 }}{{ $b := site.GetPage "page" "snippets" }}
            {{ $r := $b.Resources.GetMatch (printf "%s*" $name) }}{{ with $r }}{{ .Content }}{{ else }}
            {{ $p := path.Join $.Page.File.Dir $name }}{{ with site.GetPage "page" $p }}{{ .Content }}{{ end }}{{ end }}"#;
        assert_eq!(
            content_args(fallback),
            [(None, 0, lookup(Some("snippets"), "%s*", false))]
        );
        // Inside `with`, the argument written in place.
        let with = r#"{{ with site.GetPage "/parts" }}{{ with .Resources.GetMatch (printf "%s.md" ($.Get "part")) }}{{ .Content }}{{ end }}{{ end }}"#;
        assert_eq!(
            content_args(with),
            [(
                Some("part".into()),
                0,
                lookup(Some("/parts"), "%s.md", false)
            )]
        );
        // A page, from the root or from the calling page.
        assert_eq!(
            content_args(r#"{{ with site.GetPage (.Get 0) }}{{ .Content }}{{ end }}"#),
            [(None, 0, lookup(None, "%s", false))]
        );
        assert_eq!(
            content_args(r#"{{ $p := .Page.GetPage (.Get "path") }}{{ $p.Content }}"#),
            [(Some("path".into()), 0, lookup(None, "%s", true))]
        );
    }

    #[test]
    fn content_found_some_other_way_is_not_listed() {
        for none in [
            // The path is made of more than the argument.
            r#"{{ $p := path.Join $.Page.File.Dir (.Get 0) }}{{ with site.GetPage $p }}{{ .Content }}{{ end }}"#,
            // The variable is set twice.
            r#"{{ $p := .Get 0 }}{{ if not $p }}{{ $p = "x" }}{{ end }}{{ with site.GetPage $p }}{{ .Content }}{{ end }}"#,
            // Not printed.
            r#"{{ with site.GetPage (.Get 0) }}{{ .Title }}{{ end }}"#,
            // Two bundles: which one has the resource?
            r#"{{ $a := site.GetPage "a" }}{{ $b := site.GetPage "b" }}{{ with ($a.Resources.GetMatch (.Get 0)) }}{{ .Content }}{{ end }}"#,
        ] {
            assert!(content_args(none).is_empty(), "{none}");
        }
    }
}
