//! Links: finding them in pages, and resolving them against the site index.

pub(crate) mod anchors;
pub mod front_matter;
pub(crate) mod included_files;
pub mod markdown;
pub(crate) mod params;
mod prefilter;
pub(crate) mod redirects;
pub(crate) mod render_hook;
pub(crate) mod shortcodes;
mod template_text;
pub mod url;

pub use crate::types::LinkKind;
