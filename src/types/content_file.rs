//! A content file found by discovery.

use std::path::PathBuf;

/// A content file found by the walk.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ContentFile {
    /// Path relative to the content directory, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
    /// The language of its content directory, on a multilingual site.
    pub lang: Option<String>,
}
