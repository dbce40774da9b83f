//! Checking one page: load it, pick its schema, validate the front matter, and
//! gather what the later site-wide stages need (URL facts, links, headings).

use crate::base::keys::lower_key;
use crate::config::Site;
use crate::diagnostic::Diagnostic;
use crate::hugo::values::into_lower_keys;
use crate::links::{front_matter::front_matter_links, markdown};
use crate::load::page::{self as loader};
use crate::rules;
use crate::schema::{messages, SchemaSet};
use crate::types::tree::{Kind, Node};
use crate::types::{ContentFile, Facts, Located, PageRecord, PageResult};
use serde_json::Value;
use std::borrow::Cow;

/// What the parallel per-page stage needs.
pub(crate) struct Context<'a> {
    pub site: &'a Site,
    pub schemas: &'a SchemaSet,
    pub url_keys: &'a [String],
    /// What gives a page's elements ids (see [`crate::links::anchors`]).
    pub anchors: &'a crate::links::anchors::AnchorRules,
}

/// Hugo's page type: front matter `type:`, else the top-level section, else `page`.
pub(crate) fn page_type(front_matter: Option<&str>, rel: &str) -> String {
    if let Some(t) = front_matter.filter(|t| !t.is_empty()) {
        return t.to_string();
    }
    match rel.split_once('/') {
        Some((section, _)) => section.to_string(),
        None => "page".to_string(),
    }
}

/// Keys of nested front matter the index needs whole.
const INDEX_OBJECTS: &[&str] = &["build", "_build", "cascade", "sitemap", "outputs"];

/// Top-level keys whose scalar (or list of scalars) value the site index reads,
/// besides the date keys and the site's taxonomies.
const INDEX_SCALARS: &[&str] = &[
    "title", "slug", "url", "aliases", "draft", "headless", "type",
];

/// Whether the site index reads top-level `key` when its value is
/// `scalar_like` (a scalar or a list of scalars) or not. `key` is lower case,
/// or ASCII in any case: the names it is compared with are ASCII lower case.
fn is_fact(key: &str, scalar_like: bool, taxonomies: &[(String, String)]) -> bool {
    let named = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(key));
    named(INDEX_OBJECTS)
        || (scalar_like
            && (named(INDEX_SCALARS)
                || named(crate::hugo::site_index::DATE_KEYS)
                || taxonomies
                    .iter()
                    .any(|(_, plural)| plural.eq_ignore_ascii_case(key))))
}

/// The part of the front matter the site index reads, keys lower-cased: URL,
/// date, draft and taxonomy values and build options. Everything else
/// (`sections:`, descriptions, cards) is left out so that the index stays
/// small for large sites. Each key once (its first spelling), in order.
fn fact_entries<'t>(tree: &'t Node, taxonomies: &[(String, String)]) -> Vec<(String, &'t Node)> {
    let mut out: Vec<(String, &Node)> = Vec::new();
    if let Kind::Map(entries) = &tree.kind {
        for e in entries {
            let scalar_like = match &e.value.kind {
                Kind::Map(_) => false,
                Kind::Seq(items) => items
                    .iter()
                    .all(|i| !matches!(i.kind, Kind::Map(_) | Kind::Seq(_))),
                _ => true,
            };
            // An ASCII key (nearly every key) is tested as written and copied
            // lower-cased only if kept; any other is lower-cased first.
            let key = if e.key.is_ascii() {
                Cow::Borrowed(e.key.as_str())
            } else {
                Cow::Owned(lower_key(e.key.to_string()))
            };
            if is_fact(&key, scalar_like, taxonomies) {
                let key = key.to_ascii_lowercase();
                if !out.iter().any(|(k, _)| *k == key) {
                    out.push((key, &e.value));
                }
            }
        }
    }
    out
}

/// The facts of a page's front matter (see [`fact_entries`]), each value with
/// its keys lower-cased too.
pub(crate) fn facts_of(tree: &Node, taxonomies: &[(String, String)]) -> Value {
    Value::Object(
        fact_entries(tree, taxonomies)
            .into_iter()
            .map(|(k, n)| (k, into_lower_keys(n.to_value())))
            .collect(),
    )
}

/// The facts of `tree` as a run writes them, and encoded from their JSON
/// value: the same bytes, always (the fuzz target `check_page` asserts it).
#[doc(hidden)]
pub fn facts_both_ways(tree: &Node, taxonomies: &[(String, String)]) -> (Facts, Facts) {
    (
        encoded_facts(tree, taxonomies),
        Facts::of(&facts_of(tree, taxonomies)),
    )
}

/// [`facts_of`], encoded: written straight from the tree, unless a map in it
/// has keys that lower-case alike (then from the value, which decides which
/// spelling stays).
fn encoded_facts(tree: &Node, taxonomies: &[(String, String)]) -> Facts {
    Facts::of_entries(&fact_entries(tree, taxonomies))
        .unwrap_or_else(|| Facts::of(&facts_of(tree, taxonomies)))
}

/// A scalar's value and the span of its text (inside quotes, if quoted).
fn located(page: &str, node: &Node) -> Option<Located> {
    match &node.kind {
        Kind::Str(s, _) => Some(Located {
            value: s.to_string(),
            span: crate::links::front_matter::unquoted(page, node.span.clone()),
        }),
        Kind::Int(i) => Some(Located {
            value: i.to_string(),
            span: node.span.clone(),
        }),
        _ => None,
    }
}

fn get_ci<'a>(tree: &'a Node, key: &str) -> Option<&'a Node> {
    match &tree.kind {
        Kind::Map(entries) => entries
            .iter()
            .find(|e| e.key.eq_ignore_ascii_case(key))
            .map(|e| &e.value),
        _ => None,
    }
}

pub(crate) fn check(ctx: &Context<'_>, file: &ContentFile, target: bool) -> PageResult {
    check_hashed(ctx, file, target).0
}

/// [`check`], and how the file was read (for the cache; `None`: not read).
pub(crate) fn check_hashed(
    ctx: &Context<'_>,
    file: &ContentFile,
    target: bool,
) -> (PageResult, Option<loader::AsRead>) {
    let (loaded, read) = loader::load_hashed(&file.path, &ctx.site.config.limits);
    (of_loaded(ctx, file, target, loaded), read)
}

/// [`check`] of `bytes` as the text of `file` (a version of it that is not on
/// disk, such as the last commit's).
pub(crate) fn check_bytes(
    ctx: &Context<'_>,
    file: &ContentFile,
    bytes: Vec<u8>,
    target: bool,
) -> PageResult {
    let is_html = matches!(
        file.path.extension().and_then(|e| e.to_str()),
        Some("html" | "htm")
    );
    let loaded = loader::from_file_bytes(bytes, is_html, &ctx.site.config.limits);
    of_loaded(ctx, file, target, loaded)
}

fn of_loaded(
    ctx: &Context<'_>,
    file: &ContentFile,
    target: bool,
    loaded: loader::LoadedPage,
) -> PageResult {
    let mut r = PageResult {
        file: file.clone(),
        target,
        text: String::new(),
        record: PageRecord {
            // An HTML file without front matter is a page too (Hugo publishes
            // it as it is), but its text is not checked (below).
            is_page: true,
            open_span: loaded
                .split
                .as_ref()
                .map(|s| s.open.clone())
                .unwrap_or(0..0),
            ..PageRecord::default()
        },
        diagnostics: Vec::new(),
        links: Vec::new(),
        record_digest: 0,
    };
    if target {
        r.diagnostics.extend(refused_content(ctx, file));
    }
    if !loaded.is_page {
        return r;
    }
    let (body, body_start) = loaded.body();
    // A shortcode that writes the page's own values writes no heading when they hold none.
    let plain_values = !ctx.anchors.shortcodes.is_empty() && body.contains("{{%");
    let param_keys = if target {
        crate::links::params::param_keys(body)
    } else {
        Vec::new()
    };
    let page_rules;
    let anchors = if plain_values || !param_keys.is_empty() {
        let fm = loaded
            .split
            .as_ref()
            .map_or("", |s| &loaded.text[s.content.clone()]);
        let mut rules = ctx.anchors.clone();
        if plain_values {
            rules.page_values_plain = !crate::links::shortcodes::values_may_hold_heading(fm);
        }
        if !param_keys.is_empty() {
            let fm = loaded
                .tree
                .as_ref()
                .map(|t| into_lower_keys(t.to_value()))
                .unwrap_or_default();
            rules.params = param_keys
                .into_iter()
                .filter_map(|k| {
                    let v = crate::links::params::page_param(&k, &fm, &ctx.anchors.site_params)?;
                    Some((k, v))
                })
                .collect();
        }
        page_rules = rules;
        &page_rules
    } else {
        ctx.anchors
    };
    if target {
        (r.links, r.record.headings) =
            markdown::links_and_headings(body, body_start, Some(anchors));
    } else {
        r.record.headings = markdown::anchor_ids(body, anchors);
    }
    r.record.anchorless =
        r.record.headings.is_empty() && markdown::surely_anchorless(body, anchors);
    r.record.includes = markdown::included_files(body, anchors);
    if let Some(tree) = &loaded.tree {
        r.record.url = get_ci(tree, "url").and_then(|n| located(&loaded.text, n));
        r.record.slug = get_ci(tree, "slug").and_then(|n| located(&loaded.text, n));
        if let Some(Kind::Seq(items)) = get_ci(tree, "aliases").map(|n| &n.kind) {
            r.record.aliases = items
                .iter()
                .filter_map(|n| located(&loaded.text, n))
                .collect();
        }
        for key in &ctx.site.config.unique {
            if let Some(l) = tree.get(key).and_then(|n| located(&loaded.text, n)) {
                r.record.unique.push((key.clone(), l));
            }
        }
        // A target is validated against its schema.
        if let Some(split) = loaded.split.as_ref().filter(|_| target) {
            let ty = page_type(tree.get("type").and_then(|n| n.as_str()), &file.rel);
            let kind = crate::types::PageKind::of(&file.rel, &ctx.site.hugo.taxonomies);
            let schema = ctx.schemas.select(&file.rel, &ty, kind);
            r.diagnostics
                .extend(messages::validate(schema, tree, split, &loaded.text));
        }
        r.record.facts = encoded_facts(tree, &ctx.site.hugo.taxonomies);
        if target {
            r.links
                .extend(front_matter_links(&loaded.text, tree, ctx.url_keys));
        }
    }
    if target {
        r.diagnostics.extend(loaded.diagnostics);
        r.record.has_suppressions = super::suppress::has_marker(&loaded.text);
        // The text is needed again only to place diagnostics; a page that has
        // none yet is re-read if link checks find some (keeps memory flat).
        if !r.diagnostics.is_empty() || r.record.has_suppressions {
            r.text = loaded.text;
        }
    }
    // Kept until the end of the run for every page of the site: no spare capacity.
    r.links.shrink_to_fit();
    r.record.headings.shrink_to_fit();
    r
}

/// Hugo's refusal of the file's media type (`security.allowContent`).
fn refused_content(ctx: &Context<'_>, file: &ContentFile) -> Option<Diagnostic> {
    let media_type = crate::hugo::security::media_type(&file.path)?;
    let policy = &ctx.site.hugo.allow_content;
    if policy.accepts(media_type) {
        return None;
    }
    let message = format!(
        "access denied: \"{media_type}\" is not whitelisted in policy \"security.allowContent\""
    );
    let help = if media_type == "text/html" {
        "Hugo stops the build here; write the page in Markdown, or let HTML content through with `allowContent = ['! ^text/org$']` under `[security]` in the site config"
            .to_string()
    } else {
        format!(
            "Hugo stops the build here; the site config's security.allowContent ({}) lets no \"{media_type}\" through",
            policy.patterns().join(", ")
        )
    };
    Some(rules::CONTENT_NOT_ALLOWED.at(0..0, message).with_help(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types() {
        assert_eq!(page_type(Some("outcomes"), "x/y.md"), "outcomes");
        assert_eq!(page_type(None, "outcomes/a/index.md"), "outcomes");
        assert_eq!(page_type(None, "about.md"), "page");
    }

    #[test]
    fn facts_are_the_keys_the_index_reads() {
        let page = "title: A\ntags: [x, y]\nBuild: {list: never}\nsections:\n  - type: quote\nmixed: [1, [2]]\nsitemap: {priority: 0.5}\ndraft: true\nSlug: s\ndescription: d\nseries: [one]\ncategories: {a: 1}\n";
        let tree = crate::load::yaml::parse(page, 0..page.len(), Default::default())
            .unwrap()
            .unwrap();
        let taxonomies = [
            ("tag".to_string(), "tags".to_string()),
            ("category".to_string(), "categories".to_string()),
        ];
        let facts = facts_of(&tree, &taxonomies);
        let keys: Vec<&String> = facts.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["title", "tags", "build", "sitemap", "draft", "slug"]);
    }

    #[test]
    fn fact_keys_in_any_case_first_spelling_wins() {
        let page = "TITLE: A\ntitle: B\nPublishDate: 2024-01-02\nDraft: true\nTags: [x]\nÜber: 1\n\u{212A}ey: k\n";
        let tree = crate::load::yaml::parse(page, 0..page.len(), Default::default())
            .unwrap()
            .unwrap();
        let taxonomies = [
            ("tag".to_string(), "tags".to_string()),
            ("key".to_string(), "keys".to_string()),
            ("kind".to_string(), "key".to_string()),
        ];
        let facts = facts_of(&tree, &taxonomies);
        // The Kelvin sign lower-cases to an ASCII `k`.
        assert_eq!(
            facts,
            serde_json::json!({"title": "A", "publishdate": "2024-01-02", "draft": true, "tags": ["x"], "key": "k"})
        );
    }

    #[test]
    fn index_names_are_ascii_lower_case() {
        for names in [
            INDEX_OBJECTS,
            INDEX_SCALARS,
            crate::hugo::site_index::DATE_KEYS,
        ] {
            for n in names {
                assert!(
                    n.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()),
                    "{n}"
                );
            }
        }
    }

    /// `encoded_facts` against encoding `facts_of`'s value, on `text`.
    fn same_facts_both_ways(text: &str, taxonomies: &[(String, String)]) {
        let page = loader::from_bytes(text.as_bytes().to_vec(), false, &Default::default());
        if let Some(tree) = &page.tree {
            let (direct, via_value) = facts_both_ways(tree, taxonomies);
            assert_eq!(direct.bytes(), via_value.bytes(), "{text}");
        }
    }

    #[test]
    fn facts_written_from_the_tree_are_the_facts_of_the_value() {
        let taxonomies = [
            ("tag".to_string(), "tags".to_string()),
            ("category".to_string(), "Categories".to_string()),
        ];
        for text in [
            "---\n---\n",
            "---\ntitle: A\nTags: [x, 2, -3, 4.5, .nan, .inf, -.inf, -0.0, true, null, ~]\ndraft: yes\n---\n",
            "---\nBuild: {List: never, render: Link, publishResources: false}\nbuild: {list: always}\n---\n",
            "---\ncascade:\n  - _target: {path: /a/**, Kind: page}\n    Params: {Deep: {Deeper: [1, {X: 2}]}}\n  - title: t\n---\n",
            "---\nsitemap: {priority: 0.5, changefreq: weekly}\noutputs: [html, RSS]\ndate: 2024-01-02\n---\n",
            "---\nslug: 18446744073709551615\nurl: -9223372036854775808\naliases: [/a/, /b/]\n---\n",
            // Keys that lower-case alike inside a value: the value path decides.
            "---\nbuild: {list: never, List: always}\n---\n",
            "---\ncascade: {Title: a, title: b, TITLE: c}\n---\n",
            "---\ncascade: {\u{212A}ey: a, key: b}\n---\n",
            // And at the top: the first spelling stays.
            "---\nTITLE: A\ntitle: B\nSlug: s\nslug: t\n---\n",
            "+++\ntitle = \"T\"\ntags = [\"a\", 1]\n[build]\nList = \"never\"\n+++\n",
            "{\"title\": \"J\", \"cascade\": {\"A\": {\"B\": [1.5, -1]}}}\n",
        ] {
            same_facts_both_ways(text, &taxonomies);
        }
        // And every fixture page.
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        let mut pages = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        same_facts_both_ways(&text, &taxonomies);
                        pages += 1;
                    }
                }
            }
        }
        assert!(pages > 50, "{pages}");
    }
}
