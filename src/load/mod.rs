//! Loading a page: read it, split off the front matter, parse it with spans.

pub mod front_matter;
pub mod json_front_matter;
pub(crate) mod limits;
pub mod page;
mod scalar;
pub mod toml_front_matter;
pub use crate::types::tree;
pub mod yaml;
mod yaml_explain;
mod yaml_flow_indent;
mod yaml_simple;
