//! Globs as Hugo matches them (mount `files` filters, cascade `target.path`):
//! the semantics of the Go glob library Hugo uses, with `/` as separator.
//! `*` and `?` never cross a `/`, `**` matches any run of characters
//! (slashes included, and none at all) wherever it stands, so `/**/x`
//! needs two slashes; `[abc]`, `[!a-z]`, `{a,b}` and `\` escapes as usual.

/// A compiled glob: its alternatives (`{a,b}` expanded), each a token list.
#[derive(Debug, Clone)]
pub(crate) struct Glob {
    alternatives: Vec<Vec<Token>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Char(char),
    /// `?`: one character other than `/`.
    One,
    /// `*`: any run without `/`.
    Star,
    /// `**`: any run.
    Stars,
    /// `[...]`: ranges (inclusive), negated or not.
    Class(bool, Vec<(char, char)>),
}

/// At most this many alternatives are made of one pattern (`{a,b}{c,d}…`
/// multiplies them): a pattern past it is refused.
const MAX_ALTERNATIVES: usize = 256;

impl Glob {
    /// `None` for a pattern that is not a valid glob (unclosed `[` or `{`).
    pub(crate) fn new(pattern: &str) -> Option<Glob> {
        let alternatives = expand(pattern)?;
        let alternatives = alternatives
            .iter()
            .map(|a| tokens(a))
            .collect::<Option<Vec<_>>>()?;
        Some(Glob { alternatives })
    }

    pub(crate) fn is_match(&self, s: &str) -> bool {
        let s: Vec<char> = s.chars().collect();
        self.alternatives.iter().any(|t| matches(t, &s))
    }
}

/// The patterns `{a,b}` alternations stand for (escapes kept).
fn expand(p: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = p.chars().collect();
    // The first top-level `{` and its matching `}`.
    let mut i = 0;
    let mut open = None;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => {
                // Braces inside a class are plain.
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
            }
            '{' => {
                open = Some(i);
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let Some(start) = open else {
        return Some(vec![p.to_string()]);
    };
    let (mut depth, mut parts, mut cur, mut j) = (0, Vec::new(), String::new(), start + 1);
    let end = loop {
        let c = *chars.get(j)?;
        match c {
            '\\' => {
                cur.push(c);
                cur.push(*chars.get(j + 1)?);
                j += 1;
            }
            '{' => {
                depth += 1;
                cur.push(c);
            }
            '}' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                break j;
            }
            '}' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
        j += 1;
    };
    let head: String = chars[..start].iter().collect();
    let tail: String = chars[end + 1..].iter().collect();
    let mut out = Vec::new();
    for part in parts {
        for e in expand(&format!("{head}{part}{tail}"))? {
            out.push(e);
            if out.len() > MAX_ALTERNATIVES {
                return None;
            }
        }
    }
    Some(out)
}

fn tokens(p: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = p.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                i += 1;
                out.push(Token::Char(*chars.get(i)?));
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 1;
                out.push(Token::Stars);
            }
            '*' => out.push(Token::Star),
            '?' => out.push(Token::One),
            '[' => {
                i += 1;
                let negated = matches!(chars.get(i), Some('!' | '^'));
                if negated {
                    i += 1;
                }
                let mut ranges = Vec::new();
                loop {
                    let c = *chars.get(i)?;
                    if c == ']' {
                        break;
                    }
                    let c = if c == '\\' {
                        i += 1;
                        *chars.get(i)?
                    } else {
                        c
                    };
                    if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&e| e != ']')
                    {
                        ranges.push((c, chars[i + 2]));
                        i += 3;
                    } else {
                        ranges.push((c, c));
                        i += 1;
                    }
                }
                out.push(Token::Class(negated, ranges));
            }
            c => out.push(Token::Char(c)),
        }
        i += 1;
    }
    Some(out)
}

/// Whether tokens `t` match all of `s` (memoized over positions, so no
/// pattern takes more than |t|·|s| steps).
fn matches(t: &[Token], s: &[char]) -> bool {
    let mut memo = vec![None; (t.len() + 1) * (s.len() + 1)];
    go(t, s, 0, 0, &mut memo)
}

fn go(t: &[Token], s: &[char], ti: usize, si: usize, memo: &mut [Option<bool>]) -> bool {
    let key = ti * (s.len() + 1) + si;
    if let Some(r) = memo[key] {
        return r;
    }
    let r = match t.get(ti) {
        None => si == s.len(),
        Some(Token::Stars) => (si..=s.len()).any(|k| go(t, s, ti + 1, k, memo)),
        Some(Token::Star) => {
            let stop = s[si..]
                .iter()
                .position(|&c| c == '/')
                .map_or(s.len(), |p| si + p);
            (si..=stop).any(|k| go(t, s, ti + 1, k, memo))
        }
        Some(tok) => match s.get(si) {
            None => false,
            Some(&c) => {
                let one = match tok {
                    Token::Char(x) => *x == c,
                    Token::One => c != '/',
                    Token::Class(neg, ranges) => {
                        ranges.iter().any(|&(a, b)| a <= c && c <= b) != *neg
                    }
                    Token::Star | Token::Stars => unreachable!(),
                };
                one && go(t, s, ti + 1, si + 1, memo)
            }
        },
    };
    memo[key] = Some(r);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Glob::new(p).unwrap().is_match(s)
    }

    #[test]
    fn stars_as_hugo_reads_them() {
        assert!(m("/**/readme.md", "/deep/readme.md"));
        assert!(!m("/**/readme.md", "/readme.md"), "two slashes are needed");
        assert!(m("/**.md", "/a/b/c.md"));
        assert!(m("/notes*", "/notes-old.md"));
        assert!(!m("/notes*", "/notes/x.md"));
        assert!(m("/specs/**", "/specs/a/b.md"));
        assert!(!m("/specs/**", "/specs"));
        assert!(m("/a?c", "/abc") && !m("/a?c", "/a/c"));
    }

    #[test]
    fn alternatives_classes_and_escapes() {
        let g = Glob::new("{,/**}/_includes{,/**}").unwrap();
        for yes in [
            "/_includes",
            "/_includes/x",
            "/docs/_includes",
            "/docs/_includes/a/b",
        ] {
            assert!(g.is_match(yes), "{yes}");
        }
        assert!(!g.is_match("/docs/includes/x"));
        assert!(m("/blog/{a,b{c,d}}", "/blog/bd"));
        assert!(m("/[a-c]x", "/bx") && !m("/[!a-c]x", "/bx"));
        assert!(m("/a\\*", "/a*") && !m("/a\\*", "/ab"));
        assert!(Glob::new("/[abc").is_none() && Glob::new("/{a,b").is_none());
    }
}
