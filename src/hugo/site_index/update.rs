//! Updating the index for one page whose front matter changed, as the
//! language server does on a keystroke: the page is made again from the
//! nodes the build kept (its sections, their slugs, the cascades over it)
//! and its URL and aliases are moved in the lookup, in place of a rebuild.
//!
//! Only a change that cannot reach another page is made here: a regular
//! page (a section's slug or title moves its pages), with the same terms (a
//! term page may appear or go), rendered (an unrendered page's URL is
//! elsewhere), whose URLs and aliases share their path with no other, before
//! and after (which of two pages a shared URL leads to depends on the order
//! of the whole site). Anything else is left to a rebuild.

use super::*;

/// What [`SiteIndex::build_live`] keeps of its build.
#[derive(Default)]
pub(super) struct Kept {
    /// The nodes, by page (page `p` was made from node `p`).
    pub nodes: Vec<PageNode>,
    /// Per language: the nodes by normalised path.
    pub at: Vec<KeyTable<u32>>,
    /// The URL segments of each section and home.
    pub effective: HashMap<usize, Vec<String>>,
    /// Whether any `cascade` applies (the site's or a branch's).
    pub cascading: bool,
    /// Node → its `cascade` (as a map holding that one key), for branches with one.
    pub cascades: HashMap<usize, Map<String, Value>>,
    pub site_cascade: Option<Map<String, Value>>,
    pub formats: Formats,
    /// Pages with a URL or alias whose path another URL or alias has; found
    /// on the first update (not before the first diagnostics).
    pub shared: Option<HashSet<usize>>,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("nodes", &self.nodes.len())
            .finish_non_exhaustive()
    }
}

impl SiteIndex {
    /// [`build_with`](Self::build_with), keeping what
    /// [`update_page`](Self::update_page) needs (more memory: for the
    /// language server, not for `check`).
    pub(crate) fn build_live(
        cfg: &HugoConfig,
        mut inputs: Vec<PageInput>,
        front_matter: &dyn FrontMatters,
    ) -> SiteIndex {
        let mut b = Builder::new(cfg, &mut inputs);
        b.kept = Some(Kept::default());
        b.run(front_matter)
    }

    /// Page `p`'s front matter is now `view` (`value`: the same, whole, read
    /// only when a cascade applies). Updates the page in place and returns
    /// `true`, or returns `false` when the change may reach other pages and
    /// the index must be built again (it is then left as it was or partly
    /// updated: not to be used).
    pub(crate) fn update_page(
        &mut self,
        cfg: &HugoConfig,
        p: usize,
        view: &FmView<'_>,
        value: &dyn Fn() -> Value,
    ) -> bool {
        let Some(mut kept) = self.kept.take() else {
            return false;
        };
        let done = self.update_with(&mut kept, cfg, p, view, value);
        self.kept = Some(kept);
        done
    }

    fn update_with(
        &mut self,
        kept: &mut Kept,
        cfg: &HugoConfig,
        p: usize,
        view: &FmView<'_>,
        value: &dyn Fn() -> Value,
    ) -> bool {
        let Some(old) = kept.nodes.get(p) else {
            return false;
        };
        if old.kind != PageKind::Page {
            return false;
        }
        let shared = kept.shared.get_or_insert_with(|| {
            let s = self.shared_urls();
            s.pages
                .into_iter()
                .chain(s.aliases.into_iter().map(|(p, _)| p))
                .collect()
        });
        if shared.contains(&p) {
            return false;
        }
        let old = &kept.nodes[p];
        let plurals: Vec<&str> = cfg.taxonomies.iter().map(|(_, p)| p.as_str()).collect();
        let path = old
            .input
            .and_then(|i| self.inputs.get(i))
            .map_or("", String::as_str);
        let dating = Dating {
            rules: &cfg.date_rules,
            base: content_base_name(path, &cfg.languages),
        };
        let facts = if kept.cascading {
            let mut fm = lowered(value());
            apply_cascades(kept, cfg, p, &mut fm);
            NodeFacts::of(&FmView::of_map(&fm, LEVELS), &plurals, &dating)
        } else {
            NodeFacts::of(view, &plurals, &dating)
        };
        if facts.terms != old.facts.terms
            || facts.render != old.facts.render
            || facts.render == Render::Never
        {
            return false;
        }
        let mut node = old.clone();
        node.title = title_and_cascade(view).0.to_string();
        node.facts = facts;
        kept.nodes[p] = node;
        let b = Builder {
            cfg,
            inputs: &mut [],
            paths: &self.inputs,
            kept: None,
            nodes: std::mem::take(&mut kept.nodes),
            at: std::mem::take(&mut kept.at),
            dl: cfg.path_style(),
            formats: std::mem::take(&mut kept.formats),
        };
        let mut page = b.page(p, &kept.effective);
        kept.nodes = b.nodes;
        kept.at = b.at;
        kept.formats = b.formats;
        page.hugo_path = kept.nodes[p].npath.clone();
        page.title = kept.nodes[p].title.clone();
        self.move_urls(p, page)
    }

    /// Put `page` in place of page `p`, its URL and aliases moved in the
    /// lookup; `false` when one of them is another page's too.
    fn move_urls(&mut self, p: usize, page: Page) -> bool {
        let old = &self.pages[p];
        if old.url == page.url && old.aliases == page.aliases {
            self.pages[p] = page;
            return true;
        }
        let new_keys: Vec<(UrlSlot, String)> = page
            .url
            .iter()
            .map(|u| (UrlSlot::new(p, 0, u), u))
            .chain(
                page.aliases
                    .iter()
                    .enumerate()
                    .map(|(a, u)| (UrlSlot::new(p, a + 1, u), u)),
            )
            .map(|(slot, u)| (slot, decoded(u).into_owned()))
            .collect();
        let mut seen = HashSet::default();
        for (_, key) in &new_keys {
            if !seen.insert(key.as_str()) {
                return false;
            }
            let other = self.by_url.get(key, |s| url_key(&self.pages, s));
            if other.is_some_and(|s| s.page as usize != p) {
                return false;
            }
        }
        let old_slots: Vec<UrlSlot> = old
            .url
            .iter()
            .map(|u| UrlSlot::new(p, 0, u))
            .chain(
                old.aliases
                    .iter()
                    .enumerate()
                    .map(|(a, u)| UrlSlot::new(p, a + 1, u)),
            )
            .collect();
        for slot in old_slots {
            let key = url_key(&self.pages, slot).into_owned();
            self.by_url.remove(key_table::hash(&key), slot);
        }
        self.pages[p] = page;
        for (slot, key) in new_keys {
            let pages = &self.pages;
            self.by_url
                .insert_first(key_table::hash(&key), &key, slot, |s| url_key(pages, s));
        }
        true
    }
}

/// Apply to `fm` (page `p`'s front matter, keys lower-cased) the cascades of
/// its ancestor branches, nearest first, then the site's, as the build does.
fn apply_cascades(kept: &Kept, cfg: &HugoConfig, p: usize, fm: &mut Map<String, Value>) {
    let n = &kept.nodes[p];
    let code = cfg.languages[n.lang].code.clone();
    let env = cfg.environment.as_str();
    let mut d = n.npath.as_str();
    loop {
        let j = node_at(&kept.at, &kept.nodes, n.lang, d);
        if let Some(from) = j
            .filter(|&j| kept.nodes[j].kind != PageKind::Page)
            .and_then(|j| kept.cascades.get(&j))
        {
            apply_cascade(from, fm, n.kind, &n.npath, &code, env);
        }
        if d == "/" {
            break;
        }
        d = parent_path(d);
    }
    if let Some(from) = &kept.site_cascade {
        apply_cascade(from, fm, n.kind, &n.npath, &code, env);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn inputs() -> Vec<PageInput> {
        let input = |path: &str, fm: Value| PageInput {
            path: path.into(),
            mount: 0,
            lang: None,
            front_matter: fm,
        };
        vec![
            input("_index.md", json!({"title": "Home"})),
            input(
                "blog/_index.md",
                json!({"title": "Blog", "slug": "journal"}),
            ),
            input(
                "blog/first.md",
                json!({"title": "First", "date": "2024-03-01"}),
            ),
            input("blog/second/index.md", json!({"title": "Second"})),
            input(
                "docs/_index.md",
                json!({"title": "Docs", "cascade": {"type": "manual", "outputs": ["html", "json"]}}),
            ),
            input(
                "docs/setup.md",
                json!({"title": "Setup", "aliases": ["/old/"]}),
            ),
            input("docs/taken.md", json!({"title": "Taken", "url": "/taken/"})),
            input("about.md", json!({"title": "About", "tags": ["x"]})),
        ]
    }

    /// Every page, and what each of its URLs and aliases leads to.
    fn seen(idx: &SiteIndex) -> Vec<(Page, Vec<Option<Target>>)> {
        idx.pages()
            .iter()
            .map(|p| {
                let found = p
                    .url
                    .iter()
                    .chain(&p.aliases)
                    .map(|u| idx.lookup(u))
                    .collect();
                (p.clone(), found)
            })
            .collect()
    }

    #[test]
    fn an_updated_page_is_what_a_rebuild_makes_or_the_update_declines() {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/",
            "permalinks": {"page": {"blog": "/:year/:slug/"}}}));
        // (file, new front matter, whether the page alone can be updated)
        let edits = [
            (
                "blog/first.md",
                json!({"title": "First", "date": "2025-01-02"}),
                true,
            ),
            (
                "blog/first.md",
                json!({"title": "First", "slug": "one"}),
                true,
            ),
            (
                "blog/second/index.md",
                json!({"title": "Two", "aliases": ["/2/", "b"]}),
                true,
            ),
            (
                "docs/setup.md",
                json!({"title": "Setup", "url": "/install/"}),
                true,
            ),
            ("docs/setup.md", json!({"title": "Setup again"}), true),
            (
                "blog/first.md",
                json!({"title": "First", "draft": true}),
                true,
            ),
            // Another page's URL: which of them it leads to is the site's order.
            (
                "blog/first.md",
                json!({"title": "First", "url": "/taken/"}),
                false,
            ),
            (
                "blog/first.md",
                json!({"title": "First", "aliases": ["/old/"]}),
                false,
            ),
            // A section's slug moves its pages; a new term makes a page.
            (
                "blog/_index.md",
                json!({"title": "Blog", "slug": "log"}),
                false,
            ),
            ("about.md", json!({"title": "About", "tags": ["y"]}), false),
            (
                "about.md",
                json!({"title": "About", "build": {"render": "never"}}),
                false,
            ),
        ];
        let mut now = inputs();
        for (file, fm, alone) in edits {
            let i = now.iter().position(|p| p.path == file).unwrap();
            let mut idx = SiteIndex::build_live(&cfg, now.clone(), &Values(fms(&now)));
            now[i].front_matter = fm.clone();
            let want = SiteIndex::build(&cfg, now.clone());
            let p = idx.pages().iter().position(|p| p.input == Some(i)).unwrap();
            let done = idx.update_page(&cfg, p, &FmView::of(&fm), &|| fm.clone());
            assert_eq!(done, alone, "{file}: {fm}");
            if done {
                assert_eq!(seen(&idx), seen(&want), "{file}: {fm}");
                assert_eq!(idx.shared_urls(), want.shared_urls());
            }
        }
    }

    #[test]
    fn updates_one_after_another_stay_what_a_rebuild_makes() {
        let cfg = HugoConfig::from_raw(json!({"baseURL": "https://x.org/"}));
        let mut now = inputs();
        let mut idx = SiteIndex::build_live(&cfg, now.clone(), &Values(fms(&now)));
        for (k, file) in ["docs/setup.md", "blog/first.md", "docs/setup.md"]
            .iter()
            .enumerate()
        {
            let i = now.iter().position(|p| p.path == *file).unwrap();
            let fm = json!({"title": format!("T{k}"), "slug": format!("s{k}"),
                            "aliases": [format!("/was/{k}/")]});
            now[i].front_matter = fm.clone();
            let p = idx.pages().iter().position(|p| p.input == Some(i)).unwrap();
            assert!(idx.update_page(&cfg, p, &FmView::of(&fm), &|| fm.clone()));
            let want = SiteIndex::build(&cfg, now.clone());
            assert_eq!(seen(&idx), seen(&want), "after {file}");
            // The old URL and alias lead nowhere now.
            assert_eq!(idx.lookup("/docs/setup/"), None);
        }
        assert_eq!(idx.lookup("/was/0/"), None);
        assert!(idx.lookup("/was/2/").is_some());
    }

    fn fms(inputs: &[PageInput]) -> Vec<Value> {
        inputs.iter().map(|i| i.front_matter.clone()).collect()
    }
}
