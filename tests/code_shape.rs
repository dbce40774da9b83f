//! The shape of the code in `src/`: no function outside tests is longer than
//! [`MAX_LINES`] lines, so each reads as one step with a name. A stage that
//! needs more is split into named steps (on a struct that carries the run).
//! No `Result<_, String>` outside tests: an error is a type a caller can match
//! (a `thiserror` enum or struct), its text that type's `Display`.
//! The library's public items are those the binary, the tests and the fuzz
//! targets use, listed in `tests/data/public_api.txt`; everything else is
//! `pub(crate)` (and `unreachable_pub` keeps crate-private modules so).
//!
//! Functions are found by a small scanner that skips comments, strings and
//! character literals, counts braces, and leaves out `#[cfg(test)]` items and
//! `tests.rs` files.

mod common;

use common::rust_files;
use std::path::Path;

const MAX_LINES: usize = 120;

/// A token of the scanner: a word, or one other character, with its line.
#[derive(Debug)]
struct Token {
    text: String,
    line: usize,
}

/// The words and punctuation of `src` (1-based lines), without comments,
/// string and character literals, and lifetimes.
fn tokens(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let count_lines = |from: usize, to: usize, line: &mut usize| {
        *line += chars[from..to.min(chars.len())]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            let start = i;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            count_lines(start, i, &mut line);
        } else if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            count_lines(start, i, &mut line);
        } else if c == '\'' {
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                // A lifetime or a label.
                i += 1;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let raw = (word == "r" || word == "br") && matches!(chars.get(i), Some('"' | '#'));
            if raw {
                let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
                if chars.get(i + hashes) == Some(&'"') {
                    let from = i;
                    i += hashes + 1;
                    let close: Vec<char> = std::iter::once('"')
                        .chain(std::iter::repeat_n('#', hashes))
                        .collect();
                    while i < chars.len() && !chars[i..].starts_with(&close) {
                        i += 1;
                    }
                    i += close.len();
                    count_lines(from, i, &mut line);
                    continue;
                }
            }
            if word == "b" && chars.get(i) == Some(&'\'') {
                continue;
            }
            out.push(Token { text: word, line });
        } else {
            out.push(Token {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

/// The functions of a file with a body, outside `#[cfg(test)]` items:
/// (name, first line, line count).
fn functions(src: &str) -> Vec<(String, usize, usize)> {
    let toks = tokens(src);
    let mut found = Vec::new();
    for i in outside_tests(&toks) {
        if toks[i].text == "fn" && i + 1 < toks.len() {
            let name = toks[i + 1].text.clone();
            let start = toks[i].line;
            let mut j = i + 2;
            let mut nest = 0i32;
            while j < toks.len() {
                match toks[j].text.as_str() {
                    "(" | "[" | "<" => nest += 1,
                    ")" | "]" | ">" => nest -= 1,
                    "{" | ";" if nest <= 0 => break,
                    _ => {}
                }
                j += 1;
            }
            if j < toks.len() && toks[j].text == "{" {
                let end = matching_brace(&toks, j);
                found.push((name, start, toks[end].line - start + 1));
            }
        }
    }
    found
}

/// The lines, outside `#[cfg(test)]` items, of each `Result<_, String>`.
fn string_errors(src: &str) -> Vec<usize> {
    let toks = tokens(src);
    let mut found = Vec::new();
    for i in outside_tests(&toks) {
        if toks[i].text == "Result" && toks.get(i + 1).is_some_and(|t| t.text == "<") {
            let mut depth = 0;
            let mut last_arg = i + 2;
            let mut j = i + 1;
            while j < toks.len() {
                match toks[j].text.as_str() {
                    // The arrow of a `Fn() -> T` bound is not a closing bracket.
                    "-" if toks.get(j + 1).is_some_and(|t| t.text == ">") => j += 1,
                    "<" | "(" | "[" => depth += 1,
                    ">" | ")" | "]" => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    "," if depth == 1 => last_arg = j + 1,
                    _ => {}
                }
                j += 1;
            }
            if last_arg > i + 2 && j == last_arg + 1 && toks[last_arg].text == "String" {
                found.push(toks[i].line);
            }
        }
    }
    found
}

/// The `pub` items (not fields) outside `#[cfg(test)]` items: `kind name`,
/// or `use path` for a re-export.
fn public_items(src: &str) -> Vec<String> {
    const KINDS: [&str; 9] = [
        "fn", "struct", "enum", "const", "static", "type", "trait", "mod", "use",
    ];
    let toks = tokens(src);
    let mut found = Vec::new();
    for i in outside_tests(&toks) {
        if toks[i].text == "pub" && toks.get(i + 1).is_some_and(|t| t.text != "(") {
            let mut k = i + 1;
            while toks
                .get(k + 1)
                .is_some_and(|t| KINDS.contains(&t.text.as_str()))
                && ["async", "unsafe", "const"].contains(&toks[k].text.as_str())
            {
                k += 1;
            }
            let kind = toks[k].text.as_str();
            if kind == "use" {
                let end = (k..toks.len()).find(|&e| toks[e].text == ";").unwrap_or(k);
                let path: String = toks[k + 1..end].iter().map(|t| t.text.as_str()).collect();
                found.push(format!("use {}", path.replace(',', ", ")));
            } else if KINDS.contains(&kind) {
                found.push(format!("{kind} {}", toks[k + 1].text));
            }
        }
    }
    found
}

/// The indices of the tokens outside `#[cfg(test)]` items (the attribute
/// and the item it is on are skipped, whatever its body).
fn outside_tests(toks: &[Token]) -> Vec<usize> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        if is_cfg_test(toks, i) {
            i = skip_item(toks, i + 7);
            continue;
        }
        out.push(i);
        i += 1;
    }
    out
}

/// Whether `#[cfg(test)]` starts at token `i`.
fn is_cfg_test(toks: &[Token], i: usize) -> bool {
    let want = ["#", "[", "cfg", "(", "test", ")", "]"];
    toks.len() >= i + want.len() && want.iter().zip(&toks[i..]).all(|(w, t)| t.text == *w)
}

/// The token after the item starting at `i` (its `;`, or its body's `}`).
fn skip_item(toks: &[Token], mut i: usize) -> usize {
    while i < toks.len() {
        match toks[i].text.as_str() {
            ";" => return i + 1,
            "{" => return matching_brace(toks, i) + 1,
            _ => i += 1,
        }
    }
    i
}

fn matching_brace(toks: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.text.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len() - 1
}

/// Every Rust file of `src/` outside unit-test files (`tests.rs`), sorted,
/// with its path as `src/…` and its text.
fn source_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .iter()
        .filter(|f| f.file_name().is_none_or(|n| n != "tests.rs"))
        .map(|f| {
            let rel = f
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (format!("src/{rel}"), std::fs::read_to_string(f).unwrap())
        })
        .collect()
}

#[test]
fn no_function_outside_tests_is_longer_than_the_limit() {
    let mut wrong = Vec::new();
    for (path, text) in source_files() {
        for (name, line, len) in functions(&text) {
            if len > MAX_LINES {
                wrong.push(format!(
                    "{path}:{line}: {name} has {len} lines: split it into named steps"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_error_is_a_string_outside_tests() {
    let mut wrong = Vec::new();
    for (path, text) in source_files() {
        for line in string_errors(&text) {
            wrong.push(format!(
                "{path}:{line}: Result<_, String>: give the error a type (thiserror)"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_public_items_are_the_listed_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut items = Vec::new();
    for (path, text) in source_files() {
        if path == "src/main.rs" {
            continue;
        }
        for item in public_items(&text) {
            items.push(format!("{path}: {item}"));
        }
    }
    let listed_file = root.join("tests/data/public_api.txt");
    let listed = std::fs::read_to_string(&listed_file).unwrap();
    let listed: Vec<&str> = listed.lines().filter(|l| !l.is_empty()).collect();
    let new: Vec<&String> = items
        .iter()
        .filter(|i| !listed.contains(&i.as_str()))
        .collect();
    let gone: Vec<&&str> = listed
        .iter()
        .filter(|l| !items.iter().any(|i| i == *l))
        .collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "public items not listed in tests/data/public_api.txt (make each pub(crate) unless \
         the binary, a test or a fuzz target needs it, then list it):\n{}\n\
         listed but not public (take them off the list):\n{}",
        new.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        gone.iter().map(|s| **s).collect::<Vec<_>>().join("\n"),
    );
}

#[test]
fn the_scanner_lists_public_items_outside_tests() {
    let text = "pub fn a() {}\npub(crate) fn b() {}\npub struct S {\n    pub field: u8,\n}\n\
                impl S {\n    pub const fn c() {}\n    pub(super) fn d() {}\n}\n\
                pub use x::{y, z};\npub mod m;\n#[cfg(test)]\nmod tests {\n    pub fn t() {}\n}\n";
    assert_eq!(
        public_items(text),
        ["fn a", "struct S", "fn c", "use x::{y, z}", "mod m"]
    );
}

#[test]
fn the_scanner_finds_string_errors_outside_tests() {
    let text = "fn a() -> Result<(), String> {}\n\
                fn b() -> Result<Vec<String>, E> {}\n\
                fn c() -> io::Result<String> {}\n\
                fn d(f: impl Fn() -> u8) -> Result<(\n    u8,\n    String,\n), String> {}\n\
                fn e() -> Result<Box<dyn Fn() -> String>, Error> {}\n\
                #[cfg(test)]\nmod tests {\n    fn t() -> Result<(), String> {}\n}\n";
    assert_eq!(string_errors(text), [1, 4]);
}

#[test]
fn the_scanner_measures_functions_and_skips_tests() {
    let text = "fn short() {\n    let s = \"}\";\n    let c = '{';\n}\n\
                // fn commented() {\n/* fn hidden() { */\n\
                fn generic<'a, T: Into<String>>(x: &'a str) -> Vec<T> where T: Clone {\n\
                    let r = r#\"{ \"# ;\n    if true {\n        x;\n    }\n    vec![]\n}\n\
                trait T { fn declared(&self); }\n\
                #[cfg(test)]\nmod tests {\n    fn in_test() {\n    }\n}\n\
                fn last() { let b = b'{'; let l = 'outer: loop { break 'outer; }; }\n";
    let found = functions(text);
    let names: Vec<(&str, usize, usize)> = found
        .iter()
        .map(|(n, line, len)| (n.as_str(), *line, *len))
        .collect();
    assert_eq!(names, [("short", 1, 4), ("generic", 7, 7), ("last", 20, 1)]);
}
