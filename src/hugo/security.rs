//! Hugo's `security.allowContent`: which media types of content files Hugo
//! 0.168 builds pages from. Its default refuses `text/html` and `text/org`
//! (their bodies reach the output unescaped), and a refused file stops the
//! build (`access denied: "text/html" is not whitelisted in policy
//! "security.allowContent"`), whether the file is a page or a bundle's
//! resource.
//!
//! The policy is Hugo's whitelist (config/security/whitelist.go): `! `-prefixed
//! regexes deny, others allow; a denial wins; a list of only denials allows
//! the rest; `none` or an empty list allows nothing. A site's list replaces
//! the default whole.

use regex::Regex;
use serde_json::Value;
use std::path::Path;

/// The patterns Hugo 0.168 uses when the site sets none.
const DEFAULT: &[&str] = &["! ^text/html$", "! ^text/org$"];

#[derive(Debug, Clone)]
pub(crate) struct ContentPolicy {
    allow: Vec<Regex>,
    deny: Vec<Regex>,
    /// The patterns as the site wrote them (or the default), for messages.
    patterns: Vec<String>,
}

impl ContentPolicy {
    /// The policy of a site config whose keys are lower case. A pattern that
    /// does not compile is left out (Hugo refuses the config).
    pub(crate) fn of(lower_config: &Value) -> ContentPolicy {
        let given = lower_config
            .get("security")
            .and_then(|s| s.get("allowcontent"));
        let patterns: Vec<String> = match given {
            None | Some(Value::Null) => DEFAULT.iter().map(|s| s.to_string()).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
            Some(_) => Vec::new(),
        };
        let patterns: Vec<String> = patterns
            .iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let mut policy = ContentPolicy {
            allow: Vec::new(),
            deny: Vec::new(),
            patterns: patterns.clone(),
        };
        if patterns.iter().any(|p| p == "none") {
            return policy;
        }
        for p in &patterns {
            match p.strip_prefix("! ") {
                Some(raw) => policy.deny.extend(Regex::new(raw).ok()),
                None => policy.allow.extend(Regex::new(p).ok()),
            }
        }
        policy
    }

    /// Whether Hugo builds content of `media_type` (`text/markdown`).
    pub(crate) fn accepts(&self, media_type: &str) -> bool {
        if self.deny.iter().any(|r| r.is_match(media_type)) {
            return false;
        }
        if self.allow.is_empty() {
            return !self.deny.is_empty();
        }
        self.allow.iter().any(|r| r.is_match(media_type))
    }

    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

/// The media type Hugo gives a content file, by its extension (of those
/// frontlint reads as content).
pub(crate) fn media_type(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" | "mdown" => Some("text/markdown"),
        "html" | "htm" => Some("text/html"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn accepts(config: Value, media_type: &str) -> bool {
        ContentPolicy::of(&config).accepts(media_type)
    }

    #[test]
    fn the_default_refuses_html_and_org_only() {
        assert!(!accepts(json!({}), "text/html"));
        assert!(!accepts(json!({}), "text/org"));
        assert!(accepts(json!({}), "text/markdown"));
    }

    #[test]
    fn a_sites_list_replaces_the_default() {
        let only_html = json!({"security": {"allowcontent": ["^text/html$"]}});
        assert!(accepts(only_html.clone(), "text/html"));
        assert!(!accepts(only_html, "text/markdown"));
        let deny_org = json!({"security": {"allowcontent": "! ^text/org$"}});
        assert!(accepts(deny_org.clone(), "text/html"));
        assert!(!accepts(deny_org, "text/org"));
        let none = json!({"security": {"allowcontent": ["none"]}});
        assert!(!accepts(none, "text/markdown"));
        assert!(!accepts(
            json!({"security": {"allowcontent": []}}),
            "text/markdown"
        ));
    }
}
