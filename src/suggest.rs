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
}
