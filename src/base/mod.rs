//! Small helpers every stage may use; they depend on nothing else of the crate.

pub(crate) mod glob;
pub(crate) mod hash;
pub(crate) mod keys;
pub(crate) mod paths;
pub(crate) mod toml_errors;
