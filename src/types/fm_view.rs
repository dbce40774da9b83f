//! The part of a page's front matter the site index reads, borrowed.
//!
//! The index reads a few keys of each page (build options, draft, dates,
//! slug, URL, aliases, taxonomy values, title), never deeper than a value of
//! a top-level list or map (`tags: [a]`, `build: {list: never}`). A view
//! holds those two levels with their strings borrowed from where the front
//! matter is kept (a `serde_json::Value`, or a page's encoded facts, see
//! [`super::facts`]), so that a large site's front matter need not be
//! copied into maps of owned strings only to read a handful of keys.

use std::borrow::Cow;

use serde_json::{Number, Value};

use crate::base::keys::lower_key;

/// A front matter value as far as the index reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FmValue<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(&'a str),
    Seq(Vec<FmValue<'a>>),
    Map(FmView<'a>),
    /// A list or map nested deeper than the index reads (left out).
    Deep,
}

/// A front matter map: its keys lower-cased (the first spelling of a key
/// wins), in the order written.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FmView<'a>(Vec<(Cow<'a, str>, FmValue<'a>)>);

/// How many levels of lists and maps a view keeps below its top-level map
/// (`tags: [a]`, `build: {list: never}`); any below those are
/// [`FmValue::Deep`].
pub(crate) const LEVELS: usize = 1;

impl<'a> FmValue<'a> {
    /// A view of `v`, keeping `levels` levels of lists and maps.
    pub(crate) fn of_value(v: &'a Value, levels: usize) -> FmValue<'a> {
        match v {
            Value::Null => FmValue::Null,
            Value::Bool(b) => FmValue::Bool(*b),
            Value::Number(n) => FmValue::Number(n.clone()),
            Value::String(s) => FmValue::Str(s),
            Value::Array(_) | Value::Object(_) if levels == 0 => FmValue::Deep,
            Value::Array(a) => {
                FmValue::Seq(a.iter().map(|x| Self::of_value(x, levels - 1)).collect())
            }
            Value::Object(m) => FmValue::Map(FmView::of_map(m, levels - 1)),
        }
    }

    pub(crate) fn as_str(&self) -> Option<&'a str> {
        match self {
            FmValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value at `key` of a map (`None` for anything else).
    pub(crate) fn get(&self, key: &str) -> Option<&FmValue<'a>> {
        match self {
            FmValue::Map(m) => m.get(key),
            _ => None,
        }
    }
}

impl<'a> FmView<'a> {
    /// A view of a front matter (an empty one when it is not a map).
    pub(crate) fn of(fm: &'a Value) -> FmView<'a> {
        match fm {
            Value::Object(m) => Self::of_map(m, LEVELS),
            _ => FmView::default(),
        }
    }

    /// A view of map `m`, keeping `levels` levels of lists and maps below it.
    pub(crate) fn of_map(m: &'a serde_json::Map<String, Value>, levels: usize) -> FmView<'a> {
        let mut view = FmView::with_capacity(m.len());
        for (k, v) in m {
            view.push(k, FmValue::of_value(v, levels));
        }
        view
    }

    /// An empty view with room for `n` keys.
    pub(crate) fn with_capacity(n: usize) -> FmView<'a> {
        FmView(Vec::with_capacity(n))
    }

    /// Adds `key` (lower-cased here if it is not yet) with `value`.
    pub(crate) fn push(&mut self, key: &'a str, value: FmValue<'a>) {
        let key = if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(key)
        } else {
            Cow::Owned(lower_key(key.to_string()))
        };
        self.0.push((key, value));
    }

    /// The value of `key` (lower case), as first written.
    pub(crate) fn get(&self, key: &str) -> Option<&FmValue<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_lower_cased_and_the_first_spelling_wins() {
        let fm = json!({"Title": "A", "title": "B", "BUILD": {"List": "never", "list": "always"}});
        let view = FmView::of(&fm);
        assert_eq!(view.get("title"), Some(&FmValue::Str("A")));
        assert_eq!(view.get("Title"), None);
        let build = view.get("build").unwrap();
        assert_eq!(build.get("list"), Some(&FmValue::Str("never")));
    }

    #[test]
    fn two_levels_are_kept() {
        let fm = json!({"tags": ["a", 1, ["deep"], {"x": 1}], "build": {"list": {"x": 1}}, "n": 2});
        let view = FmView::of(&fm);
        assert_eq!(
            view.get("tags"),
            Some(&FmValue::Seq(vec![
                FmValue::Str("a"),
                FmValue::Number(1.into()),
                FmValue::Deep,
                FmValue::Deep
            ]))
        );
        assert_eq!(view.get("build").unwrap().get("list"), Some(&FmValue::Deep));
        assert_eq!(view.get("n"), Some(&FmValue::Number(2.into())));
        assert_eq!(view.get("n").unwrap().get("x"), None);
    }

    #[test]
    fn a_front_matter_that_is_not_a_map_is_empty() {
        assert!(FmView::of(&json!(["title", "A"])).is_empty());
        assert!(FmView::of(&Value::Null).is_empty());
    }
}
