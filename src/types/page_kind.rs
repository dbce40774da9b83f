//! The kind of a page, as Hugo names it: what the site index computes for
//! each page and what a `[[schemas]]` entry of `frontlint.toml` selects by.

use serde::{Deserialize, Serialize};

/// A page's kind. Read from `frontlint.toml` in lower case (`kinds = ["page"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Page,
    Section,
    Home,
    Taxonomy,
    Term,
}

impl PageKind {
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
            PageKind::Taxonomy => "taxonomy",
            PageKind::Term => "term",
        }
    }

    /// The kind of the page of content file `rel` (`_index.*` files make list
    /// pages), given the site's taxonomies (plural names).
    pub(crate) fn of(rel: &str, taxonomies: &[(String, String)]) -> PageKind {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        if !name.starts_with("_index.") {
            return PageKind::Page;
        }
        let is_taxonomy = |s: &str| {
            taxonomies
                .iter()
                .any(|(_, plural)| plural.eq_ignore_ascii_case(s))
        };
        match dir.split('/').collect::<Vec<_>>().as_slice() {
            [""] => PageKind::Home,
            [t] if is_taxonomy(t) => PageKind::Taxonomy,
            [t, _] if is_taxonomy(t) => PageKind::Term,
            _ => PageKind::Section,
        }
    }
}
