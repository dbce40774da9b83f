//! Checking a site: load every page in parallel, validate, then collect diagnostics.

pub mod page;

use crate::config::Site;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::SchemaSet;
use crate::source::LineIndex;
use crate::walk::{self, ContentFile};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One checked file with its diagnostics and (when there are any) its text, for snippets.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Path as shown to the user.
    pub path: PathBuf,
    pub text: Option<Arc<String>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a run found, ready for a report.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files with diagnostics, sorted by path.
    pub files: Vec<FileReport>,
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    pub external_links: usize,
    pub elapsed: Duration,
}

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Where a path argument points inside its site.
enum Target {
    /// The whole content directory.
    All,
    /// Everything under this directory.
    Dir(PathBuf),
    /// Exactly this file.
    File(PathBuf),
}

/// Run a check. `Err` is a one-line reason frontlint could not do its job (exit 2).
pub fn run(req: &Request) -> Result<Outcome, String> {
    let start = Instant::now();
    let paths = if req.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        req.paths.clone()
    };
    // Group the arguments by site root.
    let mut sites: BTreeMap<PathBuf, Vec<Target>> = BTreeMap::new();
    for p in &paths {
        if !p.exists() {
            return Err(format!("{}: no such file or directory", p.display()));
        }
        let root = crate::config::find_root(p);
        let abs = std::fs::canonicalize(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let target = if abs.is_file() {
            Target::File(abs)
        } else if abs == root {
            Target::All
        } else {
            Target::Dir(abs)
        };
        sites.entry(root).or_default().push(target);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut outcome = Outcome::default();
    for (root, targets) in sites {
        let site = Site::load(&root, req.config.as_deref())?;
        check_site(&site, &targets, &cwd, &mut outcome)?;
    }
    outcome.files.sort_by(|a, b| a.path.cmp(&b.path));
    outcome.elapsed = start.elapsed();
    Ok(outcome)
}

fn check_site(
    site: &Site,
    targets: &[Target],
    cwd: &Path,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let mut schemas = SchemaSet::load(site)?;
    schemas.prepare_builtins();
    let include = walk::globset(&site.config.include, "include")?;
    let exclude = walk::globset(&site.config.exclude, "exclude")?;
    let walked = walk::walk(
        &site.content_dir,
        &site.root,
        include.as_ref(),
        exclude.as_ref(),
    );
    let content_canon =
        std::fs::canonicalize(&site.content_dir).unwrap_or_else(|_| site.content_dir.clone());

    // Which of the site's files to report on.
    let mut selected: Vec<ContentFile> = Vec::new();
    let mut explicit: Vec<ContentFile> = Vec::new();
    for t in targets {
        match t {
            Target::All => selected.extend(walked.files.iter().cloned()),
            Target::Dir(d) => selected.extend(
                walked
                    .files
                    .iter()
                    .filter(|f| canon(&f.path).starts_with(d))
                    .cloned(),
            ),
            Target::File(f) => {
                let rel = f
                    .strip_prefix(&content_canon)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_else(|_| {
                        f.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    });
                explicit.push(ContentFile {
                    rel,
                    path: f.clone(),
                });
            }
        }
    }
    selected.extend(explicit);
    selected.sort();
    selected.dedup_by(|a, b| canon(&a.path) == canon(&b.path));

    let ctx = page::Context {
        site,
        schemas: &schemas,
    };
    let results: Vec<(PathBuf, page::PageResult)> = selected
        .par_iter()
        .map(|f| (f.path.clone(), page::check(&ctx, f)))
        .collect();

    for (path, mut result) in results {
        if !result.is_page {
            continue;
        }
        outcome.files_checked += 1;
        outcome.external_links += result.external_links;
        apply_levels(site, &mut result.diagnostics);
        if result.diagnostics.is_empty() {
            continue;
        }
        let shown = display_path(&path, cwd);
        let index = LineIndex::new(&result.text);
        for d in &mut result.diagnostics {
            d.path = shown.clone();
            d.locate(&index, &result.text);
        }
        result
            .diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        outcome.files.push(FileReport {
            path: shown,
            text: Some(Arc::new(result.text)),
            diagnostics: result.diagnostics,
        });
    }
    let selected_dirs: Vec<PathBuf> = targets
        .iter()
        .filter_map(|t| {
            if let Target::Dir(d) = t {
                Some(d.clone())
            } else {
                None
            }
        })
        .collect();
    let whole = targets.iter().any(|t| matches!(t, Target::All));
    for (path, d) in walked.problems {
        if !whole && !selected_dirs.iter().any(|dir| path.starts_with(dir)) {
            continue;
        }
        let mut ds = vec![d];
        apply_levels(site, &mut ds);
        if let Some(mut d) = ds.pop() {
            let shown = display_path(&path, cwd);
            d.path = shown.clone();
            d.line = 1;
            d.column = 1;
            d.end_line = 1;
            d.end_column = 1;
            outcome.files.push(FileReport {
                path: shown,
                text: None,
                diagnostics: vec![d],
            });
        }
    }
    for f in &outcome.files {
        for d in &f.diagnostics {
            match d.severity {
                Severity::Error => outcome.errors += 1,
                Severity::Warning => outcome.warnings += 1,
            }
        }
    }
    Ok(())
}

fn canon(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Apply `[rules]` levels: change severities, drop rules that are off.
fn apply_levels(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|d| match site.config.severity(d.code, d.severity) {
        Some(s) => {
            d.severity = s;
            true
        }
        None => false,
    });
}

/// A path relative to the working directory when it is below it.
pub fn display_path(path: &Path, cwd: &Path) -> PathBuf {
    let cwd_canon = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let path_canon = canon(path);
    match path_canon.strip_prefix(&cwd_canon) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}
