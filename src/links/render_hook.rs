//! Which link render hook Hugo uses for a page, and how it treats a Markdown
//! link's destination.
//!
//! Hugo renders `[text](dest)` through the `render-link.html` template closest
//! to the page's path: `layouts/<path…>/_markup/render-link.html` of the site,
//! then of its themes (`layouts/_default/_markup/` counts as the root), else its
//! embedded hook when `markup.goldmark.renderHooks.link.useEmbedded` allows it
//! (`always`, `fallback`, or `auto` on a site that declares `languages`, even
//! one, served from one host).
//!
//! A hook whose template (with the partials it calls) looks destinations up
//! with `GetPage` (the embedded one does) resolves them as content paths and
//! passes a destination it cannot find through unchanged, so the link works
//! when either the content path or the URL does. A hook that tests
//! `and … (not (hasPrefix … "/"))` before its lookup does not look up paths
//! from the root; one whose `if not (hasPrefix … "/")` branch holds no lookup
//! leaves relative paths as written. `[links] resolve` in `frontlint.toml`
//! says it outright.

use crate::hugo::HugoConfig;
use regex::Regex;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// How a page's Markdown link destinations resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Rule {
    /// Relative destinations (`../install.md`) are looked up as content paths first.
    pub relative: bool,
    /// Destinations from the root (`/docs/install`) are looked up as content paths first.
    pub root: bool,
}

impl Rule {
    /// Only as URLs (Hugo without a hook).
    pub(crate) const URL: Rule = Rule {
        relative: false,
        root: false,
    };
    /// Content paths first, then URLs (the embedded hook).
    pub(crate) const PAGE: Rule = Rule {
        relative: true,
        root: true,
    };
}

/// `[links] resolve` in `frontlint.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Resolve {
    /// From the site's render hooks.
    #[default]
    Auto,
    /// As URLs.
    Url,
    /// As content paths first, then URLs.
    Page,
    /// Relative destinations as content paths first; those from the root as URLs.
    Relative,
    /// Destinations from the root as content paths first; relative ones as URLs.
    Root,
}

/// One `render-link` (or `render-image`) template found.
#[derive(Debug, Clone)]
pub(crate) struct Hook {
    /// The content path it applies below (`""` for every page, `docs/specs`).
    pub dir: String,
    pub file: PathBuf,
    pub rule: Rule,
    /// Its template (with its partials) asks `resources.Get` for a
    /// destination: one that names a file of the assets folders is published
    /// there, at the same path.
    pub assets: bool,
    /// Destinations its template compares with `eq` as a whole (`eq
    /// .Destination "g"`, `eq $u.String "g"`): it writes something of its
    /// own for them, so they are not looked up.
    pub rewritten: Vec<String>,
    /// Literal beginnings (`http`) its template tests destinations for
    /// before it looks them up, and looks up only those without (see
    /// [`unlooked_prefixes`]): `httpproxy.md` is taken for a remote URL and
    /// written as it is.
    pub unlooked: Vec<String>,
}

impl Hook {
    /// The pages it serves and its file (below `root`), as `frontlint site` names them.
    fn described(&self, root: &Path) -> (String, String) {
        let file = self.file.strip_prefix(root).unwrap_or(&self.file);
        let pages = if self.dir.is_empty() {
            "every page".to_string()
        } else {
            format!("pages under {}/", self.dir)
        };
        (pages, file.display().to_string())
    }
}

/// The link rule of every page of a site.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkRules {
    /// The site's and themes' hooks, deepest `dir` first.
    pub hooks: Vec<Hook>,
    /// Hugo's embedded hook serves pages no hook of the site's serves.
    pub embedded: bool,
    /// `[links] resolve`, when not `auto`.
    pub forced: Option<Rule>,
    /// A bundle in one language has the resources it lacks from the same
    /// bundle in another language. Hugo publishes such copies under the
    /// page's own URL only when it duplicates resource files (several hosts,
    /// or Goldmark's `duplicateResourceFiles`); otherwise they keep the other
    /// language's URL, which only a hook that looks the destination up with
    /// `Resources.Get` links to.
    pub duplicate_resources: bool,
    /// Hugo's embedded image hook, which looks image destinations up as page
    /// resources, serves every page: the site and its themes have no
    /// `render-image` hook and `useEmbedded` lets it.
    pub embedded_image: bool,
    /// The site's and themes' `render-image` hooks, deepest `dir` first.
    pub image_hooks: Vec<Hook>,
}

impl LinkRules {
    /// The hooks of the site at `root`.
    pub(crate) fn find(root: &Path, hugo: &HugoConfig, resolve: Resolve) -> LinkRules {
        let forced = match resolve {
            Resolve::Auto => None,
            Resolve::Url => Some(Rule::URL),
            Resolve::Page => Some(Rule::PAGE),
            Resolve::Relative => Some(Rule {
                relative: true,
                root: false,
            }),
            Resolve::Root => Some(Rule {
                relative: false,
                root: true,
            }),
        };
        let layouts = layout_dirs(root, hugo);
        let hooks = hooks_of("link", &layouts);
        let image_hooks = hooks_of("image", &layouts);
        LinkRules {
            hooks,
            embedded: embedded_on(hugo, "link"),
            forced,
            duplicate_resources: !single_copy_resources(hugo),
            embedded_image: image_hooks.is_empty() && embedded_on(hugo, "image"),
            image_hooks,
        }
    }

    /// Whether the Markdown links (`image`: images) of the page with the
    /// logical path `hugo_path` go through a hook that asks `resources.Get`
    /// for their destination (Hugo's embedded hooks do).
    pub(crate) fn resolves_in_assets(&self, hugo_path: &str, image: bool) -> bool {
        if image {
            return match deepest(&self.image_hooks, hugo_path) {
                Some(h) => h.assets,
                None => self.embedded_image,
            };
        }
        match (self.forced, self.hook_for(hugo_path)) {
            (Some(rule), _) => rule == Rule::PAGE,
            (None, Some(h)) => h.assets,
            (None, None) => self.embedded,
        }
    }

    /// The hook Hugo uses for the page with the logical path `hugo_path`
    /// (`/docs/specs/x`), if any of the site's.
    /// What `frontlint site` prints: which rule serves which pages, and why.
    pub(crate) fn describe(&self, root: &Path) -> Vec<String> {
        let name = |r: Rule| match (r.relative, r.root) {
            (true, true) => "content path first (relative and from the root), then URL",
            (true, false) => "relative: content path first, then URL; from the root: URL",
            (false, true) => "from the root: content path first, then URL; relative: URL",
            (false, false) => "as URLs",
        };
        let mut out = Vec::new();
        if let Some(rule) = self.forced {
            out.push(format!(
                "every page: {} ([links] resolve in frontlint.toml)",
                name(rule)
            ));
            return out;
        }
        for h in &self.hooks {
            let (pages, file) = h.described(root);
            let own = if h.rewritten.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = h.rewritten.iter().map(|d| format!("{d:?}")).collect();
                format!(
                    "; not looked up, the hook writes its own link: {}",
                    list.join(", ")
                )
            };
            let unlooked = if h.unlooked.is_empty() || h.rule == Rule::URL {
                String::new()
            } else {
                let list: Vec<String> = h.unlooked.iter().map(|d| format!("{d:?}")).collect();
                format!("; destinations starting with {} as URLs", list.join(" or "))
            };
            out.push(format!(
                "{pages}: {}{own}{unlooked}  (hook {file})",
                name(h.rule)
            ));
        }
        let rest = if self.hooks.iter().any(|h| h.dir.is_empty()) {
            None
        } else if self.embedded {
            Some("Hugo's embedded link hook: markup.goldmark.renderHooks.link.useEmbedded")
        } else {
            Some("no hook")
        };
        if let Some(why) = rest {
            let rule = if self.embedded { Rule::PAGE } else { Rule::URL };
            let pages = if self.hooks.is_empty() {
                "every page"
            } else {
                "other pages"
            };
            out.push(format!("{pages}: {}  ({why})", name(rule)));
        }
        for h in &self.image_hooks {
            let (pages, file) = h.described(root);
            let how = if h.assets {
                "destinations also looked up in the assets folders"
            } else {
                "destinations as URLs"
            };
            out.push(format!("images of {pages}: {how}  (hook {file})"));
        }
        if self.embedded_image {
            out.push(
                "images: Hugo's embedded image hook (page resources first, then the assets folders)"
                    .to_string(),
            );
        }
        out
    }

    /// Whether some link hook writes something of its own for a destination.
    pub(crate) fn rewrites_any(&self) -> bool {
        self.hooks.iter().any(|h| !h.rewritten.is_empty())
    }

    pub(crate) fn hook_for(&self, hugo_path: &str) -> Option<&Hook> {
        deepest(&self.hooks, hugo_path)
    }

    /// How every page's Markdown links resolve, when that does not depend
    /// on the page (no hook of the site's or a theme's, or `[links] resolve`).
    pub(crate) fn uniform_rule(&self) -> Option<Rule> {
        if let Some(r) = self.forced {
            return Some(r);
        }
        self.hooks
            .is_empty()
            .then_some(if self.embedded { Rule::PAGE } else { Rule::URL })
    }

    /// Whether the hook of the page with the logical path `hugo_path` takes
    /// destination `dest` for a remote one by its first letters and so
    /// writes it without looking it up (see [`Hook::unlooked`]).
    pub(crate) fn passes_over(&self, hugo_path: &str, dest: &str) -> bool {
        self.forced.is_none()
            && self
                .hook_for(hugo_path)
                .is_some_and(|h| h.unlooked.iter().any(|p| dest.starts_with(p.as_str())))
    }

    /// How the Markdown links of the page with the logical path `hugo_path` resolve.
    pub(crate) fn rule_for(&self, hugo_path: &str) -> Rule {
        if let Some(r) = self.forced {
            return r;
        }
        match self.hook_for(hugo_path) {
            Some(h) => h.rule,
            None if self.embedded => Rule::PAGE,
            None => Rule::URL,
        }
    }

    /// What link results depend on, for the run fingerprint.
    pub(crate) fn digest_into(&self, h: &mut String) {
        h.push_str(&format!(
            "{:?}{:?}{:?}{:?}",
            self.embedded, self.forced, self.duplicate_resources, self.embedded_image
        ));
        for hook in &self.hooks {
            h.push_str(&format!(
                "{}:{:?}:{}:{:?}:{:?};",
                hook.dir, hook.rule, hook.assets, hook.rewritten, hook.unlooked
            ));
        }
        for hook in &self.image_hooks {
            h.push_str(&format!("image {}:{};", hook.dir, hook.assets));
        }
    }
}

/// The hook of `hooks` (deepest first) that serves the page with the logical
/// path `hugo_path`.
fn deepest<'a>(hooks: &'a [Hook], hugo_path: &str) -> Option<&'a Hook> {
    let p = hugo_path.trim_matches('/').to_lowercase();
    hooks.iter().find(|h| {
        h.dir.is_empty()
            || p == h.dir
            || (p.starts_with(&h.dir) && p.as_bytes().get(h.dir.len()) == Some(&b'/'))
    })
}

/// The `render-{kind}` hooks of the site and its themes (`layouts`, the
/// site's first), deepest first; the site's own beats a theme's at the same place.
fn hooks_of(kind: &str, layouts: &[PathBuf]) -> Vec<Hook> {
    let mut hooks: Vec<Hook> = Vec::new();
    for dir in layouts {
        let mut found = Vec::new();
        hook_files(kind, dir, dir, 0, &mut found);
        for (at, file) in found {
            if hooks.iter().any(|h| h.dir == at) {
                continue;
            }
            let text = template_text(&file, layouts);
            hooks.push(Hook {
                dir: at,
                file,
                rule: rule_of(&text),
                assets: text.contains("resources.Get"),
                rewritten: rewritten_destinations(&text),
                unlooked: unlooked_prefixes(&text),
            });
        }
    }
    hooks.sort_by(|a, b| {
        let depth = |h: &Hook| h.dir.matches('/').count() + usize::from(!h.dir.is_empty());
        depth(b).cmp(&depth(a)).then_with(|| a.dir.cmp(&b.dir))
    });
    hooks
}

/// The site's `layouts/`, then each theme's.
pub(crate) fn layout_dirs(root: &Path, hugo: &HugoConfig) -> Vec<PathBuf> {
    let lc = crate::hugo::values::into_lower_keys(hugo.raw.clone());
    let themes_dir = lc
        .get("themesdir")
        .and_then(|v| v.as_str())
        .unwrap_or("themes");
    let themes: Vec<String> = match lc.get("theme") {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let mut dirs = vec![root.join("layouts")];
    dirs.extend(
        themes
            .iter()
            .map(|t| root.join(themes_dir).join(t).join("layouts")),
    );
    // Themes the config reached through `module.imports` (and themes' own).
    for t in &hugo.layout.themes {
        let d = root.join(t).join("layouts");
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    dirs.retain(|d| d.is_dir());
    dirs
}

/// Whether a multilingual site publishes each bundle resource once, at the
/// URL of the language it comes from (see [`LinkRules::duplicate_resources`]).
fn single_copy_resources(hugo: &HugoConfig) -> bool {
    hugo.is_multilingual() && one_host_one_copy(hugo)
}

/// Neither a `baseURL` per language nor `duplicateResourceFiles`.
fn one_host_one_copy(hugo: &HugoConfig) -> bool {
    let lc = crate::hugo::values::into_lower_keys(hugo.raw.clone());
    let multihost = lc
        .get("languages")
        .and_then(|l| l.as_object())
        .is_some_and(|l| l.values().any(|v| v.get("baseurl").is_some()));
    let duplicate = lc
        .pointer("/markup/goldmark/duplicateresourcefiles")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    !multihost && !duplicate
}

/// Whether the site's config has a `languages` table with a language in it.
fn languages_configured(hugo: &HugoConfig) -> bool {
    hugo.raw.as_object().is_some_and(|o| {
        o.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("languages") && v.as_object().is_some_and(|l| !l.is_empty())
        })
    })
}

/// Whether Hugo's embedded `kind` (`link`, `image`) hook is used where the site has none.
fn embedded_on(hugo: &HugoConfig, kind: &str) -> bool {
    let lc = crate::hugo::values::into_lower_keys(hugo.raw.clone());
    let link = lc
        .pointer(&format!("/markup/goldmark/renderhooks/{kind}"))
        .cloned()
        .unwrap_or_default();
    let mode = match link.get("useembedded").and_then(|v| v.as_str()) {
        Some(m) => m.to_lowercase(),
        // The older switch.
        None => match link.get("enabledefault").and_then(|v| v.as_bool()) {
            Some(true) => "fallback".into(),
            _ => "auto".into(),
        },
    };
    match mode.as_str() {
        "always" | "fallback" => true,
        // Hugo 0.168 takes a site that configures any `languages` (one is
        // enough) for a multilingual one here.
        "auto" => languages_configured(hugo) && one_host_one_copy(hugo),
        _ => false,
    }
}

/// Every `render-link*.html` in a `_markup` folder below `layouts`, with the
/// content path it applies below.
fn hook_files(
    kind: &str,
    layouts: &Path,
    dir: &Path,
    depth: usize,
    out: &mut Vec<(String, PathBuf)>,
) {
    if depth > 16 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !p.is_dir() {
            continue;
        }
        if name == "_markup" {
            // Output-format and language variants are rarer; the plain name first.
            let plain = p.join(format!("render-{kind}.html"));
            let file = if plain.is_file() {
                Some(plain)
            } else {
                std::fs::read_dir(&p).ok().and_then(|rd| {
                    let mut v: Vec<PathBuf> = rd
                        .flatten()
                        .map(|e| e.path())
                        .filter(|f| {
                            f.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                                n.starts_with(&format!("render-{kind}.")) && n.ends_with(".html")
                            })
                        })
                        .collect();
                    v.sort();
                    v.into_iter().next()
                })
            };
            if let Some(file) = file {
                let rel = dir.strip_prefix(layouts).unwrap_or(Path::new(""));
                let mut at: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
                    .collect();
                if at.first().is_some_and(|s| s == "_default") {
                    at.remove(0);
                }
                out.push((at.join("/"), file));
            }
        } else if !matches!(
            name,
            "_partials" | "partials" | "_shortcodes" | "shortcodes"
        ) {
            hook_files(kind, layouts, &p, depth + 1, out);
        }
    }
}

static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"partial(?:Cached)?\s+"([^"]+)""#).expect("partial call pattern")
});

/// A template's text with the text of the partials it calls (a few levels deep).
fn template_text(file: &Path, layouts: &[PathBuf]) -> String {
    let mut text = std::fs::read_to_string(file).unwrap_or_default();
    let mut seen: Vec<String> = Vec::new();
    let mut at = 0;
    for _ in 0..8 {
        let calls: Vec<String> = PARTIAL
            .captures_iter(&text[at..])
            .map(|c| c[1].to_string())
            .filter(|n| !seen.contains(n))
            .collect();
        at = text.len();
        if calls.is_empty() {
            break;
        }
        for name in calls {
            seen.push(name.clone());
            let name = if name.ends_with(".html") {
                name
            } else {
                format!("{name}.html")
            };
            let found = layouts.iter().find_map(|l| {
                ["_partials", "partials"]
                    .iter()
                    .map(|d| l.join(d).join(&name))
                    .find(|p| p.is_file())
            });
            if let Some(p) = found {
                text.push('\n');
                text.push_str(&std::fs::read_to_string(p).unwrap_or_default());
            }
        }
    }
    text
}

static ROOT_EXCLUDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\band\b[^}\n]*\(\s*not\s*\(\s*(?:strings\.)?[hH]as[pP]refix\s+\S+\s+"/"\s*\)\s*\)"#,
    )
    .expect("root exclusion pattern")
});

static IF_NOT_ROOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\{\{-?\s*if\s+not\s*\(\s*(?:strings\.)?[hH]as[pP]refix\s+\S+\s+"/"\s*\)\s*-?\}\}"#,
    )
    .expect("relative branch pattern")
});

/// Whether the template has an `if not (hasPrefix … "/")` branch (relative
/// destinations) without a lookup before its `else`.
fn relative_left_alone(text: &str) -> bool {
    IF_NOT_ROOT.find_iter(text).any(|m| {
        let body = &text[m.end()..];
        let end = body
            .find("{{ else")
            .into_iter()
            .chain(body.find("{{- else"))
            .min();
        end.is_some_and(|e| !body[..e].contains("GetPage"))
    })
}

/// `eq` of the whole destination (`.Destination`, or `.String`/`.Path` of
/// what `urls.Parse` made of it) and a literal, either way round.
static DESTINATION_EQ: LazyLock<Regex> = LazyLock::new(|| {
    let dest = r#"(?:\$?\.Destination|\$\w+\.(?:String|Path))"#;
    Regex::new(&format!(
        r#"\beq\s+(?:{dest}\s+"([^"]*)"|"([^"]*)"\s+{dest})"#
    ))
    .expect("destination comparison pattern")
});

/// The destinations a hook's template compares with `eq` as a whole.
pub(crate) fn rewritten_destinations(text: &str) -> Vec<String> {
    let mut out: Vec<String> = DESTINATION_EQ
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// `hasPrefix X "http"` (`strings.HasPrefix` too), the literal in group 1.
const PREFIX_TEST: &str =
    r#"\(?\s*(?:strings\.)?[hH]as[pP]refix\s+[^\s()]+\s+"([A-Za-z][A-Za-z0-9+.:/-]*)"\s*\)?"#;

/// One `{{ … }}` action of a template: where it ends, and its words.
struct Action<'t> {
    start: usize,
    end: usize,
    body: &'t str,
}

/// The actions of `text`, comments left out.
fn actions(text: &str) -> Vec<Action<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("{{") {
        let start = at + i;
        let Some(j) = text[start..].find("}}") else {
            break;
        };
        let end = start + j + 2;
        let body = text[start + 2..end - 2]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        if !body.starts_with("/*") {
            out.push(Action { start, end, body });
        }
        at = end;
    }
    out
}

/// The first word of an action (`if`, `else`, `end`, …).
fn keyword(body: &str) -> &str {
    body.split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default()
}

/// For the `if` at `actions[i]`: the text ranges of its first branch and of
/// what follows its first `else` (empty when it has none), up to its `end`.
fn branches(text_len: usize, actions: &[Action<'_>], i: usize) -> (Range<usize>, Range<usize>) {
    let mut depth = 0usize;
    let mut first_end = None;
    for a in &actions[i + 1..] {
        match keyword(a.body) {
            "if" | "with" | "range" | "block" | "define" => depth += 1,
            "else" if depth == 0 && first_end.is_none() => first_end = Some(a.start),
            "end" if depth == 0 => {
                let then_end = first_end.unwrap_or(a.start);
                let else_start = if first_end.is_some() {
                    then_end
                } else {
                    a.start
                };
                return (actions[i].end..then_end, else_start..a.start);
            }
            "end" => depth -= 1,
            _ => {}
        }
    }
    (actions[i].end..text_len, text_len..text_len)
}

/// The literal beginnings a hook tests destinations for (`if not (hasPrefix
/// $dest "http")`, or a variable set to that test once and read by `if`)
/// where every `GetPage` of the template is in the branch of the
/// destinations without it: a destination that starts with those letters
/// (`httpproxy.md` as well as `https://…`) is never looked up.
pub(crate) fn unlooked_prefixes(text: &str) -> Vec<String> {
    static TEST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!("^{PREFIX_TEST}$")).expect("prefix test pattern"));
    static SET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(\$\w+)\s*:?=\s*{PREFIX_TEST}")).expect("prefix variable pattern")
    });
    let text = super::template_text::strip_comments(text);
    let lookups: Vec<usize> = text.match_indices("GetPage").map(|(i, _)| i).collect();
    if lookups.is_empty() {
        return Vec::new();
    }
    let mut vars: Vec<(String, String)> = Vec::new();
    for c in SET.captures_iter(&text) {
        let var = c[1].to_string();
        let assigned = Regex::new(&format!(r"{}\s*:?=", regex::escape(&var)))
            .map_or(0, |r| r.find_iter(&text).count());
        if assigned == 1 {
            vars.push((var, c[2].to_string()));
        }
    }
    let literal_of = |cond: &str| -> Option<String> {
        let cond = cond.trim();
        if let Some(c) = TEST.captures(cond) {
            return Some(c[1].to_string());
        }
        let cond = cond.trim_start_matches('(').trim_end_matches(')').trim();
        vars.iter().find(|(v, _)| v == cond).map(|(_, l)| l.clone())
    };
    let acts = actions(&text);
    let mut out = Vec::new();
    for (i, a) in acts.iter().enumerate() {
        let Some(cond) = a
            .body
            .strip_prefix("if")
            .filter(|c| c.starts_with([' ', '(']))
        else {
            continue;
        };
        let cond = cond.trim();
        let (negated, cond) = match cond.strip_prefix("not") {
            Some(rest) if rest.starts_with([' ', '(']) => (true, rest),
            _ => (false, cond),
        };
        let Some(lit) = literal_of(cond) else {
            continue;
        };
        let (then, otherwise) = branches(text.len(), &acts, i);
        let lookup_branch = if negated { then } else { otherwise };
        if lookups.iter().all(|l| lookup_branch.contains(l)) {
            out.push(lit);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// How a hook's template (with its partials) resolves destinations.
pub(crate) fn rule_of(text: &str) -> Rule {
    if !text.contains("GetPage") {
        return Rule::URL;
    }
    Rule {
        relative: !relative_left_alone(text),
        root: !ROOT_EXCLUDED.is_match(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_a_hook_writes_itself() {
        let t = r#"{{ $u := urls.Parse .Destination }}{{ if eq $u.String "g" }}<a href="/glossary/">
            {{ else if eq "toc" .Destination }}{{ else if eq $u.Scheme "mailto" }}{{ end }}"#;
        assert_eq!(rewritten_destinations(t), ["g", "toc"]);
        assert!(rewritten_destinations(r##"{{ if hasPrefix .Destination "#" }}"##).is_empty());
    }

    #[test]
    fn destinations_a_hook_takes_for_remote_ones() {
        let by_variable = r#"{{ $d := .Destination }}{{ $remote := strings.HasPrefix $d "http" }}
            {{- if not $remote -}}{{ with .Page.GetPage $d }}{{ $d = .RelPermalink }}{{ end }}{{ end -}}
            <a href="{{ $d }}"{{ if $remote }} target="_blank"{{ end }}>"#;
        assert_eq!(unlooked_prefixes(by_variable), ["http"]);
        let inline = r#"{{ if not (hasPrefix .Destination "http") }}{{ if true }}{{ else }}{{ end }}
            {{ with .Page.GetPage .Destination }}{{ end }}{{ end }}"#;
        assert_eq!(unlooked_prefixes(inline), ["http"]);
        let else_branch = r#"{{ if hasPrefix .Destination "https://" }}{{ .Destination }}{{ else }}
            {{ with site.GetPage .Destination }}{{ .RelPermalink }}{{ end }}{{ end }}"#;
        assert_eq!(unlooked_prefixes(else_branch), ["https://"]);
        // The test only decides an attribute; every destination is looked up.
        let attribute = r#"{{ with .Page.GetPage .Destination }}{{ end }}
            <a{{ if strings.HasPrefix .Destination "http" }} target="_blank"{{ end }}>"#;
        assert!(unlooked_prefixes(attribute).is_empty());
        // Part of a larger condition, or a path test: not read.
        let both = r#"{{ if and (not (hasPrefix .Destination "http")) $x }}{{ .Page.GetPage "a" }}{{ end }}"#;
        assert!(unlooked_prefixes(both).is_empty());
        let root = r#"{{ if not (hasPrefix .Destination "/") }}{{ .Page.GetPage "a" }}{{ end }}"#;
        assert!(unlooked_prefixes(root).is_empty());
    }

    #[test]
    fn a_hook_is_read_from_its_template() {
        assert_eq!(rule_of("<a href=\"{{ .Destination }}\">"), Rule::URL);
        let embedded_like = r#"{{ with or ($.PageInner.GetPage $path) (resources.Get $path) }}"#;
        assert_eq!(rule_of(embedded_like), Rule::PAGE);
        let not_from_root = r#"{{- else if and $href (not $u.IsAbs) (not (strings.HasPrefix $href "/")) }}
          {{ with .PageInner.GetPage $path }}{{ end }}"#;
        assert_eq!(
            rule_of(not_from_root),
            Rule {
                relative: true,
                root: false
            }
        );
        let only_from_root = r#"{{ if not (hasPrefix .Destination "/") -}}
            {{/* relative: as written */}}
          {{ else if and $href (not $u.IsAbs) -}}
            {{ with .PageInner.GetPage $path }}{{ end }}
          {{ end }}"#;
        assert_eq!(
            rule_of(only_from_root),
            Rule {
                relative: false,
                root: true
            }
        );
    }

    #[test]
    fn the_deepest_hook_serves_a_page() {
        let hook = |dir: &str, rule| Hook {
            rewritten: Vec::new(),
            unlooked: Vec::new(),
            dir: dir.into(),
            file: PathBuf::new(),
            rule,
            assets: false,
        };
        let rules = LinkRules {
            hooks: vec![hook("docs/specs", Rule::PAGE), hook("", Rule::URL)],
            embedded: true,
            forced: None,
            ..Default::default()
        };
        assert_eq!(rules.rule_for("/docs/specs/otlp"), Rule::PAGE);
        assert_eq!(rules.rule_for("/docs/specs"), Rule::PAGE);
        assert_eq!(rules.rule_for("/docs/specsheet"), Rule::URL);
        assert_eq!(rules.rule_for("/"), Rule::URL);
        let none = LinkRules {
            embedded: true,
            ..Default::default()
        };
        assert_eq!(none.rule_for("/a"), Rule::PAGE);
        let forced = LinkRules {
            forced: Some(Rule::URL),
            ..none
        };
        assert_eq!(forced.rule_for("/a"), Rule::URL);
    }
}
