//! Shortcodes that render another file into the page: a template that reads
//! a file (`readFile`, `os.ReadFile`) and renders it as Markdown
//! (`markdownify`, `RenderString`) gives the page the headings of that file,
//! whichever way it is called (`{{< … >}}` too: the HTML it writes holds the
//! ids). `os.ReadFile` reads the content tree first, then the project
//! folder, so a path like `/docs/parts/fields.md` names a content file.
//!
//! The file is found when the template reads the value of an argument
//! (`os.ReadFile (.Get "path")`, or a variable set from it once); a template
//! that computes the path some other way gives the page anchors nobody can
//! list, unless the call's arguments keep it on paths through its `if`s that
//! render no read file as Markdown (see [`renders_no_file_for`]).
//!
//! A template that prints another page's or a bundle resource's `.Content`
//! gives the page that file's headings (see [`content_args`]).

use super::template_text::{strip_comments, GET};
use std::sync::LazyLock;

const READ: &str = r"(?:readFile|os\.ReadFile)";

/// Whether `template` reads a file and renders Markdown: the headings of
/// some file may be the page's.
pub(crate) fn renders_a_file(template: &str) -> bool {
    static READS: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(&format!(r"\b{READ}\b")).expect("a valid pattern"));
    let text = strip_comments(template);
    READS.is_match(&text) && (text.contains("markdownify") || text.contains("RenderString"))
}

/// The arguments (by name, or by position when it has none) whose value
/// `template` reads as a file it renders (see [`renders_a_file`]):
/// `os.ReadFile (.Get "path")`, `.Get 0 | readFile`, or a variable set from
/// `.Get` once and read.
pub(crate) fn file_args(template: &str) -> Vec<(Option<String>, usize)> {
    static DIRECT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r"\b{READ}\s*\(?\s*{GET}|(?:^|[^\w.$])\(?\s*{GET}\s*\)?\s*\|\s*{READ}\b"
        ))
        .expect("a valid pattern")
    });
    static VAR_READ: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r"\b{READ}\s*\(?\s*(\$[A-Za-z0-9_]+)|(\$[A-Za-z0-9_]+)\s*\|\s*{READ}\b"
        ))
        .expect("a valid pattern")
    });
    if !renders_a_file(template) {
        return Vec::new();
    }
    let text = strip_comments(template);
    let arg = |name: Option<regex::Match>, pos: Option<regex::Match>| {
        let name = name.map(|m| m.as_str().to_string());
        let pos = pos.and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        (name, pos)
    };
    let mut out: Vec<(Option<String>, usize)> = DIRECT
        .captures_iter(&text)
        .map(|c| arg(c.get(1).or(c.get(3)), c.get(2).or(c.get(4))))
        .collect();
    for c in VAR_READ.captures_iter(&text) {
        let Some(var) = c.get(1).or(c.get(2)).map(|m| m.as_str()) else {
            continue;
        };
        let v = regex::escape(var);
        let set = regex::Regex::new(&format!(r"{v}\s*:?=\s*\(?\s*{GET}\s*\)?\s*(-?\}}\}})?"))
            .expect("a valid pattern");
        let sets: Vec<_> = regex::Regex::new(&format!(r"{v}\s*:?=[^=]"))
            .expect("a valid pattern")
            .find_iter(&text)
            .collect();
        // A variable set more than once may hold something else when it is read.
        if sets.len() != 1 {
            continue;
        }
        if let Some(s) = set.captures(&text).filter(|s| s.get(3).is_some()) {
            out.push(arg(s.get(1), s.get(2)));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `template` renders the call's inner text through `markdownify`
/// (`{{ .Inner | markdownify }}`, `{{ trim .Inner "\n" | markdownify }}`,
/// `{{ markdownify .Inner }}`): Hugo renders it as the home page's text, so a
/// link hook that looks a destination up (`GetPage`) does so from the home
/// page, not from the page the text is written in.
pub(crate) fn inner_through_markdownify(template: &str) -> bool {
    static PIPE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\{\{-?[^{}]*\$?\.Inner\b[^{}|]*(?:\|[^{}|]*)*\|\s*markdownify\b")
            .expect("a valid pattern")
    });
    static CALL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\bmarkdownify\s+\(?\s*\$?\.Inner\b").expect("a valid pattern")
    });
    let text = strip_comments(template);
    PIPE.is_match(&text) || CALL.is_match(&text)
}

/// How a template finds the page or resource whose content it prints
/// (`{{ .Content }}`), from the value of one of the call's arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ContentLookup {
    /// `Some(bundle)`: the resources of the leaf bundle `GetPage` finds at
    /// this (literal) path whose names match (`.Resources.GetMatch`); `None`:
    /// the page `GetPage` finds.
    pub bundle: Option<String>,
    /// What is looked up, `%s` standing for the argument's value
    /// (`printf "%s*" (.Get 0)` gives `%s*`).
    pub format: String,
    /// `GetPage` of the calling page (`.Page.GetPage`): a relative path is
    /// looked up from the page's folder, not from the content root.
    pub relative: bool,
}

/// A `$variable` assigned in a template (`$x := …`, `$x = …`).
static ASSIGN: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\$([A-Za-z0-9_]+)\s*:?=([^=][^}]*?)-?\}\}").expect("a valid pattern")
});

/// The expression of each variable of `text` assigned exactly once.
fn single_assignments(text: &str) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String, usize)> = Vec::new();
    for c in ASSIGN.captures_iter(text) {
        let (var, expr) = (c[1].to_string(), c[2].trim().to_string());
        match seen.iter_mut().find(|(v, _, _)| *v == var) {
            Some(slot) => slot.2 += 1,
            None => seen.push((var, expr, 1)),
        }
    }
    seen.into_iter()
        .filter(|(_, _, n)| *n == 1)
        .map(|(v, e, _)| (v, e))
        .collect()
}

/// `expr` with each variable assigned once replaced by its expression (in
/// parentheses), a few levels deep.
fn expand(expr: &str, vars: &[(String, String)], depth: usize) -> String {
    static VAR: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\$([A-Za-z0-9_]+)").expect("a valid pattern"));
    if depth > 4 || !expr.contains('$') {
        return expr.to_string();
    }
    VAR.replace_all(expr, |c: &regex::Captures| {
        match vars.iter().find(|(v, _)| *v == c[1]) {
            Some((_, e)) => format!("({})", expand(e, vars, depth + 1)),
            None => c[0].to_string(),
        }
    })
    .into_owned()
}

/// The call argument an expression is, with what is made of it: `.Get 0`
/// (`%s`), or `printf "parts/%s.md" (.Get "name")` (its format).
fn argument_of(expr: &str) -> Option<(Option<String>, usize, String)> {
    static ARG: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!(
            r#"^(?:printf\s+"([^"%\\]*%s[^"%\\]*)"\s+)?\(*\s*{GET}\s*\)*$"#
        ))
        .expect("a valid pattern")
    });
    let mut e = expr.trim();
    while e.starts_with('(') && e.ends_with(')') {
        e = e[1..e.len() - 1].trim();
    }
    let c = ARG.captures(e)?;
    let name = c.get(2).map(|m| m.as_str().to_string());
    let pos = c.get(3).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
    let format = c.get(1).map_or("%s", |m| m.as_str()).to_string();
    Some((name, pos, format))
}

/// The operand that starts `rest`: a parenthesised expression, or a word.
fn operand(rest: &str) -> &str {
    let rest = rest.trim_start();
    if rest.starts_with('(') {
        let mut depth = 0;
        for (i, ch) in rest.char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return &rest[..=i];
                    }
                }
                _ => {}
            }
        }
        return rest;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c == ')' || c == '}' || c == '|')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The arguments whose value names the page or bundle resource that
/// `template` prints the content of (`.Content`), and how each is looked up:
/// `(site.GetPage (.Get 0)).Content`, or `.Resources.GetMatch (printf "%s*"
/// (.Get 0))` of a bundle the template gets by a literal path
/// (`site.GetPage "/parts"`), directly or through variables set once. A
/// lookup made of anything else (the page's folder, another value) is not
/// listed: its content is not known.
pub(crate) fn content_args(template: &str) -> Vec<(Option<String>, usize, ContentLookup)> {
    static GET_PAGE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r#"(\$?\.Page\.|\$?\.Site\.|\bsite\.)GetPage\s+(?:"(?:page|section)"\s+)?"#,
        )
        .expect("a valid pattern")
    });
    static BUNDLE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"(?:\$?\.Site\.|\bsite\.)GetPage\s+"([^"]+)"(?:\s+"([^"]+)")?\s*(.?)"#)
            .expect("a valid pattern")
    });
    static GET_MATCH: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\.Resources\.GetMatch\s+").expect("a valid pattern"));
    let text = strip_comments(template);
    if !text.contains(".Content") {
        return Vec::new();
    }
    let vars = single_assignments(&text);
    let mut out = Vec::new();
    for m in GET_PAGE.captures_iter(&text) {
        let whole = m.get(0).expect("a match");
        let term = expand(operand(&text[whole.end()..]), &vars, 0);
        if let Some((name, pos, format)) = argument_of(&term) {
            let relative = m[1].contains("Page");
            out.push((
                name,
                pos,
                ContentLookup {
                    bundle: None,
                    format,
                    relative,
                },
            ));
        }
    }
    // The bundle: the one page the template gets by a literal path.
    let mut bundles: Vec<&str> = BUNDLE
        .captures_iter(&text)
        .filter_map(|c| match (c.get(1), c.get(2)) {
            // The old form with a kind first: `GetPage "page" "path"`.
            (Some(kind), Some(path)) if matches!(kind.as_str(), "page" | "section") => {
                Some(path.as_str())
            }
            (Some(_), Some(_)) => None,
            // `GetPage "page" $path`: a path computed.
            (Some(kind), None)
                if matches!(kind.as_str(), "page" | "section")
                    && !matches!(&c[3], "" | ")" | "}" | "-" | "|") =>
            {
                None
            }
            (first, _) => first.map(|m| m.as_str()),
        })
        .collect();
    bundles.sort_unstable();
    bundles.dedup();
    if let [bundle] = bundles[..] {
        for m in GET_MATCH.find_iter(&text) {
            let term = expand(operand(&text[m.end()..]), &vars, 0);
            if let Some((name, pos, format)) = argument_of(&term) {
                let bundle = Some(bundle.to_string());
                out.push((
                    name,
                    pos,
                    ContentLookup {
                        bundle,
                        format,
                        relative: false,
                    },
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The arguments of one shortcode call, as Hugo's `.Get` gives them.
#[derive(Debug, Default)]
pub(crate) struct CallArgs {
    pub named: Vec<(String, String)>,
    pub positional: Vec<String>,
}

/// A value while a template is followed for one call: text, a truth value,
/// or not known.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Str(String),
    Bool(bool),
    Unknown,
}

impl Val {
    fn truth(&self) -> Option<bool> {
        match self {
            Val::Str(s) => Some(!s.is_empty()),
            Val::Bool(b) => Some(*b),
            Val::Unknown => None,
        }
    }
}

/// Variables and the page's scratch pad, as far as they are known.
#[derive(Debug, Clone, Default, PartialEq)]
struct Env {
    vars: Vec<(String, Val)>,
    scratch: Vec<(String, Val)>,
}

fn set(slots: &mut Vec<(String, Val)>, key: &str, v: Val) {
    match slots.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = v,
        None => slots.push((key.to_string(), v)),
    }
}

fn get(slots: &[(String, Val)], key: &str) -> Val {
    slots
        .iter()
        .find(|(k, _)| k == key)
        .map_or(Val::Unknown, |(_, v)| v.clone())
}

impl Env {
    /// What holds after one path or the other: values they agree on.
    fn join(&self, other: &Env) -> Env {
        let both = |a: &[(String, Val)], b: &[(String, Val)]| {
            let mut out: Vec<(String, Val)> = Vec::new();
            for (k, _) in a.iter().chain(b) {
                if out.iter().any(|(o, _)| o == k) {
                    continue;
                }
                let (x, y) = (get(a, k), get(b, k));
                out.push((k.clone(), if x == y { x } else { Val::Unknown }));
            }
            out
        };
        Env {
            vars: both(&self.vars, &other.vars),
            scratch: both(&self.scratch, &other.scratch),
        }
    }
}

/// A template's actions as a tree of blocks.
#[derive(Debug)]
enum Node {
    Action(String),
    /// `if`/`with`/`range` and their `else if`/`else` parts: (condition,
    /// body) in order, `None` for the last `else`; `dot`: the body's `.` is
    /// another value (`with`, `range`).
    Block {
        parts: Vec<(Option<String>, Vec<Node>)>,
        dot: bool,
        loops: bool,
    },
}

/// The actions of `template` (comments left out) as a tree; `None` for a
/// template this reading does not follow (`define`, `block`, unbalanced).
fn template_tree(template: &str) -> Option<Vec<Node>> {
    let text = strip_comments(template);
    let mut stack: Vec<(Vec<Node>, Option<Node>)> = vec![(Vec::new(), None)];
    let mut rest = text.as_str();
    while let Some(i) = rest.find("{{") {
        let j = rest[i..].find("}}")?;
        let action = rest[i + 2..i + j]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim()
            .to_string();
        rest = &rest[i + j + 2..];
        let word = action.split_whitespace().next().unwrap_or("");
        match word {
            "define" | "block" | "template" | "break" | "continue" => return None,
            "if" | "with" | "range" => {
                let cond = action[word.len()..].trim().to_string();
                let block = Node::Block {
                    parts: vec![(Some(cond), Vec::new())],
                    dot: word != "if",
                    loops: word == "range",
                };
                stack.push((Vec::new(), Some(block)));
            }
            "else" => {
                let (body, block) = stack.last_mut()?;
                let Some(Node::Block { parts, .. }) = block else {
                    return None;
                };
                parts.last_mut()?.1 = std::mem::take(body);
                // `else if X`, `else with X` (kept as it is: `.` is X in its body), `else`.
                let cond = action["else".len()..].trim();
                let cond = match cond.strip_prefix("if ") {
                    Some(c) => Some(c.trim().to_string()),
                    None => cond.starts_with("with ").then(|| cond.to_string()),
                };
                parts.push((cond, Vec::new()));
            }
            "end" => {
                let (body, block) = stack.pop()?;
                let Some(Node::Block {
                    mut parts,
                    dot,
                    loops,
                }) = block
                else {
                    return None;
                };
                parts.last_mut()?.1 = body;
                stack.last_mut()?.0.push(Node::Block { parts, dot, loops });
            }
            _ => stack.last_mut()?.0.push(Node::Action(action)),
        }
    }
    if stack.len() != 1 {
        return None;
    }
    stack.pop().map(|(body, _)| body)
}

/// The operands of an expression: words, quoted strings and parenthesised
/// parts, split at white space (`None`: a pipeline or something not read).
fn operands(expr: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let b = expr.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        match b[i] {
            b'|' => return None,
            b'"' | b'`' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'(' => i += operand(&expr[i..]).len(),
            _ => {
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'(' {
                    i += 1;
                }
            }
        }
        out.push(&expr[start..i.min(b.len())]);
    }
    Some(out)
}

/// The scratch pad key an expression like `$.Scratch.Get "k"` names after
/// its method (`Get`, `Set`, `Add`), and the rest of it.
fn scratch_call<'e>(ops: &'e [&'e str], method: &str) -> Option<(String, &'e [&'e str])> {
    let head = ops.first()?;
    let receiver = head.strip_suffix(&format!("Scratch.{method}"))?;
    if !matches!(receiver, "$." | "." | ".Page." | "$.Page.") {
        return None;
    }
    let key = ops.get(1)?.strip_prefix('"')?.strip_suffix('"')?;
    Some((key.to_string(), &ops[2..]))
}

/// The value of an expression for one call (`dot`: `.` is still the call).
fn value(expr: &str, call: &CallArgs, env: &Env, dot: bool) -> Val {
    let expr = expr.trim();
    let Some(ops) = operands(expr) else {
        return Val::Unknown;
    };
    let arg = |name: &str| -> Val {
        if let Some(q) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
            return call
                .named
                .iter()
                .find(|(k, _)| k == q)
                .map_or(Val::Unknown, |(_, v)| Val::Str(v.clone()));
        }
        // An argument the call does not give: not known (Hugo's nil is no text).
        match name.parse::<usize>() {
            Ok(n) => call
                .positional
                .get(n)
                .map_or(Val::Unknown, |v| Val::Str(v.clone())),
            Err(_) => Val::Unknown,
        }
    };
    match ops.as_slice() {
        [one] if one.starts_with('(') && one.ends_with(')') => {
            value(&one[1..one.len() - 1], call, env, dot)
        }
        [one] if one.len() >= 2 && (one.starts_with('"') || one.starts_with('`')) => {
            Val::Str(one[1..one.len() - 1].to_string())
        }
        ["true"] => Val::Bool(true),
        ["false"] => Val::Bool(false),
        [".IsNamedParams"] if dot => Val::Bool(!call.named.is_empty()),
        ["$.IsNamedParams"] => Val::Bool(!call.named.is_empty()),
        [".Get", a] if dot => arg(a),
        ["$.Get", a] => arg(a),
        [var] if var.starts_with('$') && var.len() > 1 && !var.contains('.') => get(&env.vars, var),
        ["eq", a, b] | ["ne", a, b] => {
            let (x, y) = (value(a, call, env, dot), value(b, call, env, dot));
            if x == Val::Unknown || y == Val::Unknown {
                return Val::Unknown;
            }
            Val::Bool((x == y) == (ops[0] == "eq"))
        }
        ["not", a] => match value(a, call, env, dot).truth() {
            Some(t) => Val::Bool(!t),
            None => Val::Unknown,
        },
        _ => match scratch_call(&ops, "Get") {
            Some((key, [])) if dot || ops[0].starts_with('$') => get(&env.scratch, &key),
            _ => Val::Unknown,
        },
    }
}

/// An action that renders a file it reads as Markdown (`$p | readFile |
/// markdownify`), one that renders something else (`.Inner | markdownify`),
/// or neither.
fn renders(action: &str) -> (bool, bool) {
    static READS: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(&format!(r"\b{READ}\b")).expect("a valid pattern"));
    let render = action.contains("markdownify") || action.contains("RenderString");
    let read = READS.is_match(action);
    (render && read, render && !read)
}

/// Follow `nodes` for one call from `env`: the environment after them, or
/// `None` when they may render a read file as Markdown, or do something this
/// reading cannot follow (a value rendered that may hold a file's text).
fn follow(nodes: &[Node], call: &CallArgs, mut env: Env, dot: bool) -> Option<Env> {
    static ASSIGN_ONE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(\$[A-Za-z0-9_]+)\s*:?=\s*(.*)$").expect("a valid pattern")
    });
    for node in nodes {
        match node {
            Node::Action(a) => {
                let (file, other) = renders(a);
                // A partial or another template may render a file itself.
                let elsewhere = a.contains("partial") || a.starts_with("template ");
                if file || elsewhere || (other && (a.contains('$') || a.contains("Scratch"))) {
                    return None;
                }
                if let Some(c) = ASSIGN_ONE.captures(a) {
                    let v = value(&c[2], call, &env, dot);
                    set(&mut env.vars, &c[1], v);
                    continue;
                }
                let Some(ops) = operands(a) else { continue };
                if let Some((key, rest)) = scratch_call(&ops, "Set") {
                    let v = value(&rest.join(" "), call, &env, dot);
                    set(&mut env.scratch, &key, v);
                } else if let Some((key, rest)) = scratch_call(&ops, "Add") {
                    let add = value(&rest.join(" "), call, &env, dot);
                    let v = match (get(&env.scratch, &key), add) {
                        (Val::Str(a), Val::Str(b)) => Val::Str(a + &b),
                        _ => Val::Unknown,
                    };
                    set(&mut env.scratch, &key, v);
                }
            }
            Node::Block {
                parts,
                dot: d,
                loops,
            } => {
                let inner_dot = dot && !d;
                // The environments the paths through the block may end with.
                let mut ends: Vec<Env> = Vec::new();
                let mut decided = false;
                for (k, (cond, body)) in parts.iter().enumerate() {
                    let with = cond.as_deref().and_then(|c| c.strip_prefix("with "));
                    let truth = match (with, cond) {
                        (Some(c), _) => value(c, call, &env, dot).truth(),
                        (None, Some(c)) => value(c, call, &env, dot).truth(),
                        (None, None) => Some(true),
                    };
                    if truth == Some(false) {
                        continue;
                    }
                    // The first part's `.` is the block's (`with`, `range`); an
                    // `else with` part's is its own value.
                    let part_dot = if k == 0 {
                        inner_dot
                    } else {
                        dot && with.is_none()
                    };
                    ends.push(follow(body, call, env.clone(), part_dot)?);
                    if truth == Some(true) && !loops {
                        decided = true;
                        break;
                    }
                }
                if !decided {
                    ends.push(env.clone());
                }
                let mut it = ends.into_iter();
                let first = it.next().unwrap_or_default();
                env = it.fold(first, |acc, e| acc.join(&e));
            }
        }
    }
    Some(env)
}

/// Whether `template`, called with `call`, surely renders no file it reads
/// as Markdown: every path the call's arguments can take through it (its
/// `if`s on argument values, kept in variables or the page's scratch pad)
/// leaves such an action out (`highlight` of a file is code: no headings).
pub(crate) fn renders_no_file_for(template: &str, call: &CallArgs) -> bool {
    template_tree(template).is_some_and(|t| follow(&t, call, Env::default(), true).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(template: &str) -> Vec<(Option<String>, usize)> {
        file_args(template)
    }

    #[test]
    fn a_file_named_by_an_argument_and_rendered_is_found() {
        let direct = r#"{{ $c := os.ReadFile ( .Get "contentPath" ) }}{{ $c | markdownify }}"#;
        assert_eq!(names(direct), [(Some("contentPath".into()), 0)]);
        let piped = r#"{{ .Get 0 | readFile | markdownify }}"#;
        assert_eq!(names(piped), [(None, 0)]);
        let via = r#"{{ $f := .Get "file" }}{{ $f | readFile | .Page.RenderString }}"#;
        assert_eq!(names(via), [(Some("file".into()), 0)]);
    }

    #[test]
    fn inner_text_through_markdownify_is_found() {
        assert!(inner_through_markdownify(
            r#"<b>{{ trim .Inner " \n" | markdownify }}</b>"#
        ));
        assert!(inner_through_markdownify(
            "{{ .Inner | markdownify | safeHTML }}"
        ));
        assert!(inner_through_markdownify("{{- markdownify .Inner -}}"));
        assert!(!inner_through_markdownify(
            "{{ .Inner | .Page.RenderString }}"
        ));
        assert!(!inner_through_markdownify(
            "{{ .Inner }}{{ .Get 0 | markdownify }}"
        ));
    }

    #[test]
    fn a_file_not_rendered_or_a_path_computed_is_not() {
        // Shown as code: no headings.
        assert!(names(r#"{{ readFile (.Get "f") | highlight "go" "" }}"#).is_empty());
        assert!(!renders_a_file(
            r#"{{ readFile (.Get "f") | highlight "go" "" }}"#
        ));
        // The path is made of more than the argument.
        let computed =
            r#"{{ $p := printf "/parts/%s" (.Get "f") }}{{ readFile $p | markdownify }}"#;
        assert!(names(computed).is_empty());
        assert!(renders_a_file(computed));
        let twice = r#"{{ $p := .Get "f" }}{{ $p = "x.md" }}{{ readFile $p | markdownify }}"#;
        assert!(names(twice).is_empty());
        // Not the call's argument: a value kept in the page's scratch pad.
        let scratch = r#"{{ $.Scratch.Get "path" | os.ReadFile | .Page.RenderString }}"#;
        assert!(names(scratch).is_empty());
        assert!(renders_a_file(scratch));
    }
    #[test]
    fn content_a_template_prints_by_an_argument() {
        let lookup = |bundle: Option<&str>, format: &str, relative| ContentLookup {
            bundle: bundle.map(String::from),
            format: format.into(),
            relative,
        };
        // A resource of a headless bundle, through variables.
        let vars = r#"{{- $name := .Get 0 -}}{{ $b := site.GetPage "page" "snippets" }}
            {{ $pattern := printf "%s*" $name }}{{ with $b.Resources.GetMatch $pattern }}{{ .Content }}{{ end }}"#;
        assert_eq!(
            content_args(vars),
            [(None, 0, lookup(Some("snippets"), "%s*", false))]
        );
        // The kind first, and a fallback to a page found from a computed path.
        let fallback = r#"{{ $name := .Get 0 }}{{ $b := site.GetPage "page" "snippets" }}
            {{ $r := $b.Resources.GetMatch (printf "%s*" $name) }}{{ with $r }}{{ .Content }}{{ else }}
            {{ $p := path.Join $.Page.File.Dir $name }}{{ with site.GetPage "page" $p }}{{ .Content }}{{ end }}{{ end }}"#;
        assert_eq!(
            content_args(fallback),
            [(None, 0, lookup(Some("snippets"), "%s*", false))]
        );
        // Inside `with`, the argument written in place.
        let with = r#"{{ with site.GetPage "/parts" }}{{ with .Resources.GetMatch (printf "%s.md" ($.Get "part")) }}{{ .Content }}{{ end }}{{ end }}"#;
        assert_eq!(
            content_args(with),
            [(
                Some("part".into()),
                0,
                lookup(Some("/parts"), "%s.md", false)
            )]
        );
        // A page, from the root or from the calling page.
        assert_eq!(
            content_args(r#"{{ with site.GetPage (.Get 0) }}{{ .Content }}{{ end }}"#),
            [(None, 0, lookup(None, "%s", false))]
        );
        assert_eq!(
            content_args(r#"{{ $p := .Page.GetPage (.Get "path") }}{{ $p.Content }}"#),
            [(Some("path".into()), 0, lookup(None, "%s", true))]
        );
    }

    #[test]
    fn content_found_some_other_way_is_not_listed() {
        for none in [
            // The path is made of more than the argument.
            r#"{{ $p := path.Join $.Page.File.Dir (.Get 0) }}{{ with site.GetPage $p }}{{ .Content }}{{ end }}"#,
            // The variable is set twice.
            r#"{{ $p := .Get 0 }}{{ if not $p }}{{ $p = "x" }}{{ end }}{{ with site.GetPage $p }}{{ .Content }}{{ end }}"#,
            // Not printed.
            r#"{{ with site.GetPage (.Get 0) }}{{ .Title }}{{ end }}"#,
            // Two bundles: which one has the resource?
            r#"{{ $a := site.GetPage "a" }}{{ $b := site.GetPage "b" }}{{ with ($a.Resources.GetMatch (.Get 0)) }}{{ .Content }}{{ end }}"#,
        ] {
            assert!(content_args(none).is_empty(), "{none}");
        }
    }
    #[test]
    fn a_call_whose_arguments_skip_the_markdown_branch() {
        let args = |named: &[(&str, &str)], positional: &[&str]| CallArgs {
            named: named
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            positional: positional.iter().map(|v| v.to_string()).collect(),
        };
        // The path and the language kept in the scratch pad, set from named or
        // positional arguments; Markdown only without a language.
        let t = r#"{{ if .IsNamedParams }}{{ $.Scratch.Set "f" (.Get "file") }}{{ $.Scratch.Set "lang" (.Get "lang") }}
            {{ else }}{{ $.Scratch.Set "f" (.Get 0) }}{{ $.Scratch.Set "lang" (.Get 1) }}{{ end }}
            {{ if eq ($.Scratch.Get "lang") "" }}{{ $.Scratch.Set "code" "no" }}{{ else }}{{ $.Scratch.Set "code" "yes" }}{{ end }}
            {{ $.Scratch.Set "path" "/" }}{{ $.Scratch.Add "path" "static/" }}{{ $.Scratch.Add "path" ($.Scratch.Get "f") }}
            {{ if fileExists ($.Scratch.Get "path") }}
              {{ if eq ($.Scratch.Get "code") "yes" }}{{ highlight ($.Scratch.Get "path" | readFile) ($.Scratch.Get "lang") "" }}
              {{ else }}{{- $.Scratch.Get "path" | os.ReadFile | .Page.RenderString -}}{{ end }}
            {{ end }}"#;
        assert!(renders_no_file_for(t, &args(&[], &["a.yaml", "yaml"])));
        assert!(renders_no_file_for(
            t,
            &args(&[("file", "a.yaml"), ("lang", "yaml")], &[])
        ));
        assert!(!renders_no_file_for(t, &args(&[], &["a.md"])));
        assert!(!renders_no_file_for(t, &args(&[("file", "a.md")], &[])));
        // A language argument tested directly, through `with`.
        let w = r#"{{ with .Get "language" }}{{ highlight (readFile ($.Get "file")) . "" }}{{ else }}{{ readFile (.Get "file") | markdownify }}{{ end }}"#;
        assert!(renders_no_file_for(
            w,
            &args(&[("file", "a.go"), ("language", "go")], &[])
        ));
        assert!(!renders_no_file_for(w, &args(&[("file", "a.md")], &[])));
        // The branch taken shows the read text as code; the other is not taken.
        let v = r#"{{ $c := readFile (.Get 0) }}{{ if .Get 1 }}{{ highlight $c (.Get 1) "" }}{{ else }}{{ $c | markdownify }}{{ end }}"#;
        assert!(renders_no_file_for(v, &args(&[], &["a.yaml", "yaml"])));
        // `else with`: its `.` is its own value, not the call.
        let ew = r#"{{ if eq (.Get 1) "md" }}x{{ else with .Get 1 }}{{ if .IsNamedParams }}{{ readFile ($.Get 0) | markdownify }}{{ end }}{{ end }}"#;
        assert!(!renders_no_file_for(ew, &args(&[], &["a.yaml", "yaml"])));
        // What this reading does not follow counts as rendering.
        for unknown in [
            // A partial may render the file.
            r#"{{ if .Get 1 }}{{ partial "show-file" (.Get 0) }}{{ else }}{{ readFile (.Get 0) | markdownify }}{{ end }}"#,
            // The read text rendered from a variable, on the path taken.
            r#"{{ $c := readFile (.Get 0) }}{{ if .Get 1 }}{{ $c | markdownify }}{{ end }}"#,
            // A condition on something else.
            r#"{{ if site.Params.md }}{{ readFile (.Get 0) | markdownify }}{{ end }}"#,
            // Unbalanced.
            r#"{{ if .Get 1 }}{{ readFile (.Get 0) | markdownify }}"#,
        ] {
            assert!(
                !renders_no_file_for(unknown, &args(&[], &["a.yaml", "yaml"])),
                "{unknown}"
            );
        }
    }
}
