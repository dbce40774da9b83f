//! Code actions: the fixes of the diagnostics under the cursor (or the
//! selection). A safe fix is a preferred quick fix; an unsafe one is offered,
//! never preferred, and says so in its title.

use super::diagnostics::to_lsp;
use super::documents::Document;
use super::position::{offset_of, range_of};
use crate::diagnostic::Diagnostic;
use crate::fix::Safety;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, WorkspaceEdit};

/// The fixes of `found` (the diagnostics of `doc`'s text) whose diagnostic
/// touches `range`, safe ones first.
pub(super) fn find(doc: &Document, found: &[Diagnostic], range: Range) -> Vec<CodeActionOrCommand> {
    let start = offset_of(&doc.text, range.start);
    let end = offset_of(&doc.text, range.end).max(start);
    let mut actions: Vec<(Safety, CodeAction)> = Vec::new();
    for d in found
        .iter()
        .filter(|d| d.span.start <= end && start <= d.span.end)
    {
        for fix in &d.fixes {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: range_of(&doc.text, &e.range),
                    new_text: e.replacement.clone(),
                })
                .collect();
            let title = match fix.safety {
                Safety::Safe => fix.title.clone(),
                Safety::Unsafe => format!("{} (unsafe: check it)", fix.title),
            };
            let action = CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(d, &doc.text)]),
                edit: Some(WorkspaceEdit {
                    changes: Some([(doc.uri.clone(), edits)].into_iter().collect()),
                    ..Default::default()
                }),
                is_preferred: Some(fix.safety == Safety::Safe),
                ..Default::default()
            };
            actions.push((fix.safety, action));
        }
    }
    actions.sort_by_key(|(s, _)| *s);
    actions
        .into_iter()
        .map(|(_, a)| CodeActionOrCommand::CodeAction(a))
        .collect()
}
