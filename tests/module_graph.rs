//! The crate's top-level modules import one another in one direction only:
//! no module imports one that (directly or through others) imports it back.
//!
//! The graph is read from the source: every `crate::a::…` path and every
//! `super::…` path that leaves its top-level module, outside comments and
//! outside `#[cfg(test)]` modules (a unit test may reach across layers). An
//! edge `a → b` means some file under `src/a` names something of `src/b`.
//! `lib.rs` and `main.rs` are the top and not part of the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file below `src/`: `check/links.rs` → `[check, links]`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

/// The text of a file without comments and without `#[cfg(test)]` items.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    let mut pending_cfg_test = false;
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let trimmed = code.trim();
        if skip_depth.is_none() && trimmed.starts_with("#[cfg(test)]") {
            pending_cfg_test = true;
            continue;
        }
        let opens = code.matches('{').count();
        let closes = code.matches('}').count();
        if pending_cfg_test {
            pending_cfg_test = false;
            if opens > closes {
                skip_depth = Some(depth);
                depth += opens - closes;
                continue;
            }
            // A one-line item (`#[cfg(test)] use …;`): skipped alone.
            continue;
        }
        depth = (depth + opens).saturating_sub(closes);
        if let Some(d) = skip_depth {
            if depth <= d {
                skip_depth = None;
            }
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Identifiers after `prefix` in `code` (`crate::` → the first path segment).
fn segments_after<'a>(code: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = code[at..].find(prefix) {
        let before = code[..at + i].chars().next_back();
        at += i + prefix.len();
        let rest = &code[at..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut segs = Vec::new();
        let mut s = rest;
        loop {
            let end = s
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(s.len());
            if end == 0 {
                break;
            }
            segs.push(&s[..end]);
            match s[end..].strip_prefix("::") {
                Some(next) => s = next,
                None => break,
            }
        }
        found.push(segs);
    }
    found
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let tops: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_of(f.strip_prefix(&src).unwrap()).first().cloned())
        .filter(|m| m != "lib" && m != "main" && m != "bin")
        .collect();
    let mut g = Graph::new();
    for f in &files {
        let module = module_of(f.strip_prefix(&src).unwrap());
        let Some(top) = module.first().filter(|t| tops.contains(*t)) else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        let mut targets = BTreeSet::new();
        for segs in segments_after(&code, "crate::") {
            if let Some(t) = segs.first() {
                targets.insert(t.to_string());
            }
        }
        for segs in segments_after(&code, "super::") {
            // `super::super::x` climbs one module per `super`.
            let ups = 1 + segs.iter().take_while(|s| **s == "super").count();
            let named = segs.iter().find(|s| **s != "super");
            if ups >= module.len() {
                if let Some(t) = named {
                    targets.insert(t.to_string());
                }
            }
        }
        let edges = g.entry(top.clone()).or_default();
        for t in targets {
            if t != *top && tops.contains(&t) {
                edges.insert(t);
            }
        }
    }
    g
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct State<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut c = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                c.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if c.len() > 1 {
                c.sort();
                s.out.push(c);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn top_level_modules_form_no_cycle() {
    let g = graph();
    let found = cycles(&g);
    let mut msg = String::new();
    for c in &found {
        msg.push_str(&format!("cycle: {}\n", c.join(", ")));
        for a in c {
            let inside: Vec<&str> = g[a]
                .iter()
                .filter(|b| c.contains(b))
                .map(String::as_str)
                .collect();
            msg.push_str(&format!("  {a} -> {}\n", inside.join(", ")));
        }
    }
    assert!(
        found.is_empty(),
        "imports between top-level modules loop:\n{msg}"
    );
}

/// The layers of `docs/architecture.md`, top first: a module imports only
/// modules of lower layers (or of its own, for the bottom one).
const LAYERS: &[&[&str]] = &[
    &["cli"],
    &["lsp"],
    &["report", "watch"],
    &["check"],
    &["cache", "schema"],
    &["config"],
    &["links"],
    &["hugo"],
    &["walk"],
    &["load"],
    &["types"],
    &[
        "base",
        "diagnostic",
        "fix",
        "rules",
        "source",
        "suggest",
        "timings",
    ],
];

#[test]
fn imports_go_down_the_documented_layers() {
    let layer_of = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let g = graph();
    let mut wrong = Vec::new();
    for (a, bs) in &g {
        let Some(la) = layer_of(a) else {
            wrong.push(format!("{a} is in no layer of docs/architecture.md"));
            continue;
        };
        for b in bs {
            match layer_of(b) {
                None => wrong.push(format!("{b} is in no layer of docs/architecture.md")),
                Some(lb) if lb < la || (lb == la && la + 1 != LAYERS.len()) => {
                    wrong.push(format!("{a} imports {b}, which is not below it"))
                }
                Some(_) => {}
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_graph_reader_sees_imports_and_cycles() {
    let text = "use crate::a::B;\n// crate::z in a comment\nfn f() { super::super::c::d(); }\n\
                #[cfg(test)]\nmod tests {\n    use crate::y::Q;\n}\nfn g() { crate::b::h() }\n";
    let code = code_of(text);
    let firsts: Vec<&str> = segments_after(&code, "crate::")
        .into_iter()
        .map(|s| s[0])
        .collect();
    assert_eq!(firsts, ["a", "b"]);
    let ups: Vec<Vec<&str>> = segments_after(&code, "super::");
    assert_eq!(ups, [vec!["super", "c", "d"]]);

    let mut g = Graph::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        g.entry(a.into()).or_default().insert(b.into());
    }
    assert_eq!(cycles(&g), [vec!["a", "b", "c"]]);
    g.get_mut("c").unwrap().remove("a");
    assert!(cycles(&g).is_empty());
}
