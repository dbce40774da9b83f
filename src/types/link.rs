//! A link found in a page, and what it resolved to.

use std::ops::Range;

/// Where and how a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LinkKind {
    /// A string under a URL-holding front matter key (`url:`, `link:` …).
    FrontMatterUrl,
    /// `[text](url)` in Markdown (in the body or inside a front matter string).
    Markdown,
    /// `![alt](src)`.
    Image,
    /// `[label]: url` reference definition.
    Reference,
    /// `<https://…>` autolink.
    Autolink,
    /// `href`/`src` attribute in raw HTML.
    HtmlAttr,
    /// `{{< ref "…" >}}`.
    Ref,
    /// `{{< relref "…" >}}`.
    Relref,
    /// A shortcode argument its template writes as it is into `href=`/`src=`
    /// (Hugo's `figure` `link`, a site's `{{ .Get "url" }}`).
    ShortcodeArg,
    /// A shortcode argument its template looks up as a resource first (the
    /// page's, then `assets/`) and else writes as it is: `figure`'s `src`.
    ShortcodeResource,
}

/// One link found in a page.
///
/// Every link of every page is kept until the site's links are resolved
/// (5 or so a page: on a site of a million pages, most of the memory after
/// loading), so a link is small: the destination and the text share one
/// allocation, and the spans are 32-bit offsets (a page is at most
/// `limits.max_file_size`, 16 MiB by default; larger offsets saturate).
#[derive(Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (escapes resolved), then the link text,
    /// then the language (see [`Link::lang`]).
    chars: Box<str>,
    /// Where the destination ends in `chars`.
    url_end: u32,
    /// `chars` has a link text after the destination (it may be empty).
    has_text: bool,
    /// The length of the language at the end of `chars` (0: none).
    lang_len: u8,
    pub kind: LinkKind,
    /// Byte span of the destination text in the page file.
    span: [u32; 2],
    /// See [`Link::defined_at`].
    defined_at: Option<[u32; 2]>,
    /// Rendered as the home page's text (a shortcode's inner text through
    /// `markdownify`): a link hook looks its destination up from the home page.
    pub(crate) from_home: bool,
}

/// A byte offset as a link keeps it.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

fn packed(r: &Range<usize>) -> [u32; 2] {
    [offset(r.start), offset(r.end)]
}

fn range([start, end]: [u32; 2]) -> Range<usize> {
    start as usize..end as usize
}

impl Link {
    pub(crate) fn new(url: impl Into<String>, span: Range<usize>, kind: LinkKind) -> Self {
        let url: String = url.into();
        Link {
            url_end: offset(url.len()),
            chars: url.into_boxed_str(),
            has_text: false,
            lang_len: 0,
            kind,
            span: packed(&span),
            defined_at: None,
            from_home: false,
        }
    }

    /// A link with its text (which may be empty).
    pub(crate) fn with_text(url: &str, text: &str, span: Range<usize>, kind: LinkKind) -> Self {
        let mut link = Link::new(String::new(), span, kind);
        link.set(url, Some(text), None);
        link
    }

    /// The destination as written (escapes resolved).
    pub fn url(&self) -> &str {
        self.chars.get(..self.url_end as usize).unwrap_or_default()
    }

    /// Link text, when there is one.
    pub fn text(&self) -> Option<&str> {
        let end = self.chars.len() - usize::from(self.lang_len);
        self.has_text.then(|| {
            self.chars
                .get(self.url_end as usize..end)
                .unwrap_or_default()
        })
    }

    /// The language a `ref`/`relref` looks its page up in (its `lang`
    /// argument), when it is not the page's own.
    pub(crate) fn lang(&self) -> Option<&str> {
        let start = self.chars.len() - usize::from(self.lang_len);
        (self.lang_len > 0).then(|| self.chars.get(start..).unwrap_or_default())
    }

    /// Byte span of the destination text in the page file.
    pub fn span(&self) -> Range<usize> {
        range(self.span)
    }

    /// For a reference-style use (`[text][label]`, `[label]`): the span of the
    /// destination in the `[label]: url` definition it resolved to, while
    /// `span` is the label at the place of use. `None` for everything else.
    pub fn defined_at(&self) -> Option<Range<usize>> {
        self.defined_at.map(range)
    }

    fn set(&mut self, url: &str, text: Option<&str>, lang: Option<&str>) {
        // A language code longer than 255 bytes names no language of a site.
        let lang = lang.filter(|l| l.len() <= usize::from(u8::MAX));
        let mut chars =
            String::with_capacity(url.len() + text.map_or(0, str::len) + lang.map_or(0, str::len));
        chars.push_str(url);
        chars.push_str(text.unwrap_or_default());
        chars.push_str(lang.unwrap_or_default());
        self.url_end = offset(url.len());
        self.has_text = text.is_some();
        self.lang_len = lang.map_or(0, |l| l.len() as u8);
        self.chars = chars.into_boxed_str();
    }

    pub(crate) fn set_url(&mut self, url: &str) {
        let text = self.text().map(str::to_string);
        let lang = self.lang().map(str::to_string);
        self.set(url, text.as_deref(), lang.as_deref());
    }

    pub(crate) fn set_text(&mut self, text: Option<&str>) {
        let url = self.url().to_string();
        let lang = self.lang().map(str::to_string);
        self.set(&url, text, lang.as_deref());
    }

    /// Sets the language (see [`Link::lang`]); an empty one is none.
    pub(crate) fn set_lang(&mut self, lang: Option<&str>) {
        let url = self.url().to_string();
        let text = self.text().map(str::to_string);
        self.set(&url, text.as_deref(), lang.filter(|l| !l.is_empty()));
    }

    pub(crate) fn set_span(&mut self, span: Range<usize>) {
        self.span = packed(&span);
    }

    pub(crate) fn set_defined_at(&mut self, at: Option<Range<usize>>) {
        self.defined_at = at.as_ref().map(packed);
    }
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("url", &self.url())
            .field("span", &self.span())
            .field("kind", &self.kind)
            .field("text", &self.text())
            .field("defined_at", &self.defined_at())
            .field("from_home", &self.from_home)
            .field("lang", &self.lang())
            .finish()
    }
}

/// A link as the page cache stores it (the fields of the link as it was
/// before it was made compact).
#[derive(serde::Serialize)]
struct Stored<'a> {
    url: &'a str,
    span: Range<usize>,
    kind: LinkKind,
    text: Option<&'a str>,
    defined_at: Option<Range<usize>>,
    from_home: bool,
    lang: Option<&'a str>,
}

/// [`Stored`], read back.
#[derive(serde::Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
struct Read {
    url: String,
    span: Range<usize>,
    kind: LinkKind,
    text: Option<String>,
    defined_at: Option<Range<usize>>,
    from_home: bool,
    lang: Option<String>,
}

impl serde::Serialize for Link {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Stored {
            url: self.url(),
            span: self.span(),
            kind: self.kind,
            text: self.text(),
            defined_at: self.defined_at(),
            from_home: self.from_home,
            lang: self.lang(),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Link {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = Read::deserialize(d)?;
        let mut link = Link::new(String::new(), r.span, r.kind);
        link.set(&r.url, r.text.as_deref(), r.lang.as_deref());
        link.set_defined_at(r.defined_at);
        link.from_home = r.from_home;
        Ok(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_keeps_its_parts_in_little_room() {
        assert!(std::mem::size_of::<Link>() <= 48);
        let mut l = Link::new("/a/", 3..6, LinkKind::Markdown);
        assert_eq!((l.url(), l.text(), l.span()), ("/a/", None, 3..6));
        l.set_text(Some("the a"));
        l.set_url("/b/#x");
        l.set_defined_at(Some(10..20));
        assert_eq!((l.url(), l.text()), ("/b/#x", Some("the a")));
        assert_eq!(l.defined_at(), Some(10..20));
        l.set_text(Some(""));
        assert_eq!(l.text(), Some(""));
        l.set_span(1..usize::MAX);
        assert_eq!(l.span(), 1..u32::MAX as usize);
        l.set_lang(Some("pt-br"));
        assert_eq!(
            (l.url(), l.text(), l.lang()),
            ("/b/#x", Some(""), Some("pt-br"))
        );
        l.set_url("/b/");
        l.set_text(Some("b"));
        assert_eq!(
            (l.url(), l.text(), l.lang()),
            ("/b/", Some("b"), Some("pt-br"))
        );
        l.set_lang(Some(""));
        assert_eq!(l.lang(), None);
        l.set_url("/b/#x");
        l.set_text(Some(""));
        // Stored as it was before it was made compact.
        let bytes = postcard::to_allocvec(&l).unwrap();
        let old = postcard::to_allocvec(&Read {
            url: "/b/#x".into(),
            span: 1..u32::MAX as usize,
            kind: LinkKind::Markdown,
            text: Some(String::new()),
            defined_at: Some(10..20),
            from_home: false,
            lang: None,
        });
        assert_eq!(Some(&bytes), old.as_ref().ok());
        assert_eq!(postcard::from_bytes::<Link>(&bytes).ok(), Some(l.clone()));
        l.set_lang(Some("de"));
        let bytes = postcard::to_allocvec(&l).unwrap();
        assert_eq!(postcard::from_bytes::<Link>(&bytes).ok(), Some(l));
    }
}

/// What one link leads to. Site paths are relative to the baseURL (the path a
/// file has below Hugo's `public/` dir): `/blog/post/`, `/img/a.png`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Nothing to check (`javascript:`, empty).
    Skip,
    /// Another site or protocol: counted, not fetched.
    External,
    /// `#id` on the page itself; `ok` is false when its body has headings and none has that id.
    SameFragment { fragment: String, ok: bool },
    /// A page of the site.
    Page {
        site_path: String,
        fragment: Option<String>,
        /// False when the target's body has headings and none has the fragment's id.
        fragment_ok: bool,
        draft: bool,
    },
    /// A page Hugo gives a URL but does not render (`build.render: link`):
    /// nothing is published at `site_path`.
    Unrendered { site_path: String },
    /// An alias (a redirect page) of the page at `canonical`; the fragment is
    /// looked for on that page, where the redirect leads.
    Alias {
        site_path: String,
        canonical: String,
        fragment: Option<String>,
        /// False when the page's body has headings and none has the fragment's id.
        fragment_ok: bool,
    },
    /// A `static/` file or a page bundle resource.
    File { site_path: String },
    /// Nothing has this path. `site_path` is `None` when a root or absolute
    /// link lies outside the baseURL's path.
    Broken { site_path: Option<String> },
    /// Nothing of the site has this path, but a `_redirects` file sends it to `target`.
    Redirect { site_path: String, target: String },
    /// A `ref`/`relref` shortcode; `site_path` is `None` when it names no content file.
    Ref {
        site_path: Option<String>,
        fragment: Option<String>,
        fragment_ok: bool,
    },
}

/// One link of a page and what it resolved to (see [`crate::check::Request::links`]).
#[derive(Debug, Clone)]
pub struct LinkRecord {
    /// The page's file, relative to its content dir.
    pub file: String,
    /// The page's own site path, when it has one.
    pub page_url: Option<String>,
    pub url: String,
    pub kind: LinkKind,
    pub span: Range<usize>,
    pub resolution: Resolution,
}
