//! `# frontlint-ignore: CODE` comments: silence one diagnostic on the comment's
//! line or the line below it. A suppression that silences nothing is reported.

use crate::diagnostic::Diagnostic;
use crate::rules;

pub(crate) const MARKER: &str = "frontlint-ignore:";

/// A searcher for [`MARKER`], built once: every page's whole text is searched.
static MARKER_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(MARKER));

/// Whether `text` has a suppression comment in it anywhere (a vectorised
/// search, several times faster than `str::contains` on whole pages).
pub(crate) fn has_marker(text: &str) -> bool {
    MARKER_FINDER.find(text.as_bytes()).is_some()
}

/// One suppression comment.
#[derive(Debug)]
struct Suppression {
    /// 1-based line of the comment.
    line: usize,
    codes: Vec<String>,
    /// Byte span of the comment text from the marker on.
    span: std::ops::Range<usize>,
    used: Vec<bool>,
}

/// Find suppression comments: `# frontlint-ignore: a, b` in front matter (YAML
/// and TOML comments) or `<!-- frontlint-ignore: a -->` in the body.
fn find(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    if !has_marker(text) {
        return out;
    }
    let mut offset = 0;
    for (i, line) in crate::source::lines_inclusive(text).enumerate() {
        if let Some(at) = line.find(MARKER) {
            let before = &line[..at];
            let in_comment = before.contains('#') || before.contains("<!--");
            if in_comment {
                let rest = &line[at + MARKER.len()..];
                let rest = rest.split("-->").next().unwrap_or(rest);
                let codes: Vec<String> = rest
                    .split([',', ' ', '\t', '\r', '\n'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect();
                let end = offset + at + MARKER.len() + rest.trim_end().len();
                out.push(Suppression {
                    line: i + 1,
                    used: vec![false; codes.len()],
                    codes,
                    span: offset + at..end,
                });
            }
        }
        offset += line.len();
    }
    out
}

/// Drop the diagnostics a comment suppresses (they must already be located), and
/// add a warning for every suppression code that matched nothing.
pub(crate) fn apply(text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut sups = find(text);
    if sups.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        for s in sups.iter_mut() {
            if s.line == d.line || s.line + 1 == d.line {
                if let Some(k) = s.codes.iter().position(|c| c == d.code) {
                    s.used[k] = true;
                    return false;
                }
            }
        }
        true
    });
    for s in sups {
        for (code, used) in s.codes.iter().zip(&s.used) {
            if *used {
                continue;
            }
            let msg = if crate::rules::is_known(code) {
                format!("suppression of \"{code}\" silences nothing on this line or the next")
            } else {
                let hint = crate::suggest::did_you_mean(code, crate::rules::codes())
                    .map(|c| format!("; did you mean \"{c}\"?"))
                    .unwrap_or_default();
                format!("suppression names an unknown rule \"{code}\"{hint}")
            };
            diagnostics.push(
                rules::UNUSED_SUPPRESSION
                    .at(s.span.clone(), msg)
                    .with_label("unused")
                    .with_help("remove the comment, or fix the code it names"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineIndex;

    #[test]
    fn marker_is_found_where_contains_finds_it() {
        let long = "x".repeat(300);
        for t in [
            String::new(),
            MARKER.to_string(),
            MARKER[..MARKER.len() - 1].to_string(),
            format!("{long}{MARKER}"),
            format!("{MARKER}{long}"),
            format!("{long}frontlint-ignore {long}"),
            format!("é{long}# frontlint-ignore: a\n"),
            format!("{long}FRONTLINT-IGNORE:"),
        ] {
            assert_eq!(has_marker(&t), t.contains(MARKER), "{t:?}");
        }
    }

    fn located(text: &str, code: &'static str, at: usize) -> Diagnostic {
        let mut d = Diagnostic::new(code, crate::diagnostic::Severity::Error, at..at + 1, "x");
        d.locate(&LineIndex::new(text), text);
        d
    }

    #[test]
    fn same_line_and_line_above() {
        let text = "---\ntitel: a # frontlint-ignore: schema-unknown-key\n# frontlint-ignore: schema-type\nweight: x\n---\n";
        let mut ds = vec![
            located(text, "schema-unknown-key", 4),
            located(text, "schema-type", text.find("x\n").unwrap()),
        ];
        apply(text, &mut ds);
        assert!(ds.is_empty(), "{ds:?}");
    }

    #[test]
    fn lone_cr_lines_count_like_diagnostic_lines() {
        // The comment is on line 2, `weight` on line 3: a lone `\r` ends a
        // line here as it does for the diagnostic's line.
        let text = "---\r# frontlint-ignore: schema-type\rweight: x\r---\r";
        let mut ds = vec![located(text, "schema-type", text.find("x\r").unwrap())];
        assert_eq!(ds[0].line, 3);
        apply(text, &mut ds);
        assert!(ds.is_empty(), "{ds:?}");
    }

    #[test]
    fn unused_and_unknown_are_reported() {
        let text = "---\n# frontlint-ignore: schema-type, yaml-tabs\ntitle: a\n---\n";
        let mut ds = Vec::new();
        apply(text, &mut ds);
        assert_eq!(ds.len(), 2);
        assert_eq!(ds[0].code, "unused-suppression");
        assert!(
            ds[1].message.contains("did you mean \"yaml-tab\""),
            "{}",
            ds[1].message
        );
    }

    #[test]
    fn html_comment_in_body() {
        let text = "---\ntitle: a\n---\n<!-- frontlint-ignore: link-broken -->\n[x](/nope/)\n";
        let mut ds = vec![located(text, "link-broken", text.find("/nope/").unwrap())];
        apply(text, &mut ds);
        assert!(ds.is_empty());
    }

    #[test]
    fn marker_outside_a_comment_is_text() {
        let text = "---\ntitle: frontlint-ignore: schema-type\n---\n";
        assert!(find(text).is_empty());
    }
}
