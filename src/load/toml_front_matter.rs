//! TOML front matter (`+++`) → [`Node`] tree with byte spans.

use super::tree::{Entry, Kind, Node, StrStyle};
use super::yaml::TreeLimits;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// A TOML error at a byte span of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlError {
    pub span: Range<usize>,
    pub message: String,
    /// `None` for a syntax error; else the limit that was exceeded.
    pub limit: Option<LimitExceeded>,
}

/// Which of the front matter limits a TOML document broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitExceeded {
    /// Nesting deeper than `max_depth` (the value is the limit).
    Depth(usize),
    /// More than `max_nodes` values.
    Nodes(usize),
}

/// Parse the TOML in `page[range]`, within the same limits as YAML front matter.
pub fn parse(page: &str, range: Range<usize>, limits: TreeLimits) -> Result<Node, TomlError> {
    let base = range.start;
    let text = &page[range.clone()];
    match DeTable::parse(text) {
        Ok(table) => {
            let span = table.span();
            let span = base + span.start..base + span.end;
            let mut state = State {
                base,
                limits,
                nodes: 0,
                error: None,
            };
            let node = convert_table(table.get_ref(), span, 0, &mut state);
            match state.error {
                Some((span, LimitExceeded::Depth(max))) => Err(TomlError {
                    span,
                    message: format!("nesting deeper than {max} levels"),
                    limit: Some(LimitExceeded::Depth(max)),
                }),
                Some((span, LimitExceeded::Nodes(max))) => Err(TomlError {
                    span,
                    message: format!("more than {max} values"),
                    limit: Some(LimitExceeded::Nodes(max)),
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
                limit: None,
            })
        }
    }
}

struct State {
    base: usize,
    limits: TreeLimits,
    nodes: usize,
    /// The first limit exceeded, and where.
    error: Option<(Range<usize>, LimitExceeded)>,
}

fn convert_table(table: &DeTable<'_>, span: Range<usize>, depth: usize, st: &mut State) -> Node {
    let mut entries = Vec::with_capacity(table.len());
    for (k, v) in table.iter() {
        if st.error.is_some() {
            break;
        }
        let ks = k.span();
        entries.push(Entry {
            key: k.get_ref().as_ref().into(),
            key_span: st.base + ks.start..st.base + ks.end,
            value: convert(v.get_ref(), v.span(), depth + 1, st),
        });
    }
    Node::new(Kind::Map(entries), span)
}

fn convert(v: &DeValue<'_>, span: Range<usize>, depth: usize, st: &mut State) -> Node {
    let span = st.base + span.start..st.base + span.end;
    // The root table is level 1, as for YAML: a value at `depth` sits in a
    // collection of level `depth`, and is itself a collection of level `depth + 1`.
    st.nodes += 1;
    let over = if st.nodes > st.limits.max_nodes {
        Some(LimitExceeded::Nodes(st.limits.max_nodes))
    } else if depth >= st.limits.max_depth && matches!(v, DeValue::Array(_) | DeValue::Table(_)) {
        Some(LimitExceeded::Depth(st.limits.max_depth))
    } else {
        None
    };
    if let Some(over) = over {
        if st.error.is_none() {
            st.error = Some((span.clone(), over));
        }
    }
    if st.error.is_some() {
        return Node::new(Kind::Null, span);
    }
    let kind = match v {
        DeValue::String(s) => Kind::Str(s.as_ref().into(), StrStyle::Other),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => Kind::Int(n),
            Err(_) => Kind::Str(i.as_str().into(), StrStyle::Other),
        },
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
            Ok(n) => Kind::Float(n),
            Err(_) => Kind::Str(f.as_str().into(), StrStyle::Other),
        },
        DeValue::Boolean(b) => Kind::Bool(*b),
        // Dates are validated as strings (`format: date` / `date-time`), like YAML's.
        DeValue::Datetime(d) => Kind::Str(d.to_string().into(), StrStyle::Other),
        DeValue::Array(items) => Kind::Seq(
            items
                .iter()
                .map(|i| convert(i.get_ref(), i.span(), depth + 1, st))
                .collect(),
        ),
        DeValue::Table(t) => return convert_table(t, span, depth, st),
    };
    Node::new(kind, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_values() {
        let page = "+++\ntitle = \"Hi\"\ndate = 2025-06-03\n[params]\nn = 0x10\n+++\n";
        let node = parse(page, 4..page.len() - 4, TreeLimits::default()).unwrap();
        let v = node.to_value();
        assert_eq!(v["title"], "Hi");
        assert_eq!(v["date"], "2025-06-03");
        assert_eq!(v["params"]["n"], 16);
        let l = node.locate("/title");
        assert_eq!(&page[l.node.span.clone()], "\"Hi\"");
        assert_eq!(&page[l.key_span.unwrap().clone()], "title");
    }

    #[test]
    fn limits_are_errors_like_yaml() {
        let limits = TreeLimits {
            max_depth: 3,
            max_nodes: 6,
        };
        let page = "+++\na = [[1]]\n[b.c]\nd = 1\n+++\n";
        assert!(parse(page, 4..page.len() - 4, limits).is_ok());
        let page = "+++\n[b.c.d]\ne = 1\n+++\n";
        let e = parse(page, 4..page.len() - 4, limits).unwrap_err();
        assert_eq!(e.limit, Some(LimitExceeded::Depth(3)));
        let page = "+++\na = [[[1]]]\n+++\n";
        let e = parse(page, 4..page.len() - 4, limits).unwrap_err();
        assert_eq!(e.limit, Some(LimitExceeded::Depth(3)));
        assert_eq!(&page[e.span], "[1]");
        let page = "+++\na = [1, 2, 3, 4, 5, 6]\n+++\n";
        let e = parse(page, 4..page.len() - 4, limits).unwrap_err();
        assert_eq!(e.limit, Some(LimitExceeded::Nodes(6)));
        assert_eq!(&page[e.span], "6");
    }

    #[test]
    fn syntax_error_has_span() {
        let page = "+++\ntitle = \n+++\n";
        let e = parse(page, 4..page.len() - 4, TreeLimits::default()).unwrap_err();
        assert!(e.span.start >= 4, "{e:?}");
    }
}
