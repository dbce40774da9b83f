//! frontlint: a linter for Hugo-style front matter.
//!
//! Data flows one way: walk → load → index → check → report.

pub mod base;
pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod hugo;
pub mod links;
pub mod load;
pub mod lsp;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod timings;
pub mod types;
pub mod walk;
pub mod watch;
