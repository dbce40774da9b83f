#![no_main]
//! The YAML fast path (`load/yaml_simple.rs`) against saphyr: on every text,
//! `yaml::parse` (fast path first) must give exactly what saphyr alone gives:
//! the same tree and spans, or the same error.

use frontlint::load::yaml::{parse, parse_with_saphyr, TreeLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = TreeLimits {
        max_depth: 32,
        max_nodes: 10_000,
    };
    // Compared as printed: a `.nan` value is not equal to itself.
    assert_eq!(
        format!("{:?}", parse(text, 0..text.len(), limits)),
        format!("{:?}", parse_with_saphyr(text, 0..text.len(), limits)),
        "{text:?}"
    );
});
