//! frontlint: a linter for Hugo-style front matter.
//!
//! Data flows one way: walk → load → index → check → report.

pub mod diagnostic;
pub mod hugo;
pub mod links;
pub mod load;
pub mod source;
