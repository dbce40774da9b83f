//! Netlify-style `_redirects` files in a site's static dirs: a link to a
//! redirect's source works once the site is deployed, though Hugo publishes
//! nothing there.
//!
//! A line is `from to [status] [conditions]`; `#` starts a comment. `from` is
//! a path that may hold `:name` placeholders (one segment each) and end in `*`
//! (the rest of the path, `:splat` in `to`). Sources with query parameters,
//! hosts, or a trailing slash difference are handled as Netlify does for the
//! first two by skipping them, and by matching either way for the last.

use std::path::{Path, PathBuf};

/// The file name Netlify reads.
pub(crate) const FILE: &str = "_redirects";

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// Segments of the source path; `*` last for a splat.
    from: Vec<String>,
    pub to: String,
}

/// Every redirect of a site, in file order (the first match wins).
#[derive(Debug, Clone, Default)]
pub(crate) struct Redirects {
    rules: Vec<Redirect>,
}

impl Redirects {
    /// The `_redirects` files of `static_dirs` (site paths relative to the baseURL).
    pub(crate) fn load(static_dirs: &[PathBuf]) -> Redirects {
        let mut r = Redirects::default();
        for d in static_dirs {
            if let Ok(text) = std::fs::read_to_string(d.join(FILE)) {
                r.rules.extend(parse(&text));
            }
        }
        r
    }

    /// Where a request for `site_path` is redirected to, if anywhere.
    pub(crate) fn target(&self, site_path: &str) -> Option<String> {
        let segs = segments(site_path);
        self.rules.iter().find_map(|r| matches(r, &segs))
    }
}

/// The text of every `_redirects` file of `static_dirs`, for the run fingerprint.
pub(crate) fn digest_into(static_dirs: &[PathBuf], h: &mut String) {
    for d in static_dirs {
        let p: &Path = d;
        h.push_str(&std::fs::read_to_string(p.join(FILE)).unwrap_or_default());
        h.push('\0');
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The rules of one file's text.
pub(crate) fn parse(text: &str) -> Vec<Redirect> {
    text.lines()
        .filter_map(|line| {
            let line = line.split('#').next().unwrap_or("");
            let mut words = line.split_whitespace();
            let from = words.next()?;
            let to = words.next()?;
            // `from key=value to`: a query condition, not a plain path.
            if !from.starts_with('/') || to.contains('=') {
                return None;
            }
            Some(Redirect {
                from: segments(from).into_iter().map(str::to_string).collect(),
                to: to.to_string(),
            })
        })
        .collect()
}

/// The target of `r` for a request with these segments, placeholders filled in.
fn matches(r: &Redirect, segs: &[&str]) -> Option<String> {
    let mut to = r.to.clone();
    for (i, f) in r.from.iter().enumerate() {
        if f == "*" && i + 1 == r.from.len() {
            let rest = segs.get(i..).unwrap_or_default().join("/");
            return Some(to.replace(":splat", &rest));
        }
        let s = segs.get(i)?;
        if let Some(name) = f.strip_prefix(':') {
            to = to.replace(&format!(":{name}"), s);
        } else if f != s {
            return None;
        }
    }
    (segs.len() == r.from.len()).then_some(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_with_placeholders_and_splats() {
        let r = Redirects {
            rules: parse(
                "# moved pages\n\
                 /old-guide  /guide/  301\n\
                 /blog/:year/:slug  /posts/:slug/\n\
                 /v1/*  /archive/v1/:splat  302!\n\
                 /search q=:q  /find/:q\n\
                 https://other.example/* /x\n",
            ),
        };
        assert_eq!(r.target("/old-guide/").as_deref(), Some("/guide/"));
        assert_eq!(r.target("/old-guide").as_deref(), Some("/guide/"));
        assert_eq!(
            r.target("/blog/2024/hello/").as_deref(),
            Some("/posts/hello/")
        );
        assert_eq!(
            r.target("/v1/setup/install/").as_deref(),
            Some("/archive/v1/setup/install")
        );
        assert_eq!(r.target("/v1").as_deref(), Some("/archive/v1/"));
        assert_eq!(r.target("/blog/2024/"), None);
        assert_eq!(r.target("/search"), None);
        assert_eq!(r.target("/other"), None);
    }
}
