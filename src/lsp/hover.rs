//! Hover: on a link, the URL it resolves to, the target's title and why it
//! resolves there; on a front matter key, what the page's schema says of it.

use super::definition::{destination, file_at, link_at, resolve};
use super::Page;
use crate::check::live::LiveSite;
use crate::types::tree::{Kind, Node};
use crate::types::{LinkKind, Resolution};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};
use serde_json::Value;

pub(super) fn find(live: &mut LiveSite, page: Page<'_>) -> Option<Hover> {
    let text = match link_at(&live.results()[page.i], page.offset) {
        Some(link) => {
            let link = link.clone();
            let resolution = resolve(live, page.i, &link);
            let mut out = describe(live, &resolution);
            let why = match (&resolution, link.kind) {
                (Resolution::Alias { canonical, .. }, _) => {
                    format!("through an alias: the page's own URL is `{canonical}`")
                }
                (_, LinkKind::Ref | LinkKind::Relref) => {
                    "by `ref` lookup of the content path".to_string()
                }
                (_, LinkKind::Markdown | LinkKind::Reference) => {
                    format!("resolved by {}", live.link_rule_of(page.i))
                }
                (_, LinkKind::FrontMatterUrl) => "a front matter URL, resolved as a URL".into(),
                _ => "resolved as a URL".into(),
            };
            out.push_str(&format!("\n\n{why}"));
            out
        }
        None => key_hover(live, &page)?,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

/// What a resolution leads to, in a line or two.
fn describe(live: &LiveSite, resolution: &Resolution) -> String {
    let base = &live.site.hugo.base_path;
    match resolution {
        Resolution::Broken { site_path } => match site_path {
            Some(p) => format!("`{base}{p}`: nothing of the site is there"),
            None => "outside the site's base URL".into(),
        },
        Resolution::Ref {
            site_path: None, ..
        } => "names no content file".into(),
        Resolution::External => "an external link (not checked)".into(),
        Resolution::Skip => "not checked".into(),
        Resolution::File { site_path } => format!("`{base}{site_path}`: a file of the site"),
        Resolution::Redirect { site_path, target } => {
            format!("`{base}{site_path}`: sent to `{target}` by `_redirects`")
        }
        Resolution::SameFragment { fragment, ok } => format!(
            "`#{fragment}` on this page{}",
            if *ok { "" } else { " (no heading has this id)" }
        ),
        r => {
            let Some((site_path, fragment)) = destination(r) else {
                return String::new();
            };
            let mut out = format!("`{base}{site_path}");
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                out.push_str(&format!("#{f}"));
            }
            out.push('`');
            if let Some(t) = file_at(live, site_path) {
                let p = live.pages_of(t).first().copied();
                if let Some(title) = p
                    .map(|p| &live.index().pages()[p].title)
                    .filter(|t| !t.is_empty())
                {
                    out.push_str(&format!(": **{title}**"));
                }
                out.push_str(&format!("\n\n`{}`", live.results()[t].file.rel));
            }
            out
        }
    }
}

/// The front matter of `text` as a tree (when it parses).
pub(super) fn front_matter(live: &LiveSite, i: usize, text: &str) -> Option<Node> {
    let is_html = matches!(
        live.results()[i]
            .file
            .path
            .extension()
            .and_then(|e| e.to_str()),
        Some("html" | "htm")
    );
    crate::load::page::from_bytes(text.as_bytes().to_vec(), is_html, &live.site.config.limits).tree
}

/// The keys leading to the key the cursor is on (outermost first).
fn key_path(
    node: &Node,
    offset: usize,
    path: &mut Vec<String>,
    siblings: &mut Vec<super::schema_path::Siblings>,
) -> bool {
    // The scalar values of each map along the path (they select blocks of its schema).
    siblings.push(match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .filter_map(|e| match &e.value.kind {
                Kind::Str(v, _) => Some((e.key.to_string(), v.to_string())),
                Kind::Bool(b) => Some((e.key.to_string(), b.to_string())),
                Kind::Int(i) => Some((e.key.to_string(), i.to_string())),
                _ => None,
            })
            .collect(),
        _ => Default::default(),
    });
    let found = match &node.kind {
        Kind::Map(entries) => entries.iter().any(|e| {
            if e.key_span.start <= offset && offset <= e.key_span.end {
                path.push(e.key.to_string());
                return true;
            }
            if e.value.span.start <= offset && offset <= e.value.span.end {
                path.push(e.key.to_string());
                if key_path(&e.value, offset, path, siblings) {
                    return true;
                }
                path.pop();
            }
            false
        }),
        Kind::Seq(items) => items.iter().any(|n| {
            n.span.start <= offset && offset <= n.span.end && {
                path.push("*".into());
                key_path(n, offset, path, siblings) || {
                    path.pop();
                    false
                }
            }
        }),
        _ => false,
    };
    if !found {
        siblings.pop();
    }
    found
}

/// The expected type of a schema, said briefly.
pub(super) fn type_of(s: &Value) -> String {
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        let shown: Vec<String> = values.iter().map(Value::to_string).collect();
        return format!("one of {}", shown.join(", "));
    }
    let mut out = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any".into(),
    };
    if let Some(f) = s.get("format").and_then(Value::as_str) {
        out.push_str(&format!(" ({f})"));
    }
    if let Some(items) = s
        .get("items")
        .and_then(|i| i.get("type"))
        .and_then(Value::as_str)
    {
        out.push_str(&format!(" of {items}"));
    }
    out
}

fn key_hover(live: &LiveSite, page: &Page<'_>) -> Option<String> {
    let tree = front_matter(live, page.i, page.text)?;
    let mut path = Vec::new();
    let mut siblings = Vec::new();
    if !key_path(&tree, page.offset, &mut path, &mut siblings) {
        return None;
    }
    let root = live.schema_of(page.i, Some(&tree));
    let name = root
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("the page's schema")
        .to_string();
    let shown = path.join(".");
    let Some(s) = super::schema_path::schema_at(&root, &path, &siblings) else {
        return Some(format!("`{shown}`: not a key of {name}"));
    };
    let mut out = format!("`{shown}`: {}", type_of(s));
    if let Some(d) = s.get("description").and_then(Value::as_str) {
        out.push_str(&format!("\n\n{d}"));
    }
    out.push_str(&format!("\n\n(from {name})"));
    Some(out)
}
