#![no_main]
//! The whole per-page load and validation, from bytes, with the built-in
//! `outcomes` schema: never a panic, every diagnostic span in bounds and on
//! char boundaries, every link span too; a page's facts are the same bytes
//! written from its tree as from its JSON value.

mod common;
use common::{check_span, check_tree};
use frontlint::check::page::facts_both_ways;
use frontlint::config::Limits;
use frontlint::links::front_matter::{default_url_keys, front_matter_links};
use frontlint::links::markdown::{body_links, heading_ids};
use frontlint::load::page::from_bytes;
use frontlint::schema::{builtin, compile, messages, CompiledSchema};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn schema() -> &'static CompiledSchema {
    static SCHEMA: OnceLock<CompiledSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let json = serde_json::from_str(builtin::get("outcomes").unwrap()).unwrap();
        compile("builtin:outcomes", json, None).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let (is_html, bytes) = match data.split_first() {
        Some((b, rest)) if *b == b'<' => (true, rest),
        _ => (false, data),
    };
    let limits = Limits {
        max_file_size: 1 << 20,
        max_front_matter_size: 64 * 1024,
        max_depth: 32,
        max_nodes: 10_000,
    };
    let page = from_bytes(bytes.to_vec(), is_html, &limits);
    let text = &page.text;
    let mut diagnostics = page.diagnostics.clone();
    if let Some(split) = &page.split {
        check_span(text, &split.open, "open");
        check_span(text, &split.content, "content");
        check_span(text, &split.body, "body");
        if let Some(tree) = &page.tree {
            check_tree(text, tree);
            // Facts written straight from the tree are those of its JSON value.
            let taxonomies = [
                ("tag".to_string(), "tags".to_string()),
                ("category".to_string(), "Categories".to_string()),
            ];
            let (direct, via_value) = facts_both_ways(tree, &taxonomies);
            assert_eq!(direct.bytes(), via_value.bytes(), "{text:?}");
            diagnostics.extend(messages::validate(schema(), tree, split, text));
            for link in front_matter_links(text, tree, &default_url_keys()) {
                check_span(text, &link.span(), "front matter link");
            }
        }
    }
    if page.is_page {
        let (body, start) = page.body();
        for link in body_links(body, start) {
            check_span(text, &link.span(), "body link");
        }
        let _ = heading_ids(body);
    }
    for mut d in diagnostics {
        check_span(text, &d.span, &format!("{} {}", d.code, d.message));
        d.locate(&frontlint::source::LineIndex::new(text), text);
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        assert!((d.end_line, d.end_column) >= (d.line, d.column), "{d:?}");
    }
});
