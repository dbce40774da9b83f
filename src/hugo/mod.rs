//! Hugo's own rules: its configuration files and how it computes page URLs.

pub mod config;

pub use config::HugoConfig;
