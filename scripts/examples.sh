#!/usr/bin/env bash
# Run every example in examples/ (each asserts what it shows and exits non-zero otherwise), with
# the features its [[example]] entry requires (none unless Cargo.toml says so). In the `test`
# profile (optimised, debug assertions and overflow checks on), so the dependencies `cargo test`
# built are reused; EXAMPLES_PROFILE=dev runs them as `cargo run --example NAME` does.
#
#   scripts/examples.sh            # all of them
#   scripts/examples.sh sm4_gcm    # some of them
set -euo pipefail
cd "$(dirname "$0")/.."
# name<TAB>required features (comma-separated), for each example target of the gmkit package.
list=$(cargo metadata --format-version 1 --no-deps --locked | python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] != "gmkit":
        continue
    for t in p["targets"]:
        if "example" in t["kind"]:
            print(t["name"] + "\t" + ",".join(t.get("required-features") or []))')
[ -n "$list" ] || { echo "examples: none found" >&2; exit 1; }
n=0
while IFS=$'\t' read -r name features; do
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
    continue
  fi
  echo "== example $name${features:+ (features: $features)}"
  cargo run -q -p gmkit --profile "${EXAMPLES_PROFILE:-test}" --example "$name" \
    ${features:+--features "$features"}
  n=$((n + 1))
done <<<"$(sort <<<"$list")"
[ $n -gt 0 ] || { echo "examples: no example named $*" >&2; exit 1; }
echo "examples: $n ran, all ok"
