//! JSON Schemas: compiling them once per run and choosing one for each page.

pub mod builtin;
pub(crate) mod formats;
pub mod messages;
pub(crate) mod tree_json;

use crate::config::{SchemaRule, Site};
use globset::GlobSet;
use jsonschema::Validator;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tree_json::TreeJson;

/// One compiled schema and the JSON it came from (for messages: titles, allowed keys).
pub struct CompiledSchema {
    /// `builtin:NAME` or the path as written in the config.
    pub name: String,
    pub json: Arc<Value>,
    /// Other schema documents it may `$ref`, by absolute URI (for messages).
    pub documents: Documents,
    /// Validates a front matter tree in place: compiled when the schema is
    /// loaded (a config's schema, so that one that does not compile stops the
    /// run at once) or on first use (a built-in, known to compile: a run that
    /// replays its last results compiles none).
    validator: OnceLock<Validator<TreeJson>>,
}

impl CompiledSchema {
    /// The validator, compiled now if it was not yet.
    pub(crate) fn validator(&self) -> &Validator<TreeJson> {
        self.validator.get_or_init(|| {
            build_validator(&self.json, None)
                .expect("built-in schemas compile (tested)")
                .0
        })
    }
}

struct Selector {
    types: Vec<String>,
    paths: Option<GlobSet>,
    /// Empty: every kind.
    kinds: Vec<crate::types::PageKind>,
    schema: usize,
}

/// Every schema this run uses, and the rules that pick one per page.
pub(crate) struct SchemaSet {
    schemas: Vec<CompiledSchema>,
    selectors: Vec<Selector>,
    builtin_index: HashMap<String, usize>,
}

/// Reads `file://` references from disk; refuses everything else (no network, ever).
struct LocalFiles {
    loaded: std::sync::Mutex<HashMap<String, Arc<Value>>>,
}

impl jsonschema::Retrieve for LocalFiles {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let s = uri.as_str();
        let Some(path) = s.strip_prefix("file://") else {
            return Err(format!(
                "\"{s}\" is not a local file; frontlint never fetches schemas from the network"
            )
            .into());
        };
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read referenced schema {path}: {e}"))?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| format!("referenced schema {path} is not valid JSON: {e}"))?;
        if let Ok(mut l) = self.loaded.lock() {
            l.insert(s.to_string(), Arc::new(value.clone()));
        }
        Ok(value)
    }
}

const PATH_SET: percent_encoding::AsciiSet = percent_encoding::CONTROLS
    .add(b' ')
    .add(b'#')
    .add(b'?')
    .add(b'%');

fn file_uri(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let s = abs.to_string_lossy().replace('\\', "/");
    let encoded: String = percent_encoding::utf8_percent_encode(&s, &PATH_SET).collect();
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    }
}

/// A schema document that does not compile.
#[derive(Debug, thiserror::Error)]
#[error("schema does not compile: {message}{at}")]
pub struct CompileError {
    message: String,
    /// ` (at /pointer)` when the error is at a place in the document.
    at: String,
}

/// What is wrong with the schema a `[[schemas]]` entry names.
#[derive(Debug, thiserror::Error)]
pub enum SchemaProblem {
    #[error("unknown built-in schema \"{name}\"{hint} (see `frontlint schemas`)")]
    UnknownBuiltin { name: String, hint: String },
    #[error("schema file {} not found", .0.display())]
    NotFound(PathBuf),
    #[error("cannot read schema file {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("schema {} is not valid JSON: {source}", .path.display())]
    NotJson {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: {source}", .path.display())]
    DoesNotCompile { path: PathBuf, source: CompileError },
    #[error(transparent)]
    Glob(#[from] crate::walk::GlobError),
}

/// A `[[schemas]]` entry that cannot be used: its problem, said at the
/// entry's `schema` value in `frontlint.toml`.
#[derive(Debug, thiserror::Error)]
#[error("{shown}")]
pub struct SchemaError {
    /// The entry, from 0.
    pub entry: usize,
    #[source]
    pub problem: Box<SchemaProblem>,
    /// The message as printed: the file, line and column, and the line.
    shown: String,
}

/// Compile one schema document. `base` is its location, for relative `$ref`s.
pub fn compile(
    name: &str,
    json: Value,
    base: Option<&Path>,
) -> Result<CompiledSchema, CompileError> {
    let (validator, documents) = build_validator(&json, base)?;
    Ok(CompiledSchema {
        name: name.to_string(),
        json: Arc::new(json),
        documents,
        validator: OnceLock::from(validator),
    })
}

/// A built-in schema, compiled on first use (see [`CompiledSchema::validator`]).
fn builtin_schema(name: &str, json: Value) -> CompiledSchema {
    CompiledSchema {
        name: format!("builtin:{name}"),
        json: Arc::new(json),
        documents: HashMap::new(),
        validator: OnceLock::new(),
    }
}

/// Schema documents by absolute URI.
type Documents = HashMap<String, Arc<Value>>;

/// The validator of `json` and the other schema documents it loaded.
fn build_validator(
    json: &Value,
    base: Option<&Path>,
) -> Result<(Validator<TreeJson>, Documents), CompileError> {
    let retriever = Arc::new(LocalFiles {
        loaded: Default::default(),
    });
    let mut opts = jsonschema::options_for::<TreeJson>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("date", formats::is_date)
        .with_format("date-time", formats::is_date_time)
        .with_retriever(SharedRetriever(retriever.clone()));
    if let Some(base) = base {
        opts = opts.with_base_uri(file_uri(base));
    }
    let validator = opts.build(json).map_err(|e| {
        let at = e.instance_path().as_str();
        let at = if at.is_empty() {
            String::new()
        } else {
            format!(" (at {at})")
        };
        CompileError {
            message: one_line(&e.to_string()),
            at,
        }
    })?;
    let documents = retriever
        .loaded
        .lock()
        .map(|l| l.clone())
        .unwrap_or_default();
    Ok((validator, documents))
}

struct SharedRetriever(Arc<LocalFiles>);

impl jsonschema::Retrieve for SharedRetriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.0.retrieve(uri)
    }
}

fn one_line(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.len() > 300 {
        let mut end = 300;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &s[..end])
    } else {
        s
    }
}

/// An error about the `n`th (from 0) `[[schemas]]` entry: at its `schema`
/// value in `frontlint.toml`, naming the entry.
fn entry_error(site: &Site, n: usize, schema: &str, problem: SchemaProblem) -> SchemaError {
    let shown = entry_message(site, n, schema, &problem.to_string());
    SchemaError {
        entry: n,
        problem: Box::new(problem),
        shown,
    }
}

fn entry_message(site: &Site, n: usize, schema: &str, error: &str) -> String {
    let message = format!("{}: {error}", crate::config::schema_entry(n, schema));
    let Some(path) = &site.config_path else {
        return message;
    };
    let shown =
        crate::base::paths::display_path(path, &std::env::current_dir().unwrap_or_default());
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match crate::base::toml_errors::span_of(&text, &["schemas", &n.to_string(), "schema"], true) {
        Some(span) => crate::base::toml_errors::at(&shown, &text, span, &message),
        None => format!("{}: {message}", shown.display()),
    }
}

impl SchemaSet {
    /// Compile the schemas the site's config names, and the built-ins.
    pub(crate) fn load(site: &Site) -> Result<SchemaSet, SchemaError> {
        let mut set = SchemaSet {
            schemas: Vec::new(),
            selectors: Vec::new(),
            builtin_index: HashMap::new(),
        };
        let mut by_source: HashMap<String, usize> = HashMap::new();
        for (n, rule) in site.config.schemas.iter().enumerate() {
            let idx = match by_source.get(&rule.schema) {
                Some(&i) => i,
                None => {
                    let i = set
                        .add_source(&rule.schema, &site.config_dir())
                        .map_err(|e| entry_error(site, n, &rule.schema, e))?;
                    by_source.insert(rule.schema.clone(), i);
                    i
                }
            };
            set.selectors
                .push(selector(rule, idx).map_err(|e| entry_error(site, n, &rule.schema, e))?);
        }
        Ok(set)
    }

    fn add_source(&mut self, source: &str, dir: &Path) -> Result<usize, SchemaProblem> {
        if let Some(name) = source.strip_prefix("builtin:") {
            return self.builtin(name).ok_or_else(|| {
                let hint = crate::suggest::did_you_mean(name, builtin::names())
                    .map(|s| format!("; did you mean \"builtin:{s}\"?"))
                    .unwrap_or_default();
                SchemaProblem::UnknownBuiltin {
                    name: name.to_string(),
                    hint,
                }
            });
        }
        let path: PathBuf = dir.join(source);
        let shown =
            crate::base::paths::display_path(&path, &std::env::current_dir().unwrap_or_default());
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SchemaProblem::NotFound(shown.clone()),
            _ => SchemaProblem::Read {
                path: shown.clone(),
                source: e,
            },
        })?;
        let json: Value = serde_json::from_str(&text).map_err(|source| SchemaProblem::NotJson {
            path: shown.clone(),
            source,
        })?;
        let compiled =
            compile(source, json, Some(&path)).map_err(|source| SchemaProblem::DoesNotCompile {
                path: shown.clone(),
                source,
            })?;
        self.schemas.push(compiled);
        Ok(self.schemas.len() - 1)
    }

    fn builtin(&mut self, name: &str) -> Option<usize> {
        if let Some(&i) = self.builtin_index.get(name) {
            return Some(i);
        }
        let text = builtin::get(name)?;
        let json: Value =
            serde_json::from_str(text).expect("built-in schemas are valid JSON (tested)");
        self.schemas.push(builtin_schema(name, json));
        let i = self.schemas.len() - 1;
        self.builtin_index.insert(name.to_string(), i);
        Some(i)
    }

    /// Append everything the schemas say (for the cache fingerprint).
    pub(crate) fn digest_into(&self, out: &mut String) {
        for s in &self.schemas {
            out.push_str(&s.name);
            out.push_str(&s.json.to_string());
            let mut docs: Vec<_> = s.documents.iter().collect();
            docs.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in docs {
                out.push_str(k);
                out.push_str(&v.to_string());
            }
        }
    }

    /// Compile every built-in a page of these types could fall back to, so
    /// that [`SchemaSet::select`] never needs `&mut self` during the parallel check.
    pub(crate) fn prepare_builtins(&mut self) {
        for name in builtin::names().collect::<Vec<_>>() {
            self.builtin(name);
        }
    }

    /// The schema for a page: the first matching config entry, else (for a
    /// regular page, not a section's `_index` list page) the built-in named
    /// after its type, else the built-in `page` schema.
    pub(crate) fn select(
        &self,
        rel_path: &str,
        page_type: &str,
        kind: crate::types::PageKind,
    ) -> &CompiledSchema {
        let is_list_page = kind != crate::types::PageKind::Page;
        for s in &self.selectors {
            let kind_ok = s.kinds.is_empty() || s.kinds.contains(&kind);
            let type_ok = kind_ok && (s.types.is_empty() || s.types.iter().any(|t| t == page_type));
            let path_ok = s
                .paths
                .as_ref()
                .map(|g| g.is_match(rel_path))
                .unwrap_or(true);
            if type_ok && path_ok {
                return &self.schemas[s.schema];
            }
        }
        let by_type = if is_list_page {
            None
        } else {
            self.builtin_index.get(page_type)
        };
        let i = by_type
            .or_else(|| self.builtin_index.get("page"))
            .copied()
            .expect("prepare_builtins was called");
        &self.schemas[i]
    }
}

fn selector(rule: &SchemaRule, schema: usize) -> Result<Selector, SchemaProblem> {
    let paths = crate::walk::globset(&rule.paths, "[[schemas]]")?;
    // An entry that picks pages by type applies to regular pages unless it
    // says otherwise, as the built-in schemas do: a section's list page has
    // another shape.
    let kinds = if rule.kinds.is_empty() && !rule.types.is_empty() {
        vec![crate::types::PageKind::Page]
    } else {
        rule.kinds.clone()
    };
    Ok(Selector {
        types: rule.types.clone(),
        paths,
        kinds,
        schema,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_compile() {
        for (name, text) in builtin::BUILTINS {
            let json: Value = serde_json::from_str(text).unwrap();
            compile(name, json, None).unwrap();
        }
    }

    #[test]
    fn network_refs_are_refused() {
        let json = serde_json::json!({"$ref": "https://example.com/x.json"});
        let e = compile("x", json, None).err().unwrap().to_string();
        assert!(e.contains("never fetches"), "{e}");
    }
}
