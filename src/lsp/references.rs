//! Find references: every link of the site (open pages as typed) that leads
//! to this page, through its URL, one of its aliases or a `ref`, from the
//! reverse links the site keeps.

use super::documents::Documents;
use super::Page;
use crate::check::live::LiveSite;
use lsp_types::{Location, Url};

pub(super) fn find(live: &mut LiveSite, page: Page<'_>, docs: &Documents) -> Option<Vec<Location>> {
    let hits = live.links_to(page.i);
    let mut out = Vec::new();
    let mut texts: std::collections::HashMap<usize, String> = Default::default();
    for (j, span) in hits {
        let path = &live.results()[j].file.path;
        let text = texts.entry(j).or_insert_with(|| {
            docs.text_of(path)
                .unwrap_or_else(|| std::fs::read_to_string(path).unwrap_or_default())
        });
        let Ok(uri) = Url::from_file_path(path) else {
            continue;
        };
        out.push(Location {
            uri,
            range: super::position::range_of(text, &span),
        });
    }
    out.sort_by(|a, b| {
        (a.uri.as_str(), a.range.start.line, a.range.start.character).cmp(&(
            b.uri.as_str(),
            b.range.start.line,
            b.range.start.character,
        ))
    });
    Some(out)
}
