//! Modules import one another in one direction only, at every level: no
//! top-level module imports one that (directly or through others) imports it
//! back, and within each module with submodules (`check/`, `hugo/`, …) no
//! submodule imports a sibling that imports it back.
//!
//! The graph is read from the source: every `crate::…`, `super::…` and
//! `self::…` path (use trees with braces included) and every `use` of a child
//! module, outside comments and outside `#[cfg(test)]` modules (a unit test may
//! reach across layers). A path through a re-export (`pub use site_index::SiteIndex`
//! in `hugo/mod.rs`) counts as an import of both the module that re-exports it
//! and the one that defines it. A path from `a::b` to `a::c::…` is an edge
//! `b → c` in the graph of `a`; the crate's top-level graph is the graph of the
//! root. A parent and its own children are not siblings: a child may use its
//! parent's items and the parent its children. `lib.rs` and `main.rs` are the
//! top and not part of the graph.

mod common;

use common::rust_files;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;
type ModPath = Vec<String>;

/// The module path of a file below `src/`: `check/links.rs` → `[check, links]`,
/// `lib.rs` → `[]`.
fn module_of(rel: &Path) -> ModPath {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && !(parts.is_empty() && stem == "lib") {
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

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// One path of a use tree, with the name it is imported as (`as x`).
#[derive(Debug, PartialEq)]
struct UsePath {
    segs: Vec<String>,
    alias: Option<String>,
}

/// Reads a path or use tree at the start of `s` (`a::b`, `a::{b, c::d as e}`,
/// `a::*`): every path it names, and the rest of the text.
fn parse_tree<'a>(s: &'a str, prefix: &[String], out: &mut Vec<UsePath>) -> &'a str {
    let mut segs = prefix.to_vec();
    let mut s = s.trim_start();
    loop {
        if let Some(rest) = s.strip_prefix('{') {
            s = rest;
            loop {
                s = s.trim_start();
                if let Some(rest) = s.strip_prefix('}') {
                    return rest;
                }
                if s.is_empty() {
                    return s;
                }
                let before = s.len();
                s = parse_tree(s, &segs, out).trim_start();
                s = s.strip_prefix(',').unwrap_or(s);
                if s.len() == before {
                    // Not a tree: give up on this one rather than loop.
                    return s;
                }
            }
        }
        if let Some(rest) = s.strip_prefix('*') {
            out.push(UsePath { segs, alias: None });
            return rest;
        }
        let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
        if end == 0 {
            break;
        }
        segs.push(s[..end].to_string());
        s = &s[end..];
        match s.trim_start().strip_prefix("::") {
            Some(next) => s = next.trim_start(),
            None => break,
        }
    }
    let mut alias = None;
    if let Some(rest) = s.trim_start().strip_prefix("as ") {
        let rest = rest.trim_start();
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        alias = Some(rest[..end].to_string());
        s = &rest[end..];
    }
    if segs.len() > prefix.len() {
        out.push(UsePath { segs, alias });
    }
    s
}

/// Every path in `code` that starts with the word `start` (`crate`, `super`,
/// `self`) followed by `::`, read as a use tree.
fn paths_from(code: &str, start: &str) -> Vec<UsePath> {
    let needle = format!("{start}::");
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = code[at..].find(&needle) {
        let begin = at + i;
        at = begin + needle.len();
        let before = code[..begin].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        parse_tree(&code[begin..], &[], &mut found);
    }
    found
}

/// The trees of `use` items in `code`: (is it `pub`, its paths).
fn use_items(code: &str) -> Vec<(bool, Vec<UsePath>)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = code[at..].find("use ") {
        let begin = at + i;
        at = begin + 4;
        let head = code[..begin].trim_end();
        let item_start = head.is_empty() || head.ends_with([';', '{', '}', ']']);
        let public = head.ends_with("pub") || head.ends_with("pub(crate)");
        if !(item_start || public) {
            continue;
        }
        let mut paths = Vec::new();
        parse_tree(&code[at..], &[], &mut paths);
        found.push((public, paths));
    }
    found
}

/// What every module of the crate names.
struct Crate {
    modules: BTreeSet<ModPath>,
    /// Per module, the paths it names, absolute (crate root first).
    refs: BTreeMap<ModPath, Vec<ModPath>>,
    /// Per module, its `pub use` names and the absolute paths they stand for.
    reexports: BTreeMap<ModPath, BTreeMap<String, ModPath>>,
}

/// `segs` as an absolute path from `module`, or None for another crate's path.
fn absolute(module: &[String], segs: &[String], modules: &BTreeSet<ModPath>) -> Option<ModPath> {
    let mut segs: Vec<String> = segs.to_vec();
    if segs.last().is_some_and(|s| s == "self" || s == "*") && segs.len() > 1 {
        segs.pop();
    }
    let first = segs.first()?.as_str();
    match first {
        "crate" => Some(segs[1..].to_vec()),
        "super" => {
            let ups = segs.iter().take_while(|s| *s == "super").count();
            let base = module.len().checked_sub(ups)?;
            let mut p = module[..base].to_vec();
            p.extend(segs[ups..].iter().cloned());
            Some(p)
        }
        "self" => {
            let mut p = module.to_vec();
            p.extend(segs[1..].iter().cloned());
            Some(p)
        }
        _ => {
            let mut p = module.to_vec();
            p.push(segs[0].clone());
            if !modules.contains(&p) {
                return None;
            }
            p.extend(segs[1..].iter().cloned());
            Some(p)
        }
    }
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut files = Vec::new();
        rust_files(src, &mut files);
        let mut texts = Vec::new();
        for f in &files {
            let rel = f.strip_prefix(src).unwrap();
            if rel == Path::new("main.rs") || rel.starts_with("bin") {
                continue;
            }
            texts.push((
                module_of(rel),
                code_of(&std::fs::read_to_string(f).unwrap()),
            ));
        }
        let modules: BTreeSet<ModPath> = texts.iter().map(|(m, _)| m.clone()).collect();
        Crate::from_code(modules, &texts)
    }

    fn from_code(modules: BTreeSet<ModPath>, texts: &[(ModPath, String)]) -> Crate {
        let mut refs: BTreeMap<ModPath, Vec<ModPath>> = BTreeMap::new();
        let mut reexports: BTreeMap<ModPath, BTreeMap<String, ModPath>> = BTreeMap::new();
        for (module, code) in texts {
            let mut written = Vec::new();
            for start in ["crate", "super", "self"] {
                written.extend(paths_from(code, start));
            }
            for (public, paths) in use_items(code) {
                for p in paths {
                    if public {
                        if let Some(abs) = absolute(module, &p.segs, &modules) {
                            let last = p.segs.iter().rev().find(|s| *s != "self" && *s != "*");
                            if let Some(name) = p.alias.clone().or(last.cloned()) {
                                if p.segs.last().is_none_or(|s| s != "*") {
                                    reexports
                                        .entry(module.clone())
                                        .or_default()
                                        .insert(name, abs);
                                }
                            }
                        }
                    }
                    written.push(p);
                }
            }
            let abs = written
                .iter()
                .filter_map(|p| absolute(module, &p.segs, &modules))
                .collect();
            refs.insert(module.clone(), abs);
        }
        Crate {
            modules,
            refs,
            reexports,
        }
    }

    /// The modules a path names: the deepest module written in it and, if it
    /// goes through re-exports, the module that defines what it names.
    fn targets(&self, path: &[String]) -> Vec<ModPath> {
        let written = self.deepest_module(path);
        let mut path = path.to_vec();
        let mut out = vec![written];
        for _ in 0..16 {
            let m = self.deepest_module(&path);
            let Some(next) = path.get(m.len()) else {
                out.push(m);
                break;
            };
            match self.reexports.get(&m).and_then(|r| r.get(next)) {
                Some(target) if !path.starts_with(target) => {
                    let mut p = target.clone();
                    p.extend(path[m.len() + 1..].iter().cloned());
                    path = p;
                }
                _ => {
                    out.push(m);
                    break;
                }
            }
        }
        out
    }

    fn deepest_module(&self, path: &[String]) -> ModPath {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| self.modules.contains(p))
            .unwrap_or_default()
    }

    /// For every module with submodules, the graph between its submodules.
    fn graphs(&self) -> BTreeMap<ModPath, Graph> {
        let mut graphs: BTreeMap<ModPath, Graph> = BTreeMap::new();
        for (from, paths) in &self.refs {
            for path in paths {
                for to in self.targets(path) {
                    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
                    if common < from.len() && common < to.len() {
                        graphs
                            .entry(from[..common].to_vec())
                            .or_default()
                            .entry(from[common].clone())
                            .or_default()
                            .insert(to[common].clone());
                    }
                }
            }
        }
        graphs
    }
}

fn crate_graphs() -> BTreeMap<ModPath, Graph> {
    Crate::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).graphs()
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
fn no_module_imports_one_that_imports_it_back() {
    let graphs = crate_graphs();
    assert!(
        graphs.contains_key(&ModPath::new()),
        "no top-level graph read"
    );
    let mut msg = String::new();
    for (parent, g) in &graphs {
        let within = if parent.is_empty() {
            "the crate".to_string()
        } else {
            format!("crate::{}", parent.join("::"))
        };
        for c in cycles(g) {
            msg.push_str(&format!("cycle in {within}: {}\n", c.join(", ")));
            for a in &c {
                let inside: Vec<&str> = g[a]
                    .iter()
                    .filter(|b| c.contains(b))
                    .map(String::as_str)
                    .collect();
                msg.push_str(&format!("  {a} -> {}\n", inside.join(", ")));
            }
        }
    }
    assert!(msg.is_empty(), "imports between modules loop:\n{msg}");
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
    &["walk", "git_ignored"],
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
    let g = crate_graphs().remove(&ModPath::new()).unwrap_or_default();
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
                #[cfg(test)]\nmod tests {\n    use crate::y::Q;\n}\nfn g() { crate::b::h() }\n\
                pub use super::{e::{self, F}, g as h};\nuse k::L;\n";
    let code = code_of(text);
    let segs = |start: &str| -> Vec<Vec<String>> {
        paths_from(&code, start)
            .into_iter()
            .map(|p| p.segs)
            .collect()
    };
    assert_eq!(
        segs("crate"),
        [vec!["crate", "a", "B"], vec!["crate", "b", "h"]]
    );
    assert_eq!(
        segs("super"),
        [
            vec!["super", "super", "c", "d"],
            vec!["super", "e", "self"],
            vec!["super", "e", "F"],
            vec!["super", "g"],
        ]
    );
    let uses = use_items(&code);
    assert_eq!(uses.len(), 3);
    assert!(uses[1].0 && !uses[0].0 && !uses[2].0);
    assert_eq!(uses[1].1[2].alias.as_deref(), Some("h"));

    // A file `x/m.rs` of a crate with modules x, x::m, x::e, x::g, x::m::k, c.
    let m = |s: &str| -> ModPath {
        s.split('/')
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    };
    let modules: BTreeSet<ModPath> = ["", "x", "x/m", "x/e", "x/g", "x/m/k", "c", "y"]
        .into_iter()
        .map(m)
        .collect();
    let texts = vec![
        (m("x/m"), code),
        // `x` re-exports an item of `y`; `c` names it through `x`.
        (m("x"), "pub use crate::y::Thing;\n".to_string()),
        (
            m("c"),
            "fn f() -> crate::x::Thing { todo!() }\n".to_string(),
        ),
    ];
    let graphs = Crate::from_code(modules, &texts).graphs();
    let edges = |parent: &str| -> Vec<(String, String)> {
        graphs[&m(parent)]
            .iter()
            .flat_map(|(a, bs)| bs.iter().map(move |b| (a.clone(), b.clone())))
            .collect()
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        edges(""),
        [
            pair("c", "x"),
            pair("c", "y"),
            pair("x", "c"),
            pair("x", "y")
        ]
    );
    assert_eq!(edges("x"), [pair("m", "e"), pair("m", "g")]);
    assert!(
        !graphs.contains_key(&m("x/m")),
        "a parent naming its child is no edge"
    );

    let mut g = Graph::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        g.entry(a.into()).or_default().insert(b.into());
    }
    assert_eq!(cycles(&g), [vec!["a", "b", "c"]]);
    g.get_mut("c").unwrap().remove("a");
    assert!(cycles(&g).is_empty());
}
