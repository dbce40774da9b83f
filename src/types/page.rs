//! What loading (and, for a target, checking) one page produced.

use super::{ContentFile, Facts, Link};
use crate::diagnostic::Diagnostic;
use std::ops::Range;

/// A front matter value with where it is written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Located {
    pub value: String,
    pub span: Range<usize>,
}

/// The result of loading (and, for a target, checking) one page.
#[derive(Debug)]
pub struct PageResult {
    pub file: ContentFile,
    /// Reported on (false: loaded only for the site index).
    pub target: bool,
    /// The file text; kept for targets only.
    pub text: String,
    /// The text has `frontlint-ignore` comments.
    pub has_suppressions: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub is_page: bool,
    /// The front matter keys the site index needs (scalars, lists of scalars, build options).
    pub facts: Facts,
    /// A digest of `facts` for the site index cache (see
    /// [`Facts::digest`]; 0: not taken).
    pub facts_digest: u64,
    pub links: Vec<Link>,
    pub headings: Vec<String>,
    /// The opening front matter fence (where page-level diagnostics go).
    pub open_span: Range<usize>,
    pub url: Option<Located>,
    pub slug: Option<Located>,
    pub aliases: Vec<Located>,
    /// Values of the keys config declares unique: (key, value).
    pub unique: Vec<(String, Located)>,
}
