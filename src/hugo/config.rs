//! Reading Hugo's site configuration (`hugo.toml|yaml|json`, `config.*`, `config/_default/`).

use std::path::{Path, PathBuf};

/// Config file names Hugo looks for at the site root, in Hugo's order of preference.
pub const CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// The parts of a Hugo site's configuration frontlint uses.
#[derive(Debug, Clone)]
pub struct HugoConfig {
    /// Content directory relative to the site root (`contentDir`, default `content`).
    pub content_dir: String,
    /// The merged configuration as JSON, keys as written.
    pub raw: serde_json::Value,
}

impl Default for HugoConfig {
    fn default() -> Self {
        HugoConfig {
            content_dir: "content".into(),
            raw: serde_json::Value::Object(Default::default()),
        }
    }
}

/// Whether `dir` holds a Hugo configuration.
pub fn has_config(dir: &Path) -> bool {
    CONFIG_FILES.iter().any(|f| dir.join(f).is_file()) || dir.join("config/_default").is_dir()
}

/// The root config file in `dir`, if any.
pub fn config_file(dir: &Path) -> Option<PathBuf> {
    CONFIG_FILES
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
}

impl HugoConfig {
    /// Load the configuration of the site at `root`. A site without any Hugo
    /// config gets the defaults. A config that cannot be parsed is an error.
    pub fn load(root: &Path) -> Result<HugoConfig, String> {
        let mut raw = serde_json::Map::new();
        if let Some(file) = config_file(root) {
            merge_file(&mut raw, &file)?;
        }
        let default_dir = root.join("config/_default");
        if default_dir.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&default_dir)
                .map_err(|e| format!("{}: {e}", default_dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("toml" | "yaml" | "yml" | "json")
                    )
                })
                .collect();
            files.sort();
            for f in files {
                let stem = f
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string();
                if stem == "hugo" || stem == "config" {
                    merge_file(&mut raw, &f)?;
                } else {
                    let mut sub = serde_json::Map::new();
                    merge_file(&mut sub, &f)?;
                    raw.entry(stem).or_insert(serde_json::Value::Object(sub));
                }
            }
        }
        let content_dir = raw
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("contentDir"))
            .and_then(|(_, v)| v.as_str())
            .unwrap_or("content")
            .to_string();
        Ok(HugoConfig {
            content_dir,
            raw: serde_json::Value::Object(raw),
        })
    }
}

fn merge_file(
    into: &mut serde_json::Map<String, serde_json::Value>,
    file: &Path,
) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let value: serde_json::Value = match file.extension().and_then(|e| e.to_str()) {
        Some("toml") => toml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?,
        Some("json") => {
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?
        }
        _ => {
            crate::load::yaml::parse_plain(&text).map_err(|e| format!("{}: {e}", file.display()))?
        }
    };
    if let serde_json::Value::Object(m) = value {
        for (k, v) in m {
            into.entry(k).or_insert(v);
        }
    }
    Ok(())
}
