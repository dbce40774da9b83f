//! "Did you mean …?": the closest known name to a misspelled one.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

mod paths;
pub(crate) use paths::PathIndex;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let score = jaro_winkler(&lower, &c.to_lowercase());
        let close = score >= 0.85
            || strsim::levenshtein(&lower, &c.to_lowercase()) <= 2.min(c.len() / 3).max(1);
        if close && best.map(|(s, _)| score > s).unwrap_or(true) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `strsim::jaro_winkler`, the same result to the bit, several times faster
/// on ASCII strings of up to 128 bytes (URLs, names): see [`jaro`].
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    let fits = |s: &str| s.is_ascii() && s.len() <= 128;
    if !(fits(a) && fits(b)) {
        return strsim::jaro_winkler(a, b);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let sim = jaro(a, b);
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// strsim's `generic_jaro` for ASCII strings of at most 128 bytes, with sets of
/// positions as bits of a `u128`: the match of `a[i]` (the first unmatched
/// equal byte of `b` within `range` of `i`) is the lowest bit of the positions
/// of that byte in `b`, less those matched, inside the window.
fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    } else if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // The positions below `n`.
    let below = |n: usize| if n >= 128 { !0 } else { (1_u128 << n) - 1 };
    let mut positions = [0_u128; 128];
    for (j, &c) in b.iter().enumerate() {
        positions[usize::from(c)] |= 1 << j;
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_matched, mut b_matched) = (0_u128, 0_u128);
    for (i, &c) in a.iter().enumerate() {
        let window = below(b.len().min(i + range + 1)) & !below(i.saturating_sub(range));
        let free = positions[usize::from(c)] & !b_matched & window;
        if free != 0 {
            a_matched |= 1 << i;
            b_matched |= 1 << free.trailing_zeros();
        }
    }
    let matches = a_matched.count_ones() as usize;
    if matches == 0 {
        return 0.0;
    }
    // Pair the matched bytes of `a` and of `b` in order: half the pairs
    // that differ are transpositions.
    let mut transpositions = 0_usize;
    while a_matched != 0 {
        let (i, j) = (a_matched.trailing_zeros(), b_matched.trailing_zeros());
        if a[i as usize] != b[j as usize] {
            transpositions += 1;
        }
        a_matched &= a_matched - 1;
        b_matched &= b_matched - 1;
    }
    transpositions /= 2;
    ((matches as f64 / a.len() as f64)
        + (matches as f64 / b.len() as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// Up to `n` candidates closest to `word`, best first (for "nearest existing URLs").
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &'a str)> = candidates
        .into_iter()
        .map(|c| (jaro_winkler(word, c), c))
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(b.1))
    });
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Up to `n` site URLs closest to a broken link's `path`, best first. A URL
/// scores high when its whole path is close, or when the words of its last
/// segment contain the words of the link's (a slug that gained or lost a word).
pub(crate) fn nearest_urls<'a>(
    path: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let want = path.to_lowercase();
    let want_words = slug_words(&want);
    let mut scored: Vec<(f64, &'a str)> = candidates
        .into_iter()
        .map(|c| {
            let lc = c.to_lowercase();
            let whole = jaro_winkler(&want, &lc);
            let words = slug_words(&lc);
            let overlap = if want_words.is_empty() || words.is_empty() {
                0.0
            } else {
                let common = want_words.iter().filter(|w| words.contains(w)).count() as f64;
                // Overlap of the smaller set, discounted by the words the other side adds.
                let min = want_words.len().min(words.len()) as f64;
                let max = want_words.len().max(words.len()) as f64;
                common / min * (0.9 + 0.1 * min / max)
            };
            (whole.max(overlap), c)
        })
        .filter(|(s, _)| *s >= 0.85)
        .collect();
    scored.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(b.1))
    });
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// The site's URLs, indexed so that a broken link's suggestions look at a few
/// plausible candidates (same parent, a shared slug word) rather than every URL.
#[derive(Debug, Default)]
pub(crate) struct UrlIndex {
    urls: Vec<String>,
    /// Length of each URL's last segment.
    slug_lens: Vec<u32>,
    // Only looked up, never iterated: the fast hasher cannot change an answer.
    lower: FxHashMap<String, u32>,
    by_word: FxHashMap<String, Vec<u32>>,
    by_parent: FxHashMap<String, Vec<u32>>,
}

/// Add `i` to the list of `key`, copying the key only when it is new.
fn push_at(map: &mut FxHashMap<String, Vec<u32>>, key: &str, i: u32) {
    match map.get_mut(key) {
        Some(v) => v.push(i),
        None => {
            map.insert(key.to_string(), vec![i]);
        }
    }
}

/// A word shared by more URLs than this says nothing about which one was meant.
const COMMON_WORD: usize = 256;

fn parent_of(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    match t.rfind('/') {
        Some(i) => &t[..=i],
        None => "/",
    }
}

impl UrlIndex {
    pub(crate) fn new(urls: Vec<String>) -> UrlIndex {
        let mut ix = UrlIndex {
            urls,
            ..Default::default()
        };
        ix.slug_lens.reserve(ix.urls.len());
        ix.lower.reserve(ix.urls.len());
        let lowered: Vec<String> = ix.urls.par_iter().map(|u| u.to_lowercase()).collect();
        for (i, l) in lowered.into_iter().enumerate() {
            let i = i as u32;
            ix.slug_lens.push(slug_len(&l) as u32);
            for w in slug_words(&l) {
                push_at(&mut ix.by_word, w, i);
            }
            push_at(&mut ix.by_parent, parent_of(&l), i);
            ix.lower.entry(l).or_insert(i);
        }
        // By slug length, so a lookup reads only the few closest in length of
        // a crowded section (see `closest_in_length`), not the whole section.
        let lens = &ix.slug_lens;
        for ids in ix.by_parent.values_mut() {
            ids.sort_unstable_by_key(|&i| (lens[i as usize], i));
        }
        ix
    }

    /// The URL that differs from `path` only in letter case (or a missing trailing slash).
    pub(crate) fn case_insensitive(&self, path: &str) -> Option<&str> {
        let l = path.to_lowercase();
        let with_slash = format!("{}/", l.trim_end_matches('/'));
        self.lower
            .get(&l)
            .or_else(|| self.lower.get(&with_slash))
            .map(|&i| self.urls[i as usize].as_str())
    }

    /// Up to `n` URLs close to `path` (see [`nearest_urls`]).
    pub(crate) fn nearest(&self, path: &str, n: usize) -> Vec<&str> {
        match self.candidates(&path.to_lowercase()) {
            None => nearest_urls(path, self.urls.iter().map(String::as_str), n),
            Some(ids) => nearest_urls(path, ids.iter().map(|&i| self.urls[i as usize].as_str()), n),
        }
    }

    /// The URLs `nearest` scores for `l` (a lower-case path): those of its
    /// section and those sharing a rare word with it, at most [`MAX_SCORED`];
    /// None: every URL (a small site where nothing is near).
    fn candidates(&self, l: &str) -> Option<Vec<u32>> {
        let want = slug_len(l) as u32;
        let mut ids: Vec<u32> = self
            .by_parent
            .get(parent_of(l))
            .map(|files| self.closest_in_length(files, want))
            .unwrap_or_default();
        for w in slug_words(l) {
            if let Some(v) = self.by_word.get(w).filter(|v| v.len() <= COMMON_WORD) {
                ids.extend(v);
            }
        }
        if ids.is_empty() && self.urls.len() <= 2 * COMMON_WORD {
            return None;
        }
        ids.sort_unstable();
        ids.dedup();
        // Bound the work for a crowded section: keep the candidates whose last
        // segment is closest in length (a cheap stand-in before Jaro-Winkler).
        if ids.len() > MAX_SCORED {
            let lens = &self.slug_lens;
            ids.select_nth_unstable_by_key(MAX_SCORED, |&i| (lens[i as usize].abs_diff(want), i));
            ids.truncate(MAX_SCORED);
        }
        Some(ids)
    }

    /// Of a section's URLs (`files`, by slug length then id), a few that hold
    /// the [`MAX_SCORED`] first by (distance of slug length from `want`, id):
    /// the same ones `nearest` would keep from the whole section, read in time
    /// that does not grow with the section.
    fn closest_in_length(&self, files: &[u32], want: u32) -> Vec<u32> {
        let len = |i: u32| self.slug_lens[i as usize];
        let at = files.partition_point(|&i| len(i) < want);
        let (shorter, rest) = files.split_at(at);
        // At least as long: already in order.
        let mut ids: Vec<u32> = rest[..rest.len().min(MAX_SCORED)].to_vec();
        // Shorter: by length down, and within a length by id (its start).
        let (mut end, mut taken) = (shorter.len(), 0);
        while end > 0 && taken < MAX_SCORED {
            let l = len(shorter[end - 1]);
            let start = shorter[..end].partition_point(|&i| len(i) < l);
            let group = &shorter[start..end];
            let take = group.len().min(MAX_SCORED - taken);
            ids.extend_from_slice(&group[..take]);
            taken += take;
            end = start;
        }
        ids
    }
}

/// The most URLs one broken link's suggestions score.
const MAX_SCORED: usize = 256;

/// The one candidate a broken `path` clearly meant, if exactly one is: in
/// the same folder (case aside), a last segment one character off (added,
/// dropped or changed; case aside) or with the same words in another order
/// or with other separators (`seed_trays` for `trays-seed`).
pub(crate) fn clearly_meant<'a>(
    path: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let want = path.to_lowercase();
    let folder = |p: &str| -> String {
        let t = p.trim_end_matches('/');
        t[..t.rfind('/').map_or(0, |i| i + 1)].to_string()
    };
    let sorted_words = |p: &str| -> Vec<String> {
        let mut w: Vec<String> = slug_words(p).into_iter().map(str::to_owned).collect();
        w.sort();
        w
    };
    let (want_folder, want_words) = (folder(&want), sorted_words(&want));
    let mut found: Option<&'a str> = None;
    for c in candidates {
        let lc = c.to_lowercase();
        if lc == want && c == path {
            continue;
        }
        // Only the last segment may differ: `/en/…` for `/bn/…` is another
        // language's page, not a typo.
        if folder(&lc) != want_folder {
            continue;
        }
        let one_edit = strsim::levenshtein(&want, &lc) <= 1;
        let same_words = !want_words.is_empty() && sorted_words(&lc) == want_words;
        if one_edit || same_words {
            if found.is_some_and(|f| f != c) {
                return None;
            }
            found = Some(c);
        }
    }
    found
}

/// The last segment of a path: `b` in `/a/b/`.
fn last_segment(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    &path[path.rfind('/').map_or(0, |i| i + 1)..]
}

fn slug_len(path: &str) -> usize {
    last_segment(path).len()
}

/// The words of a path's last segment, between `-`, `_` and `.`.
fn slug_words(path: &str) -> Vec<&str> {
    let last = last_segment(path);
    // Cut at the bytes of the (ASCII) separators, always character boundaries.
    let mut words = Vec::new();
    let mut start = 0;
    for (i, b) in last.bytes().enumerate() {
        if matches!(b, b'-' | b'_' | b'.') {
            if i > start {
                words.push(&last[start..i]);
            }
            start = i + 1;
        }
    }
    if start < last.len() {
        words.push(&last[start..]);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `candidates` as it was when it read the whole section: every URL of
    /// the section and the rare-word ones, the first [`MAX_SCORED`] by
    /// (distance of slug length, id).
    fn candidates_reading_the_whole_section(ix: &UrlIndex, l: &str) -> Vec<u32> {
        let want = slug_len(l) as u32;
        let mut ids: Vec<u32> = (0..ix.urls.len() as u32)
            .filter(|&i| parent_of(&ix.urls[i as usize].to_lowercase()) == parent_of(l))
            .collect();
        for w in slug_words(l) {
            if let Some(v) = ix.by_word.get(w).filter(|v| v.len() <= COMMON_WORD) {
                ids.extend(v);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids.sort_by_key(|&i| (ix.slug_lens[i as usize].abs_diff(want), i));
        ids.truncate(MAX_SCORED);
        ids.sort_unstable();
        ids
    }

    #[test]
    fn a_crowded_section_scores_the_urls_the_whole_section_would_give() {
        // Groups of one slug length larger than MAX_SCORED on both sides of
        // the wanted length, a few odd lengths, a rare word, another section.
        let mut urls: Vec<String> = Vec::new();
        for i in 0..700 {
            urls.push(format!("/s/page-{i:04}/"));
            urls.push(format!("/s/long-page-{i:04}/"));
            urls.push(format!("/other/page-{i:04}/"));
        }
        for i in 0..40 {
            urls.push(format!("/s/{}-{i}/", "x".repeat(i % 13 + 1)));
        }
        urls.push("/s/zebra-crossing/".into());
        urls.sort_unstable();
        let ix = UrlIndex::new(urls);
        for want in [
            "/s/page-0042x/",
            "/s/pag-0042/",
            "/s/long-page-0700/",
            "/s/long-page-0700-and-more/",
            "/s/p/",
            "/s/x/",
            "/s/zebra/",
            "/s/very-long-page-0001/",
            "/nowhere/page-0001/",
        ] {
            let mut got = ix.candidates(want).expect("a large site");
            got.sort_unstable();
            assert_eq!(
                got,
                candidates_reading_the_whole_section(&ix, want),
                "{want}"
            );
        }
        assert_eq!(ix.nearest("/s/page-0042x/", 1), vec!["/s/page-0042/"]);
    }

    #[test]
    fn typos() {
        assert_eq!(
            did_you_mean("subtitel", ["title", "subtitle", "content"]),
            Some("subtitle")
        );
        assert_eq!(
            did_you_mean("boxrow", ["headline", "boxesrow", "outcomeboxes"]),
            Some("boxesrow")
        );
        assert_eq!(did_you_mean("zzz", ["title", "subtitle"]), None);
    }

    #[test]
    fn one_clear_candidate_or_none() {
        let urls = ["/care/seed-trays/", "/care/watering/", "/care/harvest/"];
        assert_eq!(
            clearly_meant("/care/seed-tray/", urls),
            Some("/care/seed-trays/")
        );
        assert_eq!(
            clearly_meant("/care/Watering/", urls),
            Some("/care/watering/")
        );
        assert_eq!(
            clearly_meant("/care/trays_seed/", urls),
            Some("/care/seed-trays/")
        );
        // Other words, another folder, or two candidates: no clear one.
        assert_eq!(clearly_meant("/care/seed/", urls), None);
        assert_eq!(clearly_meant("/shed/trays-seed/", urls), None);
        // One character off, but in the folder: another language's page.
        assert_eq!(clearly_meant("/en/docs/", ["/bn/docs/"]), None);
        assert_eq!(
            clearly_meant("/care/bed/", ["/care/beds/", "/care/bad/"]),
            None
        );
    }

    #[test]
    fn urls_that_gained_words() {
        let urls = [
            "/resources/case-studies/how-we-cut-release-time-in-half-for-acme/",
            "/resources/case-studies/other-story/",
            "/company/book-online/",
        ];
        assert_eq!(
            nearest_urls("/resources/case-studies/cut-release-time-in-half/", urls, 1),
            vec![urls[0]]
        );
        assert_eq!(nearest_urls("/book", urls, 1), vec![urls[2]]);
        assert!(nearest_urls("/zzz/", urls, 3).is_empty());
    }

    #[test]
    fn slugs() {
        for path in [
            "",
            "/",
            "//",
            "a",
            "/a/b/",
            "/a/b-c_d.e",
            "/x/--a..b__/",
            "/é/ü-ß.x/",
            "-",
        ] {
            let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            let words: Vec<&str> = last
                .split(['-', '_', '.'])
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(slug_words(path), words, "{path:?}");
            assert_eq!(slug_len(path), last.len(), "{path:?}");
        }
    }

    #[test]
    fn jaro_winkler_is_strsims() {
        // Pseudo-random strings over a small alphabet (many matches and
        // transpositions), and some real ones.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut words = vec![String::new()];
        for _ in 0..300 {
            // Mostly short, some about 128 bytes (the longest done on bytes).
            let len = if next() % 8 == 0 {
                120 + next() % 16
            } else {
                next() % 25
            };
            let word = (0..len).map(|_| b"abc-/x"[(next() % 6) as usize] as char);
            words.push(word.collect());
        }
        words.extend(
            [
                "/guides/teams-9/basics-0/retired-note-9352/",
                "/guides/teams-9/basics-0/brief-handover-6032/",
                "cheeseburger",
                "cheese fries",
                "Friedrich Nietzsche",
                "Jean-Paul Sartre",
                "überall",
                "uberall",
            ]
            .map(String::from),
        );
        for a in &words {
            for b in &words {
                assert_eq!(
                    jaro_winkler(a, b).to_bits(),
                    strsim::jaro_winkler(a, b).to_bits(),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
