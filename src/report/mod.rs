//! Renderers: one per output format, all fed by the same [`Outcome`].

pub mod human;
pub mod json;
pub mod short;

use crate::check::Outcome;

/// Output formats of `frontlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Snippets with the offending span underlined, and a summary line.
    Human,
    /// One line per diagnostic: `path:line:col: severity[code]: message`.
    Short,
    /// One JSON document.
    Json,
}

/// Render `outcome` in `format`. `color` only affects `human`.
pub fn render(outcome: &Outcome, format: Format, color: bool) -> String {
    match format {
        Format::Human => human::render(outcome, color),
        Format::Short => short::render(outcome),
        Format::Json => json::render(outcome),
    }
}
