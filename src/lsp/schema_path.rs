//! Where in a front matter's nesting a line being typed is, and what the
//! page's schema allows there: the keys of a nested map or of a list item,
//! with the block that a sibling's value selects (`if`/`then`, `oneOf`,
//! `anyOf`, `allOf`), as an outcomes page's `sections[].type` selects the
//! keys of its section.

use serde_json::Value;
use std::collections::BTreeMap;
use std::collections::HashMap;

/// The scalar values written beside the cursor in one map (`type: quote`).
pub(super) type Siblings = HashMap<String, String>;

/// The path (keys, `*` for a list item) of the map that the key typed on
/// the last line of `front` belongs to, outermost first, with the known
/// siblings of each map along it (`siblings[k]`: of the map at `path[..k]`).
/// `front` is the front matter up to the cursor; `toml` says how it is written.
pub(super) fn at_cursor(front: &str, toml: bool) -> (Vec<String>, Vec<Siblings>) {
    if toml {
        return toml_path(front);
    }
    let mut lines = front.lines().rev();
    // The line being typed: its key's column, and whether it starts an item.
    let last = if front.ends_with('\n') {
        ""
    } else {
        lines.next().unwrap_or("")
    };
    let (indent, item, key_col) = shape(last);
    let mut path: Vec<String> = Vec::new();
    let mut siblings: Vec<Siblings> = vec![Siblings::new()];
    // Looking for the parent of a map whose keys are at `target`, or of a
    // list whose dashes are at `target` (`in_list`).
    let (mut target, mut in_list) = (key_col, false);
    if item {
        path.push("*".into());
        siblings.push(Siblings::new());
        (target, in_list) = (indent, true);
    }
    for line in lines {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if body == "---" || body == "+++" {
            break;
        }
        let (ind, is_item, col) = shape(line);
        let (key, value) = key_value(&line[col..]);
        if !in_list {
            if col == target {
                if let (Some(k), Some(v)) = (key, value.filter(|v| !v.is_empty())) {
                    siblings
                        .last_mut()
                        .map(|s| s.entry(k.to_string()).or_insert_with(|| unquote(v)));
                }
                if is_item {
                    // The first key of this item: the map is the item.
                    path.push("*".into());
                    siblings.push(Siblings::new());
                    (target, in_list) = (ind, true);
                }
                continue;
            }
            if col < target {
                let Some(k) = key.filter(|_| value.is_none_or(str::is_empty)) else {
                    break;
                };
                path.push(k.to_string());
                siblings.push(Siblings::new());
                target = col;
                if is_item {
                    path.push("*".into());
                    siblings.push(Siblings::new());
                    (target, in_list) = (ind, true);
                }
            }
        } else if is_item && ind == target {
            // Another item of the same list.
            continue;
        } else if ind <= target && !is_item {
            // A list's key: deeper than its dashes or (compactly) level with them.
            let Some(k) = key.filter(|_| value.is_none_or(str::is_empty)) else {
                break;
            };
            path.push(k.to_string());
            siblings.push(Siblings::new());
            (target, in_list) = (ind, false);
        } else if ind < target {
            break;
        }
    }
    path.reverse();
    siblings.reverse();
    (path, siblings)
}

/// A YAML line's indentation, whether it starts a list item (`- `), and the
/// column where its key (or value) starts.
fn shape(line: &str) -> (usize, bool, usize) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    if rest == "-" || rest.starts_with("- ") {
        let after = &rest[1..];
        let pad = after.len() - after.trim_start_matches(' ').len();
        (indent, true, indent + 1 + pad)
    } else {
        (indent, false, indent)
    }
}

/// `key: value` (either may be missing): `(Some(key), Some(value))`,
/// `(Some(key), None)` for `key:` with nothing after it.
fn key_value(s: &str) -> (Option<&str>, Option<&str>) {
    let Some((k, v)) = s.split_once(':') else {
        return (None, None);
    };
    let k = k.trim().trim_matches(['"', '\'']);
    if k.is_empty() || k.contains(' ') && !s.starts_with(['"', '\'']) {
        return (None, None);
    }
    let v = v.trim();
    let v = v.split(" #").next().unwrap_or("").trim();
    (Some(k), (!v.is_empty()).then_some(v))
}

fn unquote(v: &str) -> String {
    v.trim_matches(['"', '\'']).to_string()
}

/// The path of the TOML table the cursor is in (`[a.b]`, `[[list]]` as
/// `list.*`), with the `key = value` lines written in it.
fn toml_path(front: &str) -> (Vec<String>, Vec<Siblings>) {
    let mut own = Siblings::new();
    for line in front.lines().rev() {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[') {
            let list = header.starts_with('[');
            let name = header.trim_matches(['[', ']', ' ']);
            let mut path: Vec<String> = name
                .split('.')
                .map(|k| k.trim().trim_matches('"').to_string())
                .collect();
            if list {
                path.push("*".into());
            }
            let mut siblings = vec![Siblings::new(); path.len()];
            siblings.push(own);
            return (path, siblings);
        }
        if let Some((k, v)) = t.split_once('=') {
            let v = v.trim();
            if !v.is_empty() {
                own.entry(k.trim().trim_matches('"').to_string())
                    .or_insert_with(|| unquote(v));
            }
        }
    }
    (Vec::new(), vec![own])
}

/// The schema of the value at `path` under `root`, each map's block chosen
/// by its known `siblings`.
pub(super) fn schema_at<'a>(
    root: &'a Value,
    path: &[String],
    siblings: &[Siblings],
) -> Option<&'a Value> {
    let mut s = deref(root, root);
    for (k, key) in path.iter().enumerate() {
        s = if key == "*" {
            deref(root, s.get("items")?)
        } else {
            let none = Siblings::new();
            let props = properties(root, s, siblings.get(k).unwrap_or(&none));
            let found = props.get(key).copied().or_else(|| {
                props
                    .iter()
                    .find(|(p, _)| p.eq_ignore_ascii_case(key))
                    .map(|(_, v)| *v)
            })?;
            deref(root, found)
        };
    }
    Some(s)
}

/// Every property a map with schema `s` may have, given the values of
/// `siblings`: its own, those of every `allOf` member, and those of each
/// conditional block (`if`/`then`, a `oneOf`/`anyOf` member) that the
/// siblings select. A block that needs a value not written yet is left out.
pub(super) fn properties<'a>(
    root: &'a Value,
    s: &'a Value,
    siblings: &Siblings,
) -> BTreeMap<String, &'a Value> {
    let mut out = BTreeMap::new();
    collect(root, deref(root, s), siblings, &mut out, 0);
    out
}

fn collect<'a>(
    root: &'a Value,
    s: &'a Value,
    siblings: &Siblings,
    out: &mut BTreeMap<String, &'a Value>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            // The first seen wins: a map's own property before a block's.
            if !out.contains_key(k) {
                out.insert(k.clone(), v);
            }
        }
    }
    for m in s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let m = deref(root, m);
        match (m.get("if"), m.get("then")) {
            (Some(cond), Some(then)) => {
                if selects(root, cond, siblings) {
                    collect(root, deref(root, then), siblings, out, depth + 1);
                }
            }
            _ => collect(root, m, siblings, out, depth + 1),
        }
    }
    if let (Some(cond), Some(then)) = (s.get("if"), s.get("then")) {
        if selects(root, cond, siblings) {
            collect(root, deref(root, then), siblings, out, depth + 1);
        }
    }
    for key in ["oneOf", "anyOf"] {
        for m in s.get(key).and_then(Value::as_array).into_iter().flatten() {
            let m = deref(root, m);
            if selects(root, m, siblings) {
                collect(root, m, siblings, out, depth + 1);
            }
        }
    }
}

/// Whether the written `siblings` meet every `const`/`enum` that `cond`
/// sets on a property (a property it constrains must be written).
fn selects(root: &Value, cond: &Value, siblings: &Siblings) -> bool {
    let Some(props) = deref(root, cond)
        .get("properties")
        .and_then(Value::as_object)
    else {
        return false;
    };
    let mut constrained = false;
    for (k, p) in props {
        let p = deref(root, p);
        let allowed: Vec<&Value> = match (p.get("const"), p.get("enum")) {
            (Some(c), _) => vec![c],
            (None, Some(Value::Array(e))) => e.iter().collect(),
            _ => continue,
        };
        constrained = true;
        let Some(v) = siblings.get(k) else {
            return false;
        };
        let matches = |a: &&Value| match a {
            Value::String(s) => s == v,
            other => other.to_string() == *v,
        };
        if !allowed.iter().any(matches) {
            return false;
        }
    }
    constrained
}

/// Follow a local `$ref` (`#/$defs/x`, `#/definitions/x`) of `root`.
pub(super) fn deref<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => match root.pointer(&r[1..]) {
                Some(s) => schema = s,
                None => break,
            },
            _ => break,
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(front: &str) -> (Vec<String>, Vec<Siblings>) {
        at_cursor(front, false)
    }

    #[test]
    fn the_path_of_the_line_typed() {
        let (p, s) = path_of("title: A\nsections:\n  - type: quote\n    back");
        assert_eq!(p, ["sections", "*"]);
        assert_eq!(s[2]["type"], "quote");
        let (p, _) = path_of("title: A\nsections:\n- type: quote\n  ");
        assert_eq!(p, ["sections", "*"]);
        let (p, _) = path_of("sitemap:\n  priority: 1\n  ch");
        assert_eq!(p, ["sitemap"]);
        let (p, _) = path_of("sections:\n  - type: list\n    list:\n      - title: x\n        ic");
        assert_eq!(p, ["sections", "*", "list", "*"]);
        let (p, s) = path_of("sections:\n  - type: list\n    list:\n      - ");
        assert_eq!(p, ["sections", "*", "list", "*"]);
        assert_eq!(s[2]["type"], "list");
        let (p, _) = path_of("title: A\nwei");
        assert!(p.is_empty());
        let (p, _) = path_of("sections:\n  - type: quote\n  - ty");
        assert_eq!(p, ["sections", "*"]);
        let (p, s) = at_cursor("title = \"A\"\n[[sections]]\ntype = \"quote\"\nq", true);
        assert_eq!(p, ["sections", "*"]);
        assert_eq!(s[2]["type"], "quote");
    }

    #[test]
    fn a_sibling_selects_the_block_of_keys() {
        let schema: Value = serde_json::json!({
            "properties": {"sections": {"items": {"$ref": "#/$defs/section"}}},
            "$defs": {
                "section": {
                    "properties": {"type": {"enum": ["quote", "list"]}},
                    "allOf": [
                        {"if": {"properties": {"type": {"const": "quote"}}},
                         "then": {"properties": {"quote": {"type": "string"}}}},
                        {"if": {"properties": {"type": {"const": "list"}}},
                         "then": {"properties": {"items": {"type": "array"}}}}
                    ]
                }
            }
        });
        let path = ["sections".to_string(), "*".to_string()];
        let item = schema_at(&schema, &path, &[]).unwrap();
        let keys = |s: &Siblings| -> Vec<String> {
            properties(&schema, item, s).keys().cloned().collect()
        };
        assert_eq!(keys(&Siblings::new()), ["type"]);
        let quote = Siblings::from([("type".to_string(), "quote".to_string())]);
        assert_eq!(keys(&quote), ["quote", "type"]);
    }
}
