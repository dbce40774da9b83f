//! JSON front matter (`{ … }`) → [`Node`] tree with byte spans.
//!
//! JSON is YAML 1.2 flow syntax, so the YAML builder gives the spans. JSON that
//! the YAML parser will not take (tabs, say) but serde_json accepts still
//! validates, with every span on the whole object.

use super::tree::Node;
use super::yaml::{self, TreeLimits, YamlError};

use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub enum JsonError {
    Syntax { span: Range<usize>, message: String },
    Yaml(YamlError),
}

pub fn parse(page: &str, range: Range<usize>, limits: TreeLimits) -> Result<Node, JsonError> {
    let text = &page[range.clone()];
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let at = range.start + error_offset(text, e.line(), e.column());
        let end = page[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        return Err(JsonError::Syntax {
            span: at..end,
            message: without_position(&e),
        });
    }
    match yaml::parse(page, range.clone(), limits) {
        Ok(Some(node)) => Ok(node),
        Ok(None) => Ok(Node::new(super::tree::Kind::Map(Vec::new()), range)),
        Err(
            e @ (YamlError::DuplicateKey { .. }
            | YamlError::TooDeep { .. }
            | YamlError::TooManyNodes { .. }),
        ) => Err(JsonError::Yaml(e)),
        Err(_) => {
            // Valid JSON the YAML parser rejects: fall back without spans.
            let value: serde_json::Value =
                serde_json::from_str(text).map_err(|e| JsonError::Syntax {
                    span: range.clone(),
                    message: without_position(&e),
                })?;
            // The same limits as on the YAML path.
            let (depth, nodes) = measure(&value);
            if depth > limits.max_depth {
                return Err(JsonError::Yaml(YamlError::TooDeep {
                    span: range,
                    limit: limits.max_depth,
                }));
            }
            if nodes > limits.max_nodes {
                return Err(JsonError::Yaml(YamlError::TooManyNodes {
                    span: range,
                    limit: limits.max_nodes,
                    values: nodes,
                    copies: 0,
                }));
            }
            Ok(from_value(&value, &range))
        }
    }
}

/// serde_json's message without its " at line L column C": the diagnostic has
/// its own position, and serde_json's lines end only at `\n`.
fn without_position(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    msg.split(" at line ").next().unwrap_or(&msg).to_string()
}

/// Byte offset in `text` of serde_json's 1-based `line` and `column`, which
/// counts bytes from the start of the line (and, on the first line, from the
/// start of `text`, not of the page line). Rounded down to a char boundary.
fn error_offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut at = (start + column.saturating_sub(1)).min(end);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Nesting depth (collections only; the root object is 1) and value count.
fn measure(v: &serde_json::Value) -> (usize, usize) {
    let mut max = 0;
    let mut count = 0;
    let mut stack = vec![(v, 0usize)];
    while let Some((v, d)) = stack.pop() {
        count += 1;
        match v {
            serde_json::Value::Array(a) => {
                max = max.max(d + 1);
                stack.extend(a.iter().map(|x| (x, d + 1)));
            }
            serde_json::Value::Object(m) => {
                max = max.max(d + 1);
                stack.extend(m.values().map(|x| (x, d + 1)));
            }
            _ => {}
        }
    }
    (max, count)
}

fn from_value(v: &serde_json::Value, span: &Range<usize>) -> Node {
    use super::tree::{Entry, Kind, StrStyle};
    let kind = match v {
        serde_json::Value::Null => Kind::Null,
        serde_json::Value::Bool(b) => Kind::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Kind::Int)
            .unwrap_or_else(|| Kind::Float(n.as_f64().unwrap_or(0.0))),
        serde_json::Value::String(s) => Kind::Str(s.as_str().into(), StrStyle::Other),
        serde_json::Value::Array(a) => Kind::Seq(a.iter().map(|x| from_value(x, span)).collect()),
        serde_json::Value::Object(m) => Kind::Map(
            m.iter()
                .map(|(k, x)| Entry {
                    key: k.as_str().into(),
                    key_span: span.clone(),
                    value: from_value(x, span),
                })
                .collect(),
        ),
    };
    Node::new(kind, span.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_with_spans() {
        let page = "{\n  \"title\": \"Hi\",\n  \"weight\": 3\n}\nbody";
        let end = page.find("}\n").unwrap() + 1;
        let node = parse(page, 0..end, TreeLimits::default()).unwrap();
        assert_eq!(node.to_value()["weight"], 3);
        let l = node.locate("/weight");
        assert_eq!(&page[l.node.span.clone()], "3");
    }

    #[test]
    fn syntax_error_span_is_on_char_boundaries() {
        // Found by fuzzing (toml_json_front_matter): the error span was one
        // byte wide, cutting a multi-byte character; and serde_json's column
        // counts bytes, not characters.
        let page = "\u{feff}{\"é\": x}";
        match parse(page, 3..page.len(), TreeLimits::default()) {
            Err(JsonError::Syntax { span, .. }) => assert_eq!(&page[span], "x"),
            other => panic!("{other:?}"),
        }
        let page = "{\"日本\": 1,\n \"ü\": ü}";
        match parse(page, 0..page.len(), TreeLimits::default()) {
            Err(JsonError::Syntax { span, .. }) => assert_eq!(&page[span], "ü"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fallback_path_keeps_the_limits() {
        // A tab after `:` before a scalar: valid JSON the YAML parser
        // rejects, so it takes the span-less fallback.
        let long = "k".to_string();
        let page = format!("{{\"a\": {{\"b\": {{\"c\": [1, 2]}}}}, \"{long}\":\t1}}");
        let limits = |max_depth, max_nodes| TreeLimits {
            max_depth,
            max_nodes,
        };
        let node = parse(&page, 0..page.len(), limits(4, 10)).unwrap();
        // The fallback's mark: every span is the whole object.
        assert_eq!(node.entry(&long).unwrap().key_span, 0..page.len());
        assert!(matches!(
            parse(&page, 0..page.len(), limits(3, 10)),
            Err(JsonError::Yaml(YamlError::TooDeep { .. }))
        ));
        assert!(matches!(
            parse(&page, 0..page.len(), limits(4, 4)),
            Err(JsonError::Yaml(YamlError::TooManyNodes { .. }))
        ));
    }

    #[test]
    fn json_syntax_error() {
        let page = "{\n  \"title\": \"Hi\",\n}\n";
        let end = page.find("}\n").unwrap() + 1;
        assert!(matches!(
            parse(page, 0..end, TreeLimits::default()),
            Err(JsonError::Syntax { .. })
        ));
    }
}
