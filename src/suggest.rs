//! "Did you mean …?": the closest known name to a misspelled one.

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;
use std::borrow::Cow;
use std::hash::BuildHasher;
use std::ops::Range;

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
    let fits = |s: &str, n: usize| s.is_ascii() && s.len() <= n;
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let sim = if fits(a, 64) && fits(b, 64) {
        jaro::<u64>(x, y)
    } else if fits(a, 128) && fits(b, 128) {
        jaro::<u128>(x, y)
    } else {
        return strsim::jaro_winkler(a, b);
    };
    if sim > 0.7 {
        let prefix = x.iter().take(4).zip(y).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// A set of positions below [`Bits::WIDTH`], as the bits of an integer.
trait Bits:
    Copy
    + Eq
    + std::ops::BitOr<Output = Self>
    + std::ops::BitOrAssign
    + std::ops::BitAnd<Output = Self>
    + std::ops::BitAndAssign
    + std::ops::Not<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Shl<usize, Output = Self>
{
    const WIDTH: usize;
    const ZERO: Self;
    const ONE: Self;
    fn lowest(self) -> usize;
    fn count(self) -> usize;
}

macro_rules! bits {
    ($($t:ty),*) => {$(
        impl Bits for $t {
            const WIDTH: usize = <$t>::BITS as usize;
            const ZERO: Self = 0;
            const ONE: Self = 1;
            fn lowest(self) -> usize {
                self.trailing_zeros() as usize
            }
            fn count(self) -> usize {
                self.count_ones() as usize
            }
        }
    )*};
}
bits!(u64, u128);

/// strsim's `generic_jaro` for ASCII strings of at most `B::WIDTH` bytes,
/// with sets of positions as bits of a `B`: the match of `a[i]` (the first
/// unmatched equal byte of `b` within `range` of `i`) is the lowest bit of
/// the positions of that byte in `b`, less those matched, inside the window.
fn jaro<B: Bits>(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    } else if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // The positions below `n`.
    let below = |n: usize| {
        if n >= B::WIDTH {
            !B::ZERO
        } else {
            (B::ONE << n) - B::ONE
        }
    };
    let mut positions = [B::ZERO; 128];
    for (j, &c) in b.iter().enumerate() {
        positions[usize::from(c)] |= B::ONE << j;
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_matched, mut b_matched) = (B::ZERO, B::ZERO);
    for (i, &c) in a.iter().enumerate() {
        let window = below(b.len().min(i + range + 1)) & !below(i.saturating_sub(range));
        let free = positions[usize::from(c)] & !b_matched & window;
        if free != B::ZERO {
            a_matched |= B::ONE << i;
            b_matched |= B::ONE << free.lowest();
        }
    }
    let matches = a_matched.count();
    if matches == 0 {
        return 0.0;
    }
    // Pair the matched bytes of `a` and of `b` in order: half the pairs
    // that differ are transpositions.
    let mut transpositions = 0_usize;
    while a_matched != B::ZERO {
        let (i, j) = (a_matched.lowest(), b_matched.lowest());
        if a[i] != b[j] {
            transpositions += 1;
        }
        a_matched &= a_matched - B::ONE;
        b_matched &= b_matched - B::ONE;
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
    nearest_lowered(path, candidates.into_iter().map(|c| (c, lowercase(c))), n)
}

/// [`nearest_urls`] of candidates given with their lower-case forms.
fn nearest_lowered<'a, L: AsRef<str>>(
    path: &str,
    candidates: impl IntoIterator<Item = (&'a str, L)>,
    n: usize,
) -> Vec<&'a str> {
    let want = path.to_lowercase();
    let want_words = slug_words(&want);
    // The words of the candidate at hand, as spans of its last segment.
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut scored: Vec<(f64, &'a str)> = candidates
        .into_iter()
        .map(|(c, lc)| {
            let lc = lc.as_ref();
            let whole = jaro_winkler(&want, lc);
            let last = last_segment(lc);
            words.clear();
            words.extend(word_spans(last));
            let overlap = if want_words.is_empty() || words.is_empty() {
                0.0
            } else {
                let has = |w: &str| words.iter().any(|r| &last[r.clone()] == w);
                let common = want_words.iter().filter(|w| has(w)).count() as f64;
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

/// `s` in lower case, copied only when it has an upper-case letter.
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// The site's URLs, indexed so that a broken link's suggestions look at a few
/// plausible candidates (same parent, a shared slug word) rather than every URL.
#[derive(Debug, Default)]
pub(crate) struct UrlIndex {
    text: Urls,
    /// Length of each URL's last segment.
    slug_lens: Vec<u32>,
    // Only looked up, never iterated: the fast hasher cannot change an answer.
    /// The first URL of each lower-case form.
    lower: HashTable<u32>,
    by_word: HashTable<Keyed>,
    by_parent: HashTable<Keyed>,
}

/// The URLs, and each in lower case where that differs.
#[derive(Debug, Default)]
struct Urls {
    urls: Vec<String>,
    lowered: Vec<Option<Box<str>>>,
}

impl Urls {
    /// URL `i` in lower case.
    fn low(&self, i: u32) -> &str {
        let i = i as usize;
        self.lowered[i].as_deref().unwrap_or(&self.urls[i])
    }

    /// The text of a key: a slice of a lower-case URL, or [`ROOT`].
    fn key(&self, e: &Keyed) -> &str {
        self.slice(e.url, &e.key)
    }

    fn slice(&self, i: u32, key: &Range<u32>) -> &str {
        if *key == ROOT {
            "/"
        } else {
            &self.low(i)[key.start as usize..key.end as usize]
        }
    }
}

/// The key "/" of a URL that has no `/` (whose parent is "/" all the same).
const ROOT: Range<u32> = u32::MAX..u32::MAX;

/// The URLs listed under a key that is a slice of a lower-case URL (a word of
/// its last segment, its parent path), which is never copied.
#[derive(Debug)]
struct Keyed {
    url: u32,
    key: Range<u32>,
    ids: Vec<u32>,
}

/// Add URL `i` to the list under `key` (a slice of URL `i` in lower case).
fn push_under(table: &mut HashTable<Keyed>, text: &Urls, i: u32, key: Range<u32>) {
    let k = text.slice(i, &key);
    let h = hash(k);
    match table.find_mut(h, |e| text.key(e) == k) {
        Some(e) => e.ids.push(i),
        None => {
            let e = Keyed {
                url: i,
                key,
                ids: vec![i],
            };
            table.insert_unique(h, e, |e| hash(text.key(e)));
        }
    }
}

/// The URLs listed under `key`.
fn listed<'t>(table: &'t HashTable<Keyed>, text: &Urls, key: &str) -> Option<&'t [u32]> {
    table
        .find(hash(key), |e| text.key(e) == key)
        .map(|e| e.ids.as_slice())
}

fn hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

/// A word shared by more URLs than this says nothing about which one was meant.
const COMMON_WORD: usize = 256;

fn parent_of(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    match t.bytes().rposition(|c| c == b'/') {
        Some(i) => &t[..=i],
        None => "/",
    }
}

/// Where `part` (a slice of `whole`) starts and ends in it.
fn offsets(whole: &str, part: &str) -> Range<u32> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start as u32..(start + part.len()) as u32
}

impl UrlIndex {
    pub(crate) fn new(urls: Vec<String>) -> UrlIndex {
        let lowered = urls
            .par_iter()
            .map(|u| match lowercase(u) {
                Cow::Borrowed(_) => None,
                Cow::Owned(l) => Some(l.into_boxed_str()),
            })
            .collect();
        let mut ix = UrlIndex {
            text: Urls { urls, lowered },
            ..Default::default()
        };
        let n = ix.text.urls.len();
        ix.slug_lens.reserve(n);
        ix.lower.reserve(n, |_| 0);
        for i in 0..n as u32 {
            let l = ix.text.low(i);
            ix.slug_lens.push(slug_len(l) as u32);
            let parent = parent_of(l);
            // A URL without a `/` has the parent "/", which is no slice of it.
            let key = if l.starts_with(parent) {
                0..parent.len() as u32
            } else {
                ROOT
            };
            push_under(&mut ix.by_parent, &ix.text, i, key);
            for w in words_of(last_segment(l)) {
                push_under(&mut ix.by_word, &ix.text, i, offsets(l, w));
            }
            let text = &ix.text;
            let h = hash(l);
            if ix.lower.find(h, |&j| text.low(j) == l).is_none() {
                ix.lower.insert_unique(h, i, |&j| hash(text.low(j)));
            }
        }
        // By slug length, so a lookup reads only the few closest in length of
        // a crowded section (see `closest_in_length`), not the whole section.
        let lens = &ix.slug_lens;
        for e in ix.by_parent.iter_mut() {
            e.ids.sort_unstable_by_key(|&i| (lens[i as usize], i));
        }
        ix
    }

    /// The URL that differs from `path` only in letter case (or a missing trailing slash).
    pub(crate) fn case_insensitive(&self, path: &str) -> Option<&str> {
        let l = path.to_lowercase();
        let with_slash = format!("{}/", l.trim_end_matches('/'));
        let find = |l: &str| self.lower.find(hash(l), |&j| self.text.low(j) == l);
        find(&l)
            .or_else(|| find(&with_slash))
            .map(|&i| self.text.urls[i as usize].as_str())
    }

    /// Up to `n` URLs close to `path` (see [`nearest_urls`]).
    pub(crate) fn nearest(&self, path: &str, n: usize) -> Vec<&str> {
        let text = &self.text;
        let with_low = |i: u32| (text.urls[i as usize].as_str(), text.low(i));
        match self.candidates(&path.to_lowercase()) {
            None => nearest_lowered(path, (0..text.urls.len() as u32).map(with_low), n),
            Some(ids) => nearest_lowered(path, ids.into_iter().map(with_low), n),
        }
    }

    /// The URLs `nearest` scores for `l` (a lower-case path): those of its
    /// section and those sharing a rare word with it, at most [`MAX_SCORED`];
    /// None: every URL (a small site where nothing is near).
    fn candidates(&self, l: &str) -> Option<Vec<u32>> {
        let want = slug_len(l) as u32;
        let mut ids: Vec<u32> = listed(&self.by_parent, &self.text, parent_of(l))
            .map(|files| self.closest_in_length(files, want))
            .unwrap_or_default();
        for w in slug_words(l) {
            if let Some(v) = listed(&self.by_word, &self.text, w).filter(|v| v.len() <= COMMON_WORD)
            {
                ids.extend(v);
            }
        }
        if ids.is_empty() && self.text.urls.len() <= 2 * COMMON_WORD {
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
        let one_edit = within_one_edit(&want, &lc);
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

/// Whether `a` becomes `b` by adding, dropping or changing at most one
/// character (a Levenshtein distance of at most 1, in linear time).
fn within_one_edit(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let (mut x, mut y) = (a.chars(), b.chars());
    loop {
        let (rx, ry) = (x.clone(), y.clone());
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(c), Some(d)) if c == d => continue,
            // The first difference: the rest must match after one edit.
            _ => {
                return match la.cmp(&lb) {
                    std::cmp::Ordering::Equal => x.eq(y),
                    std::cmp::Ordering::Greater => x.eq(ry),
                    std::cmp::Ordering::Less => rx.eq(y),
                };
            }
        }
    }
}

/// The last segment of a path: `b` in `/a/b/`.
fn last_segment(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    &path[path.bytes().rposition(|c| c == b'/').map_or(0, |i| i + 1)..]
}

fn slug_len(path: &str) -> usize {
    last_segment(path).len()
}

/// The words of a path's last segment, between `-`, `_` and `.`.
fn slug_words(path: &str) -> Vec<&str> {
    words_of(last_segment(path)).collect()
}

/// The words of `last` (a last segment), between `-`, `_` and `.`.
fn words_of(last: &str) -> impl Iterator<Item = &str> {
    word_spans(last).map(move |r| &last[r])
}

/// Where the words of `last` are (cut at the bytes of the ASCII
/// separators, always character boundaries).
fn word_spans(last: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = last.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < b.len() {
            let start = at;
            let len = b[at..]
                .iter()
                .position(|c| matches!(c, b'-' | b'_' | b'.'))
                .unwrap_or(b.len() - at);
            at += len + 1;
            if len > 0 {
                return Some(start..start + len);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `candidates` as it was when it read the whole section: every URL of
    /// the section and the rare-word ones, the first [`MAX_SCORED`] by
    /// (distance of slug length, id).
    fn candidates_reading_the_whole_section(ix: &UrlIndex, l: &str) -> Vec<u32> {
        let want = slug_len(l) as u32;
        let mut ids: Vec<u32> = (0..ix.text.urls.len() as u32)
            .filter(|&i| parent_of(&ix.text.urls[i as usize].to_lowercase()) == parent_of(l))
            .collect();
        for w in slug_words(l) {
            if let Some(v) = listed(&ix.by_word, &ix.text, w).filter(|v| v.len() <= COMMON_WORD) {
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
    fn words_are_cut_at_dashes_underscores_and_dots() {
        assert_eq!(slug_words("/a/b-c_d.e/"), ["b", "c", "d", "e"]);
        assert_eq!(slug_words("/a/--x..y__/"), ["x", "y"]);
        assert_eq!(slug_words("/a/é-ü/"), ["é", "ü"]);
        assert!(slug_words("/a/-/").is_empty());
        assert!(slug_words("/").is_empty());
    }

    #[test]
    fn one_edit_is_a_levenshtein_distance_of_at_most_one() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "abd", "xabc", "abcx", "ac", "é", "éa", "ae",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    within_one_edit(a, b),
                    strsim::levenshtein(a, b) <= 1,
                    "{a:?} {b:?}"
                );
            }
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
            // Mostly short, some about 64 bytes (the longest done in a
            // `u64`) and about 128 (the longest done on bytes).
            let len = match next() % 8 {
                0 => 120 + next() % 16,
                1 => 56 + next() % 16,
                _ => next() % 25,
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
