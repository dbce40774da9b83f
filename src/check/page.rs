//! Checking one page: load it, pick its schema, validate the front matter.

use crate::config::Site;
use crate::diagnostic::Diagnostic;
use crate::load::page::{self as loader};
use crate::schema::{messages, SchemaSet};
use crate::walk::ContentFile;

/// What the parallel per-page stage needs.
pub struct Context<'a> {
    pub site: &'a Site,
    pub schemas: &'a SchemaSet,
}

/// The result of checking one page.
#[derive(Debug)]
pub struct PageResult {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub is_page: bool,
    pub external_links: usize,
}

/// Hugo's page type: front matter `type:`, else the top-level section, else `page`.
pub fn page_type(front_matter: Option<&str>, rel: &str) -> String {
    if let Some(t) = front_matter.filter(|t| !t.is_empty()) {
        return t.to_string();
    }
    match rel.split_once('/') {
        Some((section, _)) => section.to_string(),
        None => "page".to_string(),
    }
}

pub fn check(ctx: &Context<'_>, file: &ContentFile) -> PageResult {
    let loaded = loader::load(&file.path, &ctx.site.config.limits);
    let mut diagnostics = loaded.diagnostics;
    if let (Some(tree), Some(split)) = (&loaded.tree, &loaded.split) {
        let ty = page_type(tree.get("type").and_then(|n| n.as_str()), &file.rel);
        let is_list_page = file
            .rel
            .rsplit('/')
            .next()
            .is_some_and(|n| n.starts_with("_index."));
        let schema = ctx.schemas.select(&file.rel, &ty, is_list_page);
        let value = tree.to_value();
        diagnostics.extend(messages::validate(schema, &value, tree, split));
    }
    PageResult {
        text: loaded.text,
        diagnostics,
        is_page: loaded.is_page,
        external_links: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types() {
        assert_eq!(page_type(Some("outcomes"), "x/y.md"), "outcomes");
        assert_eq!(page_type(None, "outcomes/a/index.md"), "outcomes");
        assert_eq!(page_type(None, "about.md"), "page");
    }
}
