//! A front matter document as a tree with a byte span on every key and value.
//!
//! YAML, TOML and JSON front matter all parse into this one shape, so that
//! schema errors and links can be located the same way whatever the format.

use compact_str::CompactString;
use serde_json::Value;
use std::ops::Range;

/// How a string scalar was written; decides how offsets inside it map to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrStyle {
    /// Plain, unquoted text: the value is the source text (for one line).
    Plain,
    /// `|` block: lines of the value are source lines without indentation.
    Literal,
    /// Quoted or folded: escapes or folding change offsets.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(CompactString, StrStyle),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A value with its byte span in the page file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub span: Range<usize>,
}

/// One key of a mapping, with the span of the key text.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: CompactString,
    pub key_span: Range<usize>,
    pub value: Node,
}

/// What a JSON pointer leads to in the tree.
#[derive(Debug, Clone, Copy)]
pub struct NodeAt<'a> {
    /// The deepest node the pointer reaches.
    pub node: &'a Node,
    /// The key under which that node sits, if it is a mapping value.
    pub key_span: Option<&'a Range<usize>>,
    /// Whether the whole pointer was followed (false: `node` is the nearest ancestor).
    pub exact: bool,
}

impl Node {
    pub fn new(kind: Kind, span: Range<usize>) -> Self {
        Node { kind, span }
    }

    /// Convert to a JSON value for schema validation.
    pub fn to_value(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::from(*i),
            Kind::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(f.to_string())),
            Kind::Str(s, _) => Value::String(s.to_string()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Kind::Map(entries) => {
                let mut m = serde_json::Map::with_capacity(entries.len());
                for e in entries {
                    m.insert(e.key.to_string(), e.value.to_value());
                }
                Value::Object(m)
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// Follow a JSON pointer (`/sections/3/type`) as far as it goes.
    pub fn locate(&self, pointer: &str) -> NodeAt<'_> {
        let mut node = self;
        let mut key_span = None;
        if pointer.is_empty() {
            return NodeAt {
                node,
                key_span,
                exact: true,
            };
        }
        for raw in pointer.split('/').skip(1) {
            let token = unescape_pointer_token(raw);
            let next = match &node.kind {
                Kind::Map(entries) => entries
                    .iter()
                    .find(|e| e.key == token)
                    .map(|e| (Some(&e.key_span), &e.value)),
                Kind::Seq(items) => token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|v| (None, v)),
                _ => None,
            };
            match next {
                Some((k, v)) => {
                    key_span = k;
                    node = v;
                }
                None => {
                    return NodeAt {
                        node,
                        key_span,
                        exact: false,
                    }
                }
            }
        }
        NodeAt {
            node,
            key_span,
            exact: true,
        }
    }

    /// Visit every string value with the path to it and the key it sits under
    /// (items of a list count as under the list's key).
    ///
    /// The path is borrowed steps, not a JSON pointer string: most visits
    /// never need one, and [`pointer_of`] makes it for those that do.
    pub fn walk_strings<'a>(&'a self, f: &mut StringVisitor<'a, '_>) {
        let mut path = Vec::new();
        self.walk_strings_inner(&mut path, None, f);
    }

    fn walk_strings_inner<'a>(
        &'a self,
        path: &mut Vec<Step<'a>>,
        key: Option<&'a str>,
        f: &mut StringVisitor<'a, '_>,
    ) {
        match &self.kind {
            Kind::Str(..) => f(path, key, self),
            Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    // Items of a list keep the key of the list (`aliases: [..]`).
                    item.walk_strings_inner(path, key, f);
                    path.pop();
                }
            }
            Kind::Map(entries) => {
                for e in entries {
                    path.push(Step::Key(&e.key));
                    e.value.walk_strings_inner(path, Some(&e.key), f);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

/// What [`Node::walk_strings`] calls for each string: with its path, the key
/// it sits under and its node.
pub(crate) type StringVisitor<'a, 'f> = dyn FnMut(&[Step<'a>], Option<&'a str>, &'a Node) + 'f;

/// One step from a node to a child: a mapping key or a list index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The JSON pointer of a path (`[Key("sections"), Index(3)]` → `/sections/3`).
#[cfg(test)]
pub(crate) fn pointer_of(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(k) => out.push_str(&escape_pointer_token(k)),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

pub(crate) fn unescape_pointer_token(raw: &str) -> String {
    if raw.contains('~') {
        raw.replace("~1", "/").replace("~0", "~")
    } else {
        raw.to_string()
    }
}

pub fn escape_pointer_token(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains(['~', '/']) {
        raw.replace('~', "~0").replace('/', "~1").into()
    } else {
        raw.into()
    }
}

/// Human form of a JSON pointer: `/sections/3/headline` → `sections[3].headline`.
pub(crate) fn pointer_to_path(pointer: &str) -> String {
    let mut out = String::new();
    for raw in pointer.split('/').skip(1) {
        let token = unescape_pointer_token(raw);
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_paths() {
        assert_eq!(
            pointer_to_path("/sections/3/headline"),
            "sections[3].headline"
        );
        assert_eq!(pointer_to_path("/a~1b/0/0"), "a/b[0][0]");
        assert_eq!(pointer_to_path(""), "");
    }

    #[test]
    fn pointers_of_paths() {
        assert_eq!(pointer_of(&[]), "");
        assert_eq!(
            pointer_of(&[Step::Key("a/b~"), Step::Index(10), Step::Key("")]),
            "/a~1b~0/10/"
        );
    }
}
