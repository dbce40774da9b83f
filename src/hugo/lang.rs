//! Hugo languages: `languages` config, and language codes in file names (`page.fr.md`).

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// Lower-case language code, e.g. `en`, `pt-br`.
    pub code: String,
    pub weight: i64,
    /// Per-language `contentDir`, relative to the site root.
    pub content_dir: Option<String>,
}

/// The configured languages (lower-cased keys), sorted as Hugo sorts them:
/// by weight (0 last), then code. Disabled languages are left out. Without a
/// `languages` table the site has only the default language.
pub(crate) fn from_config(
    languages: Option<&Value>,
    default: &str,
    main_content_dir: &str,
) -> Vec<Language> {
    let mut out: Vec<Language> = Vec::new();
    if let Some(Value::Object(m)) = languages {
        for (code, v) in m {
            if v.get("disabled").and_then(Value::as_bool).unwrap_or(false) {
                continue;
            }
            let content_dir = v
                .get("contentdir")
                .and_then(Value::as_str)
                .map(|s| s.trim_matches('/').to_string())
                .filter(|d| d != main_content_dir);
            let weight = v.get("weight").and_then(Value::as_i64).unwrap_or(0);
            out.push(Language {
                code: code.to_lowercase(),
                weight,
                content_dir,
            });
        }
    }
    if !out.iter().any(|l| l.code == default) {
        out.push(Language {
            code: default.to_string(),
            weight: 0,
            content_dir: None,
        });
    }
    out.sort_by(|a, b| {
        let w = |l: &Language| if l.weight == 0 { i64::MAX } else { l.weight };
        w(a).cmp(&w(b)).then_with(|| a.code.cmp(&b.code))
    });
    out
}

/// Split a content file name into its base name and the language code in it,
/// if that code is a configured language: `about.de.md` → (`about`, Some(`de`)).
/// The extension is removed in any case.
pub(crate) fn split_file_name<'a>(
    name: &'a str,
    languages: &[Language],
) -> (&'a str, Option<&'a str>) {
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    if languages.len() > 1 {
        if let Some(i) = stem.rfind('.') {
            let code = &stem[i + 1..];
            if i > 0 && languages.iter().any(|l| l.code.eq_ignore_ascii_case(code)) {
                return (&stem[..i], Some(code));
            }
        }
    }
    (stem, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_languages() {
        let langs = from_config(
            Some(&serde_json::json!({"en": {}, "de": {}})),
            "en",
            "content",
        );
        assert_eq!(
            split_file_name("about.de.md", &langs),
            ("about", Some("de"))
        );
        assert_eq!(split_file_name("about.fr.md", &langs), ("about.fr", None));
        assert_eq!(split_file_name("_index.md", &langs), ("_index", None));
    }
}
