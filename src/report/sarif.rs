//! `--format sarif`: a SARIF 2.1.0 log (one run) for code-scanning tools such as
//! GitHub code scanning (`github/codeql-action/upload-sarif`).
//!
//! `tool.driver.rules` carries the metadata of every rule frontlint has (not
//! only those that fired), so a viewer can show any rule's documentation;
//! each result points at its rule by `ruleId` and `ruleIndex`. Columns count
//! Unicode characters, so the run says `columnKind: unicodeCodePoints` (the
//! SARIF default is UTF-16 code units). Paths relative to the working directory
//! are written relative to `%SRCROOT%` with forward slashes; other paths as
//! absolute `file://` URIs.

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::rules::{self, Rule};
use crate::source::LineIndex;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Map, Value};

pub(crate) const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Characters kept as they are in a URI path: unreserved, and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

pub(crate) fn render(outcome: &Outcome) -> String {
    let mut driver = Map::new();
    driver.insert("name".into(), json!("frontlint"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert(
        "rules".into(),
        Value::Array(rules::RULES.iter().map(rule_metadata).collect()),
    );
    let results: Vec<Value> = super::render_each(outcome, result);
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The project's home page, when Cargo.toml names a real one: a build whose
/// repository address is still the `OWNER` placeholder claims none, since a
/// code-scanning UI would show that address as a link.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|s| !s.is_empty() && !s.contains("/OWNER/"))
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule_metadata(r: &Rule) -> Value {
    // Plain text: the section's paragraphs, each on one line.
    let full = r
        .section("What it checks")
        .unwrap_or(r.summary)
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n");
    json!({
        "id": r.code,
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": full },
        "help": { "text": r.doc, "markdown": r.doc },
        "defaultConfiguration": { "level": level(r.default) },
    })
}

fn result(d: &Diagnostic, text: Option<&str>, index: Option<&LineIndex>) -> Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.code));
    if let Some(i) = rules::index_of(d.code) {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({ "text": message }));
    if let Some(artifact) = artifact_location(&d.path) {
        let mut physical = Map::new();
        physical.insert("artifactLocation".into(), artifact.clone());
        if d.line > 0 && d.column > 0 {
            physical.insert(
                "region".into(),
                json!({
                    "startLine": d.line,
                    "startColumn": d.column,
                    "endLine": d.end_line.max(d.line),
                    "endColumn": d.end_column.max(1),
                }),
            );
        }
        r.insert(
            "locations".into(),
            json!([{ "physicalLocation": Value::Object(physical) }]),
        );
        let fixes: Vec<Value> = d
            .fixes
            .iter()
            .map(|f| fix(f, artifact.clone(), text, index))
            .collect();
        if !fixes.is_empty() {
            r.insert("fixes".into(), Value::Array(fixes));
        }
    }
    Value::Object(r)
}

/// A SARIF `fix`: one `artifactChange` for the diagnostic's file, a
/// `replacement` per edit. A deleted region is given both as lines and
/// columns (in the run's `columnKind`) and as bytes of the file; SARIF has
/// no safety level, so it is a property.
fn fix(f: &Fix, artifact: Value, text: Option<&str>, index: Option<&LineIndex>) -> Value {
    let replacements: Vec<Value> = f
        .edits
        .iter()
        .map(|e| {
            let mut region = Map::new();
            let (line, column, end_line, end_column) = super::edit_position(text, index, &e.range);
            if line > 0 {
                region.insert("startLine".into(), json!(line));
                region.insert("startColumn".into(), json!(column));
                region.insert("endLine".into(), json!(end_line));
                region.insert("endColumn".into(), json!(end_column));
            }
            region.insert("byteOffset".into(), json!(e.range.start));
            region.insert("byteLength".into(), json!(e.range.len()));
            json!({
                "deletedRegion": Value::Object(region),
                "insertedContent": { "text": e.replacement },
            })
        })
        .collect();
    json!({
        "description": { "text": f.title },
        "artifactChanges": [{ "artifactLocation": artifact, "replacements": replacements }],
        "properties": { "safety": f.safety.as_str() },
    })
}

/// A relative path → `{uri, uriBaseId: %SRCROOT%}`; an absolute one → a `file://` URI.
fn artifact_location(path: &std::path::Path) -> Option<Value> {
    let shown = super::slash_path(path);
    if shown.is_empty() {
        return None;
    }
    if path.is_absolute() || shown.starts_with('/') {
        // `/srv/site/a.md` → `file:///srv/site/a.md`; `C:/site/a.md` → `file:///C:/site/a.md`.
        let rooted = if shown.starts_with('/') {
            shown.clone()
        } else {
            format!("/{shown}")
        };
        let (drive, rest) = match rooted.get(1..3) {
            Some(d) if d.ends_with(':') => (&rooted[..3], &rooted[3..]),
            _ => ("", rooted.as_str()),
        };
        return Some(json!({
            "uri": format!("file://{drive}{}", utf8_percent_encode(rest, PATH)),
        }));
    }
    Some(json!({
        "uri": utf8_percent_encode(&shown, PATH).to_string(),
        "uriBaseId": "%SRCROOT%",
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn uris() {
        assert_eq!(
            artifact_location(Path::new("content/a b/ü#1.md")).unwrap(),
            json!({"uri": "content/a%20b/%C3%BC%231.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location(Path::new("/srv/site/a.md")).unwrap(),
            json!({"uri": "file:///srv/site/a.md"})
        );
        assert_eq!(artifact_location(Path::new("")), None);
    }
}
