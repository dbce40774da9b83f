//! Compare frontlint's URLs with real Hugo's for every site under `fixtures/urls/`.
//!
//! Two oracles: `hugo list all` (its `permalink` column, for every content
//! file), and a site build with a home template that prints every page of
//! `.Site.AllPages` (so implicit sections, taxonomies and terms are checked
//! too) plus the alias redirect files Hugo writes.
//!
//! `FRONTLINT_ORACLE_SITES` (a PATH-style list of site dirs) adds sites to compare.
//!
//! Without `hugo` on PATH the test is skipped, unless `CI` is set: then it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use frontlint::hugo::list::read_site;
use frontlint::hugo::site_index::List;
use frontlint::hugo::{list_urls, HugoConfig, SiteIndex};
use frontlint::types::PageKind;

mod common;
use common::copy_dir;

fn hugo(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("hugo")
        .args(args)
        .current_dir(dir)
        .env("HUGO_ENABLEGITINFO", "false")
        .env("HUGO_NO_NETWORK", "true")
        .output()
        .expect("run hugo");
    assert!(
        out.status.success(),
        "hugo {args:?} failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Minimal CSV: fields separated by commas, double-quoted fields with `""` escapes.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The path of `permalink` below the baseURL's path (`base`: a baseURL or its path).
fn strip_base(permalink: &str, base: &str) -> String {
    if permalink.is_empty() {
        return String::new();
    }
    let path_of = |u: &str| -> String {
        match u.find("://") {
            Some(i) => u[i + 3..]
                .find('/')
                .map(|j| u[i + 3 + j..].to_string())
                .unwrap_or_default(),
            None => u.to_string(),
        }
    };
    let (permalink, base) = (path_of(permalink), path_of(base));
    let base = base.trim_end_matches('/');
    let rest = permalink.strip_prefix(base).unwrap_or(&permalink);
    if rest.is_empty() {
        "/".into()
    } else {
        rest.into()
    }
}

/// `hugo list all` vs `list_urls`: the (file, URL) pairs, each as often as
/// it is listed (a file mounted in several languages has a URL in each).
/// Returns the differences.
fn compare_list_all(site: &Path, work: &Path) -> Vec<String> {
    let cfg = HugoConfig::load(site).unwrap();
    let out = hugo(work, &["list", "all"]);
    let start = out.find("path,slug,").expect("hugo list all header");
    let rows = csv_rows(&out[start..]);
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (cp, cperm) = (col("path"), col("permalink"));
    let mut theirs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &rows[1..] {
        if r.len() > cperm {
            let want = strip_base(&r[cperm], &cfg.base_url);
            *theirs.entry((r[cp].clone(), want)).or_default() += 1;
        }
    }
    let mut ours: BTreeMap<(String, String), usize> = BTreeMap::new();
    for p in list_urls(site).unwrap() {
        if p.listed {
            *ours.entry((p.path.clone(), p.url.clone())).or_default() += 1;
        }
    }
    let mut diffs = Vec::new();
    for (k @ (path, url), n) in &theirs {
        let m = ours.get(k).copied().unwrap_or(0);
        if m != *n {
            diffs.push(format!(
                "{path}: hugo lists it at {url:?} {n} times, frontlint {m}"
            ));
        }
    }
    for (k @ (path, url), m) in &ours {
        if !theirs.contains_key(k) {
            diffs.push(format!(
                "{path}: frontlint lists it at {url:?} {m} times, hugo does not"
            ));
        }
    }
    diffs
}

const HOME_TEMPLATE: &str = "{{ range .Site.AllPages }}@@|{{ .Kind }}|{{ .Lang }}|{{ .Path }}|{{ .RelPermalink }}\n{{ end }}";

fn walk_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            walk_files(&e.path(), out);
        } else {
            out.push(e.path());
        }
    }
}

/// A full build vs `SiteIndex`: every page of every kind, and every alias.
fn compare_build(site: &Path, work: &Path) -> Vec<String> {
    let cfg = HugoConfig::load(site).unwrap();
    std::fs::create_dir_all(work.join("layouts")).unwrap();
    std::fs::write(work.join("layouts/home.html"), HOME_TEMPLATE).unwrap();
    let public = work.join("oracle-public");
    hugo(
        work,
        &[
            "--buildDrafts",
            "--buildFuture",
            "--buildExpired",
            "--quiet",
            "-d",
            public.to_str().unwrap(),
        ],
    );
    let mut files = Vec::new();
    walk_files(&public, &mut files);
    let mut hugo_pages = BTreeMap::new();
    let mut hugo_aliases = BTreeSet::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        for line in text.lines().filter_map(|l| l.trim().strip_prefix("@@|")) {
            let parts: Vec<&str> = line.split('|').collect();
            let rel = strip_base(parts[3], &cfg.base_path);
            let rel = if parts[3].is_empty() {
                String::new()
            } else {
                rel
            };
            hugo_pages.insert(
                (
                    parts[1].to_string(),
                    parts[2].to_string(),
                    parts[0].to_string(),
                ),
                rel,
            );
        }
        const REFRESH: &str = "http-equiv=\"refresh\" content=\"0; url=";
        if let Some(i) = text.find(REFRESH) {
            let rest = &text[i + REFRESH.len()..];
            let target = strip_base(&rest[..rest.find('"').unwrap()], &cfg.base_url);
            let rel = f
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let alias = match rel.strip_suffix("index.html") {
                Some(d) => format!("/{d}"),
                None => format!("/{rel}"),
            };
            hugo_aliases.insert((alias, target));
        }
    }
    let files = read_site(site, &cfg).unwrap();
    assert!(files.errors.is_empty(), "{:?}", files.errors);
    let index = SiteIndex::build(&cfg, files.inputs);
    let mut diffs = Vec::new();
    let mut ours_aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ours_keys = BTreeSet::new();
    for p in index.pages() {
        let key = (
            p.lang.clone(),
            p.hugo_path.clone(),
            p.kind.name().to_string(),
        );
        let url = p.url.clone().unwrap_or_default();
        // With `disableAliases`, Hugo writes no redirect pages for aliases
        // (a home's redirect from its language's folder stays).
        let written = !cfg.disable_aliases || p.kind == PageKind::Home;
        for a in p.aliases.iter().filter(|_| written) {
            ours_aliases
                .entry(percent_decode(a))
                .or_default()
                .insert(url.clone());
        }
        if p.list != List::Always {
            continue;
        }
        ours_keys.insert(key.clone());
        match hugo_pages.get(&key) {
            None => diffs.push(format!(
                "{key:?}: frontlint has it at {url:?}, hugo does not"
            )),
            Some(h) if *h != url => diffs.push(format!("{key:?}: hugo {h:?}, frontlint {url:?}")),
            Some(_) => {}
        }
    }
    for (key, h) in &hugo_pages {
        if !ours_keys.contains(key) {
            diffs.push(format!("{key:?}: hugo has it at {h:?}, frontlint does not"));
        }
    }
    // Several pages may claim one alias; Hugo writes one of them.
    let hugo_alias_paths: BTreeSet<&String> = hugo_aliases.iter().map(|(a, _)| a).collect();
    for (alias, target) in &hugo_aliases {
        if !ours_aliases.get(alias).is_some_and(|t| t.contains(target)) {
            diffs.push(format!(
                "alias {alias} -> {target}: frontlint has {:?}",
                ours_aliases.get(alias)
            ));
        }
    }
    for (alias, targets) in &ours_aliases {
        // An alias that is also a page's URL is overwritten by the page.
        let is_page = hugo_pages.values().any(|u| u == alias);
        if !hugo_alias_paths.contains(alias) && !is_page {
            diffs.push(format!("alias {alias} -> {targets:?}: frontlint only"));
        }
    }
    diffs
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[test]
fn urls_match_hugo() {
    if !common::hugo_or_skip() {
        return;
    }
    let mut sites = common::fixture_sites("urls");
    // Extra sites to compare, e.g. a prepared copy of a real site.
    if let Some(extra) = std::env::var_os("FRONTLINT_ORACLE_SITES") {
        sites.extend(std::env::split_paths(&extra));
    }
    let mut report = String::new();
    for site in &sites {
        // Hugo 0.168 is not always the same: where a folder's `_index.md`
        // and an `x.md` beside the folder give one page path, about one build
        // in 40 takes the `x.md` (a race in its parallel walk). So a site
        // differs only when three builds in a row differ.
        let mut diffs = Vec::new();
        for _ in 0..3 {
            let tmp = tempfile::tempdir().unwrap();
            copy_dir(site, tmp.path());
            diffs = compare_list_all(site, tmp.path());
            diffs.extend(compare_build(site, tmp.path()));
            if diffs.is_empty() {
                break;
            }
        }
        for d in diffs {
            report.push_str(&format!(
                "{}: {d}\n",
                site.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(report.is_empty(), "differences from hugo:\n{report}");
}

/// The content files Hugo refuses (`security.allowContent`) in `site`: Hugo
/// stops at the first, so each one it names is taken out and Hugo run again.
fn refused_by_hugo(site: &Path) -> BTreeSet<String> {
    let mut refused = BTreeSet::new();
    for _ in 0..50 {
        let out = Command::new("hugo")
            .args(["list", "all"])
            .current_dir(site)
            .env("HUGO_ENABLEGITINFO", "false")
            .env("HUGO_NO_NETWORK", "true")
            .output()
            .expect("run hugo");
        if out.status.success() {
            return refused;
        }
        let err = String::from_utf8_lossy(&out.stderr);
        let named = err
            .lines()
            .find(|l| l.contains("is not whitelisted in policy \"security.allowContent\""))
            .and_then(|l| l.split('"').nth(1))
            .and_then(|f| f.rsplit_once(":1:1").map(|(f, _)| f.to_string()))
            .unwrap_or_else(|| panic!("hugo failed for another reason:\n{err}"));
        let file = PathBuf::from(&named);
        let rel = file.strip_prefix(site).unwrap_or(&file);
        refused.insert(rel.to_string_lossy().replace('\\', "/"));
        std::fs::remove_file(&file).unwrap();
    }
    panic!("hugo still fails after taking out 50 files");
}

#[test]
fn content_not_allowed_names_the_files_hugo_refuses() {
    if !common::hugo_or_skip() {
        return;
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/refused-content");
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--no-cache", "--format", "short"])
        .current_dir(&fixture)
        .env_remove("FRONTLINT_CONFIG")
        .output()
        .unwrap();
    let reported: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("error[content-not-allowed]"))
        .filter_map(|l| l.split(':').next().map(str::to_string))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let site = std::fs::canonicalize(tmp.path()).unwrap();
    copy_dir(&fixture, &site);
    let refused = refused_by_hugo(&site);
    assert!(!refused.is_empty());
    assert_eq!(reported, refused);
}
