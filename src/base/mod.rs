//! Small helpers every stage may use; they depend on nothing else of the crate.

pub mod glob;
pub mod hash;
pub mod keys;
pub mod paths;
pub mod toml_errors;
