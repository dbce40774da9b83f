#!/usr/bin/env bash
# frontlint benchmarks (README, "Benchmarks").
#
#   benches/run.sh [--runs R] [--seed S] [--sites DIR] [--stages] [--hog GB] [SIZE...]
#                                                    # default sizes: 1000 10000 100000
#   benches/run.sh --smoke                           # CI: one 200-page site, correctness only
#
# 1000000 is an opt-in size (about 6.8 GB of site: give --sites a roomy disk).
# --stages: one more cold run per size with FRONTLINT_TIMINGS=1, printed as a
#   per-stage table (wall and CPU ms, resident MB, per size).
# --hog GB: paired cold runs, R pairs per size, each pair a plain run and a run
#   right after a process that allocates and touches GB GiB and exits (as in a
#   pre-commit chain or a CI job); medians of wall, user, system and page faults.
#
# Builds frontlint and examples/gen_site in release mode (the generator in debug for --smoke), generates (and caches, under
# target/bench-sites/ or --sites) one synthetic Hugo site per size, then prints a table: site size,
# mode, median wall time of R runs, peak RSS, pages/s and the error count against the
# number of faults the generator injected. "CPU s" (user + system, from the
# getrusage run) is steadier than wall time on a shared machine.
#
# Modes: cold (the whole site; with --no-cache when frontlint has that flag), warm (the
# whole site again after a first run filled the cache; only when --no-cache exists),
# precommit (five fault-free files of the site named on the command line), pre-edit
# (the same five files, each edited before every run: a line added to its body, as
# in a real commit), edit-1 (the whole site, one page edited before every run).
#
# Exit status: 0 when every run exited 0 or 1 and every error count matched; 1 otherwise.
# Timings are never asserted. With hyperfine on PATH it measures wall time (1 warm-up
# run); peak RSS, exit codes and error counts come from a separate run under a small
# getrusage wrapper (python3).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=3
SEED=1
SMOKE=0
STAGES=0
HOG=0
SITES="$PWD/target/bench-sites"
SIZES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) SMOKE=1 ;;
        --runs) RUNS="$2"; shift ;;
        --seed) SEED="$2"; shift ;;
        --sites) SITES="$(realpath -m "$2")"; shift ;;
        --stages) STAGES=1 ;;
        --hog) HOG="$2"; shift ;;
        -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        [0-9]*) SIZES+=("$1") ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
if [ "$SMOKE" = 1 ]; then
    SIZES=(200)
    RUNS=1
elif [ ${#SIZES[@]} -eq 0 ]; then
    SIZES=(1000 10000 100000)
fi

echo "== build (release)" >&2
# frontlint alone: the same build as the wheel's and `cargo build --release` (built
# together with the example, dev-dependency features would make it another one).
# The generator is optimised only for real runs; the smoke site is small.
cargo build --release --locked --quiet --bin frontlint
FL="$PWD/target/release/frontlint"
if [ "$SMOKE" = 1 ]; then
    cargo build --locked --quiet --example gen_site
    GEN="$PWD/target/debug/examples/gen_site"
else
    cargo build --release --locked --quiet --example gen_site
    GEN="$PWD/target/release/examples/gen_site"
fi
mkdir -p "$SITES"

NOCACHE=()
HAS_CACHE=0
if "$FL" check --help | grep -q -- --no-cache; then
    NOCACHE=(--no-cache)
    HAS_CACHE=1
fi
HYPERFINE=0
if [ "$SMOKE" = 0 ] && command -v hyperfine >/dev/null; then
    HYPERFINE=1
fi

# probe EXPECTED_ERRORS CMD... : run CMD once; print "exit rss_kb errors wall_s cpu_s";
# fail (status 3) when it crashed (exit code other than 0/1).
probe() {
    python3 - "$@" <<'PY'
import os, re, subprocess, sys, tempfile, time
expected, cmd = int(sys.argv[1]), sys.argv[2:]
with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = code = os.waitstatus_to_exitcode(status)
    out.seek(0)
    errors = sum(1 for line in out if re.search(rb": error\[", line))
    err.seek(0)
    tail = err.read()[-2000:].decode("utf-8", "replace")
print(code, ru.ru_maxrss, errors, f"{wall:.4f}", f"{ru.ru_utime + ru.ru_stime:.3f}")
if code not in (0, 1):
    sys.stderr.write(f"frontlint crashed (exit {code}): {' '.join(cmd[:3])} ...\n{tail}\n")
    sys.exit(3)
PY
}

# median_wall WARMUP CMD... : median wall time (s) of $RUNS runs.
median_wall() {
    local warmup="$1"; shift
    if [ "$HYPERFINE" = 1 ]; then
        local json
        json=$(mktemp)
        local quoted
        quoted=$(printf '%q ' "$@")
        local prepare=()
        # (-N runs the prepare command without a shell too.)
        if [ -n "$PREPARE" ]; then prepare=(--prepare "bash -c $(printf '%q' "$PREPARE")"); fi
        hyperfine -N --style none --runs "$RUNS" --warmup "$warmup" -i "${prepare[@]}" \
            --export-json "$json" "$quoted" >/dev/null 2>&1
        python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
        rm -f "$json"
    else
        local i times=()
        for ((i = 0; i < warmup; i++)); do prepare; "$@" >/dev/null 2>&1 || true; done
        for ((i = 0; i < RUNS; i++)); do
            prepare
            times+=("$(probe 0 "$@" | awk '{print $4}')")
        done
        printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
    fi
}

# stages N CMD... : one run with FRONTLINT_TIMINGS=1; appends "N stage wall cpu mb" lines
# to $STAGE_ROWS.
STAGE_ROWS=$(mktemp)
trap 'rm -f "$STAGE_ROWS"' EXIT
stages() {
    local n="$1"; shift
    FRONTLINT_TIMINGS=1 "$@" 2>&1 >/dev/null \
        | awk -v n="$n" '/^frontlint timings:/ {
            name = $0
            sub(/^frontlint timings: */, "", name)
            sub(/ +[0-9.]+ ms +[0-9.?]+ ms CPU +[0-9?]+ MB resident$/, "", name)
            printf "%s|%s|%s|%s|%s\n", n, name, $(NF-7), $(NF-5), $(NF-2) }' >>"$STAGE_ROWS" || true
}

# paired GB CMD... : $RUNS pairs of runs, a plain one and one right after a process
# that touched GB GiB of memory and exited; prints two rows of medians.
paired() {
    python3 - "$RUNS" "$@" <<'PY'
import os, statistics, subprocess, sys, time
runs, gib, cmd = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
hog = ("import sys\n"
       "n = int(float(sys.argv[1]) * (1 << 30))\n"
       "b = bytearray(n)\n"
       "b[::4096] = b'\\1' * len(range(0, n, 4096))\n")
def run():
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=null, stderr=null, stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        return time.perf_counter() - t0, ru.ru_utime, ru.ru_stime, ru.ru_minflt
rows = {"plain": [], "after hog": []}
for _ in range(runs):
    rows["plain"].append(run())
    subprocess.run([sys.executable, "-c", hog, str(gib)], check=True)
    rows["after hog"].append(run())
for name, r in rows.items():
    med = [statistics.median(x[i] for x in r) for i in range(4)]
    print(f"{name:<10}  {med[0]:9.3f}  {med[1]:9.3f}  {med[2]:9.3f}  {med[3]:9.0f}")
PY
}

FAILED=0
ROWS=()
PAIRED=()
# A command run before every measured run (empty: none); see `edit`.
PREPARE=""
prepare() { if [ -n "$PREPARE" ]; then bash -c "$PREPARE"; fi; }
# measure N MODE EXPECTED WARMUP CMD...
measure() {
    local n="$1" mode="$2" expected="$3" warmup="$4"; shift 4
    local i
    for ((i = 0; i < warmup; i++)); do prepare; "$@" >/dev/null 2>&1 || true; done
    local code rss errors wall cpu
    prepare
    if ! read -r code rss errors wall cpu < <(probe "$expected" "$@"); then
        FAILED=1
        ROWS+=("$(printf '%8s  %-10s  %9s  %9s  %9s  %10s  %s' "$n" "$mode" "-" "-" "-" "-" "CRASH")")
        return
    fi
    case "${code:-}" in
        0 | 1) ;;
        *)
            FAILED=1
            ROWS+=("$(printf '%8s  %-10s  %9s  %9s  %9s  %10s  %s' "$n" "$mode" "-" "-" "-" "-" "CRASH (exit ${code:-?})")")
            return
            ;;
    esac
    local check="ok"
    if [ "$errors" != "$expected" ]; then
        check="MISMATCH"
        FAILED=1
    fi
    if [ "$SMOKE" = 0 ]; then
        # At least one warm-up run, so the OS page cache is warm in every mode
        # ("cold" means without frontlint's cache, not a cold disk).
        wall=$(median_wall "$((warmup > 0 ? warmup : 1))" "$@")
    fi
    ROWS+=("$(awk -v n="$n" -v m="$mode" -v w="$wall" -v r="$rss" -v e="$errors" -v x="$expected" -v c="$check" -v u="$cpu" \
        'BEGIN { printf "%8d  %-10s  %9.3f  %9.3f  %9.1f  %10.0f  %d/%d %s", n, m, w, u, r / 1024, n / w, e, x, c }')")
}

for n in "${SIZES[@]}"; do
    site="$SITES/n$n-s$SEED"
    if [ ! -f "$site/gen-info.txt" ] || [ "$GEN" -nt "$site/gen-info.txt" ]; then
        echo "== generate $n pages (seed $SEED) into ${site#"$PWD"/}" >&2
        start=$(date +%s.%N)
        "$GEN" --pages "$n" --seed "$SEED" --out "$site" >/dev/null
        echo "   $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s, $(du -sh "$site" | cut -f1) on disk" >&2
    fi
    expected=$(sed -n 's/^expected_errors=//p' "$site/gen-info.txt")
    read -r -a pre <<<"$(sed -n 's/^precommit=//p' "$site/gen-info.txt")"
    pre_paths=()
    for p in "${pre[@]}"; do pre_paths+=("$site/$p"); done
    echo "== measure $n pages" >&2
    rm -rf "$site/.frontlint_cache"
    measure "$n" cold "$expected" 0 "$FL" check --format short "${NOCACHE[@]}" "$site"
    if [ "$HAS_CACHE" = 1 ]; then
        measure "$n" warm "$expected" 1 "$FL" check --format short "$site"
        measure "$n" precommit 0 1 "$FL" check --format short "${pre_paths[@]}"
        measure "$n" pre-cold 0 0 "$FL" check --format short --no-cache "${pre_paths[@]}"
        # Edits: a line added at the end of a page's body (no new fault). The pages
        # grow by a line per run; the generated site is rebuilt when gen_site changes.
        PREPARE="$(printf 'printf "\\nEdited.\\n" >> %q; ' "${pre_paths[@]}")"
        measure "$n" pre-edit 0 1 "$FL" check --format short "${pre_paths[@]}"
        PREPARE="$(printf 'printf "\\nEdited.\\n" >> %q; ' "${pre_paths[0]}")"
        measure "$n" edit-1 "$expected" 1 "$FL" check --format short "$site"
        PREPARE=""
    else
        measure "$n" precommit 0 0 "$FL" check --format short "${pre_paths[@]}"
    fi
    if [ "$STAGES" = 1 ]; then
        stages "$n" "$FL" check --format short "${NOCACHE[@]}" "$site"
    fi
    if [ "$HOG" != 0 ]; then
        while read -r line; do PAIRED+=("$(printf '%8s  %s' "$n" "$line")"); done \
            < <(paired "$HOG" "$FL" check --format short "${NOCACHE[@]}" "$site")
    fi
done

echo
printf '%8s  %-10s  %9s  %9s  %9s  %10s  %s\n' pages mode "median s" "CPU s" "RSS MB" "pages/s" "errors/expected"
printf '%s\n' "${ROWS[@]}"
if [ "$STAGES" = 1 ]; then
    echo
    echo "per stage, cold (FRONTLINT_TIMINGS=1): wall ms / CPU ms (all threads) / resident MB"
    python3 - "$STAGE_ROWS" <<'PY'
import sys
sizes, stages, cell = [], [], {}
for line in open(sys.argv[1]):
    n, stage, wall, cpu, mb = line.rstrip("\n").split("|")
    if n not in sizes: sizes.append(n)
    if stage not in stages: stages.append(stage)
    cell[n, stage] = f"{float(wall):.0f} / {cpu} / {mb}"
print(f"{'stage':<16}" + "".join(f"{n:>24}" for n in sizes))
for st in stages:
    print(f"{st:<16}" + "".join(f"{cell.get((n, st), '-'):>24}" for n in sizes))
PY
fi
if [ ${#PAIRED[@]} -gt 0 ]; then
    echo
    echo "cold runs in pairs, plain and right after a process that touched $HOG GiB (medians of $RUNS)"
    printf '%8s  %-10s  %9s  %9s  %9s  %9s\n' pages run "wall s" "user s" "sys s" "minflt"
    printf '%s\n' "${PAIRED[@]}"
fi
echo "(runs: $RUNS, seed: $SEED, timer: $([ "$HYPERFINE" = 1 ] && echo hyperfine || echo wall clock), cache flag: $([ "$HAS_CACHE" = 1 ] && echo yes || echo no))"
exit "$FAILED"
