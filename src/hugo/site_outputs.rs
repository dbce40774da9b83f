//! The files Hugo writes for a whole site besides its pages' own URLs: each
//! page's other output formats, sitemaps, `robots.txt` and 404 pages. A link
//! to one of them is not broken.

use super::config::HugoConfig;
use super::outputs::{dir_of, Formats};
use super::site_index::{Page, Render, SiteIndex};
use rustc_hash::FxHashSet;

/// The files Hugo writes for a site besides its pages' own URLs (site paths,
/// relative to the baseURL): every other output format of each page, the
/// sitemaps, `robots.txt` (with `enableRobotsTXT`) and the 404 pages.
#[derive(Debug, Default)]
pub(crate) struct SiteOutputs(FxHashSet<String>);

impl SiteOutputs {
    pub(crate) fn of(cfg: &HugoConfig, index: &SiteIndex) -> SiteOutputs {
        let formats = Formats::of(cfg);
        let mut out = FxHashSet::default();
        for page in index.pages() {
            page_files(cfg, &formats, page, &mut out);
        }
        if !cfg.kind_disabled("sitemap") {
            out.insert("/sitemap.xml".to_string());
            if cfg.is_multilingual() {
                for l in &cfg.languages {
                    out.insert(format!("/{}/sitemap.xml", l.code));
                }
            }
        }
        let robots = cfg
            .raw
            .as_object()
            .and_then(|m| {
                m.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("enablerobotstxt"))
            })
            .is_some_and(|(_, v)| v.as_bool() == Some(true));
        if robots && !cfg.kind_disabled("robotstxt") {
            out.insert("/robots.txt".to_string());
        }
        // A 404 page per language, when the site has a 404 template (nearly
        // every theme does; the templates are not read).
        if !cfg.kind_disabled("404") {
            for l in &cfg.languages {
                let prefix = cfg.lang_prefix(&l.code);
                out.insert(if prefix.is_empty() {
                    "/404.html".to_string()
                } else {
                    format!("/{prefix}/404.html")
                });
            }
        }
        SiteOutputs(out)
    }

    /// The files Hugo writes for `page` besides its URL's (its other output formats).
    pub(crate) fn of_page(cfg: &HugoConfig, page: &Page) -> FxHashSet<String> {
        let mut out = FxHashSet::default();
        page_files(cfg, &Formats::of(cfg), page, &mut out);
        out
    }

    /// Whether Hugo writes a file at `site_path` (or, for a folder, its
    /// `index.html`).
    pub(crate) fn contains(&self, site_path: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let folder = site_path
            .strip_suffix("index.html")
            .filter(|f| f.ends_with('/'));
        self.0.contains(site_path)
            || folder.is_some_and(|f| self.0.contains(f))
            || (!site_path.ends_with('/') && self.0.contains(&format!("{site_path}/")))
    }
}

/// Add to `out` the files Hugo writes for `page` in its other output formats.
fn page_files(cfg: &HugoConfig, formats: &Formats, page: &Page, out: &mut FxHashSet<String>) {
    let Some(url) = page.url.as_deref() else {
        return;
    };
    if page.render != Render::Always || page.draft {
        return;
    }
    let rss_off = cfg.kind_disabled("rss");
    let names = if page.outputs.is_empty() {
        formats.of_kind(page.kind)
    } else {
        page.outputs.as_slice()
    };
    let main = formats.main(names);
    let dir = if main.is_some() {
        // The URL is the main format's file: its directory.
        match url.rfind('/') {
            Some(i) => url[..=i].to_string(),
            None => "/".to_string(),
        }
    } else {
        dir_of(url)
    };
    let prefix = cfg.lang_prefix(&page.lang);
    let lang_root = if prefix.is_empty() {
        "/".to_string()
    } else {
        format!("/{prefix}/")
    };
    for n in names {
        if (n == "html" && main.is_none()) || (n == "rss" && rss_off) {
            continue;
        }
        if let Some(f) = formats.get(n) {
            out.insert(formats.file(f, &dir, &lang_root));
        }
    }
}
