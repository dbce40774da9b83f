//! `{{< param key >}}` in a link destination (`[api](/docs/{{< param version >}}/api/)`):
//! Hugo's built-in shortcode prints `.Page.Param key`, the page's own value
//! (a front matter key, or one under `params`) or else the site's
//! (`params` in the config). Hugo renders the call into a placeholder, so a
//! link hook sees no path to look up, and puts the value in its place after:
//! the link goes to the destination as written with the value filled in.
//!
//! A value that may come from elsewhere (a `cascade` of a section above the
//! page, the site config's `cascade`, a language's own `params`) is not
//! known here: such a link is left unchecked, as every link whose
//! destination holds a shortcode is.

use serde_json::Value;
use std::sync::LazyLock;

/// The site's `params` (keys lower case), and the top-level keys whose
/// value may be another one for some page (set by the config's `cascade` or
/// a language's `params`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SiteParams {
    params: Value,
    unsure: Vec<String>,
}

impl SiteParams {
    /// From the merged config with its keys lower-cased.
    pub(crate) fn of(lower_config: &Value) -> SiteParams {
        let params = lower_config.get("params").cloned().unwrap_or_default();
        let mut unsure: Vec<String> = Vec::new();
        let mut add_keys = |v: Option<&Value>| {
            if let Some(m) = v.and_then(Value::as_object) {
                unsure.extend(m.keys().cloned());
            }
        };
        match lower_config.get("cascade") {
            Some(Value::Object(c)) => {
                add_keys(Some(&Value::Object(c.clone())));
                add_keys(c.get("params"));
            }
            Some(Value::Array(list)) => {
                for c in list {
                    add_keys(Some(c));
                    add_keys(c.get("params"));
                }
            }
            _ => {}
        }
        if let Some(langs) = lower_config.get("languages").and_then(Value::as_object) {
            for l in langs.values() {
                add_keys(l.get("params"));
            }
        }
        unsure.sort();
        unsure.dedup();
        SiteParams { params, unsure }
    }
}

/// The keys of the `{{< param key >}}` calls in `body`, lower case, once each.
pub(crate) fn param_keys(body: &str) -> Vec<String> {
    static CALL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"\{\{[<%]-?\s*param\s+["`]?([^\s"`<>%{}]+)["`]?\s*-?[>%]\}\}"#)
            .expect("a valid pattern")
    });
    if !body.contains("param") {
        return Vec::new();
    }
    let mut keys: Vec<String> = CALL
        .captures_iter(body)
        .map(|c| c[1].to_lowercase())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// `key` (dotted for a nested value: `a.b`) in map `v`.
fn lookup<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    if let Some(x) = v.get(key) {
        return Some(x);
    }
    key.split('.').try_fold(v, |at, k| at.get(k))
}

/// A scalar as Hugo prints it.
fn printed(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The value `{{< param key >}}` prints on a page with front matter `fm`
/// (keys lower case), when it is known here: the page's own key, one
/// under its `params`, its own `cascade` (which reaches the page itself),
/// else the site's.
pub(crate) fn page_param(key: &str, fm: &Value, site: &SiteParams) -> Option<String> {
    let own = lookup(fm, key).or_else(|| fm.get("params").and_then(|p| lookup(p, key)));
    if let Some(v) = own {
        return printed(v);
    }
    match fm.get("cascade") {
        Some(c @ Value::Object(_)) => {
            if let Some(v) = lookup(c, key).or_else(|| c.get("params").and_then(|p| lookup(p, key)))
            {
                return printed(v);
            }
        }
        Some(Value::Array(_)) => return None,
        _ => {}
    }
    let top = key.split('.').next().unwrap_or(key);
    if site.unsure.iter().any(|k| k == top) {
        return None;
    }
    lookup(&site.params, key).and_then(printed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn param_values() {
        let site = SiteParams::of(&json!({
            "params": {"latest": "1.4", "repo": {"url": "https://example.org/r"}, "shade": "blue"},
            "languages": {"fr": {"params": {"shade": "bleu"}}}
        }));
        let fm = json!({"title": "T", "params": {"colour": "red"}, "cascade": {"version": "v2"}});
        let p = |k: &str| page_param(k, &fm, &site);
        assert_eq!(p("latest").as_deref(), Some("1.4"));
        assert_eq!(p("repo.url").as_deref(), Some("https://example.org/r"));
        assert_eq!(p("colour").as_deref(), Some("red"));
        assert_eq!(p("title").as_deref(), Some("T"));
        assert_eq!(p("version").as_deref(), Some("v2"));
        assert_eq!(p("shade"), None);
        assert_eq!(p("missing"), None);
        assert_eq!(
            param_keys("[a](/d/{{< param Latest >}}/) {{% param \"repo.url\" %}} {{< params x >}}"),
            ["latest", "repo.url"]
        );
    }
}
