//! Command-line interface: argument parsing and exit codes. All logic lives in the library.

use crate::check::{self, Request};
use crate::report::{self, Format};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "frontlint",
    version,
    about = "Lint Hugo front matter: JSON Schema validation with exact lines and columns."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check pages: a site root, directories inside it, or single files (default `.`).
    Check {
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// When to use colour (human format): auto = only on a terminal with NO_COLOR unset.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// Use this config file instead of the site's frontlint.toml.
        #[arg(long, env = "FRONTLINT_CONFIG")]
        config: Option<PathBuf>,
    },
    /// Write a commented starter frontlint.toml in the current directory.
    Init {
        /// Overwrite an existing frontlint.toml.
        #[arg(long)]
        force: bool,
    },
    /// List the built-in schemas, or print one.
    Schemas { name: Option<String> },
    /// Print every page's URL (content path, tab, URL, then aliases), as Hugo computes it.
    Urls { path: Option<PathBuf> },
    /// List every diagnostic code with its default severity.
    Rules,
}

/// Run the CLI; returns the process exit code (0 clean, 1 errors found, 2 could not run).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("frontlint: {msg}");
            ExitCode::from(2)
        }
    }
}

fn write_stdout(s: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

pub fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Check {
            paths,
            format,
            color,
            config,
        } => {
            let outcome = check::run(&Request {
                paths,
                config,
                ..Default::default()
            })?;
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            write_stdout(&report::render(&outcome, format, color))?;
            Ok(if outcome.errors > 0 { 1 } else { 0 })
        }
        Command::Init { force } => {
            let path = PathBuf::from(crate::config::CONFIG_FILE);
            if path.exists() && !force {
                return Err(format!(
                    "{} already exists (use --force to overwrite)",
                    path.display()
                ));
            }
            std::fs::write(&path, crate::config::STARTER)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            write_stdout(&format!("wrote {}\n", path.display()))?;
            Ok(0)
        }
        Command::Schemas { name: None } => {
            let mut s = String::new();
            for name in crate::schema::builtin::names() {
                s.push_str(&format!(
                    "{name}\t{}\n",
                    crate::schema::builtin::description(name)
                ));
            }
            write_stdout(&s)?;
            Ok(0)
        }
        Command::Schemas { name: Some(name) } => {
            let name = name.strip_prefix("builtin:").unwrap_or(&name);
            match crate::schema::builtin::get(name) {
                Some(text) => {
                    write_stdout(text)?;
                    Ok(0)
                }
                None => {
                    let hint = crate::suggest::did_you_mean(name, crate::schema::builtin::names())
                        .map(|s| format!("; did you mean \"{s}\"?"))
                        .unwrap_or_default();
                    Err(format!(
                        "no built-in schema \"{name}\"{hint} (see `frontlint schemas`)"
                    ))
                }
            }
        }
        Command::Urls { path } => {
            let path = path.unwrap_or_else(|| PathBuf::from("."));
            if !path.exists() {
                return Err(format!("{}: no such file or directory", path.display()));
            }
            let root = crate::config::find_root(&path);
            let urls = crate::hugo::list_urls(&root)?;
            write_stdout(&crate::hugo::format_urls(&urls))?;
            Ok(0)
        }
        Command::Rules => {
            let mut s = String::new();
            for r in crate::rules::RULES {
                s.push_str(&format!(
                    "{:<28}{:<9}{}\n",
                    r.code,
                    r.default.as_str(),
                    r.summary
                ));
            }
            write_stdout(&s)?;
            Ok(0)
        }
    }
}
