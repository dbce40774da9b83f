//! Go to definition on a link (Markdown, HTML, a `ref`/`relref`, a front
//! matter URL): the file of the page it leads to (through an alias too),
//! at the anchor its fragment names (a heading of either style, a `{#id}`,
//! any anchor the link checker knows).

use super::Page;
use crate::check::live::LiveSite;
use crate::hugo::Target;
use crate::types::{Link, PageResult, Resolution};
use lsp_types::{GotoDefinitionResponse, Location, Position, Range, Url};

/// The link of `page` whose destination the cursor (`offset`) is on.
pub(super) fn link_at(page: &PageResult, offset: usize) -> Option<&Link> {
    page.links
        .iter()
        .find(|l| l.span().start <= offset && offset <= l.span().end)
}

/// What `link` of the file at position `i` resolves to.
pub(super) fn resolve(live: &mut LiveSite, i: usize, link: &Link) -> Resolution {
    let own = live.pages_of(i).first().copied();
    live.with_resolver(|r| r.resolve(&r.results[i], own, link))
}

pub(super) use crate::check::live::destination;

/// The file (position among the site's files) of the page at `site_path`.
pub(super) fn file_at(live: &LiveSite, site_path: &str) -> Option<usize> {
    let p = match live.index().lookup(site_path)? {
        Target::Page(p) | Target::Alias(p) => p,
    };
    live.file_of_page(p)
}

pub(super) fn find(live: &mut LiveSite, page: Page<'_>) -> Option<GotoDefinitionResponse> {
    let link = link_at(&live.results()[page.i], page.offset)?.clone();
    let resolution = resolve(live, page.i, &link);
    let (site_path, fragment) = match &resolution {
        Resolution::SameFragment { fragment, .. } => {
            let line = live.anchor_offset(page.text, fragment)?;
            let at = super::position::position_of(page.text, line);
            return Some(GotoDefinitionResponse::Scalar(Location {
                uri: page.uri.clone(),
                range: Range { start: at, end: at },
            }));
        }
        r => destination(r)?,
    };
    let target = file_at(live, site_path)?;
    let path = live.results()[target].file.path.clone();
    let uri = Url::from_file_path(&path).ok()?;
    let mut at = Position::new(0, 0);
    if let Some(id) = fragment.filter(|f| !f.is_empty()) {
        // The editor's text of the page when it is open, else the file's.
        let text = match &live.results()[target].text {
            t if !t.is_empty() => t.clone(),
            _ => std::fs::read_to_string(&path).unwrap_or_default(),
        };
        if let Some(offset) = live.anchor_offset(&text, id) {
            at = super::position::position_of(&text, offset);
        }
    }
    Some(GotoDefinitionResponse::Scalar(Location {
        uri,
        range: Range { start: at, end: at },
    }))
}
