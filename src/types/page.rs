//! What loading (and, for a target, checking) one page produced.

use super::{ContentFile, Facts, Link};
use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A front matter value with where it is written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Located {
    pub value: String,
    pub span: Range<usize>,
}

/// A file a shortcode call renders into its page, as the call names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Include {
    /// A file the template reads (`readFile`): its path in the content tree.
    File(String),
    /// The content of the page `GetPage` finds at this path (from the
    /// content root, or from the calling page's folder when `relative`).
    Page { path: String, relative: bool },
    /// The content of the resources of the leaf bundle `GetPage` finds at
    /// `bundle` whose names match `pattern` (`Resources.GetMatch`).
    Resource { bundle: String, pattern: String },
}

/// What every loaded page gives the site index and the links into it, target
/// or not. The page cache stores it as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct PageRecord {
    pub is_page: bool,
    /// The text has `frontlint-ignore` comments.
    pub has_suppressions: bool,
    /// The front matter keys the site index needs (scalars, lists of scalars, build options).
    pub facts: Facts,
    /// A digest of `facts` for the site index cache (see
    /// [`Facts::digest`]; 0: not taken).
    pub facts_digest: u64,
    pub headings: Vec<String>,
    /// `headings` is empty and the page surely has no anchor (see
    /// [`crate::links::markdown::surely_anchorless`]): a fragment on it is
    /// broken. False when its layout or a shortcode may write some.
    pub anchorless: bool,
    /// Files the page's shortcodes render into it: their headings are
    /// anchors of the page too.
    pub includes: Vec<Include>,
    /// The opening front matter fence (where page-level diagnostics go).
    pub open_span: Range<usize>,
    pub url: Option<Located>,
    pub slug: Option<Located>,
    pub aliases: Vec<Located>,
    /// Values of the keys config declares unique: (key, value).
    pub unique: Vec<(String, Located)>,
}

impl PageRecord {
    /// A digest of the record as the page cache stores it (its postcard
    /// bytes, [`digest_of`]), so that a cached page's is taken from its entry
    /// without encoding it again; 0 if it cannot be encoded.
    pub(crate) fn digest(&self) -> u64 {
        postcard::to_allocvec(self).map_or(0, |b| digest_of(&b))
    }
}

/// The digest of a record's encoded bytes (see [`PageRecord::digest`]).
pub(crate) fn digest_of(encoded: &[u8]) -> u64 {
    crate::base::hash::hash(encoded).max(1)
}

/// The result of loading (and, for a target, checking) one page.
#[derive(Debug, Default)]
pub(crate) struct PageResult {
    pub file: ContentFile,
    /// Reported on (false: loaded only for the site index).
    pub target: bool,
    /// The file text; kept for targets only.
    pub text: String,
    /// What the site index and links into the page need.
    pub record: PageRecord,
    /// A target's own diagnostics (empty for other pages).
    pub diagnostics: Vec<Diagnostic>,
    /// A target's links (empty for other pages).
    pub links: Vec<Link>,
    /// A digest of `record` as the page cache stores it (see
    /// [`PageRecord::digest`]; 0: not taken). Every page's, in order, tell
    /// whether the site that links resolve against is the one of the last run.
    pub record_digest: u64,
}
