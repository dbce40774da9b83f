//! Loading a page: read it, split off the front matter, parse it with spans.

pub mod front_matter;
pub mod tree;
pub mod yaml;
