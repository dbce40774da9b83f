//! Classifying and normalising link URLs.
//!
//! Pure string functions: no file system, no network.

use percent_encoding::percent_decode_str;

/// What kind of target a link URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// Nothing to check: empty, `javascript:`, `data:`, …
    Skip,
    /// Another site or another protocol (`https://other/`, `mailto:`, `tel:`).
    External { scheme: String },
    /// Only a fragment (`#id`): an anchor on the same page. Percent-decoded.
    Fragment(String),
    /// A page or file of this site.
    Internal(Internal),
}

/// How an internal link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `/docs/x/`.
    Root,
    /// `x/`, `../x/`, `./x.png`: relative to the page's own URL.
    Relative,
    /// `https://<site host>/docs/x/` or `//<site host>/…`.
    Absolute,
}

/// An internal link split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Internal {
    pub form: Form,
    /// The path, percent-decoded (for `Absolute`: the path after the host).
    pub path: String,
    /// The query without `?`, as written.
    pub query: Option<String>,
    /// The fragment without `#`, percent-decoded.
    pub fragment: Option<String>,
}

/// Schemes that never name a checkable resource.
const SKIP_SCHEMES: &[&str] = &["javascript", "data", "about", "blob"];

/// Classify `url` (as written in the page, surrounding whitespace ignored).
/// `site_hosts` are the host names (optionally with port) the site is served
/// from, compared case-insensitively, e.g. the host of `baseURL`.
pub fn classify(url: &str, site_hosts: &[String]) -> Class {
    classify_on(url, site_hosts, None)
}

/// [`classify`] on a site served over `site_scheme` (`https` for a `baseURL`
/// of `https://…`). A browser reads `https:/path` or `https:path` (the
/// scheme without `//`) on a page of that scheme as a link on the same host
/// (the URL standard's "special relative" parsing): `https:/x` is the site's
/// `/x`. Of another scheme, it names the host after the slashes.
pub(crate) fn classify_on(url: &str, site_hosts: &[String], site_scheme: Option<&str>) -> Class {
    let url = url.trim();
    if url.is_empty() {
        return Class::Skip;
    }
    if let Some(frag) = url.strip_prefix('#') {
        return Class::Fragment(decode(frag));
    }
    if let Some(scheme) = scheme_of(url) {
        let lower = scheme.to_ascii_lowercase();
        if SKIP_SCHEMES.contains(&lower.as_str()) {
            return Class::Skip;
        }
        if lower == "http" || lower == "https" {
            let rest = &url[scheme.len() + 1..];
            if let Some(after) = rest.strip_prefix("//") {
                if let Some(internal) = on_site(after, site_hosts) {
                    return Class::Internal(internal);
                }
            } else if !rest.starts_with('\\')
                && site_scheme.is_some_and(|s| s.eq_ignore_ascii_case(&lower))
            {
                let (path, query, fragment) = split(rest);
                let form = if path.starts_with('/') {
                    // The host is the page's own, as for `https://<site host>/…`.
                    Form::Absolute
                } else {
                    Form::Relative
                };
                return Class::Internal(Internal {
                    form,
                    path: decode(path),
                    query: query.map(str::to_string),
                    fragment: fragment.map(decode),
                });
            }
        }
        return Class::External { scheme: lower };
    }
    if let Some(after) = url.strip_prefix("//") {
        return match on_site(after, site_hosts) {
            Some(internal) => Class::Internal(internal),
            None => Class::External {
                scheme: String::new(),
            },
        };
    }
    let (path, query, fragment) = split(url);
    let form = if path.starts_with('/') {
        Form::Root
    } else {
        Form::Relative
    };
    Class::Internal(Internal {
        form,
        path: decode(path),
        query: query.map(str::to_string),
        fragment: fragment.map(decode),
    })
}

/// The scheme of an absolute URL (`https` in `https://…`), if it has one.
pub fn scheme_of(url: &str) -> Option<&str> {
    // The scheme characters up to the first `:`; scanning stops at the first
    // other character (`/` at once for a root-relative path).
    let colon = url
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))?;
    let scheme = &url[..colon];
    // A one-letter "scheme" is a Windows drive (`C:\…`), not a URL scheme.
    if url.as_bytes()[colon] != b':'
        || scheme.len() < 2
        || !scheme.as_bytes()[0].is_ascii_alphabetic()
    {
        return None;
    }
    Some(scheme)
}

/// `host[:port]/path?q#f` after `//`: internal if the host is the site's.
fn on_site(after: &str, site_hosts: &[String]) -> Option<Internal> {
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host_no_port = host.split(':').next().unwrap_or(host);
    let matches = site_hosts.iter().any(|h| {
        let h = h.trim().trim_end_matches('/');
        h.eq_ignore_ascii_case(host) || (!h.contains(':') && h.eq_ignore_ascii_case(host_no_port))
    });
    if !matches {
        return None;
    }
    let (path, query, fragment) = split(&after[end..]);
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        decode(path)
    };
    Some(Internal {
        form: Form::Absolute,
        path,
        query: query.map(str::to_string),
        fragment: fragment.map(decode),
    })
}

/// Split `path?query#fragment`.
pub fn split(url: &str) -> (&str, Option<&str>, Option<&str>) {
    // One pass over the bytes: most URLs are short, and a searcher set up
    // for each of `#` and `?` cost more than the search.
    let (mut query, mut fragment) = (None, None);
    for (i, &c) in url.as_bytes().iter().enumerate() {
        if c == b'#' {
            fragment = Some(i);
            break;
        }
        if c == b'?' && query.is_none() {
            query = Some(i);
        }
    }
    let rest = fragment.map_or(url, |i| &url[..i]);
    let fragment = fragment.map(|i| &url[i + 1..]);
    match query {
        Some(i) => (&rest[..i], Some(&rest[i + 1..]), fragment),
        None => (rest, None, fragment),
    }
}

/// Percent-decode (invalid UTF-8 is replaced, never an error).
pub fn decode(s: &str) -> String {
    if s.as_bytes().contains(&b'%') {
        percent_decode_str(s).decode_utf8_lossy().into_owned()
    } else {
        s.to_string()
    }
}

/// Resolve a relative `path` against the URL path of the page it appears on
/// (`/a/b/` + `../c/` → `/a/c/`), as a browser would: relative to the
/// directory of `page_path` (everything up to its last `/`). A root-relative
/// `path` is returned normalised. The result is normalised with [`normalize`].
pub fn resolve(page_path: &str, path: &str) -> String {
    if path.starts_with('/') {
        return normalize(path);
    }
    let dir = match page_path.rfind('/') {
        Some(i) => &page_path[..=i],
        None => "/",
    };
    if path.is_empty() {
        return normalize(page_path);
    }
    let root = if dir.starts_with('/') { "" } else { "/" };
    normalize(&[root, dir, path].concat())
}

/// Normalise a root-relative URL path so equal targets compare equal:
/// duplicate slashes collapsed, `.`/`..` segments removed (never above the
/// root), a trailing `index.html`/`index.htm` dropped, and a trailing slash
/// added when the last segment has no file extension (`/a/b` → `/a/b/`,
/// `/img/x.png` unchanged). The path should already be percent-decoded.
pub fn normalize(path: &str) -> String {
    if is_normal(path) {
        return path.to_string();
    }
    normalize_segments(path)
}

/// [`normalize`], segment by segment.
fn normalize_segments(path: &str) -> String {
    let mut segs: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == "..";
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let mut dir = trailing;
    if let Some(last) = segs.last() {
        // Only a final `index.html` names a directory's index page: in
        // `/a/index.html/` it is a directory (dropping it there would make
        // normalising twice differ from normalising once).
        if !trailing
            && (last.eq_ignore_ascii_case("index.html") || last.eq_ignore_ascii_case("index.htm"))
        {
            segs.pop();
            dir = true;
        } else if !trailing && !last.contains('.') {
            dir = true;
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for s in &segs {
        out.push('/');
        out.push_str(s);
    }
    if segs.is_empty() || dir {
        out.push('/');
    }
    out
}

/// Whether [`normalize`] gives `path` back as it is: rooted, no empty,
/// `.` or `..` segment, and a trailing slash unless the last segment has a
/// file extension (and is no `index.html`/`index.htm`). Most site paths are.
fn is_normal(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let b = rest.as_bytes();
    let mut start = 0;
    for i in 0..=b.len() {
        if i < b.len() && b[i] != b'/' {
            continue;
        }
        let seg = &b[start..i];
        if i == b.len() {
            // After the last `/`: nothing (a folder), or a file name.
            return seg.is_empty()
                || (seg != b"."
                    && seg != b".."
                    && seg.contains(&b'.')
                    && !seg.eq_ignore_ascii_case(b"index.html")
                    && !seg.eq_ignore_ascii_case(b"index.htm"));
        }
        if seg.is_empty() || seg == b"." || seg == b".." {
            return false;
        }
        start = i + 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        vec!["example.org".to_string(), "localhost:1313".to_string()]
    }

    fn internal(url: &str) -> Internal {
        match classify(url, &hosts()) {
            Class::Internal(i) => i,
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn external_and_skip() {
        assert_eq!(
            classify("https://other.com/x", &hosts()),
            Class::External {
                scheme: "https".into()
            }
        );
        assert_eq!(
            classify("mailto:a@b.c", &hosts()),
            Class::External {
                scheme: "mailto".into()
            }
        );
        assert_eq!(
            classify("tel:+123", &hosts()),
            Class::External {
                scheme: "tel".into()
            }
        );
        assert_eq!(
            classify("//cdn.other.com/x.js", &hosts()),
            Class::External {
                scheme: String::new()
            }
        );
        assert_eq!(classify("", &hosts()), Class::Skip);
        assert_eq!(classify("  ", &hosts()), Class::Skip);
        assert_eq!(classify("javascript:void(0)", &hosts()), Class::Skip);
        assert_eq!(classify("DATA:image/png;base64,xx", &hosts()), Class::Skip);
    }

    #[test]
    fn fragments() {
        assert_eq!(
            classify("#intro", &hosts()),
            Class::Fragment("intro".into())
        );
        assert_eq!(
            classify("#%C3%BCber", &hosts()),
            Class::Fragment("über".into())
        );
    }

    #[test]
    fn scheme_without_slashes_is_on_the_pages_host() {
        let on = |url: &str, scheme| classify_on(url, &hosts(), scheme);
        let Class::Internal(i) = on("https:/x.org?keep=no#top", Some("https")) else {
            panic!("not internal");
        };
        assert_eq!(
            (
                i.form,
                i.path.as_str(),
                i.query.as_deref(),
                i.fragment.as_deref()
            ),
            (Form::Absolute, "/x.org", Some("keep=no"), Some("top"))
        );
        let Class::Internal(i) = on("HTTPS:notes/a.md", Some("https")) else {
            panic!("not internal");
        };
        assert_eq!((i.form, i.path.as_str()), (Form::Relative, "notes/a.md"));
        // Another scheme than the site's: the host follows the slashes.
        assert_eq!(
            on("http:/x.org", Some("https")),
            Class::External {
                scheme: "http".into()
            }
        );
        // No baseURL scheme known: left alone, as before.
        assert_eq!(
            on("https:/x.org", None),
            Class::External {
                scheme: "https".into()
            }
        );
    }

    #[test]
    fn internal_forms() {
        let i = internal("/docs/a%20b/?x=1#sec");
        assert_eq!(
            i,
            Internal {
                form: Form::Root,
                path: "/docs/a b/".into(),
                query: Some("x=1".into()),
                fragment: Some("sec".into())
            }
        );
        let i = internal("../c/");
        assert_eq!((i.form, i.path.as_str()), (Form::Relative, "../c/"));
        let i = internal("x.png");
        assert_eq!((i.form, i.path.as_str()), (Form::Relative, "x.png"));
        let i = internal("https://Example.org/docs/#a");
        assert_eq!(
            (i.form, i.path.as_str(), i.fragment.as_deref()),
            (Form::Absolute, "/docs/", Some("a"))
        );
        let i = internal("http://localhost:1313");
        assert_eq!((i.form, i.path.as_str()), (Form::Absolute, "/"));
        let i = internal("//example.org:8080/p/");
        assert_eq!((i.form, i.path.as_str()), (Form::Absolute, "/p/"));
        // A host with a port in the list only matches that port.
        assert!(matches!(
            classify("http://localhost:8080/", &hosts()),
            Class::External { .. }
        ));
        // Windows-ish drive letters are not schemes.
        assert_eq!(internal("c:/x").form, Form::Relative);
    }

    #[test]
    fn schemes() {
        // The code before the scan stopped at the first non-scheme character.
        fn scheme_ref(url: &str) -> Option<&str> {
            let colon = url.find(':')?;
            let scheme = &url[..colon];
            let mut chars = scheme.chars();
            let first = chars.next()?;
            if !first.is_ascii_alphabetic()
                || scheme.len() < 2
                || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            {
                return None;
            }
            Some(scheme)
        }
        let mut urls = vec![String::new()];
        for _ in 0..5 {
            urls = urls
                .iter()
                .flat_map(|u| {
                    ['a', 'B', '1', '+', '.', ':', '/', '#', 'é'].map(|c| format!("{u}{c}"))
                })
                .chain(urls.iter().cloned())
                .collect();
            urls.sort();
            urls.dedup();
        }
        for u in &urls {
            assert_eq!(scheme_of(u), scheme_ref(u), "{u:?}");
        }
        assert_eq!(scheme_of("https://x.org/"), Some("https"));
        assert_eq!(scheme_of("C:\\x"), None);
    }

    #[test]
    fn resolving() {
        assert_eq!(resolve("/a/b/", "../c/"), "/a/c/");
        assert_eq!(resolve("/a/b/", "c"), "/a/b/c/");
        assert_eq!(resolve("/a/b/", "./img.png"), "/a/b/img.png");
        assert_eq!(resolve("/a/b.html", "c.html"), "/a/c.html");
        assert_eq!(resolve("/a/", "../../../x/"), "/x/");
        assert_eq!(resolve("/a/b/", ".."), "/a/");
        assert_eq!(resolve("/a/b/", ""), "/a/b/");
        assert_eq!(resolve("/a/b/", "/root//x"), "/root/x/");
    }

    #[test]
    fn normalising() {
        assert_eq!(normalize("/"), "/");
        assert_eq!(normalize(""), "/");
        assert_eq!(normalize("//a///b"), "/a/b/");
        assert_eq!(normalize("/a/index.html"), "/a/");
        assert_eq!(normalize("/index.html"), "/");
        assert_eq!(normalize("/a/./b/../c/"), "/a/c/");
        assert_eq!(normalize("/img/x.png"), "/img/x.png");
        // Found by fuzzing (url_resolve): normalising must be idempotent.
        for p in [
            "/a/b//index.htm//index.html",
            "/index.html/index.html",
            "/a/index.html/",
        ] {
            let n = normalize(p);
            assert_eq!(normalize(&n), n, "{p}");
        }
        assert_eq!(normalize("/a/index.html/"), "/a/index.html/");
        assert_eq!(normalize("/a/index.htm/index.html"), "/a/index.htm/");
    }

    proptest::proptest! {
        #[test]
        fn a_path_taken_as_normal_is_what_normalising_gives(
            segs in proptest::collection::vec("(|\\.|\\.\\.|a|b\\.png|index\\.html|INDEX\\.HTM|\\.x|x\\.)", 0..5),
            rooted: bool,
            slash: bool,
        ) {
            let mut p = if rooted { "/".to_string() } else { String::new() };
            p.push_str(&segs.join("/"));
            if slash {
                p.push('/');
            }
            proptest::prop_assert_eq!(normalize(&p), normalize_segments(&p), "{}", p);
        }
    }
}
