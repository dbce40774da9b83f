//! frontlint: a linter for Hugo-style front matter.
//!
//! Data flows one way: walk → load → index → check → report.
#![warn(unreachable_pub)]

pub(crate) mod base;
pub(crate) mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub(crate) mod git_ignored;
pub mod hugo;
pub mod links;
pub mod load;
pub(crate) mod lsp;
pub(crate) mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub(crate) mod suggest;
pub(crate) mod timings;
pub mod types;
pub(crate) mod walk;
pub(crate) mod watch;
