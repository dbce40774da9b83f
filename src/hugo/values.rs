//! Values of Hugo's merged config and of front matter read as Hugo reads
//! them: keys without case, a string or a list of strings.

use crate::base::keys::lower_key;
use serde_json::{Map, Value};

/// `v` with every object key lower-cased (first spelling wins); values whose
/// keys already are lower case are moved, not copied.
pub(crate) fn into_lower_keys(v: Value) -> Value {
    if keys_are_lower(&v) {
        return v;
    }
    match v {
        Value::Object(m) => {
            let mut out = Map::with_capacity(m.len());
            for (k, v) in m {
                out.entry(lower_key(k))
                    .or_insert_with(|| into_lower_keys(v));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(into_lower_keys).collect()),
        other => other,
    }
}

/// Whether every key in `v`, at any depth, is ASCII without upper case.
fn keys_are_lower(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, v)| {
            k.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) && keys_are_lower(v)
        }),
        Value::Array(a) => a.iter().all(keys_are_lower),
        _ => true,
    }
}

/// A string, or the strings of a list (other items skipped), as a list.
pub(crate) fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}
