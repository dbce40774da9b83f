//! Checks shared by the fuzz targets.
#![allow(dead_code)]

use frontlint::load::tree::{escape_pointer_token, Kind, Node};
use std::ops::Range;

/// A span must lie within `text` and start and end on character boundaries.
#[track_caller]
pub fn check_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} out of bounds (len {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
}

/// Every node of the tree with its JSON pointer and the span of its key.
pub fn nodes(root: &Node) -> Vec<(String, &Node, Option<&Range<usize>>)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Node, Option<&Range<usize>>)> = vec![(String::new(), root, None)];
    while let Some((ptr, node, key)) = stack.pop() {
        match &node.kind {
            Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((format!("{ptr}/{i}"), item, None));
                }
            }
            Kind::Map(entries) => {
                for e in entries {
                    stack.push((
                        format!("{ptr}/{}", escape_pointer_token(&e.key)),
                        &e.value,
                        Some(&e.key_span),
                    ));
                }
            }
            _ => {}
        }
        out.push((ptr, node, key));
    }
    out
}

/// Every span of the tree is valid, and `locate` finds every node exactly.
/// `unique_keys`: whether keys of one mapping are known to be distinct.
pub fn check_tree(text: &str, root: &Node) {
    for (ptr, node, key) in nodes(root) {
        check_span(text, &node.span, &format!("value at {ptr:?}"));
        if let Some(k) = key {
            check_span(text, k, &format!("key at {ptr:?}"));
        }
        let l = root.locate(&ptr);
        assert!(l.exact, "locate({ptr:?}) is not exact");
        assert!(
            std::ptr::eq(l.node, node),
            "locate({ptr:?}) found another node"
        );
        assert_eq!(l.key_span, key, "locate({ptr:?}) key span");
    }
    let _ = root.to_value();
}
