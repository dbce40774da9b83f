//! Command-line interface: argument parsing and exit codes. All logic lives in the library.

use crate::check::{self, Request};
use crate::diagnostic::Diagnostic;
use crate::fix::{Fix, Safety};
use crate::report;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "frontlint",
    version,
    about = "Lint Hugo front matter: JSON Schema validation with exact lines and columns."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}

/// How `frontlint site` prints the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SiteFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check pages: a site root, directories inside it, or single files (default `.`).
    Check {
        #[command(flatten)]
        args: CheckArgs,
        /// Keep running: re-check and reprint the diagnostics whenever a file of the site changes.
        #[arg(long, short = 'w', conflicts_with = "fix")]
        watch: bool,
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
    /// Print the site as frontlint sees it: languages, where each one's content
    /// and the static files come from, and the mounts behind them.
    Site {
        path: Option<PathBuf>,
        /// Output format: text for people, json for tools.
        #[arg(long, value_enum, default_value_t = SiteFormat::Text)]
        format: SiteFormat,
    },
    /// List every diagnostic code with its default severity.
    Rules,
    /// Explain a diagnostic code: what it checks, why it matters, an example and its fix.
    Explain {
        /// A code from `frontlint rules`, e.g. yaml-tab.
        code: String,
    },
    /// Serve as a language server over stdin and stdout (for editors: see docs/editors.md).
    Lsp,
    /// Print a shell completion script (e.g. `frontlint completions bash > /etc/bash_completion.d/frontlint`).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
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

/// Why a command could not do its job (exit 2), printed as `frontlint: …`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error(transparent)]
    Check(#[from] crate::check::CheckError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Watch(#[from] crate::watch::WatchError),
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
    #[error("cannot write {}: {source}", .path.display())]
    WriteReport {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    WriteConfig {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} already exists (use --force to overwrite)", .0.display())]
    ConfigExists(PathBuf),
    #[error("nothing to watch")]
    NothingToWatch,
    #[error("{}: no such file or directory", .0.display())]
    NoSuchPath(PathBuf),
    #[error("no built-in schema \"{name}\"{hint} (see `frontlint schemas`)")]
    NoSuchSchema { name: String, hint: String },
    #[error("no rule \"{code}\"{hint} (see `frontlint rules`)")]
    NoSuchRule { code: String, hint: String },
    #[error("cannot write the site model as JSON: {0}")]
    SiteJson(serde_json::Error),
    /// The site's Hugo config cannot be read.
    #[error(transparent)]
    Hugo(#[from] crate::hugo::config::HugoConfigError),
    /// No content file was found: where they were looked for.
    #[error("{0}")]
    NoContent(String),
}

fn write_stdout(s: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Output(e)),
    }
}

pub(crate) fn run(cli: Cli) -> Result<u8, CliError> {
    match cli.command {
        Command::Check { args, watch: false } => run_check(&args),
        Command::Check { args, watch: true } => run_watch(&args),
        Command::Init { force } => run_init(force),
        Command::Schemas { name: None } => run_schemas(),
        Command::Schemas { name: Some(name) } => run_schema(&name),
        Command::Urls { path } => run_urls(path),
        Command::Site { path, format } => run_site(path, format),
        Command::Rules => run_rules(),
        Command::Explain { code } => run_explain(&code),
        // The protocol's exit codes: 0 after `shutdown`, 1 otherwise.
        Command::Lsp => run_lsp(),
        Command::Completions { shell } => run_completions(shell),
    }
}

/// `frontlint check --watch`: a check of every site given, again after each change.
fn run_watch(args: &CheckArgs) -> Result<u8, CliError> {
    let roots: Vec<PathBuf> = {
        let mut r: Vec<PathBuf> = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        }
        .iter()
        .filter(|p| p.exists())
        .map(|p| crate::config::find_root(p))
        .collect();
        r.sort();
        r.dedup();
        r
    };
    if roots.is_empty() {
        return Err(CliError::NothingToWatch);
    }
    let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    eprintln!(
        "frontlint: watching {} for changes; Ctrl-C to stop",
        shown.join(", ")
    );
    let terminal = std::io::stdout().is_terminal();
    let mut first = true;
    crate::watch::watch(&roots, || {
        // Each run starts on a clean screen (a terminal) or after a
        // blank line (a pipe), under the time it started.
        if terminal {
            print!("\x1b[2J\x1b[H");
        } else if !first {
            println!();
        }
        first = false;
        println!("[{}] frontlint check", crate::watch::clock());
        let _ = std::io::stdout().flush();
        if let Err(e) = run_check(args) {
            eprintln!("frontlint: {e}");
        }
    })?;
    Ok(0)
}

/// `frontlint init`: a starter `frontlint.toml`.
fn run_init(force: bool) -> Result<u8, CliError> {
    let path = PathBuf::from(crate::config::CONFIG_FILE);
    if path.exists() && !force {
        return Err(CliError::ConfigExists(path));
    }
    std::fs::write(&path, crate::config::STARTER).map_err(|source| CliError::WriteConfig {
        path: path.clone(),
        source,
    })?;
    write_stdout(&format!("wrote {}\n", path.display()))?;
    Ok(0)
}

/// `frontlint schemas`: the built-in schemas, one a line.
fn run_schemas() -> Result<u8, CliError> {
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

/// `frontlint schemas NAME`: one built-in schema's text.
fn run_schema(name: &str) -> Result<u8, CliError> {
    let name = name.strip_prefix("builtin:").unwrap_or(name);
    match crate::schema::builtin::get(name) {
        Some(text) => {
            write_stdout(text)?;
            Ok(0)
        }
        None => {
            let hint = crate::suggest::did_you_mean(name, crate::schema::builtin::names())
                .map(|s| format!("; did you mean \"{s}\"?"))
                .unwrap_or_default();
            Err(CliError::NoSuchSchema {
                name: name.to_string(),
                hint,
            })
        }
    }
}

/// `frontlint urls`: every page's URL, as `hugo list all` gives them.
fn run_urls(path: Option<PathBuf>) -> Result<u8, CliError> {
    let path = path.unwrap_or_else(|| PathBuf::from("."));
    if !path.exists() {
        return Err(CliError::NoSuchPath(path));
    }
    let root = crate::config::find_root(&path);
    // The pages `hugo list all` lists (not those a `build.list`
    // option keeps out of lists).
    // Files are read as `check` reads them: a big file only up to
    // where its front matter can end (the site's `[limits]`).
    let limits = crate::config::Site::load(&root, None)?.config.limits;
    let (mut urls, _) = crate::hugo::list::list_urls_within(&root, &limits)?;
    urls.retain(|p| p.listed);
    write_stdout(&crate::hugo::format_urls(&urls))?;
    Ok(0)
}

/// `frontlint site`: the model of the site frontlint works from.
fn run_site(path: Option<PathBuf>, format: SiteFormat) -> Result<u8, CliError> {
    let path = path.unwrap_or_else(|| PathBuf::from("."));
    if !path.exists() {
        return Err(CliError::NoSuchPath(path));
    }
    let root = crate::config::find_root(&path);
    let site = crate::config::Site::load(&root, None)?;
    let mut model = crate::hugo::model::SiteModel::of(&root, &site.hugo);
    let rules =
        crate::links::render_hook::LinkRules::find(&root, &site.hugo, site.config.links.resolve);
    model.add_section("links", rules.describe(&root));
    let out = match format {
        SiteFormat::Text => model.render(),
        SiteFormat::Json => {
            let mut json = serde_json::to_string_pretty(&model).map_err(CliError::SiteJson)?;
            json.push('\n');
            json
        }
    };
    write_stdout(&out)?;
    Ok(0)
}

/// `frontlint rules`: every rule with its default level and summary.
fn run_rules() -> Result<u8, CliError> {
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

/// `frontlint explain CODE`.
fn run_explain(code: &str) -> Result<u8, CliError> {
    match crate::rules::get(code) {
        Some(r) => {
            write_stdout(&explain(r))?;
            Ok(0)
        }
        None => {
            let hint = crate::suggest::did_you_mean(code, crate::rules::codes())
                .map(|s| format!("; did you mean \"{s}\"?"))
                .unwrap_or_default();
            Err(CliError::NoSuchRule {
                code: code.to_string(),
                hint,
            })
        }
    }
}

/// `frontlint lsp`: the language server on stdin and stdout.
fn run_lsp() -> Result<u8, CliError> {
    match crate::lsp::run() {
        Ok(()) => Ok(0),
        Err(e) => {
            eprintln!("frontlint lsp: {e}");
            Ok(1)
        }
    }
}

/// `frontlint completions SHELL`.
fn run_completions(shell: clap_complete::Shell) -> Result<u8, CliError> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "frontlint", &mut buf);
    write_stdout(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}

/// `frontlint explain CODE`: a header line, then the rule's documentation.
pub fn explain(r: &crate::rules::Rule) -> String {
    let mut s = format!("{} ({} by default)\n\n", r.code, r.default.as_str());
    s.push_str(r.doc);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// `--format` of `frontlint check`: the report formats, named and described
/// for the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormatArg {
    /// Snippets with the offending span underlined, and a summary line.
    Human,
    /// One line per diagnostic: `path:line:col: severity[code]: message`.
    Short,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`): annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for code scanning (e.g. GitHub's upload-sarif).
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
}

impl From<ReportFormatArg> for report::ReportFormat {
    fn from(f: ReportFormatArg) -> Self {
        match f {
            ReportFormatArg::Human => report::ReportFormat::Human,
            ReportFormatArg::Short => report::ReportFormat::Short,
            ReportFormatArg::Json => report::ReportFormat::Json,
            ReportFormatArg::Github => report::ReportFormat::Github,
            ReportFormatArg::Sarif => report::ReportFormat::Sarif,
            ReportFormatArg::Junit => report::ReportFormat::Junit,
        }
    }
}

/// The options of `frontlint check` (all but `--watch`).
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Human)]
    format: ReportFormatArg,
    /// When to use colour (human format): auto = only on a terminal with NO_COLOR unset.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Use this config file instead of the site's frontlint.toml.
    #[arg(long, env = "FRONTLINT_CONFIG")]
    config: Option<PathBuf>,
    /// Write the report to FILE instead of standard output (e.g. a SARIF file to upload).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Print only the diagnostics: no summary line, and nothing at all when there are none.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Exit 1 when there are more than N warnings, even with no errors.
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// Neither read nor write the content cache.
    #[arg(long)]
    no_cache: bool,
    /// Keep the content cache in DIR (default: .frontlint_cache/ at the site root).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Also report the pages whose links a change since the last commit breaks
    /// (a page renamed, moved or deleted, a slug, url or aliases changed, a
    /// heading removed), as git sees it; for a pre-commit hook. With no paths,
    /// only those pages.
    #[arg(long)]
    dependents: bool,
    /// Apply the safe fixes the diagnostics offer, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix: print the fixes as a unified diff and change no file
    /// (exit 1 when there is a fix to make).
    #[arg(long, requires = "fix")]
    diff: bool,
    /// With --fix: apply the unsafe fixes too (likely guesses: review them).
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
}

/// Why a run that found no content file could not do its job: what was
/// looked for, and where.
fn no_content(searched: &[check::Searched]) -> String {
    let exts = crate::walk::CONTENT_EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut places = Vec::new();
    for s in searched {
        let dirs = s
            .content_dirs
            .iter()
            .map(|(d, exists)| {
                let shown = if d.as_os_str().is_empty() {
                    ".".into()
                } else {
                    d.display().to_string()
                };
                if *exists {
                    shown
                } else {
                    format!("{shown} (no such directory)")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let root = if s.root.as_os_str().is_empty() {
            ".".into()
        } else {
            s.root.display().to_string()
        };
        let given = s
            .dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        places.push(if !given.is_empty() {
            format!("in {given} (the content of the site at {root} is {dirs})")
        } else if s.is_site {
            format!("in {dirs} (the content of the site at {root})")
        } else {
            format!(
                "in {dirs}; {root} is not a Hugo site (no hugo.toml, hugo.yaml, hugo.json, config.toml, \
                 config/_default/ or frontlint.toml there or above)"
            )
        });
    }
    format!(
        "no content files ({exts}) found {}: give the root of a Hugo site or a directory inside its content dir",
        places.join("; ")
    )
}

/// The fixes to make together in one file: of each diagnostic, its first
/// fix of an allowed safety; of those, the ones that fit the text and
/// overlap none taken before them (in file order).
fn chosen_fixes<'a>(text: &str, diagnostics: &'a [Diagnostic], unsafe_too: bool) -> Vec<&'a Fix> {
    let offered = diagnostics.iter().filter_map(|d| {
        d.fixes
            .iter()
            .find(|f| f.safety == Safety::Safe || unsafe_too)
    });
    crate::fix::compatible(text, offered)
}

/// A file's text with its chosen fixes made.
#[derive(Debug)]
pub struct Fixed {
    /// The file, as the report shows it.
    pub path: PathBuf,
    /// Its text when it was checked.
    pub before: Arc<String>,
    pub after: String,
    /// How many fixes made the difference.
    pub count: usize,
}

/// What `--fix` would change, file by file (`unsafe_too`: unsafe fixes too).
pub fn fixed_files(outcome: &check::Outcome, unsafe_too: bool) -> Vec<Fixed> {
    outcome
        .files
        .iter()
        .filter_map(|f| {
            let text = f.text.as_ref()?;
            let fixes = chosen_fixes(text, &f.diagnostics, unsafe_too);
            (!fixes.is_empty()).then(|| Fixed {
                path: f.path.clone(),
                before: text.clone(),
                after: crate::fix::apply(text, &fixes),
                count: fixes.len(),
            })
        })
        .collect()
}

/// `--fix --diff`: the diff of every file a fix would change; nothing is written.
fn print_diff(fixed: &[Fixed]) -> Result<u8, CliError> {
    let mut out = String::new();
    for f in fixed {
        let shown = report::slash_path(&f.path);
        out.push_str(&crate::fix::unified_diff(&shown, &f.before, &f.after));
    }
    write_stdout(&out)?;
    let count: usize = fixed.iter().map(|f| f.count).sum();
    eprintln!(
        "frontlint: {count} fix{} to make in {} file{} (--diff: no file changed)",
        if count == 1 { "" } else { "es" },
        fixed.len(),
        if fixed.len() == 1 { "" } else { "s" }
    );
    Ok(u8::from(!fixed.is_empty()))
}

/// `--fix`: write each fixed file, unless it changed on disk since it was
/// read (then it is left alone and the user told). Returns how many files were written.
pub fn write_fixed(fixed: &[Fixed]) -> usize {
    let mut written = 0;
    for f in fixed {
        let shown = f.path.display();
        match std::fs::read(&f.path) {
            Ok(now) if now == f.before.as_bytes() => {}
            Ok(_) => {
                eprintln!("frontlint: {shown} changed since it was checked; not fixed (run again)");
                continue;
            }
            Err(e) => {
                eprintln!("frontlint: cannot read {shown} again: {e}; not fixed");
                continue;
            }
        }
        if let Err(e) = std::fs::write(&f.path, &f.after) {
            eprintln!("frontlint: cannot write {shown}: {e}");
            continue;
        }
        written += 1;
        eprintln!(
            "frontlint: {shown}: {} fix{} applied",
            f.count,
            if f.count == 1 { "" } else { "es" }
        );
    }
    written
}

/// One check run: report, then the exit code.
fn run_check(args: &CheckArgs) -> Result<u8, CliError> {
    let request = Request {
        paths: args.paths.clone(),
        config: args.config.clone(),
        no_cache: args.no_cache,
        cache_dir: args.cache_dir.clone(),
        dependents: args.dependents,
        ..Default::default()
    };
    let mut outcome = check::run(&request)?;
    if args.fix {
        let fixed = fixed_files(&outcome, args.unsafe_fixes);
        if args.diff {
            return print_diff(&fixed);
        }
        // What remains is what a new check finds: a fix can mend other
        // diagnostics too (a key renamed), or a file may not have been written.
        if write_fixed(&fixed) > 0 {
            outcome = check::run(&request)?;
        }
    }
    for note in &outcome.notes {
        eprintln!("frontlint: {note}");
    }
    let (format, quiet, max_warnings, output) =
        (args.format, args.quiet, args.max_warnings, &args.output);
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        // A file is never a terminal: no colour codes in `--output` files.
        Color::Auto => {
            output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    if outcome.files_checked == 0
        && args.paths.iter().all(|p| p.is_dir())
        && !(args.dependents && args.paths.is_empty())
    {
        // A gate pointed at the wrong directory must not pass forever.
        return Err(CliError::NoContent(no_content(&outcome.searched)));
    }
    // Snippets wrap at the width of the terminal stdout is; a file or a pipe
    // gets a fixed one (whatever stderr is).
    let width = output
        .is_none()
        .then(|| terminal_size::terminal_size_of(std::io::stdout()))
        .flatten()
        .map(|(w, _)| usize::from(w.0).max(40));
    let text = report::render(
        &outcome,
        format.into(),
        report::Options {
            color,
            quiet,
            width,
        },
    );
    match &output {
        Some(path) => std::fs::write(path, text).map_err(|source| CliError::WriteReport {
            path: path.clone(),
            source,
        })?,
        None => write_stdout(&text)?,
    }
    if outcome.errors > 0 {
        return Ok(1);
    }
    match max_warnings {
        Some(max) if outcome.warnings > max => {
            if !quiet {
                eprintln!(
                    "frontlint: {} warning{}, more than --max-warnings {max}",
                    outcome.warnings,
                    if outcome.warnings == 1 { "" } else { "s" }
                );
            }
            Ok(1)
        }
        _ => Ok(0),
    }
}
