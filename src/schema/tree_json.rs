//! The front matter tree as an instance `jsonschema` validates in place, so
//! that a valid page (nearly every page) is never copied into a
//! `serde_json::Value` first.
//!
//! Every accessor must read the tree exactly as [`Node::to_value`] converts
//! it, or a page could be valid one way and invalid the other: a non-finite
//! float is the string `to_value` makes of it, and a mapping is read in order.
//! A mapping never holds a key twice (every loader rejects duplicate keys), so
//! it reads as the JSON object made from it.

use crate::load::tree::{Entry, Kind, Node, StrStyle};
use jsonschema::json::{Array, Json, NodeIdentity, Object};
use jsonschema::JsonType;
use serde_json::{Number, Value};
use std::borrow::Cow;

/// The [`Json`] representation whose nodes are `&Node`.
pub struct TreeJson;

impl Json for TreeJson {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = Option<Node>;

    // As for `serde_json` objects: a members pass may replace lookups when it
    // visits at most two keys per lookup.
    const KEYS_PER_LOOKUP: usize = 2;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(
        buffer: &mut Option<Node>,
        string: &str,
        f: impl FnOnce(&Node) -> T,
    ) -> T {
        f(buffer.insert(Node::new(Kind::Str(string.into(), StrStyle::Other), 0..0)))
    }
}

impl<'a> jsonschema::json::Node<'a, TreeJson> for &'a Node {
    type Object = &'a [Entry];
    type Array = &'a [Node];
    type Number = Number;

    fn as_object(&self) -> Option<&'a [Entry]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.kind {
            Kind::Str(s, _) => Some(Cow::Borrowed(s)),
            Kind::Float(f) if !f.is_finite() => Some(Cow::Owned(f.to_string())),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Number> {
        match self.kind {
            Kind::Int(i) => Some(Number::from(i)),
            Kind::Float(f) => Number::from_f64(f),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    fn json_type(&self) -> JsonType {
        match &self.kind {
            Kind::Null => JsonType::Null,
            Kind::Bool(_) => JsonType::Boolean,
            Kind::Int(_) => JsonType::Number,
            Kind::Float(f) if f.is_finite() => JsonType::Number,
            Kind::Float(_) | Kind::Str(..) => JsonType::String,
            Kind::Seq(_) => JsonType::Array,
            Kind::Map(_) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &Value) -> bool {
        match &self.kind {
            // `enum` and `const` of strings, without copying the string.
            Kind::Str(s, _) => expected.as_str() == Some(s.as_str()),
            _ => jsonschema::json::cmp::equal(&Node::to_value(self), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(Node::to_value(self))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(self) as usize))
    }
}

type Members<'a> =
    std::iter::Map<std::slice::Iter<'a, Entry>, fn(&'a Entry) -> (&'a str, &'a Node)>;

impl<'a> Object<'a, TreeJson> for &'a [Entry] {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        <[Entry]>::len(self)
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.iter().find(|e| e.key == *key).map(|e| &e.value)
    }

    fn members(&self) -> Members<'a> {
        let member: fn(&'a Entry) -> (&'a str, &'a Node) = |e| (e.key.as_str(), &e.value);
        self.iter().map(member)
    }
}

impl<'a> Array<'a, TreeJson> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonschema::json::{Node as _, SerdeJson};

    /// Whether `tree` reads through [`TreeJson`] as `value` reads through
    /// `serde_json`, at every depth.
    fn assert_reads_as(tree: &Node, value: &Value) {
        let (t, v) = (tree, value);
        assert_eq!(
            t.json_type(),
            <&Value as jsonschema::json::Node<SerdeJson>>::json_type(&v)
        );
        assert_eq!(t.as_string().as_deref(), v.as_str());
        assert_eq!(t.as_boolean(), v.as_bool());
        assert_eq!(t.is_null(), v.is_null());
        assert_eq!(
            t.as_number().map(|n| (n.as_u64(), n.as_i64(), n.as_f64())),
            v.as_number().map(|n| (n.as_u64(), n.as_i64(), n.as_f64()))
        );
        assert_eq!(
            t.string_length(),
            v.as_str().map(|s| s.chars().count() as u64)
        );
        assert!(t.equals_value(v));
        assert_eq!(jsonschema::json::Node::to_value(&t).as_ref(), v);
        match (t.as_object(), v.as_object()) {
            (Some(to), Some(vo)) => {
                assert_eq!(Object::len(&to), vo.len());
                let names: Vec<&str> = to.members().map(|(k, _)| k).collect();
                assert_eq!(names, vo.keys().map(String::as_str).collect::<Vec<_>>());
                for (k, vv) in vo {
                    assert_reads_as(Object::get(&to, &TreeJson::prepare_key(k)).unwrap(), vv);
                }
                assert!(Object::get(&to, &TreeJson::prepare_key("no such key")).is_none());
            }
            (None, None) => {}
            other => panic!("object mismatch: {other:?}"),
        }
        match (t.as_array(), v.as_array()) {
            (Some(ta), Some(va)) => {
                assert_eq!(Array::len(&ta), va.len());
                for (ti, vi) in ta.elements().zip(va) {
                    assert_reads_as(ti, vi);
                }
            }
            (None, None) => {}
            other => panic!("array mismatch: {other:?}"),
        }
    }

    fn tree(page: &str) -> Node {
        crate::load::yaml::parse(page, 0..page.len(), Default::default())
            .unwrap()
            .unwrap()
    }

    #[test]
    fn reads_as_its_json_value() {
        let mut t = tree(
            "title: Héllo\nn: -3\nbig: 18446744073709551615\nf: 1.5\nwhole: 2.0\nyes: true\nnone: ~\n\
             list: [a, 1, {k: v}, [x]]\nnested: {deep: {er: [1.0e3]}}\nempty: {}\nnone_list: []\n",
        );
        // Floats YAML cannot write as numbers in JSON.
        if let Kind::Map(entries) = &mut t.kind {
            for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                entries.push(Entry {
                    key: format!("{f}").into(),
                    key_span: 0..0,
                    value: Node::new(Kind::Float(f), 0..0),
                });
            }
        }
        assert_reads_as(&t, &t.to_value());
    }

    #[test]
    fn validity_and_errors_are_the_same_as_for_the_json_value() {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["title"],
            "additionalProperties": false,
            "properties": {
                "title": {"type": "string", "minLength": 2, "maxLength": 5},
                "kind": {"enum": ["a", "b", 3]},
                "weight": {"type": "integer", "minimum": 0},
                "ratio": {"type": "number", "exclusiveMaximum": 1},
                "odd": {"type": "string"},
                "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string"}},
                "when": {"type": "string", "format": "date"},
                "one": {"const": {"a": [1]}},
                "shape": {"oneOf": [
                    {"type": "string"},
                    {"type": "object", "properties": {"type": {"const": "a"}}, "required": ["type"]}
                ]},
                "either": {"anyOf": [{"type": "boolean"}, {"type": "null"}]},
                "ref": {"$ref": "#/$defs/positive"},
                "sections": {"type": "array", "items": {
                    "type": "object",
                    "propertyNames": {"pattern": "^[a-z]+$"},
                    "minProperties": 1
                }}
            }
        });
        let mut schema = schema;
        schema["$defs"] = serde_json::json!({"positive": {"type": "integer", "minimum": 1}});
        let tree_validator = jsonschema::options_for::<TreeJson>()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let value_validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let pages = [
            "title: abc\n",
            "title: a\n",
            "title: abcdef\n",
            "title: 3\n",
            "kind: a\ntitle: ab\n",
            "kind: c\ntitle: ab\n",
            "kind: 3\ntitle: ab\n",
            "kind: 3.0\ntitle: ab\n",
            "title: ab\nweight: -1\n",
            "title: ab\nweight: 2.0\n",
            "title: ab\nratio: 0.5\n",
            "title: ab\nratio: 1\n",
            "title: ab\nodd: .nan\n",
            "title: ab\nratio: .inf\n",
            "title: ab\ntags: [x, y]\n",
            "title: ab\ntags: [x, x]\n",
            "title: ab\ntags: [x, 1]\n",
            "title: ab\nwhen: 2025-02-28\n",
            "title: ab\nwhen: 2025-02-30\n",
            "title: ab\none: {a: [1]}\n",
            "title: ab\none: {a: [1.0]}\n",
            "title: ab\none: {a: [2]}\n",
            "title: ab\nsections: [{type: x}]\n",
            "title: ab\nsections: [{Type: x}]\n",
            "title: ab\nsections: [{}]\n",
            "title: ab\nunknown: 1\n",
            "title: ab\nshape: x\n",
            "title: ab\nshape: {type: a}\n",
            "title: ab\nshape: {type: b}\n",
            "title: ab\nshape: 3\n",
            "title: ab\neither: ~\n",
            "title: ab\neither: no\n",
            "title: ab\neither: 0\n",
            "title: ab\nref: 0\n",
            "title: ab\nref: 2\n",
            "unknown: 1\n",
        ];
        for page in pages {
            let t = tree(page);
            let v = t.to_value();
            assert_eq!(
                tree_validator.is_valid(&t),
                value_validator.is_valid(&v),
                "{page}"
            );
            let shown = |e: jsonschema::ValidationError<'_>| {
                format!(
                    "{} {} {:?} {} {}",
                    e.instance_path().as_str(),
                    e.evaluation_path().as_str(),
                    e.kind(),
                    e.masked(),
                    e
                )
            };
            let tree_errors: Vec<String> = tree_validator.iter_errors(&t).map(shown).collect();
            let value_errors: Vec<String> = value_validator.iter_errors(&v).map(shown).collect();
            assert_eq!(tree_errors, value_errors, "{page}");
        }
    }
}
