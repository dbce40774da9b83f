#!/usr/bin/env bash
# Run fuzz targets one after another, one worker each (the machine is shared).
#   fuzz/run.sh [SECONDS] [TARGET...]     default: 600 s, every target
# New corpus entries go to fuzz/work/<target>/ (git-ignored); the committed seeds
# in fuzz/corpus/<target>/ are read too. Crashes land in fuzz/artifacts/<target>/,
# the fuzzer's log in fuzz/work/<target>.log.
set -u
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(split_front_matter yaml_spans yaml_fast_path toml_json_front_matter markdown_links url_resolve check_page)
fi
export RUSTC_BOOTSTRAP=1   # cargo-fuzz needs nightly flags; this works on stable
for t in "${targets[@]}"; do
  mkdir -p "work/$t"
  rm -f fuzz-0.log
  echo "== $t: ${secs}s ($(date -u +%H:%M:%S))"
  cargo fuzz run "$t" "work/$t" "corpus/$t" -- \
    -jobs=1 -workers=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 > "work/$t.build.log" 2>&1
  rc=$?
  # With -jobs, libFuzzer writes the run's own output to fuzz-0.log.
  cat "work/$t.build.log" fuzz-0.log > "work/$t.log" 2>/dev/null
  rm -f fuzz-0.log "work/$t.build.log"
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "work/$t.log" | tail -3
  grep -E "^#[0-9]+" "work/$t.log" | tail -1
  if [ $rc -ne 0 ]; then
    echo "   FAILED (exit $rc):"; grep -m1 -A3 -E "panicked at|ERROR: libFuzzer" "work/$t.log"
  fi
  echo "   done $(date -u +%H:%M:%S)"
done
