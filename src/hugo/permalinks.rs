//! Hugo's `permalinks` configuration and its `:token` expander
//! (`resources/page/permalinks.go`).

use serde_json::Value;

use super::dates::Date;
use super::urlize::{urlize, PathStyle};

/// Which pages a rule applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum PathMatch {
    /// The legacy/kind-map form: the section key `k` matches `/k` and `/k/**`;
    /// the root key (`/` or empty) matches top-level paths (`/*`).
    Section(String),
    /// The list form's `target.path` glob.
    Glob(String),
    Any,
}

/// One permalink rule: for pages of `kind` whose Hugo path matches, expand `pattern`.
#[derive(Debug, Clone, PartialEq)]
pub struct PermalinkRule {
    pub kind: String,
    pub path: PathMatch,
    pub pattern: String,
}

const KINDS: [&str; 5] = ["page", "home", "section", "taxonomy", "term"];

/// Decode `permalinks` in its three forms: `{section: pattern}` (legacy: page
/// and term), `{kind: {section: pattern}}`, and `[{target: {kind, path}, pattern}]`.
pub(crate) fn rules_from_config(v: Option<&Value>) -> Vec<PermalinkRule> {
    let mut rules = Vec::new();
    match v {
        Some(Value::Object(m)) => {
            for (k, v) in m {
                let k = k.to_lowercase();
                match v {
                    Value::String(p) => {
                        for kind in ["page", "term"] {
                            rules.push(PermalinkRule {
                                kind: kind.into(),
                                path: section_match(&k),
                                pattern: p.clone(),
                            });
                        }
                    }
                    Value::Object(inner) if KINDS.contains(&k.as_str()) => {
                        for (sec, p) in inner {
                            if let Some(p) = p.as_str() {
                                rules.push(PermalinkRule {
                                    kind: k.clone(),
                                    path: section_match(sec),
                                    pattern: p.into(),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            // Go iterates maps in random order; prefer the most specific section.
            rules.sort_by_key(|r| {
                std::cmp::Reverse(match &r.path {
                    PathMatch::Section(s) => s.len(),
                    _ => 0,
                })
            });
        }
        Some(Value::Array(a)) => {
            for item in a {
                let Some(pattern) = item.get("pattern").and_then(Value::as_str) else {
                    continue;
                };
                let target = item.get("target");
                let kind = target
                    .and_then(|t| t.get("kind"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_lowercase();
                let path = match target.and_then(|t| t.get("path")).and_then(Value::as_str) {
                    Some(p) => PathMatch::Glob(p.to_lowercase()),
                    None => PathMatch::Any,
                };
                rules.push(PermalinkRule {
                    kind,
                    path,
                    pattern: pattern.into(),
                });
            }
        }
        _ => {}
    }
    rules
}

fn section_match(key: &str) -> PathMatch {
    PathMatch::Section(key.trim_matches(|c| c == ' ' || c == '/').to_lowercase())
}

impl PermalinkRule {
    /// Whether this rule applies to a page of `kind` with Hugo path `path`
    /// (normalised: lower case, leading slash, e.g. `/posts/my-post`).
    pub(crate) fn matches(&self, kind: &str, path: &str) -> bool {
        if !self.kind.is_empty() && self.kind != kind {
            return false;
        }
        match &self.path {
            PathMatch::Any => true,
            PathMatch::Section(s) if s.is_empty() => path.len() > 1 && !path[1..].contains('/'),
            PathMatch::Section(s) => {
                let rest = path
                    .strip_prefix('/')
                    .and_then(|p| p.strip_prefix(s.as_str()));
                matches!(rest, Some(r) if r.is_empty() || r.starts_with('/'))
            }
            PathMatch::Glob(g) => globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map(|g| g.compile_matcher().is_match(path))
                .unwrap_or(false),
        }
    }
}

/// The first rule for a page, if any.
pub(crate) fn find<'a>(
    rules: &'a [PermalinkRule],
    kind: &str,
    path: &str,
) -> Option<&'a PermalinkRule> {
    rules.iter().find(|r| r.matches(kind, path))
}

/// What the tokens of a permalink pattern read from a page.
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenPage<'a> {
    pub date: Option<Date>,
    pub title: &'a str,
    pub slug: &'a str,
    /// First path segment (`Section()`), empty for top-level pages.
    pub section: &'a str,
    /// The path segments of the current section (`:sections`), normalised.
    pub sections: Vec<&'a str>,
    /// Slug-or-title of each ancestor section, root first, the current one last.
    pub section_slugs: Vec<String>,
    /// `File().TranslationBaseName()` (e.g. `index`, `_index`, `my-post`); empty without a file.
    pub file_base: &'a str,
    /// The containing directory's name, for `index` files.
    pub file_dir_name: &'a str,
    /// The content base name with original case (`:contentbasename`).
    pub content_base_name: &'a str,
}

/// Expand `pattern` for `page`. Unknown tokens are left as written (Hugo
/// rejects the configuration).
pub(crate) fn expand(pattern: &str, page: &TokenPage<'_>, style: PathStyle) -> String {
    let pattern = pattern.replace("\\:", "\u{0}");
    let b = pattern.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            if j > start {
                let mut end = j;
                let mut cut = "";
                if j < b.len() && b[j] == b'[' {
                    if let Some(close) = pattern[j + 1..].find(']').filter(|&c| c > 0) {
                        end = j + 1 + close + 1;
                        cut = &pattern[j..end];
                    }
                }
                if let Some(v) = token(&pattern[start..j], cut, page, style) {
                    out.push_str(&v);
                    i = end;
                    continue;
                }
                out.push_str(&pattern[i..end]);
                i = end;
                continue;
            }
        }
        let c = pattern[i..].chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8();
    }
    out.replace('\u{0}', ":")
}

fn token(name: &str, cut: &str, p: &TokenPage<'_>, dl: PathStyle) -> Option<String> {
    let date = p.date.unwrap_or(super::dates::ZERO);
    // The other value is made only when the page has no slug.
    let slug_else = |other: &dyn Fn() -> String| {
        if p.slug.is_empty() {
            other()
        } else {
            urlize(p.slug, dl)
        }
    };
    let filename = || match p.file_base {
        "index" => urlize(p.file_dir_name, dl),
        "_index" => String::new(),
        b => urlize(b, dl),
    };
    if !cut.is_empty() {
        return match name {
            "sections" => Some(
                slice(
                    &p.sections.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    cut,
                )
                .join("/"),
            ),
            "sectionslugs" => Some(slice(&p.section_slugs, cut).join("/")),
            _ => None,
        };
    }
    Some(match name {
        "year" => date.year.to_string(),
        "month" => format!("{:02}", date.month),
        "monthname" => date.month_name().to_string(),
        "day" => format!("{:02}", date.day),
        "weekday" => date.weekday().to_string(),
        "weekdayname" => date.weekday_name().to_string(),
        "yearday" => date.yearday().to_string(),
        "section" => p.section.to_string(),
        "sectionslug" => p.section_slugs.first().cloned().unwrap_or_default(),
        "sections" => p.sections.join("/"),
        "sectionslugs" => p.section_slugs.join("/"),
        "title" => urlize(p.title, dl),
        "slug" => slug_else(&|| urlize(p.title, dl)),
        "slugorfilename" => slug_else(&filename),
        "filename" => filename(),
        "contentbasename" => urlize(p.content_base_name, dl),
        "slugorcontentbasename" => slug_else(&|| urlize(p.content_base_name, dl)),
        other => {
            let f = date.go_format(other);
            if f == other {
                return None;
            }
            f
        }
    })
}

/// Hugo's lenient `[low:high]`, `[n]`, `[last]` slicing of section entries.
pub(crate) fn slice<T: Clone>(s: &[T], cut: &str) -> Vec<T> {
    let cut = cut.trim().to_lowercase();
    if cut.len() < 3 || !cut.starts_with('[') || !cut.ends_with(']') {
        return Vec::new();
    }
    let inner = &cut[1..cut.len() - 1];
    let index = |x: &str, low: bool| -> i64 {
        match x {
            "" if low => 0,
            "" => s.len() as i64,
            "last" => s.len() as i64 - 1,
            n => {
                let n = n.parse::<i64>().unwrap_or(0).max(0);
                if n >= s.len() as i64 {
                    if low {
                        -1
                    } else {
                        s.len() as i64
                    }
                } else {
                    n
                }
            }
        }
    };
    if s.is_empty() {
        return Vec::new();
    }
    match inner.split_once(':') {
        None => {
            let n = index(inner, true);
            if n < 0 {
                return Vec::new();
            }
            vec![s[n as usize].clone()]
        }
        Some((lo, hi)) => {
            let (a, b) = (index(lo, true), index(hi, false));
            if a < 0 || b < 0 || a > b {
                return Vec::new();
            }
            s[a as usize..b as usize].to_vec()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEEP_CASE: PathStyle = PathStyle {
        keep_case: true,
        remove_accents: false,
    };

    fn page() -> TokenPage<'static> {
        TokenPage {
            date: Date::parse("2024-02-29T08:30:00Z"),
            title: "Hello, World Again!",
            slug: "",
            section: "journal",
            sections: vec!["journal", "2023"],
            section_slugs: vec!["journal".into(), "year-2023".into()],
            file_base: "index",
            file_dir_name: "My Bundle",
            content_base_name: "My Bundle",
        }
    }

    #[test]
    fn expands_tokens() {
        let p = page();
        assert_eq!(
            expand("/:year/:month/:day/:slug/", &p, PathStyle::default()),
            "/2024/02/29/hello-world-again/"
        );
        assert_eq!(
            expand(
                "/:sections[last]/:yearday-:weekday-:monthname/",
                &p,
                PathStyle::default()
            ),
            "/2023/60-4-February/"
        );
        assert_eq!(
            expand("/:sections[1:]/:filename/", &p, PathStyle::default()),
            "/2023/my-bundle/"
        );
        assert_eq!(
            expand("/:sections[0]/:sectionslugs/", &p, PathStyle::default()),
            "/journal/journal/year-2023/"
        );
        assert_eq!(
            expand(
                "/:section/:contentbasename/:weekdayname",
                &p,
                PathStyle::default()
            ),
            "/journal/my-bundle/Thursday"
        );
        assert_eq!(
            expand("/x\\:y/:2006-01/", &p, PathStyle::default()),
            "/x:y/2024-01/"
        );
        assert_eq!(expand("/:unknown/", &p, PathStyle::default()), "/:unknown/");
        let p = TokenPage {
            slug: "Chosen Slug",
            file_base: "post",
            ..page()
        };
        assert_eq!(
            expand(
                "/:slugorfilename/:slugorcontentbasename/:title",
                &p,
                KEEP_CASE
            ),
            "/Chosen-Slug/Chosen-Slug/Hello-World-Again"
        );
    }

    #[test]
    fn slices() {
        let s = ["a", "b", "c"];
        assert_eq!(slice(&s, "[1:]"), ["b", "c"]);
        assert_eq!(slice(&s, "[last]"), ["c"]);
        assert_eq!(slice(&s, "[:2]"), ["a", "b"]);
        assert_eq!(slice(&s, "[5]"), Vec::<&str>::new());
        assert_eq!(slice(&s, "[1:9]"), ["b", "c"]);
    }

    #[test]
    fn rules_match_sections() {
        let rules = rules_from_config(Some(
            &serde_json::json!({"posts": "/:slug/", "page": {"/": "/:filename/"}}),
        ));
        assert!(find(&rules, "page", "/posts/a/b").is_some());
        assert!(find(&rules, "term", "/posts/x").is_some());
        assert!(find(&rules, "page", "/postsx/a").is_none());
        assert_eq!(
            find(&rules, "page", "/about").map(|r| r.pattern.as_str()),
            Some("/:filename/")
        );
        let rules = rules_from_config(Some(
            &serde_json::json!([{"target": {"kind": "page", "path": "/docs/**"}, "pattern": "/d/:slug/"}]),
        ));
        assert!(find(&rules, "page", "/docs/a/b").is_some());
        assert!(find(&rules, "section", "/docs/a").is_none());
    }
}
