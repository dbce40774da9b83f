//! "Did you mean …?" for a `ref`/`relref` that names no content file.
//!
//! Scoring every content file for every broken ref makes a large site with
//! many of them quadratic. A large site's files are indexed instead: a
//! broken ref scores the files of its folder, of the bundle it names and of
//! its folder's bundles that are closest to it in length, at most
//! [`MAX_SCORED`] of them, and the files that share a rare word of its file
//! name with it.

use rustc_hash::FxHashMap;

use super::{nearest, slug_words, COMMON_WORD};

/// A site with at most this many content files is scanned whole, as before
/// there was an index: the same suggestion as scoring every file.
const SCAN_ALL: usize = 2 * COMMON_WORD;

/// The most files of a folder one broken ref scores.
const MAX_SCORED: usize = 256;

/// Files sharing a word with the ref are added until there are this many.
const MAX_WITH_WORDS: usize = 4 * MAX_SCORED;

/// The content files of a site (paths relative to a content dir).
#[derive(Debug, Default)]
pub(crate) struct PathIndex {
    /// Sorted, without duplicates: a smaller id is a smaller path.
    paths: Vec<String>,
    /// Folder (lower case, `a/b/`; `""` at the root) → its files, by length then id.
    by_dir: FxHashMap<String, Vec<u32>>,
    /// Folder → the files of its subfolders (bundles and their sections), likewise.
    by_parent_dir: FxHashMap<String, Vec<u32>>,
    /// Word of a file name (lower case) → files, by id.
    by_word: FxHashMap<String, Vec<u32>>,
}

/// The folder of a (lower-case, relative) path, with its trailing `/`.
fn dir_of(path: &str) -> &str {
    match path.trim_end_matches('/').rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    }
}

impl PathIndex {
    pub(crate) fn new(mut paths: Vec<String>) -> PathIndex {
        paths.sort_unstable();
        paths.dedup();
        let mut ix = PathIndex {
            paths,
            ..Default::default()
        };
        if ix.paths.len() <= SCAN_ALL {
            return ix;
        }
        for (i, p) in ix.paths.iter().enumerate() {
            let l = p.to_lowercase();
            let i = i as u32;
            for w in slug_words(&l) {
                ix.by_word.entry(w.to_string()).or_default().push(i);
            }
            let dir = dir_of(&l);
            ix.by_dir.entry(dir.to_string()).or_default().push(i);
            if !dir.is_empty() {
                let parent = dir_of(dir).to_string();
                ix.by_parent_dir.entry(parent).or_default().push(i);
            }
        }
        let paths = &ix.paths;
        for files in ix.by_dir.values_mut().chain(ix.by_parent_dir.values_mut()) {
            files.sort_unstable_by_key(|&i| (paths[i as usize].len(), i));
        }
        ix
    }

    /// The file closest to `want` (a content path as a ref writes it, cleaned):
    /// [`nearest`] of the candidates.
    pub(crate) fn suggest(&self, want: &str) -> Option<&str> {
        if self.paths.len() <= SCAN_ALL {
            return nearest(want, self.paths.iter().map(String::as_str), 1)
                .first()
                .copied();
        }
        let l = want.trim_start_matches('/').to_lowercase();
        let paths = &self.paths;
        // The files closest to it in length of its folder, of the bundle or
        // section it may name, and of its folder's bundles (a misspelt one).
        let mut ids: Vec<u32> = Vec::new();
        let bundle = format!("{}/", l.trim_end_matches('/'));
        let near = [
            self.by_dir.get(dir_of(&l)),
            self.by_dir.get(&bundle),
            self.by_parent_dir.get(dir_of(&l)),
        ];
        for files in near.into_iter().flatten() {
            ids.extend_from_slice(self.closest_in_length(files, want.len()));
        }
        if ids.len() > MAX_SCORED {
            ids.select_nth_unstable_by_key(MAX_SCORED, |&i| {
                (paths[i as usize].len().abs_diff(want.len()), i)
            });
            ids.truncate(MAX_SCORED);
        }
        // Files anywhere that share a word of its name (a folder that moved
        // or is misspelt), when the word is rare enough to say something.
        for w in slug_words(&l) {
            if ids.len() >= MAX_WITH_WORDS {
                break;
            }
            if let Some(files) = self.by_word.get(w).filter(|v| v.len() <= COMMON_WORD) {
                ids.extend(files);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        nearest(
            want,
            ids.iter().map(|&i| self.paths[i as usize].as_str()),
            1,
        )
        .first()
        .copied()
    }

    /// The files of `files` (by length) around length `len`: the
    /// [`MAX_SCORED`] closest in length are among them.
    fn closest_in_length<'a>(&self, files: &'a [u32], len: usize) -> &'a [u32] {
        let at = files.partition_point(|&i| self.paths[i as usize].len() < len);
        &files[at.saturating_sub(MAX_SCORED)..(at + MAX_SCORED).min(files.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` files in each of a few folders, plus a bundle.
    fn site(n: usize) -> Vec<String> {
        let mut v = Vec::new();
        for d in ["docs", "blog/2024", "notes"] {
            for i in 0..n {
                v.push(format!("{d}/entry-{i}.md"));
            }
        }
        v.push("docs/install.md".into());
        v.push("guides/getting-started/index.md".into());
        v.push("guides/getting-started/_index.md".into());
        v
    }

    fn every_file(paths: &[String], want: &str) -> Option<String> {
        nearest(want, paths.iter().map(String::as_str), 1)
            .first()
            .map(|s| s.to_string())
    }

    #[test]
    fn a_small_site_gets_what_scoring_every_file_gives() {
        let paths = site(20);
        let ix = PathIndex::new(paths.clone());
        for want in [
            "docs/instal.md",
            "/docs/install",
            "dcs/entry-3.md",
            "guides/getting-startd",
            "zzz",
        ] {
            assert_eq!(
                ix.suggest(want).map(str::to_string),
                every_file(&paths, want),
                "{want}"
            );
        }
    }

    #[test]
    fn a_large_site_finds_the_file_by_folder_or_word() {
        let paths = site(400);
        let ix = PathIndex::new(paths.clone());
        assert!(ix.paths.len() > SCAN_ALL);
        // Same folder, a letter dropped.
        assert_eq!(ix.suggest("docs/instal.md"), Some("docs/install.md"));
        // A typo in the folder: found by a word of the file name.
        assert_eq!(ix.suggest("dcs/install.md"), Some("docs/install.md"));
        // A bundle named by its folder, rightly or not.
        assert_eq!(
            ix.suggest("guides/getting-started"),
            Some("guides/getting-started/index.md")
        );
        assert_eq!(
            ix.suggest("guides/getting-startd"),
            Some("guides/getting-started/index.md")
        );
        // Where scoring every file agrees.
        for want in ["docs/instal.md", "dcs/install.md", "notes/entri-399.md"] {
            assert_eq!(
                ix.suggest(want).map(str::to_string),
                every_file(&paths, want),
                "{want}"
            );
        }
        assert_eq!(ix.suggest("zzz/qqq.txt"), None);
    }
}
