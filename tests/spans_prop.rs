//! Property tests for the span tree: generated YAML documents (block and flow
//! collections, plain, quoted and literal scalars, anchors and aliases,
//! non-ASCII keys and values, CRLF line ends, a BOM), rendered to text here and
//! loaded with frontlint's real loader. For every pointer of the generated tree,
//! `locate` is exact, the key span is exactly the key's source text, and a
//! plain or quoted scalar's span is exactly its source text (quotes included).

use frontlint::config::Limits;
use frontlint::load::page::from_bytes;
use frontlint::load::tree::escape_pointer_token;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone)]
enum Scalar {
    Plain(String),
    Single(String),
    /// The value, and whether non-ASCII letters are written as `\uXXXX`.
    Double(String, bool),
    Int(i64),
    Bool(bool),
    /// `~` or `null`.
    Null(bool),
}

#[derive(Debug, Clone)]
enum Key {
    Plain(String),
    Single(String),
    Double(String),
}

impl Key {
    fn value(&self) -> &str {
        match self {
            Key::Plain(s) | Key::Single(s) | Key::Double(s) => s,
        }
    }
    fn with_suffix(&self, n: usize) -> Key {
        match self {
            Key::Plain(s) => Key::Plain(format!("{s}{n}")),
            Key::Single(s) => Key::Single(format!("{s}{n}")),
            Key::Double(s) => Key::Double(format!("{s}{n}")),
        }
    }
}

#[derive(Debug, Clone)]
struct G {
    anchor: bool,
    kind: GK,
}

#[derive(Debug, Clone)]
enum GK {
    Scalar(Scalar),
    /// `|` block: its lines.
    Literal(Vec<String>),
    FlowSeq(Vec<G>),
    FlowMap(Vec<(Key, G)>),
    Seq(Vec<G>),
    Map(Vec<(Key, G)>),
    /// An alias to the n-th (modulo) anchor defined so far; a plain scalar when there is none.
    Alias(usize),
}

// ------------------------------------------------------------ generation

const RESERVED: &[&str] = &[
    "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
];

fn plain_text() -> impl Strategy<Value = String> {
    "[a-zA-Zéü日本ж][a-z0-9éü日本ж ._/-]{0,10}"
        .prop_map(|s| s.trim_end().to_string())
        .prop_filter("not a YAML keyword or number", |s| {
            // saphyr rejects ` -` before a flow indicator (`[a -]`).
            !RESERVED.contains(&s.as_str()) && s.parse::<f64>().is_err() && !s.contains(" -")
        })
}

fn scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        4 => plain_text().prop_map(Scalar::Plain),
        2 => "[a-zé日' :#\"\\\\,\\[\\]{}-]{0,10}".prop_map(Scalar::Single),
        2 => ("[a-zé日'\" :#,\\\\\n\t-]{0,10}", any::<bool>()).prop_map(|(s, e)| Scalar::Double(s, e)),
        1 => (-100_000i64..100_000).prop_map(Scalar::Int),
        1 => any::<bool>().prop_map(Scalar::Bool),
        1 => any::<bool>().prop_map(Scalar::Null),
    ]
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        4 => plain_text().prop_map(Key::Plain),
        1 => "[a-zé日ж' :#\"-]{1,8}".prop_map(Key::Single),
        1 => "[a-zé日ж' :#\"\\\\-]{1,8}".prop_map(Key::Double),
    ]
}

fn leaf() -> impl Strategy<Value = G> {
    prop_oneof![
        6 => (prop::bool::weighted(0.2), scalar()).prop_map(|(anchor, s)| G { anchor, kind: GK::Scalar(s) }),
        1 => any::<usize>().prop_map(|n| G { anchor: false, kind: GK::Alias(n) }),
    ]
}

fn flow() -> impl Strategy<Value = G> {
    leaf().prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            (
                prop::bool::weighted(0.2),
                prop::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(a, v)| G {
                    anchor: a,
                    kind: GK::FlowSeq(v)
                }),
            (
                prop::bool::weighted(0.2),
                prop::collection::vec((key(), inner), 0..4)
            )
                .prop_map(|(a, v)| G {
                    anchor: a,
                    kind: GK::FlowMap(v)
                }),
        ]
    })
}

fn block() -> impl Strategy<Value = G> {
    let literal = (
        prop::bool::weighted(0.2),
        prop::collection::vec("[a-zé日#'\"-][a-zé日 :#'\"\\[\\]{}-]{0,12}", 1..4),
    )
        .prop_map(|(a, lines)| G {
            anchor: a,
            kind: GK::Literal(lines),
        });
    prop_oneof![4 => flow(), 1 => literal].prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            (
                prop::bool::weighted(0.2),
                prop::collection::vec(inner.clone(), 1..5)
            )
                .prop_map(|(a, v)| G {
                    anchor: a,
                    kind: GK::Seq(v)
                }),
            (
                prop::bool::weighted(0.2),
                prop::collection::vec((key(), inner), 1..5)
            )
                .prop_map(|(a, v)| G {
                    anchor: a,
                    kind: GK::Map(v)
                }),
        ]
    })
}

fn document() -> impl Strategy<Value = Vec<(Key, G)>> {
    prop::collection::vec((key(), block()), 1..6)
}

// ------------------------------------------------------------- rendering

/// What the loader must report at one pointer.
#[derive(Debug, Clone)]
struct Rec {
    ptr: String,
    /// The key's source text span (quotes included), for a mapping value.
    key_span: Option<Range<usize>>,
    /// The value's exact span, for scalars and aliases.
    span: Option<Range<usize>>,
    value: Value,
}

struct Anchor {
    name: String,
    value: Value,
    /// Records of the anchored node's descendants, pointers relative to it.
    inner: Vec<Rec>,
    /// Whether the anchored node is complete (an alias may refer to it).
    done: bool,
}

struct W {
    out: String,
    nl: &'static str,
    recs: Vec<Rec>,
    anchors: Vec<Anchor>,
}

/// Distinct keys (by decoded value): a repeated key gets a numeric suffix.
fn unique_keys(entries: &[(Key, G)]) -> Vec<(Key, &G)> {
    let mut seen = HashSet::new();
    entries
        .iter()
        .enumerate()
        .map(|(i, (k, g))| {
            let mut k = k.clone();
            let mut n = i;
            while !seen.insert(k.value().to_string()) || RESERVED.contains(&k.value()) {
                k = k.with_suffix(n);
                n += 1;
            }
            (k, g)
        })
        .collect()
}

impl W {
    fn push(&mut self, s: &str) -> Range<usize> {
        let start = self.out.len();
        self.out.push_str(s);
        start..self.out.len()
    }

    fn newline(&mut self) {
        self.out.push_str(self.nl);
    }

    fn indent(&mut self, n: usize) {
        self.out.push_str(&" ".repeat(n));
    }

    fn key(&mut self, k: &Key) -> Range<usize> {
        let text = match k {
            Key::Plain(s) => s.clone(),
            Key::Single(s) => format!("'{}'", s.replace('\'', "''")),
            Key::Double(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
        };
        self.push(&text)
    }

    fn scalar_text(s: &Scalar) -> (String, Value) {
        match s {
            Scalar::Plain(v) => (v.clone(), json!(v)),
            Scalar::Single(v) => (format!("'{}'", v.replace('\'', "''")), json!(v)),
            Scalar::Double(v, esc) => {
                let mut t = String::from("\"");
                for c in v.chars() {
                    match c {
                        '\\' => t.push_str("\\\\"),
                        '"' => t.push_str("\\\""),
                        '\n' => t.push_str("\\n"),
                        '\t' => t.push_str("\\t"),
                        c if *esc && !c.is_ascii() => {
                            let mut buf = [0u16; 2];
                            for u in c.encode_utf16(&mut buf) {
                                t.push_str(&format!("\\u{u:04x}"));
                            }
                        }
                        c => t.push(c),
                    }
                }
                t.push('"');
                (t, json!(v))
            }
            Scalar::Int(i) => (i.to_string(), json!(i)),
            Scalar::Bool(b) => (b.to_string(), json!(b)),
            Scalar::Null(tilde) => ((if *tilde { "~" } else { "null" }).into(), Value::Null),
        }
    }

    fn anchor_name(&self) -> String {
        format!("a{}", self.anchors.len())
    }

    /// Write `&name ` (or ` &name` before a block) and return the name.
    fn begin_anchor(&mut self, g: &G, before_block: bool) -> Option<(String, usize)> {
        if !g.anchor {
            return None;
        }
        let name = self.anchor_name();
        // Reserve the name now so nested anchors get other names.
        self.anchors.push(Anchor {
            name: name.clone(),
            value: Value::Null,
            inner: Vec::new(),
            done: false,
        });
        if before_block {
            self.push(&format!(" &{name}"));
        } else {
            self.push(&format!("&{name} "));
        }
        Some((name, self.recs.len()))
    }

    fn end_anchor(&mut self, a: Option<(String, usize)>, ptr: &str, value: &Value) {
        let Some((name, first_rec)) = a else { return };
        let inner = self.recs[first_rec..]
            .iter()
            .filter(|r| r.ptr != ptr)
            .map(|r| Rec {
                ptr: r.ptr[ptr.len()..].to_string(),
                ..r.clone()
            })
            .collect();
        let slot = self.anchors.iter_mut().find(|x| x.name == name).unwrap();
        slot.value = value.clone();
        slot.inner = inner;
        slot.done = true;
    }

    /// A value in flow position (or inline after `key:`/`-`).
    fn inline(&mut self, g: &G, ptr: &str, key_span: Option<Range<usize>>) -> Value {
        let my_rec = self.recs.len();
        let anchor = self.begin_anchor(g, false);
        let (value, span) = match &g.kind {
            GK::Scalar(s) => {
                let (text, value) = Self::scalar_text(s);
                let span = self.push(&text);
                (value, Some(span))
            }
            GK::Alias(n) => {
                // Only anchors whose node is complete (value set) can be used.
                let done: Vec<usize> = (0..self.anchors.len())
                    .filter(|&i| self.anchors[i].done)
                    .collect();
                if done.is_empty() {
                    let span = self.push("noanchor");
                    (json!("noanchor"), Some(span))
                } else {
                    let i = done[n % done.len()];
                    let name = self.anchors[i].name.clone();
                    let span = self.push(&format!("*{name}"));
                    let value = self.anchors[i].value.clone();
                    let inner: Vec<Rec> = self.anchors[i]
                        .inner
                        .iter()
                        .map(|r| Rec {
                            ptr: format!("{ptr}{}", r.ptr),
                            ..r.clone()
                        })
                        .collect();
                    self.recs.insert(
                        my_rec,
                        Rec {
                            ptr: ptr.to_string(),
                            key_span: key_span.clone(),
                            span: Some(span),
                            value: value.clone(),
                        },
                    );
                    self.recs.extend(inner);
                    return value;
                }
            }
            GK::FlowSeq(items) => {
                self.push("[");
                let mut arr = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    arr.push(self.inline(item, &format!("{ptr}/{i}"), None));
                }
                self.push("]");
                (Value::Array(arr), None)
            }
            GK::FlowMap(entries) => {
                self.push("{");
                let mut m = serde_json::Map::new();
                for (i, (k, v)) in unique_keys(entries).into_iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    let ks = self.key(&k);
                    self.push(": ");
                    let child = format!("{ptr}/{}", escape_pointer_token(k.value()));
                    m.insert(k.value().to_string(), self.inline(v, &child, Some(ks)));
                }
                self.push("}");
                (Value::Object(m), None)
            }
            GK::Literal(_) | GK::Seq(_) | GK::Map(_) => unreachable!("block in flow"),
        };
        self.recs.insert(
            my_rec,
            Rec {
                ptr: ptr.to_string(),
                key_span,
                span,
                value: value.clone(),
            },
        );
        self.end_anchor(anchor, ptr, &value);
        value
    }

    /// After `key:` or `-` (nothing else written on the line yet): the value,
    /// ending with a line break. `ind` is the indentation of the key or dash.
    fn entry_value(
        &mut self,
        g: &G,
        ind: usize,
        ptr: &str,
        key_span: Option<Range<usize>>,
    ) -> Value {
        match &g.kind {
            GK::Literal(lines) => {
                let my_rec = self.recs.len();
                self.push(" ");
                let anchor = self.begin_anchor(g, false);
                self.push("|");
                self.newline();
                for l in lines {
                    self.indent(ind + 2);
                    self.push(l);
                    self.newline();
                }
                let value = json!(format!("{}\n", lines.join("\n")));
                self.recs.insert(
                    my_rec,
                    Rec {
                        ptr: ptr.to_string(),
                        key_span,
                        span: None,
                        value: value.clone(),
                    },
                );
                self.end_anchor(anchor, ptr, &value);
                value
            }
            GK::Seq(items) => {
                let my_rec = self.recs.len();
                let anchor = self.begin_anchor(g, true);
                self.newline();
                let value = self.seq(items, ind + 2, ptr);
                self.recs.insert(
                    my_rec,
                    Rec {
                        ptr: ptr.to_string(),
                        key_span,
                        span: None,
                        value: value.clone(),
                    },
                );
                self.end_anchor(anchor, ptr, &value);
                value
            }
            GK::Map(entries) => {
                let my_rec = self.recs.len();
                let anchor = self.begin_anchor(g, true);
                self.newline();
                let value = self.map(entries, ind + 2, false, ptr);
                self.recs.insert(
                    my_rec,
                    Rec {
                        ptr: ptr.to_string(),
                        key_span,
                        span: None,
                        value: value.clone(),
                    },
                );
                self.end_anchor(anchor, ptr, &value);
                value
            }
            _ => {
                self.push(" ");
                let v = self.inline(g, ptr, key_span);
                self.newline();
                v
            }
        }
    }

    fn seq(&mut self, items: &[G], ind: usize, ptr: &str) -> Value {
        let mut arr = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let child = format!("{ptr}/{i}");
            self.indent(ind);
            self.push("-");
            match &item.kind {
                // The compact form Hugo sites use: `- key: value`.
                GK::Map(entries) if !item.anchor => {
                    let my_rec = self.recs.len();
                    self.push(" ");
                    let v = self.map(entries, ind + 2, true, &child);
                    self.recs.insert(
                        my_rec,
                        Rec {
                            ptr: child.clone(),
                            key_span: None,
                            span: None,
                            value: v.clone(),
                        },
                    );
                    arr.push(v);
                }
                _ => arr.push(self.entry_value(item, ind, &child, None)),
            }
        }
        Value::Array(arr)
    }

    fn map(&mut self, entries: &[(Key, G)], ind: usize, first_inline: bool, ptr: &str) -> Value {
        let mut m = serde_json::Map::new();
        for (i, (k, v)) in unique_keys(entries).into_iter().enumerate() {
            if i > 0 || !first_inline {
                self.indent(ind);
            }
            let ks = self.key(&k);
            self.push(":");
            let child = format!("{ptr}/{}", escape_pointer_token(k.value()));
            let value = self.entry_value(v, ind, &child, Some(ks));
            m.insert(k.value().to_string(), value);
        }
        Value::Object(m)
    }
}

/// Render the document as a page; returns the page text, the records and the expected value.
fn render(doc: &[(Key, G)], crlf: bool, bom: bool) -> (String, Vec<Rec>, Value) {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut w = W {
        out: String::new(),
        nl,
        recs: Vec::new(),
        anchors: Vec::new(),
    };
    if bom {
        w.push("\u{feff}");
    }
    w.push("---");
    w.newline();
    let value = w.map(doc, 0, false, "");
    w.push("---");
    w.newline();
    w.push("Body.");
    w.newline();
    (w.out, w.recs, value)
}

fn check(doc: &[(Key, G)], crlf: bool, bom: bool) -> Result<(), TestCaseError> {
    let (page, recs, expected) = render(doc, crlf, bom);
    let loaded = from_bytes(page.clone().into_bytes(), false, &Limits::default());
    prop_assert!(
        loaded.diagnostics.is_empty(),
        "diagnostics {:?}\n{page}",
        loaded.diagnostics
    );
    let tree = loaded.tree.as_ref().expect("a tree");
    prop_assert_eq!(&tree.to_value(), &expected, "value\n{}", page);
    for r in &recs {
        let l = tree.locate(&r.ptr);
        prop_assert!(l.exact, "locate({:?}) not exact\n{}", r.ptr, page);
        prop_assert_eq!(
            &l.node.to_value(),
            &r.value,
            "value at {:?}\n{}",
            r.ptr,
            page
        );
        if let Some(ks) = &r.key_span {
            let got = l.key_span.cloned();
            prop_assert_eq!(
                got.clone().map(|s| &page[s]),
                Some(&page[ks.clone()]),
                "key span at {:?} ({:?} vs {:?})\n{}",
                r.ptr,
                got,
                ks,
                page
            );
        }
        if let Some(s) = &r.span {
            prop_assert_eq!(
                &page[l.node.span.clone()],
                &page[s.clone()],
                "value span at {:?} ({:?} vs {:?})\n{}",
                r.ptr,
                l.node.span,
                s,
                page
            );
            prop_assert_eq!(&l.node.span, s);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn generated_yaml_spans_are_exact(doc in document(), crlf in any::<bool>(), bom in any::<bool>()) {
        check(&doc, crlf, bom)?;
    }
}

#[test]
#[ignore]
fn show_samples() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::default();
    for _ in 0..4 {
        let doc = document().new_tree(&mut runner).unwrap().current();
        println!("{}\n=====", render(&doc, false, false).0);
    }
}
