//! A content or static mount: a directory (or file) of the site whose files
//! discovery walks, with the language and filter Hugo gives them.

use crate::base::glob::Glob;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One mount of a directory (or a single file) on a component, for one
/// language.
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    /// The mounted directory or file, relative to the site root (or absolute).
    pub source: PathBuf,
    /// Where it is mounted below the component (`""`: its root; `docs`;
    /// `docs/extra.md` for a single file).
    pub target: String,
    /// The language its files belong to; `None`: the default language,
    /// unless a file's name says another.
    pub lang: Option<String>,
    /// Of a mount into several languages, the one its bundles' files are
    /// published under: Hugo publishes them once, at the URL of the page in
    /// the first of the mount's languages in the site's order (by weight,
    /// then code), and links every language's page to that copy. `None`:
    /// each page publishes its own (a mount into one language).
    pub files_lang: Option<String>,
    pub filter: Option<FileFilter>,
    /// The site's `ignoreFiles`, which every content mount's walk applies.
    pub ignore: Option<Arc<IgnoreFiles>>,
    /// Where the mount was declared, for `frontlint site`.
    pub origin: String,
}

/// Hugo's `ignoreFiles`: regular expressions, any one of which matching
/// anywhere in a file's or folder's absolute path leaves it (and all
/// below a folder) out of the build. A pattern that does not compile is
/// left out here (Hugo refuses the whole config).
#[derive(Debug, Clone)]
pub struct IgnoreFiles {
    patterns: Vec<String>,
    set: regex::RegexSet,
}

impl PartialEq for IgnoreFiles {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

impl IgnoreFiles {
    /// The patterns that compile, as one set; `None` when none does.
    pub(crate) fn new(patterns: &[String]) -> Option<IgnoreFiles> {
        let patterns: Vec<String> = patterns
            .iter()
            .filter(|p| regex::Regex::new(p).is_ok())
            .cloned()
            .collect();
        let set = regex::RegexSet::new(&patterns).ok()?;
        (!patterns.is_empty()).then_some(IgnoreFiles { patterns, set })
    }

    /// The patterns, as the config gave them (those that compile).
    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Whether the file or folder at absolute path `path` is left out.
    /// (A relative `path` is made absolute, as Hugo sees it: from the
    /// working directory, symbolic links not followed.)
    pub(crate) fn ignores(&self, path: &Path) -> bool {
        let abs;
        let path = if path.is_absolute() {
            path
        } else {
            abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            &abs
        };
        self.set.is_match(&path.to_string_lossy())
    }
}

impl Root {
    /// The path (relative to the component) that file `within` (relative
    /// to the mount's source, `""` for a single-file mount) gets.
    pub(crate) fn rel_of(&self, within: &str) -> String {
        match (self.target.is_empty(), within.is_empty()) {
            (true, _) => within.to_string(),
            (false, true) => self.target.clone(),
            (false, false) => format!("{}/{within}", self.target),
        }
    }

    /// The part of `rel` (made by [`Root::rel_of`]) below the mount's source.
    pub(crate) fn within<'a>(&self, rel: &'a str) -> Option<&'a str> {
        if self.target.is_empty() {
            return Some(rel);
        }
        let rest = rel.strip_prefix(self.target.as_str())?;
        if rest.is_empty() {
            Some("")
        } else {
            rest.strip_prefix('/')
        }
    }

    /// The file `rel` (made by [`Root::rel_of`]) is, below `site_root`.
    pub(crate) fn path_of(&self, site_root: &Path, rel: &str) -> Option<PathBuf> {
        let within = self.within(rel)?;
        let src = site_root.join(&self.source);
        Some(if within.is_empty() {
            src
        } else {
            src.join(within)
        })
    }
}

/// Hugo's `files` filter of a mount: `! `-prefixed globs exclude, others
/// include; the first that matches decides, and with no match a file is
/// kept unless there are inclusions. Globs are matched case-insensitively
/// against the path below the mount's source, with a leading `/`; a
/// directory is entered while it is an ancestor of an inclusion.
#[derive(Debug, Clone)]
pub struct FileFilter {
    patterns: Vec<String>,
    entries: Vec<(PatternKind, Glob)>,
}

impl PartialEq for FileFilter {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum PatternKind {
    Include,
    IncludeDir,
    Exclude,
}

impl FileFilter {
    /// The filter of `patterns` (`None` when there are none). Patterns
    /// that are no valid glob never match.
    pub(crate) fn new(patterns: &[String]) -> Option<FileFilter> {
        if patterns.is_empty() {
            return None;
        }
        let glob = |p: &str| Glob::new(&p.to_lowercase());
        let mut entries = Vec::new();
        for p in patterns {
            let (kind, p) = match p.strip_prefix("! ") {
                Some(rest) => (PatternKind::Exclude, rest),
                None => (PatternKind::Include, p.as_str()),
            };
            let p = p.replace('\\', "/");
            let p = if p.starts_with('/') {
                p
            } else {
                format!("/{p}")
            };
            if let Some(g) = glob(&p) {
                entries.push((kind, g));
            }
            if kind == PatternKind::Include {
                // Every directory on the way to an inclusion is entered.
                let dir = match p.rfind('/') {
                    Some(0) | None => "/",
                    Some(i) => &p[..i],
                };
                let mut acc = String::new();
                for part in dir.split('/') {
                    if !part.is_empty() {
                        acc.push('/');
                        acc.push_str(part);
                    }
                    let d = if acc.is_empty() { "/" } else { acc.as_str() };
                    if let Some(g) = glob(d) {
                        entries.push((PatternKind::IncludeDir, g));
                    }
                }
            }
        }
        Some(FileFilter {
            patterns: patterns.to_vec(),
            entries,
        })
    }

    /// Whether the file or directory `rel` (below the mount's source) is kept.
    pub(crate) fn keeps(&self, rel: &str, is_dir: bool) -> bool {
        let name = format!("/{}", rel.trim_start_matches('/')).to_lowercase();
        let mut has_include = false;
        for (kind, g) in &self.entries {
            match kind {
                PatternKind::Exclude if g.is_match(&name) => return false,
                PatternKind::Include if g.is_match(&name) => return true,
                PatternKind::Include => has_include = true,
                PatternKind::IncludeDir if is_dir && g.is_match(&name) => return true,
                _ => {}
            }
        }
        !has_include
    }

    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }
}
