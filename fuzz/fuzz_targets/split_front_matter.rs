#![no_main]
//! Splitting front matter from the body: every range in bounds, on char
//! boundaries, in order; never a panic.

mod common;
use common::check_span;
use frontlint::load::front_matter::{split, SplitError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match split(text) {
        Ok(s) => {
            check_span(text, &s.open, "open");
            check_span(text, &s.content, "content");
            check_span(text, &s.body, "body");
            assert!(s.open.start <= s.content.start, "{s:?}");
            assert!(s.content.end <= s.body.start, "{s:?}");
            assert_eq!(s.body.end, text.len());
        }
        Err(SplitError::Unterminated { open, .. }) => check_span(text, &open, "open"),
        Err(SplitError::Missing) => {}
    }
});
