#![no_main]
//! TOML and JSON front matter → span tree: spans valid, `locate` exact, errors in bounds.

mod common;
use common::{check_span, check_tree};
use frontlint::load::json_front_matter::{self, JsonError};
use frontlint::load::toml_front_matter;
use frontlint::load::yaml::{TreeLimits, YamlError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // TOML between `+++` fences.
    let page = format!("+++\n{text}\n+++\nbody\n");
    let range = 4..4 + text.len() + 1;
    let limits = TreeLimits {
        max_depth: 32,
        max_nodes: 10_000,
    };
    match toml_front_matter::parse(&page, range, limits) {
        Ok(root) => check_tree(&page, &root),
        Err(e) => check_span(&page, &e.span, "toml error"),
    }
    // JSON as the whole front matter, after a body-free page start.
    for (page, start) in [(text.to_string(), 0), (format!("\u{feff}{text}\n"), 3)] {
        let end = start + text.len();
        let limits = TreeLimits {
            max_depth: 32,
            max_nodes: 10_000,
        };
        match json_front_matter::parse(&page, start..end, limits) {
            Ok(root) => check_tree(&page, &root),
            Err(JsonError::Syntax { span, .. }) => check_span(&page, &span, "json error"),
            Err(JsonError::Yaml(e)) => match e {
                YamlError::DuplicateKey { first, second, .. } => {
                    check_span(&page, &first, "dup first");
                    check_span(&page, &second, "dup second");
                }
                YamlError::TooDeep { span, .. } | YamlError::TooManyNodes { span, .. } => {
                    check_span(&page, &span, "limit")
                }
                other => panic!("unexpected JSON error {other:?}"),
            },
        }
    }
});
