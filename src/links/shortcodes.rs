//! What a site's shortcode templates can write into a page. A `{{% name %}}`
//! call is rendered as Markdown, so a heading or an id its template writes
//! is the page's: a page calling an unknown one has anchors nobody can list.
//! A template found in `layouts/` (the site's or a theme's) that writes
//! neither and takes text from nowhere else (another file, other content,
//! data) leaves the page's anchors known; one that writes only values of
//! the page (its params, the call's arguments) does so when those values
//! hold no heading.

use crate::hugo::HugoConfig;
use rustc_hash::FxHashMap;
use std::path::Path;

/// What a shortcode's template can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Writes {
    /// Neither a heading nor an id, and no text from elsewhere.
    Plain,
    /// Values of the calling page (params, arguments), and nothing else that could be a heading.
    PageValues,
    /// Possibly headings or ids (or no template was found).
    Anything,
}

/// The shortcode templates of a site, by name as a call writes it (`cards`, `docs/intro`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ShortcodeTemplates {
    by_name: FxHashMap<String, Writes>,
}

impl ShortcodeTemplates {
    /// Every template below `layouts/_shortcodes/` and `layouts/shortcodes/` of the site and its themes.
    pub fn find(root: &Path, hugo: &HugoConfig) -> ShortcodeTemplates {
        let mut by_name: FxHashMap<String, Writes> = FxHashMap::default();
        for layouts in crate::links::render_hook::layout_dirs(root, hugo) {
            for sub in ["_shortcodes", "shortcodes"] {
                let dir = layouts.join(sub);
                let mut files = Vec::new();
                list(&dir, &dir, &mut files);
                for (name, text) in files {
                    let w = writes(&text);
                    // Several files for one name (formats, languages): the loudest counts.
                    let slot = by_name.entry(name).or_insert(w);
                    *slot = (*slot).max(w);
                }
            }
        }
        ShortcodeTemplates { by_name }
    }

    /// What the template of the shortcode called `name` can write.
    pub fn writes(&self, name: &str) -> Writes {
        self.by_name
            .get(name.trim_matches('/'))
            .copied()
            .unwrap_or(Writes::Anything)
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// What link results depend on, for the run fingerprint.
    pub fn digest_into(&self, h: &mut String) {
        let mut v: Vec<_> = self.by_name.iter().collect();
        v.sort();
        h.push_str(&format!("{v:?}"));
    }
}

/// `(name, text)` of every template file below `dir`; the name is its path
/// below `root` up to the first dot of the file name (`docs/intro.en.html` → `docs/intro`).
fn list(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            list(root, &p, out);
            continue;
        }
        let (Ok(rel), Ok(text)) = (p.strip_prefix(root), std::fs::read_to_string(&p)) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let (dir, file) = rel.rsplit_once('/').unwrap_or(("", &rel));
        let stem = file.split('.').next().unwrap_or(file);
        let name = if dir.is_empty() {
            stem.to_string()
        } else {
            format!("{dir}/{stem}")
        };
        out.push((name, text));
    }
}

/// Template calls and fields that bring in text from elsewhere: another
/// file, other pages or content, site data, the call's inner text.
const ELSEWHERE: &[&str] = &[
    "readFile",
    ".Content",
    "RenderString",
    "markdownify",
    "partial",
    "template ",
    "GetPage",
    ".Site",
    "site.",
    "hugo.Data",
    ".Data",
    "getJSON",
    "getCSV",
    "transform.",
    "resources.",
    ".Resources",
    ".Inner",
    "i18n",
    "T \"",
    "os.",
    "Scratch",
    "Store",
];

/// Template text that reads the calling page's own values.
const PAGE_VALUES: &[&str] = &[".Params", ".Param", ".Get", ".Title", ".Description"];

/// What a template's text can write (comments left out).
pub fn writes(template: &str) -> Writes {
    let text = strip_comments(template);
    let lower = text.to_ascii_lowercase();
    let literal_heading = literal(&text)
        .lines()
        .any(|l| l.trim_start().starts_with('#'));
    let html_heading = (1..=6).any(|n| lower.contains(&format!("<h{n}")));
    let id = lower.contains("id=") || lower.contains("id =") || text.contains("{#");
    if literal_heading || html_heading || id || ELSEWHERE.iter().any(|s| text.contains(s)) {
        return Writes::Anything;
    }
    if PAGE_VALUES.iter().any(|s| text.contains(s)) {
        Writes::PageValues
    } else {
        Writes::Plain
    }
}

/// Whether values of a page (its front matter text, a call's arguments) may
/// hold a heading or an id once written out as Markdown.
pub fn values_may_hold_heading(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    text.lines().any(|l| {
        l.trim_start()
            .trim_start_matches(['-', '|', '>', '"', '\'', ' '])
            .starts_with('#')
    }) || (1..=6).any(|n| lower.contains(&format!("<h{n}")))
        || lower.contains("id=")
        || text.contains("{#")
}

/// `text` without its template comments (`{{/* … */}}`, `{{- /* … */ -}}`).
fn strip_comments(text: &str) -> String {
    without_spans(text, "/*", "*/")
}

/// The text a template writes as it is: everything outside `{{ … }}`.
fn literal(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_template_can_write() {
        // A row of cards from the page's params: only the page's values.
        let cards = "{{/* Cards.\n# not a heading: a comment */ -}}\n{{ $c := index .Page.Params (.Get 0) }}\n<div class=\"row\">\n{{ range $c }}<div class=\"card\">\n\n  {{ .title | safeHTML }}\n</div>{{ end }}\n</div>\n";
        assert_eq!(writes(cards), Writes::PageValues);
        assert_eq!(writes("<span class=\"badge\">new</span>\n"), Writes::Plain);
        for loud in [
            "## Installing\n",
            "<h3>Steps</h3>",
            "<div id=\"steps\"></div>",
            "{{ .Inner }}",
            "{{ readFile (.Get 0) | safeHTML }}",
            "{{ (site.GetPage (.Get 0)).Content }}",
            "{{ partial \"x.html\" . }}",
            "{{ index site.Data.items 0 }}",
        ] {
            assert_eq!(writes(loud), Writes::Anything, "{loud}");
        }
    }

    #[test]
    fn values_that_may_hold_a_heading() {
        assert!(!values_may_hold_heading(
            "title: Community\nchannels:\n  - title: Chat\n    desc: Talk to us\n"
        ));
        assert!(values_may_hold_heading("intro: |\n  ## Why\n  Because.\n"));
        assert!(values_may_hold_heading("note: '<h2>Why</h2>'\n"));
        // A YAML comment might be one: counted, to stay on the safe side.
        assert!(values_may_hold_heading("# a comment\ntitle: x\n"));
    }
}
