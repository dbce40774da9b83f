//! The pages a change breaks: those whose links, refs or aliases resolved
//! before the change (the last commit) and do not after it. A link that
//! reaches a page names it: its file or bundle name, its slug, the last
//! segment of its `url` or of one of its aliases. So only the pages whose text
//! mentions a name a changed page had are read as targets; their links are
//! then resolved against the site as it is and as it was, and only what
//! newly fails is reported. With no cache, finding them reads every page's
//! bytes once (no parsing); with one, the reverse index of links
//! ([`crate::cache::link_names`]) says which pages' links write those names,
//! and only pages it does not know (or no longer describes) are read.
//!
//! Not seen: a link that names its target by none of these (`../` to a
//! section from below it, whose own pages moved with it).

use crate::types::PageResult;
use memchr::memmem::Finder;

/// The lower-case names a link to the page of `r` could write: see the module doc.
pub(crate) fn names(r: &PageResult) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |s: &str| {
        // Up to the first dot: `install.fr.md`, `install.html`.
        let s = s.split('.').next().unwrap_or("").trim();
        if !s.is_empty() {
            let s = s.to_lowercase();
            if !out.contains(&s) {
                out.push(s);
            }
        }
    };
    let mut segments = r.file.rel.rsplit('/');
    let name = segments.next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    if matches!(stem, "index" | "_index") {
        // A bundle or section is reached by its folder's name; the home
        // page always exists.
        if let Some(dir) = segments.next() {
            add(dir);
        }
    } else {
        add(name);
    }
    let last = |v: &str| -> String {
        v.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string()
    };
    if let Some(s) = &r.record.slug {
        add(&s.value);
    }
    if let Some(u) = &r.record.url {
        add(&last(&u.value));
    }
    for a in &r.record.aliases {
        add(&last(&a.value));
    }
    out
}

/// Searches for any of a set of names, in ASCII lower case.
pub(crate) struct Mentions {
    finders: Vec<Finder<'static>>,
}

impl Mentions {
    pub(crate) fn new(names: &[String]) -> Mentions {
        Mentions {
            finders: names
                .iter()
                .map(|n| Finder::new(n.as_bytes()).into_owned())
                .collect(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.finders.is_empty()
    }

    /// Whether `text` names any of them (ASCII letters in any case).
    pub(crate) fn in_text(&self, text: &[u8]) -> bool {
        if self.finders.is_empty() {
            return false;
        }
        let lower = text.to_ascii_lowercase();
        self.finders.iter().any(|f| f.find(&lower).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Located, PageRecord};

    fn page(rel: &str) -> PageResult {
        PageResult {
            file: crate::types::ContentFile {
                rel: rel.into(),
                path: rel.into(),
                lang: None,
            },
            record: PageRecord {
                is_page: true,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn a_page_is_named_by_its_file_folder_slug_url_and_aliases() {
        let mut p = page("docs/Install.fr.md");
        assert_eq!(names(&p), ["install"]);
        p.record.slug = Some(Located {
            value: "Setup".into(),
            span: 0..0,
        });
        p.record.url = Some(Located {
            value: "/guide/first-steps/".into(),
            span: 0..0,
        });
        p.record.aliases = vec![Located {
            value: "/old/install.html".into(),
            span: 0..0,
        }];
        assert_eq!(names(&p), ["install", "setup", "first-steps"]);
        assert_eq!(names(&page("docs/tour/index.md")), ["tour"]);
        assert_eq!(names(&page("docs/_index.md")), ["docs"]);
        assert!(names(&page("_index.md")).is_empty());
    }

    #[test]
    fn mentions_ignore_ascii_case() {
        let m = Mentions::new(&["install".into()]);
        assert!(m.in_text(b"see [it](../INSTALL/)"));
        assert!(!m.in_text(b"see [it](../setup/)"));
        assert!(!Mentions::new(&[]).in_text(b"anything"));
    }
}
