#![no_main]
//! Links in a Markdown body and in front matter strings, and heading ids:
//! every span in bounds and on char boundaries; an inline link's span is the
//! destination as written (when no escapes or entities are involved).

mod common;
use common::check_span;
use frontlint::links::front_matter::{default_url_keys, front_matter_links};
use frontlint::links::markdown::{body_links, heading_ids, links_and_headings};
use frontlint::types::{Link, LinkKind};
use frontlint::load::yaml::{parse, TreeLimits};
use libfuzzer_sys::fuzz_target;

fn check_link(page: &str, link: &Link, exact: bool) {
    check_span(page, &link.span(), &format!("{link:?}"));
    if let Some(d) = &link.defined_at() {
        check_span(page, d, &format!("defined_at of {link:?}"));
    }
    if exact
        && matches!(link.kind, LinkKind::Markdown | LinkKind::Image)
        && link.defined_at().is_none()
    {
        let src = &page[link.span()];
        if !src.contains(['\\', '&', '{', '}', '\n', '\r']) {
            assert_eq!(src, link.url(), "inline link {link:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // As a page body after a front matter block.
    let prefix = "---\ntitle: T\n---\n";
    let page = format!("{prefix}{text}");
    let links = body_links(&page[prefix.len()..], prefix.len());
    for link in &links {
        check_link(&page, link, true);
    }
    let ids = heading_ids(text);
    // The one-pass form finds exactly what the two passes find.
    let (one_links, one_ids) = links_and_headings(
        &page[prefix.len()..],
        prefix.len(),
        Some(&Default::default()),
    );
    assert_eq!(one_links, links, "links_and_headings links");
    assert_eq!(one_ids, ids, "links_and_headings heading ids");
    // As YAML front matter whose strings may hold links.
    if let Ok(Some(root)) = parse(
        text,
        0..text.len(),
        TreeLimits {
            max_depth: 32,
            max_nodes: 10_000,
        },
    ) {
        for link in front_matter_links(text, &root, &default_url_keys()) {
            check_link(text, &link, false);
        }
    }
    // A Markdown link inside a plain front matter value.
    if !text.contains(['\n', '\r', '#', ':'])
        && !text.starts_with([
            ' ', '-', '[', '{', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '?', ',', ']',
            '}',
        ])
    {
        let page = format!("summary: {text}\n");
        if let Ok(Some(root)) = parse(&page, 0..page.len(), TreeLimits::default()) {
            for link in front_matter_links(&page, &root, &default_url_keys()) {
                check_link(&page, &link, false);
            }
        }
    }
});
