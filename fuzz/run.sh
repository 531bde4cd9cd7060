#!/usr/bin/env bash
# Runs fuzz targets one after another for SECONDS each (default 600) and appends each run's
# figures (executions, executions per second, corpus size, crashes) to fuzz/runs.log.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# Builds on the stable toolchain: cargo-fuzz needs nightly flags, which RUSTC_BOOTSTRAP=1 allows.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || mapfile -t targets < <(RUSTC_BOOTSTRAP=1 cargo fuzz list)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O >/dev/null 2>&1 || { echo "build failed" >&2; exit 2; }
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  log=$(mktemp)
  max_len=4096
  case $target in source_detect | document | table_import) max_len=12000 ;; esac
  cargo fuzz run -O "$target" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$max_len" -print_final_stats=1 >"$log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  files=$(find "corpus/$target" -type f | wc -l)
  crashes=$(find "artifacts/$target" -type f | wc -l)
  printf '%s\t%s\t%ss\texecs=%s\texec/s=%s\tcorpus=%s\tartifacts=%s\texit=%s\n' \
    "$(date -u +%FT%TZ)" "$target" "$seconds" "${execs:-?}" "${speed:-?}" "$files" "$crashes" "$status" | tee -a runs.log
  [ "$status" = 0 ] || grep -m5 -E 'panicked|ERROR|SUMMARY' "$log"
  rm -f "$log"
done
