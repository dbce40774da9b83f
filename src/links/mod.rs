//! Links: finding them in pages, and resolving them against the site index.

use std::ops::Range;

pub mod anchors;
pub mod front_matter;
pub mod markdown;
mod prefilter;
pub mod redirects;
pub mod render_hook;
pub mod url;

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
}

impl Link {
    pub fn new(url: impl Into<String>, span: Range<usize>, kind: LinkKind) -> Self {
        Link {
            url: url.into(),
            span,
            kind,
            text: None,
            defined_at: None,
        }
    }
}
