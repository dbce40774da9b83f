//! `frontlint lsp` driven by a scripted JSON-RPC client, as an editor drives
//! it: initialize, open, change, diagnostics, definition, hover, completion,
//! references, code actions, shutdown and exit; and, on every fixture site,
//! the same diagnostics as `check --format json`.

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Long enough for any machine; only a hung server reaches it.
const HANG: Duration = Duration::from_secs(120);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap();
    let mut s = String::from("file://");
    for part in path.to_string_lossy().split('/').skip(1) {
        s.push('/');
        s.push_str(&percent(part));
    }
    s
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A language client over the server's stdin and stdout.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
    /// The last diagnostics published for each URI.
    diagnostics: HashMap<String, Vec<Value>>,
    /// How many times diagnostics were published for each URI.
    published: HashMap<String, usize>,
}

impl Client {
    fn start(root: &Path) -> Client {
        Client::start_with(
            root,
            json!({"processId": null, "rootUri": uri(root), "capabilities": {}}),
        )
    }

    /// Start the server in `cwd` and initialize it with `params`.
    fn start_with(cwd: &Path, params: Value) -> Client {
        let root = cwd;
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontlint"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.unwrap()];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            stdin: child.stdin.take(),
            child,
            messages,
            next_id: 0,
            diagnostics: HashMap::new(),
            published: HashMap::new(),
        };
        let init = c.request("initialize", params);
        let caps = &init["result"]["capabilities"];
        for cap in [
            "definitionProvider",
            "referencesProvider",
            "hoverProvider",
            "completionProvider",
            "codeActionProvider",
        ] {
            assert!(!caps[cap].is_null(), "{cap} in {caps}");
        }
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// One message from the server; notifications of diagnostics are recorded.
    fn next(&mut self) -> Value {
        let m = self
            .messages
            .recv_timeout(HANG)
            .expect("the server answers");
        if m["method"] == "textDocument/publishDiagnostics" {
            let uri = m["params"]["uri"].as_str().unwrap().to_string();
            let ds = m["params"]["diagnostics"].as_array().unwrap().clone();
            *self.published.entry(uri.clone()).or_default() += 1;
            self.diagnostics.insert(uri, ds);
        }
        m
    }

    /// Send a request and wait for its response (the whole message).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.next();
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
        }
    }

    /// Wait until every message sent before now has been read: the server
    /// answers in order, so a response comes after them.
    fn sync(&mut self) {
        self.request("frontlint/sync", json!({}));
    }

    fn open(&mut self, path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        self.open_text(path, &text)
    }

    fn open_text(&mut self, path: &Path, text: &str) -> String {
        let u = uri(path);
        let lang = if path.extension().is_some_and(|e| e == "toml") {
            "toml"
        } else {
            "markdown"
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": lang, "version": 1, "text": text}}),
        );
        u
    }

    /// The diagnostics of `uri` after everything sent so far.
    fn diagnostics_of(&mut self, uri: &str) -> Vec<Value> {
        self.sync();
        self.diagnostics.get(uri).cloned().unwrap_or_default()
    }

    fn shutdown_and_exit(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        self.child.wait().unwrap().code().unwrap()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test leaves no server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `(line, character)` of a range's start, 1-based line, as `check` prints lines.
fn start(d: &Value) -> (u64, u64) {
    let s = &d["range"]["start"];
    (
        s["line"].as_u64().unwrap() + 1,
        s["character"].as_u64().unwrap() + 1,
    )
}

fn code(d: &Value) -> &str {
    d["code"].as_str().unwrap_or("")
}

fn first_line(d: &Value) -> &str {
    d["message"].as_str().unwrap().lines().next().unwrap()
}

fn site() -> PathBuf {
    repo().join("fixtures/lsp/site")
}

/// Where `needle` starts in `text`, as an LSP position (ASCII texts).
fn pos(text: &str, needle: &str) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

#[test]
fn a_session_from_open_to_exit() {
    let root = site();
    let compost = root.join("content/docs/compost.md");
    let watering = root.join("content/docs/watering.md");
    let text = std::fs::read_to_string(&compost).unwrap();
    let mut c = Client::start(&root);

    // Open: the page's diagnostics, as `check` places them.
    let u = c.open(&compost);
    let ds = c.diagnostics_of(&u);
    let found: Vec<(u64, u64, &str, &str)> = ds
        .iter()
        .map(|d| {
            let (l, col) = start(d);
            (l, col, code(d), first_line(d))
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                8,
                31,
                "link-alias",
                "link \"still works\" → \"/hoses/\" goes to an alias of docs/watering.md"
            ),
            (
                9,
                25,
                "link-broken",
                "link \"the pile\" → \"/docs/leaves/\" leads nowhere: no page, section, file or alias has the URL \"/docs/leaves/\""
            ),
        ]
    );
    assert_eq!(ds[1]["severity"], 1);
    assert_eq!(ds[0]["severity"], 2);
    assert_eq!(ds[0]["range"]["end"], json!({"line": 7, "character": 37}));

    // Code actions: the alias link's fix is safe, so a preferred quick fix.
    let at = pos(&text, "/hoses/");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": at, "end": at},
               "context": {"diagnostics": []}}),
    );
    let actions = r["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{r}");
    assert_eq!(
        actions[0]["title"],
        "replace \"/hoses/\" with \"/docs/watering/\""
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(
        actions[0]["edit"]["changes"][&u],
        json!([{"range": {"start": {"line": 7, "character": 30}, "end": {"line": 7, "character": 37}},
                "newText": "/docs/watering/"}])
    );
    // None where no diagnostic is.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert_eq!(r["result"], json!([]));

    // Change (the unsaved buffer): the broken link mended by an edit of its range.
    let at = pos(&text, "leaves/");
    let end = json!({"line": at["line"], "character": at["character"].as_u64().unwrap() + 6});
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2},
               "contentChanges": [{"range": {"start": at, "end": end}, "text": "watering"}]}),
    );
    let ds = c.diagnostics_of(&u);
    assert_eq!(ds.iter().map(code).collect::<Vec<_>>(), ["link-alias"]);

    // Another open page's change breaks this one's links: its slug moves it,
    // and the fragment it names goes away.
    let wtext = std::fs::read_to_string(&watering).unwrap();
    let wu = c.open(&watering);
    assert!(c.diagnostics_of(&wu).is_empty());
    let before = c.published[&u];
    let changed = wtext
        .replace("weight: 1", "weight: 1\nslug: irrigation")
        .replace("{#cans}", "{#buckets}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": wu, "version": 2}, "contentChanges": [{"text": changed}]}),
    );
    let ds = c.diagnostics_of(&u);
    assert!(c.published[&u] > before);
    let codes: Vec<(u64, &str)> = ds.iter().map(|d| (start(d).0, code(d))).collect();
    assert_eq!(
        codes,
        [(7, "link-broken"), (8, "link-alias"), (9, "link-broken")],
        "{ds:#?}"
    );
    // And mends them when it is put back.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": wu, "version": 3}, "contentChanges": [{"text": wtext}]}),
    );
    let ds = c.diagnostics_of(&u);
    assert_eq!(ds.iter().map(code).collect::<Vec<_>>(), ["link-alias"]);

    // Definition: the target's file, at the heading the fragment names.
    let r = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": u}, "position": pos(&text, "/docs/watering/#cans")}),
    );
    assert_eq!(r["result"]["uri"], uri(&watering), "{r}");
    assert_eq!(
        r["result"]["range"]["start"],
        json!({"line": 9, "character": 0})
    );
    // Through an alias and a ref too.
    for needle in ["/hoses/", "docs/watering.md\""] {
        let r = c.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": u}, "position": pos(&text, needle)}),
        );
        assert_eq!(r["result"]["uri"], uri(&watering), "{needle}: {r}");
    }

    // Hover on a link: its URL, the target's title, and why.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(&text, "/hoses/")}),
    );
    let shown = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("`/hoses/`: **Watering the beds**\n\n`docs/watering.md`"),
        "{shown}"
    );
    assert!(
        shown.ends_with("through an alias: the page's own URL is `/docs/watering/`"),
        "{shown}"
    );
    // Hover on a front matter key: the schema's description and type.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(&text, "status")}),
    );
    assert_eq!(
        r["result"]["contents"]["value"],
        "`status`: one of \"draft\", \"review\", \"published\"\n\nWhere the page is in its review.\n\n(from Handbook page)"
    );

    // Completion: URLs filtered by what is typed, headings after `#`, keys, enum values.
    let labels = |r: &Value| -> Vec<String> {
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let typed = "---\ntitle: T\nsta\n---\n\nSee [a](/docs/w) and [b](/docs/watering/#h).\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": typed}]}),
    );
    let after = |needle: &str| {
        let mut p = pos(typed, needle);
        p["character"] = json!(p["character"].as_u64().unwrap() + needle.len() as u64);
        p
    };
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": after("(/docs/w")}),
    );
    assert_eq!(labels(&r), ["/docs/watering/"]);
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": after("(/docs/watering/#")}),
    );
    assert_eq!(
        labels(&r),
        ["/docs/watering/#cans", "/docs/watering/#hoses"]
    );
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": after("sta")}),
    );
    assert_eq!(labels(&r), ["status"]);
    let typed = "---\ntitle: T\nstatus: re\n---\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 4}, "contentChanges": [{"text": typed}]}),
    );
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": 2, "character": 10}}),
    );
    assert_eq!(labels(&r), ["review"]);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 5}, "contentChanges": [{"text": text}]}),
    );

    // References: every page that links to this one.
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": wu}, "position": {"line": 1, "character": 0},
               "context": {"includeDeclaration": false}}),
    );
    let refs: Vec<(String, u64)> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let file = l["uri"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            (file, l["range"]["start"]["line"].as_u64().unwrap() + 1)
        })
        .collect();
    assert_eq!(
        refs,
        [
            ("_index.md".to_string(), 5),
            ("compost.md".to_string(), 7),
            ("compost.md".to_string(), 8),
            ("compost.md".to_string(), 10),
        ]
    );
    // The reverse links follow edits: a link typed away, a page moved by its slug.
    let refs_of = |c: &mut Client| -> Vec<(String, u64)> {
        let r = c.request(
            "textDocument/references",
            json!({"textDocument": {"uri": wu}, "position": {"line": 1, "character": 0},
                   "context": {"includeDeclaration": false}}),
        );
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let file = l["uri"].as_str().unwrap().rsplit('/').next().unwrap();
                (
                    file.to_string(),
                    l["range"]["start"]["line"].as_u64().unwrap() + 1,
                )
            })
            .collect()
    };
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 6},
               "contentChanges": [{"text": text.replace("[still works](/hoses/)", "still works")}]}),
    );
    let s = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
        v.iter().map(|(f, l)| (f.to_string(), *l)).collect()
    };
    assert_eq!(
        refs_of(&mut c),
        s(&[("_index.md", 5), ("compost.md", 7), ("compost.md", 10)])
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": wu, "version": 7},
               "contentChanges": [{"text": wtext.replace("weight: 1", "weight: 1\nslug: irrigation")}]}),
    );
    // `/docs/watering/` leads nowhere now; the ref names the file.
    assert_eq!(refs_of(&mut c), s(&[("compost.md", 10)]));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": wu, "version": 8}, "contentChanges": [{"text": wtext}]}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 7}, "contentChanges": [{"text": text}]}),
    );
    assert_eq!(
        refs_of(&mut c),
        s(&[
            ("_index.md", 5),
            ("compost.md", 7),
            ("compost.md", 8),
            ("compost.md", 10)
        ])
    );

    // Bad input is answered, and the server goes on.
    let r = c.request("textDocument/nonsense", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:1"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "not a uri"}}),
    );
    let outside = "file:///nowhere/outside-any-site.md";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": outside, "languageId": "markdown", "version": 1,
               "text": "[a](/nowhere/)\n"}}),
    );
    assert!(c.diagnostics_of(outside).is_empty());
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": pos(&text, "/hoses/")}),
    );
    assert!(r["result"]["contents"]["value"].is_string(), "{r}");

    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn definition_goes_to_every_anchor_the_link_checker_knows() {
    // Setext headings, `{#id}` attributes and definition-list terms are
    // anchors as ATX headings are.
    let root = repo().join("fixtures/lsp/anchors");
    let planting = root.join("content/planting.md");
    let soil = root.join("content/soil.md");
    let text = std::fs::read_to_string(&planting).unwrap();
    let mut c = Client::start(&root);
    let u = c.open(&planting);
    assert!(c.diagnostics_of(&u).is_empty());
    let cases = [
        ("/soil/#testing-the-soil", &soil, 4),
        ("/soil/#lime", &soil, 9),
        ("/soil/#worms-welcome", &soil, 14),
        ("/soil/#ph", &soil, 16),
        ("#before-you-plant", &planting, 4),
    ];
    for (needle, file, line) in cases {
        let r = c.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": u}, "position": pos(&text, needle)}),
        );
        assert_eq!(r["result"]["uri"], uri(file), "{needle}: {r}");
        assert_eq!(
            r["result"]["range"]["start"],
            json!({"line": line, "character": 0}),
            "{needle}"
        );
    }
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn completion_offers_nested_keys_and_the_block_a_type_selects() {
    // An outcomes page (the built-in schema): `sections` is a list of
    // blocks whose `type` selects the keys the rest of the block may have.
    let root = repo().join("fixtures/example-site");
    let page = root.join("content/outcomes/product-clarity/index.md");
    let mut c = Client::start(&root);
    let u = c.open(&page);
    c.sync();
    let mut version = 1;
    let mut complete = |c: &mut Client, front: &str| -> Vec<String> {
        let text = format!("---\n{front}\n---\n\nBody.\n");
        version += 1;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
        let last = front.lines().last().unwrap();
        let line = front.lines().count();
        let r = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u},
                   "position": {"line": line, "character": last.len()}}),
        );
        let mut labels: Vec<String> = r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect();
        labels.sort();
        labels
    };
    let head = "title: Product Clarity\ntype: outcomes\nsections:";
    // A new item: only `type`, until it is written.
    assert_eq!(complete(&mut c, &format!("{head}\n  - ty")), ["type"]);
    // Its values.
    assert_eq!(complete(&mut c, &format!("{head}\n  - type: q")), ["quote"]);
    // The keys of the block a quote selects, the written one left out.
    assert_eq!(
        complete(&mut c, &format!("{head}\n  - type: quote\n    ")),
        [
            "backgroundColor",
            "content",
            "hideOnMobile",
            "quote",
            "title"
        ]
    );
    // An enum of that block.
    assert_eq!(
        complete(
            &mut c,
            &format!("{head}\n  - type: quote\n    backgroundColor: s")
        ),
        ["secondary"]
    );
    // A nested map's keys.
    assert_eq!(
        complete(
            &mut c,
            "title: Product Clarity\ntype: outcomes\nsitemap:\n  pri"
        ),
        ["priority"]
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn exit_without_shutdown_is_exit_code_one() {
    let mut c = Client::start(&site());
    c.notify("exit", Value::Null);
    drop(c.stdin.take());
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
}

#[test]
fn the_config_file_is_served_with_its_errors() {
    let root = site();
    let mut c = Client::start(&root);
    let config = root.join("frontlint.toml");
    let u = c.open_text(&config, "[rules]\nlink-broken = \"loud\"\n");
    let ds = c.diagnostics_of(&u);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(start(&ds[0]), (2, 15));
    assert_eq!(
        first_line(&ds[0]),
        "\"loud\" is not a rule level; use \"error\", \"warning\" or \"off\""
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2},
               "contentChanges": [{"text": "[rules]\nlink-broken = \"warning\"\n"}]}),
    );
    assert!(c.diagnostics_of(&u).is_empty());
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// The directories under `fixtures/` that are sites: a `content/` folder
/// beside a Hugo config or a `frontlint.toml`.
fn fixture_sites() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![repo().join("fixtures")];
    while let Some(d) = dirs.pop() {
        let is_site = d.join("content").is_dir()
            && [
                "hugo.toml",
                "hugo.yaml",
                "config.toml",
                "frontlint.toml",
                "hugo.json",
            ]
            .iter()
            .any(|c| d.join(c).is_file());
        if is_site {
            out.push(d.clone());
        }
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n != "content" && n != "layouts")
            {
                dirs.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every content file under `dir` (what an editor could open).
fn content_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with('.') || name == "public" || name == "layouts" {
            continue;
        }
        if p.is_dir() {
            content_files(&p, out);
        } else if ["md", "markdown", "html", "htm"]
            .iter()
            .any(|x| p.extension().is_some_and(|e| e == *x))
        {
            out.push(p);
        }
    }
}

type Found = BTreeMap<String, Vec<(u64, u64, String, String)>>;

/// `check --format json`'s diagnostics of the site at `root`, by path
/// (first line of each message); `None` when the site cannot be checked.
fn check_found(root: &Path) -> Option<Found> {
    let out = Command::new(env!("CARGO_BIN_EXE_frontlint"))
        .args(["check", "--no-cache", "--format", "json", "."])
        .current_dir(root)
        .output()
        .unwrap();
    if out.status.code() == Some(2) {
        return None;
    }
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut want = Found::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let message = d["message"].as_str().unwrap();
        want.entry(d["path"].as_str().unwrap().to_string())
            .or_default()
            .push((
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                message.lines().next().unwrap_or("").to_string(),
            ));
    }
    for ds in want.values_mut() {
        ds.sort();
    }
    Some(want)
}

/// The diagnostics the client last got for each of `opened` (URI, file, the
/// text the editor has), by path relative to `root`, as `check` gives them.
fn lsp_found(c: &mut Client, root: &Path, opened: &[(String, PathBuf, String)]) -> Found {
    c.sync();
    let canon_root = std::fs::canonicalize(root).unwrap();
    let mut got = Found::new();
    for (u, f, text) in opened {
        let rel = std::fs::canonicalize(f)
            .unwrap()
            .strip_prefix(&canon_root)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let ds = c.diagnostics.get(u).cloned().unwrap_or_default();
        for d in ds {
            let (line, utf16) = start(&d);
            // Columns: characters (check) from UTF-16 units (the protocol).
            let line_text = text.split('\n').nth(line as usize - 1).unwrap_or("");
            let mut units = 0;
            let mut chars = 0;
            for ch in line_text.chars() {
                if units >= utf16 - 1 {
                    break;
                }
                units += ch.len_utf16() as u64;
                chars += 1;
            }
            got.entry(rel.clone()).or_default().push((
                line,
                chars + 1,
                code(&d).to_string(),
                first_line(&d).to_string(),
            ));
        }
    }
    for ds in got.values_mut() {
        ds.sort();
    }
    got
}

/// Open every content file of `root` in `c`, as an editor shows it.
fn open_all(c: &mut Client, root: &Path) -> Vec<(String, PathBuf, String)> {
    let mut files = Vec::new();
    content_files(root, &mut files);
    files
        .into_iter()
        .map(|f| {
            // An editor shows a file that is not UTF-8 with its bad bytes replaced.
            let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
            (c.open_text(&f, &text), f, text)
        })
        .collect()
}

/// `want` without the diagnostics of files the editor did not open (walk problems).
fn only_opened(mut want: Found, root: &Path, opened: &[(String, PathBuf, String)]) -> Found {
    want.retain(|path, _| {
        opened
            .iter()
            .any(|(_, f, _)| f.strip_prefix(root).is_ok_and(|r| r == Path::new(path)))
    });
    want
}

#[test]
fn every_fixture_site_gets_the_diagnostics_check_gives() {
    let sites = fixture_sites();
    assert!(sites.len() > 30, "{sites:?}");
    let mut compared = 0;
    for root in sites {
        // A site that cannot be checked at all (a config error): nothing to compare.
        let Some(want) = check_found(&root) else {
            continue;
        };
        let mut c = Client::start(&root);
        let opened = open_all(&mut c, &root);
        let got = lsp_found(&mut c, &root, &opened);
        assert_eq!(c.shutdown_and_exit(), 0);
        assert_eq!(got, only_opened(want, &root, &opened), "{}", root.display());
        compared += 1;
    }
    assert!(compared > 25, "{compared}");
}

/// `text` with `line` added to its front matter (YAML or TOML, by its
/// fence) when the front matter has no `key` yet.
fn with_key(text: &str, key: &str, yaml: &str, toml: &str) -> Option<String> {
    let (fence, line) = if text.starts_with("---\n") {
        ("---\n", yaml)
    } else if text.starts_with("+++\n") {
        ("+++\n", toml)
    } else {
        return None;
    };
    let end = text[4..].find(fence)? + 4;
    let front = &text[4..end];
    let has = front.lines().any(|l| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with([':', '=']))
    });
    (!has).then(|| format!("{fence}{line}\n{}", &text[4..]))
}

#[test]
fn edits_that_move_urls_leave_the_diagnostics_check_gives() {
    // On a copy of every fixture site: a few pages get a slug, aliases, a URL
    // and a date typed into their front matter, one edit at a time, the file
    // saved as typed; the server's diagnostics then are `check`'s of the
    // files as they are.
    let mut edited_sites = 0;
    for fixture in fixture_sites() {
        if check_found(&fixture).is_none() {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_tree(&fixture, &root);
        let mut c = Client::start(&root);
        let mut opened = open_all(&mut c, &root);
        let pages: Vec<usize> = (0..opened.len())
            .filter(|&k| {
                let f = &opened[k].1;
                f.extension().is_some_and(|e| e == "md")
                    && !f.file_name().unwrap().to_string_lossy().starts_with('_')
            })
            .take(3)
            .collect();
        let edits = [
            ("slug", "slug: moved-{n}", "slug = \"moved-{n}\""),
            (
                "aliases",
                "aliases: [/gone-{n}/, gone-too-{n}]",
                "aliases = [\"/gone-{n}/\"]",
            ),
            ("url", "url: /elsewhere-{n}/", "url = \"/elsewhere-{n}/\""),
            ("date", "date: 2021-0{n}-01", "date = 2021-0{n}-01"),
        ];
        let mut version = 1;
        let mut made = 0;
        for (step, (key, yaml, toml)) in edits.iter().enumerate() {
            for (n, &k) in pages.iter().enumerate() {
                // The URL goes to one page only; the rest get every edit.
                if *key == "url" && n != step % pages.len().max(1) {
                    continue;
                }
                let n = (n + 1).to_string();
                let (u, f, text) = &opened[k];
                let Some(new) = with_key(
                    text,
                    key,
                    &yaml.replace("{n}", &n),
                    &toml.replace("{n}", &n),
                ) else {
                    continue;
                };
                version += 1;
                c.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": u, "version": version},
                           "contentChanges": [{"text": new}]}),
                );
                std::fs::write(f, &new).unwrap();
                opened[k].2 = new;
                made += 1;
            }
        }
        if made == 0 {
            continue;
        }
        let got = lsp_found(&mut c, &root, &opened);
        assert_eq!(c.shutdown_and_exit(), 0);
        let want = only_opened(check_found(&root).unwrap(), &root, &opened);
        assert_eq!(got, want, "{} after {made} edits", fixture.display());
        edited_sites += 1;
    }
    assert!(edited_sites > 20, "{edited_sites}");
}

#[test]
fn two_workspace_folders_are_two_sites_served_at_once() {
    // Two sites side by side, each checked against its own pages and config
    // (served as one site, the pages of each would be judged by the other's).
    let a = repo().join("fixtures/lsp/site");
    let b = repo().join("fixtures/links/broken-links");
    let folders = json!([
        {"uri": uri(&a), "name": "handbook"},
        {"uri": uri(&b), "name": "broken-links"},
    ]);
    let mut c = Client::start_with(
        &repo(),
        json!({"processId": null, "rootUri": uri(&a), "workspaceFolders": folders,
               "capabilities": {}}),
    );
    let opened_a = open_all(&mut c, &a);
    let opened_b = open_all(&mut c, &b);
    let got_a = lsp_found(&mut c, &repo(), &opened_a);
    let got_b = lsp_found(&mut c, &repo(), &opened_b);
    assert_eq!(c.shutdown_and_exit(), 0);
    // Paths in messages are shown from where the server runs: from the repo.
    let from_repo = |want: Found, site: &str| -> Found {
        want.into_iter()
            .map(|(p, ds)| (format!("fixtures/{site}/{p}"), ds))
            .collect()
    };
    let want_a = from_repo(
        only_opened(check_found(&a).unwrap(), &a, &opened_a),
        "lsp/site",
    );
    let want_b = from_repo(
        only_opened(check_found(&b).unwrap(), &b, &opened_b),
        "links/broken-links",
    );
    assert!(!want_a.is_empty() && !want_b.is_empty());
    assert_eq!(got_a, want_a);
    assert_eq!(got_b, want_b);
}

/// Copy a directory tree (fixture pages are never written to).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn neovim_finds_a_broken_link_and_applies_its_fix() {
    let has_nvim = Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_nvim {
        assert!(
            std::env::var_os("CI").is_none(),
            "nvim is missing on CI (.ci/run installs it)"
        );
        eprintln!("skipped: no nvim");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&site(), &root);
    let page = root.join("content/docs/seeds.md");
    std::fs::write(
        &page,
        "---\ntitle: Sowing seeds\nstatus: draft\n---\n\nSoak the bed first ([how](/docs/waterng/#cans)).\n",
    )
    .unwrap();
    let before = std::fs::read(&page).unwrap();
    let out = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-u", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            repo().join("tests/nvim/fix_a_link.lua").display()
        ))
        .env("FRONTLINT", env!("CARGO_BIN_EXE_frontlint"))
        .env("SITE", &root)
        .env("PAGE", &page)
        .current_dir(&root)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let transcript = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{transcript}\n{stderr}");
    assert_eq!(
        transcript.trim_end(),
        "opened seeds.md\n\
         diagnostics:\n  \
         6:27 link-broken link \"how\" → \"/docs/waterng/#cans\" leads nowhere: no page, section, file or alias has the URL \"/docs/waterng/\"\n\
         code action: replace \"/docs/waterng/#cans\" with \"/docs/watering/#cans\" (unsafe: check it)\n\
         applied: replace \"/docs/waterng/#cans\" with \"/docs/watering/#cans\" (unsafe: check it)\n\
         line 6: Soak the bed first ([how](/docs/watering/#cans)).\n\
         diagnostics after the fix:",
        "{stderr}"
    );
    // The buffer was changed, never the file.
    assert_eq!(std::fs::read(&page).unwrap(), before);
}
