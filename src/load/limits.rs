//! Bounds on what one file may cost: the `[limits]` of `frontlint.toml`,
//! and the part of them a front matter parser enforces.

use serde::Deserialize;

/// Bounds on what one file may cost.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest content file read, in bytes.
    pub max_file_size: u64,
    /// Largest front matter block parsed, in bytes.
    pub max_front_matter_size: usize,
    /// Deepest nesting of mappings and lists in front matter.
    pub max_depth: usize,
    /// Most values a front matter document may have, values YAML aliases
    /// copy in included (rules `too-many-values`, `alias-limit`).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 16 * 1024 * 1024,
            max_front_matter_size: 1024 * 1024,
            max_depth: 64,
            max_nodes: 100_000,
        }
    }
}

/// Bounds on what one front matter document may cost.
#[derive(Debug, Clone, Copy)]
pub struct TreeLimits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for TreeLimits {
    fn default() -> Self {
        TreeLimits {
            max_depth: 64,
            max_nodes: 100_000,
        }
    }
}

impl Limits {
    /// The bounds a front matter parser enforces.
    pub fn tree(&self) -> TreeLimits {
        TreeLimits {
            max_depth: self.max_depth,
            max_nodes: self.max_nodes,
        }
    }
}
