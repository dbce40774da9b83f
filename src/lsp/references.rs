//! Find references: every link of the site (open pages as typed) that leads
//! to this page, through its URL, one of its aliases or a `ref`.

use super::definition::destination;
use super::documents::Documents;
use super::Page;
use crate::check::live::LiveSite;
use lsp_types::{Location, Url};
use rayon::prelude::*;

pub fn find(live: &mut LiveSite, page: Page<'_>, docs: &Documents) -> Option<Vec<Location>> {
    let me = page.i;
    let own: Vec<Option<usize>> = (0..live.results().len())
        .map(|j| live.pages_of(j).first().copied())
        .collect();
    // Every link of every page, resolved as `check` resolves it.
    let hits: Vec<(usize, std::ops::Range<usize>)> = live.with_resolver(|r| {
        (0..r.results.len())
            .into_par_iter()
            .flat_map_iter(|j| {
                let result = &r.results[j];
                let own = own[j];
                result
                    .links
                    .iter()
                    .filter(move |l| {
                        let resolution = r.resolve(result, own, l);
                        destination(&resolution).and_then(|(p, _)| file_at_in(r, p)) == Some(me)
                    })
                    .map(move |l| (j, l.span.clone()))
            })
            .collect()
    });
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

/// The file (position among the site's files) of the page at `site_path`.
fn file_at_in(r: &crate::check::links::Resolver<'_>, site_path: &str) -> Option<usize> {
    let p = match r.index.lookup(site_path)? {
        crate::hugo::Target::Page(p) | crate::hugo::Target::Alias(p) => p,
    };
    r.result_of_page.get(p).copied().flatten()
}
