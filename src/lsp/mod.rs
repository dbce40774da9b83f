//! `frontlint lsp`: a Language Server over stdio. The site is loaded once, at
//! `initialize`, by the same pipeline `check` runs ([`LiveSite`]); after that
//! each change (an editor's buffer, a file on disk) checks the one file again
//! and rebuilds the site index only when the change alters it. Diagnostics are
//! `check`'s, for the unsaved text of every open page.
//!
//! One file per feature: [`diagnostics`], [`definition`], [`references`],
//! [`hover`], [`completion`], [`code_actions`]; [`documents`] holds the open
//! buffers, [`position`] converts byte offsets to the protocol's positions.

mod code_actions;
mod completion;
mod config_file;
mod definition;
mod diagnostics;
mod documents;
mod hover;
mod position;
mod references;
mod schema_path;

use crate::check::live::LiveSite;
use documents::{path_of, Documents};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{notification as note, request as req, Url};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// Why the server stopped other than by `shutdown` then `exit`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LspError {
    #[error("initialize: {0}")]
    Initialize(#[from] lsp_server::ProtocolError),
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
    #[error("the client exited without asking to shut down")]
    ExitWithoutShutdown,
    #[error("the client closed the connection")]
    Closed,
}

/// Serve on stdin/stdout until the client says `exit`. `Err`: the
/// connection broke, or the client exited without `shutdown` first.
pub(crate) fn run() -> Result<(), LspError> {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(connection);
    // The writer thread ends once every sender is gone (they were, with the connection).
    let _ = io_threads.join();
    served
}

/// What the main loop waits for: the client, or the files on disk.
enum Event {
    Client(Message),
    /// The client closed its end of the connection.
    Closed,
    Disk(Vec<PathBuf>),
}

pub(crate) fn serve(connection: Connection) -> Result<(), LspError> {
    let (id, params) = connection.initialize_start()?;
    let params: lsp_types::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": {"name": "frontlint", "version": env!("CARGO_PKG_VERSION")},
    });
    connection.initialize_finish(id, result)?;
    let (tx, events) = mpsc::channel();
    let mut server = Server {
        sender: connection.sender.clone(),
        sites: Vec::new(),
        docs: Documents::default(),
        published: HashMap::new(),
        found: HashMap::new(),
        events: tx.clone(),
    };
    for root in roots_of(&params) {
        server.open_site(&root);
    }
    let receiver = connection.receiver.clone();
    std::thread::Builder::new()
        .name("frontlint-lsp-read".into())
        .spawn(move || {
            for m in receiver {
                if tx.send(Event::Client(m)).is_err() {
                    return;
                }
            }
            let _ = tx.send(Event::Closed);
        })
        .map_err(LspError::Thread)?;
    while let Ok(event) = events.recv() {
        match event {
            Event::Client(Message::Request(r)) => {
                if r.method == "shutdown" {
                    let _ = connection
                        .sender
                        .send(Response::new_ok(r.id, Value::Null).into());
                    wait_for_exit(&events, &connection.sender);
                    return Ok(());
                }
                server.request(r);
            }
            Event::Client(Message::Notification(n)) => {
                if n.method == note::Exit::METHOD {
                    return Err(LspError::ExitWithoutShutdown);
                }
                server.notification(n);
            }
            Event::Client(Message::Response(_)) => {}
            Event::Closed => break,
            Event::Disk(paths) => server.on_disk(paths),
        }
    }
    Err(LspError::Closed)
}

/// After `shutdown`, only `exit` is expected; requests get an error.
fn wait_for_exit(events: &mpsc::Receiver<Event>, sender: &crossbeam_sender::Sender) {
    while let Ok(e) = events.recv() {
        match e {
            Event::Client(Message::Notification(n)) if n.method == note::Exit::METHOD => return,
            Event::Client(Message::Request(r)) => {
                let _ = sender.send(
                    Response::new_err(
                        r.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    )
                    .into(),
                );
            }
            Event::Closed => break,
            _ => {}
        }
    }
}

fn capabilities() -> lsp_types::ServerCapabilities {
    use lsp_types::*;
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["(".into(), "/".into(), "#".into(), ":".into()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// The site roots: one for each workspace folder (each folder may be its own
/// Hugo site), else that of `rootUri`.
#[allow(deprecated)]
fn roots_of(params: &lsp_types::InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<Url> = match &params.workspace_folders {
        Some(f) if !f.is_empty() => f.iter().map(|f| f.uri.clone()).collect(),
        _ => params.root_uri.iter().cloned().collect(),
    };
    let mut roots: Vec<PathBuf> = folders
        .iter()
        .filter_map(path_of)
        .filter(|d| d.is_dir())
        .map(|d| crate::config::find_root(&d))
        .collect();
    roots.dedup();
    roots
}

/// One Hugo site the server serves: its root, and the site loaded (or why
/// it could not be).
struct Served {
    root: PathBuf,
    live: Option<LiveSite>,
    /// Why the site could not be loaded (a config error), when it could not.
    error: Option<String>,
}

struct Server {
    sender: crossbeam_sender::Sender,
    /// The sites served, in the order they were opened.
    sites: Vec<Served>,
    docs: Documents,
    /// What was last published for each file.
    published: HashMap<PathBuf, Vec<lsp_types::Diagnostic>>,
    /// The diagnostics found for each open page, with their fixes.
    found: HashMap<PathBuf, Vec<crate::diagnostic::Diagnostic>>,
    events: mpsc::Sender<Event>,
}

/// The sender type of `lsp-server`'s connection, named once.
mod crossbeam_sender {
    pub(super) type Sender = crossbeam_channel::Sender<lsp_server::Message>;
}

impl Server {
    /// Load (or load again) the site at `root`; a site opened the first time
    /// is watched from then on.
    fn open_site(&mut self, root: &Path) -> usize {
        let cwd = std::env::current_dir().unwrap_or_default();
        let (live, error) = match LiveSite::open(root, None, &cwd) {
            Ok(live) => (Some(live), None),
            Err(e) => (None, Some(e.to_string())),
        };
        match self.sites.iter().position(|s| s.root == root) {
            Some(s) => {
                self.sites[s].live = live;
                self.sites[s].error = error;
                s
            }
            None => {
                self.sites.push(Served {
                    root: root.to_path_buf(),
                    live,
                    error,
                });
                // Set up off this thread: watching every directory of a large
                // site takes a while, and the first diagnostics need none of it.
                watch(root.to_path_buf(), self.events.clone());
                self.sites.len() - 1
            }
        }
    }

    /// The site a file belongs to: the served site whose root holds it (the
    /// innermost, when roots nest).
    fn site_of(&self, path: &Path) -> Option<usize> {
        self.sites
            .iter()
            .enumerate()
            .filter(|(_, s)| path.starts_with(&s.root))
            .max_by_key(|(_, s)| s.root.components().count())
            .map(|(i, _)| i)
    }

    fn send(&self, m: impl Into<Message>) {
        let _ = self.sender.send(m.into());
    }

    fn request(&mut self, r: Request) {
        let id = r.id.clone();
        let method = r.method.clone();
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(r)));
        let response = match answer {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("frontlint failed on {method}"),
            ),
        };
        self.send(response);
    }

    fn answer(&mut self, r: Request) -> Result<Value, (ErrorCode, String)> {
        fn params<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(v).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        fn json(v: impl serde::Serialize) -> Result<Value, (ErrorCode, String)> {
            serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
        }
        use lsp_types::request::Request as _;
        match r.method.as_str() {
            req::GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(r.params)?;
                json(self.with_page(&p.text_document_position_params, |l, p, _| {
                    definition::find(l, p)
                }))
            }
            req::References::METHOD => {
                let p: lsp_types::ReferenceParams = params(r.params)?;
                let found = self.with_page(&p.text_document_position, references::find);
                json(found)
            }
            req::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(r.params)?;
                json(self.with_page(&p.text_document_position_params, |l, p, _| {
                    hover::find(l, p)
                }))
            }
            req::Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(r.params)?;
                json(self.with_page(&p.text_document_position, |l, p, _| completion::find(l, p)))
            }
            req::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(r.params)?;
                let doc = self.docs.by_uri(&p.text_document.uri);
                let actions = doc
                    .map(|d| {
                        let found = self.found.get(&d.path).map_or(&[][..], |v| v.as_slice());
                        code_actions::find(d, found, p.range)
                    })
                    .unwrap_or_default();
                json(actions)
            }
            m => Err((ErrorCode::MethodNotFound, format!("unknown method {m}"))),
        }
    }

    /// Run `f` on the open page at `at` (the page's position in the site and
    /// the offset of the cursor in its text); `None` when it is not a page of the site.
    fn with_page<R>(
        &mut self,
        at: &lsp_types::TextDocumentPositionParams,
        f: impl FnOnce(&mut LiveSite, Page<'_>, &Documents) -> Option<R>,
    ) -> Option<R> {
        let doc = self.docs.by_uri(&at.text_document.uri)?;
        let s = self.site_of(&doc.path)?;
        let live = self.sites[s].live.as_mut()?;
        let i = live.find(&doc.path)?;
        let offset = position::offset_of(&doc.text, at.position);
        f(
            live,
            Page {
                i,
                offset,
                text: &doc.text,
                uri: &doc.uri,
            },
            &self.docs,
        )
    }

    fn notification(&mut self, n: Notification) {
        let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.notify(n)));
        if handled.is_err() {
            self.log("frontlint failed on a notification; it goes on serving");
        }
    }

    fn notify(&mut self, n: Notification) {
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let d = p.text_document;
                if let Some(path) = self.docs.open(d.uri, d.version, d.text) {
                    if self.site_of(&path).is_none() {
                        // A page of a site no workspace folder holds: that site
                        // is served too (with no site yet, whatever holds it).
                        let start = path.parent().unwrap_or(Path::new("."));
                        let root = crate::config::find_root(start);
                        if self.sites.is_empty() || is_site_root(&root) {
                            self.open_site(&root);
                        }
                    }
                    self.changed(&path);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let d = p.text_document;
                if let Some(path) = self.docs.change(&d.uri, d.version, p.content_changes) {
                    self.changed(&path);
                }
            }
            note::DidSaveTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params)
                else {
                    return;
                };
                if let Some(path) = path_of(&p.text_document.uri) {
                    if let Some(s) = self.config_of(&path) {
                        self.reload(s);
                    }
                }
            }
            note::DidCloseTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                if let Some(doc) = self.docs.close(&p.text_document.uri) {
                    self.found.remove(&doc.path);
                    self.published.remove(&doc.path);
                    // The file is what is on disk again.
                    self.on_disk(vec![doc.path.clone()]);
                    self.publish_raw(doc.uri, Vec::new(), None);
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params)
                else {
                    return;
                };
                let paths = p.changes.iter().filter_map(|c| path_of(&c.uri)).collect();
                self.on_disk(paths);
            }
            _ => {}
        }
    }

    fn log(&self, message: &str) {
        let params = lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::WARNING,
            message: message.into(),
        };
        self.send(Notification::new(note::LogMessage::METHOD.into(), params));
    }

    /// The site of which `path` is `frontlint.toml` or a Hugo config file.
    fn config_of(&self, path: &Path) -> Option<usize> {
        (0..self.sites.len()).find(|&s| is_config(&self.sites[s].root, path))
    }

    /// Load site `s` again (its config changed), keeping the open buffers.
    fn reload(&mut self, s: usize) {
        let root = self.sites[s].root.clone();
        self.open_site(&root);
        if let Some(live) = &mut self.sites[s].live {
            let docs = &self.docs;
            live.rewalk(|p| docs.text_of(p));
        }
        self.publish_all(s, None);
    }
    /// An open document's text changed (or it was opened).
    fn changed(&mut self, path: &Path) {
        if path.file_name().and_then(|n| n.to_str()) == Some(crate::config::CONFIG_FILE) {
            self.publish_config(path);
            return;
        }
        let Some(doc) = self.docs.get(path) else {
            return;
        };
        let text = doc.text.clone();
        let Some(s) = self.site_of(path) else {
            self.publish_page(path, true);
            return;
        };
        let Some(live) = self.sites[s].live.as_mut() else {
            self.publish_page(path, true);
            return;
        };
        let change = match live.find(path) {
            Some(i) => live.update(i, Some(text)),
            None if live.is_content_path(path) => {
                // A new page the walk has not seen (not saved yet, or just made).
                let docs = &self.docs;
                live.rewalk(|p| docs.text_of(p));
                crate::check::live::Change {
                    index: true,
                    headings: true,
                }
            }
            None => {
                // Not a page of the site (a README, an excluded file): nothing to say.
                self.publish_page(path, true);
                return;
            }
        };
        self.publish_page(path, true);
        if change.reaches_others() {
            self.publish_all(s, Some(path));
        }
    }

    /// Files changed on disk. An open document keeps its buffer's text.
    fn on_disk(&mut self, paths: Vec<PathBuf>) {
        let mut reload = Vec::new();
        for p in &paths {
            if let Some(s) = self.config_of(p) {
                if p.file_name().and_then(|n| n.to_str()) == Some(crate::config::CONFIG_FILE)
                    && self.docs.get(p).is_none()
                {
                    self.publish_config(p);
                }
                reload.push(s);
            }
        }
        reload.sort_unstable();
        reload.dedup();
        for s in 0..self.sites.len() {
            if reload.contains(&s) {
                self.reload(s);
            } else {
                let mine = paths
                    .iter()
                    .filter(|p| self.site_of(p) == Some(s))
                    .cloned()
                    .collect();
                self.on_disk_of(s, mine);
            }
        }
    }

    /// Files of site `s` changed on disk.
    fn on_disk_of(&mut self, s: usize, paths: Vec<PathBuf>) {
        let Some(live) = self.sites[s].live.as_mut() else {
            return;
        };
        let mut any = false;
        let mut walk = false;
        for p in paths {
            if self.docs.get(&p).is_some() {
                continue;
            }
            match live.find(&p) {
                Some(i) if p.is_file() => {
                    any |= live.update(i, None).reaches_others();
                }
                Some(_) => walk = true,
                None => walk |= live.is_content_path(&p) && p.is_file(),
            }
        }
        if walk {
            let docs = &self.docs;
            live.rewalk(|p| docs.text_of(p));
            any = true;
        }
        if any {
            self.publish_all(s, None);
        }
    }

    /// Publish the diagnostics of every open page of site `s` but `except`,
    /// when they changed.
    fn publish_all(&mut self, s: usize, except: Option<&Path>) {
        let paths: Vec<PathBuf> = self
            .docs
            .iter()
            .map(|d| d.path.clone())
            .filter(|p| Some(p.as_path()) != except && self.site_of(p) == Some(s))
            .collect();
        for p in paths {
            self.publish_page(&p, false);
        }
    }

    /// Publish an open page's diagnostics (`always`: even when they are what
    /// was published last).
    fn publish_page(&mut self, path: &Path, always: bool) {
        let Some(doc) = self.docs.get(path) else {
            return;
        };
        if path.file_name().and_then(|n| n.to_str()) == Some(crate::config::CONFIG_FILE) {
            return;
        }
        let site = self.site_of(path);
        let live = site.and_then(|s| self.sites[s].live.as_mut());
        let found = match live {
            Some(live) => match live.find(path) {
                Some(i) => live.diagnostics(i),
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        let lsp = found
            .iter()
            .map(|d| diagnostics::to_lsp(d, &doc.text))
            .collect::<Vec<_>>();
        self.found.insert(path.to_path_buf(), found);
        if !always && self.published.get(path) == Some(&lsp) {
            return;
        }
        let (uri, version) = (doc.uri.clone(), doc.version);
        self.published.insert(path.to_path_buf(), lsp.clone());
        self.publish_raw(uri, lsp, Some(version));
    }

    /// Publish `frontlint.toml`'s errors: of its buffer when it is open, else
    /// of the file (and of loading the site, when that failed).
    fn publish_config(&mut self, path: &Path) {
        let (uri, text, version) = match self.docs.get(path) {
            Some(d) => (d.uri.clone(), d.text.clone(), Some(d.version)),
            None => match Url::from_file_path(path) {
                Ok(uri) => (uri, std::fs::read_to_string(path).unwrap_or_default(), None),
                Err(()) => return,
            },
        };
        let error = self
            .site_of(path)
            .and_then(|s| self.sites[s].error.as_deref());
        let ds = config_file::diagnostics(path, &text, error);
        self.publish_raw(uri, ds, version);
    }

    fn publish_raw(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = lsp_types::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            note::PublishDiagnostics::METHOD.into(),
            params,
        ));
    }
}

/// Whether `path` is `frontlint.toml` or a Hugo config file of the site at `root`.
fn is_config(root: &Path, path: &Path) -> bool {
    let in_root = path.parent() == Some(root);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let hugo_config = ["hugo.", "config."].iter().any(|p| {
        name.starts_with(p)
            && (name.ends_with(".toml")
                || name.ends_with(".yaml")
                || name.ends_with(".yml")
                || name.ends_with(".json"))
    });
    (in_root && (name == crate::config::CONFIG_FILE || hugo_config))
        || path.starts_with(root.join("config"))
}

/// Whether `dir` holds a site's config (`frontlint.toml` or Hugo's).
fn is_site_root(dir: &Path) -> bool {
    dir.join(crate::config::CONFIG_FILE).is_file() || crate::hugo::config::has_config(dir)
}

/// An open page, and where the cursor is in it.
pub(crate) struct Page<'a> {
    /// Its position among the site's files.
    pub i: usize,
    /// The cursor's byte offset in `text`.
    pub offset: usize,
    pub text: &'a str,
    pub uri: &'a Url,
}

/// Watch the site's files from a thread of its own (set up there too),
/// sending each settled burst of changes as one event. The watcher lives
/// as long as the server listens.
fn watch(root: PathBuf, events: mpsc::Sender<Event>) {
    let spawned = std::thread::Builder::new()
        .name("frontlint-lsp-watch".into())
        .spawn(move || {
            use notify::Watcher;
            let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
            let Ok(mut watcher) = notify::recommended_watcher(move |e| {
                let _ = tx.send(e);
            }) else {
                return;
            };
            if watcher
                .watch(&root, notify::RecursiveMode::Recursive)
                .is_err()
            {
                return;
            }
            let paths_of = |e: notify::Result<notify::Event>| -> Vec<PathBuf> {
                match e {
                    Ok(ev) if !ev.kind.is_access() => ev
                        .paths
                        .into_iter()
                        .filter(|p| crate::watch::relevant(p))
                        .collect(),
                    _ => Vec::new(),
                }
            };
            while let Ok(first) = rx.recv() {
                let mut paths = paths_of(first);
                while let Ok(e) = rx.recv_timeout(crate::watch::SETTLE) {
                    paths.extend(paths_of(e));
                }
                paths.sort();
                paths.dedup();
                let paths: Vec<PathBuf> = paths
                    .into_iter()
                    .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
                    .collect();
                if !paths.is_empty() && events.send(Event::Disk(paths)).is_err() {
                    break;
                }
            }
        });
    // Without a thread the server still serves; changes come from the client's file events.
    drop(spawned);
}
