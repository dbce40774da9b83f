#![no_main]
//! URL classification, normalisation and resolution never panic, and
//! normalising is idempotent.

use frontlint::links::url::{classify, decode, normalize, resolve, scheme_of, split, Class};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `page path \n url`.
    let (page, url) = text.split_once('\n').unwrap_or(("/docs/page/", text));
    let hosts = vec!["example.org".to_string(), "localhost:1313".to_string()];
    let _ = scheme_of(url);
    let _ = split(url);
    let _ = decode(url);
    if let Class::Internal(i) = classify(url, &hosts) {
        let r = resolve(page, &i.path);
        assert!(r.starts_with('/'), "resolve({page:?}, {:?}) = {r:?}", i.path);
        assert_eq!(normalize(&r), r, "resolve({page:?}, {:?}) is not normal", i.path);
    }
    for p in [url, page] {
        let n = normalize(p);
        assert!(n.starts_with('/'), "normalize({p:?}) = {n:?}");
        assert_eq!(normalize(&n), n, "normalize not idempotent on {p:?}");
        let r = resolve(page, p);
        assert_eq!(normalize(&r), r, "resolve({page:?}, {p:?}) = {r:?} is not normal");
    }
});
