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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// The destination as written (escapes resolved).
    pub url: String,
    /// Byte span of the destination text in the page file.
    pub span: Range<usize>,
    pub kind: LinkKind,
    /// Link text, when there is one.
    pub text: Option<String>,
    /// For a reference-style use (`[text][label]`, `[label]`): the span of the
    /// destination in the `[label]: url` definition it resolved to, while
    /// `span` is the label at the place of use. `None` for everything else.
    pub defined_at: Option<Range<usize>>,
    /// Rendered as the home page's text (a shortcode's inner text through
    /// `markdownify`): a link hook looks its destination up from the home page.
    pub(crate) from_home: bool,
}

impl Link {
    pub(crate) fn new(url: impl Into<String>, span: Range<usize>, kind: LinkKind) -> Self {
        Link {
            url: url.into(),
            span,
            kind,
            text: None,
            defined_at: None,
            from_home: false,
        }
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
