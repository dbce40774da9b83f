//! The site index of the last run that built one, so that a run whose pages
//! all have the URL facts they had (after an edit to a page's body, say) does
//! not build it again.
//!
//! An index is a function of the Hugo config (part of the run fingerprint) and
//! of every page's content path, language and facts, in order; the file is
//! stored under a hash of those ([`key`]) and used only for that hash.
//!
//! ```text
//! "FLINDEX3"  fingerprint: u64  key: u64  checksum: u64 (xxh3 of the rest)
//! postcard: the pages, the content paths, their mounts, the base path
//! ```
//!
//! A file that is truncated, has another fingerprint or key, or fails its
//! checksum or its decoding is not used.

use super::{read_sealed, write_sealed};
use crate::hugo::site_index::Page;
use crate::hugo::{PageInput, SiteIndex};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::Path;

const MAGIC: &[u8; 8] = b"FLINDEX3";
const FILE_PREFIX: &str = "index-";

/// The stored index: borrowed from the index when saving, owned when loading.
#[derive(Serialize, Deserialize)]
struct File<'a> {
    pages: Cow<'a, [Page]>,
    inputs: Cow<'a, [String]>,
    mounts: Cow<'a, [u32]>,
    base_path: Cow<'a, str>,
}

/// What the index built from `inputs` in a run with `fingerprint` is stored
/// under; `digests` are the [`Facts::digest`](crate::types::Facts::digest)s
/// of the inputs' facts (taken when a page is loaded and kept with it in the
/// page cache, so that no facts need be at hand), in order.
pub(crate) fn key(fingerprint: u64, inputs: &[PageInput], digests: &[u64]) -> u64 {
    debug_assert_eq!(inputs.len(), digests.len());
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&fingerprint.to_le_bytes());
    h.update(&(inputs.len() as u64).to_le_bytes());
    for (i, digest) in inputs.iter().zip(digests) {
        h.update(i.path.as_bytes());
        h.update(b"\0");
        h.update(i.lang.as_deref().unwrap_or("").as_bytes());
        h.update(b"\0");
        h.update(&i.mount.to_le_bytes());
        h.update(&digest.to_le_bytes());
    }
    h.digest()
}

/// The index stored for `key`, if there is one to trust.
pub(crate) fn load(dir: &Path, fingerprint: u64, key: u64) -> Option<SiteIndex> {
    let body = read_sealed(dir, MAGIC, FILE_PREFIX, &[fingerprint, key])?;
    let file: File = postcard::from_bytes(&body).ok()?;
    // Every page's content file must be one of the inputs.
    let fits = file
        .pages
        .iter()
        .all(|p| p.input.is_none_or(|i| i < file.inputs.len()))
        && (file.mounts.is_empty() || file.mounts.len() == file.inputs.len());
    fits.then(|| {
        SiteIndex::from_pages(
            file.pages.into_owned(),
            file.inputs.into_owned(),
            file.mounts.into_owned(),
            file.base_path.into_owned(),
        )
    })
}

/// Store `index` under `key` (failures are ignored: a cache is an
/// optimisation), and remove indexes stored for other fingerprints.
pub(crate) fn save(dir: &Path, fingerprint: u64, key: u64, index: &SiteIndex) {
    let (pages, inputs, mounts, base_path) = index.parts();
    let Ok(body) = postcard::to_allocvec(&File {
        pages: Cow::Borrowed(pages),
        inputs: Cow::Borrowed(inputs),
        mounts: Cow::Borrowed(mounts),
        base_path: Cow::Borrowed(base_path),
    }) else {
        return;
    };
    write_sealed(dir, MAGIC, FILE_PREFIX, &[fingerprint, key], &body);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hugo::HugoConfig;

    fn inputs(title: &str) -> Vec<PageInput> {
        ["_index.md", "blog/first.md", "blog/second/index.md"]
            .iter()
            .map(|p| PageInput {
                path: p.to_string(),
                mount: 0,
                lang: None,
                front_matter: serde_json::json!({ "title": title, "aliases": ["/old/"] }),
            })
            .collect()
    }

    #[test]
    fn a_stored_index_comes_back_whole_for_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = HugoConfig::default();
        let key_of = |fingerprint, inputs: &[PageInput]| {
            let digests: Vec<u64> = inputs
                .iter()
                .map(|i| crate::types::Facts::of(&i.front_matter).digest())
                .collect();
            key(fingerprint, inputs, &digests)
        };
        let k = key_of(7, &inputs("A"));
        assert_eq!(k, key_of(7, &inputs("A")));
        assert_ne!(k, key_of(7, &inputs("B")), "facts are part of the key");
        assert_ne!(k, key_of(8, &inputs("A")), "so is the fingerprint");
        let mut moved = inputs("A");
        moved[1].path = "blog/other.md".into();
        assert_ne!(k, key_of(7, &moved), "and every page's path");
        let built = SiteIndex::build(&cfg, inputs("A"));
        save(dir.path(), 7, k, &built);
        let back = load(dir.path(), 7, k).unwrap();
        assert_eq!(back.pages(), built.pages());
        for url in ["/", "/blog/", "/blog/first/", "/blog/second/", "/old/"] {
            assert_eq!(back.lookup(url), built.lookup(url), "{url}");
        }
        assert_eq!(
            back.by_content_path("blog/first.md"),
            built.by_content_path("blog/first.md")
        );
        assert!(load(dir.path(), 7, k ^ 1).is_none());
        assert!(load(dir.path(), 8, k).is_none());
        let path = dir.path().join(format!("{FILE_PREFIX}{:016x}.bin", 7));
        crate::cache::assert_damage_is_refused(&path, || load(dir.path(), 7, k).is_some());
    }
}
