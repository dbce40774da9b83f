//! Resolving every internal link of a page against the site index.

use super::page::PageResult;
use crate::diagnostic::Diagnostic;
use crate::hugo::{SiteIndex, Target};
use crate::links::url::{self, Class, Form};
use crate::links::{Link, LinkKind};
use crate::rules::default_severity;
use std::collections::HashSet;
use std::path::PathBuf;

/// How many URL comparisons "did you mean" may make for one page's broken links.
const SUGGEST_BUDGET: usize = 1_000_000;

/// Everything link resolution looks at, built once per site.
pub struct Resolver<'a> {
    pub index: &'a SiteIndex,
    pub results: &'a [PageResult],
    /// Index page → position in `results` (for its headings and file).
    pub result_of_page: Vec<Option<usize>>,
    /// Host names (with port) the site is served from, from `baseURL`.
    pub hosts: Vec<String>,
    /// `static/` directories, absolute.
    pub static_dirs: Vec<PathBuf>,
    /// Every URL and alias of the site, for "did you mean".
    pub known_urls: Vec<String>,
    /// `known_urls` lower-cased, for case mistakes.
    pub known_lower: HashSet<String>,
}

fn diag(code: &'static str, link: &Link, msg: String) -> Diagnostic {
    Diagnostic::new(code, default_severity(code), link.span.clone(), msg)
}

fn describe(link: &Link) -> String {
    match link
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(t) => format!("link \"{}\" → \"{}\"", short(t), link.url),
        None => format!("link \"{}\"", link.url),
    }
}

fn short(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 50 {
        format!("{}…", s.chars().take(50).collect::<String>())
    } else {
        s
    }
}

impl Resolver<'_> {
    /// The headings of an index page's content file (None: not a content page).
    fn headings_of(&self, page: usize) -> Option<&[String]> {
        self.result_of_page
            .get(page)
            .copied()
            .flatten()
            .map(|r| self.results[r].headings.as_slice())
    }

    fn display_of(&self, page: usize) -> String {
        match self.result_of_page.get(page).copied().flatten() {
            Some(r) => self.results[r].file.rel.clone(),
            None => self.index.pages()[page].url.clone().unwrap_or_default(),
        }
    }

    /// Check one page's links. Returns its diagnostics and how many external links it has.
    pub fn check(&self, page: &PageResult, own: Option<usize>) -> (Vec<Diagnostic>, usize) {
        let mut out = Vec::new();
        let mut external = 0;
        let mut suggest_budget = SUGGEST_BUDGET;
        let own_url = own.and_then(|p| self.index.pages()[p].url.clone());
        for link in &page.links {
            if matches!(link.kind, LinkKind::Ref | LinkKind::Relref) {
                self.check_ref(page, link, &mut out);
                continue;
            }
            match url::classify(&link.url, &self.hosts) {
                Class::Skip => {}
                Class::External { .. } => external += 1,
                Class::Fragment(f) => {
                    // `#` alone is "top of the page".
                    if !f.is_empty() && !page.headings.is_empty() && !page.headings.contains(&f) {
                        out.push(self.fragment_diag(link, &f, &page.headings, "this page"));
                    }
                }
                Class::Internal(i) => {
                    let (path, found) = match i.form {
                        Form::Root | Form::Absolute => {
                            (i.path.clone(), self.index.lookup_href(&i.path))
                        }
                        Form::Relative => match &own_url {
                            Some(base) => {
                                let p = url::resolve(base, &i.path);
                                let t = self.index.lookup(&p);
                                (p, t)
                            }
                            None => continue,
                        },
                    };
                    match found {
                        Some(Target::Page(p)) => {
                            let pg = &self.index.pages()[p];
                            if pg.draft {
                                out.push(diag("link-broken", link, format!("{} leads to a draft page ({}), which Hugo does not publish", describe(link), self.display_of(p))).with_label("draft target").with_help("publish the target page (remove `draft: true`) or link elsewhere"));
                            } else if let Some(f) = i.fragment.as_ref().filter(|f| !f.is_empty()) {
                                self.check_fragment(link, p, f, &mut out);
                            }
                        }
                        Some(Target::Alias(p)) => {
                            let canonical = self.index.pages()[p].url.clone().unwrap_or_default();
                            out.push(
                                diag(
                                    "link-alias",
                                    link,
                                    format!(
                                        "{} goes to an alias of {}",
                                        describe(link),
                                        self.display_of(p)
                                    ),
                                )
                                .with_label("alias")
                                .with_help(format!("link to the page's URL instead: {canonical}")),
                            );
                        }
                        None => {
                            if !self.is_file(&path) {
                                out.push(self.broken(link, &path, &mut suggest_budget));
                            }
                        }
                    }
                }
            }
        }
        (out, external)
    }

    fn check_fragment(&self, link: &Link, page: usize, fragment: &str, out: &mut Vec<Diagnostic>) {
        // Pages whose body has no headings get their anchors from templates: not checked.
        if let Some(headings) = self.headings_of(page) {
            if !headings.is_empty() && !headings.iter().any(|h| h == fragment) {
                out.push(self.fragment_diag(link, fragment, headings, &self.display_of(page)));
            }
        }
    }

    fn fragment_diag(
        &self,
        link: &Link,
        fragment: &str,
        headings: &[String],
        target: &str,
    ) -> Diagnostic {
        let near = crate::suggest::did_you_mean(fragment, headings.iter().map(String::as_str));
        let help = match near {
            Some(h) => format!("did you mean \"#{h}\"?"),
            None => format!(
                "headings of {target}: {}",
                headings
                    .iter()
                    .take(8)
                    .map(|h| format!("#{h}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        diag(
            "link-fragment",
            link,
            format!("{}: no heading \"#{fragment}\" on {target}", describe(link)),
        )
        .with_label("unknown fragment")
        .with_help(help)
    }

    fn check_ref(&self, page: &PageResult, link: &Link, out: &mut Vec<Diagnostic>) {
        let (path, _, fragment) = url::split(&link.url);
        let path = path.trim();
        if path.is_empty() {
            return;
        }
        let dir = page.file.rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let relative = if path.starts_with('/') || dir.is_empty() {
            None
        } else {
            Some(format!("{dir}/{path}"))
        };
        let found = relative
            .as_deref()
            .and_then(|p| self.index.by_content_path(p))
            .or_else(|| self.index.by_content_path(path));
        match found {
            Some(p) => {
                if let Some(f) = fragment {
                    self.check_fragment(link, p, f, out);
                }
            }
            None => {
                let kind = if link.kind == LinkKind::Ref {
                    "ref"
                } else {
                    "relref"
                };
                let mut d = diag(
                    "link-broken",
                    link,
                    format!("{kind} \"{path}\" names no content file; Hugo will fail the build"),
                )
                .with_label("no such page");
                let paths: Vec<&str> = self
                    .results
                    .iter()
                    .filter(|r| r.is_page)
                    .map(|r| r.file.rel.as_str())
                    .collect();
                if let Some(s) =
                    crate::suggest::nearest(path.trim_start_matches('/'), paths, 1).first()
                {
                    d = d.with_help(format!("did you mean \"{s}\"?"));
                }
                out.push(d);
            }
        }
    }

    /// A file in `static/`, or a resource of a page bundle.
    fn is_file(&self, path: &str) -> bool {
        let rel = path.trim_start_matches('/');
        if rel.is_empty() || rel.contains("..") {
            return false;
        }
        if self.static_dirs.iter().any(|d| d.join(rel).is_file()) {
            return true;
        }
        // A bundle resource is published beside its page: /a/b/img.png → the bundle of /a/b/.
        let (parent, name) = match path.trim_end_matches('/').rsplit_once('/') {
            Some((p, n)) if !n.is_empty() => (format!("{p}/"), n),
            _ => return false,
        };
        if let Some(Target::Page(p)) = self.index.lookup(&parent) {
            if let Some(r) = self.result_of_page.get(p).copied().flatten() {
                let file = &self.results[r].file.path;
                let is_bundle = file.file_stem().and_then(|s| s.to_str()).is_some_and(|s| {
                    s == "index"
                        || s == "_index"
                        || s.starts_with("index.")
                        || s.starts_with("_index.")
                });
                if is_bundle {
                    if let Some(dir) = file.parent() {
                        return dir.join(name).is_file();
                    }
                }
            }
        }
        false
    }

    /// A broken-link diagnostic. "Did you mean" compares the path with every
    /// known URL; `budget` (comparisons left for this page) bounds that work,
    /// so a page with thousands of broken links on a site with tens of
    /// thousands of URLs still finishes quickly. Per page, so deterministic.
    fn broken(&self, link: &Link, path: &str, budget: &mut usize) -> Diagnostic {
        let lower = path.to_lowercase();
        let want =
            if lower.ends_with('/') || lower.rsplit('/').next().is_some_and(|s| s.contains('.')) {
                lower.clone()
            } else {
                format!("{lower}/")
            };
        // Only scan for the spelling when the set says a case variant exists.
        let case_hit = (self.known_lower.contains(&want) || self.known_lower.contains(&lower))
            .then(|| {
                self.known_urls
                    .iter()
                    .find(|u| u.to_lowercase() == want || u.to_lowercase() == lower)
                    .cloned()
            })
            .flatten();
        let mut d = diag(
            "link-broken",
            link,
            format!(
                "{} leads nowhere: no page, section, file or alias has the URL \"{path}\"",
                describe(link)
            ),
        )
        .with_label("broken link");
        if let Some(u) = case_hit
            .filter(|_| self.known_lower.contains(&want) || self.known_lower.contains(&lower))
        {
            d = d.with_help(format!("URLs are case-sensitive; did you mean \"{u}\"?"));
        } else if *budget >= self.known_urls.len() {
            *budget -= self.known_urls.len();
            let near =
                crate::suggest::nearest_urls(path, self.known_urls.iter().map(String::as_str), 3);
            if !near.is_empty() {
                d = d.with_help(format!(
                    "did you mean {}?",
                    near.iter()
                        .map(|u| format!("\"{u}\""))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
        }
        d
    }
}
