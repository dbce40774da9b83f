//! TOML front matter (`+++`) → [`Node`] tree with byte spans.

use super::tree::{Entry, Kind, Node, StrStyle};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// A TOML syntax error at a byte span of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlError {
    pub span: Range<usize>,
    pub message: String,
}

/// Parse the TOML in `page[range]`.
pub fn parse(page: &str, range: Range<usize>, max_depth: usize) -> Result<Node, TomlError> {
    let base = range.start;
    let text = &page[range.clone()];
    match DeTable::parse(text) {
        Ok(table) => {
            let span = table.span();
            let span = base + span.start..base + span.end;
            let mut depth_error = None;
            let node = convert_table(table.get_ref(), span, base, 0, max_depth, &mut depth_error);
            match depth_error {
                Some(span) => Err(TomlError {
                    span,
                    message: format!("nesting deeper than {max_depth} levels"),
                }),
                None => Ok(node),
            }
        }
        Err(e) => {
            let span = e
                .span()
                .map(|s| base + s.start..base + s.end)
                .unwrap_or(base..base);
            Err(TomlError {
                span,
                message: e.message().trim().to_string(),
            })
        }
    }
}

fn convert_table(
    table: &DeTable<'_>,
    span: Range<usize>,
    base: usize,
    depth: usize,
    max: usize,
    err: &mut Option<Range<usize>>,
) -> Node {
    let mut entries = Vec::with_capacity(table.len());
    for (k, v) in table.iter() {
        let ks = k.span();
        entries.push(Entry {
            key: k.get_ref().to_string(),
            key_span: base + ks.start..base + ks.end,
            value: convert(v.get_ref(), v.span(), base, depth + 1, max, err),
        });
    }
    Node::new(Kind::Map(entries), span)
}

fn convert(
    v: &DeValue<'_>,
    span: Range<usize>,
    base: usize,
    depth: usize,
    max: usize,
    err: &mut Option<Range<usize>>,
) -> Node {
    let span = base + span.start..base + span.end;
    if depth > max {
        if err.is_none() {
            *err = Some(span.clone());
        }
        return Node::new(Kind::Null, span);
    }
    let kind = match v {
        DeValue::String(s) => Kind::Str(s.to_string(), StrStyle::Other),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => Kind::Int(n),
            Err(_) => Kind::Str(i.as_str().to_string(), StrStyle::Other),
        },
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
            Ok(n) => Kind::Float(n),
            Err(_) => Kind::Str(f.as_str().to_string(), StrStyle::Other),
        },
        DeValue::Boolean(b) => Kind::Bool(*b),
        // Dates are validated as strings (`format: date` / `date-time`), like YAML's.
        DeValue::Datetime(d) => Kind::Str(d.to_string(), StrStyle::Other),
        DeValue::Array(items) => Kind::Seq(
            items
                .iter()
                .map(|i| convert(i.get_ref(), i.span(), base, depth + 1, max, err))
                .collect(),
        ),
        DeValue::Table(t) => return convert_table(t, span, base, depth, max, err),
    };
    Node::new(kind, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_values() {
        let page = "+++\ntitle = \"Hi\"\ndate = 2025-06-03\n[params]\nn = 0x10\n+++\n";
        let node = parse(page, 4..page.len() - 4, 64).unwrap();
        let v = node.to_value();
        assert_eq!(v["title"], "Hi");
        assert_eq!(v["date"], "2025-06-03");
        assert_eq!(v["params"]["n"], 16);
        let l = node.locate("/title");
        assert_eq!(&page[l.node.span.clone()], "\"Hi\"");
        assert_eq!(&page[l.key_span.unwrap().clone()], "title");
    }

    #[test]
    fn syntax_error_has_span() {
        let page = "+++\ntitle = \n+++\n";
        let e = parse(page, 4..page.len() - 4, 64).unwrap_err();
        assert!(e.span.start >= 4, "{e:?}");
    }
}
