#!/usr/bin/env bash
# Time `frontlint lsp` as an editor uses it, on the generated site of benches/run.sh:
#   benches/lsp.sh [--site DIR] [--pages N] [--keys K] [--debug]
# Prints the first diagnostics after start (process start -> initialize -> open a
# page -> its diagnostics) and p50/p99 of a keystroke's diagnostics for the changed
# page (K keystrokes in the body, K in the front matter title). No timing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=10000 KEYS=200 SITE="" PROFILE=release
while [ $# -gt 0 ]; do
    case "$1" in
        --site) SITE="$2"; shift 2 ;;
        --pages) PAGES="$2"; shift 2 ;;
        --keys) KEYS="$2"; shift 2 ;;
        --debug) PROFILE=debug; shift ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ "$PROFILE" = release ]; then
    cargo build --release --locked --quiet --bin frontlint
else
    cargo build --locked --quiet --bin frontlint
fi
FL="$PWD/target/$PROFILE/frontlint"
if [ -z "$SITE" ]; then
    SITE="$PWD/target/bench-sites/n$PAGES-s1"
    if [ ! -f "$SITE/gen-info.txt" ]; then
        cargo build --release --locked --quiet --example gen_site
        target/release/examples/gen_site --pages "$PAGES" --seed 1 --out "$SITE" >/dev/null
    fi
fi
# A regular page deep in the site (the generator's pages are alike).
PAGE=$(cd "$SITE" && find content -name '*.md' ! -name '_index.md' | sort | sed -n '100p')
python3 benches/lsp_client.py "$FL" "$SITE" "$PAGE" "$KEYS"
