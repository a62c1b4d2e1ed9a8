#!/usr/bin/env bash
# The fuzz campaign of fuzz/README.md: every cargo-fuzz target (or those named) for RUNS
# executions from its corpus and seeds, one after another, then `cargo fuzz cmin` on the corpus.
# Prints one Markdown row per target: executions, wall time, executions/s, coverage (libFuzzer's
# `cov` and `ft`), corpus files and size after minimising, crashes. Reads the committed
# minimised corpus (`corpus-min/<target>`) and the seeds; writes `corpus/<target>`, which then
# replaces `corpus-min/<target>` when a campaign's result is committed.
#
#   scripts/fuzz-campaign.sh [RUNS] [TARGET...]     # RUNS defaults to 10000000
#
# MAX_TIME=S stops each target after S seconds even short of RUNS (the row shows how far it got);
# SANITIZER=address builds with AddressSanitizer (default: none, about twice the executions; the
# harnesses' own comparisons are the oracle, as in CI's smoke runs under qemu). Needs nightly and cargo-fuzz (see .ci/run). Logs: /tmp/fuzz-campaign/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
runs=${1:-10000000}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
logs=/tmp/fuzz-campaign
mkdir -p "$logs"
san=${SANITIZER:-none}
limit=()
[ -n "${MAX_TIME:-}" ] && limit=(-max_total_time="$MAX_TIME")
cargo +nightly fuzz build -s "$san" >"$logs/build.log" 2>&1 || { tail -30 "$logs/build.log"; exit 1; }

echo "| target | executions | time | exec/s | cov | ft | corpus (files, size) | crashes |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  seeds=()
  [ -d "seeds/$t" ] && seeds=("seeds/$t")
  [ -d "corpus-min/$t" ] && seeds+=("corpus-min/$t")
  start=$(date +%s)
  crashes=0
  cargo +nightly fuzz run -s "$san" "$t" "corpus/$t" "${seeds[@]}" -- \
    -runs="$runs" "${limit[@]}" -print_final_stats=1 -rss_limit_mb=2048 -timeout=60 >"$logs/$t.log" 2>&1 ||
    crashes=1
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -n 1)
  # The last status line carries the coverage: "#N DONE cov: C ft: F corp: …".
  last=$(grep -E '^#[0-9]+' "$logs/$t.log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  cargo +nightly fuzz cmin -s "$san" "$t" "corpus/$t" >"$logs/$t.cmin.log" 2>&1 || true
  files=$(find "corpus/$t" -type f | wc -l)
  size="$(( $(cat "corpus/$t"/* 2>/dev/null | wc -c) / 1024 )) KiB"
  [ -d "artifacts/$t" ] && crashes=$(( crashes + $(find "artifacts/$t" -type f | wc -l) ))
  echo "| \`$t\` | ${execs:-?} | ${secs} s | $(( ${execs:-0} / (secs > 0 ? secs : 1) )) | ${cov:-?} | ${ft:-?} | $files, $size | $crashes |"
done
