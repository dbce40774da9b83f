//! Hugo's own rules: its configuration files and how it computes page URLs.

pub mod config;

pub use config::HugoConfig;

/// A page's URL as `frontlint urls` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl {
    pub path: String,
    pub url: String,
    pub aliases: Vec<String>,
}

/// Placeholder until the site index lands: no pages.
pub fn list_urls(_root: &std::path::Path) -> Result<Vec<PageUrl>, String> {
    Err("`frontlint urls` is not available yet".into())
}

pub fn format_urls(urls: &[PageUrl]) -> String {
    let mut s = String::new();
    for u in urls {
        s.push_str(&u.path);
        s.push('\t');
        s.push_str(&u.url);
        for a in &u.aliases {
            s.push('\t');
            s.push_str(a);
        }
        s.push('\n');
    }
    s
}
