//! Code actions: the fixes of the diagnostics under the cursor.

use super::documents::Document;
use crate::diagnostic::Diagnostic;
use lsp_types::{CodeActionOrCommand, Range};

pub fn find(_doc: &Document, _found: &[Diagnostic], _range: Range) -> Vec<CodeActionOrCommand> {
    Vec::new()
}
