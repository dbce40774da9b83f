//! A content file mounted into several languages is a page in each, and each
//! page resolves its links in its own language's tree: a link may lead
//! nowhere from `/ja/` and be fine from `/`. The file's links are checked as
//! every page it is, and one problem found on several of them is reported
//! once, at its place in the file, naming the languages where it is found
//! when that is not all of them.

use super::links::{Checked, Resolver};
use crate::diagnostic::Diagnostic;
use crate::hugo::SiteIndex;
use crate::types::PageResult;

/// Check `file`'s links as each of the index pages `pages` (none: a file
/// Hugo makes no page of, checked on its own).
pub(crate) fn check(resolver: &Resolver<'_>, file: &PageResult, pages: &[usize]) -> Checked {
    match pages {
        [] => resolver.check(file, None),
        [one] => resolver.check(file, Some(*one)),
        many => {
            let mut known = Vec::new();
            let mut each = Vec::with_capacity(many.len());
            for &p in many {
                let c = resolver.check_known(file, Some(p), &known);
                known.extend(c.diagnostics.iter().map(|d| (d.span.clone(), d.code)));
                each.push(c);
            }
            merge(resolver.index, many, each)
        }
    }
}

/// One diagnostic per place and code, from the results of checking one
/// file as each of `pages`.
fn merge(index: &SiteIndex, pages: &[usize], each: Vec<Checked>) -> Checked {
    let names = names(index, pages);
    // Each problem, in the order first found, with the pages it is found on.
    let mut found: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    let mut external = 0;
    let mut probes = Vec::new();
    for (i, c) in each.into_iter().enumerate() {
        if i == 0 {
            external = c.external;
        }
        probes.extend(c.probes);
        for d in c.diagnostics {
            match found
                .iter_mut()
                .find(|(f, _)| f.span == d.span && f.code == d.code)
            {
                Some((_, on)) => on.push(i),
                None => found.push((d, vec![i])),
            }
        }
    }
    probes.dedup();
    let diagnostics = found
        .into_iter()
        .map(|(mut d, on)| {
            if on.len() < pages.len() {
                d.message.push_str(&where_found(&names, &on));
            }
            d
        })
        .collect();
    Checked {
        diagnostics,
        external,
        probes,
    }
}

/// What to call each page: its language, or its URL where two share one.
fn names(index: &SiteIndex, pages: &[usize]) -> Vec<String> {
    let all = index.pages();
    let langs: Vec<&str> = pages.iter().map(|&p| all[p].lang.as_str()).collect();
    let distinct = langs
        .iter()
        .enumerate()
        .all(|(i, l)| !l.is_empty() && !langs[..i].contains(l));
    if distinct {
        return langs.into_iter().map(str::to_string).collect();
    }
    pages
        .iter()
        .map(|&p| all[p].url.clone().unwrap_or_default())
        .collect()
}

/// ` (in ja, zh; fine in en)`: where a problem is found and where it is not.
fn where_found(names: &[String], on: &[usize]) -> String {
    let list = |found: bool| {
        names
            .iter()
            .enumerate()
            .filter(|(i, _)| on.contains(i) == found)
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(" (in {}; fine in {})", list(true), list(false))
}

#[cfg(test)]
mod tests {
    use super::where_found;

    #[test]
    fn names_where_a_problem_is_found_and_where_not() {
        let names: Vec<String> = ["en", "ja", "zh"].map(String::from).to_vec();
        assert_eq!(where_found(&names, &[1, 2]), " (in ja, zh; fine in en)");
        assert_eq!(where_found(&names, &[0]), " (in en; fine in ja, zh)");
    }
}
