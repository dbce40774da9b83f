//! "Did you mean …?": the closest known name to a misspelled one.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        let close = score >= 0.85
            || strsim::levenshtein(&lower, &c.to_lowercase()) <= 2.min(c.len() / 3).max(1);
        if close && best.map(|(s, _)| score > s).unwrap_or(true) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Up to `n` candidates closest to `word`, best first (for "nearest existing URLs").
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &'a str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
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
pub fn nearest_urls<'a>(
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
            let whole = strsim::jaro_winkler(&want, &lc);
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

fn slug_words(path: &str) -> Vec<&str> {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    last.split(['-', '_', '.'])
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
