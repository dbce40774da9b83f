//! Hugo's path sanitising, `urlize` and URL escaping (`common/paths`, `helpers/url.go`).

/// Whether Hugo's `paths.Sanitize` keeps the character at byte `i` of `s`.
#[inline]
fn is_allowed_path_char(s: &str, i: usize, c: char) -> bool {
    // ASCII first (almost every character of a path): for ASCII,
    // `is_alphanumeric` is `is_ascii_alphanumeric` and nothing is a mark.
    if c.is_ascii_alphanumeric()
        || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
    {
        return true;
    }
    if c == '%' {
        let b = s.as_bytes();
        return i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit();
    }
    !c.is_ascii() && (c.is_alphanumeric() || is_mark(c))
}

/// Unicode combining marks (category M), approximated by the common combining blocks.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Hugo's `paths.Sanitize`: drop characters that are not allowed in a path,
/// turning runs of white space into a single hyphen.
pub(crate) fn sanitize(s: &str) -> String {
    // Most paths are made of these alone (no `%`, no white space, ASCII).
    let plain = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'.' | b'/' | b'\\' | b'_' | b'#' | b'+' | b'~' | b'-' | b'@'
            )
    };
    if s.bytes().all(plain) || s.char_indices().all(|(i, c)| is_allowed_path_char(s, i, c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let (mut prepend_hyphen, mut was_hyphen) = (false, false);
    for (i, c) in s.char_indices() {
        if is_allowed_path_char(s, i, c) {
            was_hyphen = c == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    out.push('-');
                }
                prepend_hyphen = false;
            }
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    out
}

/// How Hugo's `MakePath` shapes a path segment, from the site config.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PathStyle {
    /// `disablePathToLower`: paths keep their case.
    pub(crate) keep_case: bool,
    /// `removePathAccents`: accents come off letters (`é` → `e`).
    pub(crate) remove_accents: bool,
}

/// Hugo's `text.RemoveAccents`: decompose (NFD), drop the non-spacing marks
/// (category Mn: `é` is `e` and an acute accent), compose again (NFC).
/// Ligatures and other compatibility forms stay (`ﬁ`).
pub(crate) fn remove_accents(s: &str) -> String {
    use unicode_general_category::{get_general_category, GeneralCategory};
    use unicode_normalization::UnicodeNormalization;
    if s.is_ascii() {
        return s.to_string();
    }
    s.nfd()
        .filter(|c| get_general_category(*c) != GeneralCategory::NonspacingMark)
        .nfc()
        .collect()
}

/// Hugo's `MakePathSanitized`: sanitize, take accents off with
/// `removePathAccents`, then lower-case unless `disablePathToLower`.
pub(crate) fn make_path_sanitized(s: &str, style: PathStyle) -> String {
    let mut s = sanitize(s);
    if style.remove_accents {
        s = remove_accents(&s);
    }
    if style.keep_case {
        s
    } else if s.is_ascii() {
        s.make_ascii_lowercase();
        s
    } else {
        s.to_lowercase()
    }
}

/// Hugo's `urlize` (as used by permalink tokens), returned unescaped: the
/// permalink is query-unescaped afterwards anyway. A `#` starts a fragment
/// that Go drops when it is empty.
pub(crate) fn urlize(s: &str, style: PathStyle) -> String {
    let mut s = make_path_sanitized(s, style);
    if s.ends_with('#') {
        s.pop();
    }
    s
}

/// Hugo's `NormalizePathStringBasic`: lower case, spaces to hyphens.
pub(crate) fn normalize_basic(s: &str) -> String {
    if s.is_ascii() {
        let mut out = s.to_ascii_lowercase();
        if out.contains(' ') {
            out = out.replace(' ', "-");
        }
        return out;
    }
    s.to_lowercase().replace(' ', "-")
}

/// [`normalize_basic`] of `s` into `out`, reusing its buffer.
pub(crate) fn normalize_basic_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        if out.contains(' ') {
            *out = out.replace(' ', "-");
        }
    } else {
        out.push_str(&normalize_basic(s));
    }
}

/// The bytes [`escape_path`] keeps as they are, besides valid `%XX` escapes.
const PATH_SAFE: [bool; 256] = {
    let mut safe = [false; 256];
    let mut c = 0;
    while c < 256 {
        safe[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    let marks = b"-_.~$&+,/:;=@";
    let mut k = 0;
    while k < marks.len() {
        safe[marks[k] as usize] = true;
        k += 1;
    }
    safe
};

/// Percent-escape a URL path the way Go's `url.URL.EscapedPath` does.
/// Existing valid `%XX` escapes are kept.
pub(crate) fn escape_path(p: &str) -> String {
    let b = p.as_bytes();
    let kept = |i: usize| {
        let c = b[i];
        PATH_SAFE[usize::from(c)]
            || (c == b'%'
                && i + 2 < b.len()
                && b[i + 1].is_ascii_hexdigit()
                && b[i + 2].is_ascii_hexdigit())
    };
    // Most paths have nothing to escape.
    if (0..b.len()).all(kept) {
        return p.to_string();
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(p.len() + 8);
    for (i, &c) in b.iter().enumerate() {
        if kept(i) {
            out.push(c as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(c >> 4)] as char);
            out.push(HEX[usize::from(c & 15)] as char);
        }
    }
    out
}

/// Decode `%XX` escapes (bytes that do not form UTF-8 are replaced).
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Go's `url.QueryUnescape`, leniently: `+` is a space, `%XX` is decoded.
/// On a malformed escape Go returns an error and Hugo keeps the input.
pub(crate) fn query_unescape(s: &str) -> String {
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'%'
            && (i + 2 >= b.len() || !b[i + 1].is_ascii_hexdigit() || !b[i + 2].is_ascii_hexdigit())
        {
            return s.to_string();
        }
    }
    percent_decode(&s.replace('+', " "))
}

/// The segments of `parts`, joined with `/`: empty and `.` segments dropped,
/// each `..` removing the one before it (never going above the start). No
/// leading or trailing `/`: callers add the one they need.
pub(crate) fn clean_joined(parts: &[&str]) -> String {
    let mut segs: Vec<&str> = Vec::new();
    for s in parts.iter().flat_map(|p| p.split('/')) {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    segs.join("/")
}

/// Go's `path.Clean` for slash-separated paths.
pub(crate) fn clean(p: &str) -> String {
    if is_clean(p) {
        return p.to_string();
    }
    clean_parts(p)
}

/// [`clean`], segment by segment.
fn clean_parts(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Whether [`clean`] returns `p` as it is: `/`, or non-empty segments that
/// are neither `.` nor `..`, without a trailing slash.
fn is_clean(p: &str) -> bool {
    if p == "/" {
        return true;
    }
    // Byte by byte: paths are short, and a split searched for each `/` anew.
    let rest = p.strip_prefix('/').unwrap_or(p).as_bytes();
    let mut start = 0;
    for end in (0..=rest.len()).filter(|&i| i == rest.len() || rest[i] == b'/') {
        if matches!(&rest[start..end], b"" | b"." | b"..") {
            return false;
        }
        start = end + 1;
    }
    true
}

/// Go's `path.Join`: join non-empty elements and clean.
pub(crate) fn join(parts: &[&str]) -> String {
    let s: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if s.is_empty() {
        return String::new();
    }
    clean(&s.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_joined_applies_dots_and_never_climbs_above_the_start() {
        assert_eq!(clean_joined(&["/docs/a", "../b/./c.md"]), "docs/b/c.md");
        assert_eq!(clean_joined(&["a", "../../../x"]), "x");
        assert_eq!(clean_joined(&["//a//", ""]), "a");
        assert_eq!(clean_joined(&[""]), "");
    }

    #[test]
    fn sanitize_like_hugo() {
        assert_eq!(sanitize("Tomato Soup (Spicy)"), "Tomato-Soup-Spicy");
        assert_eq!(sanitize("  a   b "), "a-b");
        assert_eq!(sanitize("My Fancy Slug!"), "My-Fancy-Slug");
        assert_eq!(sanitize("C#"), "C#");
        assert_eq!(sanitize("a - b"), "a-b");
        let plain = PathStyle::default();
        assert_eq!(urlize("Hello, World Again!", plain), "hello-world-again");
        assert_eq!(urlize("C#", plain), "c");
        assert_eq!(urlize("Ünïcode Tag", plain), "ünïcode-tag");
        // Hugo 0.168 with removePathAccents = true.
        let bare = PathStyle {
            remove_accents: true,
            ..plain
        };
        assert_eq!(urlize("Damián Ávila", bare), "damian-avila");
        assert_eq!(urlize("Noël Ç", bare), "noel-c");
        assert_eq!(urlize("漢字 ﬁ Å", bare), "漢字-ﬁ-a");
    }

    #[test]
    fn escaping_and_cleaning() {
        assert_eq!(escape_path("/tags/ünï/"), "/tags/%C3%BCn%C3%AF/");
        assert_eq!(escape_path("/a%20b/c#"), "/a%20b/c%23");
        assert_eq!(clean("/a/b/../c/"), "/a/c");
        assert_eq!(clean("a//b"), "a/b");
        assert_eq!(join(&["/en", "who/"]), "/en/who");
        assert_eq!(query_unescape("a+b%2Fc"), "a b/c");
        assert_eq!(query_unescape("100%"), "100%");
    }

    /// Every string of up to `n` characters from `alphabet`.
    fn strings(alphabet: &[char], n: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..n {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn fast_paths_agree_with_the_general_code() {
        for p in strings(&['/', '.', 'a', 'B'], 7) {
            assert_eq!(clean(&p), clean_parts(&p), "{p:?}");
        }
        // The code before the fast paths, as the reference.
        fn escape_ref(p: &str) -> String {
            let b = p.as_bytes();
            let mut out = String::new();
            for (i, &c) in b.iter().enumerate() {
                if c.is_ascii_alphanumeric() || b"-_.~$&+,/:;=@".contains(&c) {
                    out.push(c as char);
                } else if c == b'%'
                    && i + 2 < b.len()
                    && b[i + 1].is_ascii_hexdigit()
                    && b[i + 2].is_ascii_hexdigit()
                {
                    out.push('%');
                } else {
                    out.push_str(&format!("%{c:02X}"));
                }
            }
            out
        }
        fn allowed_ref(s: &str, i: usize, c: char) -> bool {
            if c.is_ascii_alphanumeric() {
                return true;
            }
            if c == ' ' {
                return false;
            }
            if c.is_alphanumeric()
                || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
                || is_mark(c)
            {
                return true;
            }
            let b = s.as_bytes();
            c == '%'
                && i + 2 < b.len()
                && b[i + 1].is_ascii_hexdigit()
                && b[i + 2].is_ascii_hexdigit()
        }
        for p in strings(&['%', '4', 'F', 'a', ' ', '/', '#', 'é', '\u{301}', '!'], 4) {
            assert_eq!(escape_path(&p), escape_ref(&p), "{p:?}");
            assert_eq!(normalize_basic(&p), p.to_lowercase().replace(' ', "-"));
            let mut into = String::from("old");
            normalize_basic_into(&p, &mut into);
            assert_eq!(into, normalize_basic(&p));
            for (i, c) in p.char_indices() {
                assert_eq!(
                    is_allowed_path_char(&p, i, c),
                    allowed_ref(&p, i, c),
                    "{p:?}"
                );
            }
        }
        for c in (0..=0x7f).filter_map(char::from_u32) {
            let p = c.to_string();
            assert_eq!(escape_path(&p), escape_ref(&p), "{p:?}");
            assert_eq!(
                is_allowed_path_char(&p, 0, c),
                allowed_ref(&p, 0, c),
                "{p:?}"
            );
        }
    }

    #[test]
    fn a_clean_path_is_returned_as_it_is() {
        let by_split = |p: &str| {
            let rest = p.strip_prefix('/').unwrap_or(p);
            p == "/"
                || (!rest.is_empty()
                    && rest
                        .split('/')
                        .all(|s| !s.is_empty() && s != "." && s != ".."))
        };
        for p in [
            "", "/", "//", "a", "/a", "a/", "/a/b", "a//b", ".", "..", "/.", "a/.", "a/..", "./a",
            "../a", "a/.b", "a/..b", "/a/b.c/d", "…/é",
        ] {
            assert_eq!(is_clean(p), by_split(p), "{p:?}");
            assert_eq!(clean(p), clean_parts(p), "{p:?}");
        }
    }
}
