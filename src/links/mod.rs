//! Links: finding them in pages, and resolving them against the site index.

use std::ops::Range;

/// Where and how a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (escapes resolved).
    pub url: String,
    /// Byte span of the destination text in the page file.
    pub span: Range<usize>,
    pub kind: LinkKind,
    /// Link text, when there is one.
    pub text: Option<String>,
}
