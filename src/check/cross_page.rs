//! Rules across pages: two pages with one URL, aliases that collide, values declared unique.

use super::page::{Located, PageResult};
use crate::diagnostic::Diagnostic;
use crate::hugo::SiteIndex;
use crate::rules::default_severity;
use std::collections::BTreeMap;

fn diag(code: &'static str, span: std::ops::Range<usize>, msg: String) -> Diagnostic {
    Diagnostic::new(code, default_severity(code), span, msg)
}

fn others(all: &[usize], me: usize, results: &[PageResult]) -> String {
    all.iter()
        .filter(|&&i| i != me)
        .map(|&i| results[i].file.rel.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Diagnostics for every target page involved in a cross-page conflict, by result index.
pub fn check(
    index: &SiteIndex,
    results: &[PageResult],
    result_of_page: &[Option<usize>],
    unique_keys: &[String],
) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    // URL → content pages (by result index) that have it.
    let mut by_url: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (p, page) in index.pages().iter().enumerate() {
        if let (Some(u), Some(Some(r))) = (page.url.as_deref(), result_of_page.get(p)) {
            by_url.entry(u).or_default().push(*r);
        }
    }
    for (u, rs) in &by_url {
        if rs.len() < 2 {
            continue;
        }
        for &r in rs {
            let res = &results[r];
            if !res.target {
                continue;
            }
            let span = res
                .url
                .as_ref()
                .or(res.slug.as_ref())
                .map(|l| l.span.clone())
                .unwrap_or(res.open_span.clone());
            out.push((r, diag("url-conflict", span, format!("this page's URL \"{u}\" is also the URL of {}; Hugo will publish only one of them", others(rs, r, results))).with_label("same URL").with_help("give one of the pages a different `slug` or `url`")));
        }
    }
    // Aliases: against page URLs and against each other.
    let mut by_alias: BTreeMap<String, Vec<(usize, Option<Located>)>> = BTreeMap::new();
    for (p, page) in index.pages().iter().enumerate() {
        let Some(Some(r)) = result_of_page.get(p) else {
            continue;
        };
        let raw = &results[*r].aliases;
        for (i, a) in page.aliases.iter().enumerate() {
            let written = if raw.len() == page.aliases.len() {
                raw.get(i).cloned()
            } else {
                None
            };
            by_alias.entry(a.clone()).or_default().push((*r, written));
        }
    }
    for (alias, owners) in &by_alias {
        let rs: Vec<usize> = owners.iter().map(|(r, _)| *r).collect();
        let page_owner = by_url.get(alias.as_str());
        for (r, written) in owners {
            let res = &results[*r];
            if !res.target {
                continue;
            }
            let span = written
                .as_ref()
                .map(|l| l.span.clone())
                .unwrap_or(res.open_span.clone());
            if let Some(pages) = page_owner {
                let names = pages
                    .iter()
                    .map(|&i| results[i].file.rel.clone())
                    .collect::<Vec<_>>()
                    .join(", ");
                let whose = if pages.contains(r) {
                    "this page's own URL".to_string()
                } else {
                    format!("the URL of {names}")
                };
                out.push((
                    *r,
                    diag(
                        "alias-conflict",
                        span.clone(),
                        format!(
                            "alias \"{alias}\" is {whose}; the redirect would replace that page"
                        ),
                    )
                    .with_label("alias collides")
                    .with_help("remove the alias"),
                ));
            }
            if rs.len() > 1 && rs.iter().any(|x| x != r) {
                out.push((*r, diag("alias-conflict", span, format!("alias \"{alias}\" is also an alias of {}; only one redirect can be published", others(&rs, *r, results))).with_label("alias collides").with_help("keep the alias on one page only")));
            }
        }
    }
    // Values of keys declared unique.
    for key in unique_keys {
        let mut by_value: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (r, res) in results.iter().enumerate() {
            for (k, l) in &res.unique {
                if k == key {
                    by_value.entry(l.value.as_str()).or_default().push(r);
                }
            }
        }
        for (value, rs) in by_value {
            if rs.len() < 2 {
                continue;
            }
            for &r in &rs {
                let res = &results[r];
                if !res.target {
                    continue;
                }
                let span = res
                    .unique
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, l)| l.span.clone())
                    .unwrap_or(res.open_span.clone());
                out.push((
                    r,
                    diag(
                        "duplicate-value",
                        span,
                        format!(
                            "{key} \"{value}\" is also used by {}; {key} must be unique",
                            others(&rs, r, results)
                        ),
                    )
                    .with_label("duplicate")
                    .with_help(format!("give each page its own {key}")),
                ));
            }
        }
    }
    out
}
