//! Completion: link destinations (the site's URLs, filtered by what is
//! typed; a page's heading ids after `#`; content paths in a `ref`), and in
//! front matter the keys and enum values of the page's schema.

use super::hover::type_of;
use super::position::range_of;
use super::schema_path::{self, deref};
use super::Page;
use crate::check::live::LiveSite;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, CompletionTextEdit, TextEdit,
};
use serde_json::Value;

/// At most this many items in one answer (a 10k-page site has 10k URLs).
const LIMIT: usize = 200;

pub(super) fn find(live: &mut LiveSite, page: Page<'_>) -> Option<CompletionResponse> {
    let text = page.text;
    let offset = page.offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let loaded =
        crate::load::page::from_bytes(text.as_bytes().to_vec(), false, &live.site.config.limits);
    let front = loaded
        .split
        .as_ref()
        .filter(|s| s.content.start <= offset && offset <= s.content.end);
    let items = if let Some(split) = front {
        let toml = split.format == crate::load::front_matter::Format::Toml;
        let typed = &text[split.content.start..offset];
        front_matter_items(live, &page, typed, toml, loaded.tree.as_ref())
    } else if let Some((typed, is_ref)) = destination_typed(before) {
        let start = offset - typed.len();
        let range = range_of(text, &(start..offset));
        let edit = |new_text: String, kind, detail: Option<String>| CompletionItem {
            label: new_text.clone(),
            kind: Some(kind),
            detail,
            filter_text: Some(new_text.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
            ..Default::default()
        };
        match typed.split_once('#') {
            Some((target, _)) => fragments(live, &page, target)
                .into_iter()
                .map(|id| {
                    edit(
                        format!("{target}#{id}"),
                        CompletionItemKind::REFERENCE,
                        None,
                    )
                })
                .collect(),
            None if is_ref => live
                .results()
                .iter()
                .filter(|r| r.record.is_page && r.file.rel.contains(typed))
                .take(LIMIT)
                .map(|r| edit(r.file.rel.clone(), CompletionItemKind::FILE, None))
                .collect(),
            None => {
                let base = live.site.hugo.base_path.clone();
                live.index()
                    .pages()
                    .iter()
                    .filter_map(|p| {
                        let url = format!("{base}{}", p.url.as_deref()?);
                        (url.starts_with(typed) || url.contains(typed))
                            .then(|| (url, p.title.clone()))
                    })
                    .take(LIMIT)
                    .map(|(url, title)| {
                        edit(
                            url,
                            CompletionItemKind::FILE,
                            Some(title).filter(|t| !t.is_empty()),
                        )
                    })
                    .collect()
            }
        }
    } else {
        return None;
    };
    Some(CompletionResponse::Array(items))
}

/// The part of a link destination typed before the cursor, when the cursor
/// is in one: after `](`, `href="`, or a `ref`/`relref` shortcode's quote
/// (then `true`).
fn destination_typed(before: &str) -> Option<(&str, bool)> {
    let candidates = [
        before.rfind("](").map(|i| (i + 2, false)),
        before.rfind("href=\"").map(|i| (i + 6, false)),
        before.rfind("ref \"").map(|i| (i + 5, true)),
    ];
    let (start, is_ref) = candidates.into_iter().flatten().max_by_key(|(i, _)| *i)?;
    let typed = &before[start..];
    (!typed.contains([')', '"', ' '])).then_some((typed, is_ref))
}

/// The heading ids of the page a destination (before its `#`) leads to;
/// the page itself for an empty one.
fn fragments(live: &mut LiveSite, page: &Page<'_>, target: &str) -> Vec<String> {
    if target.is_empty() {
        return live.results()[page.i].record.headings.clone();
    }
    let link = crate::types::Link::new(target, 0..0, crate::types::LinkKind::Markdown);
    let resolution = super::definition::resolve(live, page.i, &link);
    super::definition::destination(&resolution)
        .and_then(|(p, _)| super::definition::file_at(live, p))
        .map(|t| live.results()[t].record.headings.clone())
        .unwrap_or_default()
}

/// Keys of the map the line typed is in (top level, nested, or a list
/// item's, with the block its siblings select) and enum values (after
/// `key: `), from the page's schema. `typed`: the front matter up to the cursor.
fn front_matter_items(
    live: &LiveSite,
    page: &Page<'_>,
    typed: &str,
    toml: bool,
    tree: Option<&crate::types::tree::Node>,
) -> Vec<CompletionItem> {
    let schema = live.schema_of(page.i, tree);
    let before = typed.rsplit('\n').next().unwrap_or("");
    let (path, siblings) = schema_path::at_cursor(typed, toml);
    let line = before.trim_start().trim_start_matches("- ").trim_start();
    if let Some((key, value)) = line.split_once([':', '=']) {
        let key = key.trim().trim_matches('"');
        let mut at = path.clone();
        at.push(key.to_string());
        let Some(s) = schema_path::schema_at(&schema, &at, &siblings) else {
            return Vec::new();
        };
        let values = s
            .get("enum")
            .or_else(|| s.get("items").and_then(|i| i.get("enum")))
            .and_then(Value::as_array)
            .cloned()
            .or_else(|| s.get("const").map(|c| vec![c.clone()]))
            .unwrap_or_default();
        let value = value.trim_start().trim_start_matches(['[', '"', '\'']);
        return values
            .iter()
            .filter_map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| Some(v.to_string()))
            })
            .filter(|v| v.starts_with(value))
            .map(|v| CompletionItem {
                label: v,
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                ..Default::default()
            })
            .collect();
    }
    let Some(map) = schema_path::schema_at(&schema, &path, &siblings) else {
        return Vec::new();
    };
    let own = siblings.last().cloned().unwrap_or_default();
    // Keys written already: at the top level, the tree's; deeper, those
    // seen beside the cursor.
    let present: Vec<String> = match (path.is_empty(), tree.map(|t| &t.kind)) {
        (true, Some(crate::types::tree::Kind::Map(entries))) => {
            entries.iter().map(|e| e.key.to_string()).collect()
        }
        _ => own.keys().cloned().collect(),
    };
    schema_path::properties(&schema, map, &own)
        .into_iter()
        .filter(|(k, _)| k.starts_with(line) && !present.contains(k))
        .map(|(k, v)| CompletionItem {
            label: k,
            kind: Some(CompletionItemKind::PROPERTY),
            detail: Some(type_of(deref(&schema, v))),
            documentation: v
                .get("description")
                .and_then(Value::as_str)
                .map(|d| lsp_types::Documentation::String(d.to_string())),
            ..Default::default()
        })
        .collect()
}
