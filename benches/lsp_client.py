#!/usr/bin/env python3
"""A scripted language client that times `frontlint lsp` (see benches/lsp.sh).

Measures, on one site: the first diagnostics after start (process start ->
initialize -> didOpen of one page -> its publishDiagnostics), then N
keystrokes (one character typed into the page's body, as an incremental
didChange) each timed to the page's next publishDiagnostics, then N
keystrokes in its front matter title (these change what the site index reads),
then N in a `slug` line added to it (each moves the page's URL).
Prints p50/p99 wall times and the server's CPU time per keystroke.
Standard library only; talks to the server over pipes, nothing else.
"""
import json, os, subprocess, sys, time

def main():
    server, site, page, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    site = os.path.realpath(site)
    page = os.path.realpath(os.path.join(site, page))
    uri = "file://" + page
    t0 = time.perf_counter()
    p = subprocess.Popen([server, "lsp"], cwd=site, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(msg):
        body = json.dumps(msg).encode()
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        p.stdin.flush()

    def read():
        length = None
        while True:
            line = p.stdout.readline()
            if not line:
                sys.exit("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(p.stdout.read(length))

    def wait_diagnostics(version):
        while True:
            m = read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri \
                    and m["params"].get("version") == version:
                return m["params"]["diagnostics"]

    def cpu():
        with open(f"/proc/{p.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": "file://" + site, "capabilities": {}}})
    while read().get("id") != 1:
        pass
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    text = open(page, encoding="utf-8").read()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    first = wait_diagnostics(1)
    first_s = time.perf_counter() - t0
    start_cpu = cpu()
    lines = text.split("\n")
    body_line = len(lines) - 2 if len(lines) > 2 else 0
    title_line = next((i for i, l in enumerate(lines) if l.startswith("title:")), 1)

    def keystrokes(line, version):
        walls = []
        c0 = cpu()
        col = len(lines[line])
        for k in range(n):
            version += 1
            t = time.perf_counter()
            send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                  "params": {"textDocument": {"uri": uri, "version": version},
                             "contentChanges": [{"range": {"start": {"line": line, "character": col + k},
                                                           "end": {"line": line, "character": col + k}},
                                                 "text": "x"}]}})
            wait_diagnostics(version)
            walls.append(time.perf_counter() - t)
        return walls, (cpu() - c0) / n, version

    def pct(xs, q):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    body, body_cpu, v = keystrokes(body_line, 1)
    title, title_cpu, v = keystrokes(title_line, v)
    # A slug line (added untimed), then typed into: each keystroke moves the page's URL.
    v += 1
    slug_line = title_line + 1
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": v},
                     "contentChanges": [{"range": {"start": {"line": slug_line, "character": 0},
                                                   "end": {"line": slug_line, "character": 0}},
                                         "text": "slug: moved\n"}]}})
    wait_diagnostics(v)
    lines.insert(slug_line, "slug: moved")
    slug, slug_cpu, v = keystrokes(slug_line, v)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while read().get("id") != 2:
        pass
    send({"jsonrpc": "2.0", "method": "exit"})
    p.wait(timeout=60)
    print(f"site: {site}")
    print(f"page: {os.path.relpath(page, site)} ({len(first)} diagnostics on open)")
    print(f"first diagnostics after start: {first_s * 1000:.0f} ms wall, {start_cpu:.2f} s CPU")
    for name, walls, c in (("keystroke in the body", body, body_cpu), ("keystroke in the title", title, title_cpu),
                           ("keystroke in the slug (the URL moves)", slug, slug_cpu)):
        print(f"{name}: p50 {pct(walls, 0.5) * 1000:.1f} ms, p99 {pct(walls, 0.99) * 1000:.1f} ms,"
              f" max {max(walls) * 1000:.1f} ms; CPU {c * 1000:.1f} ms per keystroke ({n} keystrokes)")

main()
