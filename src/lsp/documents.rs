//! The client's open documents: their text as the editor has it (unsaved
//! changes included), kept up to date from `didChange`.

use super::position::offset_of;
use lsp_types::{TextDocumentContentChangeEvent, Url};
use std::collections::HashMap;
use std::path::PathBuf;

pub(super) struct Document {
    pub uri: Url,
    pub path: PathBuf,
    pub version: i32,
    pub text: String,
}

#[derive(Default)]
pub(super) struct Documents {
    by_path: HashMap<PathBuf, Document>,
}

/// The local path of a `file:` URI (`None` for any other URI), made
/// canonical when it exists, as the site's walk gives paths.
pub(super) fn path_of(uri: &Url) -> Option<PathBuf> {
    let path = uri.to_file_path().ok()?;
    Some(std::fs::canonicalize(&path).unwrap_or(path))
}

impl Documents {
    pub(super) fn open(&mut self, uri: Url, version: i32, text: String) -> Option<PathBuf> {
        let path = path_of(&uri)?;
        self.by_path.insert(
            path.clone(),
            Document {
                uri,
                path: path.clone(),
                version,
                text,
            },
        );
        Some(path)
    }

    /// Apply `changes` in order (each a range edit, or the whole text).
    pub(super) fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Option<PathBuf> {
        let path = path_of(uri)?;
        let doc = self.by_path.get_mut(&path)?;
        for c in changes {
            match c.range {
                Some(range) => {
                    let start = offset_of(&doc.text, range.start);
                    let end = offset_of(&doc.text, range.end).max(start);
                    doc.text.replace_range(start..end, &c.text);
                }
                None => doc.text = c.text,
            }
        }
        doc.version = version;
        Some(path)
    }

    pub(super) fn close(&mut self, uri: &Url) -> Option<Document> {
        self.by_path.remove(&path_of(uri)?)
    }

    pub(super) fn get(&self, path: &std::path::Path) -> Option<&Document> {
        self.by_path.get(path)
    }

    pub(super) fn by_uri(&self, uri: &Url) -> Option<&Document> {
        self.by_path.get(&path_of(uri)?)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &Document> {
        self.by_path.values()
    }

    /// The unsaved text of `path`, when it is open.
    pub(super) fn text_of(&self, path: &std::path::Path) -> Option<String> {
        self.by_path.get(path).map(|d| d.text.clone())
    }
}
