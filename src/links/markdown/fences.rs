//! Fenced code blocks of a page's body, found line by line before the
//! Markdown parse: what a `{{% … %}}` call writes inside one stays code
//! (Hugo expands the call there too, but its output is no heading).

use std::ops::Range;

/// The byte ranges of `text` inside fenced code blocks (from the line after
/// the opening fence to the start of the closing one, or to the end). A
/// fence is three or more backticks or tildes at the start of a line after
/// any indentation (fences in list items are indented); it closes on a line
/// of at least as many of the same character and nothing else.
pub(super) fn fenced_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(u8, usize, usize)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_start();
        let Some(&c) = trimmed
            .as_bytes()
            .first()
            .filter(|c| matches!(c, b'`' | b'~'))
        else {
            continue;
        };
        let run = trimmed.bytes().take_while(|&b| b == c).count();
        if run < 3 {
            continue;
        }
        match open {
            None => {
                // A backtick fence's info string has no backtick.
                if c == b'`' && trimmed[run..].contains('`') {
                    continue;
                }
                open = Some((c, run, at));
            }
            Some((oc, orun, from))
                if oc == c && run >= orun && trimmed[run..].trim().is_empty() =>
            {
                out.push(from..start);
                open = None;
            }
            Some(_) => {}
        }
    }
    if let Some((_, _, from)) = open {
        out.push(from..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_of_backticks_and_tildes_indented_or_not() {
        let text = "a\n```yaml\nx\n```\nb\n  ~~~~\ny\n~~~\nz\n~~~~\n````\nopen";
        let got: Vec<&str> = fenced_ranges(text)
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(got, ["x\n", "y\n~~~\nz\n", "open"]);
        // Inline code is no fence.
        assert!(fenced_ranges("``` a ` b\ntext\n").is_empty());
    }
}
