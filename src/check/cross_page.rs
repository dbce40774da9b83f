//! Rules across pages: two pages with one URL, aliases that collide, values declared unique.

use crate::diagnostic::Diagnostic;
use crate::hugo::SiteIndex;
use crate::rules;
use crate::types::{Located, PageResult};
use rayon::prelude::*;
use std::collections::BTreeMap;

fn others(all: &[usize], me: usize, results: &[PageResult]) -> String {
    all.iter()
        .filter(|&&i| i != me)
        .map(|&i| results[i].file.rel.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Diagnostics for every target page involved in a cross-page conflict, by result index.
pub(crate) fn check(
    index: &SiteIndex,
    results: &[PageResult],
    result_of_page: &[Option<usize>],
    unique_keys: &[String],
) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    let pages = index.pages();
    let result = |p: usize| result_of_page.get(p).copied().flatten();
    // Only URLs and aliases that share their path with another can conflict:
    // the index finds those (in parallel), and they alone are grouped here.
    let shared = index.shared_urls();
    // URL → content pages (by result index) that have it: every page whose
    // URL is also another's, so every page of any URL looked up below.
    let mut by_url: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &p in &shared.pages {
        if let (Some(u), Some(r)) = (pages[p].url.as_deref(), result(p)) {
            // A file that makes several pages (one per mount) never conflicts with itself.
            let rs = by_url.entry(u).or_default();
            if !rs.contains(&r) {
                rs.push(r);
            }
        }
    }
    url_conflicts(&by_url, results, &mut out);
    // Aliases: against page URLs and against each other (again only those
    // whose path is another's: all the aliases of such a path).
    let mut by_alias: BTreeMap<&str, Vec<(usize, Option<Located>)>> = BTreeMap::new();
    let mut first_page: std::collections::HashMap<(&str, usize), usize> = Default::default();
    for &(p, a) in &shared.aliases {
        let Some(r) = result(p) else {
            continue;
        };
        let page = &pages[p];
        let raw = &results[r].record.aliases;
        let written = if raw.len() == page.aliases.len() {
            raw.get(a).cloned()
        } else {
            None
        };
        // The other pages of a file (one per mount) add nothing: it never
        // conflicts with itself.
        let first = *first_page.entry((&page.aliases[a], r)).or_insert(p);
        if first == p {
            by_alias
                .entry(&page.aliases[a])
                .or_default()
                .push((r, written));
        }
    }
    alias_conflicts(&by_alias, &by_url, results, &mut out);
    // Values of keys declared unique.
    for key in unique_keys {
        // (value, result) of every page that has the key, sorted (in
        // parallel): by value, then page, as a map of values would list them.
        let mut by_value: Vec<(&str, usize)> = results
            .par_iter()
            .enumerate()
            .flat_map_iter(|(r, res)| {
                res.record
                    .unique
                    .iter()
                    .filter(|(k, _)| k == key)
                    .map(move |(_, l)| (l.value.as_str(), r))
            })
            .collect();
        by_value.par_sort_unstable();
        let groups = by_value.chunk_by(|a, b| a.0 == b.0).map(|group| {
            let rs: Vec<usize> = group.iter().map(|&(_, r)| r).collect();
            (group[0].0, rs)
        });
        duplicate_values(key, groups, results, &mut out);
    }
    out
}
/// A `url-conflict` for each target page of every URL with more than one page.
fn url_conflicts(
    by_url: &BTreeMap<&str, Vec<usize>>,
    results: &[PageResult],
    out: &mut Vec<(usize, Diagnostic)>,
) {
    for (u, rs) in by_url {
        if rs.len() < 2 {
            continue;
        }
        for &r in rs {
            let res = &results[r];
            if !res.target {
                continue;
            }
            let span = res
                .record
                .url
                .as_ref()
                .or(res.record.slug.as_ref())
                .map(|l| l.span.clone())
                .unwrap_or(res.record.open_span.clone());
            out.push((r, rules::URL_CONFLICT.at(span, format!("this page's URL \"{u}\" is also the URL of {}; Hugo will publish only one of them", others(rs, r, results))).with_label("same URL").with_help("give one of the pages a different `slug` or `url`")));
        }
    }
}

/// An `alias-conflict` for each target page whose alias is a page's URL
/// (`by_url`) or another page's alias (the owners in `by_alias`, with where
/// each wrote it).
fn alias_conflicts<K: AsRef<str>>(
    by_alias: &BTreeMap<K, Vec<(usize, Option<Located>)>>,
    by_url: &BTreeMap<&str, Vec<usize>>,
    results: &[PageResult],
    out: &mut Vec<(usize, Diagnostic)>,
) {
    for (alias, owners) in by_alias {
        let alias = alias.as_ref();
        let rs: Vec<usize> = owners.iter().map(|(r, _)| *r).collect();
        let page_owner = by_url.get(alias);
        for (r, written) in owners {
            let res = &results[*r];
            if !res.target {
                continue;
            }
            let span = written
                .as_ref()
                .map(|l| l.span.clone())
                .unwrap_or(res.record.open_span.clone());
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
                    rules::ALIAS_CONFLICT
                        .at(
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
                out.push((*r, rules::ALIAS_CONFLICT.at(span, format!("alias \"{alias}\" is also an alias of {}; only one redirect can be published", others(&rs, *r, results))).with_label("alias collides").with_help("keep the alias on one page only")));
            }
        }
    }
}

/// A `duplicate-value` for each target page of every value of `key` (in
/// value order) that more than one page has.
fn duplicate_values<'v>(
    key: &str,
    groups: impl Iterator<Item = (&'v str, Vec<usize>)>,
    results: &[PageResult],
    out: &mut Vec<(usize, Diagnostic)>,
) {
    for (value, rs) in groups {
        if rs.len() < 2 {
            continue;
        }
        for &r in &rs {
            let res = &results[r];
            if !res.target {
                continue;
            }
            let span = res
                .record
                .unique
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, l)| l.span.clone())
                .unwrap_or(res.record.open_span.clone());
            out.push((
                r,
                rules::DUPLICATE_VALUE
                    .at(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hugo::{HugoConfig, PageInput};
    use crate::types::{ContentFile, PageRecord};
    use serde_json::{json, Value};

    /// The groups as they were made first: a map of every URL, every alias
    /// and every unique value. [`check`], which groups only what can
    /// conflict, must say exactly what the rules say of these.
    fn reference(
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
        url_conflicts(&by_url, results, &mut out);
        // Aliases: against page URLs and against each other.
        let mut by_alias: BTreeMap<String, Vec<(usize, Option<Located>)>> = BTreeMap::new();
        for (p, page) in index.pages().iter().enumerate() {
            let Some(Some(r)) = result_of_page.get(p) else {
                continue;
            };
            let raw = &results[*r].record.aliases;
            for (i, a) in page.aliases.iter().enumerate() {
                let written = if raw.len() == page.aliases.len() {
                    raw.get(i).cloned()
                } else {
                    None
                };
                by_alias.entry(a.clone()).or_default().push((*r, written));
            }
        }
        alias_conflicts(&by_alias, &by_url, results, &mut out);
        // Values of keys declared unique.
        for key in unique_keys {
            let mut by_value: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (r, res) in results.iter().enumerate() {
                for (k, l) in &res.record.unique {
                    if k == key {
                        by_value.entry(l.value.as_str()).or_default().push(r);
                    }
                }
            }
            duplicate_values(key, by_value.into_iter(), results, &mut out);
        }
        out
    }

    fn located(value: &str, at: usize) -> Located {
        Located {
            value: value.to_string(),
            span: at..at + value.len(),
        }
    }

    fn result(rel: &str, target: bool, fm: &Value, unique: &[(&str, &str)]) -> PageResult {
        let text = |k: &str| fm.get(k).and_then(Value::as_str);
        let aliases = fm["aliases"].as_array().cloned().unwrap_or_default();
        PageResult {
            file: ContentFile {
                rel: rel.to_string(),
                path: rel.into(),
                lang: None,
            },
            target,
            record: PageRecord {
                is_page: true,
                open_span: 0..3,
                url: text("url").map(|u| located(u, 10)),
                slug: text("slug").map(|s| located(s, 20)),
                aliases: aliases
                    .iter()
                    .enumerate()
                    .map(|(i, a)| located(a.as_str().unwrap_or_default(), 30 + 10 * i))
                    .collect(),
                unique: unique
                    .iter()
                    .enumerate()
                    .map(|(i, (k, v))| (k.to_string(), located(v, 100 + 10 * i)))
                    .collect(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// A site where many pages share URLs, aliases (with each other, with
    /// page URLs, with their own URL, written with other escapes) and
    /// unique values, made the same way every time.
    fn site(n: usize) -> (SiteIndex, Vec<PageResult>, Vec<Option<usize>>) {
        let urls = ["/same/", "/caf%c3%a9/", "/café/", "/b/x/", "/other/"];
        let aliases = [
            "/same/",
            "/old/",
            "/old/",
            "/caf%C3%A9/",
            "/café/",
            "/a/p3/",
            "/gone/",
            "/b/x/",
        ];
        let (mut inputs, mut facts) = (Vec::new(), Vec::new());
        // A small linear congruential generator: fixed, so a failure repeats.
        let mut seed = 7u64;
        let mut next = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        for i in 0..n {
            let dir = ["a", "b", "c/d"][next(3)];
            let path = format!("{dir}/p{i}.md");
            let mut fm = json!({ "title": format!("P{i}") });
            match next(4) {
                0 => fm["url"] = json!(urls[next(urls.len())]),
                1 => fm["slug"] = json!(["x", "y", "p3"][next(3)]),
                _ => {}
            }
            let k = next(4);
            if k > 0 {
                let own: Vec<&str> = (0..k).map(|_| aliases[next(aliases.len())]).collect();
                fm["aliases"] = json!(own);
            }
            let unique: Vec<(&str, &str)> = match next(3) {
                0 => vec![("sku", ["A", "B", "C", "D"][next(4)])],
                1 => vec![("sku", "E"), ("ref", ["A", "B"][next(2)])],
                _ => Vec::new(),
            };
            inputs.push(PageInput {
                path: path.clone(),
                mount: 0,
                lang: None,
                front_matter: fm.clone(),
            });
            facts.push((path, i % 5 != 0, fm, unique));
        }
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/"}));
        let index = SiteIndex::build(&cfg, inputs);
        let results: Vec<PageResult> = facts
            .iter()
            .map(|(path, target, fm, unique)| result(path, *target, fm, unique))
            .collect();
        let result_of_page = index.pages().iter().map(|p| p.input).collect();
        (index, results, result_of_page)
    }

    #[test]
    fn conflicts_are_exactly_those_a_map_of_every_url_finds() {
        let unique = ["sku".to_string(), "ref".to_string()];
        for n in [0, 1, 2, 7, 40, 300] {
            let (index, results, result_of_page) = site(n);
            let got = check(&index, &results, &result_of_page, &unique);
            let want = reference(&index, &results, &result_of_page, &unique);
            assert_eq!(got, want, "{n} pages");
            if n == 300 {
                // Each rule and each kind of alias conflict is met.
                let count = |needle: &str| {
                    want.iter()
                        .filter(|(_, d)| d.message.contains(needle))
                        .count()
                };
                for needle in [
                    "is also the URL of",
                    "is also an alias of",
                    "is the URL of",
                    "is this page's own URL",
                    "must be unique",
                ] {
                    assert!(count(needle) > 0, "{needle}");
                }
            }
        }
    }
}
