//! Links: finding them in pages, and resolving them against the site index.

pub mod anchors;
pub mod front_matter;
pub mod markdown;
mod prefilter;
pub mod redirects;
pub mod render_hook;
pub mod shortcodes;
pub mod url;

pub use crate::types::{Link, LinkKind};
