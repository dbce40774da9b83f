#![no_main]
//! YAML front matter → span tree: every span in bounds and on char
//! boundaries, `locate` exact for every pointer, single-line plain scalars'
//! spans equal to their value; errors in bounds too. The YAML is parsed both
//! as a whole text and as the front matter of a page (after `---`, with a BOM
//! and CRLF fence), as `load::page` does.

mod common;
use common::{check_span, check_tree, nodes};
use frontlint::load::tree::{Kind, StrStyle};
use frontlint::load::yaml::{parse, TreeLimits, YamlError};
use libfuzzer_sys::fuzz_target;

fn check(page: &str, start: usize) {
    let limits = TreeLimits {
        max_depth: 32,
        max_nodes: 10_000,
    };
    match parse(page, start..page.len(), limits) {
        Ok(Some(root)) => {
            check_tree(page, &root);
            for (ptr, node, _) in nodes(&root) {
                if let Kind::Str(value, StrStyle::Plain) = &node.kind {
                    let src = &page[node.span.clone()];
                    // An alias (`*x`) is a copy of its anchor's value at the alias's span.
                    if !src.contains(['\n', '\r']) && !src.starts_with('*') {
                        assert_eq!(src, value, "plain scalar at {ptr:?}");
                    }
                }
            }
        }
        Ok(None) => {}
        Err(e) => {
            let spans = match &e {
                YamlError::Syntax { span, .. }
                | YamlError::TooDeep { span, .. }
                | YamlError::TooManyNodes { span, .. }
                | YamlError::ComplexKey { span }
                | YamlError::UnknownAlias { span } => vec![span.clone()],
                YamlError::DuplicateKey { first, second, .. } => vec![first.clone(), second.clone()],
            };
            for s in &spans {
                check_span(page, s, &format!("{e:?}"));
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check(text, 0);
    let page = format!("---\n{text}");
    check(&page, 4);
    let page = format!("\u{feff}---\r\n{text}");
    check(&page, 8);
});
