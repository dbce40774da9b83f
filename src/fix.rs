//! Fixes a diagnostic may offer: text edits with a title and a safety level.
//! One model for every consumer: `check --fix` applies them, the report
//! formats list them, an editor turns them into code actions.
//!
//! An edit is a byte range of the file *as it was read* and the text that
//! replaces it; a fix never touches bytes outside its edits, so line endings,
//! quoting and indentation around them stay as they were.

use std::ops::Range;

/// Whether a fix may be applied without a person looking at it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Safety {
    /// Keeps what the author meant: `check --fix` applies it.
    Safe,
    /// A likely guess: offered, applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Safety {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes `range` of the file with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// One way to fix a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Fix {
    /// What the fix does, for a person (`replace with "/docs/install/"`).
    pub title: String,
    pub safety: Safety,
    /// Non-overlapping edits, in file order.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit: put `replacement` in place of `range`.
    pub(crate) fn replace(
        title: impl Into<String>,
        safety: Safety,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            safety,
            edits: vec![Edit {
                range,
                replacement: replacement.into(),
            }],
        }
    }

    /// Every edit lies inside `text` on character boundaries, in order, without overlap.
    pub(crate) fn fits(&self, text: &str) -> bool {
        let mut end = 0;
        self.edits.iter().all(|e| {
            let ok = e.range.start >= end
                && e.range.start <= e.range.end
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
                && e.range.end <= text.len();
            end = e.range.end;
            ok
        })
    }
}

/// Of `fixes` (in the order given), those that fit `text` and overlap none
/// taken before them: what can be applied together.
pub(crate) fn compatible<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Vec<&'a Fix> {
    let mut taken: Vec<&Fix> = Vec::new();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for f in fixes {
        if !f.fits(text) {
            continue;
        }
        // Two edits touching at one point (an insertion at the other's end)
        // would make their order matter: they count as overlapping.
        let clash = f.edits.iter().any(|e| {
            ranges
                .iter()
                .any(|r| e.range.start <= r.end && r.start <= e.range.end)
        });
        if clash {
            continue;
        }
        ranges.extend(f.edits.iter().map(|e| e.range.clone()));
        taken.push(f);
    }
    taken
}

/// `text` with the edits of `fixes` made (they must be [`compatible`]).
pub(crate) fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut edits: Vec<&Edit> = fixes.iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A unified diff of `old` → `new` for the file shown as `path` (`--- a/path`, `+++ b/path`).
pub(crate) fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(range: Range<usize>, to: &str) -> Fix {
        Fix::replace("t", Safety::Safe, range, to)
    }

    #[test]
    fn applying_changes_only_the_edited_bytes() {
        let text = "a: 1\r\nlink: /old/\r\n";
        let f = fix(12..17, "/new/");
        assert_eq!(apply(text, &[&f]), "a: 1\r\nlink: /new/\r\n");
    }

    #[test]
    fn overlapping_and_misplaced_fixes_are_left_out() {
        let text = "héllo world";
        let a = fix(0..1, "x");
        // Touches `a` at byte 1.
        let b = fix(1..3, "y");
        // Starts inside "é" (bytes 1..3).
        let c = fix(2..4, "z");
        // Ends past the text.
        let d = fix(7..20, "w");
        let e = fix(3..5, "L");
        let taken = compatible(text, [&a, &b, &c, &d, &e]);
        assert_eq!(taken, vec![&a, &e]);
        assert_eq!(apply(text, &taken), "xéLo world");
    }

    #[test]
    fn a_diff_names_the_file_and_keeps_context() {
        let d = unified_diff("content/a.md", "one\ntwo\nthree\n", "one\n2\nthree\n");
        assert_eq!(
            d,
            "--- a/content/a.md\n+++ b/content/a.md\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n"
        );
    }
}
